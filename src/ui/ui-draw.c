/*
 * ui-draw.c: colours, glyphs and text for the views.
 *
 * Colours are semantic roles (ui.h) with one table per theme: 256
 * colours, 8 colours, and attributes only (no colour support, or
 * NO_COLOR set).  Only this file calls init_pair.
 *
 * Text from a profile is cleaned with vis (control bytes, C1 and bad
 * UTF-8 become \xHH) before it is measured; without a UTF-8 locale every
 * non-ASCII character is drawn as '?'.  Widths are display columns.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "format.h"
#include "query.h"
#include "strbuf.h"
#include "ui.h"
#include "vis.h"

struct ui_theme_entry {
	short	fg, bg;
	int	attr;
};

#define D	-1	/* the terminal's default colour */

static const struct ui_theme_entry theme256[UI_NCOLOUR] = {
	[UI_NORMAL] = { D, D, 0 },
	[UI_HEADER] = { 75, D, 0 },
	[UI_TITLE] = { 231, 24, A_BOLD },
	[UI_STATUS] = { 252, 236, 0 },
	[UI_ERROR] = { 231, 160, A_BOLD },
	[UI_SELECTED] = { 16, 152, 0 },
	[UI_DIM] = { 244, D, 0 },
	[UI_MATCH] = { 16, 220, A_BOLD },
	[UI_HEAT1] = { D, D, 0 },
	[UI_HEAT2] = { 179, D, 0 },
	[UI_HEAT3] = { 208, D, 0 },
	[UI_HEAT4] = { 196, D, A_BOLD },
	[UI_GROW] = { 196, D, 0 },
	[UI_SHRINK] = { 40, D, 0 },
	[UI_KEY] = { 220, D, A_BOLD },
	[UI_FRAME0] = { 16, 209, 0 },
	[UI_FRAME1] = { 16, 215, 0 },
	[UI_FRAME2] = { 16, 221, 0 },
	[UI_FRAME3] = { 16, 180, 0 },
	[UI_FRAME4] = { 16, 173, 0 },
	[UI_FRAME5] = { 16, 216, 0 },
	[UI_FRAME6] = { 16, 186, 0 },
	[UI_FRAME7] = { 16, 223, 0 },
	[UI_FGROW] = { 16, 203, 0 },
	[UI_FSHRINK] = { 16, 114, 0 },
	[UI_SORTED] = { 16, 75, 0 },
};

