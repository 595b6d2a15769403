# SPDX-License-Identifier: GPL-2.0
# dcachectl.awk: the awk half of the dcachectl command, one POSIX awk
# program (busybox awk, mawk and gawk run it) that scripts/dcachectl runs
# for every parse, count and format, as
#
#	awk -v cmd=CMD [-v json=0|1] [-v rows=N] -f dcachectl.awk FILE...
#
# CMD says what to do with FILE... (standard input without one):
#   debugfs   MOUNTINFO: exit 0 when debugfs is mounted on -v debugfs
#   status    STATUS: the module's status file as one JSON object
#   top       MOUNTINFO SUPERBLOCKS: superblocks as a table or JSON
#   chains    MOUNTINFO CHAINS: hash chains as a table or JSON
#   dirs      MOUNTINFO DIRS: directories as a table or JSON
#   memcgs    MEMCGS: memory cgroups as a table or JSON
#   hist      HASHTABLE: the chain-length histogram as bars or JSON
#   who       MOUNTINFO SOURCES: a watch's sources as tables or JSON
#   shrunk    LAST_SHRINK: what the last shrink did, in words or JSON
#   number    one line: num() of it, or nothing when malformed
#   number_help  (no input) what num() takes, in words
#   mountdev  MOUNTINFO: the device mounted on ENVIRON["P"], or nothing
#   devdir    MOUNTINFO: the path here of ENVIRON["P"] inside the
#             filesystem of device ENVIRON["D"], or nothing
#   config    FILE: the auto rules of FILE (ENVIRON["F"] names it in
#             errors), one line each; exit 1 after any error
#   auto      MOUNTINFO RULES SUPERBLOCKS: one action line per superblock
#             a rule fires on
#   export    MOUNTINFO STATUS SUPERBLOCKS HASHTABLE MEMCGS: metrics in
#             node_exporter's textfile format
#   dirpath   (no input) ENVIRON["P"] made absolute against ENVIRON["S"],
#             without . and ..
#   jsonerr   (no input) the error ENVIRON["M"] (errno ENVIRON["E"], exit
#             status -v rc) as one JSON object
# The sh half parses options and reads the module's files; the formats of
# those files are the README's.
#
# Names and paths in the module's files and in mountinfo escape bytes as
# \ooo; decode() turns printable ones (except the backslash) back into
# characters, so every \ left starts an escape. Every string function here
# is linear (or n log n) in its input: no string is built one piece at a
# time by appending to a growing one, since a mountinfo line can hold
# kilobytes of a user's chosen bytes.

BEGIN {
	NUMBER = "a whole number up to 9007199254740992 (2^53), which may end in k, M, G (x1000) or Ki, Mi, Gi (x1024)"
	if (cmd !~ /^(debugfs|status|top|chains|dirs|memcgs|hist|who|shrunk|number|number_help|mountdev|devdir|config|auto|export|dirpath|jsonerr)$/) {
		printf "dcachectl.awk: unknown cmd \"%s\"\n", cmd >"/dev/stderr"
		quit = 2
		exit
	}
	# The commands whose first file is mountinfo, read by mountline().
	mounts = cmd ~ /^(top|chains|dirs|who|auto|export)$/
	if (cmd == "number_help") { print NUMBER; exit }
	if (cmd == "dirpath") { dirpath(); exit }
	if (cmd == "jsonerr") { jsonerr(); exit }
}
mounts && FILENAME == ARGV[1] { mountline(); next }
cmd == "debugfs" { debugfs_line(); next }
cmd == "status" { status_line(); next }
cmd == "top" { top_line(); next }
cmd == "chains" { chains_line(); next }
cmd == "dirs" { dirs_line(); next }
cmd == "memcgs" { memcgs_line(); next }
cmd == "hist" { hist_line(); next }
cmd == "who" { who_line(); next }
cmd == "shrunk" { shrunk_line(); next }
cmd == "number" { number_line(); next }
cmd == "mountdev" { mountline(); next }
cmd == "devdir" { mountline(); next }
cmd == "config" { config_line(); next }
cmd == "auto" { auto_line(); next }
cmd == "export" { export_line(); next }
END {
	if (quit != "") exit quit
	if (cmd == "debugfs") exit !debugfs_found
	if (cmd == "status") status_end()
	else if (cmd == "top") top_end()
	else if (cmd == "chains") chains_end()
	else if (cmd == "dirs") dirs_end()
	else if (cmd == "memcgs") memcgs_end()
	else if (cmd == "hist") hist_end()
	else if (cmd == "who") who_end()
	else if (cmd == "shrunk") shrunk_end()
	else if (cmd == "mountdev") mountdev_end()
	else if (cmd == "devdir") devdir_end()
	else if (cmd == "config") exit errs > 0
	else if (cmd == "export") export_end()
}

# ---- The library: strings, numbers, units, mount points ----

