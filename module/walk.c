// SPDX-License-Identifier: GPL-2.0
/*
 * The one walk over dentry_hashtable, feeding every view.
 *
 * Lock order and lifetimes:
 *
 *   dcc_snap_lock (mutex)	one walk at a time; readers of the snapshot
 *     rcu_read_lock()		one section per batch of at most walk_batch
 *				dentries; nothing in it sleeps
 *       d_lockref		only through lockref_get_not_dead()
 *     sb_lock (supers.c)	at most walk_batch superblocks per hold
 *     s_umount			only inside deactivate_super(), never ours
 *
 * Dentries and superblocks are freed after an RCU grace period
 * (dentry_free() uses call_rcu() for every dentry a lookup can see;
 * superblocks go through destroy_super_rcu()). So a pointer read from a hash
 * chain may be dereferenced until the section it was read in ends, and
 * never after. A dentry needed beyond its section (the resume point of a
 * long chain, the dominant name of a chain, a heavy directory) is pinned:
 * first an active reference on its superblock, so the filesystem cannot be
 * torn down under us (and umount never finds our dentry still in use), then
 * a reference on the dentry. Pins are dropped outside every RCU section,
 * because dput() and deactivate_super() may sleep.
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
#include "hh.h"
#include "walk.h"

unsigned int dcc_walk_batch = 1024;
unsigned int dcc_top_n = 16;
unsigned int dcc_cache_ms = 1000;
bool dcc_bench;

static DEFINE_MUTEX(dcc_snap_lock);
/* The last finished walk; protected by dcc_snap_lock. */
static struct dcc_snapshot *dcc_snap;
static u64 dcc_snap_done_ns;
/* Set by a shrink that freed something; the next read walks again. */
static bool dcc_snap_stale;
static struct dcc_walk_stats dcc_stats;

/* Per-superblock accumulators, open addressing keyed by the sb pointer. */
struct dcc_sb_slot {
	const void *key;
	struct dcc_sb_count c;
};

struct dcc_sb_acc {
	u32 mask;
	struct dcc_sb_slot *slot;
};

/* The chain being walked. */
struct dcc_chain_acc {
	u32 len;
	u32 negative;
	bool approx;
	/* Misra-Gries, two counters, over (parent, name hash). */
	const void *mg_parent[2];
	u32 mg_hash[2];
	u32 mg_cnt[2];
	struct dentry *mg_rep[2];	/* valid in section mg_sec[] only */
	u64 mg_sec[2];
	struct dentry *rep_pin;		/* pinned representative, or NULL */
	const void *rep_parent;
	u32 rep_hash;
};

/* A pinned dentry, or (d == NULL) a lone active reference on sb. */
struct dcc_pin {
	struct dentry *d;
	struct super_block *sb;
};

struct dcc_chain_slot {
	struct dcc_chain_row row;
	struct dentry *pin;
};

struct dcc_walk {
	struct hlist_bl_head *table;
	unsigned long nbuckets;
	unsigned int shift;
	u64 section;
	struct dcc_snapshot *snap;
	struct dcc_sb_acc sbs;
	struct dcc_hh dirs;
	u32 *dirs_top;
	u32 dirs_keep;			/* top_n: its heaviest stay pinned */
	u64 dirs_min;			/* counters from here up are pinned */
	u32 dirs_every;			/* sections between two unpin passes */
	struct dcc_chain_slot *top;
	u32 nr_top;
	u32 top_min;			/* index of the shortest kept chain */
	struct dcc_pin *release;	/* pins to drop after the section */
	u32 nr_release;
	u32 release_cap;
	struct dentry *resume;		/* pinned; the chain goes on after it */
	unsigned int resume_seq;	/* its d_seq when it was pinned */
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
	char *buf;			/* PATH_MAX, for path resolution */
};

/* ---- pins ---- */

/* Queue a pin for release after the section; see dcc_release(). */
static void dcc_unpin_later(struct dcc_walk *w, struct dentry *d,
			    struct super_block *sb)
{
	/* release_cap is sized so that this never overflows (dcc_walk_alloc) */
	if (WARN_ON_ONCE(w->nr_release >= w->release_cap))
		return;
	w->release[w->nr_release].d = d;
	w->release[w->nr_release].sb = sb;
	w->nr_release++;
}

