/*
 * query.h: the query engine.
 *
 * A query takes an immutable profile and a set of options and computes,
 * exactly as pprof does, the report's call graph:
 *
 *   1. the sample value to use (-sample_index, -mean) and the total, which
 *      is taken before filtering unless -relative_percentages;
 *   2. a view of the profile after focus/ignore/hide/show, show_from,
 *      tagfocus/tagignore and prune_from (query-filter.c); the profile is
 *      never modified, the view holds per-location line lists and
 *      per-sample stack ranges;
 *   3. nodes at the chosen granularity (functions, files, lines, ...),
 *      with flat, cum (counted once per sample under recursion) and edges;
 *   4. trimming: nodes under nodefraction, the top nodecount, edges under
 *      edgefraction; then the order of the report and its unit.
 *
 * All memory belongs to the query and is freed by query_free(), but for
 * what query_new_like() shares, counted by reference.
 */
#ifndef CPV_QUERY_H
#define CPV_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hashtab.h"
#include "strtab.h"

struct profile;
struct query_frames;
struct query_pathset;
struct query_viewset;
struct rx;

enum granularity {
	GRAN_FUNCTIONS,
	GRAN_FILEFUNCTIONS,
	GRAN_FILES,
	GRAN_LINES,
	GRAN_ADDRESSES,
};

/* The string fields of struct query_options, for copying and freeing. */
#define QUERY_OPTIONS_STRINGS(X) \
	X(focus) X(ignore) X(hide) X(show) X(show_from) X(prune_from) \
	X(tagfocus) X(tagignore) X(tagshow) X(taghide) X(tagroot) X(tagleaf) \
	X(sample_index) X(unit) X(source_path) X(trim_path) X(symbol) \
	X(binary)

/*
 * What a query computes: pprof's configuration (its names are the
 * fields').  A query keeps its own copy, so the caller may change or free
 * its options as soon as query_new() returns.  Strings are owned; NULL is
 * the same as "".
 */
struct query_options {
	enum granularity	 granularity;
	bool			 noinlines;

	char			*focus;
	char			*ignore;
	char			*hide;
	char			*show;
	char			*show_from;
	char			*prune_from;
	char			*tagfocus;
	char			*tagignore;
	char			*tagshow;
	char			*taghide;
	char			*tagroot;	/* comma-separated keys */
	char			*tagleaf;
	char			*symbol;	/* -peek/-list regexp */
	char			*binary;	/* -disasm: cpv BINARY PROFILE */
	bool			 intel_syntax;	/* -disasm */

	char			*sample_index;	/* NULL: default */
	bool			 mean;

	bool			 cum;		/* sort by cum */
	int			 nodecount;	/* -1: per report */
	double			 nodefraction;
	double			 edgefraction;
	bool			 trim;
	bool			 relative_percentages;
	char			*unit;
	double			 divide_by;
	bool			 compact_labels;
	bool			 drop_negative;

	char			*source_path;	/* -list: where sources are */
	char			*trim_path;
	bool			 call_tree;	/* -dot, -callgrind */
	/* -list, -callgrind: every node keeps its object file, start line */
	bool			 keep_objnames;
};

/* pprof's defaults (nodecount -1, unit "minimum", ...). */
void	query_options_init(struct query_options *);
void	query_options_release(struct query_options *);
/* Make dst (not initialised) a deep copy of src. */
void	query_options_copy(struct query_options *dst,
	    const struct query_options *src);


#define QUERY_NONE	UINT32_MAX

struct query_node {
	/* NodeInfo: what makes two frames the same node */
	const char	*name;		/* borrowed; "" if none */
	const char	*file;		/* borrowed (cleaned), "" if none */
	const char	*objfile;	/* borrowed, "" if none */
	uint64_t	 address;
	int64_t		 start_line;
	int64_t		 lineno;

	int64_t		 flat, flat_div;
	int64_t		 cum, cum_div;
	char		*printable;	/* owned; built for shown nodes */
	bool		 in_inline;	/* has an inlined incoming edge */
	bool		 in_call;	/* has a non-inlined incoming edge */
};

/*
 * A node of a graph as the graph builder (query.c) makes it, pprof's
 * Node: the query node it stands for, its values and, for the graph
 * reports (query-tree.h), its tags and edge lists.
 */
struct query_gnode {
	uint32_t	 info;		/* q->nodes index: name, file, ... */
	uint32_t	 parent;	/* call trees: created under, or NONE */
	int64_t		 flat, flat_div, cum, cum_div;
	uint32_t	 tags;		/* first tag, or QUERY_NONE */
	uint32_t	 first_in, first_out;	/* edge lists, or QUERY_NONE */
};

/*
 * An edge between two nodes (caller src, callee dst): 16 bytes, as a
 * -peek=. holds millions.  A query has fewer than QUERY_NODE_MAX nodes
 * (query_new() fails with more), which dst's bits hold.
 */
#define QUERY_NODE_MAX	(1u << 29)

struct query_edge {
	int64_t		weight;
	uint32_t	src;
	unsigned	dst : 29;
	unsigned	inline_call : 1;
	unsigned	residual : 1;
	unsigned	removed : 1;	/* dropped by edgefraction */
};

