#!/bin/sh
# `dcachectl export --prometheus --output FILE` against a local attacker,
# on the host, as root: the command runs under dash and under busybox sh
# (with busybox's applets, as in the guest) against a stand-in debugfs (as
# in cli.sh); an unprivileged user (a free uid with no account) plants
# what it can. The output's directory must be root's and writable
# by root only (else exit 3 and nothing written); no planted link or file
# is followed or reused, nor a link on the way to the directory; the file
# is root's 0644 whatever the umask; label
# values are escaped; memcg labels cut by the module stay unique.
# DCACHECTL_CLI=PATH runs another dcachectl (e.g. an older one) instead.
# Single quotes hold the $(id) of the test names and the inner scripts.
# shellcheck disable=SC2016
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cli=${DCACHECTL_CLI:-$top/scripts/dcachectl}
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP export.sh runs as root (it plays root and a local user)"
	exit 0
fi
# The local user: a uid and gid no account or group has (the first free
# from 64000), so that nothing is added to the system, or left in it.
auid=64000
while getent passwd "$auid" >/dev/null || getent group "$auid" >/dev/null; do
	auid=$((auid + 1))
done
agid=$auid
as_user() { setpriv --reuid="$auid" --regid="$agid" --clear-groups "$@"; }

# on a tmpfs when there is one: ext4 takes seconds over these 15,000 files
where=/tmp
[ -d /dev/shm ] && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && where=/dev/shm
d=
trap '[ -z "$d" ] || rm -rf "$d"' EXIT
# dash runs no EXIT trap when a signal kills it: exit on them instead
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 141' PIPE
d=$(mktemp -d "$where/dcc-export.XXXXXX")
chmod 0755 "$d"
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then r=ok; else r="not ok"; fi
	printf '%s %d - export (%s): %s\n' "$r" $n "$shn" "$2"
}

# The module's files, with a memcgs view in its newer format (an id
# column); names with a quote, a backslash (\134), a newline (\012), $(id)
# and, raw, an escape character and a non-UTF-8 byte (a module that did
# not escape them); two memcg paths cut at 255 bytes to the same text.
m=$d/dbg/dcachectl
mkdir -p "$m"
printf '%s\n' 'version: 0.1.0' 'walk.last_ms: 3' 'walk.max_section_ns: 1200' \
	'walk.count: 2' 'shrink.runs: 4' 'shrink.errors: 1' 'shrink.dentries: 10' \
	'shrink.negative: 5' 'shrink.shrinker: 2' >"$m/status"
cat >"$m/superblocks" <<'V'
dev type id dentries negative unused_dentries unused_inodes bytes
254:0 ext4 vda 50001 50000 50001 0 9600192
0:50 fuse x 5 0 0 0 960
V
printf '%s\n' 'buckets: 16' 'empty: 9' 'hashed: 50012' 'longest: 300' \
	'mean_nonempty: 7144.57' 'approx_chains: 0' 'hist.0: 9' 'hist.1: 7' >"$m/hashtable"
long=$(awk 'BEGIN { s = "/pods"; while (length(s) < 255) s = s "/abcdefghij"; print substr(s, 1, 255) }')
l252=$(printf '%s' "$long" | cut -c 1-252)
l251=$(printf '%s' "$long" | cut -c 1-251)
{
	echo 'unused_dentries path id'
	echo "50658 / 1"
	printf '101 /pods/q"\\134x\\012y$(id)\033\351z 77\n'
	echo "30 $long 1234"
	echo "20 $long 5678"
	echo "10 $l252 91"
	echo "9 $l251 92"
} >"$m/memcgs"
cp "$m/memcgs" "$d/memcgs.id"
printf '22 1 0:2 / / rw - rootfs rootfs rw\n' >"$d/mountinfo"
printf '24 22 254:0 / /mnt/q"\\134x\\012y$(id) rw - ext4 /dev/vda rw\n' >>"$d/mountinfo"
export DCACHECTL_DEBUGFS="$d/dbg" DCACHECTL_MOUNTINFO="$d/mountinfo"

