/*
 * query.c: build pprof's call graphs from a filtered view of a profile.
 *
 * Nodes are identified as pprof's NodeInfo is (name, file, object file,
 * address, start line, line), with the fields the granularity does not
 * keep cleared.
 *
 * One graph builder serves every report, the text reports through
 * query_build_graph() and the graph reports through query-tree.c.  Its
 * pass, query_pass_run(), walks every kept sample from the root to the
 * leaf, as pprof's newGraph and newTree do, and builds what it is asked:
 *
 *   - values: each node on the stack gets the sample's value as cum once
 *     per sample (so recursion does not count twice), the leaf-most one
 *     as flat; a callback may see each value a node takes (the graph
 *     reports hang label tags on it);
 *   - edges: each caller->callee pair once per sample; an edge is inline
 *     while every call it stands for was inlined (the callee is not the
 *     last line of its location);
 *   - a kept set: frames of other nodes are skipped, and an edge over
 *     them is residual;
 *   - call trees: a frame's node is its calling context, (caller's node,
 *     NodeInfo), instead of the NodeInfo alone.
 *
 * A pass finds a frame's nodes through its location, or, for a query
 * that keeps its paths (the viewer's), in its paths: each sample's nodes
 * from the root, one sequential scan.  The viewer's queries share their
 * frame tables and paths where they are the same (query_new_like()).  An
 * edges pass with a small kept set finds its edges in a dense table,
 * others gather each caller's pairs and make its edges from them (struct
 * query_pairs); either leaves them by caller.  A call tree's pass finds
 * its edges by hash.
 *
 * Nodes are struct query_gnode, and the helpers after the pass select,
 * order and trim them as pprof does for every report.  Trimming only
 * rebuilds the edges with a kept set, so that edges through dropped nodes
 * become residual: the values of the kept nodes never change with the
 * kept set (a kept node's cum is the same sum, and flat only ever goes to
 * the leaf-most frame's own node), so one values pass is enough.  What
 * differs stays with the callers: query_build_graph() copies the values
 * into q->nodes and indexes the edges; query-tree.c adds what only graph
 * pictures need (call tree splicing, tags and nodelets, entropy order,
 * redundant edges).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "both.h"
#include "cancel.h"
#include "diff.h"
#include "format.h"
#include "hash.h"
#include "profile.h"
#include "query-internal.h"
#include "sort.h"
#include "strbuf.h"
#include "warn.h"
#include "xmalloc.h"

static void	query_graph_release_edges(struct query *);
static void	query_order_edges(struct query *);

int64_t
query_abs64(int64_t v)
{
	/* Go's abs64 wraps on the most negative value; avoid C's UB. */
	return v < 0 ? (int64_t)(0 - (uint64_t)v) : v;
}

/* A value after -mean: divided by the sum of the samples' counts. */
static int64_t
query_mean(int64_t v, int64_t div)
{
	return div == 0 ? v : v / div;
}

int64_t
query_node_flat(const struct query_node *n)
{
	return query_mean(n->flat, n->flat_div);
}

int64_t
query_node_cum(const struct query_node *n)
{
	return query_mean(n->cum, n->cum_div);
}

int64_t
query_gnode_flat(const struct query_gnode *n)
{
	return query_mean(n->flat, n->flat_div);
}

int64_t
query_gnode_cum(const struct query_gnode *n)
{
	return query_mean(n->cum, n->cum_div);
}
/* Go's filepath.Clean for slash-separated paths. */
void
query_clean_path(struct strbuf *sb, const char *path)
{
	size_t n = strlen(path), r = 0, dotdot, start = sb->len;
	bool rooted = n > 0 && path[0] == '/';

	if (n == 0) {
		strbuf_addch(sb, '.');
		return;
	}
	if (rooted) {
		strbuf_addch(sb, '/');
		r = 1;
	}
	dotdot = sb->len;
	while (r < n) {
		if (path[r] == '/')
			r++;
		else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/'))
			r++;
		else if (path[r] == '.' && path[r + 1] == '.' &&
		    (r + 2 == n || path[r + 2] == '/')) {
			r += 2;
			if (sb->len > dotdot) {
				sb->len--;
				while (sb->len > dotdot && sb->buf[sb->len] != '/')
					sb->len--;
				sb->buf[sb->len] = '\0';
			} else if (!rooted) {
				if (sb->len > start)
					strbuf_addch(sb, '/');
				strbuf_addstr(sb, "..");
				dotdot = sb->len;
			}
		} else {
			if ((rooted && sb->len != start + 1) ||
			    (!rooted && sb->len != start))
				strbuf_addch(sb, '/');
			for (; r < n && path[r] != '/'; r++)
				strbuf_addch(sb, path[r]);
		}
	}
	if (sb->len == start)
		strbuf_addch(sb, '.');
}

void
query_path_base(const char *s, size_t n, const char **base, size_t *len)
{
	size_t i;

	if (n == 0) {
		*base = ".";
		*len = 1;
		return;
	}
	while (n > 0 && s[n - 1] == '/')
		n--;
	if (n == 0) {
		*base = "/";
		*len = 1;
		return;
	}
	for (i = n; i > 0 && s[i - 1] != '/'; i--)
		;
	*base = s + i;
	*len = n - i;
}

/*
 * pprof's trimPath.  With no -trim_path, the first "/<base>/" found in
 * path, for the base name of each -source_path directory in turn, ends
 * the part cut off.  Otherwise, or if none is found, the first of the
 * -trim_path prefixes (a '/' appended to each; an empty one is "/") that
 * path starts with goes, then /proc/self/cwd/./ or /proc/self/cwd/.  The
 * result is always a suffix of path.
 */
const char *
query_trim_path(const char *path, const char *trim, const char *search)
{
	static const char *const always[] = { "/proc/self/cwd/./",
	    "/proc/self/cwd/" };
	const char *s, *e, *base, *hit;
	size_t n, blen, i;

	/* Go's filepath.SplitList: "" is no element, "a:" is "a" and "" */
	if ((trim == NULL || *trim == '\0') && search != NULL &&
	    *search != '\0') {
		for (s = search;; s = e + 1) {
			e = s + strcspn(s, ":");
			query_path_base(s, (size_t)(e - s), &base, &blen);
			for (hit = strchr(path, '/'); hit != NULL;
			    hit = strchr(hit + 1, '/'))
				if (strncmp(hit + 1, base, blen) == 0 &&
				    hit[1 + blen] == '/')
					return hit + blen + 2;
			if (*e == '\0')
				break;
		}
	}
	if (trim != NULL && *trim != '\0') {
		for (s = trim;; s = e + 1) {
			e = s + strcspn(s, ":");
			n = (size_t)(e - s);
			if (strncmp(path, s, n) == 0) {
				if (n > 0 && s[n - 1] == '/')
					return path + n;
				if (path[n] == '/')
					return path + n + 1;
			}
			if (*e == '\0')
				break;
		}
	}
	for (i = 0; i < 2; i++) {
		n = strlen(always[i]);
		if (strncmp(path, always[i], n) == 0)
			return path + n;
	}
	return path;
}

int
query_find_sample_index(const struct profile *p, const char *si,
    size_t *index, char **cause)
{
	const char *noinuse;
	size_t i;
	char *end;
	long v;
	struct strbuf sb = STRBUF_INIT;

	if (p->nsample_type == 0) {
		*cause = xstrdup("profile has no samples");
		return -1;
	}
	if (si == NULL || *si == '\0') {
		*index = p->nsample_type - 1;
		if (p->default_sample_type != 0)
			for (i = 0; i < p->nsample_type; i++)
				if (p->sample_types[i].type ==
				    p->default_sample_type) {
					*index = i;
					break;
				}
		return 0;
	}
	v = strtol(si, &end, 10);
	if (*end == '\0' && end != si && (si[0] != '+' || si[1] != '+')) {
		if (v < 0 || (size_t)v >= p->nsample_type) {
			*cause = xasprintf("sample_index %s is outside the "
			    "range [0..%zu]", si, p->nsample_type - 1);
			return -1;
		}
		*index = (size_t)v;
		return 0;
	}
	noinuse = strncmp(si, "inuse_", 6) == 0 ? si + 6 : si;
	for (i = 0; i < p->nsample_type; i++) {
		const char *t = profile_str(p, p->sample_types[i].type);

		if (strcmp(t, si) == 0 || strcmp(t, noinuse) == 0) {
			*index = i;
			return 0;
		}
	}
	for (i = 0; i < p->nsample_type; i++) {
		if (i > 0)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, profile_str(p, p->sample_types[i].type));
	}
	*cause = xasprintf("sample_index \"%s\" must be one of: [%s]", si,
	    sb.buf);
	strbuf_release(&sb);
	return -1;
}

/*
 * pprof's computeTotal: sum of |value| (divided by the mean divisor).
 * When some samples come from a -diff_base base, only theirs count.
 */
static int64_t
query_total(const struct query *q, bool only_kept)
{
	const struct profile *p = q->p;
	int64_t total = 0, div = 0, btotal = 0, bdiv = 0, v, d;
	uint32_t bkey, bvalue;
	bool diff;
	size_t i;

	diff = diff_marker_ids(p, &bkey, &bvalue);
	for (i = 0; i < p->nsample; i++) {
		const int64_t *vals = profile_sample_values(p, i);

		if (only_kept && !q->sample_kept[i])
			continue;
		v = vals[q->sample_index];
		v = v < 0 ? -v : v;
		d = q->opt.mean ? vals[0] : 0;
		total += v;
		div += d;
		if (diff && diff_sample_is_base_ids(p, i, bkey, bvalue)) {
			btotal += v;
			bdiv += d;
		}
	}
	if (btotal > 0) {
		total = btotal;
		div = bdiv;
	}
	return div != 0 ? total / div : total;
}

/* The hash of a node's NodeInfo (its strings are interned: pointers). */
static uint64_t
node_key(const struct query_node *n)
{
	struct hash h;

	hash_begin(&h);
	hash_add(&h, (uint64_t)(uintptr_t)n->name);
	hash_add(&h, (uint64_t)(uintptr_t)n->file);
	hash_add(&h, (uint64_t)(uintptr_t)n->objfile);
	hash_add(&h, n->address);
	hash_add(&h, (uint64_t)n->start_line);
	hash_add(&h, (uint64_t)n->lineno);
	return hash_end(&h);
}

/* A node being looked up, for node_eq(). */
struct node_lookup {
	const struct query	*q;
	const struct query_node	*key;
};

static bool
node_eq(const void *ctx, uint32_t idx)
{
	const struct node_lookup *k = ctx;
	const struct query_node *a = &k->q->nodes[idx], *b = k->key;

	return a->name == b->name && a->file == b->file &&
	    a->objfile == b->objfile && a->address == b->address &&
	    a->start_line == b->start_line && a->lineno == b->lineno;
}

static uint32_t
query_node_insert(struct query *q, struct hashtab *t, size_t *cap,
    const struct query_node *key)
{
	struct node_lookup k = { q, key };
	uint64_t h = node_key(key);
	size_t slot;
	uint32_t idx;

	if ((idx = hashtab_find(t, h, node_eq, &k, &slot)) != HASHTAB_NONE)
		return idx;
	XGROW(q->nodes, *cap, q->nnode + 1);
	idx = (uint32_t)q->nnode++;
	q->nodes[idx] = *key;
	hashtab_add(t, slot, h, idx);
	return idx;
}

