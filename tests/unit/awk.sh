#!/bin/sh
# The command's awk half, scripts/dcachectl.awk, as one program on its
# own, under each awk it must run under: mawk (Debian's awk), busybox awk
# (the guest's) and gawk when installed. Its parts that cli.sh and
# policy.sh reach only through the sh: num() at its edges, the cmd
# contract, the debugfs check, mount points typed with blanks and
# backslashes, the rules of auto, the export directory's path.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
A=$top/scripts/dcachectl.awk
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then printf "ok %d - awk: %s\n" $n "$2"; else printf "not ok %d - awk: %s\n" $n "$2"; fi
}
printf '%s\n' '22 1 0:2 / / rw - rootfs rootfs rw' \
	'23 22 0:7 / /sys/kernel/debug rw shared:4 master:1 - debugfs debugfs rw' \
	'24 22 0:41 / /mnt/a\134b rw - tmpfs tmpfs rw' \
	'25 22 0:42 / /mnt/x\040y rw - tmpfs tmpfs rw' \
	'26 22 0:43 / /mnt/x\040y rw - tmpfs tmpfs rw' \
	'27 22 0:8 / /srv rw - tracefs tracefs rw' >"$d/mountinfo"
cat >"$d/rules" <<'V'
# a comment, then blank lines

mount /mnt/a\b negative>1 shrink negative max=1Ki  # after a rule
any bytes > 2Mi shrink max=0
type proc dentries > 1 shrink
V
cat >"$d/bad" <<'V'
dev 1 dentries > 1 shrink
type proc dentries => 1 shrink
type proc dentries > 9007199254740993 shrink
type proc dentries > 1 shrink max=1m
V

awks=mawk
busybox awk 'BEGIN {}' 2>/dev/null && awks="$awks busybox"
! command -v gawk >/dev/null || awks="$awks gawk"
for a in $awks; do
	case $a in busybox) awk="busybox awk" ;; *) awk=$a ;; esac
	# num(): NUMBER exactly, up to 2^53
	bad=0
	while read -r in want; do
		got=$(printf '%s\n' "$in" | $awk -v cmd=number -f "$A")
		[ "$got" = "${want#-}" ] || {
			bad=1
			echo "# $a: number $in: '$got', not '${want#-}'"
		}
	done <<'V'
0 0
007 7
1k 1000
1Ki 1024
2Mi 2097152
3G 3000000000
9007199254740992 9007199254740992
8388608Gi 9007199254740992
0000000000000000009007199254740992 9007199254740992
9007199254740993 -
8388609Gi -
1K -
1m -
1.5k -
-1 -
k -
V
	t $bad "$a: number: suffixes, leading zeros, 2^53 and no further"
	out=$($awk -v cmd=nothing -f "$A" </dev/null 2>"$d/err")
	[ $? = 2 ] && [ -z "$out" ] && [ "$(cat "$d/err")" = 'dcachectl.awk: unknown cmd "nothing"' ]
	t $? "$a: an unknown cmd: one line, exit 2"
	$awk -v cmd=debugfs -v debugfs=/sys/kernel/debug -f "$A" "$d/mountinfo" &&
		! $awk -v cmd=debugfs -v debugfs=/srv -f "$A" "$d/mountinfo" &&
		! $awk -v cmd=debugfs -v debugfs=/sys -f "$A" "$d/mountinfo"
	t $? "$a: debugfs: found past optional fields, not another type or place"
	[ "$(P='/mnt/a\b' $awk -v cmd=mountdev -f "$A" "$d/mountinfo")" = 0:41 ] &&
		[ "$(P='/mnt/x y' $awk -v cmd=mountdev -f "$A" "$d/mountinfo")" = 0:43 ] &&
		[ -z "$(P='/mnt/a\134b' $awk -v cmd=mountdev -f "$A" "$d/mountinfo")" ]
	t $? "$a: mountdev: the path as typed, byte for byte; the mount on top"
	[ "$(F=x.conf $awk -v cmd=config -f "$A" "$d/rules")" = "3 mount /mnt/a\\b negative > 1 negative max=1024
4 any - bytes > 2097152 max=0
5 type proc dentries > 1" ]
	t $? "$a: config: one line per rule, comments and blank lines skipped"
	F=x.conf $awk -v cmd=config -f "$A" "$d/bad" >"$d/out" 2>"$d/err"
	[ $? = 1 ] && [ ! -s "$d/out" ] && [ "$(cut -d: -f1-4 "$d/err")" = "dcachectl: x.conf:1: field 2
dcachectl: x.conf:2: field 4
dcachectl: x.conf:3: field 5
dcachectl: x.conf:4: field 7" ]
	t $? "$a: config: every error, by line and field, exit 1"
	[ "$(S=/a/b P='../c/./d/..//e/' $awk -v cmd=dirpath -f "$A")" = /a/c/e ] &&
		[ "$(S=/a P=/../.. $awk -v cmd=dirpath -f "$A")" = / ] &&
		[ "$(S=/ P=. $awk -v cmd=dirpath -f "$A")" = / ]
	t $? "$a: dirpath: absolute, without . and .."
done
