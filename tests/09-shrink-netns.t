#!/bin/sh
# Field case 2, cut: with 500 (KASAN: 200) live network namespaces on two proc hash
# chains, "type=proc" brings the longest chain back to its fresh-boot
# length and leaves ext4 alone.
. ./lib.sh
N=${NETNS:-500}
# KASAN (4-20x slower): 200 namespaces still make the chain
! kasan || N=${NETNS:-200}
plan 5
load_fresh
mount_disk 0 /mnt/a
mkdir /mnt/a/f9
fsload create /mnt/a/f9 1000
A=$(devof /mnt/a)
fresh=$(field $D/hashtable longest)
mkdir -p /tmp/netns9
fsload netns "$N" /tmp/netns9
grown=$(field $D/hashtable longest)
cat $D/superblocks >/tmp/sb0
is "$(shrink type=proc)" ok "type=proc is accepted"
cat $D/last_shrink | while read -r l; do diag "$l"; done
after=$(field $D/hashtable longest)
cat $D/superblocks >/tmp/sb1
diag "longest chain: fresh boot $fresh, with $N namespaces $grown, after type=proc $after"
cmp_ok "$grown" -ge "$N" "the namespaces grew a chain of >= $N"
cmp_ok "$after" -le $((fresh + 2)) \
	"type=proc brings it back near fresh boot ($after vs $fresh)"
cmp_ok "$(field $D/last_shrink superblocks)" -ge 1 \
	"every proc instance was a target"
is "$(sbcol /tmp/sb1 "$A" dentries)" "$(sbcol /tmp/sb0 "$A" dentries)" \
	"ext4's dentries are untouched"
umount /mnt/a
