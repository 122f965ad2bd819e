/*
 * query.c: build pprof's call graph from a filtered view of a profile.
 *
 * Nodes are identified as pprof's NodeInfo is (name, file, object file,
 * address, start line, line), with the fields the granularity does not
 * keep cleared.  A graph pass walks every kept sample from the root to the
 * leaf: each node on the stack gets the sample's value as cum once per
 * sample (so recursion does not count twice), each caller->callee pair
 * once per sample as an edge, and the leaf-most node the value as flat.
 * Trimming rebuilds the graph with a kept set, as pprof does, so that
 * edges through dropped nodes become residual.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "format.h"
#include "profile.h"
#include "query-internal.h"
#include "strbuf.h"
#include "xmalloc.h"

static void	query_index_edges(struct query *, bool, uint32_t **,
		    uint32_t **);

static int64_t
abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

int64_t
query_node_flat(const struct query_node *n)
{
	return n->flat_div == 0 ? n->flat : n->flat / n->flat_div;
}

int64_t
query_node_cum(const struct query_node *n)
{
	return n->cum_div == 0 ? n->cum : n->cum / n->cum_div;
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

/* Go's filepath.Base of s[0..n): the last element, "." or "/". */
static void
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
		d = q->o->mean ? vals[0] : 0;
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

/* Node table: open addressing over node indexes. */
struct node_table {
	uint32_t	*slots;
	size_t		 nslots;
};

static uint64_t
node_hash(const struct query_node *n)
{
	uint64_t h = HASH_INIT;

	h = hash_u64(h, (uint64_t)(uintptr_t)n->name);
	h = hash_u64(h, (uint64_t)(uintptr_t)n->file);
	h = hash_u64(h, (uint64_t)(uintptr_t)n->objfile);
	h = hash_u64(h, n->address);
	h = hash_u64(h, (uint64_t)n->start_line);
	return hash_u64(h, (uint64_t)n->lineno);
}

static bool
node_eq(const struct query_node *a, const struct query_node *b)
{
	return a->name == b->name && a->file == b->file &&
	    a->objfile == b->objfile && a->address == b->address &&
	    a->start_line == b->start_line && a->lineno == b->lineno;
}

static uint32_t
query_node_insert(struct query *q, struct node_table *t, size_t *cap,
    const struct query_node *key)
{
	size_t i, mask, j;
	uint32_t idx;

	if ((q->nnode + 1) * 2 > t->nslots) {
		free(t->slots);
		t->nslots = t->nslots ? t->nslots * 2 : 4096;
		t->slots = xcalloc(t->nslots, sizeof *t->slots);
		mask = t->nslots - 1;
		for (j = 0; j < q->nnode; j++) {
			for (i = node_hash(&q->nodes[j]) & mask;
			    t->slots[i] != 0; i = (i + 1) & mask)
				;
			t->slots[i] = (uint32_t)j + 1;
		}
	}
	mask = t->nslots - 1;
	for (i = node_hash(key) & mask; t->slots[i] != 0; i = (i + 1) & mask)
		if (node_eq(&q->nodes[t->slots[i] - 1], key))
			return t->slots[i] - 1;
	XGROW(q->nodes, *cap, q->nnode + 1);
	idx = (uint32_t)q->nnode++;
	q->nodes[idx] = *key;
	t->slots[i] = idx + 1;
	return idx;
}

