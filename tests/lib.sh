# shellcheck shell=sh
# Shared TAP helpers for the guest tests (busybox sh). Source it, call
# plan N, then one assertion per test point.
D=/sys/kernel/debug/dcachectl
_n=0

plan() { echo "1..$1"; }
diag() { printf '%s\n' "$*" | sed 's/^/# /'; }

ok() { # ok COND-EXIT-STATUS DESCRIPTION
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
	fi
}

is() { # is GOT WANT DESCRIPTION
	_n=$((_n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $_n - $3"
	else
		echo "not ok $_n - $3"
		echo "#   got:  '$1'"
		echo "#   want: '$2'"
	fi
}

# cmp_ok GOT OP WANT DESCRIPTION...: one point, passed when `[ GOT OP WANT ]`
# holds; OP is one of test(1)'s -eq -ne -lt -le -gt -ge = !=. A failed
# point prints what was compared ("#   got: 5  expected: -ge 7"; a value
# that is empty or not a plain integer in quotes). A numeric OP on a side
# that test(1) cannot read as an integer fails the point and says so,
# where a bare [ ] would only complain on stderr. Returns 0, as ok and is.
cmp_ok() {
	_n=$((_n + 1))
	if [ $# -lt 3 ]; then
		echo "not ok $_n - cmp_ok needs GOT OP WANT DESCRIPTION ($# arguments)"
		return 0
	fi
	_cg=$1 _co=$2 _cw=$3 _cy=
	shift 3
	case $_co in
	-eq | -ne | -lt | -le | -gt | -ge)
		# test's own reading of an integer: a side it refuses gives 2
		for _cv in "$_cg" "$_cw"; do
			[ "$_cv" -eq "$_cv" ] 2>/dev/null || _cy="$_cy $(_cmp_show "$_cv")"
		done
		[ -z "$_cy" ] || _cy="not an integer [ ] can read:$_cy ($_co compares integers)"
		;;
	= | !=) ;;
	*) _cy="unknown operator $(_cmp_show "$_co") (one of -eq -ne -lt -le -gt -ge = !=)" ;;
	esac
	[ -n "$_cy" ] || case $_co in
	-eq) [ "$_cg" -eq "$_cw" ] ;;
	-ne) [ "$_cg" -ne "$_cw" ] ;;
	-lt) [ "$_cg" -lt "$_cw" ] ;;
	-le) [ "$_cg" -le "$_cw" ] ;;
	-gt) [ "$_cg" -gt "$_cw" ] ;;
	-ge) [ "$_cg" -ge "$_cw" ] ;;
	=) [ "$_cg" = "$_cw" ] ;;
	!=) [ "$_cg" != "$_cw" ] ;;
	esac || _cy=-
	if [ -z "$_cy" ]; then
		echo "ok $_n - $*"
	else
		echo "not ok $_n - $*"
		diag "  got: $(_cmp_show "$_cg")  expected: $_co $(_cmp_show "$_cw")"
		[ "$_cy" = - ] || diag "  $_cy"
	fi
	return 0
}
# _cmp_show VALUE: VALUE as is when a plain integer, else in quotes.
_cmp_show() {
	case ${1#-} in
	'' | *[!0-9]*) printf "'%s'" "$1" ;;
	*) printf '%s' "$1" ;;
	esac
}

# field FILE KEY: the value of "KEY: value" in FILE.
field() { sed -n "s/^$2: //p" "$1" | head -n 1; }

# ensure_loaded: dcachectl is loaded (an earlier test may have removed it).
ensure_loaded() {
	[ -d "$D" ] || insmod /lib/modules/dcachectl.ko
}

# load_fresh [PARAMS...]: (re)load dcachectl so that every read walks anew
# (cache_ms=0) unless PARAMS say otherwise.
load_fresh() {
	[ -d "$D" ] && rmmod dcachectl
	insmod /lib/modules/dcachectl.ko cache_ms=0 "$@"
}

# devof MOUNTPOINT: the maj:min of the filesystem mounted there.
devof() { awk -v m="$1" '$5 == m { print $3; exit }' /proc/self/mountinfo; }

# sbcol FILE DEV COLUMN: a column of the superblocks row of DEV.
sbcol() {
	awk -v d="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
		$1 == d { print $(h[c]); exit }' "$1"
}

# mount_disk N DIR: mount the ext4 disk vd<a+N> on DIR.
mount_disk() {
	mkdir -p "$2"
	mount -t ext4 "/dev/vd$(echo abcdefgh | cut -c$(($1 + 1)))" "$2"
}

# no_pointers FILE: nothing shaped like a kernel address.
no_pointers() { ! grep -Eiq '(0x)?ffff[0-9a-f]{12}|[0-9a-f]{16}' "$1"; }

# shrink CMD: write CMD to the shrink knob in one write(); prints "ok" or
# the errno's name.
shrink() { printf '%s\n' "$1" | fsload write $D/shrink; }

# uptime_cs: centiseconds since boot.
uptime_cs() { awk '{ split($1, a, "."); print a[1] * 100 + a[2] }' /proc/uptime; }

# secs CS: centiseconds as seconds, to a tenth.
secs() { echo "$(($1 / 100)).$(($1 / 10 % 10))"; }

# shrink_within SECS CMD: shrink CMD under `timeout SECS`; prints the
# answer ("killed" when timeout had to kill the writer) and the time it
# took in centiseconds. A termination bound, generous: never a speed test.
shrink_within() {
	_t=$(uptime_cs)
	_a=$( (printf '%s\n' "$2" | timeout "$1" fsload write $D/shrink) 2>/dev/null)
	echo "${_a:-killed} $(($(uptime_cs) - _t))"
}

# total_dentries FILE [SKIPDEV]: hashed dentries over every superblock of a
# superblocks file, leaving out SKIPDEV.
total_dentries() {
	awk -v s="${2:-}" 'NR > 1 && $1 != s { t += $4 } END { print t + 0 }' "$1"
}

# artifact NAME FILE: hand FILE to the host, which checks it after the boot
# with a real parser (tests/run-matrix: jq for *.json, promtool for *.prom).
artifact() {
	echo "@@ FILE $1"
	sed 's/^/@@| /' "$2"
	echo "@@ EOF"
}

# kasan: the running kernel is a KASAN (debug) kernel, 4-20x slower under
# TCG: tests size their workloads down with it.
kasan() { grep -q ' kasan_report$' /proc/kallsyms; }
