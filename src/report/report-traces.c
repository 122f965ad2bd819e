/*
 * report-traces.c: -traces, -tags, -raw and -comments, the reports that
 * show samples one by one (or their labels), so they run on the merged
 * profile, as pprof's do.  -traces and -tags print the rows of
 * query-traces.h and query-tags.h.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "options.h"
#include "profile.h"
#include "query-tags.h"
#include "query-traces.h"
#include "query.h"
#include "report.h"
#include "sort.h"
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

/*
 * pprof's printTraces, from query_traces_next()'s rows: the header's
 * profile lines, then every trace: its labels, its value (mean and
 * -divide_by applied, each scaled on its own) and its frames, " (inline)"
 * marking all but the last line of a location.
 */
int
report_traces(struct strbuf *sb, struct query *q, char **cause)
{
	struct query_traces it;
	const struct query_trace *t;
	const struct query_trace_label *l;
	size_t i;

	(void)cause;
	report_profile_labels(sb, q);
	query_traces_init(&it, q);
	while ((t = query_traces_next(&it)) != NULL) {
		strbuf_addstr(sb, TRACES_SEPARATOR);
		for (i = 0; i < t->nlabel; i++) {
			l = &t->labels[i];
			traces_addpad(sb, l->key, strlen(l->key), 10);
			strbuf_addstr(sb, ":  ");
			strbuf_addstr(sb, l->values);
			strbuf_addch(sb, '\n');
		}
		for (i = 0; i < t->nframe; i++) {
			strbuf_addpad(sb, i == 0 ?
			    query_format_value(q, t->value) : "", 10);
			strbuf_addstr(sb, "   ");
			strbuf_addstr(sb, t->frames[i].name);
			if (t->frames[i].inlined)
				strbuf_addstr(sb, " (inline)");
			strbuf_addch(sb, '\n');
		}
		/* -traces cannot fail: write it as it goes */
		strbuf_flush(sb, 0);
	}
	query_traces_release(&it);
	strbuf_addstr(sb, TRACES_SEPARATOR);
	return 0;
}

/* Write one key's block: the tabwriter's right-aligned columns. */
static void
tags_add_key(struct strbuf *sb, struct query *q, const struct query_tag_key *k)
{
	const char *unit = q->opt.unit, *u;
	struct strbuf cell = STRBUF_INIT;
	char **cells;
	size_t j, w0, w1 = 0, r;
	double f;

	/* The middle cells first: they size the second column. */
	cells = xcalloc(k->nvalue + 1, sizeof *cells);
	for (j = 0; j < k->nvalue; j++) {
		int64_t w = k->values[j].weight;

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
	for (j = 0; j < k->nvalue; j++) {
		traces_addpad(sb, " ", 1, w0);
		traces_addpad(sb, cells[j], strlen(cells[j]), w1);
		strbuf_addch(sb, ' ');
		strbuf_addstr(sb, k->values[j].value);
		strbuf_addch(sb, '\n');
		free(cells[j]);
	}
	strbuf_addch(sb, '\n');
	free(cells);
	strbuf_release(&cell);
}

/*
 * pprof's printTags (Go 1.19 layout), from query_tags_build()'s rows: per
 * key, its total and each value's weight with its share of the key's
 * total, through a right-aligning tabwriter.
 */
int
report_tags(struct strbuf *sb, struct query *q, char **cause)
{
	struct query_tags t;
	size_t i;

	if (query_tags_build(q, &t, cause) == -1)
		return -1;
	for (i = 0; i < t.nkey; i++)
		tags_add_key(sb, q, &t.keys[i]);
	query_tags_release(&t);
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
	const struct profile_label *l = p->labels + s->label_off;
	struct strbuf item = STRBUF_INIT;
	char **items;
	uint64_t *g;
	size_t i, j, e, ng, n = 0;
	bool units;

	items = xcalloc(s->nlabel + 1, sizeof *items);
	g = xreallocarray(NULL, s->nlabel + 1, sizeof *g);
	ng = query_traces_groups(q, s, kind, g);
	for (i = 0; i < ng; i = e) {
		e = query_traces_group_end(g, ng, i);
		units = false;
		for (j = i; j < e; j++)
			if (l[(uint32_t)g[j]].unit != 0)
				units = true;
		strbuf_reset(&item);
		vis_addstr(&item, profile_str(p, l[(uint32_t)g[i]].key), 0);
		strbuf_addstr(&item, ":[");
		for (j = i; j < e; j++) {
			const struct profile_label *lj = &l[(uint32_t)g[j]];

			if (j > i)
				strbuf_addch(&item, ' ');
			if (kind == 0) {
				vis_addstr(&item, profile_str(p, lj->str), 0);
				continue;
			}
			strbuf_addf(&item, "%lld", (long long)lj->num);
			if (units) {
				strbuf_addch(&item, ' ');
				vis_addstr(&item, profile_str(p, lj->unit), 0);
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
	free(items);
	free(g);
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
		strbuf_flush(sb, 0);	/* written as it goes */
	}
	strbuf_addstr(sb, "Locations\n");
	for (i = 0; i < p->nlocation; i++) {
		raw_add_location(sb, q, (uint32_t)i);
		strbuf_flush(sb, 0);
	}
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
