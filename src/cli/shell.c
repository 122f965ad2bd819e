/*
 * shell.c: pprof's interactive commands, read one a line.
 *
 * This is `go tool pprof PROFILE < commands` with standard input not a
 * terminal (pprof's stdUI): the prompt "(pprof) " and the reports go to
 * standard output; the greeting, help, the option listing, "Generating
 * report in" and every error go to standard error.  A bad command never
 * stops the shell, and the exit status is 0 as pprof's.
 *
 * A line is first expanded as a shortcut (":" clears the filters, a
 * sample type's name selects it), then taken as "name=value" if name is
 * an option, then as a command with its arguments.  Options set with
 * name=value hold for all later commands; a command's arguments (a node
 * count, focus and -ignore regexps, -cum, >file) only for that command.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "options.h"
#include "profile.h"
#include "query.h"
#include "report.h"
#include "rx.h"
#include "shell.h"
#include "sort.h"
#include "strbuf.h"
#include "vis.h"
#include "xmalloc.h"

#define SHELL_PROMPT	"(pprof) "
/* "//:" starts a comment in an option's value */
#define SHELL_COMMENT	"//:"

enum shell_usage {
	USAGE_NONE,
	USAGE_REPORT,		/* pprof's reportHelp: [n] [regexps] */
	USAGE_LIST,		/* pprof's listHelp: <func_regex|address> */
	USAGE_TEXT,		/* the text in usage */
};

enum shell_cmd_flags {
	CMD_PARAM =	(1 << 0),	/* needs a regexp argument */
	CMD_CUM =	(1 << 1),	/* usage mentions -cum */
	CMD_REDIRECT =	(1 << 2),	/* usage mentions >f */
};

/*
 * pprof's commands and cpv's own (folded, csv), in name order.  Those
 * with kind REPORT_NONE (graphs for a viewer, GIF and PS)
 * are pprof's that cpv does not run: help leaves them out and running
 * one says so.  temp: pprof never writes this format to the terminal:
 * without an output file it goes to a new profileNNN.<temp> file.
 */
static const struct shell_cmd {
	const char		*name;
	enum report_kind	 kind;
	int			 flags;	/* enum shell_cmd_flags */
	enum shell_usage	 usage;
	const char		*temp;
	const char		*description;
	const char		*text;		/* USAGE_TEXT */
} shell_cmds[] = {
	{ "callgrind", REPORT_CALLGRIND, CMD_REDIRECT, USAGE_REPORT,
	    "callgraph.out", "Outputs a graph in callgrind format", NULL },
	{ "comments", REPORT_COMMENTS, 0, USAGE_NONE, NULL,
	    "Output all profile comments", NULL },
	{ "csv", REPORT_CSV, CMD_CUM | CMD_REDIRECT, USAGE_REPORT, NULL,
	    "Outputs the top table as CSV", NULL },
	{ "disasm", REPORT_DISASM, CMD_PARAM | CMD_REDIRECT, USAGE_LIST, NULL,
	    "Output assembly listings annotated with samples", NULL },
	{ "dot", REPORT_DOT, CMD_REDIRECT, USAGE_REPORT, NULL,
	    "Outputs a graph in DOT format", NULL },
	{ "eog", REPORT_NONE, 0, USAGE_REPORT, NULL,
	    "Visualize graph through eog", NULL },
	{ "evince", REPORT_NONE, 0, USAGE_REPORT, NULL,
	    "Visualize graph through evince", NULL },
	{ "folded", REPORT_FOLDED, CMD_REDIRECT, USAGE_TEXT, NULL,
	    "Outputs folded stacks (frame;frame;frame value)",
	    "folded [focus_regex]* [-ignore_regex]* >f\n"
	    "Include samples matching focus_regex, and exclude "
	    "ignore_regex.\n"
	    "Optionally save the report on the file f" },
	{ "gif", REPORT_NONE, CMD_REDIRECT, USAGE_REPORT, "gif",
	    "Outputs a graph image in GIF format", NULL },
	{ "gv", REPORT_NONE, 0, USAGE_REPORT, NULL,
	    "Visualize graph through gv", NULL },
	{ "kcachegrind", REPORT_NONE, 0, USAGE_REPORT, NULL,
	    "Visualize report in KCachegrind", NULL },
	{ "list", REPORT_LIST, CMD_PARAM, USAGE_LIST, NULL,
	    "Output annotated source for functions matching regexp", NULL },
	{ "pdf", REPORT_PDF, CMD_REDIRECT, USAGE_REPORT, "pdf",
	    "Outputs a graph in PDF format", NULL },
	{ "peek", REPORT_PEEK, CMD_PARAM, USAGE_TEXT, NULL,
	    "Output callers/callees of functions matching regexp",
	    "peek func_regex\n"
	    "Display callers and callees of functions matching func_regex." },
	{ "png", REPORT_PNG, CMD_REDIRECT, USAGE_REPORT, "png",
	    "Outputs a graph image in PNG format", NULL },
	{ "proto", REPORT_PROTO, 0, USAGE_NONE, "pb.gz",
	    "Outputs the profile in compressed protobuf format", NULL },
	{ "ps", REPORT_NONE, CMD_REDIRECT, USAGE_REPORT, "ps",
	    "Outputs a graph in PS format", NULL },
	{ "raw", REPORT_RAW, 0, USAGE_NONE, NULL,
	    "Outputs a text representation of the raw profile", NULL },
	{ "svg", REPORT_SVG, CMD_REDIRECT, USAGE_REPORT, "svg",
	    "Outputs a graph in SVG format", NULL },
	{ "tags", REPORT_TAGS, 0, USAGE_TEXT, NULL,
	    "Outputs all tags in the profile",
	    "tags [tag_regex]* [-ignore_regex]* [>file]\n"
	    "List tags with key:value matching tag_regex and exclude "
	    "ignore_regex." },
	{ "text", REPORT_TOP, CMD_CUM | CMD_REDIRECT, USAGE_REPORT, NULL,
	    "Outputs top entries in text form", NULL },
	{ "top", REPORT_TOP, CMD_CUM | CMD_REDIRECT, USAGE_REPORT, NULL,
	    "Outputs top entries in text form", NULL },
	{ "topproto", REPORT_NONE, 0, USAGE_NONE, "pb.gz",
	    "Outputs top entries in compressed protobuf format", NULL },
	{ "traces", REPORT_TRACES, 0, USAGE_NONE, NULL,
	    "Outputs all profile samples in text form", NULL },
	{ "tree", REPORT_TREE, CMD_CUM | CMD_REDIRECT, USAGE_REPORT, NULL,
	    "Outputs a text rendering of call graph", NULL },
	{ "web", REPORT_NONE, 0, USAGE_REPORT, NULL,
	    "Visualize graph through web browser", NULL },
	{ "weblist", REPORT_NONE, CMD_PARAM, USAGE_LIST, NULL,
	    "Display annotated source in a web browser", NULL },
};
#define NCMD (sizeof shell_cmds / sizeof shell_cmds[0])

