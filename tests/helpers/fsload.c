// SPDX-License-Identifier: GPL-2.0
/*
 * fsload: fast file-system loops for the guest tests, where a busybox loop
 * that forks per file is far too slow under emulation.
 *
 *   fsload create DIR N     create N empty files DIR/f<i> (positive dentries)
 *   fsload churn DIR N      create and unlink N files (negative dentries)
 *   fsload unlink DIR N     unlink DIR/f<i>, i < N, as create made them,
 *                           with no other call on them (no stat first)
 *   fsload miss DIR N       stat N names in DIR that do not exist (negative
 *                           dentries, without a write to the disk)
 *   fsload lookup PATH N    stat PATH N times; print ns per lookup
 *   fsload walk DIR         stat every entry below DIR; print the count
 *   fsload netns N DIR [SYSCTL...]
 *                           create N network namespaces, each kept alive by a
 *                           bind mount of its ns file on DIR/ns<i>, each
 *                           having read two sysctls (field case 2), or the
 *                           files SYSCTL... instead
 *   fsload memcgs CG N F DIR
 *                           create N memory cgroups CG/cg<i>; in each, a
 *                           process creates F files in DIR/cg<i>/
 *   fsload write PATH       write stdin to PATH in one write(); print "ok"
 *                           or the errno's name (EINVAL, ...)
 *   fsload resident FILE... print how many pages of the files are cached
 *   fsload now              print CLOCK_MONOTONIC in nanoseconds
 *   fsload as UID CMD...    run CMD as UID (and GID UID, no groups)
 *   fsload read PATH        read PATH; print "ok" or the errno's name
 *   fsload excl DEV         open the block device DEV with O_EXCL, as
 *                           mount does: print "ok", or the errno's name
 *                           (EBUSY while a superblock still holds DEV)
 *   fsload nocap CMD...     run CMD as root without CAP_SYS_ADMIN (dropped
 *                           from the bounding set before the exec)
 *   fsload handoff UID PATH open PATH for writing as UID (effective: no
 *                           capabilities), then write stdin to it as root
 *                           with every capability again; print as write
 *   fsload drop UID PATH    open PATH for writing as root, then become UID
 *                           for good, then write stdin to it; print as write
 *   fsload deep DIR N       a chain of N nested directories DIR/d/d/...,
 *                           each made (or, where it exists, looked up) from
 *                           a descriptor of the one above, so that no path
 *                           grows with the depth; every descriptor is
 *                           closed, which leaves the chain unused but cached
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static void die(const char *what, const char *path)
{
	fprintf(stderr, "fsload: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static long count_arg(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || *end || n < 0) {
		fprintf(stderr, "fsload: bad count '%s'\n", s);
		exit(2);
	}
	return n;
}

static void create(const char *dir, long n, int unlink_too)
{
	char path[4096];
	long i;
	int fd;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%ld", dir, i);
		fd = open(path, O_CREAT | O_WRONLY, 0644);
		if (fd < 0)
			die("create", path);
		close(fd);
		if (unlink_too && unlink(path))
			die("unlink", path);
	}
}

static void unlink_n(const char *dir, long n)
{
	char path[4096];
	long i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%ld", dir, i);
		if (unlink(path))
			die("unlink", path);
	}
}

static void miss(const char *dir, long n)
{
	char path[4096];
	struct stat st;
	long i;

	/* ENOENT below must mean a missing name, not a missing directory */
	if (stat(dir, &st))
		die("stat", dir);
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		die("stat", dir);
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/m%ld", dir, i);
		if (!stat(path, &st))
			errno = EEXIST;
		if (errno != ENOENT)
			die("stat (expecting ENOENT)", path);
	}
}

static void lookup(const char *path, long n)
{
	struct timespec a, b;
	struct stat st;
	long i;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		stat(path, &st);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%lld\n", ((b.tv_sec - a.tv_sec) * 1000000000LL +
			  (b.tv_nsec - a.tv_nsec)) / (n ? n : 1));
}

