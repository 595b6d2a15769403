#!/bin/sh
# Field case 2, many network namespaces: each live netns that read
# /proc/sys/net/ipv6/conf/all/disable_ipv6 and /proc/sys/net/core/somaxconn
# leaves one dentry named "ipv6" and one named "core" under the same proc
# parent, so all of them sit on two hash chains that every lookup from the
# init netns walks. Proves that chains shows both, with their length, name,
# parent path and filesystem, and that hashtable's longest chain agrees.
. ./lib.sh
N=${NETNS:-500}
plan 11
load_fresh
mkdir -p /tmp/netns
t0=$(date +%s)
fsload netns "$N" /tmp/netns
diag "$N namespaces took $(($(date +%s) - t0)) s"
cat $D/chains >/tmp/ch
cat $D/hashtable >/tmp/ht
head -n 4 /tmp/ch | while read -r l; do diag "$l"; done
procdev=$(devof /proc)

# Rows 2 and 3 are the two longest chains.
names=$(sed -n '2,3p' /tmp/ch | awk '{ print $7 }' | sort | tr '\n' ' ')
is "$names" "core ipv6 " "the two longest chains are 'core' and 'ipv6'"
# shellcheck disable=SC2046 # split a view row into its columns
set -- $(sed -n 2p /tmp/ch)
cmp_ok "$2" -ge "$N" "the longest chain holds >= $N entries ($2)"
# (another dentry may share the bucket by chance)
cmp_ok "${4%\%}" -ge 95 "one name fills it ($4)"
is "$6" proc "its filesystem is proc"
is "$5" "$procdev" "its dev is /proc's"
# The parent path is inside the filesystem; proc is mounted on /proc.
is "/proc$8" /proc/sys/net "its parent is /proc/sys/net"
# shellcheck disable=SC2046 # split a view row into its columns
set -- $(sed -n 3p /tmp/ch)
[ "$2" -ge "$N" ] && [ "/proc$8" = /proc/sys/net ]
ok $? \
	"the second chain too ($2 entries under /proc$8)"
is "$(field /tmp/ht longest)" "$(sed -n 2p /tmp/ch | cut -d' ' -f2)" \
	"hashtable's longest chain agrees"
is "$(field /tmp/ht approx_chains)" 0 "no chain was approximate"

# In sections of 16 dentries, each chain spans dozens of sections.
load_fresh walk_batch=16
# shellcheck disable=SC2046 # split a view row into its columns
set -- $(sed -n 2p $D/chains)
is "$2 $7 /proc$8" "$(sed -n 2p /tmp/ch | awk '{ print $2, $7, "/proc" $8 }')" \
	"walk_batch=16 finds the same longest chain, whole"
max=$(field $D/status walk.max_section_entries)
cmp_ok "$max" -le 16 "with no RCU section beyond 16 dentries ($max)"
