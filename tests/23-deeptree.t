#!/bin/sh
# Proves that a loop a user can make long reschedules and stays linear
# (DESIGN, "Rules every reader and shrink keeps"): a chain of DEEP
# (50,000) nested directories on ext4 (tmpfs pins its dentries: they could
# never be shrunk), every one unused but cached, is freed whole by
# `dir=<its top>` (last_shrink counts DEEP dentries, and B's hashed
# dentries in superblocks drop by as many) and, once looked up again, by
# `dev=`. Freeing a leaf makes its parent unused, and so on up the chain,
# all in one command. The kernel command line has softlockup_panic=1: a
# loop that never reschedules on the way panics the guest and fails the
# run. A shrink that asks is_subdir(), a walk to the top, at every step is
# quadratic in the depth: dir= must take no more than ten times what dev=
# takes on the same chain (a ratio measured side by side, with 1 s of
# slack), and each shrink must return before `timeout 120` would kill it
# (termination, not speed). The time of every step is printed.
. ./lib.sh
DEEP=${DEEP:-50000}
plan 9
# The KASAN debug kernel makes directories on ext4 more than 15 times
# slower: 50,000 were not made after 15 minutes there under TCG. It gets a
# chain of 2,000, which still runs every path of the shrink under KASAN
# and lockdep; the depth itself is put to the test on the other kernels.
if kasan; then
	DEEP=2000
	diag "KASAN kernel: a chain of $DEEP directories, not 50,000"
fi
load_fresh
mount_disk 1 /mnt/b
B=$(devof /mnt/b)
mkdir -p /mnt/b/deep

# deep_cached: fsload deep (makes the chain, or looks it up again), and
# B's hashed dentries after it; sets h and made (centiseconds).
deep_cached() {
	t0=$(uptime_cs)
	fsload deep /mnt/b/deep "$DEEP"
	made=$(($(uptime_cs) - t0))
	h=$(sbcol $D/superblocks "$B" dentries)
}

# frees SELECTOR: shrink it, under timeout, and check that the chain went.
frees() {
	w=$(shrink_within 120 "$1")
	is "${w% *}" ok "$1 returns ok ($(secs "${w#* }") s)"
	n=$(field $D/last_shrink dentries)
	cmp_ok "${n:-0}" -ge "$DEEP" \
		"last_shrink: $1 freed the chain ($n dentries, stopped: $(field $D/last_shrink stopped))"
	h1=$(sbcol $D/superblocks "$B" dentries)
	cmp_ok $((h - h1)) -ge "$DEEP" \
		"B's hashed dentries dropped by as many ($h -> $h1)"
	took=${w#* }
}

deep_cached
diag "a chain of $DEEP directories made in $(secs $made) s; B holds $h hashed dentries"
cmp_ok "$h" -ge "$DEEP" "the chain is cached ($h hashed dentries on B)"
frees dir=/mnt/b/deep
dir_cs=$took
deep_cached
diag "the chain looked up again in $(secs $made) s; B holds $h hashed dentries"
cmp_ok "$h" -ge "$DEEP" "the chain is cached again ($h)"
frees "dev=$B"
cmp_ok "$dir_cs" -le $((10 * took + 100)) \
	"dir= is not quadratic in the depth: $(secs "$dir_cs") s, where dev= took $(secs "$took") s"
umount /mnt/b
