#!/bin/sh
# The bash completion (scripts/bash-completion) as bash-completion runs
# it: commands, each command's options, mount points (a blank in one
# included), filesystem types, the module's device numbers (a stand-in
# debugfs) and directories for the options that take them.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then printf "ok %d - completion: %s\n" $n "$2"; else printf "not ok %d - completion: %s\n" $n "$2"; fi
}
bc=/usr/share/bash-completion/bash_completion
[ -r "$bc" ] || {
	echo "1..0 # SKIP no bash-completion (apt install bash-completion)"
	exit 0
}
# shellcheck source=tests/unit/scratch.sh
. "$top/tests/unit/scratch.sh"
mkdir -p "$d/dbg/dcachectl" "$d/dir one" "$d/dir two" "$d/m"
: >"$d/file"
printf 'dev type id dentries negative unused_dentries unused_inodes bytes\n254:0 ext4 vda 1 1 1 0 192\n0:22 proc proc 1 0 0 0 192\n' \
	>"$d/dbg/dcachectl/superblocks"
# comp LINE: what completing LINE (cursor at its end) offers, sorted, one
# a line
comp() {
	# shellcheck disable=SC2016 # expanded by the inner bash
	DCACHECTL_DEBUGFS=$d/dbg bash -c '
		. "$1"; . "$2"; cd "$3" || exit 1
		COMP_LINE=$4; COMP_POINT=${#COMP_LINE}
		read -ra COMP_WORDS <<<"$COMP_LINE"
		case $COMP_LINE in *" ") COMP_WORDS+=("") ;; esac
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_dcachectl dcachectl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort' - "$bc" "$top/scripts/bash-completion" "$d" "$1" 2>&1
}
[ "$(comp 'dcachectl ' | paste -sd' ' -)" = "--help --version auto chains dirs export help hist memcgs shrink status top who" ]
t $? "the commands"
[ "$(comp 'dcachectl sh' | paste -sd' ' -)" = "shrink" ]
t $? "a command's prefix"
[ "$(comp 'dcachectl shrink --d' | paste -sd' ' -)" = "--dev --dir --dry-run" ]
t $? "shrink's options"
[ "$(comp 'dcachectl export --' | paste -sd' ' -)" = "--help --memcgs --output --prometheus --superblocks" ]
t $? "export's options"
[ "$(comp 'dcachectl who -' | paste -sd' ' -)" = "--help --json --seconds -n" ]
t $? "who's options"
comp 'dcachectl shrink --mount /' | grep -qx / && comp 'dcachectl shrink --mount /pr' | grep -qx /proc
t $? "--mount: the mount points of /proc/self/mountinfo"
comp 'dcachectl shrink --type ' | grep -qx proc
t $? "--type: /proc/filesystems' types"
[ "$(comp 'dcachectl shrink --dev ' | paste -sd' ' -)" = "0:22 254:0" ]
t $? "--dev: the superblocks the module lists"
# a mount point named $(touch ...): offered, never run. It lies in $d, so
# that the trap removes it: no slash in the name, no parent left behind.
# shellcheck disable=SC2016 # the name holds $(...), the scripts $1, on purpose
if unshare -m true 2>/dev/null; then
	evil=$d/'$(touch pwned)'
	unshare -m sh -c 'mkdir "$1" && mount -t tmpfs x "$1" &&
		bash -c "$2" - "$3" "$4" "$5" "$6" >"$5/evil.out" 2>&1' - "$evil" '
		. "$1"; . "$2"; cd "$3" || exit 1
		COMP_LINE="dcachectl shrink --mount $3/\$"; COMP_POINT=${#COMP_LINE}
		COMP_WORDS=(dcachectl shrink --mount "$3/\$"); COMP_CWORD=3
		_dcachectl dcachectl "$3/\$" --mount
		printf "%s\n" "${COMPREPLY[@]}"' "$bc" "$top/scripts/bash-completion" "$d" "$d"
	[ ! -e "$d/pwned" ] && grep -qxF "$evil" "$d/evil.out"
	t $? "--mount: a mount point named \$(touch ...) is offered as it is, never run"
fi
[ "$(comp 'dcachectl shrink --dir di' | paste -sd'|' -)" = "dir one|dir two" ]
t $? "--dir: directories only (a blank kept), no files"
[ "$(comp 'dcachectl help ' | paste -sd' ' -)" = "config" ]
t $? "help: its topic"
echo "1..$n"
