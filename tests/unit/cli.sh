#!/bin/sh
# The dcachectl command under each shell it must run on (dash, Debian's
# /bin/sh, and busybox ash, as in the guest), against a stand-in debugfs
# holding the module's formats: both shells print the same, JSON parses
# with jq, and escaped names decode. The guest tests (14-cli, 15-cli-auto)
# run it against the real module.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/unit/scratch.sh
. "$top/tests/unit/scratch.sh"
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then printf "ok %d - cli: %s\n" $n "$2"; else printf "not ok %d - cli: %s\n" $n "$2"; fi
}
m=$d/dbg/dcachectl
mkdir -p "$m"
cat >"$m/status" <<'V'
version: 0.1.0
hash.buckets: 16
walk.last_ms: 3
walk.max_section_ns: 1200
walk.count: 2
shrink.runs: 4
shrink.errors: 1
shrink.dentries: 10
shrink.negative: 5
shrink.inodes: 3
shrink.shrinker: 2
V
cat >"$m/superblocks" <<'V'
dev type id dentries negative unused_dentries unused_inodes bytes
254:0 ext4 vda 50001 50000 50001 0 9600192
0:22 proc proc 8 0 4 0 1536
0:40 tmpfs tmpfs 3 1 0 0 576
0:50 fuse x 5 0 0 0 9600192000000
V
cat >"$m/hashtable" <<'V'
buckets: 16
empty: 9
hashed: 50012
longest: 300
mean_nonempty: 7144.57
approx_chains: 1
hist.0: 9
hist.1: 4
hist.2-3: 1
hist.256-511: 2
V
cat >"$m/chains" <<'V'
bucket length negative share dev type name parent approx
7 300 0 100% 0:22 proc ipv6 /sys/net 1
3 5 4 20% 254:0 ext4 my\040file\001 /a"b 0
2 4 0 25% ? ? ? ? 0
V
cat >"$m/dirs" <<'V'
children error negative dev type path
50000 0 50000 254:0 ext4 /tmp
3 1 0 ? ? ?
V
cat >"$m/memcgs" <<'V'
unused_dentries path
50658 /
101 /pods/cg\0400
V
cat >"$d/mountinfo" <<'V'
22 1 0:2 / / rw - rootfs rootfs rw
23 22 0:22 / /proc rw - proc proc rw
24 22 254:0 / /mnt/my\040disk rw - ext4 /dev/vda rw
25 22 254:0 /sub /srv rw - ext4 /dev/vda rw
V
# a FUSE mount point may hold raw control and non-UTF-8 bytes
printf '30 22 0:50 / /mnt/x\001\033y\351 rw - fuse x rw\n' >>"$d/mountinfo"
export DCACHECTL_DEBUGFS="$d/dbg" DCACHECTL_MOUNTINFO="$d/mountinfo"
for sh in dash "busybox sh"; do
	for c in status top chains dirs memcgs hist; do
		$sh "$top/scripts/dcachectl" $c >"$d/$c.${sh%% *}" 2>&1 || echo "exit $?" >>"$d/$c.${sh%% *}"
		$sh "$top/scripts/dcachectl" $c --json >"$d/$c.json.${sh%% *}" 2>&1
	done
	$sh "$top/scripts/dcachectl" export --prometheus --output "$d/x.prom.${sh%% *}"
done
same=0
for c in status top chains dirs memcgs hist; do
	cmp -s "$d/$c.dash" "$d/$c.busybox" && cmp -s "$d/$c.json.dash" "$d/$c.json.busybox" || same=1
done
cmp -s "$d/x.prom.dash" "$d/x.prom.busybox" || same=1
t $same "dash and busybox sh print the same for every read command and export"
bad=0
for c in status top chains dirs memcgs hist; do
	jq -e . "$d/$c.json.dash" >/dev/null 2>&1 || bad=1
done
t $bad "every --json output parses (jq)"
[ "$(jq -r '.[0].mountpoint' "$d/top.json.dash")" = "/mnt/my disk" ]
t $? "top --json: the mount point decoded from mountinfo's \\040"
[ "$(jq -r '.[2].mountpoint' "$d/top.json.dash")" = null ]
t $? "top --json: null for a filesystem not mounted here"
grep -q '^    50.0k     50.0k     50.0k         0     9.2Mi  ext4       254:0    /mnt/my\\040disk$' "$d/top.dash"
t $? "top: human units, the escaped mount point"
[ "$(jq -r '.[1].name' "$d/chains.json.dash")" = 'my file\001' ] &&
	[ "$(jq -r '.[1].parent' "$d/chains.json.dash")" = '/a"b' ] &&
	[ "$(jq -r '.[1].path' "$d/chains.json.dash")" = '/a"b/my file\001' ] &&
	[ "$(jq -r '.[1].where' "$d/chains.json.dash")" = '/mnt/my disk/a"b/my file\001' ] &&
	[ "$(jq -r '.[0].path' "$d/dirs.json.dash")" = /tmp ] &&
	[ "$(jq -r '.[0].where' "$d/dirs.json.dash")" = '/mnt/my disk/tmp' ]
