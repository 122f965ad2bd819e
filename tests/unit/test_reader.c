/* test_reader.c: profile.proto decoding, validation, merging. */
#include <stdint.h>
#include <stdlib.h>

#include <zlib.h>

#include "options.h"
#include "pprof.h"
#include "reader.h"
#include "query.h"
#include "report.h"
#include "profile.h"
#include "profile.pb-c.h"
#include "strbuf.h"
#include "test.h"
#include "xmalloc.h"

typedef Perftools__Profiles__Profile PB;

const char *
test_data(const char *name)
{
	static char path[4096];
	const char *top = getenv("top_srcdir");

	snprintf(path, sizeof path, "%s/testdata/%s", top ? top : "..", name);
	return path;
}

/* String table builder for tp_encode. */
struct tp_strings {
	char	**s;
	size_t	  n;
};

static int64_t
tp_str(struct tp_strings *t, const char *s)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->s[i], s) == 0)
			return (int64_t)i;
	t->s = xreallocarray(t->s, t->n + 1, sizeof *t->s);
	t->s[t->n] = xstrdup(s);
	return (int64_t)t->n++;
}

/* Encode the description as a serialized Profile; caller frees. */
static uint8_t *
tp_encode(const struct tp_location *locs, int nloc,
    const struct tp_sample *samples, int nsample, size_t *lenp)
{
	PB pb = PERFTOOLS__PROFILES__PROFILE__INIT;
	Perftools__Profiles__ValueType vt[2], *vtp[2];
	struct tp_strings st = { NULL, 0 };
	Perftools__Profiles__Location *pl;
	Perftools__Profiles__Location **plp;
	Perftools__Profiles__Function *pf, **pfp;
	Perftools__Profiles__Line *ln, **lnp;
	Perftools__Profiles__Sample *ps, **psp;
	Perftools__Profiles__Label *lb, **lbp;
	int i, j, nf = 0, nl = 0;
	uint8_t *buf;
	size_t k;

	tp_str(&st, "");
	for (i = 0; i < 2; i++) {
		perftools__profiles__value_type__init(&vt[i]);
		vt[i].type = tp_str(&st, i ? "cpu" : "samples");
		vt[i].unit = tp_str(&st, i ? "nanoseconds" : "count");
		vtp[i] = &vt[i];
	}
	pb.n_sample_type = 2;
	pb.sample_type = vtp;
	pl = xcalloc((size_t)nloc + 1, sizeof *pl);
	plp = xcalloc((size_t)nloc + 1, sizeof *plp);
	pf = xcalloc((size_t)nloc * 4 + 1, sizeof *pf);
	pfp = xcalloc((size_t)nloc * 4 + 1, sizeof *pfp);
	ln = xcalloc((size_t)nloc * 4 + 1, sizeof *ln);
	lnp = xcalloc((size_t)nloc * 4 + 1, sizeof *lnp);
	for (i = 0; i < nloc; i++) {
		perftools__profiles__location__init(&pl[i]);
		pl[i].id = locs[i].id;
		pl[i].n_line = (size_t)locs[i].nline;
		pl[i].line = &lnp[nl];
		for (j = 0; j < locs[i].nline; j++) {
			perftools__profiles__function__init(&pf[nf]);
			pf[nf].id = (uint64_t)nf + 1;
			pf[nf].name = tp_str(&st, locs[i].funcs[j]);
			pf[nf].filename = tp_str(&st, "/src/x.go");
			pfp[nf] = &pf[nf];
			perftools__profiles__line__init(&ln[nl]);
			ln[nl].function_id = (uint64_t)nf + 1;
			ln[nl].line = locs[i].lines[j];
			lnp[nl] = &ln[nl];
			nf++;
			nl++;
		}
		plp[i] = &pl[i];
	}
	pb.n_location = (size_t)nloc;
	pb.location = plp;
	pb.n_function = (size_t)nf;
	pb.function = pfp;
	ps = xcalloc((size_t)nsample + 1, sizeof *ps);
	psp = xcalloc((size_t)nsample + 1, sizeof *psp);
	lb = xcalloc((size_t)nsample + 1, sizeof *lb);
	lbp = xcalloc((size_t)nsample + 1, sizeof *lbp);
	for (i = 0; i < nsample; i++) {
		uint64_t *ids = xcalloc(16, sizeof *ids);

		perftools__profiles__sample__init(&ps[i]);
		for (j = 0; j < samples[i].nloc; j++)
			ids[j] = samples[i].locs[j];
		ps[i].n_location_id = (size_t)samples[i].nloc;
		ps[i].location_id = ids;
		ps[i].n_value = 2;
		ps[i].value = (int64_t *)samples[i].values;
		if (samples[i].label_key != NULL) {
			perftools__profiles__label__init(&lb[i]);
			lb[i].key = tp_str(&st, samples[i].label_key);
			lb[i].str = tp_str(&st, samples[i].label_val);
			lbp[i] = &lb[i];
			ps[i].n_label = 1;
			ps[i].label = &lbp[i];
		}
		psp[i] = &ps[i];
	}
	pb.n_sample = (size_t)nsample;
	pb.sample = psp;
	pb.n_string_table = st.n;
	pb.string_table = st.s;
	*lenp = perftools__profiles__profile__get_packed_size(&pb);
	buf = xmalloc(*lenp + 1);
	perftools__profiles__profile__pack(&pb, buf);
	for (i = 0; i < nsample; i++)
		free(ps[i].location_id);
	for (k = 0; k < st.n; k++)
		free(st.s[k]);
	free(st.s);
	free(pl); free(plp); free(pf); free(pfp); free(ln); free(lnp);
	free(ps); free(psp); free(lb); free(lbp);
	return buf;
}