# cat(a, lo, hi, sep): a[lo] sep ... sep a[hi], joined in halves so that
# every byte is copied O(log n) times; "" when lo > hi.
function cat(a, lo, hi, sep,   mid) {
	if (lo > hi) return ""
	if (lo == hi) return a[lo]
	if (hi - lo == 1) return a[lo] sep a[hi]
	mid = int((lo + hi) / 2)
	return cat(a, lo, mid, sep) sep cat(a, mid + 1, hi, sep)
}
# unoct(s, lo, hi, keep): s with every \ooo whose value is in [lo, hi],
# and not keep, turned into its byte; other backslashes are kept as they
# are.
function unoct(s, lo, hi, keep,   p, n, i, c, v) {
	if (index(s, "\\") == 0) return s
	n = split(s, p, "\\")
	for (i = 2; i <= n; i++) {
		c = substr(p[i], 1, 3)
		v = -1
		if (c ~ /^[0-7][0-7][0-7]$/)
			v = substr(c, 1, 1) * 64 + substr(c, 2, 1) * 8 + substr(c, 3, 1)
		if (v >= lo && v <= hi && v != keep)
			p[i] = sprintf("%c", v) substr(p[i], 4)
		else
			p[i] = "\\" p[i]
	}
	return cat(p, 1, n, "")
}
# decode(s): printable escapes (not \134, the backslash) as characters.
function decode(s) {
	return unoct(s, 32, 126, 92)
}
# repl(s, from, to): every one-character from in s replaced by to.
function repl(s, from, to,   p, n) {
	if (index(s, from) == 0) return s
	n = split(s, p, from == " " ? "[ ]" : from)
	return cat(p, 1, n, to)
}
function js(s) {
	return "\"" repl(repl(decode(s), "\\", "\\\\"), "\"", "\\\"") "\""
}
function jnum(s) {
	return s ~ /^-?[0-9]+(\.[0-9]+)?$/ ? s : js(s)
}
# log2(x) for x >= 1, interpolated between powers of two: busybox awk may
# be built without log().
function lg(x,   l) {
	for (l = 0; x >= 2; l++) x /= 2
	return l + x - 1
}
# num(s): s, a NUMBER (exactly so: 1m or 1K is refused, not guessed at),
# as a plain decimal; "" when malformed or above 2^53, where awk numbers
# stop being exact (the knob itself takes up to 2^64 - 1).
function num(s,   b, m, x, v) {
	if (s !~ /^[0-9]+(k|M|G|Ki|Mi|Gi)?$/) return ""
	b = s ~ /i$/ ? 1024 : 1000
	if (s ~ /i$/) s = substr(s, 1, length(s) - 1)
	m = 1
	x = substr(s, length(s))
	if (x == "k" || x == "K") m = b; else if (x == "M") m = b * b; else if (x == "G") m = b * b * b
	if (m > 1) s = substr(s, 1, length(s) - 1)
	sub(/^0+/, "", s)
	if (s == "") return "0"
	# as strings: a 17-digit s could round down to 2^53
	if (length(s) > 16 || (length(s) == 16 && s > "9007199254740992")) return ""
	v = s * m
	if (v > 9007199254740992) return ""
	return sprintf("%.0f", v)
}
function hcount(n) {
	if (n < 10000) return n
	if (n < 1000000) return sprintf("%.1fk", n / 1000)
	if (n < 1000000000) return sprintf("%.1fM", n / 1000000)
	return sprintf("%.1fG", n / 1000000000)
}
function hbytes(n) {
	if (n < 1024) return n "B"
	if (n < 1048576) return sprintf("%.1fKi", n / 1024)
	if (n < 1073741824) return sprintf("%.1fMi", n / 1048576)
	return sprintf("%.1fGi", n / 1073741824)
}
# rawesc(s): bytes outside 0x21-0x7e as \ooo, as the module escapes.
# mountinfo escapes only blanks and the backslash; a mount point may hold
# any other byte, which JSON and Prometheus must not see raw. One split
# per byte value present: linear.
function rawesc(s,   i) {
	if (s ~ /^[!-~]*$/) return s
	if (!nraw) {
		for (i = 1; i < 256; i++) {
			if (i > 32 && i < 127) continue
			rawb[++nraw] = sprintf("%c", i)
			rawe[nraw] = sprintf("\\%03o", i)
		}
	}
	for (i = 1; i <= nraw; i++)
		if (index(s, rawb[i])) s = repl(s, rawb[i], rawe[i])
	return s
}
# mntesc(path): path escaped as mountinfo escapes it (blank, tab, newline
# and backslash as \ooo), to compare a path the operator typed with
# mountinfo keys byte for byte, without decoding mountinfo.
function mntesc(s) {
	s = repl(s, "\\", "\\134")
	s = repl(s, " ", "\\040")
	s = repl(s, "\t", "\\011")
	return repl(s, "\n", "\\012")
}
# mountinfo, one line: ondev[KEY] is the device mounted on the mount point
# mountinfo spells KEY (on top when mounts are stacked: later lines cover
# earlier ones); every mount of dev is kept, in mounts: its mount point
# mpa[dev, K], its root inside the filesystem mpr[dev, K] and (export)
# its source mps[dev, K], the field after the filesystem type that
# follows the "-" ending the optional fields. Nothing is decoded here:
# mnt() escapes only the mount points a command prints.
function mountline(   dev, k, i) {
	dev = $3
	ondev[$5] = dev
	k = ++mounts_of[dev]
	mpa[dev, k] = $5; mpr[dev, k] = $4
	if (cmd == "export") {
		for (i = 7; i < NF && $i != "-"; i++);
		mps[dev, k] = $(i + 2)
	}
}
# pick(dev, rootonly): the mount of dev (its K) with the shortest mount
# point that no other mount covers, among those of the filesystem's root
# when rootonly; 0 when there is none.
function pick(dev, rootonly,   k, best, c) {
	best = 0
	for (k = 1; k <= mounts_of[dev]; k++) {
		c = mpa[dev, k]
		if (ondev[c] != dev) continue
		if (rootonly && mpr[dev, k] != "/") continue
		if (!best || length(c) < length(mpa[dev, best])) best = k
	}
	return best
}
# mnt(dev): where dev is mounted, escaped as the module escapes, or ""
# when nothing of it is mounted here, for a label or a column: a mount of
# the filesystem's root if there is one, else of a subtree (a btrfs
# subvolume, a bind mount). mntk[dev] is the mount's K.
function mnt(dev) {
	if (!(dev in mpc)) {
		mntk[dev] = pick(dev, 1)
		if (!mntk[dev]) mntk[dev] = pick(dev, 0)
		mpc[dev] = mntk[dev] ? rawesc(mpa[dev, mntk[dev]]) : ""
	}
	return mpc[dev]
}
# mntroot(dev): as mnt(), but only a mount of the filesystem's root, to
# which a path inside the filesystem can be joined.
function mntroot(dev,   k) {
	if (!(dev in mrc)) {
		k = pick(dev, 1)
		mrc[dev] = k ? rawesc(mpa[dev, k]) : ""
	}
	return mrc[dev]
}
# where(dev, path): the path as seen from this mount namespace, or
# "[type dev]path" when the filesystem is not mounted here.
function where(dev, type, path,   m) {
	m = mntroot(dev)
	if (m == "") return "[" type " " dev "]" path
	if (m == "/") return path
	return path == "/" ? m : m path
}

