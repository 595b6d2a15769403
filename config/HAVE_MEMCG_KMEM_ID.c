// SPDX-License-Identifier: GPL-2.0
/*
 * memcg_kmem_id(): the index of a memcg's own lists in a memcg-aware
 * list_lru, -1 where it has none. memcg_cache_id() before 5.18.
 */
#include <linux/memcontrol.h>

int dcc_probe(struct mem_cgroup *m);
int dcc_probe(struct mem_cgroup *m)
{
	return memcg_kmem_id(m);
}
