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
 * tree is built from the query's view, so focus, ignore, hide, show and
 * the tag filters apply as in every report, and its roots' cums add up to
 * the filtered total.
 *
 * The tree is lazy: query_ctree_new() only lays out each kept sample's
 * path (O(frames)), and a context's children are made the first time
 * they are asked for, by grouping the samples that go through it
 * (O(k log k) for k samples).  A view pays for what it shows, however
 * many contexts the profile has.
 *
 * Children are ordered by |cum| descending, then by name, then by node,
 * so the hottest path is always the first child.  Everything belongs to
 * the tree, which borrows the query (and its printable names): free the
 * tree first.  Context numbers stay valid while the tree lives.
 */
#ifndef CPV_QUERY_CTREE_H
#define CPV_QUERY_CTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query.h"

struct query_ctree;

/*
 * Build the tree of q (after query_new()); NULL if interrupted
 * (cancel.h).
 */
struct query_ctree	*query_ctree_new(struct query *q, bool inverted);
void			 query_ctree_free(struct query_ctree *);

/*
 * The children of context c (QUERY_NONE: the roots), in order: sets *out
 * to them and returns how many.  *out is valid until the next call that
 * makes contexts (children, find, reveal).
 */
size_t	query_ctree_children(struct query_ctree *, uint32_t c,
	    const uint32_t **out);
/* Whether c has children, without making them. */
bool	query_ctree_has_children(const struct query_ctree *, uint32_t c);

/* About context c. */
uint32_t	 query_ctree_parent(const struct query_ctree *, uint32_t c);
uint32_t	 query_ctree_depth(const struct query_ctree *, uint32_t c);
uint32_t	 query_ctree_node(const struct query_ctree *, uint32_t c);
const char	*query_ctree_name(const struct query_ctree *, uint32_t c);
int64_t		 query_ctree_cum(const struct query_ctree *, uint32_t c);
int64_t		 query_ctree_flat(const struct query_ctree *, uint32_t c);

/* The sum of the roots' cum (after -mean). */
int64_t		 query_ctree_total(const struct query_ctree *);
bool		 query_ctree_inverted(const struct query_ctree *);
struct query	*query_ctree_query(const struct query_ctree *);

/*
 * A predicate on q->nodes indexes (a search, a function's name), called
 * once per node: match(arg, node).
 */
typedef bool	query_ctree_match_fn(void *arg, uint32_t node);

/*
 * Find a context whose node matches, making the contexts on the way:
 * from the roots down, the child through which the samples with a
 * matching frame weigh most, until that child matches: where most of
 * the function's value goes through.  Returns it, or
 * QUERY_NONE if no kept sample has a matching frame.
 */
uint32_t	 query_ctree_find(struct query_ctree *,
		    query_ctree_match_fn *, void *arg);

/* The value of the kept samples with a matching frame, each once. */
int64_t		 query_ctree_matched(struct query_ctree *,
		    query_ctree_match_fn *, void *arg);

#endif