/*
 * What the queries of one profile may share (query_new_like()): the
 * frame tables of a granularity and a line view, and the paths over them.
 * The queries' pointers (loc_nodes, path, ...) point into them.
 */
struct query_frames {
	unsigned	 refs;
	struct strtab	 strs;		/* the nodes' cleaned file names */
	uint32_t	*loc_node_off, *loc_nodes, *loc_nn, *loc_one;
};

struct query_pathset {
	unsigned	 refs;
	uint32_t	*path, *off;
};

/* A view (see struct query) and the queries that have it. */
struct query_viewset {
	unsigned	 refs;
	uint32_t	*vline, *vline_off, *vline_n, *vs_off, *vs_n;
	bool		*loc_hidden, *sample_kept;
};

static void
query_viewset_release(struct query_viewset *v)
{
	if (v == NULL || --v->refs > 0)
		return;
	free(v->vline);
	free(v->vline_off);
	free(v->vline_n);
	free(v->loc_hidden);
	free(v->vs_off);
	free(v->vs_n);
	free(v->sample_kept);
	free(v);
}

static void
query_set_view(struct query *q, struct query_viewset *v)
{
	query_viewset_release(q->view);
	q->view = v;
	q->vline = v->vline;
	q->vline_off = v->vline_off;
	q->vline_n = v->vline_n;
	q->loc_hidden = v->loc_hidden;
	q->vs_off = v->vs_off;
	q->vs_n = v->vs_n;
	q->sample_kept = v->sample_kept;
}

/* Whether q's view is like's, array by array. */
static bool
query_same_view(const struct query *q, const struct query *like)
{
	const struct profile *p = q->p;

	return like->p == p && like->view != NULL &&
	    memcmp(q->vline, like->vline, p->nline * sizeof *q->vline) == 0 &&
	    memcmp(q->vline_off, like->vline_off,
	    p->nlocation * sizeof *q->vline_off) == 0 &&
	    memcmp(q->vline_n, like->vline_n,
	    p->nlocation * sizeof *q->vline_n) == 0 &&
	    memcmp(q->loc_hidden, like->loc_hidden,
	    p->nlocation * sizeof *q->loc_hidden) == 0 &&
	    memcmp(q->vs_off, like->vs_off, p->nsample * sizeof *q->vs_off) ==
	    0 && memcmp(q->vs_n, like->vs_n, p->nsample * sizeof *q->vs_n) ==
	    0 && memcmp(q->sample_kept, like->sample_kept,
	    p->nsample * sizeof *q->sample_kept) == 0;
}

static void
query_frames_release(struct query_frames *f)
{
	if (f == NULL || --f->refs > 0)
		return;
	strtab_release(&f->strs);
	free(f->loc_node_off);
	free(f->loc_nodes);
	free(f->loc_nn);
	free(f->loc_one);
	free(f);
}

static void
query_pathset_release(struct query_pathset *ps)
{
	if (ps == NULL || --ps->refs > 0)
		return;
	free(ps->path);
	free(ps->off);
	free(ps);
}

/* Make ps (one reference, held by q) q's paths. */
static void
query_set_paths(struct query *q, struct query_pathset *ps)
{
	query_pathset_release(q->paths);
	q->paths = ps;
	q->path = ps->path;
	q->path_off = ps->off;
}

/* A frame's cleaned file name, made once per function (see below). */
static const char *
query_node_file(struct query *q, uint32_t fn, const char **memo,
    struct strbuf *sb)
{
	const struct profile *p = q->p;
	const char *file;

	if (memo[fn] != NULL)
		return memo[fn];
	/* pprof rewrites file names with trimPath before any graph */
	file = query_trim_path(profile_str(p, p->functions[fn].filename),
	    q->opt.trim_path, q->opt.source_path);
	if (*file == '\0')
		return memo[fn] = "";
	strbuf_reset(sb);
	query_clean_path(sb, file);
	return memo[fn] = strtab_get(&q->frames->strs,
	    strtab_intern(&q->frames->strs, sb->buf, sb->len));
}

/*
 * The node of one frame: location loc, profile line ln (or NONE).  memo
 * has a file name per function, NULL until made.
 */
static void
query_node_info(struct query *q, uint32_t loc, uint32_t ln,
    struct query_node *n, struct strbuf *sb, const char **memo)
{
	const struct profile *p = q->p;
	const struct profile_location *l = &p->locations[loc];
	enum granularity g = q->opt.granularity;
	const struct profile_function *f;
	const char *objfile = "";

	memset(n, 0, sizeof *n);
	n->name = n->file = n->objfile = "";
	if (l->mapping != PROFILE_NONE)
		objfile = profile_str(p, p->mappings[l->mapping].file);
	if (g == GRAN_ADDRESSES)
		n->address = l->address;
	if (ln == PROFILE_NONE || p->lines[ln].function == PROFILE_NONE) {
		n->objfile = objfile;
		return;
	}
	f = &p->functions[p->lines[ln].function];
	if (g != GRAN_FILES)
		n->name = profile_str(p, f->name);
	if (g != GRAN_FUNCTIONS)
		n->file = query_node_file(q, p->lines[ln].function, memo, sb);
	if (g == GRAN_LINES || g == GRAN_ADDRESSES)
		n->lineno = p->lines[ln].line;
	/* -list and -callgrind keep them for every node (pprof's ObjNames) */
	if (n->name[0] == '\0' || q->opt.keep_objnames) {
		n->objfile = objfile;
		n->start_line = f->start_line;
	}
}

/* Number of nodes a location contributes to stacks. */
static uint32_t
query_loc_nnode(const struct query *q, size_t loc)
{
	if (q->loc_hidden[loc])
		return 0;
	if (q->vline_n[loc] == 0)
		return 1;
	return q->opt.noinlines ? 1 : q->vline_n[loc];
}

/*
 * Number the nodes of every location's frames, into a new q->frames.
 * Where a node is a function's whatever the location (by function, or
 * by file and function, without object names), it is found once per
 * function, not hashed once per frame.
 */
static void
query_build_nodes(struct query *q)
{
	const struct profile *p = q->p;
	struct query_frames *fr = xcalloc(1, sizeof *fr);
	struct hashtab t = HASHTAB_INIT;
	struct query_node key;
	struct strbuf sb = STRBUF_INIT;
	const char **memo;
	size_t i, total = 0, cap = 0;
	uint32_t k, n, ln, fn, *fnode = NULL;
	enum granularity g = q->opt.granularity;

	fr->refs = 1;
	strtab_init(&fr->strs);
	q->frames = fr;
	memo = xcalloc(p->nfunction + 1, sizeof *memo);
	if ((g == GRAN_FUNCTIONS || g == GRAN_FILEFUNCTIONS) &&
	    !q->opt.keep_objnames) {
		fnode = xreallocarray(NULL, p->nfunction + 1, sizeof *fnode);
		for (i = 0; i < p->nfunction; i++)
			fnode[i] = QUERY_NONE;
	}
	q->loc_node_off = fr->loc_node_off = xreallocarray(NULL,
	    p->nlocation + 1, sizeof *q->loc_node_off);
	for (i = 0; i < p->nlocation; i++) {
		q->loc_node_off[i] = (uint32_t)total;
		total += query_loc_nnode(q, i);
	}
	q->loc_node_off[p->nlocation] = (uint32_t)total;
	q->loc_nodes = fr->loc_nodes = xreallocarray(NULL, total + 1,
	    sizeof *q->loc_nodes);
	/* at most one node per slot: never grown (and copied) one by one */
	q->nodes = xreallocarray(NULL, cap = total + 1, sizeof *q->nodes);
	q->loc_nn = fr->loc_nn = xreallocarray(NULL, p->nlocation + 1,
	    sizeof *q->loc_nn);
	q->loc_one = fr->loc_one = xreallocarray(NULL, p->nlocation + 1,
	    sizeof *q->loc_one);
	for (i = 0; i < p->nlocation; i++) {
		q->loc_nn[i] = n = query_loc_nnode(q, i);
		for (k = 0; k < n; k++) {
			uint32_t *slot = &q->loc_nodes[q->loc_node_off[i] + k];

			if (q->vline_n[i] == 0)
				ln = PROFILE_NONE;
			else if (q->opt.noinlines)
				ln = q->vline[q->vline_off[i] + q->vline_n[i] - 1];
			else
				ln = q->vline[q->vline_off[i] + k];
			fn = ln != PROFILE_NONE ? p->lines[ln].function :
			    PROFILE_NONE;
			if (fnode != NULL && fn != PROFILE_NONE &&
			    fnode[fn] != QUERY_NONE) {
				*slot = fnode[fn];
				continue;
			}
			query_node_info(q, (uint32_t)i, ln, &key, &sb, memo);
			*slot = query_node_insert(q, &t, &cap, &key);
			/* a nameless function's node has its object file */
			if (fnode != NULL && fn != PROFILE_NONE &&
			    key.name[0] != '\0')
				fnode[fn] = *slot;
		}
		q->loc_one[i] = n == 1 ? q->loc_nodes[q->loc_node_off[i]] :
		    QUERY_NONE;
	}
	free(memo);
	free(fnode);
	hashtab_release(&t);
	strbuf_release(&sb);
}

/*
 * Whether q's frames are laid out as like's (the same profile, and as
 * many frames in every location, see query_loc_nnode()), and if lines,
 * whether they are the same lines.
 */
static bool
query_same_layout(const struct query *q, const struct query *like,
    bool lines)
{
	const struct profile *p = q->p;
	size_t i;

	if (like == NULL || like->p != p ||
	    like->opt.noinlines != q->opt.noinlines)
		return false;
	if (like->view == q->view)
		return true;
	for (i = 0; i < p->nlocation; i++)
		if (q->loc_hidden[i] != like->loc_hidden[i] ||
		    q->vline_n[i] != like->vline_n[i] ||
		    (lines && memcmp(q->vline + q->vline_off[i],
		    like->vline + like->vline_off[i],
		    q->vline_n[i] * sizeof *q->vline) != 0))
			return false;
	return true;
}

/*
 * Whether q's nodes are like's: the same options of NodeInfo and the
 * same lines left in every location by the filters.
 */
static bool
query_same_frames(const struct query *q, const struct query *like)
{
	const struct query_options *a = &q->opt, *b = &like->opt;

	if (like->frames == NULL || a->granularity != b->granularity ||
	    a->keep_objnames != b->keep_objnames ||
	    strcmp(a->trim_path != NULL ? a->trim_path : "",
	    b->trim_path != NULL ? b->trim_path : "") != 0 ||
	    strcmp(a->source_path != NULL ? a->source_path : "",
	    b->source_path != NULL ? b->source_path : "") != 0)
		return false;
	return query_same_layout(q, like, true);
}

