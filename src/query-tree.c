/*
 * query-tree.c: the graphs of the graph reports, built and trimmed as
 * pprof's newTrimmedGraph builds them for -dot and -callgrind.
 *
 * In graph mode a node is one of the query's nodes (q->nodes[i] is node
 * i).  Trimming to a kept set rebuilds the edges from the samples, so that
 * an edge over dropped nodes becomes residual; node values and tags never
 * change with the kept set (a kept node's cum is the same sum, flat only
 * goes to the leaf-most frame's own node), so they are computed once.
 *
 * In call tree mode (-call_tree) a node is a (parent node, node info)
 * pair, created as the samples are walked from their roots.  Trimming
 * splices dropped nodes out: their children hang from the dropped node's
 * parent through a residual edge, or become roots.
 *
 * Edges live in one array and are never freed while the tree lives:
 * deleting one marks it removed, and the per-node in and out lists skip
 * removed edges.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "profile.h"
#include "query-internal.h"
#include "query-tree.h"
#include "rx.h"
#include "strbuf.h"
#include "xmalloc.h"

#define NONE		QUERY_TREE_NONE
#define MAX_NODELETS	4	/* label nodelets shown per node */

static int64_t
abs64(int64_t v)
{
	/* Go's abs64 wraps on the most negative value; avoid C's UB. */
	return v < 0 ? (int64_t)(0 - (uint64_t)v) : v;
}

int64_t
query_tree_flat(const struct query_tree_node *n)
{
	return n->flat_div == 0 ? n->flat : n->flat / n->flat_div;
}

int64_t
query_tree_cum(const struct query_tree_node *n)
{
	return n->cum_div == 0 ? n->cum : n->cum / n->cum_div;
}

const char *
query_tree_name(const struct query_tree *t, uint32_t n)
{
	return t->q->nodes[t->nodes[n].info].printable;
}

/* Hash tables: open addressing over index + 1, 0 being free. */
typedef uint64_t (*tree_hash_fn)(const struct query_tree *, uint32_t);

static void
tree_rehash(const struct query_tree *t, uint32_t **slots, size_t *nslots,
    size_t count, tree_hash_fn hash)
{
	size_t mask, i, j;

	if ((count + 1) * 2 <= *nslots)
		return;
	free(*slots);
	*nslots = *nslots ? *nslots * 2 : 1024;
	*slots = xcalloc(*nslots, sizeof **slots);
	mask = *nslots - 1;
	for (j = 0; j < count; j++) {
		for (i = hash(t, (uint32_t)j) & mask; (*slots)[i] != 0;
		    i = (i + 1) & mask)
			;
		(*slots)[i] = (uint32_t)j + 1;
	}
}

static uint64_t
tree_node_key(uint32_t parent, uint32_t info)
{
	return hash_u64(hash_u64(HASH_INIT, parent), info);
}

static uint64_t
tree_node_hash(const struct query_tree *t, uint32_t i)
{
	return tree_node_key(t->nodes[i].parent, t->nodes[i].info);
}

static uint64_t
tree_edge_hash(const struct query_tree *t, uint32_t i)
{
	return tree_node_key(t->edges[i].src, t->edges[i].dst);
}

static uint64_t
tree_tag_key(uint32_t node, bool numeric, uint32_t group, uint32_t name)
{
	uint64_t h = hash_u64(HASH_INIT, node);

	h = hash_u64(h, numeric);
	h = hash_u64(h, group);
	return hash_u64(h, name);
}

static uint64_t
tree_tag_hash(const struct query_tree *t, uint32_t i)
{
	const struct query_tree_tag *g = &t->tags[i];

	return tree_tag_key(g->node, g->numeric, g->group, g->name);
}

