// SPDX-License-Identifier: GPL-2.0
/*
 * The watch: which processes, cgroups and directories make the negative
 * dentries that stay in the cache, by how they came.
 *
 * /sys/kernel/debug/dcachectl/watch (0200) takes "seconds=N" (1..3600): a
 * kretprobe on d_delete and a kprobe on the list_lru function d_lru_add()
 * calls (DCC_LRU_ADD_FN) are registered, the writer sleeps until N seconds
 * pass, "stop" is written (by anyone), or it gets a fatal signal; the
 * probes are removed before its write returns, so nothing stays
 * registered once no watch runs (and none can run without
 * its writer: the open file pins the module, so rmmod is refused while a
 * watch runs). sources (0400) prints the running watch, or the last one.
 *
 * What is counted, each as one event of the current task:
 *   unlink  d_delete() that leaves its dentry negative and hashed: the
 *	     caller (an unlink, an rmdir) was its only holder, and
 *	     fs.dentry-negative (6.13 and later) is 0. Checked when
 *	     d_delete() returns, while the caller still holds the dentry.
 *   lookup  a negative dentry that its last dput() puts on its
 *	     superblock's LRU list: it was born negative (a lookup that
 *	     found nothing) and is kept, unused. A name looked up again
 *	     finds it on the LRU and is not counted again; the negative
 *	     dentry a create's lookup makes is positive by its dput. One that
 *	     an unlink made negative while it was off the LRU (looked up cold
 *	     by the unlink itself) goes there at its dput too: the unlink
 *	     handler notes it in dcc_watch_unlinked, so that it is counted
 *	     once, as an unlink. The probed function serves every list_lru
 *	     (inodes, the page cache's shadow nodes, filesystems' own): an
 *	     item is a dentry only if its d_sb's dentry LRU is the list, read
 *	     without trusting the item, with copy_from_kernel_nofault().
 *	     Probing there, not dput(), costs a probe hit per dentry or inode
 *	     that enters an LRU, not per reference dropped.
 * Dentries the cache drops at their last dput whatever they hold
 * (DCACHE_DONTCACHE: tmpfs's since 6.17; libfs's always_delete_dentry:
 * tmpfs's before) are counted by neither, nor are ext4's casefolded
 * directories, which keep no negative dentry. Filesystems whose d_delete
 * operation keeps negative dentries but in rare cases (btrfs, NFS, FUSE)
 * count. The probes see every caller: a d_delete() that a network
 * filesystem runs for an invalidation counts for the task that runs it.
 *
 * Where the counts are approximate:
 *  - reclaim (the LRU shrinker, and on 5.10 and 6.1 shrink_dcache_parent())
 *    takes a dentry in use off the LRU; its next last dput() puts it back
 *    there. Between a d_delete() and its unlinker's dput(), that counts
 *    the unlink twice (also as a lookup); a negative dentry looked up again
 *    and taken off meanwhile counts again as a lookup, unless it had been
 *    found on the LRU before (DCACHE_REFERENCED). Both need memory
 *    pressure while the dentry is held.
 *  - a note overwritten by another unlink's whose dentry hashes to the
 *    same slot leaves the first unlink to count twice; a note whose dentry
 *    never reaches the LRU (it died unhashed) hides the first lookup of a
 *    new dentry at that address.
 *  - at the start, the kretprobe goes in before the LRU probe: an unlink
 *    in between leaves a note that is never taken (as above).
 *  - on 5.10, a fault of copy_from_kernel_nofault() in the LRU handler (a
 *    KFENCE guard page beside another list's item) counts in "missed".
 *
 * A watch's writer sleeps killably, not freezably: a running watch holds
 * off suspend until it ends (at most its seconds=).
 *
 * The handlers take no lock: a kprobe may run in the int3 exception, which
 * is NMI context, where a lock the interrupted code holds would deadlock.
 * Each CPU's handlers append a record of the event (tgid, comm, cgroup,
 * device, directory) to that CPU's ring, single producer (handlers do not
 * nest on a CPU) and single consumer; a record that does not fit is
 * counted as dropped. The consumer, in process context under
 * dcc_watch_tables_lock, drains every ring into three Space-Saving tables
 * (include/hh.h) of DCC_WATCH_K counters: processes (tgid, with the comm
 * of its first record), cgroups (cgroup v2 id; the first record's
 * reference on the cgroup is kept for its path) and directories (a hash
 * of the device and inode of the parent, with its path inside its
 * filesystem, which a handler writes only when it differs from its CPU's
 * previous record's, as it does the comm). The watch's writer drains every
 * 20 ms, and when a handler finds its ring half full (woken through an
 * irq_work); the sources view drains before it prints. Fixed memory, allocated when a watch starts;
 * counts are upper bounds with an error bound, as in dirs.
 *
 * Lock order and lifetimes:
 *
 *   dcc_watch_mutex (mutex)	one watch at a time: held by its writer
 *				from the start to the probes' removal, and
 *				by the exit path
 *     dcc_watch_tables_lock	the tables, the rings' consumer side, the
 *	 (mutex)		counters and the state; taken to drain,
 *				to print sources, and to start and end a
 *				watch. The rings and tables live from a
 *				watch's start (before its probes) to the
 *				next watch's start or the unload (after
 *				them).
 *
 * The handlers never sleep, allocate nothing, take no lock, and read the
 * dentry under RCU: the probed call's caller holds it, its parent and
 * names are RCU-freed, and RCU keeps current's css_set and its cgroup,
 * on which css_tryget() takes the reference a record carries.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/cpumask.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/irq_work.h>
#include <linux/jhash.h>
#include <linux/kprobes.h>
#include <linux/log2.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
#include <linux/wait.h>

#include "compat.h"
#include "dcachectl.h"
#include "escape.h"
#include "hh.h"
#include "walk.h"

#define DEV_FMT "%u:%u"

/* Counters per table, the longest watch, a ring per CPU. */
#define DCC_WATCH_K 64
#define DCC_WATCH_MAX_SECS 3600
#define DCC_WATCH_RING (128 * 1024)
#define DCC_WATCH_DRAIN_MS 20
/* "seconds=3600\n" and "stop\n", with room for blanks */
#define DCC_WATCH_CMD_MAX 64

