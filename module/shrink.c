// SPDX-License-Identifier: GPL-2.0
/*
 * The shrink engine behind /sys/kernel/debug/dcachectl/shrink (knob.c).
 *
 * A command (include/cmd.h) selects superblocks (and for dir=, a
 * directory). The engine then:
 *  1. walks dentry_hashtable in RCU sections of at most walk_batch units,
 *     taking a reference on each unused dentry that matches (its sb is a
 *     target, it is negative if asked, it lies under dir= if given), as
 *     many as max= still allows;
 *  2. after each section, under each dentry's d_lock, unhashes the ones
 *     whose only reference is ours (still negative if asked) and drops the
 *     reference: the final dput() of an unhashed dentry frees it. This
 *     reaches every dentry whatever memcg or node its LRU entry is on.
 *  3. for dev=, type=, path= and all without "negative", runs each target's
 *     own superblock shrinker for every node and every memcg that owns its
 *     part of the LRUs, which frees the inodes the dentries left unused, as
 *     memory pressure would; max= counts what it says it freed.
 *
 * Lock order and lifetimes:
 *
 *   dcc_shrink_lock (mutex)	knob.c's, held by the caller of
 *				dcc_shrink_run(): one command at a time
 *     sb_lock (pin.c)		taking the targets' passive references
 *     rcu_read_lock()		one section; nothing in it sleeps
 *       s_umount (shared)	trylock, on the targets the section takes
 *				dentries of (at most DCC_LOCKED_MAX), and on
 *				the resume point's superblock (pin.c)
 *         d_lockref		lockref_get_not_dead() only
 *     s_umount (shared)	still, while the section's batch is killed
 *       rename_lock		read side, for dir=
 *         d_lock		one dentry at a time
 *
 * path= and dir= are looked up by dcc_shrink_lookup() with no lock of
 * ours held, before the writer waits for dcc_shrink_lock (knob.c): a
 * lookup that stalls (FUSE, NFS) blocks its own writer only. The path
 * reference it returns keeps mount and dentry alive; path= takes its
 * superblock passively (dcc_shrink_targets()) and drops the path before
 * the wait, dir= keeps it to the end (dcc_shrink_release()).
 *
 * Targets are held passively (pin.c): their memory stays ours, so a
 * dentry's d_sb names a target by pointer, but a target can still be
 * unmounted. A dentry taken in a section is held with its superblock's
 * s_umount taken shared first, and both go once the section's batch is
 * killed: a racing umount waits for that (at most one section and its
 * kills) and never finds our reference; a target being unmounted or
 * remounted (s_umount taken) is skipped. A dentry pointer read in a
 * section is used only in that section, unless we took a reference on it
 * there.
 *
 * What bounds a command: every section spends walk_batch units (a dentry,
 * a bucket, or a step up the tree when deciding dir=) or ends because max=
 * is reached or it holds DCC_LOCKED_MAX superblocks (having taken a
 * dentry for each); a resume point that cannot be pinned, or that was
 * dropped meanwhile, ends its chain (counted in approx_chains) instead of
 * restarting it. Killing a batch frees its dentries and then their
 * parents while they become unused, one cond_resched() per dentry.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/ktime.h>
#include <linux/list_lru.h>
#include <linux/lockref.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/namei.h>
#include <linux/nodemask.h>
#include <linux/rculist_bl.h>
#include <linux/sched/signal.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "cmd.h"
#include "compat.h"
#include "dcachectl.h"
#include "escape.h"
#include "pin.h"
#include "shrink.h"
#include "walk.h"

/* fault_lookup_ms, fault_run_ms (test switches, default 0): dcc_fault_sleep() */
unsigned int dcc_fault_lookup_ms;
unsigned int dcc_fault_run_ms;

/* ---- targets ---- */

