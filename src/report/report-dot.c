/*
 * report-dot.c: -dot (pprof's DOT graph, byte for byte), and -svg, -png,
 * -pdf, which run Graphviz's dot on it.
 *
 * pprof post-processes its SVG to embed a third-party pan and zoom
 * script; cpv does not: -svg is dot -Tsvg's output as it is.
 *
 * Every line is built as pprof writes it, then goes through vis_add(), so
 * a control character from the profile never reaches the output (pprof
 * would write it raw).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "format.h"
#include "profile.h"
#include "query-tree.h"
#include "query.h"
#include "report.h"
#include "sort.h"
#include "strbuf.h"
#include "vis.h"
#include "xmalloc.h"

extern char **environ;

#define DOT_MAX_NODELETS	4

/* The line built so far goes out through vis, with its newline. */
static void
dot_flush(struct strbuf *sb, struct strbuf *line)
{
	vis_add(sb, line->buf, line->len, 0);
	strbuf_addch(sb, '\n');
	strbuf_reset(line);
}

/* pprof's escapeForDot: \ and " escaped, newlines left-justified. */
static void
dot_escape(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			strbuf_addstr(sb, "\\\\");
		else if (*s == '"')
			strbuf_addstr(sb, "\\\"");
		else if (*s == '\n')
			strbuf_addstr(sb, "\\l");
		else
			strbuf_addch(sb, *s);
	}
}

/*
 * A nodelet's name, label sets joined by "\n" (query-tree.c), escaped as
 * dot_escape() does but for those separators, which stay line breaks.  A
 * value's own backslashes are doubled and its quotes escaped, so it can
 * neither end the string nor escape its closing quote.
 */
static void
dot_escape_tag(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			strbuf_addstr(sb, "\\n");
			s++;
		} else if (*s == '\\')
			strbuf_addstr(sb, "\\\\");
		else if (*s == '"')
			strbuf_addstr(sb, "\\\"");
		else if (*s == '\n')
			strbuf_addstr(sb, "\\l");
		else
			strbuf_addch(sb, *s);
	}
}

/*
 * Go's filepath.Base, escaped for a quoted DOT string as names are (pprof
 * does not escape file and mapping names: a '"' would let a profile add
 * Graphviz attributes).
 */
static void
dot_basename(struct strbuf *sb, const char *path)
{
	struct strbuf base = STRBUF_INIT;
	const char *b;
	size_t n;

	query_path_base(path, strlen(path), &b, &n);
	strbuf_add(&base, b, n);
	dot_escape(sb, base.buf);
	strbuf_release(&base);
}

static bool
dot_is_word(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '_';
}

static bool
dot_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* End of a run of word characters (and '$' if dollar) from s. */
static const char *
dot_word_end(const char *s, bool dollar)
{
	while (dot_is_word((unsigned char)*s) || (dollar && *s == '$'))
		s++;
	return s;
}

/*
 * pprof's goVerRegExp, ^(.*?)/v(?:[2-9]|[1-9][0-9]+)([./].*)$: drop the
 * first major version element "/vN" (N >= 2) followed by '.' or '/'.
 */
static void
dot_drop_version(struct strbuf *out, const char *f)
{
	const char *s, *d;

	if (strchr(f, '\n') == NULL)
		for (s = f; (s = strstr(s, "/v")) != NULL; s++) {
			for (d = s + 2; dot_is_digit((unsigned char)*d); d++)
				;
			if (d == s + 2 || (*d != '.' && *d != '/'))
				continue;
			if (d - (s + 2) == 1 ? s[2] >= '2' : s[2] != '0') {
				strbuf_add(out, f, (size_t)(s - f));
				strbuf_addstr(out, d);
				return;
			}
		}
	strbuf_addstr(out, f);
}

/* goRegExp, ^(?:[\w\-\.]+\/)+(.+): what follows the last path element. */
static bool
dot_short_go(struct strbuf *out, const char *f)
{
	const char *p = f, *prev = NULL, *q, *end;

	for (;;) {
		for (q = p; dot_is_word((unsigned char)*q) || *q == '-' ||
		    *q == '.'; q++)
			;
		if (q == p || *q != '/')
			break;
		prev = p;
		p = q + 1;
	}
	if (prev == NULL)
		return false;
	if (*p == '\0' || *p == '\n') {
		/* (.+) needs a character: give the last element back */
		if (prev == f)
			return false;
		p = prev;
	}
	end = strchr(p, '\n');
	strbuf_add(out, p, end != NULL ? (size_t)(end - p) : strlen(p));
	return true;
}

