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
# shellcheck source=tests/unit/scratch.sh
. "$top/tests/unit/scratch.sh"
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

	# Mount tables a mount point can hide in: 0:50 mounted on /x and
	# covered there by 0:51, reachable on /y/long; 0:52 a btrfs whose
	# only mount is of a subvolume (root /@); 0:53 mounted with a root
	# /sub and a root /subdir, and on paths with \134 and \303\251.
	printf '%s\n' '1 0 0:2 / / rw - rootfs rootfs rw' \
		'2 1 0:50 / /x rw - tmpfs t50 rw' '3 1 0:51 / /x rw - tmpfs t51 rw' \
		'4 1 0:50 / /y/long rw - tmpfs t50 rw' '5 1 0:52 /@ /home rw - btrfs /dev/sda2 rw' \
		'6 1 0:53 /subdir /s1 rw - ext4 /dev/sdb rw' '7 1 0:53 /sub /s2 rw - ext4 /dev/sdb rw' >"$d/mi.cov"
	printf '%s\n' 'dev type id dentries negative unused_dentries unused_inodes bytes' \
		'0:50 tmpfs t 9 0 0 0 1' '0:51 tmpfs t 8 0 0 0 1' '0:52 btrfs b 7 0 0 0 1' >"$d/sb.cov"
	: >"$d/empty"
	printf 'version: 1\n' >"$d/st.cov"
	$awk -v cmd=export -v ksb=0 -v kmc=0 -v version=1 -f "$A" "$d/mi.cov" "$d/st.cov" "$d/sb.cov" \
		"$d/empty" "$d/empty" >"$d/out.cov"
	grep -q '^dcachectl_superblock_dentries{device="t50",fstype="tmpfs",mountpoint="/y/long"} 9$' "$d/out.cov" &&
		grep -q '^dcachectl_superblock_dentries{device="t51",fstype="tmpfs",mountpoint="/x"} 8$' "$d/out.cov" &&
		grep -q '^dcachectl_superblock_dentries{device="/dev/sda2",fstype="btrfs",mountpoint="/home"} 7$' "$d/out.cov"
	t $? "$a: export: a covered mount is not where a superblock is; a btrfs subvolume's mount is"
	[ "$(D=0:50 P=/d $awk -v cmd=devdir -f "$A" "$d/mi.cov")" = /y/long/d ] &&
		[ "$(D=0:53 P=/subdir/q $awk -v cmd=devdir -f "$A" "$d/mi.cov")" = /s1/q ] &&
		[ "$(D=0:53 P=/sub/q $awk -v cmd=devdir -f "$A" "$d/mi.cov")" = /s2/q ] &&
		[ "$(D=0:53 P='/sub/a\134b\303\251' $awk -v cmd=devdir -f "$A" "$d/mi.cov")" = "$(printf '/s2/a\\b\303\251')" ] &&
		[ -z "$(D=0:53 P=/sub/../x $awk -v cmd=devdir -f "$A" "$d/mi.cov")" ] &&
		[ -z "$(D=0:53 P=/subx $awk -v cmd=devdir -f "$A" "$d/mi.cov")" ]
	t $? "$a: devdir: the uncovered mount whose root holds the path, escapes decoded; .. and a root that is only a prefix refused"
	printf '%s\n' 'unused_dentries path id' '9 /svc 7' '5 /svc 8' '3 ? x' '2 ? y' >"$d/mc.cov"
	$awk -v cmd=export -v ksb=0 -v kmc=0 -v version=1 -f "$A" "$d/mi.cov" "$d/st.cov" "$d/sb.cov" \
		"$d/empty" "$d/mc.cov" >"$d/out.cov"
	[ "$(grep '^dcachectl_memcg_unused_dentries' "$d/out.cov" | paste -sd' ' -)" = \
		'dcachectl_memcg_unused_dentries{memcg="/svc"} 9 dcachectl_memcg_unused_dentries{memcg="/svc~id=8"} 5 dcachectl_memcg_unused_dentries{memcg="?"} 3 dcachectl_memcg_unused_dentries{memcg="other"} 2' ]
	t $? "$a: export: a memcg path seen twice (a dying memcg) gets its id, or without one joins the sum"
	M="$(printf 'a"b\\c\td\001')" E="" $awk -v cmd=jsonerr -v rc=2 -f "$A" >"$d/e.json"
	jq -e '.error.message == "a\"b\\c\td\u0001" and .error.exit == 2 and .error.errno == null' "$d/e.json" >/dev/null
	t $? "$a: jsonerr: quotes, backslashes and control characters escaped for JSON"
done
