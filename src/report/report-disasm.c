/*
 * report-disasm.c: -disasm, pprof's annotated disassembly.
 *
 * As pprof: the nodes are addresses with inlined frames folded into their
 * function (noinlines), the functions are those of the binaries holding
 * a node whose name matches (or holding the address the regexp spells),
 * and each function is a ROUTINE block: its flat and cum sums, then each
 * instruction with the samples at its address and up to the next one.
 * A source location is printed where it changes, after the instruction
 * when that is shorter than 40 bytes, else on a line of its own above.
 *
 * Where cpv differs, on purpose:
 *   - the instruction text is capstone's, rewritten towards llvm-objdump's
 *     spelling (disasm.c); pprof prints its objdump's;
 *   - the location is DWARF's (innermost function with parameters, file,
 *     line), where pprof parses objdump's -l output, which loses the
 *     function name after some lines;
 *   - code inlined from another function says so: "(inlined into inner
 *     inl.c:22, outer inl.c:30)" after its location, and a regexp that
 *     matches only inlined functions shows the functions they were
 *     inlined into (pprof finds nothing, google/pprof#230);
 *   - a function runs up to the next symbol, its last byte included
 *     (pprof stops one byte short, losing a final one-byte ret);
 *   - only function symbols are routines (pprof's nm also lists data).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "format.h"
#include "profile.h"
#include "query-list.h"
#include "query.h"
#include "report.h"
#include "rx.h"
#include "sort.h"
#include "strbuf.h"
#include "symbolize.h"
#include "vis.h"
#include "xmalloc.h"

/* A node placed in a routine. */
struct dis_node {
	uint32_t	routine;
	uint64_t	la;		/* link-time address */
	uint32_t	node;		/* q->nodes index */
};

struct dis_ctx {
	struct query		*q;
	struct disasm_routine	*r;
	size_t			 nr;
};

static const char *
dis_value_or_dot(struct query *q, int64_t v)
{
	return v == 0 ? "." : query_list_format_value(q, v);
}

/* Go's strconv.ParseUint(s, 0, 64): whether the regexp is an address. */
static bool
dis_parse_address(const char *s, uint64_t *v)
{
	const char *d = s;
	char *end;
	int base = 10;

	if (*s == '\0')
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		d = s + 2;
	} else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
		base = 8;
		d = s + 2;
	} else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		d = s + 2;
	} else if (s[0] == '0' && s[1] != '\0') {
		base = 8;
		d = s + 1;
	}
	if (*d == '\0' || *d == '+' || *d == '-' || *d == ' ')
		return false;
	errno = 0;
	*v = strtoull(d, &end, base);
	return *end == '\0' && errno == 0;
}

/* The mapping of node n: the one with its file holding its address. */
static size_t
dis_node_mapping(const struct profile *p, const struct query_node *n)
{
	size_t i, any = SIZE_MAX;

	for (i = 0; i < p->nmapping; i++) {
		const struct profile_mapping *m = &p->mappings[i];

		if (profile_str(p, m->file) != n->objfile)
			continue;
		if (n->address >= m->start && n->address < m->limit)
			return i;
		if (any == SIZE_MAX)
			any = i;
	}
	return any;
}

/* Routines (indexes) as pprof prints them: by name, then address. */
static int
dis_cmp_routine(const void *a, const void *b, void *arg)
{
	const struct dis_ctx *ctx = arg;
	const struct disasm_routine *x = &ctx->r[*(const uint32_t *)a];
	const struct disasm_routine *y = &ctx->r[*(const uint32_t *)b];
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return (x->start > y->start) - (x->start < y->start);
}

static int
dis_cmp_node(const void *a, const void *b)
{
	const struct dis_node *x = a, *y = b;

	if (x->routine != y->routine)
		return x->routine < y->routine ? -1 : 1;
	if (x->la != y->la)
		return x->la < y->la ? -1 : 1;
	return (x->node > y->node) - (x->node < y->node);
}

