/* profile.c: the profile model: lifetime, checks, merging, frame pruning. */
#include <stdlib.h>
#include <string.h>

#include "builder.h"
#include "format.h"
#include "hash.h"
#include "hashtab.h"
#include "profile.h"
#include "rx.h"
#include "sort.h"
#include "strbuf.h"
#include "xmalloc.h"

struct profile *
profile_create(void)
{
	struct profile *p = xcalloc(1, sizeof *p);

	strtab_init(&p->strings);
	return p;
}

void
profile_free(struct profile *p)
{
	if (p == NULL)
		return;
	strtab_release(&p->strings);
	free(p->sample_types);
	free(p->comments);
	free(p->mappings);
	free(p->functions);
	free(p->locations);
	free(p->lines);
	free(p->samples);
	free(p->locs);
	free(p->values);
	free(p->labels);
	free(p);
}

int
profile_check(const struct profile *p, char **cause)
{
	size_t i;

	for (i = 0; i < p->nlocation; i++) {
		const struct profile_location *l = &p->locations[i];

		if ((size_t)l->line_off + l->nline > p->nline ||
		    (l->mapping != PROFILE_NONE && l->mapping >= p->nmapping)) {
			*cause = xasprintf("malformed profile: location %zu "
			    "is inconsistent", i);
			return -1;
		}
	}
	for (i = 0; i < p->nline; i++)
		if (p->lines[i].function != PROFILE_NONE &&
		    p->lines[i].function >= p->nfunction) {
			*cause = xstrdup("malformed profile: line refers to a "
			    "missing function");
			return -1;
		}
	for (i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->samples[i];

		if ((size_t)s->loc_off + s->nloc > p->nlocs ||
		    (size_t)s->label_off + s->nlabel > p->nlabel) {
			*cause = xasprintf("malformed profile: sample %zu is "
			    "inconsistent", i);
			return -1;
		}
	}
	for (i = 0; i < p->nlocs; i++)
		if (p->locs[i] >= p->nlocation) {
			*cause = xstrdup("malformed profile: sample has a "
			    "missing location");
			return -1;
		}
	return 0;
}

/*
 * Merging.  Everything is re-interned into the output profile through the
 * profile builder (builder.h), whose keys are pprof's merge keys, so
 * identical entities from different sources (or repeated in one source)
 * become one.  The maps below only cache what a source's entity became.
 */

struct merger {
	struct profile_builder	*b;
	struct profile		*out;		/* b's */
	const struct profile	*src;
	uint32_t		*sid;		/* src string id -> out id */
	uint32_t		*mapmap;	/* src mapping -> out, or NONE */
	uint32_t		*fnmap;
	uint32_t		*locmap;
	double			*scale;		/* per sample type */
};

/*
 * The output mapping of source mapping si.  A source without mappings gets
 * one fake, all-zero mapping, as pprof's locateBinaries adds before
 * merging: si 0 stands for it.  Mappings are keyed as pprof keys them (size
 * rounded up to 4 KiB, offset, build ID or else file), so nameless ones,
 * the fake ones included, merge too.
 */
static uint32_t
merger_mapping(struct merger *mg, uint32_t si)
{
	struct profile_mapping m;

	if (si == PROFILE_NONE)
		return PROFILE_NONE;
	if (mg->mapmap[si] != PROFILE_NONE)
		return mg->mapmap[si];
	if (mg->src->nmapping == 0)
		memset(&m, 0, sizeof m);
	else {
		m = mg->src->mappings[si];
		m.file = mg->sid[m.file];
		m.build_id = mg->sid[m.build_id];
	}
	return mg->mapmap[si] = profile_builder_mapping(mg->b, &m);
}

static uint32_t
merger_function(struct merger *mg, uint32_t si)
{
	const struct profile_function *f;

	if (si == PROFILE_NONE)
		return PROFILE_NONE;
	if (mg->fnmap[si] != PROFILE_NONE)
		return mg->fnmap[si];
	f = &mg->src->functions[si];
	return mg->fnmap[si] = profile_builder_function(mg->b,
	    mg->sid[f->name], mg->sid[f->system_name], mg->sid[f->filename],
	    f->start_line);
}