/*
 * One event in a ring, 8-byte aligned. The comm follows when has_comm (the
 * tgid differs from the ring's previous record's), then the type and the
 * escaped path when has_path (so does the directory). len 0: the rest of
 * the ring is padding.
 */
struct dcc_watch_rec {
	u16 len;
	u8 unlink;
	u8 has_path:1, has_comm:1;
	pid_t tgid;
	u32 dev;
	u32 pad;
	unsigned long dkey;
	u64 cgid;
	struct cgroup *cg;	/* a reference the consumer takes over, or NULL */
};

#define DCC_WATCH_REC_MAX ALIGN(sizeof(struct dcc_watch_rec) + \
				TASK_COMM_LEN + DCC_TYPE_MAX + DCC_PATH_MAX, 8)

struct dcc_watch_ring {
	char *buf;
	u32 head;		/* the producer's; read with acquire */
	u32 tail;		/* the consumer's; read with acquire */
	/* the producer's alone */
	u64 dropped;
	unsigned long last_dkey;
	pid_t last_tgid;
	bool have_last;		/* the consumer knows last_dkey's and last_tgid's */
	bool kicked;		/* the consumer was woken since the ring passed half */
	/* the consumer's alone: what the producer's last ones were */
	char comm[TASK_COMM_LEN];
	char type[DCC_TYPE_MAX];
	char path[DCC_PATH_MAX];
};

enum dcc_watch_state {
	DCC_WATCH_IDLE, DCC_WATCH_STARTING, DCC_WATCH_RUNNING, DCC_WATCH_ENDED
};

struct dcc_watch_proc {
	pid_t tgid;
	char comm[TASK_COMM_LEN];
};

struct dcc_watch_dir {
	dev_t dev;
	char type[DCC_TYPE_MAX];
	char path[DCC_PATH_MAX];	/* escaped; "?" if a rename raced */
};

struct dcc_watch_cg {
	u64 id;
	char path[DCC_PATH_MAX];	/* escaped, once the watch ended */
};

/* Everything a watch counts; one, allocated at its start. */
struct dcc_watch_tables {
	struct dcc_hh procs, cgs, dirs;
	struct dcc_watch_proc proc[DCC_WATCH_K];
	struct dcc_watch_dir dir[DCC_WATCH_K];
	struct dcc_watch_cg cg[DCC_WATCH_K];
	/* the three tables' memory follows */
};

static DEFINE_MUTEX(dcc_watch_mutex);
static DEFINE_MUTEX(dcc_watch_tables_lock);
static DECLARE_WAIT_QUEUE_HEAD(dcc_watch_wq);
static bool dcc_watch_stop;	/* READ_ONCE/WRITE_ONCE: "stop" was written */
static bool dcc_watch_kick;	/* READ_ONCE/WRITE_ONCE: a ring is half full */

/*
 * A handler that fills its ring past half wakes the writer to drain it,
 * through an irq_work: it may run in NMI context, where a wake_up()'s lock
 * may not be taken.
 */
static void dcc_watch_kick_fn(struct irq_work *w)
{
	WRITE_ONCE(dcc_watch_kick, true);
	wake_up_all(&dcc_watch_wq);
}

static DEFINE_IRQ_WORK(dcc_watch_kick_work, dcc_watch_kick_fn);

/*
 * The handlers' rings: set before the probes are registered, left until
 * the next watch's start or the unload, after the probes are removed.
 */
static struct dcc_watch_ring __percpu *dcc_watch_rings;

/* Under dcc_watch_tables_lock. */
static struct dcc_watch_tables *dcc_watch_t;
static enum dcc_watch_state dcc_watch_state;
static const char *dcc_watch_reason = "-";
static u64 dcc_watch_start_ns, dcc_watch_end_ns;
static u32 dcc_watch_limit;
static u64 dcc_watch_events, dcc_watch_unlinks, dcc_watch_lookups;
static u64 dcc_watch_missed;	/* the probes' nmissed, at the end */
static u64 dcc_watch_dropped_n;	/* the rings' dropped, once they are freed */