static bool dcc_sb_matches(const struct dcc_cmd *c, struct super_block *sb,
			   struct super_block *only)
{
	switch (c->sel) {
	case DCC_SEL_DEV:
		return sb->s_dev == MKDEV(c->major, c->minor);
	case DCC_SEL_TYPE:
		return !strcmp(sb->s_type->name, c->fstype);
	case DCC_SEL_PATH:
	case DCC_SEL_DIR:
		return sb == only;
	case DCC_SEL_ALL:
		return true;
	default:
		return false;
	}
}

/* Under sb_lock (pin.c): sb is on the list, its fields readable. */
static bool dcc_target_match(struct super_block *sb, const void *arg)
{
	const struct dcc_shrink *s = arg;

	return dcc_sb_usable(sb) && dcc_sb_matches(s->cmd, sb, s->only);
}

/*
 * s_umount shared on target sb until the section's batch is killed, by
 * trylock. 0; -EBUSY when sb cannot be locked (mounted, unmounted or
 * remounted right now: its dentries are left this time); -ENOSPC when the
 * section holds DCC_LOCKED_MAX already (it ends, and the next goes on).
 * Under RCU; never sleeps.
 */
static int dcc_lock_target(struct dcc_shrink *s, struct super_block *sb)
{
	u32 i;

	for (i = 0; i < s->nr_locked; i++)
		if (s->locked[i] == sb)
			return 0;
	if (sb == s->busy_sb)
		return -EBUSY;
	if (s->nr_locked == DCC_LOCKED_MAX)
		return -ENOSPC;
	/* a target: held passively, so sb is ours to lock */
	if (!dcc_sb_lock_shared(sb)) {
		s->busy_sb = sb;
		return -EBUSY;
	}
	s->locked[s->nr_locked++] = sb;
	return 0;
}

static void dcc_unlock_targets(struct dcc_shrink *s)
{
	while (s->nr_locked)
		dcc_sb_unlock_shared(s->locked[--s->nr_locked]);
	s->busy_sb = NULL;
	s->last_sb = NULL;
}

/* ---- step 1 and 2: the hash walk ---- */

/*
 * Objects this section may still take: max= counts what is taken, each
 * dentry with the inode it may free (dcc_cost()).
 */
static u64 dcc_room(const struct dcc_shrink *s)
{
	return s->left - min_t(u64, s->left, s->reserved);
}

/*
 * Whether the death of d's last dentry reference frees its inode too: d
 * holds the inode's only reference, and the inode's filesystem evicts an
 * unused inode at once (proc, sysfs, cgroupfs: dcc_just_drop) or would
 * not keep this one (unlinked, or unhashed: generic_drop_inode()'s
 * rule). Such an inode counts against max= with its dentry.
 *
 * Called under RCU at take time, a guess for the section's reservation,
 * and under d's d_lock at the kill, the charge: either keeps d->d_inode
 * valid memory (inodes are freed after a grace period; d_lock holds
 * d_inode still). i_count can still change before our dput(): a holder
 * that lets go first leaves ours the last reference (the inode dies
 * uncounted); one that comes keeps the inode (counted, not freed). A
 * filesystem's own ->drop_inode() may evict more (fscrypt's removed key,
 * NFS's stale inode): those are not foreseen either.
 */
static bool dcc_inode_goes(struct inode *inode)
{
	if (!inode || atomic_read(&inode->i_count) != 1)
		return false;
	if (READ_ONCE(inode->i_sb->s_op->drop_inode) == dcc_just_drop)
		return true;
	return !READ_ONCE(inode->i_nlink) || inode_unhashed(inode);
}

/* What freeing d costs against max=: the dentry, and maybe its inode. */
static u32 dcc_cost(struct dentry *d)
{
	return 1 + dcc_inode_goes(READ_ONCE(d->d_inode));
}

/*
 * Under RCU: whether d lies under dir=, by a lockless climb of at most
 * *budget d_parent steps, each spending a unit of the section. Ancestors
 * are valid memory until the section ends. 1 or 0; -EAGAIN when the budget
 * ran out first. A yes is checked again, exactly, by dcc_kill_one().
 */
