/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the plain-C parts (include/hh.h, cmd.h, escape.h, sbacc.h, mg.h) take
 * from <linux/types.h> and <linux/hash.h>, for their builds in user space
 * (tests/unit/, tests/fuzz/), which include this file first with the
 * compiler's -include: the kernel's own headers stay free of user-space
 * types.
 */
#ifndef DCACHECTL_KTYPES_H
#define DCACHECTL_KTYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t u64;
typedef uint32_t u32;

/* <linux/hash.h>, the generic 64-bit versions */
#define GOLDEN_RATIO_64 0x61C8864680B583EBull

static inline u32 hash_64(u64 val, unsigned int bits)
{
	return val * GOLDEN_RATIO_64 >> (64 - bits);
}

static inline u32 hash_long(unsigned long val, unsigned int bits)
{
	return hash_64(val, bits);
}

static inline u32 hash_ptr(const void *ptr, unsigned int bits)
{
	return hash_long((unsigned long)ptr, bits);
}

#endif /* DCACHECTL_KTYPES_H */
