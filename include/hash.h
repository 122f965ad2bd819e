/*
 * hash.h: the keyed hash of every table keyed by input data.
 *
 * SipHash-1-3 under a per-process random key, so that no profile can be
 * crafted to make keys collide (hash flooding): the key comes from
 * getrandom(2), or /dev/urandom, the first time a hash is taken.  Tests
 * can fix it with hash_set_seed() or the environment variable
 * CPV_HASH_SEED (a number), read at the same time.  Nothing that cpv
 * prints may depend on hash values: tables are looked up, never walked in
 * slot order to produce output.
 *
 * A struct hash hashes a sequence of 64-bit words (hash_begin, hash_add,
 * hash_end): the result is SipHash-1-3 of their little-endian bytes.
 */
#ifndef CPV_HASH_H
#define CPV_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hash {
	uint64_t	v0, v1, v2, v3;
	uint64_t	nword;
};

extern uint64_t	hash_key[2];	/* private: use hash_begin() */
extern bool	hash_keyed;	/* private */

/* Pick the key if not done yet (CPV_HASH_SEED, else random). */
void		hash_seed(void);
/* Fix the key, for tests (and a reproducible run). */
void		hash_set_seed(uint64_t k0, uint64_t k1);
/* SipHash-c-d of (p, len) under key: the reference, for tests. */
uint64_t	hash_siphash(int crounds, int drounds, const uint64_t key[2],
		    const void *p, size_t len);
/* The hash of (p, len) under the process key. */
uint64_t	hash_bytes(const void *p, size_t len);

#define HASH_ROTL(x, b)	(((x) << (b)) | ((x) >> (64 - (b))))

static inline void
hash_round(struct hash *h)
{
	h->v0 += h->v1;
	h->v1 = HASH_ROTL(h->v1, 13);
	h->v1 ^= h->v0;
	h->v0 = HASH_ROTL(h->v0, 32);
	h->v2 += h->v3;
	h->v3 = HASH_ROTL(h->v3, 16);
	h->v3 ^= h->v2;
	h->v0 += h->v3;
	h->v3 = HASH_ROTL(h->v3, 21);
	h->v3 ^= h->v0;
	h->v2 += h->v1;
	h->v1 = HASH_ROTL(h->v1, 17);
	h->v1 ^= h->v2;
	h->v2 = HASH_ROTL(h->v2, 32);
}

static inline void
hash_begin(struct hash *h)
{
	if (!hash_keyed)
		hash_seed();
	h->v0 = hash_key[0] ^ 0x736f6d6570736575ULL;
	h->v1 = hash_key[1] ^ 0x646f72616e646f6dULL;
	h->v2 = hash_key[0] ^ 0x6c7967656e657261ULL;
	h->v3 = hash_key[1] ^ 0x7465646279746573ULL;
	h->nword = 0;
}

static inline void
hash_add(struct hash *h, uint64_t w)
{
	h->v3 ^= w;
	hash_round(h);
	h->v0 ^= w;
	h->nword++;
}

static inline uint64_t
hash_end(struct hash *h)
{
	uint64_t b = (h->nword * 8) << 56;

	h->v3 ^= b;
	hash_round(h);
	h->v0 ^= b;
	h->v2 ^= 0xff;
	hash_round(h);
	hash_round(h);
	hash_round(h);
	return h->v0 ^ h->v1 ^ h->v2 ^ h->v3;
}

/* The hash of the words a, b. */
static inline uint64_t
hash_pair(uint64_t a, uint64_t b)
{
	struct hash h;

	hash_begin(&h);
	hash_add(&h, a);
	hash_add(&h, b);
	return hash_end(&h);
}

#endif