/* Take like's frame tables and nodes, without their values. */
static void
query_share_frames(struct query *q, const struct query *like)
{
	struct query_node *n;
	size_t i;

	q->frames = like->frames;
	q->frames->refs++;
	q->loc_node_off = q->frames->loc_node_off;
	q->loc_nodes = q->frames->loc_nodes;
	q->loc_nn = q->frames->loc_nn;
	q->loc_one = q->frames->loc_one;
	q->nnode = like->nnode;
	q->nodes = xreallocarray(NULL, q->nnode + 1, sizeof *q->nodes);
	memcpy(q->nodes, like->nodes, q->nnode * sizeof *q->nodes);
	for (i = 0; i < q->nnode; i++) {
		n = &q->nodes[i];
		n->flat = n->flat_div = n->cum = n->cum_div = 0;
		n->printable = NULL;
		n->in_inline = n->in_call = false;
	}
}

/*
 * Run fn(arg, lo, hi) over the nodes [0, n) in two halves at once
 * (run_both()), split where off (by node, as an index's offsets)
 * reaches half its total, when there is enough work for a second thread
 * to pay; else in this thread.
 */
#define QUERY_SPLIT_MIN	(1u << 16)

struct query_half {
	void		(*fn)(void *, size_t, size_t);
	void		 *arg;
	size_t		  lo, hi;
};

static void
query_half_run(void *arg)
{
	struct query_half *h = arg;

	h->fn(h->arg, h->lo, h->hi);
}

static void
query_split(void (*fn)(void *, size_t, size_t), void *arg,
    const uint32_t *off, size_t n)
{
	struct query_half a = { fn, arg, 0, n }, b = { fn, arg, n, n };
	size_t lo = 0, hi = n, mid;

	if (n >= 2 && off[n] >= QUERY_SPLIT_MIN) {
		while (lo < hi) {	/* the first node past half */
			mid = lo + (hi - lo) / 2;
			if (off[mid] < off[n] / 2)
				lo = mid + 1;
			else
				hi = mid;
		}
		a.hi = b.lo = lo;
	}
	run_both(query_half_run, &a, b.lo < n ? &b : NULL);
}

/* A pair being looked up: (src, dst) of an edge, (parent, info) of a node. */
struct pair_lookup {
	const void	*v;		/* the edges or the pass */
	uint32_t	 a, b;
};

static bool
edge_eq(const void *ctx, uint32_t i)
{
	const struct pair_lookup *k = ctx;
	const struct query_edge *e = &((const struct query_edges *)k->v)->v[i];

	return e->src == k->a && e->dst == k->b;
}

static bool
context_eq(const void *ctx, uint32_t i)
{
	const struct pair_lookup *k = ctx;
	const struct query_gnode *n = &((const struct query_pass *)k->v)->v[i];

	return n->parent == k->a && n->info == k->b;
}

/* A new edge src -> dst: inline until a call stands for it. */
static struct query_edge *
query_edge_alloc(struct query_edges *t, uint32_t src, uint32_t dst)
{
	struct query_edge *e;

	if (t->n == t->cap) {
		/* by half: a -peek=. holds millions */
		t->cap = t->cap < 64 ? 64 : t->cap + t->cap / 2;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
		if (t->div != NULL)
			t->div = xreallocarray(t->div, t->cap, sizeof *t->div);
		if (t->stamp != NULL)
			t->stamp = xreallocarray(t->stamp, t->cap,
			    sizeof *t->stamp);
	}
	if (t->div != NULL)
		t->div[t->n] = 0;
	if (t->stamp != NULL)
		t->stamp[t->n] = 0;
	e = &t->v[t->n++];
	memset(e, 0, sizeof *e);
	e->src = src;
	e->dst = dst;
	e->inline_call = true;
	return e;
}

/*
 * Add a sample's weight to edge e once per sample (stamp, or none: the
 * caller knows this is the sample's first).  call: not an inlined frame;
 * residual: the sample reached it over skipped frames.
 */
static inline __attribute__((always_inline)) void
query_edge_weigh(struct query_edges *t, struct query_edge *e, int64_t w,
    int64_t dw, bool residual, bool call)
{
	e->weight += w;
	if (dw != 0) {
		if (t->div == NULL)
			t->div = xcalloc(t->cap, sizeof *t->div);
		t->div[e - t->v] += dw;
	}
	if (residual)
		e->residual = true;
	if (call)
		e->inline_call = false;
}

/*
 * The number of edge src -> dst of a call tree's pass or of a small kept
 * set's, made if new: found in the pass's dense table at *dslot (its
 * number + 1, or 0 for none yet), or with dslot NULL by hash.
 */
static inline __attribute__((always_inline)) uint32_t
query_edge_find(struct query_edges *t, uint32_t *dslot, uint32_t src,
    uint32_t dst)
{
	struct pair_lookup k = { t, src, dst };
	uint64_t h;
	size_t slot;
	uint32_t idx;

	if (dslot != NULL) {
		if (*dslot == 0) {
			query_edge_alloc(t, src, dst);
			*dslot = (uint32_t)t->n;
		}
		return *dslot - 1;
	}
	h = hash_pair(src, dst);
	if ((idx = hashtab_find(&t->tab, h, edge_eq, &k, &slot)) ==
	    HASHTAB_NONE) {
		query_edge_alloc(t, src, dst);
		idx = (uint32_t)(t->n - 1);
		hashtab_add(&t->tab, slot, h, idx);
	}
	return idx;
}

/*
 * Add a sample's weight to edge idx once per sample: t->stamp (which the
 * pass allocates) holds the last sample that added to it.
 */
static inline __attribute__((always_inline)) void
query_edge_once(struct query_edges *t, uint32_t idx, uint32_t stamp,
    int64_t w, int64_t dw, bool residual, bool call)
{
	if (t->stamp[idx] == stamp)
		return;
	t->stamp[idx] = stamp;
	query_edge_weigh(t, &t->v[idx], w, dw, residual, call);
}

/*
 * Other passes build their edges by caller, in rounds over ranges of
 * callers.  A first walk counts each caller's pairs (caller, callee) in
 * the samples, and each round's walk writes its callers' pairs, each
 * caller's together, in sample order; then one caller at a time, a
 * table by callee finds each pair's edge.  Every access but the pairs'
 * writes is sequential or in a table of the nodes, where hashing the
 * edges (millions for a -peek=.) missed the cache on every frame, and a
 * round's pairs are bounded, not the samples' frames: by 8 MB, or by a
 * quarter of the pairs when they are more, so that the walks do not grow
 * with the square of the samples.  The first walk
 * also keeps the pairs as they come, while they are few: then they are
 * laid out by caller from there, in one round, without a second walk
 * (the viewer's graphs, -top's marks, a -peek of a few functions).
 */
uint32_t query_pairs_round_max = 1u << 20;	/* pairs, 8 MB */
uint32_t query_pairs_rounds = 4;		/* or 1/4 of the pairs */
uint32_t query_pairs_flat_max = 1u << 20;	/* pairs and callers, 12 MB */

struct query_pair {
	uint32_t	dst;		/* | QUERY_PAIR_RESIDUAL, CALL */
	uint32_t	sample;
};
/* above a node's bits (QUERY_NODE_MAX) */
#define QUERY_PAIR_RESIDUAL	(1u << 30)
#define QUERY_PAIR_CALL		(1u << 29)
#define QUERY_PAIR_NODE		(QUERY_PAIR_CALL - 1)

struct query_pairs {
	uint32_t		*off;	/* per caller (+1): its first pair */
	uint32_t		*fill;	/* a round's: each caller's next */
	struct query_pair	*v;	/* a round's pairs, from off[lo] */
	uint32_t		 lo, hi;	/* a round's callers, or none */
	/* the first walk's pairs (with their callers) while few */
	struct query_flat_pair {
		uint32_t		 src;
		struct query_pair	 pr;
	}			*flat;	/* room for query_pairs_flat_max */
	size_t			 nflat;
	bool			 many;	/* more than that */
};

/* A pair of sample s: counted (no round yet) or written (in the round). */
static inline __attribute__((always_inline)) void
query_pair_add(struct query_pairs *pp, uint32_t src, uint32_t dst,
    size_t s, bool residual, bool call)
{
	struct query_pair pr = { dst | (residual ? QUERY_PAIR_RESIDUAL : 0) |
	    (call ? QUERY_PAIR_CALL : 0), (uint32_t)s };

	if (pp->fill == NULL) {
		pp->off[src + 1]++;
		if (pp->many)
			return;
		if (pp->nflat < query_pairs_flat_max)
			pp->flat[pp->nflat++] = (struct query_flat_pair){
			    src, pr };
		else
			pp->many = true;
	} else if (src - pp->lo < pp->hi - pp->lo)
		pp->v[pp->fill[src]++ - pp->off[pp->lo]] = pr;
}

static void
query_gnode_init(struct query_gnode *n, uint32_t info, uint32_t parent)
{
	memset(n, 0, sizeof *n);
	n->info = info;
	n->parent = parent;
	n->tags = n->first_in = n->first_out = QUERY_NONE;
}

/* Call trees: the node of info under parent, created if new. */
static uint32_t
query_pass_context(struct query_pass *ps, uint32_t parent, uint32_t info)
{
	struct pair_lookup k = { ps, parent, info };
	uint64_t h = hash_pair(parent, info);
	size_t slot;
	uint32_t idx;

	if ((idx = hashtab_find(&ps->tab, h, context_eq, &k, &slot)) !=
	    HASHTAB_NONE)
		return idx;
	if (ps->nnode == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 1024;
		ps->v = xreallocarray(ps->v, ps->cap, sizeof *ps->v);
		ps->cum = xreallocarray(ps->cum, ps->cap, sizeof *ps->cum);
		ps->stamp = xreallocarray(ps->stamp, ps->cap,
		    sizeof *ps->stamp);
	}
	ps->cum[ps->nnode] = 0;
	ps->stamp[ps->nnode] = 0;
	query_gnode_init(&ps->v[ps->nnode], info, parent);
	hashtab_add(&ps->tab, slot, h, (uint32_t)ps->nnode);
	return (uint32_t)ps->nnode++;
}

/* Whether from's path of sample s is q's (from has q's layout). */
static inline bool
query_path_same(const struct query *q, const struct query *from, size_t s)
{
	return from != NULL && from->sample_kept[s] &&
	    from->vs_off[s] == q->vs_off[s] && from->vs_n[s] == q->vs_n[s];
}

/*
 * Lay out the frames of each kept sample, root first, as the passes walk
 * them, if there are at most bound: 0 with *path and *off allocated, 1 if
 * there are more, -1 if interrupted.  A frame is its slot in loc_nodes,
 * which is the same at every granularity.  The paths of from (NULL, or a
 * query with paths and q's layout) are copied where they are q's.
 */
