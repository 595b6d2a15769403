// SPDX-License-Identifier: GPL-2.0
/*
 * Superblocks and memory cgroups: the figures the hash walk cannot see.
 *
 * Lock order and lifetimes:
 *
 *   dcc_snap_lock (snapshot.c)
 *     sb_lock (pin.c)		at most walk_batch superblocks per hold
 *     s_umount (shared)	trylock, one superblock at a time
 *
 * Superblocks are held as pin.c holds them: every one on the list gets a
 * passive reference (which keeps its memory, never its life), then each
 * in turn s_umount shared by trylock, if it is alive, while its row is
 * filled: its LRUs and type stay while we hold it, and a racing umount
 * waits for that one row. One that cannot be locked (being mounted,
 * unmounted or remounted) is left out of this walk's rows.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/list_lru.h>
#include <linux/memcontrol.h>
#include <linux/bsearch.h>
#include <linux/nodemask.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "compat.h"
#include "dcachectl.h"
#include "escape.h"
#include "pin.h"
#include "sbacc.h"
#include "snapshot.h"

/*
 * The superblocks view's order (README): most hashed dentries first, then
 * by dev, type and id, so that two reads of an unchanged cache print the
 * same bytes.
 */
static int dcc_sb_row_cmp(const void *a, const void *b)
{
	const struct dcc_sb_row *x = a, *y = b;
	int c;

	if (x->dentries != y->dentries)
		return x->dentries < y->dentries ? 1 : -1;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	c = strcmp(x->type, y->type);
	return c ? c : strcmp(x->id, y->id);
}