/*
 * Pin d, read inside the current RCU section (which keeps d and its sb
 * from being freed until it ends). The superblock's active reference comes
 * first: while we hold it kill_sb() cannot run, so umount can never find
 * our dentry still in use; a racing umount instead completes when we drop
 * the reference. Then the dentry itself, unless it is already dying.
 * Called under rcu_read_lock(); never sleeps.
 */
static struct dentry *dcc_pin(struct dcc_walk *w, struct dentry *d)
{
	struct super_block *sb = READ_ONCE(d->d_sb);

	if (!dcc_sb_usable(sb) || !atomic_inc_not_zero(&sb->s_active))
		return NULL;	/* not born, or being unmounted: leave it */
	if (lockref_get_not_dead(&d->d_lockref))
		return d;
	/*
	 * A dying dentry. Drop the sb reference at once unless it is the
	 * last one (deactivate_super()'s own fast path); the last one must
	 * go through deactivate_super(), which sleeps, so after the section.
	 */
	if (!atomic_add_unless(&sb->s_active, -1, 1))
		dcc_unpin_later(w, NULL, sb);
	return NULL;
}

static void dcc_unpin(struct dcc_walk *w, struct dentry *d)
{
	if (d)
		dcc_unpin_later(w, d, d->d_sb);
}

/*
 * Drop the queued pins. Outside any RCU section: dput() may sleep, and
 * deactivate_super() may run the whole umount if ours was the last active
 * reference. The dentry goes first: the sb reference keeps its tree alive.
 */
static void dcc_release(struct dcc_walk *w)
{
	u32 i;

	for (i = 0; i < w->nr_release; i++) {
		dput(w->release[i].d);
		deactivate_super(w->release[i].sb);
	}
	w->nr_release = 0;
}

/* ---- per-superblock accumulators ---- */

/*
 * The slot of sb: its own, or the empty one where it would go; NULL when
 * the table is full without it.
 */
static struct dcc_sb_slot *dcc_sb_acc_slot(struct dcc_sb_acc *acc,
					   const void *sb)
{
	u32 i = (u32)(((unsigned long)sb * 0x9e3779b97f4a7c15ULL) >> 40) &
		acc->mask;
	u32 probes;

	for (probes = 0; probes <= acc->mask; probes++) {
		if (acc->slot[i].key == sb || !acc->slot[i].key)
			return &acc->slot[i];
		i = (i + 1) & acc->mask;
	}
	return NULL;
}

static struct dcc_sb_count *dcc_sb_acc_get(struct dcc_sb_acc *acc,
					   const void *sb)
{
	struct dcc_sb_slot *sl = dcc_sb_acc_slot(acc, sb);

	if (!sl)
		return NULL;	/* full: counted as unattributed */
	sl->key = sb;
	return &sl->c;
}

const struct dcc_sb_count *dcc_sb_acc_find(struct dcc_sb_acc *acc,
					   const void *sb)
{
	struct dcc_sb_slot *sl = dcc_sb_acc_slot(acc, sb);

	return sl && sl->key ? &sl->c : NULL;
}

/* ---- chains ---- */

/*
 * Ready for the next chain. Only what is read before being written: the
 * Misra-Gries keys, representatives and sections are read only where
 * their counter is not zero, rep_parent and rep_hash only with rep_pin.
 */
static void dcc_chain_reset(struct dcc_chain_acc *c)
{
	c->len = 0;
	c->negative = 0;
	c->approx = false;
	c->mg_cnt[0] = 0;
	c->mg_cnt[1] = 0;
	c->rep_pin = NULL;
}

/* Misra-Gries update with (parent, hash) of one chain entry. */
static void dcc_chain_mg(struct dcc_walk *w, struct dentry *d,
			 const void *parent, u32 hash)
{
	struct dcc_chain_acc *c = &w->chain;
	int i;

	for (i = 0; i < 2; i++) {
		if (c->mg_cnt[i] && c->mg_parent[i] == parent &&
		    c->mg_hash[i] == hash)
			goto hit;
	}
	for (i = 0; i < 2; i++) {
		if (!c->mg_cnt[i]) {
			c->mg_parent[i] = parent;
			c->mg_hash[i] = hash;
			goto hit;
		}
	}
	c->mg_cnt[0]--;
	c->mg_cnt[1]--;
	return;
hit:
	c->mg_cnt[i]++;
	c->mg_rep[i] = d;
	c->mg_sec[i] = w->section;
}

static int dcc_chain_dominant(const struct dcc_chain_acc *c)
{
	return c->mg_cnt[1] > c->mg_cnt[0] ? 1 : 0;
}