/*
 * Dentries an unlink made negative while they were off the LRU, by a hash
 * of their address: their dput() puts them on it, which is not a lookup.
 * Set by the unlink handler, taken (cmpxchg) by the LRU handler, zeroed
 * at a watch's start, before its probes. A pointer here is only compared,
 * never followed.
 */
#define DCC_WATCH_UNLINKED_BITS 10
static struct dentry *dcc_watch_unlinked[1 << DCC_WATCH_UNLINKED_BITS];

static size_t dcc_watch_bytes(void)
{
	return sizeof(struct dcc_watch_tables) + 3 * dcc_hh_bytes(DCC_WATCH_K);
}

static struct dcc_watch_tables *dcc_watch_alloc(void)
{
	struct dcc_watch_tables *t = kvzalloc(dcc_watch_bytes(), GFP_KERNEL);
	char *p;

	if (!t)
		return NULL;
	p = (char *)(t + 1);
	dcc_hh_init(&t->procs, DCC_WATCH_K, p);
	p += dcc_hh_bytes(DCC_WATCH_K);
	dcc_hh_init(&t->cgs, DCC_WATCH_K, p);
	p += dcc_hh_bytes(DCC_WATCH_K);
	dcc_hh_init(&t->dirs, DCC_WATCH_K, p);
	return t;
}

/* A table and the cgroup references its rows hold; no handler runs. */
static void dcc_watch_free(struct dcc_watch_tables *t)
{
	u32 i;

	if (!t)
		return;
	for (i = 0; i < t->cgs.used; i++)
		if (t->cgs.slot[i].cookie)
			css_put(&((struct cgroup *)t->cgs.slot[i].cookie)->self);
	kvfree(t);
}

static void dcc_watch_free_rings(struct dcc_watch_ring __percpu *rings)
{
	int cpu;

	if (!rings)
		return;
	for_each_possible_cpu(cpu)
		kvfree(per_cpu_ptr(rings, cpu)->buf);
	free_percpu(rings);
}

static struct dcc_watch_ring __percpu *dcc_watch_alloc_rings(void)
{
	struct dcc_watch_ring __percpu *rings;
	int cpu;

	rings = alloc_percpu(struct dcc_watch_ring);
	if (!rings)
		return NULL;
	for_each_possible_cpu(cpu) {
		struct dcc_watch_ring *r = per_cpu_ptr(rings, cpu);

		r->buf = kvmalloc_node(DCC_WATCH_RING, GFP_KERNEL, cpu_to_node(cpu));
		if (!r->buf) {
			dcc_watch_free_rings(rings);
			return NULL;
		}
	}
	return rings;
}

/*
 * The path of directory d inside its filesystem, escaped, into buf (n
 * bytes); under RCU, taking no lock and never waiting: a rename that runs
 * or ran meanwhile (rename_lock's count odd, or moved) gives "?". The
 * count is read as a plain seqcount: on PREEMPT_RT, read_seqbegin() would
 * take rename_lock's spinlock, a sleeping lock, to wait for a writer.
 * Returns the length.
 */
static size_t dcc_watch_path(struct dentry *d, char *buf, size_t n)
{
	const seqcount_t *sc = &rename_lock.seqcount.seqcount;
	char raw[DCC_PATH_MAX];
	int pos = sizeof(raw) - 1, depth = 0;
	unsigned int seq = raw_read_seqcount(sc);

	if (seq & 1)
		return strscpy(buf, "?", n);
	raw[pos] = '\0';
	while (!IS_ROOT(d) && depth++ < DCC_PATH_MAX) {
		/*
		 * As prepend_name(): the name may change under us, and ends
		 * at its NUL whatever the length read beside it says.
		 */
		const char *name = smp_load_acquire(&d->d_name.name);
		u32 len = strnlen(name, min_t(u32, READ_ONCE(d->d_name.len),
					      NAME_MAX));

		/* too long for a row: "..." stands for the part nearest the root */
		if ((int)len + 1 + 3 > pos) {
			pos -= 3;
			memcpy(raw + pos, "...", 3);
			break;
		}
		pos -= len;
		memcpy(raw + pos, name, len);
		raw[--pos] = '/';
		d = READ_ONCE(d->d_parent);
	}
	if (read_seqcount_retry(sc, seq))
		return strscpy(buf, "?", n);
	if (raw[pos] == '\0')
		raw[--pos] = '/';
	dcc_escape(buf, n, raw + pos);
	return strlen(buf);
}

/*
 * One event, from a handler: appended to this CPU's ring, or counted as
 * dropped. The dentry is held by the probed function's caller.
 */