/*
 * javaRegExp: packages in lower case, then Class.method or Class.<init>,
 * then '(' or the end: keep Class.method.
 */
static bool
dot_short_java(struct strbuf *out, const char *f)
{
	const char *p = f, *q, *cls, *end;

	while (*p >= 'a' && *p <= 'z') {
		q = dot_word_end(p + 1, false);
		if (*q != '.')
			break;
		p = q + 1;
	}
	if (!(*p >= 'A' && *p <= 'Z'))
		return false;
	cls = p;
	q = dot_word_end(p + 1, true);
	if (*q != '.')
		return false;
	q++;
	if (strncmp(q, "<init>", 6) == 0)
		end = q + 6;
	else if (*q >= 'a' && *q <= 'z')
		end = dot_word_end(q + 1, true);
	else
		return false;
	if (*end != '(' && *end != '\0')
		return false;
	strbuf_add(out, cls, (size_t)(end - cls));
	return true;
}

/*
 * cppRegExp, ^(?:[_a-zA-Z]\w*::)+(_*[A-Z]\w*::~?[_a-zA-Z]\w*(?:<.*>)?):
 * the last Class::method after at least one namespace, with template
 * arguments up to the last '>' of the line.
 */
static bool
dot_short_cpp(struct strbuf *out, const char *f)
{
	const char *seg[256], *p = f, *q, *end, *gt;
	size_t nseg = 0, k;

	for (;;) {
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z')))
			break;
		q = dot_word_end(p + 1, false);
		if (q[0] != ':' || q[1] != ':' || nseg == 256)
			break;
		p = q + 2;
		seg[nseg++] = p;
	}
	for (k = nseg; k > 0; k--) {
		p = seg[k - 1];
		for (q = p; *q == '_'; q++)
			;
		if (!(*q >= 'A' && *q <= 'Z'))
			continue;
		q = dot_word_end(q + 1, false);
		if (q[0] != ':' || q[1] != ':')
			continue;
		q += 2;
		if (*q == '~')
			q++;
		if (!(*q == '_' || (*q >= 'a' && *q <= 'z') ||
		    (*q >= 'A' && *q <= 'Z')))
			continue;
		end = dot_word_end(q + 1, false);
		if (*end == '<') {
			for (gt = NULL, q = end; *q != '\0' && *q != '\n'; q++)
				if (*q == '>')
					gt = q;
			if (gt != NULL)
				end = gt + 1;
		}
		strbuf_add(out, p, (size_t)(end - p));
		return true;
	}
	return false;
}

/* pprof's ShortenFunctionName. */
static void
dot_shorten(struct strbuf *out, const char *name)
{
	struct strbuf v = STRBUF_INIT;

	if (strncmp(name, "(anonymous namespace)::", 23) == 0)
		name += 23;
	dot_drop_version(&v, name);
	if (!dot_short_go(out, v.buf) && !dot_short_java(out, v.buf) &&
	    !dot_short_cpp(out, v.buf))
		strbuf_addstr(out, v.buf);
	strbuf_release(&v);
}

/* Append s with every occurrence of from replaced by to. */
static void
dot_replace(struct strbuf *sb, const char *s, const char *from,
    const char *to)
{
	size_t n = strlen(from);
	const char *m;

	while ((m = strstr(s, from)) != NULL) {
		strbuf_add(sb, s, (size_t)(m - s));
		strbuf_addstr(sb, to);
		s = m + n;
	}
	strbuf_addstr(sb, s);
}

/* pprof's multilinePrintableName: one name component per label line. */
static void
dot_multiline_name(struct strbuf *sb, const struct query_node *n)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	if (n->address != 0)
		strbuf_addf(sb, "%016llx\\n", (unsigned long long)n->address);
	if (n->name[0] != '\0') {
		dot_shorten(&a, n->name);
		dot_escape(&b, a.buf);
		strbuf_reset(&a);
		dot_replace(&a, b.buf, "::", "\\n");
		strbuf_reset(&b);
		dot_replace(&b, a.buf, "[...]", "[\xe2\x80\xa6]");
		dot_replace(sb, b.buf, ".", "\\n");
		strbuf_addstr(sb, "\\n");
	}
	if (n->lineno != 0) {
		if (n->file[0] != '\0')
			dot_basename(sb, n->file);
		strbuf_addf(sb, ":%lld\\n", (long long)n->lineno);
	} else if (n->file[0] != '\0') {
		dot_basename(sb, n->file);
		strbuf_addstr(sb, "\\n");
	} else if (n->name[0] != '\0')
		;
	else if (n->objfile[0] != '\0') {
		strbuf_addch(sb, '[');
		dot_basename(sb, n->objfile);
		strbuf_addstr(sb, "]\\n");
	} else
		strbuf_addstr(sb, "<unknown>\\n");
	strbuf_release(&a);
	strbuf_release(&b);
}

