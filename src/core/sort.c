/* sort.c: a stable merge sort with a context. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sort.h"
#include "xmalloc.h"

/* Runs shorter than this are sorted by insertion first. */
#define SORT_RUN	8

struct sort_ctx {
	size_t	  size;
	int	(*cmp)(const void *, const void *, void *);
	void	 *ctx;
	char	 *tmp;		/* one element */
};

/* Insertion sort of a[0..n), n <= SORT_RUN: bounded work. */
static void
sort_insertion(const struct sort_ctx *s, char *a, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		j = i;
		if (s->cmp(a + (j - 1) * s->size, a + j * s->size, s->ctx) <= 0)
			continue;
		memcpy(s->tmp, a + i * s->size, s->size);
		while (j > 0 && s->cmp(a + (j - 1) * s->size, s->tmp,
		    s->ctx) > 0) {
			memcpy(a + j * s->size, a + (j - 1) * s->size, s->size);
			j--;
		}
		memcpy(a + j * s->size, s->tmp, s->size);
	}
}

/* Merge the sorted runs src[lo..mid) and src[mid..hi) into dst[lo..hi). */
static void
sort_merge(const struct sort_ctx *s, const char *src, char *dst, size_t lo,
    size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo, z = s->size;

	while (i < mid && j < hi) {
		/* <= keeps equal elements in their order: stable */
		if (s->cmp(src + i * z, src + j * z, s->ctx) <= 0)
			memcpy(dst + k++ * z, src + i++ * z, z);
		else
			memcpy(dst + k++ * z, src + j++ * z, z);
	}
	if (i < mid)
		memcpy(dst + k * z, src + i * z, (mid - i) * z);
	else if (j < hi)
		memcpy(dst + k * z, src + j * z, (hi - j) * z);
}

void
sort_array_r(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *, void *), void *ctx)
{
	struct sort_ctx s = { size, cmp, ctx, NULL };
	char *a = base, *b, *src, *dst, *t;
	size_t lo, width;

	if (n < 2)
		return;
	s.tmp = xmalloc(size);
	for (lo = 0; lo < n; lo += SORT_RUN)
		sort_insertion(&s, a + lo * size, n - lo < SORT_RUN ? n - lo :
		    SORT_RUN);
	if (n > SORT_RUN) {
		b = xreallocarray(NULL, n, size);
		src = a;
		dst = b;
		for (width = SORT_RUN; width < n; width *= 2) {
			for (lo = 0; lo < n; lo += 2 * width) {
				size_t mid = lo + width < n ? lo + width : n;
				size_t hi = mid + width < n ? mid + width : n;

				sort_merge(&s, src, dst, lo, mid, hi);
			}
			t = src;
			src = dst;
			dst = t;
		}
		if (src != a)
			memcpy(a, src, n * size);
		free(b);
	}
	free(s.tmp);
}

/* Adapts a comparator without context. */
static int
sort_plain(const void *a, const void *b, void *ctx)
{
	int (**cmp)(const void *, const void *) = ctx;

	return (*cmp)(a, b);
}

void
sort_array(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	sort_array_r(base, n, size, sort_plain, &cmp);
}

size_t
sorted_find_u64(const void *base, size_t n, size_t size, size_t off,
    uint64_t key, bool above)
{
	const char *p = base;
	size_t lo = 0, hi = n, mid;
	uint64_t k;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		memcpy(&k, p + mid * size + off, sizeof k);
		if (k < key || (above && k == key))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
