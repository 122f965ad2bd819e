/*
 * ui-view-tree.c: the call tree (top-down, from the roots) and the
 * inverted tree (bottom-up: hot functions first, their callers below).
 *
 * Both draw a calling-context tree (query-ctree.h) as rows: the visible
 * contexts in depth-first order.  Expanding a context inserts its
 * children after it, collapsing removes its descendants; `e` expands the
 * hottest path below the selection.  Opening the view, a search and a
 * selection carried from another view expand the path to the context
 * they land on.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "query-ctree.h"
#include "strbuf.h"
#include "ui.h"
#include "xmalloc.h"

struct tree {
	struct ui_list		 l;
	struct query_ctree	*t;		/* borrowed from ui->data */
	struct query		*q;
	uint32_t		*rows;		/* visible contexts */
	size_t			 cap;
	bool			*open;		/* per context made so far */
	size_t			 nopen;
	int			 height;
	struct ui		*ui;
};

static uint32_t
tree_parent(const struct tree *v, uint32_t c)
{
	return query_ctree_parent(v->t, c);
}

static uint32_t
tree_depth(const struct tree *v, uint32_t c)
{
	return query_ctree_depth(v->t, c);
}

static bool
tree_is_open(const struct tree *v, uint32_t c)
{
	return c < v->nopen && v->open[c];
}

static void
tree_set_open(struct tree *v, uint32_t c, bool open)
{
	if (c >= v->nopen) {
		size_t n = v->nopen;

		if (!open)
			return;
		XGROW(v->open, v->nopen, (size_t)c + 1);
		memset(v->open + n, 0, (v->nopen - n) * sizeof *v->open);
	}
	v->open[c] = open;
}

/* Whether c is the last of its siblings (which are made: c is). */
static bool
tree_is_last(const struct tree *v, uint32_t c)
{
	const uint32_t *kids;
	size_t n = query_ctree_children(v->t, tree_parent(v, c), &kids);

	return n > 0 && kids[n - 1] == c;
}

static bool
tree_has_children(const struct tree *v, uint32_t c)
{
	return query_ctree_has_children(v->t, c);
}

/* Insert rows at position at. */
static void
tree_insert(struct tree *v, size_t at, const uint32_t *c, size_t n)
{
	XGROW(v->rows, v->cap, v->l.n + n + 1);
	memmove(v->rows + at + n, v->rows + at,
	    (v->l.n - at) * sizeof *v->rows);
	memcpy(v->rows + at, c, n * sizeof *c);
	v->l.n += n;
}

static void
tree_expand_row(struct tree *v, size_t row)
{
	uint32_t c = v->rows[row];
	const uint32_t *kids;
	size_t n;

	if (tree_is_open(v, c))
		return;
	tree_set_open(v, c, true);
	n = query_ctree_children(v->t, c, &kids);
	tree_insert(v, row + 1, kids, n);
}

static void
tree_collapse_row(struct tree *v, size_t row)
{
	uint32_t c = v->rows[row], d = tree_depth(v, c);
	size_t end = row + 1;

	if (!tree_is_open(v, c))
		return;
	tree_set_open(v, c, false);
	while (end < v->l.n && tree_depth(v, v->rows[end]) > d) {
		tree_set_open(v, v->rows[end], false);
		end++;
	}
	memmove(v->rows + row + 1, v->rows + end,
	    (v->l.n - end) * sizeof *v->rows);
	v->l.n -= end - row - 1;
}

/* Make context c visible (expanding its ancestors) and select it. */
static void
tree_reveal(struct tree *v, uint32_t c)
{
	uint32_t path[4096];
	size_t n = 0, row = 0, i;
	uint32_t a;

	for (a = c; a != QUERY_NONE && n < 4096; a = tree_parent(v, a))
		path[n++] = a;
	/* from the root down: find each in the rows, open it */
	while (n-- > 0) {
		for (i = row; i < v->l.n && v->rows[i] != path[n]; i++)
			;
		if (i == v->l.n)
			return;
		row = i;
		if (n > 0)
			tree_expand_row(v, row);
	}
	ui_list_set(&v->l, row, v->height);
}

/* e: open the hottest path under the selection. */
static void
tree_expand_hot(struct tree *v)
{
	size_t row = v->l.cur;
	int steps;

	for (steps = 0; steps < 4096 && row < v->l.n; steps++) {
		if (!tree_has_children(v, v->rows[row]))
			break;
		tree_expand_row(v, row);
		row++;		/* the first child is the hottest */
	}
}

/* The search as a predicate on nodes, for query_ctree_find(). */
static bool
tree_search_match(void *arg, uint32_t node)
{
	const struct tree *v = arg;

	return ui_search_match(v->ui, v->q->nodes[node].printable);
}

