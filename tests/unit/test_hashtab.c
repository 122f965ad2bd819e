/* test_hashtab.c: the keyed hash (hash.c) and the hash set (hashtab.c). */
#include <stdint.h>
#include <stdlib.h>

#include "hash.h"
#include "hashtab.h"
#include "test.h"

/* The reference vectors of SipHash-2-4: key 00..0f, message 00..len-1. */
static void
test_siphash_vectors(void)
{
	static const struct {
		size_t		len;
		uint64_t	want;
	} v[] = {
		{ 0, 0x726fdb47dd0e0e31ULL },
		{ 1, 0x74f839c593dc67fdULL },
		{ 8, 0x93f5f5799a932462ULL },
		{ 15, 0xa129ca6149be45e5ULL },
	};
	uint64_t key[2] = { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL };
	unsigned char msg[64];
	size_t i;

	for (i = 0; i < sizeof msg; i++)
		msg[i] = (unsigned char)i;
	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		CHECK(hash_siphash(2, 4, key, msg, v[i].len) == v[i].want);
}

/* Words hash as SipHash-1-3 of their little-endian bytes, under the key. */
static void
test_hash_words(void)
{
	uint64_t key[2] = { 1, 2 }, w[3] = { 0, 0x0102030405060708ULL,
	    UINT64_MAX };
	unsigned char b[24];
	struct hash h;
	size_t i, j;

	hash_set_seed(key[0], key[1]);
	for (i = 0; i < 3; i++)
		for (j = 0; j < 8; j++)
			b[8 * i + j] = (unsigned char)(w[i] >> (8 * j));
	hash_begin(&h);
	for (i = 0; i < 3; i++)
		hash_add(&h, w[i]);
	CHECK(hash_end(&h) == hash_siphash(1, 3, key, b, sizeof b));
	CHECK(hash_bytes(b, 5) == hash_siphash(1, 3, key, b, 5));
	CHECK(hash_pair(w[0], w[1]) == hash_siphash(1, 3, key, b, 16));
	/* another key, another hash */
	hash_set_seed(3, 4);
	CHECK(hash_bytes(b, 5) != hash_siphash(1, 3, key, b, 5));
	hash_set_seed(key[0], key[1]);
}

struct tab_ctx {
	const uint64_t	*keys;
	uint64_t	 key;
};

static bool
tab_eq(const void *ctx, uint32_t i)
{
	const struct tab_ctx *c = ctx;

	return c->keys[i] == c->key;
}

/*
 * Add n keys (i * 7919) with hash hashf(key), check that each is found
 * once and that absent keys are not.
 */
static void
tab_run(size_t n, uint64_t (*hashf)(uint64_t))
{
	struct hashtab t = HASHTAB_INIT;
	struct tab_ctx c;
	uint64_t *keys = calloc(n + 1, sizeof *keys);
	size_t i, slot, bad = 0;
	uint32_t idx;

	c.keys = keys;
	for (i = 0; i < n; i++) {
		keys[i] = (uint64_t)i * 7919;
		c.key = keys[i];
		if (hashtab_find(&t, hashf(c.key), tab_eq, &c, &slot) !=
		    HASHTAB_NONE)
			bad++;
		else
			hashtab_add(&t, slot, hashf(c.key), (uint32_t)i);
	}
	CHECK(bad == 0);
	CHECK(t.n == n);
	CHECK(t.nslots >= 2 * n);
	for (i = 0; i < n; i++) {
		c.key = keys[i];
		idx = hashtab_find(&t, hashf(c.key), tab_eq, &c, &slot);
		if (idx != i)
			bad++;
		c.key = keys[i] + 1;
		if (hashtab_find(&t, hashf(c.key), tab_eq, &c, &slot) !=
		    HASHTAB_NONE)
			bad++;
	}
	CHECK(bad == 0);
	hashtab_clear(&t);
	CHECK(t.n == 0);
	c.key = keys[0];
	CHECK(hashtab_find(&t, hashf(c.key), tab_eq, &c, &slot) ==
	    HASHTAB_NONE);
	hashtab_insert(&t, hashf(c.key), 0);
	CHECK(hashtab_find(&t, hashf(c.key), tab_eq, &c, &slot) == 0);
	hashtab_release(&t);
	CHECK(t.slots == NULL && t.nslots == 0 && t.n == 0);
	free(keys);
}

static uint64_t
tab_keyed(uint64_t k)
{
	return hash_pair(k, 0);
}

static uint64_t
tab_constant(uint64_t k)
{
	(void)k;
	return 42;
}

/* Low 16 bits equal: every slot collides, the stored hashes differ. */
static uint64_t
tab_lowbits(uint64_t k)
{
	return k << 16;
}

static void
test_hashtab_keyed(void)
{
	tab_run(100000, tab_keyed);
}

/* A hash that always collides: slow, but still right. */
static void
test_hashtab_collisions(void)
{
	tab_run(1000, tab_constant);
	tab_run(1000, tab_lowbits);
}

static void
test_hashtab_empty(void)
{
	struct hashtab t = HASHTAB_INIT;
	struct tab_ctx c = { NULL, 1 };
	size_t slot = 99;

	CHECK(hashtab_find(&t, 1, tab_eq, &c, &slot) == HASHTAB_NONE);
	CHECK(slot == 0);
	hashtab_clear(&t);
	hashtab_release(&t);
}

const struct test_case hashtab_tests[] = {
	{ "hash_siphash_vectors", test_siphash_vectors },
	{ "hash_words", test_hash_words },
	{ "hashtab_keyed", test_hashtab_keyed },
	{ "hashtab_collisions", test_hashtab_collisions },
	{ "hashtab_empty", test_hashtab_empty },
	{ NULL, NULL },
};
