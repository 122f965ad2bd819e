/*
 * ui.c: the viewer's loop, terminal set-up and the keys every view shares.
 *
 * One loop: draw if dirty, read a key, offer it to the prompt, then to the
 * view, then to the list movement keys, then to the global table below;
 * re-query or quit as the handler says.  The terminal is restored on quit,
 * on every error (fatal() runs ui_cleanup first), on SIGINT, SIGTERM and
 * SIGHUP (which end the loop), and on a crash (SIGSEGV and the like
 * restore it, then die as they would have).
 */
#include <sys/resource.h>

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cancel.h"
#include "format.h"
#include "load.h"
#include "profile.h"
#include "query.h"
#include "report.h"
#include "rx.h"
#include "strbuf.h"
#include "timing.h"
#include "tui.h"
#include "ui.h"
#include "vis.h"
#include "warn.h"
#include "xmalloc.h"

/* Smallest screen the views are laid out for. */
#define UI_MIN_COLS	40
#define UI_MIN_ROWS	10
/* Rows above and below a view: title, two header lines; name, status. */
#define UI_TOP_ROWS	3	/* and one for the profile's comments */
#define UI_BOTTOM_ROWS	2

static volatile sig_atomic_t ui_stop;	/* SIGINT, SIGTERM, SIGHUP */
static bool ui_curses_on;
static SCREEN *ui_screen;
static FILE *ui_tty_in, *ui_tty_out;

static void
ui_cleanup(void)
{
	if (ui_curses_on) {
		ui_curses_on = false;
		endwin();
	}
}

static void
ui_on_stop(int sig)
{
	(void)sig;
	ui_stop = 1;
}

/* A crash: give the terminal back, then die of the same signal. */
static void
ui_on_crash(int sig)
{
	ui_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
ui_signals(void)
{
	static const int stop[] = { SIGINT, SIGTERM, SIGHUP };
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
	    SIGABRT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ui_on_stop;	/* no SA_RESTART: wake the read */
	for (i = 0; i < sizeof stop / sizeof stop[0]; i++)
		sigaction(stop[i], &sa, NULL);
	sa.sa_handler = ui_on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof crash / sizeof crash[0]; i++)
		sigaction(crash[i], &sa, NULL);
}

/*
 * CPV_UI_LOG=FILE: one line per key, the microseconds spent handling it
 * (re-queries included) and drawing the screen after it, with the CPU
 * time and the page faults, for bench/tui.sh and for anyone who wants to
 * know where a slow key goes; and "warmed" when the memory is (see
 * ui_warm_plan()).
 */
static FILE *ui_log;

static uint64_t ui_log_cpu0;	/* CPU time when the key came */
static long ui_log_flt0;	/* page faults then */

/* Minor page faults so far: fresh memory is much of a re-query's cost. */
static long
ui_minflt(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) == -1)
		return 0;
	return ru.ru_minflt;
}

static uint64_t
ui_now_us(void)
{
	return timing_us(CLOCK_MONOTONIC);
}

static void
ui_log_open(void)
{
	const char *path = getenv("CPV_UI_LOG");

	if (path != NULL && *path != '\0')
		ui_log = fopen(path, "a");
}

static void
ui_log_close(void)
{
	if (ui_log != NULL)
		fclose(ui_log);
	ui_log = NULL;
}

/* Log the key handled from t0 to t1, and the draw that ends now. */
static void
ui_log_key(int key, uint64_t t0, uint64_t t1)
{
	const char *name;

	if (ui_log == NULL || key == ERR)
		return;
	name = key & UI_KEY_CHAR ? "char" : keyname(key);
	/* cpu_us: handling and drawing, what a busy machine inflates least */
	fprintf(ui_log, "key %s handle_us %llu draw_us %llu cpu_us %llu "
	    "minflt %ld\n", name != NULL ? name : "?",
	    (unsigned long long)(t1 - t0),
	    (unsigned long long)(ui_now_us() - t1),
	    (unsigned long long)(timing_us(CLOCK_PROCESS_CPUTIME_ID) -
	    ui_log_cpu0), ui_minflt() - ui_log_flt0);
	fflush(ui_log);
}

/*
 * The cancel hook (cancel.h) while a build may be stopped: Esc stops it;
 * any other key waits for the loop.  At most every 20 ms.
 */
static bool
ui_cancel_hook(void *arg)
{
	static uint64_t last;
	uint64_t now = ui_now_us();
	int ch;

	(void)arg;
	if (now - last < 20000)
		return false;
	last = now;
	nodelay(stdscr, TRUE);
	ch = getch();
	nodelay(stdscr, FALSE);
	timeout(200);
	if (ch == UI_KEY_ESC)
		return true;
	if (ch != ERR)
		ungetch(ch);
	return false;
}

void
ui_cancellable(struct ui *ui, bool on)
{
	cancel_set_hook(on && !ui->cancel_off && ui_curses_on ?
	    ui_cancel_hook : NULL, NULL);
}

void
ui_busy(struct ui *ui, const char *what)
{
	if (!ui_curses_on || ui->rows < 1)
		return;
	ui_fill(ui, ui->rows - 1, 0, ui->cols, UI_NORMAL);
	ui_put(ui, ui->rows - 1, 0, ui->cols, what, UI_KEY);
	refresh();
}