# ---- The commands: CMD_line() for each record, CMD_end() at the end ----

# debugfs: is a debugfs mounted on -v debugfs (the filesystem type follows
# the "-" that ends the optional fields)?
function debugfs_line(   i) {
	if ($5 != debugfs) return
	for (i = 7; $i != "-"; i++);
	if ($(i + 1) == "debugfs") debugfs_found = 1
}

# status: "key: value" lines as one JSON object (printed as they come).
function status_line(   i, k, v) {
	i = index($0, ": "); k = substr($0, 1, i - 1); v = substr($0, i + 2)
	printf "%s%s: %s", NR == 1 ? "{" : ", ", js(k), jnum(v)
}
function status_end() {
	print "}"
}

# top: the superblocks view, its first -v rows rows (all for 0); the
# totals count every row.
function top_line() {
	if (FNR == 1) return
	td += $4; tn += $5; tb += $8; nsb++
	n++; if (rows > 0 && n > rows) return
	dev[n] = $1; type[n] = $2; id[n] = $3; d[n] = $4; neg[n] = $5
	ud[n] = $6; ui[n] = $7; b[n] = $8
}
function top_end(   i) {
	if (rows > 0 && n > rows) n = rows
	if (json) {
		printf "["
		for (i = 1; i <= n; i++)
			printf "%s{\"dev\": %s, \"type\": %s, \"id\": %s, \"mountpoint\": %s, \"dentries\": %s, \"negative\": %s, \"unused_dentries\": %s, \"unused_inodes\": %s, \"bytes\": %s}",
			    (i > 1 ? ", " : ""), js(dev[i]), js(type[i]), js(id[i]),
			    mnt(dev[i]) == "" ? "null" : js(mnt(dev[i])),
			    d[i], neg[i], ud[i], ui[i], b[i]
		print "]"
		exit
	}
	printf "%9s %9s %9s %9s %9s  %-10s %-8s %s\n", "DENTRIES", "NEGATIVE",
	    "UNUSED", "INODES", "MEMORY", "TYPE", "DEV", "MOUNTED ON"
	for (i = 1; i <= n; i++)
		printf "%9s %9s %9s %9s %9s  %-10s %-8s %s\n", hcount(d[i]),
		    hcount(neg[i]), hcount(ud[i]), hcount(ui[i]), hbytes(b[i]),
		    type[i], dev[i], mnt(dev[i]) == "" ? "-" : mnt(dev[i])
	printf "total: %s dentries (%s negative), %s, on %d superblocks\n",
	    hcount(td), hcount(tn), hbytes(tb), nsb
}

# chains: the chains view, its first -v rows rows (all for 0), printed as
# it comes. In JSON, as in dirs: path is the path inside the filesystem,
# where the path as this mount namespace reaches it.
function chains_line(   named, p) {
	if (FNR == 1) return
	n++; if (rows > 0 && n > rows) { n = rows; exit }
	named = $5 != "?"
	p = !named ? "" : $8 == "/" ? "/" $7 : $8 "/" $7
	if (json) {
		printf "%s{\"bucket\": %s, \"length\": %s, \"negative\": %s, \"share\": %s, \"dev\": %s, \"type\": %s, \"name\": %s, \"parent\": %s, \"path\": %s, \"where\": %s, \"approx\": %s}",
		    (n > 1 ? ", " : "["), $1, $2, $3, named ? $4 + 0 : "null",
		    named ? js($5) : "null", named ? js($6) : "null",
		    named ? js($7) : "null", named ? js($8) : "null",
		    named ? js(p) : "null", named ? js(where($5, $6, p)) : "null",
		    $9 ? "true" : "false"
		return
	}
	if (n == 1)
		printf "%7s %7s %5s %9s  %-10s %-8s %s\n", "LENGTH", "NEG",
		    "SHARE", "BUCKET", "TYPE", "DEV", "DOMINANT NAME"
	printf "%7s %7s %5s %9s  %-10s %-8s %s\n", ($9 ? ">=" : "") $2, $3,
	    $4, $1, $6, $5, named ? where($5, $6, p) : "?"
}
function chains_end() {
	if (json) print n ? "]" : "[]"
	else if (!n) print "no chains"
}