/*
 * Keep a pinned dentry for the chain's dominant key, so that a chain
 * longer than one section still has a name at its end. Under RCU.
 */
static void dcc_chain_pin_rep(struct dcc_walk *w)
{
	struct dcc_chain_acc *c = &w->chain;
	int i = dcc_chain_dominant(c);

	if (!c->mg_cnt[i] || c->mg_sec[i] != w->section)
		return;
	if (c->rep_pin && c->rep_parent == c->mg_parent[i] &&
	    c->rep_hash == c->mg_hash[i])
		return;
	dcc_unpin(w, c->rep_pin);
	c->rep_pin = dcc_pin(w, c->mg_rep[i]);
	c->rep_parent = c->mg_parent[i];
	c->rep_hash = c->mg_hash[i];
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
		if (dcc_chain_before(&w->top[w->top_min].row, &w->top[i].row))
			w->top_min = i;
}

/* The chain of bucket b is complete. Under RCU. */
static void dcc_chain_done(struct dcc_walk *w, unsigned long b)
{
	struct dcc_chain_acc *c = &w->chain;
	struct dcc_snapshot *s = w->snap;
	struct dcc_chain_slot *slot;

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
		       c->len > w->top[w->top_min].row.len)) {
		int i = dcc_chain_dominant(c);

		if (w->nr_top < dcc_top_n) {
			slot = &w->top[w->nr_top++];
		} else {
			slot = &w->top[w->top_min];
			dcc_unpin(w, slot->pin);
		}
		memset(slot, 0, sizeof(*slot));
		slot->row.bucket = b;
		slot->row.len = c->len;
		slot->row.negative = c->negative;
		slot->row.dom_count = c->mg_cnt[i];
		slot->row.approx = c->approx;
		if (c->rep_pin && c->rep_parent == c->mg_parent[i] &&
		    c->rep_hash == c->mg_hash[i]) {
			slot->pin = c->rep_pin;		/* ownership moves */
			c->rep_pin = NULL;
		} else if (c->mg_cnt[i] && c->mg_sec[i] == w->section) {
			slot->pin = dcc_pin(w, c->mg_rep[i]);
		}
		if (w->nr_top == dcc_top_n)
			dcc_top_find_min(w);
	}
	dcc_unpin(w, c->rep_pin);
	dcc_chain_reset(c);
}

/* ---- directories ---- */

/*
 * A directory is named at the end of the walk only if its key (the parent
 * dentry) is pinned then. Every counter at or above dirs_min is pinned:
 * dcc_dirs_flush() pins a slot when its count reaches dirs_min, in the
 * section that saw the run, hence while the key is valid memory; the pass
 * below raises dirs_min to the count of the dirs_keep-th heaviest counter
 * and unpins what fell under it. A key's count and dirs_min only grow, so
 * a directory at least as heavy as the dirs_keep-th at the end (ties
 * included) was pinned at its last update, at its final count, and never
 * unpinned after: which directories are named does not depend on where
 * the sections ended. At most one pin per counter. Under RCU.
 */
static void dcc_dirs_section_end(struct dcc_walk *w)
{
	u32 n = dcc_hh_top(&w->dirs, w->dirs_top, w->dirs_keep);
	u32 i;

	if (n < w->dirs_keep)
		return;
	w->dirs_min = w->dirs.slot[w->dirs_top[n - 1]].count;
	for (i = 0; i < w->dirs.used; i++) {
		struct dcc_hh_slot *sl = &w->dirs.slot[i];

		if (sl->cookie && sl->count < w->dirs_min) {
			dcc_unpin(w, sl->cookie);
			sl->cookie = NULL;
		}
	}
}

/* ---- the walk ---- */

/*
 * Count the pending run of one parent in dirs, and pin the parent if its
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
	if (did_evict)
		dcc_unpin(w, evicted.cookie);
	/* run_parent was read in this section: valid memory until it ends */
	if (!sl->cookie && sl->count >= w->dirs_min)
		sl->cookie = dcc_pin(w, (struct dentry *)w->run_parent);
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
		w->last_cnt = dcc_sb_acc_get(&w->sbs, sb);
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
	dcc_chain_mg(w, d, parent, hashlen_hash(hashlen));
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

/* The bucket a hashed dentry belongs in, as d_hash() computes it. */
static unsigned long dcc_bucket_of(struct dcc_walk *w, struct dentry *d)
{
	return READ_ONCE(d->d_name.hash) >> w->shift;
}

