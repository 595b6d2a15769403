#!/bin/sh
# Security issue 18: the shrink knob can be neither wedged nor borrowed.
# A path=/dir= lookup that stalls (a FUSE mount whose daemon does not
# answer; here fault_lookup_ms=3000 sleeps where the lookup would) blocks
# its own writer only: status and last_shrink read at once, and a dev=
# command runs to the end meanwhile; SIGKILL ends the stalled writer at
# once, with nothing run for it. A command counts only through a file
# opened with CAP_SYS_ADMIN in the initial user namespace: root without
# it, and uid 65534 with the file made writable to it, get EPERM, and so
# does root writing to a descriptor uid 65534 opened; a descriptor root
# opened still works after its owner became uid 65534. A command that
# holds the lock (fault_run_ms) blocks neither the readers nor the umount
# of a disk that a path= waiting behind it, or a killed dir=, names.
. ./lib.sh
plan 22
load_fresh
mount_disk 0 /mnt/a
A=$(devof /mnt/a)
mkdir -p /mnt/a/k
fsload churn /mnt/a/k 200
P=/sys/module/dcachectl/parameters/fault_lookup_ms
ms() { echo $((($2 - $1) / 1000000)); }

# 1. A stalled lookup holds no lock of ours.
echo 3000 >$P
is "$(field $D/status param.fault_lookup_ms)" 3000 \
	"fault_lookup_ms=3000, written through sysfs, shows in status"
runs0=$(field $D/status shrink.runs)
echo "dir=/mnt/a" >/tmp/dircmd
fsload write $D/shrink </tmp/dircmd >/tmp/w1 &
w1=$!
sleep 1
t0=$(fsload now)
cat $D/status >/tmp/st && cat $D/last_shrink >/tmp/ls
rc=$?
t1=$(fsload now)
b=$(shrink "dev=$A negative")
t2=$(fsload now)
kill -0 $w1 2>/dev/null
alive=$?
diag "reads $(ms "$t0" "$t1") ms, dev= $(ms "$t1" "$t2") ms; the dir= writer was still stalled after both: $alive (0: yes)"
is "$rc:$alive" 0:0 "status and last_shrink read while a dir= lookup stalls"
cmp_ok "$(ms "$t0" "$t1")" -lt 1000 "... within 1 s"
is "$b:$alive" ok:0 "a dev= command runs to the end meanwhile"
wait $w1
is "$(cat /tmp/w1)" ok "the stalled dir= command then runs"
is "$(($(field $D/status shrink.runs) - runs0))" 2 "both are counted in shrink.runs"

# 2. SIGKILL ends a stalled writer at once; nothing runs for it.
runs0=$(field $D/status shrink.runs)
fsload write $D/shrink </tmp/dircmd >/dev/null &
w2=$!
sleep 0.5
t0=$(fsload now)
kill -9 $w2
wait $w2 2>/dev/null
t1=$(fsload now)
cmp_ok "$(ms "$t0" "$t1")" -lt 1000 \
	"SIGKILL ends a writer stalled in its lookup at once ($(ms "$t0" "$t1") ms)"
is "$(field $D/status shrink.runs)" "$runs0" "... and nothing ran for it"
echo 0 >$P

# 3. A command that holds the lock long (fault_run_ms=3000) makes the
# others wait, not the readers; a path= command waiting behind it holds
# its superblock passively, not the mount, and a dir= one killed while it
# waits lets its path go: the disk they name unmounts meanwhile.
mount_disk 1 /mnt/b
R=/sys/module/dcachectl/parameters/fault_run_ms
echo 3000 >$R
echo "dev=$A negative dry-run" | fsload write $D/shrink >/tmp/w3 &
w3=$!
sleep 0.5
echo "path=/mnt/b" | fsload write $D/shrink >/tmp/w4 &
w4=$!
echo "dir=/mnt/b" | fsload write $D/shrink >/dev/null 2>&1 &
w5=$!
sleep 0.5
t0=$(fsload now)
cat $D/status >/tmp/st && cat $D/last_shrink >/tmp/ls
rc=$?
t1=$(fsload now)
kill -0 $w3 2>/dev/null
alive=$?
is "$rc:$alive:$(field /tmp/st param.fault_run_ms)" 0:0:3000 \
	"status and last_shrink read while a command holds the lock"
cmp_ok "$(ms "$t0" "$t1")" -lt 1000 "... within 1 s ($(ms "$t0" "$t1") ms)"
kill -9 $w5
wait $w5 2>/dev/null
umount /mnt/b
urc=$?
kill -0 $w3 2>/dev/null
is "$urc:$?" 0:0 "umount of the disk a waiting path= and a killed dir= named succeeds while the lock is held"
wait $w3 $w4
is "$(cat /tmp/w3)" ok "the command that held the lock ends"
is "$(cat /tmp/w4)" ok "the path= command then runs, on its unmounted superblock: nothing to free"
echo 0 >$R

# 4. Only a file opened with CAP_SYS_ADMIN commands.
runs0=$(field $D/status shrink.runs)
c='all negative dry-run'
is "$(printf '%s\n' "$c" | fsload nocap fsload write $D/shrink)" EPERM \
	"root without CAP_SYS_ADMIN: EPERM"
fsload nocap dcachectl shrink --dev "$A" --dry-run >/dev/null 2>/tmp/nocap.err
is "$?:$(grep -c "refused: EPERM .*CAP_SYS_ADMIN in the initial user namespace" /tmp/nocap.err)" 1:1 \
	"dcachectl shrink without CAP_SYS_ADMIN: exit 1, and it names the capability"
# debugfs exposed with other modes: its root and the knob open to all
dmode=$(stat -c %a /sys/kernel/debug)
chmod 0755 /sys/kernel/debug
chmod 0222 $D/shrink
is "$(printf '%s\n' "$c" | fsload as 65534 fsload write $D/shrink)" EPERM \
	"uid 65534, the knob made writable to it: EPERM"
is "$(printf '%s\n' "$c" | fsload handoff 65534 $D/shrink)" EPERM \
	"opened by uid 65534, written by root with every capability: EPERM"
is "$(field $D/status shrink.runs)" "$runs0" "none of them ran"
is "$(printf '%s\n' "$c" | fsload drop 65534 $D/shrink)" ok \
	"opened by root, written after it became uid 65534: ok (the opener counts)"
chmod 0200 $D/shrink
chmod "$dmode" /sys/kernel/debug
is "$(field $D/status shrink.runs)" "$((runs0 + 1))" "of the five, only that one ran"
dmesg | grep -q 'dcachectl: shrink: .*CAP_SYS_ADMIN'
ok $? "the kernel log says why"

# 5. Every writer let its path go: the disk unmounts.
umount /mnt/a
ok $? "umount of the dir= target succeeds afterwards"