static uint32_t
merger_location(struct merger *mg, uint32_t si)
{
	struct profile *out = mg->out;
	const struct profile_location *sl = &mg->src->locations[si];
	struct profile_line tmp[8], *lines = tmp;
	uint64_t addr = sl->address;
	uint32_t mapping = sl->mapping, i;

	if (mg->locmap[si] != PROFILE_NONE)
		return mg->locmap[si];
	if (sl->nline > 8)
		lines = xreallocarray(NULL, sl->nline, sizeof *lines);
	if (mg->src->nmapping == 0)
		mapping = merger_mapping(mg, 0);
	else if (sl->mapping != PROFILE_NONE) {
		/* pprof moves the address into the merged mapping */
		mapping = merger_mapping(mg, sl->mapping);
		addr = addr - mg->src->mappings[sl->mapping].start +
		    out->mappings[mapping].start;
	}
	for (i = 0; i < sl->nline; i++) {
		lines[i] = mg->src->lines[sl->line_off + i];
		lines[i].function = merger_function(mg, lines[i].function);
	}
	mg->locmap[si] = profile_builder_location(mg->b, mapping, addr, lines,
	    sl->nline, sl->is_folded);
	if (lines != tmp)
		free(lines);
	return mg->locmap[si];
}

/*
 * pprof keeps a sample's labels as maps from key to the list of its
 * values, string and numeric apart: the order of keys does not make two
 * samples different, the order of one key's values does.  So sort by key,
 * then string before numeric, keeping the file's order otherwise: the
 * position breaks ties, so the sort is stable and O(n log n) even
 * for a sample with 50,000 labels.
 */
struct label_order {
	uint32_t	key;
	uint32_t	numeric;
	uint32_t	pos;
};

static int
label_order_cmp(const void *va, const void *vb)
{
	const struct label_order *a = va, *b = vb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->numeric != b->numeric)
		return a->numeric < b->numeric ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static void
label_sort(struct profile_label *l, size_t n)
{
	struct label_order *o;
	struct profile_label *t;
	size_t i;

	for (i = 1; i < n; i++)
		if (l[i - 1].key > l[i].key || (l[i - 1].key == l[i].key &&
		    l[i - 1].str == 0 && l[i].str != 0))
			break;
	if (i >= n)
		return;		/* sorted already, as most are */
	o = xreallocarray(NULL, n, sizeof *o);
	t = xreallocarray(NULL, n, sizeof *t);
	for (i = 0; i < n; i++) {
		o[i].key = l[i].key;
		o[i].numeric = l[i].str == 0;
		o[i].pos = (uint32_t)i;
	}
	sort_array(o, n, sizeof *o, label_order_cmp);
	for (i = 0; i < n; i++)
		t[i] = l[o[i].pos];
	memcpy(l, t, n * sizeof *l);
	free(o);
	free(t);
}

static void
merger_sample(struct merger *mg, size_t si, uint32_t **locbuf, size_t *loccap,
    struct profile_label **labbuf, size_t *labcap, int64_t *vbuf)
{
	const struct profile *src = mg->src;
	const struct profile_sample *s = &src->samples[si];
	const int64_t *v = profile_sample_values(src, si);
	size_t nt = mg->out->nsample_type, i;

	XGROW(*locbuf, *loccap, s->nloc + 1);
	XGROW(*labbuf, *labcap, s->nlabel + 1);
	for (i = 0; i < s->nloc; i++)
		(*locbuf)[i] = merger_location(mg, src->locs[s->loc_off + i]);
	for (i = 0; i < s->nlabel; i++) {
		struct profile_label l = src->labels[s->label_off + i];

		l.key = mg->sid[l.key];
		l.str = mg->sid[l.str];
		l.unit = mg->sid[l.unit];
		(*labbuf)[i] = l;
	}
	label_sort(*labbuf, s->nlabel);
	for (i = 0; i < nt; i++)
		vbuf[i] = mg->scale[i] == 1 ? v[i] :
		    format_go_int64((double)v[i] * mg->scale[i]);
	profile_builder_sample(mg->b, *locbuf, s->nloc, vbuf, *labbuf,
	    s->nlabel);
}

/* A comment being looked up in the merged profile, for comment_eq(). */
struct comment_lookup {
	const struct profile	*out;
	uint32_t		 c;
};

static bool
comment_eq(const void *ctx, uint32_t i)
{
	const struct comment_lookup *k = ctx;

	return k->out->comments[i] == k->c;
}

