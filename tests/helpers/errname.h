/* SPDX-License-Identifier: GPL-2.0 */
/* errname(): the errno's name as the guest tests print it; shared by the helpers. */
#ifndef DCC_HELPERS_ERRNAME_H
#define DCC_HELPERS_ERRNAME_H

#include <errno.h>
#include <stdio.h>

static inline const char *errname(int e)
{
	static char other[16];

	switch (e) {
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case E2BIG: return "E2BIG";
	case ENOTDIR: return "ENOTDIR";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENOMEM: return "ENOMEM";
	case EFAULT: return "EFAULT";
	case EIO: return "EIO";
	case ENODEV: return "ENODEV";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EBUSY: return "EBUSY";
	case ENXIO: return "ENXIO";
	case EXDEV: return "EXDEV";
	case ERANGE: return "ERANGE";
	default:
		snprintf(other, sizeof(other), "E%d", e);
		return other;
	}
}

#endif
