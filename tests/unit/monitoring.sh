#!/bin/sh
# The monitoring shipped in contrib/: the alert rules load (promtool check
# rules) and each alert fires, and stays quiet, as its unit test says
# (promtool test rules); the Grafana dashboard parses and names only
# metrics an export writes (here one from a stand-in debugfs; the guests'
# real exports are checked the same way by run-matrix).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/unit/scratch.sh
. "$top/tests/unit/scratch.sh"
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then printf "ok %d - monitoring: %s\n" $n "$2"; else printf "not ok %d - monitoring: %s\n" $n "$2"; fi
}
promtool=$("$top/scripts/fetch-promtool") || {
	echo "not ok 1 - monitoring: promtool (scripts/fetch-promtool)"
	echo "1..1"
	exit 1
}
cd "$top/contrib/prometheus" || exit 1
"$promtool" check rules dcachectl.rules.yml >"$d/out" 2>&1
rc=$?
t $rc "promtool check rules dcachectl.rules.yml"
[ $rc = 0 ] || sed 's/^/# /' "$d/out"
"$promtool" test rules dcachectl.rules.test.yml >"$d/out" 2>&1
rc=$?
t $rc "promtool test rules dcachectl.rules.test.yml: every alert fires where it should, and only there"
[ $rc = 0 ] || sed 's/^/# /' "$d/out" | head -n 30
# the test can fail: with a threshold moved, it does
sed 's/dcachectl_hash_longest_chain > 128/dcachectl_hash_longest_chain > 50/' dcachectl.rules.yml >"$d/dcachectl.rules.yml"
cp dcachectl.rules.test.yml "$d/"
! (cd "$d" && "$promtool" test rules dcachectl.rules.test.yml) >/dev/null 2>&1
t $? "... and it fails when a threshold is moved (128 to 50)"

m=$d/dbg/dcachectl
mkdir -p "$m"
printf '%s\n' 'version: 0.1.0' 'kernel: 6.1.0' 'walk.last_ms: 3' 'walk.max_section_ns: 1200' \
	'walk.count: 2' 'shrink.runs: 4' 'shrink.errors: 1' 'shrink.dentries: 10' \
	'shrink.negative: 5' 'shrink.shrinker: 2' >"$m/status"
printf '%s\n' 'dev type id dentries negative unused_dentries unused_inodes bytes' \
	'254:0 ext4 vda 50001 50000 50001 0 9600192' >"$m/superblocks"
printf '%s\n' 'buckets: 16' 'empty: 9' 'hashed: 50001' 'longest: 300' 'hist.0: 9' 'hist.1: 7' >"$m/hashtable"
printf '%s\n' 'unused_dentries path id' '50001 / 1' >"$m/memcgs"
printf '22 1 254:0 / / rw - ext4 /dev/vda rw\n' >"$d/mountinfo"
DCACHECTL_DEBUGFS=$d/dbg DCACHECTL_MOUNTINFO=$d/mountinfo \
	sh "$top/scripts/dcachectl" export --prometheus --output - >"$d/x.prom" 2>"$d/err"
"$top/tests/check-monitoring" "$d/x.prom" >"$d/out" 2>&1
rc=$?
t $rc "the dashboard parses; it and the rules name only metrics the export writes"
[ $rc = 0 ] || sed 's/^/# /' "$d/out"
grep -v '^dcachectl_hash_longest_chain\|^# [A-Z]* dcachectl_hash_longest_chain ' "$d/x.prom" >"$d/y.prom"
"$top/tests/check-monitoring" "$d/y.prom" >"$d/out" 2>&1
[ $? = 1 ] && grep -q 'not in y.prom: dcachectl_hash_longest_chain$' "$d/out"
t $? "... and names what an export without dcachectl_hash_longest_chain lacks"
# Provisioned from a file (no import dialog to fill __inputs) as well as
# imported: every data source is the dashboard's own datasource
# variable, of type prometheus.
jq -e '(has("__inputs") | not) and
	([.templating.list[] | select(.name == "datasource" and .type == "datasource" and .query == "prometheus")] | length == 1) and
	([.. | objects | select(has("datasource")) | .datasource | select(type == "object") | .uid] | length > 0 and all(. == "${datasource}"))' \
	"$top/contrib/grafana/dcachectl.json" >/dev/null
t $? "the dashboard's panels and variables use its \${datasource} variable (provisioned or imported)"
echo "1..$n"
