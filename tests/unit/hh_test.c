// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/hh.c (Space-Saving heavy hitters), built in user
 * space with ASan and UBSan. TAP output.
 *
 * The guarantees checked, for a stream of N updates into K counters:
 *   - every key whose true count exceeds N/K is in the table;
 *   - for a key in the table, count - err <= true count <= count;
 *   - dcc_hh_top() returns slots heaviest first;
 *   - a key with a cookie is handed back when it is evicted;
 *   - dcc_hh_add_n() of a run of n equals n calls of dcc_hh_add().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hh.h"
#include "utest.h"

/* A skewed stream over `keys` distinct keys; exact counts in truth[]. */
static void stream(struct dcc_hh *hh, unsigned long *truth, unsigned int keys,
		   unsigned int n, int *evictions_ok)
{
	struct dcc_hh_slot ev, *s;
	unsigned int i, k;
	bool did;

	for (i = 0; i < n; i++) {
		/* Zipf-like: key k with probability ~ 1/(k+1) */
		do {
			k = rnd() % keys;
		} while (rnd() % (k + 1));
		truth[k]++;
		s = dcc_hh_add(hh, 0x1000 + 64UL * k, k % 3 == 0, &ev, &did);
		if (s->key != 0x1000 + 64UL * k)
			*evictions_ok = 0;
		if (did && ev.cookie != (void *)ev.key)
			*evictions_ok = 0;
		/* give heavy slots a cookie: their own key */
		if (s->count > 50)
			s->cookie = (void *)s->key;
	}
}

static void test_guarantees(unsigned int k, unsigned int keys, unsigned int n)
{
	unsigned long *truth = calloc(keys, sizeof(*truth));
	void *mem = malloc(dcc_hh_bytes(k));
	int all_in = 1, bounds = 1, sorted = 1, evok = 1;
	u32 *top = malloc(k * sizeof(u32));
	struct dcc_hh hh;
	char what[128];
	unsigned int i;
	u32 got;

	memset(mem, 0xa5, dcc_hh_bytes(k));	/* init must not rely on zero */
	dcc_hh_init(&hh, k, mem);
	stream(&hh, truth, keys, n, &evok);
	for (i = 0; i < keys; i++) {
		struct dcc_hh_slot *s = dcc_hh_find(&hh, 0x1000 + 64UL * i);

		if (truth[i] > n / k && !s)
			all_in = 0;
		if (s && (s->count < truth[i] || s->count - s->err > truth[i]))
			bounds = 0;
	}
	got = dcc_hh_top(&hh, top, k);
	for (i = 1; i < got; i++)
		if (hh.slot[top[i - 1]].count < hh.slot[top[i]].count)
			sorted = 0;
	snprintf(what, sizeof(what), "K=%u keys=%u N=%u: every key above N/K kept",
		 k, keys, n);
	ok(all_in, what);
	ok(bounds, "count - err <= true count <= count for every kept key");
	ok(sorted && got == (keys < k ? keys : k), "top is sorted, and full");
	ok(evok, "evicted slots hand their cookie back");
	free(truth);
	free(mem);
	free(top);
}

static void test_small(void)
{
	void *mem = malloc(dcc_hh_bytes(2));
	struct dcc_hh_slot ev, *s;
	struct dcc_hh hh;
	u32 top[2];
	bool did;

	dcc_hh_init(&hh, 2, mem);
	dcc_hh_add(&hh, 10, false, &ev, &did);
	dcc_hh_add(&hh, 10, true, &ev, &did);
	s = dcc_hh_add(&hh, 20, false, &ev, &did);
	s->cookie = &hh;
	/* full: 30 replaces the minimum (20, count 1), inherits its count */
	s = dcc_hh_add(&hh, 30, false, &ev, &did);
	ok(did && ev.key == 20 && ev.cookie == &hh, "eviction of the minimum");
	ok(s->key == 30 && s->count == 2 && s->err == 1, "inherited count");
	ok(!dcc_hh_find(&hh, 20) && dcc_hh_find(&hh, 10)->neg == 1,
	   "index follows evictions; negatives counted");
	ok(dcc_hh_top(&hh, top, 2) == 2 && hh.slot[top[0]].key == 10,
	   "ties go to the lower error");
	ok(dcc_hist_bin(0) == 0 && dcc_hist_bin(1) == 1 &&
	   dcc_hist_bin(3) == 2 && dcc_hist_bin(4) == 3 &&
	   dcc_hist_bin(~0UL) == 8 * sizeof(long), "log2 histogram bins");
	free(mem);
}