/*
 * pprof's dotColor: score in [-1, 1] from green through grey to red;
 * light for backgrounds.  Powers go through Go's Log, as Go's Pow does.
 */
static void
dot_color(struct strbuf *sb, double score, bool background)
{
	double sat = background ? 0.1 : 1.0, val = background ? 0.93 : 0.7;
	double r, g, b;

	if (score > 1.0)
		score = 1.0;
	if (score < -1.0)
		score = -1.0;
	if (fabs(score) < 0.2)
		sat *= fabs(score) / 0.2;
	if (score > 0.0)
		score = exp(0.3 * query_tree_log(score));
	if (score < 0.0)
		score = -exp(0.3 * query_tree_log(-score));
	if (score < 0.0) {
		g = val;
		r = val * (1 + sat * score);
	} else {
		r = val;
		g = val * (1 - sat * score);
	}
	b = val * (1 - sat);
	strbuf_addf(sb, "#%02x%02x%02x", (unsigned)(uint8_t)(int64_t)(r * 255.0),
	    (unsigned)(uint8_t)(int64_t)(g * 255.0),
	    (unsigned)(uint8_t)(int64_t)(b * 255.0));
}

static int64_t
dot_abs(int64_t v)
{
	return v < 0 ? (int64_t)(0 - (uint64_t)v) : v;
}

/* "value (pct%)" as pprof labels nodes, the percentage trimmed. */
static void
dot_value_pct(struct strbuf *sb, struct query *q, int64_t v)
{
	struct strbuf pct = STRBUF_INIT;
	const char *s;

	format_percentage(&pct, v, q->total);
	for (s = pct.buf; *s == ' '; s++)
		;
	strbuf_addf(sb, "%s (%s)", query_format_value(q, v), s);
	strbuf_release(&pct);
}

/* The legend's lines: pprof's reportLabels with full headers. */
static size_t
dot_labels(struct query_tree *t, char ***out)
{
	struct query *q = t->q;
	struct strbuf sb = STRBUF_INIT, pct = STRBUF_INIT;
	char **v = NULL, *line, *nl;
	size_t n = 0, cap = 0, i;
	int64_t flatsum = 0;
	const char *s;

	report_profile_labels(&sb, q);
	for (i = 0; i < q->nfilter; i++) {
		if (i == 0)
			strbuf_addstr(&sb, "Active filters:\n");
		strbuf_addstr(&sb, "   ");
		if (strlen(q->filters[i]) > 80) {
			strbuf_add(&sb, q->filters[i], 80);
			strbuf_addstr(&sb, "\xe2\x80\xa6");
		} else
			strbuf_addstr(&sb, q->filters[i]);
		strbuf_addch(&sb, '\n');
	}
	for (i = 0; i < t->norder; i++)
		flatsum += query_gnode_flat(&t->nodes[t->order[i]]);
	format_percentage(&pct, flatsum, q->total);
	for (s = pct.buf; *s == ' '; s++)
		;
	report_rx_incomplete(&sb);
	strbuf_addf(&sb, "Showing nodes accounting for %s, ",
	    query_format_value(q, flatsum));
	strbuf_addf(&sb, "%s of %s total\n", s, query_format_value(q,
	    q->total));
	if (q->total != 0) {
		if (t->dropped_nodes > 0)
			strbuf_addf(&sb, "Dropped %d node%s (cum <= %s)\n",
			    t->dropped_nodes, t->dropped_nodes > 1 ? "s" : "",
			    query_format_value(q, dot_abs((int64_t)(
			    (double)q->total * q->opt.nodefraction))));
		if (t->dropped_edges > 0)
			strbuf_addf(&sb, "Dropped %d edge%s (freq <= %s)\n",
			    t->dropped_edges, t->dropped_edges > 1 ? "s" : "",
			    query_format_value(q, dot_abs((int64_t)(
			    (double)q->total * q->opt.edgefraction))));
		if (t->norder > 0 && (int)t->norder < t->orig_count)
			strbuf_addf(&sb, "Showing top %zu nodes out of %d\n",
			    t->norder, t->orig_count);
	}
	for (line = sb.buf; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		XGROW(v, cap, n + 1);
		v[n++] = xstrndup(line, (size_t)(nl - line));
	}
	XGROW(v, cap, n + 1);
	v[n++] = xstrdup("\nSee https://git.io/JfYMW for how to read the "
	    "graph");
	strbuf_release(&sb);
	strbuf_release(&pct);
	*out = v;
	return n;
}

