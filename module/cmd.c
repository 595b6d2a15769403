// SPDX-License-Identifier: GPL-2.0
/*
 * The shrink command parser, see include/cmd.h. Plain C, kernel and user
 * space; no allocation, no locale.
 */
#include "cmd.h"

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <errno.h>
#include <stdio.h>
#include <string.h>
#endif

static bool cmd_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Decimal, no sign, no leading blanks, fits in max. */
static bool cmd_number(const char *s, const char *end, u64 max, u64 *out)
{
	u64 v = 0;

	if (s == end)
		return false;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (max - (u64)(*s - '0')) / 10)
			return false;
		v = v * 10 + (u64)(*s - '0');
	}
	*out = v;
	return true;
}

static bool cmd_prefix(const char *w, const char *key, const char **val)
{
	size_t n = strlen(key);

	if (strncmp(w, key, n))
		return false;
	*val = w + n;
	return true;
}

static int cmd_word(char *w, struct dcc_cmd *c, const char **why)
{
	const char *v;
	char *colon;
	u64 a, b;

	if (!strcmp(w, "negative")) {
		if (c->negative)
			goto twice;
		c->negative = true;
		return 0;
	}
	if (!strcmp(w, "dry-run")) {
		if (c->dry_run)
			goto twice;
		c->dry_run = true;
		return 0;
	}
	if (cmd_prefix(w, "max=", &v)) {
		if (c->has_max)
			goto twice;
		if (!cmd_number(v, v + strlen(v), ~(u64)0, &c->max)) {
			*why = "max=N needs a decimal number below 2^64";
			return -EINVAL;
		}
		c->has_max = true;
		return 0;
	}
	/* dev= and dir=, in either order: dir=, checked against dev= */
	if ((c->sel == DCC_SEL_DEV && cmd_prefix(w, "dir=", &v)) ||
	    (c->sel == DCC_SEL_DIR && !c->dir_dev && cmd_prefix(w, "dev=", &v))) {
		int ret;

		c->sel = DCC_SEL_NONE;
		ret = cmd_word(w, c, why);
		if (ret)
			return ret;
		/* cmd_word() set the one given now; the other stays */
		c->sel = DCC_SEL_DIR;
		c->dir_dev = true;
		return 0;
	}
	if (c->sel != DCC_SEL_NONE &&
	    (!strcmp(w, "all") || cmd_prefix(w, "dev=", &v) ||
	     cmd_prefix(w, "type=", &v) || cmd_prefix(w, "path=", &v) ||
	     cmd_prefix(w, "dir=", &v))) {
		*why = "one selector only (dev=, type=, path=, dir=, all; dev= with dir=)";
		return -EINVAL;
	}
	if (!strcmp(w, "all")) {
		c->sel = DCC_SEL_ALL;
		return 0;
	}
	if (cmd_prefix(w, "dev=", &v)) {
		colon = strchr(v, ':');
		if (!colon || !cmd_number(v, colon, 4095, &a) ||
		    !cmd_number(colon + 1, colon + 1 + strlen(colon + 1),
				1048575, &b)) {
			*why = "dev= needs MAJ:MIN, decimal, major < 4096, minor < 2^20";
			return -EINVAL;
		}
		c->sel = DCC_SEL_DEV;
		c->major = (u32)a;
		c->minor = (u32)b;
		return 0;
	}
	if (cmd_prefix(w, "type=", &v)) {
		if (!*v || strlen(v) >= DCC_FSTYPE_MAX) {
			*why = "type= needs a filesystem type name (1 to 31 bytes)";
			return -EINVAL;
		}
		c->sel = DCC_SEL_TYPE;
		memcpy(c->fstype, v, strlen(v) + 1);
		return 0;
	}
	if (cmd_prefix(w, "path=", &v) || cmd_prefix(w, "dir=", &v)) {
		if (*v != '/') {
			*why = "path= and dir= need an absolute path";
			return -EINVAL;
		}
		c->sel = w[0] == 'p' ? DCC_SEL_PATH : DCC_SEL_DIR;
		c->path = v;
		return 0;
	}
	*why = "unknown word: use dev=, type=, path=, dir=, all, negative, max=, dry-run";
	return -EINVAL;
twice:
	*why = "an option is given twice";
	return -EINVAL;
}

int dcc_cmd_parse(char *buf, size_t len, struct dcc_cmd *cmd,
		  const char **why)
{
	char *p = buf, *end = buf + len, *w;
	int ret;

	memset(cmd, 0, sizeof(*cmd));
	if (memchr(buf, '\0', len)) {
		*why = "the command holds a NUL byte";
		return -EINVAL;
	}
	for (;;) {
		while (p < end && cmd_blank(*p))
			p++;
		if (p == end)
			break;
		w = p;
		while (p < end && !cmd_blank(*p))
			p++;
		*p = '\0';	/* p < end, or p == end where buf[len] is NUL */
		if (p < end)
			p++;
		ret = cmd_word(w, cmd, why);
		if (ret)
			return ret;
	}
	if (cmd->sel == DCC_SEL_NONE) {
		*why = "no selector: give dev=, type=, path=, dir= or all";
		return -EINVAL;
	}
	return 0;
}

void dcc_cmd_format(const struct dcc_cmd *c, char *out, size_t n)
{
	int o = 0;

	switch (c->sel) {
	case DCC_SEL_DEV:
		o = snprintf(out, n, "dev=%u:%u", c->major, c->minor);
		break;
	case DCC_SEL_TYPE:
		o = snprintf(out, n, "type=%s", c->fstype);
		break;
	case DCC_SEL_PATH:
	case DCC_SEL_DIR:
		if (c->dir_dev)
			o = snprintf(out, n, "dev=%u:%u dir=%s", c->major,
				     c->minor, c->path);
		else
			o = snprintf(out, n, "%s=%s",
				     c->sel == DCC_SEL_PATH ? "path" : "dir",
				     c->path);
		break;
	case DCC_SEL_ALL:
		o = snprintf(out, n, "all");
		break;
	default:
		o = snprintf(out, n, "none");
		break;
	}
	if (o < 0 || (size_t)o >= n)
		return;
	if (c->negative)
		o += snprintf(out + o, n - o, " negative");
	if ((size_t)o < n && c->has_max)
		o += snprintf(out + o, n - o, " max=%llu",
			      (unsigned long long)c->max);
	if ((size_t)o < n && c->dry_run)
		snprintf(out + o, n - o, " dry-run");
}
