/*
 * report-export.c: -proto, -folded and -csv, the reports other programs
 * read: the filtered profile itself, Brendan Gregg's collapsed stacks for
 * flame graph tools, and the -top table for spreadsheets.
 */
#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "profile.pb-c.h"

#include "format.h"
#include "hash.h"
#include "hashtab.h"
#include "profile.h"
#include "query.h"
#include "report.h"
#include "rx.h"
#include "sort.h"
#include "strbuf.h"
#include "strtab.h"
#include "vis.h"
#include "xmalloc.h"

/*
 * pprof applies -divide_by to the values it writes and prints only when
 * the ratio is positive (a negative divisor leaves them as they are).
 */
static int64_t
export_scale(const struct query *q, int64_t v)
{
	if (q->ratio > 0 && q->ratio != 1)
		v = format_go_int64((double)v * q->ratio);
	return v;
}

/* -proto ----------------------------------------------------------------- */

/*
 * What pprof's -proto writes (Go 1.19): the merged profile after
 * -tagroot/-tagleaf frames and every filter, at address granularity with
 * inline frames kept (so nothing is aggregated), with -divide_by applied to
 * every value.  -sample_index, -mean and the granularity flags do not
 * change it.  The filters act on the profile itself:
 *
 *   - samples that focus/ignore, show_from and tagfocus/tagignore drop are
 *     not written;
 *   - hide/show, show_from and prune_from remove lines from locations, and
 *     locations left without lines (and those prune_from and show_from cut
 *     off) from stacks;
 *   - tagshow/taghide remove label keys from the samples.
 *
 * pprof also writes the locations and functions no sample uses any more;
 * cpv writes only the used ones (renumbered from 1 in their original
 * order), which changes no report.  All mappings are kept, in order, since
 * the first one names the binary in report headers (pprof gives a profile
 * without mappings a blank one when it reads it, and writes that; cpv
 * writes none, and pprof adds it again when it reads the file).  Labels
 * are written as Go's encoder orders them: string labels by key, then
 * numeric ones by key, each key's values in their order.  The profile's
 * own strings go out unchanged: this is data for programs, not text for a
 * terminal, except that NUL and C0 bytes go out as the reader stores them
 * (C0 80 and C0 C0, see profile.h): protobuf-c's C strings cannot hold a
 * NUL, and pprof reads both as invalid UTF-8, like a C0 byte.
 */
struct export_proto {
	const struct profile	*p;
	uint32_t		*str;		/* per string id: table index */
	char			**table;	/* owned; the strings are p's */
	size_t			 ntable;
	uint64_t		*loc;		/* per location: new id or 0 */
	uint64_t		*fn;		/* per function: new id or 0 */

	/* the message's storage, freed by export_proto_release() */
	Perftools__Profiles__ValueType	 *types;	/* + period type */
	Perftools__Profiles__Sample	 *samples;
	uint64_t			 *ids;
	int64_t				 *vals;
	Perftools__Profiles__Label	 *labels;
	Perftools__Profiles__Label	**lptrs;
	Perftools__Profiles__Mapping	 *mappings;
	Perftools__Profiles__Location	 *locations;
	Perftools__Profiles__Line	 *lines;
	Perftools__Profiles__Line	**lnptrs;
	Perftools__Profiles__Function	 *functions;
	int64_t				 *comments;
};

static int64_t
export_str(struct export_proto *x, uint32_t id)
{
	if (x->str[id] == UINT32_MAX) {
		x->str[id] = (uint32_t)x->ntable;
		x->table[x->ntable++] = (char *)profile_str(x->p, id);
	}
	return x->str[id];
}

/* Is this label key kept by -tagshow/-taghide? */
static bool
export_label_kept(const struct rx *show, const struct rx *hide,
    const char *key)
{
	if (show != NULL && !rx_match_str(show, key))
		return false;
	return hide == NULL || !rx_match_str(hide, key);
}

/* Go's encoder order: string labels before numeric ones, keys sorted. */
static int
export_label_cmp(const struct profile *p, const struct profile_label *a,
    const struct profile_label *b)
{
	bool an = a->str == 0, bn = b->str == 0;

	if (an != bn)
		return an ? 1 : -1;
	if (a->key == b->key)
		return 0;
	return strcmp(profile_str(p, a->key), profile_str(p, b->key));
}