static bool
value_type_compatible(const struct profile *a, const struct profile_value_type *x,
    const struct profile *b, const struct profile_value_type *y)
{
	const char *tx = profile_str(a, x->type), *ty = profile_str(b, y->type);
	size_t lx = strlen(tx), ly = strlen(ty);

	if (lx > 0 && tx[lx - 1] == 's')
		lx--;
	if (ly > 0 && ty[ly - 1] == 's')
		ly--;
	if (lx != ly || memcmp(tx, ty, lx) != 0)
		return false;
	return strcmp(profile_str(a, x->unit), profile_str(b, y->unit)) == 0 ||
	    units_compatible(profile_str(a, x->unit), profile_str(b, y->unit));
}

struct profile *
profile_merge(struct profile **srcs, size_t n, char **cause)
{
	struct merger mg;
	struct profile *out, *first = srcs[0];
	uint32_t *locbuf = NULL;
	struct profile_label *labbuf = NULL;
	size_t loccap = 0, labcap = 0, i, j, k, nt = first->nsample_type;
	size_t capcomment = 0;
	struct hashtab comments = HASHTAB_INIT;
	const char **finest;
	int64_t *vbuf;
	uint64_t h;
	bool zero, again;

	for (k = 1; k < n; k++) {
		const struct profile *s = srcs[k];

		if (strcmp(profile_str(first, first->period_type.type),
		    profile_str(s, s->period_type.type)) != 0 ||
		    strcmp(profile_str(first, first->period_type.unit),
		    profile_str(s, s->period_type.unit)) != 0) {
			*cause = xstrdup("incompatible period types");
			return NULL;
		}
		if (s->nsample_type != nt) {
			*cause = xstrdup("incompatible sample types");
			return NULL;
		}
		for (i = 0; i < nt; i++)
			if (!value_type_compatible(first, &first->sample_types[i],
			    s, &s->sample_types[i])) {
				*cause = xstrdup("incompatible sample types");
				return NULL;
			}
	}

	memset(&mg, 0, sizeof mg);
	mg.b = profile_builder_create();
	out = mg.out = profile_builder_profile(mg.b);
	out->nsample_type = nt;
	out->sample_types = xcalloc(nt + 1, sizeof *out->sample_types);
	finest = xcalloc(nt + 1, sizeof *finest);
	for (i = 0; i < nt; i++) {
		finest[i] = profile_str(first, first->sample_types[i].unit);
		for (k = 1; k < n; k++) {
			const char *u = profile_str(srcs[k],
			    srcs[k]->sample_types[i].unit);

			if (unit_ratio(u, finest[i]) < 1)
				finest[i] = u;
		}
		out->sample_types[i].type = strtab_intern_str(&out->strings,
		    profile_str(first, first->sample_types[i].type));
		out->sample_types[i].unit = strtab_intern_str(&out->strings,
		    finest[i]);
	}
	out->period_type.type = strtab_intern_str(&out->strings,
	    profile_str(first, first->period_type.type));
	out->period_type.unit = strtab_intern_str(&out->strings,
	    profile_str(first, first->period_type.unit));
	out->drop_frames = strtab_intern_str(&out->strings,
	    profile_str(first, first->drop_frames));
	out->keep_frames = strtab_intern_str(&out->strings,
	    profile_str(first, first->keep_frames));
	mg.scale = xcalloc(nt + 1, sizeof *mg.scale);
	vbuf = xcalloc(nt + 1, sizeof *vbuf);

	for (k = 0; k < n; k++) {
		const struct profile *s = srcs[k];

		if (out->time_nanos == 0 || s->time_nanos < out->time_nanos)
			out->time_nanos = s->time_nanos;
		out->duration_nanos += s->duration_nanos;
		if (out->period == 0 || out->period < s->period)
			out->period = s->period;
		if (out->default_sample_type == 0)
			out->default_sample_type = strtab_intern_str(
			    &out->strings, profile_str(s,
			    s->default_sample_type));
		if (out->doc_url == 0)
			out->doc_url = strtab_intern_str(&out->strings,
			    profile_str(s, s->doc_url));
		for (i = 0; i < s->ncomment; i++) {
			struct comment_lookup cl;
			size_t slot;

			cl.out = out;
			cl.c = strtab_intern_str(&out->strings,
			    profile_str(s, s->comments[i]));
			h = hash_pair(cl.c, 0);
			if (hashtab_find(&comments, h, comment_eq, &cl,
			    &slot) != HASHTAB_NONE)
				continue;
			XGROW(out->comments, capcomment, out->ncomment + 1);
			hashtab_add(&comments, slot, h,
			    (uint32_t)out->ncomment);
			out->comments[out->ncomment++] = cl.c;
		}
	}

	for (k = 0; k < n; k++) {
		const struct profile *s = srcs[k];

		mg.src = s;
		mg.sid = xreallocarray(NULL, s->strings.n, sizeof *mg.sid);
		for (i = 0; i < s->strings.n; i++)
			mg.sid[i] = strtab_intern(&out->strings,
			    s->strings.strs[i], s->strings.lens[i]);
		mg.mapmap = xreallocarray(NULL, s->nmapping + 1,
		    sizeof *mg.mapmap);
		memset(mg.mapmap, 0xff, (s->nmapping + 1) * sizeof *mg.mapmap);
		mg.fnmap = xreallocarray(NULL, s->nfunction + 1,
		    sizeof *mg.fnmap);
		memset(mg.fnmap, 0xff, (s->nfunction + 1) * sizeof *mg.fnmap);
		mg.locmap = xreallocarray(NULL, s->nlocation + 1,
		    sizeof *mg.locmap);
		memset(mg.locmap, 0xff,
		    (s->nlocation + 1) * sizeof *mg.locmap);
		for (i = 0; i < nt; i++)
			mg.scale[i] = unit_ratio(profile_str(s,
			    s->sample_types[i].unit), finest[i]);

		/* The first mapping is the main binary: keep it first. */
		if (out->nmapping == 0)
			merger_mapping(&mg, 0);
		for (i = 0; i < s->nsample; i++) {
			const int64_t *v = profile_sample_values(s, i);

			for (zero = true, j = 0; j < nt && zero; j++)
				zero = v[j] == 0;
			if (!zero)
				merger_sample(&mg, i, &locbuf, &loccap,
				    &labbuf, &labcap, vbuf);
		}
		free(mg.sid);
		free(mg.mapmap);
		free(mg.fnmap);
		free(mg.locmap);
	}

	/*
	 * Samples whose values summed to zero: pprof merges the result once
	 * more, which drops them and numbers everything again.
	 */
	for (again = false, i = 0; i < out->nsample && !again; i++) {
		const int64_t *v = out->values + i * nt;

		for (zero = true, k = 0; k < nt && zero; k++)
			zero = v[k] == 0;
		again = zero;
	}

	free(finest);
	free(mg.scale);
	free(locbuf);
	free(labbuf);
	free(vbuf);
	hashtab_release(&comments);
	out = profile_builder_finish(mg.b);
	if (again) {
		struct profile *m = profile_merge(&out, 1, cause);

		profile_free(out);
		out = m;
	}
	return out;
}

