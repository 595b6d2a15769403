// SPDX-License-Identifier: GPL-2.0
/*
 * The knob: /sys/kernel/debug/dcachectl/shrink, last_shrink, and the
 * shrink part of status. A write is one command (include/cmd.h), run by
 * the engine (module/shrink.c) one at a time.
 *
 * Lock order and lifetimes:
 *
 *   (no lock of ours)		path=, dir=: dcc_shrink_lookup(), and for
 *				path= dcc_shrink_targets() (sb_lock, in
 *				pin.c), before the wait for dcc_shrink_lock:
 *				a lookup that stalls blocks its own writer
 *				only, and a waiting path= holds no mount
 *				(shrink.c)
 *   dcc_shrink_lock (mutex)	one command at a time; waited for killably
 *     shrink.c's locks		while the command runs
 *     dcc_result_lock (spin)	dcc_last and dcc_totals, updated once at
 *				the end of a command; last_shrink and
 *				status take only this one, to copy them,
 *				so they never wait for a command. A leaf:
 *				nothing is taken and nothing sleeps in it.
 *
 * A command's path and targets are the engine's, held from the lookup to
 * dcc_shrink_run()'s end, or released here when the wait for the lock is
 * interrupted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>

#include "cmd.h"
#include "dcachectl.h"
#include "escape.h"
#include "shrink.h"
#include "snapshot.h"

/* One command at a time: a command's targets, batch and walk. */
static DEFINE_MUTEX(dcc_shrink_lock);

/*
 * Both written under dcc_result_lock (with dcc_shrink_lock held too, when
 * a command ran), and read under it alone: copied out, never printed
 * under it.
 */
static DEFINE_SPINLOCK(dcc_result_lock);
static struct dcc_shrink_result dcc_last;
static struct dcc_shrink_totals {
	u64 runs, errors, dentries, negative, inodes, shrinker;
} dcc_totals;

/* The outcome of a command that ran (or whose lookup failed). */
static void dcc_shrink_record(const struct dcc_cmd *cmd,
			      struct dcc_shrink_result *res, int ret)
{
	res->error = ret;
	if (ret == -EINTR)
		res->stopped = "signal";
	else if (ret)
		res->stopped = "error";
	spin_lock(&dcc_result_lock);
	dcc_last = *res;
	dcc_totals.runs++;
	if (ret)
		dcc_totals.errors++;
	if (!cmd->dry_run) {
		dcc_totals.dentries += res->dentries;
		dcc_totals.negative += res->negative;
		dcc_totals.inodes += res->inodes;
		dcc_totals.shrinker += res->shrinker;
	}
	spin_unlock(&dcc_result_lock);
}

