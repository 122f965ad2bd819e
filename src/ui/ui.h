/*
 * ui.h: the ncurses viewer's private header, shared by src/ui/ only.
 *
 * The UI is a loop (ui.c) over views.  A view is one file and one table of
 * functions, struct ui_view_ops: it builds its rows from the engine's data
 * when it opens (ui-data.c keeps the queries, context trees and listings
 * the views share, and rebuilds them only when the options change), then
 * draws and answers keys.  Key handlers never draw: they return
 * UI_HANDLED, UI_REDRAW, UI_REQUERY or UI_QUIT, and the loop redraws,
 * re-queries or quits in one place.
 *
 * Every string from a profile is cleaned (vis.h) before it reaches
 * curses, and shortened by display columns, never by bytes.
 */
#ifndef CPV_UI_H
#define CPV_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "load.h"
#include "options.h"

struct profile;
struct query;
struct query_ctree;
struct rx;
struct strbuf;
struct ui;
struct ui_fetch;

/* What a key handler asks of the loop. */
enum ui_result {
	UI_UNHANDLED =	0,
	UI_HANDLED =	(1 << 0),
	UI_REDRAW =	(1 << 1),
	UI_REQUERY =	(1 << 2),	/* options changed: rebuild the data */
	UI_QUIT =	(1 << 3),
};

/* Keys beyond curses' own. */
#define UI_KEY_ESC	27
#define UI_KEY_CTRL(c)	((c) & 0x1f)
/* A typed character at or above KEY_MIN, not a function key. */
#define UI_KEY_CHAR	0x40000000

/* Semantic colour roles; one table per theme in ui-colour.c. */
#define UI_COLOURS(X)							\
	X(NORMAL)	X(HEADER)	X(TITLE)	X(STATUS)	\
	X(ERROR)	X(SELECTED)	X(DIM)		X(MATCH)	\
	X(HEAT1)	X(HEAT2)	X(HEAT3)	X(HEAT4)	\
	X(GROW)		X(SHRINK)	X(KEY)		X(FRAME0)	\
	X(FRAME1)	X(FRAME2)	X(FRAME3)	X(FRAME4)	\
	X(FRAME5)	X(FRAME6)	X(FRAME7)	X(FGROW)	\
	X(FSHRINK)	X(SORTED)
enum ui_colour {
#define UI_COLOUR_ENUM(n) UI_##n,
	UI_COLOURS(UI_COLOUR_ENUM)
#undef UI_COLOUR_ENUM
	UI_NCOLOUR
};
#define UI_NFRAME_COLOUR 8

/*
 * The engine's data for the current options, built on first use and
 * dropped together when the options change (ui_data_reset).  Views borrow
 * it; they copy what they keep across a re-query (the selected name).
 */
struct ui_data {
	struct query		*q;		/* the report options */
	uint32_t		 graph_node;	/* NONE: q->graph is -top's,
						   trimmed; else peek's, the
						   edges of this node alone */
	unsigned		 graph_gen;	/* counts graph builds */
	struct query_ctree	*tree;		/* top-down */
	struct query_ctree	*inverted;
	struct query		*q_lines;	/* line granularity, for source */
	char			*error;		/* the last build's error */
	/*
	 * The query of the options before the last change, kept so that
	 * u (undo) is instant: valid while the undo stack holds undo_at
	 * entries, its graph built for undo_node as graph_node says.
	 */
	struct query		*undo_q;
	size_t			 undo_at;
	uint32_t		 undo_node;
};

/* One row list with a cursor: the movement every list view shares. */
struct ui_list {
	size_t	n;		/* rows */
	size_t	cur;		/* selected row (0 if n == 0) */
	size_t	top;		/* first row on screen */
	int	y;		/* its screen row, as last drawn (the mouse) */
};

struct ui_view_ops {
	const char	*name;		/* "top", "tree", ... */
	int		 hotkey;	/* the key that opens it */
	/* Build the view's state from ui->data and ui->selected; NULL
	   with ui_error() set if it cannot open. */
	void		*(*open)(struct ui *);
	void		 (*close)(void *);
	/* Draw in rows [y, y + h) of the screen. */
	void		 (*draw)(struct ui *, void *, int y, int h);
	int		 (*key)(struct ui *, void *, int key);
	/* The title line's text after the view's name. */
	void		 (*title)(struct ui *, void *, struct strbuf *);
	/* Search: move to the next (dir 1) or previous (-1) row whose name
	   matches ui->search; false if none.  NULL: no search. */
	bool		 (*search)(struct ui *, void *, int dir);
	/* The row list to move with the common keys, or NULL. */
	struct ui_list	*(*list)(void *);
	/* The selected function's name (borrowed), or NULL. */
	const char	*(*selected)(struct ui *, void *);
	/* The key bar's hints: a key, what it does, ..., then NULL. */
	const char *const *keys;
};