/* The routine holding link address la of object obj, or UINT32_MAX. */
static uint32_t
dis_find_routine(const struct dis_ctx *c, const uint32_t *byaddr,
    uint32_t obj, uint64_t la)
{
	size_t lo = 0, hi = c->nr, mid;
	const struct disasm_routine *r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = &c->r[byaddr[mid]];
		if (r->obj < obj || (r->obj == obj && r->start <= la))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return UINT32_MAX;
	r = &c->r[byaddr[lo - 1]];
	return r->obj == obj && la >= r->start && la < r->end ?
	    byaddr[lo - 1] : UINT32_MAX;
}

static int
dis_cmp_byaddr(const void *a, const void *b, void *arg)
{
	const struct dis_ctx *c = arg;
	const struct disasm_routine *x = &c->r[*(const uint32_t *)a];
	const struct disasm_routine *y = &c->r[*(const uint32_t *)b];

	if (x->obj != y->obj)
		return x->obj < y->obj ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* One ROUTINE block: the instructions of r with nodes ns[0..nn). */
static int
dis_routine(struct strbuf *sb, struct query *q, struct symbolize *sym,
    const struct disasm_routine *r, const struct dis_node *ns, size_t nn,
    char **cause)
{
	struct disasm_insn *in;
	size_t ni, i, k = 0, j;
	int64_t flat = 0, cum = 0, fl, fd, cu, cd;
	struct strbuf loc = STRBUF_INIT, prev = STRBUF_INIT;
	bool intel = q->opt.intel_syntax;

	for (j = 0; j < nn; j++) {
		flat += q->nodes[ns[j].node].flat;
		cum += q->nodes[ns[j].node].cum;
	}
	if (disasm_decode(sym, r, intel, &in, &ni, cause) == -1)
		return -1;
	strbuf_addstr(sb, "ROUTINE ======================== ");
	vis_addstr(sb, r->name, 0);
	strbuf_addch(sb, '\n');
	for (j = 0; j < r->naka; j++) {
		strbuf_addstr(sb, "    AKA ======================== ");
		vis_addstr(sb, r->aka[j], 0);
		strbuf_addch(sb, '\n');
	}
	strbuf_addpad(sb, query_list_format_value(q, flat), 10);
	strbuf_addch(sb, ' ');
	strbuf_addpad(sb, query_list_format_value(q, cum), 10);
	strbuf_addstr(sb, " (flat, cum) ");
	format_percentage(sb, cum, q->total);
	strbuf_addstr(sb, " of Total\n");
	strbuf_addch(&prev, '\0');
	for (i = 0; i < ni; i++) {
		const char *function = in[i].function, *file = in[i].file;
		const char *b;
		size_t blen;
		int64_t line = in[i].line;
		uint64_t next = i + 1 < ni ? in[i + 1].addr : UINT64_MAX;

		/* The samples up to the next instruction. */
		fl = fd = cu = cd = 0;
		for (; k < nn && ns[k].la < next; k++) {
			const struct query_node *n = &q->nodes[ns[k].node];

			fl += n->flat;
			fd += n->flat_div;
			cu += n->cum;
			cd += n->cum_div;
			if (*file == '\0' && *n->file != '\0') {
				query_path_base(n->file, strlen(n->file), &b,
				    &blen);
				/* b points into n->file or a static. */
				file = b;
				(void)blen;
			}
			if (line == 0)
				line = n->lineno;
			if (*function == '\0')
				function = n->name;
		}
		if (fd != 0)
			fl /= fd;
		if (cd != 0)
			cu /= cd;
		strbuf_reset(&loc);
		if (*function != '\0') {
			strbuf_addstr(&loc, function);
			strbuf_addch(&loc, ' ');
		}
		if (*file != '\0') {
			strbuf_addstr(&loc, file);
			if (line != 0)
				strbuf_addf(&loc, ":%" PRId64, line);
		}
		if (in[i].inlined != NULL)
			strbuf_addf(&loc, " (inlined into %s)", in[i].inlined);
		/* Only where it changes (loc is never the same as prev's). */
		if (loc.len == prev.len - 1 &&
		    memcmp(loc.buf, prev.buf, loc.len) == 0)
			strbuf_reset(&loc);
		else {
			strbuf_reset(&prev);
			strbuf_add(&prev, loc.buf, loc.len);
			strbuf_addch(&prev, '\0');
		}
		if (loc.len > 0 && strlen(in[i].text) >= 40) {
			strbuf_addf(sb, "%74s;", "");
			vis_add(sb, loc.buf, loc.len, 0);
			strbuf_addch(sb, '\n');
		}
		strbuf_addpad(sb, dis_value_or_dot(q, fl), 10);
		strbuf_addch(sb, ' ');
		strbuf_addpad(sb, dis_value_or_dot(q, cu), 10);
		strbuf_addf(sb, " %10" PRIx64 ": ", in[i].addr);
		vis_addstr(sb, in[i].text, VIS_TAB);
		if (loc.len > 0 && strlen(in[i].text) < 40) {
			strbuf_addf(sb, "%*s;", (int)(40 - strlen(in[i].text)),
			    "");
			vis_add(sb, loc.buf, loc.len, 0);
		}
		strbuf_addch(sb, '\n');
	}
	strbuf_release(&loc);
	strbuf_release(&prev);
	disasm_insns_free(in, ni);
	return 0;
}

/*
 * The link-time addresses of mapping mi's locations where a function
 * that rx matches was inlined (its frame is not the location's last).
 */
static size_t
dis_inlined_at(struct query *q, struct symbolize *sym, size_t mi,
    const struct rx *rx, uint64_t **out)
{
	const struct profile *p = q->p;
	uint64_t *v = NULL, la;
	size_t n = 0, i, j;
	uint32_t obj;

	for (i = 0; i < p->nlocation; i++) {
		const struct profile_location *l = &p->locations[i];

		if (l->mapping != mi || l->nline < 2)
			continue;
		for (j = 0; j + 1 < l->nline; j++) {
			const struct profile_line *ln =
			    &p->lines[l->line_off + j];
			const char *name = profile_str(p,
			    p->functions[ln->function].name);

			if (rx_match_str(rx, name))
				break;
		}
		if (j + 1 == l->nline || !disasm_link_address(sym, p, mi,
		    l->address, &obj, &la))
			continue;
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = la;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, u64_cmp);
	*out = v;
	return n;
}

/*
 * The routines of the wanted mappings (and, with inlined, of those where
 * a matching function was inlined) into c, and the nodes they hold into
 * *ns.  Returns how many nodes.
 */
static size_t
dis_collect(struct query *q, struct symbolize *sym, const struct rx *rx,
    const bool *want, const uint64_t *address, bool inlined,
    struct dis_ctx *c, struct dis_node **ns)
{
	const struct profile *p = q->p;
	uint64_t la, *extra = NULL;
	uint32_t *byaddr, obj, ri;
	size_t i, nn = 0, nextra = 0, mi;

	for (i = 0; i < p->nmapping; i++) {
		if (inlined)
			nextra = dis_inlined_at(q, sym, i, rx, &extra);
		if (want[i] || nextra > 0 || (address != NULL &&
		    *address >= p->mappings[i].start &&
		    *address <= p->mappings[i].limit))
			disasm_find(sym, p, i, rx, address, extra, nextra,
			    &c->r, &c->nr);
		free(extra);
		extra = NULL;
	}
	/* Each node into the routine holding its address. */
	byaddr = xreallocarray(NULL, c->nr + 1, sizeof *byaddr);
	for (i = 0; i < c->nr; i++)
		byaddr[i] = (uint32_t)i;
	sort_array_r(byaddr, c->nr, sizeof *byaddr, dis_cmp_byaddr, c);
	for (i = 0; i < q->graph.norder && c->nr > 0; i++) {
		uint32_t n = q->graph.order[i];

		if (q->nodes[n].objfile[0] == '\0' ||
		    (mi = dis_node_mapping(p, &q->nodes[n])) == SIZE_MAX ||
		    !disasm_link_address(sym, p, mi, q->nodes[n].address,
		    &obj, &la) ||
		    (ri = dis_find_routine(c, byaddr, obj, la)) ==
		    UINT32_MAX)
			continue;
		*ns = xreallocarray(*ns, nn + 1, sizeof **ns);
		(*ns)[nn].routine = ri;
		(*ns)[nn].la = la;
		(*ns)[nn].node = n;
		nn++;
	}
	free(byaddr);
	return nn;
}

int
report_disasm(struct strbuf *sb, struct query *q, char **cause)
{
	const struct profile *p = q->p;
	const char *re = q->opt.symbol != NULL ? q->opt.symbol : "";
	struct symbolize_options so;
	struct symbolize *sym;
	struct dis_ctx c;
	struct dis_node *ns = NULL;
	struct rx *rx;
	uint32_t *order, ri;
	size_t *first, *count, norder;
	uint64_t address;
	size_t i, j, nn;
	bool *want, has_address;
	char *err = NULL;
	int rc = 0;

	if (!disasm_available()) {
		*cause = xstrdup("-disasm: cpv was built without a "
		    "disassembler (install libcapstone-dev, then configure "
		    "again)");
		return -1;
	}
	if ((rx = rx_compile(re, &err)) == NULL) {
		*cause = xasprintf("parsing argument regexp %s: %s", re, err);
		free(err);
		return -1;
	}
	has_address = dis_parse_address(re, &address);
	query_build_graph(q, 0, false);
	strbuf_addf(sb, "Total: %s\n", query_list_format_value(q, q->total));

	/* The mappings with a matching node, or holding the address. */
	want = xcalloc(p->nmapping + 1, sizeof *want);
	for (i = 0; i < q->graph.norder; i++) {
		uint32_t n = q->graph.order[i];

		if (q->nodes[n].objfile[0] == '\0' ||
		    !rx_match_str(rx, query_node_name(q, n)))
			continue;
		for (j = 0; j < p->nmapping; j++)
			if (profile_str(p, p->mappings[j].file) ==
			    q->nodes[n].objfile)
				want[j] = true;
	}
	memset(&so, 0, sizeof so);
	so.binary = q->opt.binary;
	so.quiet = true;	/* loading said what it could not find */
	sym = symbolize_create(&so);
	memset(&c, 0, sizeof c);
	c.q = q;
	/*
	 * Functions whose names match; if none has samples, the functions
	 * where a matching function was inlined.
	 */
	nn = dis_collect(q, sym, rx, want, has_address ? &address : NULL,
	    false, &c, &ns);
	if (nn == 0) {
		disasm_routines_free(c.r, c.nr);
		c.r = NULL;
		c.nr = 0;
		nn = dis_collect(q, sym, rx, want, has_address ? &address :
		    NULL, true, &c, &ns);
	}
	free(want);
	rx_free(rx);
	if (nn > 1)
		qsort(ns, nn, sizeof *ns, dis_cmp_node);
	/* Routines with samples only, by name then address. */
	first = xcalloc(c.nr + 1, sizeof *first);
	count = xcalloc(c.nr + 1, sizeof *count);
	order = xreallocarray(NULL, c.nr + 1, sizeof *order);
	for (i = nn; i > 0; i--) {
		first[ns[i - 1].routine] = i - 1;
		count[ns[i - 1].routine]++;
	}
	for (i = norder = 0; i < c.nr; i++)
		if (count[i] > 0)
			order[norder++] = (uint32_t)i;
	sort_array_r(order, norder, sizeof *order, dis_cmp_routine, &c);
	if (norder == 0) {
		*cause = xasprintf("no matches found for regexp: %s", re);
		rc = -1;
	}
	/* (a routine with samples has nodes: ns is not NULL then) */
	for (i = 0; i < norder && rc == 0 && ns != NULL; i++) {
		ri = order[i];
		rc = dis_routine(sb, q, sym, &c.r[ri], ns + first[ri],
		    count[ri], cause);
	}
	free(first);
	free(count);
	free(order);
	free(ns);
	disasm_routines_free(c.r, c.nr);
	symbolize_free(sym);
	return rc;
}
