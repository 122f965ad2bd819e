/* rx.c: PCRE2 wrapper speaking Go's regexp dialect closely, on a budget. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rx.h"
#include "strbuf.h"
#include "vis.h"
#include "warn.h"
#include "xmalloc.h"

/*
 * Why PCRE2 with budgets, and not a linear-time engine.
 *
 * Go's regexps (RE2) never backtrack; PCRE2's pcre2_match() does, so a
 * profile's drop_frames "(a|aa)*\d" over 20000 names took 116 s, and a
 * 297-byte profile whose drop_frames holds thousands of capture groups
 * took 6.4 GB (every backtracking frame carries every group's offsets).
 * The linear-time engines Debian packages were measured or weighed:
 *
 *  - RE2 itself (libre2) is C++ only, and cpv is C;
 *  - TRE (libtre5, measured): linear on the attacks (20000 names of the
 *    drop_frames case in 0.12 s), but 35 times slower than pcre2_match()
 *    on ordinary names ("foo|bar|baz" on 200000 names of 200 bytes:
 *    2.1 s against 0.06 s), POSIX syntax with extensions rather than
 *    RE2's, no bound above 255 in {n,m}, no reading of invalid UTF-8 as
 *    U+FFFD, and no upstream release since 2009;
 *  - Hyperscan (libhyperscan5) is amd64 only (vectorscan elsewhere), its
 *    compiler can take long and much memory on bounded repeats such as
 *    a{1000}, and it cannot say "no match" for every RE2 construct;
 *  - PCRE2's own pcre2_dfa_match() is an NFA simulation without
 *    backtracking: with the pattern wrapped as "(?s:.*?)(?:P)" and
 *    anchored, it scans a name once.  Measured on the cases above it is
 *    fast (20000 names in 0.06 s), but it is not linear for every
 *    pattern: "(a+)+$" on a 3000-byte name keeps thousands of states
 *    (1.2 s a name with a large workspace), and it is 5 to 30 times
 *    slower than pcre2_match() on ordinary names.
 *
 * So cpv stays on PCRE2 and bounds it.  A match climbs a ladder and
 * stops at the first step that answers: pcre2_match() with a match limit
 * of RX_LIMIT_QUICK (ordinary patterns on ordinary names need fewer than
 * 100 steps), then RX_LIMIT_MEDIUM, then pcre2_dfa_match() with a small
 * workspace (which answers the backtracking attacks in linear time), and
 * last pcre2_match() with RX_MATCH_LIMIT.  Every step also has a depth
 * and a heap limit, groups never capture (PCRE2_NO_AUTO_CAPTURE: tiny
 * frames), and all of PCRE2's memory (compiling, matching) comes from
 * rx_mem_alloc(), capped at RX_MEMORY in total.  Each step is charged its
 * limit (the DFA step RX_DFA_COST per subject byte) to one budget for
 * the process, RX_RUN_BUDGET, about 3 s of matching; once it is spent,
 * only the quick step runs.  A match that no step could answer counts as
 * no match, and is reported (rx_warn(), rx_incomplete()).
 */
#define RX_LIMIT_QUICK	32
#define RX_LIMIT_MEDIUM	1024
#define RX_MATCH_LIMIT	100000
#define RX_DEPTH_LIMIT	10000
#define RX_HEAP_LIMIT	(16 * 1024)		/* KiB, per match */
#define RX_DFA_WORKSPACE 1000			/* ints: about 160 states */
#define RX_DFA_COST	32
#define RX_RUN_BUDGET	100000000ULL
#define RX_MEMORY	((size_t)64 << 20)	/* bytes, all of PCRE2's */

struct rx {
	pcre2_code		*code;		/* owned */
	pcre2_code		*dfa;		/* owned; NULL: no DFA step */
	pcre2_match_data	*md;		/* owned */
	pcre2_match_context	*mc;		/* owned */
	char			*pattern;	/* owned */
	struct strbuf		 subject;	/* invalid UTF-8 made valid */
	bool			 warned;
};

static uint64_t	rx_spent;
static bool	rx_exhausted;
static size_t	rx_memory;
static pcre2_general_context *rx_gcontext;

