/* test_query.c: the engine's graph rules on small built profiles. */
#include <stdlib.h>

#include "options.h"
#include "profile.h"
#include "query.h"
#include "report.h"
#include "strbuf.h"
#include "test.h"

/*
 * main -> a -> b -> a -> c (recursion), and main -> b (inlined into main:
 * location 5 has lines b (inlined) and main).
 */
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

static struct query_node *
node(struct query *q, const char *name)
{
	size_t i;

	for (i = 0; i < q->graph.norder; i++)
		if (strcmp(q->nodes[q->graph.order[i]].printable, name) == 0)
			return &q->nodes[q->graph.order[i]];
	return NULL;
}

static struct query *
run(struct profile *p, struct query_options *o)
{
	char *cause = NULL;
	struct query *q = query_new(p, o, &cause);

	if (q == NULL) {
		printf("  query: %s\n", cause);
		free(cause);
		return NULL;
	}
	query_build_graph(q, 0, true);
	return q;
}

static void
test_recursion_counted_once(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query_options o;
	struct query *q;
	struct query_node *a, *m, *b, *c;

	query_options_init(&o);
	o.nodefraction = 0;
	q = run(p, &o);
	CHECK(q != NULL);
	if (q != NULL) {
		a = node(q, "a");
		m = node(q, "main");
		b = node(q, "b");
		c = node(q, "c");
		CHECK(a && m && b && c);
		if (a && m && b && c) {
			CHECK(a->cum == 107 && a->flat == 7);
			CHECK(m->cum == 137 && m->flat == 0);
			CHECK(c->flat == 100 && c->cum == 100);
			CHECK(b->cum == 130 && b->flat == 30);
			/* b is reached inlined (from main) and called (from a) */
			CHECK(b->in_inline && b->in_call);
		}
		CHECK(q->total == 137);
		/* flat sort: c, b, a, then main */
		CHECK(q->graph.norder == 4);
		CHECK(node(q, "c") == &q->nodes[q->graph.order[0]]);
	}
	query_free(q);
	query_options_release(&o);
	profile_free(p);
}

static void
test_hide_and_focus(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query_options o;
	struct query *q;

	query_options_init(&o);
	o.nodefraction = 0;
	o.hide = strdup("^c$");
	q = run(p, &o);
	if (q != NULL) {
		/* c's flat moves to its caller a */
		CHECK(node(q, "c") == NULL);
		CHECK(node(q, "a") && node(q, "a")->flat == 107);
		CHECK(q->total == 137);
	}
	query_free(q);
	free(o.hide);
	o.hide = NULL;
	o.focus = strdup("^c$");
	q = run(p, &o);
	if (q != NULL) {
		CHECK(node(q, "main") && node(q, "main")->cum == 100);
		CHECK(node(q, "b") && node(q, "b")->cum == 100);
		CHECK(q->total == 137);	/* not relative */
	}
	query_free(q);
	o.relative_percentages = true;
	q = run(p, &o);
	if (q != NULL)
		CHECK(q->total == 100);
	query_free(q);
	query_options_release(&o);
	profile_free(p);
}

static void
test_noinlines_and_tags(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query_options o;
	struct query *q;

	query_options_init(&o);
	o.nodefraction = 0;
	o.noinlines = true;
	q = run(p, &o);
	if (q != NULL) {
		/* the inlined b in location 5 is attributed to main */
		CHECK(node(q, "main") && node(q, "main")->flat == 30);
		CHECK(node(q, "b") && node(q, "b")->cum == 100);
	}
	query_free(q);
	o.noinlines = false;
	o.tagfocus = strdup("h=y");
	q = run(p, &o);
	if (q != NULL) {
		CHECK(q->graph.norder == 2);
		CHECK(node(q, "b") && node(q, "b")->flat == 30);
	}
	query_free(q);
	free(o.tagfocus);
	o.tagfocus = NULL;
	o.tagroot = strdup("h");
	q = run(p, &o);
	if (q != NULL) {
		CHECK(node(q, "x") && node(q, "x")->cum == 100);
		CHECK(node(q, "<unknown>") && node(q, "<unknown>")->cum == 7);
	}
	query_free(q);
	query_options_release(&o);
	profile_free(p);
}

static void
test_trimming(void)
{
	struct profile *p = tp_build(locs, 5, samples, 3);
	struct query_options o;
	struct query *q;
	struct strbuf sb = STRBUF_INIT;

	query_options_init(&o);
	o.nodefraction = 0.1;	/* cutoff 13: nothing under it but... */
	o.nodecount = 2;
	q = query_new(p, &o, &(char *){ NULL });
	if (q != NULL) {
		CHECK(report_top(&sb, q, &(char *){ NULL }) == 0);
		CHECK(q->graph.norder == 2);
		CHECK(q->graph.orig_count == 4);
		CHECK(strstr(sb.buf, "Showing top 2 nodes out of 4") != NULL);
		CHECK(strstr(sb.buf, "Dropped") == NULL);
	}
	query_free(q);
	strbuf_release(&sb);
	query_options_release(&o);
	profile_free(p);
}

/* Expected values from pprof's trimPath, run under Go 1.19. */
static void
test_trim_path(void)
{
	static const struct {
		const char *path, *trim, *search, *want;
	} t[] = {
		{ "/proc/self/cwd/./a/b.go", "", "", "a/b.go" },
		{ "/proc/self/cwd/a/b.go", NULL, NULL, "a/b.go" },
		{ "/proc/self/cwd/", "", "", "" },
		{ "/src/web/users.go", "/src", "", "web/users.go" },
		{ "/src/web/users.go", "/src/", "", "web/users.go" },
		{ "/srcx/web/users.go", "/src", "", "/srcx/web/users.go" },
		{ "/src/web/users.go", "/none:/src", "", "web/users.go" },
		{ "/src/web/users.go", ":", "", "src/web/users.go" },
		{ "/src/web/users.go", "", "/home/me/web", "users.go" },
		{ "/src/web/users.go", "", "/home/me/web/", "users.go" },
		{ "/src/web/users.go", "", "x:/home/me/src", "web/users.go" },
		{ "/src/web/users.go", "", "x:", "/src/web/users.go" },
		{ "/a/./b.go", "", "x:", "b.go" },
		{ "//b.go", "", "/", "//b.go" },
		{ "///b.go", "", "/", "b.go" },
		{ "/src/web/users.go", "/nope", "/home/me/web",
		    "/src/web/users.go" },
		{ "/proc/self/cwd/web/x.go", "/nope", "", "web/x.go" },
		{ "cpvgen/cpu/main.go", "", "gen/cpu", "main.go" },
		{ "cpvgen/cpu/main.go", "", "gen", "cpvgen/cpu/main.go" },
		{ "cpvgen/cpu/main.go", "cpvgen", "gen", "cpu/main.go" },
		{ "a/web/b/web/c.go", "", "web", "b/web/c.go" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		CHECK_STR(query_trim_path(t[i].path, t[i].trim, t[i].search),
		    t[i].want);
}

const struct test_case query_tests[] = {
	{ "query_recursion_counted_once", test_recursion_counted_once },
	{ "query_hide_and_focus", test_hide_and_focus },
	{ "query_noinlines_tags_tagroot", test_noinlines_and_tags },
	{ "query_trimming", test_trimming },
	{ "query_trim_path", test_trim_path },
	{ NULL, NULL },
};
