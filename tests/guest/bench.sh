#!/bin/sh
# The benchmarks, run inside the guest by `make bench` (scripts/bench).
# dcc.bench=main on the kernel command line runs the walk, scaling, shrink
# and netns parts on the default hash table; dcc.bench=lat the latency part
# on a table of two buckets (dhash_entries=2), whose chains are long;
# dcc.bench=watch the cost of a watch (dcachectl who) to the programs it
# watches; dcc.bench=drgn the module's walk against drgn's, side by side.
#
# Results are lines "@@ R KEY VALUE" (integers; times in ns unless the key
# says otherwise); the host turns them into the table and the CSV/JSON.
# Everything else is commentary for the log.
# The tests' helpers: D, field, devof, sbcol.
. /tests/lib.sh
part=$(sed -n 's/.*dcc\.bench=\([a-z]*\).*/\1/p' /proc/cmdline)
arg() { sed -n "s/.*dcc\.$1=\([0-9]*\).*/\1/p" /proc/cmdline; }

# rec KEY VALUE: a result. A value that is not an integer (a helper that
# failed inside $(...) leaves its message or nothing) ends the run.
rec() {
	case $2 in
	'' | - | *[!0-9-]* | ?*-*) fail "$1: not a number: '$2'" ;;
	esac
	echo "@@ R $1 $2"
}
# int VALUE WHAT: VALUE, checked to be a non-negative integer.
int() {
	case $1 in
	'' | *[!0-9]*) fail "$2: not a number: '$1'" ;;
	esac
	echo "$1"
}
note() { echo "# $*"; }
now() { fsload now; }
# fail WHY: end the run. To stderr, which reaches the log even from inside
# $(...); a subshell's exit leaves its caller a value rec or int refuses.
fail() {
	echo "@@ FAIL $*" >&2
	exit 1
}

# bench_reads N PREFIX: read the bench file N times; record the medians of
# the walk, of the floor (mean of the floor before and after each walk),
# and of their ratio (x1000), and the dentries counted.
bench_reads() {
	i=0
	: >/tmp/reads
	while [ "$i" -lt "$1" ]; do
		cat $D/bench >/tmp/b || fail "reading $D/bench"
		w=$(field /tmp/b walk.entries)
		f1=$(field /tmp/b floor1.entries)
		f2=$(field /tmp/b floor2.entries)
		echo "$(field /tmp/b walk.ns) $(field /tmp/b floor1.ns) $(field /tmp/b floor2.ns) $w $f1 $f2" >>/tmp/reads
		i=$((i + 1))
	done
	awk -v p="$2" '
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{
		n++; w[n] = $1; f[n] = ($2 + $3) / 2; r[n] = $1 / f[n]
		e = $4
		d = ($5 - $4 < 0 ? $4 - $5 : $5 - $4) + ($6 - $4 < 0 ? $4 - $6 : $6 - $4)
		if (d > drift) drift = d
	}
	END {
		# %.0f: busybox awk prints %d through an int
		printf "@@ R %s.reads %d\n", p, n
		printf "@@ R %s.entries %.0f\n", p, e
		printf "@@ R %s.walk_ns %.0f\n", p, median(w, n)
		printf "@@ R %s.floor_ns %.0f\n", p, median(f, n)
		printf "@@ R %s.ratio_x1000 %.0f\n", p, median(r, n) * 1000
		printf "@@ R %s.floor_drift %.0f\n", p, drift
	}' /tmp/reads
}

# shrink_rec CMD PREFIX: write CMD to the knob; record the wall time and
# what last_shrink says was freed and how long the kernel took.
shrink_rec() {
	t0=$(now)
	echo "$1" >$D/shrink || fail "shrink '$1' refused"
	t1=$(now)
	cat $D/last_shrink >/tmp/ls
	[ "$(field /tmp/ls result)" = ok ] || fail "shrink '$1': $(cat /tmp/ls)"
	rec "$2.wall_ns" $((t1 - t0))
	us=$(int "$(field /tmp/ls duration_us)" "$1: duration_us")
	rec "$2.kernel_ns" $((us * 1000))
	rec "$2.freed_dentries" "$(field /tmp/ls dentries)"
	rec "$2.freed_shrinker" "$(field /tmp/ls shrinker)"
}