/* Go's filepath.Base of mapping 0's file, pprof's title; "" if none. */
static void
dot_title(struct strbuf *sb, const struct profile *p)
{
	if (p->nmapping > 0 && p->mappings[0].file != 0)
		dot_basename(sb, profile_str(p, p->mappings[0].file));
}

static void
dot_legend(struct strbuf *sb, struct query_tree *t, const char *title)
{
	struct strbuf line = STRBUF_INIT;
	char **labels;
	size_t n, i;

	n = dot_labels(t, &labels);
	strbuf_addstr(&line, "subgraph cluster_L { \"");
	dot_escape(&line, labels[0]);
	strbuf_addstr(&line, "\" [shape=box fontsize=16 label=\"");
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addstr(&line, "\\l");
		dot_escape(&line, labels[i]);
	}
	strbuf_addstr(&line, "\\l\"");
	if (*title != '\0')
		strbuf_addf(&line, " tooltip=\"%s\"", title);
	strbuf_addstr(&line, "] }");
	dot_flush(sb, &line);
	for (i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	strbuf_release(&line);
}

static void
dot_node(struct strbuf *sb, struct query_tree *t, uint32_t n, int id,
    double maxflat)
{
	struct query *q = t->q;
	const struct query_gnode *nd = &t->nodes[n];
	const struct query_node *info = &q->nodes[nd->info];
	struct strbuf line = STRBUF_INIT, label = STRBUF_INIT;
	char *flatv, *cumv;
	int64_t flat = query_gnode_flat(nd), cum = query_gnode_cum(nd);
	int fontsize = 8;
	double score;

	dot_multiline_name(&label, info);
	flatv = xstrdup(query_format_value(q, flat));
	if (flat != 0)
		dot_value_pct(&label, q, flat);
	else
		strbuf_addch(&label, '0');
	cumv = xstrdup(flatv);
	if (cum != flat) {
		strbuf_addstr(&label, flat != 0 ? "\\n" : " ");
		free(cumv);
		cumv = xstrdup(query_format_value(q, cum));
		strbuf_addstr(&label, "of ");
		dot_value_pct(&label, q, cum);
	}
	if (maxflat != 0 && flat != 0 && (double)dot_abs(flat) <= maxflat)
		fontsize += (int)ceil(16.0 * sqrt((double)dot_abs(flat) /
		    maxflat));
	strbuf_addf(&line, "N%d [label=\"%s\" id=\"node%d\" fontsize=%d "
	    "shape=box tooltip=\"", id, label.buf, id, fontsize);
	dot_escape(&line, info->printable);
	strbuf_addf(&line, " (%s)\" color=\"", cumv);
	score = (double)cum / (double)dot_abs(q->total);
	dot_color(&line, score, false);
	strbuf_addstr(&line, "\" fillcolor=\"");
	dot_color(&line, score, true);
	strbuf_addstr(&line, "\"]");
	dot_flush(sb, &line);
	free(flatv);
	free(cumv);
	strbuf_release(&line);
	strbuf_release(&label);
}

/* A tag as a nodelet sees it: name, unit and value, weights. */
struct dot_tag {
	const char	*name;		/* borrowed, or owned if own */
	char		*own;
	const char	*unit;
	int64_t		 value;
	int64_t		 flat, flat_div, cum, cum_div;
};

static int64_t
dot_tag_flat(const struct dot_tag *g)
{
	return g->flat_div == 0 ? g->flat : g->flat / g->flat_div;
}

static int64_t
dot_tag_cum(const struct dot_tag *g)
{
	return g->cum_div == 0 ? g->cum : g->cum / g->cum_div;
}

/* pprof's SortTags: by cum unless *flat, then flat, then name. */
static int
dot_tag_cmp(const void *va, const void *vb, void *flat)
{
	const struct dot_tag *a = va, *b = vb;

	if (!*(bool *)flat && a->cum != b->cum &&
	    dot_abs(a->cum) != dot_abs(b->cum))
		return dot_abs(a->cum) > dot_abs(b->cum) ? -1 : 1;
	if (a->flat != b->flat && dot_abs(a->flat) != dot_abs(b->flat))
		return dot_abs(a->flat) > dot_abs(b->flat) ? -1 : 1;
	return strcmp(a->name, b->name);
}

