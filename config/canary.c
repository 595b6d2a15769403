// SPDX-License-Identifier: GPL-2.0
/*
 * Not a feature: it compiles against every kernel. When it does not, no
 * probe could (no compiler, broken headers, a full disk), and their
 * failures say nothing about the kernel: the Makefile then stops instead
 * of writing a probes.h that calls every feature absent.
 */
#include <linux/types.h>

int dcc_canary(void);
int dcc_canary(void)
{
	return 0;
}
