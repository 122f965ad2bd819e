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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "both.h"
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
	struct query_fmt_cache *fmt;	/* its formatted values */
	struct query_edge *gather;	/* a node's callers' edges */
	size_t		  ngather;
};

static void
tree_cache_init(struct tree_cache *c, const struct query *q)
{
	memset(c, 0, sizeof *c);
	c->fmt = query_fmt_cache_new();
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
	free(c->gather);
	query_fmt_cache_free(c->fmt);
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
	strbuf_addpad(sb, query_format_value_in(q, c->fmt, value), 50);
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

/*
 * Node idx's entry: its callers, itself (flatsum the running sum of
 * flat through it), its callees.
 */
static void
tree_node(struct strbuf *sb, struct tree_cache *c, struct query *q,
    uint32_t idx, int64_t flatsum)
{
	const struct query_node *node = &q->nodes[idx];
	int64_t cum = query_node_cum(node);
	struct query_edge_list edges;
	const struct query_edge *e;
	size_t j, n;

	strbuf_addstr(sb, TREE_SEPARATOR);
	n = query_in_edges(q, idx, &edges);
	if (n > c->ngather) {
		c->ngather = n;
		free(c->gather);
		c->gather = xreallocarray(NULL, n, sizeof *c->gather);
	}
	/*
	 * The callers' edges are all over: gathered in a loop of its own,
	 * their loads overlap.
	 */
	for (j = 0; j < n; j++)
		c->gather[j] = q->edges.v[query_edge_at(&edges, j)];
	for (j = 0; j < n; j++) {
		e = &c->gather[j];
		if (j + 8 < n)
			tree_prefetch_name(c, c->gather[j + 8].src);
		tree_add_prefix(sb, c, q, e->weight, cum);
		tree_add_name(sb, c, q, e->src, e->inline_call);
	}

	report_value_columns_in(sb, c->fmt, q, query_node_flat(node), flatsum,
	    cum);
	strbuf_addstr(sb, "                | ");
	tree_add_name(sb, c, q, idx, false);

	n = query_out_edges(q, idx, &edges);
	for (j = 0; j < n; j++) {
		e = &q->edges.v[query_edge_at(&edges, j)];
		if (j + 8 < n)
			tree_prefetch_name(c, q->edges.v[
			    query_edge_at(&edges, j + 8)].dst);
		tree_add_prefix(sb, c, q, e->weight, cum);
		tree_add_name(sb, c, q, e->dst, e->inline_call);
	}
}

/*
 * A table is formatted in chunks of nodes, and one of many lines (a
 * -peek=. prints millions) by two threads: each takes the next chunk,
 * formats it into a buffer of its own with caches of its own, and writes
 * it once the chunk before it has been written.  What they share is
 * read-only but the output, which they take in turn.
 */
size_t report_tree_chunk_lines = 8192;
size_t report_tree_split_lines = 65536;

struct tree_table {
	struct query	 *q;
	struct strbuf	 *out;
	const uint32_t	 *node;		/* the nodes shown, in order */
	const int64_t	 *flatsum;	/* the running sum through each */
	const size_t	 *chunk;	/* chunk k: node[chunk[k]..chunk[k+1]) */
	size_t		  nchunk;
	pthread_mutex_t	  lock;
	pthread_cond_t	  cond;
	size_t		  turn;		/* the chunk to write next */
	size_t		  next;		/* the chunk to format next */
};

/* Wait until chunk k is the next to write. */
static void
tree_wait_turn(struct tree_table *t, size_t k)
{
	pthread_mutex_lock(&t->lock);
	while (t->turn != k)
		pthread_cond_wait(&t->cond, &t->lock);
	pthread_mutex_unlock(&t->lock);
}

/* One thread's share: the next chunk not taken, until none is left. */
static void
tree_table_run(void *arg)
{
	struct tree_table *t = arg;
	struct strbuf buf = STRBUF_INIT;
	struct tree_cache cache;
	size_t k, i;

	tree_cache_init(&cache, t->q);
	while ((k = __atomic_fetch_add(&t->next, 1, __ATOMIC_RELAXED)) <
	    t->nchunk) {
		for (i = t->chunk[k]; i < t->chunk[k + 1]; i++)
			tree_node(&buf, &cache, t->q, t->node[i],
			    t->flatsum[i]);
		tree_wait_turn(t, k);
		/* the table cannot fail: written as it goes */
		if (t->out->flush != NULL)
			t->out->flush(t->out->flush_arg, buf.buf, buf.len);
		else
			strbuf_add(t->out, buf.buf, buf.len);
		strbuf_reset(&buf);
		pthread_mutex_lock(&t->lock);
		t->turn = k + 1;
		pthread_cond_broadcast(&t->cond);
		pthread_mutex_unlock(&t->lock);
	}
	tree_cache_release(&cache);
	strbuf_release(&buf);
}

/*
 * The nodes of t (lines[i] lines for node i) in chunks, in two threads
 * if there are lines enough.
 */
static void
tree_table_write(struct tree_table *t, size_t nnode, const size_t *lines)
{
	size_t *chunk, i, k = 0, n = 0, total = 0;

	chunk = xreallocarray(NULL, nnode + 1, sizeof *chunk);
	chunk[k++] = 0;
	for (i = 0; i < nnode; i++) {
		n += lines[i];
		total += lines[i];
		if (n >= report_tree_chunk_lines || i + 1 == nnode) {
			chunk[k++] = i + 1;
			n = 0;
		}
	}
	t->chunk = chunk;
	t->nchunk = k - 1;
	t->turn = t->next = 0;
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cond, NULL);
	strbuf_flush(t->out, 1);
	run_both(tree_table_run, t, total >= report_tree_split_lines ? t :
	    NULL);
	pthread_cond_destroy(&t->cond);
	pthread_mutex_destroy(&t->lock);
	free(chunk);
}

/*
 * The table for the graph already built; rx selects the nodes (NULL: all).
 * Returns how many nodes were printed.
 */
static size_t
report_tree_table(struct strbuf *sb, struct query *q, const struct rx *rx)
{
	struct query_edge_list edges;
	struct tree_table t;
	uint32_t *node, idx;
	int64_t *flatsum, sum = 0;
	size_t i, n = 0, *lines;

	report_graph_labels(sb, q);
	strbuf_addstr(sb, TREE_SEPARATOR);
	strbuf_addstr(sb, TREE_LEGEND);
	node = xreallocarray(NULL, q->graph.norder + 1, sizeof *node);
	flatsum = xreallocarray(NULL, q->graph.norder + 1, sizeof *flatsum);
	lines = xreallocarray(NULL, q->graph.norder + 1, sizeof *lines);
	for (i = 0; i < q->graph.norder; i++) {
		idx = q->graph.order[i];
		if (rx != NULL && !rx_match_str(rx, q->nodes[idx].printable))
			continue;
		sum += query_node_flat(&q->nodes[idx]);
		node[n] = idx;
		flatsum[n] = sum;
		lines[n++] = 2 + query_in_edges(q, idx, &edges) +
		    query_out_edges(q, idx, &edges);
	}
	t = (struct tree_table){ .q = q, .out = sb, .node = node,
	    .flatsum = flatsum };
	tree_table_write(&t, n, lines);
	if (q->graph.norder > 0)
		strbuf_addstr(sb, TREE_SEPARATOR);
	free(node);
	free(flatsum);
	free(lines);
	return n;
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
