#!/bin/sh
# Proves that the ranked views list ties in their documented total order,
# so that an operator diffing two reads, and a CI run, never sees rows
# swap (STYLE 12). Ties are made on purpose:
# - chains: N network namespaces each read a sysctl under
#   /proc/sys/net/{ipv4,unix,ipv6,core}: four chains of the same length
#   (field case 2; 04-netns, when it ran first, adds 500 to the last two);
# - dirs: 20 directories with C children each, more than any other;
# - memcgs: 6 memory cgroups whose processes made F files each.
# Whole views are compared across two reads and across walk_batch; the
# rows kept when ties straddle the top_n cut are the first in that order.
. ./lib.sh
N=${TIES_NETNS:-64}
# KASAN (4-20x slower): 24 namespaces still tie four chains
! kasan || N=${TIES_NETNS:-24}
C=1500
F=20
plan 12

mkdir -p /tmp/ties
fsload netns "$N" /tmp/ties /proc/sys/net/ipv4/ip_forward \
	/proc/sys/net/unix/max_dgram_qlen \
	/proc/sys/net/ipv6/conf/all/disable_ipv6 \
	/proc/sys/net/core/somaxconn
mkdir -p /mnt/t
mount -t tmpfs ties /mnt/t
T=$(devof /mnt/t)
for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20; do
	mkdir /mnt/t/d$i
	fsload create /mnt/t/d$i $C
done
mount_disk 1 /mnt/m
mkdir -p /sys/fs/cgroup/ties /mnt/m/ties
echo +memory >/sys/fs/cgroup/ties/cgroup.subtree_control
fsload memcgs /sys/fs/cgroup/ties 6 $F /mnt/m/ties
# Every file this test writes exists before the first read, so that the
# reads see the same table.
for f in chains dirs superblocks memcgs; do
	touch /tmp/a.$f /tmp/b.$f /tmp/w16.$f
done
touch /tmp/c16 /tmp/d16 /tmp/d16.try
sync

# X_unordered FILE: the rows of view X that break its order, if any.
chains_unordered() { # longest first, then by bucket
	awk 'NR > 2 && ($2 > l || ($2 == l && $1 <= b)) { print }
		NR > 1 { l = $2; b = $1 }' "$1"
}
dirs_unordered() { # most children first, then by dev, type, path
	awk 'function key(dev, type, path,  a) {
		split(dev, a, ":")
		return sprintf("%010d %010d %s %s", a[1], a[2], type, path)
	}
	NR > 2 && ($1 > c || ($1 == c && $4 != "?" && key($4, $5, $6) <= k)) { print }
	NR > 1 { c = $1; k = key($4, $5, $6) }' "$1"
}

load_fresh top_n=16
cat $D/chains >/tmp/c16
cat $D/dirs >/tmp/d16
head -n 6 /tmp/c16 | while read -r l; do diag "$l"; done
# A cut inside a tie: the first row K of the netns chains that is as long
# as row K + 1 (a chance collision may add one entry to a chain, so which
# rows tie is found, not assumed).
K=$(awk -v n="$N" 'NR > 1 && $2 >= n { if ($2 == l) { print NR - 2; exit } l = $2 }' /tmp/c16)
[ -n "$K" ]
ok $? "chains: rows ${K:-?} and $((${K:-0} + 1)) tie, and a cut at ${K:-?} splits them"
is "$(chains_unordered /tmp/c16)" "" \
	"chains: longest first, then by bucket"
is "$(dirs_unordered /tmp/d16)" "" \
	"dirs: most children first, then by dev, type and path"
# Of the 20 directories, those that made the cut are the first by path.
ours=$(awk -v t="$T" -v c=$C '$4 == t && $1 == c { printf "%s ", $6 }' /tmp/d16)
k=$(echo "$ours" | wc -w)
want=$(for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20; do
	echo "/d$i"; done | head -n "$k" | tr '\n' ' ')
