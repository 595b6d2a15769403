// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the shrink command parser (module/cmd.c), built
 * with ASan and UBSan. Whatever the input: no crash, no overflow, and a
 * command that parses formats into a command that parses the same way.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dcc_cmd c, c2;
	char canon[DCC_CMD_MAX + 64];
	const char *why = NULL;
	char *buf;

	if (size > DCC_CMD_MAX)
		return 0;
	buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (!dcc_cmd_parse(buf, size, &c, &why)) {
		dcc_cmd_format(&c, canon, sizeof(canon));
		/* the canonical form must parse to the same command */
		if (dcc_cmd_parse(canon, strlen(canon), &c2, &why) ||
		    c.sel != c2.sel || c.negative != c2.negative ||
		    c.dry_run != c2.dry_run || c.has_max != c2.has_max ||
		    c.max != c2.max || c.major != c2.major ||
		    c.minor != c2.minor)
			abort();
	} else if (!why || !*why) {
		abort();	/* every refusal says why */
	}
	free(buf);
	return 0;
}