static void *
tree_open_kind(struct ui *ui, bool inverted)
{
	struct query_ctree *t;
	struct tree *v;
	const uint32_t *roots;
	size_t n;
	uint32_t c;

	if ((t = ui_data_tree(ui, inverted)) == NULL) {
		ui_error(ui, "%s", ui->data.error);
		return NULL;
	}
	v = xcalloc(1, sizeof *v);
	v->t = t;
	v->q = query_ctree_query(t);
	v->ui = ui;
	v->height = 20;
	n = query_ctree_children(t, QUERY_NONE, &roots);
	tree_insert(v, 0, roots, n);
	if ((c = ui_data_find_selected(ui, t)) != QUERY_NONE)
		tree_reveal(v, c);
	else if (v->l.n > 0)
		tree_expand_hot(v);
	return v;
}

static void *
tree_open(struct ui *ui)
{
	return tree_open_kind(ui, false);
}

static void *
inverted_open(struct ui *ui)
{
	return tree_open_kind(ui, true);
}

static void
tree_close(void *arg)
{
	struct tree *v = arg;

	free(v->rows);
	free(v->open);
	free(v);
}

/*
 * The tree lines before a row's name: for each level above c, a bar
 * where that level's ancestor has siblings after it.  Deep contexts show
 * their last TREE_LEVELS levels after an ellipsis.
 */
#define TREE_LEVELS	48
static void
tree_prefix(struct ui *ui, const struct tree *v, uint32_t c,
    struct strbuf *sb, int width)
{
	uint32_t d = tree_depth(v, c), j, first, a, levels;
	uint32_t anc[TREE_LEVELS];	/* anc[k]: the ancestor k + 1 up */

	/* two columns a level; leave half the width to the name */
	levels = width / 4 > 4 ? (uint32_t)(width / 4) : 4;
	if (levels > TREE_LEVELS)
		levels = TREE_LEVELS;
	for (a = c, j = 0; j < d && j < levels; j++)
		anc[j] = a = tree_parent(v, a);
	first = d > levels ? d - levels + 1 : 1;
	if (first > 1)
		strbuf_addstr(sb, ui_glyph(ui, UI_G_DOTS));
	for (j = first; j < d; j++)
		strbuf_addstr(sb, tree_is_last(v, anc[d - 1 - j]) ? "  " :
		    ui_glyph(ui, UI_G_BAR));
	if (d > 0)
		strbuf_addstr(sb, ui_glyph(ui, tree_is_last(v, c) ?
		    UI_G_LAST : UI_G_TEE));
	if (!tree_has_children(v, c))
		strbuf_addch(sb, ' ');
	else
		strbuf_addstr(sb, ui_glyph(ui, tree_is_open(v, c) ? UI_G_OPEN :
		    UI_G_CLOSED));
	strbuf_addch(sb, ' ');
}

static void
tree_draw(struct ui *ui, void *arg, int y, int h)
{
	struct tree *v = arg;
	struct query *q = v->q;
	struct strbuf sb = STRBUF_INIT;
	bool inverted = query_ctree_inverted(v->t);
	size_t i;
	int row, x;

	v->height = h - 1;
	ui_list_clamp(&v->l, v->height);
	v->l.y = y + 1;
	/* inverted, a root's cum is its flat: one pair of columns */
	if (inverted)
		strbuf_addf(&sb, "%10s %6s  %s", "value", "%",
		    "function, then its callers");
	else
		strbuf_addf(&sb, "%10s %6s %10s %6s  %s", "cum", "cum%",
		    "flat", "flat%", "function, then its callees");
	ui_fill(ui, y, 0, ui->cols, UI_HEADER);
	ui_put(ui, y, 0, ui->cols, sb.buf, UI_HEADER);
	for (row = 0; row < h - 1; row++) {
		uint32_t c;
		int64_t cum, flat;
		bool sel;
		const char *name;

		i = v->l.top + (size_t)row;
		if (i >= v->l.n)
			break;
		c = v->rows[i];
		cum = query_ctree_cum(v->t, c);
		flat = query_ctree_flat(v->t, c);
		sel = i == v->l.cur;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%10s ", ui_value(ui, q, cum));
		strbuf_addf(&sb, "%6s  ", ui_percent(cum, q->total));
		if (!inverted) {
			strbuf_addf(&sb, "%10s ", ui_value(ui, q, flat));
			strbuf_addf(&sb, "%6s  ", ui_percent(flat, q->total));
		}
		if (sel)
			ui_fill(ui, y + 1 + row, 0, ui->cols, UI_SELECTED);
		ui_put(ui, y + 1 + row, 0, (int)sb.len, sb.buf, sel ?
		    UI_SELECTED : ui_heat(ui, cum, q->total));
		x = (int)sb.len;
		strbuf_reset(&sb);
		tree_prefix(ui, v, c, &sb, ui->cols - x);
		ui_put(ui, y + 1 + row, x, ui->cols - x, sb.buf, sel ?
		    UI_SELECTED : UI_DIM);
		x += ui_width(ui, sb.buf);
		name = query_ctree_name(v->t, c);
		/* in a diff, a context whose changes cancel out is dim */
		ui_put(ui, y + 1 + row, x, ui->cols - x, name, sel ?
		    UI_SELECTED : ui_search_match(ui, name) ? UI_MATCH :
		    ui->diff && cum == 0 && flat == 0 ? UI_DIM : UI_NORMAL);
	}
	if (v->l.n == 0)
		ui_put(ui, y + 1, 0, ui->cols, ui_empty_message(ui), UI_DIM);
	strbuf_release(&sb);
}

