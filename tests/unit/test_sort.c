/* test_sort.c: the stable merge sort. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

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

const struct test_case sort_tests[] = {
	{ "sort: stable merge sort with a context", test_sort_stable },
	{ "sort: plain comparator, empty array", test_sort_plain },
	{ NULL, NULL },
};
