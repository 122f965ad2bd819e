/*
 * test_rows.c: the rows of -list, -tags and -traces (query-list.h,
 * query-tags.h, query-traces.h), against what the text reports print for
 * the same profiles (tests/golden/expected/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builder.h"
#include "load.h"
#include "options.h"
#include "profile.h"
#include "query-ctree.h"
#include "query-internal.h"
#include "query-list.h"
#include "query-tags.h"
#include "query-traces.h"
#include "query.h"
#include "report.h"
#include "strbuf.h"
#include "test.h"
#include "xmalloc.h"

/* A query on testdata/name with report kind's overrides; NULL on error. */
static struct query *
rows_query(const char *name, enum report_kind kind, struct query_options *o,
    struct profile **pp)
{
	const struct report_def *d = report_find(kind);
	struct load_request r;
	char *path = xstrdup(test_data(name)), *cause = NULL;
	struct query *q;

	memset(&r, 0, sizeof r);
	r.paths = &path;
	r.npaths = 1;
	r.merged = (d->flags & REPORT_MERGED) != 0;
	input_limits_default(&r.limits);
	*pp = load_profile(&r, &cause);
	free(path);
	if (*pp == NULL) {
		printf("  %s: %s\n", name, cause);
		free(cause);
		return NULL;
	}
	report_apply_overrides(d, o);
	if ((q = query_new(*pp, o, &cause)) == NULL) {
		printf("  query: %s\n", cause);
		free(cause);
		profile_free(*pp);
		*pp = NULL;
	}
	return q;
}

/* Options for -list of synth_cpu with its sources in list-src/. */
static void
rows_list_options(struct query_options *o, const char *source_path)
{
	query_options_init(o);
	o->source_path = xstrdup(test_data(source_path));
	o->trim_path = xstrdup("/src");
}

/* list_synth_trim: -list=handleUsers|validate, sources found. */
static void
test_list_rows(void)
{
	struct query_options o;
	struct profile *p;
	struct query *q;
	struct query_list l;
	const struct query_list_routine *r;
	char *cause = NULL;

	rows_list_options(&o, "list-src");
	if ((q = rows_query("synth_cpu.pb.gz", REPORT_LIST, &o, &p)) == NULL) {
		test_failed++;
		query_options_release(&o);
		return;
	}
	CHECK(query_list_build(q, "handleUsers|validate", QUERY_LIST_MARGIN,
	    &l, &cause) == 0);
	CHECK(l.n == 2);
	CHECK_STR(query_list_format_value(q, l.total), "4.88s");
	if (l.n == 2) {
		r = &l.v[0];
		CHECK_STR(r->name, "main.handleUsers");
		CHECK_STR(r->file, "webserver/users.go");
		CHECK(r->error == NULL && r->hint == NULL);
		CHECK(r->path != NULL && strstr(r->path,
		    "list-src/webserver/users.go") != NULL);
		CHECK_STR(query_list_format_value(q, r->flat), "140ms");
		CHECK_STR(query_list_format_value(q, r->cum), "2.71s");
		/* lines 30 .. 44, as -list prints them */
		CHECK(r->nline == 15);
		CHECK(r->lines[0].lineno == 30);
		CHECK_STR(r->lines[1].text, "\tvar req UserRequest");
		CHECK(r->lines[3].flat == 0);
		CHECK_STR(query_list_format_value(q, r->lines[3].cum),
		    "1.23s");
		CHECK_STR(r->lines[14].text, "// users.go line 44");
		CHECK(r->lines[r->hottest].lineno == 38);
		r = &l.v[1];
		CHECK_STR(r->name, "main.validate");
		CHECK(r->nline == 10 && r->lines[0].lineno == 60);
		CHECK(r->lines[r->hottest].lineno == 62);
		CHECK_STR(query_list_format_value(q, r->lines[2].flat),
		    "760ms");
	}
	query_list_release(&l);
	CHECK(l.n == 0 && l.v == NULL);

	/* One file read once: routines over the same lines share them. */
	CHECK(query_list_build(q, "handleUsers|validate", 40, &l,
	    &cause) == 0);
	if (l.n == 2 && l.v[0].nline > 0 && l.v[1].nline > 0) {
		const struct query_list_line *a = &l.v[1].lines[0];
		const struct query_list_line *b = l.v[0].lines;
		size_t i;

		for (i = 0; i < l.v[0].nline && b[i].lineno != a->lineno; i++)
			;
		CHECK(i < l.v[0].nline && b[i].text == a->text);
	} else
		CHECK(!"two routines with lines");
	query_list_release(&l);

	/* The whole function: every sampled line is there. */
	CHECK(query_list_build(q, "^main\\.handleUsers$", QUERY_LIST_FUNCTION,
	    &l, &cause) == 0);
	CHECK(l.n == 1);
	if (l.n == 1) {
		CHECK(l.v[0].lines[0].lineno == 25);
		CHECK(l.v[0].lines[l.v[0].nline - 1].lineno == 44);
	}
	query_list_release(&l);

	CHECK(query_list_build(q, "nosuchfunction", QUERY_LIST_MARGIN, &l,
	    &cause) == -1);
	CHECK_STR(cause, "no matches found for regexp: nosuchfunction");
	free(cause);
	cause = NULL;
	CHECK(query_list_build(q, "main.(", QUERY_LIST_MARGIN, &l,
	    &cause) == -1);
	CHECK(cause != NULL && strncmp(cause, "parsing argument regexp",
	    23) == 0);
	free(cause);
	query_free(q);
	profile_free(p);
	query_options_release(&o);
}