[ "$k" -ge 2 ] && [ "$k" -lt 20 ] && [ "$ours" = "$want" ]
ok $? \
	"dirs: the tie of 20 at the cut keeps the first $k by path ($ours)"

load_fresh top_n="${K:-1}"
is "$(cat $D/chains)" "$(head -n $((${K:-1} + 1)) /tmp/c16)" \
	"chains, top_n=${K:-1}: the first rows of top_n=16, whole"

# dstate: the kernel's count of dentries, unused ones and negative ones.
dstate() { awk '{ print $1, $2, $5 }' /proc/sys/fs/dentry-state; }
# The views are compared across two reads, with top_n=16 and across a
# reload with walk_batch=16 only over a dcache that stayed put: the guest's own work
# (a kworker, the kernel's shrinker) may add or drop a dentry in between,
# and with any dentry more or less, Space-Saving's counts in dirs may
# move. A try in which the counts moved is done again, up to 5 times;
# the comparisons below then run on the last try, whatever it saw.
# The first read of dentry-state looks up its own dentry, which then sits
# unused on the LRU: read it once here so try 1 does not count that one.
dstate >/dev/null
try=0
while :; do
	try=$((try + 1))
	s0=$(dstate)
	# top_n=16 again, inside the window the counts are checked over
	load_fresh top_n=16
	cat $D/dirs >/tmp/d16.try
	load_fresh top_n=3
	for f in chains dirs superblocks memcgs; do
		cat $D/$f >/tmp/a.$f
	done
	for f in chains dirs superblocks memcgs; do
		cat $D/$f >/tmp/b.$f
	done
	load_fresh top_n=3 walk_batch=16
	cat $D/chains >/tmp/w16.chains
	cat $D/dirs >/tmp/w16.dirs
	s1=$(dstate)
	[ "$s0" != "$s1" ] || break
	diag "try $try: the dcache moved during the reads (dentries, unused," \
		"negative: $s0 -> $s1)"
	[ "$try" -lt 5 ] || break
done
is "$(cat /tmp/a.dirs)" "$(head -n 4 /tmp/d16.try)" \
	"dirs, top_n=3: the first three rows of top_n=16, whole"
for f in chains dirs superblocks memcgs; do
	cmp -s /tmp/a.$f /tmp/b.$f || diag "$f differs between two reads:" \
		"$(diff /tmp/a.$f /tmp/b.$f | grep "^[-+][^-+]")"
done
cmp -s /tmp/a.chains /tmp/b.chains && cmp -s /tmp/a.dirs /tmp/b.dirs &&
	cmp -s /tmp/a.superblocks /tmp/b.superblocks &&
	cmp -s /tmp/a.memcgs /tmp/b.memcgs
ok $? "chains, dirs, superblocks, memcgs: two reads print the same bytes"
sb=$(awk 'function key(dev,  a) {
		split(dev, a, ":")
		return sprintf("%010d %010d", a[1], a[2])
	}
	NR > 2 && ($4 > d || ($4 == d && key($1) <= k)) { print }
	NR > 1 { d = $4; k = key($1) }' /tmp/a.superblocks)
is "$sb" "" "superblocks: most dentries first, then by dev"
mc=$(grep ' /ties/cg[0-9]* [0-9]*$' /tmp/a.memcgs | cut -d' ' -f1,2 | tr '\n' ' ')
want=$(for i in 0 1 2 3 4 5; do printf '%s /ties/cg%s ' $((F + 1)) $i; done)
is "$mc" "$want" "memcgs: six equal cgroups, in path order"

is "$(cat /tmp/w16.chains)" "$(cat /tmp/a.chains)" \
	"chains: walk_batch=16 prints what walk_batch=1024 printed"
is "$(cat /tmp/w16.dirs)" "$(cat /tmp/a.dirs)" \
	"dirs: walk_batch=16 prints what walk_batch=1024 printed"
max=$(field $D/status walk.max_section_entries)
cmp_ok "$max" -le 16 "in RCU sections of 16 at most ($max)"

umount /mnt/t /mnt/m
