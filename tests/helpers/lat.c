// SPDX-License-Identifier: GPL-2.0
/*
 * lat: a wake-up latency probe for `make bench` (cyclictest's idea, static,
 * for an initramfs without libc).
 *
 *   lat SECS [CPU [fifo|other [FILE]]]
 *                    pin to CPU (default 0) at SCHED_OTHER (with "fifo":
 *                    SCHED_FIFO, priority 50), then for SECS seconds sleep
 *                    100 us at a time and record how late each wake-up
 *                    came. Prints "samples N p50 NS p99 NS max NS".
 *                    With FILE, a reader process pinned to the same CPU at
 *                    SCHED_OTHER reads FILE whole, again and again, for
 *                    those SECS: it opens it once and seeks back to 0 for
 *                    each read (a seq_file shows anew), so it forks,
 *                    execs and looks up no path while the probe runs; the
 *                    line ends with "reads R", the whole reads it made.
 *
 * Run it on the CPU where the walk runs (taskset), so that a long
 * non-preemptible stretch in the walk shows up as a late wake-up. At
 * SCHED_OTHER a wake-up also waits for the scheduler to prefer it to the
 * task running there (EEVDF's slices); at SCHED_FIFO it preempts that
 * task at its next preemption point, so only the stretches without one
 * are left.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PERIOD_NS 100000LL

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("lat: sched_setaffinity");
		return -1;
	}
	return 0;
}

/*
 * What the reader and the probe share (MAP_SHARED, zeroed), through
 * atomics: the stop flag and the reads made. A reader that fails exits 1.
 */
struct shared {
	int stop;
	long reads;
};

/*
 * reader: FILE whole, from offset 0, until the probe sets stop; the flag
 * is checked between whole reads, so that the last one ends (and the file
 * closes) before the probe reports.
 */
static void reader(const char *file, int cpu, struct shared *sh)
{
	static char buf[65536];
	ssize_t r;
	int fd;

	/* its own name, so that a trace filter on "lat" keeps the probe's */
	prctl(PR_SET_NAME, "lat-reader");
	/*
	 * Never outlive the probe: a reader left behind would keep the file
	 * open (rmmod fails) and the caller's $(...) pipe (it never ends).
	 */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(1);
	if (!freopen("/dev/null", "w", stdout))
		_exit(1);
	if (pin(cpu))
		_exit(1);
	fd = open(file, O_RDONLY);
	if (fd < 0) {
		perror("lat: reader: open");
		_exit(1);
	}
	while (!__atomic_load_n(&sh->stop, __ATOMIC_RELAXED)) {
		if (lseek(fd, 0, SEEK_SET) < 0) {
			perror("lat: reader: lseek");
				_exit(1);
		}
		while ((r = read(fd, buf, sizeof(buf))) > 0)
			;
		if (r < 0) {
			perror("lat: reader: read");
				_exit(1);
		}
		__atomic_fetch_add(&sh->reads, 1, __ATOMIC_RELAXED);
	}
	close(fd);
	_exit(0);
}

/* Stop the reader, if any, and reap it; 0 when it did its part. */
static int stop_reader(pid_t child, struct shared *sh)
{
	int st;

	if (!child)
		return 0;
	__atomic_store_n(&sh->stop, 1, __ATOMIC_RELAXED);
	if (waitpid(child, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec req = { 0, PERIOD_NS };
	long long end, t0, *lat;
	struct shared *sh = NULL;
	long n = 0, cap;
	pid_t child = 0;
	int cpu;

	if (argc < 2 || argc > 5 || atoi(argv[1]) <= 0 ||
	    (argc >= 4 && strcmp(argv[3], "fifo") && strcmp(argv[3], "other"))) {
		fprintf(stderr, "usage: lat SECS [CPU [fifo|other [FILE]]]\n");
		return 2;
	}
	cpu = argc >= 3 ? atoi(argv[2]) : 0;
	if (argc == 5) {
		sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (sh == MAP_FAILED) {
			perror("lat: mmap");
			return 1;
		}
		child = fork();
		if (child < 0) {
			perror("lat: fork");
			return 1;
		}
		if (!child)
			reader(argv[4], cpu, sh);
	}
	if (argc >= 4 && !strcmp(argv[3], "fifo")) {
		struct sched_param sp = { .sched_priority = 50 };

		if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
			perror("lat: sched_setscheduler");
			stop_reader(child, sh);
			return 1;
		}
	}
	if (pin(cpu)) {
		stop_reader(child, sh);
		return 1;
	}
	/* at most one sample per period */
	cap = atol(argv[1]) * (1000000000LL / PERIOD_NS) + 1;
	lat = malloc(cap * sizeof(*lat));
	if (!lat) {
		perror("lat: malloc");
		stop_reader(child, sh);
		return 1;
	}
	end = now_ns() + atol(argv[1]) * 1000000000LL;
	while (n < cap) {
		t0 = now_ns();
		if (t0 >= end)
			break;
		clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
		lat[n++] = now_ns() - t0 - PERIOD_NS;
	}
	if (stop_reader(child, sh)) {
		fprintf(stderr, "lat: the reader of %s failed\n", argv[4]);
		return 1;
	}
	if (!n) {
		fprintf(stderr, "lat: no samples\n");
		return 1;
	}
	qsort(lat, n, sizeof(*lat), cmp);
	printf("samples %ld p50 %lld p99 %lld max %lld", n, lat[n / 2],
	       lat[n * 99 / 100], lat[n - 1]);
	if (child)
		printf(" reads %ld", sh->reads);
	printf("\n");
	free(lat);
	return 0;
}
