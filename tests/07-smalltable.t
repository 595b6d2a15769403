#!/bin/sh
# boot: dhash_entries=1024
# Proves, on a kernel booted with a tiny dentry hash table (1024 buckets,
# so every chain is long): status reads the table size the kernel chose;
# with walk_batch=16 every chain spans many RCU sections, yet no section
# goes beyond 16 dentries, no chain is lost or counted twice (the same
# totals as a walk in sections of 65536), and the ext4 superblock holds
# exactly the dentries the test created. The bench file (bench=1 only)
# resumes chains the same way: its count-only floor sees what the walk sees.
. ./lib.sh
N=${FILES:-50000}
# KASAN (4-20x slower): 20,000 still make every chain long (1024 buckets)
! kasan || N=20000
plan 10
load_fresh walk_batch=16
is "$(field $D/status hash.buckets)" 1024 "status: 1024 buckets"
boot=$(dmesg | sed -n 's/.*Dentry cache hash table entries: \([0-9]*\).*/\1/p')
is "$boot" 1024 "the kernel's boot line agrees"

mount_disk 0 /mnt/a
mkdir /mnt/a/f
fsload create /mnt/a/f "$N"
A=$(devof /mnt/a)
# Every file this test writes exists before the first walk, so that both
# walks see the same table.
touch /tmp/ht16 /tmp/sb16 /tmp/ht64k
sync
cat $D/hashtable >/tmp/ht16
cat $D/superblocks >/tmp/sb16
max=$(field $D/status walk.max_section_entries)
sections=$(field $D/status walk.last_sections)
diag "walk_batch=16: $(field /tmp/ht16 hashed) dentries, longest chain $(field /tmp/ht16 longest), $sections sections, longest section $max"
cmp_ok "$(field /tmp/ht16 longest)" -gt 32 \
	"chains are longer than two sections"
cmp_ok "$max" -le 16 "no RCU section beyond 16 dentries ($max)"
is "$(field /tmp/ht16 approx_chains)" 0 "no chain was approximate"
is "$(sbcol /tmp/sb16 "$A" dentries)" $((N + 1)) \
	"ext4 holds the $N files and their directory, as created"

load_fresh walk_batch=65536
cat $D/hashtable >/tmp/ht64k
is "$(field /tmp/ht64k hashed)" "$(field /tmp/ht16 hashed)" \
	"sections of 16 and of 65536 count the same dentries"
# Reloading recreates debugfs' own dentries under a new parent, so they
# may land in other buckets: the longest chain agrees within one.
l16=$(field /tmp/ht16 longest)
l64=$(field /tmp/ht64k longest)
[ $((l16 - l64)) -le 1 ] && [ $((l64 - l16)) -le 1 ]
ok $? \
	"and the same longest chain ($l16, $l64)"

[ ! -e $D/bench ]
ok $? "no bench file without bench=1"
load_fresh walk_batch=16 bench=1
cat $D/bench >/tmp/bench
w=$(field /tmp/bench walk.entries)
diag "bench: floor $(field /tmp/bench floor1.ns) ns, walk $(field /tmp/bench walk.ns) ns, $w dentries"
is "$(field /tmp/bench floor1.entries) $(field /tmp/bench floor2.entries) $([ "$w" -gt "$N" ] && echo big)" \
	"$w $w big" "bench=1: floor and walk count the same dentries, in sections of 16"
umount /mnt/a