/* Sources not found: pprof's error, a hint, and the sampled lines. */
static void
test_list_rows_missing(void)
{
	struct query_options o;
	struct profile *p;
	struct query *q;
	struct query_list l;
	const struct query_list_routine *r;
	char *cause = NULL;
	size_t i;

	rows_list_options(&o, "nothere");
	if ((q = rows_query("synth_cpu.pb.gz", REPORT_LIST, &o, &p)) == NULL) {
		test_failed++;
		query_options_release(&o);
		return;
	}
	CHECK(query_list_build(q, "handleUsers", QUERY_LIST_MARGIN, &l,
	    &cause) == 0);
	CHECK(l.n == 1);
	if (l.n == 1) {
		r = &l.v[0];
		CHECK(r->path == NULL);
		CHECK(r->error != NULL && strstr(r->error,
		    "could not find file webserver/users.go on path ") ==
		    r->error);
		CHECK(r->hint != NULL && strstr(r->hint, "-source_path") !=
		    NULL && strstr(r->hint, "nothere/webserver/users.go") !=
		    NULL);
		CHECK(r->nline == 5);
		for (i = 0; i < r->nline; i++)
			CHECK(r->lines[i].text == NULL &&
			    r->lines[i].cum != 0);
		CHECK(r->lines[r->hottest].lineno == 38);
	}
	query_list_release(&l);
	query_free(q);
	profile_free(p);
	query_options_release(&o);
}

/* traces_tags_synth_cpu: -tags. */
static void
test_tags_rows(void)
{
	struct query_options o;
	struct profile *p;
	struct query *q;
	struct query_tags t;
	const struct query_tag_key *k;
	char *cause = NULL;

	query_options_init(&o);
	if ((q = rows_query("synth_cpu.pb.gz", REPORT_TAGS, &o, &p)) == NULL) {
		test_failed++;
		query_options_release(&o);
		return;
	}
	CHECK(query_tags_build(q, &t, &cause) == 0);
	CHECK(t.nkey == 5);
	if (t.nkey == 5) {
		CHECK_STR(t.keys[0].name, "bytes");
		CHECK_STR(t.keys[1].name, "handler");
		CHECK_STR(t.keys[2].name, "latency");
		CHECK_STR(t.keys[3].name, "region");
		CHECK_STR(t.keys[4].name, "retries");
		k = &t.keys[0];
		CHECK(k->nvalue == 10);
		CHECK_STR(k->values[0].value, "4kB");
		CHECK(k->values[0].weight == 800000000);
		CHECK_STR(k->values[9].value, "64B");
		CHECK(k->values[9].weight == 60000000);
		CHECK(k->total == 3730000000);
		k = &t.keys[1];
		CHECK(k->nvalue == 3);
		CHECK_STR(k->values[0].value, "/api/users");
		CHECK_STR(k->values[2].value, "/api/tree");
		CHECK(k->values[2].weight == 580000000);
	}
	query_tags_release(&t);
	CHECK(t.nkey == 0 && t.keys == NULL);
	query_free(q);
	profile_free(p);
	query_options_release(&o);
}

