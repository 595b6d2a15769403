// SPDX-License-Identifier: GPL-2.0
/*
 * struct list_lru.memcg_aware: under CONFIG_MEMCG_KMEM up to 6.1, under
 * CONFIG_MEMCG since CONFIG_MEMCG_KMEM went away (6.10).
 */
#include <linux/fs.h>
#include <linux/list_lru.h>

bool dcc_probe(struct list_lru *lru);
bool dcc_probe(struct list_lru *lru)
{
	return lru->memcg_aware;
}
