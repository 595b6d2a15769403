#!/bin/sh
# Field case 3, thousands of memory cgroups: dentries are charged to the
# memcg of the process that allocated them, and sit on that memcg's part
# of the superblock LRU. Proves that memcgs lists each of 200 cgroup-v2
# memory cgroups with the unused dentries its process created: F files
# and their directory (a directory goes on the LRU when its own last
# reference goes, and stays listed while children pin it; the LRU is lazy).
# Two cgroups whose 306-byte paths the view cuts to the same 255 bytes
# are two rows, told apart by their ids (the cgroupfs directories' inode
# numbers), as a label built on them must be.
. ./lib.sh
N=${MEMCGS:-200}
F=20
plan 7
load_fresh
is "$(field $D/status feature.memcgs)" on "the memcgs feature is on"
mount_disk 0 /mnt/a
echo +memory >/sys/fs/cgroup/cgroup.subtree_control
mkdir -p /sys/fs/cgroup/t
echo +memory >/sys/fs/cgroup/t/cgroup.subtree_control
t0=$(date +%s)
fsload memcgs /sys/fs/cgroup/t "$N" $F /mnt/a
diag "$N memcgs with $F files each took $(($(date +%s) - t0)) s"
cat $D/memcgs >/tmp/mc
head -n 5 /tmp/mc | while read -r l; do diag "$l"; done
rows=$(grep -c ' /t/cg[0-9]* [0-9]*$' /tmp/mc)
is "$rows" "$N" "memcgs lists all $N cgroups"
bad=$(awk -v f=$((F + 1)) '$2 ~ /^\/t\/cg[0-9]+$/ && $1 != f' /tmp/mc | wc -l)
is "$bad" 0 "each holds exactly the $F files + 1 directory its process made"
sum=$(awk 'NR > 1 { s += $1 } END { print s + 0 }' /tmp/mc)
lru=$(awk 'NR > 1 { s += $6 } END { print s + 0 }' $D/superblocks)
diag "memcg rows sum to $sum; superblock LRUs hold $lru"
# (memcgs are counted after superblocks: allow a little churn between)
[ "$sum" -le $((lru + 20)) ] && [ "$sum" -ge $((N * F)) ]
ok $? \
	"memcg rows add up within the superblock LRUs"

# /L1 (200 bytes)/L2 (100 bytes)/cg0 and /cg1: 306 bytes, cut at 255
l1=/sys/fs/cgroup/$(printf '%0200d' 0 | tr 0 a)
l2=$l1/$(printf '%0100d' 0 | tr 0 b)
mkdir -p "$l2"
echo +memory >"$l1/cgroup.subtree_control"
echo +memory >"$l2/cgroup.subtree_control"
mkdir -p /mnt/a/long
fsload memcgs "$l2" 2 $F /mnt/a/long
cat $D/memcgs >/tmp/mc
cut=${l2#/sys/fs/cgroup}
cut=$(printf '%s' "$cut" | cut -c1-255)
awk -v p="$cut" '$2 == p' /tmp/mc >/tmp/mc.long
is "$(awk '{ print $1, length($2) }' /tmp/mc.long | tr '\n' ' ')" "$((F + 1)) 255 $((F + 1)) 255 " \
	"two cgroups with 306-byte paths: two rows of $((F + 1)), both cut to the same 255 bytes"
ids=$(awk '{ print $3 }' /tmp/mc.long | sort -n | tr '\n' ' ')
want=$(stat -c %i "$l2/cg0" "$l2/cg1" | sort -n | tr '\n' ' ')
is "$ids" "$want" "their ids are their cgroupfs directories' inode numbers ($want)"
cmp_ok "$(awk '{ print $3 }' /tmp/mc | sort | uniq -d | wc -l)" = 0 \
	"no id appears twice in memcgs"
umount /mnt/a