/* Warnings of the engine go to the status line. */
static void
ui_on_warning(void *arg, const char *msg)
{
	ui_message(arg, "%s", msg);
}

static void
ui_vstatus(struct ui *ui, bool error, const char *fmt, va_list ap)
{
	free(ui->status);
	ui->status = xvasprintf(fmt, ap);
	ui->status_error = error;
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vstatus(ui, false, fmt, ap);
	va_end(ap);
}

void
ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vstatus(ui, true, fmt, ap);
	va_end(ap);
	beep();
}

void
ui_select(struct ui *ui, const char *name)
{
	if (name == NULL || (ui->selected != NULL &&
	    strcmp(ui->selected, name) == 0))
		return;
	free(ui->selected);
	ui->selected = xstrdup(name);
}

void *
ui_view_state(struct ui *ui)
{
	return ui->nstack > 0 ? ui->stack[ui->nstack - 1].state : NULL;
}

static struct ui_frame *
ui_top(struct ui *ui)
{
	return ui->nstack > 0 ? &ui->stack[ui->nstack - 1] : NULL;
}

/*
 * The profile's comments as the header shows them (pprof's rule: one
 * starting with '#' is not for headers), or "" if none.
 */
static void
ui_comments(const struct ui *ui, struct strbuf *sb)
{
	const char *c;
	size_t i;

	for (i = 0; i < ui->p->ncomment; i++) {
		c = profile_str(ui->p, ui->p->comments[i]);
		if (*c == '\0' || *c == '#')
			continue;
		if (sb->len > 0)
			strbuf_addstr(sb, "  |  ");
		strbuf_addstr(sb, c);
	}
}

/* The rows above a view: a line more when the profile has comments. */
static int
ui_top_rows(const struct ui *ui)
{
	struct strbuf sb = STRBUF_INIT;
	int rows = UI_TOP_ROWS;

	ui_comments(ui, &sb);
	if (sb.len > 0)
		rows++;
	strbuf_release(&sb);
	return rows;
}

/* The rows a view gets. */
static int
ui_body_height(const struct ui *ui)
{
	int h = ui->rows - ui_top_rows(ui) - UI_BOTTOM_ROWS;

	return h > 1 ? h : 1;
}

/* Remember the current view's selection before leaving it. */
static void
ui_keep_selection(struct ui *ui)
{
	struct ui_frame *f = ui_top(ui);
	const char *name;

	if (f != NULL && f->state != NULL && f->ops->selected != NULL &&
	    (name = f->ops->selected(ui, f->state)) != NULL)
		ui_select(ui, name);
}

int
ui_push(struct ui *ui, const struct ui_view_ops *ops)
{
	return ui_push_at(ui, ops, NULL);
}

int
ui_push_at(struct ui *ui, const struct ui_view_ops *ops, const char *name)
{
	struct ui_frame *f = ui_top(ui);
	void *state;

	if (f != NULL && f->ops == ops && name == NULL)
		return UI_HANDLED;
	ui_keep_selection(ui);
	if (name != NULL)
		ui_select(ui, name);
	if (f != NULL && f->ops == ops) {
		/* the same view, at another function: open it again */
		if ((state = ops->open(ui)) == NULL)
			return UI_REDRAW;
		ops->close(f->state);
		f->state = state;
		return UI_REDRAW;
	}
	if ((state = ops->open(ui)) == NULL)
		return UI_REDRAW;	/* open said why */
	if (ui->nstack == UI_MAX_STACK) {
		/* the oldest view goes */
		ui->stack[0].ops->close(ui->stack[0].state);
		memmove(ui->stack, ui->stack + 1,
		    (UI_MAX_STACK - 1) * sizeof ui->stack[0]);
		ui->nstack--;
	}
	ui->stack[ui->nstack].ops = ops;
	ui->stack[ui->nstack].state = state;
	ui->nstack++;
	return UI_REDRAW;
}

/* Back: close the view on top; the first one stays. */
static int
ui_pop(struct ui *ui)
{
	struct ui_frame *f;

	if (ui->nstack <= 1)
		return UI_HANDLED;
	ui_keep_selection(ui);
	f = ui_top(ui);
	f->ops->close(f->state);
	ui->nstack--;
	f = ui_top(ui);
	if (f->state == NULL) {
		/* stale after a re-query: open it again */
		if ((f->state = f->ops->open(ui)) == NULL) {
			ui->nstack--;
			return ui_push(ui, &ui_view_top);
		}
	}
	return UI_REDRAW;
}

/*
 * The options changed: drop the data, reopen the view on screen (the
 * others reopen when they come back), keep the selection.
 */
static void
ui_close_views(struct ui *ui)
{
	size_t i;

	ui_keep_selection(ui);
	for (i = 0; i < ui->nstack; i++) {
		if (ui->stack[i].state != NULL)
			ui->stack[i].ops->close(ui->stack[i].state);
		ui->stack[i].state = NULL;
	}
}

