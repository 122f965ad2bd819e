/*
 * folded.c: the folded (collapsed) stacks reader.
 *
 * One stack per line, root first, frames separated by ';', then blanks
 * and a count: "main;parse;lex 42", as flamegraph.pl's stackcollapse
 * scripts, inferno and `cpv -folded` write it.  Blank lines and lines
 * that start with '#' are skipped; lines with the same stack add up.
 *
 * The profile has one sample type, "samples"/"count": folded text does
 * not say what it counted (cpv -folded writes the values of the sample
 * type it shows, in that type's unit, so cpu nanoseconds come back as a
 * count of nanoseconds).  Every frame is a function of that name, with no
 * system name, file or line, at its own location in one mapping that says
 * it has functions (so that nothing asks for a binary to symbolize it).
 * Without a system name, names are shown as written: C++ names are not
 * simplified again (cpv -folded writes them as it shows them already).
 * Nor is a frame marked inlined: the text does not say.
 *
 * Names are taken as they are, except for the "\xHH" escapes that
 * cpv -folded writes for ';', control bytes, bad UTF-8 and a backslash
 * before 'x', which are decoded back: a profile round-trips through
 * cpv -folded.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "builder.h"
#include "reader.h"
#include "text.h"
#include "xmalloc.h"

/* Give up on a line (and the file) after this many frames. */
#define FOLDED_MAX_FRAMES	(1U << 20)

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Split a line into its stack and count: the count is the last run of
 * digits (with an optional '-'), after blanks.  false if the line has
 * none or no stack before it.
 */
static bool
folded_split(const char *line, size_t len, size_t *stacklen, int64_t *count,
    bool *overflow)
{
	size_t i = len, digits;
	uint64_t v = 0, d;
	bool neg = false;

	*overflow = false;
	while (i > 0 && text_is_space(line[i - 1]))
		i--;
	digits = i;
	while (i > 0 && text_is_digit(line[i - 1]))
		i--;
	if (i == digits)
		return false;
	if (i > 0 && line[i - 1] == '-') {
		neg = true;
		i--;
	}
	if (i == 0 || !text_is_space(line[i - 1]))
		return false;
	for (d = neg ? i + 1 : i; d < digits; d++) {
		if (v > (UINT64_MAX - 9) / 10)
			*overflow = true;
		v = v * 10 + (uint64_t)(line[d] - '0');
	}
	if (v > (uint64_t)INT64_MAX)
		*overflow = true;
	*count = neg ? -(int64_t)v : (int64_t)v;
	while (i > 0 && text_is_space(line[i - 1]))
		i--;
	*stacklen = i;
	return i > 0;
}

/* The first line that is not blank or a comment. */
static bool
folded_first_line(struct text_lines *t, const char **line, size_t *len)
{
	size_t i;

	while (text_next_line(t, line, len)) {
		for (i = 0; i < *len && text_is_space((*line)[i]); i++)
			;
		if (i < *len && (*line)[i] != '#')
			return true;
	}
	return false;
}

bool
folded_probe(const unsigned char *data, size_t len)
{
	struct text_lines t = { (const char *)data, (const char *)data + len,
	    0 };
	const char *line;
	size_t n, stacklen, i;
	int64_t count;
	bool overflow;

	if (!folded_first_line(&t, &line, &n) ||
	    !folded_split(line, n, &stacklen, &count, &overflow))
		return false;
	/* Text: no control byte in the first line but tab. */
	for (i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20 && line[i] != '\t')
			return false;
	return true;
}

/* Intern a frame name, with cpv -folded's \xHH escapes decoded. */
static uint32_t
folded_name(struct profile_builder *b, const char *s, size_t n,
    char **buf, size_t *cap)
{
	size_t i, k = 0;
	int hi, lo;

	if (memchr(s, '\\', n) == NULL)
		return profile_builder_string(b, s, n);
	XGROW(*buf, *cap, n + 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 3 < n &&
		    s[i + 1] == 'x' && (hi = hexval(s[i + 2])) >= 0 &&
		    (lo = hexval(s[i + 3])) >= 0) {
			(*buf)[k++] = (char)(hi << 4 | lo);
			i += 3;
		} else
			(*buf)[k++] = s[i];
	}
	return profile_builder_string(b, *buf, k);
}

struct profile *
folded_parse(const unsigned char *data, size_t len, bool gzipped,
    const struct input_limits *limits, char **cause)
{
	struct text_lines t = { (const char *)data, (const char *)data + len,
	    0 };
	struct profile_builder *b;
	struct profile_mapping m;
	struct profile_line ln;
	uint32_t *locs = NULL, mapping, name;
	size_t ncap = 0, nloc, n, stacklen, i, start, bufcap = 0, skip;
	const char *line;
	char *buf = NULL;
	int64_t count;
	bool overflow;

	(void)gzipped;
	(void)limits;
	b = profile_builder_create();
	profile_builder_sample_type(b, "samples", "count");
	memset(&m, 0, sizeof m);
	m.flags = MAPPING_HAS_FUNCTIONS;
	mapping = profile_builder_mapping(b, &m);
	while (text_next_line(&t, &line, &n)) {
		for (skip = 0; skip < n && text_is_space(line[skip]); skip++)
			;
		if (skip == n || line[skip] == '#')
			continue;
		if (!folded_split(line, n, &stacklen, &count, &overflow)) {
			*cause = xasprintf("folded stacks: line %zu: not "
			    "\"frame;frame;... count\"", t.lineno);
			goto fail;
		}
		if (overflow) {
			*cause = xasprintf("folded stacks: line %zu: count "
			    "out of range", t.lineno);
			goto fail;
		}
		/* Frames root first, the sample's locations leaf first. */
		nloc = 0;
		for (start = i = skip; i <= stacklen; i++) {
			if (i < stacklen && line[i] != ';')
				continue;
			if (nloc == FOLDED_MAX_FRAMES) {
				*cause = xasprintf("folded stacks: line %zu: "
				    "more than %u frames", t.lineno,
				    FOLDED_MAX_FRAMES);
				goto fail;
			}
			name = folded_name(b, line + start, i - start, &buf,
			    &bufcap);
			ln.function = profile_builder_function(b, name, 0, 0,
			    0);
			ln.line = 0;
			ln.column = 0;
			XGROW(locs, ncap, nloc + 1);
			locs[nloc++] = profile_builder_location(b, mapping, 0,
			    &ln, 1, false);
			start = i + 1;
		}
		for (i = 0; i < nloc / 2; i++) {
			uint32_t x = locs[i];

			locs[i] = locs[nloc - 1 - i];
			locs[nloc - 1 - i] = x;
		}
		profile_builder_sample(b, locs, nloc, &count, NULL, 0);
	}
	free(locs);
	free(buf);
	return profile_builder_finish(b);
fail:
	free(locs);
	free(buf);
	profile_builder_free(b);
	return NULL;
}
