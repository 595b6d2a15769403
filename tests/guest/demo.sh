#!/bin/sh
# The demo, run inside the guest by `make demo`: what an operator sees.
D=/sys/kernel/debug/dcachectl
run() {
	echo
	echo "guest# $*"
	sh -c "$*"
}
echo "dcachectl demo on $(uname -r), $(nproc) CPUs, $(free -m | awk '/Mem:/ { print $2 }') MiB"
run "dmesg | grep -m1 'Dentry cache hash table'"
run "insmod /lib/modules/dcachectl.ko && dmesg | tail -n 1"
run "ls -l $D"
run "cat $D/status"

echo
echo "== Field case 1: temp-file churn on an ext4 /tmp =="
mkdir -p /mnt/disk
mount -t ext4 /dev/vda /mnt/disk
mkdir -p /mnt/disk/tmp
run "fsload churn /mnt/disk/tmp 50000   # create and unlink 50000 temp files"
run "cat $D/superblocks"
run "cat $D/dirs"

echo
echo "== Field case 2: 300 live network namespaces =="
mkdir -p /tmp/netns
run "fsload netns 300 /tmp/netns   # each reads two sysctls, kept alive by a bind mount"
run "cat $D/chains"
run "cat $D/hashtable"

echo
echo "== Field case 3: 50 memory cgroups =="
echo +memory >/sys/fs/cgroup/cgroup.subtree_control
mkdir -p /sys/fs/cgroup/pods
echo +memory >/sys/fs/cgroup/pods/cgroup.subtree_control
run "fsload memcgs /sys/fs/cgroup/pods 50 100 /mnt/disk   # 100 files per memcg"
run "head -n 6 $D/memcgs"
run "grep ^walk $D/status"