int
query_paths_build(const struct query *q, const struct query *from,
    size_t bound, uint32_t **pathp, uint32_t **offp)
{
	const struct profile *p = q->p;
	size_t total = 0, np = 0, s, i;
	const uint32_t *locs;
	uint32_t *path, *off, k, n, slot;

	if (p->nlocs >= QUERY_PATH_CALL ||
	    q->loc_node_off[p->nlocation] >= QUERY_PATH_CALL)
		return 1;	/* no room for the mark */
	if (from != NULL && (from->path == NULL ||
	    !query_same_layout(q, from, false)))
		from = NULL;
	for (s = 0; s < p->nsample; s++) {
		if (!q->sample_kept[s])
			continue;
		if (query_path_same(q, from, s))
			total += from->path_off[s + 1] - from->path_off[s];
		else {
			locs = p->locs + q->vs_off[s];
			for (i = 0; i < q->vs_n[s]; i++)
				total += q->loc_nn[locs[i]];
		}
		if (total > bound || total >= UINT32_MAX)
			return 1;
	}
	path = xreallocarray(NULL, total + 1, sizeof *path);
	off = xreallocarray(NULL, p->nsample + 1, sizeof *off);
	for (s = 0; s < p->nsample; s++) {
		off[s] = (uint32_t)np;
		if (cancel_poll()) {
			free(path);
			free(off);
			return -1;
		}
		if (!q->sample_kept[s])
			continue;
		if (query_path_same(q, from, s)) {
			n = from->path_off[s + 1] - from->path_off[s];
			memcpy(path + np, from->path + from->path_off[s],
			    n * sizeof *path);
			np += n;
			continue;
		}
		locs = p->locs + q->vs_off[s];
		for (i = q->vs_n[s]; i-- > 0;) {
			slot = q->loc_node_off[locs[i]];
			if ((n = q->loc_nn[locs[i]]) == 0)
				continue;
			path[np++] = (slot + n - 1) | QUERY_PATH_CALL;
			for (k = n - 1; k-- > 0;)
				path[np++] = slot + k;
		}
	}
	off[p->nsample] = (uint32_t)np;
	*pathp = path;
	*offp = off;
	return 0;
}

/*
 * Build q's paths (see keep_paths in query.h), taking from's (see
 * query_paths_build()) whole if they are the same.  They are kept only
 * under a bound of a few frames per location reference of the input
 * (plus some slack), so that locations with many inlined lines cannot
 * make them huge.  -1 if interrupted.
 */
static int
query_paths_from(struct query *q, const struct query *from)
{
	struct query_pathset *ps;
	size_t s;
	int r;

	if (from != NULL && from->paths != NULL &&
	    query_same_layout(q, from, false)) {
		for (s = 0; s < q->p->nsample; s++)
			if (q->sample_kept[s] != from->sample_kept[s] ||
			    (q->sample_kept[s] && !query_path_same(q, from, s)))
				break;
		if (s == q->p->nsample) {
			from->paths->refs++;
			query_set_paths(q, from->paths);
			return 0;
		}
	}
	ps = xcalloc(1, sizeof *ps);
	ps->refs = 1;
	r = query_paths_build(q, from, 4 * q->p->nlocs + (16u << 20),
	    &ps->path, &ps->off);
	if (r != 0) {
		free(ps);
		return r == -1 ? -1 : 0;
	}
	query_set_paths(q, ps);
	return 0;
}

/* The query's paths, built on first use (see keep_paths in query.h). */
int
query_paths(struct query *q)
{
	if (!q->keep_paths || q->path != NULL)
		return 0;
	return query_paths_from(q, NULL);
}

/* What the walk carries from one frame of a sample to the next. */
struct query_walk_state {
	uint32_t	parent;		/* the last kept frame's node, or NONE */
	uint32_t	stamp;		/* the sample's */
	bool		residual;	/* frames were skipped since parent */
};

/*
 * One frame of the walk: node lnode (a NodeInfo), call if it is its
 * location's outermost line (not inlined).
 */
static inline __attribute__((always_inline)) void
query_walk_frame(struct query_pass *ps, struct query_walk_state *st,
    uint32_t lnode, bool call, size_t s, int64_t w, int64_t dw, bool mean,
    bool values, bool edges, bool tree)
{
	uint32_t node = tree ? query_pass_context(ps, st->parent, lnode) :
	    lnode;

	if (ps->kept != NULL && !ps->kept[node]) {
		st->residual = true;
		return;
	}
	if (values && ps->stamp[node] != st->stamp) {
		ps->stamp[node] = st->stamp;
		ps->cum[node] += w;
		if (mean)
			ps->v[node].cum_div += dw;
		if (ps->add != NULL)
			ps->add(ps, node, s, w, dw, false);
	}
	if (edges && st->parent != QUERY_NONE && node != st->parent &&
	    (ps->want == NULL || ps->want[node] ||
	    (!ps->want_in && ps->want[st->parent]))) {
		if (tree || ps->dense != NULL)
			query_edge_once(ps->edges, query_edge_find(ps->edges,
			    tree ? NULL : &ps->dense[(size_t)ps->row[st->parent] *
			    ps->ncol + ps->col[node]], st->parent, node),
			    st->stamp, w, dw, st->residual, call);
		else
			query_pair_add(ps->pairs, st->parent, node, s,
			    st->residual, call);
	}
	st->parent = node;
	st->residual = false;
}

/*
 * The walk of the graph builder's pass (see the top of this file), on
 * every frame of every sample: query_pass_run() calls it with constant
 * flags, so that each kind of pass gets a loop of its own.  What a frame
 * touches, cum and the last sample that added to it, is kept in dense
 * arrays meanwhile.  The frames come from the query's paths when it has
 * them (reading them is a sequential scan, where finding each location's
 * nodes misses the cache), else from the locations.
 */
static inline __attribute__((always_inline)) void
query_walk(const struct query *q, struct query_pass *ps, size_t from,
    size_t to, bool values, bool edges, bool tree)
{
	const struct profile *p = q->p;
	const uint32_t *path = q->path, *path_off = q->path_off;
	struct query_walk_state st = { QUERY_NONE, 0, false };
	struct query_gnode *g;
	size_t i, s, polled = 0;
	uint32_t k, n, o, e;
	int64_t w, dw;
	bool mean = q->opt.mean;

	for (s = from; s < to; s++) {
		const int64_t *v = profile_sample_values(p, s);
		const uint32_t *locs = p->locs + q->vs_off[s];

		if (!q->sample_kept[s])
			continue;
		/* ask every 64k frames: samples may be 1 or 10000 deep */
		if ((polled += q->vs_n[s] + 1) >= 65536) {
			polled = 0;
			if (ps->helper ? cancel_requested() : cancel_now())
				return;
		}
		w = v[q->sample_index];
		dw = mean ? v[0] : 0;
		if (w == 0 && dw == 0)
			continue;
		st.stamp++;
		st.parent = QUERY_NONE;
		st.residual = false;
		if (path != NULL) {
			for (o = path_off[s]; o < path_off[s + 1]; o++) {
				e = path[o];
				query_walk_frame(ps, &st,
				    q->loc_nodes[e & ~QUERY_PATH_CALL],
				    (e & QUERY_PATH_CALL) != 0, s, w, dw, mean,
				    values, edges, tree);
			}
		} else for (i = q->vs_n[s]; i-- > 0;) {
			const uint32_t *ln;

			if ((e = q->loc_one[locs[i]]) != QUERY_NONE) {
				query_walk_frame(ps, &st, e, true, s, w, dw,
				    mean, values, edges, tree);
				continue;
			}
			ln = q->loc_nodes + q->loc_node_off[locs[i]];
			n = q->loc_nn[locs[i]];
			for (k = n; k-- > 0;)
				query_walk_frame(ps, &st, ln[k], k == n - 1, s,
				    w, dw, mean, values, edges, tree);
		}
		if (values && st.parent != QUERY_NONE && !st.residual) {
			g = &ps->v[st.parent];
			g->flat += w;
			g->flat_div += dw;
			if (ps->add != NULL)
				ps->add(ps, st.parent, s, w, dw, true);
		}
	}
}

/*
 * The edges of callers pp->lo .. pp->hi, from their pairs (see struct
 * query_pairs), into t: each caller's pairs in sample order make its
 * edges, in the order they first appear.  The tables by callee are the
 * caller plus one where they hold its edge (gen), the edge (idx) and the
 * last sample that added to it.
 */
static void
query_pairs_round(const struct query *q, const struct query_pairs *pp,
    struct query_edges *t, uint32_t *gen, uint32_t *idx, uint32_t *last)
{
	const struct query_pair *pr = pp->v;
	const int64_t *v;
	uint32_t src, dst, s, i;

	for (src = pp->lo; src < pp->hi; src++) {
		for (i = pp->off[src]; i < pp->off[src + 1]; i++, pr++) {
			if (i + 16 < pp->off[pp->hi])
				__builtin_prefetch(profile_sample_values(q->p,
				    pr[16].sample));
			dst = pr->dst & QUERY_PAIR_NODE;
			s = pr->sample;
			if (gen[dst] != src + 1) {
				gen[dst] = src + 1;
				idx[dst] = (uint32_t)t->n;
				query_edge_alloc(t, src, dst);
			} else if (last[dst] == s)
				continue;	/* once per sample */
			last[dst] = s;
			v = profile_sample_values(q->p, s);
			query_edge_weigh(t, &t->v[idx[dst]],
			    v[q->sample_index], q->opt.mean ? v[0] : 0,
			    (pr->dst & QUERY_PAIR_RESIDUAL) != 0,
			    (pr->dst & QUERY_PAIR_CALL) != 0);
		}
	}
}

/*
 * Whether a pass is sure to have more pairs than the first walk keeps: it
 * wants most nodes' edges and the samples have twice as many locations.
 * Then that walk does not keep them (a -peek=.), and *split is the sample
 * where the second half of the frames starts.
 */
static bool
query_pairs_many(const struct query *q, const struct query_pass *ps,
    size_t *split)
{
	size_t i, wanted = 0, frames = 0, half = 0;

	if (ps->want != NULL) {
		for (i = 0; i < q->nnode; i++)
			wanted += ps->want[i];
		if (2 * wanted < q->nnode)
			return false;
	}
	for (i = 0; i < q->p->nsample; i++)
		if (q->sample_kept[i])
			frames += q->vs_n[i];
	if (frames <= 2 * (size_t)query_pairs_flat_max)
		return false;
	for (i = 0; i < q->p->nsample && 2 * half < frames; i++)
		if (q->sample_kept[i])
			half += q->vs_n[i];
	*split = i;
	return true;
}

/*
 * One thread's walk of an edges pass with many pairs: over samples
 * from .. to, counting its pairs or writing a round's.
 */
struct query_pairs_half {
	const struct query	*q;
	struct query_pass	 ps;		/* a copy, its pairs pp */
	struct query_pairs	 pp;
	size_t			 from, to;
};

static void
query_pairs_walk(void *arg)
{
	struct query_pairs_half *h = arg;

	query_walk(h->q, &h->ps, h->from, h->to, false, true, false);
}

/*
 * The edges of a pass without TREE (see struct query_pairs), by caller:
 * query_order_out() relies on it.  With many pairs, two threads share
 * each walk: the first takes the first half of the frames and the second
 * the rest, and writes each caller's pairs after the first's.
 */
