/*
 * hashtab.h: a hash set of uint32 indexes into the caller's array.
 *
 * The caller keeps its entries (strings, nodes, edges...) in an array of
 * its own; the table maps a key to the index of the entry equal to it,
 * by open addressing with linear probing over a power-of-two number of
 * slots, never more than half full.  The caller supplies each key's hash
 * (from hash.h: keyed, so that probes are O(1) expected whatever the
 * input) and an equality callback; the table keeps 32 bits of each
 * entry's hash, so that growing needs no callback and most mismatches
 * cost no call.  Entries cannot be removed, only all at once.
 *
 * Lookup then insertion:
 *
 *	idx = hashtab_find(&t, h, eq, ctx, &slot);
 *	if (idx == HASHTAB_NONE) {
 *		idx = append the entry to the array;
 *		hashtab_add(&t, slot, h, idx);
 *	}
 *
 * The table is not walked to produce output: its slot order depends on
 * the hash key, which changes from run to run.
 */
#ifndef CPV_HASHTAB_H
#define CPV_HASHTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HASHTAB_NONE	UINT32_MAX

/* A slot: index and hash side by side, one cache miss for both. */
struct hashtab_slot {
	uint32_t	index;		/* index + 1, 0 if free */
	uint32_t	hash;		/* low 32 bits of its hash */
};

struct hashtab {
	struct hashtab_slot	*slots;		/* owned */
	size_t			 nslots;	/* 0 or a power of two */
	size_t			 n;		/* entries */
};

#define HASHTAB_INIT	{ NULL, 0, 0 }

void	hashtab_init(struct hashtab *);
/* Free the slots; the table is empty (and initialised) again. */
void	hashtab_release(struct hashtab *);
/* Empty the table, keeping its memory. */
void	hashtab_clear(struct hashtab *);
/*
 * Add index with hash h, in the slot hashtab_find() returned for it (the
 * key must be absent, and nothing added in between); grows the table if
 * needed.  Fatal beyond 2^31 entries.
 */
void	hashtab_add(struct hashtab *, size_t slot, uint64_t h, uint32_t index);
/* Add index with hash h, known to be absent. */
void	hashtab_insert(struct hashtab *, uint64_t h, uint32_t index);

/*
 * The index of an entry with hash h for which eq(ctx, index) is true, or
 * HASHTAB_NONE with *slot set for hashtab_add().
 */
static inline uint32_t
hashtab_find(const struct hashtab *t, uint64_t h,
    bool (*eq)(const void *, uint32_t), const void *ctx, size_t *slot)
{
	uint32_t h32 = (uint32_t)h, s;
	size_t i, mask;

	*slot = 0;
	if (t->nslots == 0)
		return HASHTAB_NONE;
	mask = t->nslots - 1;
	for (i = h32 & mask; (s = t->slots[i].index) != 0; i = (i + 1) & mask)
		if (t->slots[i].hash == h32 && eq(ctx, s - 1))
			return s - 1;
	*slot = i;
	return HASHTAB_NONE;
}

#endif
