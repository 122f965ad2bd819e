/* hash.c: SipHash-1-3 under a per-process random key. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>

#include "hash.h"
#include "xmalloc.h"

uint64_t	hash_key[2];
bool		hash_keyed;

void
hash_set_seed(uint64_t k0, uint64_t k1)
{
	hash_key[0] = k0;
	hash_key[1] = k1;
	hash_keyed = true;
}

/* Fill buf from the kernel: getrandom(2), else /dev/urandom. */
static int
hash_random(void *buf, size_t len)
{
	ssize_t n;
	size_t done = 0;
	int fd;

	while (done < len) {
		n = getrandom((char *)buf + done, len - done, 0);
		if (n > 0)
			done += (size_t)n;
		else if (n == -1 && errno != EINTR)
			break;
	}
	if (done == len)
		return 0;
	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while (done < len) {
		n = read(fd, (char *)buf + done, len - done);
		if (n > 0)
			done += (size_t)n;
		else if (n == 0 || errno != EINTR)
			break;
	}
	close(fd);
	return done == len ? 0 : -1;
}

void
hash_seed(void)
{
	const char *env;
	uint64_t k[2], v;
	char *end;

	if (hash_keyed)
		return;
	if ((env = getenv("CPV_HASH_SEED")) != NULL && *env != '\0') {
		errno = 0;
		v = strtoull(env, &end, 0);
		if (errno == 0 && *end == '\0') {
			hash_set_seed(v, v ^ 0x9e3779b97f4a7c15ULL);
			return;
		}
	}
	if (hash_random(k, sizeof k) == -1)
		fatal("cannot seed the hash tables: no random source");
	hash_set_seed(k[0], k[1]);
}

/*
 * The reference SipHash-c-d: words are read little-endian, the last one
 * holds the tail bytes and the length.  Inlined with constant rounds by
 * hash_bytes().
 */
static inline uint64_t
hash_sip(int crounds, int drounds, const uint64_t key[2], const void *p,
    size_t len)
{
	const unsigned char *s = p;
	struct hash h;
	uint64_t m;
	size_t i, nblock = len / 8;
	int r;

	h.v0 = key[0] ^ 0x736f6d6570736575ULL;
	h.v1 = key[1] ^ 0x646f72616e646f6dULL;
	h.v2 = key[0] ^ 0x6c7967656e657261ULL;
	h.v3 = key[1] ^ 0x7465646279746573ULL;
	for (i = 0; i <= nblock; i++) {
		if (i < nblock) {
			for (m = 0, r = 0; r < 8; r++)
				m |= (uint64_t)s[8 * i + (size_t)r] << (8 * r);
		} else {
			m = (uint64_t)len << 56;
			for (r = 0; r < (int)(len % 8); r++)
				m |= (uint64_t)s[8 * i + (size_t)r] << (8 * r);
		}
		h.v3 ^= m;
		for (r = 0; r < crounds; r++)
			hash_round(&h);
		h.v0 ^= m;
	}
	h.v2 ^= 0xff;
	for (r = 0; r < drounds; r++)
		hash_round(&h);
	return h.v0 ^ h.v1 ^ h.v2 ^ h.v3;
}

uint64_t
hash_siphash(int crounds, int drounds, const uint64_t key[2], const void *p,
    size_t len)
{
	return hash_sip(crounds, drounds, key, p, len);
}

uint64_t
hash_bytes(const void *p, size_t len)
{
	if (!hash_keyed)
		hash_seed();
	return hash_sip(1, 3, hash_key, p, len);
}
