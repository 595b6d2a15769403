/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Holding superblocks and dentries: the one protocol the walk, the
 * superblock figures and the shrink use (module/pin.c).
 *
 * A superblock is held the way the kernel's own iterators hold one
 * (iterate_supers()): a passive reference (s_count, taken under sb_lock)
 * keeps its memory, and s_umount taken shared, by trylock, keeps it alive:
 * born, with a root, not dying. We never take an active reference
 * (s_active), so umount(2) always runs the shutdown itself: one that races
 * us waits for our s_umount to be released (module/pin.c says for how
 * long), and when it returns 0 the filesystem is gone and its device
 * free. What cannot be locked is skipped.
 *
 * A dentry is held across RCU sections (the resume point of a long hash
 * chain) by a reference, after its superblock is held as above: a racing
 * umount then waits until the reference is gone, and never finds our
 * dentry in use.
 */
#ifndef DCACHECTL_PIN_H
#define DCACHECTL_PIN_H

#include <linux/fs.h>
#include <linux/list_bl.h>
#include <linux/types.h>

/* fault_pin (a test switch, default 0): while set, every resume pin fails */
extern unsigned int dcc_fault_pin;

/* -- superblocks found by pointer (under RCU, from a dentry) -- */

/*
 * Hold sb (passive reference + s_umount shared). sb must be valid memory:
 * read under RCU, superblocks being freed after a grace period. Never
 * sleeps. False when sb is dead, dying, unborn or its s_umount is taken.
 */
bool dcc_sb_hold(struct super_block *sb);
/* Let go of a superblock held by dcc_sb_hold(). Never sleeps. */
void dcc_sb_release(struct super_block *sb);

/* -- superblocks from the list, held passively -- */

/* Superblocks with a passive reference each, in pointer order. */
struct dcc_sb_set {
	struct super_block **sbs;
	u32 nr;
	u32 cap;
};

/*
 * Take a passive reference on every superblock on the list for which
 * match(sb, arg) is true (called under sb_lock: must not sleep). sb_lock
 * is held for at most walk_batch superblocks at a time. 0, -ENOMEM or
 * -EINTR (on -ENOMEM and -EINTR the set holds nothing).
 */
int dcc_supers_grab(struct dcc_sb_set *set,
		    bool (*match)(struct super_block *sb, const void *arg),
		    const void *arg);
/* Drop every reference of the set, and the set. May sleep. */
void dcc_supers_put(struct dcc_sb_set *set);
/* Whether sb is in the set. Any context. */
bool dcc_supers_has(const struct dcc_sb_set *set,
		    const struct super_block *sb);
/* Superblocks on the list now (for sizing), with the same bounded holds. */
unsigned int dcc_count_supers(void);

/*
 * s_umount shared on a passively held superblock, by trylock, if it is
 * alive. Never sleeps. dcc_sb_unlock_shared() lets go.
 */
bool dcc_sb_lock_shared(struct super_block *sb);
void dcc_sb_unlock_shared(struct super_block *sb);

/* -- the resume point of a hash chain -- */

struct dcc_resume {
	struct dentry *d;		/* referenced; NULL when none */
	struct super_block *sb;		/* d's, held (dcc_sb_hold) */
	unsigned int seq;		/* d's d_seq when pinned */
	unsigned long bucket;		/* the chain d was on */
};

/*
 * Under RCU: pin d, met on the chain of bucket, for the next section.
 * Never sleeps. False (nothing held) when d is dying or its superblock
 * cannot be held: the caller gives the rest of the chain up.
 */
bool dcc_resume_pin(struct dcc_resume *r, struct dentry *d,
		    unsigned long bucket);
/*
 * Under RCU, in a later section: whether the pinned dentry is still hashed
 * on the same chain and its d_seq did not move meanwhile (a drop, a move,
 * or a negative dentry turning positive or back), so that its successor
 * pointer is as good as any read from the table now.
 */
bool dcc_resume_valid(const struct dcc_resume *r, unsigned int shift);
/* Outside RCU: drop the pin (dput, then the superblock). May sleep. */
void dcc_resume_drop(struct dcc_resume *r);

#endif /* DCACHECTL_PIN_H */
