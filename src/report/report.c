/* report.c: text reports with pprof's exact layout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "profile.h"
#include "query.h"
#include "report.h"
#include "rx.h"
#include "strbuf.h"
#include "vis.h"
#include "xmalloc.h"

void
report_profile_labels(struct strbuf *sb, struct query *q)
{
	const struct profile *p = q->p;
	struct strbuf tmp = STRBUF_INIT;
	const char *unit;
	double tn;
	size_t i;

	if (p->nmapping > 0) {
		const struct profile_mapping *m = &p->mappings[0];
		const char *file = profile_str(p, m->file);

		if (*file != '\0') {
			const char *b;
			size_t n;

			query_path_base(file, strlen(file), &b, &n);
			strbuf_addstr(sb, "File: ");
			vis_add(sb, b, n, 0);
			strbuf_addch(sb, '\n');
		}
		if (m->build_id != 0) {
			strbuf_addstr(sb, "Build ID: ");
			vis_addstr(sb, profile_str(p, m->build_id), 0);
			strbuf_addch(sb, '\n');
		}
	}
	for (i = 0; i < p->ncomment; i++) {
		const char *c = profile_str(p, p->comments[i]);

		if (c[0] == '#')
			continue;
		vis_addstr(sb, c, 0);
		strbuf_addch(sb, '\n');
	}
	if (q->sample_type[0] != '\0') {
		strbuf_addstr(sb, "Type: ");
		vis_addstr(sb, q->sample_type, 0);
		strbuf_addch(sb, '\n');
	}
	if (p->time_nanos != 0) {
		strbuf_addstr(sb, "Time: ");
		format_go_time(sb, p->time_nanos);
		strbuf_addch(sb, '\n');
	}
	if (p->duration_nanos != 0) {
		strbuf_addstr(sb, "Duration: ");
		format_scaled(sb, p->duration_nanos, "nanoseconds", "auto");
		strbuf_addstr(sb, ", Total samples = ");
		vis_addstr(sb, query_format_value(q, q->total), 0);
		strbuf_addch(sb, ' ');
		tn = unit_scale(q->total, q->sample_unit, "nanoseconds", &unit);
		if (strcmp(unit, "ns") == 0 && tn != 0) {
			strbuf_addch(sb, '(');
			format_percentage(sb, (int64_t)tn, p->duration_nanos);
			strbuf_addch(sb, ')');
		}
		strbuf_addch(sb, '\n');
	}
	strbuf_release(&tmp);
}

/*
 * The line that says a regexp ran out of budget (rx.h), where a report
 * has a header; pprof, which never does, has no such line.
 */
void
report_rx_incomplete(struct strbuf *sb)
{
	if (rx_incomplete())
		strbuf_addstr(sb, "Warning: a regexp ran out of budget: "
		    "results may be incomplete\n");
}

/* The lines after the profile's own: filters, totals, trimming. */
void
report_graph_labels(struct strbuf *sb, struct query *q)
{
	struct strbuf pct = STRBUF_INIT;
	int64_t flatsum = 0;
	size_t i;
	const char *s;

	if (!q->opt.compact_labels)
		report_profile_labels(sb, q);
	for (i = 0; i < q->graph.norder; i++)
		flatsum += query_node_flat(&q->nodes[q->graph.order[i]]);
	if (q->nfilter > 0) {
		strbuf_addstr(sb, "Active filters:\n");
		for (i = 0; i < q->nfilter; i++) {
			strbuf_addstr(sb, "   ");
			if (strlen(q->filters[i]) > 80) {
				vis_add(sb, q->filters[i], 80, 0);
				strbuf_addstr(sb, "\xe2\x80\xa6");
			} else
				vis_addstr(sb, q->filters[i], 0);
			strbuf_addch(sb, '\n');
		}
	}
	report_rx_incomplete(sb);
	format_percentage(&pct, flatsum, q->total);
	for (s = pct.buf; *s == ' '; s++)
		;
	strbuf_addf(sb, "Showing nodes accounting for %s, ",
	    query_format_value(q, flatsum));
	strbuf_addf(sb, "%s of ", s);
	strbuf_addf(sb, "%s total\n", query_format_value(q, q->total));
	if (q->total != 0) {
		if (q->graph.dropped_nodes > 0) {
			int64_t cut = format_go_int64((double)q->total *
			    q->opt.nodefraction);

			strbuf_addf(sb, "Dropped %d node%s (cum <= %s)\n",
			    q->graph.dropped_nodes,
			    q->graph.dropped_nodes > 1 ? "s" : "",
			    query_format_value(q, cut < 0 ? -cut : cut));
		}
		if (q->graph.norder > 0 &&
		    (int)q->graph.norder < q->graph.orig_count)
			strbuf_addf(sb, "Showing top %zu nodes out of %d\n",
			    q->graph.norder, q->graph.orig_count);
	}
	strbuf_release(&pct);
}

