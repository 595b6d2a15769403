// SPDX-License-Identifier: GPL-2.0
/*
 * The one walk over dentry_hashtable, feeding every view.
 *
 * module/snapshot.c runs it, under its dcc_snap_lock (one walk at a
 * time), and owns what it fills: the snapshot's walk, hashtable, chains
 * and dirs figures, and the per-superblock accumulator (include/sbacc.h).
 *
 * Lock order and lifetimes:
 *
 *   dcc_snap_lock (mutex)	snapshot.c's, held by the caller
 *     rcu_read_lock()		one section per batch of at most walk_batch
 *				units; nothing in it sleeps
 *       sb_lock, s_umount	pin.c: the resume point's superblock
 *       d_lockref		only through lockref_get_not_dead()
 *       rename_lock		read side, in dentry_path_raw()
 *
 * Dentries and superblocks are freed after an RCU grace period
 * (dentry_free() uses call_rcu() for every dentry a lookup can see;
 * superblocks go through destroy_super_rcu()). So a pointer read from a hash
 * chain may be dereferenced until the section it was read in ends, and
 * never after. What a view needs of a dentry (the dominant name of a chain,
 * the path of a heavy directory) is copied out in the section that met it.
 * The one dentry held across sections is the resume point of a chain
 * longer than a section, pinned by pin.c's protocol (its superblock held
 * by s_umount shared, never an active reference) and dropped outside
 * every section, because dput() may sleep.
 *
 * What bounds a walk: every section spends walk_batch units (a dentry or a
 * bucket) unless the table ends, and a resume point that cannot be pinned
 * or was dropped meanwhile ends its chain (counted approximate) instead of
 * restarting it. So a walk takes at most (hashed dentries + buckets) /
 * walk_batch + 1 sections, each followed by cond_resched().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/lockref.h>
#include <linux/mm.h>
#include <linux/rculist_bl.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "dcachectl.h"
#include "escape.h"
#include "hh.h"
#include "mg.h"
#include "pin.h"
#include "sbacc.h"
#include "snapshot.h"
#include "walk.h"

unsigned int dcc_walk_batch = 1024;
unsigned int dcc_top_n = 16;

/* The chain being walked. */
struct dcc_chain_acc {
	u32 len;
	u32 negative;
	bool approx;
	/* the dominant key; items are dentries, valid in section tag only */
	struct dcc_mg mg;
	/* the name of a key met in an earlier section (rep.resolved) */
	struct dcc_chain_row rep;
	const void *rep_parent;
	u32 rep_hash;
};

/* A heavy directory's name, copied out when its counter got heavy. */
struct dcc_dir_name {
	dev_t dev;
	char type[DCC_TYPE_MAX];
	char path[DCC_PATH_MAX];
};

struct dcc_walk {
	struct hlist_bl_head *table;
	unsigned long nbuckets;
	unsigned int shift;
	u64 section;
	struct dcc_snapshot *snap;
	struct dcc_sb_acc *sbs;		/* the caller's */
	struct dcc_hh dirs;
	struct dcc_dir_name *dir_names;	/* one per counter (cookie) */
	u32 *dirs_top;
	u32 dirs_keep;			/* top_n */
	u64 dirs_min;			/* counters from here up are named */
	u32 dirs_every;			/* sections between two passes */
	struct dcc_chain_row *top;
	u32 nr_top;
	u32 top_min;			/* index of the shortest kept chain */
	struct dcc_resume res;		/* the chain goes on after res.d */
	struct dcc_resume from;		/* the section's own, dropped after */
	struct dcc_chain_acc chain;
	/*
	 * The superblock of the last dentry, and its accumulator. Only ever
	 * compared, never dereferenced, so it may outlive its section: the
	 * accumulators are keyed by pointer value, as a lookup would be.
	 */
	const void *last_sb;
	struct dcc_sb_count *last_cnt;
	/*
	 * A run of dentries with the same parent, seen in this section, not
	 * yet counted in dirs: one update per run (dcc_dirs_flush()).
	 */
	const void *run_parent;
	u32 run_n;
	u32 run_neg;
	char *buf;			/* PATH_MAX, for dentry_path_raw() */
};

/* ---- names ---- */