static void
query_pass_edges(const struct query *q, struct query_pass *ps)
{
	struct query_edges *t = ps->edges;
	struct query_pairs_half h[2], *b = NULL;
	struct query_pairs *pp = &h[0].pp;
	uint32_t *off, *cnt = NULL, *gen, *idx, *last, hi, most = 0, round;
	uint32_t n = (uint32_t)q->nnode;
	size_t split = q->p->nsample;
	int i;

	memset(h, 0, sizeof h);
	for (i = 0; i < 2; i++) {
		h[i].q = q;
		h[i].ps = *ps;
		h[i].ps.pairs = &h[i].pp;
		h[i].ps.helper = i == 1;
	}
	off = pp->off = xcalloc((size_t)n + 2, sizeof *off);
	if ((pp->many = query_pairs_many(q, ps, &split)) == false) {
		/* untouched, its pages cost nothing */
		split = q->p->nsample;
		pp->flat = xreallocarray(NULL, query_pairs_flat_max,
		    sizeof *pp->flat);
		xhugepages(pp->flat, query_pairs_flat_max * sizeof *pp->flat);
	} else {
		b = &h[1];
		cnt = b->pp.off = xcalloc((size_t)n + 2, sizeof *cnt);
		b->pp.many = true;
	}
	h[0].to = h[1].from = split;
	h[1].to = q->p->nsample;
	run_both(query_pairs_walk, &h[0], b);
	for (hi = 0; hi < n; hi++) {
		if (cnt != NULL)
			off[hi + 1] += cnt[hi + 1];
		if (off[hi + 1] > most)
			most = off[hi + 1];
		off[hi + 1] += off[hi];
	}
	/*
	 * Room for an edge per pair at most, never grown (and copied), and
	 * given back at the end: untouched pages cost nothing.  A round's
	 * pairs are at most round, or one caller's.
	 */
	if (off[n] + 1 > t->cap) {
		t->cap = off[n] + 1;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	xhugepages(t->v, t->cap * sizeof *t->v);
	round = off[n] / query_pairs_rounds + 1;
	if (round < query_pairs_round_max)
		round = query_pairs_round_max;
	most = off[n] < round ? off[n] + 1 : most > round ? most : round;
	pp->v = xreallocarray(NULL, most, sizeof *pp->v);
	xhugepages(pp->v, most * sizeof *pp->v);
	gen = xcalloc((size_t)n + 1, sizeof *gen);
	idx = xreallocarray(NULL, (size_t)n + 1, sizeof *idx);
	last = xreallocarray(NULL, (size_t)n + 1, sizeof *last);
	pp->fill = xreallocarray(NULL, (size_t)n + 1, sizeof *pp->fill);
	memcpy(pp->fill, off, (size_t)n * sizeof *pp->fill);
	if (cnt != NULL) {	/* the second thread's (b) */
		/* its pairs of a caller follow the first's */
		h[1].pp.fill = xreallocarray(NULL, (size_t)n + 1,
		    sizeof *h[1].pp.fill);
		for (hi = 0; hi < n; hi++)
			h[1].pp.fill[hi] = off[hi + 1] - cnt[hi + 1];
		h[1].pp.off = off;
		h[1].pp.v = pp->v;
		free(cnt);
	}
	if (!pp->many && !cancel_requested()) {
		/* one round, from the first walk's pairs */
		for (hi = 0; hi < pp->nflat; hi++)
			pp->v[pp->fill[pp->flat[hi].src]++] = pp->flat[hi].pr;
		pp->lo = 0;
		pp->hi = n;
		query_pairs_round(q, pp, t, gen, idx, last);
		pp->lo = n;	/* no more rounds */
	}
	free(pp->flat);
	for (; pp->lo < n && !cancel_requested(); pp->lo = pp->hi) {
		/* whole callers, at least one however many pairs it has */
		for (hi = pp->lo + 1; hi < n &&
		    off[hi + 1] - off[pp->lo] <= round; hi++)
			;
		pp->hi = hi;
		if (off[hi] == off[pp->lo])
			continue;
		h[1].pp.lo = pp->lo;
		h[1].pp.hi = pp->hi;
		run_both(query_pairs_walk, &h[0], b);
		if (!cancel_requested())
			query_pairs_round(q, pp, t, gen, idx, last);
	}
	t->cap = t->n + 1;
	t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	if (t->div != NULL)
		t->div = xreallocarray(t->div, t->cap, sizeof *t->div);
	free(gen);
	free(idx);
	free(last);
	free(pp->fill);
	free(h[1].pp.fill);
	free(pp->v);
	free(off);
	ps->pairs = NULL;
}

/*
 * Where each node's edges of t start, as callers (by_dst false) or as
 * callees: off[n] .. off[n + 1] (nnode + 2 of them, allocated).
 */
static uint32_t *
query_edge_offsets(const struct query_edges *t, size_t nnode, bool by_dst)
{
	uint32_t *off = xcalloc(nnode + 2, sizeof *off);
	size_t i;

	for (i = 0; i < t->n; i++)
		off[(by_dst ? t->v[i].dst : t->v[i].src) + 1]++;
	for (i = 0; i < nnode; i++)
		off[i + 1] += off[i];
	return off;
}

/*
 * A pass with a kept set finds its edges in a table indexed by (caller,
 * callee) when the table is small (the caller is always a kept node and
 * the callee one that is also wanted, with want_in, or kept): one walk,
 * and no memory by pair, for -top's marks and the viewer's graphs.  Its
 * edges are then laid out by caller, as the other passes leave them.
 * Returns whether it did.
 */
#define QUERY_DENSE_MAX	(1u << 21)	/* entries: 8 MB */

static bool
query_pass_dense(const struct query *q, struct query_pass *ps)
{
	struct query_edges *t = ps->edges;
	struct query_edge *v;
	int64_t *div = NULL;
	size_t nrow = 0, ncol = 0, i;
	uint32_t *fill;

	if (ps->kept == NULL || (ps->want != NULL && !ps->want_in))
		return false;
	for (i = 0; i < q->nnode; i++)
		if (ps->kept[i]) {
			nrow++;
			if (ps->want == NULL || ps->want[i])
				ncol++;
		}
	if (nrow == 0 || ncol == 0 || nrow * ncol > QUERY_DENSE_MAX)
		return false;
	ps->row = xreallocarray(NULL, q->nnode + 1, sizeof *ps->row);
	ps->col = xreallocarray(NULL, q->nnode + 1, sizeof *ps->col);
	for (nrow = ncol = i = 0; i < q->nnode; i++) {
		ps->row[i] = ps->col[i] = QUERY_NONE;
		if (ps->kept[i]) {
			ps->row[i] = (uint32_t)nrow++;
			if (ps->want == NULL || ps->want[i])
				ps->col[i] = (uint32_t)ncol++;
		}
	}
	ps->ncol = ncol;
	ps->dense = xcalloc(nrow * ncol, sizeof *ps->dense);
	t->stamp = xcalloc(t->cap + 1, sizeof *t->stamp);
	query_walk(q, ps, 0, q->p->nsample, false, true, false);
	free(ps->dense);
	free(ps->row);
	free(ps->col);
	ps->dense = ps->row = ps->col = NULL;

	/* by caller, each caller's in the order they were made */
	fill = query_edge_offsets(t, q->nnode, false);
	v = xreallocarray(NULL, t->n + 1, sizeof *v);
	if (t->div != NULL)
		div = xreallocarray(NULL, t->n + 1, sizeof *div);
	for (i = 0; i < t->n; i++) {
		if (div != NULL)
			div[fill[t->v[i].src]] = t->div[i];
		v[fill[t->v[i].src]++] = t->v[i];
	}
	free(fill);
	free(t->v);
	free(t->div);
	t->v = v;
	t->div = div;
	t->cap = t->n + 1;
	return true;
}

void
query_pass_run(const struct query *q, struct query_pass *ps)
{
	size_t i;
	bool values = ps->flags & QUERY_PASS_VALUES;

	if (values && !(ps->flags & QUERY_PASS_TREE)) {
		ps->nnode = ps->cap = q->nnode;
		ps->v = xreallocarray(NULL, q->nnode + 1, sizeof *ps->v);
		ps->cum = xcalloc(q->nnode + 1, sizeof *ps->cum);
		ps->stamp = xcalloc(q->nnode + 1, sizeof *ps->stamp);
		for (i = 0; i < q->nnode; i++)
			query_gnode_init(&ps->v[i], (uint32_t)i, QUERY_NONE);
	}
	if (ps->flags & QUERY_PASS_EDGES) {
		ps->edges->n = 0;
		free(ps->edges->div);
		ps->edges->div = NULL;
		hashtab_clear(&ps->edges->tab);
		if (ps->flags & QUERY_PASS_TREE)
			ps->edges->stamp = xcalloc(ps->edges->cap + 1,
			    sizeof *ps->edges->stamp);
	}
	if (ps->flags == QUERY_PASS_VALUES)
		query_walk(q, ps, 0, q->p->nsample, true, false, false);
	else if (ps->flags == QUERY_PASS_EDGES) {
		if (!query_pass_dense(q, ps))
			query_pass_edges(q, ps);
	}
	else
		query_walk(q, ps, 0, q->p->nsample, values,
		    ps->flags & QUERY_PASS_EDGES, ps->flags & QUERY_PASS_TREE);
	if (ps->flags & QUERY_PASS_EDGES) {
		/* the edges are complete: their tables' memory goes */
		hashtab_release(&ps->edges->tab);
		free(ps->edges->stamp);
		ps->edges->stamp = NULL;
	}
	for (i = 0; values && i < ps->nnode; i++)
		ps->v[i].cum = ps->cum[i];
	free(ps->cum);
	free(ps->stamp);
	ps->cum = NULL;
	ps->stamp = NULL;
}

void
query_edges_release(struct query_edges *t)
{
	free(t->v);
	free(t->div);
	free(t->stamp);
	hashtab_release(&t->tab);
}

void
query_pass_release(struct query_pass *ps)
{
	free(ps->v);
	free(ps->cum);
	free(ps->stamp);
	hashtab_release(&ps->tab);
	ps->v = NULL;
	ps->nnode = ps->cap = 0;
}

size_t
query_select(const struct query *q, const struct query_gnode *v,
    size_t nnode, uint32_t *out)
{
	bool dropneg = q->opt.drop_negative;
	size_t i, n = 0;

	for (i = 0; i < nnode; i++) {
		if (v[i].cum == 0 && v[i].flat == 0)
			continue;
		if (dropneg && (v[i].flat < 0 ||
		    (v[i].flat == 0 && v[i].cum < 0)))
			continue;
		out[n++] = (uint32_t)i;
	}
	return n;
}

size_t
query_partition(const struct query_gnode *v, uint32_t *order, size_t n,
    int64_t cutoff)
{
	uint32_t *tmp = xreallocarray(NULL, n + 1, sizeof *tmp);
	size_t i, k = 0, m = 0;

	for (i = 0; i < n; i++)
		if (query_abs64(v[order[i]].cum) >= cutoff)
			order[k++] = order[i];
		else
			tmp[m++] = order[i];
	memcpy(order + k, tmp, m * sizeof *tmp);
	free(tmp);
	return k;
}

int64_t
query_flat_cutoff(const struct query_gnode *v, const uint32_t *order,
    size_t n, double fraction)
{
	int64_t total = 0;
	size_t i;

	for (i = 0; i < n; i++)
		total += v[order[i]].flat;
	return query_abs64(format_go_int64((double)total * fraction));
}

int
query_trim_edges(struct query_edges *t, int64_t cutoff,
    const uint32_t *order, size_t n, size_t nnode)
{
	bool *shown;
	size_t i;
	int dropped = 0;

	if (cutoff <= 0)
		return 0;	/* no |weight| is under it */
	shown = xcalloc(nnode + 1, sizeof *shown);
	for (i = 0; i < n; i++)
		shown[order[i]] = true;
	for (i = 0; i < t->n; i++) {
		struct query_edge *e = &t->v[i];

		if (e->removed || !shown[e->dst] ||
		    query_abs64(e->weight) >= cutoff)
			continue;
		e->removed = true;
		dropped++;
	}
	free(shown);
	return dropped;
}

/* NodeInfo as Go's fmt.Sprint prints it: the last tie-breaker. */
void
query_node_infostr(struct strbuf *sb, const struct query_node *n)
{
	strbuf_addf(sb, "{%s  %llu %s %lld %lld %s}", n->name,
	    (unsigned long long)n->address, n->file,
	    (long long)n->start_line, (long long)n->lineno, n->objfile);
}

void
query_printable(struct query_node *n)
{
	struct strbuf sb = STRBUF_INIT;

	if (n->printable != NULL)
		return;
	if (n->address != 0)
		strbuf_addf(&sb, "%016llx", (unsigned long long)n->address);
	if (n->name[0] != '\0') {
		if (sb.len > 0)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, n->name);
	}
	if (sb.len > 0 && (n->lineno != 0 || n->file[0] != '\0' ||
	    n->name[0] == '\0'))
		strbuf_addch(&sb, ' ');
	if (n->lineno != 0)
		strbuf_addf(&sb, "%s:%lld", n->file, (long long)n->lineno);
	else if (n->file[0] != '\0')
		strbuf_addstr(&sb, n->file);
	else if (n->name[0] != '\0')
		;
	else if (n->objfile[0] != '\0') {
		const char *base;
		size_t len;

		query_path_base(n->objfile, strlen(n->objfile), &base, &len);
		strbuf_addf(&sb, "[%.*s]", (int)len, base);
	} else
		strbuf_addstr(&sb, "<unknown>");
	n->printable = strbuf_detach(&sb, NULL);
}

