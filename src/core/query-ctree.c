/*
 * query-ctree.c: calling-context trees, from the graph builder's call
 * tree pass (query.c), top-down or inverted.
 *
 * The pass gives each context its parent and values.  What is added here
 * is the children's index: a counting sort by parent (CSR), then each
 * sibling list sorted by |cum| descending and name, with the context
 * index last so that the order never depends on anything but the data.
 */
#include <stdlib.h>
#include <string.h>

#include "query-ctree.h"
#include "query-internal.h"
#include "sort.h"
#include "xmalloc.h"

/* Siblings: |cum| descending, then name, then index. */
static int
ctree_cmp(const void *va, const void *vb, void *arg)
{
	const struct query_ctree *t = arg;
	uint32_t a = *(const uint32_t *)va, b = *(const uint32_t *)vb;
	int64_t x = query_abs64(query_ctree_cum(t, a));
	int64_t y = query_abs64(query_ctree_cum(t, b));
	int c;

	if (x != y)
		return x > y ? -1 : 1;
	if ((c = strcmp(query_ctree_name(t, a), query_ctree_name(t, b))) != 0)
		return c;
	return (a > b) - (a < b);
}

struct query_ctree *
query_ctree_new(struct query *q, bool inverted)
{
	struct query_ctree *t = xcalloc(1, sizeof *t);
	struct query_pass ps = { .flags = QUERY_PASS_VALUES | QUERY_PASS_TREE };
	uint32_t *fill;
	size_t i;

	if (inverted)
		ps.flags |= QUERY_PASS_INVERTED;
	t->q = q;
	t->inverted = inverted;
	query_pass_run(q, &ps);
	t->v = ps.v;
	t->n = ps.nnode;
	ps.v = NULL;
	query_pass_release(&ps);

	/* parents come before their children: depths in one pass */
	t->depth = xreallocarray(NULL, t->n + 1, sizeof *t->depth);
	t->child_off = xcalloc(t->n + 3, sizeof *t->child_off);
	t->child = xreallocarray(NULL, t->n + 1, sizeof *t->child);
	for (i = 0; i < t->n; i++) {
		uint32_t p = t->v[i].parent;

		query_printable(&q->nodes[t->v[i].info]);
		t->depth[i] = p == QUERY_NONE ? 0 : t->depth[p] + 1;
		if (t->depth[i] > t->max_depth)
			t->max_depth = t->depth[i];
		/* slot p + 1 (0: the roots), counted one ahead for CSR */
		t->child_off[(p == QUERY_NONE ? 0 : p + 1) + 1]++;
		if (p == QUERY_NONE)
			t->total += query_gnode_cum(&t->v[i]);
	}
	for (i = 0; i < t->n + 1; i++)
		t->child_off[i + 1] += t->child_off[i];
	fill = xreallocarray(NULL, t->n + 2, sizeof *fill);
	memcpy(fill, t->child_off, (t->n + 1) * sizeof *fill);
	for (i = 0; i < t->n; i++) {
		uint32_t p = t->v[i].parent;

		t->child[fill[p == QUERY_NONE ? 0 : p + 1]++] = (uint32_t)i;
	}
	free(fill);
	for (i = 0; i < t->n + 1; i++)
		sort_array_r(t->child + t->child_off[i],
		    t->child_off[i + 1] - t->child_off[i], sizeof *t->child,
		    ctree_cmp, t);
	return t;
}

void
query_ctree_free(struct query_ctree *t)
{
	if (t == NULL)
		return;
	free(t->v);
	free(t->depth);
	free(t->child_off);
	free(t->child);
	free(t);
}

size_t
query_ctree_children(const struct query_ctree *t, uint32_t c,
    const uint32_t **out)
{
	size_t slot = c == QUERY_NONE ? 0 : (size_t)c + 1;

	*out = t->child + t->child_off[slot];
	return t->child_off[slot + 1] - t->child_off[slot];
}

int64_t
query_ctree_cum(const struct query_ctree *t, uint32_t c)
{
	return query_gnode_cum(&t->v[c]);
}

int64_t
query_ctree_flat(const struct query_ctree *t, uint32_t c)
{
	return query_gnode_flat(&t->v[c]);
}

const char *
query_ctree_name(const struct query_ctree *t, uint32_t c)
{
	return t->q->nodes[t->v[c].info].printable;
}
