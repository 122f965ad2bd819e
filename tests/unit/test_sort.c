/* test_sort.c: the stable merge sort. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sort.h"
#include "test.h"

struct item {
	int	key;
	int	seq;		/* position before sorting */
};

/* By key, ascending or (*ctx) descending; seq is not looked at. */
static int
item_cmp(const void *va, const void *vb, void *ctx)
{
	const struct item *a = va, *b = vb;
	int c = (a->key > b->key) - (a->key < b->key);

	return *(bool *)ctx ? -c : c;
}

static int
int_cmp(const void *va, const void *vb)
{
	int a = *(const int *)va, b = *(const int *)vb;

	return (a > b) - (a < b);
}

/* Sorted by key and, among equal keys, in their first order. */
static bool
sorted_stable(const struct item *v, size_t n, bool desc)
{
	size_t i;

	for (i = 1; i < n; i++) {
		int c = (v[i - 1].key > v[i].key) - (v[i - 1].key < v[i].key);

		if (desc)
			c = -c;
		if (c > 0 || (c == 0 && v[i - 1].seq > v[i].seq))
			return false;
	}
	return true;
}

static void
test_sort_stable(void)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 7, 8, 9, 16, 17, 100,
	    1000, 10007 };
	unsigned int seed = 1;
	size_t s, i, n;
	bool desc;
	int keys;

	for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		for (keys = 1; keys <= 1000; keys *= 10) {
			struct item *v;

			n = sizes[s];
			v = malloc((n + 1) * sizeof *v);
			for (i = 0; i < n; i++) {
				seed = seed * 1103515245 + 12345;
				v[i].key = (int)((seed >> 16) % (unsigned)keys);
				v[i].seq = (int)i;
			}
			desc = keys == 10;
			sort_array_r(v, n, sizeof *v, item_cmp, &desc);
			CHECK(sorted_stable(v, n, desc));
			free(v);
		}
	}
}

static void
test_sort_plain(void)
{
	int v[] = { 5, -1, 3, 3, 9, 0, -7, 2, 8, 1, 4 };
	size_t i, n = sizeof v / sizeof v[0];

	sort_array(v, n, sizeof v[0], int_cmp);
	for (i = 1; i < n; i++)
		CHECK(v[i - 1] <= v[i]);
	sort_array(NULL, 0, sizeof v[0], int_cmp);	/* no element, no array */
}

/*
 * sorted_find_u64() against a plain scan: keys with runs of equal ones
 * (and the largest), at offset 8 of 24-byte elements, every key around
 * them, both bounds, and no element.
 */
static void
test_sorted_find(void)
{
	struct elem {
		uint32_t	pad[2];
		uint64_t	key;
		uint32_t	tail[2];
	} v[40];
	uint64_t keys[] = { 0, 1, 5, 6, 7, 99, UINT64_MAX - 1, UINT64_MAX };
	size_t n, i, k, want, above;

	for (n = 0; n <= 40; n += 13) {
		for (i = 0; i < n; i++) {
			memset(&v[i], 0xa5, sizeof v[i]);
			v[i].key = i < 39 ? (uint64_t)(i / 3) * 3 + 1 :
			    UINT64_MAX;
		}
		for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
			for (above = 0; above < 2; above++) {
				for (want = 0; want < n && (v[want].key <
				    keys[k] || (above && v[want].key ==
				    keys[k])); want++)
					;
				CHECK(sorted_find_u64(n > 0 ? v : NULL, n,
				    sizeof *v, offsetof(struct elem, key),
				    keys[k], above) == want);
			}
		}
	}
}

const struct test_case sort_tests[] = {
	{ "sort: sorted_find_u64", test_sorted_find },
	{ "sort: stable merge sort with a context", test_sort_stable },
	{ "sort: plain comparator, empty array", test_sort_plain },
	{ NULL, NULL },
};
