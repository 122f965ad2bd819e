/*
 * query-traces.c: the rows of -traces (query-traces.h), one sample at a
 * time.
 *
 * The strings of a trace are written into one buffer and their offsets
 * kept, so that pointers are set once the buffer stops moving.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "profile.h"
#include "query-traces.h"
#include "query.h"
#include "sort.h"
#include "strbuf.h"
#include "vis.h"
#include "xmalloc.h"

static int
traces_u64cmp(const void *va, const void *vb)
{
	uint64_t a = *(const uint64_t *)va, b = *(const uint64_t *)vb;

	return a < b ? -1 : a > b;
}

size_t
query_traces_groups(const struct query *q, const struct profile_sample *s,
    int kind, uint64_t *out)
{
	const struct profile_label *l = q->p->labels + s->label_off;
	size_t i, n = 0;

	for (i = 0; i < s->nlabel; i++)
		if ((l[i].str == 0) == (kind == 1) &&
		    query_label_shown(q, l[i].key))
			out[n++] = (uint64_t)l[i].key << 32 | (uint32_t)i;
	sort_array(out, n, sizeof *out, traces_u64cmp);
	return n;
}

size_t
query_traces_group_end(const uint64_t *g, size_t n, size_t i)
{
	size_t j;

	for (j = i + 1; j < n && g[j] >> 32 == g[i] >> 32; j++)
		;
	return j;
}

/* Go's filepath.Base for slash-separated paths. */
static void
traces_add_base(struct strbuf *sb, const char *path)
{
	const char *s;
	size_t n;

	query_path_base(path, strlen(path), &s, &n);
	vis_add(sb, s, n, 0);
}

/*
 * The name of one frame as pprof's traces print it: the NodeInfo of
 * location loc and profile line ln (PROFILE_NONE for a location without
 * lines), with the fields the granularity aggregated away cleared.  Unlike
 * the graph reports', file names are not trimmed of /proc/self/cwd.
 */
static void
traces_add_frame(struct strbuf *sb, const struct query *q, uint32_t loc,
    uint32_t ln)
{
	const struct profile *p = q->p;
	const struct profile_location *l = &p->locations[loc];
	enum granularity g = q->opt.granularity;
	const struct profile_function *f = NULL;
	struct strbuf file = STRBUF_INIT;
	const char *name = "", *objfile = "";
	uint64_t address = g == GRAN_ADDRESSES ? l->address : 0;
	int64_t lineno = 0;
	size_t start = sb->len;

	if (l->mapping != PROFILE_NONE)
		objfile = profile_str(p, p->mappings[l->mapping].file);
	if (ln != PROFILE_NONE && p->lines[ln].function != PROFILE_NONE)
		f = &p->functions[p->lines[ln].function];
	if (f != NULL) {
		if (g != GRAN_FILES)
			name = profile_str(p, f->name);
		if (g != GRAN_FUNCTIONS && f->filename != 0)
			query_clean_path(&file, profile_str(p, f->filename));
		if (g == GRAN_LINES || g == GRAN_ADDRESSES)
			lineno = p->lines[ln].line;
		if (name[0] != '\0')
			objfile = "";
	}
	if (address != 0)
		strbuf_addf(sb, "%016llx", (unsigned long long)address);
	if (name[0] != '\0') {
		if (sb->len > start)
			strbuf_addch(sb, ' ');
		vis_addstr(sb, name, 0);
	}
	if (sb->len > start && (lineno != 0 || file.len > 0 ||
	    name[0] == '\0'))
		strbuf_addch(sb, ' ');
	if (lineno != 0) {
		vis_add(sb, file.buf, file.len, 0);
		strbuf_addf(sb, ":%lld", (long long)lineno);
	} else if (file.len > 0)
		vis_add(sb, file.buf, file.len, 0);
	else if (name[0] != '\0')
		;
	else if (objfile[0] != '\0') {
		strbuf_addch(sb, '[');
		traces_add_base(sb, objfile);
		strbuf_addch(sb, ']');
	} else
		strbuf_addstr(sb, "<unknown>");
	strbuf_release(&file);
}

void
query_traces_init(struct query_traces *it, struct query *q)
{
	memset(it, 0, sizeof *it);
	it->q = q;
	strbuf_init(&it->text);
}

void
query_traces_release(struct query_traces *it)
{
	strbuf_release(&it->text);
	free(it->labels);
	free(it->label_off);
	free(it->frames);
	free(it->frame_off);
	memset(it, 0, sizeof *it);
}

/* A label group as -traces sorts it: its printed line, then where. */
struct traces_group {
	char	*line;		/* owned: "%10s:  values" */
	size_t	 key, values;	/* offsets in the text */
	bool	 numeric;
};

static int
traces_group_cmp(const void *a, const void *b)
{
	return strcmp(((const struct traces_group *)a)->line,
	    ((const struct traces_group *)b)->line);
}

/* The number of UTF-8 characters in s[0..n) (Go pads by runes). */
static size_t
traces_runes(const char *s, size_t n)
{
	size_t i, r = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			r++;
	return r;
}

/*
 * The labels of sample si: one per shown key and kind, string keys
 * first, each kind sorted as the formatted lines sort ("%10s:  v1 v2").
 */