/*
 * Pick up a chain left in the middle by the previous section. The resume
 * dentry is pinned, so its memory is valid; if it is still hashed in the
 * same bucket, its successor pointer is as good as any chain pointer read
 * under RCU. Returns the next node, or NULL when the chain is finished
 * (and *b moved on).
 */
static __always_inline struct hlist_bl_node *
dcc_resume(struct dcc_walk *w, unsigned long *b, const bool floor)
{
	struct dentry *d = w->resume;
	struct hlist_bl_node *next;

	w->resume = NULL;
	/* Our pin is dropped after this section; d stays valid until then. */
	dcc_unpin(w, d);
	if (d_unhashed(d) || dcc_bucket_of(w, d) != *b ||
	    raw_read_seqcount(&d->d_seq) != w->resume_seq) {
		/*
		 * Dropped or moved while we were out (__d_drop() and
		 * __d_move() both bump d_seq, so a drop and rehash into the
		 * same bucket, at its head, is caught too): its successor may
		 * be gone, or already counted. Keep what was counted and flag
		 * the chain as a lower bound.
		 */
		w->chain.approx = true;
		dcc_chain_end(w, b, floor);
		return NULL;
	}
	next = rcu_dereference_raw(d->d_hash.next);
	if (!next)
		dcc_chain_end(w, b, floor);
	return next;
}

/*
 * One RCU section: walk on from bucket *b (or the resume point) until
 * walk_batch units were spent, one per dentry and one per bucket. Returns
 * the number of dentries seen. Ends early when the release list fills, so
 * that it never overflows. With floor set (a constant: the compiler builds
 * two copies) it only counts, for the bench's floor; the sections, their
 * budget and the resume points are the same.
 */
static __always_inline u32 dcc_section_mode(struct dcc_walk *w,
					    unsigned long *b,
					    const bool floor)
{
	u32 budget = dcc_walk_batch, seen = 0;
	struct hlist_bl_node *node = NULL, *next;
	u32 full = w->release_cap / 2;
	struct dentry *d;

	if (w->resume)
		node = dcc_resume(w, b, floor);
	while (budget && w->nr_release < full) {
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
			if (!next || (budget && w->nr_release < full))
				continue;
			/* Out of budget in mid-chain: pin where we are. */
			if (!floor)
				dcc_chain_pin_rep(w);
			w->resume = dcc_pin(w, d);
			if (w->resume) {
				w->resume_seq = raw_seqcount_begin(&d->d_seq);
				return seen;
			}
			/* d is dying: its chain cannot be resumed from it. */
			w->chain.approx = true;
			break;
		}
		node = NULL;
		dcc_chain_end(w, b, floor);
	}
	return seen;
}

static u32 dcc_section(struct dcc_walk *w, unsigned long *b)
{
	return dcc_section_mode(w, b, false);
}

static u32 dcc_floor_section(struct dcc_walk *w, unsigned long *b)
{
	return dcc_section_mode(w, b, true);
}

/* ---- after the walk: names, paths, release ---- */

/*
 * Copy src into dst (size n) with whitespace, backslash and non-printable
 * bytes escaped as \ooo, so that a row never holds a blank. Truncates.
 */
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

/* Path of a pinned dentry inside its filesystem. Sleeps: no RCU. */
static const char *dcc_path(struct dcc_walk *w, struct dentry *d)
{
	char *p = dentry_path_raw(d, w->buf, PATH_MAX);

	return IS_ERR(p) ? "?" : p;
}

static void dcc_fill_fs(struct dentry *d, dev_t *dev, char *type)
{
	/* d is pinned, and with it its superblock: both stay. */
	*dev = d->d_sb->s_dev;
	dcc_escape(type, DCC_TYPE_MAX, d->d_sb->s_type->name);
}

static int dcc_chain_row_cmp(const void *a, const void *b)
{
	return dcc_chain_before(a, b) ? -1 : dcc_chain_before(b, a);
}

