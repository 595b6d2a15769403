#!/bin/sh
# Adversarial input at the shrink knob, in the running kernel: 10,000 (2,000 on KASAN)
# random writes (random bytes, token soup, boundary numbers, NUL bytes,
# valid commands cut short or decorated, writes of 4096 and of up to 64k
# bytes). Each must be answered by a valid action (one more run in
# status), or EINVAL/E2BIG with nothing run and nothing freed, or
# ENOENT/ENOTDIR (ran, found no target, freed nothing); never a partial
# write, another errno, or a splat. Then the module still counts exactly.
. ./lib.sh
N=${KNOBFUZZ:-10000}
# KASAN (4-20x slower): 2,000 writes, every kind of input many times over
! kasan || N=${KNOBFUZZ:-2000}
plan 5
load_fresh
mount_disk 0 /mnt/a
A=$(devof /mnt/a)
mkdir -p /mnt/a/fz
fsload churn /mnt/a/fz 500
seed=$(($(date +%s) % 100000 + 1))
diag "seed $seed (stress knobfuzz $N $seed $A reproduces it)"
stress knobfuzz "$N" "$seed" "$A" >/tmp/fz
grep '^#' /tmp/fz | head -n 5
# shellcheck disable=SC2046 # split the summary line
set -- $(tail -n 1 /tmp/fz | tr '=' ' ')
diag "$(tail -n 1 /tmp/fz)"
is "$2:${12}" "$N:0" "$N writes, every answer as it must be"
[ "$4" -gt 0 ] && [ "$6" -gt 0 ] && [ "$8" -gt 0 ]
ok $? \
	"the mix held valid commands ($4), EINVAL ($6) and E2BIG ($8)"
cmp_ok "${10}" -gt 0 "and commands that found no target (${10})"
# Still exact afterwards: a fresh mount and 300 files.
umount /mnt/a
mount_disk 0 /mnt/a
mkdir -p /mnt/a/after
fsload create /mnt/a/after 300
is "$(sbcol $D/superblocks "$A" dentries)" 301 \
	"afterwards, A hashes exactly the directory and its 300 files"
is "$(shrink "dev=$A")" ok "and a real shrink still works"
umount /mnt/a