/* traces_synth_cpu: -traces, against the report's own text. */
static void
test_traces_rows(void)
{
	struct query_options o;
	struct profile *p;
	struct query *q;
	struct query_traces it;
	const struct query_trace *t;
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL;
	const char *s;
	size_t n = 0, seps = 0;

	query_options_init(&o);
	if ((q = rows_query("synth_cpu.pb.gz", REPORT_TRACES, &o, &p)) ==
	    NULL) {
		test_failed++;
		query_options_release(&o);
		return;
	}
	query_traces_init(&it, q);
	while ((t = query_traces_next(&it)) != NULL) {
		CHECK(t->nframe > 0);
		if (n++ > 0)
			continue;
		CHECK(t->nlabel == 4);
		if (t->nlabel == 4) {
			CHECK_STR(t->labels[0].key, "region");
			CHECK_STR(t->labels[0].values, "eu");
			CHECK(!t->labels[0].numeric);
			CHECK_STR(t->labels[1].key, "handler");
			CHECK_STR(t->labels[2].key, "bytes");
			CHECK_STR(t->labels[2].values, "512B");
			CHECK(t->labels[2].numeric);
			CHECK_STR(t->labels[3].values, "12ms");
		}
		CHECK_STR(query_format_value(q, t->value), "400ms");
		CHECK(t->nframe == 5);
		if (t->nframe == 5) {
			CHECK_STR(t->frames[0].name, "main.checksum");
			CHECK(t->frames[0].inlined);
			CHECK(t->frames[1].inlined);
			CHECK_STR(t->frames[2].name, "main.handleUsers");
			CHECK(!t->frames[2].inlined);
			CHECK_STR(t->frames[4].name, "main.main");
		}
	}
	CHECK(query_traces_next(&it) == NULL);
	query_traces_release(&it);

	/* As many traces as the report prints. */
	CHECK(report_traces(&sb, q, &cause) == 0);
	for (s = sb.buf; (s = strstr(s, "-----------+")) != NULL; s++)
		seps++;
	CHECK(n > 0 && seps == n + 1);
	strbuf_release(&sb);
	query_free(q);
	profile_free(p);
	query_options_release(&o);
}

/* A graph's nodes in order, their marks and its edges, to compare. */
struct graph_shot {
	uint32_t		*order;
	size_t			 n;
	bool			*inl, *call;
	struct query_edge	*edges;
	size_t			 nedge;
};

static void
graph_shot(struct graph_shot *g, const struct query *q)
{
	size_t i;

	g->n = q->graph.norder;
	g->order = xreallocarray(NULL, g->n + 1, sizeof *g->order);
	g->inl = xcalloc(g->n + 1, sizeof *g->inl);
	g->call = xcalloc(g->n + 1, sizeof *g->call);
	for (i = 0; i < g->n; i++) {
		g->order[i] = q->graph.order[i];
		g->inl[i] = q->nodes[g->order[i]].in_inline;
		g->call[i] = q->nodes[g->order[i]].in_call;
	}
	g->nedge = q->edges.n;
	g->edges = xreallocarray(NULL, g->nedge + 1, sizeof *g->edges);
	if (g->nedge > 0)
		memcpy(g->edges, q->edges.v, g->nedge * sizeof *g->edges);
}

static void
graph_shot_free(struct graph_shot *g)
{
	free(g->order);
	free(g->inl);
	free(g->call);
	free(g->edges);
}

/* Whether g's nodes, order and marks are q's; *marked counts the marks. */
static bool
graph_same_nodes(const struct graph_shot *g, const struct query *q,
    size_t *marked)
{
	size_t i;

	if (q->graph.norder != g->n)
		return false;
	for (i = 0; i < g->n; i++) {
		const struct query_node *x = &q->nodes[q->graph.order[i]];

		if (q->graph.order[i] != g->order[i] ||
		    x->in_inline != g->inl[i] ||
		    (g->inl[i] && x->in_call != g->call[i]))
			return false;
		*marked += g->inl[i];
	}
	return true;
}

/* Whether g's edges are q's, in the same order with the same values. */
static bool
graph_same_edges(const struct graph_shot *g, const struct query *q)
{
	size_t i;

	if (q->edges.n != g->nedge)
		return false;
	for (i = 0; i < g->nedge; i++) {
		const struct query_edge *a = &g->edges[i], *b = &q->edges.v[i];

		if (a->src != b->src || a->dst != b->dst ||
		    a->weight != b->weight || a->inline_call !=
		    b->inline_call || a->residual != b->residual ||
		    a->removed != b->removed)
			return false;
	}
	return true;
}

static bool
want_all(void *arg, struct query *q, uint32_t n)
{
	(void)arg;
	(void)q;
	(void)n;
	return true;
}

/*
 * However a graph is built, it is the same graph: query_build_nodes_graph()
 * gives -top's nodes, order and (inline) marks as query_build_graph()
 * does, and the edges are the same whether built for every node or for
 * the ones a function wants, and whether the pass walks the locations or
 * scans the paths a query keeps (the viewer's), for every granularity
 * and trimming.
 */
