# SPDX-License-Identifier: GPL-2.0
# The drgn peer of the module's walk, for `make bench` (its drgn part):
# run by the drgn CLI on the live kernel (drgn -q -s /vmlinux THIS [MODE]),
# it walks dentry_hashtable and counts each superblock's hashed dentries
# and negative ones, as the module's superblocks view does. Prints "sb
# MAJOR:MINOR DENTRIES NEGATIVE" per superblock, then "walk_ns N": the walk
# alone, without drgn's start-up (loading the vmlinux's debug info).
# MODE: "objects" (default) walks as a drgn user would, with drgn's
# objects; "raw" reads the bucket heads in one read and each field as a
# bare u64 at its offset, the fastest a drgn script can go; "start" stops
# once drgn has started (the bench's untimed first run).
import struct
import sys
import time

from drgn import Object, offsetof

mode = sys.argv[1] if len(sys.argv) > 1 else "objects"
if mode == "start":
    sys.exit(0)
t0 = time.monotonic()
table = prog["dentry_hashtable"]  # noqa: F821 (the CLI's prog)
buckets = 1 << (32 - prog["d_hash_shift"].value_())  # noqa: F821
dentry = prog.type("struct dentry")  # noqa: F821
d_hash = offsetof(dentry, "d_hash")
per_sb = {}


def count(sb, negative):
    c = per_sb.get(sb)
    if c is None:
        c = per_sb[sb] = [0, 0]
    c[0] += 1
    if negative:
        c[1] += 1


if mode == "raw":
    d_sb = offsetof(dentry, "d_sb")
    d_inode = offsetof(dentry, "d_inode")
    read_u64 = prog.read_u64  # noqa: F821
    heads = prog.read(table.value_(), buckets * 8)  # noqa: F821
    for (head,) in struct.iter_unpack("<Q", heads):
        # the chain's head pointer carries the bucket's lock in bit 0;
        # hlist_bl_node.next is the node's first word
        node = head & ~1
        while node:
            d = node - d_hash
            count(read_u64(d + d_sb), not read_u64(d + d_inode))
            node = read_u64(node)
else:
    for i in range(buckets):
        node = table[i].first.value_() & ~1
        while node:
            d = Object(prog, "struct dentry *", node - d_hash)  # noqa: F821
            count(d.d_sb.value_(), not d.d_inode.value_())
            node = d.d_hash.next.value_()
t1 = time.monotonic()
for sb, (n, neg) in per_sb.items():
    dev = Object(prog, "struct super_block *", sb).s_dev.value_()  # noqa: F821
    print(f"sb {dev >> 20}:{dev & 0xfffff} {n} {neg}")
print(f"walk_ns {int((t1 - t0) * 1e9)}")