/*
 * pprof's simplifyFunc: cut a function name at its first '(' that does
 * not begin "(anonymous namespace)" or "operator()", after dropping one
 * leading '.'.  Writes into buf (at least strlen(name) + 1 bytes).
 */
void
profile_simplify_func(const char *name, char *buf)
{
	static const char *reserved[] = { "(anonymous namespace)",
	    "operator()" };
	const char *s = name[0] == '.' ? name + 1 : name, *p;
	size_t i, skip;

	for (p = s; *p != '\0'; p++) {
		skip = 0;
		for (i = 0; i < 2; i++)
			if (strncmp(p, reserved[i], strlen(reserved[i])) == 0)
				skip = strlen(reserved[i]);
		if (skip > 0) {
			p += skip - 1;
			continue;
		}
		if (*p == '(')
			break;
	}
	memcpy(buf, s, (size_t)(p - s));
	buf[p - s] = '\0';
}

/*
 * drop_frames/keep_frames (pprof's Prune): a location whose lines, from
 * the outermost, reach a function matching drop (and not keep) is cut
 * there; then in each sample, above the first "user" frame seen from the
 * root, the first such location and everything leafward of it goes.
 */
int
profile_prune_frames(struct profile *p, char **cause)
{
	struct rx *drop, *keep = NULL;
	unsigned char *prune, *dropped;
	char *buf;
	size_t i, maxlen = 0;
	int64_t j;
	uint32_t name;

	if (p->drop_frames == 0)
		return 0;
	if ((drop = rx_compile_full(profile_str(p, p->drop_frames),
	    cause)) == NULL)
		return -1;
	if (p->keep_frames != 0 && (keep = rx_compile_full(profile_str(p,
	    p->keep_frames), cause)) == NULL) {
		rx_free(drop);
		return -1;
	}
	for (i = 0; i < p->strings.n; i++)
		if (p->strings.lens[i] > maxlen)
			maxlen = p->strings.lens[i];
	buf = xmalloc(maxlen + 1);
	/* 0 = user, 1 = prune whole location, 2 = prune beneath */
	prune = xcalloc(p->nlocation + 1, 1);
	/*
	 * Per name: 0 not tried, 1 kept, 2 dropped.  A match may cost
	 * PCRE2's backtracking bound (rx.c): pay it once per name, not once
	 * per line that names it.
	 */
	dropped = xcalloc(p->strings.n + 1, 1);
	for (i = 0; i < p->nlocation; i++) {
		struct profile_location *l = &p->locations[i];

		for (j = (int64_t)l->nline - 1; j >= 0; j--) {
			uint32_t f = p->lines[l->line_off + j].function;

			if (f == PROFILE_NONE || p->functions[f].name == 0)
				continue;
			name = p->functions[f].name;
			if (dropped[name] == 0) {
				profile_simplify_func(profile_str(p, name),
				    buf);
				dropped[name] = rx_match_str(drop, buf) &&
				    (keep == NULL ||
				    !rx_match_str(keep, buf)) ? 2 : 1;
			}
			if (dropped[name] == 2)
				break;
		}
		if (j < 0)
			continue;
		if (j == (int64_t)l->nline - 1)
			prune[i] = 1;
		else {
			prune[i] = 2;
			l->line_off += (uint32_t)j + 1;
			l->nline -= (uint32_t)j + 1;
		}
	}
	for (i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->samples[i];
		bool user = false;

		for (j = (int64_t)s->nloc - 1; j >= 0; j--) {
			uint32_t li = p->locs[s->loc_off + j];

			if (prune[li] == 0) {
				user = true;
				continue;
			}
			if (!user)
				continue;
			if (prune[li] == 1)
				j++;
			s->loc_off += (uint32_t)j;
			s->nloc -= (uint32_t)j;
			break;
		}
	}
	free(prune);
	free(dropped);
	free(buf);
	rx_free(drop);
	rx_free(keep);
	return 0;
}