/* export_label_cmp() on label indexes, stable: the index breaks ties. */
static const struct profile *export_sort_p;

static int
export_label_order_cmp(const void *va, const void *vb)
{
	uint32_t a = *(const uint32_t *)va, b = *(const uint32_t *)vb;
	int c = export_label_cmp(export_sort_p, &export_sort_p->labels[a],
	    &export_sort_p->labels[b]);

	if (c != 0)
		return c;
	return a < b ? -1 : a > b;
}

static int
export_compile(const char *name, const char *value, struct rx **rx,
    char **cause)
{
	char *why;

	*rx = NULL;
	if (value == NULL || *value == '\0')
		return 0;
	if ((*rx = rx_compile(value, &why)) == NULL) {
		*cause = xasprintf("parsing %s regexp: %s: '%s'", name, why,
		    value);
		free(why);
		return -1;
	}
	return 0;
}

/* gzip buf into sb (as Go's gzip.Writer does, at the default level). */
static int
export_gzip(struct strbuf *sb, const uint8_t *buf, size_t len, char **cause)
{
	z_stream z;
	size_t left = len, room;
	int rc, flush;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		*cause = xstrdup("cannot start gzip compression");
		return -1;
	}
	z.next_in = (Bytef *)(uintptr_t)buf;
	do {
		if (z.avail_in == 0 && left > 0) {
			z.avail_in = left > UINT_MAX ? UINT_MAX : (uInt)left;
			left -= z.avail_in;
		}
		flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
		strbuf_grow(sb, 65536);
		room = sb->alloc - sb->len - 1;
		z.next_out = (Bytef *)sb->buf + sb->len;
		z.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
		rc = deflate(&z, flush);
		sb->len = (size_t)((char *)z.next_out - sb->buf);
		sb->buf[sb->len] = '\0';
	} while (rc == Z_OK || rc == Z_BUF_ERROR);
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		*cause = xstrdup("gzip compression failed");
		return -1;
	}
	return 0;
}

/* Number the locations the kept samples use, then their functions. */
static void
export_number(struct export_proto *x, const struct query *q)
{
	const struct profile *p = q->p;
	size_t s, i, j;
	uint64_t nloc = 0, nfn = 0;

	for (s = 0; s < p->nsample; s++) {
		const uint32_t *locs = p->locs + q->vs_off[s];

		if (!q->sample_kept[s])
			continue;
		for (i = 0; i < q->vs_n[s]; i++)
			if (!q->loc_hidden[locs[i]])
				x->loc[locs[i]] = 1;
	}
	for (i = 0; i < p->nlocation; i++) {
		if (x->loc[i] == 0)
			continue;
		x->loc[i] = ++nloc;
		for (j = 0; j < q->vline_n[i]; j++) {
			uint32_t ln = q->vline[q->vline_off[i] + j];

			if (p->lines[ln].function != PROFILE_NONE)
				x->fn[p->lines[ln].function] = 1;
		}
	}
	for (i = 0; i < p->nfunction; i++)
		if (x->fn[i] != 0)
			x->fn[i] = ++nfn;
}

