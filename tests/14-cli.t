#!/bin/sh
# The dcachectl command against the real module (field cases 1-3 as an
# operator sees them): every read command's table and JSON agree with the
# module's own files, shrink speaks mount points and reports in words,
# and the views never show what a shrink has just freed, even within
# cache_ms. JSON goes to the host too, where jq parses it.
. ./lib.sh
plan 43
C=dcachectl
# A long cache: the CLI must see a shrink's effect without waiting for it.
load_fresh cache_ms=600000
mount_disk 0 /mnt/a
mount_disk 1 /mnt/b
A=$(devof /mnt/a)
B=$(devof /mnt/b)
mkdir -p /mnt/a/tmp /mnt/b/tree
fsload churn /mnt/a/tmp 5000
fsload create /mnt/b/tree 300
mkdir -p /tmp/ns
fsload netns 40 /tmp/ns
mkdir -p /sys/fs/cgroup/cli
echo +memory >/sys/fs/cgroup/cli/cgroup.subtree_control
fsload memcgs /sys/fs/cgroup/cli 3 7 /mnt/b

# status
$C status >/tmp/st
is "$(field /tmp/st version)" "$(cat /lib/modules/dcachectl.version)" \
	"status: the module's version"
buckets=$(field /tmp/st hash.buckets)
$C status --json >/tmp/st.json
artifact status.json /tmp/st.json
grep -q "\"hash.buckets\": ${buckets}[,}]" /tmp/st.json
ok $? \
	"status --json: hash.buckets as a number"

# top: A's row, by mount point, with the churn's negative dentries
$C top -n 0 >/tmp/top
diag "$(head -n 4 /tmp/top)"
is "$(awk '$NF == "/mnt/a" { print $2, $6, $7 }' /tmp/top)" "5000 ext4 $A" \
	"top: /mnt/a (ext4, $A) holds the churn's 5000 negative dentries"
is "$(awk '$NF == "/mnt/b" { print $6, $7 }' /tmp/top)" "ext4 $B" \
	"top: /mnt/b by mount point"
is "$($C top -n 2 | wc -l)" 4 "top -n 2: header, two rows, total"
$C top -n 0 --json >/tmp/top.json
artifact top.json /tmp/top.json
grep -q "\"dev\": \"$A\", \"type\": \"ext4\", \"id\": \"vda\", \"mountpoint\": \"/mnt/a\", \"dentries\": [0-9]*, \"negative\": 5000," /tmp/top.json
ok $? \
	"top --json: A's object"
is "$(grep -o '"dev":' /tmp/top.json | wc -l)" "$(($(wc -l <$D/superblocks) - 1))" \
	"top -n 0 --json: one object per superblock"

# dirs: the churned directory, as a path from /
$C dirs >/tmp/dirs
is "$(awk '$NF == "/mnt/a/tmp" { print $1, $3 }' /tmp/dirs)" "5000 5000" \
	"dirs: /mnt/a/tmp with 5000 children, all negative"
$C dirs --json >/tmp/dirs.json
artifact dirs.json /tmp/dirs.json
grep -q '"children": 5000, "error": 0, "negative": 5000, "dev": "'"$A"'", "type": "ext4", "path": "/tmp", "where": "/mnt/a/tmp"' /tmp/dirs.json
ok $? \
	"dirs --json: the same row"

# chains: the netns case, resolved to /proc
$C chains >/tmp/chains
diag "$(head -n 3 /tmp/chains)"
awk '$NF == "/proc/sys/net/ipv6" { n = $1; sub(/^>=/, "", n); if (n + 0 >= 40) f = 1 }
	END { exit !f }' /tmp/chains
ok $? \
	"chains: /proc/sys/net/ipv6 leads a chain of >= 40 (one per namespace)"
$C chains --json >/tmp/chains.json
artifact chains.json /tmp/chains.json
grep -q '"type": "proc", "name": "ipv6", "parent": "/sys/net", "path": "/sys/net/ipv6", "where": "/proc/sys/net/ipv6"' /tmp/chains.json
ok $? \
	"chains --json: the same chain"

# memcgs: three cgroups of 7 files + their directory
$C memcgs >/tmp/mc
is "$(grep -c '^ *8  /cli/cg[0-2]$' /tmp/mc)" 3 "memcgs: /cli/cg0..2 with 8 each"
$C memcgs --json >/tmp/mc.json
artifact memcgs.json /tmp/mc.json
is "$(grep -o '"unused_dentries": 8, "memcg": "/cli/cg[0-2]"' /tmp/mc.json | wc -l)" 3 \
	"memcgs --json: the same"

