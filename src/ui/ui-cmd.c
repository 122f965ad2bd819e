/*
 * ui-cmd.c: the `:` command line and the help text.
 *
 * A line is "name=value" (any option of pprof's configuration, as the
 * text shell takes it: focus=RE, sample_index=alloc_space, nodecount=20,
 * granularity=lines, relative_percentages=true; an empty value clears a
 * filter), a bare option or choice ("cum", "lines"), or a command below,
 * found by its name or a unique prefix.  Options set here are undone by
 * `u` like the filter keys.  A bad line leaves everything as it was and
 * says why on the status line.
 */
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "query.h"
#include "rx.h"
#include "strbuf.h"
#include "ui.h"
#include "xmalloc.h"

#define UI_CMD_MAXARGS	16

struct ui_cmd {
	const char	*name;
	const char	*usage;
	const char	*help;
	int		(*exec)(struct ui *, char **, int);
};

/* Open view ops, first selecting the first function matching argv[1]. */
static int
ui_cmd_view_regexp(struct ui *ui, char **argv, int argc,
    const struct ui_view_ops *ops)
{
	struct query *q;
	struct rx *rx;
	char *err = NULL;
	uint32_t best = QUERY_NONE;
	size_t i;

	if (argc > 1) {
		if ((rx = rx_compile(argv[1], &err)) == NULL) {
			ui_error(ui, "parsing argument regexp %s: %s", argv[1],
			    err);
			free(err);
			return UI_REDRAW;
		}
		if ((q = ui_data_values(ui)) == NULL) {
			rx_free(rx);
			ui_error(ui, "%s", ui->data.error);
			return UI_REDRAW;
		}
		/* the hottest match, trimmed away from the table or not */
		for (i = 0; i < q->nnode; i++)
			if (rx_match_str(rx, q->nodes[i].name) &&
			    (best == QUERY_NONE ||
			    query_abs64(query_node_cum(&q->nodes[i])) >
			    query_abs64(query_node_cum(&q->nodes[best]))))
				best = (uint32_t)i;
		rx_free(rx);
		if (best == QUERY_NONE) {
			ui_error(ui, "no matches found for regexp: %s",
			    argv[1]);
			return UI_REDRAW;
		}
		return ui_push_at(ui, ops, q->nodes[best].name);
	}
	return ui_push(ui, ops);
}

static int
ui_cmd_top(struct ui *ui, char **argv, int argc)
{
	struct options next;
	char *cause = NULL, *end;
	int i, rc = UI_REDRAW;
	long n;

	options_copy(&next, &ui->o);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-cum") == 0)
			next.q.cum = true;
		else if (strcmp(argv[i], "-flat") == 0)
			next.q.cum = false;
		else if ((n = strtol(argv[i], &end, 10)) >= 0 && *end == '\0' &&
		    end != argv[i] && n < 1000000)
			next.q.nodecount = (int)n;
		else if (options_set(&next, "focus", argv[i], &cause) == -1) {
			ui_error(ui, "%s", cause);
			free(cause);
			options_release(&next);
			return UI_REDRAW;
		}
	}
	if (argc > 1)
		rc = ui_apply_options(ui, &next);
	else
		options_release(&next);
	if (rc & UI_REQUERY) {
		/* the data is rebuilt first: the view opens after it */
		ui_requery_now(ui);
		rc &= ~UI_REQUERY;
	}
	return rc | ui_push(ui, &ui_view_top);
}

static int
ui_cmd_tree(struct ui *ui, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	return ui_push(ui, &ui_view_tree);
}

static int
ui_cmd_inverted(struct ui *ui, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	return ui_push(ui, &ui_view_inverted);
}

static int
ui_cmd_peek(struct ui *ui, char **argv, int argc)
{
	return ui_cmd_view_regexp(ui, argv, argc, &ui_view_peek);
}

static int
ui_cmd_list(struct ui *ui, char **argv, int argc)
{
	return ui_cmd_view_regexp(ui, argv, argc, &ui_view_source);
}

static int
ui_cmd_flame(struct ui *ui, char **argv, int argc)
{
	return ui_cmd_view_regexp(ui, argv, argc, &ui_view_flame);
}

