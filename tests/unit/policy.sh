#!/bin/sh
# What the operator types against what mountinfo, the config and the
# kernel's log hold, under dash and busybox sh, with a stand-in debugfs:
# --mount and policy `mount PATH` match the path typed, byte for byte
# (mountinfo escapes blanks and the backslash); numbers past what awk
# holds exactly are refused when the config is read; config errors name
# fields, not the file's words; the CLI quotes only the module's own log
# lines, without control characters. The 1,000-mount timing is in
# `make bench` (part cli), not here.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/unit/scratch.sh
. "$top/tests/unit/scratch.sh"
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then printf "ok %d - policy: %s\n" $n "$2"; else printf "not ok %d - policy: %s\n" $n "$2"; fi
}
C=$top/scripts/dcachectl
m=$d/dbg/dcachectl
mkdir -p "$m" "$d/bin"
cat >"$m/status" <<'V'
version: 0.1.0
lockdown: none
V
cat >"$m/superblocks" <<'V'
dev type id dentries negative unused_dentries unused_inodes bytes
0:41 tmpfs tmpfs 500 400 500 0 96000
0:42 tmpfs tmpfs 600 500 600 0 115200
0:43 tmpfs tmpfs 700 600 700 0 134400
V
# /mnt/a\b is a mount point whose name holds a backslash (mountinfo: \134);
# /mnt/a\134b is one whose name holds the four characters \134; /mnt/x y
# holds a blank.
cat >"$d/mountinfo" <<'V'
22 1 0:2 / / rw - rootfs rootfs rw
31 22 0:41 / /mnt/a\134b rw - tmpfs tmpfs rw
32 22 0:42 / /mnt/a\134134b rw - tmpfs tmpfs rw
33 22 0:43 / /mnt/x\040y rw - tmpfs tmpfs rw
V
printf 'command: dev=0:41\nresult: ok\nsuperblocks: 1\ndentries: 1\nnegative: 1\nshrinker: 0\nduration_us: 1\nstopped: done\n' >"$m/last_shrink"
export DCACHECTL_DEBUGFS="$d/dbg" DCACHECTL_MOUNTINFO="$d/mountinfo"

# knob_after SH ARGS...: what the shrink knob received
knob_after() {
	sh=$1
	shift
	: >"$m/shrink"
	$sh "$C" "$@" >"$d/out" 2>&1
	rc=$?
	cat "$m/shrink"
}
for sh in dash "busybox sh"; do
	b=${sh%% *}
	[ "$(knob_after "$sh" shrink --mount '/mnt/a\b')" = "dev=0:41" ]
	t $? "$b: --mount '/mnt/a\\b' is the mount whose name holds a backslash"
	[ "$(knob_after "$sh" shrink --mount '/mnt/a\134b')" = "dev=0:42" ]
	t $? "$b: --mount '/mnt/a\\134b' is the one named with the characters \\134"
	[ "$(knob_after "$sh" shrink --mount '/mnt/x y/')" = "dev=0:43" ]
	t $? "$b: --mount '/mnt/x y/' matches mountinfo's \\040"
	[ "$(knob_after "$sh" shrink --dev 0:41 --dir /sub --negative)" = 'dev=0:41 dir=/mnt/a\b/sub negative' ]
	t $? "$b: --dev 0:41 --dir /sub: the path inside that filesystem, through its mount here, checked by dev="
	knob_after "$sh" shrink --dev 0:99 --dir /sub >"$d/k"
	[ ! -s "$d/k" ] && [ "$rc" = 1 ] &&
		grep -q '^dcachectl: no mount of 0:99 here reaches /sub' "$d/out"
	t $? "$b: --dev of a filesystem not mounted here with --dir: exit 1, one line, the knob untouched"
	knob_after "$sh" shrink --dev 0:43 --dir /sub >"$d/k"
	[ ! -s "$d/k" ] && [ "$rc" = 2 ]
	t $? "$b: --dev --dir through a mount point with a blank: refused (exit 2), the knob untouched"
	printf 'mount /mnt/a\\b negative > 100 shrink negative\n' >"$d/r.conf"
	[ "$(knob_after "$sh" auto --config "$d/r.conf")" = "dev=0:41 negative" ]
	t $? "$b: policy 'mount /mnt/a\\b' acts on that mount only"
done

# auto_err CONF-LINE: what auto --config says of a one-line config, in o
# (its exit status in rc, 99 when anything reached the knob).
auto_err() {
	printf '%s\n' "$1" >"$d/bad.conf"
	: >"$m/shrink"
	dash "$C" auto --config "$d/bad.conf" >"$d/out" 2>&1
	rc=$?
	[ -s "$m/shrink" ] && rc=99
	o=$(cat "$d/out")
}
bad=0
for v in 9007199254740993 999999999999999Gi 9999999999999999999999 8796093022209Ki; do
	auto_err "any negative > 1 shrink max=$v"

	if [ $rc != 2 ] || ! printf '%s\n' "$o" | grep -q 'bad.conf:1: field 6: max= must be a whole number up to 9007199254740992'; then
		bad=1
		echo "# max=$v: rc $rc: $o"
	fi
done
t $bad "config: max= above 2^53 (9007199254740993, 999999999999999Gi, ...) refused when read, exit 2, knob untouched"
auto_err "dev 0:41 negative > 1 shrink max=9007199254740992"

