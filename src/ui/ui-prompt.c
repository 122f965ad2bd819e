/*
 * ui-prompt.c: the one-line editor of `:` commands and `/` searches, with
 * a history (Up and Down) of what was entered.
 */
#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "strbuf.h"
#include "ui.h"
#include "xmalloc.h"

void
ui_prompt_open(struct ui *ui, int kind, const char *init)
{
	ui->prompt_kind = kind;
	strbuf_reset(ui->prompt);
	strbuf_addstr(ui->prompt, init);
	ui->prompt_pos = ui->prompt->len;
	ui->history_pos = ui->nhistory;
}

static void
ui_history_add(struct ui *ui, const char *line)
{
	if (*line == '\0' || (ui->nhistory > 0 &&
	    strcmp(ui->history[ui->nhistory - 1], line) == 0))
		return;
	if (ui->nhistory == UI_HISTORY) {
		free(ui->history[0]);
		memmove(ui->history, ui->history + 1,
		    (UI_HISTORY - 1) * sizeof ui->history[0]);
		ui->nhistory--;
	}
	ui->history[ui->nhistory++] = xstrdup(line);
}

/* Byte offset of the character before / after pos. */
static size_t
ui_prompt_prev(const struct strbuf *sb, size_t pos)
{
	while (pos > 0 && ((unsigned char)sb->buf[--pos] & 0xc0) == 0x80)
		;
	return pos;
}

static size_t
ui_prompt_next(const struct strbuf *sb, size_t pos)
{
	if (pos < sb->len)
		pos++;
	while (pos < sb->len && ((unsigned char)sb->buf[pos] & 0xc0) == 0x80)
		pos++;
	return pos;
}

static void
ui_prompt_set(struct ui *ui, const char *s)
{
	strbuf_reset(ui->prompt);
	strbuf_addstr(ui->prompt, s);
	ui->prompt_pos = ui->prompt->len;
}

/* Insert a character typed at the cursor. */
static void
ui_prompt_insert(struct ui *ui, int key)
{
	struct strbuf *sb = ui->prompt;
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n == (size_t)-1 || sb->len + n > 4096)
		return;
	strbuf_grow(sb, n);
	memmove(sb->buf + ui->prompt_pos + n, sb->buf + ui->prompt_pos,
	    sb->len - ui->prompt_pos + 1);
	memcpy(sb->buf + ui->prompt_pos, mb, n);
	sb->len += n;
	ui->prompt_pos += n;
}

/*
 * A key for the prompt.  Enter returns UI_QUIT, which ui.c takes as
 * "run what was entered" (never as quitting cpv).
 */
int
ui_prompt_key(struct ui *ui, int key)
{
	struct strbuf *sb = ui->prompt;
	size_t p;

	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (ui->prompt_kind == ':')
			ui_history_add(ui, sb->buf);
		return UI_QUIT;
	case UI_KEY_ESC:
	case UI_KEY_CTRL('c'):
	case UI_KEY_CTRL('g'):
		ui->prompt_kind = 0;
		return UI_REDRAW;
	case KEY_BACKSPACE:
	case 127:
	case '\b':
		if (ui->prompt_pos == 0) {
			if (sb->len == 0)
				ui->prompt_kind = 0;
			return UI_REDRAW;
		}
		p = ui_prompt_prev(sb, ui->prompt_pos);
		memmove(sb->buf + p, sb->buf + ui->prompt_pos,
		    sb->len - ui->prompt_pos + 1);
		sb->len -= ui->prompt_pos - p;
		ui->prompt_pos = p;
		return UI_REDRAW;
	case KEY_DC:
	case UI_KEY_CTRL('d'):
		if (ui->prompt_pos < sb->len) {
			p = ui_prompt_next(sb, ui->prompt_pos);
			memmove(sb->buf + ui->prompt_pos, sb->buf + p,
			    sb->len - p + 1);
			sb->len -= p - ui->prompt_pos;
		}
		return UI_REDRAW;
	case KEY_LEFT:
	case UI_KEY_CTRL('b'):
		ui->prompt_pos = ui_prompt_prev(sb, ui->prompt_pos);
		return UI_REDRAW;
	case KEY_RIGHT:
	case UI_KEY_CTRL('f'):
		ui->prompt_pos = ui_prompt_next(sb, ui->prompt_pos);
		return UI_REDRAW;
	case KEY_HOME:
	case UI_KEY_CTRL('a'):
		ui->prompt_pos = 0;
		return UI_REDRAW;
	case KEY_END:
	case UI_KEY_CTRL('e'):
		ui->prompt_pos = sb->len;
		return UI_REDRAW;
	case UI_KEY_CTRL('u'):
		ui_prompt_set(ui, "");
		return UI_REDRAW;
	case KEY_UP:
		if (ui->history_pos > 0)
			ui_prompt_set(ui, ui->history[--ui->history_pos]);
		return UI_REDRAW;
	case KEY_DOWN:
		if (ui->history_pos < ui->nhistory)
			ui->history_pos++;
		ui_prompt_set(ui, ui->history_pos < ui->nhistory ?
		    ui->history[ui->history_pos] : "");
		return UI_REDRAW;
	}
	if (key & UI_KEY_CHAR)
		ui_prompt_insert(ui, key & ~UI_KEY_CHAR);
	else if (key >= 32 && key != 127 && key < KEY_MIN)
		ui_prompt_insert(ui, key);
	return UI_REDRAW;
}

void
ui_prompt_draw(struct ui *ui)
{
	struct strbuf line = STRBUF_INIT, before = STRBUF_INIT;
	int y = ui->rows - 1, x;

	strbuf_addch(&line, (char)ui->prompt_kind);
	strbuf_addstr(&line, ui->prompt->buf);
	ui_put(ui, y, 0, ui->cols, line.buf, UI_NORMAL);
	strbuf_addch(&before, (char)ui->prompt_kind);
	strbuf_add(&before, ui->prompt->buf, ui->prompt_pos);
	x = ui_width(ui, before.buf);
	if (x >= ui->cols)
		x = ui->cols - 1;
	curs_set(1);
	move(y, x);
	strbuf_release(&line);
	strbuf_release(&before);
}
