// SPDX-License-Identifier: GPL-2.0
/* Unit tests of module/cmd.c (the shrink command parser), TAP output. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "utest.h"

/* in, with blanks other than ' ' and NULs shown as '.', for a TAP line */
static const char *shown(const char *in, size_t len)
{
	static char out[512];
	size_t i;

	for (i = 0; i < len && i < sizeof(out) - 1; i++)
		out[i] = (in[i] == '\n' || in[i] == '\t' || !in[i]) ? '.' : in[i];
	out[i] = '\0';
	return out;
}

/* Parse s (len bytes, may hold NULs); return the result and canonical form. */
static int parse(const char *s, size_t len, char *canon, size_t n)
{
	char *buf = malloc(len + 1);
	struct dcc_cmd c;
	const char *why = NULL;
	int ret;

	memcpy(buf, s, len);
	buf[len] = '\0';
	ret = dcc_cmd_parse(buf, len, &c, &why);
	if (!ret)
		dcc_cmd_format(&c, canon, n);
	else
		snprintf(canon, n, "%s", why ? why : "(no reason)");
	free(buf);
	return ret;
}

static void good(const char *in, const char *want)
{
	char canon[512], what[600];
	int ret = parse(in, strlen(in), canon, sizeof(canon));

	snprintf(what, sizeof(what), "'%s' -> '%s'", shown(in, strlen(in)), want);
	ok(ret == 0 && !strcmp(canon, want), what);
	if (ret || strcmp(canon, want))
		printf("#   got %d '%s'\n", ret, canon);
}

static void bad(const char *in, size_t len)
{
	char canon[512], what[600];
	int ret = parse(in, len, canon, sizeof(canon));

	snprintf(what, sizeof(what), "'%s' is refused: %s", shown(in, len),
		 canon);
	ok(ret == -EINVAL && canon[0], what);
}

int main(void)
{
	printf("1..34\n");
	good("dev=254:0\n", "dev=254:0");
	good("  dev=8:1   negative  ", "dev=8:1 negative");
	good("type=proc", "type=proc");
	good("path=/tmp max=100 dry-run", "path=/tmp max=100 dry-run");
	good("dry-run dir=/var/tmp negative", "dir=/var/tmp negative dry-run");
	good("all\tnegative\n", "all negative");
	good("dev=4095:1048575 max=18446744073709551615",
	     "dev=4095:1048575 max=18446744073709551615");
	good("dev=254:0 dir=/tmp negative", "dev=254:0 dir=/tmp negative");
	good("dir=/tmp max=5 dev=0:22", "dev=0:22 dir=/tmp max=5");
	bad("", 0);
	bad("dev=1:2 dir=tmp", 15);
	bad("dev=1:2 dir=/a dir=/b", 21);
	bad("dir=/a dev=1:2 dev=1:3", 22);
	bad("dev=1:2 dev=1:3", 15);
	bad("dir=/a dev=1", 12);
	bad("\n", 1);
	bad("negative", 8);
	bad("bogus", 5);
	bad("dev=1:2 type=ext4", 17);
	bad("all all", 7);
	bad("dev=1", 5);
	bad("dev=:1", 6);
	bad("dev=1:", 6);
	bad("dev=4096:0", 10);
	bad("dev=1:1048576", 13);
	bad("dev=1:2 max=18446744073709551616", 32);
	bad("dev=1:2 max=", 12);
	bad("dev=1:2 max=+5", 14);
	bad("dev=1:2 negative negative", 25);
	bad("path=tmp", 8);
	bad("dir=", 4);
	bad("type=", 5);
	bad("type=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 37);
	bad("dev=1:2\0negative", 16);
	return n_fail != 0;
}
