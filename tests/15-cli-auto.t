#!/bin/sh
# What cron and the monitoring run (field case 1 on a fleet): `dcachectl
# auto` with a config shrinks exactly what a rule names and nothing else,
# logs one line per action and does nothing the second time; `export
# --prometheus` writes a complete node_exporter file atomically (checked
# here strictly and on the host by promtool) into a directory of root's
# alone, and refuses /tmp; and every missing piece
# (bad config, module, debugfs, root) gets its message and exit status.
. ./lib.sh
plan 26
C=dcachectl
load_fresh cache_ms=600000
mount_disk 0 /mnt/a
mount_disk 1 /mnt/b
A=$(devof /mnt/a)
B=$(devof /mnt/b)
mkdir -p /mnt/a/tmp /mnt/b/tree
fsload churn /mnt/a/tmp 3000
fsload churn /mnt/b/tree 500
runs() { field $D/status shrink.runs; }

cat >/tmp/rules.conf <<EOF
# the churned disk: negative dentries over 1k go
mount /mnt/a   negative > 1k       shrink negative
# never fires: B has 500
dev $B         negative > 600      shrink negative
# never fires
type proc      dentries > 1G       shrink
any            bytes > 1Gi         shrink negative max=10
EOF
r0=$(runs)
$C auto --config /tmp/rules.conf >/tmp/auto.out 2>/tmp/auto.err
is "$?" 0 "auto: exit 0"
diag "$(cat /tmp/auto.out)"
is "$(wc -l </tmp/auto.out):$(wc -c </tmp/auto.err)" "1:0" "auto: one log line, nothing on stderr"
grep -q "^dcachectl auto: line 2 (mount /mnt/a: negative 3000 > 1000): ext4 $A on /mnt/a: dev=$A negative: freed 3000 dentries (3000 negative) on 1 superblock in " /tmp/auto.out
ok $? \
	"auto: the line names the rule, the superblock and what was freed"
is "$(($(runs) - r0))" 1 "auto: exactly one shrink ran"
is "$(field $D/last_shrink command)" "dev=$A negative" "auto: the shrink the rule asked for"
is "$(sbcol $D/superblocks "$B" negative)" 500 "auto: B's 500 negative dentries stay"
$C auto --config /tmp/rules.conf >/tmp/auto.out 2>&1
is "$?:$(wc -c </tmp/auto.out):$(($(runs) - r0))" "0:0:1" \
	"auto again: nothing to do, nothing said, no shrink"
$C auto --config /tmp/rules.conf --verbose >/tmp/auto.out 2>&1
is "$(cat /tmp/auto.out)" "dcachectl auto: no rule of /tmp/rules.conf fires" "auto --verbose says so"
$C auto --config /tmp/rules.conf --dry-run --verbose >/tmp/auto.out 2>&1
is "$?:$(cat /tmp/auto.out)" "0:dcachectl auto: no rule of /tmp/rules.conf fires" \
	"auto --dry-run --verbose (the README's check of a timer that does nothing): says so"

echo "dev $B negative > 100 shrink negative" >/tmp/dry.conf
$C auto --config /tmp/dry.conf --dry-run >/tmp/auto.out 2>&1
grep -q "dev=$B negative dry-run: would free 500 dentries (500 negative) on 1 superblock" /tmp/auto.out
ok $? \
	"auto --dry-run: would free B's 500"
# (the views' cached walk would not show it: ask the kernel again)
$C shrink --dev "$B" --negative --dry-run | grep -q 'would free 500 dentries (500 negative)'
ok $? \
	"auto --dry-run freed nothing: B still holds 500 negative dentries"

printf 'mount /mnt/a negative > 1k shrink\nany negatives > 5 shrink\ntype proc dentries > 5 drop\n' >/tmp/bad.conf
r1=$(runs)
$C auto --config /tmp/bad.conf >/dev/null 2>/tmp/auto.err
is "$?" 2 "auto with a bad config: exit 2"
is "$(cat /tmp/auto.err)" "dcachectl: /tmp/bad.conf:2: field 2: unknown column (dentries, negative, unused_dentries, unused_inodes or bytes)
dcachectl: /tmp/bad.conf:3: field 6: the action is shrink" \
	"... one line per bad line, with file, line and field number, not the file's words"