/* A row's value columns, as -top and -tree print them. */
void
report_value_columns_in(struct strbuf *sb, struct query_fmt_cache *fc,
    const struct query *q, int64_t flat, int64_t flatsum, int64_t cum)
{
	strbuf_addpad(sb, query_format_value_in(q, fc, flat), 10);
	strbuf_addch(sb, ' ');
	format_percentage(sb, flat, q->total);
	strbuf_addch(sb, ' ');
	format_percentage(sb, flatsum, q->total);
	strbuf_addch(sb, ' ');
	strbuf_addpad(sb, query_format_value_in(q, fc, cum), 10);
	strbuf_addch(sb, ' ');
	format_percentage(sb, cum, q->total);
}

void
report_value_columns(struct strbuf *sb, struct query *q, int64_t flat,
    int64_t flatsum, int64_t cum)
{
	report_value_columns_in(sb, query_fmt_cache_of(q), q, flat, flatsum,
	    cum);
}

int
report_top(struct strbuf *sb, struct query *q, char **cause)
{
	int64_t flatsum = 0, flat, cum;
	size_t i;

	(void)cause;
	query_build_nodes_graph(q, q->opt.nodecount, true);
	report_graph_labels(sb, q);
	strbuf_addf(sb, "%10s %5s%% %5s%% %10s %5s%%\n", "flat", "flat", "sum",
	    "cum", "cum");
	for (i = 0; i < q->graph.norder; i++) {
		const struct query_node *n = &q->nodes[q->graph.order[i]];

		flat = query_node_flat(n);
		cum = query_node_cum(n);
		flatsum += flat;
		report_value_columns(sb, q, flat, flatsum, cum);
		strbuf_addstr(sb, "  ");
		vis_addstr(sb, n->printable, 0);
		if (n->in_inline)
			strbuf_addstr(sb, n->in_call ? " (partial-inline)" :
			    " (inline)");
		strbuf_addch(sb, '\n');
	}
	return 0;
}

static const struct report_def report_table[] = {
	{ REPORT_TOP, "top", report_top, REPORT_TOP_COUNT },
	{ REPORT_TREE, "tree", report_tree, 0 },
	{ REPORT_PEEK, "peek", report_peek, REPORT_NO_TRIM },
	{ REPORT_LIST, "list", report_list,
	    REPORT_NO_TRIM | REPORT_LINES | REPORT_OBJNAMES },
	{ REPORT_TRACES, "traces", report_traces, REPORT_MERGED },
	{ REPORT_TAGS, "tags", report_tags, REPORT_MERGED },
	{ REPORT_RAW, "raw", report_raw,
	    REPORT_NO_TRIM | REPORT_ADDRESSES | REPORT_MERGED },
	{ REPORT_COMMENTS, "comments", report_comments, REPORT_MERGED },
	{ REPORT_DOT, "dot", report_dot, 0 },
	{ REPORT_SVG, "svg", report_svg, REPORT_BINARY },
	{ REPORT_PNG, "png", report_png, REPORT_BINARY },
	{ REPORT_PDF, "pdf", report_pdf, REPORT_BINARY },
	{ REPORT_CALLGRIND, "callgrind", report_callgrind,
	    REPORT_NO_TRIM | REPORT_ADDRESSES | REPORT_OBJNAMES },
	{ REPORT_PROTO, "proto", report_proto,
	    REPORT_NO_TRIM | REPORT_ADDRESSES | REPORT_MERGED |
	    REPORT_BINARY },
	{ REPORT_FOLDED, "folded", report_folded, REPORT_NO_TRIM },
	{ REPORT_CSV, "csv", report_csv, REPORT_TOP_COUNT },
	{ REPORT_DISASM, "disasm", report_disasm, REPORT_NO_TRIM |
	    REPORT_ADDRESSES | REPORT_NOINLINES | REPORT_OBJNAMES },
};

const struct report_def *
report_find(enum report_kind kind)
{
	size_t i;

	for (i = 0; i < sizeof report_table / sizeof report_table[0]; i++)
		if (report_table[i].kind == kind)
			return &report_table[i];
	return &report_table[0];
}

/* pprof's applyCommandOverrides. */
void
report_apply_overrides(const struct report_def *d, struct query_options *o)
{
	if (d->flags & REPORT_OBJNAMES)
		o->keep_objnames = true;
	if (d->flags & REPORT_LINES)
		o->granularity = GRAN_LINES;
	if (d->flags & REPORT_ADDRESSES) {
		o->granularity = GRAN_ADDRESSES;
		o->noinlines = false;
	}
	/* One node per address: cum is not counted once per inline frame. */
	if (d->flags & REPORT_NOINLINES)
		o->noinlines = true;
	if (o->nodecount == -1)
		o->nodecount = (d->flags & REPORT_TOP_COUNT) ? 0 : 80;
	if (d->flags & REPORT_NO_TRIM)
		o->trim = false;
	if (!o->trim) {
		o->nodecount = 0;
		o->nodefraction = 0;
		o->edgefraction = 0;
	}
}
