/*
 * ui-view-flame.c: the flame graph, drawn with terminal cells.
 *
 * Each context of the call tree (or, inverted, of the callers' tree) is a
 * box as wide as its share of its parent's cum, its children laid out
 * from the left, hottest first.  Boxes narrower than one column are not
 * drawn, nor their children, so the layout costs at most one box per
 * column per row on screen.  Enter zooms into the selected box (it
 * becomes the full width), Esc zooms back out.  `y` flips the graph
 * between a flame graph (roots at the bottom) and an icicle (roots at
 * the top), `x` roots it at the leaves, `m` colours by package or by
 * heat.  In a diff, widths are of |cum| and colours are red for what
 * grew, green for what shrank.
 */
#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "query-ctree.h"
#include "strbuf.h"
#include "ui.h"
#include "xmalloc.h"

struct flame_box {
	uint32_t	c;		/* context */
	int		depth;		/* rows above the zoom root */
	int		x0, x1;		/* columns [x0, x1) */
};

#define FLAME_ZOOM	256

struct flame {
	struct ui		*ui;
	struct query_ctree	*t;		/* borrowed */
	struct query		*q;
	bool			 inverted;
	bool			 icicle;
	bool			 heat;		/* colour by heat */
	uint32_t		 zoom[FLAME_ZOOM];	/* zoom roots */
	size_t			 nzoom;
	uint32_t		 sel;		/* selected context or NONE */
	struct flame_box	*boxes;
	size_t			 nbox, cap;
	int			 width, levels;	/* of the layout */
	int64_t			 matched;	/* search: cum matched */
};

static uint32_t
flame_root(const struct flame *f)
{
	return f->nzoom > 0 ? f->zoom[f->nzoom - 1] : QUERY_NONE;
}

static int64_t
flame_abs_cum(const struct flame *f, uint32_t c)
{
	return query_abs64(query_ctree_cum(f->t, c));
}

/* Lay out c's children in [x0, x1) at depth d, and below. */
static void
flame_layout_children(struct flame *f, uint32_t c, int64_t cum, double x0,
    double x1, int d)
{
	const uint32_t *k0;
	uint32_t *kids;
	size_t n, i;
	int64_t sum = 0;
	double scale, x = x0;

	if (d >= f->levels)
		return;
	/* a copy: the children made below may move the tree's lists */
	n = query_ctree_children(f->t, c, &k0);
	kids = xreallocarray(NULL, n + 1, sizeof *kids);
	memcpy(kids, k0, n * sizeof *kids);
	for (i = 0; i < n; i++)
		sum += flame_abs_cum(f, kids[i]);
	if (sum > cum)
		cum = sum;
	if (cum == 0) {
		free(kids);
		return;
	}
	scale = (x1 - x0) / (double)cum;
	for (i = 0; i < n; i++) {
		int64_t k = flame_abs_cum(f, kids[i]);
		double w = (double)k * scale;
		int a = (int)lround(x), b = (int)lround(x + w);

		if (b > a) {
			XGROW(f->boxes, f->cap, f->nbox + 1);
			f->boxes[f->nbox++] = (struct flame_box){ kids[i], d,
			    a, b };
			flame_layout_children(f, kids[i], k, x, x + w, d + 1);
		}
		x += w;
	}
	free(kids);
}

static void
flame_layout(struct flame *f, int width, int levels)
{
	uint32_t root = flame_root(f);
	int64_t cum;

	f->nbox = 0;
	f->width = width;
	f->levels = levels;
	if (root == QUERY_NONE) {
		/* the whole profile: a box for the total, then the roots */
		cum = query_abs64(query_ctree_total(f->t));
		XGROW(f->boxes, f->cap, 1);
		f->boxes[f->nbox++] = (struct flame_box){ QUERY_NONE, 0, 0,
		    width };
		flame_layout_children(f, QUERY_NONE, cum, 0, width, 1);
	} else {
		cum = flame_abs_cum(f, root);
		XGROW(f->boxes, f->cap, 1);
		f->boxes[f->nbox++] = (struct flame_box){ root, 0, 0, width };
		flame_layout_children(f, root, cum, 0, width, 1);
	}
}

