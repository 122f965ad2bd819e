/*
 * xmalloc.h: allocation that never returns NULL.
 *
 * Every function here either succeeds or calls fatal() ("out of memory"),
 * and rejects size overflow.  Use them for sizes the program controls; for
 * sizes read from untrusted input, check the size against the input first
 * (see pprof.c) so that a hostile file is an error, not an abort.
 */
#ifndef CPV_XMALLOC_H
#define CPV_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdnoreturn.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
/* Advice for a large array about to be filled (see xmalloc.c). */
void	 xhugepages(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list);

/*
 * Unrecoverable failure: run the registered cleanup hook (the UI uses it to
 * restore the terminal), print "cpv: <message>" on stderr and exit(1).
 */
noreturn void fatal(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal_set_hook(void (*)(void));

/* Grow an array (*ptr, *cap) so it can hold at least need elements. */
#define XGROW(ptr, cap, need) do {					\
	if ((size_t)(need) > (cap)) {					\
		size_t xg_n = (cap) ? (cap) : 8;			\
		while (xg_n < (size_t)(need))				\
			xg_n *= 2;					\
		(ptr) = xreallocarray((ptr), xg_n, sizeof *(ptr));	\
		(cap) = xg_n;						\
	}								\
} while (0)

#endif
