# shellcheck shell=sh
# Sourced by the host tests, after top=: $d, a scratch directory that goes
# however the test ends. dash runs no EXIT trap when a signal kills it, so
# the signals (Ctrl-C, run-matrix's kill -TERM 0, a reader that closed the
# pipe) exit instead, which runs it. The traps come before mktemp, so that
# no moment holds the directory without them.
d=
trap '[ -z "$d" ] || rm -rf "$d"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 141' PIPE
d=$(mktemp -d)