struct profile *
tp_build(const struct tp_location *locs, int nloc,
    const struct tp_sample *samples, int nsample)
{
	struct input_limits lim;
	struct profile *p, *m;
	size_t len;
	uint8_t *buf = tp_encode(locs, nloc, samples, nsample, &len);
	char *cause = NULL;

	input_limits_default(&lim);
	p = pprof_parse(buf, len, &lim, &cause);
	free(buf);
	if (p == NULL) {
		printf("  tp_build: %s\n", cause);
		free(cause);
		return NULL;
	}
	m = profile_merge(&p, 1, &cause);
	profile_free(p);
	return m;
}

static struct profile *
read_data(const char *name)
{
	struct input_limits lim;
	char *cause = NULL;
	struct profile *p;

	input_limits_default(&lim);
	p = reader_read_file(test_data(name), &lim, &cause);
	if (p == NULL) {
		printf("  %s: %s\n", name, cause);
		free(cause);
	}
	return p;
}

/* Run a -top and a -lines report on a decoded profile; 1 if it printed. */
static int
damage_report(struct profile *p)
{
	struct query_options o;
	struct query *q;
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL;
	int ok = 0;

	query_options_init(&o);
	o.nodecount = 0;
	if ((q = query_new(p, &o, &cause)) != NULL) {
		ok = report_top(&sb, q, &cause) == 0 && sb.len > 0;
		query_free(q);
	}
	free(cause);
	cause = NULL;
	o.granularity = GRAN_LINES;
	o.focus = xstrdup("main");
	if ((q = query_new(p, &o, &cause)) != NULL) {
		report_top(&sb, q, &cause);
		query_free(q);
	}
	free(cause);
	query_options_release(&o);
	strbuf_release(&sb);
	return ok;
}

static void
test_read_synth(void)
{
	struct profile *p = read_data("synth_cpu.pb.gz");
	size_t i, multi = 0, num = 0, str = 0;

	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK(p->nsample_type == 2);
	CHECK_STR(profile_str(p, p->sample_types[1].type), "cpu");
	CHECK_STR(profile_str(p, p->sample_types[1].unit), "nanoseconds");
	CHECK(p->nmapping == 2);
	CHECK_STR(profile_str(p, p->mappings[0].file),
	    "/opt/cpvsynth/bin/webserver");
	CHECK(p->mappings[0].build_id != 0);
	CHECK(p->mappings[0].flags == (MAPPING_HAS_FUNCTIONS |
	    MAPPING_HAS_FILENAMES | MAPPING_HAS_LINE_NUMBERS |
	    MAPPING_HAS_INLINE_FRAMES));
	CHECK(p->ncomment == 3);
	CHECK(p->time_nanos != 0 && p->duration_nanos != 0);
	CHECK(p->drop_frames != 0 && p->keep_frames != 0);
	CHECK(p->nsample == 27);
	for (i = 0; i < p->nlocation; i++)
		if (p->locations[i].nline > 1)
			multi++;
	CHECK(multi > 0);
	for (i = 0; i < p->nlabel; i++) {
		if (p->labels[i].str != 0)
			str++;
		else
			num++;
	}
	CHECK(str > 0 && num > 0);
	profile_free(p);
}