/* Heap, positions and index agree with each other and with the slots. */
static int consistent(const struct dcc_hh *hh)
{
	u32 j;

	for (j = 0; j < hh->used; j++) {
		const struct dcc_hh_slot *s = &hh->slot[hh->heap[j]];

		if (hh->pos[hh->heap[j]] != j)
			return 0;
		if (j && hh->slot[hh->heap[(j - 1) / 2]].count > s->count)
			return 0;
		if (dcc_hh_find((struct dcc_hh *)hh, s->key) != s)
			return 0;
	}
	return 1;
}

/*
 * The walk feeds runs of one parent in a single dcc_hh_add_n(): after
 * every run, the table must be the one dcc_hh_add() per update gives,
 * down to the heap's order (which decides the next eviction).
 */
static void test_runs(unsigned int k, unsigned int keys, unsigned int runs)
{
	void *ma = malloc(dcc_hh_bytes(k)), *mb = malloc(dcc_hh_bytes(k));
	struct dcc_hh_slot ev, *sb;
	struct dcc_hh a, b;
	int same = 1, evsame = 1;
	unsigned int i, j;
	char what[128];
	bool da, db;

	dcc_hh_init(&a, k, ma);
	dcc_hh_init(&b, k, mb);
	for (i = 0; i < runs && same; i++) {
		unsigned long key = 0x1000 + 64UL * (rnd() % keys);
		unsigned int n = 1 + rnd() % 8, neg = 0;

		for (j = 0; j < n; j++) {
			bool ng = rnd() % 2;

			neg += ng;
			dcc_hh_add(&a, key, ng, &ev, &da);
		}
		sb = dcc_hh_add_n(&b, key, n, neg, &ev, &db);
		if (!sb || sb->key != key || a.used != b.used || !consistent(&b))
			same = 0;
		for (j = 0; same && j < a.used; j++) {
			const struct dcc_hh_slot *x = &a.slot[a.heap[j]];
			const struct dcc_hh_slot *y = &b.slot[b.heap[j]];

			if (x->key != y->key || x->count != y->count ||
			    x->err != y->err || x->neg != y->neg)
				same = 0;
		}
	}
	/* and a run that evicts a slot with a cookie hands it back */
	sb = &b.slot[b.heap[0]];
	sb->cookie = (void *)sb->key;
	j = sb->key;
	if (b.used != k)
		evsame = 0;	/* the table must be full for this */
	dcc_hh_add_n(&b, 0x7, 3, 1, &ev, &db);
	if (!db || ev.key != j || ev.cookie != (void *)(long)j ||
	    dcc_hh_find(&b, 0x7)->count != ev.count + 3 ||
	    dcc_hh_find(&b, 0x7)->err != ev.count || !consistent(&b))
		evsame = 0;
	snprintf(what, sizeof(what),
		 "K=%u keys=%u: after each of %u runs, dcc_hh_add_n() left the table dcc_hh_add() did",
		 k, keys, runs);
	ok(same, what);
	ok(evsame, "a run that evicts hands the cookie back, and inherits");
	free(ma);
	free(mb);
}

int main(void)
{
	printf("1..23\n");
	test_small();
	test_guarantees(16, 1000, 100000);
	test_guarantees(256, 100000, 1000000);
	test_guarantees(64, 10, 10000);
	test_runs(3, 8, 20000);
	test_runs(16, 40, 20000);
	test_runs(64, 5000, 100000);
	return n_fail != 0;
}