/*
 * The path of d inside its filesystem, into w->buf, or "?" when it does
 * not fit. Under RCU, in the section d was read in: d holds no reference,
 * but it and its ancestors are valid memory until the section ends, and
 * dentry_path_raw() reads d_parent and d_name under rename_lock's seqcount
 * (taking its lock on a retry), the way an RCU path walk does. It stops
 * when the buffer is full, so its cost is bounded by PATH_MAX.
 */
static char *dcc_path(struct dcc_walk *w, struct dentry *d)
{
	char *p = dentry_path_raw(d, w->buf, PATH_MAX);

	if (IS_ERR(p)) {
		strscpy(w->buf, "?", PATH_MAX);
		return w->buf;
	}
	return p;
}

/*
 * Under RCU: d's superblock gives dev and type. We hold neither: the sb is
 * valid memory until the section ends (superblocks are freed after a grace
 * period), and so is its type's name, even in a module: d was hashed in
 * this section, and free_module() waits for a grace period first.
 */
static void dcc_name_fs(struct dentry *d, dev_t *dev, char *type)
{
	struct super_block *sb = READ_ONCE(d->d_sb);

	*dev = sb->s_dev;
	dcc_escape(type, DCC_TYPE_MAX, sb->s_type->name);
}

/* Under RCU: name a chain by d, its dominant key's latest dentry. */
static void dcc_name_chain(struct dcc_walk *w, struct dentry *d,
			   struct dcc_chain_row *r)
{
	dcc_escape_split(dcc_path(w, d), r->name, DCC_PATH_MAX, r->parent,
			 DCC_PATH_MAX);
	dcc_name_fs(d, &r->dev, r->type);
	r->resolved = true;
}

static void dcc_chain_copy_name(struct dcc_chain_row *to,
				const struct dcc_chain_row *from)
{
	to->resolved = from->resolved;
	to->dev = from->dev;
	memcpy(to->type, from->type, sizeof(to->type));
	memcpy(to->name, from->name, sizeof(to->name));
	memcpy(to->parent, from->parent, sizeof(to->parent));
}

/* ---- chains ---- */

/*
 * Ready for the next chain. Only what is read before being written:
 * rep_parent and rep_hash are read only with rep.resolved.
 */
static void dcc_chain_reset(struct dcc_chain_acc *c)
{
	c->len = 0;
	c->negative = 0;
	c->approx = false;
	dcc_mg_reset(&c->mg);
	c->rep.resolved = false;
}

/*
 * Name the chain's dominant key now, so that a chain longer than one
 * section still has a name at its end. Under RCU, at the end of a section.
 */
static void dcc_chain_name_rep(struct dcc_walk *w)
{
	struct dcc_chain_acc *c = &w->chain;
	struct dcc_mg *mg = &c->mg;
	int i = dcc_mg_dominant(mg);

	if (!mg->cnt[i] || mg->tag[i] != w->section)
		return;
	if (c->rep.resolved && c->rep_parent == mg->parent[i] &&
	    c->rep_hash == mg->hash[i])
		return;
	dcc_name_chain(w, mg->item[i], &c->rep);
	c->rep_parent = mg->parent[i];
	c->rep_hash = mg->hash[i];
}

/*
 * The chains view's order (README): longest first, then by bucket. The
 * walk meets buckets in ascending order, so a new chain comes after every
 * kept one of its length: it replaces the kept chain that is last in that
 * order (the shortest, of those the highest bucket) only when it is
 * longer. The rows kept are then the first top_n in that order, whatever
 * the sections were.
 */
static bool dcc_chain_before(const struct dcc_chain_row *a,
			     const struct dcc_chain_row *b)
{
	if (a->len != b->len)
		return a->len > b->len;
	return a->bucket < b->bucket;
}

static void dcc_top_find_min(struct dcc_walk *w)
{
	u32 i;

	w->top_min = 0;
	for (i = 1; i < w->nr_top; i++)
		if (dcc_chain_before(&w->top[w->top_min], &w->top[i]))
			w->top_min = i;
}

