#!/bin/sh
# Proves that bad input to shrink gets a clear errno and a log line, and
# frees nothing; the files have their modes; an unprivileged user cannot
# write the knob.
. ./lib.sh
plan 24
load_fresh
mount_disk 0 /mnt/a
A=$(devof /mnt/a)
mkdir /mnt/a/n12
fsload churn /mnt/a/n12 500
is "$(stat -c %a $D/shrink)" 200 "shrink is mode 0200"
is "$(stat -c %a $D/last_shrink)" 400 "last_shrink is mode 0400"
neg0=$(sbcol $D/superblocks "$A" negative)

check() { # check WANT DESCRIPTION  (the command on stdin)
	got=$(fsload write $D/shrink)
	is "$got" "$1" "$2"
}
printf '' | check EINVAL "empty write"
printf 'bogus\n' | check EINVAL "unknown word"
printf 'negative\n' | check EINVAL "no selector"
printf 'dev=%s type=ext4\n' "$A" | check EINVAL "two selectors"
printf 'dev=8\n' | check EINVAL "dev= without a colon"
printf 'dev=x:1\n' | check EINVAL "dev= not a number"
printf 'dev=99999999999999999999999:1\n' | check EINVAL "dev= overflowing"
printf 'dev=%s max=18446744073709551616\n' "$A" | check EINVAL "max= overflowing 2^64"
printf 'dev=%s max=-1\n' "$A" | check EINVAL "max= negative"
printf 'dev=%s negative negative\n' "$A" | check EINVAL "an option twice"
printf 'path=relative/path\n' | check EINVAL "relative path"
printf 'dev=%s\000 negative\n' "$A" | check EINVAL "embedded NUL"
head -c 5000 /dev/zero | tr '\0' 'a' | check E2BIG "5000 bytes"
printf 'type=%s\n' "$(head -c 40 /dev/zero | tr '\0' x)" | check EINVAL "type name too long"
printf 'dev=250:250\n' | check ENOENT "no such device"
printf 'type=nosuchfs\n' | check ENOENT "no such filesystem type"
printf 'path=/no/such/path\n' | check ENOENT "no such path"
printf 'dir=/mnt/a/n12/../../../init\n' | check ENOTDIR "dir= on a file"
is "$(sbcol $D/superblocks "$A" negative)" "$neg0" "nothing was freed"
dmesg | grep -q 'dcachectl: shrink: one selector only' 
ok $? "the kernel log says what was wrong"
is "$(printf 'dev=%s negative\n' "$A" |
	fsload as 65534 fsload write $D/shrink)" \
	EACCES "an unprivileged user cannot write shrink"
is "$(sbcol $D/superblocks "$A" negative)" "$neg0" "still nothing freed"
umount /mnt/a
