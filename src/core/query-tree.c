/*
 * query-tree.c: the graphs of the graph reports, trimmed as pprof's
 * newTrimmedGraph trims them for -dot and -callgrind.
 *
 * The nodes, values and edges come from the graph builder (query.c): in
 * graph mode a node is one of the query's nodes (q->nodes[i] is node i),
 * and keeping a set of nodes reruns the builder's edge pass for it; in
 * call tree mode (-call_tree) a node is a calling context, and trimming
 * splices dropped nodes out: their children hang from the dropped node's
 * parent through a residual edge, or become roots.  What is left here is
 * what only graph pictures need: label tags and nodelets, the entropy
 * order, per-node edge lists and redundant edge removal.
 *
 * Edges are never freed while the tree lives: deleting one marks it
 * removed, and the per-node in and out lists skip removed edges.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "hash.h"
#include "profile.h"
#include "query-internal.h"
#include "query-tree.h"
#include "rx.h"
#include "sort.h"
#include "strbuf.h"
#include "xmalloc.h"

#define NONE		QUERY_NONE
#define MAX_NODELETS	4	/* label nodelets shown per node */

const char *
query_tree_name(const struct query_tree *t, uint32_t n)
{
	return t->q->nodes[t->nodes[n].info].printable;
}

/*
 * While the values pass runs in visual mode: each sample's label set and
 * numeric "bytes" labels, and the tags by owner and name.
 */
struct tree_labels {
	struct query_tree	*t;
	uint32_t		*set;		/* per sample: label set */
	uint32_t		*num_off;	/* per sample: into num_* */
	uint32_t		*num_name;	/* "bytes" values: name id */
	int64_t			*num_value;
	const char		*num_unit;
	struct hashtab		 tab;		/* tags, by key */
};

/* A tag being looked up, for tree_tag_eq(). */
struct tree_tag_lookup {
	const struct query_tree	*t;
	uint32_t		 node, group, name;
	bool			 numeric;
};

static bool
tree_tag_eq(const void *ctx, uint32_t i)
{
	const struct tree_tag_lookup *k = ctx;
	const struct query_tree_tag *g = &k->t->tags[i];

	return g->node == k->node && g->numeric == k->numeric &&
	    g->group == k->group && g->name == k->name;
}

static void
tree_tag_add(struct tree_labels *lb, uint32_t node, bool numeric,
    uint32_t group, uint32_t name, int64_t value, int64_t w, int64_t dw,
    bool flat)
{
	struct query_tree *t = lb->t;
	struct tree_tag_lookup key = { t, node, group, name, numeric };
	struct query_tree_tag *g;
	struct hash hs;
	uint64_t h;
	size_t slot;
	uint32_t k;

	hash_begin(&hs);
	hash_add(&hs, node);
	hash_add(&hs, numeric);
	hash_add(&hs, group);
	hash_add(&hs, name);
	h = hash_end(&hs);
	if ((k = hashtab_find(&lb->tab, h, tree_tag_eq, &key, &slot)) !=
	    HASHTAB_NONE)
		g = &t->tags[k];
	else {
		XGROW(t->tags, t->tag_cap, t->ntag + 1);
		k = (uint32_t)t->ntag++;
		hashtab_add(&lb->tab, slot, h, k);
		g = &t->tags[k];
		memset(g, 0, sizeof *g);
		g->node = node;
		g->numeric = numeric;
		g->group = group;
		g->name = name;
		g->unit = numeric ? lb->num_unit : NULL;
		g->value = value;
		g->next = t->nodes[node].tags;
		t->nodes[node].tags = k;
	}
	if (flat) {
		g->flat += w;
		g->flat_div += dw;
	} else {
		g->cum += w;
		g->cum_div += dw;
	}
}