static void
test_graph_builds_agree(void)
{
	static const char *const names[] = { "cpu.pb.gz", "heap.pb.gz",
	    "mutex.pb.gz", "deep.pb.gz", "synth_cpu.pb.gz", "labels.pb.gz" };
	struct query_options o;
	struct graph_shot g;
	struct profile *p;
	struct query *q, *kq;
	size_t f, gr, marked = 0, pathed = 0;
	int trim;
	char *cause = NULL;

	for (f = 0; f < sizeof names / sizeof names[0]; f++) {
		for (gr = GRAN_FUNCTIONS; gr <= GRAN_ADDRESSES; gr++) {
			for (trim = 0; trim < 4; trim++) {
				query_options_init(&o);
				o.granularity = (enum granularity)gr;
				if (trim == 1)
					o.edgefraction = 0.05;
				if (trim == 2)
					o.noinlines = true;
				if (trim == 3)
					o.nodecount = 8;
				q = rows_query(names[f], REPORT_TOP, &o, &p);
				query_options_release(&o);
				CHECK(q != NULL);
				if (q == NULL)
					continue;
				kq = query_new(p, &q->opt, &cause);
				CHECK(kq != NULL);
				if (kq == NULL) {
					free(cause);
					query_free(q);
					profile_free(p);
					continue;
				}
				kq->keep_paths = true;

				/* the reference: every edge found by hash */
				query_build_graph_want(q, q->opt.nodecount,
				    true, want_all, NULL);
				graph_shot(&g, q);
				query_build_graph(q, q->opt.nodecount, true);
				CHECK(graph_same_nodes(&g, q, &marked));
				CHECK(graph_same_edges(&g, q));
				query_build_nodes_graph(q, q->opt.nodecount,
				    true);
				CHECK(graph_same_nodes(&g, q, &marked));
				query_build_nodes_graph(kq, kq->opt.nodecount,
				    true);
				CHECK(graph_same_nodes(&g, kq, &marked));
				/* a call tree builds the paths; then scanned */
				query_ctree_free(query_ctree_new(kq, false));
				CHECK(kq->path != NULL);
				query_build_nodes_graph(kq, kq->opt.nodecount,
				    true);
				CHECK(graph_same_nodes(&g, kq, &marked));
				query_build_graph(kq, kq->opt.nodecount, true);
				CHECK(kq->path != NULL);
				pathed += kq->path != NULL;
				CHECK(graph_same_nodes(&g, kq, &marked));
				CHECK(graph_same_edges(&g, kq));
				graph_shot_free(&g);
				query_free(kq);
				query_free(q);
				profile_free(p);
			}
		}
	}
	CHECK(marked > 0);	/* the profiles have inlined nodes */
	CHECK(pathed > 0);
}

/*
 * A profile of 650 functions called in nsample random stacks (with
 * recursion, and 50 locations with an inlined frame): at 40000, a graph
 * of over 64k edges, so that ordering them takes two threads.
 */
static struct profile *
edges_profile(size_t nsample)
{
	struct profile_builder *b = profile_builder_create();
	struct profile_line ln[2];
	uint32_t fn[650], loc[700], stack[12];
	uint64_t r = 88172645463325252ULL;
	int64_t v[1];
	size_t i, s, depth;
	char name[16];

	profile_builder_sample_type(b, "cpu", "nanoseconds");
	for (i = 0; i < 650; i++) {
		snprintf(name, sizeof name, "f%03zu", i % 600);
		/* f000..f049 twice: same name, other nodes */
		fn[i] = profile_builder_function(b,
		    profile_builder_str(b, name), 0, profile_builder_str(b,
		    i < 600 ? "a.c" : "b.c"), 0);
		memset(ln, 0, sizeof ln);
		ln[0].function = fn[i];
		ln[0].line = 1;
		loc[i] = profile_builder_location(b, PROFILE_NONE, 0x1000 + i,
		    ln, 1, false);
	}
	for (i = 0; i < 50; i++) {
		ln[0].function = fn[(i * 7) % 650];
		ln[0].line = 2;
		ln[1].function = fn[i];
		ln[1].line = 2;
		loc[650 + i] = profile_builder_location(b, PROFILE_NONE,
		    0x9000 + i, ln, 2, false);
	}
	for (s = 0; s < nsample; s++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		depth = 2 + r % 10;
		for (i = 0; i < depth; i++) {
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			stack[i] = loc[r % 700];
		}
		v[0] = (int64_t)(1 + r % 5) * 10000000;
		profile_builder_sample(b, stack, depth, v, NULL, 0);
	}
	return profile_builder_finish(b);
}

/*
 * The profiles the edge tests go through: edges_profile(40000) (100k+
 * edges, long enough for two threads), then these files.
 */