static const struct flame_box *
flame_find_box(const struct flame *f, uint32_t c)
{
	size_t i;

	for (i = 0; i < f->nbox; i++)
		if (f->boxes[i].c == c)
			return &f->boxes[i];
	return NULL;
}

/* Predicates on nodes for the tree's searches. */
static bool
flame_search_match(void *arg, uint32_t node)
{
	const struct flame *f = arg;

	return ui_search_match(f->ui, f->q->nodes[node].printable);
}

static void *
flame_open_kind(struct ui *ui, bool inverted)
{
	struct query_ctree *t;
	struct flame *f;

	if ((t = ui_data_tree(ui, inverted)) == NULL) {
		ui_error(ui, "%s", ui->data.error);
		return NULL;
	}
	f = xcalloc(1, sizeof *f);
	f->ui = ui;
	f->t = t;
	f->q = query_ctree_query(t);
	f->inverted = inverted;
	f->sel = QUERY_NONE;
	/* select the hottest context of the carried function */
	f->sel = ui_data_find_selected(ui, t);
	if (ui->search != NULL)
		f->matched = query_ctree_matched(t, flame_search_match, f);
	return f;
}

static void *
flame_open(struct ui *ui)
{
	return flame_open_kind(ui, false);
}

static void
flame_close(void *arg)
{
	struct flame *f = arg;

	free(f->boxes);
	free(f);
}

/* A colour for a name: its package (the part before the last '.'
   after the last '/') hashed to one of the frame colours. */
