/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Misra-Gries with two counters, over the (parent, name hash) keys of one
 * hash chain: the chains view's dominant name. In a chain of n entries,
 * a key met more than n/3 times holds a counter at the end, and a
 * counter's count is at most its key's true count and falls short of it
 * by at most n/3. With each counter goes the latest item of its key and a
 * number the caller gives (the walk's section): the walk names a key from
 * that item only while it is still valid.
 *
 * Plain C: it builds in the kernel and in user space (tests/unit/), and
 * takes no lock; the caller serialises.
 */
#ifndef DCACHECTL_MG_H
#define DCACHECTL_MG_H

/* In user space, tests/unit/ktypes.h is included first (-include). */
#ifdef __KERNEL__
#include <linux/types.h>
#endif

struct dcc_mg {
	/* keys, items and tags are read only where cnt[] is not zero */
	const void *parent[2];
	u32 hash[2];
	u32 cnt[2];
	void *item[2];		/* the key's latest item */
	u64 tag[2];		/* the caller's number, given with it */
};

static inline void dcc_mg_reset(struct dcc_mg *mg)
{
	mg->cnt[0] = 0;
	mg->cnt[1] = 0;
}

/* One entry of key (parent, hash): item, given with tag. */
static inline void dcc_mg_add(struct dcc_mg *mg, const void *parent,
			      u32 hash, void *item, u64 tag)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (mg->cnt[i] && mg->parent[i] == parent &&
		    mg->hash[i] == hash)
			goto hit;
	}
	for (i = 0; i < 2; i++) {
		if (!mg->cnt[i]) {
			mg->parent[i] = parent;
			mg->hash[i] = hash;
			goto hit;
		}
	}
	mg->cnt[0]--;
	mg->cnt[1]--;
	return;
hit:
	mg->cnt[i]++;
	mg->item[i] = item;
	mg->tag[i] = tag;
}

/* The counter of the dominant key (the higher; the first on a tie). */
static inline int dcc_mg_dominant(const struct dcc_mg *mg)
{
	return mg->cnt[1] > mg->cnt[0] ? 1 : 0;
}

#endif /* DCACHECTL_MG_H */