static const char *const edge_files[] = { "cpu.pb.gz", "heap.pb.gz",
    "deep.pb.gz", "synth_cpu.pb.gz", "labels.pb.gz" };
#define EDGE_PROFILES	(1 + sizeof edge_files / sizeof edge_files[0])

/*
 * A query on edge profile f as rows_query() makes one, with report kind's
 * overrides; NULL (and *pp NULL) on error.
 */
static struct query *
edge_query(size_t f, enum report_kind kind, struct query_options *o,
    struct profile **pp)
{
	struct query *q;
	char *cause = NULL;

	if (f > 0)
		return rows_query(edge_files[f - 1], kind, o, pp);
	*pp = edges_profile(40000);
	report_apply_overrides(report_find(kind), o);
	if ((q = query_new(*pp, o, &cause)) == NULL) {
		printf("  query: %s\n", cause);
		free(cause);
		profile_free(*pp);
		*pp = NULL;
	}
	return q;
}

/*
 * The edges of q's untrimmed graph, found the plain way: every sample's
 * pairs (caller, callee), the first of each in the sample kept, sorted
 * and summed.
 */
struct plain_edge {
	uint32_t	src, dst;
	int64_t		weight;
	bool		inl;
};

static int
plain_cmp(const void *va, const void *vb)
{
	const struct plain_edge *a = va, *b = vb;

	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	return (a->dst > b->dst) - (a->dst < b->dst);
}

static struct plain_edge *
plain_edges(const struct query *q, size_t *np)
{
	const struct profile *p = q->p;
	struct plain_edge *v = NULL;
	size_t cap = 0, n = 0, first, s, i, j, m;
	uint32_t parent, node, loc, k, nl;
	int64_t w;

	for (s = 0; s < p->nsample; s++) {
		w = profile_sample_values(p, s)[q->sample_index];
		if (!q->sample_kept[s] || w == 0)
			continue;
		parent = QUERY_NONE;
		first = n;
		for (i = q->vs_n[s]; i-- > 0;) {
			loc = p->locs[q->vs_off[s] + i];
			nl = q->loc_nn[loc];
			for (k = nl; k-- > 0;) {
				node = q->loc_nodes[q->loc_node_off[loc] + k];
				if (parent != QUERY_NONE && node != parent) {
					for (j = first; j < n; j++)
						if (v[j].src == parent &&
						    v[j].dst == node)
							break;
					if (j == n) {
						XGROW(v, cap, n + 1);
						v[n++] = (struct plain_edge){
						    parent, node, w,
						    k + 1 < nl };
					}
				}
				parent = node;
			}
		}
	}
	if (n > 0)
		qsort(v, n, sizeof *v, plain_cmp);
	for (i = m = 0; i < n; i++) {
		if (m > 0 && plain_cmp(&v[m - 1], &v[i]) == 0) {
			v[m - 1].weight += v[i].weight;
			v[m - 1].inl = v[m - 1].inl && v[i].inl;
		} else
			v[m++] = v[i];
	}
	*np = m;
	return v;
}

/* Whether list l (of node n, in or out) is in pprof's order; marks seen. */
static bool
edge_list_ordered(const struct query *q, uint32_t n, bool in,
    const struct query_edge_list *l, uint8_t *seen)
{
	const struct query_edge *a, *b;
	const char *an, *bn;
	size_t j;
	int c;

	for (j = 0; j < l->n; j++) {
		a = &q->edges.v[query_edge_at(l, j)];
		if ((in ? a->dst : a->src) != n || seen[query_edge_at(l, j)]++)
			return false;
		if (j == 0)
			continue;
		b = &q->edges.v[query_edge_at(l, j - 1)];
		if (llabs(b->weight) != llabs(a->weight)) {
			if (llabs(b->weight) < llabs(a->weight))
				return false;
			continue;
		}
		an = q->nodes[in ? a->src : a->dst].printable;
		bn = q->nodes[in ? b->src : b->dst].printable;
		if ((c = strcmp(bn, an)) > 0)
			return false;
		/* the same name: the caller's order, or the edges' */
		if (c == 0 && !in && query_edge_at(l, j - 1) >
		    query_edge_at(l, j))
			return false;
	}
	return true;
}

/*
 * The same graph with an edges pass's bounds made small: the first walk
 * keeps no pairs, and rounds are 64 pairs, fewer than many callers have,
 * or a third of the pairs.
 */