static ssize_t shrink_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct dcc_shrink_result res = { .stopped = "done" };
	struct dcc_cmd cmd, shown;
	struct dcc_shrink s = { .cmd = &cmd, .res = &res };
	char path[DCC_PATH_MAX];
	const char *why = NULL;
	u64 t0, lookup_ns = 0;
	char *buf;
	int ret;

	/*
	 * The opener's credentials, not the writer's: a descriptor opened
	 * without the capability (debugfs mounted or chmod'ed with other
	 * modes, a root process without CAP_SYS_ADMIN) and handed to a
	 * privileged writer stays powerless, as in file_ns_capable()'s
	 * other users.
	 */
	if (!file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN)) {
		pr_warn_ratelimited("shrink: the file was opened without CAP_SYS_ADMIN in the initial user namespace\n");
		return -EPERM;
	}
	if (!count) {
		pr_warn_ratelimited("shrink: empty command\n");
		return -EINVAL;
	}
	if (count > DCC_CMD_MAX) {
		pr_warn_ratelimited("shrink: command of %zu bytes, more than %d\n",
				    count, DCC_CMD_MAX);
		return -E2BIG;
	}
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = dcc_cmd_parse(buf, count, &cmd, &why);
	if (ret) {
		pr_warn_ratelimited("shrink: %s\n", why);
		goto out;
	}
	/* what last_shrink and the log show: the user's bytes escaped */
	shown = cmd;
	dcc_escape(shown.fstype, sizeof(shown.fstype), cmd.fstype);
	if (cmd.path) {
		dcc_escape(path, sizeof(path), cmd.path);
		shown.path = path;
	}
	dcc_cmd_format(&shown, res.cmd, sizeof(res.cmd));

	/*
	 * path=, dir=: looked up (and path='s superblock held) before we wait
	 * for dcc_shrink_lock, so that a lookup that stalls blocks only its
	 * own writer, and a waiting path= holds no mount.
	 */
	if (cmd.sel == DCC_SEL_PATH || cmd.sel == DCC_SEL_DIR) {
		t0 = ktime_get_ns();
		ret = dcc_shrink_lookup(&s);
		if (!ret && cmd.sel == DCC_SEL_PATH)
			ret = dcc_shrink_targets(&s);
		lookup_ns = ktime_get_ns() - t0;
		/* killed while "stalled": no run recorded */
		if (ret == -EINTR && !dcc_shrink_holds(&s))
			goto out;
		if (ret) {
			/* a command that found no target: it ran, and failed */
			dcc_shrink_release(&s);
			res.ns = lookup_ns;
			dcc_shrink_record(&cmd, &res, ret);
			goto out;
		}
	}

	if (mutex_lock_killable(&dcc_shrink_lock)) {
		/* not recorded, as a command killed before it ran */
		dcc_shrink_release(&s);
		ret = -EINTR;
		goto out;
	}
	t0 = ktime_get_ns();
	ret = dcc_shrink_run(&s);
	res.ns = lookup_ns + ktime_get_ns() - t0;
	dcc_shrink_record(&cmd, &res, ret);
	if (!cmd.dry_run && (res.dentries || res.shrinker))
		dcc_snapshot_stale();
	mutex_unlock(&dcc_shrink_lock);
out:
	kfree(buf);
	return ret ? ret : count;
}

static const struct file_operations shrink_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = shrink_write,
	.llseek = noop_llseek,
};

static int last_shrink_show(struct seq_file *m, void *unused)
{
	struct dcc_shrink_result r;

	spin_lock(&dcc_result_lock);
	r = dcc_last;
	spin_unlock(&dcc_result_lock);
	if (!r.stopped) {
		seq_puts(m, "command: none\n");
		return 0;
	}
	seq_printf(m, "command: %s\n", r.cmd);
	if (r.error)
		seq_printf(m, "result: %d\n", r.error);
	else
		seq_puts(m, "result: ok\n");
	seq_printf(m, "superblocks: %u\n", r.superblocks);
	seq_printf(m, "dentries: %llu\n", r.dentries);
	seq_printf(m, "negative: %llu\n", r.negative);
	seq_printf(m, "inodes: %llu\n", r.inodes);
	seq_printf(m, "shrinker: %llu\n", r.shrinker);
	seq_printf(m, "duration_us: %llu\n", div_u64(r.ns, NSEC_PER_USEC));
	seq_printf(m, "stopped: %s\n", r.stopped);
	seq_printf(m, "approx_chains: %llu\n", r.approx_chains);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(last_shrink);

/* Write-only for root; last_shrink, read-only. */
const struct dcc_file dcc_shrink_files[] = {
	{ "shrink", 0200, &shrink_fops },
	{ "last_shrink", 0400, &last_shrink_fops },
	{ }
};

void dcc_shrink_status(struct seq_file *m)
{
	struct dcc_shrink_totals t;

	spin_lock(&dcc_result_lock);
	t = dcc_totals;
	spin_unlock(&dcc_result_lock);
	seq_printf(m, "shrink.runs: %llu\n", t.runs);
	seq_printf(m, "shrink.errors: %llu\n", t.errors);
	seq_printf(m, "shrink.dentries: %llu\n", t.dentries);
	seq_printf(m, "shrink.negative: %llu\n", t.negative);
	seq_printf(m, "shrink.inodes: %llu\n", t.inodes);
	seq_printf(m, "shrink.shrinker: %llu\n", t.shrinker);
}
