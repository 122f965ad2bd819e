/*
 * ui-view-top.c: the top table, -top's rows with -top's columns.
 *
 * The rows are those of `cpv -top` with the same options (the same
 * trimming, node count and order), so the numbers on screen are the
 * report's, character for character.  `o` cycles the order: flat, cum
 * (both re-query, as -cum does) and name (sorted here).
 *
 * Between the values and the name, a bar (as ncdu's, and as ncdu's
 * scaled to the largest row: the row with the largest cum fills it)
 * shows each row's flat, solid, and the rest of its cum, shaded, so that
 * the hot rows stand out before a number is read; their colour is their
 * heat, a share of the total.  The bars are there when the terminal has
 * room for them beside the names, and `b` shows or hides them.
 */
#include <curses.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "report.h"
#include "sort.h"
#include "strbuf.h"
#include "ui.h"
#include "xmalloc.h"

struct top_row {
	uint32_t	node;
	int64_t		flat, cum, sum;
	bool		in_inline, in_call;	/* as -top marks them */
};

struct top {
	struct ui_list	 l;
	struct query	*q;		/* borrowed from ui->data */
	struct top_row	*rows;
	bool		 by_name;
	int		 height;	/* last drawn */
	int		 nodes;		/* in the graph, before trimming */
	int		 dropped;	/* by nodefraction */
	int64_t		 bar_full;	/* |cum| of a full bar */
};

static int
top_name_cmp(const void *va, const void *vb, void *arg)
{
	const struct top_row *a = va, *b = vb;
	struct query *q = arg;
	int c = strcmp(q->nodes[a->node].printable, q->nodes[b->node].printable);

	return c != 0 ? c : (a->node > b->node) - (a->node < b->node);
}

/* Find the row of the function called name, or keep the cursor. */
static void
top_select_name(struct top *t, const char *name)
{
	size_t i;

	if (name == NULL)
		return;
	for (i = 0; i < t->l.n; i++)
		if (strcmp(t->q->nodes[t->rows[i].node].name, name) == 0) {
			ui_list_set(&t->l, i, t->height);
			return;
		}
}

/* The larger of m (not negative) and |v|. */
static int64_t
top_max_abs(int64_t m, int64_t v)
{
	if (v == INT64_MIN)
		return INT64_MAX;
	if (v < 0)
		v = -v;
	return v > m ? v : m;
}

static void *
top_open(struct ui *ui)
{
	struct top *t;
	struct query *q;
	int64_t sum = 0;
	size_t i;

	if ((q = ui_data_graph(ui)) == NULL) {
		ui_error(ui, "%s", ui->data.error);
		return NULL;
	}
	t = xcalloc(1, sizeof *t);
	t->q = q;
	t->height = 20;
	t->nodes = q->graph.orig_count + q->graph.dropped_nodes;
	t->dropped = q->graph.dropped_nodes;
	t->l.n = q->graph.norder;
	t->rows = xcalloc(t->l.n + 1, sizeof *t->rows);
	for (i = 0; i < t->l.n; i++) {
		const struct query_node *n = &q->nodes[q->graph.order[i]];

		t->rows[i].node = q->graph.order[i];
		t->rows[i].flat = query_node_flat(n);
		t->rows[i].cum = query_node_cum(n);
		sum += t->rows[i].flat;
		t->rows[i].sum = sum;
		t->rows[i].in_inline = n->in_inline;
		t->rows[i].in_call = n->in_call;
		t->bar_full = top_max_abs(t->bar_full, t->rows[i].cum);
		t->bar_full = top_max_abs(t->bar_full, t->rows[i].flat);
	}
	top_select_name(t, ui->selected);
	return t;
}

static void
top_close(void *arg)
{
	struct top *t = arg;

	free(t->rows);
	free(t);
}

#define TOP_BAR_CELLS	10
#define TOP_BAR_WIDTH	(TOP_BAR_CELLS + 4)	/* "[...]  " */
#define TOP_BAR_ROOM	100		/* columns to show it unasked */