/* The builder's callback, pprof's Node.addSample: the sample's tags. */
static void
tree_add_tags(struct query_pass *ps, uint32_t node, size_t s, int64_t w,
    int64_t dw, bool flat)
{
	struct tree_labels *lb = ps->arg;
	uint32_t j;

	lb->t->nodes = ps->v;
	if (lb->set[s] != 0)
		tree_tag_add(lb, node, false, 0, lb->set[s], 0, w, dw, flat);
	for (j = lb->num_off[s]; j < lb->num_off[s + 1]; j++)
		tree_tag_add(lb, node, true, lb->set[s], lb->num_name[j],
		    lb->num_value[j], w, dw, flat);
}

static int
tree_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is label key k shown under -tagshow/-taghide? */
static bool
tree_key_shown(const struct profile *p, uint32_t k, const struct rx *show,
    const struct rx *hide)
{
	const char *key = profile_str(p, k);

	return (show == NULL || rx_match_str(show, key)) &&
	    (hide == NULL || !rx_match_str(hide, key));
}

static struct rx *
tree_compile(const char *re)
{
	char *cause = NULL;
	struct rx *rx;

	/* query_new() has reported a bad one already */
	if (re == NULL || *re == '\0')
		return NULL;
	if ((rx = rx_compile(re, &cause)) == NULL)
		free(cause);
	return rx;
}

/*
 * Per sample: its label set ("key:value" sorted, joined by a literal \n,
 * without pprof::base) and its numeric "bytes" labels, as pprof's newGraph
 * keeps them for tags, less the keys -tagshow/-taghide take away.  The
 * unit of "bytes" is the first one the profile gives, else "bytes".
 */
static void
tree_prepare_labels(struct query_tree *t, struct tree_labels *lb)
{
	const struct query *q = t->q;
	const struct profile *p = q->p;
	struct strbuf sb = STRBUF_INIT;
	char **strs = NULL;
	size_t s, j, nstr, cap = 0, nnum = 0, numcap = 0;
	uint32_t bytes, base;
	const char *name;
	struct rx *show, *hide;

	lb->t = t;
	show = tree_compile(q->opt.tagshow);
	hide = tree_compile(q->opt.taghide);
	bytes = strtab_find(&p->strings, "bytes", 5);
	base = strtab_find(&p->strings, "pprof::base", 11);
	lb->num_unit = "bytes";
	for (j = 0; j < p->nlabel && bytes != UINT32_MAX; j++)
		if (p->labels[j].key == bytes && p->labels[j].str == 0 &&
		    p->labels[j].unit != 0) {
			lb->num_unit = profile_str(p, p->labels[j].unit);
			break;
		}
	lb->set = xcalloc(p->nsample + 1, sizeof *lb->set);
	lb->num_off = xcalloc(p->nsample + 1, sizeof *lb->num_off);
	for (s = 0; s < p->nsample; s++) {
		const struct profile_sample *ps = &p->samples[s];
		const struct profile_label *l = p->labels + ps->label_off;

		lb->num_off[s] = (uint32_t)nnum;
		nstr = 0;
		for (j = 0; j < ps->nlabel; j++) {
			if ((show != NULL || hide != NULL) &&
			    !tree_key_shown(p, l[j].key, show, hide))
				continue;
			if (l[j].str != 0 && l[j].key != base) {
				XGROW(strs, cap, nstr + 1);
				strs[nstr++] = xasprintf("%s:%s",
				    profile_str(p, l[j].key),
				    profile_str(p, l[j].str));
			} else if (l[j].str == 0 && l[j].key == bytes) {
				XGROW(lb->num_name, numcap, nnum + 1);
				lb->num_value = xreallocarray(lb->num_value,
				    numcap, sizeof *lb->num_value);
				name = format_scaled_str(l[j].num, lb->num_unit,
				    q->opt.unit);
				lb->num_name[nnum] = strtab_intern_str(&t->strs,
				    name);
				lb->num_value[nnum++] = l[j].num;
			}
		}
		if (nstr > 1)
			sort_array(strs, nstr, sizeof *strs, tree_strcmp);
		strbuf_reset(&sb);
		for (j = 0; j < nstr; j++) {
			if (j > 0)
				strbuf_addstr(&sb, "\\n");
			strbuf_addstr(&sb, strs[j]);
			free(strs[j]);
		}
		lb->set[s] = strtab_intern(&t->strs, sb.buf, sb.len);
	}
	lb->num_off[p->nsample] = (uint32_t)nnum;
	rx_free(show);
	rx_free(hide);
	free(strs);
	strbuf_release(&sb);
}

