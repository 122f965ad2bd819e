/*
 * query-ctree.c: lazy calling-context trees.
 *
 * A sample's path is the nodes of its frames from the root to the leaf
 * (or, inverted, read from the leaf to the root), after the view's hiding
 * and with inlined frames expanded, as the graph builder walks them: the
 * query's own paths (q->path), or a copy made here when the query has
 * none (too big to keep).  A context is then a range of a
 * permutation of the samples, all of which share the context's path
 * prefix: its children come from sorting that range by the next frame,
 * which splits it into one range per child (samples whose path ends at
 * the context sort first and give its flat).  Each expansion costs
 * O(k + c log c) for the k samples and c children of the context (a
 * counting sort), and only the contexts a view looks at are expanded.
 */
#include <stdlib.h>
#include <string.h>

#include "cancel.h"
#include "profile.h"
#include "query-ctree.h"
#include "query-internal.h"
#include "sort.h"
#include "xmalloc.h"

#define CTREE_UNEXPANDED	UINT32_MAX

struct ctree_ctx {
	uint32_t	 info;		/* q->nodes index */
	uint32_t	 parent;	/* context or NONE */
	uint32_t	 depth;
	uint32_t	 lo, hi;	/* its samples: perm[lo .. hi) */
	int64_t		 flat, flat_div, cum, cum_div;
	uint32_t	 kid_off;	/* into kids, or CTREE_UNEXPANDED */
	uint32_t	 nkid;
};

struct query_ctree {
	struct query		*q;		/* borrowed */
	bool			 inverted;
	struct ctree_ctx	*v;
	size_t			 n, cap;
	uint32_t		*kids;		/* children lists, by kid_off */
	size_t			 nkids, kcap;
	struct ctree_ctx	 root;		/* the virtual root: depth -1 */

	/* kept samples with a frame: their paths and values */
	size_t			 ns;
	uint32_t		*perm;		/* a permutation of 0 .. ns */
	uint32_t		*lo, *hi;	/* ns: path[lo .. hi), root first */
	const uint32_t		*path;		/* q->path, or own */
	uint32_t		*own;
	int64_t			*w, *dw;	/* value, and count for -mean */

	/* ctree_partition()'s scratch, allocated on first use */
	uint32_t		*key;		/* ns: a sample's frame + 1 */
	uint32_t		*skey;		/* ns: the same, in perm's order */
	uint32_t		*tmp;		/* ns: the permutation */
	uint32_t		*count;		/* nnode + 1, kept zero */
	uint32_t		*keys;		/* nnode + 1: distinct keys */
};

static int64_t
ctree_mean(int64_t v, int64_t div)
{
	return div == 0 ? v : v / div;
}

/* Find the kept samples' paths and values; -1 if interrupted. */
static int
ctree_paths(struct query_ctree *t)
{
	struct query *q = t->q;
	const struct profile *p = q->p;
	uint32_t *own_off = NULL;
	const uint32_t *off;
	size_t s;
	bool mean = q->opt.mean;

	if (query_values(q) == NULL || query_paths(q) == -1)
		return -1;	/* interrupted */
	if (q->path != NULL) {
		t->path = q->path;
		off = q->path_off;
	} else {
		/* the query keeps none (too big to keep): a copy of our own */
		if (query_paths_build(q, NULL, UINT32_MAX, &t->own, &own_off) != 0)
			return -1;
		t->path = t->own;
		off = own_off;
	}
	t->lo = xreallocarray(NULL, p->nsample + 1, sizeof *t->lo);
	t->hi = xreallocarray(NULL, p->nsample + 1, sizeof *t->hi);
	t->w = xreallocarray(NULL, p->nsample + 1, sizeof *t->w);
	t->dw = xreallocarray(NULL, p->nsample + 1, sizeof *t->dw);
	for (s = 0; s < p->nsample; s++) {
		const int64_t *v = profile_sample_values(p, s);
		int64_t w = v[q->sample_index], dw = mean ? v[0] : 0;

		if (!q->sample_kept[s] || (w == 0 && dw == 0) ||
		    off[s] == off[s + 1])	/* every frame hidden */
			continue;
		t->lo[t->ns] = off[s];
		t->hi[t->ns] = off[s + 1];
		t->w[t->ns] = w;
		t->dw[t->ns] = dw;
		t->ns++;
	}
	free(own_off);
	t->perm = xreallocarray(NULL, t->ns + 1, sizeof *t->perm);
	for (s = 0; s < t->ns; s++)
		t->perm[s] = (uint32_t)s;
	return 0;
}

