/*
 * ui-view-source.c: the selected function's source, -list's numbers.
 *
 * The rows come from query_list_build() on a line-granularity query, for
 * the function's exact name and with the whole function shown: a heading
 * per routine (the function, and each source file it has samples in;
 * inlined callees are routines of their own, as -list shows them), then
 * its lines with flat and cum.  Lines are coloured by the heat of their
 * cum and the view opens at the hottest line.  A source file that cannot
 * be found says which names were tried and what to set.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "query-list.h"
#include "rx.h"
#include "strbuf.h"
#include "ui.h"
#include "xmalloc.h"

enum source_kind { SRC_ROUTINE, SRC_LINE, SRC_NOTE };

struct source_row {
	enum source_kind	 kind;
	size_t			 routine;
	size_t			 line;		/* SRC_LINE: index in routine */
	const char		*note;		/* SRC_NOTE: borrowed */
};

struct source {
	struct ui_list		 l;
	char			**notes;	/* wrapped notes, owned */
	size_t			 nnote;
	struct query		*q;		/* borrowed */
	struct query_list	 list;
	struct source_row	*rows;
	size_t			 cap;
	char			*name;		/* the function */
	int			 height;
};

static void
source_add(struct source *v, struct source_row r)
{
	XGROW(v->rows, v->cap, v->l.n + 1);
	v->rows[v->l.n++] = r;
}

/* Add note as rows of at most SOURCE_WRAP bytes, cut between words. */
#define SOURCE_WRAP	76
static void
source_note(struct source *v, size_t routine, const char *note)
{
	size_t len = strlen(note), n;

	while (len > 0) {
		n = len;
		if (n > SOURCE_WRAP) {
			for (n = SOURCE_WRAP; n > 0 && note[n] != ' '; n--)
				;
			if (n == 0)
				n = SOURCE_WRAP;
		}
		v->notes = xreallocarray(v->notes, v->nnote + 1,
		    sizeof *v->notes);
		v->notes[v->nnote] = xstrndup(note, n);
		source_add(v, (struct source_row){ SRC_NOTE, routine, 0,
		    v->notes[v->nnote++] });
		note += n;
		len -= n;
		while (*note == ' ') {
			note++;
			len--;
		}
	}
}

/* A regexp for exactly this name. */
static char *
source_regexp(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addch(&sb, '^');
	rx_quote(&sb, name);
	strbuf_addch(&sb, '$');
	return strbuf_detach(&sb, NULL);
}

static void *
source_open(struct ui *ui)
{
	struct source *v;
	struct query *q;
	char *re, *cause = NULL;
	size_t i, k, hot = 0;
	bool have_hot = false;

	if (ui->selected == NULL) {
		ui_error(ui, "no function selected");
		return NULL;
	}
	if ((q = ui_data_lines(ui)) == NULL) {
		ui_error(ui, "%s", ui->data.error);
		return NULL;
	}
	v = xcalloc(1, sizeof *v);
	v->q = q;
	v->height = 20;
	v->name = xstrdup(ui->selected);
	re = source_regexp(v->name);
	if (query_list_build(q, re, QUERY_LIST_FUNCTION, &v->list,
	    &cause) == -1) {
		ui_error(ui, "%s", cause);
		free(cause);
		free(re);
		free(v->name);
		free(v);
		return NULL;
	}
	free(re);
	for (i = 0; i < v->list.n; i++) {
		const struct query_list_routine *r = &v->list.v[i];

		source_add(v, (struct source_row){ SRC_ROUTINE, i, 0, NULL });
		if (r->error != NULL) {
			source_note(v, i, r->error);
			if (r->hint != NULL)
				source_note(v, i, r->hint);
		} else if (r->file[0] == '\0')
			source_note(v, i, "no source information for this "
			    "function");
		for (k = 0; k < r->nline; k++) {
			if (!have_hot && k == r->hottest && r->nline > 0) {
				hot = v->l.n;
				have_hot = true;
			}
			source_add(v, (struct source_row){ SRC_LINE, i, k,
			    NULL });
		}
	}
	ui_list_set(&v->l, hot, v->height);
	return v;
}

static void
source_close(void *arg)
{
	struct source *v = arg;

	query_list_release(&v->list);
	while (v->nnote > 0)
		free(v->notes[--v->nnote]);
	free(v->notes);
	free(v->rows);
	free(v->name);
	free(v);
}