static const struct ui_theme_entry theme8[UI_NCOLOUR] = {
	[UI_NORMAL] = { D, D, 0 },
	[UI_HEADER] = { COLOR_CYAN, D, 0 },
	[UI_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
	[UI_STATUS] = { COLOR_BLACK, COLOR_WHITE, 0 },
	[UI_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD },
	[UI_SELECTED] = { COLOR_BLACK, COLOR_CYAN, 0 },
	[UI_DIM] = { D, D, A_DIM },
	[UI_MATCH] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[UI_HEAT1] = { D, D, 0 },
	[UI_HEAT2] = { COLOR_YELLOW, D, 0 },
	[UI_HEAT3] = { COLOR_YELLOW, D, A_BOLD },
	[UI_HEAT4] = { COLOR_RED, D, A_BOLD },
	[UI_GROW] = { COLOR_RED, D, 0 },
	[UI_SHRINK] = { COLOR_GREEN, D, 0 },
	[UI_KEY] = { COLOR_YELLOW, D, A_BOLD },
	[UI_FRAME0] = { COLOR_BLACK, COLOR_RED, 0 },
	[UI_FRAME1] = { COLOR_BLACK, COLOR_YELLOW, 0 },
	[UI_FRAME2] = { COLOR_BLACK, COLOR_RED, A_BOLD },
	[UI_FRAME3] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[UI_FRAME4] = { COLOR_BLACK, COLOR_MAGENTA, 0 },
	[UI_FRAME5] = { COLOR_BLACK, COLOR_RED, 0 },
	[UI_FRAME6] = { COLOR_BLACK, COLOR_YELLOW, 0 },
	[UI_FRAME7] = { COLOR_BLACK, COLOR_MAGENTA, A_BOLD },
	[UI_FGROW] = { COLOR_BLACK, COLOR_RED, 0 },
	[UI_FSHRINK] = { COLOR_BLACK, COLOR_GREEN, 0 },
	[UI_SORTED] = { COLOR_BLACK, COLOR_CYAN, 0 },
};

/* Attributes only: NO_COLOR, vt100 and other terminals without colour. */
static const int theme_mono[UI_NCOLOUR] = {
	[UI_HEADER] = A_BOLD,
	[UI_TITLE] = A_REVERSE | A_BOLD,
	[UI_STATUS] = A_REVERSE,
	[UI_ERROR] = A_REVERSE | A_BOLD,
	[UI_SELECTED] = A_REVERSE,
	[UI_MATCH] = A_UNDERLINE | A_BOLD,
	[UI_HEAT3] = A_BOLD,
	[UI_HEAT4] = A_BOLD,
	[UI_GROW] = A_BOLD,
	[UI_KEY] = A_BOLD,
	[UI_FRAME0] = A_REVERSE,
	[UI_FRAME1] = A_REVERSE,
	[UI_FRAME2] = A_REVERSE,
	[UI_FRAME3] = A_REVERSE,
	[UI_FRAME4] = A_REVERSE,
	[UI_FRAME5] = A_REVERSE,
	[UI_FRAME6] = A_REVERSE,
	[UI_FRAME7] = A_REVERSE,
	[UI_FGROW] = A_REVERSE | A_BOLD,
	[UI_FSHRINK] = A_REVERSE | A_DIM,
	[UI_SORTED] = A_REVERSE,
};

static int ui_attrs[UI_NCOLOUR];

void
ui_colour_init(struct ui *ui)
{
	const struct ui_theme_entry *t;
	const char *nc = getenv("NO_COLOR");
	int i;

	ui->colour = false;
	if ((nc == NULL || *nc == '\0') && has_colors() && start_color() == OK
	    && COLORS >= 8) {
		use_default_colors();
		ui->colour = true;
	}
	for (i = 0; i < UI_NCOLOUR; i++)
		ui_attrs[i] = theme_mono[i];
	if (!ui->colour)
		return;
	t = COLORS >= 256 && COLOR_PAIRS > UI_NCOLOUR ? theme256 : theme8;
	for (i = 0; i < UI_NCOLOUR; i++) {
		if (i == UI_NORMAL || COLOR_PAIRS <= i) {
			ui_attrs[i] = t[i].attr;
			continue;
		}
		init_pair((short)i, t[i].fg, t[i].bg);
		ui_attrs[i] = COLOR_PAIR(i) | t[i].attr;
	}
}

int
ui_attr(const struct ui *ui, enum ui_colour c)
{
	(void)ui;
	return ui_attrs[c];
}

/*
 * The next character of s[0..len): its bytes and columns.  Without UTF-8,
 * a non-ASCII byte run stands for one '?' column.
 */
static size_t
ui_char(const struct ui *ui, const char *s, size_t len, int *cols)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;
	int w;

	if ((unsigned char)*s < 0x80) {
		*cols = 1;
		return 1;
	}
	if (!ui->utf8) {
		for (n = 1; n < len && ((unsigned char)s[n] & 0xc0) == 0x80;
		    n++)
			;
		*cols = 1;
		return n;
	}
	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*cols = 1;
		return 1;
	}
	w = wcwidth(wc);
	*cols = w < 0 ? 1 : w;
	return n;
}

/* Append s[0..len) for the screen: '?' for what the terminal cannot show. */
static void
ui_add_screen(const struct ui *ui, struct strbuf *sb, const char *s,
    size_t len)
{
	size_t i = 0, n;
	int cols;

	while (i < len) {
		n = ui_char(ui, s + i, len - i, &cols);
		if ((unsigned char)s[i] >= 0x80 && !ui->utf8)
			strbuf_addch(sb, '?');
		else
			strbuf_add(sb, s + i, n);
		i += n;
	}
}

int
ui_width(struct ui *ui, const char *s)
{
	struct strbuf v = STRBUF_INIT;
	size_t i = 0;
	int w = 0, cols;

	vis_addstr(&v, s, 0);
	while (i < v.len) {
		i += ui_char(ui, v.buf + i, v.len - i, &cols);
		w += cols;
	}
	strbuf_release(&v);
	return w;
}

void
ui_fit(struct ui *ui, struct strbuf *out, const char *s, int w)
{
	ui_fit_how(ui, out, s, w, true);
}

