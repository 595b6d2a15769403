#!/bin/sh
# make install / make uninstall into a staging directory, as TAP: every
# file in place with its mode, the paths filled into the command and the
# units, the man page renders, the shipped example configuration is valid, an operator's
# configuration survives both, and uninstall leaves nothing else behind.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/unit/scratch.sh
. "$top/tests/unit/scratch.sh"
n=0
t() { # t STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - install: $2"; else echo "not ok $n - install: $2"; fi
}
mk() { make -s -C "$top" "$@" DESTDIR="$d/root" PREFIX=/usr SBINDIR=/usr/sbin; }

mk install >"$d/log" 2>&1
t $? "make install DESTDIR=... exits 0"
want="etc/dcachectl.conf
etc/modules-load.d/dcachectl.conf
etc/systemd/system/dcachectl-auto.service
etc/systemd/system/dcachectl-auto.timer
etc/systemd/system/dcachectl-export.service
etc/systemd/system/dcachectl-export.timer
usr/sbin/dcachectl
usr/share/bash-completion/completions/dcachectl
usr/share/dcachectl/dcachectl.awk
usr/share/doc/dcachectl/README.md
usr/share/doc/dcachectl/cron.d-dcachectl
usr/share/doc/dcachectl/dcachectl.conf
usr/share/doc/dcachectl/docs/development.md
usr/share/doc/dcachectl/docs/performance.md
usr/share/doc/dcachectl/examples/dcachectl.json
usr/share/doc/dcachectl/examples/dcachectl.rules.test.yml
usr/share/doc/dcachectl/examples/dcachectl.rules.yml
usr/share/man/man5/dcachectl.conf.5
usr/share/man/man8/dcachectl.8"
got=$(cd "$d/root" && find . -type f | sed 's|^\./||' | sort)
[ "$got" = "$want" ]
t $? "the nineteen files, nothing else"
# The same from a checkout whose path holds a blank (help2man runs the
# command through a shell to read its --help).
mkdir -p "$d/a b/src"
tar -C "$top" --exclude=./.git --exclude=./results --exclude=./generated \
	--exclude=./dist --exclude='*.o' --exclude='*.ko' -cf - . 2>/dev/null |
	tar -C "$d/a b/src" -xf - 2>/dev/null
if [ ! -f "$d/a b/src/Makefile" ]; then
	n=$((n + 1))
	echo "ok $n - install: # SKIP the tree could not be copied under a path with a blank"
else
	make -s -C "$d/a b/src" install DESTDIR="$d/blank" PREFIX=/usr SBINDIR=/usr/sbin >"$d/blank.log" 2>&1 &&
		[ "$(cd "$d/blank" && find . -type f | sed 's|^\./||' | sort)" = "$want" ]
	t $? "make install from a checkout under a path with a blank: the same nineteen files$(tail -n 1 "$d/blank.log" | sed 's/^/: /')"
	# kbuild cannot: make says so first, and writes nothing into "$d/a"
	! make -s -C "$d/a b/src" KDIR=/nonexistent >"$d/blank.log" 2>&1 &&
		grep -q "cannot build a module in a path with a blank" "$d/blank.log" &&
		[ ! -e "$d/a" ]
	t $? "make (the module) there fails at once, saying why, and writes nothing outside the checkout"
fi
# Every relative link of the installed README and docs (docs/..., ../README.md)
# leads to an installed file.
links=0 broken=
for f in "$d/root/usr/share/doc/dcachectl/README.md" "$d/root/usr/share/doc/dcachectl/docs/"*.md; do
	[ -f "$f" ] || continue
	grep -o '](\([^):]*\))' "$f" | sed 's/^](\(.*\))$/\1/; s/#.*//' >"$d/links"
	while IFS= read -r l; do
		[ -n "$l" ] || continue
		links=$((links + 1))
		[ -f "$(dirname "$f")/$l" ] || broken="$broken ${f#"$d/root/"}:$l"
	done <"$d/links"