static void dcc_watch_event(struct dentry *dentry, bool unlink)
{
	struct dcc_watch_ring __percpu *rings = READ_ONCE(dcc_watch_rings);
	struct super_block *sb = dentry->d_sb;
	struct dcc_watch_ring *r;
	struct dcc_watch_rec *rec;
	struct dentry *parent;
	struct inode *dir;
	unsigned long flags, dkey, ino;
	u32 head, tail, off, pad, len;
	struct cgroup *cg;

	BUILD_BUG_ON(!is_power_of_2(DCC_WATCH_RING));
	if (!rings)
		return;
	/* this CPU's ring is ours until we restore: handlers do not nest */
	local_irq_save(flags);
	r = this_cpu_ptr(rings);
	/*
	 * RCU keeps the parent (the dentry holds it, but a rename may move
	 * the dentry meanwhile), its inode and names, and current's css_set
	 * and its cgroup.
	 */
	rcu_read_lock();
	parent = READ_ONCE(dentry->d_parent);
	dir = READ_ONCE(parent->d_inode);
	/*
	 * The directory: its device, inode number and inode, hashed into one
	 * key (btrfs's subvolumes share a device and repeat inode numbers).
	 */
	ino = dir ? dir->i_ino : 0;
	{
		u32 k[5] = { sb->s_dev, (u32)ino, (u32)((u64)ino >> 32),
			     (u32)(uintptr_t)dir, (u32)((u64)(uintptr_t)dir >> 32) };

		dkey = (unsigned long)((u64)jhash2(k, 5, 1) << 32 | jhash2(k, 5, 2));
	}

	/* room for the longest record, and for padding to the ring's end */
	head = r->head;
	/* pairs with the consumer's release: it is done with what it read */
	tail = smp_load_acquire(&r->tail);
	off = head % DCC_WATCH_RING;
	pad = off + DCC_WATCH_REC_MAX > DCC_WATCH_RING ? DCC_WATCH_RING - off : 0;
	if (DCC_WATCH_RING - (head - tail) < pad + DCC_WATCH_REC_MAX) {
		r->dropped++;
		/* the consumer may miss the path: the next record carries one */
		r->have_last = false;
		goto out;
	}
	if (pad) {
		((struct dcc_watch_rec *)(r->buf + off))->len = 0;
		off = 0;
	}
	rec = (struct dcc_watch_rec *)(r->buf + off);
	rec->unlink = unlink;
	rec->tgid = current->tgid;
	rec->dev = sb->s_dev;
	rec->dkey = dkey;
	cg = task_dfl_cgroup(current);
	rec->cgid = cgroup_id(cg);
	/* the cgroup's last reference may be going (a migration): no path */
	rec->cg = css_tryget(&cg->self) ? cg : NULL;
	len = sizeof(*rec);
	rec->has_comm = !r->have_last || r->last_tgid != rec->tgid;
	rec->has_path = !r->have_last || r->last_dkey != dkey;
	if (rec->has_comm) {
		memcpy(r->buf + off + len, current->comm, TASK_COMM_LEN);
		r->buf[off + len + TASK_COMM_LEN - 1] = '\0';
		len += TASK_COMM_LEN;
	}
	r->last_tgid = rec->tgid;
	r->last_dkey = dkey;
	r->have_last = true;
	if (rec->has_path) {
		char *path;

		strscpy(r->buf + off + len, sb->s_type->name, DCC_TYPE_MAX);
		len += DCC_TYPE_MAX;
		path = r->buf + off + len;
		len += dcc_watch_path(parent, path, DCC_PATH_MAX) + 1;
		/* a rename raced it: the next record tries again */
		if (path[0] == '?')
			r->have_last = false;
	}
	rec->len = ALIGN(len, 8);
	head += pad + rec->len;
	/* the record, then the head that publishes it to the consumer */
	smp_store_release(&r->head, head);
	if (head - tail > DCC_WATCH_RING / 2 && !READ_ONCE(r->kicked)) {
		WRITE_ONCE(r->kicked, true);
		irq_work_queue(&dcc_watch_kick_work);
	}
out:
	rcu_read_unlock();
	local_irq_restore(flags);
}

/*
 * A dentry the cache drops at its last dput whatever it holds: marked so
 * (tmpfs since 6.17), or with the d_delete operation that always says so
 * (libfs's, tmpfs's before 6.17). Other d_delete operations (btrfs's,
 * NFS's, FUSE's) keep negative dentries but in rare cases: theirs count.
 */
static bool dcc_watch_not_kept(const struct dentry *d)
{
	const struct dentry_operations *op;

	if (READ_ONCE(d->d_flags) & DCACHE_DONTCACHE)
		return true;
	if (!(READ_ONCE(d->d_flags) & DCACHE_OP_DELETE))
		return false;
	/* a filesystem's static table, kept by the dentry that points to it */
	op = READ_ONCE(d->d_op);
	return op && op->d_delete == always_delete_dentry;
}

/*
 * d_delete(dentry), an unlink or rmdir: at its return (the caller still
 * holds the dentry), counted if it is now negative and still hashed, so
 * kept. With more holders d_delete() unhashes it instead, as it does for
 * every dentry under fs.dentry-negative=1 (6.13 and later).
 */
static int dcc_watch_d_delete_entry(struct kretprobe_instance *ri,
				    struct pt_regs *regs)
{
	struct dentry **d = (struct dentry **)ri->data;

	*d = (struct dentry *)regs_get_kernel_argument(regs, 0);
	/* 0: the return handler runs */
	return *d && READ_ONCE((*d)->d_inode) ? 0 : 1;
}

static int dcc_watch_d_delete_ret(struct kretprobe_instance *ri,
				  struct pt_regs *regs)
{
	struct dentry *d = *(struct dentry **)ri->data;

