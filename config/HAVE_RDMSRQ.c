// SPDX-License-Identifier: GPL-2.0
/* rdmsrl()/wrmsrl() were renamed rdmsrq()/wrmsrq() in 6.16. */
#include <asm/msr.h>

void dcc_probe(void);
void dcc_probe(void)
{
	u64 v;

	rdmsrq(MSR_IA32_S_CET, v);
	wrmsrq(MSR_IA32_S_CET, v);
}