/* The memcgs view's order: most unused dentries first, then by path. */
static int dcc_memcg_row_cmp(const void *a, const void *b)
{
	const struct dcc_memcg_row *x = a, *y = b;
	int c;

	if (x->unused_dentries != y->unused_dentries)
		return x->unused_dentries < y->unused_dentries ? 1 : -1;
	c = strcmp(x->path, y->path);
	if (c)
		return c;
	/* a path cut at DCC_PATH_MAX may repeat: the cgroup id decides */
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The memcgs of this walk, sorted by cgroup id for lookup. */
struct dcc_memcg_table {
	struct dcc_memcg_row *rows;
	u32 nr;
	u32 cap;
};

#ifdef CONFIG_MEMCG
static int dcc_memcg_id_cmp(const void *a, const void *b)
{
	const struct dcc_memcg_row *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * List every memcg (id and path) into t. Each memcg is alive while the
 * iterator holds its css reference.
 */
static int dcc_memcgs_list(struct dcc_memcg_table *t)
{
	struct mem_cgroup *m = NULL;
	char *buf;

	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while ((m = dcc_memcg_next(m))) {
		if (t->nr == t->cap) {
			u32 cap = t->cap ? 2 * t->cap : 64;
			struct dcc_memcg_row *rows;

			rows = kvcalloc(cap, sizeof(*rows), GFP_KERNEL);
			if (!rows) {
				dcc_memcg_break(m);
				kfree(buf);
				return -ENOMEM;
			}
			if (t->nr)
				memcpy(rows, t->rows, t->nr * sizeof(*rows));
			kvfree(t->rows);
			t->rows = rows;
			t->cap = cap;
		}
		t->rows[t->nr].id = cgroup_id(m->css.cgroup);
		if (cgroup_path(m->css.cgroup, buf, PATH_MAX) < 0)
			strscpy(buf, "?", PATH_MAX);
		dcc_escape(t->rows[t->nr].path, DCC_PATH_MAX, buf);
		t->nr++;
		cond_resched();
		if (fatal_signal_pending(current)) {
			dcc_memcg_break(m);
			kfree(buf);
			return -EINTR;
		}
	}
	kfree(buf);
	sort(t->rows, t->nr, sizeof(*t->rows), dcc_memcg_id_cmp, NULL);
	return 0;
}

/*
 * Add each memcg's part of sb's dentry LRU to its row. sb is pinned by the
 * caller, each memcg by the iterator. Memcgs born after the listing are
 * left out. Only a memcg that owns its part is counted
 * (dcc_memcg_owns_lru()): the root holds the global lists, all of an LRU
 * that is not per memcg (cgroup.memory=nokmem on 6.12 and later), and a
 * memcg without a kmem id (nokmem on 5.10 and 6.1) would be charged the
 * root's. Returns -EINTR on a fatal signal.
 */
static int dcc_memcgs_count(struct dcc_memcg_table *t, struct super_block *sb)
{
	struct list_lru *lru = &sb->s_dentry_lru;
	struct mem_cgroup *m = NULL;
	int nid;

	if (!t->nr)
		return 0;
	while ((m = dcc_memcg_next(m))) {
		struct dcc_memcg_row key = { .id = cgroup_id(m->css.cgroup) };
		struct dcc_memcg_row *row;

		row = bsearch(&key, t->rows, t->nr, sizeof(*t->rows),
			      dcc_memcg_id_cmp);
		if (row && dcc_memcg_owns_lru(lru, m))
			for_each_node_state(nid, N_NORMAL_MEMORY)
				row->unused_dentries +=
					list_lru_count_one(lru, nid, m);
		cond_resched();
		if (fatal_signal_pending(current)) {
			dcc_memcg_break(m);
			return -EINTR;
		}
	}
	return 0;
}
#else
static int dcc_memcgs_list(struct dcc_memcg_table *t)
{
	return 0;
}

static int dcc_memcgs_count(struct dcc_memcg_table *t, struct super_block *sb)
{
	return 0;
}
#endif

static void dcc_sb_fill(struct dcc_sb_row *r, struct super_block *sb,
			struct dcc_sb_acc *acc)
{
	const struct dcc_sb_count *c = dcc_sb_acc_find(acc, sb);

	/* sb is held by the caller (s_umount shared): fields and type stay. */
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

static bool dcc_sb_any(struct super_block *sb, const void *arg)
{
	return dcc_sb_usable(sb);
}

int dcc_supers_fill(struct dcc_snapshot *snap, struct dcc_sb_acc *acc)
{
	struct dcc_memcg_table t = { };
	struct dcc_sb_set set;
	unsigned int n = 0, i;
	int ret = 0;

	if (dcc_feature_memcgs()) {
		ret = dcc_memcgs_list(&t);
		if (ret)
			goto out_memcgs;
	} else {
		snap->memcgs_off = dcc_feature_memcgs_why();
	}

	ret = dcc_supers_grab(&set, dcc_sb_any, NULL);
	if (ret)
		goto out_memcgs;
	snap->sbs = kvcalloc(max(set.nr, 1u), sizeof(*snap->sbs), GFP_KERNEL);
	if (!snap->sbs) {
		ret = -ENOMEM;
		goto out_set;
	}
	for (i = 0; i < set.nr && !ret; i++) {
		struct super_block *sb = set.sbs[i];

		if (!dcc_sb_lock_shared(sb))
			continue;
		dcc_sb_fill(&snap->sbs[n++], sb, acc);
		ret = dcc_memcgs_count(&t, sb);
		dcc_sb_unlock_shared(sb);
		cond_resched();
		if (!ret && fatal_signal_pending(current))
			ret = -EINTR;
	}
out_set:
	dcc_supers_put(&set);
	snap->nr_sbs = n;
	sort(snap->sbs, n, sizeof(*snap->sbs), dcc_sb_row_cmp, NULL);

	/* Keep the memcgs that hold something, heaviest first. */
	for (i = 0, n = 0; !ret && i < t.nr; i++)
		if (t.rows[i].unused_dentries)
			t.rows[n++] = t.rows[i];
	if (!ret && t.rows) {
		sort(t.rows, n, sizeof(*t.rows), dcc_memcg_row_cmp, NULL);
		snap->memcgs = t.rows;
		snap->nr_memcgs = n;
		t.rows = NULL;
	}
out_memcgs:
	kvfree(t.rows);
	return ret;
}
