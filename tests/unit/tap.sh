#!/bin/sh
# The guest tests' cmp_ok (tests/lib.sh) under dash and busybox sh, as in
# the guest: a pass and a failure for every operator, with the diag a
# failure prints; a side that is not an integer under a numeric operator,
# an unknown operator and missing arguments fail their point without a
# word on stderr, and the script goes on; cmp_ok returns 0.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/unit/scratch.sh
. "$top/tests/unit/scratch.sh"
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then printf "ok %d - tap: %s\n" $n "$2"; else printf "not ok %d - tap: %s\n" $n "$2"; fi
}
cat >"$d/cases" <<'V'
. "$LIB"
cmp_ok 5 -eq 5 "eq pass"
cmp_ok 5 -eq 6 "eq fail"
cmp_ok 5 -ne 6 "ne pass"
cmp_ok 5 -ne 5 "ne fail"
cmp_ok -3 -lt 2 "lt pass"
cmp_ok 2 -lt 2 "lt fail"
cmp_ok 2 -le 2 "le pass"
cmp_ok 3 -le 2 "le fail"
cmp_ok 10 -gt 9 "gt pass"
cmp_ok 9 -gt 10 "gt fail"
cmp_ok 7 -ge 7 "ge pass"
cmp_ok 5 -ge 7 "ge fail"
cmp_ok abc = abc "= pass"
cmp_ok abc = abd "= fail"
cmp_ok abc != abd "!= pass"
cmp_ok '' != '' "!= fail"
cmp_ok ! = ! "= on a side that reads as an operator"
cmp_ok -n != -z "!= on sides that read as operators"
cmp_ok 007 -eq 7 "leading zeros"
cmp_ok abc -ge 7 "non-numeric got"
cmp_ok 7 -le 5x "non-numeric want"
cmp_ok '' -gt 0 "empty got"
cmp_ok x -eq y "both non-numeric"
cmp_ok 99999999999999999999 -gt 1 "out of range"
cmp_ok 1 == 1 "unknown op"
cmp_ok 1 -eq 1 several words of description
cmp_ok 1 -eq
echo "rc $?"
cmp_ok 1 -lt 0 "a failure returns"
echo "rc $?"
V
cat >"$d/want" <<'V'
ok 1 - eq pass
not ok 2 - eq fail
#   got: 5  expected: -eq 6
ok 3 - ne pass
not ok 4 - ne fail
#   got: 5  expected: -ne 5
ok 5 - lt pass
not ok 6 - lt fail
#   got: 2  expected: -lt 2
ok 7 - le pass
not ok 8 - le fail
#   got: 3  expected: -le 2
ok 9 - gt pass
not ok 10 - gt fail
#   got: 9  expected: -gt 10
ok 11 - ge pass
not ok 12 - ge fail
#   got: 5  expected: -ge 7
ok 13 - = pass
not ok 14 - = fail
#   got: 'abc'  expected: = 'abd'
ok 15 - != pass
not ok 16 - != fail
#   got: ''  expected: != ''
ok 17 - = on a side that reads as an operator
ok 18 - != on sides that read as operators
ok 19 - leading zeros
not ok 20 - non-numeric got
#   got: 'abc'  expected: -ge 7
#   not an integer [ ] can read: 'abc' (-ge compares integers)
not ok 21 - non-numeric want
#   got: 7  expected: -le '5x'
#   not an integer [ ] can read: '5x' (-le compares integers)
not ok 22 - empty got
#   got: ''  expected: -gt 0
#   not an integer [ ] can read: '' (-gt compares integers)
not ok 23 - both non-numeric
#   got: 'x'  expected: -eq 'y'
#   not an integer [ ] can read: 'x' 'y' (-eq compares integers)
not ok 24 - out of range
#   got: 99999999999999999999  expected: -gt 1
#   not an integer [ ] can read: 99999999999999999999 (-gt compares integers)
not ok 25 - unknown op
#   got: 1  expected: == 1
#   unknown operator '==' (one of -eq -ne -lt -le -gt -ge = !=)
ok 26 - several words of description
not ok 27 - cmp_ok needs GOT OP WANT DESCRIPTION (2 arguments)
rc 0
not ok 28 - a failure returns
#   got: 1  expected: -lt 0
rc 0
V
for sh in dash "busybox sh"; do
	o=$d/out.${sh%% *}
	LIB=$top/tests/lib.sh $sh "$d/cases" >"$o" 2>"$o.err"
	rc=$?
	cmp -s "$d/want" "$o"
	r=$?
	[ $r = 0 ] || diff "$d/want" "$o" | sed 's/^/# /'
	t $r "cmp_ok under $sh: each operator passes and fails, with its diag; bad input fails its point"
	[ $rc = 0 ] && [ ! -s "$o.err" ]
	r=$?
	[ $r = 0 ] || sed 's/^/# stderr: /' "$o.err"
	t $r "cmp_ok under $sh: nothing on stderr, the script runs to its end (exit $rc)"
done