static void
traces_labels(struct query_traces *it, size_t si)
{
	const struct query *q = it->q;
	const struct profile *p = q->p;
	const struct profile_sample *s = &p->samples[si];
	const struct profile_label *l = p->labels + s->label_off;
	struct strbuf line = STRBUF_INIT;
	struct traces_group *g;
	uint64_t *gr;
	size_t i, j, e, n, ng, kind, r, k0, klen, cap;

	g = xcalloc(s->nlabel + 1, sizeof *g);
	gr = xreallocarray(NULL, s->nlabel + 1, sizeof *gr);
	it->cur.nlabel = 0;
	for (kind = 0; kind < 2; kind++) {
		ng = query_traces_groups(q, s, (int)kind, gr);
		for (n = i = 0; i < ng; i = e) {
			const struct profile_label *first =
			    &l[(uint32_t)gr[i]];

			e = query_traces_group_end(gr, ng, i);
			g[n].numeric = kind == 1;
			g[n].key = k0 = it->text.len;
			vis_addstr(&it->text, profile_str(p, first->key), 0);
			klen = it->text.len - k0;
			strbuf_addch(&it->text, '\0');
			g[n].values = it->text.len;
			for (j = i; j < e; j++) {
				const struct profile_label *lj =
				    &l[(uint32_t)gr[j]];

				if (j > i)
					strbuf_addch(&it->text, ' ');
				if (kind == 0)
					vis_addstr(&it->text, profile_str(p,
					    lj->str), 0);
				else
					format_scaled(&it->text, lj->num,
					    q->key_units[lj->key], "auto");
			}
			strbuf_reset(&line);
			for (r = traces_runes(it->text.buf + k0, klen);
			    r < 10; r++)
				strbuf_addch(&line, ' ');
			strbuf_add(&line, it->text.buf + k0, klen);
			strbuf_addstr(&line, ":  ");
			strbuf_addstr(&line, it->text.buf + g[n].values);
			strbuf_addch(&it->text, '\0');
			g[n++].line = strbuf_detach(&line, NULL);
		}
		sort_array(g, n, sizeof *g, traces_group_cmp);
		cap = it->caplabel;
		XGROW(it->labels, it->caplabel, it->cur.nlabel + n);
		if (it->caplabel != cap)
			it->label_off = xreallocarray(it->label_off,
			    it->caplabel, 2 * sizeof *it->label_off);
		for (i = 0; i < n; i++) {
			it->labels[it->cur.nlabel].numeric = g[i].numeric;
			it->label_off[2 * it->cur.nlabel] = g[i].key;
			it->label_off[2 * it->cur.nlabel + 1] = g[i].values;
			it->cur.nlabel++;
			free(g[i].line);
		}
	}
	free(g);
	free(gr);
	strbuf_release(&line);
}

/* Add a frame of location loc, line ln, to the current trace. */
static void
traces_frame(struct query_traces *it, uint32_t loc, uint32_t ln, bool inl)
{
	size_t n = it->cur.nframe, cap = it->capframe;

	XGROW(it->frames, it->capframe, n + 1);
	if (it->capframe != cap)
		it->frame_off = xreallocarray(it->frame_off, it->capframe,
		    sizeof *it->frame_off);
	it->frames[n].inlined = inl;
	it->frames[n].location = loc;
	it->frame_off[n] = it->text.len;
	traces_add_frame(&it->text, it->q, loc, ln);
	strbuf_addch(&it->text, '\0');
	it->cur.nframe++;
}

/*
 * The frames of sample si after -hide/-show: each location's lines, the
 * innermost first, all but the last inlined; one with -noinlines (the
 * last), one named by the location alone when it has no line.
 */
static void
traces_frames(struct query_traces *it, size_t si)
{
	const struct query *q = it->q;
	const uint32_t *locs = q->p->locs + q->vs_off[si];
	uint32_t i, k, n, loc, ln;

	it->cur.nframe = 0;
	for (i = 0; i < q->vs_n[si]; i++) {
		loc = locs[i];
		if (q->loc_hidden[loc])
			continue;
		n = q->vline_n[loc];
		if (n > 1 && q->opt.noinlines)
			n = 1;
		for (k = 0; k < n || k == 0; k++) {
			if (q->vline_n[loc] == 0)
				ln = PROFILE_NONE;
			else if (q->opt.noinlines)
				ln = q->vline[q->vline_off[loc] +
				    q->vline_n[loc] - 1];
			else
				ln = q->vline[q->vline_off[loc] + k];
			traces_frame(it, loc, ln, k + 1 < n);
		}
	}
}

const struct query_trace *
query_traces_next(struct query_traces *it)
{
	struct query *q = it->q;
	const struct profile *p = q->p;
	const int64_t *vals;
	int64_t v, d;
	size_t si, i;

	for (; it->next < p->nsample; it->next++) {
		si = it->next;
		if (!q->sample_kept[si])
			continue;
		strbuf_reset(&it->text);
		traces_frames(it, si);
		if (it->cur.nframe == 0)
			continue;
		traces_labels(it, si);
		vals = profile_sample_values(p, si);
		v = vals[q->sample_index];
		d = q->opt.mean ? vals[0] : 0;
		if (d != 0)
			v /= d;
		it->cur.sample = si;
		it->cur.value = v;
		for (i = 0; i < it->cur.nframe; i++)
			it->frames[i].name = it->text.buf + it->frame_off[i];
		for (i = 0; i < it->cur.nlabel; i++) {
			it->labels[i].key = it->text.buf +
			    it->label_off[2 * i];
			it->labels[i].values = it->text.buf +
			    it->label_off[2 * i + 1];
		}
		it->cur.frames = it->frames;
		it->cur.labels = it->labels;
		it->next++;
		return &it->cur;
	}
	return NULL;
}
