#!/bin/sh
# Faults: memory pressure during walks (a hog allocating until reclaim
# runs the shrinkers under the walk); SIGKILL in the middle of a walk and
# of a shrink (the call returns, the counters say so, and what a killed
# shrink freed is exactly what left the dcache); a shrink racing the
# umount of its target; walks while the superblock they attribute to is
# being torn down.
. ./lib.sh
plan 13
load_fresh
mount_disk 0 /mnt/a
mount_disk 1 /mnt/b
A=$(devof /mnt/a)
N=60000 H=20000 R=10 F=2000
# KASAN (4-20x slower; memory.high throttles its bigger objects hard):
# fewer of each, the same races
! kasan || { N=10000 H=5000 R=5 F=1000; }
mkdir -p /mnt/a/neg /mnt/b/pos /mnt/t
fsload miss /mnt/a/neg $N
fsload create /mnt/b/pos 5000

# 1. Memory pressure: in a memory cgroup held to 48 MiB (memory.high), a
# process looks up H (20,000) missing names (negative dentries charged to the
# cgroup), then a hog
# allocates 128 MiB, frees it, again, for 15 s: every pass drives the
# cgroup into reclaim, which runs the ext4 shrinker on those dentries
# while a reader walks in a loop. memory.high throttles, never kills.
mkdir -p /sys/fs/cgroup/hog /mnt/a/hog
echo 48M >/sys/fs/cgroup/hog/memory.high
sh -c 'echo $$ >/sys/fs/cgroup/hog/cgroup.procs && exec fsload miss /mnt/a/hog "$1"' - "$H"
scanned0=$(awk '$1 == "slabs_scanned" { print $2 }' /proc/vmstat)
sh -c 'echo $$ >/sys/fs/cgroup/hog/cgroup.procs && exec stress hog 15 128' >/tmp/hog &
stress reader 15 >/tmp/rd
wait
scanned1=$(awk '$1 == "slabs_scanned" { print $2 }' /proc/vmstat)
diag "hog: $(cat /tmp/hog); reader: $(tail -n 1 /tmp/rd); slabs_scanned +$((scanned1 - scanned0))"
cmp_ok "$scanned1" -gt "$scanned0" "reclaim ran the shrinkers under the walks"
is "$(sed -n 's/.*bad=//p' /tmp/rd)" 0 "every walk under memory pressure well formed"
reads=$(sed -n 's/^reads=\([0-9]*\).*/\1/p' /tmp/rd)
cmp_ok "${reads:-0}" -gt 0 "and finished ($reads reads)"
rmdir /sys/fs/cgroup/hog
max=$(field $D/status walk.max_section_entries)
cmp_ok "$max" -le 1024 "no RCU section beyond walk_batch under pressure ($max)"
umount /mnt/a
mount_disk 0 /mnt/a
fsload miss /mnt/a/neg $N

# 2. SIGKILL mid-walk: a killed reader leaves walk.interrupted counted and
# the next read whole. The kill lands after a delay that grows until one
# arrives in the walk.
i0=$(field $D/status walk.interrupted)
for d in 0.01 0.02 0.03 0.05 0.07 0.1 0.15 0.2 0.3; do
	cat $D/hashtable >/dev/null &
	pid=$!
	sleep $d
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ "$(field $D/status walk.interrupted)" != "$i0" ] && break
done
diag "walk killed after ${d} s"
is "$(($(field $D/status walk.interrupted) - i0))" 1 "a SIGKILLed walk is counted in walk.interrupted"
cat $D/hashtable >/tmp/ht
is "$(awk -F': ' '/^hist\./ { s += $2 } END { print s }' /tmp/ht)" "$(field /tmp/ht buckets)" \
	"the next read walks the whole table"

# 3. SIGKILL mid-shrink, with delays that grow until the kill lands
# inside the shrink (the negative dentries are made again when a shrink
# finished first).
kill_shrink() { # kill_shrink CMD DELAY
	printf '%s\n' "$1" | fsload write $D/shrink >/dev/null &
	pid=$!
	sleep "$2"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
}
for d in 0.05 0.03 0.08 0.12 0.02 0.2; do
	neg0=$(sbcol $D/superblocks "$A" negative)
	e0=$(field $D/status shrink.errors)
	r0=$(field $D/status shrink.runs)
	kill_shrink "dev=$A negative" $d
	stopped=$(field $D/last_shrink stopped)
	[ "$(field $D/status shrink.runs)" != "$r0" ] && [ "$stopped" = signal ] && break
	[ "$(sbcol $D/superblocks "$A" negative)" -gt 1000 ] || fsload miss /mnt/a/neg $N
done
freed=$(field $D/last_shrink dentries)
neg1=$(sbcol $D/superblocks "$A" negative)
diag "shrink killed after $d s: $stopped after $freed of $neg0 negative dentries; $neg1 left"
is "$stopped:$(field $D/last_shrink result)" "signal:-4" \
	"a SIGKILLed shrink stops on the signal, with EINTR"
is "$((neg0 - freed))" "$neg1" "what it freed is exactly what left A ($neg0 - $freed = $neg1)"
is "$(($(field $D/status shrink.errors) - e0))" 1 "status counts it as an error"
is "$(shrink "dev=$A negative")" ok "the next shrink runs"

# 4. A shrink racing the umount of its target: umount succeeds, the
# shrink answers, and the superblock is gone afterwards.
fsload miss /mnt/a/neg $N
printf 'dev=%s\n' "$A" | fsload write $D/shrink >/tmp/sh &
pid=$!
sleep 0.05
umount /mnt/a
urc=$?
wait $pid
is "$urc:$(sed 's/ENOENT/ok/' /tmp/sh)" "0:ok" "umount during a shrink of its filesystem: both succeed"
is "$(sbcol $D/superblocks "$A" dev)" "" "and A's superblock is gone"

# 5. Walks while the superblock they attribute to is torn down.
bad=0
i=0
while [ "$i" -lt "$R" ]; do
	i=$((i + 1))
	mount -t tmpfs tmpfs /mnt/t
	fsload create /mnt/t "$F"
	cat $D/superblocks >/tmp/sb$i 2>&1 &
	pid=$!
	umount -l /mnt/t
	wait $pid || bad=$((bad + 1))
	head -n 1 /tmp/sb$i | grep -q '^dev type id dentries' || bad=$((bad + 1))
done
is "$bad" 0 "$R walks racing a lazy umount of a $F-file tmpfs: all whole"
umount /mnt/b
