#!/bin/sh
# Field case 1, temp-file churn on a disk-backed /tmp: a daemon creates and
# unlinks files on ext4, each leaving a negative dentry. Proves that
# superblocks shows those negatives on that ext4 superblock, that dirs
# names the churn directory as the heaviest, with its negative children,
# and that a second, warmed ext4 filesystem's figures do not move.
. ./lib.sh
N=${CHURN:-100000}
# KASAN (4-20x slower): 20,000 files, still 200 times the next directory
! kasan || N=${CHURN:-20000}
plan 9
load_fresh
mount_disk 0 /mnt/a
mount_disk 1 /mnt/b
A=$(devof /mnt/a)
B=$(devof /mnt/b)
diag "A=$A B=$B churn=$N"

# B: a warmed tree of 2000 files in 20 directories.
i=0
while [ $i -lt 20 ]; do
	mkdir -p /mnt/b/tree/d$i
	fsload create /mnt/b/tree/d$i 100
	i=$((i + 1))
done
is "$(fsload walk /mnt/b/tree)" 2020 "B holds a warmed tree of 2020 entries"
cat $D/superblocks >/tmp/sb0

mkdir /mnt/a/tmp
t0=$(date +%s)
fsload churn /mnt/a/tmp "$N"
diag "churn of $N files took $(($(date +%s) - t0)) s"
cat $D/superblocks >/tmp/sb1
cat $D/dirs >/tmp/dirs
diag "walk: $(field $D/status walk.last_entries) dentries in $(field $D/status walk.last_ms) ms, $(field $D/status walk.last_sections) sections, longest $(field $D/status walk.last_max_section_entries) dentries / $(field $D/status walk.last_max_section_ns) ns"
grep -E "^dev|^$A |^$B " /tmp/sb1 | while read -r l; do diag "$l"; done
head -n 4 /tmp/dirs | while read -r l; do diag "$l"; done

neg=$(sbcol /tmp/sb1 "$A" negative)
cmp_ok "${neg:-0}" -ge "$N" \
	"A's superblock holds >= $N negative dentries ($neg)"
unused=$(sbcol /tmp/sb1 "$A" unused_dentries)
cmp_ok "${unused:-0}" -ge "$N" \
	"A's dentry LRU holds them as unused ($unused)"

# shellcheck disable=SC2046 # split a view row into its columns
set -- $(sed -n 2p /tmp/dirs)
is "$6" /tmp "dirs: the heaviest directory is /tmp"
is "$4 $5" "$A ext4" "dirs: on A's ext4"
[ "$3" -ge "$N" ] && [ "$1" -ge "$N" ]
ok $? \
	"dirs: with >= $N children, all negative ($1, $3)"

is "$(sbcol /tmp/sb1 "$B" dentries)" "$(sbcol /tmp/sb0 "$B" dentries)" \
	"B's hashed dentries did not move"
is "$(sbcol /tmp/sb1 "$B" negative)" "$(sbcol /tmp/sb0 "$B" negative)" \
	"B's negative dentries did not move"
no_pointers /tmp/dirs
ok $? "no kernel pointer in dirs"
umount /mnt/a /mnt/b
