/*
 * report-tree.c: -tree and -peek.
 *
 * Both print pprof's "context" table: each node of the report between its
 * callers and its callees.  -tree shows every node of the trimmed graph,
 * -peek the untrimmed graph's nodes whose printable name matches a
 * regexp.  pprof compatibility, all checked against go tool pprof:
 *
 *   - edge percentages are of the node's cum (after -mean), while the
 *     edge value itself is the plain sum of the sample values, never a
 *     mean: with -mean an edge can show more than 100%;
 *   - an edge is marked " (inline)" when every call it stands for was
 *     inlined; residual edges (over trimmed nodes) carry no mark;
 *   - zero-weight edges are printed;
 *   - sum% runs over the printed nodes only, in report order, and the
 *     header totals count every node of the graph, matched or not;
 *   - the closing separator is printed only if the graph has a node, and
 *     a -peek that matches nothing fails with no output at all.
 */
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "query.h"
#include "report.h"
#include "rx.h"
#include "strbuf.h"
#include "vis.h"
#include "xmalloc.h"

#define TREE_SEPARATOR \
	"----------------------------------------------------------+-------------\n"
#define TREE_LEGEND \
	"      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t \n"

/*
 * What a table prints again and again, made once: each node's name as
 * vis shows it, followed by " (inline)\n" (a node is named on every edge
 * that reaches it), and the start of an edge's line, its value and share
 * of the node's cum (a node's edges often share a weight).  An edge's
 * line is then two copies.  A -peek=. prints millions of edges.
 */
#define TREE_PREFIX_SLOTS	1024
#define TREE_INLINE		" (inline)\n"

struct tree_cache {
	/*
	 * The names, one after another (they are read in random order
	 * and should share cache lines): node n's from name[n] - 1, 0
	 * until used, and len[n] long without TREE_INLINE.
	 */
	struct strbuf	  names;
	uint32_t	 *name;
	uint32_t	 *len;
	struct tree_prefix {
		int64_t	 value, total;
		char	 s[96];	/* TREE_CHUNK past the longest kept */
		uint8_t	 len;		/* 0: unused */
	}		 *prefix;
};

static void
tree_cache_init(struct tree_cache *c, const struct query *q)
{
	strbuf_init(&c->names);
	c->name = xcalloc(q->nnode + 1, sizeof *c->name);
	c->len = xcalloc(q->nnode + 1, sizeof *c->len);
	c->prefix = xcalloc(TREE_PREFIX_SLOTS, sizeof *c->prefix);
}

static void
tree_cache_release(struct tree_cache *c)
{
	strbuf_release(&c->names);
	free(c->name);
	free(c->len);
	free(c->prefix);
}

/*
 * Add len bytes of s, which can be read up to a multiple of TREE_CHUNK
 * past: whole chunks, copied inline, where a call to memcpy() for each
 * of millions of short strings was a tenth of a -peek=.'s time.
 */
#define TREE_CHUNK	32