static int
ui_cmd_labels(struct ui *ui, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	return ui_push(ui, &ui_view_labels);
}

static int
ui_cmd_help_view(struct ui *ui, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	return ui_push(ui, &ui_view_help);
}

static int
ui_cmd_quit(struct ui *ui, char **argv, int argc)
{
	(void)ui;
	(void)argv;
	(void)argc;
	return UI_QUIT;
}

/* reset: every option back to the command line's; undoable. */
static int
ui_cmd_reset(struct ui *ui, char **argv, int argc)
{
	struct options next;
	size_t i;

	(void)argv;
	(void)argc;
	/* the first undo step holds the options cpv started with */
	if (ui->nundo == 0) {
		ui_message(ui, "the options are the command line's");
		return UI_REDRAW;
	}
	options_copy(&next, &ui->undo[0]);
	for (i = 0; i < ui->nundo; i++)
		options_release(&ui->undo[i]);
	ui->nundo = 0;
	options_release(&ui->o);
	ui->o = next;
	ui_message(ui, "options reset to the command line's");
	return UI_REQUERY | UI_REDRAW;
}

static int
ui_cmd_undo(struct ui *ui, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	return ui_undo(ui);
}

static const struct ui_cmd ui_cmds[] = {
	{ "top", "top [n] [-cum|-flat] [regexp]", "the top table: n rows, "
	    "sorted by cum or flat, focused on regexp", ui_cmd_top },
	{ "tree", "tree", "the call tree", ui_cmd_tree },
	{ "inverted", "inverted", "the inverted tree (callers)",
	    ui_cmd_inverted },
	{ "peek", "peek [regexp]", "callers and callees of the first "
	    "function matching regexp", ui_cmd_peek },
	{ "list", "list [regexp]", "the source of the first function "
	    "matching regexp", ui_cmd_list },
	{ "flame", "flame [regexp]", "the flame graph", ui_cmd_flame },
	{ "labels", "labels", "label keys and values (as -tags)",
	    ui_cmd_labels },
	{ "tags", "tags", "the same as labels", ui_cmd_labels },
	{ "reset", "reset", "every option back to the command line's",
	    ui_cmd_reset },
	{ "undo", "undo", "undo the last filter or option change",
	    ui_cmd_undo },
	{ "help", "help", "keys and commands", ui_cmd_help_view },
	{ "quit", "quit", "leave cpv (also exit, q)", ui_cmd_quit },
	{ "exit", "exit", NULL, ui_cmd_quit },
};
#define UI_NCMD (sizeof ui_cmds / sizeof ui_cmds[0])

/* The command called name or of which it is the only prefix. */
static const struct ui_cmd *
ui_cmd_find(const char *name, bool *ambiguous)
{
	const struct ui_cmd *found = NULL;
	size_t i, n = strlen(name);

	*ambiguous = false;
	for (i = 0; i < UI_NCMD; i++) {
		if (strcmp(ui_cmds[i].name, name) == 0)
			return &ui_cmds[i];
		if (strncmp(ui_cmds[i].name, name, n) == 0) {
			if (found != NULL)
				*ambiguous = true;
			found = &ui_cmds[i];
		}
	}
	return *ambiguous ? NULL : found;
}

int
ui_cmd_run(struct ui *ui, const char *line)
{
	char *buf = xstrdup(line), *s = buf, *argv[UI_CMD_MAXARGS], *eq;
	const struct ui_cmd *c;
	struct options probe;
	char *cause = NULL;
	bool ambiguous;
	int argc = 0, rc;

	while (*s != '\0' && argc < UI_CMD_MAXARGS) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (*s == '\0')
			break;
		argv[argc++] = s;
		while (*s != '\0' && *s != ' ' && *s != '\t')
			s++;
	}
	if (argc == 0) {
		free(buf);
		return UI_REDRAW;
	}
	if (strcmp(argv[0], "q") == 0) {
		free(buf);
		return UI_QUIT;
	}
	/* name=value: the value is the rest of the line, spaces and all */
	if ((eq = strchr(line, '=')) != NULL && strchr(argv[0], '=') != NULL) {
		char *name = xstrndup(line + strspn(line, " \t"),
		    (size_t)(eq - line) - strspn(line, " \t"));

		rc = ui_set_option(ui, name, eq + 1);
		free(name);
		free(buf);
		return rc;
	}
	if ((c = ui_cmd_find(argv[0], &ambiguous)) != NULL) {
		rc = c->exec(ui, argv, argc);
		free(buf);
		return rc;
	}
	/* a bare option or choice: cum, flat, lines, noinlines, ... */
	options_copy(&probe, &ui->o);
	if (argc == 1 && options_set(&probe, argv[0], NULL, &cause) == 0) {
		options_release(&probe);
		rc = ui_set_option(ui, argv[0], NULL);
		free(buf);
		return rc;
	}
	options_release(&probe);
	free(cause);
	if (ambiguous)
		ui_error(ui, "ambiguous command: %s", argv[0]);
	else
		ui_error(ui, "unknown command: %s (:help lists them)", argv[0]);
	free(buf);
	return UI_REDRAW;
}

