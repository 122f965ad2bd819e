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

#include <stddef.h>

/* Sort n elements of size bytes by cmp(a, b, ctx). */
void	sort_array_r(void *base, size_t n, size_t size,
	    int (*cmp)(const void *, const void *, void *), void *ctx);
/* The same for comparators without a context. */
void	sort_array(void *base, size_t n, size_t size,
	    int (*cmp)(const void *, const void *));

#endif
