#!/bin/sh
# make deb, as TAP: scripts/mkdeb builds both packages into a scratch
# dist/ with lintian clean; each package holds exactly what the Makefile
# stages (make install PREFIX=/usr UNITDIR=/lib/systemd/system, make
# dkms-src) plus Debian's own files, so a file make install gains follows
# without a change here; /etc/dcachectl.conf is the one conffile; the
# maintainer scripts hand dcachectl VERSION to DKMS (add, build for every
# kernel with headers, remove --all) and leave the timer disabled and
# stopped; the tree stays clean, and TMPDIR too; a dkms.conf at another version than
# debian/changelog fails make deb before any build, saying both.
# The stand-ins' bodies are single-quoted on purpose: they expand later.
# shellcheck disable=SC2016
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/unit/scratch.sh
. "$top/tests/unit/scratch.sh"
n=0
t() { # t STATUS DESCRIPTION [LOG]: a failure shows the end of LOG
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - deb: $2"
	else
		echo "not ok $n - deb: $2"
		[ -z "${3:-}" ] || tail -n 15 "$3" | cut -c 1-200 | sed 's/^/# /'
	fi
}
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
debver=$(sed -n '1s/^dcachectl (\([^)]*\)) .*/\1/p' "$top/debian/changelog")

start=$(date +%s)
mkdir "$d/tmp"
TMPDIR=$d/tmp "$top/scripts/mkdeb" "$d/dist" >"$d/build.log" 2>&1
t $? "make deb builds both packages, lintian passes ($(($(date +%s) - start)) s)" "$d/build.log"
left=$(find "$d/tmp" -mindepth 1 -maxdepth 1 | sed 's|.*/||' | head -n 3 | tr '\n' ' ')
[ -z "$left" ]
t $? "make deb leaves nothing in TMPDIR (lintian's mldbm-elf-* files included)${left:+: $left}"
cli=$d/dist/dcachectl_${debver#*:}_all.deb
dk=$d/dist/dcachectl-dkms_${debver#*:}_all.deb
[ -f "$cli" ] && [ -f "$dk" ] && ls "$d/dist"/*.changes "$d/dist"/*.buildinfo >/dev/null 2>&1
t $? "dist/ holds dcachectl_${debver#*:}_all.deb, dcachectl-dkms_${debver#*:}_all.deb, .changes, .buildinfo"
[ -f "$cli" ] && [ -f "$dk" ] || exit 1
! grep -q '^[EW]: ' "$d/build.log" && grep -q 'lintian clean' "$d/build.log"
t $? "lintian: no error, no warning" "$d/build.log"
[ ! -e "$top/debian/files" ] && [ ! -e "$top/debian/dcachectl" ] &&
	[ ! -e "$top/debian/dcachectl-dkms" ] && [ ! -e "$top/debian/.debhelper" ]
t $? "the tree stays clean (the build runs in a copy)"

# files PKG: the regular files of a package, paths without ./
files() { awk '$1 ~ /^-/ { sub(/^\.\//, "", $6); print $6 }' "$1" | sort; }
dpkg-deb -c "$cli" >"$d/cli.list"
dpkg-deb -c "$dk" >"$d/dk.list"
files "$d/cli.list" >"$d/cli.files"
files "$d/dk.list" >"$d/dk.files"

# What make install stages; the package compresses the man page and the
# larger docs (dh_compress) and adds copyright, changelog, README.Debian.
make -s -C "$top" install DESTDIR="$d/stage" PREFIX=/usr \
	UNITDIR=/lib/systemd/system >"$d/stage.log" 2>&1
(cd "$d/stage" && find . -type f | sed 's|^\./||') >"$d/want"
printf '%s\n' usr/share/doc/dcachectl/copyright usr/share/doc/dcachectl/changelog \
	usr/share/doc/dcachectl/README.Debian >>"$d/want"
sort -u "$d/want" >"$d/want.cli"
sed 's/\.gz$//' "$d/cli.files" | sort >"$d/got.cli"
diff "$d/want.cli" "$d/got.cli" >"$d/cli.diff"
t $? "dcachectl holds what make install stages, and Debian's files, nothing else" "$d/cli.diff"
for f in usr/sbin/dcachectl usr/share/man/man8/dcachectl.8.gz usr/share/man/man5/dcachectl.conf.5.gz \
	usr/share/bash-completion/completions/dcachectl \
	lib/systemd/system/dcachectl-auto.service lib/systemd/system/dcachectl-auto.timer \
	lib/systemd/system/dcachectl-export.service lib/systemd/system/dcachectl-export.timer \
	etc/dcachectl.conf etc/modules-load.d/dcachectl.conf usr/share/doc/dcachectl/cron.d-dcachectl \
	usr/share/doc/dcachectl/examples/dcachectl.rules.yml usr/share/doc/dcachectl/examples/dcachectl.json; do
	grep -qx "$f" "$d/cli.files" || echo "missing: $f"
done >"$d/missing"
grep -q '^-rwxr-xr-x root/root .* \./usr/sbin/dcachectl$' "$d/cli.list" || echo "usr/sbin/dcachectl is not 0755 root" >>"$d/missing"
[ ! -s "$d/missing" ]
t $? "the command (0755), dcachectl.8.gz and dcachectl.conf.5.gz, the bash completion, the four units in /lib/systemd/system, the config, the modules-load.d line, the cron example, the rules and dashboard uncompressed" "$d/missing"
if [ -d "$d/stage/usr/share/dcachectl" ]; then
	# the command's library, once make install has one
	(cd "$d/stage" && find usr/share/dcachectl -type f) | while read -r f; do
		grep -qx "$f" "$d/cli.files" || echo "missing: $f"
	done >"$d/missing"
	[ ! -s "$d/missing" ]
	t $? "the command's files in /usr/share/dcachectl" "$d/missing"
fi
mkdir "$d/cli" "$d/dk"
dpkg-deb -e "$cli" "$d/cli/DEBIAN" && dpkg-deb -e "$dk" "$d/dk/DEBIAN"
dpkg-deb -x "$cli" "$d/cli"
[ "$(sort "$d/cli/DEBIAN/conffiles" | paste -sd' ' -)" = "/etc/dcachectl.conf /etc/modules-load.d/dcachectl.conf" ]
t $? "/etc/dcachectl.conf and /etc/modules-load.d/dcachectl.conf are the conffiles" "$d/cli/DEBIAN/conffiles"
! grep -v '^#' "$d/cli/etc/modules-load.d/dcachectl.conf" 2>/dev/null | grep -q . &&
	grep -qx '#dcachectl' "$d/cli/etc/modules-load.d/dcachectl.conf"
t $? "modules-load.d/dcachectl.conf ships with its one line commented out (loading at boot is opt-in)"
grep -qx 'ExecStart=/usr/sbin/dcachectl auto --config /etc/dcachectl.conf' \
	"$d/cli/lib/systemd/system/dcachectl-auto.service" &&
	grep -q ' root /usr/sbin/dcachectl auto --config /etc/dcachectl.conf ' \
		"$d/cli/usr/share/doc/dcachectl/cron.d-dcachectl"
t $? "the unit and the cron example name /usr/sbin/dcachectl and /etc/dcachectl.conf"

# The timer: the postinst of a first install, and of an upgrade of an
# installed timer, run against stand-ins that log what they are asked.
mkdir "$d/bin"
# rmmod too: the dkms prerm must never unload a module of the host.
for c in deb-systemd-helper deb-systemd-invoke systemctl rmmod; do
	printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n[ "$1" != debian-installed ] || [ -n "${WAS:-}" ]\n' \
		"$c" "$d" >"$d/bin/$c"
	chmod +x "$d/bin/$c"
done
PATH="$d/bin:$PATH" sh -e "$d/cli/DEBIAN/postinst" configure "" &&
	! grep -E ' (enable|start|restart)( |$)' "$d/calls" >/dev/null &&
	! grep -E 'deb-systemd-invoke (start|restart)|_dh_action' "$d/cli/DEBIAN/postinst"
t $? "a first install neither enables nor starts a timer" "$d/calls"
: >"$d/calls"
PATH="$d/bin:$PATH" sh -e "$d/cli/DEBIAN/prerm" remove &&
	if [ -d /run/systemd/system ]; then
		grep -q '^deb-systemd-invoke stop dcachectl-auto.timer .*dcachectl-export.timer' "$d/calls"
	else
		grep -q 'deb-systemd-invoke stop dcachectl-auto.timer' "$d/cli/DEBIAN/prerm" &&
			grep -q 'dcachectl-export.timer' "$d/cli/DEBIAN/prerm"
	fi
t $? "removing dcachectl stops both timers" "$d/calls"
# The postrm's own part needs systemd running; on a host without it, the
# script must still hold the call.
grep -q 'deb-systemd-invoke reset-failed dcachectl-auto.service dcachectl-auto.timer' "$d/cli/DEBIAN/postrm" &&
	grep -q 'dcachectl-export.service dcachectl-export.timer' "$d/cli/DEBIAN/postrm" &&
	PATH="$d/bin:$PATH" sh -e "$d/cli/DEBIAN/postrm" purge >/dev/null 2>&1
t $? "purging dcachectl forgets its failed units (postrm: reset-failed), and the postrm exits 0" "$d/cli/DEBIAN/postrm"

dkdir=usr/src/dcachectl-$ver
make -s -C "$top" dkms-src DESTDIR="$d/dkstage" >"$d/dk.log" 2>&1
{
	(cd "$d/dkstage" && find . -type f | sed 's|^\./||')
	printf '%s\n' usr/share/doc/dcachectl-dkms/copyright usr/share/doc/dcachectl-dkms/changelog.gz
} | sort >"$d/want.dk"
diff "$d/want.dk" "$d/dk.files" >"$d/dk.diff" &&
	grep -qx "$dkdir/dkms.conf" "$d/dk.files" && grep -qx "$dkdir/module/main.c" "$d/dk.files" &&
	grep -qx "$dkdir/Kbuild" "$d/dk.files"
t $? "dcachectl-dkms holds the sources make dkms-src copies ($dkdir: dkms.conf, Kbuild, module/...), nothing else" "$d/dk.diff"
dpkg-deb -x "$dk" "$d/dk"
cmp -s "$top/dkms.conf" "$d/dk/$dkdir/dkms.conf" &&
	dpkg-deb -f "$dk" Depends | grep -q '^dkms (>= 3'
t $? "its dkms.conf is the tree's, and it depends on dkms >= 3 (BUILD_EXCLUSIVE_CONFIG)"
post=$d/dk/DEBIAN/postinst
grep -qx 'DKMS_NAME=dcachectl' "$post" && grep -qx "DKMS_VERSION=$ver" "$post" &&
	grep -q '/usr/lib/dkms/common.postinst' "$post" &&
	grep -qx 'autoinstall_all_kernels=1' "$post" && grep -qx 'export autoinstall_all_kernels' "$post" &&
	grep -q 'dkms add -m \$NAME -v \$VERSION' /usr/lib/dkms/common.postinst &&
	grep -q 'autoinstall_all_kernels' /usr/lib/dkms/common.postinst
t $? "postinst: DKMS's common.postinst adds dcachectl $ver and builds it for every kernel with headers"
printf '#!/bin/sh\necho "dkms $*" >>"%s/dkms.calls"\n[ "$1" != status ] || echo "dcachectl/%s: added"\n' \
	"$d" "$ver" >"$d/bin/dkms"
chmod +x "$d/bin/dkms"
PATH="$d/bin:$PATH" sh -e "$d/dk/DEBIAN/prerm" remove &&
	grep -qx "dkms remove -m dcachectl -v $ver --all" "$d/dkms.calls"
t $? "prerm remove: dkms remove -m dcachectl -v $ver --all" "$d/dkms.calls"

# The version check, on a copy of what it reads: nothing is built.
mkdir -p "$d/tree/scripts" "$d/tree/debian"
cp "$top/Makefile" "$top/dkms.conf" "$d/tree/"
cp "$top/scripts/mkdeb" "$d/tree/scripts/"
cp "$top/debian/changelog" "$d/tree/debian/"
sed -i 's/^PACKAGE_VERSION=.*/PACKAGE_VERSION="9.8.7"/' "$d/tree/dkms.conf"
make -s -C "$d/tree" deb >"$d/mismatch" 2>&1
rc=$?
[ "$rc" != 0 ] && [ ! -e "$d/tree/dist" ] &&
	grep -q "^deb: debian/changelog is at $debver but dkms.conf's PACKAGE_VERSION is 9.8.7;" "$d/mismatch"
t $? "dkms.conf at 9.8.7, debian/changelog at $debver: make deb fails first, naming both" "$d/mismatch"
sed -i "1s/($debver)/(9.8.7-2)/" "$d/tree/debian/changelog"
sh "$d/tree/scripts/mkdeb" --check-version >"$d/match" 2>&1
t $? "a Debian revision (9.8.7-2 against 9.8.7) passes the check" "$d/match"
echo "# deb: $(($(date +%s) - start)) s"