/* Build the per-node edge lists from the live edges. */
static void
tree_link(struct query_tree *t)
{
	size_t i;

	t->next_in = xreallocarray(t->next_in, t->edges.n + 1,
	    sizeof *t->next_in);
	t->next_out = xreallocarray(t->next_out, t->edges.n + 1,
	    sizeof *t->next_out);
	for (i = 0; i < t->nnode; i++)
		t->nodes[i].first_in = t->nodes[i].first_out = NONE;
	for (i = t->edges.n; i-- > 0;) {
		const struct query_edge *e = &t->edges.v[i];

		if (e->removed)
			continue;
		t->next_out[i] = t->nodes[e->src].first_out;
		t->nodes[e->src].first_out = (uint32_t)i;
		t->next_in[i] = t->nodes[e->dst].first_in;
		t->nodes[e->dst].first_in = (uint32_t)i;
	}
}

/* The live edge after ei in n's in or out list (ei NONE: the first). */
static uint32_t
tree_next(const struct query_tree *t, uint32_t n, uint32_t ei, bool in)
{
	const uint32_t *next = in ? t->next_in : t->next_out;

	if (ei == NONE)
		ei = in ? t->nodes[n].first_in : t->nodes[n].first_out;
	else
		ei = next[ei];
	while (ei != NONE && t->edges.v[ei].removed)
		ei = next[ei];
	return ei;
}

#define TREE_EACH(t, n, ei, in)						\
	for ((ei) = tree_next(t, n, NONE, in); (ei) != NONE;		\
	    (ei) = tree_next(t, n, ei, in))

/* Graph mode: the builder's edges for a kept set (NULL: all nodes). */
static void
tree_build_edges(struct query_tree *t, const bool *kept)
{
	struct query_pass ps = { .flags = QUERY_PASS_EDGES, .kept = kept,
	    .edges = &t->edges };

	query_pass_run(t->q, &ps);
	tree_link(t);
}

/*
 * Call tree mode, pprof's TrimTree: drop the shown nodes not kept.  A
 * dropped node's children hang from its parent through residual edges
 * (inline only if both calls were), or become roots if it had none.
 */
static void
tree_trim_tree(struct query_tree *t)
{
	struct query_edge *pe, *oe;
	uint32_t cur, par, ei, next;
	size_t i, n = 0;

	for (i = 0; i < t->norder; i++) {
		cur = t->order[i];
		if (t->kept[cur]) {
			t->order[n++] = cur;
			continue;
		}
		ei = tree_next(t, cur, NONE, true);
		pe = ei != NONE ? &t->edges.v[ei] : NULL;
		for (ei = t->nodes[cur].first_out; ei != NONE; ei = next) {
			oe = &t->edges.v[ei];
			next = t->next_out[ei];
			if (oe->removed)
				continue;
			if (pe == NULL) {
				oe->removed = true;
				continue;
			}
			par = pe->src;
			oe->src = par;
			oe->residual = true;
			oe->inline_call = pe->inline_call && oe->inline_call;
			t->next_out[ei] = t->nodes[par].first_out;
			t->nodes[par].first_out = ei;
		}
		t->nodes[cur].first_out = NONE;
		if (pe != NULL)
			pe->removed = true;
	}
	t->norder = n;
}

/*
 * Keep the first n shown nodes: trim the tree, or rebuild the graph's
 * edges (the kept nodes stay shown and in order, their values unchanged).
 */
static void
tree_keep(struct query_tree *t, size_t n)
{
	size_t i;

	memset(t->kept, 0, t->nnode * sizeof *t->kept);
	for (i = 0; i < n; i++)
		t->kept[t->order[i]] = true;
	if (t->flags & QUERY_TREE_CALL_TREE)
		tree_trim_tree(t);
	else {
		tree_build_edges(t, t->kept);
		t->norder = n;
	}
}