extern const struct ui_view_ops ui_view_top;
extern const struct ui_view_ops ui_view_tree;
extern const struct ui_view_ops ui_view_inverted;
extern const struct ui_view_ops ui_view_peek;
extern const struct ui_view_ops ui_view_source;
extern const struct ui_view_ops ui_view_flame;
extern const struct ui_view_ops ui_view_flame_inverted;
extern const struct ui_view_ops ui_view_labels;
extern const struct ui_view_ops ui_view_help;

/* A view on the back-stack. */
struct ui_frame {
	const struct ui_view_ops	*ops;
	void				*state;
};

#define UI_MAX_STACK	64
#define UI_MAX_UNDO	64
#define UI_HISTORY	100

struct ui {
	/* input: the command line's options and what to reload */
	struct load_request	 lr;
	struct profile		*p;
	struct options		 o;		/* current options */
	struct options		 undo[UI_MAX_UNDO];
	size_t			 nundo;
	struct ui_data		 data;
	bool			 data_fresh;	/* made for the new options */
	bool			 cancel_off;	/* builds that must finish */
	struct ui_fetch		*fetch;		/* NULL: no URL among the
						   sources (ui-fetch.c) */

	/* views: stack[nstack - 1] is on screen */
	struct ui_frame		 stack[UI_MAX_STACK];
	size_t			 nstack;
	char			*selected;	/* function carried across
						   views (owned) */

	/* screen */
	int			 rows, cols;
	bool			 utf8;
	bool			 colour;
	bool			 too_small;
	bool			 diff;		/* values are signed changes */
	int			 bars;		/* the top table's bar column:
						   1 shown, -1 hidden, 0 where
						   there is room (b) */
	char			*status;	/* message line (owned) */
	bool			 status_error;

	/* search */
	char			*search_text;	/* owned */
	struct rx		*search;

	/* the prompt (: or /), active when prompt_kind != 0 */
	int			 prompt_kind;
	struct strbuf		*prompt;
	size_t			 prompt_pos;	/* byte offset of the cursor */
	char			*history[UI_HISTORY];
	size_t			 nhistory;
	size_t			 history_pos;
};