/* The node of one frame: location loc, profile line ln (or NONE). */
static void
query_node_info(struct query *q, uint32_t loc, uint32_t ln,
    struct query_node *n, struct strbuf *sb)
{
	const struct profile *p = q->p;
	const struct profile_location *l = &p->locations[loc];
	enum granularity g = q->o->granularity;
	const struct profile_function *f;
	const char *objfile = "", *file;

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
	/* pprof rewrites file names with trimPath before any graph */
	file = query_trim_path(profile_str(p, f->filename), q->o->trim_path,
	    q->o->source_path);
	if (g != GRAN_FUNCTIONS && *file != '\0') {
		strbuf_reset(sb);
		query_clean_path(sb, file);
		n->file = strtab_get(&q->strs, strtab_intern(&q->strs, sb->buf,
		    sb->len));
	}
	if (g == GRAN_LINES || g == GRAN_ADDRESSES)
		n->lineno = p->lines[ln].line;
	/* -list and -callgrind keep them for every node (pprof's ObjNames) */
	if (n->name[0] == '\0' || q->o->report == REPORT_LIST ||
	    q->o->report == REPORT_CALLGRIND) {
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
	return q->o->noinlines ? 1 : q->vline_n[loc];
}

static void
query_build_nodes(struct query *q)
{
	const struct profile *p = q->p;
	struct node_table t = { NULL, 0 };
	struct query_node key;
	struct strbuf sb = STRBUF_INIT;
	size_t i, total = 0, cap = 0;
	uint32_t k, n, ln;

	q->loc_node_off = xreallocarray(NULL, p->nlocation + 1,
	    sizeof *q->loc_node_off);
	for (i = 0; i < p->nlocation; i++) {
		q->loc_node_off[i] = (uint32_t)total;
		total += query_loc_nnode(q, i);
	}
	q->loc_nodes = xreallocarray(NULL, total + 1, sizeof *q->loc_nodes);
	q->loc_nn = xreallocarray(NULL, p->nlocation + 1, sizeof *q->loc_nn);
	for (i = 0; i < p->nlocation; i++) {
		q->loc_nn[i] = n = query_loc_nnode(q, i);
		for (k = 0; k < n; k++) {
			if (q->vline_n[i] == 0)
				ln = PROFILE_NONE;
			else if (q->o->noinlines)
				ln = q->vline[q->vline_off[i] + q->vline_n[i] - 1];
			else
				ln = q->vline[q->vline_off[i] + k];
			query_node_info(q, (uint32_t)i, ln, &key, &sb);
			q->loc_nodes[q->loc_node_off[i] + k] =
			    query_node_insert(q, &t, &cap, &key);
		}
	}
	free(t.slots);
	strbuf_release(&sb);
}

static uint32_t
query_edge_get(struct query *q, uint32_t src, uint32_t dst)
{
	size_t i, mask, j;
	uint64_t h;
	uint32_t idx;

	if ((q->nedge + 1) * 2 > q->nedge_slots) {
		free(q->edge_slots);
		q->nedge_slots = q->nedge_slots ? q->nedge_slots * 2 : 4096;
		q->edge_slots = xcalloc(q->nedge_slots, sizeof *q->edge_slots);
		mask = q->nedge_slots - 1;
		for (j = 0; j < q->nedge; j++) {
			h = hash_u64(hash_u64(HASH_INIT, q->edges[j].src),
			    q->edges[j].dst);
			for (i = h & mask; q->edge_slots[i] != 0;
			    i = (i + 1) & mask)
				;
			q->edge_slots[i] = (uint32_t)j + 1;
		}
	}
	mask = q->nedge_slots - 1;
	h = hash_u64(hash_u64(HASH_INIT, src), dst);
	for (i = h & mask; q->edge_slots[i] != 0; i = (i + 1) & mask) {
		struct query_edge *e = &q->edges[q->edge_slots[i] - 1];

		if (e->src == src && e->dst == dst)
			return q->edge_slots[i] - 1;
	}
	XGROW(q->edges, q->edge_cap, q->nedge + 1);
	idx = (uint32_t)q->nedge++;
	memset(&q->edges[idx], 0, sizeof q->edges[idx]);
	q->edges[idx].src = src;
	q->edges[idx].dst = dst;
	q->edges[idx].inline_call = true;
	q->edge_slots[i] = idx + 1;
	return idx;
}

/*
 * Node pass: flat and cum of every node.  cum is added once per sample
 * (the stamp), flat to the leaf-most frame.  Trimming never changes the
 * values of the nodes it keeps (a kept node's cum is the same sum, and
 * flat only ever goes to the leaf-most frame's own node), so this runs
 * once; only edges are rebuilt for the kept set.
 */
static void
query_node_pass(struct query *q)
{
	const struct profile *p = q->p;
	struct query_node *nodes = q->nodes;
	size_t i, s;
	uint32_t k, n, leaf, node, stamp = 0, *stamps;
	int64_t w, dw, *cum, *cumdiv;
	bool mean = q->o->mean;

	/* The hot fields in dense arrays: this loop sees every frame. */
	stamps = xcalloc(q->nnode + 1, sizeof *stamps);
	cum = xcalloc(q->nnode + 1, sizeof *cum);
	cumdiv = mean ? xcalloc(q->nnode + 1, sizeof *cumdiv) : NULL;
	for (i = 0; i < q->nnode; i++) {
		nodes[i].flat = nodes[i].flat_div = 0;
		nodes[i].kept = true;
	}
	for (s = 0; s < p->nsample; s++) {
		const int64_t *v = profile_sample_values(p, s);
		const uint32_t *locs = p->locs + q->vs_off[s];

		if (!q->sample_kept[s])
			continue;
		w = v[q->sample_index];
		dw = mean ? v[0] : 0;
		if (w == 0 && dw == 0)
			continue;
		stamp++;
		leaf = UINT32_MAX;
		for (i = q->vs_n[s]; i-- > 0;) {
			const uint32_t *ln = q->loc_nodes +
			    q->loc_node_off[locs[i]];

			n = q->loc_nn[locs[i]];
			for (k = n; k-- > 0;) {
				node = ln[k];
				if (stamps[node] != stamp) {
					stamps[node] = stamp;
					cum[node] += w;
					if (mean)
						cumdiv[node] += dw;
				}
				leaf = node;
			}
		}
		if (leaf != UINT32_MAX) {
			nodes[leaf].flat += w;
			nodes[leaf].flat_div += dw;
		}
	}
	for (i = 0; i < q->nnode; i++) {
		nodes[i].cum = cum[i];
		nodes[i].cum_div = mean ? cumdiv[i] : 0;
	}
	free(stamps);
	free(cum);
	free(cumdiv);
}

/*
 * Edge pass: caller->callee edges between the kept nodes, counted once per
 * sample; an edge over dropped nodes is residual, and an edge is inline
 * when every call it stands for was inlined (the callee is not the last
 * line of its location).
 */
static void
query_edge_pass(struct query *q)
{
	const struct profile *p = q->p;
	const struct query_node *nodes = q->nodes;
	size_t i, s;
	uint32_t parent, node, k, n, e;
	int64_t w, dw;
	bool residual, mean = q->o->mean;
	struct query_edge *ed;

	q->nedge = 0;
	if (q->edge_slots != NULL)
		memset(q->edge_slots, 0, q->nedge_slots *
		    sizeof *q->edge_slots);
	q->stamp = 0;
	for (s = 0; s < p->nsample; s++) {
		const int64_t *v = profile_sample_values(p, s);
		const uint32_t *locs = p->locs + q->vs_off[s];

		if (!q->sample_kept[s])
			continue;
		w = v[q->sample_index];
		dw = mean ? v[0] : 0;
		if (w == 0 && dw == 0)
			continue;
		q->stamp++;
		parent = UINT32_MAX;
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
				if (parent != UINT32_MAX && node != parent) {
					/* get may grow the array: index first */
					e = query_edge_get(q, parent, node);
					ed = &q->edges[e];
					if (ed->stamp != q->stamp) {
						ed->stamp = q->stamp;
						ed->weight += w;
						ed->weight_div += dw;
						if (residual)
							ed->residual = true;
						if (k == n - 1)
							ed->inline_call = false;
					}
				}
				parent = node;
				residual = false;
			}
		}
	}
}