struct query_ctree *
query_ctree_new(struct query *q, bool inverted)
{
	struct query_ctree *t = xcalloc(1, sizeof *t);
	size_t s;

	t->q = q;
	t->inverted = inverted;
	if (ctree_paths(t) == -1) {
		query_ctree_free(t);
		return NULL;
	}
	t->root.info = QUERY_NONE;
	t->root.parent = QUERY_NONE;
	t->root.depth = UINT32_MAX;	/* children are at depth 0 */
	t->root.lo = 0;
	t->root.hi = (uint32_t)t->ns;
	t->root.kid_off = CTREE_UNEXPANDED;
	for (s = 0; s < t->ns; s++) {
		t->root.cum += t->w[s];
		t->root.cum_div += t->dw[s];
	}
	return t;
}

void
query_ctree_free(struct query_ctree *t)
{
	if (t == NULL)
		return;
	free(t->v);
	free(t->kids);
	free(t->perm);
	free(t->lo);
	free(t->hi);
	free(t->own);
	free(t->w);
	free(t->dw);
	free(t->key);
	free(t->skey);
	free(t->tmp);
	free(t->count);
	free(t->keys);
	free(t);
}

static struct ctree_ctx *
ctree_get(struct query_ctree *t, uint32_t c)
{
	return c == QUERY_NONE ? &t->root : &t->v[c];
}

static const struct ctree_ctx *
ctree_cget(const struct query_ctree *t, uint32_t c)
{
	return c == QUERY_NONE ? &t->root : &t->v[c];
}

/* The frame of sample s at depth d, or NONE past its end. */
static uint32_t
ctree_frame(const struct query_ctree *t, uint32_t s, uint32_t d)
{
	uint32_t lo = t->lo[s], hi = t->hi[s];

	if (d >= hi - lo)
		return QUERY_NONE;
	return t->q->loc_nodes[t->path[t->inverted ? hi - 1 - d : lo + d] &
	    ~QUERY_PATH_CALL];
}

/* Ask for what ctree_frame(t, s, d) reads, its bounds being there. */
static inline void
ctree_prefetch_frame(const struct query_ctree *t, uint32_t s, uint32_t d)
{
	uint32_t lo = t->lo[s], hi = t->hi[s];

	if (d < hi - lo)
		__builtin_prefetch(&t->path[t->inverted ? hi - 1 - d :
		    lo + d]);
}

static int
ctree_key_cmp(const void *va, const void *vb)
{
	uint32_t a = *(const uint32_t *)va, b = *(const uint32_t *)vb;

	return (a > b) - (a < b);
}

/*
 * Order perm[lo .. hi) by the samples' frame at depth d, ended samples
 * first, keeping the order of samples with the same frame (index order:
 * the root's permutation is the identity, and every split keeps it).  A
 * counting sort: one pass to count each frame, one to place each sample,
 * and a sort of the distinct frames alone.
 */
static void
ctree_partition(struct query_ctree *t, uint32_t lo, uint32_t hi, uint32_t d)
{
	size_t nnode = t->q->nnode + 1, nkey = 0, i;
	uint32_t *perm = t->perm + lo, n = hi - lo, k, c, off;

	if (t->key == NULL) {
		t->key = xreallocarray(NULL, t->ns + 1, sizeof *t->key);
		t->skey = xreallocarray(NULL, t->ns + 1, sizeof *t->skey);
		t->tmp = xreallocarray(NULL, t->ns + 1, sizeof *t->tmp);
		t->count = xcalloc(nnode + 1, sizeof *t->count);
		t->keys = xreallocarray(NULL, nnode + 1, sizeof *t->keys);
	}
	for (i = 0; i < n; i++) {
		/*
		 * The samples' paths are all over: ask for a sample's
		 * bounds early, and for its frame once they are there.
		 */
		if (i + 16 < n) {
			__builtin_prefetch(&t->lo[perm[i + 16]]);
			__builtin_prefetch(&t->hi[perm[i + 16]]);
		}
		if (i + 8 < n)
			ctree_prefetch_frame(t, perm[i + 8], d);
		k = t->key[i] = ctree_frame(t, perm[i], d) + 1; /* NONE: 0 */
		if (t->count[k]++ == 0)
			t->keys[nkey++] = k;
	}
	if (nkey == 1) {
		t->count[t->keys[0]] = 0;
		memcpy(t->skey, t->key, n * sizeof *t->skey);
		return;		/* one frame: already in order */
	}
	qsort(t->keys, nkey, sizeof *t->keys, ctree_key_cmp);
	for (off = 0, i = 0; i < nkey; i++) {
		c = t->count[t->keys[i]];
		t->count[t->keys[i]] = off;
		off += c;
	}
	for (i = 0; i < n; i++) {
		off = t->count[t->key[i]]++;
		t->tmp[off] = perm[i];
		t->skey[off] = t->key[i];
	}
	memcpy(perm, t->tmp, n * sizeof *perm);
	for (i = 0; i < nkey; i++)
		t->count[t->keys[i]] = 0;
}