static const char *const ui_help_lines[] = {
	"Views",
	"  t            top table (o: sort by flat, cum or name;",
	"               b: bars of flat and cum on or off)",
	"  c            call tree, from the roots",
	"  i            inverted tree: hot functions, then their callers",
	"  p            peek: callers and callees of the selection",
	"  l            source of the selection, hot lines highlighted",
	"  f            flame graph (x: rooted at the leaves, y: icicle,",
	"               m: colour by heat or package)",
	"  T            labels: tag keys and values; Enter focuses on one",
	"  ?            this help",
	"",
	"Moving",
	"  Up/Down j/k  previous/next row     PgUp/PgDn  a screen",
	"  Home/End g/G first/last row        Enter      open the selection",
	"  Right/Left   expand/collapse (trees), next/previous frame",
	"               (flame graph)",
	"  e            expand the hottest path (trees)   E  collapse all",
	"  Esc, Bksp    back to the previous view (or zoom out, peek back);",
	"               while the status line says (Esc stops), Esc stops",
	"               the work and keeps the screen and options as they were",
	"  mouse        the wheel scrolls, a click selects",
	"",
	"Search",
	"  /            search names (a regexp, or the text as it is",
	"               when it is not a valid regexp)",
	"  n, N         next, previous match",
	"",
	"Filters and options (u undoes each)",
	"  F, I, H      focus on, ignore, hide the selected function",
	"  u            undo the last filter or option change",
	"  s            next sample type (sample_index)",
	"  d            next granularity: functions, filefunctions, files,",
	"               lines, addresses",
	"  %            relative percentages on or off",
	"  r            reload the profile from its file, or fetch it",
	"               again from its URL (in the background; the header",
	"               says when; Esc stops a fetch)",
	"  R            fetch the URL again every -refresh seconds (10),",
	"               showing the change since the previous fetch",
	"  D            diff against the previous fetch on or off",
	"  :            command line (Up/Down: history)",
	"  q            quit",
	"",
	"Commands (a unique prefix is enough)",
	NULL,	/* the command table goes here */
	"",
	"  name=value   set an option: focus=, ignore=, hide=, show=,",
	"               show_from=, tagfocus=, tagignore=, sample_index=,",
	"               granularity=, nodecount=, relative_percentages=,",
	"               ... (pprof's names; an empty value clears)",
	"  cum, flat, lines, files, ...   a choice by its name",
};

size_t
ui_cmd_help(const char *const **out)
{
	static const char **lines;
	static size_t n;
	size_t i, k;

	if (lines == NULL) {
		size_t total = sizeof ui_help_lines / sizeof ui_help_lines[0] +
		    UI_NCMD;

		lines = xcalloc(total, sizeof *lines);
		for (i = 0; i < sizeof ui_help_lines / sizeof ui_help_lines[0];
		    i++) {
			if (ui_help_lines[i] != NULL) {
				lines[n++] = ui_help_lines[i];
				continue;
			}
			for (k = 0; k < UI_NCMD; k++)
				if (ui_cmds[k].help != NULL)
					lines[n++] = xasprintf("  %-30s %s",
					    ui_cmds[k].usage, ui_cmds[k].help);
		}
	}
	*out = lines;
	return n;
}
