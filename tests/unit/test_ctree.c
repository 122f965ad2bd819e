/* test_ctree.c: calling-context trees (query-ctree.c). */
#include <stdlib.h>
#include <string.h>

#include "cancel.h"
#include "profile.h"
#include "query-ctree.h"
#include "query.h"
#include "test.h"

/* main -> a -> b -> a -> c; main -> b, with b inlined into main; main -> a */
static const struct tp_location locs[] = {
	{ 1, 1, { "c" }, { 1 } },
	{ 2, 1, { "a" }, { 2 } },
	{ 3, 1, { "b" }, { 3 } },
	{ 4, 1, { "main" }, { 4 } },
	{ 5, 2, { "b", "main" }, { 5, 6 } },
};
static const struct tp_sample samples[] = {
	{ 5, { 1, 2, 3, 2, 4 }, { 1, 100 }, NULL, NULL },
	{ 1, { 5 }, { 1, 30 }, NULL, NULL },
	{ 2, { 2, 4 }, { 1, 7 }, NULL, NULL },
};

/* The child of c (NONE: a root) called name, or NONE. */
static uint32_t
child(struct query_ctree *t, uint32_t c, const char *name)
{
	const uint32_t *k;
	size_t n = query_ctree_children(t, c, &k), i;

	for (i = 0; i < n; i++)
		if (strcmp(query_ctree_name(t, k[i]), name) == 0)
			return k[i];
	return QUERY_NONE;
}

static struct query *
ctree_query(struct profile *p, const char *focus)
{
	struct query_options o;
	struct query *q;
	char *cause = NULL;

	query_options_init(&o);
	if (focus != NULL)
		o.focus = strdup(focus);
	q = query_new(p, &o, &cause);
	query_options_release(&o);
	free(cause);
	return q;
}

static void
test_ctree_top_down(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query *q = ctree_query(p, NULL);
	struct query_ctree *t = query_ctree_new(q, false);
	const uint32_t *k;
	uint32_t m, a, b, a2, c, mb;

	CHECK(query_ctree_children(t, QUERY_NONE, &k) == 1);
	m = child(t, QUERY_NONE, "main");
	CHECK(m != QUERY_NONE && query_ctree_cum(t, m) == 137);
	CHECK(query_ctree_total(t) == 137);
	/* children by cum: a (107) before b (30) */
	CHECK(query_ctree_children(t, m, &k) == 2);
	a = child(t, m, "a");
	mb = child(t, m, "b");
	CHECK(k[0] == a && k[1] == mb);
	CHECK(query_ctree_cum(t, a) == 107 && query_ctree_flat(t, a) == 7);
	CHECK(query_ctree_cum(t, mb) == 30 && query_ctree_flat(t, mb) == 30);
	/* recursion is a new context each time: a -> b -> a -> c */
	b = child(t, a, "b");
	a2 = child(t, b, "a");
	c = child(t, a2, "c");
	CHECK(c != QUERY_NONE && query_ctree_flat(t, c) == 100);
	CHECK(query_ctree_depth(t, c) == 4);
	CHECK(!query_ctree_has_children(t, c) &&
	    query_ctree_has_children(t, a2));
	query_ctree_free(t);
	query_free(q);
	profile_free(p);
}

static void
test_ctree_inverted(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query *q = ctree_query(p, NULL);
	struct query_ctree *t = query_ctree_new(q, true);
	const uint32_t *k;
	uint32_t c, a, b, ma;

	/* roots are the leaves, by value: c 100, b 30, a 7 */
	CHECK(query_ctree_children(t, QUERY_NONE, &k) == 3);
	c = child(t, QUERY_NONE, "c");
	CHECK(k[0] == c && query_ctree_cum(t, c) == 100);
	b = child(t, QUERY_NONE, "b");
	CHECK(k[1] == b && query_ctree_cum(t, b) == 30);
	/* callers below: c <- a <- b <- a <- main */
	a = child(t, c, "a");
	CHECK(a != QUERY_NONE && query_ctree_cum(t, a) == 100);
	ma = child(t, child(t, child(t, a, "b"), "a"), "main");
	CHECK(ma != QUERY_NONE && query_ctree_flat(t, ma) == 100);
	CHECK(child(t, b, "main") != QUERY_NONE);
	query_ctree_free(t);
	query_free(q);
	profile_free(p);
}

static void
test_ctree_filtered(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query *q = ctree_query(p, "^c$");
	struct query_ctree *t = query_ctree_new(q, false);
	uint32_t m;

	/* focus keeps the one sample through c */
	m = child(t, QUERY_NONE, "main");
	CHECK(m != QUERY_NONE && query_ctree_cum(t, m) == 100);
	CHECK(query_ctree_total(t) == 100);
	query_ctree_free(t);
	query_free(q);
	profile_free(p);
}