# sb DEV COLUMN: a column of DEV's row in the superblocks view.
sb() {
	cat $D/superblocks >/tmp/sb || fail "reading superblocks"
	sbcol /tmp/sb "$1" "$2"
}
inodes() { awk '{ print $1 }' /proc/sys/fs/inode-nr; }

# snap0, then snap1 PREFIX: record what went between the two on A (its
# negative dentries), and outside it: hashed dentries on B and C, the
# quiet superblocks, and inodes machine-wide (inode-nr; A's negative
# dentries have none).
snap0() {
	an0=$(int "$(sb "$A" negative)" "A negative")
	bd0=$(int "$(sb "$B" dentries)" "B dentries")
	cd0=$(int "$(sb "$C" dentries)" "C dentries")
	i0=$(int "$(inodes)" inode-nr)
}
snap1() {
	an1=$(int "$(sb "$A" negative)" "A negative")
	bd1=$(int "$(sb "$B" dentries)" "B dentries")
	cd1=$(int "$(sb "$C" dentries)" "C dentries")
	i1=$(int "$(inodes)" inode-nr)
	rec "$1.a_negative_before" "$an0"
	rec "$1.a_negative_after" "$an1"
	rec "$1.bc_dentries_before" $((bd0 + cd0))
	rec "$1.bc_dentries_freed" $((bd0 + cd0 - bd1 - cd1))
	rec "$1.inodes_before" "$i0"
	rec "$1.inodes_freed" $((i0 - i1))
}

# walk_ns DIR: time to stat every file below DIR.
walk_ns() {
	t0=$(now)
	fsload walk "$1" >/dev/null || fail "walking $1"
	t1=$(now)
	echo $((t1 - t0))
}

# lookup_ns: ns per stat() of the sysctl every container reads, in the
# init netns (median of five runs of 2000).
SYSCTL=/proc/sys/net/ipv6/conf/all/disable_ipv6
lookup_ns() {
	for i in 1 2 3 4 5; do fsload lookup $SYSCTL 2000; done |
		sort -n | awk 'NR == 3 { m = $1 } END { if (NR == 5) print m }'
}

insmod /lib/modules/dcachectl.ko bench=1 cache_ms=0 ||
	fail "insmod dcachectl"
mem=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
# the walk part's boots: walk.bootN (walk.* is the main boot's walk)
hp=$part
[ "$part" != walk ] || hp=walk.boot$(arg walk_boot)
rec "$hp.mem_mib" "$mem"
rec "$hp.cpus" "$(nproc)"
rec "$hp.buckets" "$(field $D/status hash.buckets)"
note "kernel $(uname -r), $(nproc) CPUs, $mem MiB, preempt:" \
	"$(cat /sys/kernel/debug/sched/preempt 2>/dev/null || echo '?')"

# mount_abc: ext4 A and B, tmpfs C.
mount_abc() {
	mkdir -p /mnt/a /mnt/b /mnt/c
	mount -t ext4 /dev/vda /mnt/a || fail "mount A"
	mount -t ext4 /dev/vdb /mnt/b || fail "mount B"
	mount -t tmpfs c /mnt/c || fail "mount C"
	A=$(devof /mnt/a)
	B=$(devof /mnt/b)
	C=$(devof /mnt/c)
}

# walk_table PREFIX: the walk against its floor: >= 1M dentries on three
# superblocks, on the table as the boot left it; PREFIX.* the bench reads
# and the superblocks' dentries.
walk_table() {
	note "building the 1M table: A 700k negative, B 50k files, C 300k files"
	mkdir /mnt/a/tmp /mnt/b/tree /mnt/c/f
	fsload miss /mnt/a/tmp 700000 || fail "fsload miss A"
	for d in 0 1 2 3 4; do
		mkdir /mnt/b/tree/d$d
		fsload create /mnt/b/tree/d$d 10000 || fail "fsload create B"
	done
	fsload create /mnt/c/f 300000 || fail "fsload create C"
	bench_reads 7 "$1"
	rec "$1.a_dentries" "$(sb "$A" dentries)"
	rec "$1.b_dentries" "$(sb "$B" dentries)"
	rec "$1.c_dentries" "$(sb "$C" dentries)"
}

