/*
 * diff.c: subtracting base profiles (-base, -diff_base, -normalize).
 *
 * pprof's order, which the numbers depend on: the source profiles and the
 * base profiles are each merged on their own; with -diff_base every base
 * sample gets the label pprof::base=true (so base and source samples with
 * the same stack stay apart and the report can take its total from the
 * base); with -normalize the source is scaled, per sample type, by
 * (sum of the base's values) / (sum of its own values); the base is
 * scaled by -1; the two are merged, the source first (its drop_frames,
 * period type and comments come first), and merged once more if samples
 * cancelled out, so that nothing they alone used is left behind.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "profile.h"
#include "xmalloc.h"

bool
diff_label_is_marker(const struct profile *p, const struct profile_label *l)
{
	return l->str != 0 &&
	    strcmp(profile_str(p, l->key), DIFF_BASE_KEY) == 0;
}

bool
diff_marker_ids(const struct profile *p, uint32_t *key, uint32_t *value)
{
	uint32_t k, v;

	k = strtab_find(&p->strings, DIFF_BASE_KEY, strlen(DIFF_BASE_KEY));
	v = strtab_find(&p->strings, DIFF_BASE_VALUE, strlen(DIFF_BASE_VALUE));
	if (k == UINT32_MAX || v == UINT32_MAX)
		return false;
	*key = k;
	*value = v;
	return true;
}

bool
diff_sample_is_base_ids(const struct profile *p, size_t i, uint32_t key,
    uint32_t value)
{
	const struct profile_sample *s = &p->samples[i];
	const struct profile_label *l = p->labels + s->label_off;
	uint32_t k;

	for (k = 0; k < s->nlabel; k++)
		if (l[k].key == key && l[k].str == value)
			return true;
	return false;
}

bool
diff_sample_is_base(const struct profile *p, size_t i)
{
	uint32_t key, value;

	return diff_marker_ids(p, &key, &value) &&
	    diff_sample_is_base_ids(p, i, key, value);
}

/*
 * Go's int64(math.Round(x)): halves away from zero; out of range (and
 * NaN) gives the minimum, as the amd64 conversion does.
 */
static int64_t
diff_round(double x)
{
	double r = round(x);

	if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0))
		return INT64_MIN;
	return (int64_t)r;
}

/*
 * pprof's ScaleN: multiply the values of each sample type by its ratio
 * (types whose ratio is 1 are left alone) and keep only the samples that
 * still have a non-zero value among the scaled types.
 */
static void
diff_scale(struct profile *p, const double *ratio)
{
	size_t nt = p->nsample_type, i, j, n = 0;
	int64_t *v;
	bool keep, ones = true;

	for (j = 0; j < nt; j++)
		if (ratio[j] != 1)
			ones = false;
	if (ones)
		return;
	for (i = 0; i < p->nsample; i++) {
		v = p->values + i * nt;
		keep = false;
		for (j = 0; j < nt; j++) {
			if (ratio[j] == 1)
				continue;
			v[j] = diff_round((double)v[j] * ratio[j]);
			if (v[j] != 0)
				keep = true;
		}
		if (!keep)
			continue;
		if (n != i) {
			p->samples[n] = p->samples[i];
			memmove(p->values + n * nt, v, nt * sizeof *v);
		}
		n++;
	}
	p->nsample = n;
}

/* Give every sample the string label pprof::base=true, replacing any. */
static void
diff_mark_base(struct profile *b)
{
	struct profile_label *labels, *l;
	uint32_t key, value, off, k;
	size_t i, n = 0;

	key = strtab_intern_str(&b->strings, DIFF_BASE_KEY);
	value = strtab_intern_str(&b->strings, DIFF_BASE_VALUE);
	labels = xreallocarray(NULL, b->nlabel + b->nsample + 1,
	    sizeof *labels);
	for (i = 0; i < b->nsample; i++) {
		struct profile_sample *s = &b->samples[i];

		off = (uint32_t)n;
		for (k = 0; k < s->nlabel; k++) {
			l = &b->labels[s->label_off + k];
			if (l->key == key && l->str != 0)
				continue;
			labels[n++] = *l;
		}
		memset(&labels[n], 0, sizeof labels[n]);
		labels[n].key = key;
		labels[n].str = value;
		n++;
		s->label_off = off;
		s->nlabel = (uint32_t)n - off;
	}
	free(b->labels);
	b->labels = labels;
	b->nlabel = n;
}

