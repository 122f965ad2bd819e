/* query-internal.h: shared between query.c and query-filter.c. */
#ifndef CPV_QUERY_INTERNAL_H
#define CPV_QUERY_INTERNAL_H

#include "query.h"

/*
 * Apply focus, ignore, hide, show, show_from, tagfocus, tagignore,
 * tagshow, taghide and prune_from to the view in q (which starts as the
 * identity).  Returns -1 with *cause on a bad expression.
 */
int	query_filter_apply(struct query *, char **cause);

/* Build n->printable (pprof's PrintableName) if not done yet. */
void	query_printable(struct query_node *n);
/* NodeInfo as Go's fmt.Sprint prints it (pprof's last tie-breaker). */
struct strbuf;
void	query_node_infostr(struct strbuf *, const struct query_node *);

#endif
