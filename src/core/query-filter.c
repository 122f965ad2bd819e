/*
 * query-filter.c: pprof's sample filters, applied to a query's view.
 *
 * The order and the semantics are pprof's (driver_focus.go, filter.go):
 *
 *   1. focus/ignore/hide/show in one pass over locations.  A location
 *      matches when one of its lines' function name or file name, or its
 *      mapping's file, matches.  A sample is kept when some location
 *      matches focus (or there is no focus) and none matches ignore; a
 *      location matching both counts as ignored.  So samples with an empty
 *      stack always go.  hide deletes the matching lines of a location,
 *      show keeps only matching ones (and lines without a function); a
 *      location left without lines disappears from every stack, and a
 *      sample left without locations goes.
 *   2. show_from: keep each stack from its root-most matching location
 *      (cut inside it at the last matching line) to the leaf; samples
 *      without a match go.
 *   3. tagfocus/tagignore on the sample's labels.
 *   4. tagshow/taghide only hide label keys from reports that show them.
 *   5. prune_from: cut each stack below its leaf-most location whose
 *      function (simplified) matches, inside it at the first match.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "profile.h"
#include "query-internal.h"
#include "rx.h"
#include "strbuf.h"
#include "warn.h"
#include "xmalloc.h"

/* A compiled regexp with a per-string-id cache of results. */
struct qrx {
	struct rx		*rx;
	unsigned char		*cache;	/* 0 unknown, 1 no, 2 yes */
	const struct profile	*p;
};

static int
qrx_init(struct qrx *q, const struct profile *p, const char *name,
    const char *value, char **cause)
{
	char *why;

	memset(q, 0, sizeof *q);
	if (value == NULL || *value == '\0')
		return 0;
	if ((q->rx = rx_compile(value, &why)) == NULL) {
		*cause = xasprintf("parsing %s regexp: %s: '%s'", name, why,
		    value);
		free(why);
		return -1;
	}
	q->cache = xcalloc(p->strings.n + 1, 1);
	q->p = p;
	return 0;
}

static void
qrx_release(struct qrx *q)
{
	rx_free(q->rx);
	free(q->cache);
}

static bool
qrx_str(struct qrx *q, uint32_t sid)
{
	if (q->cache[sid] == 0)
		q->cache[sid] = rx_match(q->rx, q->p->strings.strs[sid],
		    q->p->strings.lens[sid]) ? 2 : 1;
	return q->cache[sid] == 2;
}

/* A line matches when its function's name or file name matches. */
static bool
qrx_line(struct qrx *q, uint32_t line)
{
	const struct profile *p = q->p;
	uint32_t f = p->lines[line].function;

	if (f == PROFILE_NONE)
		return false;
	return qrx_str(q, p->functions[f].name) ||
	    qrx_str(q, p->functions[f].filename);
}

static bool
qrx_mapping(struct qrx *q, uint32_t loc)
{
	uint32_t m = q->p->locations[loc].mapping;

	return m != PROFILE_NONE && qrx_str(q, q->p->mappings[m].file);
}

static bool
qrx_location(struct qrx *q, struct query *qq, uint32_t loc)
{
	uint32_t i;

	for (i = 0; i < qq->vline_n[loc]; i++)
		if (qrx_line(q, qq->vline[qq->vline_off[loc] + i]))
			return true;
	return qrx_mapping(q, loc);
}

static void
warn_no_match(bool matched, const char *what)
{
	if (!matched)
		warn_printf("%s expression matched no samples", what);
}

/*
 * Tag filters.  A value that reads as a number with an optional unit, or
 * a range of them ("1kb", ":64kb", "4mb:", "12kb:64mb"), filters numeric
 * labels; anything else is a comma-separated list of regexps over string
 * labels.  "key=value" restricts either to one key.
 */
struct tagfilter {
	bool		 set;
	const char	*key;		/* NULL: any key */
	bool		 numeric;
	int		 cmp;		/* 0 ==, 1 >=, 2 <=, 3 range */
	double		 lo, hi;
	const char	*unit;		/* unit the range is expressed in */
	struct rx	**rxs;
	size_t		 nrx;
	char		*buf;		/* owned copy of the value */
	struct query	*q;
	const char	**key_units;	/* per string id: unit of a num key */
};