done
[ -z "$broken" ] || echo "# broken links:$broken"
[ "$links" -ge 5 ] && [ -z "$broken" ]
t $? "the installed README's links to docs/ (and theirs back) lead to installed files ($links links)"
[ "$(stat -c %a "$d/root/usr/sbin/dcachectl")" = 755 ] &&
	[ "$(stat -c %a "$d/root/usr/share/dcachectl/dcachectl.awk")" = 644 ]
t $? "dcachectl is 0755, its awk half 0644"
grep -qx "PKGDATADIR='/usr/share/dcachectl'" "$d/root/usr/sbin/dcachectl"
t $? "the installed dcachectl names its awk half's directory, /usr/share/dcachectl"
DCACHECTL_LIB="$d/none.awk" DCACHECTL_DEBUGFS="$d/none" "$d/root/usr/sbin/dcachectl" status >"$d/out" 2>&1
[ $? = 2 ] && [ "$(cat "$d/out")" = "dcachectl: cannot read $d/none.awk, the awk half of dcachectl: install it again (make install), or name it in DCACHECTL_LIB" ]
t $? "without its awk half, dcachectl says so in one line and exits 2"
# The staged command runs its staged awk half (not one in /usr/share).
export DCACHECTL_LIB="$d/root/usr/share/dcachectl/dcachectl.awk"
! grep -q '@[A-Z]*@' "$d/root/etc/systemd/system/dcachectl-auto.service" \
	"$d/root/etc/systemd/system/dcachectl-export.service" \
	"$d/root/usr/share/doc/dcachectl/cron.d-dcachectl" &&
	grep -q '^ExecStart=/usr/sbin/dcachectl auto --config /etc/dcachectl.conf$' \
		"$d/root/etc/systemd/system/dcachectl-auto.service" &&
	grep -q '^ExecStart=/usr/sbin/dcachectl export --prometheus$' \
		"$d/root/etc/systemd/system/dcachectl-export.service" &&
	grep -q ' root /usr/sbin/dcachectl auto --config /etc/dcachectl.conf ' \
		"$d/root/usr/share/doc/dcachectl/cron.d-dcachectl"
t $? "the units and the cron line name the installed command and config"
if command -v systemd-analyze >/dev/null; then
	# verify resolves ExecStart= on the host: point it at the staged copy.
	for u in auto export; do
		sed "s|/usr/sbin/dcachectl|$d/root/usr/sbin/dcachectl|" \
			"$d/root/etc/systemd/system/dcachectl-$u.service" >"$d/dcachectl-$u.service"
		cp "$d/root/etc/systemd/system/dcachectl-$u.timer" "$d/"
	done
	MANPATH="$d/root/usr/share/man" systemd-analyze verify "$d"/dcachectl-*.timer \
		"$d"/dcachectl-*.service >"$d/verify" 2>&1 && [ ! -s "$d/verify" ]
	t $? "systemd-analyze verify: no complaint about the four units (or the man page they cite)"
fi
"$d/root/usr/sbin/dcachectl" --help | grep -q '^  auto \[--config FILE\]'
t $? "the installed dcachectl runs (--help)"
if command -v man >/dev/null; then
	MANWIDTH=80 man --warnings -l "$d/root/usr/share/man/man8/dcachectl.8" \
		>"$d/man" 2>"$d/man.err" && [ ! -s "$d/man.err" ] &&
		grep -q 'export --prometheus' "$d/man" &&
		grep -q '^SYNOPSIS' "$d/man" && grep -q '^ENVIRONMENT' "$d/man" &&
		grep -q '^FILES' "$d/man" && grep -q 'dcachectl.conf(5)' "$d/man" &&
		MANWIDTH=80 man --warnings -l "$d/root/usr/share/man/man5/dcachectl.conf.5" \
			>"$d/man5" 2>"$d/man.err" && [ ! -s "$d/man.err" ] &&
		grep -q '^ *dcachectl.conf - the rules of dcachectl auto' "$d/man5" &&
		grep -q '^ *dev 254:0 bytes>512Mi shrink negative max=1M$' "$d/man5"
	t $? "dcachectl(8) and dcachectl.conf(5) render without warnings, with their sections and examples"
