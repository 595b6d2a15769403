#!/bin/sh
# An independent oracle (kernels with SHRINKER_DEBUG, i.e. the debug
# kernel): the kernel's own count for each superblock shrinker,
# /sys/kernel/debug/shrinker/sb-TYPE-ID/count (dentry LRU + inode LRU over
# every memcg and node, scaled by vfs_cache_pressure=100), must equal
# dcachectl's unused_dentries + unused_inodes. Checked on a quiet system
# for two ext4 filesystems holding unused dentries, negative dentries,
# unused inodes and dentries charged to three memory cgroups.
. ./lib.sh
plan 3
S=/sys/kernel/debug/shrinker
if [ ! -d $S ]; then
	for i in 1 2 3; do
		echo "ok $i # SKIP no $S (CONFIG_SHRINKER_DEBUG) in $(uname -r)"
	done
	exit 0
fi
load_fresh
echo 100 >/proc/sys/vm/vfs_cache_pressure
mount_disk 0 /mnt/a
mount_disk 1 /mnt/b
mkdir -p /mnt/a/o /mnt/a/x /mnt/b/o /sys/fs/cgroup/or
fsload create /mnt/a/o 2000
fsload create /mnt/a/x 700
fsload churn /mnt/b/o 1000
echo +memory >/sys/fs/cgroup/or/cgroup.subtree_control
fsload memcgs /sys/fs/cgroup/or 3 50 /mnt/b
# Freeing x's dentries leaves their 700 inodes unused, on the inode LRU.
is "$(shrink "dir=/mnt/a/x")" ok "setup: dir= shrink leaves inodes unused"
sync
sleep 1

# shrinker_counts: "TYPE COUNT" per superblock shrinker.
shrinker_counts() {
	for d in "$S"/sb-*; do
		t=${d##*/sb-}
		t=${t%-*}
		awk -v t="$t" '{ for (i = 2; i <= NF; i++) s += $i } END { print t, s + 0 }' "$d/count"
	done
}
# ours FILE: "TYPE unused_dentries+unused_inodes" per superblock.
ours() { awk 'NR > 1 { print $2, $6 + $7 }' "$1"; }
# the ext4 values, sorted: two filesystems, matched as a multiset
ext4() { awk '$1 == "ext4" { print $2 }' | sort -n | paste -sd' ' -; }

tries=0
while :; do
	cat $D/superblocks >/tmp/or1
	shrinker_counts >/tmp/ork
	cat $D/superblocks >/tmp/or2
	# quiet: both walks saw the same ext4 figures
	[ "$(ours /tmp/or1 | ext4)" = "$(ours /tmp/or2 | ext4)" ] && break
	tries=$((tries + 1))
	[ $tries -lt 5 ] || break
	sleep 1
done
diag "dcachectl ext4: $(ours /tmp/or1 | ext4); shrinker ext4: $(ext4 </tmp/ork)"
ok "$([ "$(ext4 </tmp/ork | wc -w)" = 2 ]; echo $?)" "the shrinker debugfs lists both ext4 superblocks"
is "$(ours /tmp/or1 | ext4)" "$(ext4 </tmp/ork)" \
	"per ext4 superblock: unused_dentries + unused_inodes = the shrinker's count"
# every type, for the record (the test's own reads move proc's)
agree=$( { ours /tmp/or1 | sed 's/^/o /'; sed 's/^/k /' /tmp/ork; } | sort -k2,2 -k3,3n |
	awk '{ v[$1, $2] = v[$1, $2] " " $3; t[$2] = 1 }
	END { for (x in t) if (v["o", x] == v["k", x]) a++; else d = d " " x ":" v["o", x] "|" v["k", x]
	      print a + 0 " types agree; differ:" (d == "" ? " none" : d) }')
diag "$agree"
for c in 0 1 2; do rmdir /sys/fs/cgroup/or/cg$c 2>/dev/null; done
rmdir /sys/fs/cgroup/or 2>/dev/null
umount /mnt/a
umount /mnt/b