/* The chain of bucket b is complete. Under RCU. */
static void dcc_chain_done(struct dcc_walk *w, unsigned long b)
{
	struct dcc_chain_acc *c = &w->chain;
	struct dcc_snapshot *s = w->snap;
	struct dcc_chain_row *row;

	if (!c->len && !c->approx) {
		/* An empty bucket: nothing was accounted, c is still reset. */
		s->hist[0]++;
		s->empty++;
		return;
	}
	s->hist[min_t(unsigned int, dcc_hist_bin(c->len), DCC_HIST_BINS - 1)]++;
	if (!c->len)
		s->empty++;
	if (c->len > s->longest)
		s->longest = c->len;
	if (c->approx)
		s->approx_chains++;

	if (c->len && (w->nr_top < dcc_top_n ||
		       c->len > w->top[w->top_min].len)) {
		struct dcc_mg *mg = &c->mg;
		int i = dcc_mg_dominant(mg);

		row = w->nr_top < dcc_top_n ? &w->top[w->nr_top++] :
					      &w->top[w->top_min];
		memset(row, 0, sizeof(*row));
		if (c->rep.resolved && c->rep_parent == mg->parent[i] &&
		    c->rep_hash == mg->hash[i])
			dcc_chain_copy_name(row, &c->rep);
		else if (mg->cnt[i] && mg->tag[i] == w->section)
			dcc_name_chain(w, mg->item[i], row);
		row->bucket = b;
		row->len = c->len;
		row->negative = c->negative;
		row->dom_count = mg->cnt[i];
		row->approx = c->approx;
		if (w->nr_top == dcc_top_n)
			dcc_top_find_min(w);
	}
	dcc_chain_reset(c);
}

/* ---- directories ---- */

/*
 * A directory is named when its counter's guaranteed count (count - err)
 * reaches dirs_min: dcc_dirs_flush() names it in the section that saw the
 * run, hence while its key (the parent dentry) is valid memory; the pass
 * below raises dirs_min to the count of the dirs_keep-th heaviest counter.
 * While a key stays, its count only grows and its err stays, and dirs_min
 * only grows, so a directory whose guaranteed count at the end is at
 * least the dirs_keep-th count (ties included) was named at its last
 * update: which directories are named does not depend on where the
 * sections ended. The view names exactly those (dcc_resolve_dirs()).
 * Counting guaranteed counts also keeps naming rare where no directory
 * stands out (a flat tree: every new key there inherits the minimum as
 * its error): at most once per counter while dirs_min is 0, then once per
 * key that really is heavy. A counter keeps its name until its key is
 * evicted (the table then clears its cookie).
 *
 * Keys are pointers, as the superblock accumulators are: a directory freed
 * during the walk whose memory is reused by another would add the
 * newcomer's children to its counter, under its name. Not pinning keys is
 * what lets umount go; the window is one walk.
 *
 * Called outside RCU: it reads only the counters.
 */
static void dcc_dirs_section_end(struct dcc_walk *w)
{
	u32 n = dcc_hh_top(&w->dirs, w->dirs_top, w->dirs_keep);

	if (n == w->dirs_keep)
		w->dirs_min = w->dirs.slot[w->dirs_top[n - 1]].count;
}

/* ---- the walk ---- */

/*
 * Count the pending run of one parent in dirs, and name the parent if its
 * counter is now among the heavy ones (dcc_dirs_section_end()). Under RCU,
 * in the section that saw the run, so that its parent is valid memory.
 */
static void dcc_dirs_flush(struct dcc_walk *w)
{
	struct dcc_hh_slot evicted, *sl;
	bool did_evict;

	if (!w->run_n)
		return;
	sl = dcc_hh_add_n(&w->dirs, (unsigned long)w->run_parent, w->run_n,
			  w->run_neg, &evicted, &did_evict);
	if (!sl->cookie && sl->count - sl->err >= w->dirs_min) {
		struct dcc_dir_name *nm = &w->dir_names[sl - w->dirs.slot];
		struct dentry *d = (struct dentry *)w->run_parent;

		dcc_escape(nm->path, DCC_PATH_MAX, dcc_path(w, d));
		dcc_name_fs(d, &nm->dev, nm->type);
		sl->cookie = nm;
	}
	w->run_n = 0;
	w->run_neg = 0;
}

