#!/bin/sh
# The demo, run inside the guest by `make demo`: the two field cases as an
# operator meets them, the targeted shrinks that fix them, and what
# `echo 2 > /proc/sys/vm/drop_caches` would have cost instead.
C=dcachectl
run() {
	echo
	echo "guest# $*"
	sh -c "$*"
}
say() {
	echo
	echo "== $* =="
}
# lookup_us: microseconds per stat() of the sysctl every container reads.
lookup_us() {
	fsload lookup /proc/sys/net/ipv6/conf/all/disable_ipv6 2000 |
		awk '{ printf "%.1f", $1 / 1000 }'
}
# dentries [DEV]: hashed dentries of DEV, or of every superblock but the
# two targets (A and proc), from the module's superblocks file.
dentries() {
	awk -v d="${1:-}" -v a="$A" 'NR > 1 && (d == "" ? $1 != a && $2 != "proc" : $1 == d) { s += $4 }
		END { print s + 0 }' /sys/kernel/debug/dcachectl/superblocks
}
inodes() { awk '{ print $1 }' /proc/sys/fs/inode-nr; }
ms() { echo $((($2 - $1) / 1000000)); }
echo "dcachectl demo on $(uname -r): $(nproc) CPUs, $(free -m | awk '/Mem:/ { print $2 }') MiB, QEMU TCG"
insmod /lib/modules/dcachectl.ko
mkdir -p /mnt/a /mnt/b /tmp/ns
mount -t ext4 /dev/vda /mnt/a
mount -t ext4 /dev/vdb /mnt/b
A=$(awk '$5 == "/mnt/a" { print $3 }' /proc/self/mountinfo)
B=$(awk '$5 == "/mnt/b" { print $3 }' /proc/self/mountinfo)
mkdir -p /mnt/a/tmp /mnt/b/tree
# B is a service's warm working set: 3000 files and an 8 MiB data file.
fsload create /mnt/b/tree 3000
dd if=/dev/zero of=/mnt/b/data bs=1M count=8 2>/dev/null
cat /mnt/b/data >/dev/null
before_us=$(lookup_us)

say "Field case 1: a build farm's /tmp churns temp files (ext4 on /mnt/a)"
run "fsload churn /mnt/a/tmp 50000   # create and unlink 50,000 temp files"
say "Field case 2: a container host runs 300 network namespaces"
run "fsload netns 300 /tmp/ns   # each reads two sysctls, kept alive by a bind mount"
slow_us=$(lookup_us)

say "What the operator sees"
run "$C top -n 5"
run "$C chains | head -n 4"
run "$C hist"
run "$C dirs | head -n 4"
echo
echo "stat(/proc/sys/net/ipv6/conf/all/disable_ipv6): ${before_us} us before the namespaces, ${slow_us} us now"

say "The targeted shrinks"
run "$C shrink --mount /mnt/a --negative"
run "$C shrink --type proc"
fixed_us=$(lookup_us)
run "$C top -n 5"
run "$C chains | head -n 3"
echo
echo "stat(/proc/sys/net/ipv6/conf/all/disable_ipv6): ${fixed_us} us after 'shrink --type proc' (${slow_us} us before it)"

say "What drop_caches would have cost instead"
w0=$(fsload now)
fsload walk /mnt/b/tree >/dev/null
w1=$(fsload now)
o0=$(dentries) b0=$(dentries "$B") i0=$(inodes)
t0=$(fsload now)
echo 2 >/proc/sys/vm/drop_caches
t1=$(fsload now)
sleep 1.1 # past cache_ms: the next read walks again
run "$C top -n 5"
o1=$(dentries) b1=$(dentries "$B") i1=$(inodes)
w2=$(fsload now)
fsload walk /mnt/b/tree >/dev/null
w3=$(fsload now)
echo
echo "The targeted shrinks touched nothing else. 'echo 2 > drop_caches', even"
echo "on the machine they had already fixed, took $(ms "$t0" "$t1") ms and threw away"
echo "  $((o0 - o1)) of the $o0 dentries outside the two targets ($((b0 - b1)) of B's $b0)"
echo "  and $((i0 - i1)) of the $i0 inodes in memory;"
echo "B's service then walked its 3000 files in $(ms "$w2" "$w3") ms instead of $(ms "$w0" "$w1") ms warm."