static void
dot_sort_tags(struct dot_tag *v, size_t n, bool flat)
{
	sort_array_r(v, n, sizeof *v, dot_tag_cmp, &flat);
}

/* The node's live tags of one kind (and group, for numeric ones). */
static size_t
dot_node_tags(struct query_tree *t, uint32_t n, bool numeric,
    uint32_t group, struct dot_tag **out)
{
	struct dot_tag *v = NULL;
	size_t cnt = 0, cap = 0;
	uint32_t k;

	for (k = t->nodes[n].tags; k != QUERY_NONE; k = t->tags[k].next) {
		const struct query_tree_tag *g = &t->tags[k];

		if (g->removed || g->numeric != numeric ||
		    (numeric && g->group != group))
			continue;
		XGROW(v, cap, cnt + 1);
		memset(&v[cnt], 0, sizeof v[cnt]);
		v[cnt].name = strtab_get(&t->strs, g->name);
		v[cnt].unit = g->unit;
		v[cnt].value = g->value;
		v[cnt].flat = g->flat;
		v[cnt].flat_div = g->flat_div;
		v[cnt].cum = g->cum;
		v[cnt].cum_div = g->cum_div;
		cnt++;
	}
	*out = v;
	return cnt;
}

static double
dot_tag_distance(const struct dot_tag *t, const struct dot_tag *u)
{
	const char *unit;
	double v = unit_scale(u->value, u->unit, t->unit, &unit);

	return v < (double)t->value ? (double)t->value - v :
	    v - (double)t->value;
}

/* pprof's tagGroupLabel: "min..max" in auto units, summed weights. */
static void
dot_group_tag(struct dot_tag *out, struct dot_tag **g, size_t n)
{
	const struct dot_tag *min = g[0], *max = g[0];
	const char *unit;
	int64_t f, df, c, dc;
	size_t i;
	struct strbuf sb = STRBUF_INIT;

	memset(out, 0, sizeof *out);
	if (n == 1) {
		format_scaled(&sb, g[0]->value, g[0]->unit, "auto");
		out->flat = dot_tag_flat(g[0]);
		out->cum = dot_tag_cum(g[0]);
	} else {
		f = min->flat;
		df = min->flat_div;
		c = min->cum;
		dc = min->cum_div;
		for (i = 1; i < n; i++) {
			if ((int64_t)unit_scale(g[i]->value, g[i]->unit,
			    min->unit, &unit) < min->value)
				min = g[i];
			if ((int64_t)unit_scale(g[i]->value, g[i]->unit,
			    max->unit, &unit) > max->value)
				max = g[i];
			f += g[i]->flat;
			df += g[i]->flat_div;
			c += g[i]->cum;
			dc += g[i]->cum_div;
		}
		out->flat = df != 0 ? f / df : f;
		out->cum = dc != 0 ? c / dc : c;
		format_scaled(&sb, min->value, min->unit, "auto");
		strbuf_addstr(&sb, "..");
		format_scaled(&sb, max->value, max->unit, "auto");
	}
	out->own = strbuf_detach(&sb, NULL);
	out->name = out->own;
}

/*
 * pprof's collapsedTags: more than count tags are grouped around the
 * count heaviest, each joining the nearest by value.
 */
static size_t
dot_collapse(struct dot_tag **tagsp, size_t n, size_t count, bool flat)
{
	struct dot_tag *tags = *tagsp, *out;
	struct dot_tag ***groups;
	size_t *gn, i, j, best;
	double d, nd;

	dot_sort_tags(tags, n, flat);
	if (n <= count)
		return n;
	groups = xcalloc(count, sizeof *groups);
	gn = xcalloc(count, sizeof *gn);
	for (i = 0; i < count; i++) {
		groups[i] = xcalloc(n, sizeof **groups);
		groups[i][gn[i]++] = &tags[i];
	}
	for (i = count; i < n; i++) {
		best = 0;
		d = dot_tag_distance(&tags[i], groups[0][0]);
		for (j = 1; j < count; j++)
			if ((nd = dot_tag_distance(&tags[i], groups[j][0])) <
			    d) {
				best = j;
				d = nd;
			}
		groups[best][gn[best]++] = &tags[i];
	}
	out = xcalloc(count, sizeof *out);
	for (i = 0; i < count; i++) {
		dot_group_tag(&out[i], groups[i], gn[i]);
		free(groups[i]);
	}
	free(groups);
	free(gn);
	for (i = 0; i < n; i++)
		free(tags[i].own);
	free(tags);
	dot_sort_tags(out, count, flat);
	*tagsp = out;
	return count;
}

