/* strtab.c: string interning with open addressing. */
#include <stdlib.h>
#include <string.h>

#include "strtab.h"
#include "xmalloc.h"

#define STRTAB_BLOCK	(64 * 1024)

struct strtab_block {
	struct strtab_block	*next;
	size_t			 used;
	size_t			 size;
	char			 data[];
};

void
strtab_init(struct strtab *t)
{
	memset(t, 0, sizeof *t);
	strtab_intern(t, "", 0);
}

void
strtab_release(struct strtab *t)
{
	struct strtab_block *b, *next;

	for (b = t->blocks; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(t->strs);
	free(t->lens);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

static char *
strtab_store(struct strtab *t, const char *s, size_t len)
{
	struct strtab_block *b = t->blocks;
	size_t size;
	char *p;

	if (b == NULL || b->size - b->used < len + 1) {
		size = len + 1 > STRTAB_BLOCK / 4 ? len + 1 : STRTAB_BLOCK;
		b = xmalloc(sizeof *b + size);
		b->size = size;
		b->used = 0;
		if (size == STRTAB_BLOCK || t->blocks == NULL) {
			b->next = t->blocks;
			t->blocks = b;
		} else {
			/* Keep the partly used block at the head. */
			b->next = t->blocks->next;
			t->blocks->next = b;
		}
	}
	p = b->data + b->used;
	memcpy(p, s, len);
	p[len] = '\0';
	b->used += len + 1;
	return p;
}

static void
strtab_rehash(struct strtab *t)
{
	size_t i, mask, n = t->nslots ? t->nslots * 2 : 1024;
	uint32_t id;

	free(t->slots);
	t->slots = xcalloc(n, sizeof *t->slots);
	t->nslots = n;
	mask = n - 1;
	for (id = 0; id < t->n; id++) {
		i = hash_bytes(t->strs[id], t->lens[id], HASH_INIT) & mask;
		while (t->slots[i] != 0)
			i = (i + 1) & mask;
		t->slots[i] = id + 1;
	}
}

/*
 * Look (s, len) up: its id, or UINT32_MAX with *slot the free slot where
 * it would go.  The table must have slots.
 */
static uint32_t
strtab_probe(const struct strtab *t, const char *s, size_t len, size_t *slot)
{
	size_t i, mask = t->nslots - 1;
	uint32_t id;

	i = hash_bytes(s, len, HASH_INIT) & mask;
	while ((id = t->slots[i]) != 0) {
		id--;
		if (t->lens[id] == len && memcmp(t->strs[id], s, len) == 0)
			return id;
		i = (i + 1) & mask;
	}
	*slot = i;
	return UINT32_MAX;
}

uint32_t
strtab_find(const struct strtab *t, const char *s, size_t len)
{
	size_t slot;

	if (t->nslots == 0)
		return UINT32_MAX;
	return strtab_probe(t, s, len, &slot);
}

uint32_t
strtab_intern(struct strtab *t, const char *s, size_t len)
{
	size_t i;
	uint32_t id;

	if ((t->n + 1) * 2 > t->nslots)
		strtab_rehash(t);
	if ((id = strtab_probe(t, s, len, &i)) != UINT32_MAX)
		return id;
	if (t->n >= UINT32_MAX - 1)
		fatal("too many strings");
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->strs = xreallocarray(t->strs, t->cap, sizeof *t->strs);
		t->lens = xreallocarray(t->lens, t->cap, sizeof *t->lens);
	}
	id = (uint32_t)t->n++;
	t->strs[id] = strtab_store(t, s, len);
	t->lens[id] = (uint32_t)len;
	t->slots[i] = id + 1;
	return id;
}

uint32_t
strtab_intern_str(struct strtab *t, const char *s)
{
	return strtab_intern(t, s, strlen(s));
}