# run SHELL FILE: the command's export into FILE; $rc, stderr in $d/err.
run() {
	if [ "$1" = dash ]; then
		(umask "${um:-022}" && exec dash "$cli" export --prometheus --output "$2") >/dev/null 2>"$d/err"
	else
		# busybox sh runs its own applets (mv, mktemp, ls, awk), as in
		# the guest
		(umask "${um:-022}" && exec busybox sh "$cli" export --prometheus --output "$2") \
			>/dev/null 2>"$d/err"
	fi
	rc=$?
}
# stdout: the export to standard output, under $shn; stderr in $d/err
stdout() {
	if [ "$shn" = dash ]; then
		dash "$cli" export --prometheus --output - 2>"$d/err"
	else
		busybox sh "$cli" export --prometheus --output - 2>"$d/err"
	fi
}
# snap DIR: every name below DIR with inode, type, links, owner, mode,
# size, link target and checksum: equal snapshots, nothing changed.
snap() {
	(cd "$1" && find . -printf '%i %y %n %u %m %s %p -> %l\n' | sort &&
		find . -type f -exec md5sum {} + | sort)
}
# one_line: the refusal is one line on stderr
one_line() { [ "$(wc -l <"$d/err")" = 1 ]; }
# fresh FILE: FILE is a regular file (not a link), root's, 0644, 1 link,
# holding exactly what --output - prints
fresh() {
	[ -f "$1" ] && [ ! -L "$1" ] &&
		[ "$(stat -c '%u %a %h' "$1")" = "0 644 1" ] && cmp -s "$1" "$d/want"
}
# plant DIR BASE KIND [as_user]: names a temporary file of BASE might take in DIR:
# the old "BASE.PID.tmp" for the next 3000 process ids, and 500 names of
# mktemp's kind (.dcachectl-export.XXXXXX); KIND link: symbolic links to
# empty files of root in DIR.via (one written through is not empty),
# made by root or, with as_user, by the attacker; KIND file: empty
# regular files of the attacker, mode 0666.
plant() {
	p0=$(sh -c 'echo $$')
	pmax=$(cat /proc/sys/kernel/pid_max)
	awk -v b="$2" -v p0="$p0" -v pmax="$pmax" 'BEGIN {
		for (i = 1; i <= 3000; i++) {
			p = p0 + i; if (p >= pmax) p = p - pmax + 300
			print b "." p ".tmp"
		}
		srand(p0)
		abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
		for (i = 1; i <= 500; i++) {
			s = ".dcachectl-export."
			for (j = 0; j < 6; j++) s = s substr(abc, int(rand() * 62) + 1, 1)
			print s
		}
	}' >"$d/names"
	if [ "$3" = link ]; then
		mkdir -p "$1.via"
		(cd "$1.via" && xargs touch <"$d/names")
		sed "s|^|$1.via/|" "$d/names" | ${4:-} xargs ln -s -t "$1"
	else
		(cd "$1" && xargs touch <"$d/names" && xargs chown "$auid:$agid" <"$d/names" &&
			xargs chmod 0666 <"$d/names")
	fi
}