static int dcc_under(const struct dcc_shrink *s, struct dentry *d,
		     u32 *budget)
{
	struct dentry *p = d, *up;

	for (; *budget; (*budget)--) {
		up = READ_ONCE(p->d_parent);
		if (up == s->dir)
			return 1;
		if (up == p)
			return 0;	/* a root, and not dir */
		p = up;
	}
	return -EAGAIN;
}

/*
 * Under RCU; d is valid memory until the section ends. 1 or 0; -EAGAIN
 * when the section ran out of budget deciding dir= (it pauses at d, and
 * the next, starting at d with a whole budget, takes d if it cannot
 * decide either: dcc_kill_one() decides exactly; a dry run asks
 * is_subdir() instead).
 */
static int dcc_candidate(struct dcc_shrink *s, struct dentry *d,
			 int our_refs, u32 *budget)
{
	int under;

	struct super_block *sb = READ_ONCE(d->d_sb);

	/* targets are held: no other superblock can reuse their address */
	if (sb != s->last_sb) {
		s->last_sb = sb;
		s->last_target = dcc_supers_has(&s->targets, sb);
	}
	if (!s->last_target)
		return 0;
	if (READ_ONCE(d->d_lockref.count) != our_refs)
		return 0;	/* in use */
	/*
	 * ->d_prune() (ceph) must see the dentry still hashed when it dies;
	 * only the kernel's own path (step 3) kills those in that order.
	 */
	if (READ_ONCE(d->d_flags) & DCACHE_OP_PRUNE)
		return 0;
	if (s->cmd->negative && READ_ONCE(d->d_inode))
		return 0;
	if (!s->dir)
		return 1;
	if (d == s->dir)
		return 0;
	under = dcc_under(s, d, budget);
	if (under != -EAGAIN || !our_refs)
		return under;
	/*
	 * The resume point, undecided again with a whole budget: a real run
	 * takes it and dcc_kill_one() decides exactly. A dry run kills
	 * nothing, so it decides here, as dcc_kill_one() would: is_subdir()
	 * climbs in an RCU section of its own, O(depth) once per section.
	 */
	return s->cmd->dry_run ? is_subdir(d, s->dir) : 1;
}

/*
 * Under RCU: take d for dcc_kill_batch(), its superblock locked first,
 * reserving what freeing it costs. Returns -ENOSPC when the section must
 * end before d (the next, with the batch's reservations spent, may take
 * it). A d that costs more than max= still allows is left.
 */
static int dcc_take(struct dcc_shrink *s, struct dentry *d)
{
	u32 cost = s->cmd->negative ? 1 : dcc_cost(d);
	int ret;

	if (cost > s->left)
		return 0;
	if (cost > dcc_room(s))
		return -ENOSPC;
	if (s->cmd->dry_run) {
		s->res->dentries++;
		s->res->negative += !READ_ONCE(d->d_inode);
		s->res->inodes += cost - 1;
		s->left -= cost;
		return 0;
	}
	ret = dcc_lock_target(s, READ_ONCE(d->d_sb));
	if (ret)
		return ret == -ENOSPC ? ret : 0;
	if (lockref_get_not_dead(&d->d_lockref)) {
		s->batch[s->nr_batch].d = d;
		s->batch[s->nr_batch++].cost = cost;
		s->reserved += cost;
	}
	return 0;
}

/*
 * Unhash d if ours is its only reference, it still qualifies and max=
 * leaves room for what it costs (dcc_cost(), now exact) besides what the
 * rest of the batch reserved, then drop our reference: the final dput()
 * of an unhashed dentry frees it, and its inode when dcc_inode_goes().
 * Returns d's parent, referenced, when d was freed and its parent may now
 * be free to go too (not for "negative": parents are positive). No RCU; d
 * is referenced by us and its superblock locked shared
 * (dcc_lock_target()).
 *
 * For dir=, *inside says that d was found under dir at rename_lock's
 * *seq: its parent then is too, or is dir, if no rename happened since,
 * so that freeing a deep unused tree costs O(1) per level, not O(depth).
 */
