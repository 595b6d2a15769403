#!/bin/sh
# Users' builds treat warnings as warnings; the project's own are strict
# (issue 12, item 7: with -Werror in Kbuild, a DKMS build on a user's
# machine failed on the first new warning after a kernel or gcc upgrade).
# On the host, against the 6.12 headers the harness caches, a copy of the
# sources gets one new warning (an unused static function in
# module/main.c), then:
#   - dkms.conf's own MAKE[0], run as dkms runs it (make -jN
#     KERNELRELEASE=... KDIR=... module; KSRC= as the headers are unpacked
#     in the cache), builds dcachectl.ko, the warning a warning, and its
#     compile lines carry neither -Werror nor W=1;
#   - the same command with DCACHECTL_STRICT=1 in its environment (how
#     scripts/dkms-build hands it through `dkms build`) fails on that
#     warning, its compile lines carrying -Werror and W=1.
# TAP lines as the other host tests print them.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/unit/scratch.sh
. "$top/tests/unit/scratch.sh"
n=0
t() { # t STATUS DESCRIPTION [LOG]: a failure shows the end of LOG
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - werror: $2"
	else
		echo "not ok $n - werror: $2"
		[ -z "${3:-}" ] || grep -v -- ' -c -o ' "$3" | tail -n 8 |
			cut -c 1-200 | sed 's/^/# /'
	fi
}
# The user's build must not inherit the switch from whoever runs this.
unset DCACHECTL_STRICT

if ! envfile=$("$top/scripts/fetch-kernel" 6.12 2>"$d/fetch.log"); then
	t 1 "cannot fetch the 6.12 headers: $(tail -n 1 "$d/fetch.log")"
	exit 1
fi
# shellcheck disable=SC1090 # the env file is generated
. "$envfile"
if ! command -v "x86_64-linux-gnu-$CCVER" >/dev/null; then
	t 1 "$KREL needs $CCVER, which the host lacks"
	exit 1
fi

src=$d/src
mkdir -p "$src"
cp -r "$top/Kbuild" "$top/Makefile" "$top/dkms.conf" "$top/module" \
	"$top/include" "$top/config" "$src/"
fn=dcachectl_injected_warning
printf '\nstatic void %s(void)\n{\n}\n' "$fn" >>"$src/module/main.c"

# dkms.conf's MAKE[0] with dkms's own substitutions: ${kernelver},
# ${kernel_source_dir}, and the leading "make" made
# "make -jN KERNELRELEASE=REL" (dkms 2.8 and 3.0 alike).
mk0=$(sed -n 's/^MAKE\[0\]="\(.*\)"$/\1/p' "$src/dkms.conf" |
	sed -e "s|\${kernelver}|$KREL|g" -e "s|\${kernel_source_dir}|$KOBJ|g")
case $mk0 in
make\ *) mk0="make -j$(nproc) KERNELRELEASE=$KREL ${mk0#make }" ;;
*) t 1 "dkms.conf's MAKE[0] is not a make command: '$mk0'"; exit 1 ;;
esac
# build LOG [VAR=VALUE...]: MAKE[0] in the copy, with the environment given;
# KBUILD_VERBOSE=1 (as scripts/dkms-build sets it) prints the compile lines.
build() {
	log=$1
	shift
	# shellcheck disable=SC2086 # MAKE[0] is a command line
	(cd "$src" && env "$@" KBUILD_VERBOSE=1 $mk0 KSRC="$KSRC") >"$log" 2>&1
}
# flags LOG: the compile line of module/main.c. -Werror is looked for
# alone: the kernel's own -Werror=X options are in every build.
flags() { grep -- ' -c -o .*module/main\.o ' "$1" | tail -n 1; }

echo "# MAKE[0] as dkms runs it: $mk0"
build "$d/user.log" && [ -f "$src/dcachectl.ko" ]
t $? "dkms.conf's MAKE[0], without DCACHECTL_STRICT, builds dcachectl.ko despite a new warning" "$d/user.log"
# (kbuild unexports LC_ALL: the quotes may be typographic)
grep -q "module/main\.c:[0-9:]* warning: .*$fn.* defined but not used" "$d/user.log"
t $? "the compiler reported the new warning, as a warning"
cl=$(flags "$d/user.log")
[ -n "$cl" ] && ! echo "$cl" | grep -Eq -- '-Werror( |$)' &&
	! echo "$cl" | grep -q -- '-Wmissing-format-attribute'
t $? "the user's compile line has neither -Werror nor W=1 (-Wmissing-format-attribute)"

rm -f "$src/dcachectl.ko"
! build "$d/strict.log" DCACHECTL_STRICT=1 && [ ! -f "$src/dcachectl.ko" ]
t $? "the same MAKE[0] with DCACHECTL_STRICT=1 in its environment fails" "$d/strict.log"
grep -q "module/main\.c:[0-9:]* error: .*$fn.* defined but not used" "$d/strict.log"
t $? "... on the new warning, made an error"
cl=$(flags "$d/strict.log")
echo "$cl" | grep -Eq -- '-Werror( |$)' &&
	echo "$cl" | grep -q -- '-Wmissing-format-attribute'
t $? "the strict compile line has -Werror and W=1 (-Wmissing-format-attribute)"

# A build that cannot compile anything (here the compiler is missing, as
# when a kernel upgrade needs a gcc-NN not yet installed) fails, saying
# so, and leaves no probes.h calling every feature absent: the next
# build, the compiler back, probes the kernel again (config/canary.c).
rm -rf "$src/generated" "$src/dcachectl.ko"
# shellcheck disable=SC2086 # MAKE[0] is a command line
! (cd "$src" && $mk0 KSRC="$KSRC" CC=/nonexistent/gcc) >"$d/nocc.log" 2>&1 &&
	grep -q "nothing compiles against" "$d/nocc.log" &&
	[ ! -f "$src/generated/$KREL/probes.h" ]
t $? "without a compiler: the build fails, says why, and writes no probes.h" "$d/nocc.log"
build "$d/again.log" && [ -f "$src/dcachectl.ko" ] &&
	grep -q '^#define HAVE_LIST_LRU_ADD_OBJ 1$' "$src/generated/$KREL/probes.h"
t $? "the next build, with the compiler, probes again (HAVE_LIST_LRU_ADD_OBJ on 6.12) and builds" "$d/again.log"
echo "1..$n"