# hist: bins add up to the buckets, bars drawn
$C hist >/tmp/hist
is "$(awk 'NR > 2 { s += $2 } END { print s }' /tmp/hist)" "$buckets" \
	"hist: the chains of the bins add up to every bucket"
grep -q '^0  *[0-9]*  ##*$' /tmp/hist
ok $? "hist: a bar per bin"
$C hist --json >/tmp/hist.json
artifact hist.json /tmp/hist.json
grep -q "^{\"buckets\": $buckets, " /tmp/hist.json
ok $? "hist --json"

# shrink, by mount point
out=$($C shrink --mount /mnt/a --negative --dry-run)
is "$(echo "$out" | cut -d' ' -f1-13)" \
	"dev=$A negative dry-run: would free 5000 dentries (5000 negative) on 1 superblock in" \
	"shrink --mount /mnt/a --negative --dry-run, in words"
out=$($C shrink --mount /mnt/a --negative)
is "$(echo "$out" | cut -d' ' -f1-11)" \
	"dev=$A negative: freed 5000 dentries (5000 negative) on 1 superblock in" \
	"shrink --mount /mnt/a --negative, in words"
$C top -n 0 >/tmp/top2
is "$(awk '$NF == "/mnt/a" { print $2 }' /tmp/top2)" 0 \
	"top right after the shrink: no negative dentry left on /mnt/a (cache_ms=600000)"
$C shrink --dir /mnt/b/tree --max 50 --json >/tmp/sh.json
artifact shrink.json /tmp/sh.json
grep -q '"command": "dir=/mnt/b/tree max=50", "result": "ok", "superblocks": 1, "dentries": 50,' /tmp/sh.json
ok $? \
	"shrink --dir --max 50 --json: 50 dentries"

# A path a view prints aims the knob, both ways. The CLI's dirs prints
# where A's tmp is reached here (/mnt/a/tmp): --dir takes it. The
# module's dirs view prints the path inside A (/tmp), which the writer
# reaches elsewhere (its /tmp is not on A): dev= with dir= refuses it
# (EXDEV) instead of shrinking that other /tmp, and --dev with --dir
# takes it as the path inside A. A's tmp churned again first:
fsload churn /mnt/a/tmp 5000
# the views are cached (cache_ms): a shrink that frees one dentry
# elsewhere makes the next read walk again
is "$(shrink "dir=/mnt/b/tree max=1")" ok "a one-dentry shrink elsewhere, for fresh views"
wh=$(awk '$NF ~ /^\/mnt\/a\/tmp$/ { print $NF }' /tmp/dirs)
$C shrink --dir "$wh" --negative --dry-run --json >/tmp/dd.json
grep -q '"negative": 5000' /tmp/dd.json
ok $? "the CLI's dirs path ($wh) in --dir: 5000 negative dentries to free"
in=$(awk -v a="$A" '$4 == a && $6 == "/tmp" { print $6 }' $D/dirs)
neg0=$(sbcol $D/superblocks "$A" negative)
is "$in:$(shrink "dev=$A dir=$in negative")" "/tmp:EXDEV" \
	"the module's dirs path (/tmp inside A) with dev=A, where /tmp is not on A: EXDEV"
dmesg | grep -q "dcachectl: shrink: /tmp is on [0-9]*:[0-9]*, not on dev=$A\$"
ok $? "... with one log line naming both devices"
$C shrink --dev "$A" --dir "$in" --negative >/tmp/dd 2>&1
is "$?:$((neg0 - $(sbcol $D/superblocks "$A" negative)))" "0:5000" \
	"shrink --dev A --dir /tmp: A's /tmp, its 5000 negative dentries freed"

# the README's other selectors and -n: --path, --type proc, memcgs -n
out=$($C shrink --path /mnt/b/tree --negative --dry-run)
is "$(echo "$out" | cut -d' ' -f1-4)" "path=/mnt/b/tree negative dry-run: would" \
	"shrink --path /mnt/b/tree --negative --dry-run: the superblock holding the path"
is "$($C memcgs -n 1 --json | grep -o '"memcg"' | wc -l)" 1 "memcgs -n 1: one row"

