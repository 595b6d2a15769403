// SPDX-License-Identifier: GPL-2.0
/*
 * super_block's passive reference: int s_count, changed under sb_lock, in
 * 5.10 to 6.12; refcount_t s_passive in 7.2, whose last put takes sb_lock
 * itself.
 */
#include <linux/fs.h>
#include <linux/refcount.h>

bool dcc_probe(struct super_block *sb);
bool dcc_probe(struct super_block *sb)
{
	return refcount_inc_not_zero(&sb->s_passive);
}
