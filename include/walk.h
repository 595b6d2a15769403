/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one walk of dentry_hashtable (module/walk.c), in bounded RCU
 * sections. module/snapshot.c runs it and owns what it fills.
 */
#ifndef DCACHECTL_WALK_H
#define DCACHECTL_WALK_H

#include <linux/types.h>

struct dcc_snapshot;
struct dcc_sb_acc;

/* Parameters, clamped at load (module/main.c). */
extern unsigned int dcc_walk_batch;
extern unsigned int dcc_top_n;

/*
 * Walk the table once into snap (its walk and hashtable figures, and its
 * chains and dirs, each an array of top_n rows the caller allocated) and
 * acc (per-superblock counts). Sleeps between sections; the caller
 * serialises. 0, -ENOMEM, or -EINTR on a fatal signal.
 */
int dcc_walk_run(struct dcc_snapshot *snap, struct dcc_sb_acc *acc);

/*
 * The bench's floor: the same sections over the same table, with the same
 * budget, resume points and rescheduling, only counting. Its time, the
 * dentries it saw and its longest section. 0, -ENOMEM or -EINTR.
 */
int dcc_walk_floor(u64 *ns, u64 *entries, u64 *max_section_ns);

#endif /* DCACHECTL_WALK_H */