void
ui_fit_how(struct ui *ui, struct strbuf *out, const char *s, int w,
    bool middle)
{
	struct strbuf v = STRBUF_INIT;
	size_t i = 0, n, head_end = 0, tail_start;
	int total = 0, cols, head_w, tail_w, acc;
	const char *dots = ui->utf8 ? "\xe2\x80\xa6" : "~";

	vis_addstr(&v, s, 0);
	while (i < v.len) {
		i += ui_char(ui, v.buf + i, v.len - i, &cols);
		total += cols;
	}
	if (total <= w || w < 4 || !middle) {
		/* fits, too narrow to shorten, or cut at the end */
		for (i = 0, acc = 0; i < v.len; i += n) {
			n = ui_char(ui, v.buf + i, v.len - i, &cols);
			if (acc + cols > w)
				break;
			acc += cols;
		}
		ui_add_screen(ui, out, v.buf, i);
		strbuf_release(&v);
		return;
	}
	/* keep a third of the head and the tail (the function's name) */
	tail_w = (w - 1) * 2 / 3;
	head_w = w - 1 - tail_w;
	for (i = 0, acc = 0; i < v.len; i += n) {
		n = ui_char(ui, v.buf + i, v.len - i, &cols);
		if (acc + cols > head_w)
			break;
		acc += cols;
	}
	head_end = i;
	/* the tail: walk from the head, dropping columns until it fits */
	acc = total - acc;
	for (tail_start = head_end; tail_start < v.len && acc > tail_w;
	    tail_start += n) {
		n = ui_char(ui, v.buf + tail_start, v.len - tail_start, &cols);
		acc -= cols;
	}
	ui_add_screen(ui, out, v.buf, head_end);
	strbuf_addstr(out, dots);
	ui_add_screen(ui, out, v.buf + tail_start, v.len - tail_start);
	strbuf_release(&v);
}

static void
ui_put_how(struct ui *ui, int y, int x, int w, const char *s,
    enum ui_colour c, bool middle)
{
	struct strbuf sb = STRBUF_INIT;

	if (w <= 0 || y < 0 || y >= ui->rows || x >= ui->cols)
		return;
	if (x + w > ui->cols)
		w = ui->cols - x;
	ui_fit_how(ui, &sb, s, w, middle);
	attrset(ui_attr(ui, c));
	mvaddnstr(y, x, sb.buf, (int)sb.len);
	attrset(A_NORMAL);
	strbuf_release(&sb);
}

void
ui_put(struct ui *ui, int y, int x, int w, const char *s, enum ui_colour c)
{
	ui_put_how(ui, y, x, w, s, c, true);
}

void
ui_put_clip(struct ui *ui, int y, int x, int w, const char *s,
    enum ui_colour c)
{
	ui_put_how(ui, y, x, w, s, c, false);
}

void
ui_fill(struct ui *ui, int y, int x, int w, enum ui_colour c)
{
	if (y < 0 || y >= ui->rows || x >= ui->cols)
		return;
	if (x + w > ui->cols)
		w = ui->cols - x;
	if (w <= 0)
		return;
	attrset(ui_attr(ui, c));
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

const char *
ui_value(struct ui *ui, struct query *q, int64_t v)
{
	(void)ui;
	return query_format_value(q, v);
}

const char *
ui_percent(int64_t v, int64_t total)
{
	static char buf[32];
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	format_percentage(&sb, v, total);
	for (s = sb.buf; *s == ' '; s++)
		;
	strncpy(buf, s, sizeof buf - 1);
	buf[sizeof buf - 1] = '\0';
	strbuf_release(&sb);
	return buf;
}

enum ui_colour
ui_heat(const struct ui *ui, int64_t v, int64_t total)
{
	double f;

	if (ui->diff)
		return v > 0 ? UI_GROW : v < 0 ? UI_SHRINK : UI_DIM;
	if (total == 0)
		return UI_HEAT1;
	f = (double)(v < 0 ? -v : v) / (double)(total < 0 ? -total : total);
	if (f >= 0.20)
		return UI_HEAT4;
	if (f >= 0.05)
		return UI_HEAT3;
	if (f >= 0.01)
		return UI_HEAT2;
	return UI_HEAT1;
}

const char *
ui_glyph(const struct ui *ui, int which)
{
	static const char *const u[] = { "\xe2\x94\x9c\xe2\x94\x80",
	    "\xe2\x94\x94\xe2\x94\x80", "\xe2\x94\x82 ", "\xe2\x96\xb8",
	    "\xe2\x96\xbe", "\xe2\x80\xa6" };
	static const char *const a[] = { "|-", "`-", "| ", "+", "-", "..." };

	return ui->utf8 ? u[which] : a[which];
}

const char *
ui_empty_message(const struct ui *ui)
{
	const struct query *q = ui->data.q;

	if (ui->diff && (q == NULL || q->nfilter == 0))
		return "no change: the profile and its base are the same";
	return "no samples: the filters leave nothing (u undoes the last one)";
}