static struct dentry *dcc_kill_one(struct dcc_shrink *s, struct dentry *d,
				   unsigned int *seq, bool *inside)
{
	struct dentry *parent = NULL;
	bool killed = false, neg = false;
	bool in = true;
	u32 cost, pcost = 0;

	/*
	 * rename_lock nests outside d_lock: ask is_subdir() first, and make
	 * sure under d_lock that no rename moved d out meanwhile.
	 */
	if (s->dir) {
		if (*inside && !read_seqretry(&rename_lock, *seq)) {
			in = d != s->dir;
		} else {
			*seq = read_seqbegin(&rename_lock);
			in = d != s->dir && is_subdir(d, s->dir);
		}
	}
	spin_lock(&d->d_lock);
	if (s->dir && read_seqretry(&rename_lock, *seq))
		in = false;
	/* d_lock: d_inode stays, and with it the inode's memory */
	neg = d_really_is_negative(d);
	cost = 1 + (!neg && dcc_inode_goes(d->d_inode));
	if (in && !s->stop && s->left >= s->pending + cost &&
	    d->d_lockref.count == 1 &&
	    !d_unhashed(d) && !IS_ROOT(d) && !d_mountpoint(d) &&
	    !(d->d_flags & DCACHE_OP_PRUNE) && (!s->cmd->negative || neg)) {
		__d_drop(d);
		killed = true;
		s->left -= cost;
		/*
		 * What the parent would cost: d_lock holds d_parent, d's
		 * reference holds the parent and the parent its inode.
		 */
		if (!s->cmd->negative)
			pcost = 1 + dcc_inode_goes(d->d_parent->d_inode);
	}
	spin_unlock(&d->d_lock);
	*inside = in;
	/*
	 * d holds a reference on its parent until it dies in dput(). No
	 * climb unless max= leaves room for it and for the rest of the batch:
	 * a dentry we referenced and did not free would come back from our
	 * dput() marked referenced.
	 */
	if (killed && pcost && s->left >= s->pending + pcost)
		parent = dget_parent(d);
	dput(d);
	if (killed) {
		s->res->dentries++;
		s->res->negative += neg;
		s->res->inodes += cost == 2;
	}
	return parent;
}

/* Free the batch, and each freed dentry's ancestors that became unused. */
static void dcc_kill_batch(struct dcc_shrink *s)
{
	struct dentry *d;
	unsigned int seq = 0;
	bool inside;
	u32 i;

	for (i = 0; i < s->nr_batch; i++) {
		/* what the rest of the batch reserved stays reserved */
		s->reserved -= s->batch[i].cost;
		s->pending = s->reserved;
		inside = false;
		for (d = s->batch[i].d; d; d = dcc_kill_one(s, d, &seq, &inside)) {
			/* an unused tree can be as deep as a user made it */
			cond_resched();
			if (fatal_signal_pending(current))
				s->stop = true;	/* only drop our references */
		}
	}
	s->nr_batch = 0;
}

/*
 * One section from bucket *b, or from the dentry the last section stopped
 * at (s->from, pinned by us until after this section).
 */
static void dcc_shrink_section(struct dcc_shrink *s, unsigned long *b,
			       struct hlist_bl_head *table,
			       unsigned long nbuckets, unsigned int shift)
{
	struct dentry *from = s->from.d, *d = NULL;
	struct hlist_bl_node *node = NULL;
	u32 budget = dcc_walk_batch;
	int cand;

	if (from) {
		/* from itself was not looked at: the chain goes on at it */
		if (dcc_resume_valid(&s->from, shift)) {
			node = &from->d_hash;
		} else {
			/* its successors may be gone: give the rest up */
			s->res->approx_chains++;
			(*b)++;
		}
	}
	while (budget) {
		if (!node) {
			if (*b >= nbuckets)
				return;
			node = dcc_chain_first(&table[*b]);
			budget--;
		}
		for (; node; node = rcu_dereference_raw(node->next)) {
			d = hlist_bl_entry(node, struct dentry, d_hash);
			if (!budget || !dcc_room(s))
				goto pause;
			budget--;
			/* our pin on "from" is one reference of its count */
			cand = dcc_candidate(s, d, d == from ? 1 : 0, &budget);
			if (cand < 0 || (cand && dcc_take(s, d) == -ENOSPC))
				goto pause;
		}
		node = NULL;
		(*b)++;
	}
	return;
pause:
	/* Start at d next time; if it cannot be pinned, at the next chain. */
	if (!dcc_resume_pin(&s->at, d, *b)) {
		s->res->approx_chains++;
		(*b)++;
	}
}

