/* test_tree.c: the graph reports' graphs (query-tree.c). */
#include <stdlib.h>

#include "options.h"
#include "profile.h"
#include "query-tree.h"
#include "query.h"
#include "test.h"

/* main -> a -> b -> a -> c, main -> b (inlined into main), main -> a. */
static const struct tp_location locs[] = {
	{ 1, 1, { "c" }, { 1 } },
	{ 2, 1, { "a" }, { 2 } },
	{ 3, 1, { "b" }, { 3 } },
	{ 4, 1, { "main" }, { 4 } },
	{ 5, 2, { "b", "main" }, { 5, 6 } },
};
static const struct tp_sample samples[] = {
	{ 5, { 1, 2, 3, 2, 4 }, { 1, 100 }, "h", "x" },
	{ 1, { 5 }, { 1, 30 }, "h", "y" },
	{ 2, { 2, 4 }, { 1, 7 }, NULL, NULL },
};

/* The shown nodes named name, in report order. */
static size_t
find(const struct query_tree *t, const char *name, uint32_t *out)
{
	size_t i, n = 0;

	for (i = 0; i < t->norder; i++)
		if (strcmp(query_tree_name(t, t->order[i]), name) == 0)
			out[n++] = t->order[i];
	return n;
}

static struct query_tree *
build(struct profile *p, struct query_options *o, int flags, struct query **qp)
{
	char *cause = NULL;

	if ((*qp = query_new(p, o, &cause)) == NULL) {
		printf("  query: %s\n", cause);
		free(cause);
		return NULL;
	}
	return query_tree_new(*qp, flags);
}

static void
test_call_tree_contexts(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query *q = NULL;
	struct query_tree *t;
	struct query_options o;
	uint32_t v[8], *in;
	size_t n;

	query_options_init(&o);
	o.nodefraction = o.edgefraction = 0;
	o.nodecount = 0;
	t = build(p, &o, QUERY_TREE_CALL_TREE, &q);
	CHECK(t != NULL);
	if (t != NULL) {
		/* a called from main, and from b under main -> a */
		CHECK(find(t, "a", v) == 2);
		CHECK(t->nodes[v[0]].cum + t->nodes[v[1]].cum == 207);
		/* b inlined into main, and called by a */
		CHECK(find(t, "b", v) == 2);
		CHECK(find(t, "main", v) == 1 && t->nodes[v[0]].cum == 137);
		CHECK(find(t, "c", v) == 1 && t->nodes[v[0]].flat == 100);
		n = find(t, "b", v);
		for (; n > 0; n--) {
			CHECK(query_tree_in_edges(t, v[n - 1], &in) == 1);
			if (t->nodes[v[n - 1]].cum == 30)
				CHECK(t->edges.v[in[0]].inline_call);
			else
				CHECK(!t->edges.v[in[0]].inline_call);
			free(in);
		}
	}
	query_tree_free(t);
	query_free(q);
	/* the same profile as a graph: one node per function */
	t = build(p, &o, 0, &q);
	if (t != NULL) {
		CHECK(find(t, "a", v) == 1 && t->nodes[v[0]].cum == 107);
		CHECK(t->norder == 4);
	}
	query_tree_free(t);
	query_free(q);
	query_options_release(&o);
	profile_free(p);
}

static void
test_trim_tree_residual(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query *q = NULL;
	struct query_tree *t;
	struct query_options o;
	uint32_t v[8], *in;

	/*
	 * Flat order: c (100), b (30), a (7), then the rest; two nodes keep
	 * c and the inlined b, whose parents are dropped: both become roots.
	 * Three keep a too, and c then hangs from it through the dropped b
	 * and second a: a residual edge.
	 */
	query_options_init(&o);
	o.nodefraction = o.edgefraction = 0;
	o.nodecount = 3;
	t = build(p, &o, QUERY_TREE_CALL_TREE, &q);
	if (t != NULL) {
		CHECK(t->norder == 3);
		CHECK(find(t, "c", v) == 1);
		CHECK(query_tree_in_edges(t, v[0], &in) == 1);
		CHECK(t->edges.v[in[0]].residual);
		CHECK_STR(query_tree_name(t, t->edges.v[in[0]].src), "a");
		free(in);
	}
	query_tree_free(t);
	query_free(q);
	query_options_release(&o);
	profile_free(p);
}

static void
test_label_tags(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query *q = NULL;
	struct query_tree *t;
	struct query_options o;
	uint32_t v[8], k;
	int64_t x = 0, y = 0;

	query_options_init(&o);
	o.nodefraction = o.edgefraction = 0;
	t = build(p, &o, QUERY_TREE_VISUAL, &q);
	if (t != NULL) {
		CHECK(find(t, "main", v) == 1);
		for (k = t->nodes[v[0]].tags; k != QUERY_NONE;
		    k = t->tags[k].next) {
			const char *name = strtab_get(&t->strs,
			    t->tags[k].name);

			CHECK(!t->tags[k].numeric);
			if (strcmp(name, "h:x") == 0)
				x = t->tags[k].cum;
			else if (strcmp(name, "h:y") == 0)
				y = t->tags[k].cum;
		}
		CHECK(x == 100 && y == 30);
	}
	query_tree_free(t);
	query_free(q);
	query_options_release(&o);
	profile_free(p);
}

const struct test_case tree_tests[] = {
	{ "tree_call_tree_contexts", test_call_tree_contexts },
	{ "tree_trim_tree_residual", test_trim_tree_residual },
	{ "tree_label_tags", test_label_tags },
	{ NULL, NULL },
};