/* PCRE2's allocator: malloc with a size header, within RX_MEMORY. */
static void *
rx_mem_alloc(PCRE2_SIZE size, void *data)
{
	size_t *p;

	(void)data;
	if (size > RX_MEMORY - rx_memory ||
	    (p = malloc(sizeof(max_align_t) + size)) == NULL)
		return NULL;
	*p = size;
	rx_memory += size;
	return (char *)p + sizeof(max_align_t);
}

static void
rx_mem_free(void *ptr, void *data)
{
	size_t *p;

	(void)data;
	if (ptr == NULL)
		return;
	p = (size_t *)(void *)((char *)ptr - sizeof(max_align_t));
	rx_memory -= *p;
	free(p);
}

static pcre2_general_context *
rx_general_context(void)
{
	if (rx_gcontext == NULL &&
	    (rx_gcontext = pcre2_general_context_create(rx_mem_alloc,
	    rx_mem_free, NULL)) == NULL)
		fatal("out of memory");
	return rx_gcontext;
}

/*
 * Every message this module writes: one line to the warning hook
 * (warn.h): stderr for the command line, the status line in the viewer.
 */
static void
rx_warn(const struct rx *rx, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = strlen(rx->pattern);

	/* the pattern may be a profile's own (drop_frames) */
	vis_add(&sb, rx->pattern, len > 200 ? 200 : len, 0);
	if (len > 200)
		strbuf_addstr(&sb, "\xe2\x80\xa6");
	warn_printf("cpv: regexp '%s' %s", sb.buf, what);
	strbuf_release(&sb);
}

/* pcre2_compile() within the memory cap; NULL and *cause on error. */
static pcre2_code *
rx_pcre2_compile(const char *pattern, uint32_t options, char **cause)
{
	pcre2_compile_context *cc;
	pcre2_code *code;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int err;

	if ((cc = pcre2_compile_context_create(rx_general_context())) == NULL)
		fatal("out of memory");
	pcre2_set_max_pattern_length(cc, RX_MAX_PATTERN + 32);
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    options | PCRE2_UTF | PCRE2_DOLLAR_ENDONLY |
	    PCRE2_NEVER_BACKSLASH_C | PCRE2_NO_AUTO_CAPTURE, &err, &off, cc);
	pcre2_compile_context_free(cc);
	if (code == NULL && cause != NULL) {
		pcre2_get_error_message(err, msg, sizeof msg);
		*cause = xasprintf("%s at offset %zu", (char *)msg,
		    (size_t)off);
	}
	return code;
}

struct rx *
rx_compile(const char *pattern, char **cause)
{
	struct rx *rx;
	char *wrapped;

	if (strlen(pattern) > RX_MAX_PATTERN) {
		*cause = xasprintf("regexp longer than %d bytes",
		    RX_MAX_PATTERN);
		return NULL;
	}
	rx = xcalloc(1, sizeof *rx);
	if ((rx->code = rx_pcre2_compile(pattern, PCRE2_MATCH_INVALID_UTF,
	    cause)) == NULL) {
		free(rx);
		return NULL;
	}
	/*
	 * The DFA step searches by an anchored "anything, then P".  \E ends
	 * a \Q that P leaves open; if the wrapper does not compile (a (?x)
	 * comment eating the parenthesis, a construct the DFA lacks), there
	 * is simply no DFA step.
	 */
	wrapped = xasprintf("(?s:.*?)(?:%s\\E)", pattern);
	rx->dfa = rx_pcre2_compile(wrapped, PCRE2_ANCHORED, NULL);
	free(wrapped);
	/*
	 * No JIT: every string is matched once per query and the result
	 * cached (query-filter.c), so the interpreter costs nothing
	 * measurable, and it keeps valgrind runs clean.
	 */
	rx->md = pcre2_match_data_create(1, rx_general_context());
	rx->mc = pcre2_match_context_create(rx_general_context());
	if (rx->md == NULL || rx->mc == NULL)
		fatal("out of memory");
	pcre2_set_depth_limit(rx->mc, RX_DEPTH_LIMIT);
	pcre2_set_heap_limit(rx->mc, RX_HEAP_LIMIT);
	rx->pattern = xstrdup(pattern);
	strbuf_init(&rx->subject);
	return rx;
}

struct rx *
rx_compile_full(const char *pattern, char **cause)
{
	char *full = xasprintf("^(%s)$", pattern);
	struct rx *rx = rx_compile(full, cause);

	free(full);
	return rx;
}