/*
 * One nodelet: a box3d node prefix_j named name, and its edge from the
 * node from, both with the formatted weight wv; attr adds to the edge.
 * The name (labels from the profile) is escaped, which pprof does not
 * do: a '"' in a label value would end the string and let the profile
 * add attributes (URL, href, image...).
 */
static void
dot_nodelet(struct strbuf *sb, struct strbuf *line, const char *from,
    const char *prefix, size_t j, const char *name, const char *wv,
    const char *attr)
{
	strbuf_addf(line, "%s_%zu [label = \"", prefix, j);
	dot_escape_tag(line, name);
	strbuf_addf(line, "\" id=\"%s_%zu\" fontsize=8 shape=box3d "
	    "tooltip=\"%s\"]", prefix, j, wv);
	dot_flush(sb, line);
	strbuf_addf(line, "%s -> %s_%zu [label=\" %s\" weight=100 "
	    "tooltip=\"%s\" labeltooltip=\"%s\"%s]", from, prefix, j, wv, wv,
	    wv, attr);
	dot_flush(sb, line);
}

/* pprof's numericNodelets: "bytes" values under source. */
static bool
dot_numeric_nodelets(struct strbuf *sb, struct query *q,
    struct dot_tag *tags, size_t n, bool flat, const char *source)
{
	struct strbuf line = STRBUF_INIT;
	size_t j;
	int64_t w;
	const char *attr, *wv;
	bool any = false;
	char prefix[80];

	snprintf(prefix, sizeof prefix, "N%s", source);
	n = dot_collapse(&tags, n, DOT_MAX_NODELETS, flat);
	for (j = 0; j < n; j++) {
		w = dot_tag_cum(&tags[j]);
		attr = " style=\"dotted\"";
		if (flat || dot_tag_flat(&tags[j]) == dot_tag_cum(&tags[j])) {
			w = dot_tag_flat(&tags[j]);
			attr = "";
		}
		if (w == 0)
			continue;
		wv = query_format_value(q, w);
		/* pprof names these N<source>_j */
		dot_nodelet(sb, &line, source, prefix, j, tags[j].name, wv,
		    attr);
		any = true;
	}
	for (j = 0; j < n; j++)
		free(tags[j].own);
	free(tags);
	strbuf_release(&line);
	return any;
}

/*
 * pprof's addNodelets: the node's heaviest label sets, each with its
 * "bytes" values, then the values of unlabelled samples.  Leaves show
 * cum weights, inner nodes flat ones.
 */
static bool
dot_nodelets(struct strbuf *sb, struct query_tree *t, uint32_t n, int id)
{
	struct query *q = t->q;
	struct strbuf line = STRBUF_INIT;
	struct dot_tag *ts, *nts;
	uint32_t group, *out;
	size_t nt, nn, i;
	int64_t w;
	bool flat, any = false;
	char source[64];
	const char *wv;

	flat = query_tree_out_edges(t, n, &out) > 0;
	free(out);
	nt = dot_node_tags(t, n, false, 0, &ts);
	dot_sort_tags(ts, nt, flat);
	if (nt > DOT_MAX_NODELETS)
		nt = DOT_MAX_NODELETS;
	for (i = 0; i < nt; i++) {
		w = flat ? dot_tag_flat(&ts[i]) : dot_tag_cum(&ts[i]);
		if (w == 0)
			continue;
		wv = query_format_value(q, w);
		snprintf(source, sizeof source, "N%d", id);
		dot_nodelet(sb, &line, source, source, i, ts[i].name, wv, "");
		any = true;
		group = strtab_find(&t->strs, ts[i].name, strlen(ts[i].name));
		if ((nn = dot_node_tags(t, n, true, group, &nts)) > 0) {
			snprintf(source, sizeof source, "N%d_%zu", id, i);
			dot_numeric_nodelets(sb, q, nts, nn, flat, source);
		} else
			free(nts);
	}
	if ((nn = dot_node_tags(t, n, true, 0, &nts)) > 0) {
		snprintf(source, sizeof source, "N%d", id);
		if (dot_numeric_nodelets(sb, q, nts, nn, flat, source))
			any = true;
	} else
		free(nts);
	free(ts);
	strbuf_release(&line);
	return any;
}

