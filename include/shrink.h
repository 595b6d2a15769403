/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shrink engine (module/shrink.c) and the knob that drives it
 * (module/knob.c). The knob parses a command, has the engine look up its
 * path, if any, with no lock held, then runs it under the knob's
 * dcc_shrink_lock and records the result.
 */
#ifndef DCACHECTL_SHRINK_H
#define DCACHECTL_SHRINK_H

#include <linux/path.h>
#include <linux/types.h>

#include "dcachectl.h"
#include "pin.h"

struct dcc_cmd;

/* What one command did: last_shrink's fields. */
struct dcc_shrink_result {
	char cmd[DCC_PATH_MAX + 64];
	int error;
	const char *stopped;	/* done, max, signal, error */
	u32 superblocks;
	u64 approx_chains;	/* chains whose rest was given up */
	u64 dentries;		/* killed by the hash walk (steps 1, 2) */
	u64 negative;
	u64 inodes;		/* evicted with their dentry (dcc_inode_goes()) */
	u64 shrinker;		/* step 3: what super_cache_scan() said */
	u64 ns;
};

/* Superblocks one section may hold s_umount of (lockdep: 48 locks). */
#define DCC_LOCKED_MAX 8

struct dcc_shrink {
	/* set by the knob: */
	const struct dcc_cmd *cmd;
	struct dcc_shrink_result *res;
	/* the engine's: */
	struct dcc_sb_set targets;	/* each held passively */
	bool grabbed;			/* targets taken (path=: before the lock) */
	/*
	 * path=, dir=: held through dir_path, the reference the writer's
	 * lookup took (path=: until targets are); NULL once let go
	 */
	struct super_block *only;
	struct dentry *dir;		/* dir=: held through dir_path */
	struct path dir_path;
	/* the section's: */
	struct super_block *locked[DCC_LOCKED_MAX];	/* s_umount shared */
	u32 nr_locked;
	struct super_block *last_sb;	/* memo of dcc_candidate() */
	bool last_target;
	struct super_block *busy_sb;	/* could not be locked */
	struct dcc_taken {
		struct dentry *d;	/* referenced */
		u32 cost;		/* reserved against max= */
	} *batch;
	u32 nr_batch;
	u64 reserved;			/* the batch's costs, not yet killed */
	u64 pending;			/* the same, less the one being killed */
	struct dcc_resume at;		/* the next section starts here */
	struct dcc_resume from;		/* the section's own, dropped after */
	bool stop;			/* a fatal signal: kill no more */
	u64 left;			/* max=: objects still allowed */
};

/*
 * path=, dir=: look the command's path up, with no lock of ours held.
 * On success the engine holds it (dcc_shrink_holds()). 0 or -errno;
 * -EINTR when killed while a fault switch stalls it.
 */
int dcc_shrink_lookup(struct dcc_shrink *s);
/* Take the targets, each passively; path= then lets its path go. */
int dcc_shrink_targets(struct dcc_shrink *s);
/* Whether the engine holds a path or targets for s. */
static inline bool dcc_shrink_holds(const struct dcc_shrink *s)
{
	return s->only || s->grabbed;
}

/* Let go what dcc_shrink_lookup() and dcc_shrink_targets() took. */
void dcc_shrink_release(struct dcc_shrink *s);
/*
 * Run the command, under dcc_shrink_lock; what the two above took, if
 * anything, is released before it returns. Fills s->res. 0 or -errno.
 */
int dcc_shrink_run(struct dcc_shrink *s);

#endif /* DCACHECTL_SHRINK_H */
