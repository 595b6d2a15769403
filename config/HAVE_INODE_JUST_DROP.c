// SPDX-License-Identifier: GPL-2.0
/*
 * The ->drop_inode() of filesystems that evict an unused inode at once
 * (proc, sysfs, cgroupfs): generic_delete_inode() up to 6.17,
 * inode_just_drop() from 6.18.
 */
#include <linux/fs.h>

int dcc_probe(struct inode *inode);
int dcc_probe(struct inode *inode)
{
	return inode_just_drop(inode);
}
