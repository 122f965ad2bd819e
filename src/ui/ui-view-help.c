/* ui-view-help.c: the keys and commands, from ui-cmd.c's tables. */
#include <curses.h>
#include <stdlib.h>

#include "strbuf.h"
#include "ui.h"
#include "xmalloc.h"

struct help {
	struct ui_list		 l;
	const char *const	*lines;
	int			 height;
};

static void *
help_open(struct ui *ui)
{
	struct help *h = xcalloc(1, sizeof *h);

	(void)ui;
	h->l.n = ui_cmd_help(&h->lines);
	h->height = 20;
	return h;
}

static void
help_close(void *arg)
{
	free(arg);
}

static void
help_draw(struct ui *ui, void *arg, int y, int hgt)
{
	struct help *h = arg;
	size_t i;
	int row;

	h->height = hgt;
	ui_list_clamp(&h->l, hgt);
	h->l.y = y;
	for (row = 0; row < hgt; row++) {
		const char *s;

		i = h->l.top + (size_t)row;
		if (i >= h->l.n)
			break;
		s = h->lines[i];
		if (i == h->l.cur)
			ui_fill(ui, y + row, 0, ui->cols, UI_SELECTED);
		ui_put_clip(ui, y + row, 0, ui->cols, s, i == h->l.cur ?
		    UI_SELECTED : s[0] != ' ' ? UI_HEADER :
		    ui_search_match(ui, s) ? UI_MATCH : UI_NORMAL);
	}
}

static int
help_key(struct ui *ui, void *arg, int key)
{
	(void)ui;
	(void)arg;
	(void)key;
	return UI_UNHANDLED;
}

static bool
help_search(struct ui *ui, void *arg, int dir)
{
	struct help *h = arg;
	size_t i, k;

	for (k = 1; k <= h->l.n; k++) {
		i = (h->l.cur + (dir > 0 ? k : h->l.n - k)) % h->l.n;
		if (ui_search_match(ui, h->lines[i])) {
			ui_list_set(&h->l, i, h->height);
			return true;
		}
	}
	return false;
}

static struct ui_list *
help_list(void *arg)
{
	return &((struct help *)arg)->l;
}

static void
help_title(struct ui *ui, void *arg, struct strbuf *sb)
{
	(void)ui;
	(void)arg;
	strbuf_addstr(sb, "keys and commands (Esc goes back)");
}

static const char *const help_keys[] = {
	"Esc", "back", "q", "quit", NULL
};

const struct ui_view_ops ui_view_help = {
	.name = "help",
	.hotkey = '?',
	.open = help_open,
	.close = help_close,
	.draw = help_draw,
	.key = help_key,
	.title = help_title,
	.search = help_search,
	.list = help_list,
	.keys = help_keys,
};
