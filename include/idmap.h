/*
 * idmap.h: map a file's 64-bit ids to dense array indexes.
 *
 * Ids in profile.proto are usually 1..n; those go straight to an array.
 * Sparse ids fall back to a keyed hash table (hashtab.h), so that no
 * choice of ids makes a lookup cost more than O(1) expected.  Header-only.
 */
#ifndef CPV_IDMAP_H
#define CPV_IDMAP_H

#include <stdint.h>
#include <stdlib.h>

#include "hash.h"
#include "hashtab.h"
#include "xmalloc.h"

struct idmap {
	uint32_t	*dense;		/* id -> index + 1, for id < ndense */
	size_t		 ndense;
	uint64_t	*keys;		/* sparse ids, in the order added */
	uint32_t	*vals;		/* their indexes */
	size_t		 nsparse, cap;
	struct hashtab	 tab;		/* sparse ids -> entry in keys */
};

static inline void
idmap_init(struct idmap *m, size_t expected)
{
	m->ndense = expected + 1;
	m->dense = xcalloc(m->ndense, sizeof *m->dense);
	m->keys = NULL;
	m->vals = NULL;
	m->nsparse = m->cap = 0;
	hashtab_init(&m->tab);
}

static inline void
idmap_release(struct idmap *m)
{
	free(m->dense);
	free(m->keys);
	free(m->vals);
	hashtab_release(&m->tab);
}

/* An id being looked up, for idmap_eq(). */
struct idmap_key {
	const struct idmap	*m;
	uint64_t		 id;
};

static inline bool
idmap_eq(const void *ctx, uint32_t e)
{
	const struct idmap_key *k = ctx;

	return k->m->keys[e] == k->id;
}

/* The sparse entry of id (its hash in *h), or HASHTAB_NONE. */
static inline uint32_t
idmap_find(const struct idmap *m, uint64_t id, uint64_t *h, size_t *slot)
{
	struct idmap_key k = { m, id };
	struct hash hs;

	hash_begin(&hs);
	hash_add(&hs, id);
	*h = hash_end(&hs);
	return hashtab_find(&m->tab, *h, idmap_eq, &k, slot);
}

/* Index of id, or UINT32_MAX. */
static inline uint32_t
idmap_get(const struct idmap *m, uint64_t id)
{
	uint64_t h;
	size_t slot;
	uint32_t e;

	if (id < m->ndense)
		return m->dense[id] - 1;	/* 0 - 1 == UINT32_MAX */
	if (m->nsparse == 0)
		return UINT32_MAX;
	e = idmap_find(m, id, &h, &slot);
	return e == HASHTAB_NONE ? UINT32_MAX : m->vals[e];
}

/* Add id -> idx.  Returns -1 if id was already present. */
static inline int
idmap_put(struct idmap *m, uint64_t id, uint32_t idx)
{
	uint64_t h;
	size_t slot;

	if (id < m->ndense) {
		if (m->dense[id] != 0)
			return -1;
		m->dense[id] = idx + 1;
		return 0;
	}
	if (idmap_find(m, id, &h, &slot) != HASHTAB_NONE)
		return -1;
	if (m->nsparse == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->keys = xreallocarray(m->keys, m->cap, sizeof *m->keys);
		m->vals = xreallocarray(m->vals, m->cap, sizeof *m->vals);
	}
	m->keys[m->nsparse] = id;
	m->vals[m->nsparse] = idx;
	hashtab_add(&m->tab, slot, h, (uint32_t)m->nsparse++);
	return 0;
}

#endif