/* Siblings: |cum| descending, then name, then node. */
static int
ctree_kid_cmp(const void *va, const void *vb, void *arg)
{
	const struct query_ctree *t = arg;
	const struct ctree_ctx *a = &t->v[*(const uint32_t *)va];
	const struct ctree_ctx *b = &t->v[*(const uint32_t *)vb];
	int64_t x = query_abs64(ctree_mean(a->cum, a->cum_div));
	int64_t y = query_abs64(ctree_mean(b->cum, b->cum_div));
	int c;

	if (x != y)
		return x > y ? -1 : 1;
	c = strcmp(t->q->nodes[a->info].printable,
	    t->q->nodes[b->info].printable);
	if (c != 0)
		return c;
	return (a->info > b->info) - (a->info < b->info);
}

/* Make the children of c. */
static void
ctree_expand(struct query_ctree *t, uint32_t c)
{
	struct ctree_ctx *x = ctree_get(t, c);
	uint32_t d = x->depth + 1;	/* the children's depth (root: 0) */
	uint32_t lo = x->lo, hi = x->hi, i, j, f, first;
	size_t nkid = 0;

	/* t->skey[i - lo]: sample perm[i]'s frame at d, + 1 (NONE: 0) */
	ctree_partition(t, lo, hi, d);
	/* samples that end at c (its flat) sort first */
	for (i = lo; i < hi && t->skey[i - lo] == 0; i++)
		;
	first = (uint32_t)t->n;
	for (; i < hi; i = j) {
		struct ctree_ctx *k;
		uint32_t s;

		f = t->skey[i - lo] - 1;
		XGROW(t->v, t->cap, t->n + 1);	/* x is stale from here */
		k = &t->v[t->n];
		memset(k, 0, sizeof *k);
		k->info = f;
		k->parent = c;
		k->depth = d;
		k->lo = i;
		k->kid_off = CTREE_UNEXPANDED;
		for (j = i; j < hi && t->skey[j - lo] == f + 1; j++) {
			s = t->perm[j];
			k->cum += t->w[s];
			k->cum_div += t->dw[s];
			if (t->hi[s] - t->lo[s] <= d + 1) {	/* its leaf */
				k->flat += t->w[s];
				k->flat_div += t->dw[s];
			}
		}
		k->hi = j;
		query_printable(&t->q->nodes[f]);
		t->n++;
		nkid++;
	}
	x = ctree_get(t, c);
	XGROW(t->kids, t->kcap, t->nkids + nkid + 1);
	x->kid_off = (uint32_t)t->nkids;
	x->nkid = (uint32_t)nkid;
	for (i = 0; i < nkid; i++)
		t->kids[t->nkids + i] = first + i;
	sort_array_r(t->kids + t->nkids, nkid, sizeof *t->kids, ctree_kid_cmp,
	    t);
	t->nkids += nkid;
}

size_t
query_ctree_children(struct query_ctree *t, uint32_t c, const uint32_t **out)
{
	struct ctree_ctx *x = ctree_get(t, c);

	if (x->kid_off == CTREE_UNEXPANDED) {
		ctree_expand(t, c);
		x = ctree_get(t, c);
	}
	*out = t->kids + x->kid_off;
	return x->nkid;
}

bool
query_ctree_has_children(const struct query_ctree *t, uint32_t c)
{
	const struct ctree_ctx *x = ctree_cget(t, c);
	uint32_t d = x->depth + 1, i;

	if (x->kid_off != CTREE_UNEXPANDED)
		return x->nkid > 0;
	for (i = x->lo; i < x->hi; i++)
		if (ctree_frame(t, t->perm[i], d) != QUERY_NONE)
			return true;
	return false;
}