# errors: usage (2), the kernel's refusal (1) with its errno and log line
$C shrink --negative 2>/tmp/e
is "$?:$(head -n 1 /tmp/e)" "2:dcachectl: shrink needs exactly one of --mount, --dev, --type, --path, --dir, --all (or --dev with --dir)" \
	"no selector: exit 2 and why"
$C shrink --all --mount /mnt/a 2>/dev/null
is "$?" 2 "two selectors: exit 2"
$C shrink --mount /mnt 2>/tmp/e
is "$?:$(head -n 1 /tmp/e)" "2:dcachectl: /mnt is not a mount point (see /proc/self/mountinfo)" \
	"--mount of a plain directory: exit 2"
$C shrink --all --max 12x 2>/dev/null
is "$?" 2 "--max 12x: exit 2"
$C shrink --type abcdefghijklmnopqrstuvwxyz0123456789 2>/tmp/e
is "$?" 1 "a type name the kernel refuses: exit 1"
grep -q "^dcachectl: shrink 'type=abcdefghijklmnopqrstuvwxyz0123456789' refused: EINVAL (Invalid argument); kernel: shrink: " /tmp/e
ok $? \
	"... with EINVAL and the kernel's log line"
diag "$(cat /tmp/e)"
$C shrink --dir /mnt/a/nothing-here 2>/tmp/e
is "$?:$(grep -c 'refused: ENOENT' /tmp/e)" 1:1 "--dir of a missing path: exit 1, ENOENT"
: >/mnt/b/file
$C shrink --dir /mnt/b/file 2>/tmp/e
is "$?:$(grep -c 'refused: ENOTDIR' /tmp/e)" 1:1 "--dir of a file: exit 1, ENOTDIR"

# errors under --json: one JSON object on stdout too, the line on stderr
$C shrink --dir /mnt/b/file --json >/tmp/e.json 2>/tmp/e
is "$?:$(grep -c . /tmp/e):$(sed 's/"message": "[^"]*"/M/' /tmp/e.json)" \
	'1:1:{"error": {M, "errno": "ENOTDIR", "exit": 1}}' "shrink --json: the kernel's refusal as JSON (errno, exit), one line on stderr"
artifact shrink-error.json /tmp/e.json
$C chains -n x --json >/tmp/e.json 2>/dev/null
is "$?:$(cat /tmp/e.json)" '2:{"error": {"message": "-n needs a number (0: every row)", "errno": null, "exit": 2}}' \
	"chains -n x --json: a usage error as JSON, exit 2"

# -n for chains and dirs; --help of a command; --version
is "$($C chains -n 1 --json | grep -o '"bucket"' | wc -l):$($C dirs -n 1 | wc -l)" "1:2" \
	"chains -n 1 and dirs -n 1: one row each"
for c in status top chains dirs memcgs hist shrink auto export; do
	$C $c --help | grep -q "^Usage: dcachectl" || break
done
ok $? "every command's --help prints the usage, exit 0 (last: $c)"
$C --version >/tmp/v 2>/tmp/e
is "$?:$(sed -n 2p /tmp/v):$(grep -c . /tmp/e)" "0:module $(cat /sys/module/dcachectl/version):0" \
	"--version: the command's and the loaded module's, no warning when they agree"
grep -q "^dcachectl $(cat /sys/module/dcachectl/version)\$" /tmp/v
ok $? "... and the command's is the module's version"
sed "s/^VERSION=.*/VERSION='9.9.9'/" /bin/dcachectl >/tmp/dc9
sh /tmp/dc9 --version >/dev/null 2>/tmp/e
is "$?:$(cat /tmp/e)" "0:dcachectl: warning: the loaded module is $(cat /sys/module/dcachectl/version) and this command 9.9.9: install the same version of both, then rmmod dcachectl; modprobe dcachectl" \
	"--version of another command version: one warning line, exit 0"

# field case 2's fix as the README shows it
$C shrink --type proc >/tmp/tp
diag "$(cat /tmp/tp)"
grep -Eq '^type=proc: freed [0-9]+ dentries \(0 negative\) and [0-9]+ inodes? with them,( the superblock shrinker [0-9]+ objects,)? on [0-9]+ superblocks? in ' /tmp/tp
ok $? "shrink --type proc: every proc instance, and the inodes that went with the dentries, in words"

rmdir /sys/fs/cgroup/cli/cg0 /sys/fs/cgroup/cli/cg1 /sys/fs/cgroup/cli/cg2 \
	/sys/fs/cgroup/cli 2>/dev/null
umount /mnt/a
umount /mnt/b
