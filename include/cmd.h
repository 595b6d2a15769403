/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shrink command parser: plain C that builds in the kernel and in user
 * space (tests/unit/, tests/fuzz/). Grammar:
 *
 *   <selector> [negative] [max=N] [dry-run]
 *   selector := dev=MAJ:MIN | type=FSTYPE | path=/abs/path | dir=/abs/dir | all
 *             | dev=MAJ:MIN dir=/abs/dir
 *
 * dev= with dir= (in either order) is dir=, checked: the directory, looked
 * up as the writer sees it, must be on that superblock (else -EXDEV).
 *
 * Words are separated by blanks; one trailing newline is allowed.
 */
#ifndef DCACHECTL_CMD_H
#define DCACHECTL_CMD_H

/* In user space, tests/unit/ktypes.h is included first (-include). */
#ifdef __KERNEL__
#include <linux/types.h>
#endif

#define DCC_CMD_MAX 4096	/* a write of more bytes is refused */
#define DCC_FSTYPE_MAX 32

enum dcc_sel { DCC_SEL_NONE, DCC_SEL_DEV, DCC_SEL_TYPE, DCC_SEL_PATH,
	       DCC_SEL_DIR, DCC_SEL_ALL };

struct dcc_cmd {
	enum dcc_sel sel;
	u32 major, minor;		/* dev= */
	bool dir_dev;			/* dir= with dev=: the check */
	char fstype[DCC_FSTYPE_MAX];	/* type= */
	const char *path;		/* path=, dir=: points into the buffer */
	bool negative;
	bool dry_run;
	bool has_max;
	u64 max;
};

/*
 * Parse buf (len bytes, NUL-terminated at buf[len]; the parser writes NULs
 * into it to end words). Returns 0, or -EINVAL with *why set to a static
 * message naming what was wrong.
 */
int dcc_cmd_parse(char *buf, size_t len, struct dcc_cmd *cmd,
		  const char **why);

/* The command in canonical form (for last_shrink), into out (size n). */
void dcc_cmd_format(const struct dcc_cmd *cmd, char *out, size_t n);

#endif /* DCACHECTL_CMD_H */
