/*
 * rx.h: regular expressions with RE2 (Go regexp) syntax, via PCRE2, on a
 * budget.
 *
 * pprof's filters are Go regexps: unanchored searches over UTF-8 text, with
 * `$` matching only at the very end.  PCRE2 in UTF mode with
 * DOLLAR_ENDONLY accepts the same syntax for everything pprof users write
 * (\d, \w, (?i), classes, alternation, anchors, repetition).  Parentheses
 * do not capture (nothing reads a group), so \1 is an error as in Go.
 *
 * Patterns come from the user and from the profile itself (drop_frames),
 * and Go's regexps run in linear time where PCRE2 backtracks, so every
 * compilation and every match is bounded in time and memory, and so is
 * the whole process (see rx.c).  A match that runs out of budget counts as
 * no match; rx_match() then writes one warning per expression to stderr,
 * naming it, and rx_incomplete() turns true so that reports can say their
 * results may be incomplete.
 */
#ifndef CPV_RX_H
#define CPV_RX_H

#include <stdbool.h>
#include <stddef.h>

struct rx;

/* Longest pattern rx_compile() accepts, in bytes. */
#define RX_MAX_PATTERN	65536

/*
 * Compile pattern.  Returns NULL and sets *cause (allocated, e.g. "missing
 * closing parenthesis at offset 1") on a bad pattern, and on one longer
 * than RX_MAX_PATTERN or whose compilation would need too much memory.
 */
struct rx	*rx_compile(const char *pattern, char **cause);
/* Compile "^(pattern)$" as pprof does for drop_frames. */
struct rx	*rx_compile_full(const char *pattern, char **cause);
/*
 * Whether s (len bytes, NULs included; invalid UTF-8 bytes match as
 * U+FFFD, as in Go) matches.  False, with a warning, when the match ran
 * out of budget.
 */
bool		 rx_match(const struct rx *, const char *s, size_t len);
bool		 rx_match_str(const struct rx *, const char *);
void		 rx_free(struct rx *);

/*
 * Append s with every regexp metacharacter (and ',', which separates
 * tag filters) escaped by a backslash: a pattern that matches s itself.
 */
struct strbuf;
void		 rx_quote(struct strbuf *, const char *s);

/* Whether a match ran out of budget since the last rx_budget_reset(). */
bool		 rx_incomplete(void);
/*
 * Give the process a fresh total budget and clear rx_incomplete(): for a
 * front end that runs one report after another (the shell).
 */
void		 rx_budget_reset(void);

#endif
