// SPDX-License-Identifier: GPL-2.0
/*
 * Superblocks and memory cgroups: the figures the hash walk cannot see.
 *
 * Lock order and lifetimes:
 *
 *   dcc_snap_lock (walk.c)
 *     sb_lock			held for at most walk_batch list steps
 *
 * A superblock is used only while we hold an active reference, taken under
 * sb_lock with atomic_inc_not_zero(&sb->s_active): zero means it is being
 * shut down, and we skip it. An active reference keeps s_count up, so the
 * sb stays on super_blocks and is a valid place to resume the list walk
 * after sb_lock was dropped. We never take s_umount; our deactivate_super()
 * may, if ours was the last reference (a racing umount then finishes in our
 * context, as it would in any holder's).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/list_lru.h>
#include <linux/memcontrol.h>
#include <linux/nodemask.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "compat.h"
#include "dcachectl.h"
#include "walk.h"

/* Born, not yet dying: the states in which the kernel's own iterators act. */
static bool dcc_sb_usable(struct super_block *sb)
{
	if (!(sb->s_flags & SB_BORN) || !sb->s_root)
		return false;
#ifdef SB_DYING
	if (sb->s_flags & SB_DYING)
		return false;
#endif
	return !hlist_unhashed(&sb->s_instances);
}

/*
 * Take an active reference on every usable superblock, into sbs[] (at most
 * cap). Returns how many, or -EINTR.
 */
static int dcc_supers_grab(struct super_block **sbs, unsigned int cap)
{
	struct super_block *sb, *cursor = NULL;
	unsigned int n = 0, steps;

	spin_lock(dcc_ksyms.sb_lock);
	sb = list_first_entry(dcc_ksyms.super_blocks, struct super_block,
			      s_list);
	for (;;) {
		for (steps = 0; steps < dcc_walk_batch; steps++) {
			if (&sb->s_list == dcc_ksyms.super_blocks || n == cap)
				goto out;
			if (dcc_sb_usable(sb) &&
			    atomic_inc_not_zero(&sb->s_active)) {
				sbs[n++] = sb;
				cursor = sb;
			}
			sb = list_next_entry(sb, s_list);
		}
		if (!cursor)
			continue;	/* nothing pinned to resume from yet */
		/* cursor is pinned: it stays on the list while unlocked */
		spin_unlock(dcc_ksyms.sb_lock);
		cond_resched();
		if (fatal_signal_pending(current))
			return -EINTR;	/* the caller drops sbs[0..n) */
		spin_lock(dcc_ksyms.sb_lock);
		sb = list_next_entry(cursor, s_list);
	}
out:
	spin_unlock(dcc_ksyms.sb_lock);
	return n;
}

static int dcc_sb_row_cmp(const void *a, const void *b)
{
	const struct dcc_sb_row *x = a, *y = b;

	if (x->dentries != y->dentries)
		return x->dentries < y->dentries ? 1 : -1;
	return x->dev < y->dev ? -1 : x->dev > y->dev;
}

static int dcc_memcg_row_cmp(const void *a, const void *b)
{
	const struct dcc_memcg_row *x = a, *y = b;

	if (x->unused_dentries != y->unused_dentries)
		return x->unused_dentries < y->unused_dentries ? 1 : -1;
	return strcmp(x->path, y->path);
}

#ifdef CONFIG_MEMCG
static struct mem_cgroup *dcc_memcg_next(struct mem_cgroup *prev)
{
	struct mem_cgroup *m;
	u64 ibt = dcc_ibt_save();

	/* Returns a css reference on the next memcg and drops prev's. */
	m = dcc_ksyms.mem_cgroup_iter(NULL, prev, NULL);
	dcc_ibt_restore(ibt);
	return m;
}

static void dcc_memcg_break(struct mem_cgroup *m)
{
	u64 ibt = dcc_ibt_save();

	dcc_ksyms.mem_cgroup_iter_break(NULL, m);
	dcc_ibt_restore(ibt);
}

static bool dcc_lru_memcg_aware(struct list_lru *lru)
{
#ifdef HAVE_LIST_LRU_MEMCG_AWARE
	return lru->memcg_aware;
#else
	return false;
#endif
}

/*
 * For every memcg, the unused dentries it holds on the LRUs of sbs[]. The
 * sbs are pinned by the caller; each memcg by the iterator's css reference.
 */
