/*
 * report-list.c: -list, pprof's annotated source listing, printed from
 * the rows query_list_build() makes (query-list.h).
 *
 * Every routine is a ROUTINE block: its flat and cum sums, then the
 * source lines around its sampled lines, each with the flat and cum of the
 * line, or pprof's error when the file could not be read.  Values are
 * formatted one by one, without a common unit.
 */
#include <stdlib.h>

#include "format.h"
#include "query-list.h"
#include "query.h"
#include "report.h"
#include "strbuf.h"
#include "vis.h"

static const char *
list_value_or_dot(struct query *q, int64_t v)
{
	return v == 0 ? "." : query_list_format_value(q, v);
}

/*
 * One ROUTINE block.  Its sums are of the nodes' own flat and cum (pprof
 * sums Node.Flat and Node.Cum, so -mean does not divide them), and a
 * sample that hits several lines of the function counts in each.
 */
static void
list_routine(struct strbuf *sb, struct query *q,
    const struct query_list_routine *r, int64_t total)
{
	const struct query_list_line *l;
	size_t i;

	strbuf_addstr(sb, "ROUTINE ======================== ");
	vis_addstr(sb, r->name, 0);
	strbuf_addstr(sb, " in ");
	vis_addstr(sb, r->file, 0);
	strbuf_addch(sb, '\n');
	strbuf_addpad(sb, query_list_format_value(q, r->flat), 10);
	strbuf_addch(sb, ' ');
	strbuf_addpad(sb, query_list_format_value(q, r->cum), 10);
	strbuf_addstr(sb, " (flat, cum) ");
	format_percentage(sb, r->cum, total);
	strbuf_addstr(sb, " of Total\n");
	if (r->error != NULL) {
		strbuf_addstr(sb, " Error: ");
		vis_addstr(sb, r->error, 0);
		strbuf_addch(sb, '\n');
		return;
	}
	for (i = 0; i < r->nline; i++) {
		l = &r->lines[i];
		if (l->text == NULL)
			continue;
		strbuf_addpad(sb, list_value_or_dot(q, l->flat), 10);
		strbuf_addch(sb, ' ');
		strbuf_addpad(sb, list_value_or_dot(q, l->cum), 10);
		strbuf_addf(sb, " %6lld:%s\n", (long long)l->lineno, l->text);
	}
}

int
report_list(struct strbuf *sb, struct query *q, char **cause)
{
	struct query_list l;
	size_t i;

	if (query_list_build(q, q->opt.symbol, QUERY_LIST_MARGIN, &l,
	    cause) == -1)
		return -1;
	strbuf_addf(sb, "Total: %s\n", query_list_format_value(q, l.total));
	for (i = 0; i < l.n; i++) {
		if (l.v[i].file[0] == '\0') {
			strbuf_addstr(sb, "No source information for ");
			vis_addstr(sb, l.v[i].name, 0);
			strbuf_addch(sb, '\n');
		} else
			list_routine(sb, q, &l.v[i], l.total);
	}
	query_list_release(&l);
	return 0;
}
