#!/bin/sh
# guest.sh: the installed-system test, inside a booted Debian guest (see
# tests/system/check), as root, run by dcc-systest.service once
# multi-user.target is up. /dcctest holds this script and the two .debs.
# It does what an operator does, and checks what the operator would see:
#
# boot 1: apt install both packages (DKMS builds the module here, against
#   the guest's own headers); modprobe; `dcachectl top` names the real
#   mount points; temp-file churn on an ext4 mount; a rule in
#   /etc/dcachectl.conf for that mount, the timer enabled, fires, and the
#   journal has the shrink's one line; the service loads the module itself
#   when it is not loaded; the export timer writes node_exporter's textfile
#   and node_exporter serves dcachectl_ series; systemd-analyze security
#   scores every shipped unit; the module is set to load at boot
#   (/etc/modules-load.d/dcachectl.conf, a conffile, uncommented); reboot.
# boot 2: the module was loaded by systemd-modules-load; the timers are
#   still enabled and running; apt purge both packages, and nothing is
#   left: no module (loaded or on disk), DKMS registration, unit,
#   enablement link, conffile, or file under /usr/src.
#
# TAP on standard output; "@@ OS", "@@ KERNEL" say what ran, "@@ REBOOT"
# ends boot 1, "@@ DONE" boot 2.
# The awk programs and sh -c strings are single-quoted on purpose.
# shellcheck disable=SC2016
set -u
# The points both boots run in all; tests/system/check holds the guest to it.
plan=49
export LC_ALL=C DEBIAN_FRONTEND=noninteractive
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
state=/var/lib/dcc-systest
mkdir -p "$state"
n=$(cat "$state/n" 2>/dev/null || echo 0)
fails=$(cat "$state/fails" 2>/dev/null || echo 0)
churn=/srv/churn
prom=/var/lib/prometheus/node-exporter/dcachectl.prom
ver=$(dpkg-deb -f /dcctest/dcachectl_*.deb Version)

ok() { # ok COND-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
	fi
	echo "$n" >"$state/n"
	echo "$fails" >"$state/fails"
}
check() { # check DESCRIPTION CMD...: CMD's status as the point
	d=$1
	shift
	"$@" >"$state/out" 2>&1
	rc=$?
	ok "$rc" "$d"
	[ "$rc" = 0 ] || sed 's/^/# /' "$state/out" | tail -n 15
}
diag() { sed 's/^/# /'; }
# wait_for SECONDS CMD...: until CMD succeeds, at most SECONDS.
wait_for() {
	w=$1
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ "$w" -gt 0 ] || return 1
		sleep 1
		w=$((w - 1))
	done
}
# churn_negative: the hashed negative dentries of the churn mount's
# superblock, from the module's own view.
churn_negative() {
	awk -v dev="$(mountpoint -d "$churn")" '$1 == dev { print $5; f = 1 }
		END { if (!f) print -1 }' /sys/kernel/debug/dcachectl/superblocks
}
unit_files() {
	find /etc/systemd /lib/systemd /usr/lib/systemd -name 'dcachectl*' 2>/dev/null
}

phase=$(cat "$state/phase" 2>/dev/null || echo 1)
# shellcheck disable=SC1091 # the guest's own file
echo "@@ OS $(. /etc/os-release && echo "$PRETTY_NAME")"
echo "@@ KERNEL $(uname -r)"
echo "# boot $phase at $(cut -d' ' -f1 /proc/uptime) s of uptime"