static int
tree_key(struct ui *ui, void *arg, int key)
{
	struct tree *v = arg;
	uint32_t c, p;
	size_t i;

	(void)ui;
	if (v->l.n == 0)
		return UI_UNHANDLED;
	c = v->rows[v->l.cur];
	switch (key) {
	case KEY_RIGHT:
	case '+':
		if (!tree_is_open(v, c) && tree_has_children(v, c))
			tree_expand_row(v, v->l.cur);
		else if (tree_is_open(v, c) && v->l.cur + 1 < v->l.n)
			v->l.cur++;
		return UI_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (tree_is_open(v, c))
			tree_collapse_row(v, v->l.cur);
		else
			tree_expand_row(v, v->l.cur);
		return UI_REDRAW;
	case KEY_LEFT:
	case '-':
		if (tree_is_open(v, c)) {
			tree_collapse_row(v, v->l.cur);
			return UI_REDRAW;
		}
		if ((p = tree_parent(v, c)) == QUERY_NONE)
			return key == '-' ? UI_HANDLED : UI_UNHANDLED;
		for (i = v->l.cur; i-- > 0;)
			if (v->rows[i] == p) {
				ui_list_set(&v->l, i, v->height);
				break;
			}
		return UI_REDRAW;
	case 'e':
	case '*':
		tree_expand_hot(v);
		return UI_REDRAW;
	case 'E':
		/* collapse everything back to the roots */
		for (i = v->l.n; i-- > 0;)
			if (tree_is_open(v, v->rows[i]) &&
			    tree_depth(v, v->rows[i]) == 0)
				tree_collapse_row(v, i);
		while (tree_parent(v, c) != QUERY_NONE)
			c = tree_parent(v, c);
		for (i = 0; i < v->l.n && v->rows[i] != c; i++)
			;
		ui_list_set(&v->l, i < v->l.n ? i : 0, v->height);
		return UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static void
tree_title(struct ui *ui, void *arg, struct strbuf *sb)
{
	struct tree *v = arg;

	(void)ui;
	strbuf_addf(sb, "%zu rows open", v->l.n);
}

/*
 * Search: the next matching row on screen after the cursor; when none
 * is left, the hottest context of a matching function, opened to it.
 */
static bool
tree_search(struct ui *ui, void *arg, int dir)
{
	struct tree *v = arg;
	size_t i, k;
	uint32_t c;

	for (k = 1; k < v->l.n; k++) {
		i = (v->l.cur + (dir > 0 ? k : v->l.n - k)) % v->l.n;
		if (ui_search_match(ui, query_ctree_name(v->t, v->rows[i]))) {
			ui_list_set(&v->l, i, v->height);
			return true;
		}
	}
	if ((c = query_ctree_find(v->t, tree_search_match, v)) == QUERY_NONE)
		return false;
	tree_reveal(v, c);
	return true;
}

static struct ui_list *
tree_list(void *arg)
{
	return &((struct tree *)arg)->l;
}

static const char *
tree_selected(struct ui *ui, void *arg)
{
	struct tree *v = arg;

	(void)ui;
	if (v->l.n == 0)
		return NULL;
	return v->q->nodes[query_ctree_node(v->t, v->rows[v->l.cur])].name;
}

static const char *const tree_keys[] = {
	"Right", "open", "Left", "close", "e", "hot path", "p", "peek", "f",
	"flame", "l", "source", "/", "search", "F", "focus", "t", "top", "?",
	"help", NULL
};

/* The two trees differ only in their name, key and how they open. */
#define TREE_VIEW(nm, hk, openfn) {					\
	.name = nm,							\
	.hotkey = hk,							\
	.open = openfn,							\
	.close = tree_close,						\
	.draw = tree_draw,						\
	.key = tree_key,						\
	.title = tree_title,						\
	.search = tree_search,						\
	.list = tree_list,						\
	.selected = tree_selected,					\
	.keys = tree_keys,						\
}

const struct ui_view_ops ui_view_tree = TREE_VIEW("call tree", 'c',
    tree_open);
const struct ui_view_ops ui_view_inverted = TREE_VIEW("inverted tree", 'i',
    inverted_open);