# dirs: the dirs view, its first -v rows rows (all for 0), printed as it
# comes.
function dirs_line(   named) {
	if (FNR == 1) return
	n++; if (rows > 0 && n > rows) { n = rows; exit }
	named = $4 != "?"
	if (json) {
		printf "%s{\"children\": %s, \"error\": %s, \"negative\": %s, \"dev\": %s, \"type\": %s, \"path\": %s, \"where\": %s}",
		    (n > 1 ? ", " : "["), $1, $2, $3,
		    named ? js($4) : "null", named ? js($5) : "null",
		    named ? js($6) : "null", named ? js(where($4, $5, $6)) : "null"
		return
	}
	if (n == 1)
		printf "%9s %7s %9s  %-10s %-8s %s\n", "CHILDREN", "+-", "NEGATIVE",
		    "TYPE", "DEV", "DIRECTORY"
	printf "%9s %7s %9s  %-10s %-8s %s\n", hcount($1), hcount($2),
	    hcount($3), $5, $4, named ? where($4, $5, $6) : "?"
}
function dirs_end() {
	if (json) print n ? "]" : "[]"
	else if (!n) print "no directories"
}

# memcgs: the memcgs view, its first -v rows rows (all for 0), printed as
# it comes; the total counts every row.
function memcgs_line() {
	if (FNR == 1) return
	n++; t += $1; if (rows > 0 && n > rows) return
	if (json) {
		printf "%s{\"unused_dentries\": %s, \"memcg\": %s, \"id\": %s}",
		    (n > 1 ? ", " : "["), $1, js($2), $3 == "" ? "null" : $3
		return
	}
	if (n == 1) printf "%9s  %s\n", "UNUSED", "MEMORY CGROUP"
	printf "%9s  %s\n", hcount($1), $2
}
function memcgs_end() {
	if (json) { print n ? "]" : "[]"; exit }
	if (!n) print "no memory cgroup holds unused dentries"
	else printf "total: %s unused dentries in %d memory cgroups\n", hcount(t), n
}

# who: the sources view: "key: value" lines, then the process, cgroup
# and dir rows (each kind after its header), its first -v rows rows of
# each kind (all for 0); printed at the end, rates per second of the
# watch.
function who_line(   k) {
	if ($1 ~ /:$/ && NF == 2) { wv[substr($1, 1, length($1) - 1)] = $2; return }
	k = $1
	if (!(k in whdr)) { whdr[k] = 1; return }
	if (rows > 0 && wn[k] >= rows) return
	wn[k]++
	wrow[k, wn[k]] = $0
}
function who_rate(c) {
	return wv["elapsed_ms"] > 0 ? sprintf("%.1f", c * 1000 / wv["elapsed_ms"]) : "0"
}
function who_end(   i, f, n, s, kinds, k, j, sep) {
	s = wv["elapsed_ms"] / 1000
	if (json) {
		printf "{\"state\": %s, \"reason\": %s, \"seconds\": %.1f, \"events\": %s, \"unlink\": %s, \"lookup\": %s, \"dropped\": %s, \"missed\": %s",
		    js(wv["state"]), wv["reason"] == "-" ? "null" : js(wv["reason"]), s,
		    wv["events"] + 0, wv["unlink"] + 0, wv["lookup"] + 0, wv["dropped"] + 0, wv["missed"] + 0
		split("process cgroup dir", kinds, " ")
		for (j = 1; j <= 3; j++) {
			k = kinds[j]
			printf ", \"%s\": [", k == "process" ? "processes" : k == "cgroup" ? "cgroups" : "dirs"
			for (i = 1; i <= wn[k]; i++) {
				n = split(wrow[k, i], f, " ")
				sep = i > 1 ? ", " : ""
				printf "%s{\"count\": %s, \"error\": %s, \"unlink\": %s, \"lookup\": %s, \"rate\": %s, ", sep,
				    f[2], f[3], f[4], f[2] - f[3] - f[4], who_rate(f[2])
				if (k == "process")
					printf "\"tgid\": %s, \"comm\": %s}", f[5], js(f[6])
				else if (k == "cgroup")
					printf "\"id\": %s, \"cgroup\": %s}", f[5], f[6] == "?" ? "null" : js(f[6])
				else
					printf "\"dev\": %s, \"type\": %s, \"path\": %s, \"where\": %s}",
					    js(f[5]), f[6] == "?" ? "null" : js(f[6]), f[7] == "?" ? "null" : js(f[7]),
					    f[7] == "?" ? "null" : js(where(f[5], f[6], f[7]))
			}
			printf "]"
		}
		print "}"
		return
	}
	printf "watch: %s, %.1f s%s; %s negative dentries kept (%s by unlink, %s by lookup), %s/s", wv["state"], s,
	    wv["reason"] == "-" ? "" : " (" wv["reason"] ")", hcount(wv["events"] + 0), hcount(wv["unlink"] + 0),
	    hcount(wv["lookup"] + 0), who_rate(wv["events"] + 0)
	if (wv["dropped"] + wv["missed"] > 0)
		printf "; %s not counted (%s dropped, %s missed)", wv["dropped"] + wv["missed"], wv["dropped"] + 0, wv["missed"] + 0
	printf "\n"
	split("process cgroup dir", kinds, " ")
	for (j = 1; j <= 3; j++) {
		k = kinds[j]
		printf "\n%9s %7s %9s %9s %9s  %s\n", "NEGATIVE", "+-", "UNLINK", "LOOKUP", "PER SEC",
		    k == "process" ? "PROCESS (TGID)" : k == "cgroup" ? "CGROUP" : "DIRECTORY (TYPE DEV)"
		if (!wn[k]) print "(none)"
		for (i = 1; i <= wn[k]; i++) {
			n = split(wrow[k, i], f, " ")
			printf "%9s %7s %9s %9s %9s  ", hcount(f[2]), hcount(f[3]), hcount(f[4]),
			    hcount(f[2] - f[3] - f[4]), who_rate(f[2])
			if (k == "process") printf "%s (%s)\n", decode(f[6]), f[5]
			else if (k == "cgroup") printf "%s\n", decode(f[6])
			else printf "%s (%s %s)\n", f[7] == "?" ? "?" : where(f[5], f[6], f[7]), f[6], f[5]
		}
	}
}

