// SPDX-License-Identifier: GPL-2.0
/*
 * dcachectl: a live view of the dentry cache and a targeted shrink knob.
 *
 * Load order: resolve symbols, then create the debugfs files. Unload in
 * reverse.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>

#include "dcachectl.h"
#include "pin.h"
#include "snapshot.h"
#include "walk.h"

static unsigned int walk_batch = 1024;
module_param(walk_batch, uint, 0444);
MODULE_PARM_DESC(walk_batch,
		 "Dentries (and buckets) per RCU read-side section of a walk, 16..65536 (default 1024)");

static unsigned int top_n = 16;
module_param(top_n, uint, 0444);
MODULE_PARM_DESC(top_n, "Rows in the chains and dirs views, 1..256 (default 16)");

static unsigned int cache_ms = 1000;
module_param(cache_ms, uint, 0444);
MODULE_PARM_DESC(cache_ms,
		 "Reads within this many ms of the last walk reuse it, 0..600000 (default 1000)");

static bool bench;
module_param(bench, bool, 0444);
MODULE_PARM_DESC(bench,
		 "Debug: add the bench file, which times a walk against a count-only traversal (default off)");

/*
 * A test switch, writable at run time: while nonzero, every resume pin
 * fails, as when the resume point's superblock is being unmounted.
 */
module_param_named(fault_pin, dcc_fault_pin, uint, 0644);
MODULE_PARM_DESC(fault_pin,
		 "Test only: while nonzero, pinning a resume point always fails (default 0)");

/*
 * A test switch, writable at run time: while nonzero, a path= or dir=
 * command sleeps this many ms (killably) before its lookup, as a lookup
 * on a stalled FUSE mount would; it holds no lock of ours meanwhile.
 */
module_param_named(fault_lookup_ms, dcc_fault_lookup_ms, uint, 0644);
MODULE_PARM_DESC(fault_lookup_ms,
		 "Test only: a path= or dir= shrink sleeps this many ms before its lookup (default 0)");

/*
 * A test switch, writable at run time: while nonzero, a command sleeps
 * this many ms (killably) holding the command lock, once its targets are
 * taken, as a long command would.
 */
module_param_named(fault_run_ms, dcc_fault_run_ms, uint, 0644);
MODULE_PARM_DESC(fault_run_ms,
		 "Test only: a shrink sleeps this many ms holding the command lock (default 0)");

static int __init dcachectl_init(void)
{
	int ret;

	dcc_walk_batch = clamp(walk_batch, 16u, 65536u);
	dcc_top_n = clamp(top_n, 1u, 256u);
	dcc_cache_ms = min(cache_ms, 600000u);
	dcc_bench = bench;

	ret = dcc_symbols_init();
	if (ret)
		return ret;
	ret = dcc_debugfs_init();
	if (ret)
		return ret;
	pr_info("version %s loaded, %lu hash buckets\n", DCACHECTL_VERSION,
		dcc_hash_buckets());
	return 0;
}

static void __exit dcachectl_exit(void)
{
	/* Removing debugfs waits for readers, so no walk runs after it. */
	dcc_debugfs_exit();
	dcc_watch_exit();
	dcc_snapshot_exit();
}

module_init(dcachectl_init);
module_exit(dcachectl_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Live view of the dentry cache and targeted shrinks");
MODULE_VERSION(DCACHECTL_VERSION);
