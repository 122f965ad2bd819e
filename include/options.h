/*
 * options.h: cpv's options, one typed table shared by the command line,
 * -help, the viewer's :set and the command shell (src/cli/shell.c).
 *
 * Flags follow Go's flag package, as pprof's do: "-name" or "--name";
 * values as "-name=value" or "-name value"; booleans as "-name" or
 * "-name=true|false"; flags stop at the first non-flag argument or "--".
 */
#ifndef CPV_OPTIONS_H
#define CPV_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "query.h"

enum report_kind {
	REPORT_NONE,
	REPORT_TOP,		/* -top and -text */
	REPORT_TREE,
	REPORT_PEEK,		/* report_arg: regexp */
	REPORT_LIST,		/* report_arg: regexp */
	REPORT_TRACES,
	REPORT_TAGS,
	REPORT_RAW,
	REPORT_COMMENTS,
	REPORT_DOT,
	REPORT_SVG,
	REPORT_PNG,
	REPORT_PDF,
	REPORT_CALLGRIND,
	REPORT_PROTO,
	REPORT_FOLDED,
	REPORT_CSV,
	REPORT_DISASM,		/* report_arg: regexp */
};

/*
 * The command line: the query's options (query.h) and what only a front
 * end uses (which report, where to write it, input limits, base
 * profiles).  Strings are owned.
 */
struct options {
	struct query_options	 q;		/* -peek/-list regexp: q.symbol */
	enum report_kind	 report;
	bool			 text_alias;	/* -text rather than -top */

	char			*output;	/* NULL: stdout */
	char			*max_input;	/* limits, NULL: default */
	char			*max_inflated;
	char			*max_ratio;
	char			*symbolize;	/* -symbolize, NULL: local */

	/* fetching (fetch.h) and the viewer's refresh */
	int			 seconds;	/* 0: not given */
	int			 timeout;	/* 0: pprof's default */
	char			*tls_cert;
	char			*tls_key;
	char			*tls_ca;
	int			 refresh;	/* 0: the default (10) */

	char			**base;		/* -base profiles */
	size_t			 nbase;
	char			**diff_base;	/* -diff_base profiles */
	size_t			 ndiff_base;
	bool			 normalize;

	/* What options_parse() saw, for the front end's messages. */
	bool			 dashdash;	/* flags ended with "--" */
	const char		*value_flag;	/* static: the last flag */
	int			 value_arg;	/* whose value was argv[this] */
};

struct strbuf;

void	options_init(struct options *);
void	options_release(struct options *);
/* Make dst (not initialised) a deep copy of src. */
void	options_copy(struct options *dst, const struct options *src);

/*
 * Parse argv (after the program name).  On success returns 0 and sets
 * *first to the index of the first positional argument.  Returns
 * OPTIONS_HELP or OPTIONS_VERSION when -help or -version was given (the
 * caller prints them and exits 0), -1 on a usage error with *cause set
 * (exit 2).
 */
#define OPTIONS_HELP	1
#define OPTIONS_VERSION	2
int	options_parse(struct options *, int argc, char **argv, int *first,
	    char **cause);
/*
 * Set one option by its pprof configuration name, as pprof's interactive
 * "name=value" does (and the TUI's :set): booleans take true/t/yes/y/1 or
 * false/f/no/n/0 in any case, "" or a NULL value meaning true; integers
 * and floats are Go's Atoi/ParseFloat; "sort" takes cum|flat and
 * "granularity" functions|filefunctions|files|lines|addresses; a choice's
 * own name ("cum", "lines") selects it when value is a true boolean
 * (1, t, T, TRUE, true or True).  sample_index is stored unchecked (it
 * depends on the profile).  Report formats, -base and the legacy sample
 * selectors are not settable.  Returns -1 with *cause, pprof's message,
 * on an unknown name or a bad value ("please specify a value, e.g.
 * nodecount=<val>" when a non-boolean gets NULL); o is then unchanged.
 */
int	options_set(struct options *, const char *name, const char *value,
	    char **cause);
/*
 * Append the value of the option called name (a name options_set takes,
 * not a choice) as pprof shows it: Go's fmt.Sprint of the value, so
 * "0.005", "1e-05", "true", "functions", "" for an unset string.
 * Returns -1 (nothing appended) if there is no such option.
 */
int	options_get(const struct options *, const char *name,
	    struct strbuf *);

/*
 * Whether arg is spelled as one of cpv's flags ("-top", "--focus=x"), or
 * one of go tool pprof's that cpv does not have ("-http"): for the front
 * end to tell a flag put after the profiles from a file name.
 */
bool	options_is_flag(const char *arg);

/* Append the -help text. */
void	options_usage(struct strbuf *);

#endif