# walk_part: the walk against its floor alone, in a boot of its own (the
# floor moves with slab layout, which each boot draws anew).
walk_part() {
	mount_abc
	walk_table "walk.boot$(arg walk_boot)"
}

main_part() {
	mkdir -p /tmp/ns
	mount_abc
	rec netns.fresh_ns "$(lookup_ns)"

	walk_table walk

	# The netns case: 500 namespaces, each read two sysctls; then the
	# targeted type=proc. A second 500 make the same chains again for
	# drop_caches, below.
	fsload netns 500 /tmp/ns >/dev/null || fail "fsload netns"
	rec netns.churn_ns "$(lookup_ns)"
	shrink_rec "type=proc" netns.proc
	rec netns.proc_ns "$(lookup_ns)"
	mkdir /tmp/ns2
	fsload netns 500 /tmp/ns2 >/dev/null || fail "fsload netns again"
	rec netns.churn2_ns "$(lookup_ns)"

	# The temp-file case: targeted shrink of A's negative dentries.
	# B's tree is walked until warm first (snap0/snap1 say what is counted).
	rec tmpfile.b_entries "$(fsload walk /mnt/b/tree)"
	walk_ns /mnt/b/tree >/dev/null
	rec tmpfile.targeted.b_warm_ns "$(walk_ns /mnt/b/tree)"
	snap0
	shrink_rec "dev=$A negative" tmpfile.targeted
	snap1 tmpfile.targeted
	rec tmpfile.targeted.b_rewalk_ns "$(walk_ns /mnt/b/tree)"

	# The same start again, then drop_caches instead.
	mkdir /mnt/a/tmp2
	fsload miss /mnt/a/tmp2 700000 || fail "fsload miss A again"
	walk_ns /mnt/b/tree >/dev/null
	rec tmpfile.drop.b_warm_ns "$(walk_ns /mnt/b/tree)"
	snap0
	t0=$(now)
	echo 2 >/proc/sys/vm/drop_caches
	t1=$(now)
	rec tmpfile.drop.wall_ns $((t1 - t0))
	snap1 tmpfile.drop
	rec tmpfile.drop.b_rewalk_ns "$(walk_ns /mnt/b/tree)"

	# The netns case again: the second 500 after drop_caches.
	rec netns.drop_ns "$(lookup_ns)"

	# Scaling: the walk and a shrink of N negative dentries on A, over
	# the table left by the parts above (after drop_caches, B's tree walked
	# again, C unmounted): scale.base.
	umount /mnt/c || fail "umount C"
	bench_reads 5 scale.base
	steps="10000 100000 1000000"
	[ "$mem" -lt 7000 ] || steps="$steps 10000000"
	for n in $steps; do
		note "scaling: $n negative dentries on A"
		mkdir "/mnt/a/s$n"
		fsload miss "/mnt/a/s$n" "$n" || fail "fsload miss $n"
		bench_reads 5 "scale.$n"
		shrink_rec "dev=$A negative" "scale.$n.shrink"
	done
}

# lat_reading SECS 0 POLICY: lat on CPU 0 at POLICY (other or fifo) for
# SECS seconds while lat's reader process, on the same CPU, reads chains
# whole again and again (a full walk each time under cache_ms=0); prints
# lat's line. The reader opens the file once: no fork, exec or path
# lookup runs on the CPU beside the walks.
lat_reading() {
	lat "$@" "$D/chains" || fail "lat $* $D/chains"
}

# lat_forking SECS 0 fifo FILE: lat as above while a shell loop on its CPU
# cats FILE again and again: a test, a fork and an exec of cat and a path
# lookup per read (the reader of the earlier runs). With FILE /proc/version
# the module does not walk at all. The loop stops at the flag after its
# last read: rmmod needs every file closed.
lat_forking() {
	rm -f /tmp/stop
	taskset 1 sh -c "while [ ! -e /tmp/stop ]; do cat $4 >/dev/null; done" &
	_r=$!
	lat "$1" "$2" "$3" || {
		touch /tmp/stop
		wait "$_r"
		fail "lat $1 $2 $3"
	}
	touch /tmp/stop
	wait "$_r"
}