static int dcc_shrink_walk(struct dcc_shrink *s)
{
	struct hlist_bl_head *table = *dcc_ksyms.dentry_hashtable;
	unsigned int shift = *dcc_ksyms.d_hash_shift;
	unsigned long nbuckets = dcc_hash_buckets();
	unsigned long b = 0;
	int ret = 0;

	while ((b < nbuckets || s->at.d) && s->left) {
		s->from = s->at;
		s->at.d = NULL;
		/*
		 * Dentry pointers from the table are valid until the unlock;
		 * candidates and the resume point are referenced inside,
		 * their superblocks locked shared first.
		 */
		rcu_read_lock();
		dcc_shrink_section(s, &b, table, nbuckets, shift);
		rcu_read_unlock();
		/* The old resume pin first, so that a candidate it was dies. */
		dcc_resume_drop(&s->from);
		dcc_kill_batch(s);
		dcc_unlock_targets(s);
		cond_resched();
		if (s->stop || fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
	}
	dcc_resume_drop(&s->at);
	return ret;
}

/* ---- step 3: the superblocks' own shrinkers, for inodes ---- */

/*
 * super_cache_scan() splits nr_to_scan between dentries, inodes and the
 * filesystem's own objects in proportion to their counts (the three shares
 * add up to nr_to_scan at most), then scans one more of each than its
 * share, the third only when its share is not zero. One call can thus free
 * nr_to_scan + 3 objects, and is never asked for more than max= allows
 * less that. What it returns, and we add up, is what it took off its LRUs:
 * it counts the dentries and inodes it frees and those it only drops from
 * the list (in use, or dirty inodes), not a parent that dies with its last
 * child or an inode evicted with its last dentry.
 */
#define DCC_SCAN_SLACK 3

/*
 * Scan one memcg's part of sb on one node in the shrinker's own batches
 * (the LRU lock is held for a whole batch), as do_shrink_slab() does. m is
 * NULL (the global lists) or held by the memcg iterator; each object the
 * scan reports is charged per times against max=. Returns -EINTR on a
 * fatal signal.
 */
static int dcc_shrink_one(struct dcc_shrink *s, struct shrinker *shrinker,
			  u32 per, int nid, struct mem_cgroup *m)
{
	unsigned long batch = shrinker->batch ? shrinker->batch : 128;
	struct shrink_control sc = {
		.gfp_mask = GFP_KERNEL,
		.nid = nid,
		.memcg = m,
	};
	unsigned long n = shrinker->count_objects(shrinker, &sc);
	unsigned long freed;

	if (n == SHRINK_EMPTY)
		return 0;
	while (n) {
		u64 room = s->left > DCC_SCAN_SLACK * per ?
			   (s->left - DCC_SCAN_SLACK * per) / per : 0;

		if (!room) {
			/* one more scan could go beyond max= */
			s->left = 0;
			return 0;
		}
		sc.nr_to_scan = min_t(u64, min(n, batch), room);
		sc.nr_scanned = sc.nr_to_scan;
		/* super_cache_scan() trylocks s_umount itself */
		freed = shrinker->scan_objects(shrinker, &sc);
		if (freed == SHRINK_STOP)
			return 0;
		s->res->shrinker += freed;
		s->left -= min_t(u64, s->left, (u64)freed * per);
		n -= min(n, max(sc.nr_scanned, 1UL));
		cond_resched();
		if (fatal_signal_pending(current))
			return -EINTR;
	}
	return 0;
}

/*
 * One pass of sb's shrinker over every node: for the global lists where
 * the LRUs are not per memcg, else for each memcg that owns its part
 * (dcc_memcg_owns_lru(): the root, for the global lists, and each online
 * memcg with a kmem id; one without would scan the root's again). Every
 * memcg costs a cond_resched() and a signal check, whatever its counts.
 */
static int dcc_shrink_sb_pass(struct dcc_shrink *s, struct super_block *sb)
{
	struct shrinker *shrinker = dcc_sb_shrinker(sb);
	struct list_lru *lru = &sb->s_dentry_lru;
	/*
	 * Where unused inodes are evicted at once (proc, sysfs, cgroupfs),
	 * each dentry the scan frees may take its inode along, which the
	 * scan does not count: ask for half, and charge twice what it says.
	 */
	u32 per = sb->s_op->drop_inode == dcc_just_drop ? 2 : 1;
	struct mem_cgroup *m = NULL;
	int nid, ret = 0;

	if (dcc_lru_per_memcg(lru))
		m = dcc_memcg_next(NULL);
	do {
		if (!m || dcc_memcg_owns_lru(lru, m)) {
			for_each_node_state(nid, N_NORMAL_MEMORY) {
				ret = dcc_shrink_one(s, shrinker, per, nid, m);
				if (ret || !s->left)
					break;
			}
		}
		cond_resched();
		if (!ret && fatal_signal_pending(current))
			ret = -EINTR;
		if (ret || !s->left) {
			if (m)
				dcc_memcg_break(m);
			return ret;
		}
	} while (m && (m = dcc_memcg_next(m)));
	return 0;
}

/*
 * Each target is held passively, and here s_umount shared, by trylock,
 * for its passes: super_cache_scan() takes s_umount shared itself, with a
 * trylock too, and when that fails (a writer waits for it) it returns
 * SHRINK_STOP and we go on with the next list.
 */
static int dcc_shrink_inodes(struct dcc_shrink *s)
{
	u32 i, pass;
	u64 before;
	int ret;

	for (i = 0; i < s->targets.nr && s->left; i++) {
		struct super_block *sb = s->targets.sbs[i];

		/*
		 * Held passively; alive, with its LRUs and shrinker, while we
		 * hold s_umount shared (a racing umount waits for this
		 * superblock's passes). One being unmounted is left.
		 */
		if (!dcc_sb_lock_shared(sb))
			continue;
		/*
		 * A referenced dentry or inode gets a second chance per scan:
		 * run passes until one frees nothing.
		 */
		for (pass = 0; pass < 4 && s->left; pass++) {
			before = s->res->shrinker;
			ret = dcc_shrink_sb_pass(s, sb);
			if (ret || s->res->shrinker == before)
				break;
		}
		dcc_sb_unlock_shared(sb);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- a command ---- */

/*
 * The test switches: fault_lookup_ms, a lookup that stalls (a FUSE daemon
 * that does not answer); fault_run_ms, a command that holds
 * dcc_shrink_lock long. Sleep that long, killably: -EINTR when a fatal
 * signal ends the sleep.
 */
static int dcc_fault_sleep(unsigned int ms)
{
	if (!ms)
		return 0;
	schedule_timeout_killable(msecs_to_jiffies(ms));
	return fatal_signal_pending(current) ? -EINTR : 0;
}

/*
 * path=, dir=: the path the command names, looked up with no lock of ours
 * held. On success s->dir_path holds a reference on its mount and dentry,
 * and s->only says so. -EINTR when killed while "stalled" (fault_lookup_ms);
 * -EXDEV when dev= is given with dir= and the directory is elsewhere.
 */
int dcc_shrink_lookup(struct dcc_shrink *s)
{
	unsigned int flags = LOOKUP_FOLLOW;
	char why[64];
	dev_t on;
	int ret;

	ret = dcc_fault_sleep(READ_ONCE(dcc_fault_lookup_ms));
	if (ret)
		return ret;
	if (s->cmd->sel == DCC_SEL_DIR)
		flags |= LOOKUP_DIRECTORY;
	ret = kern_path(s->cmd->path, flags, &s->dir_path);
	if (ret) {
		/* user input: escaped, and cut */
		dcc_escape(why, sizeof(why), s->cmd->path);
		pr_warn_ratelimited("shrink: %s: cannot look it up (%d)\n",
				    why, ret);
		return ret;
	}
	/*
	 * dev= with dir=: the directory the writer named must be on that
	 * superblock (a path copied from a view names a directory inside
	 * its filesystem, which the writer may reach elsewhere or not at
	 * all). Our path reference keeps the dentry, so its d_sb, alive.
	 */
	on = s->dir_path.dentry->d_sb->s_dev;
	if (s->cmd->dir_dev && on != MKDEV(s->cmd->major, s->cmd->minor)) {
		dcc_escape(why, sizeof(why), s->cmd->path);
		pr_warn_ratelimited("shrink: %s is on %u:%u, not on dev=%u:%u\n",
				    why, MAJOR(on), MINOR(on), s->cmd->major,
				    s->cmd->minor);
		path_put(&s->dir_path);
		return -EXDEV;
	}
	/* Our path reference keeps its mount and dentry alive. */
	s->only = s->dir_path.dentry->d_sb;
	if (s->cmd->sel == DCC_SEL_DIR)
		s->dir = s->dir_path.dentry;
	return 0;
}

/*
 * Take the targets, each passively. path= needs its superblock only, held
 * so now: the mount is let go at once (no lock of ours is needed for
 * either), so that an umount is not refused (EBUSY) while the command
 * waits for dcc_shrink_lock or runs. dir= keeps its directory, hence its
 * mount, to the end.
 */
int dcc_shrink_targets(struct dcc_shrink *s)
{
	int ret;

	ret = dcc_supers_grab(&s->targets, dcc_target_match, s);
	if (!ret && !s->targets.nr)
		ret = -ENOENT;
	if (ret) {
		/* res->cmd is escaped (knob.c) */
		if (ret == -ENOENT)
			pr_warn_ratelimited("shrink: no live superblock matches '%s'\n",
					    s->res->cmd);
		return ret;
	}
	s->grabbed = true;
	s->res->superblocks = s->targets.nr;
	if (s->cmd->sel == DCC_SEL_PATH) {
		path_put(&s->dir_path);
		s->only = NULL;
	}
	return 0;
}

/* What a command holds, let go: its targets, and dir='s path. */
void dcc_shrink_release(struct dcc_shrink *s)
{
	dcc_supers_put(&s->targets);
	if (s->only)
		path_put(&s->dir_path);
	s->only = NULL;
}

/*
 * Under dcc_shrink_lock, with what dcc_shrink_lookup() and
 * dcc_shrink_targets() took, if anything, released before it returns.
 */
int dcc_shrink_run(struct dcc_shrink *s)
{
	const struct dcc_cmd *cmd = s->cmd;
	int ret = 0;

	s->left = cmd->has_max ? cmd->max : U64_MAX;
	if (!s->grabbed)
		ret = dcc_shrink_targets(s);
	if (!ret)
		ret = dcc_fault_sleep(READ_ONCE(dcc_fault_run_ms));
	if (ret)
		goto out;
	s->batch = kvcalloc(dcc_walk_batch, sizeof(*s->batch), GFP_KERNEL);
	if (!s->batch) {
		ret = -ENOMEM;
		goto out;
	}
	ret = dcc_shrink_walk(s);
	if (!ret && !cmd->negative && !s->dir && !cmd->dry_run)
		ret = dcc_shrink_inodes(s);
	if (!ret && !s->left)
		s->res->stopped = "max";
	kvfree(s->batch);
out:
	dcc_shrink_release(s);
	return ret;
}