void
ui_requery_now(struct ui *ui)
{
	struct ui_frame *f = ui_top(ui);

	ui_close_views(ui);
	if (!ui->data_fresh)
		ui_data_reset(&ui->data);
	ui->data_fresh = false;
	if (f == NULL)
		return;
	while (ui->nstack > 0 &&
	    (f = ui_top(ui))->state == NULL &&
	    (f->state = f->ops->open(ui)) == NULL)
		ui->nstack--;
	if (ui->nstack == 0) {
		/* there must be a view: this one cannot be stopped */
		ui->cancel_off = true;
		ui_push(ui, &ui_view_top);
		ui->cancel_off = false;
	}
}

/*
 * Build q's graph for the top table before new options take effect, when
 * the top table is what will show it: Esc then stops the whole change
 * and leaves the screen as it was.  False if stopped.
 */
static bool
ui_prebuild_graph(struct ui *ui, struct query *q)
{
	struct ui_frame *f = ui_top(ui);

	if (f == NULL || f->ops != &ui_view_top)
		return true;
	return ui_data_build(ui, q, QUERY_NONE);
}

/* After ui_prebuild_graph(): ui_data_graph() has nothing to do. */
static void
ui_graph_built(struct ui *ui, struct query *q)
{
	if (q->graph.order == NULL)
		return;
	ui->data.graph_node = QUERY_NONE;
	ui->data.graph_gen++;
}

/*
 * Try the options in *next: a query must build with them.  On success
 * they become current and the old ones go on the undo stack.
 */
