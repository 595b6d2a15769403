/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Heavy hitters: the Space-Saving algorithm (Metwally et al.) over K
 * counters, with a hash index for O(1) lookup and a min-heap for O(log K)
 * eviction. It finds every key whose frequency exceeds N/K in a stream of
 * N updates, whatever the number of distinct keys, in fixed memory.
 *
 * Plain C: it builds in the kernel and in user space (tests/unit/), and
 * takes no lock; the caller serialises.
 */
#ifndef DCACHECTL_HH_H
#define DCACHECTL_HH_H

/* In user space, tests/unit/ktypes.h is included first (-include). */
#ifdef __KERNEL__
#include <linux/types.h>
#endif

struct dcc_hh_slot {
	unsigned long key;
	u64 count;	/* upper bound on the key's true count */
	u64 err;	/* count - err is a lower bound */
	u64 neg;	/* updates flagged negative since the key came in */
	void *cookie;	/* the caller's, handed back on eviction */
};

struct dcc_hh {
	u32 k;		/* counters */
	u32 used;
	u32 mask;	/* index size - 1 */
	struct dcc_hh_slot *slot;
	u32 *heap;	/* slot numbers, min-heap on count */
	u32 *pos;	/* heap position of each slot */
	u32 *index;	/* open addressing: slot number + 1, 0 = empty */
};

/* Bytes of memory dcc_hh_init() needs for k counters. */
size_t dcc_hh_bytes(u32 k);
/* Lay the table out in mem (dcc_hh_bytes(k) bytes, any content). */
void dcc_hh_init(struct dcc_hh *hh, u32 k, void *mem);
/*
 * Count one occurrence of key (and of a negative one if neg). Returns its
 * slot. When a key with a cookie is evicted to make room, its slot is
 * copied to *evicted and true is stored in *did_evict.
 */
struct dcc_hh_slot *dcc_hh_add(struct dcc_hh *hh, unsigned long key, bool neg,
			       struct dcc_hh_slot *evicted, bool *did_evict);
/*
 * Count n (>= 1) occurrences of key in a row, neg of them negative: the
 * same counts and bounds as n calls of dcc_hh_add(), for one update.
 */
struct dcc_hh_slot *dcc_hh_add_n(struct dcc_hh *hh, unsigned long key,
				 u64 n, u64 neg, struct dcc_hh_slot *evicted,
				 bool *did_evict);
/* The slot of key, or NULL. */
struct dcc_hh_slot *dcc_hh_find(struct dcc_hh *hh, unsigned long key);
/*
 * Fill out[] with up to n slot numbers, heaviest first; returns how many.
 * Ties are broken by the lower error.
 */
u32 dcc_hh_top(const struct dcc_hh *hh, u32 *out, u32 n);

/* log2 histogram bin of a chain length: 0 for 0, 1 for 1, 2 for 2-3, ... */
static inline unsigned int dcc_hist_bin(unsigned long len)
{
	unsigned int b = 0;

	while (len) {
		b++;
		len >>= 1;
	}
	return b;
}

#endif /* DCACHECTL_HH_H */