static enum ui_colour
flame_package_colour(const char *name)
{
	const char *s = strrchr(name, '/'), *e;
	uint32_t h = 2166136261u;

	s = s ? s + 1 : name;
	e = strchr(s, '.');
	if (e == NULL)
		e = s + strlen(s);
	for (; name < e; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return (enum ui_colour)(UI_FRAME0 + h % UI_NFRAME_COLOUR);
}

static enum ui_colour
flame_colour(const struct flame *f, const struct flame_box *b)
{
	struct query *q = f->q;
	int64_t cum;

	if (b->c == QUERY_NONE)
		return UI_STATUS;
	if (f->ui->search != NULL &&
	    ui_search_match(f->ui, query_ctree_name(f->t, b->c)))
		return UI_MATCH;
	cum = query_ctree_cum(f->t, b->c);
	if (f->ui->diff)
		return cum > 0 ? UI_FGROW : cum < 0 ? UI_FSHRINK : UI_FRAME7;
	if (f->heat) {
		/* hotter boxes get the redder backgrounds */
		switch (ui_heat(f->ui, cum, q->total)) {
		case UI_HEAT4:
			return UI_FRAME0;
		case UI_HEAT3:
			return UI_FRAME4;
		case UI_HEAT2:
			return UI_FRAME1;
		default:
			return UI_FRAME7;
		}
	}
	return flame_package_colour(query_ctree_name(f->t, b->c));
}

/*
 * Lay the graph out for the screen and keep the selection on it: a
 * selection too narrow to draw (a function carried from another view)
 * is zoomed into, so that it fills the width.
 */
static void
flame_sync(struct ui *ui, struct flame *f, int levels)
{
	flame_layout(f, ui->cols, levels);
	if (f->sel != QUERY_NONE && flame_find_box(f, f->sel) == NULL &&
	    f->sel != flame_root(f) && f->nzoom < FLAME_ZOOM) {
		f->zoom[f->nzoom++] = f->sel;
		flame_layout(f, ui->cols, levels);
	}
	if (f->sel != QUERY_NONE && flame_find_box(f, f->sel) == NULL)
		f->sel = QUERY_NONE;
	if (f->sel == QUERY_NONE && f->nbox > 0)
		f->sel = f->boxes[f->nbox > 1 ? 1 : 0].c;
}

static void
flame_draw(struct ui *ui, void *arg, int y, int h)
{
	struct flame *f = arg;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int levels = h, row;

	flame_sync(ui, f, levels);
	for (i = 0; i < f->nbox; i++) {
		const struct flame_box *b = &f->boxes[i];
		const char *name = b->c == QUERY_NONE ? "all" :
		    query_ctree_name(f->t, b->c);
		enum ui_colour col = b->c == f->sel ? UI_SELECTED :
		    flame_colour(f, b);
		int w = b->x1 - b->x0;

		row = f->icicle ? y + b->depth : y + h - 1 - b->depth;
		if (row < y || row >= y + h)
			continue;
		ui_fill(ui, row, b->x0, w, col);
		if (w >= 3) {
			strbuf_reset(&sb);
			ui_fit(ui, &sb, name, w - 1);
			ui_put(ui, row, b->x0, w - 1, sb.buf, col);
		}
		/* a gap between neighbours */
		if (w >= 2)
			mvaddch(row, b->x1 - 1, ' ');
	}
	strbuf_release(&sb);
}

/* The box after or before b on its row, or NULL. */
static const struct flame_box *
flame_sibling_box(const struct flame *f, const struct flame_box *b, int dir)
{
	const struct flame_box *best = NULL;
	size_t i;

	for (i = 0; i < f->nbox; i++) {
		const struct flame_box *o = &f->boxes[i];

		if (o->depth != b->depth || o == b)
			continue;
		if (dir > 0 && o->x0 >= b->x1 && (best == NULL ||
		    o->x0 < best->x0))
			best = o;
		if (dir < 0 && o->x1 <= b->x0 && (best == NULL ||
		    o->x1 > best->x1))
			best = o;
	}
	return best;
}

/* The widest box one level away (children or parent) over b. */
static const struct flame_box *
flame_level_box(const struct flame *f, const struct flame_box *b, int dir)
{
	const struct flame_box *best = NULL;
	size_t i;

	if (dir < 0) {
		/* the parent */
		for (i = 0; i < f->nbox; i++)
			if (f->boxes[i].depth == b->depth - 1 &&
			    f->boxes[i].x0 <= b->x0 && f->boxes[i].x1 >= b->x1)
				return &f->boxes[i];
		return NULL;
	}
	for (i = 0; i < f->nbox; i++) {
		const struct flame_box *o = &f->boxes[i];

		if (o->depth == b->depth + 1 && o->x0 >= b->x0 &&
		    o->x1 <= b->x1 && (best == NULL ||
		    o->x1 - o->x0 > best->x1 - best->x0))
			best = o;
	}
	return best;
}

static int
flame_key(struct ui *ui, void *arg, int key)
{
	struct flame *f = arg;
	const struct flame_box *b = flame_find_box(f, f->sel), *n = NULL;
	int up = f->icicle ? -1 : 1;

	switch (key) {
	case KEY_UP:
	case 'k':
		if (b != NULL)
			n = flame_level_box(f, b, up);
		break;
	case KEY_DOWN:
	case 'j':
		if (b != NULL)
			n = flame_level_box(f, b, -up);
		break;
	case KEY_LEFT:
	case KEY_RIGHT:
		if (b != NULL)
			n = flame_sibling_box(f, b, key == KEY_RIGHT ? 1 : -1);
		if (n == NULL)
			return UI_HANDLED;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (f->sel == QUERY_NONE || f->sel == flame_root(f))
			return UI_HANDLED;
		if (f->nzoom == FLAME_ZOOM) {
			memmove(f->zoom, f->zoom + 1,
			    (FLAME_ZOOM - 1) * sizeof f->zoom[0]);
			f->nzoom--;
		}
		f->zoom[f->nzoom++] = f->sel;
		return UI_REDRAW;
	case UI_KEY_ESC:
	case KEY_BACKSPACE:
	case 127:
	case '\b':
		if (f->nzoom == 0)
			return UI_UNHANDLED;
		f->sel = f->zoom[--f->nzoom];
		return UI_REDRAW;
	case 'y':
		f->icicle = !f->icicle;
		return UI_REDRAW;
	case 'm':
		f->heat = !f->heat;
		return UI_REDRAW;
	case 'x':
		/* the other tree: the selection is kept by name */
		return ui_push(ui, f->inverted ? &ui_view_flame :
		    &ui_view_flame_inverted);
	case KEY_HOME:
	case 'g':
		f->nzoom = 0;
		f->sel = QUERY_NONE;
		return UI_REDRAW;
	default:
		return UI_UNHANDLED;
	}
	if (n != NULL)
		f->sel = n->c;
	return UI_REDRAW;
}

static void
flame_title(struct ui *ui, void *arg, struct strbuf *sb)
{
	struct flame *f = arg;
	struct query *q = f->q;

	strbuf_addstr(sb, f->inverted ? "(rooted at the leaves)" :
	    f->icicle ? "(icicle)" : "");
	if (f->nzoom > 0)
		strbuf_addf(sb, " zoom %zu", f->nzoom);
	if (f->sel != QUERY_NONE) {
		int64_t cum = query_ctree_cum(f->t, f->sel);

		strbuf_addf(sb, "  %s ", ui_value(ui, q, cum));
		strbuf_addf(sb, "(%s)", ui_percent(cum, q->total));
	}
	if (ui->search != NULL)
		strbuf_addf(sb, "  matched: %s of total",
		    ui_percent(f->matched, q->total));
}

static bool
flame_search(struct ui *ui, void *arg, int dir)
{
	struct flame *f = arg;
	size_t i, k, cur = 0;

	f->matched = query_ctree_matched(f->t, flame_search_match, f);
	for (i = 0; i < f->nbox; i++)
		if (f->boxes[i].c == f->sel)
			cur = i;
	for (k = 1; k <= f->nbox; k++) {
		i = (cur + (dir > 0 ? k : f->nbox - k)) % f->nbox;
		if (f->boxes[i].c != QUERY_NONE && ui_search_match(ui,
		    query_ctree_name(f->t, f->boxes[i].c))) {
			f->sel = f->boxes[i].c;
			return true;
		}
	}
	/* matches that are too narrow to draw still count */
	return f->matched != 0;
}

static const char *
flame_selected(struct ui *ui, void *arg)
{
	struct flame *f = arg;

	(void)ui;
	if (f->sel == QUERY_NONE)
		return NULL;
	return f->q->nodes[query_ctree_node(f->t, f->sel)].name;
}

static const char *const flame_keys[] = {
	"arrows", "move", "Enter", "zoom in", "Esc", "zoom out", "/", "search",
	"x", "invert", "y", "icicle", "m", "colours", "p", "peek", "?", "help",
	NULL
};

static void *
flame_inverted_open(struct ui *ui)
{
	return flame_open_kind(ui, true);
}

/* The two graphs differ only in their key and how they open. */
#define FLAME_VIEW(hk, openfn) {					\
	.name = "flame graph",						\
	.hotkey = hk,							\
	.open = openfn,							\
	.close = flame_close,						\
	.draw = flame_draw,						\
	.key = flame_key,						\
	.title = flame_title,						\
	.search = flame_search,						\
	.selected = flame_selected,					\
	.keys = flame_keys,						\
}

const struct ui_view_ops ui_view_flame = FLAME_VIEW('f', flame_open);
/* x: rooted at the leaves, opened from the other graph only */
const struct ui_view_ops ui_view_flame_inverted = FLAME_VIEW(0,
    flame_inverted_open);