/* Copy p (same string ids, same indexes). */
static struct profile *
profile_copy(const struct profile *p)
{
	struct profile *c = profile_create();
	size_t i;

#define COPY_ARRAY(f, n) do {						\
	c->f = xreallocarray(NULL, (n) + 1, sizeof *c->f);		\
	if ((n) > 0)							\
		memcpy(c->f, p->f, (n) * sizeof *c->f);			\
} while (0)
	for (i = 1; i < p->strings.n; i++)
		strtab_intern(&c->strings, p->strings.strs[i],
		    p->strings.lens[i]);
	c->nsample_type = p->nsample_type;
	COPY_ARRAY(sample_types, p->nsample_type);
	c->default_sample_type = p->default_sample_type;
	c->period_type = p->period_type;
	c->period = p->period;
	c->time_nanos = p->time_nanos;
	c->duration_nanos = p->duration_nanos;
	c->drop_frames = p->drop_frames;
	c->keep_frames = p->keep_frames;
	c->doc_url = p->doc_url;
	c->ncomment = p->ncomment;
	COPY_ARRAY(comments, p->ncomment);
	c->nmapping = p->nmapping;
	COPY_ARRAY(mappings, p->nmapping);
	c->nfunction = p->nfunction;
	COPY_ARRAY(functions, p->nfunction);
	c->nlocation = p->nlocation;
	COPY_ARRAY(locations, p->nlocation);
	c->nline = p->nline;
	COPY_ARRAY(lines, p->nline);
	c->nsample = p->nsample;
	COPY_ARRAY(samples, p->nsample);
	c->nlocs = p->nlocs;
	COPY_ARRAY(locs, p->nlocs);
	COPY_ARRAY(values, p->nsample * p->nsample_type);
	c->nlabel = p->nlabel;
	COPY_ARRAY(labels, p->nlabel);