static void
test_edge_rounds(void)
{
	uint32_t flat = query_pairs_flat_max, round = query_pairs_round_max, n;
	uint32_t rounds = query_pairs_rounds;
	struct profile *p = edges_profile(4000);
	struct query_edge_list a, b;
	struct query_options o;
	struct query *q, *r;
	char *cause = NULL;
	size_t j, big = 0;
	int k;

	query_options_init(&o);
	q = query_new(p, &o, &cause);
	CHECK(q != NULL);
	if (q == NULL) {
		free(cause);
		query_options_release(&o);
		profile_free(p);
		return;
	}
	query_build_graph(q, 0, false);
	for (k = 0; k < 2; k++) {
		r = query_new(p, &o, &cause);
		CHECK(r != NULL);
		if (r == NULL) {
			free(cause);
			break;
		}
		query_pairs_flat_max = 100;
		query_pairs_round_max = 64;
		query_pairs_rounds = k == 0 ? UINT32_MAX : 3;
		query_build_graph(r, 0, false);
		query_pairs_flat_max = flat;
		query_pairs_round_max = round;
		query_pairs_rounds = rounds;
		/* one line for the first difference, not one for each */
		CHECK(r->edges.n == q->edges.n && r->edges.n > 10000);
		for (j = 0; j < q->edges.n && j < r->edges.n; j++)
			if (memcmp(&r->edges.v[j], &q->edges.v[j],
			    sizeof r->edges.v[j]) != 0)
				break;
		CHECK(j == q->edges.n);
		for (n = 0; n < q->nnode; n++) {
			query_out_edges(q, n, &a);
			big += a.n > 64;
			query_in_edges(q, n, &a);
			query_in_edges(r, n, &b);
			if (a.n != b.n || (a.n > 0 &&
			    memcmp(a.idx, b.idx, a.n * sizeof *a.idx) != 0))
				break;
		}
		CHECK(n == q->nnode);
		query_free(r);
	}
	query_options_release(&o);
	CHECK(big > 0);
	query_free(q);
	profile_free(p);
}

/*
 * The edges of a graph of 100k edges (ordered in two threads) and of the
 * test profiles: each the sum of its samples once per sample, inline
 * only if every call was, as counted the plain way; every node's lists
 * in pprof's order, every live edge in one list of each side.
 */
static void
test_edge_order(void)
{
	struct query_options o;
	struct query_edge_list l;
	struct plain_edge *m, *e;
	struct profile *p;
	struct query *q;
	uint8_t *in, *out;
	size_t f, i, used, big = 0, trimmed = 0;
	uint32_t n;
	bool trim, ok;

	for (f = 0; f < EDGE_PROFILES; f++) {
		for (trim = false; ; trim = true) {
			query_options_init(&o);
			q = edge_query(f, REPORT_TOP, &o, &p);
			query_options_release(&o);
			CHECK(q != NULL);
			if (q == NULL)
				break;
			if (trim)
				q->opt.edgefraction = 0.002;
			query_build_graph(q, 0, trim);
			if (f == 0 && !trim)
				big = q->edges.n;
			ok = true;
			if (!trim) {
				m = plain_edges(q, &used);
				ok = used == q->edges.n;
				for (i = 0; ok && i < q->edges.n; i++) {
					struct plain_edge k = {
					    q->edges.v[i].src,
					    q->edges.v[i].dst, 0, false };

					e = bsearch(&k, m, used, sizeof *m,
					    plain_cmp);
					ok = e != NULL && e->weight ==
					    q->edges.v[i].weight && e->inl ==
					    q->edges.v[i].inline_call;
				}
				free(m);
			} else
				trimmed += q->graph.dropped_edges > 0;
			CHECK(ok);
			in = xcalloc(q->edges.n + 1, 1);
			out = xcalloc(q->edges.n + 1, 1);
			for (n = 0; n < q->nnode; n++) {
				query_in_edges(q, n, &l);
				CHECK(edge_list_ordered(q, n, true, &l, in));
				query_out_edges(q, n, &l);
				CHECK(edge_list_ordered(q, n, false, &l, out));
			}
			for (i = 0; i < q->edges.n; i++)
				CHECK(in[i] == 1 && out[i] == 1 &&
				    !q->edges.v[i].removed);
			free(in);
			free(out);
			query_free(q);
			profile_free(p);
			if (trim)
				break;
		}
	}
	CHECK(big >= 65536);	/* QUERY_SPLIT_MIN: ordered in halves */
	CHECK(trimmed > 0);
}