	if (READ_ONCE(d->d_inode) || d_unhashed(d) || dcc_watch_not_kept(d))
		return 0;
	dcc_watch_event(d, true);
	/* off the LRU: its unlinker's dput() puts it there; not a lookup */
	if (!(READ_ONCE(d->d_flags) & DCACHE_LRU_LIST))
		WRITE_ONCE(dcc_watch_unlinked[hash_ptr(d, DCC_WATCH_UNLINKED_BITS)],
			   d);
	return 0;
}

/*
 * DCC_LRU_ADD_FN(lru, item): d_lru_add() putting a dentry its last dput()
 * keeps on its superblock's LRU list, under its d_lock, which keeps it;
 * counted if it is negative and no unlink left a note for it. Every other
 * list_lru's items pass here too: item is a dentry only if lru is the
 * dentry LRU of the superblock that item's d_sb would hold, read without
 * faulting (for another list's item, that word may lie outside it; its
 * value is only compared).
 */
static int dcc_watch_lru_add(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long lru = regs_get_kernel_argument(regs, 0);
	struct list_head *item = (struct list_head *)regs_get_kernel_argument(regs, 1);
	struct dentry *d = container_of(item, struct dentry, d_lru);
	struct dentry **note, *old = d;
	unsigned long sb;

	if (copy_from_kernel_nofault(&sb, &d->d_sb, sizeof(sb)) ||
	    lru - offsetof(struct super_block, s_dentry_lru) != sb)
		return 0;
	/* a note is taken whatever d is now: it must not outlive this add */
	note = &dcc_watch_unlinked[hash_ptr(d, DCC_WATCH_UNLINKED_BITS)];
	/* old, not d: a failed try_cmpxchg() writes what it found there */
	if (READ_ONCE(*note) == d && try_cmpxchg(note, &old, NULL))
		return 0;
	/*
	 * Born negative and never on the LRU before: a dentry that was
	 * there and was found again has DCACHE_REFERENCED, which
	 * d_lru_isolate() leaves as it is.
	 */
	if (READ_ONCE(d->d_inode) || d_unhashed(d) ||
	    (READ_ONCE(d->d_flags) & DCACHE_REFERENCED))
		return 0;
	dcc_watch_event(d, false);
	return 0;
}

/* Registered by a watch's writer, filled afresh for each watch. */
static struct kretprobe dcc_watch_krp;
static struct kprobe dcc_watch_kp;

bool dcc_feature_sources(void)
{
	return dcc_ksyms.d_delete && dcc_ksyms.lru_add;
}

static const char *dcc_feature_sources_why(void)
{
	if (!dcc_ksyms.d_delete)
		return "d_delete not resolved";
	if (!dcc_ksyms.lru_add)
		return DCC_LRU_ADD_FN " not resolved";
	return "";
}

/* One record into the tables; dcc_watch_tables_lock held. */
static void dcc_watch_count(struct dcc_watch_tables *t,
			    struct dcc_watch_ring *r,
			    const struct dcc_watch_rec *rec)
{
	struct dcc_hh_slot *s, ev;
	bool evicted;
	const char *p = (const char *)(rec + 1);

	if (rec->has_comm) {
		strscpy(r->comm, p, sizeof(r->comm));
		p += TASK_COMM_LEN;
	}
	if (rec->has_path) {
		strscpy(r->type, p, sizeof(r->type));
		strscpy(r->path, p + DCC_TYPE_MAX, sizeof(r->path));
	}
	dcc_watch_events++;
	if (rec->unlink)
		dcc_watch_unlinks++;
	else
		dcc_watch_lookups++;

	s = dcc_hh_add(&t->procs, (unsigned long)rec->tgid, rec->unlink, &ev,
		       &evicted);
	if (s->count - s->err == 1) {
		struct dcc_watch_proc *p = &t->proc[s - t->procs.slot];

		p->tgid = rec->tgid;
		strscpy(p->comm, r->comm, sizeof(p->comm));
	}

	s = dcc_hh_add(&t->cgs, (unsigned long)rec->cgid, rec->unlink, &ev,
		       &evicted);
	if (evicted)
		css_put(&((struct cgroup *)ev.cookie)->self);
	if (s->count - s->err == 1) {
		t->cg[s - t->cgs.slot].id = rec->cgid;
		t->cg[s - t->cgs.slot].path[0] = '\0';
	}
	/* the row keeps the first reference it gets, for its path */
	if (!s->cookie && rec->cg)
		s->cookie = rec->cg;
	else if (rec->cg)
		css_put(&rec->cg->self);

	s = dcc_hh_add(&t->dirs, rec->dkey, rec->unlink, &ev, &evicted);
	if (s->count - s->err == 1) {
		struct dcc_watch_dir *d = &t->dir[s - t->dirs.slot];

		d->dev = rec->dev;
		strscpy(d->type, r->type, sizeof(d->type));
		strscpy(d->path, r->path, sizeof(d->path));
	}
}

