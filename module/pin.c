// SPDX-License-Identifier: GPL-2.0
/*
 * Holding superblocks and dentries: see include/pin.h.
 *
 * Lock order and lifetimes:
 *
 *   sb_lock			guards super_blocks (and s_count, up to 7.1)
 *     s_umount (shared)	trylock only, so never waited for under
 *				sb_lock (the kernel's order is s_umount ->
 *				sb_lock; a trylock adds no dependency)
 *   s_umount (shared)
 *     sb_lock			to drop our passive reference
 *
 * A superblock's memory lives while it has a passive reference (s_count,
 * s_passive since 7.2: include/compat.h): the last put unlinks it from
 * super_blocks under sb_lock and frees it after an RCU grace period. So
 * under sb_lock, a superblock on the list may take one more unless it is
 * past its last (dcc_sb_get_passive()). While we hold s_umount shared on a
 * superblock that is born, has a root and is not dying, its shutdown
 * (which takes s_umount exclusively) cannot start, so the list's own
 * passive reference is still there and ours is never the last: letting go
 * needs no call into fs/super.c.
 *
 * How long a racing umount waits for us: while we hold s_umount shared,
 * which is one RCU section and the work right after it (a walk: the
 * resume point, through the next section; a shrink: one section and the
 * killing of its batch), one superblocks row (its memcgs included), or
 * one superblock's step-3 shrinker pass.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bsearch.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/lockref.h>
#include <linux/mm.h>
#include <linux/rwsem.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "compat.h"
#include "dcachectl.h"
#include "pin.h"
#include "walk.h"

unsigned int dcc_fault_pin;

/*
 * Alive, as super_trylock_shared() checks it, under s_umount: born, with a
 * root, and not dying (SB_DYING since 6.6; before, a dying sb has left its
 * type's instance list).
 */
static bool dcc_sb_alive(struct super_block *sb)
{
	if (!(sb->s_flags & SB_BORN) || !sb->s_root)
		return false;
#ifdef SB_DYING
	if (sb->s_flags & SB_DYING)
		return false;
#endif
	return !hlist_unhashed(&sb->s_instances);
}

bool dcc_sb_lock_shared(struct super_block *sb)
{
	/*
	 * Not even a trylock on one that looks dead: before 6.6 a dead
	 * sb's filesystem module may go while we hold the sb passively, and
	 * its s_umount's lockdep class with it.
	 */
	if (!dcc_sb_usable(sb))
		return false;
	if (!down_read_trylock(&sb->s_umount))
		return false;
	if (dcc_sb_alive(sb))
		return true;
	up_read(&sb->s_umount);
	return false;
}

void dcc_sb_unlock_shared(struct super_block *sb)
{
	up_read(&sb->s_umount);
}

bool dcc_sb_hold(struct super_block *sb)
{
	bool held = false;

	/*
	 * sb was read under RCU: its memory is valid, but it may be past its
	 * last passive reference, about to be freed: its s_umount is then
	 * free but its root gone (not alive), and dcc_sb_get_passive() tells.
	 */
	spin_lock(dcc_ksyms.sb_lock);
	if (dcc_sb_lock_shared(sb)) {
		held = dcc_sb_get_passive(sb);
		if (!held)
			dcc_sb_unlock_shared(sb);
	}
	spin_unlock(dcc_ksyms.sb_lock);
	return held;
}

void dcc_sb_release(struct super_block *sb)
{
	/*
	 * Ours is not the last passive reference (see the top of the file):
	 * a plain decrement, then s_umount, which lets a waiting umount in.
	 */
	dcc_sb_drop_passive(sb, dcc_ksyms.sb_lock);
	dcc_sb_unlock_shared(sb);
}

/*
 * Drop a passive reference held without s_umount. Sleeps. When ours is
 * the last, the superblock was shut down while we held it: its s_umount
 * is free for good, and drop_super() (s_umount shared + the last put)
 * frees it as the kernel's iterators would. (Before 6.6 its filesystem's
 * module may be gone by then, and lockdep would meet an unknown class on
 * that down_read(): a known gap, on debug kernels only.)
 */
static void dcc_sb_put_passive(struct super_block *sb)
{
	if (dcc_sb_drop_passive_not_last(sb, dcc_ksyms.sb_lock))
		return;
	/* no s_umount may be held here: this one can wait */
	down_read(&sb->s_umount);
	drop_super(sb);
}

static int dcc_sb_ptr_cmp(const void *a, const void *b)
{
	unsigned long x = (unsigned long)*(void * const *)a;
	unsigned long y = (unsigned long)*(void * const *)b;

	return x < y ? -1 : x > y;
}