static void
dot_edge(struct strbuf *sb, struct query_tree *t, uint32_t ei, int from,
    int to, bool nodelets)
{
	struct query *q = t->q;
	const struct query_edge *e = &t->edges.v[ei];
	struct strbuf line = STRBUF_INIT, tip = STRBUF_INIT;
	int64_t div = t->edges.div != NULL ? t->edges.div[ei] : 0;
	int64_t w = div == 0 ? e->weight : e->weight / div;
	int64_t total = q->total, x;
	char *wv = xstrdup(query_format_value(q, w));

	strbuf_addf(&line, "N%d -> N%d [label=\" %s%s\"", from, to, wv,
	    e->inline_call ? "\\n (inline)" : "");
	if (total != 0) {
		x = dot_abs((int64_t)((uint64_t)w * 100) / total);
		if (1 + (x < 100 ? x : 100) > 1)
			strbuf_addf(&line, " weight=%d",
			    1 + (int)(x < 100 ? x : 100));
		x = dot_abs((int64_t)((uint64_t)w * 5) / total);
		if (1 + (x < 5 ? x : 5) > 1)
			strbuf_addf(&line, " penwidth=%d",
			    1 + (int)(x < 5 ? x : 5));
		strbuf_addstr(&line, " color=\"");
		dot_color(&line, (double)w / (double)dot_abs(total), false);
		strbuf_addch(&line, '"');
	}
	strbuf_addch(&tip, '"');
	dot_escape(&tip, query_tree_name(t, e->src));
	strbuf_addstr(&tip, e->residual ? " ... " : " -> ");
	dot_escape(&tip, query_tree_name(t, e->dst));
	strbuf_addf(&tip, " (%s)\"", wv);
	strbuf_addf(&line, " tooltip=%s labeltooltip=%s", tip.buf, tip.buf);
	if (e->residual)
		strbuf_addstr(&line, " style=\"dotted\"");
	if (nodelets)
		strbuf_addstr(&line, " minlen=2");
	strbuf_addch(&line, ']');
	dot_flush(sb, &line);
	free(wv);
	strbuf_release(&line);
	strbuf_release(&tip);
}

/* pprof's ComposeDot. */
static void
dot_compose(struct strbuf *sb, struct query_tree *t)
{
	struct strbuf title = STRBUF_INIT, line = STRBUF_INIT;
	int *ids = xcalloc(t->nnode + 1, sizeof *ids);
	bool *nodelets = xcalloc(t->nnode + 1, sizeof *nodelets);
	uint32_t *edges = NULL, *out;
	size_t i, j, n, nedge = 0, cap = 0;
	double maxflat = 0, f;

	dot_title(&title, t->q->p);
	strbuf_addf(&line, "digraph \"%s\" {",
	    title.len > 0 ? title.buf : "unnamed");
	dot_flush(sb, &line);
	strbuf_addstr(sb, "node [style=filled fillcolor=\"#f8f8f8\"]\n");
	dot_legend(sb, t, title.buf);
	for (i = 0; i < t->norder; i++) {
		ids[t->order[i]] = (int)i + 1;
		f = (double)dot_abs(query_gnode_flat(&t->nodes[t->order[i]]));
		if (i == 0 || f > maxflat)
			maxflat = f;
	}
	for (i = 0; i < t->norder; i++) {
		dot_node(sb, t, t->order[i], (int)i + 1, maxflat);
		nodelets[t->order[i]] = dot_nodelets(sb, t, t->order[i],
		    (int)i + 1);
		n = query_tree_out_edges(t, t->order[i], &out);
		for (j = 0; j < n; j++) {
			XGROW(edges, cap, nedge + 1);
			edges[nedge++] = out[j];
		}
		free(out);
	}
	query_tree_sort_edges(t, edges, nedge);
	for (i = 0; i < nedge; i++) {
		const struct query_edge *e = &t->edges.v[edges[i]];

		dot_edge(sb, t, edges[i], ids[e->src], ids[e->dst],
		    nodelets[e->src]);
	}
	strbuf_addstr(sb, "}\n");
	free(edges);
	free(ids);
	free(nodelets);
	strbuf_release(&title);
	strbuf_release(&line);
}

int
report_dot(struct strbuf *sb, struct query *q, char **cause)
{
	struct query_tree *t;
	int flags = QUERY_TREE_VISUAL;

	(void)cause;
	if (q->opt.call_tree)
		flags |= QUERY_TREE_CALL_TREE;
	t = query_tree_new(q, flags);
	query_tree_select_unit(t, false);
	dot_compose(sb, t);
	query_tree_free(t);
	return 0;
}