/*
 * Go's sort.Sort as of Go 1.19 (pattern-defeating quicksort), over an
 * array of indexes with a less function.  pprof's node orders are not
 * total under -call_tree (contexts of one function tie), and Go's sort
 * then decides; doing the same steps gives the same order whenever
 * pprof's own input order is deterministic.
 */
struct gosort {
	uint32_t	*v;
	bool		(*less)(uint32_t, uint32_t, void *);
	void		*ctx;
};

static bool
gs_less(const struct gosort *g, size_t i, size_t j)
{
	return g->less(g->v[i], g->v[j], g->ctx);
}

static void
gs_swap(const struct gosort *g, size_t i, size_t j)
{
	uint32_t x = g->v[i];

	g->v[i] = g->v[j];
	g->v[j] = x;
}

static void
gs_insertion(const struct gosort *g, size_t a, size_t b)
{
	size_t i, j;

	for (i = a + 1; i < b; i++)
		for (j = i; j > a && gs_less(g, j, j - 1); j--)
			gs_swap(g, j, j - 1);
}

static void
gs_sift_down(const struct gosort *g, size_t lo, size_t hi, size_t first)
{
	size_t root = lo, child;

	for (;;) {
		child = 2 * root + 1;
		if (child >= hi)
			return;
		if (child + 1 < hi && gs_less(g, first + child, first + child + 1))
			child++;
		if (!gs_less(g, first + root, first + child))
			return;
		gs_swap(g, first + root, first + child);
		root = child;
	}
}

static void
gs_heap(const struct gosort *g, size_t a, size_t b)
{
	size_t hi = b - a, i;

	for (i = (hi - 1) / 2 + 1; i-- > 0;)
		gs_sift_down(g, i, hi, a);
	for (i = hi; i-- > 0;) {
		gs_swap(g, a, a + i);
		gs_sift_down(g, 0, i, a);
	}
}

/* Partition around v[pivot]; returns its place, *done if no swap. */
static size_t
gs_partition(const struct gosort *g, size_t a, size_t b, size_t pivot,
    bool *done)
{
	size_t i = a + 1, j = b - 1;

	gs_swap(g, a, pivot);
	while (i <= j && gs_less(g, i, a))
		i++;
	while (i <= j && !gs_less(g, j, a))
		j--;
	if (i > j) {
		gs_swap(g, j, a);
		*done = true;
		return j;
	}
	gs_swap(g, i, j);
	i++;
	j--;
	for (;;) {
		while (i <= j && gs_less(g, i, a))
			i++;
		while (i <= j && !gs_less(g, j, a))
			j--;
		if (i > j)
			break;
		gs_swap(g, i, j);
		i++;
		j--;
	}
	gs_swap(g, j, a);
	*done = false;
	return j;
}

/* Elements equal to v[pivot] first; returns where the greater start. */
static size_t
gs_partition_equal(const struct gosort *g, size_t a, size_t b, size_t pivot)
{
	size_t i = a + 1, j = b - 1;

	gs_swap(g, a, pivot);
	for (;;) {
		while (i <= j && !gs_less(g, a, i))
			i++;
		while (i <= j && gs_less(g, a, j))
			j--;
		if (i > j)
			return i;
		gs_swap(g, i, j);
		i++;
		j--;
	}
}

/* A few adjacent fixes; true if v[a..b) ends up sorted. */
static bool
gs_partial_insertion(const struct gosort *g, size_t a, size_t b)
{
	size_t i = a + 1, j, step;

	for (step = 0; step < 5; step++) {
		while (i < b && !gs_less(g, i, i - 1))
			i++;
		if (i == b)
			return true;
		if (b - a < 50)
			return false;
		gs_swap(g, i, i - 1);
		/* Go 1.19 walks down to index 1, not to a + 1 */
		if (i - a >= 2)
			for (j = i - 1; j >= 1; j--) {
				if (!gs_less(g, j, j - 1))
					break;
				gs_swap(g, j, j - 1);
			}
		if (b - i >= 2)
			for (j = i + 1; j < b; j++) {
				if (!gs_less(g, j, j - 1))
					break;
				gs_swap(g, j, j - 1);
			}
	}
	return false;
}

