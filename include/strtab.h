/*
 * strtab.h: interned strings with dense ids.
 *
 * Every distinct string added gets the next id, starting at 0; id 0 is
 * always the empty string (as in profile.proto's string_table).  Strings
 * are stored NUL-terminated in large blocks owned by the table and live
 * until strtab_release(); pointers returned by strtab_get() stay valid.
 * Interning costs O(len) expected, whatever the strings (hash.h).
 */
#ifndef CPV_STRTAB_H
#define CPV_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "hashtab.h"

struct strtab_block;

struct strtab {
	const char		**strs;	/* id -> string; borrowed from blocks */
	uint32_t		 *lens;	/* id -> length in bytes */
	size_t			  n;
	size_t			  cap;
	struct hashtab		  tab;		/* by content, keyed hash */
	struct strtab_block	 *blocks;	/* owned */
};

void		 strtab_init(struct strtab *);
void		 strtab_release(struct strtab *);
/* Return the id of (s, len), adding it if new.  s need not be terminated. */
uint32_t	 strtab_intern(struct strtab *, const char *, size_t);
uint32_t	 strtab_intern_str(struct strtab *, const char *);
/* Return the id of (s, len), or UINT32_MAX if absent. */
uint32_t	 strtab_find(const struct strtab *, const char *, size_t);

static inline const char *
strtab_get(const struct strtab *t, uint32_t id)
{
	return t->strs[id];
}

#endif
