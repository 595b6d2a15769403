#!/bin/sh
# boot: cgroup.memory=nokmem
# Field case 3 on a kernel booted with cgroup.memory=nokmem: no dentry or
# inode is charged to a memory cgroup, so all of them sit on the
# superblocks' global lists, which are the root memcg's part. 5.10 and 6.1
# keep per-memcg LRUs then, but a memcg has no kmem id to index them, and
# the kernel hands it the global list instead: each memcg was seen charged
# with the whole superblock, and the shrink scanned the global lists once
# per memcg. 6.12 and later make the LRUs global. Proves, on every kernel:
# memcgs charges no memcg but the root, which holds the disk's unused
# dentries, and dev= still frees the disk's unused dentries and inodes.
. ./lib.sh
N=20
F=50
plan 6
load_fresh
is "$(field $D/status feature.memcgs)" on "the memcgs feature is on"
mount_disk 1 /mnt/b
B=$(devof /mnt/b)
mkdir -p /sys/fs/cgroup/k /mnt/b/r
echo +memory >/sys/fs/cgroup/k/cgroup.subtree_control
fsload memcgs /sys/fs/cgroup/k "$N" "$F" /mnt/b
fsload create /mnt/b/r 500
# Clean inodes only: the inode shrinker takes a dirty inode off its LRU
# without freeing it, and counts it as freed.
sync

cat $D/superblocks >/tmp/sb25
cat $D/memcgs >/tmp/mc25
head -n 5 /tmp/mc25 | while read -r l; do diag "$l"; done
is "$(awk 'NR > 1 && $2 != "/"' /tmp/mc25 | wc -l)" 0 \
	"no memcg but the root is charged unused dentries"
root=$(awk '$2 == "/" { print $1 }' /tmp/mc25)
ub=$(sbcol /tmp/sb25 "$B" unused_dentries)
[ "${root:-0}" -ge "$ub" ] && [ "$ub" -ge $((N * F + 500)) ]
ok $? \
	"the root holds B's $ub unused dentries ($root in all)"

h0=$(sbcol /tmp/sb25 "$B" dentries)
i0=$((h0 - $(sbcol /tmp/sb25 "$B" negative) + $(sbcol /tmp/sb25 "$B" unused_inodes)))
is "$(shrink "dev=$B")" ok "dev=$B is accepted"
cat $D/last_shrink | while read -r l; do diag "$l"; done
cat $D/superblocks >/tmp/sb25
is "$(sbcol /tmp/sb25 "$B" dentries) $(sbcol /tmp/sb25 "$B" unused_dentries) $(sbcol /tmp/sb25 "$B" unused_inodes)" \
	"0 0 0" "B's dentries and unused inodes are all freed"
is "$(field $D/last_shrink dentries) $(field $D/last_shrink shrinker)" \
	"$h0 $i0" "last_shrink: the hash walk's $h0 dentries, the shrinker's $i0 inodes"
umount /mnt/b
