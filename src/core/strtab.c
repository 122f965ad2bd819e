/* strtab.c: string interning over a keyed hash table. */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
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
	hashtab_release(&t->tab);
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

/* A string being looked up, for strtab_eq(). */
struct strtab_key {
	const struct strtab	*t;
	const char		*s;
	size_t			 len;
};

static bool
strtab_eq(const void *ctx, uint32_t id)
{
	const struct strtab_key *k = ctx;

	return k->t->lens[id] == k->len &&
	    memcmp(k->t->strs[id], k->s, k->len) == 0;
}

uint32_t
strtab_find(const struct strtab *t, const char *s, size_t len)
{
	struct strtab_key k = { t, s, len };
	size_t slot;

	return hashtab_find(&t->tab, hash_bytes(s, len), strtab_eq, &k, &slot);
}

uint32_t
strtab_intern(struct strtab *t, const char *s, size_t len)
{
	struct strtab_key k = { t, s, len };
	uint64_t h = hash_bytes(s, len);
	size_t slot;
	uint32_t id;

	if ((id = hashtab_find(&t->tab, h, strtab_eq, &k, &slot)) !=
	    HASHTAB_NONE)
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
	hashtab_add(&t->tab, slot, h, id);
	return id;
}

uint32_t
strtab_intern_str(struct strtab *t, const char *s)
{
	return strtab_intern(t, s, strlen(s));
}