static void dcc_resolve_chains(struct dcc_walk *w)
{
	struct dcc_snapshot *s = w->snap;
	u32 i;

	for (i = 0; i < w->nr_top; i++) {
		struct dcc_chain_slot *sl = &w->top[i];
		char *slash;
		const char *p;

		if (sl->pin) {
			p = dcc_path(w, sl->pin);
			slash = strrchr(p, '/');
			dcc_escape(sl->row.name, DCC_PATH_MAX,
				   slash ? slash + 1 : p);
			if (slash && slash != p)
				*slash = '\0';
			else if (slash)
				slash[1] = '\0';
			dcc_escape(sl->row.parent, DCC_PATH_MAX, p);
			dcc_fill_fs(sl->pin, &sl->row.dev, sl->row.type);
			sl->row.resolved = true;
		}
		s->chains[i] = sl->row;
	}
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
 * ties at the cut included; all of them are pinned (dcc_dirs_section_end()).
 * Named and put in order, their first top_n are the rows, so that ties at
 * the cut are decided by the same key as the order. Sleeps: no RCU.
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
		if (sl->cookie) {
			dcc_escape(r->path, DCC_PATH_MAX,
				   dcc_path(w, sl->cookie));
			dcc_fill_fs(sl->cookie, &r->dev, r->type);
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

/* Queue every pin the walk still holds, then drop them. No RCU. */
static void dcc_release_all(struct dcc_walk *w)
{
	u32 i;

	dcc_release(w);
	dcc_unpin(w, w->resume);
	w->resume = NULL;
	dcc_unpin(w, w->chain.rep_pin);
	w->chain.rep_pin = NULL;
	dcc_release(w);
	for (i = 0; i < w->nr_top; i++) {
		dcc_unpin(w, w->top[i].pin);
		w->top[i].pin = NULL;
		dcc_release(w);
	}
	for (i = 0; i < w->dirs.used; i++) {
		dcc_unpin(w, w->dirs.slot[i].cookie);
		w->dirs.slot[i].cookie = NULL;
		dcc_release(w);
	}
}

/* ---- allocation ---- */

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

static void dcc_walk_free(struct dcc_walk *w)
{
	kvfree(w->sbs.slot);
	kvfree(w->dirs.slot);
	kvfree(w->dirs_top);
	kvfree(w->top);
	kvfree(w->release);
	kfree(w->buf);
	kfree(w);
}

static struct dcc_walk *dcc_walk_alloc(struct dcc_snapshot *snap)
{
	u32 k = max(64u, 16 * dcc_top_n);
	struct dcc_walk *w;
	u32 sbslots = 64;

	while (sbslots < 2 * (dcc_count_supers() + 64))
		sbslots <<= 1;
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return NULL;
	w->snap = snap;
	w->table = *dcc_ksyms.dentry_hashtable;
	w->shift = *dcc_ksyms.d_hash_shift;
	w->nbuckets = dcc_hash_buckets();
	w->sbs.mask = sbslots - 1;
	w->sbs.slot = kvcalloc(sbslots, sizeof(*w->sbs.slot), GFP_KERNEL);
	/* dirs.slot heads the Space-Saving memory block */
	w->dirs.slot = kvzalloc(dcc_hh_bytes(k), GFP_KERNEL);
	w->dirs_keep = dcc_top_n;
	w->dirs_every = max(1u, 1024 / dcc_walk_batch);
	w->dirs_top = kvcalloc(k, sizeof(u32), GFP_KERNEL);
	w->top = kvcalloc(dcc_top_n, sizeof(*w->top), GFP_KERNEL);
	/*
	 * What one section can queue: the section ends once half is used;
	 * its end then adds at most one unpin per directory slot, plus the
	 * last run's eviction, the chain's representative and resume point.
	 */
	w->release_cap = 2 * (k + dcc_top_n + 8);
	w->release = kvcalloc(w->release_cap, sizeof(*w->release), GFP_KERNEL);
	w->buf = kmalloc(PATH_MAX, GFP_KERNEL);
	snap->chains = kvcalloc(dcc_top_n, sizeof(*snap->chains), GFP_KERNEL);
	snap->dirs = kvcalloc(dcc_top_n, sizeof(*snap->dirs), GFP_KERNEL);
	if (!w->sbs.slot || !w->dirs.slot || !w->dirs_top || !w->top ||
	    !w->release || !w->buf || !snap->chains || !snap->dirs) {
		dcc_walk_free(w);
		return NULL;
	}
	dcc_hh_init(&w->dirs, k, w->dirs.slot);
	return w;
}

/* ---- the driver ---- */

static struct dcc_snapshot *dcc_walk_run(void)
{
	struct dcc_snapshot *s;
	unsigned long b = 0;
	struct dcc_walk *w;
	u64 t0, t, dt;
	int ret = 0;
	u32 seen;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	w = dcc_walk_alloc(s);
	if (!w) {
		dcc_snapshot_free(s);
		return ERR_PTR(-ENOMEM);
	}
	s->buckets = w->nbuckets;
	s->started_ns = ktime_get_ns();
	while (b < w->nbuckets || w->resume) {
		w->section++;
		t0 = ktime_get_ns();
		/*
		 * Every dentry and superblock pointer read from the table is
		 * valid until rcu_read_unlock(); what must outlive it is
		 * pinned first (dcc_pin).
		 */
		rcu_read_lock();
		seen = dcc_section(w, &b);
		/* A run must not outlive the section its parent is valid in. */
		dcc_dirs_flush(w);
		w->run_parent = NULL;
		/*
		 * Unpin the directories that are no longer heavy about every
		 * 1024 dentries, and at the end: the pass costs O(directory
		 * counters).
		 */
		if (w->section % w->dirs_every == 0 ||
		    (b >= w->nbuckets && !w->resume))
			dcc_dirs_section_end(w);
		rcu_read_unlock();
		dt = ktime_get_ns() - t0;
		s->entries += seen;
		s->sections++;
		s->max_section_entries = max_t(u64, s->max_section_entries,
					       seen);
		s->max_section_ns = max(s->max_section_ns, dt);
		dcc_release(w);
		cond_resched();
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
	}
	if (!ret) {
		dcc_resolve_chains(w);
		ret = dcc_resolve_dirs(w);
	}
	dcc_release_all(w);
	if (!ret)
		ret = dcc_supers_fill(s, &w->sbs);
	dcc_walk_free(w);
	t = ktime_get_ns();
	s->walk_ns = t - s->started_ns;
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
static struct dcc_snapshot *dcc_walk_fresh(void)
{
	struct dcc_snapshot *s;

	/*
	 * Cleared before the walk: a shrink that ends while we walk sets it
	 * again, and the read after this one walks anew.
	 */
	WRITE_ONCE(dcc_snap_stale, false);
	s = dcc_walk_run();
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
 * The floor for `make bench`: the same table in the same sections, with
 * the same budget, resume points and rescheduling as dcc_walk_run(), but
 * only counting. Returns its time, the dentries it saw and its longest
 * section in *ns, *entries and *max_section_ns; 0, -ENOMEM or -EINTR.
 */
static int dcc_floor_run(u64 *ns, u64 *entries, u64 *max_section_ns)
{
	struct dcc_snapshot *s;
	unsigned long b = 0;
	struct dcc_walk *w;
	int ret = 0;
	u64 t0, ts;
	u32 seen;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	w = dcc_walk_alloc(s);
	if (!w) {
		dcc_snapshot_free(s);
		return -ENOMEM;
	}
	*entries = 0;
	*max_section_ns = 0;
	t0 = ktime_get_ns();
	while (b < w->nbuckets || w->resume) {
		w->section++;
		ts = ktime_get_ns();
		/*
		 * As in dcc_walk_run(): what is read from the table is valid
		 * until rcu_read_unlock(); the resume point is pinned.
		 */
		rcu_read_lock();
		seen = dcc_floor_section(w, &b);
		rcu_read_unlock();
		*max_section_ns = max(*max_section_ns, ktime_get_ns() - ts);
		*entries += seen;
		dcc_release(w);
		cond_resched();
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
	}
	dcc_release_all(w);
	*ns = ktime_get_ns() - t0;
	dcc_walk_free(w);
	dcc_snapshot_free(s);
	return ret;
}

/*
 * The bench file (module parameter bench=1): a count-only floor, a full
 * walk that becomes the cached snapshot, and the floor again, back to back
 * under dcc_snap_lock so that no other walk runs in between.
 */
int dcc_walk_bench(struct dcc_bench_result *r)
{
	struct dcc_snapshot *s;
	int ret;

	memset(r, 0, sizeof(*r));
	if (mutex_lock_killable(&dcc_snap_lock))
		return -EINTR;
	ret = dcc_floor_run(&r->floor_ns[0], &r->floor_entries[0],
			    &r->floor_max_section_ns[0]);
	if (ret)
		goto out;
	s = dcc_walk_fresh();
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
	ret = dcc_floor_run(&r->floor_ns[1], &r->floor_entries[1],
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
	s = dcc_walk_fresh();
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
int dcc_walk_stats(struct dcc_walk_stats *out, struct dcc_snapshot *last)
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

void dcc_walk_exit(void)
{
	/* debugfs is gone: no reader can hold dcc_snap_lock any more. */
	dcc_snapshot_free(dcc_snap);
	dcc_snap = NULL;
}