static bool
diff_same_type(const struct profile *a, const struct profile_value_type *x,
    const struct profile *b, const struct profile_value_type *y, bool units)
{
	return strcmp(profile_str(a, x->type), profile_str(b, y->type)) == 0 &&
	    (!units ||
	    strcmp(profile_str(a, x->unit), profile_str(b, y->unit)) == 0);
}

/*
 * pprof's compatible(): the same period type and the same sample types,
 * names and (if units) units alike.  Merging converts units first, so
 * only names must then agree; the units are profile_merge()'s to check.
 */
static int
diff_compatible(const struct profile *p, const struct profile *b, bool units,
    char **cause)
{
	size_t i;

	if (!diff_same_type(p, &p->period_type, b, &b->period_type, units)) {
		*cause = xstrdup("incompatible period types");
		return -1;
	}
	if (p->nsample_type != b->nsample_type) {
		*cause = xstrdup("incompatible sample types");
		return -1;
	}
	for (i = 0; i < p->nsample_type; i++)
		if (!diff_same_type(p, &p->sample_types[i], b,
		    &b->sample_types[i], units)) {
			*cause = xstrdup("incompatible sample types");
			return -1;
		}
	return 0;
}

/*
 * pprof's Normalize: scale p so that, per sample type, its values add up
 * to the base's (signed sums; a type p sums to zero is zeroed).
 */
static int
diff_normalize(struct profile *p, const struct profile *b, char **cause)
{
	size_t nt = p->nsample_type, i, j;
	uint64_t *bsum, *psum;
	double *ratio;
	const int64_t *v;

	if (diff_compatible(p, b, true, cause) == -1)
		return -1;
	bsum = xcalloc(nt + 1, sizeof *bsum);
	psum = xcalloc(nt + 1, sizeof *psum);
	ratio = xcalloc(nt + 1, sizeof *ratio);
	/* Unsigned sums: they wrap as Go's int64 sums do. */
	for (i = 0; i < b->nsample; i++)
		for (v = profile_sample_values(b, i), j = 0; j < nt; j++)
			bsum[j] += (uint64_t)v[j];
	for (i = 0; i < p->nsample; i++)
		for (v = profile_sample_values(p, i), j = 0; j < nt; j++)
			psum[j] += (uint64_t)v[j];
	for (j = 0; j < nt; j++)
		ratio[j] = psum[j] == 0 ? 0 :
		    (double)(int64_t)bsum[j] / (double)(int64_t)psum[j];
	diff_scale(p, ratio);
	free(bsum);
	free(psum);
	free(ratio);
	return 0;
}

struct profile *
diff_apply(struct profile *p, struct profile *base, bool diff_base,
    bool normalize, char **cause)
{
	struct profile *srcs[2], *out = NULL;
	double *minus;
	size_t j;

	if (diff_base)
		diff_mark_base(base);
	if (normalize && diff_normalize(p, base, cause) == -1)
		goto done;
	minus = xcalloc(base->nsample_type + 1, sizeof *minus);
	for (j = 0; j < base->nsample_type; j++)
		minus[j] = -1;
	diff_scale(base, minus);
	free(minus);
	if (diff_compatible(p, base, false, cause) == -1)
		goto done;
	srcs[0] = p;
	srcs[1] = base;
	/*
	 * Samples that cancel out are dropped, and profile_merge() merges
	 * again to collect what only they used, as pprof does.
	 */
	out = profile_merge(srcs, 2, cause);
done:
	profile_free(p);
	profile_free(base);
	return out;
}