/* pprof's help text of each option and option choice (configHelp). */
static const struct {
	const char	*name;
	const char	*text;
} shell_helps[] = {
	{ "output", "Output filename for file-based outputs\n" },
	{ "drop_negative", "Ignore negative differences\n"
	    "Do not show any locations with values <0.\n" },
	{ "call_tree", "Create a context-sensitive call tree\n"
	    "Treat locations reached through different paths as separate.\n" },
	{ "relative_percentages",
	    "Show percentages relative to focused subgraph\n"
	    "If unset, percentages are relative to full graph before "
	    "focusing\n"
	    "to facilitate comparison with original graph.\n" },
	{ "unit", "Measurement units to display\n"
	    "Scale the sample values to this unit.\n"
	    "For time-based profiles, use seconds, milliseconds, "
	    "nanoseconds, etc.\n"
	    "For memory profiles, use megabytes, kilobytes, bytes, etc.\n"
	    "Using auto will scale each value independently to the most "
	    "natural unit.\n" },
	{ "compact_labels", "Show minimal headers" },
	{ "source_path", "Search path for source files" },
	{ "trim_path", "Path to trim from source paths before search" },
	{ "intel_syntax", "Show assembly in Intel syntax\n"
	    "Only applicable to commands `disasm` and `weblist`\n" },
	{ "nodecount", "Max number of nodes to show\n"
	    "Uses heuristics to limit the number of locations to be "
	    "displayed.\n"
	    "On graphs, dotted edges represent paths through nodes that "
	    "have been removed.\n" },
	{ "nodefraction", "Hide nodes below <f>*total" },
	{ "edgefraction", "Hide edges below <f>*total" },
	{ "trim", "Honor nodefraction/edgefraction/nodecount defaults\n"
	    "Set to false to get the full profile, without any trimming.\n" },
	{ "focus", "Restricts to samples going through a node matching "
	    "regexp\n"
	    "Discard samples that do not include a node matching this "
	    "regexp.\n"
	    "Matching includes the function name, filename or object "
	    "name.\n" },
	{ "ignore", "Skips paths going through any nodes matching regexp\n"
	    "If set, discard samples that include a node matching this "
	    "regexp.\n"
	    "Matching includes the function name, filename or object "
	    "name.\n" },
	{ "prune_from", "Drops any functions below the matched frame.\n"
	    "If set, any frames matching the specified regexp and any "
	    "frames\n"
	    "below it will be dropped from each sample.\n" },
	{ "hide", "Skips nodes matching regexp\n"
	    "Discard nodes that match this location.\n"
	    "Other nodes from samples that include this location will be "
	    "shown.\n"
	    "Matching includes the function name, filename or object "
	    "name.\n" },
	{ "show", "Only show nodes matching regexp\n"
	    "If set, only show nodes that match this location.\n"
	    "Matching includes the function name, filename or object "
	    "name.\n" },
	{ "show_from", "Drops functions above the highest matched frame.\n"
	    "If set, all frames above the highest match are dropped from "
	    "every sample.\n"
	    "Matching includes the function name, filename or object "
	    "name.\n" },
	{ "tagroot", "Adds pseudo stack frames for labels key/value pairs "
	    "at the callstack root.\n"
	    "A comma-separated list of label keys.\n"
	    "The first key creates frames at the new root.\n" },
	{ "tagleaf", "Adds pseudo stack frames for labels key/value pairs "
	    "at the callstack leaf.\n"
	    "A comma-separated list of label keys.\n"
	    "The last key creates frames at the new leaf.\n" },
	{ "tagfocus", "Restricts to samples with tags in range or matched "
	    "by regexp\n"
	    "Use name=value syntax to limit the matching to a specific "
	    "tag.\n"
	    "Numeric tag filter examples: 1kb, 1kb:10kb, memory=32mb:\n"
	    "String tag filter examples: foo, foo.*bar, mytag=foo.*bar\n" },
	{ "tagignore", "Discard samples with tags in range or matched by "
	    "regexp\n"
	    "Use name=value syntax to limit the matching to a specific "
	    "tag.\n"
	    "Numeric tag filter examples: 1kb, 1kb:10kb, memory=32mb:\n"
	    "String tag filter examples: foo, foo.*bar, mytag=foo.*bar\n" },
	{ "tagshow", "Only consider tags matching this regexp\n"
	    "Discard tags that do not match this regexp\n" },
	{ "taghide", "Skip tags matching this regexp\n"
	    "Discard tags that match this regexp\n" },
	{ "divide_by", "Ratio to divide all samples before visualization\n"
	    "Divide all samples values by a constant, eg the number of "
	    "processors or jobs.\n" },
	{ "mean", "Average sample value over first value (count)\n"
	    "For memory profiles, report average memory per allocation.\n"
	    "For time-based profiles, report average time per event.\n" },
	{ "sample_index", "Sample value to report (0-based index or name)\n"
	    "Profiles contain multiple values per sample.\n"
	    "Use sample_index=i to select the ith value (starting at 0).\n" },
	{ "normalize", "Scales profile based on the base profile.\n" },
	{ "flat", "Sort entries based on own weight\n" },
	{ "cum", "Sort entries based on cumulative weight\n" },
	{ "functions", "Aggregate at the function level.\n"
	    "Ignores the filename where the function was defined.\n" },
	{ "filefunctions", "Aggregate at the function level.\n"
	    "Takes into account the filename where the function was "
	    "defined.\n" },
	{ "files", "Aggregate at the file level." },
	{ "lines", "Aggregate at the source code line level." },
	{ "addresses", "Aggregate at the address level.\n"
	    "Includes functions' addresses in the output.\n" },
	{ "noinlines", "Ignore inlines.\n"
	    "Attributes inlined functions to their first out-of-line "
	    "caller.\n" },
};
#define NHELP (sizeof shell_helps / sizeof shell_helps[0])

