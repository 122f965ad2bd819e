/*
 * strtab.h: interned strings with dense ids.
 *
 * Every distinct string added gets the next id, starting at 0; id 0 is
 * always the empty string (as in profile.proto's string_table).  Strings
 * are stored NUL-terminated in large blocks owned by the table and live
 * until strtab_release(); pointers returned by strtab_get() stay valid.
 */
#ifndef CPV_STRTAB_H
#define CPV_STRTAB_H

#include <stddef.h>
#include <stdint.h>

struct strtab_block;

struct strtab {
	const char		**strs;	/* id -> string; borrowed from blocks */
	uint32_t		 *lens;	/* id -> length in bytes */
	size_t			  n;
	size_t			  cap;
	uint32_t		 *slots;	/* open addressing: id + 1, 0 = free */
	size_t			  nslots;
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

/* FNV-1a; shared by the other hash tables in cpv. */
static inline uint64_t
hash_bytes(const void *p, size_t len, uint64_t h)
{
	const unsigned char *s = p;

	while (len-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}
#define HASH_INIT 0xcbf29ce484222325ULL

static inline uint64_t
hash_u64(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

#endif
