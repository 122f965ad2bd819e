/*
 * rx.h: regular expressions with RE2 (Go regexp) syntax, via PCRE2.
 *
 * pprof's filters are Go regexps: unanchored searches over UTF-8 text, with
 * `$` matching only at the very end.  PCRE2 in UTF mode with
 * DOLLAR_ENDONLY accepts the same syntax for everything pprof users write
 * (\d, \w, (?i), classes, alternation, anchors, repetition).
 */
#ifndef CPV_RX_H
#define CPV_RX_H

#include <stdbool.h>
#include <stddef.h>

struct rx;

/*
 * Compile pattern.  Returns NULL and sets *cause (allocated, e.g. "missing
 * closing parenthesis at offset 1") on a bad pattern.
 */
struct rx	*rx_compile(const char *pattern, char **cause);
/* Compile "^(pattern)$" as pprof does for drop_frames. */
struct rx	*rx_compile_full(const char *pattern, char **cause);
bool		 rx_match(const struct rx *, const char *, size_t);
bool		 rx_match_str(const struct rx *, const char *);
void		 rx_free(struct rx *);

#endif
