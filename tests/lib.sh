# Shared TAP helpers for the guest tests (busybox sh). Source it, call
# plan N, then one assertion per test point.
D=/sys/kernel/debug/dcachectl
_n=0

plan() { echo "1..$1"; }
diag() { echo "# $*"; }

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

# field FILE KEY: the value of "KEY: value" in FILE.
field() { sed -n "s/^$2: //p" "$1" | head -n 1; }

# ensure_loaded: dcachectl is loaded (an earlier test may have removed it).
ensure_loaded() {
	[ -d "$D" ] || insmod /lib/modules/dcachectl.ko
}