const char *
query_node_name(struct query *q, uint32_t n)
{
	query_printable(&q->nodes[n]);
	return q->nodes[n].printable;
}

/* A node's printable name in an order's graph. */
static const char *
order_name(const struct query_order *o, uint32_t n)
{
	return o->q->nodes[o->v[n].info].printable;
}

/*
 * pprof's node order: |score|, or |flat| (|cum| with -cum), descending;
 * then the name; then |flat| (|cum| if that was flat) descending; last
 * the NodeInfo.  Nodes of one NodeInfo (call tree contexts) tie.
 */
int
query_gnode_cmp(const void *va, const void *vb, void *order)
{
	const struct query_order *o = order;
	uint32_t ia = *(const uint32_t *)va, ib = *(const uint32_t *)vb;
	const struct query_gnode *a = &o->v[ia], *b = &o->v[ib];
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	bool flat_first = o->score == NULL && !o->q->opt.cum;
	int64_t x, y;
	int c;

	if (o->score != NULL) {
		x = query_abs64(o->score[ia]);
		y = query_abs64(o->score[ib]);
	} else {
		x = query_abs64(flat_first ? a->flat : a->cum);
		y = query_abs64(flat_first ? b->flat : b->cum);
	}
	if (x != y)
		return x > y ? -1 : 1;
	if ((c = strcmp(order_name(o, ia), order_name(o, ib))) != 0)
		return c;
	x = query_abs64(flat_first ? a->cum : a->flat);
	y = query_abs64(flat_first ? b->cum : b->flat);
	if (x != y)
		return x > y ? -1 : 1;
	if (a->info == b->info)
		return 0;
	query_node_infostr(&sa, &o->q->nodes[a->info]);
	query_node_infostr(&sb, &o->q->nodes[b->info]);
	c = strcmp(sa.buf, sb.buf);
	strbuf_release(&sa);
	strbuf_release(&sb);
	return c;
}

/* pprof's edge order: |weight| descending, caller, callee, then ours. */
int
query_edge_cmp(const void *va, const void *vb, void *order)
{
	const struct query_order *o = order;
	uint32_t ia = *(const uint32_t *)va, ib = *(const uint32_t *)vb;
	const struct query_edge *a = &o->e->v[ia], *b = &o->e->v[ib];
	int c;

	if (a->weight != b->weight &&
	    query_abs64(a->weight) != query_abs64(b->weight))
		return query_abs64(a->weight) > query_abs64(b->weight) ? -1 : 1;
	if ((c = strcmp(order_name(o, a->src), order_name(o, b->src))) != 0)
		return c;
	if ((c = strcmp(order_name(o, a->dst), order_name(o, b->dst))) != 0)
		return c;
	return (ia > ib) - (ia < ib);
}

/*
 * pprof's selectOutputUnit: the unit of the smallest non-zero value shown,
 * or of 100 times it when that is in a smaller unit than the total (so
 * that values print as 0.01 and up), except for integral reports.
 */
void
query_select_unit(struct query *q, const struct query_gnode *v,
    const uint32_t *order, size_t n, bool integral)
{
	const char *unit, *u;
	int64_t minv = 0, maxv, nm;
	size_t i;

	query_fmt_cache_free(q->fmt_cache);
	q->fmt_cache = NULL;
	free(q->output_unit);
	q->output_unit = xstrdup(q->opt.unit);
	if (strcmp(q->opt.unit, "minimum") != 0 || n == 0)
		return;
	for (i = 0; i < n; i++) {
		const struct query_gnode *g = &v[order[i]];

		nm = query_abs64(query_gnode_flat(g));
		if (nm == 0)
			nm = query_abs64(query_gnode_cum(g));
		if (nm > 0 && (minv == 0 || nm < minv))
			minv = nm;
	}
	maxv = q->total;
	if (minv == 0)
		minv = maxv;
	if (q->ratio > 0 && q->ratio != 1) {
		minv = format_go_int64((double)minv * q->ratio);
		maxv = format_go_int64((double)maxv * q->ratio);
	}
	unit_scale(minv, q->sample_unit, "minimum", &unit);
	unit_scale(maxv, q->sample_unit, "minimum", &u);
	if (strcmp(unit, u) != 0 && minv * 100 < maxv && !integral)
		unit_scale(100 * minv, q->sample_unit, "minimum", &unit);
	free(q->output_unit);
	q->output_unit = xstrdup(unit[0] != '\0' ? unit : q->sample_unit);
}

/*
 * Every node's flat and cum, from one pass over the samples made on the
 * first call: they depend only on what the query keeps and weighs, not
 * on how a graph orders or trims its nodes, so a graph rebuilt for a new
 * sort, nodecount or peek reuses them.
 */
const struct query_gnode *
query_values(struct query *q)
{
	if (q->values == NULL) {
		struct query_pass ps = { .flags = QUERY_PASS_VALUES };

		query_pass_run(q, &ps);
		if (cancel_requested()) {
			query_pass_release(&ps);
			return NULL;
		}
		q->values = ps.v;
		ps.v = NULL;
		query_pass_release(&ps);
	}
	return q->values;
}

/* The values, copied into the nodes (a rebuild clears their marks). */
static const struct query_gnode *
query_node_values(struct query *q)
{
	struct query_node *n;
	size_t i;

	if (query_values(q) == NULL)
		return NULL;
	for (i = 0; i < q->nnode; i++) {
		n = &q->nodes[i];
		n->flat = q->values[i].flat;
		n->flat_div = q->values[i].flat_div;
		n->cum = q->values[i].cum;
		n->cum_div = q->values[i].cum_div;
		n->in_inline = n->in_call = false;
	}
	return q->values;
}

/*
 * The nodes some location shows inlined, not as its outermost frame:
 * only an edge into one of them can be an inlined call, so only their
 * edges decide the (inline) marks.
 */
static bool *
query_inlined_nodes(const struct query *q)
{
	bool *inl = xcalloc(q->nnode + 1, sizeof *inl);
	const uint32_t *ln;
	size_t i;
	uint32_t k;

	for (i = 0; i < q->p->nlocation; i++) {
		ln = q->loc_nodes + q->loc_node_off[i];
		for (k = 0; k + 1 < q->loc_nn[i]; k++)
			inl[ln[k]] = true;
	}
	return inl;
}

/*
 * The graph builders' one body.  wantfn NULL and marks false: every edge;
 * wantfn: the edges into or out of the nodes it accepts; marks: the
 * edges into the nodes that are ever inlined.
 */
static void
query_graph_build(struct query *q, int nodecount, bool trim,
    bool (*wantfn)(void *, struct query *, uint32_t), void *arg, bool marks)
{
	const struct query_options *o = &q->opt;
	double nodefraction = o->nodefraction, edgefraction = o->edgefraction;
	const struct query_gnode *v;
	struct query_pass eps;
	struct query_order order;
	uint32_t *sel;
	size_t nsel, nkept, i;
	int64_t nodecut, edgecut;
	bool *kept = NULL, *want = NULL;

	if (!trim || !o->trim) {
		nodecount = 0;
		nodefraction = edgefraction = 0;
	}
	free(q->graph.order);
	q->graph.order = NULL;
	q->graph.norder = 0;
	if ((v = query_node_values(q)) == NULL)
		return;		/* interrupted: no graph */
	sel = xreallocarray(NULL, q->nnode + 1, sizeof *sel);
	nsel = query_select(q, v, q->nnode, sel);
	nodecut = query_flat_cutoff(v, sel, nsel, nodefraction);
	edgecut = query_flat_cutoff(v, sel, nsel, edgefraction);
	nkept = nodecut > 0 ? query_partition(v, sel, nsel, nodecut) : nsel;
	q->graph.dropped_nodes = (int)(nsel - nkept);
	q->graph.orig_count = (int)(nsel = nkept);
	for (i = 0; i < nsel; i++)
		query_printable(&q->nodes[sel[i]]);
	order = (struct query_order){ q, v, &q->edges, NULL };
	sort_array_r(sel, nsel, sizeof *sel, query_gnode_cmp, &order);
	/*
	 * Keeping the first nodecount leaves the order as it is.  pprof's
	 * first graph has every frame's node, and only a graph rebuilt for a
	 * kept set (when trimming dropped some) turns edges through the
	 * others into residual ones: until then an edge to a node that is
	 * not shown (zero in a diff, or negative with -drop_negative) is an
	 * ordinary edge.
	 */
	if (q->graph.dropped_nodes > 0 ||
	    (nodecount > 0 && (size_t)nodecount < nsel)) {
		if (nodecount > 0 && (size_t)nodecount < nsel)
			nsel = (size_t)nodecount;
		kept = xcalloc(q->nnode + 1, sizeof *kept);
		for (i = 0; i < nsel; i++)
			kept[sel[i]] = true;
	}
	if (marks)
		want = query_inlined_nodes(q);
	else if (wantfn != NULL) {
		want = xcalloc(q->nnode + 1, sizeof *want);
		for (i = 0; i < nsel; i++)
			want[sel[i]] = wantfn(arg, q, sel[i]);
	}
	eps = (struct query_pass){ .flags = QUERY_PASS_EDGES, .kept = kept,
	    .want = want, .want_in = marks, .edges = &q->edges };
	query_pass_run(q, &eps);
	free(kept);
	free(want);
	if (cancel_requested()) {
		free(sel);
		return;
	}
	q->graph.dropped_edges = query_trim_edges(&q->edges, edgecut, sel,
	    nsel, q->nnode);
	for (i = 0; i < q->edges.n; i++) {
		const struct query_edge *e = &q->edges.v[i];

		if (e->removed)
			continue;
		if (e->inline_call)
			q->nodes[e->dst].in_inline = true;
		else
			q->nodes[e->dst].in_call = true;
	}
	free(q->graph.order);
	q->graph.order = sel;
	q->graph.norder = nsel;
	if (marks) {
		/* a report of nodes: the edges have done their work */
		query_graph_release_edges(q);
		query_select_unit(q, v, sel, nsel, false);
		return;
	}
	query_order_edges(q);
	query_select_unit(q, v, sel, nsel, false);
}

