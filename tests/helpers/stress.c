// SPDX-License-Identifier: GPL-2.0
/*
 * stress: the robustness tests' workers, static for the guest.
 *
 *   stress reader SECS [MS]     read every view in a loop for SECS seconds
 *                               (pausing about MS ms between reads, or
 *                               as long as the last read took, if
 *                               longer; while the file named by
 *                               $STRESS_HOLD exists, no new read
 *                               starts),
 *                               checking each is well formed or fails with
 *                               a clean errno; prints a summary line
 *   stress knobfuzz N SEED      N random and adversarial writes to the
 *                               shrink knob, each checked against the
 *                               counters in status; prints a summary line
 *   stress hog SECS MB          allocate MB of anonymous memory, free it,
 *                               again, for SECS seconds (in a memcg with a
 *                               lower memory.high: reclaim runs shrinkers)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

#define D "/sys/kernel/debug/dcachectl/"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* slurp PATH into buf (NUL-terminated); the length, or -errno. */
static long slurp(const char *path, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += r;
	if (r < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	close(fd);
	buf[n] = 0;
	return n;
}

static int count_fields(const char *l, const char *end)
{
	int n = 0, in = 0;

	for (; l < end; l++) {
		if (*l == ' ') {
			in = 0;
		} else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/*
 * well_formed: a table has its header then rows of as many non-blank
 * columns; a key file has "key: value" lines starting with FIRST. Every
 * line ends with a newline.
 */
static const char *well_formed(const char *buf, long len, const char *head,
			       int cols, const char *first)
{
	const char *l = buf, *nl;

	if (len == 0 || buf[len - 1] != '\n')
		return "no final newline";
	if (head && strncmp(buf, head, strlen(head)))
		return "header";
	if (first && strncmp(buf, first, strlen(first)))
		return "first key";
	for (; *l; l = nl + 1) {
		nl = strchr(l, '\n');
		if (!nl)
			return "unterminated line";
		if (cols && count_fields(l, nl) != cols)
			return "column count";
		if (!cols && !memmem(l, nl - l, ": ", 2))
			return "not key: value";
		if (cols && (memmem(l, nl - l, "  ", 2) || *l == ' '))
			return "blank column";
	}
	return NULL;
}

static struct view {
	const char *name, *head, *first;
	int cols;
} views[] = {
	{ "status", NULL, "version: ", 0 },
	{ "hashtable", NULL, "buckets: ", 0 },
	{ "chains", "bucket length negative share dev type name parent approx\n", NULL, 9 },
	{ "superblocks", "dev type id dentries negative unused_dentries unused_inodes bytes\n", NULL, 8 },
	{ "dirs", "children error negative dev type path\n", NULL, 6 },
	{ "memcgs", "unused_dentries path id\n", NULL, 3 },
	{ "last_shrink", NULL, "command: ", 0 },
};

static char big[8 << 20];

/* a reader's pauses, spread around the mean so readers drift apart */
static unsigned long rnd_pause(void)
{
	static unsigned long x;

	if (!x)
		x = (unsigned long)getpid() * 2654435761u + 1;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

static int reader(double secs, long pause_ms)
{
	long reads = 0, errs[7] = { 0 }, bad = 0, last_ms = 0, held = 0;
	const char *hold = getenv("STRESS_HOLD");
	double end = now() + secs;
	unsigned int i = 0;

	while (now() < end) {
		struct view *v = &views[i % 7];
		long mean = pause_ms > last_ms ? pause_ms : last_ms;
		char path[256];
		const char *why;
		double t0;
		long n;

		/*
		 * Between reads, and between retries after an error: on
		 * average PAUSE_MS, or as long as the last read took when
		 * that was longer (a loaded host, a KASAN kernel), so that
		 * each reader holds a file open at most about half the time
		 * and rmmod finds moments when none does. Never past the end.
		 */
		if (i++ && pause_ms) {
			long ms = rnd_pause() % (2 * mean + 1);
			long left = (long)((end - now()) * 1000);

			if (ms >= left)
				break;
			usleep(ms * 1000);
		}
		/* the test asks for a moment without new opens (rmmod) */
		if (hold && !access(hold, F_OK)) {
			held++;
			while (!access(hold, F_OK) && now() < end)
				usleep(20000);
			if (now() >= end)
				break;
		}
		snprintf(path, sizeof(path), D "%s", v->name);
		t0 = now();
		n = slurp(path, big, sizeof(big));
		last_ms = (long)((now() - t0) * 1000);
		if (n < 0) {
			/*
			 * The module may be unloaded or loading (ENOENT),
			 * on its way out as we open (debugfs: ENXIO), have
			 * removed a file we had open (EIO), or say the memcg
			 * feature is off (EOPNOTSUPP).
			 */
			int e = -n;

			if (e == ENOENT || e == ENXIO)
				errs[0]++;
			else if (e == EIO || e == ENODEV)
				errs[1]++;
			else if (e == EOPNOTSUPP && !strcmp(v->name, "memcgs"))
				errs[2]++;
			else if (e == EINTR)
				errs[3]++;
			else {
				bad++;
				printf("# %s: %s\n", v->name, errname(e));
			}
			continue;
		}
		why = well_formed(big, n, v->head, v->cols, v->first);
		if (why) {
			bad++;
			printf("# %s: malformed (%s)\n", v->name, why);
			continue;
		}
		reads++;
	}
	printf("reads=%ld held=%ld enoent_enxio=%ld eio=%ld eopnotsupp=%ld eintr=%ld bad=%ld\n",
	       reads, held, errs[0], errs[1], errs[2], errs[3], bad);
	return 0;
}

/* shrink.runs, shrink.errors and shrink.dentries from one read of status */
static void counters(long long c[3])
{
	static const char *const keys[3] = {
		"shrink.runs: ", "shrink.errors: ", "shrink.dentries: "
	};
	static char buf[16384];
	int i;

	for (i = 0; i < 3; i++)
		c[i] = -1;
	if (slurp(D "status", buf, sizeof(buf)) < 0)
		return;
	for (i = 0; i < 3; i++) {
		char *p = strstr(buf, keys[i]);

		if (p)
			c[i] = strtoll(p + strlen(keys[i]), NULL, 10);
	}
}

static uint64_t rnd_state;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

#define PICK(a) (a[rnd() % (sizeof(a) / sizeof(a[0]))])

static const char *const words[] = {
	"dev=", "type=", "path=", "dir=", "all", "negative", "max=", "dry-run",
	"dev", "type", "max", "=", "dry", "run", "all all", "negative negative",
};
static const char *const values[] = {
	"0", "1", "4095", "4096", "1048575", "1048576", "18446744073709551615",
	"18446744073709551616", "-1", "+1", "007", "0x10", "1e3", "254:0",
	"0:0", "4095:1048575", "4096:0", "1:1048576", ":", "::", "254:", ":0",
	"ext4", "proc", "tmpfs", "abcdefghijklmnopqrstuvwxyz01234",
	"abcdefghijklmnopqrstuvwxyz012345", "/", "/mnt/a", "/mnt/a/", "relative",
	"/nonexistent", "/proc/self", "/dev/null", "/mnt/a/fz", "", "\xff\xfe",
};
static const char *const seps[] = { " ", "\t", "\n", "  ", "", "\n\n", " \n" };
static const char *const valid[] = {
	"all dry-run", "type=ext4 negative dry-run", "dev=%s negative",
	"dir=/mnt/a/fz negative max=5", "type=proc dry-run", "path=/mnt/a dry-run",
	"all negative max=1", "type=tmpfs negative",
};

/* One random command into buf; its length. */
static size_t gen(char *buf, size_t size, const char *adev)
{
	unsigned int mode = rnd() % 100, k, i;
	size_t n = 0;

#define ADD(s) do { size_t l_ = strlen(s); if (n + l_ < size) { memcpy(buf + n, s, l_); n += l_; } } while (0)
	if (mode < 40) {		/* token soup */
		k = 1 + rnd() % 6;
		for (i = 0; i < k; i++) {
			const char *w = PICK(words);

			if (i)
				ADD(PICK(seps));
			ADD(w);
			if (w[strlen(w) - 1] == '=' && rnd() % 4)
				ADD(PICK(values));
		}
	} else if (mode < 55) {		/* random bytes */
		k = rnd() % 80;
		for (i = 0; i < k && n < size; i++)
			buf[n++] = (char)rnd();
	} else if (mode < 70) {		/* a valid command, maybe decorated */
		char c[256];

		snprintf(c, sizeof(c), PICK(valid), adev);
		if (rnd() % 2)
			ADD(PICK(seps));
		ADD(c);
		if (rnd() % 2) {
			ADD(PICK(seps));
			if (rnd() % 2)
				ADD(PICK(words));
		}
	} else if (mode < 78) {		/* a valid command cut short */
		char c[256];

		snprintf(c, sizeof(c), PICK(valid), adev);
		k = rnd() % (strlen(c) + 1);
		c[k] = 0;
		ADD(c);
	} else if (mode < 86) {		/* NUL bytes inside */
		char c[256];

		snprintf(c, sizeof(c), PICK(valid), adev);
		ADD(c);
		if (n)
			buf[rnd() % n] = 0;
	} else if (mode < 92) {		/* too long, or exactly at the limit */
		k = (rnd() % 2) ? 4096 : 4097 + rnd() % 60000;
		if (k > size)
			k = size;
		memset(buf, rnd() % 2 ? 'a' : ' ', k);
		memcpy(buf, "all ", 4);
		n = k;
	} else {			/* a number at the edge */
		ADD(rnd() % 2 ? "max=" : "dev=");
		ADD(PICK(values));
		ADD(" all");
	}
	return n;
#undef ADD
}

static int knobfuzz(long count, uint64_t seed, const char *adev)
{
	static char buf[65536];
	long ok = 0, einval = 0, e2big = 0, enoent = 0, bad = 0, i;
	int fd;

	rnd_state = seed ? seed : 1;
	fd = open(D "shrink", O_WRONLY);
	if (fd < 0) {
		printf("# open: %s\nbad=1\n", errname(errno));
		return 1;
	}
	for (i = 0; i < count; i++) {
		long long b[3], a[3];
		size_t n = gen(buf, sizeof(buf), adev);
		ssize_t r;
		int e;

		counters(b);
		r = write(fd, buf, n);
		e = errno;
		counters(a);
		if (r == (ssize_t)n && n) {
			/* ran: one more run, no error */
			if (a[0] != b[0] + 1 || a[1] != b[1])
				goto wrong;
			ok++;
		} else if (r < 0 && (e == EINVAL || e == E2BIG)) {
			/* refused before running: nothing changed */
			if (a[0] != b[0] || a[1] != b[1] || a[2] != b[2])
				goto wrong;
			if (e == EINVAL)
				einval++;
			else
				e2big++;
		} else if (r < 0 && (e == ENOENT || e == ENOTDIR)) {
			/* ran, found no target: an error, nothing freed */
			if (a[0] != b[0] + 1 || a[1] != b[1] + 1 || a[2] != b[2])
				goto wrong;
			enoent++;
		} else {
			goto wrong;
		}
		continue;
wrong:
		bad++;
		if (bad <= 5) {
			size_t j;

			printf("# write %ld: %zd (%s), runs %lld->%lld errors %lld->%lld freed %lld->%lld: '",
			       i, r, r < 0 ? errname(e) : "-", b[0], a[0],
			       b[1], a[1], b[2], a[2]);
			for (j = 0; j < n && j < 60; j++)
				printf(buf[j] >= 32 && buf[j] < 127 ? "%c" : "\\%03o",
				       (unsigned char)buf[j]);
			printf("'\n");
		}
	}
	close(fd);
	printf("writes=%ld ok=%ld einval=%ld e2big=%ld enoent=%ld bad=%ld\n",
	       count, ok, einval, e2big, enoent, bad);
	return 0;
}

/*
 * Allocate MB of anonymous memory in 16 MiB chunks, touching every page,
 * free it, again, for SECS seconds. Run it in a memory cgroup whose
 * memory.high is below MB: every pass drives that cgroup into reclaim,
 * which runs the superblock shrinkers on its dentries; over memory.high
 * the kernel throttles instead of killing.
 */
static int hog(double secs, long mb)
{
	enum { CHUNK = 16 << 20, MAX = 256 };
	void *chunks[MAX];
	double end = now() + secs;
	long cycles = 0, want = mb / 16;

	if (want > MAX)
		want = MAX;
	while (now() < end) {
		long n = 0;

		while (n < want && now() < end) {
			chunks[n] = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (chunks[n] == MAP_FAILED)
				break;
			memset(chunks[n], 0x5a, CHUNK);
			n++;
		}
		while (n)
			munmap(chunks[--n], CHUNK);
		cycles++;
	}
	printf("cycles=%ld\n", cycles);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "reader"))
		return reader(atof(argv[2]), argc == 4 ? atol(argv[3]) : 0);
	if (argc == 5 && !strcmp(argv[1], "knobfuzz"))
		return knobfuzz(atol(argv[2]), strtoull(argv[3], NULL, 10),
				argv[4]);
	if (argc == 4 && !strcmp(argv[1], "hog"))
		return hog(atof(argv[2]), atol(argv[3]));
	fprintf(stderr, "usage: stress reader SECS [PAUSE_MS] | knobfuzz N SEED MAJ:MIN | hog SECS MB\n");
	return 2;
}