/* The node for info under parent (call tree mode), created if new. */
static uint32_t
tree_node_get(struct query_tree *t, uint32_t parent, uint32_t info)
{
	struct query_tree_node *n;
	size_t i, mask;

	tree_rehash(t, &t->node_slots, &t->nnode_slots, t->nnode,
	    tree_node_hash);
	mask = t->nnode_slots - 1;
	for (i = tree_node_key(parent, info) & mask; t->node_slots[i] != 0;
	    i = (i + 1) & mask) {
		n = &t->nodes[t->node_slots[i] - 1];
		if (n->parent == parent && n->info == info)
			return t->node_slots[i] - 1;
	}
	XGROW(t->nodes, t->node_cap, t->nnode + 1);
	n = &t->nodes[t->nnode];
	memset(n, 0, sizeof *n);
	n->info = info;
	n->parent = parent;
	n->tags = n->first_in = n->first_out = NONE;
	n->kept = true;
	t->node_slots[i] = (uint32_t)++t->nnode;
	return (uint32_t)(t->nnode - 1);
}

/* The edge src -> dst, created (inline until a call says otherwise). */
static uint32_t
tree_edge_get(struct query_tree *t, uint32_t src, uint32_t dst)
{
	struct query_tree_edge *e;
	size_t i, mask;

	tree_rehash(t, &t->edge_slots, &t->nedge_slots, t->nedge,
	    tree_edge_hash);
	mask = t->nedge_slots - 1;
	for (i = tree_node_key(src, dst) & mask; t->edge_slots[i] != 0;
	    i = (i + 1) & mask) {
		e = &t->edges[t->edge_slots[i] - 1];
		if (e->src == src && e->dst == dst)
			return t->edge_slots[i] - 1;
	}
	XGROW(t->edges, t->edge_cap, t->nedge + 1);
	e = &t->edges[t->nedge];
	memset(e, 0, sizeof *e);
	e->src = src;
	e->dst = dst;
	e->inline_call = true;
	e->next_in = e->next_out = NONE;
	t->edge_slots[i] = (uint32_t)++t->nedge;
	return (uint32_t)(t->nedge - 1);
}

