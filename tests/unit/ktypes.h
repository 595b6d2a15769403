/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What include/hh.h and include/cmd.h take from <linux/types.h>, for their
 * builds in user space (tests/unit/, tests/fuzz/), which include this file
 * first with the compiler's -include: the kernel's own headers stay free of
 * user-space types.
 */
#ifndef DCACHECTL_KTYPES_H
#define DCACHECTL_KTYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t u64;
typedef uint32_t u32;

#endif /* DCACHECTL_KTYPES_H */
