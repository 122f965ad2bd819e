/*
 * query-traces.h: the rows of -traces, the samples a query keeps, one by
 * one, with their labels, value and frames.
 *
 * As pprof's printTraces: every kept sample of the (merged, filtered)
 * profile that has a frame left after -hide/-show, in profile order.  A
 * front end (or report_traces()) walks them with an iterator, so that
 * nothing is held for more than one trace at a time:
 *
 *	struct query_traces it;
 *	const struct query_trace *t;
 *
 *	query_traces_init(&it, q);
 *	while ((t = query_traces_next(&it)) != NULL)
 *		draw(t);
 *	query_traces_release(&it);
 *
 * Every string is made safe to print (vis.h) and borrowed from the
 * iterator: valid until the next query_traces_next() or the release.
 */
#ifndef CPV_QUERY_TRACES_H
#define CPV_QUERY_TRACES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct profile;
struct profile_label;
struct profile_sample;
struct query;

/* One label key of a trace and its values in the sample. */
struct query_trace_label {
	const char	*key;
	/*
	 * The key's values, space-separated: string labels, or numbers
	 * formatted with their unit ("auto" scaling, e.g. "1.50kB").
	 */
	const char	*values;
	bool		 numeric;
};

struct query_trace_frame {
	/*
	 * The frame as -traces prints it: the node at the query's
	 * granularity ("main.f", "main.f x.go:12", "[binary]", ...).
	 */
	const char	*name;
	/* inlined into the next frame: not the last line of its location,
	 * printed with " (inline)" */
	bool		 inlined;
	uint32_t	 location;	/* index into q->p->locations */
};

struct query_trace {
	size_t		 sample;	/* index into q->p->samples */
	int64_t		 value;		/* after -mean: query_format_value() */
	/* -traces' order: string keys, then numeric ones, each kind sorted
	 * as the printed lines sort */
	const struct query_trace_label *labels;
	size_t		 nlabel;
	const struct query_trace_frame *frames;	/* leaf first */
	size_t		 nframe;	/* at least 1 */
};

/* An iterator over a query's traces.  Fields are private. */
struct query_traces {
	struct query		*q;	/* borrowed */
	size_t			 next;	/* next sample to look at */
	struct query_trace	 cur;
	struct strbuf		 text;	/* the strings of cur */
	struct query_trace_label *labels;
	size_t			*label_off;	/* key, values offsets */
	size_t			 caplabel;
	struct query_trace_frame *frames;
	size_t			*frame_off;
	size_t			 capframe;
};

/* Start at the first trace of q, which must outlive the iterator. */
void	query_traces_init(struct query_traces *, struct query *);
/* The next trace, or NULL after the last; see above for lifetimes. */
const struct query_trace *query_traces_next(struct query_traces *);
void	query_traces_release(struct query_traces *);

/*
 * pprof holds a sample's labels as per-key lists, so the reports walk
 * them by group: the labels of one key and one kind (kind 0 string, 1
 * numeric).  query_traces_groups() puts the labels of sample s of that
 * kind whose keys q shows in out (s->nlabel entries) as key << 32 |
 * position, sorted: a group is a run of one key, in the file's order, and
 * query_traces_group_end() gives the end of the run that starts at i.
 * O(n log n) in the sample's labels, where a scan per label was O(n^2).
 */
size_t	query_traces_groups(const struct query *,
	    const struct profile_sample *s, int kind, uint64_t *out);
size_t	query_traces_group_end(const uint64_t *g, size_t n, size_t i);

#endif
