// SPDX-License-Identifier: GPL-2.0
/*
 * super_block's passive reference: int s_count, changed under sb_lock, up
 * to 7.1; refcount_t s_passive since, whose last put takes sb_lock itself.
 */
#include <linux/fs.h>
#include <linux/refcount.h>

bool dcc_probe(struct super_block *sb);
bool dcc_probe(struct super_block *sb)
{
	return refcount_inc_not_zero(&sb->s_passive);
}