static int dcc_memcgs_fill(struct dcc_snapshot *snap,
			   struct super_block **sbs, unsigned int nr)
{
	struct mem_cgroup *m = NULL;
	unsigned int cap = 64, i;
	char *buf;
	int nid;

	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	snap->memcgs = kvcalloc(cap, sizeof(*snap->memcgs), GFP_KERNEL);
	if (!buf || !snap->memcgs) {
		kfree(buf);
		return -ENOMEM;
	}
	while ((m = dcc_memcg_next(m))) {
		struct dcc_memcg_row *r;
		u64 count = 0;

		for (i = 0; i < nr; i++) {
			struct list_lru *lru = &sbs[i]->s_dentry_lru;

			if (!dcc_lru_memcg_aware(lru))
				continue;
			for_each_node_state(nid, N_NORMAL_MEMORY)
				count += list_lru_count_one(lru, nid, m);
		}
		if (count) {
			if (snap->nr_memcgs == cap) {
				struct dcc_memcg_row *bigger;

				bigger = kvcalloc(2 * cap, sizeof(*bigger),
						  GFP_KERNEL);
				if (!bigger) {
					dcc_memcg_break(m);
					kfree(buf);
					return -ENOMEM;
				}
				memcpy(bigger, snap->memcgs,
				       cap * sizeof(*bigger));
				kvfree(snap->memcgs);
				snap->memcgs = bigger;
				cap *= 2;
			}
			r = &snap->memcgs[snap->nr_memcgs++];
			r->unused_dentries = count;
			if (cgroup_path(m->css.cgroup, buf, PATH_MAX) < 0)
				strscpy(buf, "?", PATH_MAX);
			dcc_escape(r->path, sizeof(r->path), buf);
		}
		cond_resched();
		if (fatal_signal_pending(current)) {
			dcc_memcg_break(m);
			kfree(buf);
			return -EINTR;
		}
	}
	kfree(buf);
	sort(snap->memcgs, snap->nr_memcgs, sizeof(*snap->memcgs),
	     dcc_memcg_row_cmp, NULL);
	return 0;
}
#else
static int dcc_memcgs_fill(struct dcc_snapshot *snap,
			   struct super_block **sbs, unsigned int nr)
{
	return 0;
}
#endif

int dcc_supers_fill(struct dcc_snapshot *snap, struct dcc_sb_acc *acc)
{
	unsigned int cap = 0, i;
	struct super_block **sbs;
	int n, ret = 0;

	/* Room for the sbs mounted while we allocate, too. */
	spin_lock(dcc_ksyms.sb_lock);
	{
		struct super_block *sb;

		list_for_each_entry(sb, dcc_ksyms.super_blocks, s_list)
			cap++;
	}
	spin_unlock(dcc_ksyms.sb_lock);
	cap += 64;
	sbs = kvcalloc(cap, sizeof(*sbs), GFP_KERNEL);
	snap->sbs = kvcalloc(cap, sizeof(*snap->sbs), GFP_KERNEL);
	if (!sbs || !snap->sbs) {
		kvfree(sbs);
		return -ENOMEM;
	}
	n = dcc_supers_grab(sbs, cap);
	if (n < 0) {
		ret = n;
		n = 0;
		/* the grab pinned some before it stopped: find them below */
		while (n < cap && sbs[n])
			n++;
		goto out;
	}

	for (i = 0; i < n; i++) {
		struct super_block *sb = sbs[i];	/* pinned */
		struct dcc_sb_row *r = &snap->sbs[i];
		const struct dcc_sb_count *c = dcc_sb_acc_find(acc, sb);

		r->dev = sb->s_dev;
		dcc_escape(r->type, sizeof(r->type), sb->s_type->name);
		dcc_escape(r->id, sizeof(r->id), sb->s_id);
		if (c) {
			r->dentries = c->dentries;
			r->negative = c->negative;
			r->bytes = c->bytes;
		}
		r->unused_dentries = list_lru_count(&sb->s_dentry_lru);
		r->unused_inodes = list_lru_count(&sb->s_inode_lru);
	}
	snap->nr_sbs = n;
	sort(snap->sbs, n, sizeof(*snap->sbs), dcc_sb_row_cmp, NULL);

	if (!dcc_feature_memcgs())
		snap->memcgs_off = dcc_feature_memcgs_why();
	else
		ret = dcc_memcgs_fill(snap, sbs, n);
out:
	for (i = 0; i < n; i++) {
		deactivate_super(sbs[i]);
		cond_resched();
	}
	kvfree(sbs);
	return ret;
}
