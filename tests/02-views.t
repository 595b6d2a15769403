#!/bin/sh
# Proves: every view exists with the documented mode and header, is
# internally consistent on a quiet system (histogram covers every bucket,
# hashed dentries = sum of chain lengths, superblock rows add up), holds no
# kernel pointer and is refused to an unprivileged user.
. ./lib.sh
plan 21
load_fresh
mount_disk 0 /mnt/a

for f in hashtable chains superblocks dirs memcgs; do
	is "$(stat -c %a $D/$f)" 400 "$f is mode 0400"
done

cat $D/hashtable >/tmp/ht
while read -r l; do diag "$l"; done </tmp/ht
is "$(field /tmp/ht buckets)" "$(field $D/status hash.buckets)" \
	"hashtable buckets = status hash.buckets"
sum=$(awk -F': ' '/^hist\./ { s += $2 } END { print s + 0 }' /tmp/ht)
is "$sum" "$(field /tmp/ht buckets)" "the histogram covers every bucket"
is "$(field /tmp/ht empty)" "$(field /tmp/ht hist.0)" "empty = hist.0"
cmp_ok "$(field /tmp/ht hashed)" -gt 100 \
	"a booted system has hashed dentries"

cat $D/superblocks >/tmp/sb
is "$(head -n 1 /tmp/sb)" \
	"dev type id dentries negative unused_dentries unused_inodes bytes" \
	"superblocks header"
awk 'NR > 1 { print "# " $0 }' /tmp/sb
for t in proc sysfs tmpfs ext4; do
	awk -v t=$t 'NR > 1 && $2 == t { f = 1 } END { exit !f }' /tmp/sb
	ok $? "superblocks lists a $t superblock"
done
# Every hashed dentry belongs to some superblock: the rows sum to the
# table's count (this read and the last one walked apart, so allow churn).
rows=$(awk 'NR > 1 { s += $4 } END { print s + 0 }' /tmp/sb)
hashed=$(field /tmp/ht hashed)
diag "superblock rows sum to $rows, hashtable says $hashed"
[ $((rows - hashed)) -le 50 ] && [ $((hashed - rows)) -le 50 ]
ok $? \
	"superblock dentries add up to the hashed dentries"
awk 'NR > 1 && ($5 > $4 || NF != 8) { exit 1 }' /tmp/sb
ok $? "every superblock row has 8 fields and negative <= dentries"

is "$(head -n 1 $D/chains)" \
	"bucket length negative share dev type name parent approx" "chains header"
is "$(head -n 1 $D/dirs)" "children error negative dev type path" "dirs header"
is "$(head -n 1 $D/memcgs)" "unused_dentries path id" "memcgs header"

bad=
for f in status hashtable chains superblocks dirs memcgs; do
	cat $D/$f >/tmp/v
	no_pointers /tmp/v || bad="$bad $f"
done
is "$bad" "" "no kernel pointer in any view"

bad=
for f in hashtable chains superblocks dirs memcgs; do
	[ "$(fsload as 65534 fsload read $D/$f)" = EACCES ] || bad="$bad $f"
done
is "$bad" "" "an unprivileged user can read no view"
umount /mnt/a