void
query_build_graph(struct query *q, int nodecount, bool trim)
{
	query_graph_build(q, nodecount, trim, NULL, NULL, false);
}

void
query_build_graph_want(struct query *q, int nodecount, bool trim,
    bool (*wantfn)(void *, struct query *, uint32_t), void *arg)
{
	query_graph_build(q, nodecount, trim, wantfn, arg, false);
}

void
query_build_nodes_graph(struct query *q, int nodecount, bool trim)
{
	query_graph_build(q, nodecount, trim, NULL, NULL, true);
}

/* Free the graph's edges and their index; the graph has none after. */
static void
query_graph_release_edges(struct query *q)
{
	query_edges_release(&q->edges);
	memset(&q->edges, 0, sizeof q->edges);
	free(q->graph.in_off);
	free(q->graph.in);
	free(q->graph.out_off);
	q->graph.in_off = q->graph.in = q->graph.out_off = NULL;
}

void
query_build_values(struct query *q)
{
	const struct query_gnode *v = query_node_values(q);
	uint32_t *sel;

	free(q->graph.order);
	q->graph.order = NULL;
	q->graph.norder = 0;
	if (v == NULL)
		return;		/* interrupted */
	sel = xreallocarray(NULL, q->nnode + 1, sizeof *sel);
	q->graph.order = sel;
	q->graph.norder = query_select(q, v, q->nnode, sel);
	q->graph.orig_count = (int)q->graph.norder;
	q->graph.dropped_nodes = q->graph.dropped_edges = 0;
	query_graph_release_edges(q);
}

static int
query_name_cmp(const void *va, const void *vb, void *arg)
{
	const struct query *q = arg;

	return strcmp(q->nodes[*(const uint32_t *)va].printable,
	    q->nodes[*(const uint32_t *)vb].printable);
}

/*
 * Name every end of the graph's edges and rank the names (equal names,
 * equal ranks), so that ordering edges compares numbers: one sort of the
 * ends instead of a string comparison per edge comparison.  Returns the
 * ranks, by node.
 */
static uint32_t *
query_rank_names(const struct query *q)
{
	const struct query_edges *t = &q->edges;
	uint32_t *ends, *rank, r = 0;
	bool *seen = xcalloc(q->nnode + 1, sizeof *seen);
	size_t i, n = 0;
	uint32_t e[2];
	int k;

	rank = xcalloc(q->nnode + 1, sizeof *rank);
	ends = xreallocarray(NULL, q->nnode + 1, sizeof *ends);
	for (i = 0; i < t->n; i++) {
		e[0] = t->v[i].src;
		e[1] = t->v[i].dst;
		for (k = 0; k < 2; k++) {
			if (seen[e[k]])
				continue;
			seen[e[k]] = true;
			query_printable(&q->nodes[e[k]]);
			ends[n++] = e[k];
		}
	}
	sort_array_r(ends, n, sizeof *ends, query_name_cmp,
	    (void *)(uintptr_t)q);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(q->nodes[ends[i - 1]].printable,
		    q->nodes[ends[i]].printable) != 0)
			r++;
		rank[ends[i]] = r;
	}
	free(ends);
	free(seen);
	return rank;
}

/*
 * pprof's edge order: |weight| descending (Go's |weight|, which wraps for
 * the most negative), the caller's name, the callee's name, then the
 * edges' order.  In one node's list all edges share one end, so an
 * edge's place is fixed by its weight, the other end's rank and its
 * number, which a key holds as two numbers.
 */
struct query_edge_key {
	uint64_t	hi;		/* |weight|, descending */
	uint64_t	lo;		/* rank of the other end, number */
};

/* The key's high half: the signed order as unsigned, then reversed. */
static inline uint64_t
query_edge_key_hi(int64_t weight)
{
	return ~((uint64_t)query_abs64(weight) ^ (1ULL << 63));
}

static inline bool
query_edge_key_less(const struct query_edge_key *a,
    const struct query_edge_key *b)
{
	return a->hi != b->hi ? a->hi < b->hi : a->lo < b->lo;
}

/*
 * Sort keys k[0..n) (all different): insertion sorts of short runs,
 * then merges through tmp (n keys), with the comparison and the copies
 * inline.  A -peek=. sorts millions of keys in lists of tens.
 */
#define QUERY_KEY_RUN	16

static void
query_sort_keys(struct query_edge_key *k, struct query_edge_key *tmp,
    size_t n)
{
	struct query_edge_key x, *src = k, *dst = tmp, *t;
	size_t lo, mid, hi, i, j, o, w;

	for (lo = 0; lo < n; lo += QUERY_KEY_RUN) {
		hi = lo + QUERY_KEY_RUN < n ? lo + QUERY_KEY_RUN : n;
		for (i = lo + 1; i < hi; i++) {
			x = k[i];
			for (j = i; j > lo && query_edge_key_less(&x, &k[j - 1]);
			    j--)
				k[j] = k[j - 1];
			k[j] = x;
		}
	}
	for (w = QUERY_KEY_RUN; w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w) {
			mid = lo + w < n ? lo + w : n;
			hi = mid + w < n ? mid + w : n;
			for (i = o = lo, j = mid; i < mid && j < hi; o++)
				dst[o] = query_edge_key_less(&src[j], &src[i]) ?
				    src[j++] : src[i++];
			while (i < mid)
				dst[o++] = src[i++];
			while (j < hi)
				dst[o++] = src[j++];
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != k)
		memcpy(k, src, n * sizeof *k);
}

/* A buffer of n keys and as many more for the sort, reused. */
static struct query_edge_key *
query_keys(struct query_edge_key **k, size_t *cap, size_t n)
{
	if (n > *cap) {
		*cap = n;
		free(*k);
		*k = xreallocarray(NULL, 2 * n, sizeof **k);
	}
	return *k;
}

/* What the ordering of each node's edges needs (query_split()). */
struct query_order_arg {
	struct query	*q;
	const uint32_t	*rank;
	const uint32_t	*off;
	uint32_t	*list;		/* in-lists, or NULL */
};

/*
 * Order the lists of nodes lo .. hi: with a->list, each in-list (in its
 * callers' order) by weight; else each caller's edges, in place.
 */
static void
query_order_range(void *arg, size_t lo, size_t hi)
{
	struct query_order_arg *a = arg;
	struct query_edge *v = a->q->edges.v, *e, *tmp;
	int64_t *div = a->q->edges.div, *dtmp;
	const uint32_t *off = a->off;
	uint32_t *list = a->list;
	size_t n = a->q->edges.n, i, j, cnt, kcap = 0;
	struct query_edge_key *k = NULL;

	for (i = lo; i < hi; i++) {
		if ((cnt = off[i + 1] - off[i]) < 2)
			continue;
		query_keys(&k, &kcap, cnt);
		for (j = 0; j < cnt; j++) {
			if (list == NULL) {
				e = &v[off[i] + j];
				k[j].lo = (uint64_t)a->rank[e->dst] << 32 | j;
			} else {
				/* the edges are all over: ask early */
				if (off[i] + j + 16 < n)
					__builtin_prefetch(
					    &v[list[off[i] + j + 16]]);
				e = &v[list[off[i] + j]];
				k[j].lo = (uint64_t)j << 32 | list[off[i] + j];
			}
			k[j].hi = query_edge_key_hi(e->weight);
		}
		query_sort_keys(k, k + cnt, cnt);
		if (list != NULL) {
			for (j = 0; j < cnt; j++)
				list[off[i] + j] = (uint32_t)k[j].lo;
			continue;
		}
		/* permute through the keys' second half */
		tmp = (struct query_edge *)(void *)(k + cnt);
		memcpy(tmp, v + off[i], cnt * sizeof *tmp);
		for (j = 0; j < cnt; j++)
			v[off[i] + j] = tmp[(uint32_t)k[j].lo];
		if (div != NULL) {
			dtmp = (int64_t *)(void *)(k + cnt);
			memcpy(dtmp, div + off[i], cnt * sizeof *dtmp);
			for (j = 0; j < cnt; j++)
				div[off[i] + j] = dtmp[(uint32_t)k[j].lo];
		}
	}
	free(k);
}

/*
 * Put each caller's edges in pprof's order, in place (an edges pass
 * leaves them by caller, see struct query_pairs): out_off[n] is node n's
 * first.  Edges dropped by edgefraction go.
 */
static void
query_order_out(struct query *q, const uint32_t *rank)
{
	struct query_edges *t = &q->edges;
	struct query_edge *v = t->v;
	struct query_order_arg ord;
	int64_t *div = t->div;
	uint32_t *off;
	size_t i, m = 0;

	for (i = 0; i < t->n; i++) {
		if (v[i].removed)
			continue;
		if (div != NULL)
			div[m] = div[i];
		v[m++] = v[i];
	}
	t->n = m;
	off = query_edge_offsets(t, q->nnode, false);
	ord = (struct query_order_arg){ q, rank, off, NULL };
	query_split(query_order_range, &ord, off, q->nnode);
	free(q->graph.out_off);
	q->graph.out_off = off;
}

/*
 * Index the edges (ordered by query_order_out()) by callee, each
 * callee's in pprof's order: the callers' edges go to their callees'
 * lists by the callers' rank (and number), so that each list is in that
 * order; a stable sort by weight then orders the list.
 */
static void
query_order_in(struct query *q, const uint32_t *rank)
{
	const struct query_edges *t = &q->edges;
	const uint32_t *out_off = q->graph.out_off;
	struct query_order_arg ord;
	uint32_t *off, *list, *fill, *byrank, *rstart, n;
	size_t i, e, r, nrank = 0;

	off = query_edge_offsets(t, q->nnode, true);
	/* the callers by rank, then number: a counting sort */
	for (i = 0; i < q->nnode; i++)
		if (out_off[i + 1] > out_off[i] && rank[i] + 1 > nrank)
			nrank = rank[i] + 1;
	rstart = xcalloc(nrank + 1, sizeof *rstart);
	byrank = xreallocarray(NULL, q->nnode + 1, sizeof *byrank);
	for (i = 0; i < q->nnode; i++)
		if (out_off[i + 1] > out_off[i])
			rstart[rank[i] + 1]++;
	for (r = 0; r < nrank; r++)
		rstart[r + 1] += rstart[r];
	for (i = 0; i < q->nnode; i++)
		if (out_off[i + 1] > out_off[i])
			byrank[rstart[rank[i]]++] = (uint32_t)i;
	n = nrank > 0 ? rstart[nrank - 1] : 0;
	free(rstart);

	list = xreallocarray(NULL, t->n + 1, sizeof *list);
	fill = xreallocarray(NULL, q->nnode + 1, sizeof *fill);
	memcpy(fill, off, q->nnode * sizeof *fill);
	for (i = 0; i < n; i++)
		for (e = out_off[byrank[i]]; e < out_off[byrank[i] + 1]; e++)
			list[fill[t->v[e].dst]++] = (uint32_t)e;
	free(fill);
	free(byrank);
	ord = (struct query_order_arg){ q, rank, off, list };
	query_split(query_order_range, &ord, off, q->nnode);
	free(q->graph.in_off);
	free(q->graph.in);
	q->graph.in_off = off;
	q->graph.in = list;
}