/*
 * pprof's configuration fields, in its order.  A group takes one of its
 * choices, whose own names are options too ("cum" is "sort=cum").
 */
static const char *const sort_choices[] = { "cum", "flat", NULL };
static const char *const granularity_choices[] = { "functions",
    "filefunctions", "files", "lines", "addresses", NULL };
static const struct {
	const char		*name;
	const char *const	*choices;
} shell_fields[] = {
	{ "output", NULL },
	{ "call_tree", NULL },
	{ "relative_percentages", NULL },
	{ "unit", NULL },
	{ "compact_labels", NULL },
	{ "source_path", NULL },
	{ "trim_path", NULL },
	{ "intel_syntax", NULL },
	{ "mean", NULL },
	{ "sample_index", NULL },
	{ "divide_by", NULL },
	{ "normalize", NULL },
	{ "sort", sort_choices },
	{ "tagroot", NULL },
	{ "tagleaf", NULL },
	{ "drop_negative", NULL },
	{ "nodecount", NULL },
	{ "nodefraction", NULL },
	{ "edgefraction", NULL },
	{ "trim", NULL },
	{ "focus", NULL },
	{ "ignore", NULL },
	{ "prune_from", NULL },
	{ "hide", NULL },
	{ "show", NULL },
	{ "show_from", NULL },
	{ "tagfocus", NULL },
	{ "tagignore", NULL },
	{ "tagshow", NULL },
	{ "taghide", NULL },
	{ "noinlines", NULL },
	{ "granularity", granularity_choices },
};
#define NFIELD (sizeof shell_fields / sizeof shell_fields[0])

struct shell {
	struct profile	*p;
	struct options	 o;		/* the current configuration */
	FILE		*out;
	bool		 write_failed;	/* a report could not be written */
};

enum { SHELL_CONTINUE, SHELL_EXIT };

/*
 * pprof's UI.Print and PrintErr: to standard error, with a final newline.
 * Reports already written to out come first.
 */
static void
shell_print(struct shell *sh, const char *text)
{
	size_t n = strlen(text);

	fflush(sh->out);
	fputs(text, stderr);
	if (n == 0 || text[n - 1] != '\n')
		fputc('\n', stderr);
}