/*
 * Feed in to Graphviz's "dot -T<format>" and collect its standard output
 * into out; its standard error is ours.  Both pipes are served with
 * poll() so that neither side can block the other.
 */
static int
dot_graphviz(struct strbuf *out, const struct strbuf *in, const char *format,
    char **cause)
{
	posix_spawn_file_actions_t fa;
	struct sigaction ign, old;
	struct pollfd pfd[2];
	char arg[32], buf[65536], *argv[3];
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, status, rc = -1, i;
	size_t off = 0;
	ssize_t n;
	pid_t pid;

	snprintf(arg, sizeof arg, "-T%s", format);
	argv[0] = "dot";
	argv[1] = arg;
	argv[2] = NULL;
	if (pipe(inp) == -1 || pipe(outp) == -1) {
		*cause = xasprintf("cannot run dot: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < 2; i++) {
		fcntl(inp[i], F_SETFD, FD_CLOEXEC);
		fcntl(outp[i], F_SETFD, FD_CLOEXEC);
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, inp[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, outp[1], STDOUT_FILENO);
	rc = posix_spawnp(&pid, "dot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		if (rc == ENOENT)
			*cause = xasprintf("-%s needs Graphviz's dot, which is "
			    "not installed: install Graphviz (e.g. apt-get "
			    "install graphviz)", format);
		else
			*cause = xasprintf("cannot run dot: %s",
			    strerror(rc));
		rc = -1;
		goto out;
	}
	close(inp[0]);
	close(outp[1]);
	inp[0] = outp[1] = -1;
	fcntl(inp[1], F_SETFL, O_NONBLOCK);

	/* dot may exit before reading everything: no SIGPIPE for that */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	if (in->len == 0) {
		close(inp[1]);
		inp[1] = -1;
	}
	for (;;) {
		pfd[0].fd = inp[1];
		pfd[0].events = POLLOUT;
		pfd[1].fd = outp[0];
		pfd[1].events = POLLIN;
		if (outp[0] == -1)
			break;
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (inp[1] != -1 && (pfd[0].revents & (POLLOUT | POLLERR |
		    POLLHUP))) {
			n = write(inp[1], in->buf + off, in->len - off);
			if (n > 0)
				off += (size_t)n;
			if ((n == -1 && errno != EAGAIN && errno != EINTR) ||
			    off == in->len) {
				close(inp[1]);
				inp[1] = -1;
			}
		}
		if (pfd[1].revents & (POLLIN | POLLERR | POLLHUP)) {
			n = read(outp[0], buf, sizeof buf);
			if (n > 0)
				strbuf_add(out, buf, (size_t)n);
			else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
				close(outp[0]);
				outp[0] = -1;
			}
		}
	}
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	rc = -1;
	if (WIFSIGNALED(status))
		*cause = xasprintf("dot -T%s failed (signal %d)", format,
		    WTERMSIG(status));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		*cause = xasprintf("dot -T%s failed (exit status %d)", format,
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else if (off != in->len)
		*cause = xasprintf("dot -T%s stopped reading its input",
		    format);
	else if (out->len == 0)
		*cause = xasprintf("dot -T%s produced no output", format);
	else
		rc = 0;
out:
	for (i = 0; i < 2; i++) {
		if (inp[i] != -1)
			close(inp[i]);
		if (outp[i] != -1)
			close(outp[i]);
	}
	return rc;
}

/* -svg, -png, -pdf: the DOT graph drawn by Graphviz. */
static int
dot_image(struct strbuf *sb, struct query *q, const char *format,
    char **cause)
{
	struct strbuf dot = STRBUF_INIT, img = STRBUF_INIT;
	int rc;

	if ((rc = report_dot(&dot, q, cause)) == 0 &&
	    (rc = dot_graphviz(&img, &dot, format, cause)) == 0)
		strbuf_add(sb, img.buf, img.len);
	strbuf_release(&dot);
	strbuf_release(&img);
	return rc;
}

int
report_svg(struct strbuf *sb, struct query *q, char **cause)
{
	return dot_image(sb, q, "svg", cause);
}

int
report_png(struct strbuf *sb, struct query *q, char **cause)
{
	return dot_image(sb, q, "png", cause);
}

int
report_pdf(struct strbuf *sb, struct query *q, char **cause)
{
	return dot_image(sb, q, "pdf", cause);
}