/* The graph's edges in pprof's order, and indexed by both ends. */
static void
query_order_edges(struct query *q)
{
	uint32_t *rank = query_rank_names(q);

	query_order_out(q, rank);
	query_order_in(q, rank);
	free(rank);
}

static size_t
query_node_edges(const struct query *q, uint32_t n, bool in,
    struct query_edge_list *l)
{
	const uint32_t *off = in ? q->graph.in_off : q->graph.out_off;

	memset(l, 0, sizeof *l);
	if (off == NULL)	/* a graph of nodes alone */
		return 0;
	l->n = off[n + 1] - off[n];
	if (in)
		l->idx = q->graph.in + off[n];
	else
		l->first = off[n];
	return l->n;
}

size_t
query_in_edges(const struct query *q, uint32_t n, struct query_edge_list *l)
{
	return query_node_edges(q, n, true, l);
}

size_t
query_out_edges(const struct query *q, uint32_t n, struct query_edge_list *l)
{
	return query_node_edges(q, n, false, l);
}

bool
query_label_shown(const struct query *q, uint32_t key)
{
	return q->key_hidden == NULL || !q->key_hidden[key];
}

/* Formatted values (see query.h), in slots by value. */
#define QUERY_FMT_SLOTS	1024
struct query_fmt_entry {
	int64_t		 v;
	bool		 used;
	char		 s[23];
};

struct query_fmt_cache {
	struct query_fmt_entry	*e;		/* QUERY_FMT_SLOTS */
	struct strbuf		 spill;		/* the last one, if long */
};

struct query_fmt_cache *
query_fmt_cache_new(void)
{
	struct query_fmt_cache *c = xcalloc(1, sizeof *c);

	c->e = xcalloc(QUERY_FMT_SLOTS, sizeof *c->e);
	strbuf_init(&c->spill);
	return c;
}

void
query_fmt_cache_free(struct query_fmt_cache *c)
{
	if (c == NULL)
		return;
	free(c->e);
	strbuf_release(&c->spill);
	free(c);
}

const char *
query_format_value_in(const struct query *q, struct query_fmt_cache *c,
    int64_t v)
{
	struct query_fmt_entry *e;
	int64_t scaled = v;

	e = &c->e[((uint64_t)v * 0x9e3779b97f4a7c15ULL) >> 54];
	if (e->used && e->v == v)
		return e->s;
	if (q->ratio > 0 && q->ratio != 1)	/* -mean */
		scaled = format_go_int64((double)v * q->ratio);
	strbuf_reset(&c->spill);
	format_scaled(&c->spill, scaled, q->sample_unit, q->output_unit);
	if (c->spill.len >= sizeof e->s)
		return c->spill.buf;
	memcpy(e->s, c->spill.buf, c->spill.len + 1);
	e->v = v;
	e->used = true;
	return e->s;
}

struct query_fmt_cache *
query_fmt_cache_of(struct query *q)
{
	if (q->fmt_cache == NULL)
		q->fmt_cache = query_fmt_cache_new();
	return q->fmt_cache;
}

const char *
query_format_value(struct query *q, int64_t v)
{
	return query_format_value_in(q, query_fmt_cache_of(q), v);
}

static void
query_add_filter(struct query *q, const char *name, const char *value)
{
	if (value != NULL && *value != '\0' && q->nfilter < 16)
		q->filters[q->nfilter++] = xasprintf("%s=%s", name, value);
}

static size_t
split_keys(char *s, char ***out)
{
	char **v = NULL, *tok;
	size_t n = 0;

	while ((tok = strsep(&s, ",")) != NULL) {
		if (*tok == '\0')
			continue;	/* pprof drops empty keys */
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = tok;
	}
	*out = v;
	return n;
}

/* -tagroot/-tagleaf: query a derived profile with label frames. */
static int
query_label_frames(struct query *q)
{
	char *r = NULL, *l = NULL, **roots = NULL, **leaves = NULL;
	size_t nr, nl;
	bool rootm, leafm;

	if ((q->opt.tagroot == NULL || *q->opt.tagroot == '\0') &&
	    (q->opt.tagleaf == NULL || *q->opt.tagleaf == '\0'))
		return 0;
	if (q->opt.tagroot != NULL)
		r = xstrdup(q->opt.tagroot);
	if (q->opt.tagleaf != NULL)
		l = xstrdup(q->opt.tagleaf);
	nr = split_keys(r, &roots);
	nl = split_keys(l, &leaves);
	q->own = profile_with_label_frames(q->p, roots, nr, leaves, nl,
	    q->opt.unit, &rootm, &leafm);
	q->p = q->own;
	if (q->opt.tagroot != NULL && *q->opt.tagroot != '\0' && !rootm)
		warn_printf("TagRoot expression matched no samples");
	if (q->opt.tagleaf != NULL && *q->opt.tagleaf != '\0' && !leafm)
		warn_printf("TagLeaf expression matched no samples");
	free(r);
	free(l);
	free(roots);
	free(leaves);
	return 0;
}

void
query_options_init(struct query_options *o)
{
	memset(o, 0, sizeof *o);
	o->granularity = GRAN_FUNCTIONS;
	o->nodecount = -1;
	o->nodefraction = 0.005;
	o->edgefraction = 0.001;
	o->trim = true;
	o->unit = xstrdup("minimum");
	o->divide_by = 1;
}

void
query_options_release(struct query_options *o)
{
#define X(f) free(o->f);
	QUERY_OPTIONS_STRINGS(X)
#undef X
	memset(o, 0, sizeof *o);
}

void
query_options_copy(struct query_options *dst, const struct query_options *src)
{
	*dst = *src;
#define X(f) dst->f = src->f != NULL ? xstrdup(src->f) : NULL;
	QUERY_OPTIONS_STRINGS(X)
#undef X
}

static struct query *
query_make(const struct profile *p, const struct query_options *opt,
    const struct query *like, bool keep_paths, char **cause)
{
	struct query *q = xcalloc(1, sizeof *q);
	const struct query_options *o = &q->opt;
	struct query_viewset *v;
	size_t i;

	q->p = p;
	query_options_copy(&q->opt, opt);
	strtab_init(&q->strs);
	if (query_label_frames(q) == -1)
		goto fail;
	p = q->p;
	if (query_find_sample_index(p, o->sample_index, &q->sample_index,
	    cause) == -1)
		goto fail;
	if (o->divide_by == 0) {
		*cause = xstrdup("zero divisor specified");
		goto fail;
	}
	q->ratio = 1 / o->divide_by;
	q->sample_type = profile_str(p, p->sample_types[q->sample_index].type);
	if (o->mean) {
		char *t = xasprintf("mean_%s", q->sample_type);

		q->sample_type = strtab_get(&q->strs,
		    strtab_intern_str(&q->strs, t));
		free(t);
	}
	q->sample_unit = profile_str(p, p->sample_types[q->sample_index].unit);
	q->output_unit = xstrdup(o->unit);

	query_add_filter(q, "focus", o->focus);
	query_add_filter(q, "ignore", o->ignore);
	query_add_filter(q, "hide", o->hide);
	query_add_filter(q, "show", o->show);
	query_add_filter(q, "show_from", o->show_from);
	query_add_filter(q, "tagfocus", o->tagfocus);
	query_add_filter(q, "tagignore", o->tagignore);
	query_add_filter(q, "tagshow", o->tagshow);
	query_add_filter(q, "taghide", o->taghide);

	/* The identity view. */
	v = xcalloc(1, sizeof *v);
	v->refs = 1;
	v->vline = xreallocarray(NULL, p->nline + 1, sizeof *v->vline);
	v->vline_off = xreallocarray(NULL, p->nlocation + 1,
	    sizeof *v->vline_off);
	v->vline_n = xreallocarray(NULL, p->nlocation + 1, sizeof *v->vline_n);
	v->loc_hidden = xcalloc(p->nlocation + 1, sizeof *v->loc_hidden);
	v->vs_off = xreallocarray(NULL, p->nsample + 1, sizeof *v->vs_off);
	v->vs_n = xreallocarray(NULL, p->nsample + 1, sizeof *v->vs_n);
	v->sample_kept = xreallocarray(NULL, p->nsample + 1,
	    sizeof *v->sample_kept);
	query_set_view(q, v);
	for (i = 0; i < p->nline; i++)
		q->vline[i] = (uint32_t)i;
	for (i = 0; i < p->nlocation; i++) {
		q->vline_off[i] = p->locations[i].line_off;
		q->vline_n[i] = p->locations[i].nline;
	}
	for (i = 0; i < p->nsample; i++) {
		q->vs_off[i] = p->samples[i].loc_off;
		q->vs_n[i] = p->samples[i].nloc;
		q->sample_kept[i] = true;
	}

	/* The total is taken before filtering unless -relative_percentages. */
	if (!o->relative_percentages)
		q->total = query_total(q, false);
	if (cancel_now() || query_filter_apply(q, cause) == -1 ||
	    cancel_now())
		goto interrupted;
	if (o->relative_percentages)
		q->total = query_total(q, true);
	if (like != NULL && query_same_view(q, like)) {
		like->view->refs++;
		query_set_view(q, like->view);
	}
	if (like != NULL && query_same_frames(q, like))
		query_share_frames(q, like);
	else
		query_build_nodes(q);
	if (q->nnode >= QUERY_NODE_MAX || p->nsample > UINT32_MAX) {
		/* edges have room for no more (see query_pass_edges()) */
		*cause = xasprintf("too many %s: %zu", p->nsample >
		    UINT32_MAX ? "samples" : "nodes", p->nsample > UINT32_MAX ?
		    p->nsample : q->nnode);
		goto fail;
	}
	if (cancel_now())
		goto interrupted;
	if ((q->keep_paths = keep_paths) &&
	    (query_paths_from(q, like) == -1 || cancel_now()))
		goto interrupted;
	return q;
interrupted:
	if (*cause == NULL)
		*cause = xstrdup("interrupted");
fail:
	query_free(q);
	return NULL;
}

struct query *
query_new(const struct profile *p, const struct query_options *opt,
    char **cause)
{
	return query_make(p, opt, NULL, false, cause);
}

struct query *
query_new_like(const struct profile *p, const struct query_options *opt,
    const struct query *like, char **cause)
{
	return query_make(p, opt, like, true, cause);
}

void
query_free(struct query *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->nnode; i++)
		free(q->nodes[i].printable);
	for (i = 0; i < q->nfilter; i++)
		free(q->filters[i]);
	strtab_release(&q->strs);
	free(q->output_unit);
	query_fmt_cache_free(q->fmt_cache);
	free(q->values);
	query_pathset_release(q->paths);
	query_frames_release(q->frames);
	free(q->key_units);
	free(q->key_hidden);
	query_viewset_release(q->view);
	free(q->nodes);
	query_graph_release_edges(q);
	free(q->graph.order);
	profile_free(q->own);
	query_options_release(&q->opt);
	free(q);
}
