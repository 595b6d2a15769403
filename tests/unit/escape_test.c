// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/escape.c, built in user space with ASan and UBSan.
 * TAP output.
 *
 * Checked: every byte outside '!'..'~', and the backslash, comes out as
 * \ooo and nothing else does; decoding the copy gives a prefix of the
 * input, cut at a whole character or \ooo; the copy never holds a blank
 * and always ends within n bytes (ASan checks the bound, on buffers of
 * exactly n); the split into name and parent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "utest.h"

/* Escape src into a heap buffer of exactly n bytes; a copy of it. */
static char *esc(const char *src, size_t n)
{
	char *b = malloc(n), *r;

	dcc_escape(b, n, src);
	r = strdup(b);
	free(b);
	return r;
}

/*
 * Decode an escaped string; -1 when it is not well formed (a bad escape,
 * a byte that should have been escaped).
 */
static int decode(const char *e, char *out)
{
	size_t o = 0;

	for (; *e; e++) {
		unsigned char c = *e;

		if (c == '\\') {
			if (e[1] < '0' || e[1] > '3' || e[2] < '0' ||
			    e[2] > '7' || e[3] < '0' || e[3] > '7')
				return -1;
			out[o++] = (char)((e[1] - '0') * 64 + (e[2] - '0') * 8 +
					  (e[3] - '0'));
			e += 3;
			continue;
		}
		if (c <= ' ' || c >= 0x7f)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return (int)o;
}

static void is(const char *got, const char *want, const char *what)
{
	ok(!strcmp(got, want), what);
	if (strcmp(got, want))
		printf("#   got '%s', want '%s'\n", got, want);
}

static void split(const char *path, const char *name, const char *parent)
{
	char p[64], nm[64], pa[64], what[200];

	snprintf(p, sizeof(p), "%s", path);
	dcc_escape_split(p, nm, sizeof(nm), pa, sizeof(pa));
	snprintf(what, sizeof(what), "split '%s': '%s' in '%s'", path, name,
		 parent);
	ok(!strcmp(nm, name) && !strcmp(pa, parent), what);
	if (strcmp(nm, name) || strcmp(pa, parent))
		printf("#   got '%s' in '%s'\n", nm, pa);
}

int main(void)
{
	char src[300], dec[300], *e;
	int i, bad_form = 0, not_prefix = 0, too_short = 0;
	size_t n, len;

	printf("1..17\n");
	e = esc("plain-name.txt", 64);
	is(e, "plain-name.txt", "printable ASCII is copied as is");
	free(e);
	e = esc("a b\tc\nd\\e", 64);
	is(e, "a\\040b\\011c\\012d\\134e",
	   "blank, tab, newline and backslash as \\ooo");
	free(e);
	e = esc("\x7f\x80\xff\x01", 64);
	is(e, "\\177\\200\\377\\001", "DEL, high bytes and controls as \\ooo");
	free(e);
	e = esc("", 1);
	is(e, "", "an empty name in a buffer of one byte");
	free(e);
	e = esc("abc", 1);
	is(e, "", "a buffer of one byte holds only the NUL");
	free(e);
	e = esc("abcdef", 4);
	is(e, "abc", "cut at n - 1 bytes");
	free(e);
	e = esc("ab cd", 6);
	is(e, "ab", "a \\ooo that does not fit whole is left out");
	free(e);
	e = esc("ab cd", 7);
	is(e, "ab\\040", "a \\ooo that fits exactly is kept");
	free(e);
	e = esc("ab cd", 8);
	is(e, "ab\\040c", "and the rest as far as it fits");
	free(e);

	/* random names into random sizes */
	for (i = 0; i < 200000; i++) {
		size_t k;

		len = rnd() % 200;
		for (k = 0; k < len; k++) {
			src[k] = (char)(rnd() % 255 + 1);
			if (rnd() % 2)
				src[k] = (char)('a' + rnd() % 26);
		}
		src[len] = '\0';
		n = rnd() % 300 + 1;
		e = esc(src, n);
		if (decode(e, dec) < 0)
			bad_form++;
		else if (strncmp(dec, src, strlen(dec)))
			not_prefix++;
		/* only a \ooo (4) or the end may stop it early */
		else if (strlen(dec) < len && strlen(e) + 4 < n)
			too_short++;
		free(e);
	}
	ok(!bad_form, "200,000 random names: every copy well formed, no blank");
	ok(!not_prefix, "every copy decodes to a prefix of its name");
	ok(!too_short, "a copy is cut only where the next character did not fit");
	if (bad_form || not_prefix || too_short)
		printf("#   %d malformed, %d not a prefix, %d cut early\n",
		       bad_form, not_prefix, too_short);

	split("/a/b/c", "c", "/a/b");
	split("/c", "c", "/");
	split("/", "", "/");
	split("?", "?", "?");
	split("/a b/c\td", "c\\011d", "/a\\040b");

	return n_fail ? 1 : 0;
}
