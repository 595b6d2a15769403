#!/bin/sh
# Secure Boot hosts run under lockdown (integrity): what README promises
# there. Lockdown is raised at run time through securityfs (as a Secure
# Boot kernel would have it from boot; an unsigned module could not be
# loaded then) and cannot be lowered again, so this test runs last.
. ./lib.sh
plan 9
ensure_loaded
grep -q " /sys/kernel/security " /proc/mounts ||
	mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
if [ ! -f /sys/kernel/security/lockdown ]; then
	# A kernel built without the lockdown LSM (the prebuilt debug kernel)
	# has nothing to test here.
	for i in 1 2 3 4 5 6 7 8 9; do
		echo "ok $i # SKIP no lockdown LSM (CONFIG_SECURITY_LOCKDOWN_LSM) in $(uname -r)"
	done
	exit 0
fi
echo integrity >/sys/kernel/security/lockdown
is "$(cat /sys/kernel/security/lockdown)" "none [integrity] confidentiality" \
	"lockdown raised to integrity"
is "$(field $D/status lockdown)" "debugfs restricted; the shrink knob is refused (EPERM)" \
	"status says what lockdown refuses"
cat $D/superblocks >/tmp/sb 2>/dev/null
is "$?:$(head -n 1 /tmp/sb)" "0:dev type id dentries negative unused_dentries unused_inodes bytes" \
	"the read-only views still work"
runs=$(field $D/status shrink.runs)
is "$(shrink 'all negative dry-run')" EPERM "the shrink knob: EPERM"
is "$(field $D/status shrink.runs)" "$runs" "... and nothing ran"
dcachectl shrink --all --negative 2>/tmp/e
is "$?" 1 "dcachectl shrink: exit 1"
is "$(cat /tmp/e)" "dcachectl: shrink 'all negative' refused: EPERM (Operation not permitted); lockdown refuses writable debugfs files (see status)" \
	"dcachectl shrink: says lockdown refused it"
is "$(printf 'seconds=1\n' | fsload write $D/watch):$(field $D/sources state)" "EPERM:idle" \
	"the watch file: EPERM, and no watch started"
dcachectl who --seconds 1 >/dev/null 2>/tmp/e
is "$?:$(cat /tmp/e)" "1:dcachectl: watch refused: EPERM (Operation not permitted); lockdown refuses writable debugfs files (see status)" \
	"dcachectl who: exit 1, and it names lockdown"
