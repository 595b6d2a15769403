// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of include/mg.h (Misra-Gries, two counters), built in user
 * space with ASan and UBSan. TAP output.
 *
 * Checked, over random chains of n entries with a few keys:
 *   - a key met more than n/3 times holds a counter at the end;
 *   - a counter's count is at most its key's true count, and short of it
 *     by at most n/3;
 *   - the dominant counter's key is the most frequent key whenever one
 *     key has more than half the entries;
 *   - a counter's item and tag are the last ones given with its key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg.h"
#include "utest.h"

#define KEYS 6

/* key k: parent (k / 2), hash (k % 2), so keys share parents and hashes */
static const void *parent_of(int k)
{
	static const char parents[KEYS / 2];

	return &parents[k / 2];
}

int main(void)
{
	int heavy_lost = 0, over = 0, under = 0, dom_wrong = 0, item_wrong = 0;
	int run, items[64];
	struct dcc_mg mg;

	printf("1..8\n");
	dcc_mg_reset(&mg);
	ok(!mg.cnt[0] && !mg.cnt[1] && dcc_mg_dominant(&mg) == 0,
	   "a reset chain has no counter");

	/* ties: the first counter wins */
	dcc_mg_add(&mg, parent_of(0), 0, &items[0], 1);
	dcc_mg_add(&mg, parent_of(2), 0, &items[1], 1);
	ok(mg.cnt[0] == 1 && mg.cnt[1] == 1 && dcc_mg_dominant(&mg) == 0,
	   "a tie of two keys at one each: the first is dominant");
	dcc_mg_add(&mg, parent_of(2), 0, &items[2], 2);
	dcc_mg_add(&mg, parent_of(0), 0, &items[3], 3);
	ok(mg.cnt[0] == 2 && mg.cnt[1] == 2 && dcc_mg_dominant(&mg) == 0 &&
	   mg.item[1] == &items[2] && mg.tag[0] == 3,
	   "a tie at two each: still the first, each with its last item");

	for (run = 0; run < 100000; run++) {
		unsigned int truth[KEYS] = { 0 }, n = rnd() % 64 + 1, e;
		unsigned int skew = rnd() % KEYS, last[KEYS];
		int i, k, maxk = 0;

		dcc_mg_reset(&mg);
		for (e = 0; e < n; e++) {
			k = rnd() % 3 ? (int)skew : (int)(rnd() % KEYS);
			if (run % 4 == 0)
				k = rnd() % KEYS;	/* no skew */
			truth[k]++;
			last[k] = e;
			dcc_mg_add(&mg, parent_of(k), k % 2, &items[e], run);
		}
		for (k = 0; k < KEYS; k++)
			if (truth[k] > truth[maxk])
				maxk = k;
		for (k = 0; k < KEYS; k++) {
			int held = -1;

			for (i = 0; i < 2; i++)
				if (mg.cnt[i] && mg.parent[i] == parent_of(k) &&
				    mg.hash[i] == (u32)(k % 2))
					held = i;
			if (3 * truth[k] > n && held < 0)
				heavy_lost++;
			if (held < 0)
				continue;
			if (mg.cnt[held] > truth[k])
				over++;
			if (3 * (truth[k] - mg.cnt[held]) > n)
				under++;
			if (mg.item[held] != &items[last[k]] ||
			    mg.tag[held] != (u64)run)
				item_wrong++;
		}
		if (2 * truth[maxk] > n) {
			i = dcc_mg_dominant(&mg);
			if (mg.parent[i] != parent_of(maxk) ||
			    mg.hash[i] != (u32)(maxk % 2))
				dom_wrong++;
		}
	}
	ok(!heavy_lost, "100,000 chains: a key over n/3 always holds a counter");
	ok(!over, "a count never exceeds its key's true count");
	ok(!under, "nor falls short of it by more than n/3");
	ok(!dom_wrong, "a key over n/2 is the dominant one");
	ok(!item_wrong, "a counter keeps its key's last item and tag");
	if (heavy_lost || over || under || dom_wrong || item_wrong)
		printf("#   %d %d %d %d %d\n", heavy_lost, over, under,
		       dom_wrong, item_wrong);
	return n_fail ? 1 : 0;
}
