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

# shrinker_counts: "TYPE:ID COUNT" per superblock shrinker; the kernel
# names them sb-TYPE:ID-N once the superblock has its id.
shrinker_counts() {
	for d in "$S"/sb-*; do
		t=${d##*/sb-}
		t=${t%-*}
		awk -v t="$t" '{ for (i = 2; i <= NF; i++) s += $i } END { print t, s + 0 }' "$d/count"
	done
}
# ours FILE: "TYPE:ID unused_dentries+unused_inodes" per superblock.
ours() { awk 'NR > 1 { print $2 ":" $3, $6 + $7 }' "$1"; }
# ext4 FILE: the two disks' figures
ext4() { awk '$1 == "ext4:vda" { a = $2 } $1 == "ext4:vdb" { b = $2 } END { print a ":" b }' "$1"; }

tries=0
while :; do
	cat $D/superblocks >/tmp/or1
	shrinker_counts >/tmp/ork
	cat $D/superblocks >/tmp/or2
	ours /tmp/or1 >/tmp/or.ours
	ours /tmp/or2 >/tmp/or.ours2
	# quiet: both walks saw the same ext4 figures
	[ "$(ext4 /tmp/or.ours)" = "$(ext4 /tmp/or.ours2)" ] && break
	tries=$((tries + 1))
	[ $tries -lt 5 ] || break
	sleep 1
done
diag "vda:vdb dcachectl $(ext4 /tmp/or.ours), shrinker $(ext4 /tmp/ork)"
ext4 /tmp/ork | grep -q '^[0-9][0-9]*:[0-9][0-9]*$'
ok $? \
	"the shrinker debugfs names both ext4 superblocks (sb-ext4:vda, sb-ext4:vdb)"
is "$(ext4 /tmp/or.ours)" "$(ext4 /tmp/ork)" \
	"per ext4 superblock: unused_dentries + unused_inodes = the shrinker's count"
# every superblock, for the record (the test's own reads move proc's)
diag "$(sort /tmp/or.ours /tmp/ork | awk '{ n[$1]++; v[$1] = v[$1] " " $2 }
	END { for (k in n) if (n[k] == 2) { split(v[k], a, " "); if (a[1] == a[2]) same++; else d = d " " k ":" v[k] }
	      print same + 0 " superblocks agree; differ:" (d == "" ? " none" : d) }')"
for c in 0 1 2; do rmdir /sys/fs/cgroup/or/cg$c 2>/dev/null; done
rmdir /sys/fs/cgroup/or 2>/dev/null
umount /mnt/a
umount /mnt/b