/*
 * The edges of a graph.  A call tree pass (query-tree.c) hashes them by
 * (src, dst), a pass with a small kept set finds them in a table, and
 * both stamp them with the last sample that added to them while they add
 * them; other passes build them by caller (query.c).  The hash and the
 * stamps are released when the pass ends.  div holds
 * -mean's divisors (the weight_div of pprof's edges), parallel to v; it
 * is NULL when no sample gave one, which saves its memory on every other
 * query.
 */
struct query_edges {
	struct query_edge	*v;
	int64_t			*div;
	size_t			 n, cap;
	struct hashtab		 tab;		/* by (src, dst), keyed hash */
	uint32_t		*stamp;
};

struct query_graph {
	uint32_t	*order;		/* shown nodes, in report order */
	size_t		 norder;
	/*
	 * The edges are in pprof's order by caller: node n's out-edges are
	 * out_off[n] .. out_off[n+1]; its in-edges are listed (by number)
	 * in in[in_off[n] .. in_off[n+1]).
	 */
	uint32_t	*in_off, *in;
	uint32_t	*out_off;
	int		 orig_count;	/* nodes left after nodefraction */
	int		 dropped_nodes;
	int		 dropped_edges;
};

struct query {
	const struct profile	*p;
	struct profile		*own;		/* p when derived (tagroot) */
	struct query_options	 opt;		/* a copy, owned */

	size_t			 sample_index;
	const char		*sample_type;	/* with "mean_" if -mean */
	const char		*sample_unit;
	int64_t			 total;		/* report denominator */
	char			*output_unit;	/* after selection */
	struct query_fmt_cache	*fmt_cache;	/* query_format_value() */
	struct query_gnode	*values;	/* nnode, after the first graph */
	double			 ratio;		/* 1 / divide_by */

	/* the view, in view, which may be another query's too */
	struct query_viewset	*view;
	uint32_t		*vline;		/* indexes into p->lines */
	uint32_t		*vline_off;	/* per location */
	uint32_t		*vline_n;	/* per location */
	bool			*loc_hidden;
	uint32_t		*vs_off;	/* per sample: locs range */
	uint32_t		*vs_n;
	bool			*sample_kept;

	/* nodes */
	struct strtab		 strs;		/* "mean_" sample types */
	/*
	 * The nodes' frame tables and the paths may be shared with other
	 * queries of the same profile (query_new_like()): the pointers
	 * below point into them, counted by references.
	 */
	struct query_frames	*frames;
	struct query_pathset	*paths;
	uint32_t		*loc_node_off;	/* per location: into loc_nodes */
	uint32_t		*loc_nodes;	/* node per view line */
	uint32_t		*loc_nn;	/* per location: how many */
	uint32_t		*loc_one;	/* per location: its node if it
						   has one, else QUERY_NONE */
	struct query_node	*nodes;
	size_t			 nnode;
	/*
	 * Each kept sample's frames, root first, as the graph passes walk
	 * them: path[path_off[s] .. path_off[s + 1]), each a slot of
	 * loc_nodes (see QUERY_PATH_CALL in query-internal.h), built
	 * when keep_paths is set, by query_new_like() or by the first call
	 * tree (NULL before, or if they would be too big).
	 */
	uint32_t		*path, *path_off;
	/*
	 * Set for a front end that will run many passes on the query (the
	 * viewer): the paths are built once, the call trees borrow them,
	 * and every pass scans them.  A one-report run does without: they
	 * cost about what they save one pass.
	 */
	bool			 keep_paths;
	struct query_edges	 edges;

	struct query_graph	 graph;
	char			*filters[16];	/* "name=value" for the header */
	size_t			 nfilter;

	/* labels */
	const char		**key_units;	/* per string id: unit of a
						   numeric key (NumLabelUnits) */
	bool			*key_hidden;	/* per string id, NULL if no
						   -tagshow/-taghide */
};

/*
 * Prepare a query: choose the sample value, compute the total, apply the
 * filters and build nodes.  Returns NULL and sets *cause (NULL on entry)
 * on a bad option (bad regexp, unknown sample index, zero divisor), or to
 * "interrupted" when the cancel hook (cancel.h) stops it.  Warnings
 * ("Focus expression matched no samples") go to the warning hook
 * (warn.h), worded as pprof prints them.
 */
struct query	*query_new(const struct profile *,
		    const struct query_options *, char **cause);
/*
 * query_new() for a front end that runs many passes on each query and
 * goes from one query to the next (the viewer): the query keeps its
 * paths (keep_paths), built up front, and takes from like (NULL, or a
 * query of the same profile, which may be freed after) what the two have
 * in common instead of building it again: its nodes' frame tables when
 * the granularity and the lines the filters leave are the same (a new
 * sample index, focus, ignore or tag filter), and its paths of the
 * samples both keep.  The result is the same as query_new()'s.
 */
struct query	*query_new_like(const struct profile *,
		    const struct query_options *, const struct query *like,
		    char **cause);
void		 query_free(struct query *);

