#!/bin/sh
# Proves dir=, max=, dry-run, path= and type= by counts: dir= frees only
# what is under that directory; max=N stops after N, also with dir= and
# negative; dry-run counts and
# frees nothing; path= picks the filesystem holding the path; type=
# selects every superblock of a type. A dir= dry-run counts only what is
# under the directory, also where a dentry is too deep to decide within
# one section's budget (walk_batch=16: a real run decides those at the
# kill, a dry run must too).
. ./lib.sh
plan 16
load_fresh
mount_disk 0 /mnt/a
mount_disk 1 /mnt/b
A=$(devof /mnt/a)
mkdir -p /mnt/a/o11/d1 /mnt/a/o11/d2 /mnt/a/o11/n
fsload create /mnt/a/o11/d1 100
fsload create /mnt/a/o11/d2 100
fsload churn /mnt/a/o11/n 1000
touch /tmp/s0 /tmp/s1
cat $D/superblocks >/tmp/s0

is "$(shrink "dir=/mnt/a/o11/d1")" ok "dir=/mnt/a/o11/d1 is accepted"
cat $D/superblocks >/tmp/s1
is "$(field $D/last_shrink dentries)" 100 "dir= freed the 100 files under it"
is $(($(sbcol /tmp/s0 "$A" dentries) - $(sbcol /tmp/s1 "$A" dentries))) 100 \
	"and only those: A lost 100 dentries"

neg0=$(sbcol $D/superblocks "$A" negative)
is "$(shrink "dev=$A negative dry-run")" ok "dry-run is accepted"
is "$(field $D/last_shrink negative)" "$neg0" "dry-run counts A's $neg0 negatives"
is "$(sbcol $D/superblocks "$A" negative)" "$neg0" "and frees none"

is "$(shrink "dev=$A negative max=100")" ok "max=100 is accepted"
is "$(field $D/last_shrink dentries) $(field $D/last_shrink stopped)" "100 max" \
	"max=100 frees 100 and says it stopped at max"
is "$(sbcol $D/superblocks "$A" negative)" $((neg0 - 100)) "A lost exactly 100"

# The README's "dir=/tmp negative max=100000", scaled: negatives only,
# under that directory only, at most max.
is "$(shrink "dir=/mnt/a/o11/n negative max=200")" ok "dir= negative max=200 is accepted"
is "$(field $D/last_shrink dentries) $(field $D/last_shrink negative) $(field $D/last_shrink stopped) $(sbcol $D/superblocks "$A" negative)" \
	"200 200 max $((neg0 - 300))" "dir= negative max=200 frees 200 negatives of the directory, and stops at max"

is "$(shrink "path=/mnt/a/o11/d2 negative")" ok "path= is accepted"
is "$(sbcol $D/superblocks "$A" negative)" 0 "path= reached A's superblock"

shrink "type=ext4 negative dry-run" >/dev/null
is "$(field $D/last_shrink superblocks)" 2 "type=ext4 selects both ext4 mounts"
umount /mnt/a /mnt/b

# 40 nested directories beside a directory of 10 files, all unused: with
# walk_batch=16 each of the deep ones is a resume point whose climb runs
# out of budget twice.
load_fresh walk_batch=16
mount_disk 0 /mnt/a
mkdir -p /mnt/a/o11/t "/mnt/a/o11/$(seq -s / 1 40)"
fsload create /mnt/a/o11/t 10
is "$(shrink "dir=/mnt/a/o11/t dry-run")" ok "dir= dry-run with walk_batch=16 is accepted"
is "$(field $D/last_shrink dentries)" 10 \
	"it counts the 10 files under the directory, none of the 40 deep directories beside it"
umount /mnt/a
