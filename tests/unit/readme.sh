#!/bin/sh
# Every command the README shows is run by a test, or the README's table
# of exceptions says why not (tests/readme-commands), as TAP: each line of
# the README's sh and ini blocks and each "$ " or "guest# " line of its
# output blocks, a trailing "  # ..." comment dropped, must have a line in
# tests/readme-commands; each line there must still be in the README, and
# the string it names must still be in the test file it names.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/unit/scratch.sh
. "$top/tests/unit/scratch.sh"
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - readme: $2"; else echo "not ok $n - readme: $2"; fi
}

# The README's commands, one a line, in order.
awk '
/^```(sh|ini)$/ { code = 1; next }
/^```/ { if (out || code) { out = code = 0 } else out = 1; next }
{
	line = $0
	if (code) {
		sub(/[ \t][ \t]+#.*$/, "", line)
		if (line ~ /^#/) next
	} else if (out && line ~ /^(\$|guest#) /) {
		sub(/^(\$|guest#) /, "", line)
	} else next
	sub(/[ \t]+$/, "", line)
	if (line != "") print line
}' "$top/README.md" | sort -u >"$d/readme"

map=$top/tests/readme-commands
grep -v '^#' "$map" | cut -f 1 | sort -u >"$d/mapped"
comm -23 "$d/readme" "$d/mapped" >"$d/missing"
[ ! -s "$d/missing" ]
t $? "every command the README shows is in tests/readme-commands ($(wc -l <"$d/readme") commands)"
sed 's/^/# not there: /' "$d/missing"
comm -13 "$d/readme" "$d/mapped" >"$d/stale"
[ ! -s "$d/stale" ]
t $? "every command in tests/readme-commands is still in the README"
sed 's/^/# not in the README: /' "$d/stale"

# Each test file holds the string that runs the command; an exception
# says why.
bad=0 tested=0 except=0
tab=$(printf '\t')
while IFS=$tab read -r cmd file what; do
	case $cmd in '#'* | '') continue ;; esac
	if [ "$file" = - ]; then
		if [ -z "$what" ]; then
			echo "# an exception without a reason: $cmd"
			bad=1
		fi
		except=$((except + 1))
	elif [ -z "$what" ] || ! grep -qF -- "$what" "$top/$file" 2>/dev/null; then
		echo "# $file does not hold '$what' (for: $cmd)"
		bad=1
	else
		tested=$((tested + 1))
	fi
done <"$map"
t $bad "each is run where tests/readme-commands says ($tested) or is an exception with its reason ($except)"
echo "1..$n"
