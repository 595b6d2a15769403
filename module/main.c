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

static int __init dcachectl_init(void)
{
	int ret;

	ret = dcc_symbols_init();
	if (ret)
		goto err;
	ret = dcc_debugfs_init();
	if (ret)
		goto err;
	pr_info("version %s loaded, %lu hash buckets\n", DCACHECTL_VERSION,
		dcc_hash_buckets());
	return 0;
err:
	return ret;
}

static void __exit dcachectl_exit(void)
{
	dcc_debugfs_exit();
}

module_init(dcachectl_init);
module_exit(dcachectl_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Live view of the dentry cache and targeted shrinks");
MODULE_VERSION(DCACHECTL_VERSION);
