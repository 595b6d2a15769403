#!/bin/sh
# Everything at once, for STRESS_SECS seconds (default 20; 40 on a KASAN
# kernel, whose readers need that long for enough reads): 4 readers
# looping over every view; a shrink loop over rotating selectors;
# temp-file churn on ext4; network namespaces made and destroyed; tmpfs
# and ext4 mounted, filled and unmounted; memory cgroups made, filled and
# removed; and dcachectl unloaded and reloaded under the readers. Every
# read must be well formed or fail with a clean errno (ENOENT while the
# module is away, ENXIO while it goes, EIO for a file removed under an
# open descriptor), every shrink answer ok or one of those; afterwards a
# fresh walk counts exactly and the console is clean (the runner checks:
# no splat, no hung task).
. ./lib.sh
SECS=${STRESS_SECS:-20}
! kasan || SECS=${STRESS_SECS:-40}
plan 12
load_fresh
mount_disk 0 /mnt/a
A=$(devof /mnt/a)
mkdir -p /mnt/a/churn /mnt/a/mc /mnt/m /mnt/t /tmp/stress /sys/fs/cgroup/st
echo +memory >/sys/fs/cgroup/st/cgroup.subtree_control
end=$(($(cut -d. -f1 /proc/uptime) + SECS))
running() { [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ]; }

# Readers pause between reads, on average 150 ms (3 s on a KASAN kernel,
# where a walk takes seconds) or as long as their last read took, if
# longer (a loaded host): the module can be unloaded only while no reader
# holds a file open, and four readers busy half the time leave it such
# moments.
pause=150
! kasan || pause=3000
# While /tmp/stress/hold exists, readers and the shrink loop start no new
# read or write: the reload loop makes it after 5 s of failed rmmods, so
# that a reload happens however slow the reads are (a KASAN kernel, a
# loaded host), and removes it once the module is out.
export STRESS_HOLD=/tmp/stress/hold
for r in 1 2 3 4; do
	stress reader "$SECS" $pause >/tmp/stress/reader$r &
