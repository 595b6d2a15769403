/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dcachectl: shared declarations.
 *
 * Layout, from the top: module/main.c wires the parts together;
 * module/debugfs.c holds status and creates every part's files under
 * /sys/kernel/debug/dcachectl/ from their tables. The views
 * (module/views.c) print a snapshot that module/snapshot.c owns and
 * caches: it has module/walk.c make the one RCU walk of the dentry hash
 * table, then module/supers.c add the superblock and memcg figures (the
 * two never call each other). The knob (module/knob.c) parses a command
 * with module/cmd.c and runs it on module/shrink.c, the engine, one at a
 * time. The watch (module/watch.c) counts where negative dentries come
 * from, with two probes registered only while its writer waits, for the
 * sources view; it shares nothing with the walk. Below them, module/pin.c
 * holds superblocks and dentries for walk, supers and shrink (one
 * protocol), module/symbols.c resolves what the
 * kernel does not export, and include/compat.h is the one place that
 * knows how kernel versions differ. Plain C, also built and tested in
 * user space (tests/unit/): module/hh.c (heavy directories, and the
 * watch's processes, cgroups and directories), module/cmd.c,
 * module/escape.c (names as rows print them), include/sbacc.h (the walk's
 * per-superblock counts) and include/mg.h (a chain's dominant name).
 */
#ifndef DCACHECTL_H
#define DCACHECTL_H

#include <linux/fs.h>
#include <linux/list_bl.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/* Room for a path, a name or a type in a row, escaped, with its NUL. */
#define DCC_PATH_MAX 256
#define DCC_TYPE_MAX 32

struct mem_cgroup;
struct mem_cgroup_reclaim_cookie;
struct seq_file;

/*
 * Kernel objects and functions resolved by name at load time. Data symbols
 * need CONFIG_KALLSYMS_ALL. A NULL optional member means its feature is off.
 */
struct dcc_ksyms {
	/* required */
	struct hlist_bl_head **dentry_hashtable;
	unsigned int *d_hash_shift;
	struct list_head *super_blocks;
	spinlock_t *sb_lock;	/* the kernel's; guards super_blocks */
	/* optional: the memcgs view */
	struct mem_cgroup *(*mem_cgroup_iter)(struct mem_cgroup *root,
					      struct mem_cgroup *prev,
					      struct mem_cgroup_reclaim_cookie *r);
	void (*mem_cgroup_iter_break)(struct mem_cgroup *root,
				      struct mem_cgroup *prev);
	/* optional: the watch and its sources view (probe points only) */
	void *d_delete;
	void *lru_add;	/* DCC_LRU_ADD_FN */
};

extern struct dcc_ksyms dcc_ksyms;

int dcc_symbols_init(void);
void dcc_symbols_show(struct seq_file *m);
bool dcc_feature_memcgs(void);
const char *dcc_feature_memcgs_why(void);

/*
 * A file under /sys/kernel/debug/dcachectl/. Each part lists its files in
 * one table, ended by an entry without a name; module/debugfs.c creates
 * them all in one loop. A file whose @when is false is not created.
 */
struct dcc_file {
	const char *name;
	umode_t mode;
	const struct file_operations *fops;
	const bool *when;	/* NULL: always */
};

/* module/views.c: the read-only views */
extern const struct dcc_file dcc_view_files[];

/* module/watch.c: watch, sources and the watch part of status */
extern const struct dcc_file dcc_watch_files[];
bool dcc_feature_sources(void);
void dcc_watch_status(struct seq_file *m);
void dcc_watch_exit(void);

/* module/knob.c: shrink, last_shrink and the shrink part of status */
extern const struct dcc_file dcc_shrink_files[];
void dcc_shrink_status(struct seq_file *m);
/*
 * fault_lookup_ms (a test switch, default 0): a path=/dir= writer sleeps
 * this long, killably, before its lookup, as if the lookup stalled
 */
extern unsigned int dcc_fault_lookup_ms;
/*
 * fault_run_ms (a test switch, default 0): a command sleeps this long,
 * killably, holding dcc_shrink_lock, once its targets are taken
 */
extern unsigned int dcc_fault_run_ms;

int dcc_debugfs_init(void);
void dcc_debugfs_exit(void);

/*
 * Born and not dying: a filter for the superblocks worth holding. Read
 * without s_umount, so only a filter: pin.c checks again under s_umount.
 */
static inline bool dcc_sb_usable(struct super_block *sb)
{
	unsigned long flags = READ_ONCE(sb->s_flags);

	if (!(flags & SB_BORN) || !READ_ONCE(sb->s_root))
		return false;
#ifdef SB_DYING
	if (flags & SB_DYING)
		return false;
#endif
	return !hlist_unhashed(&sb->s_instances);
}

/*
 * First node of a hash chain, under RCU. Bit 0 of the head is the bucket's
 * lock bit; the pointer itself is published with rcu_assign_pointer()
 * (hlist_bl_add_head_rcu), so a plain RCU read of it is enough.
 * (hlist_bl_first_rcu() does the same but trips sparse: the head is not
 * annotated __rcu.)
 */
static inline struct hlist_bl_node *dcc_chain_first(struct hlist_bl_head *h)
{
	return (struct hlist_bl_node *)
		((unsigned long)rcu_dereference_raw(h->first) & ~LIST_BL_LOCKMASK);
}

/* module/symbols.c: the memcg iterator, through its resolved pointers. */
struct mem_cgroup *dcc_memcg_next(struct mem_cgroup *prev);
void dcc_memcg_break(struct mem_cgroup *m);

/* Number of buckets in dentry_hashtable, from the kernel's own shift. */
static inline unsigned long dcc_hash_buckets(void)
{
	return 1UL << (32 - *dcc_ksyms.d_hash_shift);
}

#endif /* DCACHECTL_H */
