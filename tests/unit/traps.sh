#!/bin/sh
# A host script stopped by a signal (Ctrl-C; run-matrix's `kill -TERM 0`
# when a run is interrupted) removes its temporary files as a normal exit
# does. dash, /bin/sh here, runs no EXIT trap when a signal kills it, so
# each script that cleans up on EXIT also traps HUP, INT, TERM and PIPE
# (its output piped into head) to an exit. Checked for every such script, then by killing some of them with
# TERM, their whole process group, once their mktemp directory exists
# (TMPDIR: an empty directory of ours), and finding it empty afterwards.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - traps: $2"; else echo "not ok $n - traps: $2"; fi
}
# shellcheck source=tests/unit/scratch.sh
. "$top/tests/unit/scratch.sh"

# Every shell script of ours with an EXIT trap traps the four signals
# (the unit tests through scratch.sh, which is checked with them).
bad=
for f in "$top"/scripts/* "$top"/tests/unit/*.sh "$top"/tests/run-matrix \
	"$top"/tests/mkinitramfs "$top"/tests/boot "$top"/tests/system/*; do
	case $f in
	*.sh) [ -f "$f" ] || continue ;;
	*) head -n 1 "$f" 2>/dev/null | grep -q '^#!.*sh' || continue ;;
	esac
	grep -q "^[[:space:]]*trap .* EXIT" "$f" || continue
	for s in HUP INT TERM PIPE; do
		grep -Eq "^[[:space:]]*trap .*[ ]$s( |$)" "$f" || bad="$bad ${f#"$top"/}($s)"
	done
done
[ -z "$bad" ]
t $? "each script that cleans up on EXIT traps HUP, INT, TERM and PIPE too${bad:+:$bad}"

# killed NAME SCRIPT [ARGS]: run SCRIPT (sh), send TERM to its process
# group once its temporary directory is there, and check that nothing of
# it is left.
killed() {
	name=$1
	shift
	x=$d/tmp.$n
	mkdir "$x"
	# setsid, not being a group leader here, execs: $! leads the group
	TMPDIR=$x setsid sh "$@" >"$d/out.$n" 2>&1 </dev/null &
	pid=$!
	i=0
	while [ -z "$(ls -A "$x")" ] && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	seen=$(ls -A "$x")
	kill -TERM "-$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	# the group's other members may still be on their way out
	i=0
	while [ -n "$(ls -A "$x")" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	left=$(find "$x" -mindepth 1 -maxdepth 1 | head -n 3 | tr '\n' ' ')
	[ -n "$seen" ] && [ "$rc" -gt 128 ] && [ -z "$left" ]
	t $? "$name, sent TERM while it works, exits on it ($rc) and leaves nothing in TMPDIR${left:+ (left: $left)}"
}
# Scripts whose children make no temporary files of their own when the
# signal comes (mkdeb: its tree copy; awk.sh: awk), so that what is left,
# if anything, is theirs.
killed "scripts/mkdeb" "$top/scripts/mkdeb" "$d/dist"
killed "tests/unit/awk.sh" "$top/tests/unit/awk.sh"
# its output read by head: SIGPIPE at its second line
x=$d/pipe
mkdir "$x"
TMPDIR=$x sh "$top/tests/unit/awk.sh" 2>/dev/null | head -n 1 >/dev/null
left=$(find "$x" -mindepth 1 -maxdepth 1 | head -n 3 | tr '\n' ' ')
[ -z "$left" ]
t $? "tests/unit/awk.sh, its output piped into head -n 1, leaves nothing in TMPDIR${left:+ (left: $left)}"
echo "1..$n"