static long walk(const char *dir)
{
	char path[4096];
	struct dirent *e;
	struct stat st;
	long n = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		die("opendir", dir);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st))
			die("stat", path);
		n++;
		if (S_ISDIR(st.st_mode))
			n += walk(path);
	}
	closedir(d);
	return n;
}

static void read_file(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die("open", path);
	if (read(fd, buf, sizeof(buf)) < 0)
		die("read", path);
	close(fd);
}

static void netns(long n, const char *dir, char **files)
{
	static char *field_case[] = {
		"/proc/sys/net/ipv6/conf/all/disable_ipv6",
		"/proc/sys/net/core/somaxconn", NULL
	};
	char path[4096], **f;
	long i;
	int fd;

	if (!*files)
		files = field_case;
	for (i = 0; i < n; i++) {
		if (unshare(CLONE_NEWNET))
			die("unshare", "CLONE_NEWNET");
		for (f = files; *f; f++)
			read_file(*f);
		snprintf(path, sizeof(path), "%s/ns%ld", dir, i);
		fd = open(path, O_CREAT | O_WRONLY, 0644);
		if (fd < 0)
			die("create", path);
		close(fd);
		if (mount("/proc/self/ns/net", path, NULL, MS_BIND, NULL))
			die("bind mount", path);
	}
}

static void write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		die("open", path);
	if (write(fd, s, strlen(s)) < 0)
		die("write", path);
	close(fd);
}

static void memcgs(const char *cg, long n, long files, const char *dir)
{
	char path[4096], pid[32];
	int status;
	long i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/cg%ld", cg, i);
		if (mkdir(path, 0755) && errno != EEXIST)
			die("mkdir", path);
		switch (fork()) {
		case -1:
			die("fork", path);
			break;
		case 0:
			snprintf(path, sizeof(path), "%s/cg%ld/cgroup.procs", cg,
				 i);
			snprintf(pid, sizeof(pid), "%d", getpid());
			write_str(path, pid);
			snprintf(path, sizeof(path), "%s/cg%ld", dir, i);
			if (mkdir(path, 0755) && errno != EEXIST)
				die("mkdir", path);
			create(path, files, 0);
			_exit(0);
		default:
			if (wait(&status) < 0 || !WIFEXITED(status) ||
			    WEXITSTATUS(status))
				exit(1);
		}
	}
}

/*
 * Write stdin to PATH in one write(): opened as "as" says (NULL: as we
 * are; "handoff": opened as uid, written as root; "drop": opened as root,
 * written as uid). Prints "ok" or the errno's name.
 */