static int dcc_supers_grow(struct dcc_sb_set *set)
{
	u32 cap = set->cap ? 2 * set->cap : 64;
	struct super_block **sbs;

	sbs = kvcalloc(cap, sizeof(*sbs), GFP_KERNEL);
	if (!sbs)
		return -ENOMEM;
	if (set->nr)
		memcpy(sbs, set->sbs, set->nr * sizeof(*sbs));
	kvfree(set->sbs);
	set->sbs = sbs;
	set->cap = cap;
	return 0;
}

int dcc_supers_grab(struct dcc_sb_set *set,
		    bool (*match)(struct super_block *sb, const void *arg),
		    const void *arg)
{
	struct super_block *sb, *pos = NULL;
	u32 n = 0;
	int ret = 0;

	memset(set, 0, sizeof(*set));
	spin_lock(dcc_ksyms.sb_lock);
	sb = list_first_entry(dcc_ksyms.super_blocks, struct super_block,
			      s_list);
	while (&sb->s_list != dcc_ksyms.super_blocks) {
		if (set->nr == set->cap || ++n > dcc_walk_batch) {
			/*
			 * Let sb_lock go: a passive reference keeps sb on
			 * the list (it leaves only with its last one), so
			 * the walk goes on from it. One past its last is no
			 * place to stop at. The previous place we held is
			 * let go outside sb_lock (it may sleep).
			 */
			if (!dcc_sb_get_passive(sb)) {
				sb = list_next_entry(sb, s_list);
				continue;
			}
			spin_unlock(dcc_ksyms.sb_lock);
			if (pos)
				dcc_sb_put_passive(pos);
			pos = sb;
			if (set->nr == set->cap)
				ret = dcc_supers_grow(set);
			cond_resched();
			if (!ret && fatal_signal_pending(current))
				ret = -EINTR;
			if (ret)
				goto fail;
			n = 0;
			spin_lock(dcc_ksyms.sb_lock);
			continue;	/* sb itself is not looked at yet */
		}
		if (match(sb, arg) && dcc_sb_get_passive(sb))
			set->sbs[set->nr++] = sb;
		sb = list_next_entry(sb, s_list);
	}
	spin_unlock(dcc_ksyms.sb_lock);
	if (pos)
		dcc_sb_put_passive(pos);
	sort(set->sbs, set->nr, sizeof(*set->sbs), dcc_sb_ptr_cmp, NULL);
	return 0;
fail:
	dcc_sb_put_passive(pos);
	dcc_supers_put(set);
	return ret;
}

void dcc_supers_put(struct dcc_sb_set *set)
{
	u32 i;

	for (i = 0; i < set->nr; i++) {
		dcc_sb_put_passive(set->sbs[i]);
		cond_resched();
	}
	kvfree(set->sbs);
	memset(set, 0, sizeof(*set));
}

bool dcc_supers_has(const struct dcc_sb_set *set,
		    const struct super_block *sb)
{
	return bsearch(&sb, set->sbs, set->nr, sizeof(*set->sbs),
		       dcc_sb_ptr_cmp);
}

static bool dcc_count_one(struct super_block *sb, const void *arg)
{
	(*(unsigned int *)arg)++;
	return false;
}

unsigned int dcc_count_supers(void)
{
	struct dcc_sb_set set;
	unsigned int n = 0;

	/* the count is a size hint: on -EINTR, what was counted so far */
	dcc_supers_grab(&set, dcc_count_one, &n);
	dcc_supers_put(&set);
	return n;
}

bool dcc_resume_pin(struct dcc_resume *r, struct dentry *d,
		    unsigned long bucket)
{
	struct super_block *sb = READ_ONCE(d->d_sb);

	if (dcc_fault_pin)
		return false;
	/* d and sb are valid memory until the caller's section ends */
	if (!dcc_sb_hold(sb))
		return false;	/* being mounted, unmounted or remounted */
	if (!lockref_get_not_dead(&d->d_lockref)) {
		dcc_sb_release(sb);
		return false;	/* d is dying */
	}
	r->d = d;
	r->sb = sb;
	r->seq = raw_seqcount_begin(&d->d_seq);
	r->bucket = bucket;
	return true;
}

bool dcc_resume_valid(const struct dcc_resume *r, unsigned int shift)
{
	struct dentry *d = r->d;

	/*
	 * __d_drop() and __d_move() both bump d_seq, so a drop and rehash
	 * into the same chain (at its head) is caught too.
	 */
	return !d_unhashed(d) && READ_ONCE(d->d_name.hash) >> shift ==
		r->bucket && raw_read_seqcount(&d->d_seq) == r->seq;
}

void dcc_resume_drop(struct dcc_resume *r)
{
	if (!r->d)
		return;
	/* the dentry first: it may die here, with its filesystem held */
	dput(r->d);
	dcc_sb_release(r->sb);
	r->d = NULL;
	r->sb = NULL;
}
