#!/bin/sh
# Proves: dcachectl unloads cleanly and can be loaded again, 20 times in a
# row, with status readable after every load and the debugfs directory gone
# after every unload. (The host fails the run on any splat on the console.)
. ./lib.sh
plan 4
ensure_loaded

bad_load=0
bad_read=0
bad_unload=0
i=0
while [ $i -lt 20 ]; do
	rmmod dcachectl || bad_unload=$((bad_unload + 1))
	[ -e $D ] && bad_unload=$((bad_unload + 1))
	insmod /lib/modules/dcachectl.ko || bad_load=$((bad_load + 1))
	grep -q '^version: ' $D/status || bad_read=$((bad_read + 1))
	i=$((i + 1))
done
is $bad_unload 0 "20 unloads, each removing /sys/kernel/debug/dcachectl"
is $bad_load 0 "20 loads"
is $bad_read 0 "status readable after each load"
grep -q '^dcachectl ' /proc/modules
ok $? "module loaded at the end"
