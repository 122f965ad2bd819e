/* ui-list.c: the movement keys every list view shares. */
#include <curses.h>

#include "ui.h"

/* Keep the cursor inside the list and on screen. */
void
ui_list_clamp(struct ui_list *l, int height)
{
	size_t h = height > 0 ? (size_t)height : 1;

	if (l->n == 0) {
		l->cur = l->top = 0;
		return;
	}
	if (l->cur >= l->n)
		l->cur = l->n - 1;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + h)
		l->top = l->cur - h + 1;
	if (l->top + h > l->n)
		l->top = l->n > h ? l->n - h : 0;
}

/* Select row cur, scrolling it a little away from the edges. */
void
ui_list_set(struct ui_list *l, size_t cur, int height)
{
	size_t h = height > 0 ? (size_t)height : 1;

	l->cur = cur;
	if (cur < l->top || cur >= l->top + h)
		l->top = cur > h / 3 ? cur - h / 3 : 0;
	ui_list_clamp(l, height);
}

int
ui_list_key(struct ui_list *l, int key, int height)
{
	size_t h = height > 1 ? (size_t)height - 1 : 1;

	switch (key) {
	case KEY_UP:
	case 'k':
	case UI_KEY_CTRL('p'):
		if (l->cur > 0)
			l->cur--;
		break;
	case KEY_DOWN:
	case 'j':
	case UI_KEY_CTRL('n'):
		if (l->cur + 1 < l->n)
			l->cur++;
		break;
	case KEY_PPAGE:
	case UI_KEY_CTRL('b'):
		l->cur = l->cur > h ? l->cur - h : 0;
		l->top = l->top > h ? l->top - h : 0;
		break;
	case KEY_NPAGE:
	case UI_KEY_CTRL('f'):
	case ' ':
		l->cur = l->cur + h < l->n ? l->cur + h : (l->n ? l->n - 1 : 0);
		l->top += h;
		break;
	case KEY_HOME:
	case 'g':
		l->cur = 0;
		break;
	case KEY_END:
	case 'G':
		l->cur = l->n ? l->n - 1 : 0;
		break;
	default:
		return UI_UNHANDLED;
	}
	ui_list_clamp(l, height);
	return UI_REDRAW;
}