lat_part() {
	# the scheduler's events of dcc.lat_trace=1, into a disabled buffer
	T=/sys/kernel/tracing
	[ -e $T/trace ] || mount -t tracefs nodev $T 2>/dev/null
	[ "$(arg lat_trace)" != 1 ] || echo 0 >$T/tracing_on
	n=$(arg lat_entries)
	mkdir -p /mnt/a
	mount -t ext4 /dev/vda /mnt/a || fail "mount A"
	mkdir /mnt/a/l0 /mnt/a/l1
	note "building two chains from $n negative dentries (every insert scans its chain)"
	t0=$(now)
	taskset 1 fsload miss /mnt/a/l0 $((n / 2)) &
	taskset 2 fsload miss /mnt/a/l1 $((n - n / 2)) || fail "fsload miss"
	wait $! || fail "fsload miss"
	t1=$(now)
	rec lat.build_ns $((t1 - t0))
	cat $D/hashtable >/tmp/ht
	rec lat.longest "$(field /tmp/ht longest)"
	rec lat.hashed "$(field /tmp/ht hashed)"

	# The probe alone, then with the views read in a loop on its CPU.
	secs=$(arg lat_secs)
	rec lat.secs "$secs"
	# shellcheck disable=SC2046 # "samples N p50 NS p99 NS max NS"
	set -- $(lat "$secs" 0)
	rec lat.idle.samples "$2"
	rec lat.idle.p50_ns "$4"
	rec lat.idle.p99_ns "$6"
	rec lat.idle.max_ns "$8"
	# batch1024 and batch65536 at SCHED_OTHER; fifo1024: the probe at
	# SCHED_FIFO, which preempts the reader at its first preemption
	# point: what is left of its lateness is a stretch without one.
	# forkchains and forkversion: the probe at SCHED_FIFO beside a
	# forking shell loop that cats chains (walks, as in earlier runs) or
	# /proc/version (no walk): what such a loop adds by itself on this
	# table, where every path lookup may scan a chain of half the table.
	for run in batch1024 batch65536 fifo1024 forkchains forkversion; do
		batch=${run#batch}
		batch=${batch#fifo}
		case $run in fork*) batch=1024 ;; esac
		rmmod dcachectl || fail "rmmod dcachectl"
		insmod /lib/modules/dcachectl.ko cache_ms=0 walk_batch="$batch" ||
			fail "insmod walk_batch=$batch"
		# shellcheck disable=SC2046 # "samples N p50 NS p99 NS max NS ..."
		case $run in
		batch*) set -- $(lat_reading "$secs" 0 other) ;;
		fifo*) set -- $(lat_reading "$secs" 0 fifo) ;;
		forkchains) set -- $(lat_forking "$secs" 0 fifo "$D/chains") ;;
		forkversion) set -- $(lat_forking "$secs" 0 fifo /proc/version) ;;
		esac
		p=lat.$run
		rec "$p.samples" "$2"
		rec "$p.p50_ns" "$4"
		rec "$p.p99_ns" "$6"
		rec "$p.max_ns" "$8"
		rec "$p.reads" "${10:-0}"
		rec "$p.walks" "$(field $D/status walk.count)"
		rec "$p.max_section_entries" "$(field $D/status walk.max_section_entries)"
		rec "$p.max_section_ns" "$(field $D/status walk.max_section_ns)"
		rec "$p.last_walk_ms" "$(field $D/status walk.last_ms)"
	done
	[ "$(arg lat_trace)" != 1 ] || lat_trace "$secs"
}

