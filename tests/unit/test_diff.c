/* test_diff.c: -base, -diff_base and -normalize on small built profiles. */
#include <stdlib.h>

#include "diff.h"
#include "options.h"
#include "profile.h"
#include "query.h"
#include "test.h"

static const struct tp_location locs[] = {
	{ 1, 1, { "a" }, { 1 } },
	{ 2, 1, { "b" }, { 2 } },
	{ 3, 1, { "main" }, { 3 } },
};

static struct profile *
apply(struct profile *p, struct profile *b, bool diff_base, bool normalize)
{
	char *cause = NULL;
	struct profile *out;

	if (p == NULL || b == NULL) {
		profile_free(p);
		profile_free(b);
		return NULL;
	}
	if ((out = diff_apply(p, b, diff_base, normalize, &cause)) == NULL) {
		printf("  diff_apply: %s\n", cause);
		free(cause);
	}
	return out;
}

/* The values of the sample whose leaf is function name (base or not). */
static const int64_t *
values_of(const struct profile *p, const char *name, bool base)
{
	size_t i;

	for (i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->samples[i];
		const struct profile_location *l;
		uint32_t f;

		if (s->nloc == 0 || diff_sample_is_base(p, i) != base)
			continue;
		l = &p->locations[p->locs[s->loc_off]];
		f = p->lines[l->line_off].function;
		if (strcmp(profile_str(p, p->functions[f].name), name) == 0)
			return profile_sample_values(p, i);
	}
	return NULL;
}

/*
 * -normalize rounds as Go's math.Round (halves away from zero), per
 * sample type; -diff_base marks the base, replacing its own pprof::base
 * label, and the total is the base's.
 */
static void
test_normalize_rounding(void)
{
	static const struct tp_sample ps[] = {
		{ 2, { 1, 3 }, { 1, 3 }, NULL, NULL },
		{ 2, { 2, 3 }, { 1, 5 }, NULL, NULL },
	};
	static const struct tp_sample bs[] = {
		{ 2, { 1, 3 }, { 1, 4 }, DIFF_BASE_KEY, "false" },
	};
	struct profile *p;
	struct query_options o;
	struct query *q;
	const int64_t *v;
	char *cause = NULL;
	size_t i, n = 0;

	p = apply(tp_build(locs, 3, ps, 2), tp_build(locs, 3, bs, 1), true,
	    true);
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK(p->nsample == 3);
	v = values_of(p, "a", false);
	CHECK(v != NULL && v[0] == 1 && v[1] == 2);	/* 0.5, 1.5 */
	v = values_of(p, "b", false);
	CHECK(v != NULL && v[0] == 1 && v[1] == 3);	/* 0.5, 2.5 */
	v = values_of(p, "a", true);
	CHECK(v != NULL && v[0] == -1 && v[1] == -4);
	for (i = 0; i < p->nlabel; i++)
		if (strcmp(profile_str(p, p->labels[i].key), DIFF_BASE_KEY) == 0) {
			CHECK(diff_label_is_marker(p, &p->labels[i]));
			CHECK_STR(profile_str(p, p->labels[i].str), "true");
			n++;
		}
	CHECK(n == 1);
	query_options_init(&o);
	q = query_new(p, &o, &cause);
	CHECK(q != NULL);
	if (q != NULL)
		CHECK(q->total == 4);
	free(cause);
	query_free(q);
	query_options_release(&o);
	profile_free(p);
}

/*
 * A sample is dropped when every value of the types that were scaled is
 * zero, even if a type left alone (ratio 1) is not: pprof's ScaleN.
 */
static void
test_normalize_drops(void)
{
	static const struct tp_sample ps[] = {
		{ 2, { 1, 3 }, { 1, 1 }, NULL, NULL },
		{ 2, { 2, 3 }, { 1, 99 }, NULL, NULL },
	};
	static const struct tp_sample bs[] = {
		{ 1, { 3 }, { 2, 10 }, NULL, NULL },
	};
	struct profile *p;
	const int64_t *v;

	p = apply(tp_build(locs, 3, ps, 2), tp_build(locs, 3, bs, 1), false,
	    true);
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK(values_of(p, "a", false) == NULL);
	v = values_of(p, "b", false);
	CHECK(v != NULL && v[0] == 1 && v[1] == 10);
	v = values_of(p, "main", false);
	CHECK(v != NULL && v[0] == -2 && v[1] == -10);
	CHECK(p->nsample == 2);
	profile_free(p);
}

/* What only cancelled samples used is gone, as after pprof's re-merge. */
static void
test_cancel_collects(void)
{
	static const struct tp_sample ps[] = {
		{ 2, { 1, 3 }, { 1, 7 }, "k", "v" },
		{ 2, { 2, 3 }, { 1, 5 }, NULL, NULL },
	};
	static const struct tp_sample bs[] = {
		{ 2, { 1, 3 }, { 1, 7 }, "k", "v" },
	};
	struct profile *p;
	size_t i;

	p = apply(tp_build(locs, 3, ps, 2), tp_build(locs, 3, bs, 1), false,
	    false);
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK(p->nsample == 1);
	CHECK(p->nlocation == 2);
	for (i = 0; i < p->nfunction; i++)
		CHECK(strcmp(profile_str(p, p->functions[i].name), "a") != 0);
	CHECK(!diff_sample_is_base(p, 0));
	profile_free(p);
}

/* Normalizing needs identical types: pprof checks before any scaling. */
static void
test_incompatible(void)
{
	static const struct tp_sample ps[] = {
		{ 1, { 1 }, { 1, 1 }, NULL, NULL },
	};
	struct profile *p = tp_build(locs, 3, ps, 1);
	struct profile *b = tp_build(locs, 3, ps, 1);
	char *cause = NULL;

	CHECK(p != NULL && b != NULL);
	if (p == NULL || b == NULL)
		return;
	b->sample_types[1].unit = strtab_intern_str(&b->strings,
	    "milliseconds");
	CHECK(diff_apply(p, b, true, true, &cause) == NULL);
	CHECK(cause != NULL);
	free(cause);
}

const struct test_case diff_tests[] = {
	{ "diff_normalize_rounding", test_normalize_rounding },
	{ "diff_normalize_drops", test_normalize_drops },
	{ "diff_cancel_collects", test_cancel_collects },
	{ "diff_incompatible", test_incompatible },
	{ NULL, NULL },
};