#undef COPY_ARRAY
	return c;
}

/*
 * The value text of label key in sample s, as pprof's formatLabelValues:
 * string values, then numeric ones scaled to unit; "" if none.
 */
static void
label_values(const struct profile *p, const struct profile_sample *s,
    uint32_t key, const char *unit, struct strbuf *sb)
{
	const struct profile_label *l = p->labels + s->label_off;
	size_t i, nnum = 0, nunits = 0;
	bool first = true;

	strbuf_reset(sb);
	for (i = 0; i < s->nlabel; i++) {
		if (l[i].key != key)
			continue;
		if (l[i].str != 0) {
			if (!first)
				strbuf_addch(sb, ',');
			strbuf_addstr(sb, profile_str(p, l[i].str));
			first = false;
		} else {
			nnum++;
			if (l[i].unit != 0)
				nunits = nnum;	/* Go pads units up to here */
		}
	}
	if (nunits != 0 && nunits != nnum)
		return;
	for (i = 0; i < s->nlabel; i++) {
		if (l[i].key != key || l[i].str != 0)
			continue;
		if (!first)
			strbuf_addch(sb, ',');
		first = false;
		if (nunits != 0)
			format_scaled(sb, l[i].num, profile_str(p, l[i].unit),
			    unit);
		else
			format_scaled(sb, l[i].num, "", "");
	}
}

/* A pseudo frame being looked up, for label_frame_eq(). */
struct label_frame_key {
	const struct profile	*p;
	const struct profile_function *f;
};

static bool
label_frame_eq(const void *ctx, uint32_t idx)
{
	const struct label_frame_key *k = ctx;
	const struct profile_function *a = k->f, *b = &k->p->functions[idx];

	return a->name == b->name && a->system_name == b->system_name &&
	    a->filename == b->filename && a->start_line == b->start_line;
}

/* Find or add the pseudo frame (name, key); returns its location. */
static uint32_t
label_frame(struct profile *p, struct hashtab *frames, size_t base_fn,
    size_t base_loc, size_t *capfn, size_t *caploc, size_t *capline,
    uint32_t name, uint32_t key)
{
	struct label_frame_key k;
	struct profile_function f;
	uint64_t h = hash_pair(name, key);
	uint32_t fi, li;
	size_t slot;

	memset(&f, 0, sizeof f);
	f.name = name;
	f.filename = key;
	k.p = p;
	k.f = &f;
	fi = hashtab_find(frames, h, label_frame_eq, &k, &slot);
	if (fi != UINT32_MAX)
		return (uint32_t)(base_loc + (fi - base_fn));
	XGROW(p->functions, *capfn, p->nfunction + 1);
	XGROW(p->locations, *caploc, p->nlocation + 1);
	XGROW(p->lines, *capline, p->nline + 1);
	fi = (uint32_t)p->nfunction++;
	f.id = fi + 1;
	p->functions[fi] = f;
	li = (uint32_t)p->nlocation++;
	memset(&p->locations[li], 0, sizeof p->locations[li]);
	p->locations[li].id = li + 1;
	p->locations[li].mapping = PROFILE_NONE;
	p->locations[li].line_off = (uint32_t)p->nline;
	p->locations[li].nline = 1;
	p->lines[p->nline].function = fi;
	p->lines[p->nline].line = 0;
	p->lines[p->nline].column = 0;
	p->nline++;
	hashtab_add(frames, slot, h, fi);
	return li;
}

