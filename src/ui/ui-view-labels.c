/*
 * ui-view-labels.c: the label keys and values of the kept samples with
 * their weights, -tags' rows.  Enter on a value focuses on it
 * (tagfocus=key=value, undone by u); on a key, it folds or unfolds it.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "profile.h"
#include "query.h"
#include "query-tags.h"
#include "rx.h"
#include "strbuf.h"
#include "ui.h"
#include "xmalloc.h"

struct labels_row {
	size_t	key;
	size_t	value;		/* SIZE_MAX: the key's own row */
};

struct labels {
	struct ui_list		 l;
	struct query		*q;		/* borrowed */
	struct query_tags	 tags;
	struct labels_row	*rows;
	size_t			 cap;
	bool			*folded;	/* per key */
	int			 height;
};

/* A weight as -tags prints it: "%.1f" in the report's unit. */
static const char *
labels_weight(const struct query *q, int64_t w)
{
	static char buf[64];
	const char *u;
	double f = unit_scale(w, q->sample_unit, q->opt.unit, &u);

	snprintf(buf, sizeof buf, "%.1f%s", f, u);
	return buf;
}

static void
labels_rows(struct labels *v)
{
	size_t k, i;

	v->l.n = 0;
	for (k = 0; k < v->tags.nkey; k++) {
		XGROW(v->rows, v->cap, v->l.n + v->tags.keys[k].nvalue + 1);
		v->rows[v->l.n++] = (struct labels_row){ k, SIZE_MAX };
		if (v->folded[k])
			continue;
		for (i = 0; i < v->tags.keys[k].nvalue; i++)
			v->rows[v->l.n++] = (struct labels_row){ k, i };
	}
}

static void *
labels_open(struct ui *ui)
{
	struct labels *v;
	struct query *q;
	char *cause = NULL;

	if ((q = ui_data_query(ui)) == NULL) {
		ui_error(ui, "%s", ui->data.error);
		return NULL;
	}
	v = xcalloc(1, sizeof *v);
	v->q = q;
	v->height = 20;
	if (query_tags_build(q, &v->tags, &cause) == -1) {
		ui_error(ui, "%s", cause);
		free(cause);
		free(v);
		return NULL;
	}
	v->folded = xcalloc(v->tags.nkey + 1, sizeof *v->folded);
	labels_rows(v);
	return v;
}

static void
labels_close(void *arg)
{
	struct labels *v = arg;

	query_tags_release(&v->tags);
	free(v->rows);
	free(v->folded);
	free(v);
}

static void
labels_draw(struct ui *ui, void *arg, int y, int h)
{
	struct labels *v = arg;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int row;

	v->height = h - 1;
	ui_list_clamp(&v->l, v->height);
	v->l.y = y + 1;
	ui_fill(ui, y, 0, ui->cols, UI_HEADER);
	ui_put(ui, y, 0, ui->cols, "    weight       %  label", UI_HEADER);
	for (row = 0; row < h - 1; row++) {
		const struct labels_row *r;
		const struct query_tag_key *k;
		bool sel;

		i = v->l.top + (size_t)row;
		if (i >= v->l.n)
			break;
		r = &v->rows[i];
		k = &v->tags.keys[r->key];
		sel = i == v->l.cur;
		if (sel)
			ui_fill(ui, y + 1 + row, 0, ui->cols, UI_SELECTED);
		strbuf_reset(&sb);
		if (r->value == SIZE_MAX) {
			strbuf_addf(&sb, "%10s %7s  %s %s",
			    labels_weight(v->q, k->total), "", ui_glyph(ui,
			    v->folded[r->key] ? UI_G_CLOSED : UI_G_OPEN),
			    k->name);
			ui_put(ui, y + 1 + row, 0, ui->cols, sb.buf, sel ?
			    UI_SELECTED : UI_KEY);
		} else {
			const struct query_tag_value *t = &k->values[r->value];

			strbuf_addf(&sb, "%10s ", labels_weight(v->q,
			    t->weight));
			strbuf_addf(&sb, "%7s    %s", ui_percent(t->weight,
			    k->total), t->value);
			ui_put(ui, y + 1 + row, 0, ui->cols, sb.buf, sel ?
			    UI_SELECTED : ui_search_match(ui, t->value) ?
			    UI_MATCH : ui_heat(ui, t->weight, k->total));
		}
	}
	if (v->l.n == 0)
		ui_put(ui, y + 1, 0, ui->cols, "the profile's samples have no "
		    "labels", UI_DIM);
	strbuf_release(&sb);
}

/* Whether the profile has numeric labels under key name. */
static bool
labels_numeric(const struct profile *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nlabel; i++)
		if (p->labels[i].str == 0 &&
		    strcmp(profile_str(p, p->labels[i].key), name) == 0)
			return true;
	return false;
}

static int
labels_key(struct ui *ui, void *arg, int key)
{
	struct labels *v = arg;
	const struct labels_row *r;
	struct strbuf f = STRBUF_INIT;
	const char *val;
	int rc;

	if (v->l.n == 0)
		return UI_UNHANDLED;
	r = &v->rows[v->l.cur];
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (r->value == SIZE_MAX) {
			v->folded[r->key] = !v->folded[r->key];
			labels_rows(v);
			ui_list_clamp(&v->l, v->height);
			return UI_REDRAW;
		}
		/* tagfocus=key=value: a regexp for strings, a value else */
		val = v->tags.keys[r->key].values[r->value].value;
		strbuf_addf(&f, "%s=", v->tags.keys[r->key].name);
		if (labels_numeric(ui->p, v->tags.keys[r->key].name))
			strbuf_addstr(&f, val);
		else {
			strbuf_addch(&f, '^');
			rx_quote(&f, val);
			strbuf_addch(&f, '$');
		}
		rc = ui_set_option(ui, "tagfocus", f.buf);
		strbuf_release(&f);
		return rc;
	}
	return UI_UNHANDLED;
}

static void
labels_title(struct ui *ui, void *arg, struct strbuf *sb)
{
	struct labels *v = arg;

	(void)ui;
	strbuf_addf(sb, "%zu keys", v->tags.nkey);
}

static bool
labels_search(struct ui *ui, void *arg, int dir)
{
	struct labels *v = arg;
	size_t i, k;

	for (k = 1; k <= v->l.n; k++) {
		const struct labels_row *r;
		const char *s;

		i = (v->l.cur + (dir > 0 ? k : v->l.n - k)) % v->l.n;
		r = &v->rows[i];
		s = r->value == SIZE_MAX ? v->tags.keys[r->key].name :
		    v->tags.keys[r->key].values[r->value].value;
		if (ui_search_match(ui, s)) {
			ui_list_set(&v->l, i, v->height);
			return true;
		}
	}
	return false;
}

static struct ui_list *
labels_list(void *arg)
{
	return &((struct labels *)arg)->l;
}

static const char *const labels_keys[] = {
	"Enter", "focus on the value", "u", "undo", "Esc", "back", "?",
	"help", NULL
};

const struct ui_view_ops ui_view_labels = {
	.name = "labels",
	.hotkey = 'T',
	.open = labels_open,
	.close = labels_close,
	.draw = labels_draw,
	.key = labels_key,
	.title = labels_title,
	.search = labels_search,
	.list = labels_list,
	.keys = labels_keys,
};
