#!/bin/sh
# Proves: dcachectl loads on this kernel, resolves every symbol it needs
# through kallsyms, and /sys/kernel/debug/dcachectl/status tells the truth:
# its version and kernel release, each symbol, and the hash table's bucket
# count, which must equal the kernel's own boot line "Dentry cache hash
# table entries: N". No kernel pointer appears in it.
. ./lib.sh
plan 12
ensure_loaded

[ -r $D/status ]
ok $? "status exists"
is "$(stat -c %a $D/status)" 400 "status is mode 0400"
cat $D/status >/tmp/status
rc=$?
ok $rc "reading status succeeds"
while read -r l; do diag "$l"; done </tmp/status

ver=$(cat /lib/modules/dcachectl.version)
is "$(field /tmp/status version)" "$ver" "status version matches the module's"
is "$(field /tmp/status kernel)" "$(uname -r)" "status kernel is uname -r"

for s in dentry_hashtable d_hash_shift super_blocks sb_lock; do
	is "$(field /tmp/status "symbol.$s")" "resolved data required" \
		"required symbol $s resolved"
done

boot=$(dmesg | sed -n 's/.*Dentry cache hash table entries: \([0-9]*\).*/\1/p' |
	head -n 1)
diag "kernel boot line: $boot buckets"
is "$(field /tmp/status hash.buckets)" "$boot" \
	"hash.buckets equals the kernel's 'Dentry cache hash table entries'"

# Nothing shaped like a kernel address (16 hex digits starting ffff, or a
# hashed %p) may appear.
grep -Eiq '(0x)?ffff[0-9a-f]{12}|[0-9a-f]{16}' /tmp/status
is $? 1 "no kernel pointer in status"

is "$(fsload as 65534 fsload read $D/status)" EACCES \
	"an unprivileged user cannot read status"
