/* rx.c: PCRE2 wrapper speaking Go's regexp dialect closely. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rx.h"
#include "strbuf.h"
#include "vis.h"
#include "warn.h"
#include "xmalloc.h"

struct rx {
	pcre2_code		*code;
	pcre2_match_data	*md;
	pcre2_match_context	*mc;
	char			*pattern;
	bool			 warned;
};

/*
 * Go's regexps run in linear time; PCRE2 backtracks, so a pattern such as
 * (a*)*b can take exponential time on a long name.  Each match is bounded
 * instead, and a match that hits the bound counts as no match, with one
 * warning per expression.
 */
#define RX_MATCH_LIMIT	200000

struct rx *
rx_compile(const char *pattern, char **cause)
{
	struct rx *rx;
	int err;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];

	rx = xcalloc(1, sizeof *rx);
	rx->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY |
	    PCRE2_NEVER_BACKSLASH_C, &err, &off, NULL);
	if (rx->code == NULL) {
		pcre2_get_error_message(err, msg, sizeof msg);
		*cause = xasprintf("%s at offset %zu", (char *)msg,
		    (size_t)off);
		free(rx);
		return NULL;
	}
	/*
	 * No JIT: every string is matched once per query and the result
	 * cached (query-filter.c), so the interpreter costs nothing
	 * measurable, and it keeps valgrind runs clean.
	 */
	rx->md = pcre2_match_data_create_from_pattern(rx->code, NULL);
	rx->mc = pcre2_match_context_create(NULL);
	if (rx->md == NULL || rx->mc == NULL)
		fatal("out of memory");
	pcre2_set_match_limit(rx->mc, RX_MATCH_LIMIT);
	rx->pattern = xstrdup(pattern);
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

bool
rx_match(const struct rx *rx, const char *s, size_t len)
{
	struct rx *w = (struct rx *)rx;	/* only the warned flag changes */
	int rc;

	rc = pcre2_match(rx->code, (PCRE2_SPTR)s, len, 0, 0, rx->md, rx->mc);
	if (rc >= 0)
		return true;
	if (rc != PCRE2_ERROR_NOMATCH && !rx->warned) {
		/* the pattern may be a profile's own (drop_frames) */
		struct strbuf sb = STRBUF_INIT;

		w->warned = true;
		vis_addstr(&sb, rx->pattern, 0);
		warn_printf("cpv: regexp '%s' is too costly for some "
		    "names: they count as not matching", sb.buf);
		strbuf_release(&sb);
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
	free(rx->pattern);
	free(rx);
}