static void
shell_printf(struct shell *sh, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
shell_printf(struct shell *sh, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	shell_print(sh, s);
	free(s);
}

/* Print a cause and free it. */
static void
shell_error(struct shell *sh, char *cause)
{
	shell_print(sh, cause);
	free(cause);
}

/* Go's unicode.IsSpace: the length of the space at s, or 0. */
static size_t
shell_space(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned int cp;

	if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
		return 1;
	if (s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
		return 2;
	if (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)	/* U+1680 */
		return 3;
	if (s[0] == 0xe2 && s[1] != 0 && s[2] != 0) {
		cp = 0x2000 | ((s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		if ((s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
		    (cp <= 0x200a || cp == 0x2028 || cp == 0x2029 ||
		    cp == 0x202f || cp == 0x205f))
			return 3;
	}
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)	/* U+3000 */
		return 3;
	return 0;
}

/* Go's strings.TrimSpace of s[0..n), as a new string. */
static char *
shell_trim(const char *s, size_t n)
{
	size_t start = 0, end = 0, i = 0, k;

	while (i < n && (k = shell_space(s + i)) > 0)
		i += k;
	start = end = i;
	while (i < n) {
		if ((k = shell_space(s + i)) > 0)
			i += k;
		else
			end = ++i;
	}
	return xstrndup(s + start, end - start);
}

/* Go's strings.Fields: the words of s, in a NULL-terminated array. */
static char **
shell_fields_split(const char *s, size_t *n)
{
	char **w = NULL;
	size_t cap = 0, k, start;

	*n = 0;
	while (*s != '\0') {
		if ((k = shell_space(s)) > 0) {
			s += k;
			continue;
		}
		start = 0;
		while (s[start] != '\0' && shell_space(s + start) == 0)
			start++;
		XGROW(w, cap, *n + 2);
		w[(*n)++] = xstrndup(s, start);
		s += start;
	}
	XGROW(w, cap, *n + 1);
	w[*n] = NULL;
	return w;
}

static void
shell_free_words(char **w)
{
	size_t i;

	for (i = 0; w[i] != NULL; i++)
		free(w[i]);
	free(w);
}

static const struct shell_cmd *
shell_find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < NCMD; i++)
		if (strcmp(shell_cmds[i].name, name) == 0)
			return &shell_cmds[i];
	return NULL;
}

static const char *
shell_find_help(const char *name)
{
	size_t i;

	for (i = 0; i < NHELP; i++)
		if (strcmp(shell_helps[i].name, name) == 0)
			return shell_helps[i].text;
	return NULL;
}

/* pprof's isConfigurable: a field, or one of a group's choices. */
static bool
shell_configurable(const char *name)
{
	const char *const *c;
	size_t i;

	for (i = 0; i < NFIELD; i++) {
		if (strcmp(shell_fields[i].name, name) == 0)
			return true;
		for (c = shell_fields[i].choices; c != NULL && *c != NULL; c++)
			if (strcmp(*c, name) == 0)
				return true;
	}
	return false;
}

static const char *
shell_sample_type(const struct shell *sh, size_t i)
{
	return profile_str(sh->p, sh->p->sample_types[i].type);
}

/* "[a | b | c]" for the listing, from the profile: made safe. */
static void
shell_add_types(struct strbuf *sb, const struct shell *sh, const char *sep)
{
	size_t i;

	for (i = 0; i < sh->p->nsample_type; i++) {
		if (i > 0)
			strbuf_addstr(sb, sep);
		vis_addstr(sb, shell_sample_type(sh, i), 0);
	}
}

/* intel_syntax: pprof's stringToBool, which options.c keeps private. */
static void
shell_set_intel(struct shell *sh, const char *value)
{
	static const char *yes[] = { "true", "t", "yes", "y", "1", "" };
	static const char *no[] = { "false", "f", "no", "n", "0" };
	size_t i;

	if (value == NULL)
		value = "";
	for (i = 0; i < 6; i++)
		if (strcasecmp(value, yes[i]) == 0) {
			sh->o.q.intel_syntax = true;
			return;
		}
	for (i = 0; i < 5; i++)
		if (strcasecmp(value, no[i]) == 0) {
			sh->o.q.intel_syntax = false;
			return;
		}
	shell_printf(sh, "illegal value \"%s\" for bool variable", value);
}

/*
 * name=value (value NULL without '='): pprof checks sample_index against
 * the profile and stores the type's name.
 */
static void
shell_assign(struct shell *sh, const char *name, const char *value)
{
	char *cause = NULL;
	size_t index;

	if (strcmp(name, "intel_syntax") == 0) {
		shell_set_intel(sh, value);
		return;
	}
	if (strcmp(name, "sample_index") == 0 && value != NULL) {
		if (query_find_sample_index(sh->p, value, &index,
		    &cause) == -1) {
			shell_error(sh, cause);
			return;
		}
		value = shell_sample_type(sh, index);
	}
	if (options_set(&sh->o, name, value, &cause) == -1)
		shell_error(sh, cause);
}

static int
shell_cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pad s to width characters (Go's %-*s counts runes, not bytes). */
static void
shell_pad(struct strbuf *sb, const char *s, size_t width)
{
	size_t runes = 0;
	const char *c;

	for (c = s; *c != '\0'; c++)
		if ((*c & 0xc0) != 0x80)
			runes++;
	strbuf_addstr(sb, s);
	for (; runes < width; runes++)
		strbuf_addch(sb, ' ');
}

/* Sort the lines, append them to sb joined by newlines, free them. */
static void
shell_join_sorted(char **lines, size_t n, struct strbuf *sb)
{
	size_t i;

	sort_array(lines, n, sizeof *lines, shell_cmp_lines);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(sb, '\n');
		strbuf_addstr(sb, lines[i]);
		free(lines[i]);
	}
}

/* "o": every option and its value, as "  name = value //: comment". */
static void
shell_options(struct shell *sh)
{
	struct strbuf v = STRBUF_INIT, line = STRBUF_INIT, all = STRBUF_INIT;
	struct strbuf comment = STRBUF_INIT, raw = STRBUF_INIT;
	char *lines[NFIELD];
	const char *const *c;
	const char *sorted[8];
	size_t i, j, n = 0, nc;

	for (i = 0; i < NFIELD; i++) {
		const char *name = shell_fields[i].name;

		if (strcmp(name, "source_path") == 0)
			continue;
		strbuf_reset(&raw);
		strbuf_reset(&v);
		strbuf_reset(&comment);
		if (strcmp(name, "intel_syntax") == 0)
			strbuf_addstr(&raw, sh->o.q.intel_syntax ? "true" :
			    "false");
		else
			options_get(&sh->o, name, &raw);
		vis_addstr(&v, raw.buf, 0);
		if (shell_fields[i].choices != NULL) {
			/* the choices in name order */
			for (nc = 0, c = shell_fields[i].choices; *c != NULL;
			    c++)
				sorted[nc++] = *c;
			sort_array(sorted, nc, sizeof *sorted, shell_cmp_lines);
			strbuf_addch(&comment, '[');
			for (j = 0; j < nc; j++)
				strbuf_addf(&comment, "%s%s", j ? " | " : "",
				    sorted[j]);
			strbuf_addch(&comment, ']');
		} else if (strcmp(name, "sample_index") == 0) {
			if (v.len == 0 && sh->p->nsample_type > 0)
				vis_addstr(&v, shell_sample_type(sh,
				    sh->p->nsample_type - 1), 0);
			strbuf_addch(&comment, '[');
			shell_add_types(&comment, sh, " | ");
			strbuf_addch(&comment, ']');
		} else if (strcmp(name, "nodecount") == 0 &&
		    strcmp(v.buf, "-1") == 0)
			strbuf_addstr(&comment, "default");
		else if (v.len == 0)
			strbuf_addstr(&v, "\"\"");
		strbuf_reset(&line);
		strbuf_addstr(&line, "  ");
		shell_pad(&line, name, 25);
		strbuf_addstr(&line, " = ");
		shell_pad(&line, v.buf, 20);
		strbuf_addch(&line, ' ');
		if (comment.len > 0)
			strbuf_addf(&line, "%s %s", SHELL_COMMENT, comment.buf);
		lines[n++] = xstrdup(line.buf);
	}
	shell_join_sorted(lines, n, &all);
	shell_print(sh, all.buf);
	strbuf_release(&v);
	strbuf_release(&line);
	strbuf_release(&all);
	strbuf_release(&comment);
	strbuf_release(&raw);
}

/* pprof's fmtHelp: "    name             first line of text". */
static char *
shell_help_line(const char *name, const char *text)
{
	size_t n = strcspn(text, "\n");

	return xasprintf("    %-16s %.*s", name, (int)n, text);
}

/* "help" alone: every command and option. */
static void
shell_help_all(struct shell *sh)
{
	struct strbuf sb = STRBUF_INIT;
	char *lines[NCMD + NFIELD];
	const char *const *c;
	size_t i, n;

	strbuf_addstr(&sb, "  Commands:\n");
	for (i = n = 0; i < NCMD; i++)
		if (shell_cmds[i].kind != REPORT_NONE)
			lines[n++] = shell_help_line(shell_cmds[i].name,
			    shell_cmds[i].description);
	shell_join_sorted(lines, n, &sb);
	strbuf_addstr(&sb, "\n    o/options        List options and their "
	    "current values\n    q/quit/exit/^D   Exit cpv\n\n"
	    "  Options:\n");
	for (i = n = 0; i < NFIELD; i++)
		if (shell_fields[i].choices == NULL)
			lines[n++] = shell_help_line(shell_fields[i].name,
			    shell_find_help(shell_fields[i].name));
	shell_join_sorted(lines, n, &sb);
	strbuf_addstr(&sb, "\n\n  Option groups (only set one per group):\n");
	for (i = n = 0; i < NFIELD; i++) {
		struct strbuf g = STRBUF_INIT;
		char *l;

		if ((c = shell_fields[i].choices) == NULL)
			continue;
		l = shell_help_line(shell_fields[i].name, "");
		strbuf_addstr(&g, l);
		free(l);
		for (; *c != NULL; c++) {
			l = shell_help_line(*c, shell_find_help(*c));
			strbuf_addf(&g, "\n  %s", l);
			free(l);
		}
		lines[n++] = strbuf_detach(&g, NULL);
	}
	shell_join_sorted(lines, n, &sb);
	strbuf_addstr(&sb, "\n  :   Clear focus/ignore/hide/tagfocus/"
	    "tagignore\n\n  type \"help <cmd|option>\" for more "
	    "information\n");
	shell_print(sh, sb.buf);
	strbuf_release(&sb);
}

/* A command's usage lines, as pprof's reportHelp and listHelp make them. */
static void
shell_add_usage(struct strbuf *u, const struct shell_cmd *c)
{
	switch (c->usage) {
	case USAGE_NONE:
		break;
	case USAGE_TEXT:
		strbuf_addstr(u, c->text);
		break;
	case USAGE_REPORT:
		strbuf_addf(u, "%s [n] [focus_regex]* [-ignore_regex]*%s%s\n"
		    "Include up to n samples\n"
		    "Include samples matching focus_regex, and exclude "
		    "ignore_regex.", c->name,
		    (c->flags & CMD_CUM) ? " [-cum]" : "",
		    (c->flags & CMD_REDIRECT) ? " >f" : "");
		if (c->flags & CMD_CUM)
			strbuf_addstr(u, "\n-cum sorts the output by "
			    "cumulative weight");
		if (c->flags & CMD_REDIRECT)
			strbuf_addstr(u, "\nOptionally save the report on the "
			    "file f");
		break;
	case USAGE_LIST:
		strbuf_addf(u, "%s<func_regex|address> [-focus_regex]* "
		    "[-ignore_regex]*%s\n"
		    "Include functions matching func_regex, or including the "
		    "address specified.\n"
		    "Include samples matching focus_regex, and exclude "
		    "ignore_regex.", c->name,
		    (c->flags & CMD_REDIRECT) ? " >f" : "");
		if (c->flags & CMD_REDIRECT)
			strbuf_addstr(u, "\nOptionally save the report on the "
			    "file f");
		break;
	}
}

/* "help [topic]". */
static void
shell_help(struct shell *sh, const char *topic)
{
	struct strbuf sb = STRBUF_INIT, u = STRBUF_INIT;
	const struct shell_cmd *c;
	const char *text, *s, *nl;

	if (*topic == '\0') {
		shell_help_all(sh);
		return;
	}
	if ((c = shell_find_cmd(topic)) != NULL && c->kind == REPORT_NONE) {
		shell_printf(sh, "command %s is not supported by cpv", c->name);
		goto out;
	} else if (c != NULL) {
		strbuf_addf(&sb, "%s\n", c->description);
		shell_add_usage(&u, c);
		if (u.len > 0) {
			strbuf_addstr(&sb, "  Usage:\n");
			for (s = u.buf; ; s = nl + 1) {
				nl = strchr(s, '\n');
				strbuf_addf(&sb, "    %.*s\n",
				    (int)(nl ? nl - s : (long)strlen(s)), s);
				if (nl == NULL)
					break;
			}
		}
		strbuf_addch(&sb, '\n');
	} else if ((text = shell_find_help(topic)) != NULL) {
		strbuf_addstr(&sb, text);
		/* interactive pprof names the profile's sample types */
		if (strcmp(topic, "sample_index") == 0) {
			strbuf_addstr(&sb, "Or use sample_index=name, with "
			    "name in [");
			shell_add_types(&sb, sh, " ");
			strbuf_addstr(&sb, "].\n");
		}
		strbuf_addch(&sb, '\n');
	} else
		strbuf_addf(&sb, "Unknown command: %s", topic);
	shell_print(sh, sb.buf);
out:
	strbuf_release(&sb);
	strbuf_release(&u);
}

/* Go's strconv.ParseInt(s, 10, 32). */
static bool
shell_parse_count(const char *s, int *out)
{
	const char *d = s + (*s == '+' || *s == '-');
	long long v;

	if (*d == '\0' || strspn(d, "0123456789") != strlen(d))
		return false;
	errno = 0;
	v = strtoll(s, NULL, 10);
	if (errno == ERANGE || v < -2147483648LL || v > 2147483647LL)
		return false;
	*out = (int)v;
	return true;
}

/* pprof's catRegex: a|b, or whichever is not empty. */
static void
shell_cat_regex(struct strbuf *sb, const char *s)
{
	if (sb->len > 0 && *s != '\0')
		strbuf_addch(sb, '|');
	strbuf_addstr(sb, s);
}

static void
shell_set_string(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

/* Go's error text for errno: strerror with a lower-case first letter. */
static void
shell_file_error(struct shell *sh, const char *op, const char *path,
    int err)
{
	char *msg = xasprintf("%s %s: %s", op, path, strerror(err));
	char *e = msg + strlen(op) + strlen(path) + 3;

	if (*e >= 'A' && *e <= 'Z' && e[1] >= 'a' && e[1] <= 'z')
		*e += 'a' - 'A';
	shell_error(sh, msg);
}

/*
 * A report pprof never writes to the terminal (binary, or callgrind):
 * into the first free profileNNN.<suffix> in the current directory, whose
 * name goes into name.
 */
static FILE *
shell_temp_file(struct shell *sh, const char *suffix, char *name,
    size_t size)
{
	int i, fd;
	FILE *f;

	for (i = 1; i < 10000; i++) {
		snprintf(name, size, "profile%03d.%s", i, suffix);
		fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0666);
		if (fd == -1 && errno == EEXIST)
			continue;
		if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
			shell_file_error(sh, "open", name, errno);
			if (fd != -1)
				close(fd);
			return NULL;
		}
		shell_printf(sh, "Generating report in %s", name);
		return f;
	}
	shell_printf(sh, "could not create file of the form profile001.%s",
	    suffix);
	return NULL;
}

/* Write a finished report where the options and the command say. */
static void
shell_write(struct shell *sh, const struct shell_cmd *c,
    const struct options *o, const struct strbuf *sb)
{
	const char *name = o->output;
	char temp[64];
	FILE *f;

	if (name != NULL && *name != '\0') {
		shell_printf(sh, "Generating report in %s", name);
		if ((f = fopen(name, "w")) == NULL) {
			shell_file_error(sh, "open", name, errno);
			return;
		}
	} else if (c->temp != NULL) {
		if ((f = shell_temp_file(sh, c->temp, temp,
		    sizeof temp)) == NULL)
			return;
		name = temp;
	} else {
		/* shell_run() reports an error on out */
		fwrite(sb->buf, 1, sb->len, sh->out);
		fflush(sh->out);
		return;
	}
	if (fwrite(sb->buf, 1, sb->len, f) != sb->len || fflush(f) != 0) {
		shell_file_error(sh, "write", name, errno);
		sh->write_failed = true;
		fclose(f);
	} else if (fclose(f) != 0) {
		shell_file_error(sh, "write", name, errno);
		sh->write_failed = true;
	}
}

/*
 * Whether out is still good; if not, say so on stderr as main.c does for
 * a report (out is where the reports go, so the message cannot).
 */
static bool
shell_out_ok(struct shell *sh)
{
	int err;

	errno = 0;
	if (fflush(sh->out) == 0 && !ferror(sh->out))
		return true;
	err = errno != 0 ? errno : EIO;
	fprintf(stderr, "cpv: '(standard output)': write error: %s\n",
	    strerror(err));
	return false;
}

/* Run report c with the per-command options o (overrides applied here). */
static void
shell_report(struct shell *sh, const struct shell_cmd *c, struct options *o)
{
	const struct report_def *d;
	struct strbuf sb = STRBUF_INIT;
	struct query *q;
	char *cause = NULL;

	if (c->kind == REPORT_NONE) {
		shell_printf(sh, "command %s is not supported by cpv", c->name);
		return;
	}
	o->report = c->kind;
	o->text_alias = strcmp(c->name, "text") == 0;
	d = report_find(c->kind);
	report_apply_overrides(d, &o->q);
	rx_budget_reset();	/* each command gets the budget of a run */
	if ((q = query_new(sh->p, &o->q, &cause)) == NULL) {
		shell_error(sh, cause);
		return;
	}
	if (d->run(&sb, q, &cause) == -1)
		shell_error(sh, cause);
	else
		shell_write(sh, c, o, &sb);
	query_free(q);
	strbuf_release(&sb);
}

/*
 * A command line: pprof's parseCommandLine, then the report.  words[0]
 * is the command, possibly with a count glued on ("top10").
 */
static void
shell_command(struct shell *sh, char **words, size_t nwords)
{
	const struct shell_cmd *c;
	struct strbuf focus = STRBUF_INIT, ignore = STRBUF_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct options o;
	const char **base, **args;
	char *name;
	size_t nargs, i, d;
	int n;

	/* base[0] is free for a count split off the command's name */
	name = xstrdup(words[0]);
	base = xreallocarray(NULL, nwords + 1, sizeof *base);
	for (i = 1; i < nwords; i++)
		base[i] = words[i];
	args = base + 1;
	nargs = nwords - 1;
	if ((c = shell_find_cmd(name)) == NULL) {
		/* "top10": split trailing digits off as the first argument */
		for (d = strlen(name); d > 0 && name[d - 1] >= '0' &&
		    name[d - 1] <= '9'; d--)
			;
		if (d > 0 && name[d] != '\0') {
			base[0] = words[0] + d;
			args = base;
			nargs++;
			name[d] = '\0';
			c = shell_find_cmd(name);
		}
	}
	if (c == NULL) {
		if (shell_find_help(name) != NULL)
			shell_printf(sh, "did you mean: %s=%s", name,
			    nargs > 0 ? args[0] : "<val>");
		else {
			strbuf_addstr(&sb, "unrecognized command: ");
			vis_quote(&sb, name);
			shell_print(sh, sb.buf);
		}
		goto out;
	}
	options_copy(&o, &sh->o);
	if (c->flags & CMD_PARAM) {
		if (nargs == 0) {
			shell_printf(sh, "command %s requires an argument",
			    name);
			goto out_options;
		}
		shell_set_string(&o.q.symbol, args[0]);
		args++;
		nargs--;
	}
	for (i = 0; i < nargs; i++) {
		const char *t = args[i];

		if (shell_parse_count(t, &n))
			o.q.nodecount = n;
		else if (t[0] == '>') {
			if (t[1] == '\0' && ++i >= nargs) {
				shell_print(sh, "unexpected end of line after "
				    ">");
				goto out_options;
			}
			shell_set_string(&o.output, t[1] != '\0' ? t + 1 :
			    args[i]);
		} else if (t[0] == '-') {
			if (strcmp(t, "-cum") == 0 || strcmp(t, "--cum") == 0)
				o.q.cum = true;
			else
				shell_cat_regex(&ignore, t + 1);
		} else
			shell_cat_regex(&focus, t);
	}
	/* the words replace the current filters; tags filters by tag */
	if (focus.len > 0)
		shell_set_string(c->kind == REPORT_TAGS ? &o.q.tagfocus :
		    &o.q.focus, focus.buf);
	if (ignore.len > 0)
		shell_set_string(c->kind == REPORT_TAGS ? &o.q.tagignore :
		    &o.q.ignore, ignore.buf);
	if (o.q.nodecount == -1 && c->kind == REPORT_TOP)
		o.q.nodecount = 10;
	shell_report(sh, c, &o);
out_options:
	options_release(&o);
out:
	free(base);
	free(name);
	strbuf_release(&focus);
	strbuf_release(&ignore);
	strbuf_release(&sb);
}

/*
 * One input after shortcut expansion: an assignment if what comes before
 * any '=' names an option, else a command.
 */
static int
shell_input(struct shell *sh, const char *input)
{
	const char *eq = strchr(input, '='), *cm, *s;
	char *name, *value = NULL, **words;
	size_t nwords, i;
	int rc = SHELL_CONTINUE;
	struct strbuf topic = STRBUF_INIT;

	name = shell_trim(input, eq ? (size_t)(eq - input) : strlen(input));
	if (shell_configurable(name)) {
		if (eq != NULL) {
			/* a value's last "//:" starts a comment */
			for (cm = NULL, s = eq + 1;
			    (s = strstr(s, SHELL_COMMENT)) != NULL; s++)
				cm = s;
			value = shell_trim(eq + 1, cm ? (size_t)(cm - eq - 1) :
			    strlen(eq + 1));
		}
		shell_assign(sh, name, value);
		free(value);
		free(name);
		return SHELL_CONTINUE;
	}
	free(name);

	words = shell_fields_split(input, &nwords);
	if (nwords == 0)
		;
	else if (strcmp(words[0], "o") == 0 ||
	    strcmp(words[0], "options") == 0)
		shell_options(sh);
	else if (strcmp(words[0], "exit") == 0 ||
	    strcmp(words[0], "quit") == 0 || strcmp(words[0], "q") == 0)
		rc = SHELL_EXIT;
	else if (strcmp(words[0], "help") == 0) {
		for (i = 1; i < nwords; i++)
			strbuf_addf(&topic, "%s%s", i > 1 ? " " : "",
			    words[i]);
		shell_help(sh, topic.buf);
	} else
		shell_command(sh, words, nwords);
	strbuf_release(&topic);
	shell_free_words(words);
	return rc;
}

/*
 * One line: pprof expands a whole line that is ":" (clear the filters)
 * or a sample type's name, alone or as total_NAME or mean_NAME (select
 * it, without or with -mean), into assignments.  Later types win.
 */
static int
shell_line(struct shell *sh, const char *line, size_t len)
{
	static const char *const clear[] = { "focus=", "ignore=", "hide=",
	    "tagfocus=", "tagignore=" };
	char *input = shell_trim(line, len), *exp[2] = { NULL, NULL };
	const char *t, *mean;
	size_t i, n = 0;
	int rc = SHELL_CONTINUE;

	for (i = 0; i < sh->p->nsample_type; i++) {
		t = shell_sample_type(sh, i);
		if (strcmp(input, t) == 0)
			mean = NULL;
		else if (strncmp(input, "total_", 6) == 0 &&
		    strcmp(input + 6, t) == 0)
			mean = "mean=0";
		else if (strncmp(input, "mean_", 5) == 0 &&
		    strcmp(input + 5, t) == 0)
			mean = "mean=1";
		else
			continue;
		free(exp[0]);
		free(exp[1]);
		exp[1] = NULL;
		n = 0;
		if (mean != NULL)
			exp[n++] = xstrdup(mean);
		exp[n++] = xasprintf("sample_index=%s", t);
	}
	if (n > 0)
		for (i = 0; i < n && rc == SHELL_CONTINUE; i++)
			rc = shell_input(sh, exp[i]);
	else if (strcmp(input, ":") == 0)
		for (i = 0; i < sizeof clear / sizeof clear[0]; i++)
			shell_input(sh, clear[i]);
	else
		rc = shell_input(sh, input);
	free(exp[0]);
	free(exp[1]);
	free(input);
	return rc;
}

/*
 * The greeting: the profile's header lines, as of the options of the
 * command line but without their filters (pprof does not apply them
 * here), and a hint when the default sample value is all zero.
 */
static void
shell_greet(struct shell *sh)
{
	struct options o;
	struct strbuf sb = STRBUF_INIT;
	struct query *q;
	char *cause = NULL;
	char **filters[] = { &o.q.focus, &o.q.ignore, &o.q.hide, &o.q.show,
	    &o.q.show_from, &o.q.prune_from, &o.q.tagfocus, &o.q.tagignore,
	    &o.q.tagshow, &o.q.taghide, &o.q.tagroot, &o.q.tagleaf };
	size_t i;

	options_copy(&o, &sh->o);
	for (i = 0; i < sizeof filters / sizeof filters[0]; i++) {
		free(*filters[i]);
		*filters[i] = NULL;
	}
	o.q.relative_percentages = false;
	if ((q = query_new(sh->p, &o.q, &cause)) == NULL)
		free(cause);
	else {
		report_profile_labels(&sb, q);
		shell_print(sh, sb.buf);
		if (q->total == 0 && sh->p->nsample_type > 1) {
			shell_print(sh, "No samples were found with the "
			    "default sample value type.");
			shell_print(sh, "Try \"sample_index\" command to "
			    "analyze different sample values.");
		}
		query_free(q);
	}
	shell_print(sh, "Entering interactive mode (type \"help\" for "
	    "commands, \"o\" for options)");
	strbuf_release(&sb);
	options_release(&o);
}

int
shell_run(struct profile *p, const struct options *o, FILE *in, FILE *out)
{
	struct shell sh;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	memset(&sh, 0, sizeof sh);
	sh.p = p;
	sh.out = out;
	options_copy(&sh.o, o);
	sh.o.q.compact_labels = true;
	shell_greet(&sh);
	for (;;) {
		fputs(SHELL_PROMPT, out);
		if (!shell_out_ok(&sh)) {
			rc = 1;
			break;
		}
		if ((n = getline(&line, &cap, in)) == -1) {
			if (ferror(in)) {
				shell_printf(&sh, "read error: %s",
				    strerror(errno));
				rc = 1;
			}
			break;
		}
		if (shell_line(&sh, line, (size_t)n) == SHELL_EXIT) {
			if (!shell_out_ok(&sh))
				rc = 1;
			break;
		}
	}
	if (sh.write_failed)
		rc = 1;
	free(line);
	options_release(&sh.o);
	return rc;
}
