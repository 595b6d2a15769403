/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The snapshot: what one walk saw, cached for the views.
 *
 * module/snapshot.c owns it: under its mutex it has module/walk.c walk the
 * hash table (chains, directories, per-superblock counts), then
 * module/supers.c add the superblock and memcg figures, and keeps the
 * result for cache_ms; module/views.c prints it. A snapshot holds no
 * kernel pointer and no reference: paths and names are resolved into
 * strings before the walk ends, so a snapshot can be printed and freed at
 * any time.
 */
#ifndef DCACHECTL_SNAPSHOT_H
#define DCACHECTL_SNAPSHOT_H

#include <linux/types.h>

#include "dcachectl.h"

#define DCC_HIST_BINS 34	/* 0, 1, 2-3, ..., 2^32 and above */

struct dcc_sb_row {
	dev_t dev;
	char type[DCC_TYPE_MAX];
	char id[32];
	u64 dentries;		/* hashed */
	u64 negative;		/* hashed and negative */
	u64 unused_dentries;	/* s_dentry_lru, every node and memcg */
	u64 unused_inodes;	/* s_inode_lru, every node and memcg */
	u64 bytes;		/* dentries and their external names */
};

struct dcc_chain_row {
	u32 bucket;
	u32 len;
	u32 negative;
	u32 dom_count;		/* Misra-Gries estimate for the dominant name */
	bool approx;		/* a resume point vanished: len is a lower bound */
	bool resolved;
	dev_t dev;
	char type[DCC_TYPE_MAX];
	char name[DCC_PATH_MAX];	/* the dominant name */
	char parent[DCC_PATH_MAX];	/* its parent, inside its filesystem */
};

struct dcc_dir_row {
	u64 children;		/* upper bound (Space-Saving count) */
	u64 err;		/* children - err is a lower bound */
	u64 negative;		/* counted since the directory came in */
	bool resolved;
	dev_t dev;
	char type[DCC_TYPE_MAX];
	char path[DCC_PATH_MAX];	/* inside its filesystem */
};

struct dcc_memcg_row {
	u64 id;			/* cgroup_id(): matching, and the view's id */
	u64 unused_dentries;
	char path[DCC_PATH_MAX];
};

struct dcc_snapshot {
	/* the walk */
	u64 started_ns;		/* ktime_get_ns() at the start */
	u64 walk_ns;
	u64 entries;
	u64 sections;
	u64 max_section_entries;
	u64 max_section_ns;
	u64 approx_chains;

	/* hashtable */
	u64 buckets;
	u64 empty;
	u64 longest;
	u64 hist[DCC_HIST_BINS];
	u64 unattributed;	/* dentries whose superblock found no slot */

	struct dcc_chain_row *chains;
	u32 nr_chains;
	struct dcc_dir_row *dirs;
	u32 nr_dirs;
	struct dcc_sb_row *sbs;
	u32 nr_sbs;
	struct dcc_memcg_row *memcgs;
	u32 nr_memcgs;
	const char *memcgs_off;	/* why the memcgs view is empty, or NULL */
};

/* Parameters, clamped at load (module/main.c). */
extern unsigned int dcc_cache_ms;
extern bool dcc_bench;		/* debug: the bench file exists */

/* One read of the bench file: floor, full walk, floor, back to back. */
struct dcc_bench_result {
	u64 buckets;
	u64 floor_ns[2];
	u64 floor_entries[2];
	u64 floor_max_section_ns[2];
	u64 walk_ns;
	u64 walk_entries;
	u64 walk_sections;
	u64 walk_max_section_entries;
	u64 walk_max_section_ns;
};

/* Running totals for status. */
struct dcc_walk_stats {
	u64 walks;
	u64 interrupted;
	u64 max_section_entries;	/* over every walk since load */
	u64 max_section_ns;
};

/*
 * dcc_snapshot_get() returns the current snapshot with dcc_snap_lock held,
 * walking first when it is older than cache_ms; dcc_snapshot_put() drops
 * the lock. Returns an ERR_PTR: -EINTR on a fatal signal, -ENOMEM.
 * dcc_snapshot_stale() makes the next read walk again, cache_ms or not.
 */
struct dcc_snapshot *dcc_snapshot_get(void);
void dcc_snapshot_put(void);
void dcc_snapshot_stale(void);
int dcc_snapshot_stats(struct dcc_walk_stats *out, struct dcc_snapshot *last);
int dcc_snapshot_bench(struct dcc_bench_result *r);
void dcc_snapshot_exit(void);

/*
 * module/supers.c: the superblocks' and memcgs' rows of snap, with the
 * counts the walk left in acc. 0, -ENOMEM or -EINTR.
 */
struct dcc_sb_acc;
int dcc_supers_fill(struct dcc_snapshot *snap, struct dcc_sb_acc *acc);

#endif /* DCACHECTL_SNAPSHOT_H */