/* A call tree as text: every context to depth 6, with its values. */
static void
tree_dump(struct strbuf *sb, struct query_ctree *t, uint32_t c, int depth)
{
	const uint32_t *kids;
	uint32_t *own;
	size_t n, i;

	if (c != QUERY_NONE)
		strbuf_addf(sb, "%*s%s %lld %lld\n", depth, "",
		    query_ctree_name(t, c), (long long)query_ctree_cum(t, c),
		    (long long)query_ctree_flat(t, c));
	if (depth >= 6)
		return;
	/* a copy: opening the children's children may move the list */
	n = query_ctree_children(t, c, &kids);
	own = xreallocarray(NULL, n + 1, sizeof *own);
	memcpy(own, kids, n * sizeof *own);
	for (i = 0; i < n; i++)
		tree_dump(sb, t, own[i], depth + 1);
	free(own);
}

/* q's -top graph and call tree: the same as the one of fresh options? */
static bool
like_agrees(struct query *fresh, struct query *q, size_t *marked,
    size_t *trees)
{
	struct graph_shot g;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct query_ctree *t;
	bool same;

	query_build_graph(fresh, fresh->opt.nodecount, true);
	graph_shot(&g, fresh);
	query_build_nodes_graph(q, q->opt.nodecount, true);
	same = graph_same_nodes(&g, q, marked);
	query_build_graph(q, q->opt.nodecount, true);
	same = same && graph_same_nodes(&g, q, marked) &&
	    graph_same_edges(&g, q);
	graph_shot_free(&g);
	if ((t = query_ctree_new(fresh, false)) != NULL)
		tree_dump(&a, t, QUERY_NONE, 0);
	query_ctree_free(t);
	if ((t = query_ctree_new(q, true)) != NULL)	/* the paths read */
		query_ctree_free(t);			/* backwards */
	if ((t = query_ctree_new(q, false)) != NULL)
		tree_dump(&b, t, QUERY_NONE, 0);
	query_ctree_free(t);
	same = same && strcmp(a.buf != NULL ? a.buf : "",
	    b.buf != NULL ? b.buf : "") == 0;
	*trees += a.len > 0;
	strbuf_release(&a);
	strbuf_release(&b);
	return same;
}

/*
 * The viewer goes from query to query with query_new_like(): whatever
 * it shares with the previous one (frame tables, paths) and whatever it
 * builds again, each gives the graph and the call tree that a fresh
 * query gives.  The steps change the sample index, the filters (by
 * sample, by line, by tag), the granularity and -noinlines, and go back;
 * the test also checks that the steps that can share do.
 */
static void
test_query_like(void)
{
	static const struct {
		const char	*name, *value;
		/* 3: frames and paths, 2: paths, 1: frames */
		int		 shares;
	} steps[] = {
		{ "sample_index", "1", 3 },
		{ "focus", "main", 1 },
		{ "ignore", "fib|sort|malloc", 1 },
		{ "focus", "", 1 },
		{ "hide", "runtime|Unlock", 0 },
		{ "granularity", "lines", 2 },
		{ "granularity", "files", 2 },
		{ "hide", "", 0 },
		{ "noinlines", "true", 0 },
		{ "granularity", "addresses", 2 },
		{ "sample_index", "0", 3 },
		{ "ignore", "", 1 },
		{ "noinlines", "false", 0 },
		{ "tagfocus", "key1=value1", 1 },
		{ "granularity", "functions", 2 },
		{ "tagfocus", "", 1 },
	};
	static const char *const names[] = { "cpu.pb.gz", "heap.pb.gz",
	    "labels.pb.gz", "mutex.pb.gz", "synth_cpu.pb.gz" };
	struct options oo;
	struct query_options *o = &oo.q;
	struct profile *p;
	struct query *prev, *q, *fresh;
	size_t f, i, marked = 0, shared = 0, pathed = 0, trees = 0;
	char *cause = NULL;

	for (f = 0; f < sizeof names / sizeof names[0]; f++) {
		options_init(&oo);
		if ((prev = rows_query(names[f], REPORT_TOP, o, &p)) == NULL) {
			test_failed++;
			options_release(&oo);
			continue;
		}
		query_free(prev);
		prev = query_new_like(p, o, NULL, &cause);
		CHECK(prev != NULL && prev->path != NULL);
		for (i = 0; prev != NULL && i < sizeof steps / sizeof steps[0];
		    i++) {
			if (options_set(&oo, steps[i].name,
			    steps[i].value, &cause) == -1) {
				printf("  %s=%s: %s\n", steps[i].name,
				    steps[i].value, cause);
				free(cause);
				cause = NULL;
				test_failed++;
				continue;
			}
			q = query_new_like(p, o, prev, &cause);
			fresh = query_new(p, o, &cause);
			CHECK(q != NULL && fresh != NULL);
			if (q == NULL || fresh == NULL) {
				free(cause);
				cause = NULL;
				query_free(fresh);
				if (q == NULL)
					break;
				query_free(q);
				continue;
			}
			CHECK(q->path != NULL);
			if ((steps[i].shares & 1) &&
			    q->loc_nodes == prev->loc_nodes)
				shared++;
			if ((steps[i].shares & 2) && q->path == prev->path)
				pathed++;
			if (!(steps[i].shares & 1))
				CHECK(q->loc_nodes != prev->loc_nodes);
			if (steps[i].shares == 0)	/* other frames */
				CHECK(q->path != prev->path);
			if (!like_agrees(fresh, q, &marked, &trees)) {
				printf("  %s, %s=%s: not the same\n", names[f],
				    steps[i].name, steps[i].value);
				test_failed++;
			}
			query_free(fresh);
			query_free(prev);
			prev = q;
		}
		query_free(prev);
		options_release(&oo);
		profile_free(p);
	}
	/* every file shares at every sharing step */
	CHECK(shared == 8 * (sizeof names / sizeof names[0]));
	/* and at the steps that keep the samples and the lines */
	CHECK(pathed == 6 * (sizeof names / sizeof names[0]));
	CHECK(marked > 0);
	CHECK(trees > 60);
}

