/*
 * report.h: pprof's reports, drawn from a query.
 *
 * Every report is one entry in a table: its name, the function that
 * writes it, and how it changes the options before the query runs
 * (pprof's applyCommandOverrides: -list forces line granularity, -peek
 * and -list never trim, -proto/-raw/-callgrind work on addresses, ...).
 *
 * Reports are written into a strbuf, so that a failure part way leaves no
 * partial output.  Every string from the profile goes through vis_add().
 */
#ifndef CPV_REPORT_H
#define CPV_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"

struct query;
struct query_fmt_cache;
struct strbuf;

enum report_flags {
	REPORT_NO_TRIM =	(1 << 0),	/* trim=false */
	REPORT_LINES =		(1 << 1),	/* granularity=lines */
	REPORT_ADDRESSES =	(1 << 2),	/* granularity=addresses, inlines */
	REPORT_TOP_COUNT =	(1 << 3),	/* nodecount -1 means 0, not 80 */
	REPORT_MERGED =		(1 << 4),	/* shows sample identity */
	REPORT_BINARY =		(1 << 5),	/* not text: refuse a terminal */
	REPORT_OBJNAMES =	(1 << 6),	/* nodes keep objfile, start line */
	REPORT_NOINLINES =	(1 << 7),	/* noinlines, after ADDRESSES */
};

struct report_def {
	enum report_kind	 kind;
	const char		*name;
	/* Write the report; -1 with *cause on failure (nothing written). */
	int			(*run)(struct strbuf *, struct query *,
				    char **cause);
	int			 flags;		/* enum report_flags */
};

const struct report_def	*report_find(enum report_kind);
/* Apply the report's overrides to o (before query_new). */
void			 report_apply_overrides(const struct report_def *,
			    struct query_options *);

/* The header lines pprof prints above a report (ProfileLabels). */
void	report_profile_labels(struct strbuf *, struct query *);
/*
 * The header of a graph report: profile labels (unless compact),
 * active filters, "Showing nodes accounting for", dropped and top-N
 * lines.  Call after query_build_graph().
 */
void	report_graph_labels(struct strbuf *, struct query *);
/*
 * "Warning: a regexp ran out of budget: results may be incomplete" and a
 * newline if rx_incomplete(), else nothing; report_graph_labels() writes
 * it above "Showing nodes".
 */
void	report_rx_incomplete(struct strbuf *);

/*
 * The value columns of a -top or -tree row: "%10s %s %s %10s %s" of flat,
 * flat%, sum% (flatsum, the running sum), cum and cum%.  _in formats the
 * values in the cache fc (query_format_value_in()).
 */
void	report_value_columns(struct strbuf *, struct query *, int64_t flat,
	    int64_t flatsum, int64_t cum);
void	report_value_columns_in(struct strbuf *, struct query_fmt_cache *fc,
	    const struct query *, int64_t flat, int64_t flatsum, int64_t cum);

/*
 * -tree and -peek tables of at least report_tree_split_lines lines are
 * formatted in two threads, in chunks of report_tree_chunk_lines lines
 * (report-tree.c).  Variables so that a test can make them small.
 */
extern size_t	report_tree_split_lines, report_tree_chunk_lines;

/* The reports, one function each (report-*.c). */
int	report_top(struct strbuf *, struct query *, char **);
int	report_tree(struct strbuf *, struct query *, char **);
int	report_peek(struct strbuf *, struct query *, char **);
int	report_list(struct strbuf *, struct query *, char **);
int	report_traces(struct strbuf *, struct query *, char **);
int	report_tags(struct strbuf *, struct query *, char **);
int	report_raw(struct strbuf *, struct query *, char **);
int	report_comments(struct strbuf *, struct query *, char **);
int	report_dot(struct strbuf *, struct query *, char **);
int	report_svg(struct strbuf *, struct query *, char **);
int	report_png(struct strbuf *, struct query *, char **);
int	report_pdf(struct strbuf *, struct query *, char **);
int	report_callgrind(struct strbuf *, struct query *, char **);
int	report_proto(struct strbuf *, struct query *, char **);
int	report_folded(struct strbuf *, struct query *, char **);
int	report_csv(struct strbuf *, struct query *, char **);
int	report_disasm(struct strbuf *, struct query *, char **);

#endif