/*
 * s as valid UTF-8: itself, or with each invalid byte replaced by U+FFFD
 * in rx->subject, which is how Go's regexps read invalid UTF-8 (and with
 * profile.h's C0 80 and C0 C0 back to NUL and one invalid byte).
 */
static const char *
rx_valid_subject(struct rx *rx, const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k, n = *len;

	while (i < n && (k = utf8_seq_len(u + i, n - i)) > 0)
		i += k;
	if (i == n)
		return s;
	strbuf_reset(&rx->subject);
	strbuf_add(&rx->subject, s, i);
	while (i < n) {
		if ((k = utf8_seq_len(u + i, n - i)) > 0) {
			strbuf_add(&rx->subject, u + i, k);
			i += k;
		} else if (u[i] == 0xc0 && i + 1 < n &&
		    (u[i + 1] == 0x80 || u[i + 1] == 0xc0)) {
			/* profile.h's NUL and C0 */
			if (u[i + 1] == 0x80)
				strbuf_addch(&rx->subject, '\0');
			else
				strbuf_addstr(&rx->subject, "\xef\xbf\xbd");
			i += 2;
		} else {
			strbuf_addstr(&rx->subject, "\xef\xbf\xbd");
			i++;
		}
	}
	*len = rx->subject.len;
	return rx->subject.buf;
}

/* One backtracking step: 1 match, 0 no match, -1 out of budget. */
static int
rx_try(struct rx *rx, const char *s, size_t len, uint32_t limit)
{
	int rc;

	rx_spent += limit;
	pcre2_set_match_limit(rx->mc, limit);
	rc = pcre2_match(rx->code, (PCRE2_SPTR)s, len, 0, PCRE2_NO_UTF_CHECK,
	    rx->md, rx->mc);
	return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* The DFA step, as rx_try(). */
static int
rx_try_dfa(struct rx *rx, const char *s, size_t len)
{
	int ws[RX_DFA_WORKSPACE];
	int rc;

	rx_spent += (uint64_t)(len + 1) * RX_DFA_COST;
	pcre2_set_match_limit(rx->mc, RX_MATCH_LIMIT);
	rc = pcre2_dfa_match(rx->dfa, (PCRE2_SPTR)s, len, 0,
	    PCRE2_NO_UTF_CHECK | PCRE2_DFA_SHORTEST, rx->md, rx->mc, ws,
	    RX_DFA_WORKSPACE);
	return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

bool
rx_match(const struct rx *crx, const char *s, size_t len)
{
	struct rx *rx = (struct rx *)crx;	/* scratch and flag change */
	int rc;

	s = rx_valid_subject(rx, s, &len);
	if ((rc = rx_try(rx, s, len, RX_LIMIT_QUICK)) >= 0)
		return rc;
	if (rx_spent < RX_RUN_BUDGET &&
	    (rc = rx_try(rx, s, len, RX_LIMIT_MEDIUM)) >= 0)
		return rc;
	if (rx_spent < RX_RUN_BUDGET && rx->dfa != NULL &&
	    (rc = rx_try_dfa(rx, s, len)) >= 0)
		return rc;
	if (rx_spent < RX_RUN_BUDGET &&
	    (rc = rx_try(rx, s, len, RX_MATCH_LIMIT)) >= 0)
		return rc;
	rx_exhausted = true;
	if (!rx->warned) {
		rx->warned = true;
		rx_warn(rx, rx_spent < RX_RUN_BUDGET ?
		    "is too costly for some names: results may be incomplete" :
		    "ran out of the run's regexp budget: results may be "
		    "incomplete");
	}
	return false;
}

bool
rx_match_str(const struct rx *rx, const char *s)
{
	return rx_match(rx, s, strlen(s));
}

void
rx_free(struct rx *rx)
{
	if (rx == NULL)
		return;
	pcre2_match_data_free(rx->md);
	pcre2_match_context_free(rx->mc);
	pcre2_code_free(rx->code);
	pcre2_code_free(rx->dfa);
	strbuf_release(&rx->subject);
	free(rx->pattern);
	free(rx);
}

bool
rx_incomplete(void)
{
	return rx_exhausted;
}

void
rx_budget_reset(void)
{
	rx_spent = 0;
	rx_exhausted = false;
}

void
rx_quote(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("\\^$.|?*+()[]{},", *s) != NULL)
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s);
	}
}
