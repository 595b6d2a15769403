// SPDX-License-Identifier: GPL-2.0
/*
 * Resolution of the kernel symbols dcachectl needs and the kernel does not
 * export. This is the only file that looks symbols up.
 *
 * kallsyms_lookup_name() itself has not been exported since 5.7: its address
 * is taken once from a kprobe registered on it, then the kprobe is removed.
 * Each symbol is either required (the module refuses to load without it and
 * names it) or optional (exactly one feature goes off, and status says
 * why). Data symbols are only visible with CONFIG_KALLSYMS_ALL.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/seq_file.h>
#include <linux/stddef.h>

#include "compat.h"
#include "dcachectl.h"

struct dcc_ksyms dcc_ksyms;

enum dcc_sym_kind { DCC_FUNC, DCC_DATA };

struct dcc_sym {
	const char *name;
	enum dcc_sym_kind kind;
	/* NULL: required; otherwise the feature that needs it */
	const char *feature;
	/* where the address goes, inside dcc_ksyms */
	size_t offset;
	bool resolved;
};

#define SYM(n, k, f) { #n, k, f, offsetof(struct dcc_ksyms, n), false }
/* the field n, the kernel's symbol named s */
#define SYMN(n, s, k, f) { s, k, f, offsetof(struct dcc_ksyms, n), false }

static struct dcc_sym dcc_syms[] = {
	SYM(dentry_hashtable, DCC_DATA, NULL),
	SYM(d_hash_shift, DCC_DATA, NULL),
	SYM(super_blocks, DCC_DATA, NULL),
	SYM(sb_lock, DCC_DATA, NULL),
	SYM(mem_cgroup_iter, DCC_FUNC, "memcgs"),
	SYM(mem_cgroup_iter_break, DCC_FUNC, "memcgs"),
	SYM(d_delete, DCC_FUNC, "sources"),
	SYMN(lru_add, DCC_LRU_ADD_FN, DCC_FUNC, "sources"),
};

typedef unsigned long (*dcc_kallsyms_fn)(const char *name);

/* Cached once at load; it never changes while the kernel runs. */
static dcc_kallsyms_fn dcc_kallsyms_lookup_name;

static int dcc_find_kallsyms(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	int ret;

	ret = register_kprobe(&kp);
	if (ret < 0) {
		pr_err("cannot find kallsyms_lookup_name through a kprobe (%d); CONFIG_KPROBES is needed\n",
		       ret);
		return ret;
	}
	/*
	 * kp.addr may sit past the function's ENDBR on IBT kernels; calling
	 * it there is fine because every call goes through dcc_ibt_save().
	 */
	dcc_kallsyms_lookup_name = (dcc_kallsyms_fn)kp.addr;
	unregister_kprobe(&kp);
	return 0;
}

static unsigned long dcc_lookup(const char *name)
{
	unsigned long addr;
	u64 ibt = dcc_ibt_save();

	addr = dcc_kallsyms_lookup_name(name);
	dcc_ibt_restore(ibt);
	return addr;
}

int dcc_symbols_init(void)
{
	int missing = 0;
	size_t i;
	int ret;

	ret = dcc_find_kallsyms();
	if (ret)
		return ret;

	for (i = 0; i < ARRAY_SIZE(dcc_syms); i++) {
		struct dcc_sym *s = &dcc_syms[i];
		unsigned long addr = dcc_lookup(s->name);

		s->resolved = addr != 0;
		*(unsigned long *)((char *)&dcc_ksyms + s->offset) = addr;
		if (s->resolved)
			continue;
		if (!s->feature) {
			pr_err("required symbol %s not found%s\n", s->name,
			       s->kind == DCC_DATA ?
			       " (needs CONFIG_KALLSYMS_ALL)" : "");
			missing++;
		} else {
			pr_warn("symbol %s not found: feature %s is off\n",
				s->name, s->feature);
		}
	}
	return missing ? -ENOENT : 0;
}

/* The memcgs view needs both iterator functions. */
bool dcc_feature_memcgs(void)
{
	return dcc_ksyms.mem_cgroup_iter && dcc_ksyms.mem_cgroup_iter_break;
}

const char *dcc_feature_memcgs_why(void)
{
	if (!IS_ENABLED(CONFIG_MEMCG))
		return "kernel built without CONFIG_MEMCG";
	if (!dcc_ksyms.mem_cgroup_iter)
		return "mem_cgroup_iter not resolved";
	if (!dcc_ksyms.mem_cgroup_iter_break)
		return "mem_cgroup_iter_break not resolved";
	return "";
}

#ifdef CONFIG_MEMCG
/*
 * mem_cgroup_iter() over the whole hierarchy: returns the next memcg with
 * a css reference held, dropping prev's; NULL at the end, or when the
 * memcgs feature is off. Callers that stop early call dcc_memcg_break().
 */
struct mem_cgroup *dcc_memcg_next(struct mem_cgroup *prev)
{
	struct mem_cgroup *m;
	u64 ibt;

	if (!dcc_feature_memcgs())
		return NULL;
	ibt = dcc_ibt_save();
	m = dcc_ksyms.mem_cgroup_iter(NULL, prev, NULL);
	dcc_ibt_restore(ibt);
	return m;
}

void dcc_memcg_break(struct mem_cgroup *m)
{
	u64 ibt = dcc_ibt_save();

	dcc_ksyms.mem_cgroup_iter_break(NULL, m);
	dcc_ibt_restore(ibt);
}
#else
struct mem_cgroup *dcc_memcg_next(struct mem_cgroup *prev)
{
	return NULL;
}

void dcc_memcg_break(struct mem_cgroup *m)
{
}
#endif

/* status lines: one per symbol, never its address. */
void dcc_symbols_show(struct seq_file *m)
{
	size_t i;

	seq_puts(m, "symbol_lookup: kprobe kallsyms_lookup_name\n");
	for (i = 0; i < ARRAY_SIZE(dcc_syms); i++) {
		const struct dcc_sym *s = &dcc_syms[i];

		seq_printf(m, "symbol.%s: %s %s %s\n", s->name,
			   s->resolved ? "resolved" : "missing",
			   s->kind == DCC_DATA ? "data" : "function",
			   s->feature ? s->feature : "required");
	}
}