# lat_trace SECS: evidence for the tail, not a figure. The SCHED_FIFO run
# with lat's reader again (walk_batch=1024), with the scheduler's events on
# CPU 0: each wake-up of the probe, and each switch to it with the stack
# of the task it preempts (the preemption point it reached). The ten
# latest switches are printed with the task switched out and its stack:
# where the stretch without a preemption point ended. Notes only.
# Only with dcc.lat_trace=1, whose boot switched the two events on
# (trace_event=): switching them on now would patch __schedule() while
# the other vCPU runs it, which under TCG can take an int3 (an oops).
# Until here their records went to a disabled buffer (tracing_on 0 from
# the part's start).
lat_trace() {
	T=/sys/kernel/tracing
	[ -e $T/events/sched/sched_switch/trigger ] || {
		note "lat trace: no tracefs events here"
		return 0
	}
	echo 1 >$T/tracing_cpumask
	echo 32768 >$T/buffer_size_kb
	: >$T/trace
	echo 'comm == "lat"' >$T/events/sched/sched_wakeup/filter
	echo 'next_comm == "lat"' >$T/events/sched/sched_switch/filter
	echo 'stacktrace if next_comm == "lat"' >$T/events/sched/sched_switch/trigger
	echo 1 >$T/tracing_on
	# shellcheck disable=SC2046 # "samples N p50 NS p99 NS max NS"
	set -- $(lat_reading "$1" 0 fifo)
	echo 0 >$T/tracing_on
	note "lat trace (SCHED_FIFO, traced): $*"
	# "... [000] d..2. 123.456789: sched_wakeup: comm=lat ..." then
	# sched_switch with prev_comm=X, then " => fn" stack lines
	awk '
	/ sched_wakeup: / { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) w = substr($i, 1, length($i) - 1); next }
	/ sched_switch: / {
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^[0-9]+\.[0-9]+:$/) t = substr($i, 1, length($i) - 1)
			if ($i ~ /^prev_comm=/) c = substr($i, 11)
		}
		n++; lat[n] = w != "" ? (t - w) * 1e6 : -1; who[n] = c; st[n] = ""; k = 0; cur = n; next
	}
	/^ => / && cur && k < 8 { st[cur] = st[cur] " " $2; k++ }
	END {
		for (m = 1; m <= 10 && m <= n; m++) {
			b = 0
			for (i = 1; i <= n; i++) if (!(i in used) && (!b || lat[i] > lat[b])) b = i
			used[b] = 1
			printf "# lat trace: %.0f us late, %s preempted at:%s\n", lat[b], who[b], st[b]
		}
		printf "# lat trace: %d switches to lat\n", n
	}' $T/trace
	: >$T/trace
}

# loop_ns KIND DIR: the time of one loop of N files: "churn" (create and
# unlink each) or "miss" (stat N names that do not exist), in a new DIR.
loop_ns() {
	mkdir "$2" || fail "mkdir $2"
	t0=$(now)
	fsload "$1" "$2" "$n" || fail "fsload $1 $2"
	t1=$(now)
	echo $((t1 - t0))
}