/* Match [+-]?[0-9]+([A-Za-z]+)? at the leftmost position from s. */
static bool
tag_range_token(const char *s, const char **start, const char **end,
    const char **ustart)
{
	const char *p;

	for (p = s; *p != '\0'; p++) {
		const char *d = p;

		if ((*d == '+' || *d == '-') && d[1] >= '0' && d[1] <= '9')
			d++;
		if (*d < '0' || *d > '9')
			continue;
		*start = p;
		while (*d >= '0' && *d <= '9')
			d++;
		*ustart = d;
		while ((*d >= 'a' && *d <= 'z') || (*d >= 'A' && *d <= 'Z'))
			d++;
		*end = d;
		return true;
	}
	return false;
}

static int
tag_parse_number(const char *start, const char *ustart, const char *end,
    int64_t *v, char *unit, size_t unitsz)
{
	char num[32];
	char *e;
	size_t n = (size_t)(ustart - start);

	if (n >= sizeof num || (size_t)(end - ustart) >= unitsz)
		return -1;
	memcpy(num, start, n);
	num[n] = '\0';
	errno = 0;
	*v = strtoll(num, &e, 10);
	if (errno != 0)
		return -1;
	memcpy(unit, ustart, (size_t)(end - ustart));
	unit[end - ustart] = '\0';
	return 0;
}

/* pprof's parseTagFilterRange; returns 1 if value is a range. */
static int
tag_parse_range(struct tagfilter *tf, const char *value, char **cause,
    const char *name)
{
	const char *s1, *e1, *u1, *s2, *e2, *u2;
	char unit1[64], unit2[64];
	const char *cu1, *cu2;
	int64_t v1, v2;
	size_t len = strlen(value);
	static char unitbuf[64];

	if (!tag_range_token(value, &s1, &e1, &u1))
		return 0;
	if (tag_parse_number(s1, u1, e1, &v1, unit1, sizeof unit1) == -1) {
		*cause = xasprintf("parsing %s: bad number in '%s'", name,
		    value);
		return -1;
	}
	if (!tag_range_token(e1, &s2, &e2, &u2)) {
		size_t ml = (size_t)(e1 - s1);

		if (s1 == value && ml == len)
			tf->cmp = 0;
		else if (s1 == value && ml + 1 == len && value[len - 1] == ':')
			tf->cmp = 1;
		else if (s1 == value + 1 && value[0] == ':' && ml + 1 == len)
			tf->cmp = 2;
		else
			return 0;
		tf->lo = unit_scale(v1, unit1, unit1, &cu1);
		snprintf(unitbuf, sizeof unitbuf, "%s", cu1);
		tf->unit = xstrdup(unitbuf);
		return 1;
	}
	if (s1 != value || *e1 != ':' || s2 != e1 + 1 ||
	    *e2 != '\0')
		return 0;
	if (tag_parse_number(s2, u2, e2, &v2, unit2, sizeof unit2) == -1) {
		*cause = xasprintf("parsing %s: bad number in '%s'", name,
		    value);
		return -1;
	}
	tf->lo = unit_scale(v1, unit1, unit1, &cu1);
	snprintf(unitbuf, sizeof unitbuf, "%s", cu1);
	tf->hi = unit_scale(v2, unit2, unitbuf, &cu2);
	if (strcmp(cu2, unitbuf) != 0)
		return 0;
	tf->cmp = 3;
	tf->unit = xstrdup(unitbuf);
	return 1;
}

static int
tagfilter_init(struct tagfilter *tf, struct query *q, const char *name,
    const char *value, const char **key_units, char **cause)
{
	char *v, *p, *comma, *why;
	int r;

	memset(tf, 0, sizeof *tf);
	tf->q = q;
	tf->key_units = key_units;
	if (value == NULL || *value == '\0')
		return 0;
	tf->set = true;
	tf->buf = v = xstrdup(value);
	if ((p = strchr(v, '=')) != NULL) {
		*p = '\0';
		tf->key = v;
		v = p + 1;
	}
	if ((r = tag_parse_range(tf, v, cause, name)) == -1)
		return -1;
	if (r == 1) {
		warn_printf("%s:Interpreted '%s' as range, not regexp",
		    name, v);
		tf->numeric = true;
		return 0;
	}
	for (p = v;; p = comma + 1) {
		if ((comma = strchr(p, ',')) != NULL)
			*comma = '\0';
		tf->rxs = xreallocarray(tf->rxs, tf->nrx + 1, sizeof *tf->rxs);
		if ((tf->rxs[tf->nrx] = rx_compile(p, &why)) == NULL) {
			*cause = xasprintf("parsing %s regexp: %s: '%s'",
			    name, why, p);
			free(why);
			return -1;
		}
		tf->nrx++;
		if (comma == NULL)
			break;
	}
	return 0;
}

