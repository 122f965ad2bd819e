/* fuzz.c: helpers shared by the fuzz targets (see fuzz.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "options.h"
#include "pprof.h"
#include "reader.h"
#include "profile.h"
#include "query.h"
#include "report.h"
#include "strbuf.h"
#include "xmalloc.h"

#define FUZZ(name, max_len) { #name, fuzz_target_##name, max_len },
const struct fuzz_target fuzz_targets[] = {
#include "targets.def"
	{ NULL, NULL, 0 }
};
#undef FUZZ

/* testdata/synth_cpu.pb.gz, made into C by the Makefile. */
extern const unsigned char fuzz_synth_profile[];
extern const size_t fuzz_synth_profile_len;

const struct fuzz_target *
fuzz_find(const char *name)
{
	const struct fuzz_target *t;

	for (t = fuzz_targets; t->name != NULL; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

int fuzz_report_fd = -1;

/* From the sanitizer runtime when there is one. */
void	__sanitizer_report_error_summary(const char *) __attribute__((weak));

void
fuzz_fail(const char *file, int line, const char *what)
{
	char msg[512];

	snprintf(msg, sizeof msg, "fuzz check failed: %s:%d: %s\n", file,
	    line, what);
	/* Standard error may be /dev/null by now (see fuzz.h). */
	if (__sanitizer_report_error_summary != NULL)
		__sanitizer_report_error_summary(msg);
	else if (fuzz_report_fd >= 0)
		dprintf(fuzz_report_fd, "%s", msg);
	else
		fputs(msg, stderr);
	abort();
}

void
fuzz_limits(struct input_limits *l)
{
	l->max_input = 16 << 20;
	l->max_inflated = 16 << 20;
	l->max_ratio = 64;
	l->unwind_sym = NULL;
}

char **
fuzz_split(const uint8_t *data, size_t size, int sep, size_t max, size_t *np)
{
	char **v = xcalloc(max + 1, sizeof *v);
	size_t i, start = 0, n = 0;

	for (i = 0; i <= size && n < max; i++) {
		if (i < size && data[i] != sep && data[i] != '\0')
			continue;
		v[n++] = xstrndup((const char *)data + start, i - start);
		start = i + 1;
	}
	*np = n;
	return v;
}

void
fuzz_split_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

const struct profile *
fuzz_fixed_profile(void)
{
	static struct profile *p;
	struct input_limits l;
	char *cause = NULL;

	if (p != NULL)
		return p;
	fuzz_limits(&l);
	p = pprof_parse(fuzz_synth_profile, fuzz_synth_profile_len, &l,
	    &cause);
	if (p == NULL || profile_prune_frames(p, &cause) == -1) {
		fprintf(stderr, "fuzz: the fixed profile: %s\n", cause);
		abort();
	}
	return p;
}

bool
fuzz_text_is_safe(const void *text, size_t n, int flags)
{
	const unsigned char *s = text;
	size_t i = 0, len, k;
	unsigned int cp;

	while (i < n) {
		if ((s[i] == '\n' && (flags & FUZZ_TEXT_NL)) ||
		    (s[i] == '\t' && (flags & FUZZ_TEXT_TAB)) ||
		    (s[i] >= 0x20 && s[i] < 0x7f)) {
			i++;
			continue;
		}
		if (s[i] < 0xc2 || s[i] > 0xf4)
			return false;
		len = s[i] < 0xe0 ? 2 : s[i] < 0xf0 ? 3 : 4;
		if (n - i < len)
			return false;
		cp = s[i] & (0x7f >> len);
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    (cp >= 0x80 && cp <= 0x9f))
			return false;
		i += len;
	}
	return true;
}

int
fuzz_report(const struct profile *p, struct options *o, enum report_kind kind,
    struct strbuf *sb)
{
	const struct report_def *d;
	struct query *q;
	char *cause = NULL;
	size_t before = sb->len;
	int rc;

	o->report = kind;
	d = report_find(kind);
	report_apply_overrides(d, &o->q);
	if ((q = query_new(p, &o->q, &cause)) == NULL) {
		FUZZ_ASSERT(cause != NULL && *cause != '\0');
		free(cause);
		return -1;
	}
	rc = d->run(sb, q, &cause);
	if (rc == -1) {
		FUZZ_ASSERT(cause != NULL && sb->len == before);
		free(cause);
	} else if (!(d->flags & REPORT_BINARY))
		FUZZ_ASSERT(fuzz_text_is_safe(sb->buf + before,
		    sb->len - before, FUZZ_TEXT_NL | FUZZ_TEXT_TAB));
	query_free(q);
	return rc;
}

int
fuzz_top(const struct profile *p, struct options *o, struct strbuf *sb)
{
	size_t before = sb->len;
	int rc = fuzz_report(p, o, REPORT_TOP, sb);

	/* no tab in -top either */
	FUZZ_ASSERT(memchr(sb->buf + before, '\t', sb->len - before) == NULL);
	return rc;
}

void
fuzz_check_cause(char *cause, bool multiline)
{
	FUZZ_ASSERT(cause != NULL && *cause != '\0');
	FUZZ_ASSERT(multiline || strchr(cause, '\n') == NULL);
	FUZZ_ASSERT(fuzz_text_is_safe(cause, strlen(cause), 0));
	free(cause);
}

void
fuzz_profile_reports(struct profile *p)
{
	struct profile *two[2], *m;
	struct options o;
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL;

	options_init(&o);
	fuzz_top(p, &o, &sb);
	options_release(&o);

	options_init(&o);
	o.q.granularity = GRAN_LINES;
	o.q.focus = xstrdup("main|a");
	fuzz_top(p, &o, &sb);
	options_release(&o);

	two[0] = two[1] = p;
	m = profile_merge(two, 2, &cause);
	FUZZ_ASSERT(m != NULL);
	profile_free(m);
	strbuf_release(&sb);
}

int
fuzz_text_reader(const uint8_t *data, size_t size, fuzz_parse_fn parse)
{
	struct input_limits l;
	struct profile *p;
	char *cause = NULL;

	fuzz_limits(&l);
	if ((p = reader_parse(data, size, &l, NULL, &cause)) == NULL)
		fuzz_check_cause(cause, false);
	else
		profile_free(p);
	cause = NULL;
	if ((p = parse(data, size, false, &l, &cause)) == NULL) {
		fuzz_check_cause(cause, false);
		return 0;
	}
	FUZZ_ASSERT(profile_check(p, &cause) == 0);
	profile_simplify_names(p);
	fuzz_profile_reports(p);
	profile_free(p);
	return 0;
}
