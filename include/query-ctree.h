/*
 * query-ctree.h: calling-context trees of a query, for the call tree, the
 * inverted tree and the flame graph.
 *
 * A context is a node of the query (q->nodes, at the query's granularity)
 * reached by one path from a root: main -> handle -> parse is another
 * context than main -> load -> parse.  Top-down, roots are the outermost
 * frames and children are callees; inverted (bottom-up), roots are the
 * leaf frames and children are their callers.  Each context has the value
 * of the samples whose stack goes through it (cum) and of those that end
 * there (flat: the leaf, or in an inverted tree the outermost frame).  A
 * context tree is built from the query's view, so focus, ignore, hide,
 * show and the tag filters apply as in every report, and its roots' cums
 * add up to the filtered total.
 *
 * Children are ordered by |cum| descending, then by name, so the hottest
 * path is always the first child.  Everything belongs to the tree, which
 * borrows the query (and its printable names): free the tree first.
 */
#ifndef CPV_QUERY_CTREE_H
#define CPV_QUERY_CTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query.h"

struct query_ctree {
	struct query		*q;		/* borrowed */
	bool			 inverted;
	/* contexts: info is the q->nodes index, parent a context or NONE */
	struct query_gnode	*v;
	size_t			 n;
	uint32_t		*depth;		/* per context: 0 for roots */
	uint32_t		 max_depth;
	int64_t			 total;		/* sum of the roots' cum */
	/* children, private: see query_ctree_children() */
	uint32_t		*child_off;	/* n + 2 */
	uint32_t		*child;
};

/* Build the tree of q (after query_new()). */
struct query_ctree	*query_ctree_new(struct query *q, bool inverted);
void			 query_ctree_free(struct query_ctree *);

/*
 * The children of context c (QUERY_NONE: the roots), in order: sets *out
 * to them and returns how many.  Valid while the tree lives.
 */
size_t	query_ctree_children(const struct query_ctree *, uint32_t c,
	    const uint32_t **out);

/* Values after -mean, and the printable name of context c. */
int64_t		 query_ctree_cum(const struct query_ctree *, uint32_t c);
int64_t		 query_ctree_flat(const struct query_ctree *, uint32_t c);
const char	*query_ctree_name(const struct query_ctree *, uint32_t c);

#endif
