/*
 * report-callgrind.c: -callgrind, pprof's callgrind format byte for byte
 * (for KCachegrind and friends).
 *
 * The graph is untrimmed, at address granularity, with object files in
 * every node, sorted by flat (or cum).  Names use callgrind's compression
 * ("(N) name" the first time, "(N)" after), addresses are relative to the
 * previous node's when that is shorter.  Two pprof quirks are kept: a
 * call's address is relative to the previous node's address, not to the
 * caller's; and a callee that is not in the graph (no value of its own)
 * gets an empty name.
 */
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "query-tree.h"
#include "query.h"
#include "report.h"
#include "strbuf.h"
#include "strtab.h"
#include "vis.h"
#include "xmalloc.h"

static void
cg_flush(struct strbuf *sb, struct strbuf *line)
{
	vis_add(sb, line->buf, line->len, 0);
	strbuf_addch(sb, '\n');
	strbuf_reset(line);
}

/* Callgrind's name compression: "(N) name" when new, "(N)" after. */
static void
cg_name(struct strbuf *sb, struct strtab *seen, const char *name)
{
	size_t before = seen->n;
	uint32_t id;

	if (*name == '\0')
		return;
	id = strtab_intern_str(seen, name);
	if (seen->n == before)
		strbuf_addf(sb, "(%u)", id);
	else
		strbuf_addf(sb, "(%u) %s", id, name);
}

/* An address, relative to the previous one when that is shorter. */
static void
cg_address(struct strbuf *sb, const struct query_node *prev, uint64_t addr)
{
	char abs[32], rel[32];

	snprintf(abs, sizeof abs, "0x%llx", (unsigned long long)addr);
	if (prev == NULL)
		strbuf_addstr(sb, abs);
	else if (prev->address == addr)
		strbuf_addch(sb, '*');
	else {
		snprintf(rel, sizeof rel, "%+lld",
		    (long long)(int64_t)(addr - prev->address));
		strbuf_addstr(sb, strlen(rel) < strlen(abs) ? rel : abs);
	}
}

/*
 * pprof's getDisambiguatedNames: callgrind merges functions by file and
 * name, so nodes of different functions (object file, start line, or
 * calling context under -call_tree) sharing both get " [i/n]".
 */
static char **
cg_names(struct query_tree *t)
{
	struct query *q = t->q;
	struct strtab groups, funcs, pairs;
	struct strbuf key = STRBUF_INIT;
	char **names = xcalloc(t->nnode + 1, sizeof *names);
	uint32_t *gcount, *pindex, *npair, g, f, pr;
	size_t i, before;

	strtab_init(&groups);
	strtab_init(&funcs);
	strtab_init(&pairs);
	gcount = xcalloc(t->norder + 2, sizeof *gcount);
	pindex = xcalloc(t->norder + 2, sizeof *pindex);
	npair = xcalloc(t->norder + 1, sizeof *npair);
	for (i = 0; i < t->norder; i++) {
		const struct query_gnode *n = &t->nodes[t->order[i]];
		const struct query_node *in = &q->nodes[n->info];

		strbuf_reset(&key);
		strbuf_addf(&key, "%s%c%s", in->file, 0, in->name);
		g = strtab_intern(&groups, key.buf, key.len);
		strbuf_reset(&key);
		strbuf_addf(&key, "%u%c%s%c%s%c%s%c%lld", n->parent, 0,
		    in->name, 0, in->file, 0, in->objfile, 0,
		    (long long)in->start_line);
		f = strtab_intern(&funcs, key.buf, key.len);
		strbuf_reset(&key);
		strbuf_addf(&key, "%u:%u", g, f);
		before = pairs.n;
		pr = strtab_intern(&pairs, key.buf, key.len);
		if (pairs.n != before)
			pindex[pr] = gcount[g]++;
		npair[i] = pr;
	}
	for (i = 0; i < t->norder; i++) {
		const struct query_node *in = &q->nodes[t->nodes[
		    t->order[i]].info];

		strbuf_reset(&key);
		strbuf_addf(&key, "%s%c%s", in->file, 0, in->name);
		g = strtab_find(&groups, key.buf, key.len);
		if (gcount[g] > 1)
			names[t->order[i]] = xasprintf("%s [%u/%u]", in->name,
			    pindex[npair[i]] + 1, gcount[g]);
		else
			names[t->order[i]] = xstrdup(in->name);
	}
	strtab_release(&groups);
	strtab_release(&funcs);
	strtab_release(&pairs);
	strbuf_release(&key);
	free(gcount);
	free(pindex);
	free(npair);
	return names;
}