static int
gs_bits_len(uint64_t x)
{
	int n = 0;

	while (x != 0) {
		n++;
		x >>= 1;
	}
	return n;
}

static void
gs_break_patterns(const struct gosort *g, size_t a, size_t b)
{
	size_t len = b - a, idx, other;
	uint64_t r = len, mod;

	if (len < 8)
		return;
	mod = (uint64_t)1 << gs_bits_len(len);
	for (idx = a + (len / 4) * 2 - 1; idx <= a + (len / 4) * 2 + 1;
	    idx++) {
		r ^= r << 13;
		r ^= r >> 17;
		r ^= r << 5;
		other = (size_t)(r & (mod - 1));
		if (other >= len)
			other -= len;
		gs_swap(g, idx, a + other);
	}
}

static size_t
gs_median(const struct gosort *g, size_t a, size_t b, size_t c, int *swaps)
{
	size_t x;

#define ORDER2(p, q) do {						\
	if (gs_less(g, q, p)) {						\
		(*swaps)++;						\
		x = p;							\
		p = q;							\
		q = x;							\
	}								\
} while (0)
	ORDER2(a, b);
	ORDER2(b, c);
	ORDER2(a, b);
#undef ORDER2
	return b;
}

enum { GS_UNKNOWN, GS_INCREASING, GS_DECREASING };

static size_t
gs_choose_pivot(const struct gosort *g, size_t a, size_t b, int *hint)
{
	size_t l = b - a, i = a + l / 4, j = a + l / 4 * 2, k = a + l / 4 * 3;
	int swaps = 0;

	if (l >= 8) {
		if (l >= 50) {
			i = gs_median(g, i - 1, i, i + 1, &swaps);
			j = gs_median(g, j - 1, j, j + 1, &swaps);
			k = gs_median(g, k - 1, k, k + 1, &swaps);
		}
		j = gs_median(g, i, j, k, &swaps);
	}
	*hint = swaps == 0 ? GS_INCREASING : swaps == 12 ? GS_DECREASING :
	    GS_UNKNOWN;
	return j;
}

static void
gs_pdqsort(const struct gosort *g, size_t a, size_t b, int limit)
{
	bool balanced = true, partitioned = true, done;
	size_t len, pivot, mid, i, j;
	int hint;

	for (;;) {
		len = b - a;
		if (len <= 12) {
			gs_insertion(g, a, b);
			return;
		}
		if (limit == 0) {
			gs_heap(g, a, b);
			return;
		}
		if (!balanced) {
			gs_break_patterns(g, a, b);
			limit--;
		}
		pivot = gs_choose_pivot(g, a, b, &hint);
		if (hint == GS_DECREASING) {
			for (i = a, j = b - 1; i < j; i++, j--)
				gs_swap(g, i, j);
			pivot = (b - 1) - (pivot - a);
			hint = GS_INCREASING;
		}
		if (balanced && partitioned && hint == GS_INCREASING &&
		    gs_partial_insertion(g, a, b))
			return;
		if (a > 0 && !gs_less(g, a - 1, pivot)) {
			a = gs_partition_equal(g, a, b, pivot);
			continue;
		}
		mid = gs_partition(g, a, b, pivot, &done);
		partitioned = done;
		if (mid - a < b - mid) {
			balanced = mid - a >= len / 8;
			gs_pdqsort(g, a, mid, limit);
			a = mid + 1;
		} else {
			balanced = b - mid >= len / 8;
			gs_pdqsort(g, mid + 1, b, limit);
			b = mid;
		}
	}
}

