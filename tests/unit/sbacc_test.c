// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of include/sbacc.h (per-superblock accumulators), built in
 * user space with ASan and UBSan. TAP output.
 *
 * Checked: the size for n superblocks; every key counted lands in its own
 * slot and is found again with its counts; a key never counted is not
 * found; a full table refuses a new key (NULL) and keeps finding the old
 * ones; keys that collide in the hash probe on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbacc.h"
#include "utest.h"

/* Keys: addresses of a kind superblocks have (aligned, in one region). */
static const void *key(unsigned long i)
{
	return (const void *)(0xffff888100000000UL + i * 0x1400UL);
}

int main(void)
{
	struct dcc_sb_acc acc;
	struct dcc_sb_slot *slot;
	unsigned long i, n, lost = 0, wrong = 0, found_new = 0, refused = 0;
	u32 bits;

	printf("1..11\n");
	ok(dcc_sb_acc_bits(0) == 7 && dcc_sb_acc_bits(1) == 8 &&
	   dcc_sb_acc_bits(192) == 9 && dcc_sb_acc_bits(193) == 10,
	   "slots: 2 * (n + 64) rounded up to a power of two (0: 128, 193: 1024)");

	n = 300;
	bits = dcc_sb_acc_bits(n);
	slot = calloc((size_t)1 << bits, sizeof(*slot));
	dcc_sb_acc_init(&acc, slot, bits);
	for (i = 0; i < n; i++) {
		unsigned long k;

		for (k = 0; k <= i % 7; k++) {
			struct dcc_sb_count *c = dcc_sb_acc_get(&acc, key(i));

			if (!c) {
				lost++;
				continue;
			}
			c->dentries++;
			c->negative += k & 1;
			c->bytes += 192;
		}
	}
	ok(!lost, "300 superblocks in a table sized for them: every one counted");
	for (i = 0; i < n; i++) {
		const struct dcc_sb_count *c = dcc_sb_acc_find(&acc, key(i));
		u64 m = i % 7 + 1;

		if (!c || c->dentries != m || c->negative != m / 2 ||
		    c->bytes != m * 192)
			wrong++;
	}
	ok(!wrong, "each is found again with its own counts");
	for (i = n; i < 2 * n; i++)
		found_new += dcc_sb_acc_find(&acc, key(i)) != NULL;
	ok(!found_new, "a superblock never counted is not found");
	ok(!dcc_sb_acc_find(&acc, key(12345)), "nor is one far away");
	free(slot);

	/* a full table: 64 slots, then more keys */
	slot = calloc(64, sizeof(*slot));
	dcc_sb_acc_init(&acc, slot, 6);
	for (i = 0; i < 64; i++)
		dcc_sb_acc_get(&acc, key(i))->dentries = i + 1;
	for (i = 64; i < 100; i++)
		refused += dcc_sb_acc_get(&acc, key(i)) == NULL;
	ok(refused == 36, "a full table refuses every new superblock (NULL)");
	for (i = 0, wrong = 0; i < 64; i++) {
		const struct dcc_sb_count *c = dcc_sb_acc_find(&acc, key(i));

		wrong += !c || c->dentries != i + 1;
	}
	ok(!wrong, "and still finds every old one with its counts");
	ok(!dcc_sb_acc_find(&acc, key(70)), "a refused one is not found");
	ok((const struct dcc_sb_count *)dcc_sb_acc_get(&acc, key(5)) ==
	   dcc_sb_acc_find(&acc, key(5)),
	   "get of a known key in a full table gives its counts");
	free(slot);

	/* 64 keys of one hash in 64 slots: each probes past the others */
	slot = calloc(64, sizeof(*slot));
	dcc_sb_acc_init(&acc, slot, 6);
	for (i = 0, n = 0, lost = 0; n < 64; i++) {
		if (hash_ptr(key(i), 6) != hash_ptr(key(0), 6))
			continue;
		if (!dcc_sb_acc_get(&acc, key(i)))
			lost++;
		else
			dcc_sb_acc_get(&acc, key(i))->dentries = i + 1;
		n++;
	}
	ok(!lost, "64 keys of one hash fill all 64 slots, probing on");
	for (i = 0, n = 0, wrong = 0; n < 64; i++) {
		const struct dcc_sb_count *c;

		if (hash_ptr(key(i), 6) != hash_ptr(key(0), 6))
			continue;
		c = dcc_sb_acc_find(&acc, key(i));
		wrong += !c || c->dentries != i + 1;
		n++;
	}
	ok(!wrong, "and each is found again, the last one 63 probes away");
	free(slot);
	return n_fail ? 1 : 0;
}
