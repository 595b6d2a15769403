// SPDX-License-Identifier: GPL-2.0
/*
 * Space-Saving heavy hitters, see include/hh.h. Plain C, kernel and user
 * space.
 */
#include "hh.h"

#ifdef __KERNEL__
#include <linux/hash.h>
#include <linux/string.h>
#else
#include <string.h>
#endif

static u32 hh_pow2_above(u32 v)
{
	u32 p = 1;

	while (p < v)
		p <<= 1;
	return p;
}

size_t dcc_hh_bytes(u32 k)
{
	u32 isz = hh_pow2_above(2 * k);

	return k * sizeof(struct dcc_hh_slot) + 2 * k * sizeof(u32) +
	       isz * sizeof(u32);
}

void dcc_hh_init(struct dcc_hh *hh, u32 k, void *mem)
{
	u32 isz = hh_pow2_above(2 * k);
	char *p = mem;

	hh->k = k;
	hh->used = 0;
	hh->mask = isz - 1;
	hh->slot = (struct dcc_hh_slot *)p;
	p += k * sizeof(struct dcc_hh_slot);
	hh->heap = (u32 *)p;
	p += k * sizeof(u32);
	hh->pos = (u32 *)p;
	p += k * sizeof(u32);
	hh->index = (u32 *)p;
	memset(hh->index, 0, isz * sizeof(u32));
}

static u32 hh_hash(unsigned long key)
{
	/* Keys are pointers: a multiplicative hash mixes all their bits. */
	return hash_long(key, 32);
}

static u32 *hh_index_find(struct dcc_hh *hh, unsigned long key)
{
	u32 i = hh_hash(key) & hh->mask;

	while (hh->index[i]) {
		if (hh->slot[hh->index[i] - 1].key == key)
			return &hh->index[i];
		i = (i + 1) & hh->mask;
	}
	return &hh->index[i];
}

/* Linear probing delete with backward shift: no tombstones. */
static void hh_index_del(struct dcc_hh *hh, unsigned long key)
{
	u32 i = (u32)(hh_index_find(hh, key) - hh->index);
	u32 j = i;

	if (!hh->index[i])
		return;
	for (;;) {
		u32 home;

		j = (j + 1) & hh->mask;
		if (!hh->index[j])
			break;
		home = hh_hash(hh->slot[hh->index[j] - 1].key) & hh->mask;
		/* Move j back to i unless its home lies cyclically in (i, j]. */
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		hh->index[i] = hh->index[j];
		i = j;
	}
	hh->index[i] = 0;
}

static void hh_swap(struct dcc_hh *hh, u32 a, u32 b)
{
	u32 sa = hh->heap[a], sb = hh->heap[b];

	hh->heap[a] = sb;
	hh->heap[b] = sa;
	hh->pos[sb] = a;
	hh->pos[sa] = b;
}

static void hh_sift_down(struct dcc_hh *hh, u32 i)
{
	for (;;) {
		u32 l = 2 * i + 1, r = l + 1, m = i;

		if (l < hh->used &&
		    hh->slot[hh->heap[l]].count < hh->slot[hh->heap[m]].count)
			m = l;
		if (r < hh->used &&
		    hh->slot[hh->heap[r]].count < hh->slot[hh->heap[m]].count)
			m = r;
		if (m == i)
			return;
		hh_swap(hh, i, m);
		i = m;
	}
}

static void hh_sift_up(struct dcc_hh *hh, u32 i)
{
	while (i) {
		u32 p = (i - 1) / 2;

		if (hh->slot[hh->heap[p]].count <= hh->slot[hh->heap[i]].count)
			return;
		hh_swap(hh, i, p);
		i = p;
	}
}

struct dcc_hh_slot *dcc_hh_find(struct dcc_hh *hh, unsigned long key)
{
	u32 *ix = hh_index_find(hh, key);

	return *ix ? &hh->slot[*ix - 1] : NULL;
}

struct dcc_hh_slot *dcc_hh_add_n(struct dcc_hh *hh, unsigned long key,
				 u64 n, u64 neg, struct dcc_hh_slot *evicted,
				 bool *did_evict)
{
	u32 *ix = hh_index_find(hh, key);
	struct dcc_hh_slot *s;
	u32 i;

	*did_evict = false;
	if (*ix) {
		i = *ix - 1;
		s = &hh->slot[i];
		s->count += n;
		s->neg += neg;
		hh_sift_down(hh, hh->pos[i]);
		return s;
	}
	if (hh->used < hh->k) {
		i = hh->used++;
		s = &hh->slot[i];
		s->key = key;
		s->count = 1;
		s->err = 0;
		s->neg = neg;
		s->cookie = NULL;
		hh->heap[i] = i;
		hh->pos[i] = i;
		*ix = i + 1;
		hh_sift_up(hh, i);
		/*
		 * The other n - 1 find the key: as many sift-downs, which
		 * all follow the same path of smallest children, make one.
		 */
		if (n > 1) {
			s->count += n - 1;
			hh_sift_down(hh, hh->pos[i]);
		}
		return s;
	}
	/*
	 * Full: the minimum's key gives way and its count is inherited. The
	 * first of the n takes the slot, the others then find the key there.
	 */
	i = hh->heap[0];
	s = &hh->slot[i];
	if (s->cookie) {
		*evicted = *s;
		*did_evict = true;
	}
	hh_index_del(hh, s->key);
	s->key = key;
	s->err = s->count;
	s->count += n;
	s->neg = neg;
	s->cookie = NULL;
	*hh_index_find(hh, key) = i + 1;
	hh_sift_down(hh, 0);
	return s;
}

struct dcc_hh_slot *dcc_hh_add(struct dcc_hh *hh, unsigned long key, bool neg,
			       struct dcc_hh_slot *evicted, bool *did_evict)
{
	return dcc_hh_add_n(hh, key, 1, neg, evicted, did_evict);
}

static bool hh_heavier(const struct dcc_hh *hh, u32 a, u32 b)
{
	const struct dcc_hh_slot *x = &hh->slot[a], *y = &hh->slot[b];

	if (x->count != y->count)
		return x->count > y->count;
	return x->err < y->err;
}

u32 dcc_hh_top(const struct dcc_hh *hh, u32 *out, u32 n)
{
	u32 got = 0, i, j;

	/* Insertion into a sorted prefix: n is small (tens). */
	for (i = 0; i < hh->used; i++) {
		if (got == n && !hh_heavier(hh, i, out[n - 1]))
			continue;
		j = got < n ? got++ : n - 1;
		while (j > 0 && hh_heavier(hh, i, out[j - 1])) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = i;
	}
	return got;
}