done
(
	set -- "all negative" "type=tmpfs" "type=ext4 negative" "dev=$A" \
		"dir=/mnt/a/churn negative" "type=proc" "all dry-run" \
		"path=/mnt/m max=100" "dir=/mnt/t negative"
	ok=0 enoent=0 bad=0
	while running; do
		for c in "$@"; do
			while [ -e $STRESS_HOLD ] && running; do sleep 0.1; done
			a=$(shrink "$c")
			case $a in
			ok) ok=$((ok + 1)) ;;
			# no target, or the module away: ENOENT; the module
			# on its way out as we open: ENXIO; the file removed
			# under the open descriptor: EIO
			ENOENT | ENXIO | EIO) enoent=$((enoent + 1)) ;;
			*) bad=$((bad + 1)) && echo "# shrink '$c': $a" ;;
			esac
		done
	done
	echo "ok=$ok enoent_enxio_eio=$enoent bad=$bad"
) >/tmp/stress/shrink &
(
	n=0
	while running; do
		fsload churn /mnt/a/churn 1000 && n=$((n + 1000))
	done
	echo "files=$n"
) >/tmp/stress/churn &
(
	n=0 i=0
	while running; do
		i=$((i + 1))
		mkdir -p /tmp/stress/ns$i
		fsload netns 10 /tmp/stress/ns$i
		for f in "/tmp/stress/ns$i"/*; do umount "$f" && n=$((n + 1)); done
		rm -rf /tmp/stress/ns$i
	done
	echo "netns=$n"
) >/tmp/stress/netns &
(
	n=0
	while running; do
		# a path= or dir= shrink holds the path: umount is EBUSY
		# until it ends, so retry rather than stack mounts
		mount -t tmpfs tmpfs /mnt/t && fsload create /mnt/t 300 &&
			until umount /mnt/t 2>/dev/null; do sleep 0.1; done &&
			n=$((n + 1))
		mount -t ext4 /dev/vdb /mnt/m && mkdir -p /mnt/m/s &&
			fsload churn /mnt/m/s 300 &&
			until umount /mnt/m 2>/dev/null; do sleep 0.1; done &&
			n=$((n + 1))
	done
	echo "mounts=$n"
) >/tmp/stress/mounts 2>&1 &
(
	n=0
	while running; do
		fsload memcgs /sys/fs/cgroup/st 4 25 /mnt/a/mc &&
			rmdir /sys/fs/cgroup/st/cg0 /sys/fs/cgroup/st/cg1 \
				/sys/fs/cgroup/st/cg2 /sys/fs/cgroup/st/cg3 &&
			n=$((n + 4))
	done
	echo "memcgs=$n"
) >/tmp/stress/memcgs 2>&1 &
(
	n=0 busy=0 held=0
	while running; do
		sleep 1
		# A reader or a shrink with a file open holds the module
		# (EBUSY): retry; after 5 s, hold new opens off until it is
		# out and back. (A module already out, after a failed insmod,
		# is loaded again below.)
		t0=$(cut -d. -f1 /proc/uptime)
		while running && [ -d /sys/module/dcachectl ] &&
			! rmmod dcachectl 2>/dev/null; do
			busy=$((busy + 1))
			if [ ! -e $STRESS_HOLD ] &&
				[ $(($(cut -d. -f1 /proc/uptime) - t0)) -ge 5 ]; then
				: >$STRESS_HOLD
				held=$((held + 1))
			fi
			sleep 0.1
		done
		[ -d $D ] || { insmod /lib/modules/dcachectl.ko cache_ms=0 && n=$((n + 1)); }
		rm -f $STRESS_HOLD
	done
	echo "reloads=$n busy=$busy held=$held"
) >/tmp/stress/reload &
wait

for f in reader1 reader2 reader3 reader4 shrink churn netns mounts memcgs reload; do
	diag "$f: $(tail -n 1 /tmp/stress/$f)"
done
grep -h '^#' /tmp/stress/reader* /tmp/stress/shrink | head -n 5
bad=$(cat /tmp/stress/reader* | awk -F'bad=' '/bad=/ { s += $2 } END { print s + 0 }')
reads=$(cat /tmp/stress/reader* | awk -F'[= ]' '/^reads=/ { s += $2 } END { print s + 0 }')
is "$bad" 0 "$reads reads by 4 readers: every one well formed or a clean errno"
cmp_ok "$reads" -ge 8 "the readers got through ($reads reads)"
is "$(sed -n 's/.*bad=//p' /tmp/stress/shrink)" 0 "every shrink answered ok, ENOENT, ENXIO or EIO"
v() { sed -n "s/.*$2=\([0-9]*\).*/\1/p" "/tmp/stress/$1"; }
cmp_ok "$(v shrink ok)" -gt 0 "shrinks ran ($(v shrink ok))"
cmp_ok "$(v churn files)" -gt 0 "temp files churned ($(v churn files))"
cmp_ok "$(v netns netns)" -gt 0 "network namespaces made and destroyed ($(v netns netns))"
cmp_ok "$(v mounts mounts)" -gt 0 "filesystems mounted and unmounted ($(v mounts mounts))"
cmp_ok "$(v memcgs memcgs)" -gt 0 "memory cgroups made and removed ($(v memcgs memcgs))"
cmp_ok "$(v reload reloads)" -gt 0 "module reloads under the readers ($(v reload reloads))"

# Afterwards: one walk's views agree with each other, and a fresh
# filesystem is counted exactly.
ensure_loaded
load_fresh cache_ms=600000
cat $D/superblocks >/tmp/stress/sb
hashed=$(field $D/hashtable hashed)
un=$(field $D/status walk.last_unattributed)
is "$(($(total_dentries /tmp/stress/sb) + un))" "$hashed" \
	"one walk: superblock rows add up to the hashed dentries"
umount /mnt/a
mount_disk 0 /mnt/a
mkdir -p /mnt/a/after
fsload create /mnt/a/after 500
load_fresh
is "$(sbcol $D/superblocks "$A" dentries)" 501 "a fresh walk counts A's new directory and 500 files exactly"
is "$(grep -c '/tmp/stress/ns\| /mnt/[mt] ' /proc/mounts)" 0 \
	"no bind mount of a namespace, no tmpfs or ext4 of the loop left mounted"
umount /mnt/a
