/*
 * ui-data.c: the engine's data the views share, built on first use.
 *
 * One query serves the top table, peek and the trees: its graph is built
 * trimmed for the top table (as -top trims) and untrimmed for peek (as
 * -peek never trims), and rebuilt only when a view needs the other kind.
 * The context trees and the line-granularity query of the source view
 * are built the first time a view asks.  Everything is dropped together
 * when the options change.  No curses here.
 */
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "query-ctree.h"
#include "report.h"
#include "rx.h"
#include "ui.h"
#include "xmalloc.h"

void
ui_data_reset(struct ui_data *d)
{
	query_ctree_free(d->tree);
	query_ctree_free(d->inverted);
	query_free(d->q_lines);
	query_free(d->q);
	query_free(d->undo_q);
	free(d->error);
	memset(d, 0, sizeof *d);
	d->graph_node = QUERY_NONE;
}

void
ui_data_options(const struct ui *ui, enum report_kind kind,
    struct query_options *qo)
{
	query_options_copy(qo, &ui->o.q);
	report_apply_overrides(report_find(kind), qo);
}

/*
 * A query for report kind, sharing what it can with like (NULL or a
 * query of ui->p), or NULL with d->error set.
 */
static struct query *
ui_data_new(struct ui *ui, enum report_kind kind, const struct query *like,
    const char *busy)
{
	struct query_options qo;
	struct query *q;
	char *cause = NULL;

	ui_busy(ui, busy);
	rx_budget_reset();	/* each build gets the budget of a run */
	ui_data_options(ui, kind, &qo);
	q = query_new_like(ui->p, &qo, like, &cause);
	query_options_release(&qo);
	if (q == NULL) {
		free(ui->data.error);
		ui->data.error = cause;
	}
	return q;
}

struct query *
ui_data_query(struct ui *ui)
{
	if (ui->data.q == NULL)
		ui->data.q = ui_data_new(ui, REPORT_TOP, NULL,
		    "applying the filters...");
	return ui->data.q;
}

/* A graph build stopped by Esc: the next use builds it again. */
static struct query *
ui_data_interrupted(struct ui *ui)
{
	free(ui->data.error);
	ui->data.error = xstrdup("interrupted");
	return NULL;
}

static bool
ui_data_want(void *arg, struct query *q, uint32_t n)
{
	(void)q;
	return n == *(uint32_t *)arg;
}

/*
 * Peek shows one node's edges: building only those costs one pass over
 * the samples, where every node's would cost a hash insertion a frame.
 */
bool
ui_data_build(struct ui *ui, struct query *q, uint32_t node)
{
	ui_busy(ui, node == QUERY_NONE ? "building the graph... (Esc stops)" :
	    "finding callers and callees... (Esc stops)");
	ui_cancellable(ui, true);
	if (node == QUERY_NONE)
		query_build_nodes_graph(q, q->opt.nodecount, true);
	else
		query_build_graph_want(q, 0, false, ui_data_want, &node);
	ui_cancellable(ui, false);
	return q->graph.order != NULL;
}

/* The query with graph node (see ui_data.graph_node), built if need be. */
static struct query *
ui_data_graph_of(struct ui *ui, uint32_t node)
{
	struct query *q = ui_data_query(ui);
	bool built;

	if (q == NULL)
		return NULL;
	if (q->graph.order == NULL || ui->data.graph_node != node) {
		built = ui_data_build(ui, q, node);
		ui->data.graph_node = node;
		ui->data.graph_gen++;
		if (!built)
			return ui_data_interrupted(ui);
	}
	return q;
}

struct query *
ui_data_graph(struct ui *ui)
{
	return ui_data_graph_of(ui, QUERY_NONE);
}

struct query *
ui_data_values(struct ui *ui)
{
	struct query *q = ui_data_query(ui);

	if (q != NULL && q->graph.order == NULL)
		return ui_data_graph(ui);
	return q;
}

struct query *
ui_data_peek(struct ui *ui, uint32_t n)
{
	return ui_data_graph_of(ui, n);
}

struct query_ctree *
ui_data_tree(struct ui *ui, bool inverted)
{
	struct query_ctree **t = inverted ? &ui->data.inverted :
	    &ui->data.tree;
	struct query *q;

	if (*t == NULL && (q = ui_data_query(ui)) != NULL) {
		ui_busy(ui, "building the call tree... (Esc stops)");
		ui_cancellable(ui, true);
		if ((*t = query_ctree_new(q, inverted)) == NULL) {
			free(ui->data.error);
			ui->data.error = xstrdup("interrupted");
		}
		ui_cancellable(ui, false);
	}
	return *t;
}

struct query *
ui_data_lines(struct ui *ui)
{
	if (ui->data.q_lines == NULL) {
		ui_cancellable(ui, true);
		ui->data.q_lines = ui_data_new(ui, REPORT_LIST, ui->data.q,
		    "finding the lines... (Esc stops)");
		ui_cancellable(ui, false);
	}
	return ui->data.q_lines;
}

static bool
ui_data_is_selected(void *arg, uint32_t node)
{
	struct ui *ui = arg;

	return strcmp(ui_data_query(ui)->nodes[node].name, ui->selected) == 0;
}

uint32_t
ui_data_find_selected(struct ui *ui, struct query_ctree *t)
{
	struct query *q = query_ctree_query(t);
	uint32_t c;
	int64_t all = 0;
	size_t i;

	if (ui->selected == NULL ||
	    (c = query_ctree_find(t, ui_data_is_selected, ui)) == QUERY_NONE)
		return QUERY_NONE;
	/* the function's value, over its nodes (one per line or file) */
	ui_data_values(ui);
	for (i = 0; i < q->nnode; i++)
		if (strcmp(q->nodes[i].name, ui->selected) == 0)
			all += query_abs64(query_node_cum(&q->nodes[i]));
	if (query_abs64(query_ctree_cum(t, c)) * 4 < all) {
		ui_message(ui, "%s is spread over many call paths: the "
		    "inverted tree (i) and peek (p) gather them", ui->selected);
		return QUERY_NONE;
	}
	return c;
}
