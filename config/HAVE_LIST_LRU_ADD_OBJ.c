// SPDX-License-Identifier: GPL-2.0
/*
 * list_lru_add_obj(), which d_lru_add() calls since 6.8 (list_lru_add()
 * took the node and memcg from then on); list_lru_add() before.
 */
#include <linux/list_lru.h>

bool dcc_probe(struct list_lru *lru, struct list_head *item);
bool dcc_probe(struct list_lru *lru, struct list_head *item)
{
	return list_lru_add_obj(lru, item);
}