/* The kept samples, with their view stacks, scaled values and labels. */
static void
export_samples(struct export_proto *x, const struct query *q,
    const struct rx *show, const struct rx *hide,
    Perftools__Profiles__Profile *m)
{
	const struct profile *p = q->p;
	Perftools__Profiles__Sample *samples;
	Perftools__Profiles__Label *labels, **lptrs;
	uint64_t *ids;
	int64_t *vals;
	uint32_t *order;
	size_t s, i, k, nk, n = 0, nids = 0, nlab = 0, ns = 0, maxlab = 0;

	for (s = 0; s < p->nsample; s++) {
		if (!q->sample_kept[s])
			continue;
		n++;
		nids += q->vs_n[s];
		nlab += p->samples[s].nlabel;
		if (p->samples[s].nlabel > maxlab)
			maxlab = p->samples[s].nlabel;
	}
	samples = xcalloc(n + 1, sizeof *samples);
	m->sample = xcalloc(n + 1, sizeof *m->sample);
	ids = xcalloc(nids + 1, sizeof *ids);
	vals = xcalloc(n * p->nsample_type + 1, sizeof *vals);
	labels = xcalloc(nlab + 1, sizeof *labels);
	lptrs = xcalloc(nlab + 1, sizeof *lptrs);
	order = xcalloc(maxlab + 1, sizeof *order);
	x->samples = samples;
	x->ids = ids;
	x->vals = vals;
	x->labels = labels;
	x->lptrs = lptrs;
	nids = nlab = 0;
	for (s = 0; s < p->nsample; s++) {
		const struct profile_sample *ps = &p->samples[s];
		const uint32_t *locs = p->locs + q->vs_off[s];
		const int64_t *v = profile_sample_values(p, s);
		Perftools__Profiles__Sample *o = &samples[ns];
		size_t first = nlab;

		if (!q->sample_kept[s])
			continue;
		perftools__profiles__sample__init(o);
		o->location_id = ids + nids;
		for (i = 0; i < q->vs_n[s]; i++)
			if (!q->loc_hidden[locs[i]])
				ids[nids++] = x->loc[locs[i]];
		o->n_location_id = (size_t)(ids + nids - o->location_id);
		o->value = vals + ns * p->nsample_type;
		o->n_value = p->nsample_type;
		for (i = 0; i < p->nsample_type; i++)
			o->value[i] = export_scale(q, v[i]);
		/* the kept labels, sorted stably */
		for (i = 0, nk = 0; i < ps->nlabel; i++) {
			const struct profile_label *l =
			    &p->labels[ps->label_off + i];

			if (export_label_kept(show, hide,
			    profile_str(p, l->key)))
				order[nk++] = ps->label_off + (uint32_t)i;
		}
		export_sort_p = p;
		sort_array(order, nk, sizeof *order, export_label_order_cmp);
		export_sort_p = NULL;
		for (k = 0; k < nk; k++) {
			const struct profile_label *l = &p->labels[order[k]];
			Perftools__Profiles__Label *ol = &labels[nlab];

			perftools__profiles__label__init(ol);
			ol->key = export_str(x, l->key);
			if (l->str != 0)
				ol->str = export_str(x, l->str);
			else {
				ol->num = l->num;
				if (l->unit != 0)
					ol->num_unit = export_str(x, l->unit);
			}
			lptrs[nlab++] = ol;
		}
		o->label = lptrs + first;
		o->n_label = nlab - first;
		m->sample[ns++] = o;
	}
	m->n_sample = ns;
	free(order);
}