static void
gosort(uint32_t *v, size_t n, bool (*less)(uint32_t, uint32_t, void *),
    void *ctx)
{
	struct gosort g = { v, less, ctx };

	if (n > 1)
		gs_pdqsort(&g, 0, n, gs_bits_len(n));
}

void
query_tree_sort_edges(const struct query_tree *t, uint32_t *e, size_t n)
{
	struct query_order o = { t->q, t->nodes, &t->edges, NULL };

	sort_array_r(e, n, sizeof *e, query_edge_cmp, &o);
}

static size_t
tree_edges(const struct query_tree *t, uint32_t n, bool in, uint32_t **out)
{
	uint32_t *v = NULL, ei;
	size_t cnt = 0, cap = 0;

	TREE_EACH(t, n, ei, in) {
		XGROW(v, cap, cnt + 1);
		v[cnt++] = ei;
	}
	query_tree_sort_edges(t, v, cnt);
	*out = v;
	return cnt;
}

size_t
query_tree_in_edges(const struct query_tree *t, uint32_t n, uint32_t **e)
{
	return tree_edges(t, n, true, e);
}

size_t
query_tree_out_edges(const struct query_tree *t, uint32_t n, uint32_t **e)
{
	return tree_edges(t, n, false, e);
}

/*
 * Go's math.Log (the algorithm of its amd64 assembly), so that entropy
 * scores round exactly as pprof's do; glibc's log differs in the last
 * bit often enough to reorder nodes.
 */
double
query_tree_log(double x)
{
	static const double ln2hi = 6.93147180369123816490e-01,
	    ln2lo = 1.90821492927058770002e-10,
	    l1 = 6.666666666666735130e-01, l2 = 3.999999999940941908e-01,
	    l3 = 2.857142874366239149e-01, l4 = 2.222219843214978396e-01,
	    l5 = 1.818357216161805012e-01, l6 = 1.531383769920937332e-01,
	    l7 = 1.479819860511658591e-01;
	double f1, f, k, s, s2, s4, t1, t2, r, hfsq;
	int ki;

	if (isnan(x) || isinf(x) || x < 0 || x == 0)
		return log(x);
	f1 = frexp(x, &ki);
	if (f1 < M_SQRT2 / 2) {
		f1 *= 2;
		ki--;
	}
	f = f1 - 1;
	k = (double)ki;
	s = f / (2 + f);
	s2 = s * s;
	s4 = s2 * s2;
	t1 = s2 * (l1 + s4 * (l3 + s4 * (l5 + s4 * l7)));
	t2 = s4 * (l2 + s4 * (l4 + s4 * l6));
	r = t1 + t2;
	hfsq = 0.5 * f * f;
	return k * ln2hi - ((hfsq - (s * (hfsq + r) + k * ln2lo)) - f);
}

/* Go's math.Log2. */
static double
go_log2(double x)
{
	double frac;
	int e;

	frac = frexp(x, &e);
	if (frac == 0.5)
		return (double)(e - 1);
	return query_tree_log(frac) * (1 / M_LN2) + (double)e;
}

/* Go's int64(f) on amd64: out of range and NaN give the minimum. */
static int64_t
go_int64(double f)
{
	if (isnan(f) || f >= 9223372036854775808.0 ||
	    f < -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)f;
}

static double
tree_edge_entropy(const struct query_tree *t, uint32_t n, bool in,
    int64_t self)
{
	double score = 0, frac;
	int64_t total = self;
	uint32_t ei;

	TREE_EACH(t, n, ei, in)
		if (t->edges.v[ei].weight > 0)
			total += query_abs64(t->edges.v[ei].weight);
	if (total != 0) {
		TREE_EACH(t, n, ei, in) {
			frac = (double)query_abs64(t->edges.v[ei].weight) /
			    (double)total;
			score += -frac * go_log2(frac);
		}
		if (self > 0) {
			frac = (double)query_abs64(self) / (double)total;
			score += -frac * go_log2(frac);
		}
	}
	return score;
}

/*
 * pprof's entropyScore: favour entry and leaf nodes and nodes whose
 * edges spread their weight, over nodes that only pass it through.
 */