/*
 * pprof's SampleIndexByName: the index of the sample value si names (a
 * 0-based index, a type name, or "inuse_X" for type X; NULL or "" is
 * the default).  Returns -1 with *cause if there is no such value.
 */
int		 query_find_sample_index(const struct profile *,
		    const char *si, size_t *index, char **cause);

/*
 * Build the trimmed graph for a report: nodecount (-1 meaning the
 * report's default), nodefraction and edgefraction from the options.
 * Fills q->graph and picks q->output_unit.  Interruptible (cancel.h):
 * when stopped, q->graph.order is NULL and the graph must be built again
 * before use.
 */
void		 query_build_graph(struct query *, int nodecount, bool trim);
/*
 * query_build_graph() for a report that shows the edges of some nodes
 * only (-peek): want(arg, q, n) is asked once for each node of the graph
 * (it may call query_node_name()), and only the edges into or out of the
 * nodes it accepts are built.  The other nodes' edge lists then lack the
 * edges between two unwanted nodes, and their in_inline and in_call are
 * not set.  A NULL want accepts every node.
 */
void		 query_build_graph_want(struct query *, int nodecount,
		    bool trim, bool (*want)(void *arg, struct query *,
		    uint32_t n), void *arg);
/*
 * query_build_graph() for a report of nodes alone (-top, -csv, the
 * viewer's top table): the same nodes in the same order with the same
 * (inline) and (partial-inline) marks, at a fraction of the cost, as only
 * the edges into nodes that some location inlines are built.  in_call is
 * exact where in_inline is set and dropped_edges counts only their edges.
 * The graph keeps no edges: the lists are empty.
 */
void		 query_build_nodes_graph(struct query *, int nodecount,
		    bool trim);

/*
 * After query_build_graph(): the edges into and out of node n (an index
 * into q->nodes), sorted as pprof sorts them: |weight| descending, then
 * caller name, then callee name.  Edges dropped by edgefraction are not
 * listed.  Valid until the next build.  Each returns the list's length
 * and sets *l; edge j of the list is q->edges.v[query_edge_at(l, j)].
 */
struct query_edge_list {
	const uint32_t	*idx;		/* the edges' numbers, or NULL: */
	uint32_t	 first;		/* first, first + 1, ... */
	size_t		 n;
};

size_t		 query_in_edges(const struct query *, uint32_t n,
		    struct query_edge_list *);
size_t		 query_out_edges(const struct query *, uint32_t n,
		    struct query_edge_list *);

static inline uint32_t
query_edge_at(const struct query_edge_list *l, size_t j)
{
	return l->idx != NULL ? l->idx[j] : l->first + (uint32_t)j;
}

/*
 * Whether label key (a string id) is shown after -tagshow/-taghide
 * (pprof's FilterTagsByName removes the others from every sample).
 */
bool		 query_label_shown(const struct query *, uint32_t key);

/*
 * Format a value of this query's sample unit in the report's unit.  A
 * report prints the same few values over and over (-peek=. an edge
 * weight per line), and formatting one costs more than the rest of its
 * line, so the values are cached: query_format_value() in the query's
 * cache (emptied when the output unit changes), query_format_value_in()
 * in one of the caller's, which makes it safe in a second thread
 * (both.h).  The string is good until the cache's next call.
 */
struct query_fmt_cache;
struct query_fmt_cache *query_fmt_cache_new(void);
void		 query_fmt_cache_free(struct query_fmt_cache *);
const char	*query_format_value(struct query *, int64_t);
const char	*query_format_value_in(const struct query *,
		    struct query_fmt_cache *, int64_t);
/* The query's own cache, made on first use. */
struct query_fmt_cache *query_fmt_cache_of(struct query *);

/*
 * The name of node n (an index into q->nodes) as the reports print it
 * (pprof's PrintableName), built on first use.  Owned by the query.
 */
const char	*query_node_name(struct query *, uint32_t n);

/* |v|, wrapping on the most negative value as Go's abs64 does. */
int64_t		 query_abs64(int64_t v);

/* Node values after -mean. */
int64_t		 query_node_flat(const struct query_node *);
int64_t		 query_node_cum(const struct query_node *);
int64_t		 query_gnode_flat(const struct query_gnode *);
int64_t		 query_gnode_cum(const struct query_gnode *);

/*
 * pprof's trimPath(path, trim_path, source_path): the suffix of path left
 * once a -trim_path prefix (or, with none, a guess from the -source_path
 * directories) and /proc/self/cwd/ are cut off.  NULL means "".  Every
 * file name in a query goes through it with the query's options.
 */
const char	*query_trim_path(const char *path, const char *trim,
		    const char *search);

/*
 * Go's filepath.Base of s[0..n) for slash-separated paths: the last
 * element (trailing slashes dropped), "." for "" and "/" for slashes only.
 * *base points into s or at a static string.
 */
void		 query_path_base(const char *s, size_t n, const char **base,
		    size_t *len);

/* Go's filepath.Clean, into sb. */
struct strbuf;
void		 query_clean_path(struct strbuf *, const char *);

#endif