static int64_t
cg_scale(struct query *q, int64_t v)
{
	const char *unit;

	return (int64_t)unit_scale(v, q->sample_unit, q->output_unit, &unit);
}

int
report_callgrind(struct strbuf *sb, struct query *q, char **cause)
{
	struct query_tree *t;
	struct strtab objfiles, files, names;
	struct strbuf line = STRBUF_INIT;
	const struct query_node *prev = NULL, *in, *callee;
	char **dnames;
	uint32_t *out;
	size_t i, j, nout;

	(void)cause;
	t = query_tree_new(q, q->opt.call_tree ? QUERY_TREE_CALL_TREE : 0);
	query_tree_select_unit(t, true);
	dnames = cg_names(t);
	strtab_init(&objfiles);
	strtab_init(&files);
	strtab_init(&names);
	strbuf_addstr(sb, "positions: instr line\n");
	strbuf_addf(&line, "events: %s(%s)", q->sample_type, q->output_unit);
	cg_flush(sb, &line);
	for (i = 0; i < t->norder; i++) {
		const struct query_gnode *n = &t->nodes[t->order[i]];

		in = &q->nodes[n->info];
		if (prev == NULL || strcmp(in->objfile, prev->objfile) != 0 ||
		    strcmp(in->file, prev->file) != 0 ||
		    strcmp(in->name, prev->name) != 0) {
			strbuf_addch(sb, '\n');
			strbuf_addstr(&line, "ob=");
			cg_name(&line, &objfiles, in->objfile);
			cg_flush(sb, &line);
			strbuf_addstr(&line, "fl=");
			cg_name(&line, &files, in->file);
			cg_flush(sb, &line);
			strbuf_addstr(&line, "fn=");
			cg_name(&line, &names, in->name);
			cg_flush(sb, &line);
		}
		cg_address(&line, prev, in->address);
		strbuf_addf(&line, " %lld %lld", (long long)in->lineno,
		    (long long)cg_scale(q, query_gnode_flat(n)));
		cg_flush(sb, &line);
		nout = query_tree_out_edges(t, t->order[i], &out);
		for (j = 0; j < nout; j++) {
			const struct query_edge *e = &t->edges.v[out[j]];

			callee = &q->nodes[t->nodes[e->dst].info];
			strbuf_addstr(&line, "cfl=");
			cg_name(&line, &files, callee->file);
			cg_flush(sb, &line);
			strbuf_addstr(&line, "cfn=");
			cg_name(&line, &names, dnames[e->dst] != NULL ?
			    dnames[e->dst] : "");
			cg_flush(sb, &line);
			strbuf_addstr(&line, "calls=0 ");
			cg_address(&line, prev, callee->address);
			strbuf_addf(&line, " %lld", (long long)callee->lineno);
			cg_flush(sb, &line);
			strbuf_addf(&line, "* * %lld",
			    (long long)cg_scale(q, e->weight));
			cg_flush(sb, &line);
		}
		free(out);
		prev = in;
	}
	for (i = 0; i < t->nnode; i++)
		free(dnames[i]);
	free(dnames);
	strtab_release(&objfiles);
	strtab_release(&files);
	strtab_release(&names);
	strbuf_release(&line);
	query_tree_free(t);
	return 0;
}