/* Mappings (all of them), then the numbered locations and functions. */
static void
export_tables(struct export_proto *x, const struct query *q,
    Perftools__Profiles__Profile *m)
{
	const struct profile *p = q->p;
	size_t i, j, n, nln = 0, nl = 0;

	x->mappings = xcalloc(p->nmapping + 1, sizeof *x->mappings);
	m->mapping = xcalloc(p->nmapping + 1, sizeof *m->mapping);
	for (i = 0; i < p->nmapping; i++) {
		const struct profile_mapping *pm = &p->mappings[i];
		Perftools__Profiles__Mapping *o = &x->mappings[i];

		perftools__profiles__mapping__init(o);
		o->id = i + 1;
		o->memory_start = pm->start;
		o->memory_limit = pm->limit;
		o->file_offset = pm->offset;
		o->filename = export_str(x, pm->file);
		o->build_id = export_str(x, pm->build_id);
		o->has_functions = (pm->flags & MAPPING_HAS_FUNCTIONS) != 0;
		o->has_filenames = (pm->flags & MAPPING_HAS_FILENAMES) != 0;
		o->has_line_numbers =
		    (pm->flags & MAPPING_HAS_LINE_NUMBERS) != 0;
		o->has_inline_frames =
		    (pm->flags & MAPPING_HAS_INLINE_FRAMES) != 0;
		m->mapping[i] = o;
	}
	m->n_mapping = p->nmapping;

	for (i = 0; i < p->nlocation; i++)
		if (x->loc[i] != 0) {
			nl++;
			nln += q->vline_n[i];
		}
	x->locations = xcalloc(nl + 1, sizeof *x->locations);
	m->location = xcalloc(nl + 1, sizeof *m->location);
	x->lines = xcalloc(nln + 1, sizeof *x->lines);
	x->lnptrs = xcalloc(nln + 1, sizeof *x->lnptrs);
	for (i = n = nln = 0; i < p->nlocation; i++) {
		const struct profile_location *pl = &p->locations[i];
		Perftools__Profiles__Location *o = &x->locations[n];

		if (x->loc[i] == 0)
			continue;
		perftools__profiles__location__init(o);
		o->id = x->loc[i];
		if (pl->mapping != PROFILE_NONE)
			o->mapping_id = pl->mapping + 1;
		o->address = pl->address;
		o->is_folded = pl->is_folded;
		o->line = x->lnptrs + nln;
		o->n_line = q->vline_n[i];
		for (j = 0; j < q->vline_n[i]; j++) {
			const struct profile_line *ln =
			    &p->lines[q->vline[q->vline_off[i] + j]];
			Perftools__Profiles__Line *ol = &x->lines[nln];

			perftools__profiles__line__init(ol);
			if (ln->function != PROFILE_NONE)
				ol->function_id = x->fn[ln->function];
			ol->line = ln->line;
			ol->column = ln->column;
			x->lnptrs[nln++] = ol;
		}
		m->location[n++] = o;
	}
	m->n_location = n;

	for (i = nl = 0; i < p->nfunction; i++)
		if (x->fn[i] != 0)
			nl++;
	x->functions = xcalloc(nl + 1, sizeof *x->functions);
	m->function = xcalloc(nl + 1, sizeof *m->function);
	for (i = n = 0; i < p->nfunction; i++) {
		const struct profile_function *pf = &p->functions[i];
		Perftools__Profiles__Function *o = &x->functions[n];

		if (x->fn[i] == 0)
			continue;
		perftools__profiles__function__init(o);
		o->id = x->fn[i];
		o->name = export_str(x, pf->name);
		o->system_name = export_str(x, pf->system_name);
		o->filename = export_str(x, pf->filename);
		o->start_line = pf->start_line;
		m->function[n++] = o;
	}
	m->n_function = n;
}

static void
export_proto_release(struct export_proto *x, Perftools__Profiles__Profile *m)
{
	free(x->str);
	free(x->table);
	free(x->loc);
	free(x->fn);
	free(x->types);
	free(x->samples);
	free(x->ids);
	free(x->vals);
	free(x->labels);
	free(x->lptrs);
	free(x->mappings);
	free(x->locations);
	free(x->lines);
	free(x->lnptrs);
	free(x->functions);
	free(x->comments);
	free(m->sample_type);
	free(m->sample);
	free(m->mapping);
	free(m->location);
	free(m->function);
}

