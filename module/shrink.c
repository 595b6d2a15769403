// SPDX-License-Identifier: GPL-2.0
/*
 * The shrink engine behind /sys/kernel/debug/dcachectl/shrink.
 *
 * A command (include/cmd.h) selects superblocks (and for dir=, a
 * directory). The engine then:
 *  1. walks dentry_hashtable in RCU sections of at most walk_batch units,
 *     taking a reference on each unused dentry that matches (its sb is a
 *     target, it is negative if asked, it lies under dir= if given);
 *  2. after each section, under each dentry's d_lock, unhashes the ones
 *     whose only reference is ours (still negative if asked) and drops the
 *     reference: the final dput() of an unhashed dentry frees it. This
 *     reaches every dentry whatever memcg or node its LRU entry is on.
 *  3. for dev=, type=, path= and all without "negative", runs each target's
 *     own superblock shrinker for every memcg and node, which frees the
 *     inodes the dentries left unused, as memory pressure would (it takes
 *     s_umount shared with a trylock, like the kernel's shrinkers do).
 *
 * Lock order and lifetimes:
 *
 *   dcc_shrink_lock (mutex)	one command at a time, and last_shrink
 *     sb_lock			while taking the targets' active references
 *     rcu_read_lock()		one section; nothing in it sleeps
 *       d_lockref		lockref_get_not_dead() only
 *     d_lock			one dentry at a time, outside RCU
 *
 * Every target superblock is held by an active reference for the whole
 * command, so it cannot be shut down under us and umount never finds our
 * dentry references (a racing umount completes when we let go). A dentry
 * pointer read in a section is used only in that section, unless we took a
 * reference on it there.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/debugfs.h>
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
#include <linux/seq_file.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>

#include "cmd.h"
#include "compat.h"
#include "dcachectl.h"
#include "walk.h"

static DEFINE_MUTEX(dcc_shrink_lock);

struct dcc_shrink_result {
	char cmd[DCC_PATH_MAX + 64];
	int error;
	const char *stopped;	/* done, max, signal, error */
	u32 superblocks;
	u64 dentries;		/* killed by the hash walk (steps 1, 2) */
	u64 negative;
	u64 shrinker;		/* step 3: what super_cache_scan() said */
	u64 ns;
};

/* Both protected by dcc_shrink_lock. */
static struct dcc_shrink_result dcc_last;
static struct {
	u64 runs, errors, dentries, negative, shrinker;
} dcc_totals;

struct dcc_shrink {
	const struct dcc_cmd *cmd;
	struct super_block **sbs;	/* targets, each held active */
	u32 nr_sbs;
	u32 cap_sbs;
	struct dentry *dir;		/* dir=: held through dir_path */
	struct path dir_path;
	struct dentry **batch;		/* referenced candidates */
	u32 nr_batch;
	struct dentry *resume;		/* pinned; the next section starts at it */
	unsigned int resume_seq;
	struct super_block *resume_sb;	/* its sb, held active */
	struct super_block *late_sb;	/* an active ref to drop outside RCU */
	u64 left;			/* max=: objects still allowed */
	struct dcc_shrink_result *res;
};

/* ---- targets ---- */

static int dcc_sb_ptr_cmp(const void *a, const void *b)
{
	unsigned long x = (unsigned long)*(void * const *)a;
	unsigned long y = (unsigned long)*(void * const *)b;

	return x < y ? -1 : x > y;
}