for shn in dash busybox; do
	s=$d/$shn
	mkdir -m 0755 "$s"
	um=022
	# what the file must hold: the same command's standard output
	stdout >"$d/want" && grep -q '^dcachectl_up 1$' "$d/want" && [ ! -s "$d/err" ]
	t $? "--output - prints the metrics on standard output"

	# A directory of the attacker, who planted a link at the output name
	# and at every temporary name it could guess.
	mkdir -m 0755 "$s/att"
	chown "$auid:$agid" "$s/att"
	echo victim >"$s/victim"
	as_user ln -s "$s/victim" "$s/att/dcachectl.prom"
	plant "$s/att" dcachectl.prom link as_user
	snap "$s/att" >"$d/before"
	snap "$s/att.via" >"$d/before.via"
	run $shn "$s/att/dcachectl.prom"
	[ "$rc" = 3 ] && one_line && snap "$s/att" | cmp -s - "$d/before" &&
		snap "$s/att.via" | cmp -s - "$d/before.via" && [ "$(cat "$s/victim")" = victim ]
	t $? "a directory of another user: exit 3, one line, nothing written or followed"

	# Debian's layout: /var/lib/prometheus is the prometheus user's, its
	# node-exporter root's 0755. Written while it is so; once the user has
	# renamed it and put a link to another root directory (a stand-in for
	# /etc/bash_completion.d, whose files a root shell sources) in its
	# place, refused: nothing lands in that directory.
	mkdir -m 0755 "$s/varlib" "$s/varlib/node-exporter" "$s/etcbc"
	chown "$auid:$agid" "$s/varlib"
	run $shn "$s/varlib/node-exporter/dcachectl.prom"
	[ "$rc" = 0 ] && fresh "$s/varlib/node-exporter/dcachectl.prom"
	t $? "a root 0755 directory in a directory of the user (Debian's layout): written"
	as_user mv "$s/varlib/node-exporter" "$s/varlib/old"
	as_user ln -s "$s/etcbc" "$s/varlib/node-exporter"
	run $shn "$s/varlib/node-exporter/dcachectl.prom"
	[ "$rc" = 3 ] && one_line && [ -z "$(ls -A "$s/etcbc")" ]
	t $? "... swapped by the user for a link to another root directory: exit 3, one line, nothing written there"

	# FUSE: its daemon chooses owner and mode (stat -f stubbed to say
	# FUSE_SUPER_MAGIC; dash only, busybox sh runs its own stat applet)
	if [ "$shn" = dash ]; then
		mkdir -m 0755 "$s/fuse" "$d/fakebin"
		printf '#!/bin/sh\ncase "$1" in -f) echo 65735546 ;; *) exec /usr/bin/stat "$@" ;; esac\n' >"$d/fakebin/stat"
		chmod 0755 "$d/fakebin/stat"
		PATH="$d/fakebin:$PATH" run dash "$s/fuse/dcachectl.prom"
		[ "$rc" = 3 ] && one_line && grep -q 'on a FUSE filesystem' "$d/err" && [ -z "$(ls -A "$s/fuse")" ]
		t $? "a directory on FUSE (a user's daemon answers stat): exit 3, one line, nothing written"
		rm -rf "$d/fakebin"
	fi

	# root's, but writable by the attacker's group; then by others
	for who in group others; do
		if [ $who = group ]; then gid=$agid mode=0775; else gid=0 mode=0757; fi
		mkdir "$s/$who"
		chown "0:$gid" "$s/$who"
		chmod "$mode" "$s/$who"
		snap "$s/$who" >"$d/before"
		run $shn "$s/$who/dcachectl.prom"
		[ "$rc" = 3 ] && one_line && snap "$s/$who" | cmp -s - "$d/before"
		t $? "a root directory writable by $who (mode $mode): exit 3, one line, nothing written"
	done

	# /tmp: sticky and writable by all
	tp=/tmp/dcc-export-test.$$.$shn.prom
	rm -f "$tp"
	run $shn "$tp"
	[ "$rc" = 3 ] && one_line && [ ! -e "$tp" ] && [ ! -L "$tp" ]
	t $? "/tmp (sticky, o+w): exit 3, nothing written"
	rm -f "$tp" /tmp/dcc-export-test.$$.$shn.prom.*.tmp

	# A root 0755 directory (the attacker cannot plant there: root did,
	# as an earlier unsafe setup could have left them): links at the old
	# temporary names BASE.PID.tmp for the next 3000 ids and at 500 of
	# the kind mktemp makes.
	mkdir -m 0755 "$s/links"
	plant "$s/links" dcachectl.prom link
	snap "$s/links.via" >"$d/before"
	run $shn "$s/links/dcachectl.prom"
	[ "$rc" = 0 ] && fresh "$s/links/dcachectl.prom" && snap "$s/links.via" | cmp -s - "$d/before" &&
		[ "$(find "$s/links" -type l | wc -l)" = 3500 ] &&
		[ "$(find "$s/links" ! -type l | wc -l)" = 2 ]
	t $? "planted links at 3500 temporary names: none followed or removed, the file written"

	# pre-created temporary files of the attacker, mode 0666
	mkdir -m 0755 "$s/pre"
	plant "$s/pre" dcachectl.prom file
	run $shn "$s/pre/dcachectl.prom"
	[ "$rc" = 0 ] && fresh "$s/pre/dcachectl.prom" &&
		[ -z "$(find "$s/pre" -type f -uid "$auid" ! -empty)" ] &&
		[ "$(find "$s/pre" -type f -uid "$auid" | wc -l)" = 3500 ]
	t $? "pre-created temporary files of the user: none reused, the file root's 0644"

	# the output name: a link to a victim file; a hard link to one; a
	# link to a directory; a directory
	mkdir -m 0755 "$s/out"
	echo victim >"$s/v1"
	echo victim >"$s/v2"
	mkdir "$s/vdir"
	ln -s "$s/v1" "$s/out/sym.prom"
	ln "$s/v2" "$s/out/hard.prom"
	ln -s "$s/vdir" "$s/out/dir.prom"
	mkdir "$s/out/real.prom"
	run $shn "$s/out/sym.prom"
	[ "$rc" = 0 ] && fresh "$s/out/sym.prom" && [ "$(cat "$s/v1")" = victim ]
	t $? "output name a link to a file: the link replaced, the file untouched"
	run $shn "$s/out/hard.prom"
	[ "$rc" = 0 ] && fresh "$s/out/hard.prom" && [ "$(cat "$s/v2")" = victim ] &&
		[ "$(stat -c %h "$s/v2")" = 1 ]
	t $? "output name a hard link to a file: the name replaced, the file untouched"
	run $shn "$s/out/dir.prom"
	{ [ "$rc" = 2 ] && [ -L "$s/out/dir.prom" ] || { [ "$rc" = 0 ] && fresh "$s/out/dir.prom"; }; } &&
		[ -z "$(ls -A "$s/vdir")" ]
	t $? "output name a link to a directory: refused (exit 2) or replaced, nothing in the directory"
	run $shn "$s/out/real.prom"
	[ "$rc" = 2 ] && [ -z "$(ls -A "$s/out/real.prom")" ] && [ -z "$(find "$s/out" -name '.*' -type f)" ]
	t $? "output name a directory: exit 2, nothing in it, no temporary left"

	# umask 077: still root's 0644, readable by node_exporter's user
	mkdir -m 0755 "$s/um"
	um=077
	run $shn "$s/um/dcachectl.prom"
	um=022
	[ "$rc" = 0 ] && fresh "$s/um/dcachectl.prom" && as_user cat "$s/um/dcachectl.prom" >/dev/null 2>&1 &&
		[ "$(ls -A "$s/um")" = dcachectl.prom ]
	t $? "umask 077: the file is root's 0644 (the user reads it), no temporary left"

	# a write that fails (a full tmpfs, in a mount namespace of its own):
	# exit 1, one line, the old file and no temporary left
	mkdir -m 0755 "$s/full"
	if [ "$shn" = dash ]; then sh=dash; else sh="busybox sh"; fi
	unshare -m sh -c 'mount -t tmpfs -o size=4k,mode=0755 none "$1" || exit 99
		echo old >"$1/dcachectl.prom"
		'"$sh"' "$2" export --prometheus --output "$1/dcachectl.prom" 2>"$3"
		echo "$?:$(ls -A "$1" | tr "\n" " "):$(cat "$1/dcachectl.prom")"' - \
		"$s/full" "$cli" "$d/err" >"$d/full" 2>/dev/null
	[ "$(cat "$d/full")" = "1:dcachectl.prom :old" ] && one_line
	t $? "a failed write (ENOSPC): exit 1, one line, the old file kept, no temporary left"

	# label values
	lbl='/mnt/q\"\\134x\\012y$(id)'
	grep -qF "dcachectl_superblock_dentries{device=\"/dev/vda\",fstype=\"ext4\",mountpoint=\"$lbl\"} 50001" "$d/want" &&
		grep -qF "dcachectl_memcg_unused_dentries{memcg=\"/pods/q\\\"\\\\134x\\\\012y\$(id)\\\\033\\\\351z\"} 101" "$d/want" &&
		! grep -q 'uid=' "$d/want"
	t $? 'label values: " \ and $(id) escaped, \012 kept as text, raw ESC and \351 as \\ooo'
	LC_ALL=C grep -q '[^ -~]' "$d/want"
	[ $? = 1 ]
	t $? "the file is printable ASCII, one sample or comment per line"
	bad=$(awk '
		/^# HELP [a-z_]+ / { help[$3] = 1; next }
		/^# TYPE [a-z_]+ (gauge|counter)$/ { if (!help[$3] || typ[$3]) print "type: " $0; typ[$3] = 1; next }
		/^[a-z_]+(\{([a-z_]+="([^"\\]|\\[\\"n])*",)*[a-z_]+="([^"\\]|\\[\\"n])*"\})? [0-9]+(\.[0-9]+)?$/ {
			n = $0; sub(/[{ ].*/, "", n)
			if (!typ[n]) print "no TYPE: " $0
			s = $0; sub(/ [^ ]*$/, "", s)
			if (seen[s]++) print "twice: " $0
			next
		}
		{ print "bad line: " $0 }' "$d/want")
	[ -z "$bad" ] || printf '%s\n' "$bad" | sed 's/^/# /'
	[ -z "$bad" ]
	t $? "every line well formed (the exposition grammar), every series once"
	if promtool=$("$top/scripts/fetch-promtool" 2>/dev/null); then
		"$promtool" check metrics <"$d/want" >/dev/null 2>&1
		t $? "promtool check metrics"
	fi

	# memcg labels: a path of 252 bytes or more may be cut, so the id is
	# added; a shorter one stays as it is
	grep -qF "memcg=\"$long~id=1234\"} 30" "$d/want" && grep -qF "memcg=\"$long~id=5678\"} 20" "$d/want" &&
		grep -qF "memcg=\"$l252~id=91\"} 10" "$d/want" && grep -qF "memcg=\"$l251\"} 9" "$d/want" &&
		grep -qF 'memcg="/"} 50658' "$d/want"
	t $? "memcg labels: ~id=ID after a path of 252 bytes or more, unique; shorter paths as they are"
	# the older format, without the id column: no suffix
	awk '{ print $1, $2 }' "$d/memcgs.id" >"$m/memcgs"
	stdout >"$d/old" && grep -qF "memcg=\"$long\"} 30" "$d/old" && grep -qF "memcg=\"$l251\"} 9" "$d/old" &&
		[ "$(grep -c '^dcachectl_memcg_unused_dentries' "$d/old")" = 6 ] &&
		grep -qF 'memcg="other"} 20' "$d/old"
	t $? "memcgs without the id column: no suffix; the second cgroup cut to the same path joins the sum (no series twice)"
	cp "$d/memcgs.id" "$m/memcgs"

	# Bounded: the first N superblocks mounted here and memcgs get their
	# own series, the rest are summed (by type for superblocks); every
	# chain bin is present; build_info names both versions.
	if [ "$shn" = dash ]; then
		dash "$cli" export --prometheus --output - --superblocks 0 --memcgs 2 >"$d/k" 2>"$d/err"
	else
		busybox sh "$cli" export --prometheus --output - --superblocks 0 --memcgs 2 >"$d/k" 2>"$d/err"
	fi
	[ "$(grep '^dcachectl_memcg_unused_dentries' "$d/k" | sed 's/.*} //' | paste -sd' ' -)" = "50658 101 69" ] &&
		grep -q '^dcachectl_memcg_unused_dentries{memcg="other"} 69$' "$d/k" &&
		grep -q '^dcachectl_memcgs 6$' "$d/k" &&
		grep -q '^dcachectl_superblock_dentries{device="other",fstype="fuse",mountpoint=""} 5$' "$d/k" &&
		[ "$(grep -c '^dcachectl_superblock_dentries{' "$d/k")" = 2 ] &&
		[ "$(grep -c '^dcachectl_hash_chains{' "$d/k")" = 34 ] &&
		grep -q '^dcachectl_hash_chains{length="2-3"} 0$' "$d/k" &&
		grep -q '^dcachectl_hash_chains{length="4294967296+"} 0$' "$d/k" &&
		grep -q '^dcachectl_build_info{cli_version="[0-9][^"]*",kernel="",module_version="0.1.0"} 1$' "$d/k"
	t $? "--memcgs 2: two memcgs and the sum of the rest; an unmounted superblock summed by type; 34 chain bins; build_info"
	kbad=0
	for bad in -1 x ''; do
		if [ "$shn" = dash ]; then
			dash "$cli" export --prometheus --output - --memcgs "$bad" >"$d/k" 2>"$d/err"
		else
			busybox sh "$cli" export --prometheus --output - --memcgs "$bad" >"$d/k" 2>"$d/err"
		fi
		rc=$?
		# the usage line and its "Try 'dcachectl --help'."
		if [ $rc != 2 ] || [ "$(wc -l <"$d/err")" != 2 ] || [ -s "$d/k" ]; then
			kbad=1
		fi
	done
	t $kbad "--memcgs -1, x or nothing: exit 2, the usage error, nothing written"
done
echo "1..$n"