int
report_proto(struct strbuf *sb, struct query *q, char **cause)
{
	const struct profile *p = q->p;
	Perftools__Profiles__Profile m = PERFTOOLS__PROFILES__PROFILE__INIT;
	struct export_proto x;
	struct rx *show = NULL, *hide = NULL;
	uint8_t *buf = NULL;
	size_t i, len;
	int rc = -1;

	memset(&x, 0, sizeof x);
	if (export_compile("tagshow", q->opt.tagshow, &show, cause) == -1 ||
	    export_compile("taghide", q->opt.taghide, &hide, cause) == -1)
		goto out;
	x.p = p;
	x.str = xreallocarray(NULL, p->strings.n + 1, sizeof *x.str);
	for (i = 0; i < p->strings.n; i++)
		x.str[i] = UINT32_MAX;
	x.table = xcalloc(p->strings.n + 1, sizeof *x.table);
	x.loc = xcalloc(p->nlocation + 1, sizeof *x.loc);
	x.fn = xcalloc(p->nfunction + 1, sizeof *x.fn);
	export_str(&x, 0);

	x.types = xcalloc(p->nsample_type + 1, sizeof *x.types);
	m.sample_type = xcalloc(p->nsample_type + 1, sizeof *m.sample_type);
	for (i = 0; i < p->nsample_type; i++) {
		perftools__profiles__value_type__init(&x.types[i]);
		x.types[i].type = export_str(&x, p->sample_types[i].type);
		x.types[i].unit = export_str(&x, p->sample_types[i].unit);
		m.sample_type[i] = &x.types[i];
	}
	m.n_sample_type = p->nsample_type;
	perftools__profiles__value_type__init(&x.types[p->nsample_type]);
	x.types[p->nsample_type].type = export_str(&x, p->period_type.type);
	x.types[p->nsample_type].unit = export_str(&x, p->period_type.unit);
	m.period_type = &x.types[p->nsample_type];

	export_number(&x, q);
	export_samples(&x, q, show, hide, &m);
	export_tables(&x, q, &m);

	m.drop_frames = export_str(&x, p->drop_frames);
	m.keep_frames = export_str(&x, p->keep_frames);
	m.time_nanos = p->time_nanos;
	m.duration_nanos = p->duration_nanos;
	m.period = p->period;
	x.comments = xcalloc(p->ncomment + 1, sizeof *x.comments);
	for (i = 0; i < p->ncomment; i++)
		x.comments[i] = export_str(&x, p->comments[i]);
	m.comment = x.comments;
	m.n_comment = p->ncomment;
	m.default_sample_type = export_str(&x, p->default_sample_type);
	m.doc_url = export_str(&x, p->doc_url);
	m.string_table = x.table;
	m.n_string_table = x.ntable;

	len = perftools__profiles__profile__get_packed_size(&m);
	buf = xmalloc(len + 1);
	perftools__profiles__profile__pack(&m, buf);
	rc = export_gzip(sb, buf, len, cause);
out:
	free(buf);
	export_proto_release(&x, &m);
	rx_free(show);
	rx_free(hide);
	return rc;
}

/* -folded ---------------------------------------------------------------- */

/*
 * Brendan Gregg's collapsed stacks, the input of flamegraph.pl, inferno
 * and speedscope: one line per distinct stack, "root;caller;...;leaf N".
 *
 *   - Frames are the nodes of the current granularity, named as -top names
 *     them (so -lines gives "func file:line"); inlined calls are ordinary
 *     frames (-noinlines folds them into their caller), recursion repeats
 *     frames, -tagroot/-tagleaf frames are frames.  Every filter applies;
 *     nothing is trimmed.
 *   - N is an integer in the sample type's unit (nanoseconds, bytes,
 *     count), the sum over the samples with that stack; with -mean it is
 *     their value divided by their count, as a node's flat value is; then
 *     -divide_by applies.  Integers are what all three tools read (a
 *     trailing run of digits); a stack whose N is 0 is left out, and a
 *     negative N (a -base or -diff_base comparison) is written with its
 *     sign, which those tools do not accept.
 *   - Stacks that print the same are merged; lines are sorted bytewise.
 *   - Names stay one frame on one line: ';' is written "\x3b", and control
 *     characters and bad UTF-8 are written "\xHH" as in every report; a
 *     backslash followed by 'x' is written "\x5c" so that the escapes can
 *     be undone unambiguously.
 */
struct folded_stack {
	uint32_t	 off;		/* nodes[off .. off + n), root first */
	uint32_t	 n;
	int64_t		 v, d;		/* summed value, -mean divisor */
	char		*text;		/* owned */
};

struct folded {
	struct folded_stack	*stacks;
	size_t			 nstack, cap;
	uint32_t		*nodes;
	size_t			 nnode, nodecap;
	struct hashtab		 tab;		/* stacks, by nodes */
};

/* A stack being looked up, for folded_eq(). */
struct folded_lookup {
	const struct folded	*f;
	const uint32_t		*v;
	size_t			 n;
};

static bool
folded_eq(const void *ctx, uint32_t i)
{
	const struct folded_lookup *k = ctx;
	const struct folded_stack *st = &k->f->stacks[i];

	return st->n == k->n && memcmp(k->f->nodes + st->off, k->v,
	    k->n * sizeof *k->v) == 0;
}