/* ui.c (tui_run() in tui.h starts it) */
void	ui_message(struct ui *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	ui_error(struct ui *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Open a view on top of the current one (the back-stack), at the
 * selection carried from the current view, or at the function called
 * name (ui_push_at).
 */
int	ui_push(struct ui *, const struct ui_view_ops *);
int	ui_push_at(struct ui *, const struct ui_view_ops *, const char *name);
/*
 * Say on the status line, at once, that something slow is being built
 * (the one drawing outside the loop: a screen must not look frozen).
 */
void	ui_busy(struct ui *, const char *what);
/* Let Esc stop the builds that can be stopped (cancel.h), or not. */
void	ui_cancellable(struct ui *, bool on);
/* Replace the selection carried across views. */
void	ui_select(struct ui *, const char *name);
/* Apply one option change as a filter step that `u` can undo. */
int	ui_set_option(struct ui *, const char *name, const char *value);
int	ui_undo(struct ui *);
/* Make next (taken) the options if a query builds with them. */
int	ui_apply_options(struct ui *, struct options *next);
/* Rebuild the data and the view on screen for the options now. */
void	ui_requery_now(struct ui *);
/* Show p (taken) instead of ui->p: the views reopen, the data rebuilds. */
void	ui_set_profile(struct ui *, struct profile *p);
void	*ui_view_state(struct ui *);

/* ui-data.c: no curses here. */
void		 ui_data_reset(struct ui_data *);
struct query	*ui_data_query(struct ui *);
/* The top table's trimmed graph. */
struct query	*ui_data_graph(struct ui *);
/*
 * Build q's graph: the top table's (node NONE) or peek's (node's edges
 * alone), with a busy line; Esc stops it.  False if stopped (no graph).
 */
bool		 ui_data_build(struct ui *, struct query *q, uint32_t node);
/* A graph of any kind: its nodes have their values and order. */
struct query	*ui_data_values(struct ui *);
/* The untrimmed graph with the edges of node n alone (peek). */
struct query	*ui_data_peek(struct ui *, uint32_t n);
struct query_ctree *ui_data_tree(struct ui *, bool inverted);
struct query	*ui_data_lines(struct ui *);
/* The query options of a report kind, from the current options. */
void		 ui_data_options(const struct ui *, enum report_kind,
		    struct query_options *);

/*
 * ui-data.c: the context of the selected function where most of its value
 * goes (query_ctree_find()), or NONE when it has none that carries at
 * least a quarter of it (a function spread over many call paths, said on
 * the status line).
 */
uint32_t	 ui_data_find_selected(struct ui *, struct query_ctree *);

/* ui-list.c: the common movement keys; UI_UNHANDLED if not one. */
int	ui_list_key(struct ui_list *, int key, int height);
void	ui_list_clamp(struct ui_list *, int height);
void	ui_list_set(struct ui_list *, size_t cur, int height);

/* ui-draw.c */
void	ui_colour_init(struct ui *);
int	ui_attr(const struct ui *, enum ui_colour);
/* Draw s (cleaned here) at (y, x) in at most w columns. */
void	ui_put(struct ui *, int y, int x, int w, const char *s,
	    enum ui_colour);
/* Columns s takes once cleaned. */
int	ui_width(struct ui *, const char *s);
/*
 * Clean s and shorten it to w columns: in the middle (names keep their
 * start and their end), or cut at the end (ui_fit_how, middle false).
 */
void	ui_fit(struct ui *, struct strbuf *, const char *s, int w);
void	ui_fit_how(struct ui *, struct strbuf *, const char *s, int w,
	    bool middle);
/* ui_put, cutting at the end: headers, prose. */
void	ui_put_clip(struct ui *, int y, int x, int w, const char *s,
	    enum ui_colour);
/* Fill row y from column x with spaces in colour c. */
void	ui_fill(struct ui *, int y, int x, int w, enum ui_colour);
/* A value and a percentage of the total, as the reports print them. */
const char *ui_value(struct ui *, struct query *, int64_t);
const char *ui_percent(int64_t, int64_t);
/*
 * The colour of a value's heat (share of total) or, in a diff, of its
 * sign: dim when nothing changed.
 */
enum ui_colour ui_heat(const struct ui *, int64_t v, int64_t total);
/* Why a table or tree is empty: a diff without change, or the filters. */
const char *ui_empty_message(const struct ui *);
/* Tree glyphs: "├─", "└─", "│ ", "▸", "▾" or ASCII. */
const char *ui_glyph(const struct ui *, int which);
enum { UI_G_TEE, UI_G_LAST, UI_G_BAR, UI_G_CLOSED, UI_G_OPEN, UI_G_DOTS };

/* ui-prompt.c */
void	ui_prompt_open(struct ui *, int kind, const char *init);
int	ui_prompt_key(struct ui *, int key);
void	ui_prompt_draw(struct ui *);

/* ui-cmd.c: run a `:` command line; errors go to the status line. */
int	ui_cmd_run(struct ui *, const char *line);
/* The help text's lines (keys and commands), for the help view. */
size_t	ui_cmd_help(const char *const **lines);

/*
 * ui-fetch.c: sources fetched from URLs.  ui_fetch_create() is NULL when
 * no source is a URL; the others need one.  Results are ui_result flags
 * (ui_fetch_poll(): 0 when nothing changed).
 */
struct ui_fetch	*ui_fetch_create(struct ui *, int refresh);
void	 ui_fetch_free(struct ui_fetch *);
int	 ui_fetch_start(struct ui *);		/* r */
int	 ui_fetch_toggle_auto(struct ui *);	/* R */
int	 ui_fetch_toggle_diff(struct ui *);	/* D */
int	 ui_fetch_stop(struct ui *);		/* Esc while busy */
bool	 ui_fetch_busy(const struct ui *);
/* Each turn of the loop: a finished fetch, a due refresh, the clock. */
int	 ui_fetch_poll(struct ui *);
/* The header's words on the source, its last fetch and the refresh. */
void	 ui_fetch_header(struct ui *, struct strbuf *);

/* ui.c: search */
bool	ui_search_match(struct ui *, const char *name);

#endif
