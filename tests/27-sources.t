#!/bin/sh
# Who makes the negative dentries: while a watch runs (watch, seconds=N),
# one program churns temp files on ext4 A (create and unlink: each unlink
# leaves a negative dentry), another, in the memory cgroup /who, looks up
# missing names on ext4 B (each leaves one). sources names both programs
# by comm and tgid, the cgroup, both directories and filesystems, each
# with its count within 5% of what it did, split by how they came. The
# kprobes are in the kernel's list only while a watch runs: not after it
# ends by "stop", by its time, by a SIGKILL to its writer, nor after
# rmmod (which a running watch refuses: its writer holds the module).
# Bad input gets its errno and one escaped log line.
. ./lib.sh
N=4000 M=3000
# KASAN (4-20x slower): fewer, the same checks
! kasan || { N=1000 M=800; }
plan 35
load_fresh
K=/sys/kernel/debug/kprobes/list
PROBES=' (d_delete|list_lru_add(_obj)?)\+0x'
probes() { grep -cE "$PROBES" $K 2>/dev/null; }
watch() { printf '%s\n' "$1" | fsload write $D/watch; }
src() { cat $D/sources >/tmp/src; }
# row KIND FIELD MATCH: FIELD of the first KIND row whose last column is MATCH
row() {
	awk -v k="$1" -v f="$2" -v m="$3" '$1 == k && NF > 1 && !h[k]++ { for (i = 2; i <= NF; i++) c[i - 1] = $i; next }
		$1 == k && $NF == m { for (i = 2; i <= NF; i++) if (c[i - 1] == f) print $i; exit }' /tmp/src
}
# within GOT WANT: GOT is within 5% of WANT
within() { [ "${1:-0}" -ge $(($2 * 95 / 100)) ] && [ "${1:-0}" -le $(($2 * 105 / 100)) ]; }

is "$(field $D/status feature.sources)" on "status: feature.sources: on"
src
is "$(field /tmp/src state)" idle "sources before any watch: state idle"
is "$(probes)" 0 "no kprobe of ours before a watch"

mount_disk 0 /mnt/a
mount_disk 1 /mnt/b
A=$(devof /mnt/a)
B=$(devof /mnt/b)
mkdir -p /mnt/a/tmp /mnt/b/look
echo +memory >/sys/fs/cgroup/cgroup.subtree_control
mkdir -p /sys/fs/cgroup/who
cp "$(command -v fsload)" /tmp/churner
cp "$(command -v fsload)" /tmp/looker