/* The stack with these nodes, added (with zero values) if new. */
static struct folded_stack *
folded_get(struct folded *f, const uint32_t *v, size_t n)
{
	struct folded_lookup k = { f, v, n };
	struct folded_stack *st;
	uint64_t h = hash_bytes(v, n * sizeof *v);
	size_t slot;
	uint32_t idx;

	if ((idx = hashtab_find(&f->tab, h, folded_eq, &k, &slot)) !=
	    HASHTAB_NONE)
		return &f->stacks[idx];
	XGROW(f->stacks, f->cap, f->nstack + 1);
	XGROW(f->nodes, f->nodecap, f->nnode + n + 1);
	st = &f->stacks[f->nstack];
	memset(st, 0, sizeof *st);
	st->off = (uint32_t)f->nnode;
	st->n = (uint32_t)n;
	memcpy(f->nodes + f->nnode, v, n * sizeof *v);
	f->nnode += n;
	hashtab_add(&f->tab, slot, h, (uint32_t)f->nstack++);
	return st;
}

/* A frame name: ';' and the start of a "\x" escape are escaped too. */
static void
folded_add_name(struct strbuf *sb, const char *s)
{
	const char *start = s;

	for (; *s != '\0'; s++) {
		if (*s != ';' && (*s != '\\' || s[1] != 'x'))
			continue;
		vis_add(sb, start, (size_t)(s - start), 0);
		strbuf_addstr(sb, *s == ';' ? "\\x3b" : "\\x5c");
		start = s + 1;
	}
	vis_add(sb, start, (size_t)(s - start), 0);
}

static int
folded_cmp(const void *va, const void *vb)
{
	const struct folded_stack *a = *(const struct folded_stack *const *)va;
	const struct folded_stack *b = *(const struct folded_stack *const *)vb;

	return strcmp(a->text, b->text);
}

int
report_folded(struct strbuf *sb, struct query *q, char **cause)
{
	const struct profile *p = q->p;
	struct folded f;
	struct folded_stack *st, **sorted;
	struct strbuf text = STRBUF_INIT;
	uint32_t *stack = NULL;
	size_t cap = 0, n, s, i, j, k;
	int64_t w, dw, v, d;

	(void)cause;
	memset(&f, 0, sizeof f);
	for (s = 0; s < p->nsample; s++) {
		const int64_t *vals = profile_sample_values(p, s);
		const uint32_t *locs = p->locs + q->vs_off[s];

		if (!q->sample_kept[s])
			continue;
		w = vals[q->sample_index];
		dw = q->opt.mean ? vals[0] : 0;
		if (w == 0 && dw == 0)
			continue;
		n = 0;
		for (i = q->vs_n[s]; i-- > 0;) {
			const uint32_t *ln = q->loc_nodes +
			    q->loc_node_off[locs[i]];

			XGROW(stack, cap, n + q->loc_nn[locs[i]] + 1);
			assert(stack != NULL);	/* for clang's analyzer */
			for (k = q->loc_nn[locs[i]]; k-- > 0;)
				stack[n++] = ln[k];
		}
		if (n == 0)
			continue;
		st = folded_get(&f, stack, n);
		st->v += w;
		st->d += dw;
	}

	sorted = xcalloc(f.nstack + 1, sizeof *sorted);
	for (i = 0; i < f.nstack; i++) {
		st = &f.stacks[i];
		strbuf_reset(&text);
		for (j = 0; j < st->n; j++) {
			if (j > 0)
				strbuf_addch(&text, ';');
			folded_add_name(&text, query_node_name(q,
			    f.nodes[st->off + j]));
		}
		st->text = xstrdup(text.buf);
		sorted[i] = st;
	}
	sort_array(sorted, f.nstack, sizeof *sorted, folded_cmp);
	for (i = 0; i < f.nstack; i = j) {
		v = d = 0;
		for (j = i; j < f.nstack &&
		    strcmp(sorted[j]->text, sorted[i]->text) == 0; j++) {
			v += sorted[j]->v;
			d += sorted[j]->d;
		}
		if (d != 0)
			v /= d;
		if ((v = export_scale(q, v)) == 0)
			continue;
		strbuf_addstr(sb, sorted[i]->text);
		strbuf_addf(sb, " %lld\n", (long long)v);
		strbuf_flush(sb, 0);	/* written as it goes */
	}

	for (i = 0; i < f.nstack; i++)
		free(f.stacks[i].text);
	free(sorted);
	free(f.stacks);
	free(f.nodes);
	hashtab_release(&f.tab);
	free(stack);
	strbuf_release(&text);
	return 0;
}

