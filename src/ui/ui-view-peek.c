/*
 * ui-view-peek.c: one function between its callers and its callees, with
 * -peek's numbers: the untrimmed graph's edges, each edge's value and
 * its share of the function's cum.  Enter on a caller or callee moves
 * there; Esc comes back along the way taken before leaving the view.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "query.h"
#include "report.h"
#include "strbuf.h"
#include "ui.h"
#include "xmalloc.h"

enum peek_kind { PEEK_CALLER, PEEK_SELF, PEEK_CALLEE };

struct peek_row {
	enum peek_kind	 kind;
	uint32_t	 node;
	uint32_t	 edge;		/* callers and callees */
};

#define PEEK_TRAIL	256

struct peek {
	struct ui_list	 l;
	struct query	*q;		/* borrowed */
	uint32_t	 node;
	struct peek_row	*rows;
	uint32_t	 trail[PEEK_TRAIL];	/* nodes visited before */
	size_t		 ntrail;
	int		 height;
	unsigned	 gen;		/* of the graph the rows index */
	bool		 stopped;	/* Esc stopped building the edges */
};

static void	peek_build(struct peek *, uint32_t);

/*
 * Esc stopped building the edges: the rows would index edges that are
 * gone, so the view empties and stays so (Esc goes back, or Enter on
 * nothing) until a move asks for edges again.
 */
static void
peek_stopped(struct ui *ui, struct peek *v)
{
	ui_error(ui, "%s", ui->data.error);
	v->stopped = true;
	v->l.n = 0;
	v->l.top = v->l.cur = 0;
}

/*
 * Another view may have rebuilt the shared graph (trimmed, for the top
 * table): the edges the rows index are then new, so build them again.
 */
static void
peek_sync(struct ui *ui, struct peek *v)
{
	if (v->stopped)
		return;
	if (ui_data_peek(ui, v->node) == NULL) {
		peek_stopped(ui, v);
		return;
	}
	if (v->gen != ui->data.graph_gen) {
		v->gen = ui->data.graph_gen;
		peek_build(v, v->node);
	}
}

/* The node of function name with the largest |cum|, or NONE. */
static uint32_t
peek_find(struct query *q, const char *name)
{
	uint32_t best = QUERY_NONE;
	size_t i;

	if (name == NULL)
		return QUERY_NONE;
	for (i = 0; i < q->graph.norder; i++) {
		uint32_t n = q->graph.order[i];

		if (strcmp(q->nodes[n].name, name) != 0)
			continue;
		if (best == QUERY_NONE || query_abs64(query_node_cum(
		    &q->nodes[n])) > query_abs64(query_node_cum(
		    &q->nodes[best])))
			best = n;
	}
	return best;
}

static void
peek_build(struct peek *v, uint32_t node)
{
	struct query_edge_list in, out;
	size_t nin, nout, i, k = 0, self;
	uint32_t e;

	v->node = node;
	nin = query_in_edges(v->q, node, &in);
	nout = query_out_edges(v->q, node, &out);
	free(v->rows);
	v->rows = xcalloc(nin + nout + 1, sizeof *v->rows);
	for (i = 0; i < nin; i++) {
		e = query_edge_at(&in, i);
		v->rows[k++] = (struct peek_row){ PEEK_CALLER,
		    v->q->edges.v[e].src, e };
	}
	self = k;
	v->rows[k++] = (struct peek_row){ PEEK_SELF, node, QUERY_NONE };
	for (i = 0; i < nout; i++) {
		e = query_edge_at(&out, i);
		v->rows[k++] = (struct peek_row){ PEEK_CALLEE,
		    v->q->edges.v[e].dst, e };
	}
	v->l.n = k;
	v->l.top = 0;
	ui_list_set(&v->l, self, v->height);
}

/* Move to node n: its edges are built, then its rows. */
static void
peek_goto(struct ui *ui, struct peek *v, uint32_t n)
{
	v->stopped = false;
	if (ui_data_peek(ui, n) == NULL) {
		v->node = n;
		peek_stopped(ui, v);
		return;
	}
	v->gen = ui->data.graph_gen;
	peek_build(v, n);
}

static void *
peek_open(struct ui *ui)
{
	struct query *q;
	struct peek *v;
	uint32_t n;

	if ((q = ui_data_values(ui)) == NULL) {
		ui_error(ui, "%s", ui->data.error);
		return NULL;
	}
	if ((n = peek_find(q, ui->selected)) == QUERY_NONE) {
		if (q->graph.norder == 0) {
			ui_error(ui, "no function to peek at");
			return NULL;
		}
		n = q->graph.order[0];
	}
	if (ui_data_peek(ui, n) == NULL) {
		ui_error(ui, "%s", ui->data.error);
		return NULL;
	}
	v = xcalloc(1, sizeof *v);
	v->q = q;
	v->height = 20;
	v->gen = ui->data.graph_gen;
	peek_build(v, n);
	return v;
}

static void
peek_close(void *arg)
{
	struct peek *v = arg;

	free(v->rows);
	free(v);
}