static bool dcc_is_target(const struct dcc_shrink *s, struct super_block *sb)
{
	u32 lo = 0, hi = s->nr_sbs;

	while (lo < hi) {
		u32 mid = (lo + hi) / 2;

		if (s->sbs[mid] == sb)
			return true;
		if ((unsigned long)s->sbs[mid] < (unsigned long)sb)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

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

/*
 * Take an active reference on every usable superblock the command selects.
 * sb_lock is held from one superblock to the next; the array is sized
 * first, and superblocks mounted meanwhile beyond it are left out.
 */
static int dcc_grab_targets(struct dcc_shrink *s, struct super_block *only)
{
	u32 cap = 16 + dcc_count_supers();
	struct super_block *sb;

	s->sbs = kvcalloc(cap, sizeof(*s->sbs), GFP_KERNEL);
	if (!s->sbs)
		return -ENOMEM;
	s->cap_sbs = cap;

	/* The list only moves under sb_lock; the refs we take never sleep. */
	spin_lock(dcc_ksyms.sb_lock);
	list_for_each_entry(sb, dcc_ksyms.super_blocks, s_list) {
		if (s->nr_sbs == cap)
			break;
		if (!dcc_sb_usable(sb) || !dcc_sb_matches(s->cmd, sb, only))
			continue;
		if (atomic_inc_not_zero(&sb->s_active))
			s->sbs[s->nr_sbs++] = sb;
	}
	spin_unlock(dcc_ksyms.sb_lock);
	sort(s->sbs, s->nr_sbs, sizeof(*s->sbs), dcc_sb_ptr_cmp, NULL);
	return s->nr_sbs ? 0 : -ENOENT;
}

static void dcc_drop_targets(struct dcc_shrink *s)
{
	u32 i;

	for (i = 0; i < s->nr_sbs; i++)
		deactivate_super(s->sbs[i]);
	kvfree(s->sbs);
}

/* ---- step 1 and 2: the hash walk ---- */

static bool dcc_candidate(struct dcc_shrink *s, struct dentry *d,
			  int our_refs)
{
	if (!dcc_is_target(s, READ_ONCE(d->d_sb)))
		return false;
	if (READ_ONCE(d->d_lockref.count) != our_refs)
		return false;	/* in use */
	/*
	 * ->d_prune() (ceph) must see the dentry still hashed when it dies;
	 * only the kernel's own path (step 3) kills those in that order.
	 */
	if (READ_ONCE(d->d_flags) & DCACHE_OP_PRUNE)
		return false;
	if (s->cmd->negative && READ_ONCE(d->d_inode))
		return false;
	if (s->dir && (d == s->dir || !is_subdir(d, s->dir)))
		return false;
	return true;
}

/*
 * Unhash d if ours is its only reference and it still qualifies, then drop
 * our reference: the final dput() of an unhashed dentry frees it. Returns
 * d's parent, referenced, when d was freed and its parent may now be free
 * to go too (not for "negative": parents are positive). No RCU, no lock
 * held; d is referenced by us and its sb is a target, held active.
 */
static struct dentry *dcc_kill_one(struct dcc_shrink *s, struct dentry *d)
{
	struct dentry *parent = NULL;
	bool killed = false, neg = false;
	bool inside = true;
	unsigned int seq = 0;

	/*
	 * rename_lock nests outside d_lock: ask is_subdir() first, and make
	 * sure under d_lock that no rename moved d out meanwhile.
	 */
	if (s->dir) {
		seq = read_seqbegin(&rename_lock);
		inside = d != s->dir && is_subdir(d, s->dir);
	}
	spin_lock(&d->d_lock);
	if (s->dir && read_seqretry(&rename_lock, seq))
		inside = false;
	if (inside && d->d_lockref.count == 1 && !d_unhashed(d) &&
	    !IS_ROOT(d) && !d_mountpoint(d) && s->left &&
	    !(d->d_flags & DCACHE_OP_PRUNE) &&
	    (!s->cmd->negative || d_really_is_negative(d))) {
		neg = d_really_is_negative(d);
		__d_drop(d);
		killed = true;
	}
	spin_unlock(&d->d_lock);
	/* d holds a reference on its parent until it dies in dput() */
	if (killed && !s->cmd->negative)
		parent = dget_parent(d);
	dput(d);
	if (killed) {
		s->res->dentries++;
		s->res->negative += neg;
		s->left--;
	}
	return parent;
}

/* Free the batch, and each freed dentry's ancestors that became unused. */
static void dcc_kill_batch(struct dcc_shrink *s)
{
	struct dentry *d;
	u32 i;

	if (s->late_sb) {
		deactivate_super(s->late_sb);
		s->late_sb = NULL;
	}
	for (i = 0; i < s->nr_batch; i++) {
		d = s->batch[i];
		while (d)
			d = dcc_kill_one(s, d);
		cond_resched();
	}
	s->nr_batch = 0;
}

/* Under RCU: a reference on a candidate, for dcc_kill_batch(). */
static void dcc_take(struct dcc_shrink *s, struct dentry *d)
{
	if (s->cmd->dry_run) {
		s->res->dentries++;
		s->res->negative += !READ_ONCE(d->d_inode);
		s->left--;
		return;
	}
	if (lockref_get_not_dead(&d->d_lockref))
		s->batch[s->nr_batch++] = d;
}

/*
 * Pin the dentry the next section starts at. Its superblock may not be a
 * target: take an active reference on it first (see walk.c). Under RCU.
 */
static bool dcc_pin_resume(struct dcc_shrink *s, struct dentry *d)
{
	struct super_block *sb = READ_ONCE(d->d_sb);

	if (!dcc_sb_usable(sb) || !atomic_inc_not_zero(&sb->s_active))
		return false;
	if (!lockref_get_not_dead(&d->d_lockref)) {
		/* the last active reference must go outside RCU */
		if (!atomic_add_unless(&sb->s_active, -1, 1))
			s->late_sb = sb;
		return false;
	}
	s->resume = d;
	s->resume_sb = sb;
	s->resume_seq = raw_seqcount_begin(&d->d_seq);
	return true;
}

static void dcc_unpin_resume(struct dentry *d, struct super_block *sb)
{
	if (d) {
		dput(d);
		deactivate_super(sb);
	}
}

/*
 * One section from bucket *b, or from "from", the dentry the last section
 * stopped at (pinned by us until after this section).
 */
static void dcc_shrink_section(struct dcc_shrink *s, unsigned long *b,
			       struct dentry *from, unsigned int from_seq,
			       struct hlist_bl_head *table,
			       unsigned long nbuckets, unsigned int shift)
{
	struct hlist_bl_node *node = NULL;
	u32 budget = dcc_walk_batch;
	struct dentry *d;

	if (from) {
		/*
		 * Still hashed in this bucket, not dropped or moved meanwhile
		 * (both bump d_seq): go on from it. Else start the chain over;
		 * what we freed from it is gone, so this makes progress.
		 */
		if (!d_unhashed(from) &&
		    READ_ONCE(from->d_name.hash) >> shift == *b &&
		    raw_read_seqcount(&from->d_seq) == from_seq)
			node = &from->d_hash;
		else
			node = dcc_chain_first(&table[*b]);
	}
	while (budget && s->left) {
		if (!node) {
			if (*b >= nbuckets)
				return;
			node = dcc_chain_first(&table[*b]);
			budget--;
		}
		for (; node && s->left; node = rcu_dereference_raw(node->next)) {
			d = hlist_bl_entry(node, struct dentry, d_hash);
			if (!budget) {
				/* Out of budget: start here next time. */
				/*
				 * Dying: start this bucket over next time,
				 * when it is gone.
				 */
				dcc_pin_resume(s, d);
				return;
			}
			budget--;
			/* our pin on "from" is one reference of its count */
			if (dcc_candidate(s, d, d == from ? 1 : 0))
				dcc_take(s, d);
		}
		node = NULL;
		(*b)++;
	}
}

static int dcc_shrink_walk(struct dcc_shrink *s)
{
	struct hlist_bl_head *table = *dcc_ksyms.dentry_hashtable;
	unsigned int shift = *dcc_ksyms.d_hash_shift;
	unsigned long nbuckets = dcc_hash_buckets();
	struct super_block *old_sb;
	unsigned int old_seq;
	struct dentry *old;
	unsigned long b = 0;

	while ((b < nbuckets || s->resume) && s->left) {
		old = s->resume;
		old_sb = s->resume_sb;
		old_seq = s->resume_seq;
		s->resume = NULL;
		/*
		 * Dentry pointers from the table are valid until the unlock;
		 * candidates and the resume point are referenced inside.
		 */
		rcu_read_lock();
		dcc_shrink_section(s, &b, old, old_seq, table, nbuckets, shift);
		rcu_read_unlock();
		/* The old resume pin first, so a candidate it was is freed. */
		dcc_unpin_resume(old, old_sb);
		dcc_kill_batch(s);
		cond_resched();
		if (fatal_signal_pending(current)) {
			dcc_unpin_resume(s->resume, s->resume_sb);
			s->resume = NULL;
			return -EINTR;
		}
	}
	dcc_unpin_resume(s->resume, s->resume_sb);
	s->resume = NULL;
	return 0;
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
 * NULL (the global lists) or held by the memcg iterator. Returns -EINTR on
 * a fatal signal.
 */
static int dcc_shrink_one(struct dcc_shrink *s, struct shrinker *shrinker,
			  int nid, struct mem_cgroup *m)
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
		if (s->left <= DCC_SCAN_SLACK) {
			/* one more scan could go beyond max= */
			s->left = 0;
			return 0;
		}
		sc.nr_to_scan = min_t(u64, min(n, batch),
				      s->left - DCC_SCAN_SLACK);
		sc.nr_scanned = sc.nr_to_scan;
		/* super_cache_scan() trylocks s_umount itself */
		freed = shrinker->scan_objects(shrinker, &sc);
		if (freed == SHRINK_STOP)
			return 0;
		s->res->shrinker += freed;
		s->left -= min_t(u64, s->left, freed);
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
	struct mem_cgroup *m = NULL;
	int nid, ret = 0;

	if (dcc_lru_per_memcg(lru))
		m = dcc_memcg_next(NULL);
	do {
		if (!m || dcc_memcg_owns_lru(lru, m)) {
			for_each_node_state(nid, N_NORMAL_MEMORY) {
				ret = dcc_shrink_one(s, shrinker, nid, m);
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
 * Each superblock of s->sbs is held by the caller for the whole of step 3
 * (an active reference; s_umount held shared would do as well):
 * super_cache_scan() takes s_umount shared itself, with a trylock, and
 * when that fails (a writer holds or waits for it) it returns SHRINK_STOP
 * and we go on with the next list.
 */
static int dcc_shrink_inodes(struct dcc_shrink *s)
{
	u32 i, pass;
	u64 before;
	int ret;

	for (i = 0; i < s->nr_sbs && s->left; i++) {
		/*
		 * A referenced dentry or inode gets a second chance per scan:
		 * run passes until one frees nothing.
		 */
		for (pass = 0; pass < 4 && s->left; pass++) {
			before = s->res->shrinker;
			ret = dcc_shrink_sb_pass(s, s->sbs[i]);
			if (ret)
				return ret;
			if (s->res->shrinker == before)
				break;
		}
	}
	return 0;
}

/* ---- a command ---- */

static int dcc_shrink_run(const struct dcc_cmd *cmd,
			  struct dcc_shrink_result *res)
{
	struct dcc_shrink s = { .cmd = cmd, .res = res };
	struct super_block *only = NULL;
	int ret;

	s.left = cmd->has_max ? cmd->max : U64_MAX;
	if (cmd->sel == DCC_SEL_PATH || cmd->sel == DCC_SEL_DIR) {
		unsigned int flags = LOOKUP_FOLLOW;

		if (cmd->sel == DCC_SEL_DIR)
			flags |= LOOKUP_DIRECTORY;
		ret = kern_path(cmd->path, flags, &s.dir_path);
		if (ret) {
			pr_warn_ratelimited("shrink: %s: cannot look it up (%d)\n",
					    cmd->path, ret);
			return ret;
		}
		/* The path's mount and dentry references keep both alive. */
		only = s.dir_path.dentry->d_sb;
		if (cmd->sel == DCC_SEL_DIR)
			s.dir = s.dir_path.dentry;
	}
	ret = dcc_grab_targets(&s, only);
	if (ret) {
		if (ret == -ENOENT)
			pr_warn_ratelimited("shrink: no live superblock matches '%s'\n",
					    res->cmd);
		goto out_targets;
	}
	res->superblocks = s.nr_sbs;
	s.batch = kvcalloc(dcc_walk_batch, sizeof(*s.batch), GFP_KERNEL);
	if (!s.batch) {
		ret = -ENOMEM;
		goto out_targets;
	}
	ret = dcc_shrink_walk(&s);
	if (!ret && !cmd->negative && !s.dir && !cmd->dry_run)
		ret = dcc_shrink_inodes(&s);
	if (!ret && !s.left)
		res->stopped = "max";
	kvfree(s.batch);
out_targets:
	dcc_drop_targets(&s);
	if (cmd->sel == DCC_SEL_PATH || cmd->sel == DCC_SEL_DIR)
		path_put(&s.dir_path);
	return ret;
}

static ssize_t shrink_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct dcc_shrink_result res = { .stopped = "done" };
	const char *why = NULL;
	struct dcc_cmd cmd;
	u64 t0;
	char *buf;
	int ret;

	if (!count) {
		pr_warn_ratelimited("shrink: empty command\n");
		return -EINVAL;
	}
	if (count > DCC_CMD_MAX) {
		pr_warn_ratelimited("shrink: command of %zu bytes, more than %d\n",
				    count, DCC_CMD_MAX);
		return -E2BIG;
	}
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = dcc_cmd_parse(buf, count, &cmd, &why);
	if (ret) {
		pr_warn_ratelimited("shrink: %s\n", why);
		kfree(buf);
		return ret;
	}
	dcc_cmd_format(&cmd, res.cmd, sizeof(res.cmd));

	if (mutex_lock_killable(&dcc_shrink_lock)) {
		kfree(buf);
		return -EINTR;
	}
	t0 = ktime_get_ns();
	ret = dcc_shrink_run(&cmd, &res);
	res.ns = ktime_get_ns() - t0;
	res.error = ret;
	if (ret == -EINTR)
		res.stopped = "signal";
	else if (ret)
		res.stopped = "error";
	dcc_last = res;
	dcc_totals.runs++;
	if (ret)
		dcc_totals.errors++;
	if (!cmd.dry_run) {
		dcc_totals.dentries += res.dentries;
		dcc_totals.negative += res.negative;
		dcc_totals.shrinker += res.shrinker;
		if (res.dentries || res.shrinker)
			dcc_snapshot_stale();
	}
	mutex_unlock(&dcc_shrink_lock);
	kfree(buf);
	return ret ? ret : count;
}

const struct file_operations dcc_shrink_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = shrink_write,
	.llseek = noop_llseek,
};

static int last_shrink_show(struct seq_file *m, void *unused)
{
	struct dcc_shrink_result r;

	if (mutex_lock_killable(&dcc_shrink_lock))
		return -EINTR;
	r = dcc_last;
	mutex_unlock(&dcc_shrink_lock);
	if (!r.stopped) {
		seq_puts(m, "command: none\n");
		return 0;
	}
	seq_printf(m, "command: %s\n", r.cmd);
	if (r.error)
		seq_printf(m, "result: %d\n", r.error);
	else
		seq_puts(m, "result: ok\n");
	seq_printf(m, "superblocks: %u\n", r.superblocks);
	seq_printf(m, "dentries: %llu\n", r.dentries);
	seq_printf(m, "negative: %llu\n", r.negative);
	seq_printf(m, "shrinker: %llu\n", r.shrinker);
	seq_printf(m, "duration_us: %llu\n", div_u64(r.ns, NSEC_PER_USEC));
	seq_printf(m, "stopped: %s\n", r.stopped);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(last_shrink);

const struct file_operations *dcc_last_shrink_fops = &last_shrink_fops;

void dcc_shrink_status(struct seq_file *m)
{
	if (mutex_lock_killable(&dcc_shrink_lock))
		return;
	seq_printf(m, "shrink.runs: %llu\n", dcc_totals.runs);
	seq_printf(m, "shrink.errors: %llu\n", dcc_totals.errors);
	seq_printf(m, "shrink.dentries: %llu\n", dcc_totals.dentries);
	seq_printf(m, "shrink.negative: %llu\n", dcc_totals.negative);
	seq_printf(m, "shrink.shrinker: %llu\n", dcc_totals.shrinker);
	mutex_unlock(&dcc_shrink_lock);
}