t $? "chains and dirs --json: path inside the filesystem, where through the mount point; escapes decoded, quotes escaped"
[ "$(jq -c '.[2] | [.dev, .name, .path, .where, .share]' "$d/chains.json.dash")" = '[null,null,null,null,null]' ] &&
	[ "$(jq -r '.[0].approx' "$d/chains.json.dash")" = true ]
t $? "chains --json: nulls for an unnamed chain, approx as a boolean"
grep -q '^  >=300       0  100%         7  proc       0:22     /proc/sys/net/ipv6$' "$d/chains.dash"
t $? "chains: a lower bound shown as >=, the path from /"
[ "$(jq -r '.[1].memcg' "$d/memcgs.json.dash")" = '/pods/cg 0' ]
t $? "memcgs --json: a cgroup name with a blank"
[ "$(jq -c '[.buckets, .mean_nonempty, (.hist | map(.chains) | add), .hist[3].min, .hist[3].max]' "$d/hist.json.dash")" = '[16,7144.57,16,256,511]' ]
t $? "hist --json: numbers, the bins add up, ranges split"
[ "$(awk 'NR > 3 { print length($3) }' "$d/hist.dash" | sort -n | tail -n 1)" = 50 ]
t $? "hist: the longest bar is 50 wide"
grep -q '^dcachectl_superblock_dentries{device="/dev/vda",fstype="ext4",mountpoint="/mnt/my disk"} 50001$' "$d/x.prom.dash" &&
	grep -q '^dcachectl_memcg_unused_dentries{memcg="/pods/cg 0"} 101$' "$d/x.prom.dash" &&
	grep -q '^dcachectl_shrink_errors_total 1$' "$d/x.prom.dash" &&
	grep -q '^dcachectl_shrink_inodes_freed_total 3$' "$d/x.prom.dash"
t $? "export: labels decoded, counters"
grep -v '^shrink\.inodes:' "$m/status" >"$d/status.old"
cp "$m/status" "$d/status.new"
cp "$d/status.old" "$m/status"
dash "$top/scripts/dcachectl" export --prometheus --output - >"$d/old.prom" 2>&1 &&
	! grep -q 'inodes_freed' "$d/old.prom" && grep -q '^dcachectl_shrink_shrinker_objects_freed_total 2$' "$d/old.prom"
t $? "export: a module without shrink.inodes (older than the command): that counter left out, not printed empty"
cp "$d/status.new" "$m/status"
if promtool=$("$top/scripts/fetch-promtool" 2>/dev/null); then
	"$promtool" check metrics <"$d/x.prom.dash" >/dev/null 2>&1
	t $? "export: promtool check metrics"
fi
[ "$(jq -r '.[] | select(.dev == "0:50") | "\(.mountpoint) \(.bytes)"' "$d/top.json.dash")" = '/mnt/x\001\033y\351 9600192000000' ]
t $? "top --json: raw bytes of a mount point escaped, numbers past 2^31 whole"
grep -q '^dcachectl_superblock_dentries{device="x",fstype="fuse",mountpoint="/mnt/x\\\\001\\\\033y\\\\351"} 5$' "$d/x.prom.dash"
t $? "export: the same mount point, escaped for a label"
# who: the watch file gets "seconds=N" in one write (here a plain file,
# which returns at once), then the sources view is printed.
cat >"$m/sources" <<'V'
state: ended
reason: timeout
limit_s: 2
elapsed_ms: 2000
events: 5003
unlink: 4000
lookup: 1003
dropped: 1
missed: 0
process count error unlink tgid comm
process 4000 0 4000 163 churn\040er
process 1003 3 0 164 looker
cgroup count error unlink id path
cgroup 4000 0 4000 1 /
cgroup 1003 0 0 23 ?
dir count error unlink dev type path
dir 4000 0 4000 254:0 ext4 /tmp
dir 1000 0 0 0:99 tmpfs /x
V
for sh in dash "busybox sh"; do
	: >"$m/watch"
	$sh "$top/scripts/dcachectl" who --seconds 2 >"$d/who.${sh%% *}" 2>&1
	$sh "$top/scripts/dcachectl" who --seconds 2 --json -n 1 >"$d/who.json.${sh%% *}" 2>&1
done
[ "$(cat "$m/watch")" = "seconds=2" ] && cmp -s "$d/who.dash" "$d/who.busybox" &&
	cmp -s "$d/who.json.dash" "$d/who.json.busybox"
t $? "who: seconds=N written to the watch file; dash and busybox sh print the same"
[ "$(jq -c '[.state, .reason, .seconds, .events, .dropped, (.processes | length), .processes[0].comm, .processes[0].rate, .cgroups[0].cgroup, .dirs[0].where]' "$d/who.json.dash")" = \
	'["ended","timeout",2,5003,1,1,"churn er",2000,"/","/mnt/my disk/tmp"]' ]