# hist: the hashtable view; hist.RANGE lines are the bins.
function hist_line(   i, k, v) {
	i = index($0, ": "); k = substr($0, 1, i - 1); v = substr($0, i + 2)
	if (k ~ /^hist\./) {
		n++; bin[n] = substr(k, 6); cnt[n] = v = v + 0
		if (v > max) max = v
		return
	}
	kv[k] = v; keys[++nk] = k
}
function hist_end(   i, j, r, w, bar, lmax) {
	if (json) {
		for (i = 1; i <= nk; i++)
			printf "%s%s: %s", (i > 1 ? ", " : "{"), js(keys[i]), jnum(kv[keys[i]])
		printf ", \"hist\": ["
		for (i = 1; i <= n; i++) {
			split(bin[i], r, "-")
			printf "%s{\"min\": %s, \"max\": %s, \"chains\": %s}",
			    (i > 1 ? ", " : ""), r[1], (2 in r) ? r[2] : r[1], cnt[i]
			delete r
		}
		print "]}"
		exit
	}
	printf "%s buckets, %s empty, %s hashed dentries; longest chain %s, mean %s\n",
	    kv["buckets"], kv["empty"], kv["hashed"], kv["longest"], kv["mean_nonempty"]
	if (kv["approx_chains"] > 0)
		printf "%s chains counted as lower bounds\n", kv["approx_chains"]
	printf "%-13s %9s  %s\n", "CHAIN LENGTH", "CHAINS", "(bars: log scale)"
	lmax = lg(max + 1)
	for (i = 1; i <= n; i++) {
		w = lmax > 0 ? int(50 * lg(cnt[i] + 1) / lmax + 0.5) : 0
		if (w < 1) w = 1
		bar = ""
		for (j = 0; j < w; j++) bar = bar "#"
		printf "%-13s %9d  %s\n", bin[i], cnt[i], bar
	}
}

# shrunk: the last_shrink view as one sentence, or as JSON.
function shrunk_line(   i) {
	i = index($0, ": "); key[++n] = substr($0, 1, i - 1); val[key[n]] = substr($0, i + 2)
}
function shrunk_end(   i, dry) {
	if (json) {
		for (i = 1; i <= n; i++)
			printf "%s%s: %s", (i > 1 ? ", " : "{"), js(key[i]), jnum(val[key[i]])
		print "}"
		exit
	}
	dry = val["command"] ~ /(^| )dry-run( |$)/
	printf "%s: %s %s dentries (%s negative)", val["command"],
	    dry ? "would free" : "freed", val["dentries"], val["negative"]
	if (val["inodes"] > 0)
		printf " and %s inode%s with them", val["inodes"], val["inodes"] == 1 ? "" : "s"
	if (!dry && val["shrinker"] > 0)
		printf ", the superblock shrinker %s objects", val["shrinker"]
	if (val["inodes"] > 0 || (!dry && val["shrinker"] > 0))
		printf ","
	printf " on %d superblock%s in %.1f ms", val["superblocks"],
	    val["superblocks"] == 1 ? "" : "s", val["duration_us"] / 1000
	if (val["stopped"] == "max") printf " (stopped at max)"
	else if (val["stopped"] != "done") printf " (stopped: %s)", val["stopped"]
	print ""
}

# number: num() of the line, when it is a NUMBER.
function number_line(   v) {
	v = num($0)
	if (v != "") print v
}

# mountdev: the device mounted on ENVIRON["P"] (ENVIRON, not -v: -v would
# process backslashes in the path), the one on top when mounts are
# stacked.
function mountdev_end(   p) {
	p = mntesc(ENVIRON["P"])
	if (p in ondev) print ondev[p]
}

# devdir: the path here of ENVIRON["P"], a path inside the filesystem of
# device ENVIRON["D"] as the views print it (\ooo decoded): through the
# uncovered mount of that device whose root (field 4) holds it, the
# shortest mount point first; nothing when there is none, or when a
# component is . or .. (the kernel would leave the mount). Compared
# escaped, as mountinfo spells them; printed with \134 as a backslash
# and blanks left escaped (the knob refuses them).
function devdir_end(   p, k, r, rest, best, brest, out, n, pp) {
	p = unoct(ENVIRON["P"], 1, 255, -1)
	if (p ~ /(^|\/)\.\.?(\/|$)/) return
	p = mntesc(p)
	for (k = 1; k <= mounts_of[ENVIRON["D"]]; k++) {
		if (ondev[mpa[ENVIRON["D"], k]] != ENVIRON["D"]) continue
		r = mpr[ENVIRON["D"], k]
		if (r == "/") rest = p
		else if (p == r) rest = "/"
		else if (index(p, r "/") == 1) rest = substr(p, length(r) + 1)
		else continue
		if (best && length(mpa[ENVIRON["D"], k]) >= length(mpa[ENVIRON["D"], best])) continue
		best = k; brest = rest
	}
	if (!best) return
	out = mpa[ENVIRON["D"], best]
	out = out == "/" ? brest : brest == "/" ? out : out brest
	if (out ~ /\\0(40|11|12)/) { gsub(/\\040/, " ", out); gsub(/\\011/, "\t", out); gsub(/\\012/, "\n", out) }
	# (not repl(): its split would take \134 for a backslash)
	n = split(out, pp, "[\\\\]134")
	print cat(pp, 1, n, "\\")
}