if [ "$phase" = 1 ]; then
	t0=$(date +%s)
	# apt's and DKMS's lines, each stamped with the guest's uptime
	{
		cd /dcctest && apt-get install -y "./dcachectl-dkms_${ver}_all.deb" \
			"./dcachectl_${ver}_all.deb" 2>&1
		echo "rc=$?"
	} | while IFS= read -r l; do
		echo "$(cut -d' ' -f1 /proc/uptime) $l"
	done >"$state/apt"
	rc=$(sed -n 's/^[0-9.]* rc=//p' "$state/apt")
	grep -E 'dkms|DKMS|[Bb]uild|[Ss]ign|Setting up|E:' "$state/apt" | diag
	ok "$rc" "apt install ./dcachectl-dkms_${ver}_all.deb ./dcachectl_${ver}_all.deb"
	if [ "$rc" != 0 ]; then
		echo "Bail out! the packages did not install"
		echo "@@ DONE $n $fails"
		systemctl poweroff
		exit 1
	fi
	echo "# apt install (with the DKMS build): $(($(date +%s) - t0)) s"
	dkms status dcachectl 2>&1 | diag
	check "dkms status: dcachectl $ver installed for $(uname -r)" \
		sh -c "dkms status dcachectl | grep -F '$ver' | grep -F '$(uname -r)' | grep installed >/dev/null"
	check "the module DKMS built is in /lib/modules/$(uname -r)" \
		sh -c "find /lib/modules/$(uname -r)/ /usr/lib/modules/$(uname -r)/ -name 'dcachectl.ko*' 2>/dev/null | grep -q ."
	check "modprobe dcachectl" modprobe dcachectl
	check "the module's debugfs directory is there" \
		test -r /sys/kernel/debug/dcachectl/superblocks

	# Temp-file churn on an ext4 mount: 20,000 files made and removed.
	mkdir -p "$churn"
	check "mount the second disk (ext4) on $churn" mount LABEL=dccchurn "$churn"
	mkdir -p "$churn/tmp"
	seq 1 20000 | sed "s|^|$churn/tmp/t|" | xargs touch
	find "$churn/tmp" -type f -delete
	neg=$(churn_negative)
	echo "# $churn ($(mountpoint -d "$churn")): $neg negative dentries after the churn"
	ok "$([ "$neg" -ge 20000 ] && echo 0 || echo 1)" \
		"the churn left >= 20000 negative dentries on $churn ($neg)"
	dcachectl top -n 0 >"$state/top" 2>&1
	head -n 3 "$state/top" | diag
	check "dcachectl top names $churn, ext4, as its mount point" \
		awk -v m="$churn" '$6 == "ext4" && $NF == m { f = 1 } END { exit !f }' "$state/top"
	check "dcachectl top names / (ext4), the root file system" \
		awk '$6 == "ext4" && $NF == "/" { f = 1 } END { exit !f }' "$state/top"

	# The policy: the operator's rule in the conffile, the timer on.
	# The drop-in makes the timer fire once, 5 s after it starts: its
	# empty OnBootSec= drops the unit's own triggers, or the boot's 5
	# minutes, long past, would fire it at once and again 5 s later, in
	# the middle of the checks. It is the operator's own file, removed
	# before the reboot.
	# A second rule names /tmp, which is no mount point on Debian 12 (on
	# 13 it is a tmpfs), with churn there too: the timer's run must decide
	# as the operator's own `auto --dry-run` does, whatever the unit's
	# sandbox mounts (PrivateTmp puts a bind mount on /tmp).
	printf 'mount %s negative > 10k shrink negative\nmount /tmp negative > 1k shrink negative\n' \
		"$churn" >>/etc/dcachectl.conf
	mkdir -p /tmp/dcc-churn
	seq 1 5000 | sed 's|^|/tmp/dcc-churn/t|' | xargs touch
	find /tmp/dcc-churn -type f -delete
	dcachectl auto --dry-run >"$state/dry" 2>&1
	diag <"$state/dry"
	grep -o 'dev=[0-9]*:[0-9]*' "$state/dry" | sort -u >"$state/dry.devs"
	mkdir -p /etc/systemd/system/dcachectl-auto.timer.d
	printf '[Timer]\nOnBootSec=\nOnActiveSec=5s\nRandomizedDelaySec=0\n' \
		>/etc/systemd/system/dcachectl-auto.timer.d/test.conf
	systemctl daemon-reload
	check "systemctl enable --now dcachectl-auto.timer" \
		systemctl enable --now dcachectl-auto.timer
	exited='[ "$(systemctl show -P ExecMainExitTimestampMonotonic dcachectl-auto.service)" != 0 ]'
	wait_for 120 sh -c "$exited"
	check "the timer fired: dcachectl-auto.service ran, and succeeded" \
		sh -c "$exited"' &&
			[ "$(systemctl show -P Result dcachectl-auto.service)" = success ] &&
			[ "$(systemctl show -P ExecMainStatus dcachectl-auto.service)" = 0 ]'
	journalctl -u dcachectl-auto.service -o cat --no-pager >"$state/journal" 2>&1
	diag <"$state/journal"
	check "the journal has the shrink's line (dcachectl auto: mount $churn ...)" \
		sh -c "grep -E '^dcachectl auto: .*$churn.*freed' '$state/journal'"
	grep '^dcachectl auto: ' "$state/journal" | grep -o 'dev=[0-9]*:[0-9]*' |
		sort -u >"$state/unit.devs"
	check "the timer's run shrank what the operator's auto --dry-run named ($(paste -sd' ' "$state/dry.devs"))" \
		sh -c "[ -s '$state/dry.devs' ] && cmp '$state/dry.devs' '$state/unit.devs'"
	neg=$(churn_negative)
	ok "$([ "$neg" -ge 0 ] && [ "$neg" -lt 100 ] && echo 0 || echo 1)" \
		"the shrink freed $churn's negative dentries ($neg left)"

	# The hardened service loads the module itself when it is not loaded,
	# and can then write the knob (the module's debugfs directory is made
	# writable for the sandbox only once modprobe created it): more churn,
	# so that its rule fires again.
	modprobe -r dcachectl
	check "modprobe -r dcachectl" sh -c '! grep -q "^dcachectl " /proc/modules'
	seq 1 15000 | sed "s|^|$churn/tmp/u|" | xargs touch
	find "$churn/tmp" -type f -delete
	check "systemctl start dcachectl-auto.service loads the module and runs" \
		systemctl start dcachectl-auto.service
	check "the module is loaded again" grep -q '^dcachectl ' /proc/modules
	journalctl _SYSTEMD_INVOCATION_ID="$(systemctl show -P InvocationID dcachectl-auto.service)" \
		-o cat --no-pager >"$state/journal2" 2>&1
	grep '^dcachectl auto' "$state/journal2" | diag
	check "... and shrank $churn again, through the knob (>= 15000 freed)" \
		awk -v m="$churn" '/^dcachectl auto: / && index($0, m) && match($0, /freed [0-9]+ dentries/) {
			if (substr($0, RSTART + 6, RLENGTH - 15) + 0 >= 15000) f = 1 } END { exit !f }' "$state/journal2"

	# Monitoring: the export timer, node_exporter's textfile collector.
	check "systemctl enable --now dcachectl-export.timer" \
		systemctl enable --now dcachectl-export.timer
	wait_for 120 test -s "$prom"
	check "the export service succeeded and wrote $prom, mode 0644 under its umask 0077" \
		sh -c "[ \"\$(systemctl show -P Result dcachectl-export.service)\" = success ] &&
			[ \"\$(systemctl show -P UMask dcachectl-export.service)\" = 0077 ] &&
			[ \"\$(stat -c %a $prom)\" = 644 ] && grep -q '^dcachectl_up 1' $prom"
	# Its labels are the operator's: the same device and fstype for each
	# mount point as an export run by hand, for the mount points both saw.
	dcachectl export --prometheus --output - >"$state/manual.prom" 2>&1
	labels() {
		sed -n 's/^dcachectl_superblock_dentries{\([^}]*\)}.*/\1/p' "$1" |
			grep -v 'mountpoint=""$' | sort
	}
	labels "$state/manual.prom" >"$state/manual.labels"
	labels "$prom" >"$state/unit.labels"
	awk -F',mountpoint=' 'NR == FNR { m[$2] = $0; next } ($2 in m) && m[$2] != $0 { print "unit: " $0 " / by hand: " m[$2] }' \
		"$state/manual.labels" "$state/unit.labels" >"$state/labels.diff"
	# (/ and /proc among them: a sandbox's own mount table lost /proc)
	check "the export service labels each superblock as an export by hand does" \
		sh -c "[ ! -s '$state/labels.diff' ] && grep -q 'mountpoint=\"/\"' '$state/unit.labels' &&
			grep -q 'mountpoint=\"/proc\"' '$state/unit.labels'"
	head -n 5 "$state/labels.diff" | diag
	wait_for 120 curl -sf http://localhost:9100/metrics
	curl -sf http://localhost:9100/metrics >"$state/metrics" 2>&1
	awk '/^dcachectl_/ && n++ < 5' "$state/metrics" | diag
	check "curl localhost:9100/metrics: node_exporter serves dcachectl_up 1" \
		grep -q '^dcachectl_up 1' "$state/metrics"
	check "... and the negative dentries of $churn" \
		grep -q "^dcachectl_superblock_negative_dentries{.*mountpoint=\"$churn\"" "$state/metrics"
	[ "$rc" = 0 ] || awk '/^dcachectl_superblock_negative_dentries\{/ && n++ < 5' "$state/metrics" | diag

	# The README's drop-in for the export's top-K (`systemctl edit`
	# writes override.conf), with 3 superblocks: then exactly 3 of them
	# have series of their own, and every memcg has its own (0: no limit).
	mkdir -p /etc/systemd/system/dcachectl-export.service.d
	printf '%s\n' '[Service]' 'ExecStart=' \
		'ExecStart=/usr/sbin/dcachectl export --prometheus --superblocks 3 --memcgs 0' \
		>/etc/systemd/system/dcachectl-export.service.d/override.conf
	systemctl daemon-reload
	check "a drop-in (systemctl edit dcachectl-export.service) sets --superblocks 3: 3 superblocks get series" \
		sh -c "systemctl start dcachectl-export.service &&
			[ \"\$(grep '^dcachectl_superblock_dentries{' $prom | grep -vc 'device=\"other\"')\" = 3 ] &&
			grep -q '^dcachectl_memcg_unused_dentries{memcg=\"other\"} 0$' $prom"
	check "systemctl revert dcachectl-export.service: back to the default (20)" \
		sh -c "systemctl revert dcachectl-export.service && systemctl start dcachectl-export.service &&
			[ \"\$(grep '^dcachectl_superblock_dentries{' $prom | grep -vc 'device=\"other\"')\" -gt 3 ]"

	# The README's "Where it writes": node_exporter's postinst gives
	# /var/lib/prometheus to prometheus, unless a statoverride says
	# otherwise; with the README's line, a reconfigure keeps it root's.
	check "node_exporter's postinst made /var/lib/prometheus prometheus's (the README's claim)" \
		sh -c '[ "$(stat -c %U /var/lib/prometheus)" = prometheus ]'
	dpkg-statoverride --update --add root root 0755 /var/lib/prometheus
	dpkg-reconfigure prometheus-node-exporter >"$state/reconf" 2>&1
	diag <"$state/reconf"
	check "dpkg-statoverride ... root root 0755 /var/lib/prometheus: root's after a reconfigure, and the export writes" \
		sh -c "[ \"\$(stat -c '%U %G %a' /var/lib/prometheus)\" = 'root root 755' ] &&
			systemctl start dcachectl-export.service && grep -q '^dcachectl_up 1' $prom"
	# ... or a directory of its own, which node_exporter is pointed at.
	install -d -o root -g root -m 0755 /var/lib/dcachectl-textfile
	cp /etc/default/prometheus-node-exporter "$state/default.ne"
	echo 'ARGS="--collector.textfile.directory=/var/lib/dcachectl-textfile"' \
		>>/etc/default/prometheus-node-exporter
	systemctl restart prometheus-node-exporter
	dcachectl export --prometheus --output /var/lib/dcachectl-textfile/dcachectl.prom
	wait_for 60 curl -sf http://localhost:9100/metrics
	curl -sf http://localhost:9100/metrics >"$state/metrics2" 2>&1
	grep '^node_textfile_mtime_seconds' "$state/metrics2" | diag
	check "ARGS=--collector.textfile.directory=/var/lib/dcachectl-textfile: node_exporter serves the export written there" \
		sh -c "tr '\\0' ' ' </proc/\$(pidof prometheus-node-exporter)/cmdline |
				grep -q -- '--collector.textfile.directory=/var/lib/dcachectl-textfile' &&
			grep -Eq '^node_textfile_mtime_seconds[{]file=\"(/var/lib/dcachectl-textfile/)?dcachectl.prom\"[}]' '$state/metrics2' &&
			grep -q '^dcachectl_up 1' '$state/metrics2'"
	cp "$state/default.ne" /etc/default/prometheus-node-exporter
	systemctl restart prometheus-node-exporter

	# Every shipped unit at 3.0 or lower, with this systemd.
	for u in $(dpkg -L dcachectl | grep -E '/systemd/system/.*\.service$'); do
		u=${u##*/}
		s=$(systemd-analyze security --no-pager "$u" 2>&1 |
			sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
		ok "$(awk -v s="${s:-99}" 'BEGIN { exit !(s <= 3.0) }' && echo 0 || echo 1)" \
			"systemd-analyze security $u: ${s:-no score} (<= 3.0)"
	done

	# Load at boot: the shipped conffile, uncommented.
	check "/etc/modules-load.d/dcachectl.conf is the package's conffile" \
		sh -c 'dpkg-query -W -f="\${Conffiles}\n" dcachectl | grep -q " /etc/modules-load.d/dcachectl.conf "'
	# the README's line
	sed -i 's/^#dcachectl$/dcachectl/' /etc/modules-load.d/dcachectl.conf
	check "modules-load.d/dcachectl.conf names the module" \
		grep -qx dcachectl /etc/modules-load.d/dcachectl.conf
	# Back to the shipped schedule: the drop-in is not needed any more.
	rm -rf /etc/systemd/system/dcachectl-auto.timer.d
	systemctl daemon-reload
	echo 2 >"$state/phase"
	echo "@@ REBOOT"
	sync
	systemctl reboot
	exit 0
fi

# boot 2
check "after the reboot, dcachectl is loaded" grep -q '^dcachectl ' /proc/modules
journalctl -b -t systemd-modules-load -o cat --no-pager >"$state/ml" 2>&1
check "... by systemd-modules-load (modules-load.d)" \
	grep -q "Inserted module 'dcachectl'" "$state/ml"
check "both timers are still enabled and active" \
	sh -c 'systemctl is-enabled dcachectl-auto.timer dcachectl-export.timer &&
		systemctl is-active dcachectl-auto.timer dcachectl-export.timer'
check "systemctl list-timers 'dcachectl*' lists both (the README's troubleshooting)" \
	sh -c "[ \"\$(systemctl list-timers --no-pager 'dcachectl*' | grep -c 'dcachectl-[a-z]*\.timer')\" = 2 ]"
# Parameters that stick, as the README sets them: /etc/modprobe.d, then
# a reload (the export timer may hold a view open for a moment: retried)
echo 'options dcachectl walk_batch=256 cache_ms=5000' >/etc/modprobe.d/dcachectl.conf
for _ in 1 2 3 4 5; do rmmod dcachectl 2>/dev/null && break; sleep 1; done
modprobe dcachectl
check "options in /etc/modprobe.d/dcachectl.conf apply at modprobe (status: walk_batch 256, cache_ms 5000)" \
	sh -c 'grep param /sys/kernel/debug/dcachectl/status | grep -qx "param.walk_batch: 256" &&
		grep -qx "param.cache_ms: 5000" /sys/kernel/debug/dcachectl/status'
rm -f /etc/modprobe.d/dcachectl.conf
check "modinfo -F vermagic dcachectl names the running kernel (the README's troubleshooting)" \
	sh -c 'modinfo -F vermagic dcachectl | grep -q "^$(uname -r) "'
check "systemctl disable --now dcachectl-auto.timer (the README's uninstall, first step)" \
	sh -c 'systemctl disable --now dcachectl-auto.timer && ! systemctl is-active -q dcachectl-auto.timer'
check "apt purge dcachectl dcachectl-dkms" \
	apt-get purge -y dcachectl dcachectl-dkms
check "no dcachectl package left in dpkg's database (not even config files)" \
	sh -c '! dpkg-query -W -f="\${Package} \${db:Status-Abbrev}\n" "dcachectl*" 2>/dev/null | grep .'
check "no module loaded" sh -c '! grep -q "^dcachectl " /proc/modules'
check "no module file under /lib/modules" \
	sh -c '! find /lib/modules/ /usr/lib/modules/ -name "dcachectl.ko*" 2>/dev/null | grep .'
check "no DKMS registration" \
	sh -c '! dkms status dcachectl 2>&1 | grep dcachectl >/dev/null && [ ! -e /var/lib/dkms/dcachectl ]'
check "nothing under /usr/src" sh -c '! ls -d /usr/src/dcachectl* 2>/dev/null'
unit_files >"$state/units"
diag <"$state/units"
check "no unit file or enablement link" test ! -s "$state/units"
check "no timer loaded" \
	sh -c '! systemctl list-units --all --no-legend "dcachectl*" | grep .'
check "no conffile: /etc/dcachectl.conf, /etc/modules-load.d/dcachectl.conf" \
	sh -c '[ ! -e /etc/dcachectl.conf ] && [ ! -e /etc/modules-load.d/dcachectl.conf ]'
check "no command, man page, awk half or documentation" \
	sh -c 'for f in /usr/sbin/dcachectl /usr/share/dcachectl /usr/share/man/man8/dcachectl.8* \
		/usr/share/man/man5/dcachectl.conf.5* /usr/share/bash-completion/completions/dcachectl \
		/usr/share/doc/dcachectl*; do
		[ ! -e "$f" ] || { echo "left: $f"; exit 1; }; done'
echo "1..$plan"
echo "@@ DONE $n $fails"
sync
systemctl poweroff
