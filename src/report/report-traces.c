/*
 * report-traces.c: -traces, -tags, -raw and -comments, the reports that
 * show samples one by one (or their labels), so they run on the merged
 * profile, as pprof's do.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "options.h"
#include "profile.h"
#include "query.h"
#include "report.h"
#include "strbuf.h"
#include "vis.h"
#include "xmalloc.h"

#define TRACES_SEPARATOR \
	"-----------+-------------------------------------------------------\n"

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

/* Right-align s (already made safe) in width runes, as Go's "%*s". */
static void
traces_addpad(struct strbuf *sb, const char *s, size_t len, size_t width)
{
	size_t r = traces_runes(s, len);

	for (; r < width; r++)
		strbuf_addch(sb, ' ');
	strbuf_add(sb, s, len);
}

static int
traces_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
traces_u64cmp(const void *va, const void *vb)
{
	uint64_t a = *(const uint64_t *)va, b = *(const uint64_t *)vb;

	return a < b ? -1 : a > b;
}

/*
 * pprof holds a sample's labels as per-key lists, so every report walks
 * them by group: the labels of one key and kind (0 string, 1 numeric).
 * Put the shown labels of sample s of that kind in out (s->nlabel
 * entries) as key << 32 | position, sorted: a group is a run of one key,
 * in the file's order.  O(n log n), where a scan per label was O(n^2).
 */
