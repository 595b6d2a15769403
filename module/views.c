// SPDX-License-Identifier: GPL-2.0
/*
 * The read-only views. Each prints one snapshot (include/snapshot.h), held
 * under dcc_snap_lock for the duration of the show; the snapshot holds no
 * kernel pointer and no reference, only numbers and escaped strings.
 *
 * Formats are stable: hashtable is "key: value" lines; the others are a
 * header line naming the columns, then one row per item, fields separated
 * by single spaces, no field ever blank (strings are \ooo-escaped).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/kdev_t.h>
#include <linux/math64.h>
#include <linux/seq_file.h>

#include "dcachectl.h"
#include "snapshot.h"

#define DEV_FMT "%u:%u"

static int hashtable_show(struct seq_file *m, void *unused)
{
	struct dcc_snapshot *s = dcc_snapshot_get();
	u64 nonempty, hashed;
	unsigned int i;

	if (IS_ERR(s))
		return PTR_ERR(s);
	hashed = s->entries;
	nonempty = s->buckets - s->empty;
	seq_printf(m, "buckets: %llu\n", s->buckets);
	seq_printf(m, "empty: %llu\n", s->empty);
	seq_printf(m, "hashed: %llu\n", hashed);
	seq_printf(m, "longest: %llu\n", s->longest);
	/* mean of the non-empty chains, two decimals, integer arithmetic */
	if (nonempty) {
		u64 x100 = div64_u64(hashed * 100 + nonempty / 2, nonempty);

		seq_printf(m, "mean_nonempty: %llu.%02llu\n", div_u64(x100, 100),
			   x100 % 100);
	} else {
		seq_puts(m, "mean_nonempty: 0.00\n");
	}
	seq_printf(m, "approx_chains: %llu\n", s->approx_chains);
	for (i = 0; i < DCC_HIST_BINS; i++) {
		if (!s->hist[i])
			continue;
		if (i <= 1)
			seq_printf(m, "hist.%u: %llu\n", i, s->hist[i]);
		else if (i == DCC_HIST_BINS - 1)
			seq_printf(m, "hist.%llu+: %llu\n", 1ULL << (i - 1),
				   s->hist[i]);
		else
			seq_printf(m, "hist.%llu-%llu: %llu\n", 1ULL << (i - 1),
				   (1ULL << i) - 1, s->hist[i]);
	}
	dcc_snapshot_put();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hashtable);

static int chains_show(struct seq_file *m, void *unused)
{
	struct dcc_snapshot *s = dcc_snapshot_get();
	u32 i;

	if (IS_ERR(s))
		return PTR_ERR(s);
	seq_puts(m, "bucket length negative share dev type name parent approx\n");
	for (i = 0; i < s->nr_chains; i++) {
		const struct dcc_chain_row *c = &s->chains[i];
		unsigned int share = c->len ?
			div_u64((u64)c->dom_count * 100, c->len) : 0;

		if (c->resolved)
			seq_printf(m, "%u %u %u %u%% " DEV_FMT " %s %s %s %d\n",
				   c->bucket, c->len, c->negative, share,
				   MAJOR(c->dev), MINOR(c->dev), c->type,
				   c->name[0] ? c->name : "/",
				   c->parent[0] ? c->parent : "/", c->approx);
		else
			seq_printf(m, "%u %u %u %u%% ? ? ? ? %d\n", c->bucket,
				   c->len, c->negative, share, c->approx);
	}
	dcc_snapshot_put();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(chains);

static int superblocks_show(struct seq_file *m, void *unused)
{
	struct dcc_snapshot *s = dcc_snapshot_get();
	u32 i;

	if (IS_ERR(s))
		return PTR_ERR(s);
	seq_puts(m, "dev type id dentries negative unused_dentries unused_inodes bytes\n");
	for (i = 0; i < s->nr_sbs; i++) {
		const struct dcc_sb_row *r = &s->sbs[i];

		seq_printf(m, DEV_FMT " %s %s %llu %llu %llu %llu %llu\n",
			   MAJOR(r->dev), MINOR(r->dev), r->type, r->id[0] ? r->id : "-",
			   r->dentries, r->negative, r->unused_dentries,
			   r->unused_inodes, r->bytes);
	}
	dcc_snapshot_put();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(superblocks);

static int dirs_show(struct seq_file *m, void *unused)
{
	struct dcc_snapshot *s = dcc_snapshot_get();
	u32 i;

	if (IS_ERR(s))
		return PTR_ERR(s);
	seq_puts(m, "children error negative dev type path\n");
	for (i = 0; i < s->nr_dirs; i++) {
		const struct dcc_dir_row *d = &s->dirs[i];

		if (d->resolved)
			seq_printf(m, "%llu %llu %llu " DEV_FMT " %s %s\n",
				   d->children, d->err, d->negative,
				   MAJOR(d->dev), MINOR(d->dev), d->type, d->path);
		else
			seq_printf(m, "%llu %llu %llu ? ? ?\n", d->children,
				   d->err, d->negative);
	}
	dcc_snapshot_put();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(dirs);

static int memcgs_show(struct seq_file *m, void *unused)
{
	struct dcc_snapshot *s = dcc_snapshot_get();
	u32 i;

	if (IS_ERR(s))
		return PTR_ERR(s);
	if (s->memcgs_off) {
		dcc_snapshot_put();
		return -EOPNOTSUPP;
	}
	/*
	 * The id (cgroup_id(), the cgroupfs directory's inode number) tells
	 * apart two cgroups whose paths, cut at DCC_PATH_MAX, print the same.
	 */
	seq_puts(m, "unused_dentries path id\n");
	for (i = 0; i < s->nr_memcgs; i++)
		seq_printf(m, "%llu %s %llu\n", s->memcgs[i].unused_dentries,
			   s->memcgs[i].path, s->memcgs[i].id);
	dcc_snapshot_put();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(memcgs);

const struct dcc_file dcc_view_files[] = {
	{ "hashtable", 0400, &hashtable_fops },
	{ "chains", 0400, &chains_fops },
	{ "superblocks", 0400, &superblocks_fops },
	{ "dirs", 0400, &dirs_fops },
	{ "memcgs", 0400, &memcgs_fops },
	{ }
};