fi
# Every example rule of the shipped config, uncommented, must parse; run
# against a stand-in debugfs so no module is needed.
mkdir -p "$d/dbg/dcachectl"
printf 'version: x\n' >"$d/dbg/dcachectl/status"
printf 'dev type id dentries negative unused_dentries unused_inodes bytes\n0:9 ext4 x 1 1 1 0 192\n' \
	>"$d/dbg/dcachectl/superblocks"
sed -n 's/^#\(mount\|type\|any\|dev\) /\1 /p' "$d/root/etc/dcachectl.conf" >"$d/rules"
[ "$(wc -l <"$d/rules")" -ge 3 ] &&
	DCACHECTL_DEBUGFS="$d/dbg" "$d/root/usr/sbin/dcachectl" auto --config "$d/rules" >"$d/auto" 2>&1 &&
	[ ! -s "$d/auto" ]
t $? "the example rules parse (and fire on nothing small)"
! grep -v '^#' "$d/root/etc/modules-load.d/dcachectl.conf" | grep -q . &&
	grep -qx '#dcachectl' "$d/root/etc/modules-load.d/dcachectl.conf"
t $? "modules-load.d/dcachectl.conf: its one line commented out (loading at boot is opt-in)"
echo "mount /srv negative > 5 shrink" >"$d/root/etc/dcachectl.conf"
echo dcachectl >"$d/root/etc/modules-load.d/dcachectl.conf"
mk install >/dev/null 2>&1 && grep -q '^mount /srv' "$d/root/etc/dcachectl.conf" &&
	grep -qx dcachectl "$d/root/etc/modules-load.d/dcachectl.conf"
t $? "a second make install keeps the operator's config and modules-load.d line"
# as the README has the operator enable cron
mkdir -p "$d/root/etc/cron.d"
cp "$d/root/usr/share/doc/dcachectl/cron.d-dcachectl" "$d/root/etc/cron.d/dcachectl"
mk uninstall >"$d/log" 2>&1
left=$(cd "$d/root" && find . -type f | sed 's|^\./||' | sort | paste -sd' ' -)
[ "$left" = "etc/dcachectl.conf etc/modules-load.d/dcachectl.conf" ] &&
	grep -q 'keeping /etc/dcachectl.conf' "$d/log" &&
	grep -q 'keeping /etc/modules-load.d/dcachectl.conf' "$d/log"
t $? "make uninstall removes everything (the copied cron file too) but the changed config and modules-load.d line, and says so"
cp "$top/scripts/dcachectl.conf" "$d/root/etc/dcachectl.conf"
cp "$top/scripts/modules-load.conf" "$d/root/etc/modules-load.d/dcachectl.conf"
mk uninstall >/dev/null 2>&1
[ -z "$(cd "$d/root" && find . -type f)" ] &&
	[ ! -e "$d/root/usr/share/doc/dcachectl" ] && [ ! -e "$d/root/usr/share/dcachectl" ]
t $? "an unchanged config and modules-load.d line go too, and the documentation's and awk half's directories"
# make dkms-install without KERNELRELEASE (the README's "for the running
# kernel"): dkms builds and installs for uname -r. (scripts/dkms-build
# runs it for real, with KERNELRELEASE=, in each dkms series' build root.)
make -n -s -C "$top" dkms-install >"$d/log" 2>&1
grep -qx "dkms build -m dcachectl -v [0-9.]* -k $(uname -r)" "$d/log" &&
	grep -qx "dkms install -m dcachectl -v [0-9.]* -k $(uname -r)" "$d/log"
t $? "make dkms-install builds and installs for the running kernel, $(uname -r)"