: >"$m/shrink"
dash "$C" auto --config "$d/bad.conf" >/dev/null 2>&1
[ "$(cat "$m/shrink")" = "dev=0:41 max=9007199254740992" ]
t $? "config: max=9007199254740992 (2^53) reaches the knob exactly"
printf 'dev 0:41 negative > 000399 shrink max=0000000000000000000000012\n' >"$d/z.conf"
: >"$m/shrink"
dash "$C" auto --config "$d/z.conf" >/dev/null 2>&1
[ "$(cat "$m/shrink")" = "dev=0:41 max=12" ]
t $? "config: leading zeros are not digits that count (> 000399 fires on 400 negatives; max=00...012 is 12)"
# ops RULE: the negative counts of the superblocks RULE fires on (400,
# 500 and 600 negative dentries), comma-separated
ops() {
	printf '%s\n' "$1" >"$d/op.conf"
	dash "$C" auto --config "$d/op.conf" 2>&1 |
		sed -n 's/^dcachectl auto: line 1 (any: negative \([0-9]*\) .*/\1/p' | paste -sd, -
}
[ "$(ops 'any negative > 500 shrink'):$(ops 'any negative >= 500 shrink'):$(ops 'any negative<500 shrink'):$(ops 'any negative <=500 shrink'):$(ops 'any negative == 600 shrink')" = \
	"600:500,600:400:400,500:600" ]
t $? "config: >, >=, <, <= and == compare as written, with or without blanks"
# The rules the operator copies: the README's (Automate) and those of
# `dcachectl help config`: each file is accepted whole (auto --dry-run:
# exit 0, no error line, nothing written to the knob).
awk '/^## Automate/ { a = 1 } a && /^```/ { if (f) exit; f = 1; next } f' \
	"$top/README.md" >"$d/readme.conf"
dash "$C" help config | awk '/^Examples:/ { f = 1; next } f && /^$/ { exit } f' >"$d/help.conf"
bad=0
for f in readme help; do
	: >"$m/shrink"
	if ! dash "$C" auto --dry-run --config "$d/$f.conf" >"$d/out" 2>&1 || grep -q '^dcachectl: ' "$d/out" || [ -s "$m/shrink" ] ||
		[ "$(grep -c '^[^#]' "$d/$f.conf")" -lt 4 ]; then
		bad=1
		sed "s/^/# $f: /" "$d/out"
	fi
done
t $bad "config: the README's rules and help config's examples are accepted (4 rules each at least)"
auto_err "any negative => 100 shrink"
[ $rc = 2 ] && [ "$o" = "dcachectl: $d/bad.conf:1: field 3: expected a comparison after the column: >, >=, <, <= or ==" ]
t $? "config: => is refused at the comparison's field, exit 2, knob untouched"
auto_err "any negative >== 100 shrink"
[ $rc = 2 ] && [ "$o" = "dcachectl: $d/bad.conf:1: field 4: one comparison only (>, >=, <, <= or ==)" ]
t $? "config: >== is refused (one comparison only)"
auto_err "s3cr3t-word negative > 100 shrink"
o1=$o
auto_err "any s3cr3t-word > 100 shrink"
o2=$o
auto_err "any negative > 100 s3cr3t-word"
o3=$o
auto_err "dev s3cr3t-word negative > 100 shrink"
o4=$o
case "$o1$o2$o3$o4" in
*s3cr3t*) false ;;
*field\ 1:*field\ 2:*field\ 5:*field\ 2:*) true ;;
*) false ;;
esac
t $? "config: errors name the field, never echo the file's words"
cp "$d/bad.conf" "$d/a\\tb.conf"
dash "$C" auto --config "$d/a\\tb.conf" 2>&1 | grep -q "^dcachectl: $d/a\\\\tb.conf:1: field 2:"
t $? "config: a file name with \\t is named as it is (no awk -v processing)"

# The kernel's reason, from a stand-in dmesg (dash only: busybox sh runs
# its own dmesg applet before PATH). The CLI reads the log before and
# after its write; the stub adds the lines of "late" from its second call
# on, as if the kernel had logged them on the refused write.
cat >"$d/bin/dmesg" <<EOF2
#!/bin/sh
cat "$d/log"
[ ! -f "$d/called" ] || cat "$d/late"
: >"$d/called"
EOF2
chmod +x "$d/bin/dmesg"
printf '[    1.000000] dcachectl: loaded\n' >"$d/log"
rm -f "$m/shrink"
mkdir "$m/shrink"	# the write fails, as a refused command does
# late_run: shrink --dev 0:41 with the stub, output in $d/out
late_run() {
	rm -f "$d/called"
	PATH="$d/bin:$PATH" dash "$C" shrink --dev 0:41 >"$d/out" 2>&1
}
# a user's mount option quoting the module
printf "[    2.000000] tmpfs: Unknown parameter 'dcachectl: shrink: FORGED'\n" >"$d/late"
late_run
grep -q 'refused' "$d/out" && ! grep -q FORGED "$d/out"
t $? "a log line that only quotes 'dcachectl: shrink: ' is not the kernel's reason"
# one of the module's own lines, with an escape sequence in it
printf '[    3.000000] dcachectl: shrink: bad \033[2Jthing\n' >"$d/late"
late_run
grep -q "refused: .*; kernel: shrink: bad \[2Jthing\$" "$d/out" && ! grep -q "$(printf '\033')" "$d/out"
t $? "the module's own line is quoted, its control characters removed"
# util-linux 2.40 and later, with CONFIG_PRINTK_CALLER
printf '[    4.000000] [  T321] dcachectl: shrink: caller id\n' >"$d/late"
late_run
grep -q "refused: .*; kernel: shrink: caller id\$" "$d/out"
t $? "... also after a caller id, as util-linux 2.40 prints it"
echo "1..$n"