static void
peek_draw(struct ui *ui, void *arg, int y, int h)
{
	struct peek *v = arg;
	struct query *q = v->q;
	const struct query_node *self;
	int64_t cum, flat;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int row, x;

	peek_sync(ui, v);
	self = &q->nodes[v->node];
	cum = query_node_cum(self);
	flat = query_node_flat(self);
	v->height = h - 1;
	ui_list_clamp(&v->l, v->height);
	v->l.y = y + 1;
	ui_fill(ui, y, 0, ui->cols, UI_HEADER);
	ui_put(ui, y, 0, ui->cols, "      flat  flat%   sum%        cum   "
	    "cum%   calls calls% + context", UI_HEADER);
	for (row = 0; row < h - 1; row++) {
		const struct peek_row *r;
		const struct query_node *n;
		enum ui_colour col;
		bool sel;

		i = v->l.top + (size_t)row;
		if (i >= v->l.n)
			break;
		r = &v->rows[i];
		n = &q->nodes[r->node];
		sel = i == v->l.cur;
		strbuf_reset(&sb);
		/* -peek's columns, so the rows read as the report's */
		if (r->kind == PEEK_SELF) {
			report_value_columns(&sb, q, flat, flat, cum);
			while (sb.len < 58)
				strbuf_addch(&sb, ' ');
			strbuf_addstr(&sb, "| ");
			col = UI_KEY;
		} else {
			const struct query_edge *e = &q->edges.v[r->edge];

			strbuf_addpad(&sb, ui_value(ui, q, e->weight), 50);
			strbuf_addch(&sb, ' ');
			format_percentage(&sb, e->weight, cum);
			strbuf_addstr(&sb, " |   ");
			col = ui_heat(ui, e->weight, q->total);
		}
		if (sel)
			ui_fill(ui, y + 1 + row, 0, ui->cols, UI_SELECTED);
		ui_put(ui, y + 1 + row, 0, (int)sb.len, sb.buf,
		    sel ? UI_SELECTED : col);
		x = ui_width(ui, sb.buf);
		strbuf_reset(&sb);
		strbuf_addstr(&sb, n->printable);
		if (r->kind != PEEK_SELF && q->edges.v[r->edge].inline_call)
			strbuf_addstr(&sb, " (inline)");
		ui_put(ui, y + 1 + row, x, ui->cols - x, sb.buf, sel ?
		    UI_SELECTED : r->kind == PEEK_SELF ? UI_KEY :
		    ui_search_match(ui, n->printable) ? UI_MATCH : UI_NORMAL);
	}
	strbuf_release(&sb);
}

static int
peek_key(struct ui *ui, void *arg, int key)
{
	struct peek *v = arg;
	const struct peek_row *r;

	peek_sync(ui, v);
	r = &v->rows[v->l.cur];
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
	case KEY_RIGHT:
		if (r->kind == PEEK_SELF)
			return UI_HANDLED;
		if (v->ntrail == PEEK_TRAIL) {
			memmove(v->trail, v->trail + 1,
			    (PEEK_TRAIL - 1) * sizeof v->trail[0]);
			v->ntrail--;
		}
		v->trail[v->ntrail++] = v->node;
		peek_goto(ui, v, r->node);
		return UI_REDRAW;
	case UI_KEY_ESC:
	case KEY_BACKSPACE:
	case KEY_LEFT:
	case 127:
	case '\b':
		if (v->ntrail == 0)
			return UI_UNHANDLED;
		peek_goto(ui, v, v->trail[--v->ntrail]);
		return UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static void
peek_title(struct ui *ui, void *arg, struct strbuf *sb)
{
	struct peek *v = arg;
	struct query_edge_list e;

	(void)ui;
	strbuf_addf(sb, "%zu callers, %zu callees",
	    query_in_edges(v->q, v->node, &e),
	    query_out_edges(v->q, v->node, &e));
	if (v->ntrail > 0)
		strbuf_addf(sb, ", %zu back", v->ntrail);
}

/* Search moves to the next function of the graph that matches. */
static bool
peek_search(struct ui *ui, void *arg, int dir)
{
	struct peek *v = arg;
	struct query *q = v->q;
	size_t i, k, cur = 0;

	peek_sync(ui, v);
	for (i = 0; i < q->graph.norder; i++)
		if (q->graph.order[i] == v->node)
			cur = i;
	for (k = 1; k <= q->graph.norder; k++) {
		i = (cur + (dir > 0 ? k : q->graph.norder - k)) %
		    q->graph.norder;
		if (ui_search_match(ui, q->nodes[q->graph.order[i]].printable)) {
			peek_goto(ui, v, q->graph.order[i]);
			return true;
		}
	}
	return false;
}

static struct ui_list *
peek_list(void *arg)
{
	return &((struct peek *)arg)->l;
}

static const char *
peek_selected(struct ui *ui, void *arg)
{
	struct peek *v = arg;

	(void)ui;
	return v->q->nodes[v->rows[v->l.cur].node].name;
}

static const char *const peek_keys[] = {
	"Enter", "go there", "Bksp", "back", "l", "source", "f", "flame",
	"c", "tree", "F", "focus", "t", "top", "?", "help", NULL
};

const struct ui_view_ops ui_view_peek = {
	.name = "peek",
	.hotkey = 'p',
	.open = peek_open,
	.close = peek_close,
	.draw = peek_draw,
	.key = peek_key,
	.title = peek_title,
	.search = peek_search,
	.list = peek_list,
	.selected = peek_selected,
	.keys = peek_keys,
};