static void
source_draw(struct ui *ui, void *arg, int y, int h)
{
	struct source *v = arg;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int row, x;

	v->height = h - 1;
	ui_list_clamp(&v->l, v->height);
	v->l.y = y + 1;
	ui_fill(ui, y, 0, ui->cols, UI_HEADER);
	ui_put(ui, y, 0, ui->cols, "      flat        cum   line  source",
	    UI_HEADER);
	for (row = 0; row < h - 1; row++) {
		const struct source_row *r;
		const struct query_list_routine *rt;
		bool sel;
		enum ui_colour col;

		i = v->l.top + (size_t)row;
		if (i >= v->l.n)
			break;
		r = &v->rows[i];
		rt = &v->list.v[r->routine];
		sel = i == v->l.cur;
		if (sel)
			ui_fill(ui, y + 1 + row, 0, ui->cols, UI_SELECTED);
		strbuf_reset(&sb);
		switch (r->kind) {
		case SRC_ROUTINE:
			strbuf_addf(&sb, "%10s ",
			    query_list_format_value(v->q, rt->flat));
			strbuf_addf(&sb, "%10s  ",
			    query_list_format_value(v->q, rt->cum));
			strbuf_addf(&sb, "ROUTINE %s in %s", rt->name,
			    rt->path != NULL ? rt->path : rt->file);
			ui_put(ui, y + 1 + row, 0, ui->cols, sb.buf, sel ?
			    UI_SELECTED : UI_KEY);
			break;
		case SRC_NOTE:
			ui_put_clip(ui, y + 1 + row, 23, ui->cols - 23, r->note,
			    sel ? UI_SELECTED : UI_ERROR);
			break;
		case SRC_LINE: {
			const struct query_list_line *ln = &rt->lines[r->line];

			strbuf_addf(&sb, "%10s ", ln->flat == 0 && ln->cum ==
			    0 ? "." : query_list_format_value(v->q, ln->flat));
			strbuf_addf(&sb, "%10s ", ln->flat == 0 && ln->cum ==
			    0 ? "." : query_list_format_value(v->q, ln->cum));
			strbuf_addf(&sb, "%6lld  ", (long long)ln->lineno);
			col = ln->cum == 0 ? UI_DIM :
			    ui_heat(ui, ln->cum, v->q->total);
			ui_put(ui, y + 1 + row, 0, (int)sb.len, sb.buf, sel ?
			    UI_SELECTED : col);
			x = (int)sb.len;
			/* tabs as spaces to the next multiple of 8 */
			strbuf_reset(&sb);
			if (ln->text != NULL) {
				const char *s;

				for (s = ln->text; *s != '\0'; s++)
					if (*s == '\t')
						do
							strbuf_addch(&sb, ' ');
						while (sb.len % 8 != 0);
					else
						strbuf_addch(&sb, *s);
			} else if (rt->error == NULL)
				strbuf_addstr(&sb, "(no such line in the file)");
			ui_put(ui, y + 1 + row, x, ui->cols - x, sb.buf, sel ?
			    UI_SELECTED : ln->text == NULL ? UI_DIM :
			    ln->cum != 0 ? col : UI_NORMAL);
			break;
		}
		}
	}
	if (v->l.n == 0)
		ui_put(ui, y + 1, 0, ui->cols, "no lines", UI_DIM);
	strbuf_release(&sb);
}

static int
source_key(struct ui *ui, void *arg, int key)
{
	struct source *v = arg;
	size_t i;

	(void)ui;
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		/* the next hottest line: the next one with samples */
		for (i = v->l.cur + 1; i < v->l.n; i++) {
			const struct source_row *r = &v->rows[i];

			if (r->kind == SRC_LINE &&
			    v->list.v[r->routine].lines[r->line].cum != 0) {
				ui_list_set(&v->l, i, v->height);
				break;
			}
		}
		return UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static void
source_title(struct ui *ui, void *arg, struct strbuf *sb)
{
	struct source *v = arg;

	(void)ui;
	strbuf_addf(sb, "%s: %zu routine%s", v->name, v->list.n,
	    v->list.n == 1 ? "" : "s");
}

static bool
source_search(struct ui *ui, void *arg, int dir)
{
	struct source *v = arg;
	size_t i, k;

	for (k = 1; k <= v->l.n; k++) {
		const struct source_row *r;
		const char *text = NULL;

		i = (v->l.cur + (dir > 0 ? k : v->l.n - k)) % v->l.n;
		r = &v->rows[i];
		if (r->kind == SRC_LINE)
			text = v->list.v[r->routine].lines[r->line].text;
		else if (r->kind == SRC_ROUTINE)
			text = v->list.v[r->routine].name;
		if (text != NULL && ui_search_match(ui, text)) {
			ui_list_set(&v->l, i, v->height);
			return true;
		}
	}
	return false;
}

static struct ui_list *
source_list(void *arg)
{
	return &((struct source *)arg)->l;
}

static const char *
source_selected(struct ui *ui, void *arg)
{
	struct source *v = arg;

	(void)ui;
	return v->name;
}

static const char *const source_keys[] = {
	"Enter", "next hot line", "/", "search", "p", "peek", "f", "flame",
	"Esc", "back", "?", "help", NULL
};

const struct ui_view_ops ui_view_source = {
	.name = "source",
	.hotkey = 'l',
	.open = source_open,
	.close = source_close,
	.draw = source_draw,
	.key = source_key,
	.title = source_title,
	.search = source_search,
	.list = source_list,
	.selected = source_selected,
	.keys = source_keys,
};
