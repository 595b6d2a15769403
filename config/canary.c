// SPDX-License-Identifier: GPL-2.0
/*
 * Not a feature: it compiles against every kernel. When it does not, no
 * probe could (no compiler, broken headers, a full disk), and their
 * failures say nothing about the kernel: the Makefile then stops instead
 * of writing a probes.h that calls every feature absent. It includes what
 * the probes include, so that headers missing their generated files fail
 * it too.
 */
#include <linux/fs.h>
#include <linux/list_lru.h>
#include <linux/memcontrol.h>
#include <linux/shrinker.h>
#include <linux/types.h>

int dcc_canary(void);
int dcc_canary(void)
{
	return 0;
}