static int64_t
tree_entropy(const struct query_tree *t, uint32_t n)
{
	const struct query_gnode *nd = &t->nodes[n];
	double score = 0;

	if (tree_next(t, n, NONE, true) == NONE)
		score++;
	else
		score += tree_edge_entropy(t, n, true, 0);
	if (tree_next(t, n, NONE, false) == NONE)
		score++;
	else
		score += tree_edge_entropy(t, n, false, nd->flat);
	return (int64_t)((uint64_t)go_int64(score * (double)nd->cum) +
	    (uint64_t)nd->flat);
}

static bool
tree_node_less(uint32_t a, uint32_t b, void *order)
{
	return query_gnode_cmp(&a, &b, order) < 0;
}

/* pprof's SortNodes: entropy in visual mode, else cum or flat. */
static void
tree_sort(struct query_tree *t)
{
	struct query_order o = { t->q, t->nodes, &t->edges, NULL };
	int64_t *score = NULL;
	size_t i;

	if (t->flags & QUERY_TREE_VISUAL) {
		score = xcalloc(t->nnode + 1, sizeof *score);
		for (i = 0; i < t->norder; i++)
			score[t->order[i]] = tree_entropy(t, t->order[i]);
	}
	o.score = score;
	gosort(t->order, t->norder, tree_node_less, &o);
	free(score);
}

/* pprof's TrimLowFrequencyTags. */
static void
tree_trim_tags(struct query_tree *t, int64_t cutoff)
{
	size_t i;
	uint32_t k;

	for (i = 0; i < t->norder; i++)
		for (k = t->nodes[t->order[i]].tags; k != NONE;
		    k = t->tags[k].next)
			if (query_abs64(t->tags[k].flat) < cutoff &&
			    query_abs64(t->tags[k].cum) < cutoff)
				t->tags[k].removed = true;
}

static int
tree_trim_edges(struct query_tree *t, int64_t cutoff)
{
	return query_trim_edges(&t->edges, cutoff, t->order, t->norder,
	    t->nnode);
}

/* Tags with a flat value (pprof's countTags). */
static int
tree_count_tags(const struct query_tree *t, uint32_t n)
{
	uint32_t k;
	int count = 0;

	for (k = t->nodes[n].tags; k != NONE; k = t->tags[k].next)
		if (!t->tags[k].removed && t->tags[k].flat != 0)
			count++;
	return count;
}

/* pprof's selectTopNodes: in visual mode nodelets count as nodes. */
static size_t
tree_select_top(const struct query_tree *t, int max)
{
	size_t i;
	int count = 0, tags;

	if (max > 0 && (t->flags & QUERY_TREE_VISUAL))
		for (i = 0; i < t->norder; i++) {
			tags = tree_count_tags(t, t->order[i]);
			if (tags > MAX_NODELETS)
				tags = MAX_NODELETS;
			if ((count += tags + 1) >= max) {
				max = (int)i + 1;
				break;
			}
		}
	if (max < 0)
		max = 0;
	return (size_t)max > t->norder ? t->norder : (size_t)max;
}

/*
 * Is there another path from e's caller to its callee?  seen[n] is mark
 * once the search has reached node n.
 */
static bool
tree_redundant(struct query_tree *t, uint32_t e, uint32_t *queue,
    uint32_t *seen, uint32_t mark)
{
	uint32_t src = t->edges.v[e].src, n, ei, s;
	size_t head = 0, tail = 0;

	seen[t->edges.v[e].dst] = mark;
	queue[tail++] = t->edges.v[e].dst;
	while (head < tail) {
		n = queue[head++];
		TREE_EACH(t, n, ei, true) {
			if (ei == e)
				continue;
			s = t->edges.v[ei].src;
			if (seen[s] == mark)
				continue;
			if (s == src)
				return true;
			seen[s] = mark;
			queue[tail++] = s;
		}
	}
	return false;
}

/*
 * pprof's RemoveRedundantEdges: from the last node back, drop its
 * lightest residual in edges while another path implies them.
 */