static inline void
tree_copy(struct strbuf *sb, const char *s, size_t len)
{
	size_t i;

	if (sb->alloc == 0 || sb->alloc - sb->len <= len + TREE_CHUNK)
		strbuf_grow(sb, len + TREE_CHUNK);
	for (i = 0; i < len; i += TREE_CHUNK)
		memcpy(sb->buf + sb->len + i, s + i, TREE_CHUNK);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

/* Node n's name, and " (inline)" if inl, and a newline. */
static void
tree_add_name(struct strbuf *sb, struct tree_cache *c, const struct query *q,
    uint32_t n, bool inl)
{
	const char *s;

	if (c->name[n] == 0) {
		if (c->names.len >= UINT32_MAX - 1) {
			/* no room: named in place (4 GB of names) */
			vis_addstr(sb, q->nodes[n].printable, 0);
			strbuf_addstr(sb, inl ? TREE_INLINE : "\n");
			return;
		}
		c->name[n] = (uint32_t)c->names.len + 1;
		vis_addstr(&c->names, q->nodes[n].printable, 0);
		c->len[n] = (uint32_t)(c->names.len - (c->name[n] - 1));
		strbuf_addstr(&c->names, TREE_INLINE);
		/* readable, and defined, past the last (tree_copy()) */
		strbuf_grow(&c->names, TREE_CHUNK);
		memset(c->names.buf + c->names.len, 0, TREE_CHUNK);
	}
	s = c->names.buf + c->name[n] - 1;
	if (inl)
		tree_copy(sb, s, c->len[n] + sizeof TREE_INLINE - 1);
	else {
		/* the name and the space of " (inline)", made a newline */
		tree_copy(sb, s, c->len[n] + 1);
		sb->buf[sb->len - 1] = '\n';
	}
}

/* Ask for node n's name, if made, before it is needed. */
static inline void
tree_prefetch_name(const struct tree_cache *c, uint32_t n)
{
	if (c->name[n] != 0)
		__builtin_prefetch(c->names.buf + c->name[n] - 1);
}

/* The start of an edge's line: its value and its share of total. */
static void
tree_add_prefix(struct strbuf *sb, struct tree_cache *c, struct query *q,
    int64_t value, int64_t total)
{
	struct tree_prefix *p = &c->prefix[((uint64_t)value *
	    0x9e3779b97f4a7c15ULL ^ (uint64_t)total) % TREE_PREFIX_SLOTS];
	size_t at = sb->len;

	if (p->len != 0 && p->value == value && p->total == total) {
		tree_copy(sb, p->s, p->len);
		return;
	}
	strbuf_addpad(sb, query_format_value(q, value), 50);
	strbuf_addch(sb, ' ');
	format_percentage(sb, value, total);
	strbuf_addstr(sb, " |   ");
	if (sb->len - at < sizeof p->s - TREE_CHUNK) {
		p->value = value;
		p->total = total;
		p->len = (uint8_t)(sb->len - at);
		memcpy(p->s, sb->buf + at, p->len);
	}
}

/* One caller or callee line: value, share of the node's cum, name. */
static void
report_tree_edge(struct strbuf *sb, struct tree_cache *c, struct query *q,
    uint32_t e, bool in, int64_t cum)
{
	const struct query_edge *ed = &q->edges.v[e];

	tree_add_prefix(sb, c, q, ed->weight, cum);
	tree_add_name(sb, c, q, in ? ed->src : ed->dst, ed->inline_call);
}

/*
 * The table for the graph already built; rx selects the nodes (NULL: all).
 * Returns how many nodes were printed.
 */
static size_t
report_tree_table(struct strbuf *sb, struct query *q, const struct rx *rx)
{
	struct query_edge_list edges;
	struct tree_cache cache;
	int64_t flat, cum, flatsum = 0;
	size_t i, j, n, matched = 0, gcap = 0;
	struct query_edge *g = NULL;

	tree_cache_init(&cache, q);
	report_graph_labels(sb, q);
	strbuf_addstr(sb, TREE_SEPARATOR);
	strbuf_addstr(sb, TREE_LEGEND);
	for (i = 0; i < q->graph.norder; i++) {
		uint32_t idx = q->graph.order[i];
		const struct query_node *node = &q->nodes[idx];

		if (rx != NULL && !rx_match_str(rx, node->printable))
			continue;
		matched++;
		flat = query_node_flat(node);
		cum = query_node_cum(node);
		flatsum += flat;

		strbuf_addstr(sb, TREE_SEPARATOR);
		n = query_in_edges(q, idx, &edges);
		if (n > gcap) {
			gcap = n;
			g = xreallocarray(g, gcap, sizeof *g);
		}
		/*
		 * The callers' edges are all over: gathered in a loop of
		 * its own, their loads overlap.
		 */
		for (j = 0; j < n; j++)
			g[j] = q->edges.v[query_edge_at(&edges, j)];
		for (j = 0; j < n; j++) {
			if (j + 8 < n)
				tree_prefetch_name(&cache, g[j + 8].src);
			tree_add_prefix(sb, &cache, q, g[j].weight, cum);
			tree_add_name(sb, &cache, q, g[j].src, g[j].inline_call);
		}

		report_value_columns(sb, q, flat, flatsum, cum);
		strbuf_addstr(sb, "                | ");
		tree_add_name(sb, &cache, q, idx, false);

		n = query_out_edges(q, idx, &edges);
		for (j = 0; j < n; j++) {
			if (j + 8 < n)
				tree_prefetch_name(&cache, q->edges.v[
				    query_edge_at(&edges, j + 8)].dst);
			report_tree_edge(sb, &cache, q,
			    query_edge_at(&edges, j), false, cum);
		}
		/* the table cannot fail: write it as it goes */
		strbuf_flush(sb, 0);
	}
	if (q->graph.norder > 0)
		strbuf_addstr(sb, TREE_SEPARATOR);
	tree_cache_release(&cache);
	free(g);
	return matched;
}

int
report_tree(struct strbuf *sb, struct query *q, char **cause)
{
	(void)cause;
	query_build_graph(q, q->opt.nodecount, true);
	report_tree_table(sb, q, NULL);
	return 0;
}

struct report_peek_match {
	const struct rx	*rx;
	size_t		 n;		/* nodes matched */
};

/* Whether node n is one -peek shows: its name matches the regexp. */
static bool
report_peek_want(void *arg, struct query *q, uint32_t n)
{
	struct report_peek_match *m = arg;

	if (!rx_match_str(m->rx, query_node_name(q, n)))
		return false;
	m->n++;
	return true;
}

/*
 * -peek never trims (report_apply_overrides cleared the limits), and
 * only the matching nodes' edges are built: the graph's other edges can
 * be most of the work and memory, and are never shown.
 */
int
report_peek(struct strbuf *sb, struct query *q, char **cause)
{
	const char *pattern = q->opt.symbol != NULL ? q->opt.symbol : "";
	struct report_peek_match m;
	struct rx *rx;
	char *why;

	if ((rx = rx_compile(pattern, &why)) == NULL) {
		*cause = xasprintf("parsing argument regexp: %s: '%s'", why,
		    pattern);
		free(why);
		return -1;
	}
	m.rx = rx;
	m.n = 0;
	query_build_graph_want(q, q->opt.nodecount, true, report_peek_want,
	    &m);
	/* known before a byte is written, so that a failure writes none */
	if (m.n == 0) {
		rx_free(rx);
		*cause = xasprintf("no matches found for regexp: %s", pattern);
		return -1;
	}
	report_tree_table(sb, q, rx);
	rx_free(rx);
	return 0;
}
