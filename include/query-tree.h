/*
 * query-tree.h: the call graphs of pprof's graph reports (-dot and its
 * images, -callgrind).
 *
 * query_build_graph() (query.h) gives the text reports their graph.  The
 * graph reports build theirs differently, and this module does it as
 * pprof's newTrimmedGraph does for them:
 *
 *   - with -call_tree, nodes are context-sensitive: a function called from
 *     two paths is two nodes (pprof's newTree), and trimming splices the
 *     dropped nodes out of the tree instead of rebuilding it;
 *   - in visual mode (-dot), nodes are ordered by an entropy score rather
 *     than by flat or cum, a node's label nodelets count towards
 *     -nodecount, and residual edges that another path already implies
 *     are removed;
 *   - nodes carry tags: the sample's string labels ("key:value", sorted,
 *     joined by a literal \n) and its numeric "bytes" labels, each with
 *     its own flat and cum.
 *
 * Everything is owned by the tree; the query must outlive it (node infos,
 * printable names and the output unit are the query's).
 */
#ifndef CPV_QUERY_TREE_H
#define CPV_QUERY_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query.h"
#include "strtab.h"

enum query_tree_flags {
	QUERY_TREE_CALL_TREE =	(1 << 0),	/* pprof's newTree */
	QUERY_TREE_VISUAL =	(1 << 1),	/* -dot: entropy order, nodelets */
};

/*
 * A tag: a label set (numeric false) or a numeric "bytes" value under a
 * label set (group, 0 being no label).  Names are ids in tree->strs.
 */
struct query_tree_tag {
	uint32_t	 node;		/* owner */
	bool		 numeric;
	bool		 removed;	/* under the node cutoff */
	uint32_t	 group;		/* numeric: label set; else 0 */
	uint32_t	 name;		/* label set, or value as printed */
	const char	*unit;		/* numeric: borrowed from the profile */
	int64_t		 value;
	int64_t		 flat, flat_div, cum, cum_div;
	uint32_t	 next;		/* next tag of the node, or NONE */
};

/*
 * Nodes and edges are the graph builder's (query.h): a node's info is
 * the query node it stands for, its parent under -call_tree the node it
 * was created under.  Removed edges stay in the table.
 */
struct query_tree {
	struct query		*q;		/* borrowed */
	int			 flags;
	struct query_gnode	*nodes;
	size_t			 nnode;
	struct query_edges	 edges;
	struct query_tree_tag	*tags;
	size_t			 ntag, tag_cap;
	struct strtab		 strs;		/* label sets, tag names */

	uint32_t		*order;		/* shown nodes, report order */
	size_t			 norder;
	int			 orig_count;	/* nodes after nodefraction */
	int			 dropped_nodes;
	int			 dropped_edges;

	/* build state (private) */
	bool			*kept;		/* per node */
	uint32_t		*next_in;	/* per edge: in list, or NONE */
	uint32_t		*next_out;
};

/*
 * Build the graph of a graph report from q (after query_new()), with q's
 * -nodecount, -nodefraction, -edgefraction, -cum and -drop_negative, as
 * pprof's newTrimmedGraph does.  flags: enum query_tree_flags.  Tags are
 * collected in visual mode only.
 */
struct query_tree	*query_tree_new(struct query *, int flags);
void			 query_tree_free(struct query_tree *);

/*
 * The live edges into or out of node n, sorted as pprof sorts edges
 * (|weight| descending, then caller and callee names).  Returns how many
 * and sets *edges to an array the caller frees.
 */
size_t	query_tree_in_edges(const struct query_tree *, uint32_t n,
	    uint32_t **edges);
size_t	query_tree_out_edges(const struct query_tree *, uint32_t n,
	    uint32_t **edges);
/* Sort edge indexes as pprof's EdgeMap.Sort does. */
void	query_tree_sort_edges(const struct query_tree *, uint32_t *, size_t);

/*
 * pprof's selectOutputUnit over the tree's shown nodes: sets q's output
 * unit.  integral (callgrind) keeps the unit of the smallest value.
 */
void	query_tree_select_unit(struct query_tree *, bool integral);

/*
 * Go's math.Log, bit for bit (glibc's log differs in the last bit often
 * enough to change pprof's node order and colours).
 */
double	query_tree_log(double);

/* The printable name of node n (its info's). */
const char *query_tree_name(const struct query_tree *, uint32_t n);

#endif