static bool
query_node_selected(const struct query *q, const struct query_node *n)
{
	if (!n->kept || (n->cum == 0 && n->flat == 0))
		return false;
	if (q->o->drop_negative &&
	    (n->flat < 0 || (n->flat == 0 && n->cum < 0)))
		return false;
	return true;
}

static size_t
query_select(struct query *q, uint32_t *out)
{
	size_t i, n = 0;

	for (i = 0; i < q->nnode; i++)
		if (query_node_selected(q, &q->nodes[i]))
			out[n++] = (uint32_t)i;
	return n;
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
		const char *base = strrchr(n->objfile, '/');

		base = base != NULL && base[1] != '\0' ? base + 1 : n->objfile;
		strbuf_addf(&sb, "[%s]", base);
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

static struct query *sort_q;

static int
query_cmp(const void *va, const void *vb)
{
	const struct query_node *a = &sort_q->nodes[*(const uint32_t *)va];
	const struct query_node *b = &sort_q->nodes[*(const uint32_t *)vb];
	int64_t x, y;
	int c;
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;

	if (sort_q->o->cum) {
		x = abs64(a->cum);
		y = abs64(b->cum);
	} else {
		x = abs64(a->flat);
		y = abs64(b->flat);
	}
	if (x != y)
		return x > y ? -1 : 1;
	if ((c = strcmp(a->printable, b->printable)) != 0)
		return c;
	if (sort_q->o->cum) {
		x = abs64(a->flat);
		y = abs64(b->flat);
	} else {
		x = abs64(a->cum);
		y = abs64(b->cum);
	}
	if (x != y)
		return x > y ? -1 : 1;
	query_node_infostr(&sa, a);
	query_node_infostr(&sb, b);
	c = strcmp(sa.buf, sb.buf);
	strbuf_release(&sa);
	strbuf_release(&sb);
	return c;
}

static void
query_sort(struct query *q, uint32_t *order, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		query_printable(&q->nodes[order[i]]);
	sort_q = q;
	sort_array(order, n, sizeof *order, query_cmp);
	sort_q = NULL;
}

/* pprof's TrimLowFrequencyEdges: it looks at the shown nodes' in-edges. */
static int
query_trim_edges(struct query *q, int64_t cutoff, const bool *shown)
{
	size_t i;
	int dropped = 0;

	for (i = 0; i < q->nedge; i++) {
		struct query_edge *e = &q->edges[i];

		if (e->removed || !shown[e->dst])
			continue;
		if (abs64(e->weight) < cutoff) {
			e->removed = true;
			dropped++;
		}
	}
	return dropped;
}

/* pprof's selectOutputUnit. */
static void
query_select_unit(struct query *q)
{
	const char *unit, *u;
	int64_t minv = 0, maxv, nm;
	size_t i;

	free(q->output_unit);
	q->output_unit = xstrdup(q->o->unit);
	if (strcmp(q->o->unit, "minimum") != 0 || q->graph.norder == 0)
		return;
	for (i = 0; i < q->graph.norder; i++) {
		const struct query_node *n = &q->nodes[q->graph.order[i]];

		nm = abs64(query_node_flat(n));
		if (nm == 0)
			nm = abs64(query_node_cum(n));
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
	if (strcmp(unit, u) != 0 && minv * 100 < maxv)
		unit_scale(100 * minv, q->sample_unit, "minimum", &unit);
	free(q->output_unit);
	q->output_unit = xstrdup(unit[0] != '\0' ? unit : q->sample_unit);
}

void
query_build_graph(struct query *q, int nodecount, bool trim)
{
	const struct options *o = q->o;
	double nodefraction = o->nodefraction, edgefraction = o->edgefraction;
	uint32_t *sel;
	size_t nsel, nkept, i;
	int64_t flatsum = 0, nodecut, edgecut;
	bool rebuild, *shown;

	if (!trim || !o->trim) {
		nodecount = 0;
		nodefraction = edgefraction = 0;
	}
	query_node_pass(q);
	sel = xreallocarray(NULL, q->nnode + 1, sizeof *sel);
	nsel = query_select(q, sel);
	for (i = 0; i < nsel; i++)
		flatsum += q->nodes[sel[i]].flat;
	nodecut = abs64((int64_t)((double)flatsum * nodefraction));
	edgecut = abs64((int64_t)((double)flatsum * edgefraction));
	q->graph.dropped_nodes = 0;
	if (nodecut > 0) {
		for (i = nkept = 0; i < nsel; i++)
			if (abs64(q->nodes[sel[i]].cum) >= nodecut)
				sel[nkept++] = sel[i];
		q->graph.dropped_nodes = (int)(nsel - nkept);
		nsel = nkept;
	}
	q->graph.orig_count = (int)nsel;
	query_sort(q, sel, nsel);
	rebuild = q->graph.dropped_nodes > 0;
	/* Keeping the first nodecount leaves the order as it is. */
	if (nodecount > 0 && (size_t)nodecount < nsel) {
		nsel = (size_t)nodecount;
		rebuild = true;
	}
	/*
	 * pprof's first graph has every frame's node, and only a graph
	 * rebuilt for a kept set (when trimming dropped some) turns edges
	 * through the others into residual ones: until then an edge to a
	 * node that is not shown (zero in a diff, or negative with
	 * -drop_negative) is an ordinary edge.
	 */
	shown = xcalloc(q->nnode + 1, sizeof *shown);
	for (i = 0; i < q->nnode; i++)
		q->nodes[i].kept = !rebuild;
	for (i = 0; i < nsel; i++) {
		q->nodes[sel[i]].kept = true;
		shown[sel[i]] = true;
	}
	query_edge_pass(q);
	q->graph.dropped_edges = query_trim_edges(q, edgecut, shown);
	free(shown);
	for (i = 0; i < q->nnode; i++)
		q->nodes[i].in_inline = q->nodes[i].in_call = false;
	for (i = 0; i < q->nedge; i++) {
		const struct query_edge *e = &q->edges[i];

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
	query_index_edges(q, true, &q->graph.in_off, &q->graph.in);
	query_index_edges(q, false, &q->graph.out_off, &q->graph.out);
	query_select_unit(q);
}

static int
query_edge_cmp(const void *va, const void *vb)
{
	const struct query_edge *a = &sort_q->edges[*(const uint32_t *)va];
	const struct query_edge *b = &sort_q->edges[*(const uint32_t *)vb];
	int c;

	if (a->weight != b->weight && abs64(a->weight) != abs64(b->weight))
		return abs64(a->weight) > abs64(b->weight) ? -1 : 1;
	if ((c = strcmp(sort_q->nodes[a->src].printable,
	    sort_q->nodes[b->src].printable)) != 0)
		return c;
	return strcmp(sort_q->nodes[a->dst].printable,
	    sort_q->nodes[b->dst].printable);
}

/* Build one side of the per-node edge index (in: by dst, out: by src). */
static void
query_index_edges(struct query *q, bool in, uint32_t **offp, uint32_t **listp)
{
	uint32_t *off = xcalloc(q->nnode + 2, sizeof *off);
	uint32_t *list = xreallocarray(NULL, q->nedge + 1, sizeof *list);
	uint32_t *fill;
	size_t i;

	for (i = 0; i < q->nedge; i++) {
		if (q->edges[i].removed)
			continue;
		off[(in ? q->edges[i].dst : q->edges[i].src) + 1]++;
		/* edges may reach nodes that are not shown: name them */
		query_printable(&q->nodes[q->edges[i].src]);
		query_printable(&q->nodes[q->edges[i].dst]);
	}
	for (i = 0; i < q->nnode; i++)
		off[i + 1] += off[i];
	fill = xreallocarray(NULL, q->nnode + 1, sizeof *fill);
	memcpy(fill, off, q->nnode * sizeof *fill);
	for (i = 0; i < q->nedge; i++)
		if (!q->edges[i].removed)
			list[fill[in ? q->edges[i].dst :
			    q->edges[i].src]++] = (uint32_t)i;
	free(fill);
	sort_q = q;
	for (i = 0; i < q->nnode; i++)
		if (off[i + 1] - off[i] > 1)
			sort_array(list + off[i], off[i + 1] - off[i],
			    sizeof *list, query_edge_cmp);
	sort_q = NULL;
	free(*offp);
	free(*listp);
	*offp = off;
	*listp = list;
}

size_t
query_in_edges(const struct query *q, uint32_t n, const uint32_t **edges)
{
	*edges = q->graph.in + q->graph.in_off[n];
	return q->graph.in_off[n + 1] - q->graph.in_off[n];
}

size_t
query_out_edges(const struct query *q, uint32_t n, const uint32_t **edges)
{
	*edges = q->graph.out + q->graph.out_off[n];
	return q->graph.out_off[n + 1] - q->graph.out_off[n];
}

bool
query_label_shown(const struct query *q, uint32_t key)
{
	return q->key_hidden == NULL || !q->key_hidden[key];
}

const char *
query_format_value(struct query *q, int64_t v)
{
	if (q->ratio > 0 && q->ratio != 1)
		v = (int64_t)((double)v * q->ratio);
	return format_scaled_str(v, q->sample_unit, q->output_unit);
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

	if ((q->o->tagroot == NULL || *q->o->tagroot == '\0') &&
	    (q->o->tagleaf == NULL || *q->o->tagleaf == '\0'))
		return 0;
	if (q->o->tagroot != NULL)
		r = xstrdup(q->o->tagroot);
	if (q->o->tagleaf != NULL)
		l = xstrdup(q->o->tagleaf);
	nr = split_keys(r, &roots);
	nl = split_keys(l, &leaves);
	q->own = profile_with_label_frames(q->p, roots, nr, leaves, nl,
	    q->o->unit, &rootm, &leafm);
	q->p = q->own;
	if (q->o->tagroot != NULL && *q->o->tagroot != '\0' && !rootm)
		fprintf(stderr, "TagRoot expression matched no samples\n");
	if (q->o->tagleaf != NULL && *q->o->tagleaf != '\0' && !leafm)
		fprintf(stderr, "TagLeaf expression matched no samples\n");
	free(r);
	free(l);
	free(roots);
	free(leaves);
	return 0;
}

struct query *
query_new(const struct profile *p, const struct options *o, char **cause)
{
	struct query *q = xcalloc(1, sizeof *q);
	size_t i;

	q->p = p;
	q->o = o;
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
	q->vline = xreallocarray(NULL, p->nline + 1, sizeof *q->vline);
	for (i = 0; i < p->nline; i++)
		q->vline[i] = (uint32_t)i;
	q->vline_off = xreallocarray(NULL, p->nlocation + 1,
	    sizeof *q->vline_off);
	q->vline_n = xreallocarray(NULL, p->nlocation + 1, sizeof *q->vline_n);
	for (i = 0; i < p->nlocation; i++) {
		q->vline_off[i] = p->locations[i].line_off;
		q->vline_n[i] = p->locations[i].nline;
	}
	q->loc_hidden = xcalloc(p->nlocation + 1, sizeof *q->loc_hidden);
	q->vs_off = xreallocarray(NULL, p->nsample + 1, sizeof *q->vs_off);
	q->vs_n = xreallocarray(NULL, p->nsample + 1, sizeof *q->vs_n);
	q->sample_kept = xreallocarray(NULL, p->nsample + 1,
	    sizeof *q->sample_kept);
	for (i = 0; i < p->nsample; i++) {
		q->vs_off[i] = p->samples[i].loc_off;
		q->vs_n[i] = p->samples[i].nloc;
		q->sample_kept[i] = true;
	}

	/* The total is taken before filtering unless -relative_percentages. */
	if (!o->relative_percentages)
		q->total = query_total(q, false);
	if (query_filter_apply(q, cause) == -1)
		goto fail;
	if (o->relative_percentages)
		q->total = query_total(q, true);
	query_build_nodes(q);
	return q;
fail:
	query_free(q);
	return NULL;
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
	free(q->key_units);
	free(q->key_hidden);
	free(q->vline);
	free(q->vline_off);
	free(q->vline_n);
	free(q->loc_hidden);
	free(q->vs_off);
	free(q->vs_n);
	free(q->sample_kept);
	free(q->loc_node_off);
	free(q->loc_nodes);
	free(q->loc_nn);
	free(q->nodes);
	free(q->edges);
	free(q->edge_slots);
	free(q->graph.order);
	free(q->graph.in_off);
	free(q->graph.in);
	free(q->graph.out_off);
	free(q->graph.out);
	profile_free(q->own);
	free(q);
}