static void
tree_tag_add(struct query_tree *t, uint32_t node, bool numeric,
    uint32_t group, uint32_t name, int64_t value, int64_t w, int64_t dw,
    bool flat)
{
	struct query_tree_tag *g = NULL;
	size_t i, mask;
	uint32_t k;

	tree_rehash(t, &t->tag_slots, &t->ntag_slots, t->ntag,
	    tree_tag_hash);
	mask = t->ntag_slots - 1;
	for (i = tree_tag_key(node, numeric, group, name) & mask;
	    t->tag_slots[i] != 0; i = (i + 1) & mask) {
		k = t->tag_slots[i] - 1;
		g = &t->tags[k];
		if (g->node == node && g->numeric == numeric &&
		    g->group == group && g->name == name)
			break;
		g = NULL;
	}
	if (g == NULL) {
		XGROW(t->tags, t->tag_cap, t->ntag + 1);
		k = (uint32_t)t->ntag++;
		t->tag_slots[i] = k + 1;
		g = &t->tags[k];
		memset(g, 0, sizeof *g);
		g->node = node;
		g->numeric = numeric;
		g->group = group;
		g->name = name;
		g->unit = numeric ? t->num_unit : NULL;
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

/* pprof's Node.addSample: the value and the sample's tags. */
static void
tree_add_sample(struct query_tree *t, uint32_t node, size_t s, int64_t w,
    int64_t dw, bool flat)
{
	struct query_tree_node *n = &t->nodes[node];
	uint32_t j;

	if (flat) {
		n->flat += w;
		n->flat_div += dw;
	} else {
		n->cum += w;
		n->cum_div += dw;
	}
	if (t->sample_labels == NULL)
		return;
	if (t->sample_labels[s] != 0)
		tree_tag_add(t, node, false, 0, t->sample_labels[s], 0, w, dw,
		    flat);
	for (j = t->num_off[s]; j < t->num_off[s + 1]; j++)
		tree_tag_add(t, node, true, t->sample_labels[s],
		    t->num_name[j], t->num_value[j], w, dw, flat);
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
tree_prepare_labels(struct query_tree *t)
{
	const struct query *q = t->q;
	const struct profile *p = q->p;
	struct strbuf sb = STRBUF_INIT;
	char **strs = NULL;
	size_t s, j, nstr, cap = 0, nnum = 0, numcap = 0;
	uint32_t bytes, base;
	const char *name;
	struct rx *show, *hide;

	show = tree_compile(q->o->tagshow);
	hide = tree_compile(q->o->taghide);
	bytes = strtab_find(&p->strings, "bytes", 5);
	base = strtab_find(&p->strings, "pprof::base", 11);
	t->num_unit = "bytes";
	for (j = 0; j < p->nlabel && bytes != UINT32_MAX; j++)
		if (p->labels[j].key == bytes && p->labels[j].str == 0 &&
		    p->labels[j].unit != 0) {
			t->num_unit = profile_str(p, p->labels[j].unit);
			break;
		}
	t->sample_labels = xcalloc(p->nsample + 1, sizeof *t->sample_labels);
	t->num_off = xcalloc(p->nsample + 1, sizeof *t->num_off);
	for (s = 0; s < p->nsample; s++) {
		const struct profile_sample *ps = &p->samples[s];
		const struct profile_label *l = p->labels + ps->label_off;

		t->num_off[s] = (uint32_t)nnum;
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
				XGROW(t->num_name, numcap, nnum + 1);
				t->num_value = xreallocarray(t->num_value,
				    numcap, sizeof *t->num_value);
				name = format_scaled_str(l[j].num, t->num_unit,
				    q->o->unit);
				t->num_name[nnum] = strtab_intern_str(&t->strs,
				    name);
				t->num_value[nnum++] = l[j].num;
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
		t->sample_labels[s] = strtab_intern(&t->strs, sb.buf, sb.len);
	}
	t->num_off[p->nsample] = (uint32_t)nnum;
	rx_free(show);
	rx_free(hide);
	free(strs);
	strbuf_release(&sb);
}

/* A sample's value and mean divisor; false if both are zero. */
static bool
tree_sample_value(const struct query *q, size_t s, int64_t *w, int64_t *dw)
{
	const int64_t *v = profile_sample_values(q->p, s);

	*w = v[q->sample_index];
	*dw = q->o->mean ? v[0] : 0;
	return *w != 0 || *dw != 0;
}

/*
 * Graph mode, pprof's newGraph over the kept nodes: edges (each pair once
 * per sample), and with values the nodes' flat, cum (once per sample)
 * and tags.
 */
static void
tree_graph_pass(struct query_tree *t, bool values)
{
	const struct query *q = t->q;
	const struct profile *p = q->p;
	struct query_tree_node *nodes = t->nodes;
	struct query_tree_edge *e;
	size_t i, s;
	uint32_t parent, node, k, n, ei;
	int64_t w, dw;
	bool residual;

	for (s = 0; s < p->nsample; s++) {
		const uint32_t *locs = p->locs + q->vs_off[s];

		if (!q->sample_kept[s] || !tree_sample_value(q, s, &w, &dw))
			continue;
		t->stamp++;
		parent = NONE;
		residual = false;
		for (i = q->vs_n[s]; i-- > 0;) {
			const uint32_t *ln = q->loc_nodes +
			    q->loc_node_off[locs[i]];

			n = q->loc_nn[locs[i]];
			for (k = n; k-- > 0;) {
				node = ln[k];
				if (!nodes[node].kept) {
					residual = true;
					continue;
				}
				if (values && nodes[node].stamp != t->stamp) {
					nodes[node].stamp = t->stamp;
					tree_add_sample(t, node, s, w, dw,
					    false);
				}
				if (parent != NONE && node != parent) {
					ei = tree_edge_get(t, parent, node);
					e = &t->edges[ei];
					if (e->stamp != t->stamp) {
						e->stamp = t->stamp;
						e->weight += w;
						e->weight_div += dw;
						if (residual)
							e->residual = true;
						if (k == n - 1)
							e->inline_call = false;
					}
				}
				parent = node;
				residual = false;
			}
		}
		if (values && parent != NONE && !residual)
			tree_add_sample(t, parent, s, w, dw, true);
	}
}

/* Call tree mode, pprof's newTree: one node per calling context. */
static void
tree_build_tree(struct query_tree *t)
{
	const struct query *q = t->q;
	const struct profile *p = q->p;
	struct query_tree_edge *e;
	size_t i, s;
	uint32_t parent, node, k, n, ei;
	int64_t w, dw;

	for (s = 0; s < p->nsample; s++) {
		const uint32_t *locs = p->locs + q->vs_off[s];

		if (!q->sample_kept[s] || !tree_sample_value(q, s, &w, &dw))
			continue;
		parent = NONE;
		for (i = q->vs_n[s]; i-- > 0;) {
			const uint32_t *ln = q->loc_nodes +
			    q->loc_node_off[locs[i]];

			n = q->loc_nn[locs[i]];
			for (k = n; k-- > 0;) {
				node = tree_node_get(t, parent, ln[k]);
				tree_add_sample(t, node, s, w, dw, false);
				if (parent != NONE) {
					/* get may grow the array: index first */
					ei = tree_edge_get(t, parent, node);
					e = &t->edges[ei];
					e->weight += w;
					e->weight_div += dw;
					if (k == n - 1)
						e->inline_call = false;
				}
				parent = node;
			}
		}
		if (parent != NONE)
			tree_add_sample(t, parent, s, w, dw, true);
	}
}

/* Build the per-node edge lists from the live edges. */
static void
tree_link(struct query_tree *t)
{
	size_t i;

	for (i = 0; i < t->nnode; i++)
		t->nodes[i].first_in = t->nodes[i].first_out = NONE;
	for (i = t->nedge; i-- > 0;) {
		struct query_tree_edge *e = &t->edges[i];

		if (e->removed)
			continue;
		e->next_out = t->nodes[e->src].first_out;
		t->nodes[e->src].first_out = (uint32_t)i;
		e->next_in = t->nodes[e->dst].first_in;
		t->nodes[e->dst].first_in = (uint32_t)i;
	}
}

/* The live edge after ei in n's in or out list (ei NONE: the first). */
static uint32_t
tree_next(const struct query_tree *t, uint32_t n, uint32_t ei, bool in)
{
	if (ei == NONE)
		ei = in ? t->nodes[n].first_in : t->nodes[n].first_out;
	else
		ei = in ? t->edges[ei].next_in : t->edges[ei].next_out;
	while (ei != NONE && t->edges[ei].removed)
		ei = in ? t->edges[ei].next_in : t->edges[ei].next_out;
	return ei;
}

#define TREE_EACH(t, n, ei, in)						\
	for ((ei) = tree_next(t, n, NONE, in); (ei) != NONE;		\
	    (ei) = tree_next(t, n, ei, in))

/* The node list of a graph: nodes with a value (pprof's selectNodes). */
static void
tree_select(struct query_tree *t)
{
	size_t i;
	bool dropneg = t->q->o->drop_negative;

	t->norder = 0;
	for (i = 0; i < t->nnode; i++) {
		const struct query_tree_node *n = &t->nodes[i];

		if (!n->kept || (n->cum == 0 && n->flat == 0))
			continue;
		if (dropneg && (n->flat < 0 || (n->flat == 0 && n->cum < 0)))
			continue;
		t->order[t->norder++] = (uint32_t)i;
	}
}

/* Graph mode: rebuild the edges for the nodes marked kept. */
static void
tree_rebuild(struct query_tree *t)
{
	t->nedge = 0;
	if (t->edge_slots != NULL)
		memset(t->edge_slots, 0, t->nedge_slots *
		    sizeof *t->edge_slots);
	tree_graph_pass(t, false);
	tree_link(t);
	tree_select(t);
}

/*
 * Call tree mode, pprof's TrimTree: drop the shown nodes not marked kept.
 * A dropped node's children hang from its parent through residual edges
 * (inline only if both calls were), or become roots if it had none.
 * Edges change caller here, so the edge table must not be used after.
 */
static void
tree_trim_tree(struct query_tree *t)
{
	struct query_tree_edge *pe, *oe;
	uint32_t cur, par, ei, next;
	size_t i, n = 0;

	for (i = 0; i < t->norder; i++) {
		cur = t->order[i];
		if (t->nodes[cur].kept) {
			t->order[n++] = cur;
			continue;
		}
		ei = tree_next(t, cur, NONE, true);
		pe = ei != NONE ? &t->edges[ei] : NULL;
		for (ei = t->nodes[cur].first_out; ei != NONE; ei = next) {
			oe = &t->edges[ei];
			next = oe->next_out;
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
			oe->next_out = t->nodes[par].first_out;
			t->nodes[par].first_out = ei;
		}
		t->nodes[cur].first_out = NONE;
		if (pe != NULL)
			pe->removed = true;
	}
	t->norder = n;
}

/*
 * Put the shown nodes whose |cum| reaches cutoff first, keeping their
 * order; return how many.
 */
static size_t
tree_partition(struct query_tree *t, int64_t cutoff)
{
	uint32_t *tmp = xcalloc(t->norder + 1, sizeof *tmp);
	size_t i, n = 0, m = 0;

	for (i = 0; i < t->norder; i++)
		if (abs64(t->nodes[t->order[i]].cum) >= cutoff)
			t->order[n++] = t->order[i];
		else
			tmp[m++] = t->order[i];
	memcpy(t->order + n, tmp, m * sizeof *tmp);
	free(tmp);
	return n;
}

/* Keep the first n shown nodes: rebuild the graph, or trim the tree. */
static void
tree_keep(struct query_tree *t, size_t n)
{
	size_t i;

	for (i = 0; i < t->nnode; i++)
		t->nodes[i].kept = false;
	for (i = 0; i < n; i++)
		t->nodes[t->order[i]].kept = true;
	if (t->flags & QUERY_TREE_CALL_TREE)
		tree_trim_tree(t);
	else
		tree_rebuild(t);
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
	bool		(*less)(uint32_t, uint32_t);
};

static bool
gs_less(const struct gosort *g, size_t i, size_t j)
{
	return g->less(g->v[i], g->v[j]);
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
gosort(uint32_t *v, size_t n, bool (*less)(uint32_t, uint32_t))
{
	struct gosort g = { v, less };

	if (n > 1)
		gs_pdqsort(&g, 0, n, gs_bits_len(n));
}

static const struct query_tree *sort_t;
static int64_t *sort_score;

static int
tree_edge_cmp(const void *va, const void *vb)
{
	const struct query_tree_edge *a = &sort_t->edges[*(const uint32_t *)va];
	const struct query_tree_edge *b = &sort_t->edges[*(const uint32_t *)vb];
	int c;

	if (a->weight != b->weight && abs64(a->weight) != abs64(b->weight))
		return abs64(a->weight) > abs64(b->weight) ? -1 : 1;
	if ((c = strcmp(query_tree_name(sort_t, a->src),
	    query_tree_name(sort_t, b->src))) != 0)
		return c;
	if ((c = strcmp(query_tree_name(sort_t, a->dst),
	    query_tree_name(sort_t, b->dst))) != 0)
		return c;
	/* pprof's order is not total here: keep ours stable */
	return *(const uint32_t *)va < *(const uint32_t *)vb ? -1 : 1;
}

void
query_tree_sort_edges(const struct query_tree *t, uint32_t *e, size_t n)
{
	if (n < 2)
		return;
	sort_t = t;
	sort_array(e, n, sizeof *e, tree_edge_cmp);
	sort_t = NULL;
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
		if (t->edges[ei].weight > 0)
			total += abs64(t->edges[ei].weight);
	if (total != 0) {
		TREE_EACH(t, n, ei, in) {
			frac = (double)abs64(t->edges[ei].weight) /
			    (double)total;
			score += -frac * go_log2(frac);
		}
		if (self > 0) {
			frac = (double)abs64(self) / (double)total;
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
	const struct query_tree_node *nd = &t->nodes[n];
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

static int
tree_node_cmp(const void *va, const void *vb)
{
	uint32_t ia = *(const uint32_t *)va, ib = *(const uint32_t *)vb;
	const struct query_tree_node *a = &sort_t->nodes[ia];
	const struct query_tree_node *b = &sort_t->nodes[ib];
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	int64_t x, y;
	int c;
	bool visual = sort_score != NULL, cum = sort_t->q->o->cum;

	if (visual) {
		x = abs64(sort_score[ia]);
		y = abs64(sort_score[ib]);
	} else if (cum) {
		x = abs64(a->cum);
		y = abs64(b->cum);
	} else {
		x = abs64(a->flat);
		y = abs64(b->flat);
	}
	if (x != y)
		return x > y ? -1 : 1;
	if ((c = strcmp(query_tree_name(sort_t, ia),
	    query_tree_name(sort_t, ib))) != 0)
		return c;
	if (visual || cum) {
		x = abs64(a->flat);
		y = abs64(b->flat);
	} else {
		x = abs64(a->cum);
		y = abs64(b->cum);
	}
	if (x != y)
		return x > y ? -1 : 1;
	if (a->info != b->info) {
		query_node_infostr(&sa, &sort_t->q->nodes[a->info]);
		query_node_infostr(&sb, &sort_t->q->nodes[b->info]);
		c = strcmp(sa.buf, sb.buf);
		strbuf_release(&sa);
		strbuf_release(&sb);
		if (c != 0)
			return c;
	}
	return 0;
}

static bool
tree_node_less(uint32_t a, uint32_t b)
{
	return tree_node_cmp(&a, &b) < 0;
}

/* pprof's SortNodes: entropy in visual mode, else cum or flat. */
static void
tree_sort(struct query_tree *t)
{
	int64_t *score = NULL;
	size_t i;

	if (t->flags & QUERY_TREE_VISUAL) {
		score = xcalloc(t->nnode + 1, sizeof *score);
		for (i = 0; i < t->norder; i++)
			score[t->order[i]] = tree_entropy(t, t->order[i]);
	}
	sort_t = t;
	sort_score = score;
	gosort(t->order, t->norder, tree_node_less);
	sort_t = NULL;
	sort_score = NULL;
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
			if (abs64(t->tags[k].flat) < cutoff &&
			    abs64(t->tags[k].cum) < cutoff)
				t->tags[k].removed = true;
}

/* pprof's TrimLowFrequencyEdges: the in edges of shown nodes. */
static int
tree_trim_edges(struct query_tree *t, int64_t cutoff)
{
	size_t i;
	uint32_t ei;
	int dropped = 0;

	for (i = 0; i < t->norder; i++)
		TREE_EACH(t, t->order[i], ei, true)
			if (abs64(t->edges[ei].weight) < cutoff) {
				t->edges[ei].removed = true;
				dropped++;
			}
	return dropped;
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

/* Is there another path from e's caller to its callee? */
static bool
tree_redundant(struct query_tree *t, uint32_t e, uint32_t *queue)
{
	uint32_t src = t->edges[e].src, n, ei, s;
	size_t head = 0, tail = 0;

	t->stamp++;
	t->nodes[t->edges[e].dst].stamp = t->stamp;
	queue[tail++] = t->edges[e].dst;
	while (head < tail) {
		n = queue[head++];
		TREE_EACH(t, n, ei, true) {
			if (ei == e)
				continue;
			s = t->edges[ei].src;
			if (t->nodes[s].stamp == t->stamp)
				continue;
			if (s == src)
				return true;
			t->nodes[s].stamp = t->stamp;
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
	uint32_t *queue = xcalloc(t->nnode + 1, sizeof *queue), *in;
	size_t i, j, nin;

	for (i = t->norder; i > 0; i--) {
		nin = query_tree_in_edges(t, t->order[i - 1], &in);
		for (j = nin; j > 0; j--) {
			if (!t->edges[in[j - 1]].residual)
				break;
			if (tree_redundant(t, in[j - 1], queue))
				t->edges[in[j - 1]].removed = true;
		}
		free(in);
	}
	free(queue);
}

struct query_tree *
query_tree_new(struct query *q, int flags)
{
	const struct options *o = q->o;
	struct query_tree *t = xcalloc(1, sizeof *t);
	int64_t total = 0, nodecut, edgecut;
	size_t i, n;

	t->q = q;
	t->flags = flags;
	strtab_init(&t->strs);
	if (flags & QUERY_TREE_VISUAL)
		tree_prepare_labels(t);
	if (flags & QUERY_TREE_CALL_TREE)
		tree_build_tree(t);
	else {
		t->nnode = t->node_cap = q->nnode;
		t->nodes = xcalloc(q->nnode + 1, sizeof *t->nodes);
		for (i = 0; i < q->nnode; i++) {
			t->nodes[i].info = (uint32_t)i;
			t->nodes[i].parent = NONE;
			t->nodes[i].tags = NONE;
			t->nodes[i].kept = true;
		}
		tree_graph_pass(t, true);
	}
	for (i = 0; i < t->nnode; i++)
		query_printable(&q->nodes[t->nodes[i].info]);
	t->order = xcalloc(t->nnode + 1, sizeof *t->order);
	tree_link(t);
	tree_select(t);

	for (i = 0; i < t->norder; i++)
		total += t->nodes[t->order[i]].flat;
	nodecut = abs64((int64_t)((double)total * o->nodefraction));
	edgecut = abs64((int64_t)((double)total * o->edgefraction));
	if (nodecut > 0 && (n = tree_partition(t, nodecut)) != t->norder) {
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
	free(t->edges);
	free(t->tags);
	strtab_release(&t->strs);
	free(t->order);
	free(t->node_slots);
	free(t->edge_slots);
	free(t->tag_slots);
	free(t->sample_labels);
	free(t->num_off);
	free(t->num_name);
	free(t->num_value);
	free(t);
}

/*
 * pprof's selectOutputUnit: the unit of the smallest non-zero value shown,
 * or of 100 times it when that is in a smaller unit than the total (so
 * that values print as 0.01 and up), except for integral reports.
 */
void
query_tree_select_unit(struct query_tree *t, bool integral)
{
	struct query *q = t->q;
	const char *unit, *u;
	int64_t minv = 0, maxv, nm;
	size_t i;

	free(q->output_unit);
	q->output_unit = xstrdup(q->o->unit);
	if (strcmp(q->o->unit, "minimum") != 0 || t->norder == 0)
		return;
	for (i = 0; i < t->norder; i++) {
		const struct query_tree_node *n = &t->nodes[t->order[i]];

		nm = abs64(query_tree_flat(n));
		if (nm == 0)
			nm = abs64(query_tree_cum(n));
		if (nm > 0 && (minv == 0 || nm < minv))
			minv = nm;
	}
	maxv = q->total;
	if (minv == 0)
		minv = maxv;
	if (q->ratio > 0 && q->ratio != 1) {
		minv = (int64_t)((double)minv * q->ratio);
		maxv = (int64_t)((double)maxv * q->ratio);
	}
	unit_scale(minv, q->sample_unit, "minimum", &unit);
	unit_scale(maxv, q->sample_unit, "minimum", &u);
	if (strcmp(unit, u) != 0 && minv * 100 < maxv && !integral)
		unit_scale(100 * minv, q->sample_unit, "minimum", &unit);
	free(q->output_unit);
	q->output_unit = xstrdup(unit[0] != '\0' ? unit : q->sample_unit);
}
