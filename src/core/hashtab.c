/* hashtab.c: open addressing over uint32 indexes (see hashtab.h). */
#include <stdlib.h>
#include <string.h>

#include "hashtab.h"
#include "xmalloc.h"

#define HASHTAB_MIN	64
#define HASHTAB_MAX	((size_t)1 << 31)	/* entries; slots fit 32 bits */

void
hashtab_init(struct hashtab *t)
{
	memset(t, 0, sizeof *t);
}

void
hashtab_release(struct hashtab *t)
{
	free(t->slots);
	hashtab_init(t);
}

void
hashtab_clear(struct hashtab *t)
{
	if (t->slots != NULL)
		memset(t->slots, 0, t->nslots * sizeof *t->slots);
	t->n = 0;
}

/* The first free slot for hash h32. */
static size_t
hashtab_free_slot(const struct hashtab *t, uint32_t h32)
{
	size_t i, mask = t->nslots - 1;

	for (i = h32 & mask; t->slots[i].index != 0; i = (i + 1) & mask)
		;
	return i;
}

/* Double the slots (or make the first ones) and put every entry back. */
static void
hashtab_grow(struct hashtab *t)
{
	struct hashtab_slot *os = t->slots;
	size_t on = t->nslots, j;

	t->nslots = on ? on * 2 : HASHTAB_MIN;
	t->slots = xcalloc(t->nslots, sizeof *t->slots);
	for (j = 0; j < on; j++)
		if (os[j].index != 0)
			t->slots[hashtab_free_slot(t, os[j].hash)] = os[j];
	free(os);
}

void
hashtab_add(struct hashtab *t, size_t slot, uint64_t h, uint32_t index)
{
	if (t->n >= HASHTAB_MAX - 1 || index == HASHTAB_NONE)
		fatal("hash table too large");
	if ((t->n + 1) * 2 > t->nslots) {
		hashtab_grow(t);
		slot = hashtab_free_slot(t, (uint32_t)h);
	}
	t->slots[slot].index = index + 1;
	t->slots[slot].hash = (uint32_t)h;
	t->n++;
}

void
hashtab_insert(struct hashtab *t, uint64_t h, uint32_t index)
{
	hashtab_add(t, t->nslots ? hashtab_free_slot(t, (uint32_t)h) : 0, h,
	    index);
}