/* gzip or not, the model is the same: sniffed by content. */
static void
test_read_raw_equals_gzip(void)
{
	struct profile *a = read_data("synth_cpu.pb.gz");
	struct profile *b = read_data("synth_raw.txt");

	CHECK(a != NULL && b != NULL);
	if (a != NULL && b != NULL) {
		CHECK(a->nsample == b->nsample && a->nlocs == b->nlocs);
		CHECK(memcmp(a->values, b->values, a->nsample *
		    a->nsample_type * sizeof *a->values) == 0);
		CHECK(a->strings.n == b->strings.n);
	}
	profile_free(a);
	profile_free(b);
}

static void
test_read_real(void)
{
	static const char *names[] = { "cpu.pb.gz", "labels.pb.gz",
	    "heap.pb.gz", "allocs.pb.gz", "block.pb.gz", "mutex.pb.gz",
	    "goroutine.pb.gz" };
	size_t i;

	for (i = 0; i < 7; i++) {
		struct profile *p = read_data(names[i]);

		CHECK(p != NULL);
		if (p != NULL)
			CHECK(p->nsample > 0 && p->nsample_type > 0);
		profile_free(p);
	}
}

static char *
parse_error(const uint8_t *buf, size_t len)
{
	struct input_limits lim;
	char *cause = NULL;
	struct profile *p;

	input_limits_default(&lim);
	p = pprof_parse(buf, len, &lim, &cause);
	profile_free(p);
	return cause;
}

static void
test_reject_bad(void)
{
	static const struct tp_location locs[] = {
		{ 1, 1, { "main.a" }, { 10 } },
	};
	static const struct tp_sample bad_loc[] = {
		{ 1, { 7 }, { 1, 10 }, NULL, NULL },
	};
	uint8_t *buf;
	size_t len, cut;
	char *cause;
	int failures = 0;

	buf = tp_encode(locs, 1, bad_loc, 1, &len);
	cause = parse_error(buf, len);
	CHECK(cause != NULL && strstr(cause, "unknown location id 7"));
	free(cause);
	/* Every truncation is an error or a smaller valid profile, never a
	 * crash; most are errors. */
	for (cut = 0; cut < len; cut++) {
		cause = parse_error(buf, cut);
		if (cause != NULL)
			failures++;
		free(cause);
	}
	CHECK(failures > 0);
	free(buf);
	/* string_table[0] must be empty */
	{
		static const uint8_t b[] = { 0x32, 0x01, 'x' };

		cause = parse_error(b, sizeof b);
		CHECK(cause != NULL && strstr(cause, "string_table[0]"));
		free(cause);
	}
	/* empty input */
	cause = parse_error((const uint8_t *)"", 0);
	CHECK(cause != NULL && strstr(cause, "empty"));
	free(cause);
}

static void
test_gzip_limit(void)
{
	/* 1 MiB of zeros gzipped, inflated under a 64 KiB limit. */
	size_t n = 1 << 20;
	uint8_t *zeros = xcalloc(n, 1), *out;
	uLongf zlen = compressBound(n) + 64;
	uint8_t *z = xmalloc(zlen);
	z_stream zs;
	size_t outlen;
	char *cause = NULL;
	struct input_limits lim;

	memset(&zs, 0, sizeof zs);
	deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	zs.next_in = zeros;
	zs.avail_in = (uInt)n;
	zs.next_out = z;
	zs.avail_out = (uInt)zlen;
	deflate(&zs, Z_FINISH);
	zlen = zs.total_out;
	deflateEnd(&zs);
	input_limits_default(&lim);
	lim.max_inflated = 65536;
	CHECK(input_gunzip(z, zlen, &lim, &out, &outlen, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "limit"));
	free(cause);
	cause = NULL;
	lim.max_inflated = n;
	CHECK(input_gunzip(z, zlen, &lim, &out, &outlen, &cause) == 0);
	CHECK(outlen == n);
	free(out);
	/* 1 MiB from about 1 KiB is far beyond a 2:1 ratio, past the slack. */
	lim.max_inflated = 1ULL << 30;
	lim.max_ratio = 2;
	CHECK(n < INPUT_RATIO_SLACK);	/* too small to trip: slack */
	CHECK(input_gunzip(z, zlen, &lim, &out, &outlen, &cause) == 0);
	free(out);
	free(z);
	free(zeros);
}