/* One hashed dentry. Under RCU; d is valid until the section ends. */
static void dcc_account(struct dcc_walk *w, struct dentry *d)
{
	struct super_block *sb = READ_ONCE(d->d_sb);
	struct dentry *parent = READ_ONCE(d->d_parent);
	bool neg = !READ_ONCE(d->d_inode);
	u64 hashlen = READ_ONCE(d->d_name.hash_len);
	u32 len = hashlen_len(hashlen);
	struct dcc_sb_count *cnt;

	/* Keyed by pointer value either way: the same slot as a lookup. */
	if (sb != w->last_sb) {
		w->last_sb = sb;
		w->last_cnt = dcc_sb_acc_get(w->sbs, sb);
	}
	cnt = w->last_cnt;
	if (cnt) {
		cnt->dentries++;
		cnt->negative += neg;
		cnt->bytes += sizeof(struct dentry) +
			      (len >= DNAME_INLINE_LEN ? len + 1 : 0);
	} else {
		w->snap->unattributed++;
	}

	/* Big directories make runs, even in hash order. */
	if (parent != w->run_parent) {
		dcc_dirs_flush(w);
		w->run_parent = parent;
	}
	w->run_n++;
	w->run_neg += neg;

	w->chain.len++;
	w->chain.negative += neg;
	dcc_mg_add(&w->chain.mg, parent, hashlen_hash(hashlen), d, w->section);
}

/*
 * The chain of bucket *b is complete: account it (the floor only counts
 * approximate chains; its entries are counted by the section), and move
 * on. Under RCU.
 */
static __always_inline void dcc_chain_end(struct dcc_walk *w,
					  unsigned long *b, const bool floor)
{
	if (floor) {
		if (w->chain.approx) {
			w->snap->approx_chains++;
			w->chain.approx = false;
		}
	} else {
		dcc_chain_done(w, *b);
	}
	(*b)++;
}

/*
 * Pick up a chain left in the middle by the previous section, after its
 * pinned resume point (w->from). If that dentry was dropped or moved
 * while we were out, its successor may be gone or already counted: keep
 * what was counted, flag the chain as a lower bound and move on. Returns
 * the next node, or NULL when the chain is finished (and *b moved on).
 */
static __always_inline struct hlist_bl_node *
dcc_resume(struct dcc_walk *w, unsigned long *b, const bool floor)
{
	struct hlist_bl_node *next;

	if (!dcc_resume_valid(&w->from, w->shift)) {
		w->chain.approx = true;
		dcc_chain_end(w, b, floor);
		return NULL;
	}
	/* pinned and still on the chain: as good as any chain pointer */
	next = rcu_dereference_raw(w->from.d->d_hash.next);
	if (!next)
		dcc_chain_end(w, b, floor);
	return next;
}

/*
 * One RCU section: walk on from bucket *b (or the resume point) until
 * walk_batch units were spent, one per dentry and one per bucket. Returns
 * the number of dentries seen. With floor set (a constant: the compiler
 * builds two copies) it only counts, for the bench's floor; the sections,
 * their budget and the resume points are the same.
 */
static __always_inline u32 dcc_section_mode(struct dcc_walk *w,
					    unsigned long *b,
					    const bool floor)
{
	u32 budget = dcc_walk_batch, seen = 0;
	struct hlist_bl_node *node = NULL, *next;
	struct dentry *d;

	if (w->from.d)
		node = dcc_resume(w, b, floor);
	while (budget) {
		if (!node) {
			if (*b >= w->nbuckets)
				break;
			node = dcc_chain_first(&w->table[*b]);
			budget--;
		}
		for (; node; node = next) {
			d = hlist_bl_entry(node, struct dentry, d_hash);
			if (!floor)
				dcc_account(w, d);
			seen++;
			if (budget)
				budget--;
			next = rcu_dereference_raw(node->next);
			if (!next || budget)
				continue;
			/* Out of budget in mid-chain: pin where we are. */
			if (!floor)
				dcc_chain_name_rep(w);
			if (dcc_resume_pin(&w->res, d, *b))
				return seen;
			/*
			 * Not pinned: the chain cannot be resumed from d.
			 * Give its rest up rather than walk it again.
			 */
			w->chain.approx = true;
			break;
		}
		node = NULL;
		dcc_chain_end(w, b, floor);
	}
	return seen;
}