static void
tagfilter_release(struct tagfilter *tf)
{
	size_t i;

	for (i = 0; i < tf->nrx; i++)
		rx_free(tf->rxs[i]);
	free(tf->rxs);
	free(tf->buf);
	if (tf->numeric)
		free((char *)tf->unit);
}

static bool
tagfilter_num(const struct tagfilter *tf, int64_t v, const char *unit)
{
	const char *su;
	double sv = unit_scale(v, unit, tf->unit, &su);

	if (strcmp(su, tf->unit) != 0)
		return false;
	switch (tf->cmp) {
	case 0: return sv == tf->lo;
	case 1: return sv >= tf->lo;
	case 2: return sv <= tf->lo;
	default: return sv >= tf->lo && sv <= tf->hi;
	}
}

static bool
tagfilter_match(const struct tagfilter *tf, size_t si)
{
	const struct profile *p = tf->q->p;
	const struct profile_sample *s = &p->samples[si];
	const struct profile_label *l = p->labels + s->label_off;
	struct strbuf kv = STRBUF_INIT;
	size_t i, r;
	bool ok;

	if (tf->numeric) {
		for (i = 0; i < s->nlabel; i++) {
			if (l[i].str != 0)
				continue;
			if (tf->key != NULL &&
			    strcmp(profile_str(p, l[i].key), tf->key) != 0)
				continue;
			if (tagfilter_num(tf, l[i].num, tf->key_units[l[i].key]))
				return true;
		}
		return false;
	}
	if (tf->key != NULL) {
		for (i = 0; i < s->nlabel; i++) {
			if (l[i].str == 0 ||
			    strcmp(profile_str(p, l[i].key), tf->key) != 0)
				continue;
			for (r = 0; r < tf->nrx; r++)
				if (rx_match_str(tf->rxs[r],
				    profile_str(p, l[i].str)))
					return true;
		}
		return false;
	}
	/* Without a key, every regexp must match some "key:value". */
	for (r = 0; r < tf->nrx; r++) {
		ok = false;
		for (i = 0; i < s->nlabel && !ok; i++) {
			if (l[i].str == 0)
				continue;
			strbuf_reset(&kv);
			strbuf_addstr(&kv, profile_str(p, l[i].key));
			strbuf_addch(&kv, ':');
			strbuf_addstr(&kv, profile_str(p, l[i].str));
			ok = rx_match(tf->rxs[r], kv.buf, kv.len);
		}
		if (!ok) {
			strbuf_release(&kv);
			return false;
		}
	}
	strbuf_release(&kv);
	return true;
}

/*
 * pprof's NumLabelUnits: a numeric key's unit is the first unit seen with
 * it; without any, "bytes" for "alignment" and "request", else the key.
 */
static const char **
numeric_key_units(const struct profile *p)
{
	const char **units = xcalloc(p->strings.n + 1, sizeof *units);
	size_t i;

	for (i = 0; i < p->nlabel; i++) {
		const struct profile_label *l = &p->labels[i];

		if (l->str != 0)
			continue;
		if (l->unit != 0 && (units[l->key] == NULL ||
		    units[l->key][0] == '\0'))
			units[l->key] = profile_str(p, l->unit);
		else if (units[l->key] == NULL)
			units[l->key] = "";
	}
	for (i = 0; i < p->strings.n; i++) {
		const char *k = p->strings.strs[i];

		if (units[i] == NULL || units[i][0] != '\0')
			continue;
		if (strcmp(k, "alignment") == 0 || strcmp(k, "request") == 0)
			units[i] = "bytes";
		else
			units[i] = k;
	}
	return units;
}

