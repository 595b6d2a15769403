// SPDX-License-Identifier: GPL-2.0
/* super_block.s_shrink became a pointer in 6.7 (shrinker_alloc()). */
#include <linux/fs.h>
#include <linux/shrinker.h>

struct shrinker *dcc_probe(struct super_block *sb);
struct shrinker *dcc_probe(struct super_block *sb)
{
	return sb->s_shrink;
}