static bool
top_bars(const struct ui *ui)
{
	return ui->bars > 0 || (ui->bars == 0 && ui->cols >= TOP_BAR_ROOM);
}

/* |v| as eighths of a cell of a bar that full holds full (> 0). */
static int
top_eighths(int64_t v, int64_t full)
{
	double f;

	if (full <= 0)
		return 0;
	f = fabs((double)v) / (double)full;
	if (f > 1)
		f = 1;
	return (int)(f * TOP_BAR_CELLS * 8 + 0.5);
}

/*
 * Row y's bar at x, full at |cum| full: flat in whole and partial blocks
 * (eighths of a cell), the rest of cum shaded in the cells it covers by
 * a quarter; in ASCII '#' and '-', in the cells covered by half.
 * Coloured by their heat in total.
 */
static void
top_draw_bar(struct ui *ui, int y, int x, const struct top_row *r,
    int64_t full, int64_t total, bool sel)
{
	int flat = top_eighths(r->flat, full), cum = top_eighths(r->cum, full);
	int i, lo;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	char part[4];

	if (cum < flat)
		cum = flat;
	for (i = 0; i < TOP_BAR_CELLS; i++) {
		lo = 8 * i;
		if (!ui->utf8) {
			if (flat >= lo + 4)
				strbuf_addch(&a, '#');
			else
				strbuf_addch(&b, cum >= lo + 4 ? '-' : ' ');
		} else if (flat >= lo + 8)
			strbuf_addstr(&a, "\xe2\x96\x88");	/* full block */
		else if (flat > lo) {
			/* U+2589 (7/8) .. U+258F (1/8) */
			part[0] = '\xe2';
			part[1] = '\x96';
			part[2] = (char)(0x90 - (flat - lo));
			part[3] = '\0';
			strbuf_addstr(&a, part);
		} else
			/* light shade */
			strbuf_addstr(&b, cum >= lo + 2 ? "\xe2\x96\x91" : " ");
	}
	ui_put(ui, y, x, 1, "[", sel ? UI_SELECTED : UI_DIM);
	x++;
	ui_put(ui, y, x, ui->cols - x, a.buf, sel ? UI_SELECTED :
	    ui_heat(ui, r->flat, total));
	x += ui_width(ui, a.buf);
	ui_put(ui, y, x, ui->cols - x, b.buf, sel ? UI_SELECTED :
	    ui_heat(ui, r->cum, total));
	x += ui_width(ui, b.buf);
	ui_put(ui, y, x, 1, "]", sel ? UI_SELECTED : UI_DIM);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void
top_draw(struct ui *ui, void *arg, int y, int h)
{
	struct top *t = arg;
	struct strbuf sb = STRBUF_INIT;
	struct query *q = t->q;
	size_t i;
	int row, x;
	bool bars;

	t->height = h - 1;
	ui_list_clamp(&t->l, t->height);
	t->l.y = y + 1;
	bars = top_bars(ui);
	strbuf_addf(&sb, "%10s %5s%% %5s%% %10s %5s%%  %*s%s", "flat", "flat",
	    "sum", "cum", "cum", bars ? TOP_BAR_WIDTH : 0, "",
	    t->by_name ? "name (sorted)" : "name");
	ui_fill(ui, y, 0, ui->cols, UI_HEADER);
	ui_put(ui, y, 0, ui->cols, sb.buf, UI_HEADER);
	/* the sort column stands out, as htop's does */
	x = t->by_name ? 44 + (bars ? TOP_BAR_WIDTH : 0) : q->opt.cum ? 25 : 0;
	sb.buf[t->by_name ? sb.len : (size_t)x + 10] = '\0';
	ui_put(ui, y, x, ui->cols - x, sb.buf + x, UI_SORTED);
	for (row = 0; row < h - 1; row++) {
		const struct top_row *r;
		const struct query_node *n;
		bool sel;

		i = t->l.top + (size_t)row;
		if (i >= t->l.n)
			break;
		r = &t->rows[i];
		n = &q->nodes[r->node];
		sel = i == t->l.cur;
		strbuf_reset(&sb);
		report_value_columns(&sb, q, r->flat, r->sum, r->cum);
		strbuf_addstr(&sb, "  ");
		if (sel)
			ui_fill(ui, y + 1 + row, 0, ui->cols, UI_SELECTED);
		ui_put(ui, y + 1 + row, 0, (int)sb.len, sb.buf, sel ?
		    UI_SELECTED : ui_heat(ui, r->flat, q->total));
		x = (int)sb.len;
		if (bars) {
			top_draw_bar(ui, y + 1 + row, x, r, t->bar_full,
			    q->total, sel);
			x += TOP_BAR_WIDTH;
		}
		strbuf_reset(&sb);
		strbuf_addstr(&sb, n->printable);
		if (r->in_inline)
			strbuf_addstr(&sb, r->in_call ? " (partial-inline)" :
			    " (inline)");
		ui_put(ui, y + 1 + row, x, ui->cols - x, sb.buf, sel ?
		    UI_SELECTED : ui_search_match(ui, n->printable) ?
		    UI_MATCH : UI_NORMAL);
	}
	if (t->l.n == 0)
		ui_put(ui, y + 1, 0, ui->cols, ui_empty_message(ui), UI_DIM);
	strbuf_release(&sb);
}

static int
top_key(struct ui *ui, void *arg, int key)
{
	struct top *t = arg;

	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
	case KEY_RIGHT:
		return ui_push(ui, &ui_view_peek);
	case 'o':
		/* flat -> cum -> name -> flat */
		if (t->by_name) {
			t->by_name = false;
			return ui_set_option(ui, "sort", "flat");
		}
		if (!ui->o.q.cum)
			return ui_set_option(ui, "sort", "cum");
		t->by_name = true;
		sort_array_r(t->rows, t->l.n, sizeof *t->rows, top_name_cmp,
		    t->q);
		return UI_REDRAW;
	case 'b':
		ui->bars = top_bars(ui) ? -1 : 1;
		return UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static void
top_title(struct ui *ui, void *arg, struct strbuf *sb)
{
	struct top *t = arg;
	struct query *q = t->q;

	(void)ui;
	strbuf_addf(sb, "%zu of %d nodes, sorted by %s", t->l.n, t->nodes,
	    t->by_name ? "name" : q->opt.cum ? "cum" : "flat");
	if (t->dropped > 0)
		strbuf_addf(sb, " (%d dropped)", t->dropped);
}

static bool
top_search(struct ui *ui, void *arg, int dir)
{
	struct top *t = arg;
	size_t i, k;

	for (k = 1; k <= t->l.n; k++) {
		i = (t->l.cur + (dir > 0 ? k : t->l.n - k)) % t->l.n;
		if (ui_search_match(ui, t->q->nodes[t->rows[i].node].printable)) {
			ui_list_set(&t->l, i, t->height);
			return true;
		}
	}
	return false;
}

static struct ui_list *
top_list(void *arg)
{
	return &((struct top *)arg)->l;
}

static const char *
top_selected(struct ui *ui, void *arg)
{
	struct top *t = arg;

	(void)ui;
	if (t->l.n == 0)
		return NULL;
	return t->q->nodes[t->rows[t->l.cur].node].name;
}

static const char *const top_keys[] = {
	"Enter", "peek", "c", "tree", "i", "inverted", "f", "flame",
	"l", "source", "o", "sort", "b", "bars", "/", "search", "F", "focus", "u", "undo",
	"?", "help", NULL
};

const struct ui_view_ops ui_view_top = {
	.name = "top",
	.hotkey = 't',
	.open = top_open,
	.close = top_close,
	.draw = top_draw,
	.key = top_key,
	.title = top_title,
	.search = top_search,
	.list = top_list,
	.selected = top_selected,
	.keys = top_keys,
};
