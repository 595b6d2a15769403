// SPDX-License-Identifier: GPL-2.0
/*
 * Escaping of names and paths, see include/escape.h. Plain C, kernel and
 * user space.
 */
#include "escape.h"

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <stdio.h>
#include <string.h>
#endif

void dcc_escape(char *dst, size_t n, const char *src)
{
	size_t o = 0;

	for (; *src && o + 1 < n; src++) {
		unsigned char c = *src;

		if (c > ' ' && c < 0x7f && c != '\\') {
			dst[o++] = c;
			continue;
		}
		if (o + 4 >= n)
			break;
		snprintf(dst + o, n - o, "\\%03o", c);
		o += 4;
	}
	dst[o] = '\0';
}

void dcc_escape_split(char *path, char *name, size_t nn, char *parent,
		      size_t pn)
{
	char *slash = strrchr(path, '/');

	dcc_escape(name, nn, slash ? slash + 1 : path);
	if (slash && slash != path)
		*slash = '\0';
	else if (slash)
		slash[1] = '\0';
	dcc_escape(parent, pn, path);
}
