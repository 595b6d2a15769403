// SPDX-License-Identifier: GPL-2.0
/*
 * lat: a wake-up latency probe for `make bench` (cyclictest's idea, static,
 * for an initramfs without libc).
 *
 *   lat SECS [CPU [fifo]]
 *                    pin to CPU (default 0) at SCHED_OTHER (with "fifo":
 *                    SCHED_FIFO, priority 50), then for SECS seconds sleep
 *                    100 us at a time and record how late each wake-up
 *                    came. Prints "samples N p50 NS p99 NS max NS".
 *
 * Run it on the CPU where the walk runs (taskset), so that a long
 * non-preemptible stretch in the walk shows up as a late wake-up. At
 * SCHED_OTHER a wake-up also waits for the scheduler to prefer it to the
 * task running there (EEVDF's slices); at SCHED_FIFO it preempts that
 * task at its next preemption point, so only the stretches without one
 * are left.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

int main(int argc, char **argv)
{
	struct timespec req = { 0, PERIOD_NS };
	long long end, t0, *lat;
	long n = 0, cap;
	cpu_set_t set;
	int cpu;

	if (argc < 2 || argc > 4 || atoi(argv[1]) <= 0 ||
	    (argc == 4 && strcmp(argv[3], "fifo"))) {
		fprintf(stderr, "usage: lat SECS [CPU [fifo]]\n");
		return 2;
	}
	cpu = argc >= 3 ? atoi(argv[2]) : 0;
	if (argc == 4) {
		struct sched_param sp = { .sched_priority = 50 };

		if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
			perror("lat: sched_setscheduler");
			return 1;
		}
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("lat: sched_setaffinity");
		return 1;
	}
	/* at most one sample per period */
	cap = atol(argv[1]) * (1000000000LL / PERIOD_NS) + 1;
	lat = malloc(cap * sizeof(*lat));
	if (!lat) {
		perror("lat: malloc");
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
	if (!n) {
		fprintf(stderr, "lat: no samples\n");
		return 1;
	}
	qsort(lat, n, sizeof(*lat), cmp);
	printf("samples %ld p50 %lld p99 %lld max %lld\n", n, lat[n / 2],
	       lat[n * 99 / 100], lat[n - 1]);
	free(lat);
	return 0;
}
