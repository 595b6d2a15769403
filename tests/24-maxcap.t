#!/bin/sh
# Field case 3 with max= (issue 12): "max=N" is a hard cap on the objects
# a shrink frees, dentries and inodes together, across every memory cgroup
# and node, and last_shrink says what the kernel freed. N memcgs each make
# F files on ext4 B, so B's dentries and inodes sit on N memcgs' parts of
# its LRUs. With D = B's hashed dentries (all unused: the hash walk frees
# them all), "dev=B max=D+100" frees at most D+100 objects, and
# "max=1" one. It was seen to free D dentries, then 100 inodes in each
# memcg's part (5,000 for 50 memcgs), and to report LRU deltas.
# What was freed is measured on B alone, which nothing else touches.
. ./lib.sh
N=50
F=200
kasan && F=40
plan 14
load_fresh
mount_disk 1 /mnt/b
B=$(devof /mnt/b)
mkdir -p /sys/fs/cgroup/m24
echo +memory >/sys/fs/cgroup/m24/cgroup.subtree_control
fsload memcgs /sys/fs/cgroup/m24 "$N" "$F" /mnt/b
# Clean inodes only: the inode shrinker takes a dirty inode off its LRU
# without freeing it, and counts it as freed.
sync

# objs: B's dentries and inodes in memory, less a constant (its root's and
# the journal's inodes): hashed dentries, the inode of each positive one,
# and the unused inodes on B's inode LRU.
objs() {
	cat $D/superblocks >/tmp/sb24
	h=$(sbcol /tmp/sb24 "$B" dentries)
	n=$(sbcol /tmp/sb24 "$B" negative)
	echo $((h + h - n + $(sbcol /tmp/sb24 "$B" unused_inodes)))
}
# reported: the objects last_shrink says were freed (the hash walk's
# dentries, the inodes that went with them, and what the superblock
# shrinker said it freed).
reported() {
	r_d=$(field $D/last_shrink dentries)
	r_i=$(field $D/last_shrink inodes)
	r_s=$(field $D/last_shrink shrinker)
	echo $((${r_d:-0} + ${r_i:-0} + ${r_s:-0}))
}

o0=$(objs)
h0=$(sbcol /tmp/sb24 "$B" dentries)
is "$h0" $((N * (F + 1))) "B holds the $N memcgs' $F files and directory each"

is "$(shrink "dev=$B max=1")" ok "dev=$B max=1 is accepted"
o1=$(objs)
is "$((o0 - o1)) $(reported) $(field $D/last_shrink stopped)" "1 1 max" \
	"max=1 frees one object, and last_shrink says so"

DN=$(sbcol /tmp/sb24 "$B" dentries)
M=$((DN + 100))
is "$(shrink "dev=$B max=$M")" ok "dev=$B max=$M is accepted (D=$DN)"
cat $D/last_shrink | while read -r l; do diag "$l"; done
o2=$(objs)
freed=$((o1 - o2))
diag "freed on B: $freed objects ($DN dentries hashed before, $(sbcol /tmp/sb24 "$B" dentries) after)"
cmp_ok "$freed" -le "$M" "it freed at most $M objects ($freed)"
cmp_ok "$freed" -gt "$DN" \
	"the superblock shrinker freed inodes within the cap ($((freed - DN)))"
is "$(field $D/last_shrink dentries)" "$DN" "the hash walk freed the $DN dentries"
is "$(reported) $(field $D/last_shrink stopped)" "$freed max" \
	"last_shrink adds up to what left B, and says it stopped at max"
rep=$(reported)
cmp_ok "$rep" -le "$M" "last_shrink says at most $M ($rep)"
umount /mnt/b

# On proc an inode dies with its last dentry (proc's drop_inode evicts an
# unused inode at once), and max= counts it: the hash walk reserves 2 for
# such a dentry. "dev=P max=40" over the cached entries of a sleeping
# process frees at most 40 objects, dentries and inodes, and says which.
# Measured by P's hashed dentries and the machine's inodes (inode-nr: the
# guest is quiet), the files read for it looked up before and held.
P=$(devof /proc)
# held open: its dentries (and their parents) are in use, so that the
# shrink does not free what the measure would then make again
exec 3</proc/sys/fs/inode-nr
inr() { awk '{ print $1 }' /proc/sys/fs/inode-nr; }
pobjs() {
	cat $D/superblocks >/tmp/sb24
	echo $(($(sbcol /tmp/sb24 "$P" dentries) + $(inr)))
}
pobjs >/dev/null
sleep 600 &
sp=$!
ls -l /proc/$sp/ /proc/$sp/task/$sp/ >/dev/null 2>&1
p0=$(pobjs)
is "$(shrink "dev=$P max=40")" ok "dev=$P (proc) max=40 is accepted"
p1=$(pobjs)
cat $D/last_shrink | while read -r l; do diag "$l"; done
pfreed=$((p0 - p1))
cmp_ok "$pfreed" -le 40 "proc: it freed at most 40 objects, dentries and inodes ($pfreed)"
cmp_ok "$(field $D/last_shrink inodes)" -gt 0 "proc: last_shrink counts the inodes that went with their dentries"
# What the measure looks up again may make a few objects anew (seen on
# 7.2: 4), so what left is at most what last_shrink says, never more.
prep=$(reported)
cmp_ok "$pfreed" -le "$prep" "proc: nothing freed beyond what last_shrink counts ($pfreed <= $prep)"
is "$(field $D/last_shrink stopped) $((prep <= 40))" "max 1" \
	"proc: last_shrink counts at most 40, and says it stopped at max"
kill $sp
wait $sp 2>/dev/null || :
exec 3<&-
