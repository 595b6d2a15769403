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