/* A flush hook that keeps what it is handed. */
static int
keep_flush(void *arg, const char *buf, size_t len)
{
	strbuf_add(arg, buf, len);
	return 0;
}

/* Report kind (-tree or -peek) of q into sb; 0 on success. */
static int
tree_report(struct strbuf *sb, struct query *q, bool peek)
{
	char *cause = NULL;
	int rc = peek ? report_peek(sb, q, &cause) : report_tree(sb, q,
	    &cause);

	free(cause);
	return rc;
}

/*
 * -tree and -peek=. tables printed by one thread and by two, in chunks
 * of three lines, kept in the buffer or handed to a flush hook: the same
 * bytes.  The 40000-sample profile's -peek=. is long enough to take two
 * threads as cpv is.
 */
static void
test_tree_split(void)
{
	size_t split = report_tree_split_lines;
	size_t chunk = report_tree_chunk_lines, f, i, lines;
	struct strbuf one, two, hooked, kept;
	struct query_options o;
	struct profile *p;
	struct query *q;
	bool peek;

	for (f = 0; f < EDGE_PROFILES; f++) {
		for (peek = false; ; peek = true) {
			query_options_init(&o);
			if (peek)
				o.symbol = xstrdup(".");
			q = edge_query(f, peek ? REPORT_PEEK : REPORT_TREE, &o,
			    &p);
			query_options_release(&o);
			CHECK(q != NULL);
			if (q == NULL)
				break;
			strbuf_init(&one);
			strbuf_init(&two);
			strbuf_init(&hooked);
			strbuf_init(&kept);
			hooked.flush = keep_flush;
			hooked.flush_arg = &kept;
			report_tree_split_lines = SIZE_MAX;
			CHECK(tree_report(&one, q, peek) == 0);
			if (f == 0) {	/* as cpv is */
				report_tree_split_lines = split;
				report_tree_chunk_lines = chunk;
			} else {
				report_tree_split_lines = 1;
				report_tree_chunk_lines = 3;
			}
			CHECK(tree_report(&two, q, peek) == 0);
			CHECK(tree_report(&hooked, q, peek) == 0);
			CHECK(strbuf_flush(&hooked, 1) == 0);
			report_tree_split_lines = split;
			report_tree_chunk_lines = chunk;
			CHECK(one.len > 0 && two.len == one.len &&
			    memcmp(one.buf, two.buf, one.len) == 0);
			CHECK(kept.len == one.len &&
			    memcmp(one.buf, kept.buf, one.len) == 0);
			if (f == 0 && peek) {
				for (i = lines = 0; i < one.len; i++)
					lines += one.buf[i] == '\n';
				CHECK(lines >= split);
			}
			strbuf_release(&one);
			strbuf_release(&two);
			strbuf_release(&hooked);
			strbuf_release(&kept);
			query_free(q);
			profile_free(p);
			if (peek)
				break;
		}
	}
}

const struct test_case rows_tests[] = {
	{ "rows: graph builds agree", test_graph_builds_agree },
	{ "rows: queries built like others agree", test_query_like },
	{ "rows: edges and their order", test_edge_order },
	{ "rows: edges gathered in rounds", test_edge_rounds },
	{ "rows: tables in two threads", test_tree_split },
	{ "rows: list", test_list_rows },
	{ "rows: list, sources missing", test_list_rows_missing },
	{ "rows: tags", test_tags_rows },
	{ "rows: traces", test_traces_rows },
	{ NULL, NULL },
};
