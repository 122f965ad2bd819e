/*
 * sort.h: one sort for the whole program, stable and O(n log n).
 *
 * A merge sort.  Being stable, its result is the only stable order of the
 * comparator, the same as glibc's qsort gives (a merge sort as well), so
 * orders that pprof's reports rely on do not depend on the algorithm.
 * No input can make it quadratic.  Comparators take a context instead of
 * reading globals, so two sorts (a UI and a query) never share state.
 * Arrays of fewer than two elements, which may be NULL, are left alone.
 */
#ifndef CPV_SORT_H
#define CPV_SORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sort n elements of size bytes by cmp(a, b, ctx). */
void	sort_array_r(void *base, size_t n, size_t size,
	    int (*cmp)(const void *, const void *, void *), void *ctx);
/* The same for comparators without a context. */
void	sort_array(void *base, size_t n, size_t size,
	    int (*cmp)(const void *, const void *));

/*
 * Search an array sorted by address: base[0..n), each size bytes,
 * ascending by the uint64_t at byte offset off.  The index of the first
 * element whose key is above key (above true) or at least key (above
 * false), n if none.  With above, the index before it (if any) is the
 * last element at or below key, the one that may hold key.
 */
size_t	sorted_find_u64(const void *base, size_t n, size_t size, size_t off,
	    uint64_t key, bool above);

#endif