static void
tree_remove_redundant(struct query_tree *t)
{
	uint32_t *queue = xcalloc(t->nnode + 1, sizeof *queue), *in, mark = 0;
	uint32_t *seen = xcalloc(t->nnode + 1, sizeof *seen);
	size_t i, j, nin;

	for (i = t->norder; i > 0; i--) {
		nin = query_tree_in_edges(t, t->order[i - 1], &in);
		for (j = nin; j > 0; j--) {
			if (!t->edges.v[in[j - 1]].residual)
				break;
			if (tree_redundant(t, in[j - 1], queue, seen, ++mark))
				t->edges.v[in[j - 1]].removed = true;
		}
		free(in);
	}
	free(queue);
	free(seen);
}

struct query_tree *
query_tree_new(struct query *q, int flags)
{
	const struct query_options *o = &q->opt;
	struct query_tree *t = xcalloc(1, sizeof *t);
	struct tree_labels lb;
	struct query_pass ps = { .flags = QUERY_PASS_VALUES, .arg = &lb };
	int64_t nodecut, edgecut;
	size_t i, n;

	t->q = q;
	t->flags = flags;
	strtab_init(&t->strs);
	memset(&lb, 0, sizeof lb);
	if (flags & QUERY_TREE_VISUAL) {
		tree_prepare_labels(t, &lb);
		ps.add = tree_add_tags;
	}
	if (flags & QUERY_TREE_CALL_TREE) {
		ps.flags |= QUERY_PASS_TREE | QUERY_PASS_EDGES;
		ps.edges = &t->edges;
	}
	query_pass_run(q, &ps);
	t->nodes = ps.v;
	t->nnode = ps.nnode;
	hashtab_release(&ps.tab);
	free(lb.set);
	free(lb.num_off);
	free(lb.num_name);
	free(lb.num_value);
	hashtab_release(&lb.tab);
	for (i = 0; i < t->nnode; i++)
		query_printable(&q->nodes[t->nodes[i].info]);
	t->kept = xcalloc(t->nnode + 1, sizeof *t->kept);
	t->order = xcalloc(t->nnode + 1, sizeof *t->order);
	t->norder = query_select(q, t->nodes, t->nnode, t->order);

	nodecut = query_flat_cutoff(t->nodes, t->order, t->norder,
	    o->nodefraction);
	edgecut = query_flat_cutoff(t->nodes, t->order, t->norder,
	    o->edgefraction);
	n = nodecut > 0 ? query_partition(t->nodes, t->order, t->norder,
	    nodecut) : t->norder;
	/* a graph's edges wait for the kept set: all nodes if none drop */
	if (flags & QUERY_TREE_CALL_TREE)
		tree_link(t);
	else if (n == t->norder)
		tree_build_edges(t, NULL);
	if (n != t->norder) {
		t->dropped_nodes = (int)(t->norder - n);
		tree_keep(t, n);
	}
	t->orig_count = (int)t->norder;
	tree_sort(t);
	if (o->nodecount > 0) {
		tree_trim_tags(t, nodecut);
		tree_trim_edges(t, edgecut);
		n = tree_select_top(t, o->nodecount);
		if (n != t->norder) {
			tree_keep(t, n);
			tree_sort(t);
		}
	}
	tree_trim_tags(t, nodecut);
	t->dropped_edges = tree_trim_edges(t, edgecut);
	if (flags & QUERY_TREE_VISUAL)
		tree_remove_redundant(t);
	return t;
}

void
query_tree_free(struct query_tree *t)
{
	if (t == NULL)
		return;
	free(t->nodes);
	query_edges_release(&t->edges);
	free(t->tags);
	strtab_release(&t->strs);
	free(t->order);
	free(t->kept);
	free(t->next_in);
	free(t->next_out);
	free(t);
}

void
query_tree_select_unit(struct query_tree *t, bool integral)
{
	query_select_unit(t->q, t->nodes, t->order, t->norder, integral);
}