/* -csv ------------------------------------------------------------------- */

/*
 * The -top table for spreadsheets and scripts: a header line, then one row
 * per node in -top's order and with its trimming (-nodecount,
 * -nodefraction):
 *
 *	flat,flat%,sum%,cum,cum%,unit,name,inline
 *
 * Values are plain integers in the sample type's unit, named in the unit
 * column (after -mean and -divide_by; -unit does not apply), so that they
 * add up and sort as numbers.  Percentages are numbers with two decimals
 * and no '%' sign, signed (negative in comparisons), of the same total as
 * -top's.  name is the node's name without -top's inline marker, which
 * goes to the inline column ("inline", "partial-inline" or empty).  Lines
 * end in LF; fields holding a comma or a double quote are quoted as RFC
 * 4180 says (quotes doubled), and control characters never appear (they
 * are written "\xHH").  A text field that a spreadsheet would run as a
 * formula (one starting with '=', '+', '-', '@', a tab or a CR) is quoted
 * with a "'" first, as OWASP recommends ("'=cmd|' /C calc'!A0" shows as
 * text); numbers, negative ones included, are never text fields.
 */
static void
csv_field(struct strbuf *sb, const char *s)
{
	struct strbuf t = STRBUF_INIT;
	size_t i;
	bool formula;

	formula = *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
	vis_addstr(&t, s, 0);
	if (!formula && strpbrk(t.buf, ",\"\r\n") == NULL)
		strbuf_add(sb, t.buf, t.len);
	else {
		strbuf_addch(sb, '"');
		if (formula)
			strbuf_addch(sb, '\'');
		for (i = 0; i < t.len; i++) {
			if (t.buf[i] == '"')
				strbuf_addch(sb, '"');
			strbuf_addch(sb, t.buf[i]);
		}
		strbuf_addch(sb, '"');
	}
	strbuf_release(&t);
}

static void
csv_percentage(struct strbuf *sb, int64_t v, int64_t total)
{
	double pct = 0;

	if (total != 0)
		pct = (double)v / (double)total * 100;
	if (pct > -0.005 && pct < 0.005)
		pct = 0;	/* no "-0.00" */
	strbuf_addf(sb, "%.2f", pct);
}

int
report_csv(struct strbuf *sb, struct query *q, char **cause)
{
	int64_t flat, cum, flatsum = 0;
	size_t i;

	(void)cause;
	query_build_nodes_graph(q, q->opt.nodecount, true);
	strbuf_addstr(sb, "flat,flat%,sum%,cum,cum%,unit,name,inline\n");
	for (i = 0; i < q->graph.norder; i++) {
		const struct query_node *n = &q->nodes[q->graph.order[i]];

		flat = query_node_flat(n);
		cum = query_node_cum(n);
		flatsum += flat;
		strbuf_addf(sb, "%lld,", (long long)export_scale(q, flat));
		csv_percentage(sb, flat, q->total);
		strbuf_addch(sb, ',');
		csv_percentage(sb, flatsum, q->total);
		strbuf_addf(sb, ",%lld,", (long long)export_scale(q, cum));
		csv_percentage(sb, cum, q->total);
		strbuf_addch(sb, ',');
		csv_field(sb, q->sample_unit);
		strbuf_addch(sb, ',');
		csv_field(sb, n->printable);
		strbuf_addch(sb, ',');
		if (n->in_inline)
			strbuf_addstr(sb, n->in_call ? "partial-inline" :
			    "inline");
		strbuf_addch(sb, '\n');
		strbuf_flush(sb, 0);	/* written as it goes */
	}
	return 0;
}
