/*
 * idmap.h: map a file's 64-bit ids to dense array indexes.
 *
 * Ids in profile.proto are usually 1..n; those go straight to an array.
 * Sparse ids fall back to open addressing.  Header-only.
 */
#ifndef CPV_IDMAP_H
#define CPV_IDMAP_H

#include <stdint.h>
#include <stdlib.h>

#include "strtab.h"
#include "xmalloc.h"

struct idmap {
	uint32_t	*dense;		/* id -> index + 1, for id < ndense */
	size_t		 ndense;
	uint64_t	*keys;		/* sparse part */
	uint32_t	*vals;		/* index + 1, 0 = free */
	size_t		 nslots;
	size_t		 nsparse;
};

static inline void
idmap_init(struct idmap *m, size_t expected)
{
	m->ndense = expected + 1;
	m->dense = xcalloc(m->ndense, sizeof *m->dense);
	m->keys = NULL;
	m->vals = NULL;
	m->nslots = m->nsparse = 0;
}

static inline void
idmap_release(struct idmap *m)
{
	free(m->dense);
	free(m->keys);
	free(m->vals);
}

/* Index of id, or UINT32_MAX. */
static inline uint32_t
idmap_get(const struct idmap *m, uint64_t id)
{
	size_t i, mask;

	if (id < m->ndense)
		return m->dense[id] - 1;	/* 0 - 1 == UINT32_MAX */
	if (m->nslots == 0)
		return UINT32_MAX;
	mask = m->nslots - 1;
	for (i = hash_u64(0, id) & mask; m->vals[i] != 0; i = (i + 1) & mask)
		if (m->keys[i] == id)
			return m->vals[i] - 1;
	return UINT32_MAX;
}

/* Add id -> idx.  Returns -1 if id was already present. */
static inline int
idmap_put(struct idmap *m, uint64_t id, uint32_t idx)
{
	size_t i, mask, j, n;
	uint64_t *okeys;
	uint32_t *ovals;

	if (id < m->ndense) {
		if (m->dense[id] != 0)
			return -1;
		m->dense[id] = idx + 1;
		return 0;
	}
	if (idmap_get(m, id) != UINT32_MAX)
		return -1;
	if ((m->nsparse + 1) * 2 > m->nslots) {
		okeys = m->keys;
		ovals = m->vals;
		n = m->nslots;
		m->nslots = n ? n * 2 : 64;
		m->keys = xcalloc(m->nslots, sizeof *m->keys);
		m->vals = xcalloc(m->nslots, sizeof *m->vals);
		mask = m->nslots - 1;
		for (j = 0; j < n; j++) {
			if (ovals[j] == 0)
				continue;
			for (i = hash_u64(0, okeys[j]) & mask; m->vals[i] != 0;
			    i = (i + 1) & mask)
				;
			m->keys[i] = okeys[j];
			m->vals[i] = ovals[j];
		}
		free(okeys);
		free(ovals);
	}
	mask = m->nslots - 1;
	for (i = hash_u64(0, id) & mask; m->vals[i] != 0; i = (i + 1) & mask)
		;
	m->keys[i] = id;
	m->vals[i] = idx + 1;
	m->nsparse++;
	return 0;
}

#endif