/* Every ring into the tables; dcc_watch_tables_lock (a mutex) held. */
static void dcc_watch_drain(void)
{
	struct dcc_watch_ring __percpu *rings = dcc_watch_rings;
	struct dcc_watch_tables *t = dcc_watch_t;
	int cpu;

	if (!rings || !t)
		return;
	for_each_possible_cpu(cpu) {
		struct dcc_watch_ring *r = per_cpu_ptr(rings, cpu);
		/* pairs with the producer's release: records up to head are whole */
		u32 head = smp_load_acquire(&r->head);
		u32 tail = r->tail;

		while (tail != head) {
			const struct dcc_watch_rec *rec =
				(void *)(r->buf + tail % DCC_WATCH_RING);

			if (!rec->len) {
				/* padding to the ring's end */
				tail += DCC_WATCH_RING - tail % DCC_WATCH_RING;
				continue;
			}
			dcc_watch_count(t, r, rec);
			tail += rec->len;
		}
		/* the records are read: the producer may write there again */
		smp_store_release(&r->tail, tail);
		WRITE_ONCE(r->kicked, false);
		/* a ring is bounded, their number is not: one CPU's at a time */
		cond_resched();
	}
}

static u64 dcc_watch_dropped(void)
{
	u64 n = 0;
	int cpu;

	if (!dcc_watch_rings)
		return dcc_watch_dropped_n;
	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(dcc_watch_rings, cpu)->dropped);
	return n;
}

/*
 * After the probes are gone (and their irq_work): the last records, the
 * rings freed, then each cgroup row's path and its reference dropped.
 * dcc_watch_tables_lock held.
 */
static void dcc_watch_finish(void)
{
	struct dcc_watch_tables *t = dcc_watch_t;
	struct dcc_watch_ring __percpu *rings = dcc_watch_rings;
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	u32 i;

	dcc_watch_drain();
	dcc_watch_dropped_n = dcc_watch_dropped();
	WRITE_ONCE(dcc_watch_rings, NULL);
	dcc_watch_free_rings(rings);
	for (i = 0; i < t->cgs.used; i++) {
		struct cgroup *cg = t->cgs.slot[i].cookie;

		/* the row's reference keeps cg */
		if (buf && cg && cgroup_path(cg, buf, PATH_MAX) >= 0)
			dcc_escape(t->cg[i].path, DCC_PATH_MAX, buf);
		else
			strscpy(t->cg[i].path, "?", DCC_PATH_MAX);
		if (cg) {
			t->cgs.slot[i].cookie = NULL;
			css_put(&cg->self);
		}
	}
	kfree(buf);
}

/* "seconds=N" or "stop", with blanks and a newline around. */
static int dcc_watch_parse(char *buf, u32 *secs, bool *stop,
			   const char **why)
{
	char *w = strim(buf);
	unsigned int n;
	int ret;

	*stop = false;
	if (!strcmp(w, "stop")) {
		*stop = true;
		return 0;
	}
	if (strncmp(w, "seconds=", 8)) {
		*why = "expected seconds=N or stop";
		return -EINVAL;
	}
	ret = kstrtouint(w + 8, 10, &n);
	if (ret == -ERANGE) {
		*why = "seconds= must be 1 to 3600";
		return ret;
	}
	if (ret) {
		*why = "seconds= needs a whole number";
		return -EINVAL;
	}
	if (n < 1 || n > DCC_WATCH_MAX_SECS) {
		*why = "seconds= must be 1 to 3600";
		return -ERANGE;
	}
	*secs = n;
	return 0;
}

static int dcc_watch_stop_running(void)
{
	int ret = 0;

	mutex_lock(&dcc_watch_tables_lock);
	if (dcc_watch_state == DCC_WATCH_STARTING ||
	    dcc_watch_state == DCC_WATCH_RUNNING)
		WRITE_ONCE(dcc_watch_stop, true);
	else
		ret = -ENOENT;
	mutex_unlock(&dcc_watch_tables_lock);
	if (!ret)
		wake_up_all(&dcc_watch_wq);
	return ret;
}

static int dcc_watch_register(void)
{
	int ret;

	/* a probe keeps state from its last registration: start afresh */
	memset(&dcc_watch_krp, 0, sizeof(dcc_watch_krp));
	dcc_watch_krp.kp.symbol_name = "d_delete";
	dcc_watch_krp.entry_handler = dcc_watch_d_delete_entry;
	dcc_watch_krp.handler = dcc_watch_d_delete_ret;
	dcc_watch_krp.data_size = sizeof(struct dentry *);
	/* d_delete() may sleep (an rmdir's last iput): room for waiters */
	dcc_watch_krp.maxactive = 4 * num_possible_cpus();
	memset(&dcc_watch_kp, 0, sizeof(dcc_watch_kp));
	dcc_watch_kp.symbol_name = DCC_LRU_ADD_FN;
	dcc_watch_kp.pre_handler = dcc_watch_lru_add;
	ret = register_kretprobe(&dcc_watch_krp);
	if (ret) {
		pr_warn("watch: cannot register a kretprobe on d_delete (%d)\n",
			ret);
		return ret;
	}
	ret = register_kprobe(&dcc_watch_kp);
	if (ret) {
		unregister_kretprobe(&dcc_watch_krp);
		pr_warn("watch: cannot register a kprobe on %s (%d)\n",
			DCC_LRU_ADD_FN, ret);
	}
	return ret;
}

