/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-superblock accumulators: what the walk counts for each superblock
 * it meets, in a table of open addressing keyed by the superblock's
 * address. The owner (module/snapshot.c) sizes it by the number n of
 * superblocks at the start, with 2 * (n + 64) slots or more; the
 * walk adds, module/supers.c looks up. A key is only ever compared, never
 * dereferenced, so it may be a superblock freed since: the same address
 * gives the same slot, as a lookup would.
 *
 * Plain C: it builds in the kernel and in user space (tests/unit/), and
 * takes no lock; the caller serialises.
 */
#ifndef DCACHECTL_SBACC_H
#define DCACHECTL_SBACC_H

/* In user space, tests/unit/ktypes.h is included first (-include). */
#ifdef __KERNEL__
#include <linux/hash.h>
#include <linux/types.h>
#endif

struct dcc_sb_count {
	u64 dentries;
	u64 negative;
	u64 bytes;
};

struct dcc_sb_slot {
	const void *key;	/* NULL: empty */
	struct dcc_sb_count c;
};

struct dcc_sb_acc {
	u32 bits;
	u32 mask;		/* slots - 1 */
	struct dcc_sb_slot *slot;
};

/* Log2 of the slots for nsb superblocks: 2 * (nsb + 64), and at least 64. */
static inline u32 dcc_sb_acc_bits(u32 nsb)
{
	u64 want = 2 * ((u64)nsb + 64);
	u32 bits = 6;

	while (bits < 31 && ((u64)1 << bits) < want)
		bits++;
	return bits;
}

/* slot: 1 << bits zeroed slots, the caller's. */
static inline void dcc_sb_acc_init(struct dcc_sb_acc *acc,
				   struct dcc_sb_slot *slot, u32 bits)
{
	acc->bits = bits;
	acc->mask = ((u32)1 << bits) - 1;
	acc->slot = slot;
}

/*
 * The slot of sb: its own, or the empty one where it would go; NULL when
 * the table is full without it.
 */
static inline struct dcc_sb_slot *dcc_sb_acc_slot(struct dcc_sb_acc *acc,
						  const void *sb)
{
	u32 i = hash_ptr(sb, acc->bits);
	u32 probes;

	for (probes = 0; probes <= acc->mask; probes++) {
		if (acc->slot[i].key == sb || !acc->slot[i].key)
			return &acc->slot[i];
		i = (i + 1) & acc->mask;
	}
	return NULL;
}

/* sb's counts, taking a slot for it; NULL when the table is full. */
static inline struct dcc_sb_count *dcc_sb_acc_get(struct dcc_sb_acc *acc,
						  const void *sb)
{
	struct dcc_sb_slot *sl = dcc_sb_acc_slot(acc, sb);

	if (!sl)
		return NULL;
	sl->key = sb;
	return &sl->c;
}

/* sb's counts, or NULL when the walk never counted it. */
static inline const struct dcc_sb_count *
dcc_sb_acc_find(struct dcc_sb_acc *acc, const void *sb)
{
	struct dcc_sb_slot *sl = dcc_sb_acc_slot(acc, sb);

	return sl && sl->key ? &sl->c : NULL;
}

#endif /* DCACHECTL_SBACC_H */