int
query_filter_apply(struct query *q, char **cause)
{
	const struct profile *p = q->p;
	const struct query_options *o = &q->opt;
	struct qrx focus, ignore, hide, show, showfrom, prunefrom;
	struct tagfilter tfocus, tignore;
	struct rx *tshow = NULL, *thide = NULL;
	signed char *fi;	/* per location: 1 focus, -1 ignore, 0 none */
	const char **key_units = NULL;
	bool fm = false, im = false, hm = false, hnm = false, sfm = false;
	bool tfm = false, tim = false, tsm = false, thm = false;
	size_t i, j, k, n;
	char *buf = NULL, *why;
	int rc = -1;

	memset(&focus, 0, sizeof focus);
	ignore = hide = show = showfrom = prunefrom = focus;
	memset(&tfocus, 0, sizeof tfocus);
	tignore = tfocus;
	q->key_units = key_units = numeric_key_units(p);
	if (qrx_init(&focus, p, "focus", o->focus, cause) == -1 ||
	    qrx_init(&ignore, p, "ignore", o->ignore, cause) == -1 ||
	    qrx_init(&hide, p, "hide", o->hide, cause) == -1 ||
	    qrx_init(&show, p, "show", o->show, cause) == -1 ||
	    qrx_init(&showfrom, p, "show_from", o->show_from, cause) == -1 ||
	    tagfilter_init(&tfocus, q, "tagfocus", o->tagfocus, key_units,
	    cause) == -1 ||
	    tagfilter_init(&tignore, q, "tagignore", o->tagignore, key_units,
	    cause) == -1 ||
	    qrx_init(&prunefrom, p, "prune_from", o->prune_from, cause) == -1)
		goto out;
	if (o->tagshow != NULL && *o->tagshow != '\0' &&
	    (tshow = rx_compile(o->tagshow, &why)) == NULL) {
		*cause = xasprintf("parsing tagshow regexp: %s: '%s'", why,
		    o->tagshow);
		free(why);
		goto out;
	}
	if (o->taghide != NULL && *o->taghide != '\0' &&
	    (thide = rx_compile(o->taghide, &why)) == NULL) {
		*cause = xasprintf("parsing taghide regexp: %s: '%s'", why,
		    o->taghide);
		free(why);
		goto out;
	}

	/* 1. focus, ignore, hide, show. */
	fi = xcalloc(p->nlocation + 1, sizeof *fi);
	for (i = 0; i < p->nlocation; i++) {
		uint32_t off = q->vline_off[i], cnt = q->vline_n[i];

		if (ignore.rx != NULL && qrx_location(&ignore, q, (uint32_t)i)) {
			im = true;
			fi[i] = -1;
		} else if (focus.rx == NULL ||
		    qrx_location(&focus, q, (uint32_t)i)) {
			fm = true;
			fi[i] = 1;
		}
		if (hide.rx != NULL && qrx_location(&hide, q, (uint32_t)i)) {
			hm = true;
			if (qrx_mapping(&hide, (uint32_t)i))
				cnt = 0;
			for (j = k = 0; j < cnt; j++)
				if (!qrx_line(&hide, q->vline[off + j]))
					q->vline[off + k++] = q->vline[off + j];
			cnt = (uint32_t)k;
			if (cnt == 0)
				q->loc_hidden[i] = true;
		}
		if (show.rx != NULL) {
			if (!qrx_mapping(&show, (uint32_t)i)) {
				for (j = k = 0; j < cnt; j++) {
					uint32_t ln = q->vline[off + j];

					if (p->lines[ln].function ==
					    PROFILE_NONE ||
					    qrx_line(&show, ln))
						q->vline[off + k++] = ln;
				}
				cnt = (uint32_t)k;
			}
			if (cnt == 0)
				q->loc_hidden[i] = true;
			else
				hnm = true;
		}
		q->vline_n[i] = cnt;
	}
	for (i = 0; i < p->nsample; i++) {
		const uint32_t *locs = p->locs + q->vs_off[i];
		bool f = false, ign = false, any = false;

		if (!q->sample_kept[i])
			continue;
		for (j = 0; j < q->vs_n[i] && !ign; j++) {
			if (fi[locs[j]] == 1)
				f = true;
			else if (fi[locs[j]] == -1)
				ign = true;
			if (!q->loc_hidden[locs[j]])
				any = true;
		}
		if (!f || ign || !any)
			q->sample_kept[i] = false;
	}
	free(fi);
	if (focus.rx != NULL)
		warn_no_match(fm, "Focus");
	if (ignore.rx != NULL)
		warn_no_match(im, "Ignore");
	if (hide.rx != NULL)
		warn_no_match(hm, "Hide");
	if (show.rx != NULL)
		warn_no_match(hnm, "Show");

	/* 2. show_from. */
	if (showfrom.rx != NULL) {
		bool *sf = xcalloc(p->nlocation + 1, sizeof *sf);

		for (i = 0; i < p->nlocation; i++) {
			uint32_t off = q->vline_off[i];

			if (qrx_mapping(&showfrom, (uint32_t)i)) {
				sf[i] = true;
				continue;
			}
			for (j = q->vline_n[i]; j-- > 0;)
				if (qrx_line(&showfrom, q->vline[off + j])) {
					q->vline_n[i] = (uint32_t)j + 1;
					sf[i] = true;
					break;
				}
		}
		for (i = 0; i < p->nsample; i++) {
			const uint32_t *locs = p->locs + q->vs_off[i];

			if (!q->sample_kept[i])
				continue;
			for (j = q->vs_n[i]; j-- > 0;)
				if (!q->loc_hidden[locs[j]] && sf[locs[j]])
					break;
			if (j == (size_t)-1)
				q->sample_kept[i] = false;
			else
				q->vs_n[i] = (uint32_t)j + 1;
		}
		for (i = 0; i < p->nlocation && !sfm; i++)
			sfm = sf[i];
		free(sf);
		warn_no_match(sfm, "ShowFrom");
	}

	/* 3. tagfocus, tagignore. */
	if (tfocus.set || tignore.set) {
		for (i = 0; i < p->nsample; i++) {
			bool focused = true, ignored = false;

			if (!q->sample_kept[i])
				continue;
			if (tfocus.set)
				focused = tagfilter_match(&tfocus, i);
			if (tignore.set)
				ignored = tagfilter_match(&tignore, i);
			tfm = tfm || focused;
			tim = tim || ignored;
			if (!focused || ignored)
				q->sample_kept[i] = false;
		}
		if (tfocus.set)
			warn_no_match(tfm, "TagFocus");
		if (tignore.set)
			warn_no_match(tim, "TagIgnore");
	}

	/*
	 * 4. tagshow, taghide: a key is hidden unless tagshow matches it, or
	 * when taghide does; reports that print labels ask key_hidden.
	 */
	if (tshow != NULL || thide != NULL) {
		/* Per key: 1 decided, 2 tagshow matches, 4 taghide matches. */
		unsigned char *m = xcalloc(p->strings.n + 1, 1);

		q->key_hidden = xcalloc(p->strings.n + 1,
		    sizeof *q->key_hidden);
		for (i = 0; i < p->nlabel; i++) {
			uint32_t key = p->labels[i].key;
			const char *name = profile_str(p, key);

			if (m[key] != 0)
				continue;
			m[key] = 1 |
			    (tshow == NULL || rx_match_str(tshow, name) ? 2 : 0) |
			    (thide != NULL && rx_match_str(thide, name) ? 4 : 0);
			q->key_hidden[key] = !(m[key] & 2) || (m[key] & 4);
		}
		for (i = 0; i < p->nsample && !(tsm && thm); i++) {
			const struct profile_sample *s = &p->samples[i];

			if (!q->sample_kept[i])
				continue;
			for (j = 0; j < s->nlabel; j++) {
				uint32_t key = p->labels[s->label_off + j].key;

				tsm = tsm || (m[key] & 2);
				thm = thm || (m[key] & 4);
			}
		}
		free(m);
		if (tshow != NULL)
			warn_no_match(tsm, "TagShow");
		if (thide != NULL)
			warn_no_match(thm, "TagHide");
	}

	/* 5. prune_from. */
	if (prunefrom.rx != NULL) {
		bool *pb = xcalloc(p->nlocation + 1, sizeof *pb);
		size_t maxlen = 0;
		uint32_t sid;

		for (i = 0; i < p->strings.n; i++)
			if (p->strings.lens[i] > maxlen)
				maxlen = p->strings.lens[i];
		buf = xmalloc(maxlen + 1);
		for (i = 0; i < p->nlocation; i++) {
			uint32_t off = q->vline_off[i];

			n = q->vline_n[i];
			for (j = 0; j < n; j++) {
				uint32_t f = p->lines[q->vline[off + j]].function;

				if (f == PROFILE_NONE ||
				    p->functions[f].name == 0)
					continue;
				/* cached per name: it is the simple name */
				sid = p->functions[f].name;
				if (prunefrom.cache[sid] == 0) {
					profile_simplify_func(profile_str(p,
					    sid), buf);
					prunefrom.cache[sid] = rx_match_str(
					    prunefrom.rx, buf) ? 2 : 1;
				}
				if (prunefrom.cache[sid] == 2) {
					pb[i] = true;
					q->vline_off[i] += (uint32_t)j;
					q->vline_n[i] -= (uint32_t)j;
					break;
				}
			}
		}
		for (i = 0; i < p->nsample; i++) {
			const uint32_t *locs = p->locs + q->vs_off[i];

			if (!q->sample_kept[i])
				continue;
			for (j = 0; j < q->vs_n[i]; j++)
				if (!q->loc_hidden[locs[j]] && pb[locs[j]]) {
					q->vs_off[i] += (uint32_t)j;
					q->vs_n[i] -= (uint32_t)j;
					break;
				}
		}
		free(pb);
	}
	rc = 0;
out:
	qrx_release(&focus);
	qrx_release(&ignore);
	qrx_release(&hide);
	qrx_release(&show);
	qrx_release(&showfrom);
	qrx_release(&prunefrom);
	tagfilter_release(&tfocus);
	tagfilter_release(&tignore);
	rx_free(tshow);
	rx_free(thide);
	free(buf);
	return rc;
}