static void write_stdin(const char *path, const char *as, uid_t uid)
{
	static char buf[1 << 20];
	size_t n = 0;
	ssize_t r;
	int fd, e;

	while ((r = read(0, buf + n, sizeof(buf) - n)) > 0)
		n += r;
	if (as && !strcmp(as, "handoff") && seteuid(uid))
		die("seteuid", path);
	fd = open(path, O_WRONLY);
	e = errno;
	if (as && !strcmp(as, "handoff") && seteuid(0))
		die("seteuid 0", path);
	if (as && !strcmp(as, "drop") &&
	    (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
		die("setuid", path);
	if (fd < 0) {
		printf("%s\n", errname(e));
		return;
	}
	r = write(fd, buf, n);
	if (r < 0)
		printf("%s\n", errname(errno));
	else
		printf("ok\n");
	close(fd);
}

static long resident(const char *path)
{
	long pages = 0, i, psz = sysconf(_SC_PAGESIZE);
	unsigned char *vec;
	struct stat st;
	void *map;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		die("open", path);
	if (!st.st_size) {
		close(fd);
		return 0;
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		die("mmap", path);
	vec = malloc((st.st_size + psz - 1) / psz);
	if (!vec || mincore(map, st.st_size, vec))
		die("mincore", path);
	for (i = 0; i < (st.st_size + psz - 1) / psz; i++)
		pages += vec[i] & 1;
	free(vec);
	munmap(map, st.st_size);
	close(fd);
	return pages;
}

static void deep(const char *dir, long n)
{
	char level[64];
	long i;
	int fd, next;

	fd = open(dir, O_PATH | O_DIRECTORY);
	if (fd < 0)
		die("open", dir);
	for (i = 0; i < n; i++) {
		snprintf(level, sizeof(level), "%s/d (level %ld)", dir, i + 1);
		if (mkdirat(fd, "d", 0755) && errno != EEXIST)
			die("mkdir", level);
		next = openat(fd, "d", O_PATH | O_DIRECTORY | O_NOFOLLOW);
		if (next < 0)
			die("open", level);
		close(fd);
		fd = next;
	}
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "create"))
		create(argv[2], count_arg(argv[3]), 0);
	else if (argc == 4 && !strcmp(argv[1], "churn"))
		create(argv[2], count_arg(argv[3]), 1);
	else if (argc == 4 && !strcmp(argv[1], "unlink"))
		unlink_n(argv[2], count_arg(argv[3]));
	else if (argc == 4 && !strcmp(argv[1], "miss"))
		miss(argv[2], count_arg(argv[3]));
	else if (argc == 4 && !strcmp(argv[1], "lookup"))
		lookup(argv[2], count_arg(argv[3]));
	else if (argc == 3 && !strcmp(argv[1], "walk"))
		printf("%ld\n", walk(argv[2]));
	else if (argc >= 4 && !strcmp(argv[1], "netns"))
		netns(count_arg(argv[2]), argv[3], argv + 4);
	else if (argc >= 4 && !strcmp(argv[1], "as")) {
		uid_t id = (uid_t)count_arg(argv[2]);

		if (setgroups(0, NULL) || setgid(id) || setuid(id))
			die("setuid", argv[2]);
		execvp(argv[3], argv + 3);
		die("exec", argv[3]);
	} else if (argc == 3 && !strcmp(argv[1], "read")) {
		char buf[4096];
		int fd = open(argv[2], O_RDONLY);

		if (fd < 0 || read(fd, buf, sizeof(buf)) < 0)
			printf("%s\n", errname(errno));
		else
			printf("ok\n");
	} else if (argc == 3 && !strcmp(argv[1], "excl")) {
		int fd = open(argv[2], O_RDONLY | O_EXCL);

		if (fd < 0) {
			printf("%s\n", errname(errno));
		} else {
			printf("ok\n");
			close(fd);
		}
	} else if (argc == 4 && !strcmp(argv[1], "deep"))
		deep(argv[2], count_arg(argv[3]));
	else if (argc == 3 && !strcmp(argv[1], "write"))
		write_stdin(argv[2], NULL, 0);
	else if (argc == 4 && (!strcmp(argv[1], "handoff") ||
			       !strcmp(argv[1], "drop")))
		write_stdin(argv[3], argv[1], (uid_t)count_arg(argv[2]));
	else if (argc >= 3 && !strcmp(argv[1], "nocap")) {
		if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0))
			die("prctl PR_CAPBSET_DROP", "CAP_SYS_ADMIN");
		execvp(argv[2], argv + 2);
		die("exec", argv[2]);
	}
	else if (argc == 2 && !strcmp(argv[1], "now")) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		printf("%lld\n", ts.tv_sec * 1000000000LL + ts.tv_nsec);
	} else if (argc >= 3 && !strcmp(argv[1], "resident")) {
		long sum = 0;
		int i;

		for (i = 2; i < argc; i++)
			sum += resident(argv[i]);
		printf("%ld\n", sum);
	} else if (argc == 6 && !strcmp(argv[1], "memcgs"))
		memcgs(argv[2], count_arg(argv[3]), count_arg(argv[4]),
		       argv[5]);
	else {
		fprintf(stderr, "usage: fsload create|churn|miss DIR N | lookup PATH N | walk DIR |\n"
			"       netns N DIR [SYSCTL...] | memcgs CG N F DIR | write PATH | resident FILE... | now |\n"
			"       read PATH | excl DEV | deep DIR N | as UID CMD... | nocap CMD... |\n"
			"       handoff UID PATH | drop UID PATH\n");
		return 2;
	}
	return 0;
}
