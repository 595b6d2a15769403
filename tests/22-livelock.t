#!/bin/sh
# boot: dhash_entries=1024
# Proves that every section makes progress (DESIGN, "Rules every reader
# and shrink keeps"): a resume point that cannot be pinned, as when its
# superblock is being unmounted, marks its chain approximate and the walk
# or the shrink moves on; no work is redone, so nothing spins. The module
# parameter fault_pin (0644) makes every pin of a resume point fail, in
# the walk and in the shrink. On a table of 1024 buckets holding an ext4
# disk's 20,000 files and 20,000 negative dentries (chains of about 40),
# with walk_batch=16 fault_pin=1: every view reads to completion,
# hashtable counts approximate chains and still accounts every bucket, no
# section goes beyond 16 dentries; every shrink selector returns before
# `timeout 120` would kill it (termination, not speed) and still frees or
# counts something. Then fault_pin=0, written through sysfs, and a dev=
# shrink frees what was left.
. ./lib.sh
N=${FILES:-20000}
# KASAN (4-20x slower): a quarter; chains of about 10, which sections of
# 16 still end inside
! kasan || N=5000
P=/sys/module/dcachectl/parameters/fault_pin
plan 23
load_fresh walk_batch=16 fault_pin=1
# Without the parameter, insmod ignores fault_pin=1 (with a "unknown
# parameter" line in the kernel log) and no fault would be injected:
# nothing below would prove anything.
is "$(stat -c %a $P 2>/dev/null):$(cat $P 2>/dev/null)" 644:1 \
	"fault_pin is a 0644 parameter, set to 1 at load"
if [ ! -e $P ]; then
	echo "Bail out! dcachectl has no fault_pin parameter"
	exit 1
fi
is "$(field $D/status param.fault_pin)" 1 "status: param.fault_pin: 1"

mount_disk 1 /mnt/b
B=$(devof /mnt/b)
mkdir -p /mnt/b/pos /mnt/b/neg /tmp/lv
fsload create /mnt/b/pos "$N"
fsload miss /mnt/b/neg "$N"

for v in hashtable chains dirs superblocks memcgs; do
	timeout 120 cat $D/$v >/tmp/lv/$v
	is $? 0 "with every resume pin failing, $v reads to completion"
done
ht=/tmp/lv/hashtable
approx=$(field $ht approx_chains)
diag "fault_pin=1: $(field $ht hashed) dentries counted in $(field $ht buckets) buckets, longest chain $(field $ht longest), $approx chains cut short"
cmp_ok "${approx:-0}" -gt 0 \
	"chains that could not be resumed are counted approximate ($approx)"
is "$(awk -F': ' '/^hist\./ { s += $2 } END { print s + 0 }' $ht)" \
	"$(field $ht buckets)" "and the histogram still covers every bucket"
max=$(field $D/status walk.max_section_entries)
cmp_ok "$max" -le 16 "no RCU section beyond 16 dentries ($max)"

# Every selector and option; none that runs the superblocks' own
# shrinkers to the end (dev=, type=, path=, all without negative or
# max=), which free B's LRU whatever the walk reached, so that something
# is left for fault_pin=0 below. The selector returns (ok; ENOENT is the
# documented answer for no target) or timeout kills it: "killed".
for c in "all dry-run" "dev=$B dry-run" "dev=$B negative" \
	"type=ext4 max=1000" "path=/mnt/b negative max=5000" \
	"dir=/mnt/b/neg negative" "dir=/mnt/b/pos" "type=ext4 negative" \
	"all negative max=100000"; do
	w=$(shrink_within 120 "$c")
	a=${w% *}
	n=$(field $D/last_shrink dentries)
	case $a in ok | ENOENT) r=0 ;; *) r=1 ;; esac
	ok $r "fault_pin=1: '$c' returns: $a after $(secs "${w#* }") s, $n dentries"
	case $c in
	"dev=$B dry-run") dry=$n ;;
	"dev=$B negative") neg=$n ;;
	esac
done
# B holds 2N + 2 dentries: a dry run that counts more counted some twice
[ "${dry:-0}" -gt 0 ] && [ "${dry:-0}" -le $((2 * N + 2)) ] &&
	[ "${neg:-0}" -gt 0 ]
ok $? \
	"and they made progress, once: dev=$B dry-run counted $dry of at most $((2 * N + 2)), dev=$B negative freed $neg"

echo 0 >$P
is "$(cat $P):$(field $D/status param.fault_pin)" 0:0 \
	"fault_pin=0 written through sysfs; status agrees"
cat $D/superblocks >/tmp/lv/sb0
is "$(shrink "dev=$B")" ok "with pins working again, dev=$B runs"
cat $D/superblocks >/tmp/lv/sb1
left=$(sbcol /tmp/lv/sb0 "$B" unused_dentries)
un=$(sbcol /tmp/lv/sb1 "$B" unused_dentries)
cmp_ok "$un" -le 2 \
	"and frees what was left: B's unused dentries $left -> $un"
umount /mnt/b