is "$(($(runs) - r1))" 0 "... and no rule ran, not even the good one"
$C auto --config /tmp/none.conf 2>/dev/null
is "$?" 2 "auto with a missing config: exit 2"

# export --prometheus: into a directory of root's alone (not /tmp itself)
mkdir -p /tmp/prom
chown 0:0 /tmp/prom
chmod 0755 /tmp/prom
$C export --prometheus --output /tmp/prom/dcachectl.prom
is "$?:$(ls -A /tmp/prom)" "0:dcachectl.prom" "export: exit 0, the file and no temporary left"
artifact dcachectl.prom /tmp/prom/dcachectl.prom
# labelled as node_exporter labels filesystems: device (the mount
# source), fstype, mountpoint
srcb=$(awk '$5 == "/mnt/b" { for (i = 7; $i != "-"; i++); print $(i + 2) }' /proc/self/mountinfo)
grep -q "^dcachectl_superblock_negative_dentries{device=\"$srcb\",fstype=\"ext4\",mountpoint=\"/mnt/b\"} 500\$" /tmp/prom/dcachectl.prom
ok $? \
	"export: B's negative dentries, labelled by device ($srcb), fstype and mountpoint"
# Strict format: HELP and TYPE before every family's samples, names and
# label syntax, numeric values, and each series once.
bad=$(awk '
	/^# HELP [a-z_]+ / { help[$3] = 1; next }
	/^# TYPE [a-z_]+ (gauge|counter)$/ { if (!help[$3] || typ[$3]) print "type: " $0; typ[$3] = 1; next }
	/^dcachectl_[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",)*[a-z_]+="([^"\\]|\\.)*"\})? [0-9]+(\.[0-9]+)?$/ {
		n = $0; sub(/[{ ].*/, "", n)
		if (!typ[n]) print "no TYPE: " $0
		s = $0; sub(/ [^ ]*$/, "", s)
		if (seen[s]++) print "twice: " $0
		next
	}
	{ print "bad line: " $0 }' /tmp/prom/dcachectl.prom)
is "$bad" "" "export: every line well formed"
grep -q '^dcachectl_up 1$' /tmp/prom/dcachectl.prom
ok $? "export: dcachectl_up 1"
grep -q "^dcachectl_shrink_runs_total $(runs)\$" /tmp/prom/dcachectl.prom
ok $? \
	"export: the shrink counters"
$C export --prometheus --output /tmp/dcachectl.prom 2>/tmp/e
is "$?:$(grep -c . /tmp/e):$(ls /tmp/dcachectl.prom /tmp/.dcachectl-export.* 2>/dev/null)" "3:1:" \
	"export into /tmp (sticky, writable by all): exit 3, one line, nothing written"

# what is missing, in words
umount /mnt/a
umount /mnt/b
rmmod dcachectl
$C status 2>/tmp/e
is "$?:$(cat /tmp/e)" "3:dcachectl: the dcachectl module is not loaded (modprobe dcachectl; README: Install with DKMS)" \
	"module not loaded: exit 3 and what to do"
$C export --prometheus --output /tmp/prom/dcachectl.prom 2>/dev/null
is "$?:$(grep -v '^#' /tmp/prom/dcachectl.prom | paste -sd' ' -)" \
	"3:dcachectl_up 0 dcachectl_build_info{cli_version=\"$(cat /lib/modules/dcachectl.version)\",kernel=\"$(uname -r)\",module_version=\"\"} 1" \
	"export without the module: dcachectl_up 0, build_info without a module version, exit 3"
insmod /lib/modules/dcachectl.ko
umount /sys/kernel/debug
$C top 2>/tmp/e
is "$?:$(cat /tmp/e)" "3:dcachectl: debugfs is not mounted on /sys/kernel/debug (mount -t debugfs debugfs /sys/kernel/debug)" \
	"debugfs not mounted: exit 3 and what to do"
mount -t debugfs debugfs /sys/kernel/debug
fsload as 65534 $C top 2>/tmp/e
is "$?:$(cat /tmp/e)" "3:dcachectl: must run as root: the module's files in $D are root's only" \
	"not root: exit 3 and why"
$C top >/dev/null
is "$?" 0 "debugfs back: top works again"