/* The whole watch, in its writer's context. */
static int dcc_watch_run(u32 secs)
{
	struct dcc_watch_ring __percpu *rings;
	struct dcc_watch_tables *t, *old;
	const char *reason = "timeout";
	u64 end;
	int ret;

	if (!mutex_trylock(&dcc_watch_mutex)) {
		pr_warn_ratelimited("watch: a watch is already running\n");
		return -EBUSY;
	}
	t = dcc_watch_alloc();
	rings = dcc_watch_alloc_rings();
	if (!t || !rings) {
		kvfree(t);
		dcc_watch_free_rings(rings);
		mutex_unlock(&dcc_watch_mutex);
		pr_warn("watch: cannot allocate its tables\n");
		return -ENOMEM;
	}
	/* the last watch's tables: its probes are gone, its rings freed */
	mutex_lock(&dcc_watch_tables_lock);
	old = dcc_watch_t;
	dcc_watch_t = t;
	WRITE_ONCE(dcc_watch_rings, rings);
	dcc_watch_events = 0;
	dcc_watch_unlinks = 0;
	dcc_watch_lookups = 0;
	dcc_watch_missed = 0;
	dcc_watch_dropped_n = 0;
	WRITE_ONCE(dcc_watch_stop, false);
	WRITE_ONCE(dcc_watch_kick, false);
	dcc_watch_state = DCC_WATCH_STARTING;
	dcc_watch_reason = "-";
	dcc_watch_limit = secs;
	dcc_watch_start_ns = ktime_get_ns();
	/* no handler runs: the last watch's probes are gone */
	memset(dcc_watch_unlinked, 0, sizeof(dcc_watch_unlinked));
	mutex_unlock(&dcc_watch_tables_lock);
	dcc_watch_free(old);

	ret = dcc_watch_register();
	if (ret) {
		reason = "error";
		goto end;
	}
	mutex_lock(&dcc_watch_tables_lock);
	dcc_watch_state = DCC_WATCH_RUNNING;
	dcc_watch_start_ns = ktime_get_ns();
	mutex_unlock(&dcc_watch_tables_lock);

	/* until the time is up, "stop", or a fatal signal; draining */
	end = dcc_watch_start_ns + (u64)secs * NSEC_PER_SEC;
	for (;;) {
		u64 now = ktime_get_ns();
		unsigned long wait;
		long left;

		/* checked here too: a kick at every wait never sleeps */
		if (fatal_signal_pending(current)) {
			reason = "signal";
			break;
		}
		if (now >= end)
			break;
		wait = msecs_to_jiffies(min_t(u64, DCC_WATCH_DRAIN_MS,
					      div_u64(end - now, NSEC_PER_MSEC) + 1));
		left = wait_event_killable_timeout(dcc_watch_wq,
						   READ_ONCE(dcc_watch_stop) ||
						   READ_ONCE(dcc_watch_kick), wait);
		if (left < 0) {
			reason = "signal";
			break;
		}
		if (READ_ONCE(dcc_watch_stop)) {
			reason = "stop";
			break;
		}
		WRITE_ONCE(dcc_watch_kick, false);
		mutex_lock(&dcc_watch_tables_lock);
		dcc_watch_drain();
		mutex_unlock(&dcc_watch_tables_lock);
	}
	/* each returns once no handler of it runs, on any CPU */
	unregister_kprobe(&dcc_watch_kp);
	unregister_kretprobe(&dcc_watch_krp);
end:
	/* and no kick is left to run (a failed start may have run one) */
	irq_work_sync(&dcc_watch_kick_work);
	mutex_lock(&dcc_watch_tables_lock);
	dcc_watch_finish();
	if (!ret)
		dcc_watch_missed = dcc_watch_kp.nmissed +
				   dcc_watch_krp.kp.nmissed + dcc_watch_krp.nmissed;
	dcc_watch_state = DCC_WATCH_ENDED;
	dcc_watch_reason = reason;
	dcc_watch_end_ns = ktime_get_ns();
	mutex_unlock(&dcc_watch_tables_lock);
	mutex_unlock(&dcc_watch_mutex);
	if (ret)
		return ret;
	return !strcmp(reason, "signal") ? -EINTR : 0;
}

static ssize_t watch_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	char *buf, shown[DCC_WATCH_CMD_MAX * 4 + 1];
	const char *why = NULL;
	bool stop;
	u32 secs;
	int ret;

	/* the opener's credentials, as for the shrink knob (knob.c) */
	if (!file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN)) {
		pr_warn_ratelimited("watch: the file was opened without CAP_SYS_ADMIN in the initial user namespace\n");
		return -EPERM;
	}
	if (!dcc_feature_sources()) {
		pr_warn_ratelimited("watch: the sources feature is off (%s)\n",
				    dcc_feature_sources_why());
		return -EOPNOTSUPP;
	}
	if (!count) {
		pr_warn_ratelimited("watch: empty command\n");
		return -EINVAL;
	}
	if (count > DCC_WATCH_CMD_MAX) {
		pr_warn_ratelimited("watch: command of %zu bytes, more than %d\n",
				    count, DCC_WATCH_CMD_MAX);
		return -E2BIG;
	}
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = dcc_watch_parse(buf, &secs, &stop, &why);
	if (ret) {
		/* the user's bytes, escaped: a NUL ends them */
		dcc_escape(shown, sizeof(shown), buf);
		pr_warn_ratelimited("watch: %s: %s\n", why, shown);
	} else if (stop) {
		ret = dcc_watch_stop_running();
		if (ret)
			pr_warn_ratelimited("watch: stop: no watch is running\n");
	} else {
		ret = dcc_watch_run(secs);
	}
	kfree(buf);
	return ret ? ret : count;
}