/* ---- after the walk: the rows ---- */

static int dcc_chain_row_cmp(const void *a, const void *b)
{
	return dcc_chain_before(a, b) ? -1 : dcc_chain_before(b, a);
}

static void dcc_resolve_chains(struct dcc_walk *w)
{
	struct dcc_snapshot *s = w->snap;

	memcpy(s->chains, w->top, w->nr_top * sizeof(*w->top));
	s->nr_chains = w->nr_top;
	/* buckets are unique: a total order */
	sort(s->chains, s->nr_chains, sizeof(*s->chains), dcc_chain_row_cmp,
	     NULL);
}

/*
 * The dirs view's order (README): most children first; then the named
 * directories by dev, type and path, before the unnamed ones; then by
 * error and negative children. Rows that compare equal print the same.
 */
static int dcc_dir_row_cmp(const void *a, const void *b)
{
	const struct dcc_dir_row *x = a, *y = b;
	int c;

	if (x->children != y->children)
		return x->children > y->children ? -1 : 1;
	if (x->resolved != y->resolved)
		return x->resolved ? -1 : 1;
	if (x->resolved) {
		if (x->dev != y->dev)
			return x->dev < y->dev ? -1 : 1;
		c = strcmp(x->type, y->type);
		if (!c)
			c = strcmp(x->path, y->path);
		if (c)
			return c;
	}
	if (x->err != y->err)
		return x->err < y->err ? -1 : 1;
	if (x->negative != y->negative)
		return x->negative < y->negative ? -1 : 1;
	return 0;
}

/*
 * The candidates are every counter at least as heavy as the top_n-th,
 * ties at the cut included. Those whose guaranteed count reaches the cut
 * were all named (dcc_dirs_section_end()) and are shown named; the others
 * may be Space-Saving noise and are shown as "? ? ?", whether or not a
 * name was taken earlier in the walk. Put in order, their first top_n are
 * the rows, so that ties at the cut are decided by the same key as the
 * order.
 */
static int dcc_resolve_dirs(struct dcc_walk *w)
{
	struct dcc_snapshot *s = w->snap;
	u32 n = dcc_hh_top(&w->dirs, w->dirs_top, dcc_top_n);
	u64 cut = n == dcc_top_n ? w->dirs.slot[w->dirs_top[n - 1]].count : 0;
	struct dcc_dir_row *rows;
	u32 i, nr = 0;

	for (i = 0; i < w->dirs.used; i++)
		nr += w->dirs.slot[i].count >= cut;
	rows = kvcalloc(max(nr, 1u), sizeof(*rows), GFP_KERNEL);
	if (!rows)
		return -ENOMEM;
	for (i = 0, nr = 0; i < w->dirs.used; i++) {
		struct dcc_hh_slot *sl = &w->dirs.slot[i];
		struct dcc_dir_row *r = &rows[nr];

		if (sl->count < cut)
			continue;
		nr++;
		r->children = sl->count;
		r->err = sl->err;
		r->negative = sl->neg;
		if (sl->cookie && sl->count - sl->err >= cut) {
			const struct dcc_dir_name *nm = sl->cookie;

			memcpy(r->path, nm->path, sizeof(r->path));
			memcpy(r->type, nm->type, sizeof(r->type));
			r->dev = nm->dev;
			r->resolved = true;
		} else {
			strscpy(r->path, "?", sizeof(r->path));
			strscpy(r->type, "?", sizeof(r->type));
		}
		cond_resched();
	}
	sort(rows, nr, sizeof(*rows), dcc_dir_row_cmp, NULL);
	s->nr_dirs = min(nr, dcc_top_n);
	memcpy(s->dirs, rows, s->nr_dirs * sizeof(*rows));
	kvfree(rows);
	return 0;
}

/* ---- allocation ---- */

static void dcc_walk_free(struct dcc_walk *w)
{
	kvfree(w->dirs.slot);
	kvfree(w->dir_names);
	kvfree(w->dirs_top);
	kvfree(w->top);
	kfree(w->buf);
	kfree(w);
}

