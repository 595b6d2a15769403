#!/bin/sh
# Proves the walk's own contract: reads within cache_ms reuse one walk, so
# reading every view costs one walk; no RCU section went beyond walk_batch
# dentries; and reading every view in a loop while files churn gives
# well-formed output and no splat (the host checks the console).
. ./lib.sh
plan 5
load_fresh cache_ms=60000 walk_batch=64
for f in hashtable chains superblocks dirs memcgs; do
	cat $D/$f >/dev/null
done
is "$(field $D/status walk.count)" 1 "five views within cache_ms: one walk"
max=$(field $D/status walk.max_section_entries)
[ "$max" -le 64 ] && [ "$max" -gt 0 ]
ok $? \
	"longest RCU section <= walk_batch=64 dentries ($max)"

load_fresh walk_batch=16
mount -t tmpfs t /mnt
mkdir /mnt/c
fsload churn /mnt/c 1000000 &
churn=$!
mkdir -p /mnt/e
mount_disk 0 /mnt/e
mkdir -p /mnt/e/c
fsload churn /mnt/e/c 1000000 &
churn2=$!
# 20 rounds of the five views (10 on KASAN, 4-20x slower)
R=20
! kasan || R=10
bad=0
i=0
while [ $i -lt $R ]; do
	for f in hashtable chains superblocks dirs memcgs; do
		cat $D/$f >/tmp/v || bad=$((bad + 1))
		[ -s /tmp/v ] || bad=$((bad + 1))
	done
	i=$((i + 1))
done
kill $churn $churn2
wait
is $bad 0 "$((R * 5)) reads during churn, all well formed"
max=$(field $D/status walk.max_section_entries)
cmp_ok "$max" -le 16 "still no section beyond 16 dentries ($max)"
walks=$(field $D/status walk.count)
cmp_ok "$walks" -ge $((R * 5)) "with cache_ms=0 every read walked ($walks)"
umount /mnt/e /mnt