uint32_t
query_ctree_parent(const struct query_ctree *t, uint32_t c)
{
	return ctree_cget(t, c)->parent;
}

uint32_t
query_ctree_depth(const struct query_ctree *t, uint32_t c)
{
	return ctree_cget(t, c)->depth;
}

uint32_t
query_ctree_node(const struct query_ctree *t, uint32_t c)
{
	return ctree_cget(t, c)->info;
}

const char *
query_ctree_name(const struct query_ctree *t, uint32_t c)
{
	return t->q->nodes[t->v[c].info].printable;
}

int64_t
query_ctree_cum(const struct query_ctree *t, uint32_t c)
{
	const struct ctree_ctx *x = ctree_cget(t, c);

	return ctree_mean(x->cum, x->cum_div);
}

int64_t
query_ctree_flat(const struct query_ctree *t, uint32_t c)
{
	const struct ctree_ctx *x = ctree_cget(t, c);

	return ctree_mean(x->flat, x->flat_div);
}

int64_t
query_ctree_total(const struct query_ctree *t)
{
	return ctree_mean(t->root.cum, t->root.cum_div);
}

bool
query_ctree_inverted(const struct query_ctree *t)
{
	return t->inverted;
}

struct query *
query_ctree_query(const struct query_ctree *t)
{
	return t->q;
}

/*
 * Per sample, the depth of its first matching frame, or UINT32_MAX: the
 * predicate is asked once per node.
 */
static uint32_t *
ctree_first_match(const struct query_ctree *t, query_ctree_match_fn *match,
    void *arg)
{
	uint32_t *first = xreallocarray(NULL, t->ns + 1, sizeof *first);
	signed char *memo = xcalloc(t->q->nnode + 1, 1);
	const uint32_t *ln = t->q->loc_nodes;
	size_t s;
	uint32_t d, n, node;

	/* the frames of each path, in tree order, without ctree_frame() */
	for (s = 0; s < t->ns; s++) {
		first[s] = UINT32_MAX;
		n = t->hi[s] - t->lo[s];
		for (d = 0; d < n; d++) {
			node = ln[t->path[t->inverted ? t->hi[s] - 1 - d :
			    t->lo[s] + d] & ~QUERY_PATH_CALL];
			if (memo[node] == 0)
				memo[node] = match(arg, node) ? 1 : -1;
			if (memo[node] == 1) {
				first[s] = d;
				break;
			}
		}
	}
	free(memo);
	return first;
}

uint32_t
query_ctree_find(struct query_ctree *t, query_ctree_match_fn *match,
    void *arg)
{
	uint32_t *first = ctree_first_match(t, match, arg);
	uint32_t c = QUERY_NONE, best, i;
	const uint32_t *kids;
	int64_t *mw = xreallocarray(NULL, t->ns + 1, sizeof *mw);
	size_t n, k, s;
	int64_t bw, w;

	/*
	 * The weight of each sample with a match.  Under a context that
	 * does not match, a sample's match is always below it: the walk
	 * stops at the first context that matches.
	 */
	for (s = 0; s < t->ns; s++)
		mw[s] = first[s] == UINT32_MAX ? 0 : query_abs64(t->w[s]) + 1;
	free(first);
	for (;;) {
		n = query_ctree_children(t, c, &kids);
		best = QUERY_NONE;
		bw = 0;
		for (k = 0; k < n; k++) {
			const struct ctree_ctx *x = &t->v[kids[k]];

			for (w = 0, i = x->lo; i < x->hi; i++)
				w += mw[t->perm[i]];
			if (w > bw) {
				bw = w;
				best = kids[k];
			}
		}
		if (best == QUERY_NONE)
			break;
		c = best;
		if (match(arg, t->v[c].info))
			break;
	}
	free(mw);
	return c;
}

int64_t
query_ctree_matched(struct query_ctree *t, query_ctree_match_fn *match,
    void *arg)
{
	uint32_t *first = ctree_first_match(t, match, arg);
	int64_t sum = 0, div = 0;
	size_t s;

	for (s = 0; s < t->ns; s++)
		if (first[s] != UINT32_MAX) {
			sum += t->w[s];
			div += t->dw[s];
		}
	free(first);
	return ctree_mean(sum, div);
}