t $? "who --json -n 1: one row of each, decoded, rates per second, where through the mount point"
sed -n 1p "$d/who.dash" | grep -q '^watch: ended, 2.0 s (timeout); 5003 negative dentries kept (4000 by unlink, 1003 by lookup), 2501.5/s; 1 not counted (1 dropped, 0 missed)$' &&
	grep -q '^     1003       3         0      1000     501.5  looker (164)$' "$d/who.dash" &&
	grep -q '^     1003       0         0      1003     501.5  ?$' "$d/who.dash" &&
	grep -q '^     1000       0         0      1000     500.0  \[tmpfs 0:99\]/x (tmpfs 0:99)$' "$d/who.dash"
t $? "who: the summary, lookups as count - error - unlink, an unknown cgroup, a directory not mounted here"
dash "$top/scripts/dcachectl" who --seconds 3601 >/dev/null 2>"$d/e"
[ $? = 2 ] && [ "$(head -n 1 "$d/e")" = "dcachectl: --seconds needs a whole number of seconds, 1 to 3600" ] &&
	[ "$(cat "$m/watch")" = "seconds=2" ]
t $? "who --seconds 3601: exit 2, nothing written"
v=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
[ "$(dash "$top/scripts/dcachectl" --version 2>&1)" = "dcachectl $v
module not loaded" ] && dash "$top/scripts/dcachectl" top --help | grep -q '^Usage: dcachectl COMMAND' &&
	busybox sh "$top/scripts/dcachectl" shrink --help | grep -q '^Usage: dcachectl COMMAND'
t $? "--version from the source tree: dkms.conf's version; COMMAND --help: the usage, exit 0"
dash "$top/scripts/dcachectl" shrink --all --bogus --json >"$d/e.json" 2>"$d/e"
[ $? = 2 ] && [ "$(wc -l <"$d/e")" = 2 ] &&
	[ "$(jq -c . "$d/e.json")" = '{"error":{"message":"shrink: unknown option --bogus","errno":null,"exit":2}}' ]
t $? "an error under --json: one JSON object on stdout, the line (and the hint) on stderr, exit 2"
: >"$m/shrink"
printf 'command: all max=1024 dry-run\nresult: ok\nsuperblocks: 1\ndentries: 0\nnegative: 0\nshrinker: 0\nduration_us: 1\nstopped: done\n' >"$m/last_shrink"
dash "$top/scripts/dcachectl" shrink --all --max 1Ki --dry-run >/dev/null 2>&1 &&
	[ "$(cat "$m/shrink")" = "all max=1024 dry-run" ]
t $? "shrink --max 1Ki writes max=1024"
printf 'command: dev=254:16 max=10149\nresult: ok\nsuperblocks: 1\ndentries: 10049\nnegative: 0\nshrinker: 97\nduration_us: 62457\nstopped: max\n' >"$m/last_shrink"
[ "$(dash "$top/scripts/dcachectl" shrink --dev 254:16 --max 10149 2>&1)" = "dev=254:16 max=10149: freed 10049 dentries (0 negative), the superblock shrinker 97 objects, on 1 superblock in 62.5 ms (stopped at max)" ]
t $? "shrink: the hash walk's dentries and the superblock shrinker's objects, in words"
printf 'command: type=proc max=100\nresult: ok\nsuperblocks: 1\ndentries: 50\nnegative: 0\ninodes: 50\nshrinker: 0\nduration_us: 900\nstopped: max\n' >"$m/last_shrink"
[ "$(dash "$top/scripts/dcachectl" shrink --type proc --max 100 2>&1)" = "type=proc max=100: freed 50 dentries (0 negative) and 50 inodes with them, on 1 superblock in 0.9 ms (stopped at max)" ]
t $? "shrink: the inodes that went with the dentries, in words"
printf 'command: dev=0:22\nresult: ok\nsuperblocks: 1\ndentries: 10\nnegative: 0\ninodes: 3\nshrinker: 7\nduration_us: 900\nstopped: done\n' >"$m/last_shrink"
[ "$(dash "$top/scripts/dcachectl" shrink --dev 0:22 2>&1)" = "dev=0:22: freed 10 dentries (0 negative) and 3 inodes with them, the superblock shrinker 7 objects, on 1 superblock in 0.9 ms" ]
t $? "shrink: inodes and the superblock shrinker's objects together, in words"
bad=0
for args in "--all --max 1K" "--all --max 1m" "--dir ''" "--mount ''" "--dev 12" \
	"--dir /$(head -c 5000 /dev/zero | tr '\0' a)"; do
	: >"$m/shrink"
	eval "dash \"$top/scripts/dcachectl\" shrink $args" >/dev/null 2>&1
	if [ $? != 2 ] || [ -s "$m/shrink" ]; then
		bad=1
		echo "# shrink ${args%"${args#??????????????????}"}...: not refused"
	fi
done
t $bad "usage errors (1K, 1m, empty paths, dev without minor, 5000-byte path) exit 2, nothing written"
mkdir "$d/outdir"
dash "$top/scripts/dcachectl" export --prometheus --output "$d/outdir" >/dev/null 2>&1
[ $? = 2 ] && [ -z "$(ls "$d/outdir")" ]
t $? "export --output DIR: exit 2, nothing left in DIR"
