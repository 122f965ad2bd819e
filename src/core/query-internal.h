/* query-internal.h: shared between query.c and query-filter.c. */
#ifndef CPV_QUERY_INTERNAL_H
#define CPV_QUERY_INTERNAL_H

#include "hashtab.h"
#include "query.h"

/*
 * Apply focus, ignore, hide, show, show_from, tagfocus, tagignore,
 * tagshow, taghide and prune_from to the view in q (which starts as the
 * identity).  Returns -1 with *cause on a bad expression.
 */
int	query_filter_apply(struct query *, char **cause);

/*
 * The nodes' values and the graph's nodes (q->graph.order, the nodes
 * query_build_graph() would show untrimmed, in index order, unsorted),
 * without edges: for -list, which needs neither edges nor pprof's order.
 * q->edges and the edge index are emptied.
 */
void	query_build_values(struct query *);

/* Build n->printable (pprof's PrintableName) if not done yet. */
void	query_printable(struct query_node *n);
/* NodeInfo as Go's fmt.Sprint prints it (pprof's last tie-breaker). */
struct strbuf;
void	query_node_infostr(struct strbuf *, const struct query_node *);

/*
 * The graph builder (see the top of query.c).  A pass walks q's kept
 * samples from the root to the leaf; flags say what it builds.
 */
enum query_pass_flags {
	QUERY_PASS_VALUES =	(1 << 0),	/* nodes and their values */
	QUERY_PASS_EDGES =	(1 << 1),	/* edges, into *edges */
	QUERY_PASS_TREE =	(1 << 2),	/* with VALUES: calling contexts */
};

struct query_pass {
	int			 flags;
	const bool		*kept;		/* per node, NULL for all */
	/*
	 * EDGES: only edges into or out of these nodes (into them only if
	 * want_in), NULL for all
	 */
	const bool		*want;
	bool			 want_in;
	struct query_edges	*edges;		/* emptied first */
	/* VALUES: called for each value a node takes (the graph tags) */
	void			(*add)(struct query_pass *, uint32_t node,
				    size_t sample, int64_t w, int64_t dw,
				    bool flat);
	void			*arg;

	/* VALUES: the nodes, owned (query_pass_release) */
	struct query_gnode	*v;
	size_t			 nnode, cap;
	int64_t			*cum;		/* private: per node */
	uint32_t		*stamp;
	struct hashtab		 tab;		/* TREE: by (parent, info) */

	/* EDGES without TREE: private, the pairs of a round (query.c) */
	struct query_pairs	*pairs;
	/* EDGES, a small kept set: private, edge numbers by (row, col) */
	uint32_t		*dense, *row, *col;
	size_t			 ncol;
	/*
	 * Private: a copy walking in a second thread, which leaves the
	 * cancel hook to the first (cancel_requested(), not cancel_now())
	 */
	bool			 helper;
};

/*
 * In a query's path, a frame is its slot in loc_nodes (its node at any
 * granularity), marked if it is its location's outermost line.
 */
#define QUERY_PATH_CALL		0x80000000u

/*
 * The nodes' values (q->nnode of them) and the paths (q->path), computed
 * by the first call; NULL if interrupted (cancel.h).
 */
const struct query_gnode *query_values(struct query *);
/* Build q->path if q->keep_paths asks for it; -1 if interrupted. */
int	query_paths(struct query *);
/* The paths of q, under bound frames (see query.c); for call trees. */
int	query_paths_build(const struct query *, const struct query *from,
	    size_t bound, uint32_t **path, uint32_t **off);

void	query_pass_run(const struct query *, struct query_pass *);
/*
 * An edges pass's bounds, in pairs: what its first walk keeps, and a
 * round's (see struct query_pairs): round_max, or the pairs over rounds
 * if more.  Variables so that a test can make them small.
 */
extern uint32_t	query_pairs_flat_max, query_pairs_round_max;
extern uint32_t	query_pairs_rounds;
void	query_pass_release(struct query_pass *);
void	query_edges_release(struct query_edges *);

/*
 * Helpers over a pass's nodes v, for query_build_graph() and query-tree.c.
 * query_select(): pprof's selectNodes, the nodes with a value into out,
 * in index order; query_partition(): the nodes of order[0..n) whose |cum|
 * reaches cutoff first, both parts in their order, returning how many;
 * query_flat_cutoff(): |fraction of the flat sum of order[0..n)|;
 * query_trim_edges(): pprof's TrimLowFrequencyEdges, marks the live edges
 * into order[0..n) lighter than cutoff removed, returning how many.
 */
size_t	query_select(const struct query *, const struct query_gnode *v,
	    size_t nnode, uint32_t *out);
size_t	query_partition(const struct query_gnode *v, uint32_t *order,
	    size_t n, int64_t cutoff);
int64_t	query_flat_cutoff(const struct query_gnode *v, const uint32_t *order,
	    size_t n, double fraction);
int	query_trim_edges(struct query_edges *, int64_t cutoff,
	    const uint32_t *order, size_t n, size_t nnode);

/*
 * pprof's orders, comparators for sort_array_r() with a struct
 * query_order as context: query_gnode_cmp() compares indexes into v (by
 * score if not NULL, else by flat or cum as -cum says), query_edge_cmp()
 * indexes into e.
 */
struct query_order {
	const struct query		*q;
	const struct query_gnode	*v;
	const struct query_edges	*e;
	const int64_t			*score;
};
int	query_gnode_cmp(const void *, const void *, void *order);
int	query_edge_cmp(const void *, const void *, void *order);

/*
 * pprof's selectOutputUnit over the nodes of order: sets q->output_unit.
 * integral (callgrind) keeps the unit of the smallest value.
 */
void	query_select_unit(struct query *, const struct query_gnode *v,
	    const uint32_t *order, size_t n, bool integral);


#endif