static bool
is_c(void *arg, uint32_t node)
{
	struct query *q = arg;

	return strcmp(q->nodes[node].name, "c") == 0;
}

static bool
is_b(void *arg, uint32_t node)
{
	struct query *q = arg;

	return strcmp(q->nodes[node].name, "b") == 0;
}

static void
test_ctree_find(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query *q = ctree_query(p, NULL);
	struct query_ctree *t = query_ctree_new(q, false);
	uint32_t c;

	/* c is only under main -> a -> b -> a */
	c = query_ctree_find(t, is_c, q);
	CHECK(c != QUERY_NONE && query_ctree_depth(t, c) == 4 &&
	    query_ctree_cum(t, c) == 100);
	/* b: most of its value goes main -> a -> b (100), not main -> b */
	c = query_ctree_find(t, is_b, q);
	CHECK(c != QUERY_NONE && query_ctree_depth(t, c) == 2 &&
	    query_ctree_cum(t, c) == 100);
	CHECK(query_ctree_matched(t, is_b, q) == 130);
	CHECK(query_ctree_matched(t, is_c, q) == 100);
	query_ctree_free(t);
	query_free(q);
	profile_free(p);
}

static bool
stop_now(void *arg)
{
	(void)arg;
	return true;
}

static void
test_ctree_interrupted(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query_options o;
	struct query *q;
	char *cause = NULL;

	query_options_init(&o);
	cancel_set_hook(stop_now, NULL);
	CHECK(query_new(p, &o, &cause) == NULL);
	CHECK_STR(cause, "interrupted");
	free(cause);
	cancel_set_hook(NULL, NULL);
	q = ctree_query(p, NULL);
	CHECK(q != NULL);
	cancel_set_hook(stop_now, NULL);
	/* the hook is asked every CANCEL_EVERY items: make it answer now */
	CHECK(cancel_now());
	CHECK(query_ctree_new(q, false) == NULL);
	cancel_set_hook(NULL, NULL);
	query_free(q);
	query_options_release(&o);
	profile_free(p);
}

/* Whether two trees have the same contexts, names and values. */
static bool
ctree_same(struct query_ctree *x, uint32_t cx, struct query_ctree *y,
    uint32_t cy)
{
	const uint32_t *kx, *ky;
	size_t nx = query_ctree_children(x, cx, &kx), i;
	size_t ny = query_ctree_children(y, cy, &ky);

	if (nx != ny || query_ctree_cum(x, cx) != query_ctree_cum(y, cy) ||
	    query_ctree_flat(x, cx) != query_ctree_flat(y, cy))
		return false;
	if (cx != QUERY_NONE &&
	    strcmp(query_ctree_name(x, cx), query_ctree_name(y, cy)) != 0)
		return false;
	for (i = 0; i < nx; i++) {
		/* expanding a child may move the lists: ask again */
		query_ctree_children(x, cx, &kx);
		query_ctree_children(y, cy, &ky);
		if (!ctree_same(x, kx[i], y, ky[i]))
			return false;
	}
	return true;
}

/*
 * A query whose paths were not kept (too big) gives a tree copied from
 * its locations: the same tree, both ways up.
 */
static void
test_ctree_own_paths(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query *q = ctree_query(p, NULL), *bare = ctree_query(p, NULL);
	struct query_ctree *t, *u;
	int inv;

	CHECK(q != NULL && bare != NULL);
	if (q != NULL)
		q->keep_paths = true;
	for (inv = 0; q != NULL && bare != NULL && inv < 2; inv++) {
		t = query_ctree_new(q, inv);
		CHECK(q->path != NULL);
		u = query_ctree_new(bare, inv);
		CHECK(bare->path == NULL);
		CHECK(t != NULL && u != NULL);
		if (t != NULL && u != NULL)
			CHECK(ctree_same(t, QUERY_NONE, u, QUERY_NONE));
		query_ctree_free(t);
		query_ctree_free(u);
	}
	query_free(q);
	query_free(bare);
	profile_free(p);
}

const struct test_case ctree_tests[] = {
	{ "ctree: from the query's paths or its own", test_ctree_own_paths },
	{ "ctree: queries and trees stop when asked", test_ctree_interrupted },
	{ "ctree: find the hottest context, matched value", test_ctree_find },
	{ "ctree: top-down contexts, order, recursion", test_ctree_top_down },
	{ "ctree: inverted, callers below the leaves", test_ctree_inverted },
	{ "ctree: built from the filtered view", test_ctree_filtered },
	{ NULL, NULL },
};
