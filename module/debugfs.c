// SPDX-License-Identifier: GPL-2.0
/*
 * The debugfs files under /sys/kernel/debug/dcachectl/.
 *
 * Reads use seq_file (DEFINE_SHOW_ATTRIBUTE); files are root-only. The
 * directory is removed recursively once at exit; debugfs then waits for
 * readers still inside a file operation before the module text goes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/utsname.h>

#include "dcachectl.h"
#include "pin.h"
#include "snapshot.h"
#include "walk.h"

static struct dentry *dcc_dir;

/* debugfs refuses files with a write bit under lockdown (integrity). */
static bool dcc_debugfs_writes_locked(void)
{
	return security_locked_down(LOCKDOWN_DEBUGFS) != 0;
}

static int status_show(struct seq_file *m, void *unused)
{
	struct dcc_snapshot *last;
	struct dcc_walk_stats st;
	int ret;

	last = kmalloc(sizeof(*last), GFP_KERNEL);
	if (!last)
		return -ENOMEM;
	ret = dcc_snapshot_stats(&st, last);
	if (ret) {
		kfree(last);
		return ret;
	}
	seq_printf(m, "version: %s\n", DCACHECTL_VERSION);
	seq_printf(m, "kernel: %s\n", init_utsname()->release);
	dcc_symbols_show(m);
	seq_printf(m, "hash.buckets: %lu\n", dcc_hash_buckets());
	seq_printf(m, "hash.shift: %u\n", *dcc_ksyms.d_hash_shift);
	if (dcc_feature_memcgs())
		seq_puts(m, "feature.memcgs: on\n");
	else
		seq_printf(m, "feature.memcgs: off (%s)\n",
			   dcc_feature_memcgs_why());
	dcc_watch_status(m);
	if (dcc_debugfs_writes_locked())
		seq_puts(m, "lockdown: debugfs restricted; the shrink knob is refused (EPERM)\n");
	else
		seq_puts(m, "lockdown: none\n");
	seq_printf(m, "param.walk_batch: %u\n", dcc_walk_batch);
	seq_printf(m, "param.top_n: %u\n", dcc_top_n);
	seq_printf(m, "param.cache_ms: %u\n", dcc_cache_ms);
	seq_printf(m, "param.bench: %d\n", dcc_bench);
	seq_printf(m, "param.fault_pin: %u\n", READ_ONCE(dcc_fault_pin));
	seq_printf(m, "param.fault_lookup_ms: %u\n",
		   READ_ONCE(dcc_fault_lookup_ms));
	seq_printf(m, "param.fault_run_ms: %u\n", READ_ONCE(dcc_fault_run_ms));
	seq_printf(m, "walk.count: %llu\n", st.walks);
	seq_printf(m, "walk.interrupted: %llu\n", st.interrupted);
	seq_printf(m, "walk.max_section_entries: %llu\n",
		   st.max_section_entries);
	seq_printf(m, "walk.max_section_ns: %llu\n", st.max_section_ns);
	seq_printf(m, "walk.last_ms: %llu\n", div_u64(last->walk_ns, NSEC_PER_MSEC));
	seq_printf(m, "walk.last_entries: %llu\n", last->entries);
	seq_printf(m, "walk.last_sections: %llu\n", last->sections);
	seq_printf(m, "walk.last_max_section_entries: %llu\n",
		   last->max_section_entries);
	seq_printf(m, "walk.last_max_section_ns: %llu\n", last->max_section_ns);
	seq_printf(m, "walk.last_approx_chains: %llu\n", last->approx_chains);
	seq_printf(m, "walk.last_unattributed: %llu\n", last->unattributed);
	dcc_shrink_status(m);
	kfree(last);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(status);

/*
 * For `make bench` only (bench=1): one read times a count-only traversal of
 * the hash table, a full walk and the traversal again, back to back.
 */
static int bench_show(struct seq_file *m, void *unused)
{
	struct dcc_bench_result r;
	int ret;

	ret = dcc_snapshot_bench(&r);
	if (ret)
		return ret;
	seq_printf(m, "buckets: %llu\n", r.buckets);
	seq_printf(m, "floor1.ns: %llu\n", r.floor_ns[0]);
	seq_printf(m, "floor1.entries: %llu\n", r.floor_entries[0]);
	seq_printf(m, "floor1.max_section_ns: %llu\n",
		   r.floor_max_section_ns[0]);
	seq_printf(m, "walk.ns: %llu\n", r.walk_ns);
	seq_printf(m, "walk.entries: %llu\n", r.walk_entries);
	seq_printf(m, "walk.sections: %llu\n", r.walk_sections);
	seq_printf(m, "walk.max_section_entries: %llu\n",
		   r.walk_max_section_entries);
	seq_printf(m, "walk.max_section_ns: %llu\n", r.walk_max_section_ns);
	seq_printf(m, "floor2.ns: %llu\n", r.floor_ns[1]);
	seq_printf(m, "floor2.entries: %llu\n", r.floor_entries[1]);
	seq_printf(m, "floor2.max_section_ns: %llu\n",
		   r.floor_max_section_ns[1]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bench);

static const struct dcc_file dcc_debugfs_files[] = {
	{ "status", 0400, &status_fops },
	{ "bench", 0400, &bench_fops, &dcc_bench },
	{ }
};

/* Every part's table of files, created in this order. */
static const struct dcc_file *const dcc_file_tables[] = {
	dcc_debugfs_files, dcc_view_files, dcc_shrink_files, dcc_watch_files,
};

int dcc_debugfs_init(void)
{
	const struct dcc_file *f;
	struct dentry *d;
	size_t i;

	if (!debugfs_initialized()) {
		pr_err("debugfs is not available (CONFIG_DEBUG_FS, debugfs=off?)\n");
		return -ENODEV;
	}
	dcc_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(dcc_dir)) {
		pr_err("cannot create the debugfs directory (%ld)\n",
		       PTR_ERR(dcc_dir));
		return PTR_ERR(dcc_dir);
	}
	for (i = 0; i < ARRAY_SIZE(dcc_file_tables); i++) {
		for (f = dcc_file_tables[i]; f->name; f++) {
			if (f->when && !*f->when)
				continue;
			d = debugfs_create_file(f->name, f->mode, dcc_dir,
						NULL, f->fops);
			if (IS_ERR(d))
				goto fail;
		}
	}
	return 0;
fail:
	/* Removes the files made so far with the directory. */
	debugfs_remove_recursive(dcc_dir);
	pr_err("cannot create debugfs file %s (%ld)\n", f->name, PTR_ERR(d));
	return PTR_ERR(d);
}

void dcc_debugfs_exit(void)
{
	debugfs_remove_recursive(dcc_dir);
}