static const struct file_operations watch_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = watch_write,
	.llseek = noop_llseek,
};

static int sources_show(struct seq_file *m, void *unused)
{
	struct dcc_watch_tables *t;
	u32 top[DCC_WATCH_K], n, i;
	char *buf;
	u64 ms;

	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	/* the tables, and the cgroups their rows hold references on */
	if (mutex_lock_killable(&dcc_watch_tables_lock)) {
		kfree(buf);
		return -EINTR;
	}
	if (dcc_watch_state != DCC_WATCH_ENDED)
		dcc_watch_drain();
	t = dcc_watch_t;
	ms = dcc_watch_state == DCC_WATCH_IDLE ? 0 :
	     div_u64((dcc_watch_state == DCC_WATCH_ENDED ? dcc_watch_end_ns :
		      ktime_get_ns()) - dcc_watch_start_ns, NSEC_PER_MSEC);
	seq_printf(m, "state: %s\n", dcc_watch_state == DCC_WATCH_IDLE ? "idle" :
		   dcc_watch_state == DCC_WATCH_STARTING ? "starting" :
		   dcc_watch_state == DCC_WATCH_RUNNING ? "running" : "ended");
	seq_printf(m, "reason: %s\n", dcc_watch_reason);
	seq_printf(m, "limit_s: %u\n", dcc_watch_limit);
	seq_printf(m, "elapsed_ms: %llu\n", ms);
	seq_printf(m, "events: %llu\n", dcc_watch_events);
	seq_printf(m, "unlink: %llu\n", dcc_watch_unlinks);
	seq_printf(m, "lookup: %llu\n", dcc_watch_lookups);
	seq_printf(m, "dropped: %llu\n", dcc_watch_dropped());
	seq_printf(m, "missed: %llu\n", dcc_watch_missed);

	seq_puts(m, "process count error unlink tgid comm\n");
	n = t ? dcc_hh_top(&t->procs, top, min_t(u32, dcc_top_n, DCC_WATCH_K)) : 0;
	for (i = 0; i < n; i++) {
		const struct dcc_hh_slot *s = &t->procs.slot[top[i]];
		const struct dcc_watch_proc *p = &t->proc[top[i]];
		char comm[TASK_COMM_LEN * 4 + 1];

		dcc_escape(comm, sizeof(comm), p->comm);
		seq_printf(m, "process %llu %llu %llu %d %s\n", s->count, s->err,
			   s->neg, p->tgid, comm[0] ? comm : "?");
	}
	seq_puts(m, "cgroup count error unlink id path\n");
	n = t ? dcc_hh_top(&t->cgs, top, min_t(u32, dcc_top_n, DCC_WATCH_K)) : 0;
	for (i = 0; i < n; i++) {
		const struct dcc_hh_slot *s = &t->cgs.slot[top[i]];
		struct dcc_watch_cg *c = &t->cg[top[i]];
		struct cgroup *cg = s->cookie;

		/* running: the row's reference keeps cg; ended: its path */
		if (cg && cgroup_path(cg, buf, PATH_MAX) >= 0)
			dcc_escape(c->path, DCC_PATH_MAX, buf);
		seq_printf(m, "cgroup %llu %llu %llu %llu %s\n", s->count, s->err,
			   s->neg, c->id, c->path[0] ? c->path : "?");
	}
	seq_puts(m, "dir count error unlink dev type path\n");
	n = t ? dcc_hh_top(&t->dirs, top, min_t(u32, dcc_top_n, DCC_WATCH_K)) : 0;
	for (i = 0; i < n; i++) {
		const struct dcc_hh_slot *s = &t->dirs.slot[top[i]];
		const struct dcc_watch_dir *d = &t->dir[top[i]];

		seq_printf(m, "dir %llu %llu %llu " DEV_FMT " %s %s\n", s->count,
			   s->err, s->neg, MAJOR(d->dev), MINOR(d->dev),
			   d->type[0] ? d->type : "?", d->path[0] ? d->path : "?");
	}
	mutex_unlock(&dcc_watch_tables_lock);
	kfree(buf);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sources);

const struct dcc_file dcc_watch_files[] = {
	{ "watch", 0200, &watch_fops },
	{ "sources", 0400, &sources_fops },
	{ }
};

void dcc_watch_status(struct seq_file *m)
{
	if (dcc_feature_sources())
		seq_puts(m, "feature.sources: on\n");
	else
		seq_printf(m, "feature.sources: off (%s)\n",
			   dcc_feature_sources_why());
}

/* At unload: no writer is left (the open file pinned the module). */
void dcc_watch_exit(void)
{
	irq_work_sync(&dcc_watch_kick_work);
	mutex_lock(&dcc_watch_mutex);
	dcc_watch_free(dcc_watch_t);
	dcc_watch_t = NULL;
	dcc_watch_free_rings(dcc_watch_rings);
	dcc_watch_rings = NULL;
	mutex_unlock(&dcc_watch_mutex);
}
