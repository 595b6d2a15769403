/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place that knows how the kernels of the matrix differ.
 *
 * Where a kernel API changes shape, a build-time probe in config/ decides
 * (OpenZFS style): each config/HAVE_*.c compiles only on kernels that have
 * the feature, and the Makefile turns the results into generated/probes.h.
 * Version numbers are not tested here.
 */
#ifndef DCACHECTL_COMPAT_H
#define DCACHECTL_COMPAT_H

#include <linux/preempt.h>
#include <linux/types.h>
#include "probes.h"

#ifdef CONFIG_X86_KERNEL_IBT
#include <asm/cpufeature.h>
#include <asm/msr.h>

#ifdef HAVE_RDMSRQ
#define dcc_rdmsr(msr, val) rdmsrq(msr, val)
#define dcc_wrmsr(msr, val) wrmsrq(msr, val)
#else
#define dcc_rdmsr(msr, val) rdmsrl(msr, val)
#define dcc_wrmsr(msr, val) wrmsrl(msr, val)
#endif

/*
 * A function found through kallsyms may have had its ENDBR sealed by objtool
 * (nothing in the kernel takes its address), so an indirect call to it
 * raises #CP on a CPU with IBT on. Turn ENDBR tracking off on this CPU
 * around such a call, as lttng-modules does. Preemption stays off in
 * between so the call runs on the CPU whose MSR was changed; the callee
 * must not sleep.
 */
static inline u64 dcc_ibt_save(void)
{
	u64 msr = 0;

	preempt_disable();
	if (cpu_feature_enabled(X86_FEATURE_IBT)) {
		dcc_rdmsr(MSR_IA32_S_CET, msr);
		dcc_wrmsr(MSR_IA32_S_CET, msr & ~CET_ENDBR_EN);
	}
	return msr;
}

static inline void dcc_ibt_restore(u64 msr)
{
	if (cpu_feature_enabled(X86_FEATURE_IBT))
		dcc_wrmsr(MSR_IA32_S_CET, msr);
	preempt_enable();
}
#else
static inline u64 dcc_ibt_save(void)
{
	preempt_disable();
	return 0;
}

static inline void dcc_ibt_restore(u64 msr)
{
	preempt_enable();
}
#endif /* CONFIG_X86_KERNEL_IBT */

/*
 * Whether a list_lru keeps one list per memcg (else one per node). Under
 * cgroup.memory=nokmem, 6.12 and later make every list_lru global
 * (__list_lru_init()); 5.10 and 6.1 keep them per memcg.
 */
#include <linux/list_lru.h>
#include <linux/memcontrol.h>
static inline bool dcc_lru_per_memcg(struct list_lru *lru)
{
#ifdef HAVE_LIST_LRU_MEMCG_AWARE
	return lru->memcg_aware;
#else
	return false;
#endif
}

/*
 * m's kmem id: the index of its own lists in a memcg-aware list_lru, or
 * -1. With -1, list_lru_count_one() and list_lru_walk_one() (hence the
 * superblock shrinker) give the node's global list, which is the root
 * memcg's part. The root memcg always has -1; so has every memcg under
 * cgroup.memory=nokmem (memcg_online_kmem() returns first), and an offline
 * one whose parent is the root (it takes its parent's id).
 */
static inline int dcc_memcg_kmem_id(struct mem_cgroup *m)
{
#ifdef HAVE_MEMCG_KMEM_ID
	return memcg_kmem_id(m);
#else
	return memcg_cache_id(m);
#endif
}

/*
 * Whether m's part of lru is m's own, so that counting or scanning it for
 * each memcg visits every list once: the root's part is the global list;
 * another memcg has a part of its own only while it is online (offline,
 * its lists went to its parent and its id with them) and has a kmem id
 * (without one it would get the root's). m is held by the caller.
 */
#ifdef CONFIG_MEMCG
static inline bool dcc_memcg_owns_lru(struct list_lru *lru,
				      struct mem_cgroup *m)
{
	if (!m->css.parent)		/* the root */
		return true;
	return dcc_lru_per_memcg(lru) && mem_cgroup_online(m) &&
	       dcc_memcg_kmem_id(m) >= 0;
}
#else
static inline bool dcc_memcg_owns_lru(struct list_lru *lru,
				      struct mem_cgroup *m)
{
	return true;
}
#endif

/* The superblock's shrinker: embedded up to 6.6, a pointer since 6.7. */
#ifdef HAVE_SB_SHRINK_PTR
#define dcc_sb_shrinker(sb) ((sb)->s_shrink)
#else
#define dcc_sb_shrinker(sb) (&(sb)->s_shrink)
#endif

/*
 * A superblock's passive reference (module/pin.c). In 5.10, 6.1 and 6.12 it
 * is an int, s_count, changed under sb_lock, and a superblock on the list
 * always has one left; in 7.2 a refcount_t, s_passive, whose last put
 * happens outside sb_lock, so one still on the list may have none.
 */
#include <linux/refcount.h>
#include <linux/spinlock.h>

/* Under sb_lock: one more, unless sb is past its last one. */
static inline bool dcc_sb_get_passive(struct super_block *sb)
{
#ifdef HAVE_SB_PASSIVE
	return refcount_inc_not_zero(&sb->s_passive);
#else
	if (sb->s_count <= 0)
		return false;
	sb->s_count++;
	return true;
#endif
}

/* Drop one that is known not to be the last. Not under sb_lock. */
static inline void dcc_sb_drop_passive(struct super_block *sb,
				       spinlock_t *sb_lock)
{
#ifdef HAVE_SB_PASSIVE
	refcount_dec(&sb->s_passive);
#else
	spin_lock(sb_lock);
	sb->s_count--;
	spin_unlock(sb_lock);
#endif
}

/* Drop one unless it is the last: false then, and nothing done. */
static inline bool dcc_sb_drop_passive_not_last(struct super_block *sb,
						spinlock_t *sb_lock)
{
#ifdef HAVE_SB_PASSIVE
	return refcount_dec_not_one(&sb->s_passive);
#else
	bool done = false;

	spin_lock(sb_lock);
	if (sb->s_count > 1) {
		sb->s_count--;
		done = true;
	}
	spin_unlock(sb_lock);
	return done;
#endif
}

/*
 * Where the dcache puts a dentry on its superblock's LRU list (d_lru_add()):
 * the function the watch probes for lookups that leave a negative dentry.
 */
#ifdef HAVE_LIST_LRU_ADD_OBJ
#define DCC_LRU_ADD_FN "list_lru_add_obj"
#else
#define DCC_LRU_ADD_FN "list_lru_add"
#endif

/*
 * The ->drop_inode() that evicts every unused inode at once (proc, sysfs,
 * cgroupfs): renamed in 6.18. Compared by address, never called.
 */
#include <linux/fs.h>
#ifdef HAVE_INODE_JUST_DROP
#define dcc_just_drop inode_just_drop
#else
#define dcc_just_drop generic_delete_inode
#endif

#endif /* DCACHECTL_COMPAT_H */
