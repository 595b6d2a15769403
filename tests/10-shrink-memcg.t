#!/bin/sh
# Field case 3, cut: dentries made by processes in 200 memory cgroups sit
# on those memcgs' parts of the superblock LRU, which a shrink with
# memcg = NULL never reaches. "dev=A" frees them all.
. ./lib.sh
N=${MEMCGS:-200}
plan 4
load_fresh
mount_disk 0 /mnt/a
A=$(devof /mnt/a)
echo +memory >/sys/fs/cgroup/cgroup.subtree_control
mkdir -p /sys/fs/cgroup/s
echo +memory >/sys/fs/cgroup/s/cgroup.subtree_control
fsload memcgs /sys/fs/cgroup/s "$N" 20 /mnt/a
before=$(grep -c ' /s/cg[0-9]* ' $D/memcgs)
is "$before" "$N" "$N memcgs hold dentries on A's LRU"
is "$(shrink "dev=$A")" ok "dev=$A is accepted"
cat $D/last_shrink | while read -r l; do diag "$l"; done
is "$(grep -c ' /s/cg[0-9]* ' $D/memcgs)" 0 "no memcg holds any of them any more"
unused=$(sbcol $D/superblocks "$A" unused_dentries)
cmp_ok "$unused" -le 2 "A's dentry LRU is empty ($unused)"
umount /mnt/a