static void
test_merge(void)
{
	static const struct tp_location locs[] = {
		{ 1, 1, { "main.leaf" }, { 10 } },
		{ 2, 1, { "main.main" }, { 20 } },
		{ 3, 1, { "main.leaf" }, { 10 } },	/* same as 1 */
	};
	static const struct tp_sample samples[] = {
		{ 2, { 1, 2 }, { 1, 10 }, NULL, NULL },
		{ 2, { 3, 2 }, { 2, 20 }, NULL, NULL },	/* merges with [0] */
		{ 2, { 1, 2 }, { 0, 0 }, NULL, NULL },	/* all zero: dropped */
		{ 2, { 1, 2 }, { 1, 5 }, "k", "v" },	/* differs by label */
	};
	struct profile *p = tp_build(locs, 3, samples, 4);

	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK(p->nsample == 2);
	CHECK(p->nlocation == 2);
	CHECK(p->values[0] == 3 && p->values[1] == 30);
	CHECK(p->values[2] == 1 && p->values[3] == 5);
	profile_free(p);
}

/*
 * Damage a real profile every way a single change can: cut it at every
 * byte, flip every bit.  Each result must decode to a valid model or fail
 * with a message; a model must go through a query and a report.
 */
static void
test_damage(void)
{
	struct input_limits lim;
	FILE *f = fopen(test_data("synth_cpu.pb"), "rb");
	uint8_t buf[8192], *d;
	size_t len, i, bad = 0, good = 0;
	int bit;
	char *cause;

	CHECK(f != NULL);
	if (f == NULL)
		return;
	len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	input_limits_default(&lim);
	d = xmalloc(len);
	for (i = 0; i <= len; i++) {
		struct profile *p;

		cause = NULL;
		p = pprof_parse(buf, i, &lim, &cause);
		CHECK((p == NULL) == (cause != NULL));
		if (p != NULL)
			good += damage_report(p);
		else
			bad++;
		profile_free(p);
		free(cause);
	}
	for (i = 0; i < len; i++)
		for (bit = 0; bit < 8; bit++) {
			struct profile *p;

			memcpy(d, buf, len);
			d[i] ^= (uint8_t)(1 << bit);
			cause = NULL;
			p = pprof_parse(d, len, &lim, &cause);
			CHECK((p == NULL) == (cause != NULL));
			if (p != NULL)
				good += damage_report(p);
			else
				bad++;
			profile_free(p);
			free(cause);
		}
	CHECK(bad > 0 && good > 0);
	free(d);
}

/*
 * pprof's numbering: ids in first use by the (non-zero) samples, a fake
 * mapping for a profile without any, and samples summing to zero merged
 * away once more, which renumbers what is left.
 */
static void
test_merge_numbering(void)
{
	static const struct tp_location locs[] = {
		{ 7, 1, { "main.a" }, { 10 } },
		{ 5, 1, { "main.b" }, { 20 } },
		{ 9, 1, { "main.main" }, { 30 } },
	};
	static const struct tp_sample samples[] = {
		{ 2, { 5, 9 }, { 0, 0 }, NULL, NULL },	/* zero: not seen */
		{ 2, { 7, 9 }, { 1, 10 }, NULL, NULL },
		{ 2, { 5, 9 }, { 2, 20 }, NULL, NULL },
		{ 2, { 7, 9 }, { -1, -10 }, NULL, NULL }, /* sums to zero */
	};
	struct profile *p = tp_build(locs, 3, samples, 4);

	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK(p->nsample == 1);
	CHECK(p->nmapping == 1 && p->mappings[0].id == 1 &&
	    p->mappings[0].file == 0 && p->mappings[0].limit == 0);
	CHECK(p->nlocation == 2);
	if (p->nlocation == 2) {
		CHECK(p->locations[0].id == 1 && p->locations[1].id == 2);
		CHECK(p->locations[0].mapping == 0);
		CHECK(strcmp(profile_str(p, p->functions[
		    p->lines[p->locations[0].line_off].function].name),
		    "main.b") == 0);
	}
	CHECK(p->nfunction == 2 && p->functions[0].id == 1);
	CHECK(p->values[0] == 2 && p->values[1] == 20);
	profile_free(p);
}

const struct test_case reader_tests[] = {
	{ "reader_damage_every_byte_and_bit", test_damage },
	{ "reader_synth_fields", test_read_synth },
	{ "reader_raw_equals_gzip", test_read_raw_equals_gzip },
	{ "reader_real_profiles", test_read_real },
	{ "reader_rejects_bad_input", test_reject_bad },
	{ "reader_gzip_limit", test_gzip_limit },
	{ "profile_merge", test_merge },
	{ "profile_merge_numbering", test_merge_numbering },
	{ NULL, NULL },
};