# The watch, its writer in the background until "stop".
(watch seconds=600 >/tmp/w1) &
wp=$!
i=0
until [ "$(field $D/sources state)" = running ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
grep -E "$PROBES" $K | sed 's/^[0-9a-f]* */# kprobe: /'
is "$(probes)" 2 "while the watch runs, the kernel lists its two kprobes (d_delete, list_lru_add)"
/tmp/churner churn /mnt/a/tmp "$N" &
cp1=$!
sh -c 'echo $$ >/sys/fs/cgroup/who/cgroup.procs && exec /tmp/looker miss /mnt/b/look "$1"' - "$M" &
lp=$!
wait $cp1 $lp
is "$(watch stop)" ok "stop is accepted"
wait $wp
is "$(cat /tmp/w1)" ok "the watch's write returns ok once stopped"
src
sed 's/^/# /' /tmp/src | head -n 30
is "$(field /tmp/src state) $(field /tmp/src reason) $(field /tmp/src dropped) $(field /tmp/src missed)" \
	"ended stop 0 0" "sources: ended, by stop, nothing dropped or missed"
is "$(probes)" 0 "no kprobe of ours once it ended"

c=$(row process count churner) u=$(row process unlink churner) t=$(row process tgid churner)
within "$c" "$N"
ok $? "churner: $c negative dentries (it unlinked $N files)"
is "$u:$t" "$c:$cp1" "... all by unlink, by its tgid"
c=$(row process count looker) u=$(row process unlink looker) t=$(row process tgid looker)
within "$c" "$M"
ok $? "looker: $c negative dentries (it looked up $M missing names)"
is "$u:$t" "0:$lp" "... none by unlink, by its tgid"
c=$(row cgroup count /who) u=$(row cgroup unlink /who)
within "$c" "$M"
ok $? "the cgroup /who: $c, the looker's"
is "$u" 0 "... none by unlink"
c=$(row dir count /tmp)
within "$c" "$N"
ok $? "the directory /tmp: $c"
is "$(row dir dev /tmp) $(row dir type /tmp)" "$A ext4" "... on ext4 A ($A)"
c=$(row dir count /look)
within "$c" "$M"
ok $? "the directory /look: $c"
is "$(row dir dev /look) $(row dir type /look)" "$B ext4" "... on ext4 B ($B)"
cmp_ok "$(field /tmp/src events)" -ge $(((N + M) * 95 / 100)) "events: at least what the two did"
is $(($(field /tmp/src unlink) + $(field /tmp/src lookup))) "$(field /tmp/src events)" \
	"events are unlinks plus lookups"
no_pointers /tmp/src
ok $? "sources prints no kernel address"

# Cold unlinks: a name the cache does not hold is looked up by the unlink
# itself, positive and off the LRU list, and the negative dentry it leaves
# goes on that list at the unlinker's last dput, as a failed lookup's
# does. Each counts once, as an unlink.
C=600
! kasan || C=200
mkdir -p /mnt/a/cold
fsload create /mnt/a/cold $C
sync
echo 2 >/proc/sys/vm/drop_caches
cp "$(command -v fsload)" /tmp/unlinker
(watch seconds=600 >/tmp/w1) &
wp=$!
i=0
until [ "$(field $D/sources state)" = running ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
/tmp/unlinker unlink /mnt/a/cold $C
watch stop >/dev/null
wait $wp
src
is "$(row process count unlinker) $(row process unlink unlinker) $(row dir count /cold)" "$C $C $C" \
	"$C unlinks of names not in the cache: $C negative dentries, all by unlink, in /cold"

# By its time.
is "$(watch seconds=1)" ok "seconds=1: the write returns ok after its second"
src
is "$(field /tmp/src reason):$(probes)" "timeout:0" "... ended by its time, no kprobe left"

# A SIGKILLed writer.
sh -c 'printf "seconds=600\n" >'$D'/watch' &
kp=$!
i=0
until [ "$(field $D/sources state)" = running ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -9 $kp
wait $kp 2>/dev/null
src
is "$(field /tmp/src state) $(field /tmp/src reason):$(probes)" "ended signal:0" \
	"a SIGKILLed writer ends the watch, no kprobe left"

# The command: who, while the churner runs again. The probes go in and
# out while nothing hammers dput(): under TCG, Debian's 7.2 can take an
# int3 it did not place when it patches a function another vCPU runs
# (it did so at boot too, without this module: tests/run-matrix retries
# such boots).
WS=3 WF=1000
! kasan || { WS=8 WF=200; }
mkdir -p /mnt/a/tmp2 /mnt/a/tmp3
who_bg() { # who_bg DIR ARGS...: who in the background, the churner in DIR
	_d=$1
	shift
	dcachectl who --seconds $WS "$@" >/tmp/who.out 2>>/tmp/who.err &
	_w=$!
	i=0
	until [ "$(field $D/sources state)" = running ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
	/tmp/churner churn "$_d" $WF &
	cp1=$!
	wait $cp1
	wait $_w
	rc=$rc$?
}
: >/tmp/who.err
rc=
who_bg /mnt/a/tmp2 --json
mv /tmp/who.out /tmp/who.json
c1=$cp1
who_bg /mnt/a/tmp3
mv /tmp/who.out /tmp/who.txt
sed 's/^/# /' /tmp/who.txt /tmp/who.err | head -n 20
artifact who.json /tmp/who.json
grep -q "^{\"state\": \"ended\", \"reason\": \"timeout\", \"seconds\": $WS\\.[0-9], " /tmp/who.json &&
	grep -q "{\"count\": $WF, \"error\": 0, \"unlink\": $WF, \"lookup\": 0, \"rate\": [0-9.]*, \"tgid\": $c1, \"comm\": \"churner\"}" /tmp/who.json &&
	grep -q '"path": "/tmp2", "where": "/mnt/a/tmp2"' /tmp/who.json
ok $? "dcachectl who --seconds $WS --json: ended by its time, the churner's $WF unlinks, /tmp2 as /mnt/a/tmp2"
head -n 1 /tmp/who.txt | grep -q "^watch: ended, $WS\\.[0-9] s (timeout); " &&
	grep -q " churner ($cp1)\$" /tmp/who.txt && grep -q " /mnt/a/tmp3 (ext4 $A)\$" /tmp/who.txt
ok $? "dcachectl who --seconds $WS: the same as tables"
is "$rc:$(grep -c . /tmp/who.err)" "00:0" "both exit 0, nothing on standard error"
dcachectl who --seconds 0 >/dev/null 2>/tmp/who.err
is "$?:$(head -n 1 /tmp/who.err)" "2:dcachectl: --seconds needs a whole number of seconds, 1 to 3600" \
	"who --seconds 0: exit 2, one line"

# Bad input: errno and one log line, escaped; nothing starts.
bad=
for c in "seconds=0:ERANGE" "seconds=3601:ERANGE" "seconds=x:EINVAL" "sleep:EINVAL" "stop:ENOENT"; do
	n0=$(dmesg | grep -c 'dcachectl: watch:')
	a=$(watch "${c%:*}")
	n1=$(dmesg | grep -c 'dcachectl: watch:')
	[ "$a" = "${c#*:}" ] && [ $((n1 - n0)) = 1 ] || bad="$bad ${c%:*}=$a/$((n1 - n0))"
done
is "${bad:-none}" none "seconds=0, 3601, x, an unknown word, stop with none running: ERANGE, EINVAL, ENOENT, one log line each"
printf 'seconds=\033[2J\n' | fsload write $D/watch >/dev/null
dmesg | tail -n 1 | grep -q 'watch: seconds= needs a whole number: seconds=\\033\[2J$'
ok $? "the user's bytes are escaped in the log line"
(watch seconds=600 >/tmp/w2) &
wp=$!
i=0
until [ "$(field $D/sources state)" = running ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
is "$(watch seconds=5)" EBUSY "a second watch while one runs: EBUSY"
dcachectl who --seconds 1 >/dev/null 2>/tmp/who.err
rc=$?
sed 's/^/# /' /tmp/who.err
[ $rc = 1 ] && grep -q '^dcachectl: watch refused: EBUSY (.*); kernel: watch: a watch is already running; another watch runs' /tmp/who.err
ok $? "dcachectl who meanwhile: exit 1, EBUSY, the kernel's line, what to do"

# rmmod while it runs: refused, the watch goes on; after it, rmmod works
# and nothing of ours is registered.
rmmod dcachectl 2>/dev/null
is "$?:$(field $D/sources state):$(probes)" "1:running:2" "rmmod during a watch is refused (its writer holds the module)"
watch stop >/dev/null
wait $wp
rmmod dcachectl
is "$?:$(probes)" "0:0" "after the watch, rmmod works and no kprobe of ours is left"
insmod /lib/modules/dcachectl.ko
umount /mnt/a /mnt/b