static size_t
traces_groups(const struct query *q, const struct profile_sample *s,
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

/* The end of the group that starts at g[i]. */
static size_t
traces_group_end(const uint64_t *g, size_t n, size_t i)
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
	enum granularity g = q->o->granularity;
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

/*
 * A sample's label lines for -traces: "%10s:  v1 v2" per key, string
 * keys first, each kind sorted as the formatted lines sort.
 */
static void
traces_add_labels(struct strbuf *sb, const struct query *q, size_t si)
{
	const struct profile *p = q->p;
	const struct profile_sample *s = &p->samples[si];
	const struct profile_label *l = p->labels + s->label_off, *x;
	struct strbuf line = STRBUF_INIT, key = STRBUF_INIT;
	uint64_t *g;
	char **lines;
	size_t i, j, k, n, ng;
	int kind;

	lines = xcalloc(s->nlabel + 1, sizeof *lines);
	g = xcalloc(s->nlabel + 1, sizeof *g);
	for (kind = 0; kind < 2; kind++) {
		ng = traces_groups(q, s, kind, g);
		for (n = i = 0; i < ng; i = j) {
			j = traces_group_end(g, ng, i);
			strbuf_reset(&line);
			strbuf_reset(&key);
			vis_addstr(&key, profile_str(p, (uint32_t)(g[i] >> 32)),
			    0);
			traces_addpad(&line, key.buf, key.len, 10);
			strbuf_addstr(&line, ":  ");
			for (k = i; k < j; k++) {
				x = &l[(uint32_t)g[k]];
				if (k > i)
					strbuf_addch(&line, ' ');
				if (kind == 0)
					vis_addstr(&line, profile_str(p,
					    x->str), 0);
				else
					format_scaled(&line, x->num,
					    q->key_units[x->key], "auto");
			}
			strbuf_addch(&line, '\n');
			lines[n++] = strbuf_detach(&line, NULL);
		}
		sort_array(lines, n, sizeof *lines, traces_strcmp);
		for (i = 0; i < n; i++) {
			strbuf_addstr(sb, lines[i]);
			free(lines[i]);
		}
	}
	free(g);
	free(lines);
	strbuf_release(&line);
	strbuf_release(&key);
}

/*
 * pprof's printTraces: the header's profile lines, then every sample of
 * the filtered profile with a non-empty stack, in profile order: its
 * labels, its value (mean and -divide_by applied, each scaled on its own)
 * and its frames, " (inline)" marking all but the last line of a
 * location.
 */
int
report_traces(struct strbuf *sb, struct query *q, char **cause)
{
	const struct profile *p = q->p;
	struct strbuf frames = STRBUF_INIT;
	size_t si, i;
	uint32_t k, n, ln;
	int64_t v, d;
	bool first;

	(void)cause;
	report_profile_labels(sb, q);
	for (si = 0; si < p->nsample; si++) {
		const uint32_t *locs = p->locs + q->vs_off[si];
		const int64_t *vals = profile_sample_values(p, si);

		if (!q->sample_kept[si])
			continue;
		v = vals[q->sample_index];
		d = q->o->mean ? vals[0] : 0;
		if (d != 0)
			v /= d;
		strbuf_reset(&frames);
		first = true;
		for (i = 0; i < q->vs_n[si]; i++) {
			uint32_t loc = locs[i];

			if (q->loc_hidden[loc])
				continue;
			n = q->vline_n[loc];
			if (n > 1 && q->o->noinlines)
				n = 1;
			for (k = 0; k < n || k == 0; k++) {
				if (q->vline_n[loc] == 0)
					ln = PROFILE_NONE;
				else if (q->o->noinlines)
					ln = q->vline[q->vline_off[loc] +
					    q->vline_n[loc] - 1];
				else
					ln = q->vline[q->vline_off[loc] + k];
				strbuf_addpad(&frames, first ?
				    query_format_value(q, v) : "", 10);
				strbuf_addstr(&frames, "   ");
				traces_add_frame(&frames, q, loc, ln);
				if (k + 1 < n)
					strbuf_addstr(&frames, " (inline)");
				strbuf_addch(&frames, '\n');
				first = false;
			}
		}
		if (first)
			continue;
		strbuf_addstr(sb, TRACES_SEPARATOR);
		traces_add_labels(sb, q, si);
		strbuf_add(sb, frames.buf, frames.len);
	}
	strbuf_addstr(sb, TRACES_SEPARATOR);
	strbuf_release(&frames);
	return 0;
}

/* -tags: one key and its values, as (key, value) pair ids. */
struct tag_key {
	uint32_t	 key;		/* string id in the profile */
	const char	*name;		/* borrowed */
	uint32_t	*pairs;
	size_t		 npair;
	size_t		 cap;
	int64_t		 total;
};

/* The (key, value) pairs: "<key id>:<value>" interned, a weight each. */
struct tag_pairs {
	struct strtab	 tab;
	int64_t		*weight;	/* per pair id */
	size_t		 cap;
};

static struct tag_pairs *tags_sort_pairs;

static int
tags_key_cmp(const void *va, const void *vb)
{
	const struct tag_key *a = va, *b = vb;

	return strcmp(a->name, b->name);
}

static const char *
tags_value(const struct tag_pairs *tp, uint32_t id)
{
	return strchr(strtab_get(&tp->tab, id), ':') + 1;
}

static int
tags_pair_cmp(const void *va, const void *vb)
{
	const struct tag_pairs *tp = tags_sort_pairs;
	uint32_t a = *(const uint32_t *)va, b = *(const uint32_t *)vb;
	int64_t x = tp->weight[a] < 0 ? -tp->weight[a] : tp->weight[a];
	int64_t y = tp->weight[b] < 0 ? -tp->weight[b] : tp->weight[b];

	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(tags_value(tp, a), tags_value(tp, b));
}

/* Write one key's block: the tabwriter's right-aligned columns. */
static void
tags_add_key(struct strbuf *sb, struct query *q, struct tag_pairs *tp,
    struct tag_key *k)
{
	const char *unit = q->o->unit, *u;
	struct strbuf cell = STRBUF_INIT;
	char **cells;
	size_t j, w0, w1 = 0, r;
	double f;

	for (j = 0; j < k->npair; j++)
		k->total += tp->weight[k->pairs[j]];
	tags_sort_pairs = tp;
	sort_array(k->pairs, k->npair, sizeof *k->pairs, tags_pair_cmp);
	tags_sort_pairs = NULL;

	/* The middle cells first: they size the second column. */
	cells = xcalloc(k->npair + 1, sizeof *cells);
	for (j = 0; j < k->npair; j++) {
		int64_t w = tp->weight[k->pairs[j]];

		strbuf_reset(&cell);
		f = unit_scale(w, q->sample_unit, unit, &u);
		strbuf_addf(&cell, "%.1f", f);
		vis_addstr(&cell, u, 0);
		if (k->total > 0) {
			strbuf_addstr(&cell, " (");
			format_percentage(&cell, w, k->total);
			strbuf_addch(&cell, ')');
		}
		strbuf_addch(&cell, ':');
		if ((r = traces_runes(cell.buf, cell.len) + 1) > w1)
			w1 = r;
		cells[j] = strbuf_detach(&cell, NULL);
	}
	strbuf_reset(&cell);
	vis_addstr(&cell, k->name, 0);
	strbuf_addch(&cell, ':');
	w0 = traces_runes(cell.buf, cell.len) + 1;
	if (w0 < 2)
		w0 = 2;		/* the rows' first cell is " " */
	traces_addpad(sb, cell.buf, cell.len, w0);
	f = unit_scale(k->total, q->sample_unit, unit, &u);
	strbuf_addf(sb, " Total %.1f", f);
	vis_addstr(sb, u, 0);
	strbuf_addch(sb, '\n');
	for (j = 0; j < k->npair; j++) {
		traces_addpad(sb, " ", 1, w0);
		traces_addpad(sb, cells[j], strlen(cells[j]), w1);
		strbuf_addch(sb, ' ');
		strbuf_addstr(sb, tags_value(tp, k->pairs[j]));
		strbuf_addch(sb, '\n');
		free(cells[j]);
	}
	strbuf_addch(sb, '\n');
	free(cells);
	strbuf_release(&cell);
}

/*
 * pprof's printTags (Go 1.19 layout): per key, sorted by name, its total
 * and each value's weight with its share of the key's total, through a
 * right-aligning tabwriter.  A value is a string label or a numeric one
 * formatted in -unit (the two kinds add up when they print the same);
 * weights are the plain sample values of the kept samples (no -mean, no
 * -divide_by).
 */
int
report_tags(struct strbuf *sb, struct query *q, char **cause)
{
	const struct profile *p = q->p;
	struct tag_pairs tp;
	struct tag_key *keys = NULL;
	struct strbuf val = STRBUF_INIT;
	uint32_t *slot, id;
	size_t nkey = 0, capkey = 0, si, i, n;
	int64_t w;

	(void)cause;
	memset(&tp, 0, sizeof tp);
	strtab_init(&tp.tab);
	slot = xcalloc(p->strings.n + 1, sizeof *slot);
	for (si = 0; si < p->nsample; si++) {
		const struct profile_sample *s = &p->samples[si];
		const struct profile_label *l = p->labels + s->label_off;

		if (!q->sample_kept[si])
			continue;
		w = profile_sample_values(p, si)[q->sample_index];
		for (i = 0; i < s->nlabel; i++) {
			struct tag_key *k;

			if (!query_label_shown(q, l[i].key))
				continue;
			if (slot[l[i].key] == 0) {
				XGROW(keys, capkey, nkey + 1);
				memset(&keys[nkey], 0, sizeof keys[nkey]);
				keys[nkey].key = l[i].key;
				keys[nkey].name = profile_str(p, l[i].key);
				slot[l[i].key] = (uint32_t)++nkey;
			}
			k = &keys[slot[l[i].key] - 1];
			strbuf_reset(&val);
			strbuf_addf(&val, "%u:", l[i].key);
			if (l[i].str != 0)
				vis_addstr(&val, profile_str(p, l[i].str), 0);
			else
				format_scaled(&val, l[i].num,
				    q->key_units[l[i].key], q->o->unit);
			n = tp.tab.n;
			id = strtab_intern(&tp.tab, val.buf, val.len);
			if (tp.tab.n != n) {
				XGROW(tp.weight, tp.cap, tp.tab.n);
				tp.weight[id] = 0;
				XGROW(k->pairs, k->cap, k->npair + 1);
				k->pairs[k->npair++] = id;
			}
			tp.weight[id] += w;
		}
	}
	free(slot);
	if (nkey > 0)
		sort_array(keys, nkey, sizeof *keys, tags_key_cmp);
	for (i = 0; i < nkey; i++) {
		tags_add_key(sb, q, &tp, &keys[i]);
		free(keys[i].pairs);
	}
	free(keys);
	free(tp.weight);
	strtab_release(&tp.tab);
	strbuf_release(&val);
	return 0;
}

/* Go's time.Duration.String(). */
static void
raw_add_duration(struct strbuf *sb, int64_t d)
{
	char buf[40];
	size_t w = sizeof buf;
	uint64_t u = d < 0 ? -(uint64_t)d : (uint64_t)d;
	int prec, i;
	bool print = false;

	if (u == 0) {
		strbuf_addstr(sb, "0s");
		return;
	}
	buf[--w] = 's';
	if (u < 1000000000) {
		if (u < 1000) {
			prec = 0;
			buf[--w] = 'n';
		} else if (u < 1000000) {
			prec = 3;
			buf[--w] = '\xb5';	/* U+00B5, micro sign */
			buf[--w] = '\xc2';
		} else {
			prec = 6;
			buf[--w] = 'm';
		}
	} else
		prec = 9;
	for (i = 0; i < prec; i++) {
		if (u % 10 != 0)
			print = true;
		if (print)
			buf[--w] = (char)('0' + u % 10);
		u /= 10;
	}
	if (print)
		buf[--w] = '.';
	if (prec == 9) {
		uint64_t sec = u % 60, min = (u / 60) % 60, hrs = u / 3600;

		do {
			buf[--w] = (char)('0' + sec % 10);
			sec /= 10;
		} while (sec > 0);
		if (u >= 60) {
			buf[--w] = 'm';
			do {
				buf[--w] = (char)('0' + min % 10);
				min /= 10;
			} while (min > 0);
		}
		if (hrs > 0) {
			buf[--w] = 'h';
			do {
				buf[--w] = (char)('0' + hrs % 10);
				hrs /= 10;
			} while (hrs > 0);
		}
	} else {
		do {
			buf[--w] = (char)('0' + u % 10);
			u /= 10;
		} while (u > 0);
	}
	if (d < 0)
		buf[--w] = '-';
	strbuf_add(sb, buf + w, sizeof buf - w);
}

/* Go's time.Time.String() of a Unix time, in the local time zone. */
static void
raw_add_time(struct strbuf *sb, int64_t nanos)
{
	time_t sec = (time_t)(nanos / 1000000000);
	int64_t ns = nanos % 1000000000;
	struct tm tm;
	long off;
	char frac[16];
	int n;

	if (ns < 0) {
		ns += 1000000000;
		sec--;
	}
	localtime_r(&sec, &tm);
	strbuf_addf(sb, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (ns != 0) {
		n = snprintf(frac, sizeof frac, "%09lld", (long long)ns);
		while (n > 0 && frac[n - 1] == '0')
			n--;
		strbuf_addch(sb, '.');
		strbuf_add(sb, frac, (size_t)n);
	}
	off = tm.tm_gmtoff;
	strbuf_addf(sb, " %c%02ld%02ld ", off < 0 ? '-' : '+',
	    (off < 0 ? -off : off) / 3600, (off < 0 ? -off : off) / 60 % 60);
	if (tm.tm_zone != NULL && tm.tm_zone[0] != '\0')
		strbuf_addstr(sb, tm.tm_zone);
	else
		strbuf_addf(sb, "%c%02ld", off < 0 ? '-' : '+',
		    (off < 0 ? -off : off) / 3600);
}

/*
 * One sample's label line for -raw: "key:[v1 v2]" per key of one kind,
 * sorted; numeric values carry their units when any has one.
 */
static void
raw_add_labels(struct strbuf *sb, const struct query *q, size_t si, int kind)
{
	const struct profile *p = q->p;
	const struct profile_sample *s = &p->samples[si];
	const struct profile_label *l = p->labels + s->label_off, *x;
	struct strbuf item = STRBUF_INIT;
	uint64_t *g;
	char **items;
	size_t i, j, k, n = 0, ng;
	bool units;

	items = xcalloc(s->nlabel + 1, sizeof *items);
	g = xcalloc(s->nlabel + 1, sizeof *g);
	ng = traces_groups(q, s, kind, g);
	for (i = 0; i < ng; i = j) {
		j = traces_group_end(g, ng, i);
		units = false;
		for (k = i; k < j; k++)
			if (l[(uint32_t)g[k]].unit != 0)
				units = true;
		strbuf_reset(&item);
		vis_addstr(&item, profile_str(p, (uint32_t)(g[i] >> 32)), 0);
		strbuf_addstr(&item, ":[");
		for (k = i; k < j; k++) {
			x = &l[(uint32_t)g[k]];
			if (k > i)
				strbuf_addch(&item, ' ');
			if (kind == 0) {
				vis_addstr(&item, profile_str(p, x->str), 0);
				continue;
			}
			strbuf_addf(&item, "%lld", (long long)x->num);
			if (units) {
				strbuf_addch(&item, ' ');
				vis_addstr(&item, profile_str(p, x->unit), 0);
			}
		}
		strbuf_addch(&item, ']');
		items[n++] = strbuf_detach(&item, NULL);
	}
	if (n > 0) {
		sort_array(items, n, sizeof *items, traces_strcmp);
		strbuf_addstr(sb, "\n                ");
		for (i = 0; i < n; i++) {
			if (i > 0)
				strbuf_addch(sb, ' ');
			strbuf_addstr(sb, items[i]);
			free(items[i]);
		}
	}
	free(g);
	free(items);
	strbuf_release(&item);
}

static void
raw_add_location(struct strbuf *sb, const struct query *q, uint32_t li)
{
	const struct profile *p = q->p;
	const struct profile_location *l = &p->locations[li];
	uint32_t i, n = q->vline_n[li];

	strbuf_addf(sb, "%6llu: 0x%llx ", (unsigned long long)l->id,
	    (unsigned long long)l->address);
	if (l->mapping != PROFILE_NONE)
		strbuf_addf(sb, "M=%llu ",
		    (unsigned long long)p->mappings[l->mapping].id);
	if (l->is_folded)
		strbuf_addstr(sb, "[F] ");
	for (i = 0; i < n; i++) {
		const struct profile_line *ln =
		    &p->lines[q->vline[q->vline_off[li] + i]];
		const struct profile_function *f;

		if (i > 0)
			strbuf_addstr(sb, "\n             ");
		if (ln->function == PROFILE_NONE) {
			strbuf_addstr(sb, "??");
			continue;
		}
		f = &p->functions[ln->function];
		vis_addstr(sb, profile_str(p, f->name), 0);
		strbuf_addch(sb, ' ');
		vis_addstr(sb, profile_str(p, f->filename), 0);
		strbuf_addf(sb, ":%lld s=%lld", (long long)ln->line,
		    (long long)f->start_line);
		if (f->name != f->system_name) {
			strbuf_addch(sb, '(');
			vis_addstr(sb, profile_str(p, f->system_name), 0);
			strbuf_addch(sb, ')');
		}
	}
	strbuf_addch(sb, '\n');
}

/*
 * pprof's Profile.String() of the filtered profile: -raw works at address
 * granularity with inlines, where pprof aggregates nothing, so it prints
 * the merged profile's own ids, every location (with the lines the
 * filters left) and the samples the filters kept.
 */
int
report_raw(struct strbuf *sb, struct query *q, char **cause)
{
	const struct profile *p = q->p;
	struct strbuf dur = STRBUF_INIT;
	size_t i, j, start, n;

	(void)cause;
	for (i = 0; i < p->ncomment; i++) {
		strbuf_addstr(sb, "Comment: ");
		vis_addstr(sb, profile_str(p, p->comments[i]), 0);
		strbuf_addch(sb, '\n');
	}
	strbuf_addstr(sb, "PeriodType: ");
	vis_addstr(sb, profile_str(p, p->period_type.type), 0);
	strbuf_addch(sb, ' ');
	vis_addstr(sb, profile_str(p, p->period_type.unit), 0);
	strbuf_addf(sb, "\nPeriod: %lld\n", (long long)p->period);
	if (p->time_nanos != 0) {
		strbuf_addstr(sb, "Time: ");
		raw_add_time(sb, p->time_nanos);
		strbuf_addch(sb, '\n');
	}
	if (p->duration_nanos != 0) {
		/* Go's "%.4v" keeps the first four characters */
		raw_add_duration(&dur, p->duration_nanos);
		for (n = i = 0; i < dur.len; i++)
			if (((unsigned char)dur.buf[i] & 0xc0) != 0x80 &&
			    n++ == 4)
				break;
		strbuf_addstr(sb, "Duration: ");
		strbuf_add(sb, dur.buf, i);
		strbuf_addch(sb, '\n');
	}
	strbuf_addstr(sb, "Samples:\n");
	start = sb->len;
	for (i = 0; i < p->nsample_type; i++) {
		vis_addstr(sb, profile_str(p, p->sample_types[i].type), 0);
		strbuf_addch(sb, '/');
		vis_addstr(sb, profile_str(p, p->sample_types[i].unit), 0);
		if (p->sample_types[i].type == p->default_sample_type)
			strbuf_addstr(sb, "[dflt]");
		strbuf_addch(sb, ' ');
	}
	/* strings.TrimSpace */
	while (sb->len > start && sb->buf[sb->len - 1] == ' ')
		sb->len--;
	for (i = start; i < sb->len && sb->buf[i] == ' '; i++)
		;
	memmove(sb->buf + start, sb->buf + i, sb->len - i);
	sb->len -= i - start;
	sb->buf[sb->len] = '\0';
	strbuf_addch(sb, '\n');
	for (i = 0; i < p->nsample; i++) {
		const int64_t *v = profile_sample_values(p, i);
		const uint32_t *locs = p->locs + q->vs_off[i];

		if (!q->sample_kept[i])
			continue;
		for (j = 0; j < p->nsample_type; j++)
			strbuf_addf(sb, " %10lld", (long long)v[j]);
		strbuf_addstr(sb, ": ");
		for (j = 0; j < q->vs_n[i]; j++)
			if (!q->loc_hidden[locs[j]])
				strbuf_addf(sb, "%llu ", (unsigned long long)
				    p->locations[locs[j]].id);
		raw_add_labels(sb, q, i, 0);
		raw_add_labels(sb, q, i, 1);
		strbuf_addch(sb, '\n');
	}
	strbuf_addstr(sb, "Locations\n");
	for (i = 0; i < p->nlocation; i++)
		raw_add_location(sb, q, (uint32_t)i);
	strbuf_addstr(sb, "Mappings\n");
	for (i = 0; i < p->nmapping; i++) {
		const struct profile_mapping *m = &p->mappings[i];

		strbuf_addf(sb, "%llu: 0x%llx/0x%llx/0x%llx ",
		    (unsigned long long)m->id, (unsigned long long)m->start,
		    (unsigned long long)m->limit,
		    (unsigned long long)m->offset);
		vis_addstr(sb, profile_str(p, m->file), 0);
		strbuf_addch(sb, ' ');
		vis_addstr(sb, profile_str(p, m->build_id), 0);
		strbuf_addch(sb, ' ');
		if (m->flags & MAPPING_HAS_FUNCTIONS)
			strbuf_addstr(sb, "[FN]");
		if (m->flags & MAPPING_HAS_FILENAMES)
			strbuf_addstr(sb, "[FL]");
		if (m->flags & MAPPING_HAS_LINE_NUMBERS)
			strbuf_addstr(sb, "[LN]");
		if (m->flags & MAPPING_HAS_INLINE_FRAMES)
			strbuf_addstr(sb, "[IN]");
		strbuf_addch(sb, '\n');
	}
	strbuf_release(&dur);
	return 0;
}

/* pprof's printComments: every comment, "#" ones too, de-duplicated. */
int
report_comments(struct strbuf *sb, struct query *q, char **cause)
{
	const struct profile *p = q->p;
	size_t i;

	(void)cause;
	for (i = 0; i < p->ncomment; i++) {
		vis_addstr(sb, profile_str(p, p->comments[i]), 0);
		strbuf_addch(sb, '\n');
	}
	return 0;
}
