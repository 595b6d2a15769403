/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every C unit test here shares: TAP points and a fixed-seed
 * xorshift generator, so that a run is the same every time.
 */
#ifndef DCACHECTL_UTEST_H
#define DCACHECTL_UTEST_H

#include <stdio.h>

static int n_test, n_fail;

/* One TAP point. */
static inline void ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		n_fail++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

/* xorshift64, from a fixed seed. */
static inline unsigned long rnd(void)
{
	static unsigned long state = 88172645463325252UL;

	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

#endif /* DCACHECTL_UTEST_H */