# median FILE: the median of the numbers in FILE, one a line.
median() { sort -n "$1" | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# The watch's cost: each loop unwatched and watched, in turns, 5 times
# (each in a new directory, so that every name is new); the medians.
# Then unwatched again after the last watch ended: with no probe left,
# the cost must be gone. The events the watches counted say they saw
# every file.
watch_part() {
	n=$(arg watch_files)
	rec watch.files "$n"
	mkdir -p /mnt/a
	mount -t ext4 /dev/vda /mnt/a || fail "mount A"
	: >/tmp/churn.idle; : >/tmp/churn.watched; : >/tmp/miss.idle; : >/tmp/miss.watched
	ev=0 dropped=0
	for r in 1 2 3 4 5; do
		loop_ns churn "/mnt/a/ci$r" >>/tmp/churn.idle
		loop_ns miss "/mnt/a/mi$r" >>/tmp/miss.idle
		(printf 'seconds=3600\n' | fsload write $D/watch >/tmp/w) &
		wp=$!
		i=0
		until [ "$(field $D/sources state)" = running ] || [ $i -ge 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		loop_ns churn "/mnt/a/cw$r" >>/tmp/churn.watched
		loop_ns miss "/mnt/a/mw$r" >>/tmp/miss.watched
		printf 'stop\n' | fsload write $D/watch >/dev/null
		wait $wp
		[ "$(cat /tmp/w)" = ok ] || fail "the watch ended with $(cat /tmp/w)"
		cat $D/sources >/tmp/src
		ev=$((ev + $(field /tmp/src events)))
		dropped=$((dropped + $(field /tmp/src dropped) + $(field /tmp/src missed)))
	done
	: >/tmp/churn.after
	for r in 1 2 3 4 5; do loop_ns churn "/mnt/a/ca$r" >>/tmp/churn.after; done
	rec watch.churn.idle_ns "$(median /tmp/churn.idle)"
	rec watch.churn.watched_ns "$(median /tmp/churn.watched)"
	rec watch.miss.idle_ns "$(median /tmp/miss.idle)"
	rec watch.miss.watched_ns "$(median /tmp/miss.watched)"
	rec watch.churn.after_ns "$(median /tmp/churn.after)"
	rec watch.events "$ev"
	rec watch.dropped "$dropped"
	rec watch.probes_after "$(grep -cE ' (d_delete|list_lru_add(_obj)?)\+0x' /sys/kernel/debug/kprobes/list)"
}

# drgn, the peer: the same walk by drgn, the kernel debugger, from the
# Debian root file system on the read-only disk scripts/mkdrgn made (with
# python3-drgn and the kernel's vmlinux with its debug info), in a chroot.
# Over a table of more than 1M dentries: the module's full walk (median
# of 3 bench reads), then drgn's walk of dentry_hashtable
# (tests/guest/drgn-walk.py, with drgn's objects, then with bare reads),
# timed from drgn's start (the whole command) and by the script itself
# (the walk alone). Both count each superblock's hashed and negative
# dentries: A's and C's must agree (nothing else touches them meanwhile).
drgn_part() {
	mkdir -p /mnt/a /mnt/c /mnt/drgn
	mount -t ext4 /dev/vda /mnt/a || fail "mount A"
	mount -t tmpfs c /mnt/c || fail "mount C"
	mount -t ext4 -o ro /dev/vdb /mnt/drgn || fail "mount the drgn disk"
	A=$(devof /mnt/a)
	C=$(devof /mnt/c)
	for m in proc sys dev; do
		mount -o bind /$m /mnt/drgn/$m || fail "bind /$m into the drgn root"
	done
	note "building the 1M table: A 700k negative, C 300k files"
	mkdir /mnt/a/tmp /mnt/c/f
	fsload miss /mnt/a/tmp 700000 || fail "fsload miss A"
	fsload create /mnt/c/f 300000 || fail "fsload create C"
	# drgn's own start once, untimed: its files are then in the cache
	# for the timed run as the module's are
	chroot /mnt/drgn /usr/bin/drgn -q -s /vmlinux /drgn-walk.py start >/tmp/drgn.warm 2>&1 ||
		fail "drgn does not start: $(tail -n 3 /tmp/drgn.warm)"
	bench_reads 3 drgn.module
	rec drgn.module.a_dentries "$(sb "$A" dentries)"
	rec drgn.module.a_negative "$(sb "$A" negative)"
	rec drgn.module.c_dentries "$(sb "$C" dentries)"
	rec drgn.module.c_negative "$(sb "$C" negative)"
	# drgn.*: with drgn's objects; drgn.raw.*: bare reads
	for mode in objects raw; do
		p=drgn
		[ $mode = objects ] || p=drgn.$mode
		t0=$(now)
		chroot /mnt/drgn /usr/bin/drgn -q -s /vmlinux /drgn-walk.py $mode >/tmp/drgn.out 2>/tmp/drgn.err ||
			fail "drgn-walk.py $mode: $(tail -n 3 /tmp/drgn.err)"
		t1=$(now)
		sed "s/^/# drgn $mode: /" /tmp/drgn.out /tmp/drgn.err | head -n 20
		rec $p.total_ns $((t1 - t0))
		rec $p.walk_ns "$(awk '$1 == "walk_ns" { print $2 }' /tmp/drgn.out)"
		for k in a c; do
			dev=$A
			[ $k = a ] || dev=$C
			rec "$p.${k}_dentries" "$(awk -v d="$dev" '$1 == "sb" && $2 == d { print $3 }' /tmp/drgn.out)"
			rec "$p.${k}_negative" "$(awk -v d="$dev" '$1 == "sb" && $2 == d { print $4 }' /tmp/drgn.out)"
		done
	done
	for m in dev sys proc; do umount /mnt/drgn/$m; done
}

case $part in
main) main_part ;;
walk) walk_part ;;
drgn) drgn_part ;;
lat) lat_part ;;
watch) watch_part ;;
*) fail "unknown part '$part'" ;;
esac
echo "@@ END"