# config: the rules of the auto configuration, checked whole. One line per
# rule: "LINENO WHICH ARG METRIC OP THRESHOLD OPTIONS..." (ARG is - for any;
# OP one of > >= < <= ==).
# Errors go to stderr as FILE:LINE: field N: (FILE is ENVIRON["F"]: -v
# would process backslashes in it). They name fields and what was
# expected, never the file's own words: were the command ever allowed
# through sudo, it would show no line of a file its caller cannot read.
function config_bad(f, msg) {
	printf "dcachectl: %s:%d: field %d: %s\n", ENVIRON["F"], FNR, f, msg >"/dev/stderr"
	errs++
}
function config_line(   i, j, which, arg, metric, op, limit, opts) {
	# the comparison is a word of its own, written with or without blanks
	sub(/#.*/, ""); gsub(/>=|<=|==|>|</, " & ")
	if (NF == 0) return
	i = 1
	which = $1
	if (which == "any") arg = "-"
	else if (which == "mount" || which == "type" || which == "dev") {
		arg = $2; i = 2
		if (arg == "" || arg ~ /^[<>=]/) { config_bad(2, which " needs an argument"); return }
		if (which == "dev" && arg !~ /^[0-9]+:[0-9]+$/) { config_bad(2, "dev needs MAJ:MIN"); return }
		if (which == "mount" && arg !~ /^\//) { config_bad(2, "mount needs an absolute path"); return }
	} else { config_bad(1, "unknown target (mount PATH, type FSTYPE, dev MAJ:MIN or any)"); return }
	metric = $(i + 1)
	if (metric !~ /^(dentries|negative|unused_dentries|unused_inodes|bytes)$/) {
		config_bad(i + 1, "unknown column (dentries, negative, unused_dentries, unused_inodes or bytes)"); return
	}
	op = $(i + 2)
	if (op !~ /^(>|>=|<|<=|==)$/) { config_bad(i + 2, "expected a comparison after the column: >, >=, <, <= or =="); return }
	if ($(i + 3) ~ /^[<>=!]/) { config_bad(i + 3, "one comparison only (>, >=, <, <= or ==)"); return }
	limit = num($(i + 3))
	if (limit == "") { config_bad(i + 3, "the threshold must be " NUMBER); return }
	if ($(i + 4) != "shrink") { config_bad(i + 4, "the action is shrink"); return }
	opts = ""
	for (j = i + 5; j <= NF; j++) {
		if ($j == "negative" && opts !~ /negative/) opts = opts " negative"
		else if ($j ~ /^max=/ && opts !~ /max=/) {
			if (num(substr($j, 5)) == "") { config_bad(j, "max= must be " NUMBER); return }
			opts = opts " max=" num(substr($j, 5))
		} else { config_bad(j, "unknown or repeated shrink option (negative, max=N)"); return }
	}
	print FNR, which, arg, metric, op, limit opts
}

# auto: the rules (config's lines), then the superblocks view; for each
# superblock the first rule that fires, as "DEV OPTIONS<tab>WHY". One
# action per superblock.
function auto_line(   col, r, f, j, opts, m, v, x) {
	if (FILENAME == ARGV[2]) { rule[++nr] = $0; return }
	if (FNR == 1) return
	col["dentries"] = $4; col["negative"] = $5; col["unused_dentries"] = $6
	col["unused_inodes"] = $7; col["bytes"] = $8
	for (r = 1; r <= nr; r++) {
		split(rule[r], f, " ")
		if (f[2] == "mount" && ondev[mntesc(f[3])] != $1) continue
		if (f[2] == "type" && f[3] != $2) continue
		if (f[2] == "dev" && f[3] != $1) continue
		v = col[f[4]] + 0; x = f[6] + 0
		if (!(f[5] == ">" ? v > x : f[5] == ">=" ? v >= x : f[5] == "<" ? v < x : f[5] == "<=" ? v <= x : v == x))
			continue
		opts = ""
		for (j = 7; j in f; j++) opts = opts " " f[j]
		m = mnt($1) == "" ? "not mounted here" : "on " mnt($1)
		printf "%s%s\tline %d (%s%s: %s %s %s %s): %s %s %s\n", $1, opts,
		    f[1], f[2], f[3] == "-" ? "" : " " f[3], f[4], col[f[4]], f[5], f[6],
		    $2, $1, m
		delete f
		break
	}
}

# export: lbl(s): s decoded, as a label value: \\, \" and \n as the format
# says, every other byte outside printable ASCII as the four characters
# \ooo (written \\ooo), so the file is ASCII. One split per byte value
# present: linear.
function lbl(s,   i) {
	s = decode(s)
	if (s ~ /^[ -~]*$/ && !index(s, "\\") && !index(s, "\"")) return s
	s = repl(repl(repl(s, "\\", "\\\\"), "\"", "\\\""), "\n", "\\n")
	if (s ~ /^[ -~]*$/) return s
	if (!nlb) {
		for (i = 1; i < 256; i++) {
			if ((i >= 32 && i < 127) || i == 10) continue
			lbb[++nlb] = sprintf("%c", i)
			lbe[nlb] = sprintf("\\\\%03o", i)
		}
	}
	for (i = 1; i <= nlb; i++)
		if (index(s, lbb[i])) s = repl(s, lbb[i], lbe[i])
	return s
}
function prom_head(name, type, help) {
	printf "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type
}
function export_line(   i, k, v) {
	if (FILENAME == ARGV[2]) {
		i = index($0, ": "); st[substr($0, 1, i - 1)] = substr($0, i + 2); return
	}
	if (FILENAME == ARGV[3]) {
		if (FNR > 1) { n++; for (i = 1; i <= 8; i++) sb[n, i] = $i }
		return
	}
	if (FILENAME == ARGV[4]) {
		i = index($0, ": "); k = substr($0, 1, i - 1); v = substr($0, i + 2)
		if (k ~ /^hist\./) hv[substr(k, 6)] = v; else ht[k] = v
		return
	}
	# memcgs (empty when the feature is off): "unused_dentries path" or
	# "unused_dentries path id"
	if (FNR == 1) { memcgs_on = 1; mid = $3 == "id"; return }
	nm++; mc[nm] = $2; mv[nm] = $1; mi[nm] = mid ? $3 : ""
}
# export_end: the metrics. Bounded whatever the machine holds: the first
# -v ksb superblocks of the view (most dentries first) that are mounted
# here get series of their own, labelled as node_exporter labels its
# filesystems (device: the mount source; fstype; mountpoint), and the
# rest, those further down and those not mounted here (the proc of each
# network namespace, pipefs, a container's overlay), are summed by type
# with device="other" and mountpoint=""; the first -v kmc memcgs likewise,
# with memcg="other" for the rest (0: no limit). Every histogram bin is
# present, empty or not.
function export_end(   i, c, k, t, key, m, names, helps, kl, kv, nk, used, rt, rv, nr, ri, ntype, ty, tn, mrest, lo, mseen) {
	prom_head("dcachectl_up", "gauge", "1 when the dcachectl module answered.")
	print "dcachectl_up 1"
	prom_head("dcachectl_build_info", "gauge", "Always 1: the versions of the command and of the loaded module, and the kernel release.")
	printf "dcachectl_build_info{cli_version=\"%s\",kernel=\"%s\",module_version=\"%s\"} 1\n",
	    lbl(version), lbl(st["kernel"]), lbl(st["version"])
	split("dentries negative_dentries unused_dentries unused_inodes dentry_bytes", names, " ")
	split("Hashed dentries of the superblock (of the superblocks of the type, for device=\"other\").|Hashed negative dentries of the superblock.|Dentries on the superblock LRU (every node and memcg).|Inodes on the superblock LRU (every node and memcg).|Approximate memory of the superblock hashed dentries, in bytes.", helps, "|")
	for (i = 1; i <= n; i++) {
		t = sb[i, 2]
		if (!(t in tn)) ty[++ntype] = t
		tn[t]++
		m = mnt(sb[i, 1])
		if (m != "" && (ksb == 0 || nk < ksb)) {
			key = sprintf("device=\"%s\",fstype=\"%s\",mountpoint=\"%s\"",
			    lbl(rawesc(mps[sb[i, 1], mntk[sb[i, 1]]])), lbl(t), lbl(m))
			# two superblocks stacked on one mount point: the
			# second is summed with the rest
			if (!(key in used)) {
				used[key] = 1
				kl[++nk] = key
				for (c = 1; c <= 5; c++) kv[nk, c] = sb[i, c + 3]
				continue
			}
		}
		if (!(t in ri)) { ri[t] = ++nr; rt[nr] = t }
		for (c = 1; c <= 5; c++) rv[ri[t], c] += sb[i, c + 3]
	}
	for (c = 1; c <= 5; c++) {
		prom_head("dcachectl_superblock_" names[c], "gauge", helps[c])
		for (i = 1; i <= nk; i++)
			printf "dcachectl_superblock_%s{%s} %s\n", names[c], kl[i], kv[i, c]
		for (i = 1; i <= nr; i++)
			printf "dcachectl_superblock_%s{device=\"other\",fstype=\"%s\",mountpoint=\"\"} %.0f\n",
			    names[c], lbl(rt[i]), rv[i, c]
	}
	prom_head("dcachectl_superblocks", "gauge", "Superblocks with hashed dentries, by filesystem type.")
	for (i = 1; i <= ntype; i++)
		printf "dcachectl_superblocks{fstype=\"%s\"} %d\n", lbl(ty[i]), tn[ty[i]]
	prom_head("dcachectl_hash_buckets", "gauge", "Buckets of the dentry hash table.")
	print "dcachectl_hash_buckets " ht["buckets"]
	prom_head("dcachectl_hash_empty_buckets", "gauge", "Empty buckets of the dentry hash table.")
	print "dcachectl_hash_empty_buckets " ht["empty"]
	prom_head("dcachectl_hash_dentries", "gauge", "Hashed dentries.")
	print "dcachectl_hash_dentries " ht["hashed"]
	prom_head("dcachectl_hash_longest_chain", "gauge", "Length of the longest hash chain.")
	print "dcachectl_hash_longest_chain " ht["longest"]
	# the module's 34 bins (0, 1, 2-3, ..., 2^31 to 2^32-1, 2^32 and up),
	# named as it names them, each present
	prom_head("dcachectl_hash_chains", "gauge", "Hash chains by length range (min-max dentries), every range present.")
	# (no ^: busybox awk may be built without it)
	for (i = 0; i < 34; i++) {
		if (i <= 1) { k = i; lo = 2 }
		else if (i == 33) k = sprintf("%.0f+", lo)
		else { k = sprintf("%.0f-%.0f", lo, 2 * lo - 1); lo *= 2 }
		printf "dcachectl_hash_chains{length=\"%s\"} %.0f\n", k, hv[k]
	}
	if (memcgs_on) {
		prom_head("dcachectl_memcgs", "gauge", "Memory cgroups holding unused dentries on superblock LRUs.")
		print "dcachectl_memcgs " nm
		prom_head("dcachectl_memcg_unused_dentries", "gauge", "Unused dentries a memory cgroup holds on superblock LRUs (the sum of the rest, for memcg=\"other\").")
		# The module cuts an escaped path at 255 bytes, dropping a
		# whole \ooo that does not fit: from 252 bytes on (or "?", no
		# path) two memcgs may share one, so the id is added.
		# A label printed already (a dying memcg beside the live one
		# of the same path) gets the id too, or, without one, goes to
		# the sum: no series twice.
		for (i = 1; i <= nm; i++) {
			if (kmc && i > kmc) { mrest += mv[i]; continue }
			k = lbl(mc[i])
			if (mi[i] ~ /^[0-9]+$/ && (length(mc[i]) >= 252 || mc[i] == "?" || (k in mseen)))
				k = k "~id=" mi[i]
			if (k in mseen) { mrest += mv[i]; continue }
			mseen[k] = 1
			printf "dcachectl_memcg_unused_dentries{memcg=\"%s\"} %s\n", k, mv[i]
		}
		printf "dcachectl_memcg_unused_dentries{memcg=\"other\"} %.0f\n", mrest
	}
	prom_head("dcachectl_walk_duration_seconds", "gauge", "Duration of the last walk of the hash table.")
	printf "dcachectl_walk_duration_seconds %.3f\n", st["walk.last_ms"] / 1000
	prom_head("dcachectl_walk_max_section_seconds", "gauge", "Longest RCU read-side section of any walk since load.")
	printf "dcachectl_walk_max_section_seconds %.9f\n", st["walk.max_section_ns"] / 1e9
	prom_head("dcachectl_walks_total", "counter", "Walks of the hash table since load.")
	print "dcachectl_walks_total " st["walk.count"]
	split("runs errors dentries negative inodes shrinker", sk, " ")
	split("shrink_runs_total shrink_errors_total shrink_dentries_freed_total shrink_negative_dentries_freed_total shrink_inodes_freed_total shrink_shrinker_objects_freed_total", sn, " ")
	split("Shrink commands run since load.|Shrink commands that failed.|Dentries freed by the hash walk of shrinks.|Negative dentries freed by the hash walk of shrinks.|Inodes freed with their dentries by the hash walk of shrinks.|Objects (dentries, inodes, filesystem objects) the superblock shrinkers said they freed in shrinks.", sh, "|")
	for (c = 1; c <= 6; c++) {
		# shrink.inodes: not from a module older than this command
		if (!(("shrink." sk[c]) in st)) continue
		prom_head("dcachectl_" sn[c], "counter", sh[c])
		print "dcachectl_" sn[c] " " st["shrink." sk[c]]
	}
}

# jsonerr: a failure under --json, as one JSON object.
function jsonerr() {
	printf "{\"error\": {\"message\": %s, \"errno\": %s, \"exit\": %d}}\n",
	    jraw(ENVIRON["M"]), ENVIRON["E"] == "" ? "null" : jraw(ENVIRON["E"]), rc
}
# jraw(s): s as a JSON string, byte for byte (no \ooo decoding): the
# backslash and quote escaped, bytes below 0x20 and from 0x7f up as
# \u00XX, so the result is ASCII and valid JSON whatever s holds.
function jraw(s,   i, c) {
	s = repl(repl(s, "\\", "\\\\"), "\"", "\\\"")
	if (s ~ /^[ -~]*$/) return "\"" s "\""
	if (!njr) {
		for (i = 1; i < 256; i++) {
			if (i >= 32 && i < 127) continue
			jrb[++njr] = sprintf("%c", i)
			jre[njr] = sprintf("\\u%04x", i)
		}
	}
	for (i = 1; i <= njr; i++)
		if (index(s, jrb[i])) s = repl(s, jrb[i], jre[i])
	return "\"" s "\""
}

# dirpath: the directory ENVIRON["P"] names, made absolute against
# ENVIRON["S"] (the working directory), without . and .. (export checks
# that the directory it reached is this one).
function dirpath(   p, c, n, i, k, w) {
	p = ENVIRON["P"]
	if (p !~ /^\//) p = ENVIRON["S"] "/" p
	n = split(p, c, "/")
	for (i = 1; i <= n; i++) {
		if (c[i] == "" || c[i] == ".") continue
		if (c[i] == "..") { if (k) k--; continue }
		w[++k] = c[i]
	}
	for (i = 1; i <= k; i++) printf "/%s", w[i]
	if (!k) printf "/"
	print ""
}