struct profile *
profile_with_label_frames(const struct profile *src, char **roots,
    size_t nroots, char **leaves, size_t nleaves, const char *unit,
    bool *rootm, bool *leafm)
{
	struct profile *p = profile_copy(src);
	struct strbuf sb = STRBUF_INIT;
	struct hashtab frames = HASHTAB_INIT;
	uint32_t *rootkey, *leafkey, *newlocs = NULL, *rl, *ll;
	size_t i, k, nnew = 0, capnew = 0, capfn = p->nfunction + 1;
	size_t caploc = p->nlocation + 1, capline = p->nline + 1;
	size_t base_fn = p->nfunction, base_loc = p->nlocation;

	*rootm = *leafm = false;
	rootkey = xcalloc(nroots + 1, sizeof *rootkey);
	leafkey = xcalloc(nleaves + 1, sizeof *leafkey);
	rl = xcalloc(nroots + 1, sizeof *rl);
	ll = xcalloc(nleaves + 1, sizeof *ll);
	for (k = 0; k < nroots; k++)
		rootkey[k] = strtab_intern_str(&p->strings, roots[k]);
	for (k = 0; k < nleaves; k++)
		leafkey[k] = strtab_intern_str(&p->strings, leaves[k]);
	for (i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->samples[i];
		uint32_t off = (uint32_t)nnew;

		/* Keys are taken last to first, as pprof interns them. */
		for (k = 0; k < nroots; k++) {
			label_values(p, s, rootkey[nroots - 1 - k], unit, &sb);
			if (sb.len > 0)
				*rootm = true;
			rl[k] = label_frame(p, &frames, base_fn, base_loc,
			    &capfn, &caploc, &capline, strtab_intern(
			    &p->strings, sb.buf, sb.len),
			    rootkey[nroots - 1 - k]);
		}
		for (k = 0; k < nleaves; k++) {
			label_values(p, s, leafkey[nleaves - 1 - k], unit, &sb);
			if (sb.len > 0)
				*leafm = true;
			ll[k] = label_frame(p, &frames, base_fn, base_loc,
			    &capfn, &caploc, &capline, strtab_intern(
			    &p->strings, sb.buf, sb.len),
			    leafkey[nleaves - 1 - k]);
		}
		XGROW(newlocs, capnew, nnew + s->nloc + nroots + nleaves + 1);
		for (k = 0; k < nleaves; k++)
			newlocs[nnew++] = ll[k];
		memcpy(newlocs + nnew, src->locs + s->loc_off,
		    s->nloc * sizeof *newlocs);
		nnew += s->nloc;
		for (k = 0; k < nroots; k++)
			newlocs[nnew++] = rl[k];
		s->loc_off = off;
		s->nloc = (uint32_t)(nnew - off);
	}
	free(p->locs);
	p->locs = newlocs != NULL ? newlocs : xcalloc(1, sizeof *p->locs);
	p->nlocs = nnew;
	hashtab_release(&frames);
	strbuf_release(&sb);
	free(rootkey);
	free(leafkey);
	free(rl);
	free(ll);
	return p;
}

/*
 * Remove nested start..end groups from s in place (pprof's rule), in one
 * pass: a group is copied as it is read, then dropped when it closes.
 */
void
profile_remove_matching(char *s, char start, char end)
{
	size_t r, w = 0, first = 0;
	int64_t nesting = 0;

	for (r = 0; s[r] != '\0'; r++) {
		if (s[r] == start) {
			if (++nesting == 1)
				first = w;
		} else if (s[r] == end) {
			if (--nesting < 0) {
				/* mismatch: leave the rest */
				memmove(s + w, s + r, strlen(s + r) + 1);
				return;
			}
			if (nesting == 0) {
				w = first;
				continue;
			}
		}
		s[w++] = s[r];
	}
	s[w] = '\0';
}

/*
 * pprof's symbolizer, which runs on every profile it loads, simplifies
 * function names that look like demangled C++ (they contain "::" or one
 * of "<>[]", but are not Java "class.<init>" or Go "(*T[...]).M" names):
 * parameter lists and template arguments are removed.  It only touches a
 * function whose name is empty or equal to its system name, and sets the
 * name from the system name.  (Mangled "_Z" system names are demangled
 * before this, by the symbolizer's demangle step.)
 */
void
profile_simplify_names(struct profile *p)
{
	size_t i, len;
	char *buf;
	const char *sys;

	for (i = 0; i < p->nfunction; i++) {
		struct profile_function *f = &p->functions[i];

		if (f->name != 0 && f->name != f->system_name)
			continue;
		sys = profile_str(p, f->system_name);
		if (strstr(sys, ".<") != NULL || strstr(sys, "]).") != NULL ||
		    (strpbrk(sys, "<>[]") == NULL && strstr(sys, "::") == NULL)) {
			f->name = f->system_name;
			continue;
		}
		len = strlen(sys);
		buf = xstrndup(sys, len);
		profile_remove_matching(buf, '(', ')');
		profile_remove_matching(buf, '<', '>');
		f->name = strtab_intern_str(&p->strings, buf);
		free(buf);
	}
}