static bool
ui_same_string(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/*
 * Whether a and b differ only in what orders and trims the graph (sort,
 * nodecount, fractions, trim, drop_negative): the query, its filtered
 * view, its nodes and the context trees are then the same.
 */
static bool
ui_graph_options_only(const struct query_options *a,
    const struct query_options *b)
{
#define X(f) if (!ui_same_string(a->f, b->f)) return false;
	QUERY_OPTIONS_STRINGS(X)
#undef X
	return a->granularity == b->granularity &&
	    a->noinlines == b->noinlines && a->mean == b->mean &&
	    a->relative_percentages == b->relative_percentages &&
	    a->divide_by == b->divide_by &&
	    a->compact_labels == b->compact_labels &&
	    a->call_tree == b->call_tree &&
	    a->keep_objnames == b->keep_objnames;
}

/* Keep ui->undo bounded, then push the current options. */
static void
ui_push_undo(struct ui *ui)
{
	if (ui->nundo == UI_MAX_UNDO) {
		options_release(&ui->undo[0]);
		memmove(ui->undo, ui->undo + 1,
		    (UI_MAX_UNDO - 1) * sizeof ui->undo[0]);
		ui->nundo--;
	}
	ui->undo[ui->nundo++] = ui->o;
}

int
ui_apply_options(struct ui *ui, struct options *next)
{
	struct query_options qo;
	struct query *q, *prev;
	uint32_t prev_node;
	char *cause = NULL;

	/* only the order or the trimming: rebuild the graph alone */
	if (ui->data.q != NULL && ui_graph_options_only(&ui->o.q, &next->q)) {
		struct query_options old;

		q = ui->data.q;
		old = q->opt;
		ui_close_views(ui);
		q->opt.cum = next->q.cum;
		q->opt.nodecount = next->q.nodecount == -1 ? 0 :
		    next->q.nodecount;
		q->opt.nodefraction = next->q.nodefraction;
		q->opt.edgefraction = next->q.edgefraction;
		q->opt.trim = next->q.trim;
		q->opt.drop_negative = next->q.drop_negative;
		free(q->graph.order);
		q->graph.order = NULL;	/* ui_data_graph() rebuilds it */
		ui->data_fresh = true;
		if (!ui_prebuild_graph(ui, q)) {
			/* stopped: the views reopen with the old options */
			q->opt = old;
			ui_error(ui, "interrupted");
			options_release(next);
			return UI_REQUERY | UI_REDRAW;
		}
		ui_graph_built(ui, q);
		ui_push_undo(ui);
		ui->o = *next;
		return UI_REQUERY | UI_REDRAW;
	}

	/* the query the views will use: build it once, keep it */
	query_options_copy(&qo, &next->q);
	report_apply_overrides(report_find(REPORT_TOP), &qo);
	ui_busy(ui, "applying the filters... (Esc stops)");
	rx_budget_reset();	/* each build gets the budget of a run */
	ui_cancellable(ui, true);
	q = query_new_like(ui->p, &qo, ui->data.q, &cause);
	ui_cancellable(ui, false);
	if (q != NULL && !ui_prebuild_graph(ui, q)) {
		query_free(q);
		q = NULL;
		cause = xstrdup("interrupted");
	}
	if (q == NULL) {
		ui_error(ui, "%s", cause);
		free(cause);
		query_options_release(&qo);
		options_release(next);
		return UI_REDRAW;
	}
	query_options_release(&qo);
	ui_close_views(ui);
	/* the old query stays for an undo; its trees and lines go */
	prev = ui->data.q;
	prev_node = ui->data.graph_node;
	ui->data.q = NULL;
	ui_data_reset(&ui->data);
	ui->data.q = q;
	ui_graph_built(ui, q);
	ui->data_fresh = true;
	ui_push_undo(ui);
	if (prev != NULL) {
		ui->data.undo_q = prev;
		ui->data.undo_at = ui->nundo;
		ui->data.undo_node = prev_node;
	}
	ui->o = *next;
	return UI_REQUERY | UI_REDRAW;
}

int
ui_set_option(struct ui *ui, const char *name, const char *value)
{
	struct options next;
	char *cause = NULL;

	options_copy(&next, &ui->o);
	if (options_set(&next, name, value, &cause) == -1) {
		ui_error(ui, "%s", cause);
		free(cause);
		options_release(&next);
		return UI_REDRAW;
	}
	return ui_apply_options(ui, &next);
}

int
ui_undo(struct ui *ui)
{
	if (ui->nundo == 0) {
		ui_message(ui, "nothing to undo");
		return UI_REDRAW;
	}
	options_release(&ui->o);
	ui->o = ui->undo[--ui->nundo];
	if (ui->data.undo_q != NULL && ui->data.undo_at == ui->nundo + 1) {
		/* the query of these options is still here */
		struct query *q = ui->data.undo_q;
		uint32_t node = ui->data.undo_node;

		ui_close_views(ui);
		ui->data.undo_q = NULL;
		ui_data_reset(&ui->data);
		ui->data.q = q;
		ui->data.graph_node = node;
		ui->data.graph_gen++;
		ui->data_fresh = true;
	}
	ui_message(ui, "undone");
	return UI_REQUERY | UI_REDRAW;
}

/* A regexp matching exactly name, for focus/ignore/hide. */
static void
ui_quote_regexp(struct strbuf *sb, const char *name)
{
	strbuf_addch(sb, '^');
	rx_quote(sb, name);
	strbuf_addch(sb, '$');
}

/* F, I, H: add the selected function to focus, ignore or hide. */
static int
ui_filter_selected(struct ui *ui, const char *option)
{
	struct ui_frame *f = ui_top(ui);
	const char *name = NULL;
	char *const *cur;
	struct strbuf re = STRBUF_INIT;
	int rc;

	if (f->ops->selected != NULL)
		name = f->ops->selected(ui, f->state);
	if (name == NULL || *name == '\0') {
		ui_error(ui, "no function selected");
		return UI_REDRAW;
	}
	cur = strcmp(option, "focus") == 0 ? &ui->o.q.focus :
	    strcmp(option, "ignore") == 0 ? &ui->o.q.ignore : &ui->o.q.hide;
	/* stack onto what is there: either regexp */
	if (*cur != NULL && **cur != '\0')
		strbuf_addf(&re, "%s|", *cur);
	ui_quote_regexp(&re, name);
	rc = ui_set_option(ui, option, re.buf);
	strbuf_release(&re);
	return rc;
}

/* s: the next sample type. */
static int
ui_next_sample(struct ui *ui)
{
	struct query *q = ui_data_query(ui);
	size_t next;

	if (q == NULL || ui->p->nsample_type < 2) {
		ui_message(ui, "the profile has one sample type");
		return UI_REDRAW;
	}
	next = (q->sample_index + 1) % ui->p->nsample_type;
	return ui_set_option(ui, "sample_index",
	    profile_str(ui->p, ui->p->sample_types[next].type));
}

/* d: the next granularity. */
static int
ui_next_granularity(struct ui *ui)
{
	static const char *const names[] = { "functions", "filefunctions",
	    "files", "lines", "addresses" };

	return ui_set_option(ui, "granularity",
	    names[(ui->o.q.granularity + 1) % 5]);
}

void
ui_set_profile(struct ui *ui, struct profile *p)
{
	/* nothing may point into the old profile: views, then queries */
	ui_close_views(ui);
	ui_data_reset(&ui->data);
	profile_free(ui->p);
	ui->p = p;
}

/* r: read the profile again (in the background, from a URL). */
static int
ui_reload(struct ui *ui)
{
	struct profile *p;
	char *cause = NULL;

	if (ui->fetch != NULL)
		return ui_fetch_start(ui);
	if ((p = load_profile(&ui->lr, &cause)) == NULL) {
		ui_error(ui, "reload: %s", cause);
		free(cause);
		return UI_REDRAW;
	}
	ui_set_profile(ui, p);
	ui_message(ui, "reloaded");
	return UI_REQUERY | UI_REDRAW;
}

/* R and D: only for a profile fetched from a URL. */
static int
ui_fetch_key(struct ui *ui, int (*fn)(struct ui *), const char *key)
{
	if (ui->fetch == NULL) {
		ui_message(ui, "%s: only for a profile fetched from a URL",
		    key);
		return UI_REDRAW;
	}
	return fn(ui);
}

bool
ui_search_match(struct ui *ui, const char *name)
{
	return ui->search != NULL && name != NULL &&
	    rx_match_str(ui->search, name);
}

/* Set the search from the prompt: a regexp, or the text literally. */
static void
ui_set_search(struct ui *ui, const char *text)
{
	struct strbuf lit = STRBUF_INIT;
	char *err = NULL;

	rx_free(ui->search);
	free(ui->search_text);
	ui->search_text = xstrdup(text);
	if ((ui->search = rx_compile(text, &err)) == NULL) {
		free(err);
		err = NULL;
		rx_quote(&lit, text);
		ui->search = rx_compile(lit.buf, &err);
		free(err);
		strbuf_release(&lit);
	}
}

static int
ui_search_step(struct ui *ui, int dir)
{
	struct ui_frame *f = ui_top(ui);

	if (ui->search == NULL) {
		ui_message(ui, "no search: / starts one");
		return UI_REDRAW;
	}
	if (f->ops->search == NULL) {
		ui_error(ui, "the %s view has no search", f->ops->name);
		return UI_REDRAW;
	}
	if (!f->ops->search(ui, f->state, dir))
		ui_error(ui, "no match for %s", ui->search_text);
	return UI_REDRAW;
}

/* What the prompt gave: a command or a search. */
static int
ui_prompt_done(struct ui *ui, int kind, const char *text)
{
	if (kind == ':')
		return ui_cmd_run(ui, text);
	if (*text == '\0')
		return UI_REDRAW;
	ui_set_search(ui, text);
	return ui_search_step(ui, 1);
}

static const struct ui_view_ops *const ui_views[] = {
	&ui_view_top, &ui_view_tree, &ui_view_inverted, &ui_view_peek,
	&ui_view_source, &ui_view_flame, &ui_view_labels, &ui_view_help,
};

/* The keys every view shares. */
static int
ui_global_key(struct ui *ui, int key)
{
	size_t i;

	for (i = 0; i < sizeof ui_views / sizeof ui_views[0]; i++)
		if (key == ui_views[i]->hotkey)
			return ui_push(ui, ui_views[i]);
	switch (key) {
	case 'q':
		return UI_QUIT;
	case UI_KEY_ESC:
	case KEY_BACKSPACE:
	case 127:
	case '\b':
	case KEY_LEFT:
	case 'h':
		return ui_pop(ui);
	case '/':
		ui_prompt_open(ui, '/', "");
		return UI_REDRAW;
	case ':':
		ui_prompt_open(ui, ':', "");
		return UI_REDRAW;
	case 'n':
		return ui_search_step(ui, 1);
	case 'N':
		return ui_search_step(ui, -1);
	case 'F':
		return ui_filter_selected(ui, "focus");
	case 'I':
		return ui_filter_selected(ui, "ignore");
	case 'H':
		return ui_filter_selected(ui, "hide");
	case 'u':
		return ui_undo(ui);
	case 's':
		return ui_next_sample(ui);
	case 'd':
		return ui_next_granularity(ui);
	case '%':
		return ui_set_option(ui, "relative_percentages",
		    ui->o.q.relative_percentages ? "false" : "true");
	case 'r':
		return ui_reload(ui);
	case 'R':
		return ui_fetch_key(ui, ui_fetch_toggle_auto, "R");
	case 'D':
		return ui_fetch_key(ui, ui_fetch_toggle_diff, "D");
	case UI_KEY_CTRL('l'):
		clearok(curscr, TRUE);
		return UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static const char *
ui_granularity_name(enum granularity g)
{
	static const char *const names[] = { "functions", "filefunctions",
	    "files", "lines", "addresses" };

	return names[g];
}

/* Rows 1 and 2: the profile and the options in force. */
static void
ui_draw_header(struct ui *ui)
{
	struct query *q = ui_data_query(ui);
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	ui_fill(ui, 1, 0, ui->cols, UI_NORMAL);
	ui_fill(ui, 2, 0, ui->cols, UI_NORMAL);
	if (q == NULL) {
		ui_put(ui, 1, 0, ui->cols, ui->data.error ? ui->data.error :
		    "no data", UI_ERROR);
		return;
	}
	strbuf_addf(&sb, "Type: %s  Total: ", q->sample_type);
	strbuf_addstr(&sb, query_format_value(q, q->total));
	if (ui->p->duration_nanos != 0) {
		strbuf_addstr(&sb, "  Duration: ");
		format_scaled(&sb, ui->p->duration_nanos, "nanoseconds",
		    "auto");
	}
	strbuf_addf(&sb, "  Samples: %zu  Granularity: %s", ui->p->nsample,
	    ui_granularity_name(ui->o.q.granularity));
	ui_put_clip(ui, 1, 0, ui->cols, sb.buf, UI_HEADER);
	strbuf_reset(&sb);
	if (ui->fetch != NULL)
		ui_fetch_header(ui, &sb);
	if (ui->diff)
		strbuf_addstr(&sb, "Diff: red grew, green shrank  ");
	if (ui->o.q.relative_percentages)
		strbuf_addstr(&sb, "Relative %  ");
	if (rx_incomplete())
		strbuf_addstr(&sb, "Incomplete: a regexp ran out of budget  ");
	if (q->nfilter == 0)
		strbuf_addstr(&sb, "Filters: none");
	else {
		strbuf_addstr(&sb, "Filters:");
		for (i = 0; i < q->nfilter; i++)
			strbuf_addf(&sb, " %s", q->filters[i]);
	}
	ui_put_clip(ui, 2, 0, ui->cols, sb.buf, rx_incomplete() ? UI_ERROR :
	    q->nfilter || ui->diff || ui->o.q.relative_percentages ||
	    ui_fetch_busy(ui) ? UI_KEY : UI_DIM);
	/* the profile's own words: perf's command line and host, a note */
	strbuf_reset(&sb);
	ui_comments(ui, &sb);
	if (sb.len > 0) {
		ui_fill(ui, 3, 0, ui->cols, UI_NORMAL);
		ui_put_clip(ui, 3, 0, ui->cols, sb.buf, UI_DIM);
	}
	strbuf_release(&sb);
}

static void
ui_draw_title(struct ui *ui)
{
	struct ui_frame *f = ui_top(ui);
	struct strbuf sb = STRBUF_INIT;
	const char *help = " ? help  q quit ";
	int hw = (int)strlen(help);

	ui_fill(ui, 0, 0, ui->cols, UI_TITLE);
	strbuf_addf(&sb, " cpv: %s", f->ops->name);
	if (f->ops->title != NULL) {
		strbuf_addstr(&sb, "  ");
		f->ops->title(ui, f->state, &sb);
	}
	ui_put_clip(ui, 0, 0, ui->cols - hw, sb.buf, UI_TITLE);
	if (ui->cols > hw + 20)
		ui_put(ui, 0, ui->cols - hw, hw, help, UI_TITLE);
	strbuf_release(&sb);
}

/*
 * The key bar, as htop and mc have one: the view's main keys, as many
 * as fit whole.
 */
static void
ui_draw_keys(struct ui *ui, const char *const *keys)
{
	int y = ui->rows - 1, x = 0, kw, ww;

	for (; keys != NULL && keys[0] != NULL && keys[1] != NULL;
	    keys += 2) {
		kw = (int)strlen(keys[0]);
		ww = (int)strlen(keys[1]);
		if (x + kw + 1 + ww > ui->cols)
			break;
		ui_put(ui, y, x, kw, keys[0], UI_KEY);
		ui_put(ui, y, x + kw + 1, ww, keys[1], UI_DIM);
		x += kw + 1 + ww + 2;
	}
}

/*
 * The last two rows: the selection's full name, then the status, the
 * prompt or the key bar.
 */
static void
ui_draw_bottom(struct ui *ui)
{
	struct ui_frame *f = ui_top(ui);
	const char *name = NULL;

	if (f->ops->selected != NULL)
		name = f->ops->selected(ui, f->state);
	ui_fill(ui, ui->rows - 2, 0, ui->cols, UI_STATUS);
	ui_put(ui, ui->rows - 2, 0, ui->cols, name ? name : "", UI_STATUS);
	ui_fill(ui, ui->rows - 1, 0, ui->cols, UI_NORMAL);
	if (ui->prompt_kind != 0)
		ui_prompt_draw(ui);
	else if (ui->status != NULL)
		ui_put_clip(ui, ui->rows - 1, 0, ui->cols, ui->status,
		    ui->status_error ? UI_ERROR : UI_NORMAL);
	else
		ui_draw_keys(ui, f->ops->keys);
}

static void
ui_draw(struct ui *ui)
{
	struct ui_frame *f = ui_top(ui);

	erase();
	if (ui->too_small) {
		ui_put(ui, 0, 0, ui->cols, "terminal too small", UI_ERROR);
		if (ui->rows > 1)
			ui_put(ui, 1, 0, ui->cols, "(q quits)", UI_NORMAL);
		refresh();
		return;
	}
	/* the body first: drawing may settle what the title says */
	f->ops->draw(ui, f->state, ui_top_rows(ui), ui_body_height(ui));
	ui_draw_title(ui);
	ui_draw_header(ui);
	ui_draw_bottom(ui);
	if (ui->prompt_kind == 0)
		curs_set(0);
	refresh();
}

static void
ui_resize(struct ui *ui)
{
	struct ui_frame *f = ui_top(ui);
	struct ui_list *l;

	getmaxyx(stdscr, ui->rows, ui->cols);
	ui->too_small = ui->rows < UI_MIN_ROWS || ui->cols < UI_MIN_COLS;
	if (f != NULL && f->state != NULL && f->ops->list != NULL &&
	    (l = f->ops->list(f->state)) != NULL)
		ui_list_clamp(l, ui_body_height(ui));
}

/* Offer a key to the prompt, the view, the list keys, the globals. */
static int
ui_key(struct ui *ui, int key)
{
	struct ui_frame *f = ui_top(ui);
	struct ui_list *l;
	int rc;

	if (ui->prompt_kind != 0) {
		int kind = ui->prompt_kind;

		rc = ui_prompt_key(ui, key);
		if (rc == UI_QUIT) {	/* the prompt's Enter */
			char *text = xstrdup(ui->prompt->buf);

			ui->prompt_kind = 0;
			rc = ui_prompt_done(ui, kind, text);
			free(text);
		}
		return rc;
	}
	if (ui->too_small)
		return key == 'q' ? UI_QUIT : UI_HANDLED;
	free(ui->status);
	ui->status = NULL;
	/* Esc stops a fetch before it goes back */
	if (key == UI_KEY_ESC && ui_fetch_busy(ui))
		return ui_fetch_stop(ui);
	if ((rc = f->ops->key(ui, f->state, key)) != UI_UNHANDLED)
		return rc;
	if (f->ops->list != NULL && (l = f->ops->list(f->state)) != NULL &&
	    (rc = ui_list_key(l, key, ui_body_height(ui))) != UI_UNHANDLED)
		return rc;
	if ((rc = ui_global_key(ui, key)) != UI_UNHANDLED)
		return rc;
	ui_message(ui, "unknown key: ? lists them");
	return UI_REDRAW;
}

/* Read a key: a character or a KEY_ code; ERR on a signal or timeout. */
static int
ui_read_key(void)
{
	wint_t wc;
	int rc = get_wch(&wc);

	if (rc == ERR)
		return ERR;
	/* characters that would read as KEY_ codes get a flag bit */
	if (rc != KEY_CODE_YES && wc >= KEY_MIN)
		return (int)wc | UI_KEY_CHAR;
	return (int)wc;
}

static int
ui_terminal_open(struct ui *ui, bool stdin_profile)
{
	const char *cs;

	if (stdin_profile || !isatty(STDIN_FILENO)) {
		/* the profile came on stdin: keys come from the terminal */
		if ((ui_tty_in = fopen("/dev/tty", "r")) == NULL)
			return -1;
	}
	ui_tty_out = stdout;
	ui_screen = newterm(NULL, ui_tty_out, ui_tty_in ? ui_tty_in : stdin);
	if (ui_screen == NULL)
		return -1;
	set_term(ui_screen);
	ui_curses_on = true;
	fatal_set_hook(ui_cleanup);
	ui_signals();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(200);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
	    BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	cs = nl_langinfo(CODESET);
	ui->utf8 = cs != NULL && strcmp(cs, "UTF-8") == 0;
	ui_colour_init(ui);
	ui_resize(ui);
	return 0;
}

static void
ui_terminal_close(void)
{
	ui_cleanup();
	if (ui_screen != NULL)
		delscreen(ui_screen);
	ui_screen = NULL;
	if (ui_tty_in != NULL)
		fclose(ui_tty_in);
	ui_tty_in = NULL;
}

/* A mouse event: the wheel scrolls, a click selects a row. */
static int
ui_mouse(struct ui *ui)
{
	struct ui_frame *f = ui_top(ui);
	struct ui_list *l;
	MEVENT ev;
	int y;

	if (getmouse(&ev) != OK)
		return UI_HANDLED;
	if (ev.bstate & BUTTON4_PRESSED)
		return ui_key(ui, KEY_UP);
	if (ev.bstate & BUTTON5_PRESSED)
		return ui_key(ui, KEY_DOWN);
	if (f->ops->list == NULL || (l = f->ops->list(f->state)) == NULL)
		return UI_HANDLED;
	y = ev.y - l->y;
	if (y < 0 || ev.y >= ui_top_rows(ui) + ui_body_height(ui) ||
	    l->top + (size_t)y >= l->n)
		return UI_HANDLED;
	l->cur = l->top + (size_t)y;
	return UI_REDRAW;
}

/*
 * Each re-query frees a query's arrays and allocates the next one's, of
 * about the same sizes.  glibc gives big blocks back to the system on
 * free and takes fresh ones on malloc, and touching fresh pages costs as
 * much as the work on them (more in a virtual machine).  The viewer keeps
 * what it freed for the next query instead: blocks up to the largest
 * mmap threshold come from the heap, and the heap is not trimmed.
 */
static void
ui_keep_memory(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
}

/*
 * The first re-queries still touch fresh memory: the heap grows until it
 * holds the query, the one kept for undo and the next one, and their
 * trees.  While the viewer waits for a key, it touches that much in
 * slices and gives it back to malloc, which keeps it (above), so that
 * the first F, s or d does not pay for it.  A key stops the warming; what
 * was touched stays.  ui_warm_plan() sizes it from the memory the first
 * screen took (twice that, at most UI_WARM_MAX).
 */
#define UI_WARM_SLICE	((size_t)2 << 20)
#define UI_WARM_MAX	((size_t)256 << 20)

static struct {
	void	**v;
	size_t	 n, want;	/* slices */
	size_t	 done;		/* bytes warmed */
	bool	 told;		/* in the log, or stopped by a key */
} ui_warm;

#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
static size_t
ui_heap_used(void)
{
	return mallinfo2().uordblks;
}

static void
ui_warm_plan(size_t before)
{
	struct mallinfo2 mi = mallinfo2();
	size_t want = 0;

	/* twice the first screen's memory, less what the heap has free */
	if (mi.uordblks > before && 2 * (mi.uordblks - before) > mi.fordblks)
		want = 2 * (mi.uordblks - before) - mi.fordblks;
	if (want > UI_WARM_MAX)
		want = UI_WARM_MAX;
	ui_warm.want = want / UI_WARM_SLICE;
	if (ui_warm.want > 0)
		ui_warm.v = xcalloc(ui_warm.want, sizeof *ui_warm.v);
}
#else
/* Without glibc's counts there is no knowing how much: no warming. */
static size_t
ui_heap_used(void)
{
	return 0;
}

static void
ui_warm_plan(size_t before)
{
	(void)before;
}
#endif

/* Give the warmed slices back to malloc: a key came, or all are done. */
static void
ui_warm_end(void)
{
	ui_warm.done = ui_warm.n * UI_WARM_SLICE;
	while (ui_warm.n > 0)
		free(ui_warm.v[--ui_warm.n]);
	free(ui_warm.v);
	ui_warm.v = NULL;
	ui_warm.want = 0;
}

/* Touch one more slice; false when there is nothing left to do. */
static bool
ui_warm_step(void)
{
	volatile char *slice;
	size_t o;

	if (ui_warm.n >= ui_warm.want || (slice = malloc(UI_WARM_SLICE)) ==
	    NULL) {
		ui_warm_end();
		return false;
	}
	/* a write a page (not a memset of zeros: that may become calloc) */
	for (o = 0; o < UI_WARM_SLICE; o += 4096)
		slice[o] = 1;
	ui_warm.v[ui_warm.n++] = (void *)slice;
	return true;
}

int
tui_run(struct profile *p, const struct options *o,
    const struct load_request *lr)
{
	struct ui ui;
	struct strbuf prompt = STRBUF_INIT;
	int key = ERR, rc = 0, r;
	size_t i, heap0;
	bool dirty = true, stdin_profile = false;
	uint64_t t0 = 0, t1 = 0;

	memset(&ui, 0, sizeof ui);
	ui_keep_memory();
	ui_data_reset(&ui.data);
	ui.p = p;
	ui.lr = *lr;
	ui.diff = lr->nbase > 0;
	ui.prompt = &prompt;
	options_copy(&ui.o, o);
	for (i = 0; i < lr->npaths; i++)
		if (strcmp(lr->paths[i], "-") == 0)
			stdin_profile = true;
	if (ui_terminal_open(&ui, stdin_profile) == -1) {
		fprintf(stderr, "cpv: cannot open the terminal for the "
		    "viewer\n");
		options_release(&ui.o);
		profile_free(p);
		return 1;
	}
	warn_set_hook(ui_on_warning, &ui);
	heap0 = ui_heap_used();
	if (ui_data_query(&ui) == NULL) {
		/* a bad option of the command line */
		ui_terminal_close();
		fprintf(stderr, "cpv: %s\n", ui.data.error);
		ui_data_reset(&ui.data);
		options_release(&ui.o);
		profile_free(p);
		return 1;
	}
	ui.cancel_off = true;	/* there is nothing to go back to */
	ui_push(&ui, &ui_view_top);
	ui.cancel_off = false;
	ui_warm_plan(heap0);
	ui.fetch = ui_fetch_create(&ui, o->refresh);
	ui_log_open();
	while (!ui_stop) {
		if (dirty) {
			ui_draw(&ui);
			ui_log_key(key, t0, t1);
		}
		dirty = false;
		key = ui_read_key();
		/* a fetch in the background: done, due, or its clock */
		if ((r = ui_fetch_poll(&ui)) != 0) {
			if (r & UI_REQUERY)
				ui_requery_now(&ui);
			dirty = true;
		}
		if (key == ERR) {
			/* idle: warm a slice, and look for a key at once */
			if (ui_warm.want > 0) {
				timeout(ui_warm_step() ? 0 : 200);
				continue;
			}
			if (!ui_warm.told && ui_log != NULL) {
				fprintf(ui_log, "warmed %zu MB\n",
				    ui_warm.done >> 20);
				fflush(ui_log);
			}
			ui_warm.told = true;
			continue;
		}
		ui_warm.told = true;	/* a key came first */
		if (ui_warm.want > 0) {
			ui_warm_end();
			timeout(200);
		}
		t0 = ui_now_us();
		if (ui_log != NULL) {
			ui_log_cpu0 = timing_us(CLOCK_PROCESS_CPUTIME_ID);
			ui_log_flt0 = ui_minflt();
		}
		if (key == KEY_RESIZE) {
			ui_resize(&ui);
			dirty = true;
			t1 = ui_now_us();
			continue;
		}
		r = key == KEY_MOUSE ? ui_mouse(&ui) : ui_key(&ui, key);
		if (r & UI_QUIT)
			break;
		if (r & UI_REQUERY)
			ui_requery_now(&ui);
		t1 = ui_now_us();
		dirty = true;
	}
	ui_warm_end();
	ui_log_close();
	ui_fetch_free(ui.fetch);
	warn_set_hook(NULL, NULL);
	ui_terminal_close();
	if (ui_stop)
		rc = 130;
	for (i = 0; i < ui.nstack; i++)
		if (ui.stack[i].state != NULL)
			ui.stack[i].ops->close(ui.stack[i].state);
	ui_data_reset(&ui.data);
	for (i = 0; i < ui.nundo; i++)
		options_release(&ui.undo[i]);
	for (i = 0; i < ui.nhistory; i++)
		free(ui.history[i]);
	options_release(&ui.o);
	rx_free(ui.search);
	free(ui.search_text);
	free(ui.selected);
	free(ui.status);
	strbuf_release(&prompt);
	profile_free(ui.p);
	return rc;
}
