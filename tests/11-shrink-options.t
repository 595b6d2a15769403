#!/bin/sh
# Proves dir=, max=, dry-run, path= and type= by counts: dir= frees only
# what is under that directory; max=N stops after N, also with dir= and
# negative; dry-run counts and
# frees nothing; path= picks the filesystem holding the path; type=
# selects every superblock of a type.
. ./lib.sh
plan 14
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