static struct dcc_walk *dcc_walk_alloc(struct dcc_snapshot *snap,
				       struct dcc_sb_acc *sbs)
{
	u32 k = max(64u, 16 * dcc_top_n);
	struct dcc_walk *w;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return NULL;
	w->snap = snap;
	w->table = *dcc_ksyms.dentry_hashtable;
	w->shift = *dcc_ksyms.d_hash_shift;
	w->nbuckets = dcc_hash_buckets();
	w->sbs = sbs;
	/* dirs.slot heads the Space-Saving memory block */
	w->dirs.slot = kvzalloc(dcc_hh_bytes(k), GFP_KERNEL);
	w->dir_names = kvcalloc(k, sizeof(*w->dir_names), GFP_KERNEL);
	w->dirs_keep = dcc_top_n;
	w->dirs_every = max(1u, 1024 / dcc_walk_batch);
	w->dirs_top = kvcalloc(k, sizeof(u32), GFP_KERNEL);
	w->top = kvcalloc(dcc_top_n, sizeof(*w->top), GFP_KERNEL);
	w->buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!w->dirs.slot || !w->dir_names || !w->dirs_top || !w->top ||
	    !w->buf) {
		dcc_walk_free(w);
		return NULL;
	}
	dcc_hh_init(&w->dirs, k, w->dirs.slot);
	return w;
}

/* ---- the driver ---- */

/*
 * The sections over the whole table, for the walk or (floor, a constant)
 * for the bench's count-only floor: the same sections, budget, resume
 * points and rescheduling. Fills the section figures of w->snap. Returns
 * 0, or -EINTR on a fatal signal; no pin is left.
 */
static __always_inline int dcc_sections(struct dcc_walk *w, const bool floor)
{
	struct dcc_snapshot *s = w->snap;
	unsigned long b = 0;
	u64 t0, dt;
	int ret = 0;
	u32 seen;

	while (b < w->nbuckets || w->res.d) {
		w->section++;
		/* the point the last section pinned: dropped after this one */
		w->from = w->res;
		w->res.d = NULL;
		t0 = ktime_get_ns();
		/*
		 * Every dentry and superblock pointer read from the table is
		 * valid until rcu_read_unlock(): what the views need of them
		 * is copied out before, and the one dentry that must outlive
		 * the section, the resume point, is pinned (pin.c).
		 */
		rcu_read_lock();
		seen = dcc_section_mode(w, &b, floor);
		if (!floor) {
			/* a run must not outlive the section of its parent */
			dcc_dirs_flush(w);
			w->run_parent = NULL;
		}
		rcu_read_unlock();
		/* about every 1024 units, and at the end */
		if (!floor && (w->section % w->dirs_every == 0 ||
			       (b >= w->nbuckets && !w->res.d)))
			dcc_dirs_section_end(w);
		dt = ktime_get_ns() - t0;
		s->entries += seen;
		s->sections++;
		s->max_section_entries = max_t(u64, s->max_section_entries,
					       seen);
		s->max_section_ns = max(s->max_section_ns, dt);
		dcc_resume_drop(&w->from);
		cond_resched();
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
	}
	dcc_resume_drop(&w->res);
	return ret;
}

int dcc_walk_run(struct dcc_snapshot *snap, struct dcc_sb_acc *acc)
{
	struct dcc_walk *w;
	int ret;

	w = dcc_walk_alloc(snap, acc);
	if (!w)
		return -ENOMEM;
	snap->buckets = w->nbuckets;
	snap->started_ns = ktime_get_ns();
	ret = dcc_sections(w, false);
	if (!ret) {
		dcc_resolve_chains(w);
		ret = dcc_resolve_dirs(w);
	}
	dcc_walk_free(w);
	return ret;
}

int dcc_walk_floor(u64 *ns, u64 *entries, u64 *max_section_ns)
{
	struct dcc_snapshot *s;
	struct dcc_walk *w;
	u64 t0;
	int ret;

	/* for the section figures only: no rows, no accumulator */
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	w = dcc_walk_alloc(s, NULL);
	if (!w) {
		kfree(s);
		return -ENOMEM;
	}
	t0 = ktime_get_ns();
	ret = dcc_sections(w, true);
	*ns = ktime_get_ns() - t0;
	*entries = s->entries;
	*max_section_ns = s->max_section_ns;
	dcc_walk_free(w);
	kfree(s);
	return ret;
}
