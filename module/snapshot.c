// SPDX-License-Identifier: GPL-2.0
/*
 * The snapshot cache: one walk at a time, its result kept for cache_ms.
 *
 * A snapshot is made in two steps, in this order: module/walk.c walks
 * dentry_hashtable (chains, directories, and per-superblock counts into
 * an accumulator this file owns), then module/supers.c lists the
 * superblocks and memcgs and joins the walk's counts to them. Neither
 * calls the other.
 *
 * Lock order and lifetimes:
 *
 *   dcc_snap_lock (mutex)	one walk at a time; the cached snapshot, its
 *				time and dcc_stats; readers of the snapshot
 *				hold it while they print
 *     sb_lock (pin.c)		dcc_count_supers(), to size the accumulator:
 *				at most walk_batch superblocks per hold
 *     walk.c, then supers.c	their own locks, each documented there
 *
 * The cached snapshot holds no kernel pointer (include/snapshot.h): it
 * lives until the next walk replaces it, under dcc_snap_lock, or until
 * the module goes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "pin.h"
#include "sbacc.h"
#include "snapshot.h"
#include "walk.h"

unsigned int dcc_cache_ms = 1000;
bool dcc_bench;

static DEFINE_MUTEX(dcc_snap_lock);
/* The last finished walk; protected by dcc_snap_lock. */
static struct dcc_snapshot *dcc_snap;
static u64 dcc_snap_done_ns;
/* Set by a shrink that freed something; the next read walks again. */
static bool dcc_snap_stale;
static struct dcc_walk_stats dcc_stats;

static void dcc_snapshot_free(struct dcc_snapshot *s)
{
	if (!s)
		return;
	kvfree(s->chains);
	kvfree(s->dirs);
	kvfree(s->sbs);
	kvfree(s->memcgs);
	kfree(s);
}

/* A new snapshot: the walk, then the superblocks and memcgs. */
static struct dcc_snapshot *dcc_snapshot_make(void)
{
	struct dcc_sb_acc acc;
	struct dcc_sb_slot *slot;
	struct dcc_snapshot *s;
	u32 bits;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	bits = dcc_sb_acc_bits(dcc_count_supers());
	slot = kvcalloc((size_t)1 << bits, sizeof(*slot), GFP_KERNEL);
	s->chains = kvcalloc(dcc_top_n, sizeof(*s->chains), GFP_KERNEL);
	s->dirs = kvcalloc(dcc_top_n, sizeof(*s->dirs), GFP_KERNEL);
	if (!slot || !s->chains || !s->dirs) {
		ret = -ENOMEM;
		goto out;
	}
	dcc_sb_acc_init(&acc, slot, bits);
	ret = dcc_walk_run(s, &acc);
	if (!ret)
		ret = dcc_supers_fill(s, &acc);
	if (!ret)
		s->walk_ns = ktime_get_ns() - s->started_ns;
out:
	kvfree(slot);
	if (ret) {
		dcc_snapshot_free(s);
		return ERR_PTR(ret);
	}
	return s;
}

/*
 * Walk now and make the result the cached snapshot. Under dcc_snap_lock;
 * the old snapshot is freed, so no reader may still hold it.
 */
static struct dcc_snapshot *dcc_snapshot_fresh(void)
{
	struct dcc_snapshot *s;

	/*
	 * Cleared before the walk: a shrink that ends while we walk sets it
	 * again, and the read after this one walks anew.
	 */
	WRITE_ONCE(dcc_snap_stale, false);
	s = dcc_snapshot_make();
	if (IS_ERR(s)) {
		if (PTR_ERR(s) == -EINTR)
			dcc_stats.interrupted++;
		return s;
	}
	dcc_stats.walks++;
	dcc_stats.max_section_entries = max(dcc_stats.max_section_entries,
					    s->max_section_entries);
	dcc_stats.max_section_ns = max(dcc_stats.max_section_ns,
				       s->max_section_ns);
	dcc_snapshot_free(dcc_snap);
	dcc_snap = s;
	dcc_snap_done_ns = ktime_get_ns();
	return s;
}

/*
 * The bench file (module parameter bench=1): a count-only floor, a full
 * walk that becomes the cached snapshot, and the floor again, back to back
 * under dcc_snap_lock so that no other walk runs in between.
 */
int dcc_snapshot_bench(struct dcc_bench_result *r)
{
	struct dcc_snapshot *s;
	int ret;

	memset(r, 0, sizeof(*r));
	if (mutex_lock_killable(&dcc_snap_lock))
		return -EINTR;
	ret = dcc_walk_floor(&r->floor_ns[0], &r->floor_entries[0],
			     &r->floor_max_section_ns[0]);
	if (ret)
		goto out;
	s = dcc_snapshot_fresh();
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out;
	}
	r->walk_ns = s->walk_ns;
	r->walk_entries = s->entries;
	r->walk_sections = s->sections;
	r->walk_max_section_entries = s->max_section_entries;
	r->walk_max_section_ns = s->max_section_ns;
	r->buckets = s->buckets;
	ret = dcc_walk_floor(&r->floor_ns[1], &r->floor_entries[1],
			     &r->floor_max_section_ns[1]);
out:
	mutex_unlock(&dcc_snap_lock);
	return ret;
}

struct dcc_snapshot *dcc_snapshot_get(void)
{
	struct dcc_snapshot *s;
	u64 now;

	if (mutex_lock_killable(&dcc_snap_lock))
		return ERR_PTR(-EINTR);
	now = ktime_get_ns();
	if (dcc_snap && !READ_ONCE(dcc_snap_stale) &&
	    now - dcc_snap_done_ns <= dcc_cache_ms * NSEC_PER_MSEC)
		return dcc_snap;
	s = dcc_snapshot_fresh();
	if (IS_ERR(s))
		mutex_unlock(&dcc_snap_lock);
	return s;
}

void dcc_snapshot_put(void)
{
	mutex_unlock(&dcc_snap_lock);
}

/*
 * The dcache changed under the cached walk (a shrink freed dentries or
 * inodes): reads within cache_ms must not report what is gone. A flag, not
 * the lock, so a shrink never waits for a long walk to finish.
 */
void dcc_snapshot_stale(void)
{
	WRITE_ONCE(dcc_snap_stale, true);
}

/*
 * Totals for status, with the last walk's figures. Takes the lock itself;
 * -EINTR on a fatal signal.
 */
int dcc_snapshot_stats(struct dcc_walk_stats *out, struct dcc_snapshot *last)
{
	if (mutex_lock_killable(&dcc_snap_lock))
		return -EINTR;
	*out = dcc_stats;
	if (dcc_snap)
		*last = *dcc_snap;
	else
		memset(last, 0, sizeof(*last));
	/* the copy's arrays belong to the snapshot: not for the caller */
	last->chains = NULL;
	last->dirs = NULL;
	last->sbs = NULL;
	last->memcgs = NULL;
	mutex_unlock(&dcc_snap_lock);
	return 0;
}

void dcc_snapshot_exit(void)
{
	/* debugfs is gone: no reader can hold dcc_snap_lock any more. */
	dcc_snapshot_free(dcc_snap);
	dcc_snap = NULL;
}
