#!/bin/sh
# Proves that shrinks racing mount and umount of their targets neither
# crash nor hang: a loop mounts, fills and unmounts an ext4 filesystem and
# a tmpfs while another loop shrinks all, type=ext4 and type=tmpfs. Every
# write answers ok or ENOENT; the host fails the run on any splat.
. ./lib.sh
plan 2
load_fresh
mkdir -p /mnt/r /mnt/t
(
	i=0
	while [ $i -lt 15 ]; do
		mount -t ext4 /dev/vda /mnt/r && mkdir -p /mnt/r/x &&
			fsload churn /mnt/r/x 300 && umount /mnt/r
		mount -t tmpfs t /mnt/t && fsload create /mnt/t 200 &&
			umount /mnt/t
		i=$((i + 1))
	done
) &
mounter=$!
bad=0
n=0
while kill -0 $mounter 2>/dev/null; do
	for c in all type=ext4 "type=tmpfs negative" "all negative"; do
		r=$(shrink "$c")
		case "$r" in ok | ENOENT) ;; *) bad=$((bad + 1)); diag "$c: $r" ;; esac
		n=$((n + 1))
	done
done
wait
diag "$n shrinks ran against the mount loop"
is $bad 0 "every shrink answered ok or ENOENT"
cmp_ok "$n" -ge 8 "the shrinks really raced the mounts ($n)"
