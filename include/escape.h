/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names as the views and the log print them: every byte that is not a
 * printable, non-blank ASCII character, and the backslash, as \ooo, so
 * that a row never holds a blank and a column cannot be forged.
 *
 * Plain C: it builds in the kernel and in user space (tests/unit/), and
 * touches nothing but its arguments.
 */
#ifndef DCACHECTL_ESCAPE_H
#define DCACHECTL_ESCAPE_H

/* In user space, tests/unit/ktypes.h is included first (-include). */
#ifdef __KERNEL__
#include <linux/types.h>
#endif

/*
 * Copy src into dst (n bytes, n >= 1) escaped. A character, or a whole
 * \ooo, that does not fit is left out with everything after it: the copy
 * is cut, never broken, and always ends with a NUL.
 */
void dcc_escape(char *dst, size_t n, const char *src);

/*
 * A path as dentry_path_raw() gives it, split at its last '/' into the
 * last component (into name) and its parent (into parent), each escaped
 * as dcc_escape() does: "/a/b" gives "b" in "/a", "/b" gives "b" in "/",
 * "/" gives "" in "/", and a path without a '/' ("?") is both. path is
 * cut at the split.
 */
void dcc_escape_split(char *path, char *name, size_t nn, char *parent,
		      size_t pn);

#endif /* DCACHECTL_ESCAPE_H */
