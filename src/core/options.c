/*
 * options.c: the options table and a parser with Go's flag syntax.
 *
 * One table describes every option: its name, type, where it is stored and
 * its help line.  The parser and -help follow it; keep man/cpv.1 and
 * README.md in step with it by hand.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "options.h"
#include "sort.h"
#include "strbuf.h"
#include "vis.h"
#include "warn.h"
#include "xmalloc.h"

enum opt_type {
	OPT_BOOL,	/* bool at offset */
	OPT_STRING,	/* char * at offset */
	OPT_INT,	/* int at offset */
	OPT_FLOAT,	/* double at offset */
	OPT_REPORT,	/* selects report = value */
	OPT_REPORT_ARG,	/* selects report = value, with a regexp */
	OPT_LIST,	/* profile list: char ** at offset, count after */
	OPT_GRAN,	/* selects granularity = value */
	OPT_SORT,	/* -flat / -cum: cum = value */
	OPT_SAMPLE,	/* legacy sample selector, value = index in legacy[] */
	OPT_HELP,
	OPT_VERSION,
};

struct opt_def {
	const char	*name;
	enum opt_type	 type;
	size_t		 offset;
	int		 value;
	const char	*arg;		/* argument name for -help */
	const char	*help;
};

#define OFF(f) offsetof(struct options, f)

/* An OPT_LIST's count follows its array. */
_Static_assert(offsetof(struct options, nbase) ==
    offsetof(struct options, base) + sizeof(char **), "nbase follows base");
_Static_assert(offsetof(struct options, ndiff_base) ==
    offsetof(struct options, diff_base) + sizeof(char **),
    "ndiff_base follows diff_base");

/* Legacy sample selectors, in the order pprof applies them. */
static const struct {
	const char	*name;
	const char	*index;
	bool		 mean;
} legacy[] = {
	{ "total_delay", "delay", false },
	{ "mean_delay", "delay", true },
	{ "contentions", "contentions", false },
	{ "inuse_space", "inuse_space", false },
	{ "inuse_objects", "inuse_objects", false },
	{ "alloc_space", "alloc_space", false },
	{ "alloc_objects", "alloc_objects", false },
};
#define NLEGACY (sizeof legacy / sizeof legacy[0])

static const struct opt_def opt_table[] = {
	{ "top", OPT_REPORT, 0, REPORT_TOP, NULL,
	    "Outputs top entries in text form" },
	{ "text", OPT_REPORT, 0, REPORT_TOP, NULL,
	    "Same as -top" },
	{ "tree", OPT_REPORT, 0, REPORT_TREE, NULL,
	    "Outputs a text rendering of the call graph" },
	{ "peek", OPT_REPORT_ARG, 0, REPORT_PEEK, "regexp",
	    "Outputs callers/callees of functions matching regexp" },
	{ "list", OPT_REPORT_ARG, 0, REPORT_LIST, "regexp",
	    "Outputs annotated source for functions matching regexp" },
	{ "disasm", OPT_REPORT_ARG, 0, REPORT_DISASM, "regexp",
	    "Outputs annotated assembly for functions matching regexp" },
	{ "traces", OPT_REPORT, 0, REPORT_TRACES, NULL,
	    "Outputs all profile samples in text form" },
	{ "tags", OPT_REPORT, 0, REPORT_TAGS, NULL,
	    "Outputs all tags in the profile" },
	{ "raw", OPT_REPORT, 0, REPORT_RAW, NULL,
	    "Outputs a text representation of the raw profile" },
	{ "comments", OPT_REPORT, 0, REPORT_COMMENTS, NULL,
	    "Outputs all profile comments" },
	{ "dot", OPT_REPORT, 0, REPORT_DOT, NULL,
	    "Outputs a graph in DOT format" },
	{ "svg", OPT_REPORT, 0, REPORT_SVG, NULL,
	    "Outputs a graph in SVG format (runs Graphviz dot)" },
	{ "png", OPT_REPORT, 0, REPORT_PNG, NULL,
	    "Outputs a graph image in PNG format (runs Graphviz dot)" },
	{ "pdf", OPT_REPORT, 0, REPORT_PDF, NULL,
	    "Outputs a graph in PDF format (runs Graphviz dot)" },
	{ "callgrind", OPT_REPORT, 0, REPORT_CALLGRIND, NULL,
	    "Outputs a graph in callgrind format (KCachegrind)" },
	{ "proto", OPT_REPORT, 0, REPORT_PROTO, NULL,
	    "Outputs the profile in compressed protobuf format" },
	{ "folded", OPT_REPORT, 0, REPORT_FOLDED, NULL,
	    "Outputs folded stacks (frame;frame;frame value)" },
	{ "csv", OPT_REPORT, 0, REPORT_CSV, NULL,
	    "Outputs the top table as CSV" },

	{ "functions", OPT_GRAN, 0, GRAN_FUNCTIONS, NULL,
	    "Aggregate at the function level (default)" },
	{ "filefunctions", OPT_GRAN, 0, GRAN_FILEFUNCTIONS, NULL,
	    "Aggregate at the function level, per source file" },
	{ "files", OPT_GRAN, 0, GRAN_FILES, NULL,
	    "Aggregate at the file level" },
	{ "lines", OPT_GRAN, 0, GRAN_LINES, NULL,
	    "Aggregate at the source code line level" },
	{ "addresses", OPT_GRAN, 0, GRAN_ADDRESSES, NULL,
	    "Aggregate at the address level" },
	{ "noinlines", OPT_BOOL, OFF(q.noinlines), 0, NULL,
	    "Attribute inlined functions to their outermost caller" },

	{ "focus", OPT_STRING, OFF(q.focus), 0, "regexp",
	    "Restrict to samples going through a matching location" },
	{ "ignore", OPT_STRING, OFF(q.ignore), 0, "regexp",
	    "Drop samples going through a matching location" },
	{ "hide", OPT_STRING, OFF(q.hide), 0, "regexp",
	    "Remove matching frames from the call stacks" },
	{ "show", OPT_STRING, OFF(q.show), 0, "regexp",
	    "Keep only matching frames in the call stacks" },
	{ "show_from", OPT_STRING, OFF(q.show_from), 0, "regexp",
	    "Drop the frames above the first matching one" },
	{ "prune_from", OPT_STRING, OFF(q.prune_from), 0, "regexp",
	    "Drop the frames below the matching one" },
	{ "tagfocus", OPT_STRING, OFF(q.tagfocus), 0, "filter",
	    "Restrict to samples with matching tags (regexp or value range)" },
	{ "tagignore", OPT_STRING, OFF(q.tagignore), 0, "filter",
	    "Drop samples with matching tags (regexp or value range)" },
	{ "tagshow", OPT_STRING, OFF(q.tagshow), 0, "regexp",
	    "Only show tags whose key matches" },
	{ "taghide", OPT_STRING, OFF(q.taghide), 0, "regexp",
	    "Hide tags whose key matches" },

	{ "tagroot", OPT_STRING, OFF(q.tagroot), 0, "keys",
	    "Add frames for these label keys at the root of each stack" },
	{ "tagleaf", OPT_STRING, OFF(q.tagleaf), 0, "keys",
	    "Add frames for these label keys at the leaf of each stack" },

	{ "sample_index", OPT_STRING, OFF(q.sample_index), 0, "index|name",
	    "Sample value to report (0-based index or name)" },
	{ "mean", OPT_BOOL, OFF(q.mean), 0, NULL,
	    "Average sample value over the first value (count)" },
	{ "inuse_space", OPT_SAMPLE, 0, 3, NULL,
	    "Same as -sample_index=inuse_space" },
	{ "inuse_objects", OPT_SAMPLE, 0, 4, NULL,
	    "Same as -sample_index=inuse_objects" },
	{ "alloc_space", OPT_SAMPLE, 0, 5, NULL,
	    "Same as -sample_index=alloc_space" },
	{ "alloc_objects", OPT_SAMPLE, 0, 6, NULL,
	    "Same as -sample_index=alloc_objects" },
	{ "total_delay", OPT_SAMPLE, 0, 0, NULL,
	    "Same as -sample_index=delay" },
	{ "contentions", OPT_SAMPLE, 0, 2, NULL,
	    "Same as -sample_index=contentions" },
	{ "mean_delay", OPT_SAMPLE, 0, 1, NULL,
	    "Same as -mean -sample_index=delay" },

	{ "flat", OPT_SORT, 0, 0, NULL,
	    "Sort entries by their flat value (default)" },
	{ "cum", OPT_SORT, 0, 1, NULL,
	    "Sort entries by their cumulative value" },
	{ "nodecount", OPT_INT, OFF(q.nodecount), 0, "n",
	    "Max number of nodes to show (0: all)" },
	{ "nodefraction", OPT_FLOAT, OFF(q.nodefraction), 0, "f",
	    "Hide nodes below f * total (default 0.005)" },
	{ "edgefraction", OPT_FLOAT, OFF(q.edgefraction), 0, "f",
	    "Hide edges below f * total (default 0.001)" },
	{ "trim", OPT_BOOL, OFF(q.trim), 0, NULL,
	    "Honor nodefraction/edgefraction/nodecount (default true)" },
	{ "relative_percentages", OPT_BOOL, OFF(q.relative_percentages), 0,
	    NULL, "Show percentages relative to the focused subgraph" },
	{ "unit", OPT_STRING, OFF(q.unit), 0, "unit",
	    "Measurement unit: minimum (default), auto, or a unit name" },
	{ "divide_by", OPT_FLOAT, OFF(q.divide_by), 0, "f",
	    "Divide every sample value by f" },
	{ "compact_labels", OPT_BOOL, OFF(q.compact_labels), 0, NULL,
	    "Omit the profile header lines" },
	{ "drop_negative", OPT_BOOL, OFF(q.drop_negative), 0, NULL,
	    "Ignore negative differences" },

	{ "intel_syntax", OPT_BOOL, OFF(q.intel_syntax), 0, NULL,
	    "Show assembly in Intel syntax (-disasm)" },
	{ "call_tree", OPT_BOOL, OFF(q.call_tree), 0, NULL,
	    "Create a context-sensitive call tree (-dot, -callgrind)" },
	{ "source_path", OPT_STRING, OFF(q.source_path), 0, "dirs",
	    "Colon-separated directories to search for sources (-list)" },
	{ "trim_path", OPT_STRING, OFF(q.trim_path), 0, "prefixes",
	    "Colon-separated path prefixes to trim from source paths" },
	{ "base", OPT_LIST, OFF(base), 0, "profile",
	    "Subtract this base profile (the last one given)" },
	{ "diff_base", OPT_LIST, OFF(diff_base), 0, "profile",
	    "Compare against this base profile (the last one given)" },
	{ "normalize", OPT_BOOL, OFF(normalize), 0, NULL,
	    "Scale the profile to the base's total before subtracting" },

	{ "symbolize", OPT_STRING, OFF(symbolize), 0, "mode",
	    "Symbolization: local, none, force, demangle=none|full|templates" },
	{ "seconds", OPT_INT, OFF(seconds), 0, "n",
	    "Length of the profile a URL collects (?seconds=n)" },
	{ "timeout", OPT_INT, OFF(timeout), 0, "n",
	    "Give up fetching a URL after n s (default 60, or 1.5*seconds)" },
	{ "tls_cert", OPT_STRING, OFF(tls_cert), 0, "file",
	    "TLS client certificate (PEM) for https URLs" },
	{ "tls_key", OPT_STRING, OFF(tls_key), 0, "file",
	    "TLS private key (PEM) of -tls_cert" },
	{ "tls_ca", OPT_STRING, OFF(tls_ca), 0, "file",
	    "TLS CA certificates (PEM) to check https servers with" },
	{ "refresh", OPT_INT, OFF(refresh), 0, "n",
	    "Viewer: fetch a URL again every n s after R (default 10)" },
	{ "output", OPT_STRING, OFF(output), 0, "file",
	    "Write the report to file instead of standard output" },
	{ "max_input", OPT_STRING, OFF(max_input), 0, "bytes",
	    "Largest input file read (default 4G; k, M, G suffixes)" },
	{ "max_inflated", OPT_STRING, OFF(max_inflated), 0, "bytes",
	    "Largest decompressed size of a profile (default 4G)" },
	{ "max_ratio", OPT_STRING, OFF(max_ratio), 0, "n",
	    "Largest gzip expansion ratio accepted (default 64; 0: none)" },
	{ "help", OPT_HELP, 0, 0, NULL, "Print this help and exit" },
	{ "h", OPT_HELP, 0, 0, NULL, NULL },
	{ "version", OPT_VERSION, 0, 0, NULL,
	    "Print the version and exit" },
};
#define NOPT (sizeof opt_table / sizeof opt_table[0])

/*
 * pprof's flags that cpv does not have, each with what cpv offers
 * instead: one line for the user rather than Go's "flag provided but not
 * defined".  When cpv gains one of them, its line goes from here to
 * opt_table.
 */
static const struct {
	const char	*name;
	const char	*instead;
} pprof_only[] = {
	{ "http", "cpv has no web interface; cpv PROFILE on a terminal "
	    "opens its viewer" },
	{ "no_browser", "cpv has no web interface; cpv PROFILE on a "
	    "terminal opens its viewer" },
	{ "web", "cpv opens no browser; -svg -output=FILE writes the graph" },
	{ "weblist", "cpv opens no browser; -list=REGEXP prints the "
	    "annotated source" },
	{ "tools", "cpv runs no binary tools; it reads binaries itself "
	    "(libelf, libdwarf): name one before the profile, or set "
	    "PPROF_BINARY_PATH" },
	{ "buildid", "cpv has no -buildid; it finds binaries by the build "
	    "ids the profile records, or name one before the profile" },
	{ "add_comment", "cpv does not add comments to profiles" },
	{ "topproto", "cpv has no -topproto; -csv writes the top table, "
	    "-proto the whole profile" },
	{ "gif", "cpv writes -svg, -png, -pdf and -dot graphs" },
	{ "ps", "cpv writes -svg, -png, -pdf and -dot graphs" },
	{ "eog", "cpv starts no image viewer; -svg -output=FILE writes the "
	    "graph to open" },
	{ "evince", "cpv starts no document viewer; -pdf -output=FILE "
	    "writes the graph to open" },
	{ "gv", "cpv starts no document viewer; -pdf -output=FILE writes "
	    "the graph to open" },
	{ "kcachegrind", "cpv starts no KCachegrind; -callgrind "
	    "-output=FILE writes the file to open in it" },
};

/* What cpv offers instead of pprof's flag name[0..len), or NULL. */
static const char *
pprof_only_flag(const char *name, size_t len)
{
	size_t k;

	for (k = 0; k < sizeof pprof_only / sizeof pprof_only[0]; k++)
		if (strlen(pprof_only[k].name) == len &&
		    strncmp(pprof_only[k].name, name, len) == 0)
			return pprof_only[k].instead;
	return NULL;
}

/*
 * The table entry of the flag that arg spells ("-name", "--name=value"),
 * or NULL if arg is not a flag's syntax or names no flag.  Sets *len to
 * the name's length.
 */
static const struct opt_def *
opt_lookup(const char *arg, const char **name, size_t *len)
{
	const char *eq;
	size_t k;

	*name = NULL;
	*len = 0;
	if (arg[0] != '-' || arg[1] == '\0')
		return NULL;
	*name = arg + 1;
	if (**name == '-')
		(*name)++;
	eq = strchr(*name, '=');
	*len = eq != NULL ? (size_t)(eq - *name) : strlen(*name);
	for (k = 0; k < NOPT; k++)
		if (strlen(opt_table[k].name) == *len &&
		    strncmp(opt_table[k].name, *name, *len) == 0)
			return &opt_table[k];
	return NULL;
}

bool
options_is_flag(const char *arg)
{
	const char *name;
	size_t len;

	return opt_lookup(arg, &name, &len) != NULL ||
	    (name != NULL && pprof_only_flag(name, len) != NULL);
}

/* Whether opt_table[i] is a field of the query's options (o->q). */
_Static_assert(offsetof(struct options, q) == 0, "q comes first");
static bool
opt_in_query(size_t i)
{
	return opt_table[i].offset < sizeof(struct query_options);
}

void
options_init(struct options *o)
{
	memset(o, 0, sizeof *o);
	query_options_init(&o->q);
	o->report = REPORT_NONE;
}

void
options_release(struct options *o)
{
	size_t i, j;

	query_options_release(&o->q);
	for (i = 0; i < NOPT; i++) {
		if (opt_in_query(i))
			continue;
		if (opt_table[i].type == OPT_STRING)
			free(*(char **)((char *)o + opt_table[i].offset));
		if (opt_table[i].type == OPT_LIST) {
			char **l = *(char ***)((char *)o + opt_table[i].offset);
			size_t n = *(size_t *)((char *)o + opt_table[i].offset +
			    sizeof(char **));

			for (j = 0; j < n; j++)
				free(l[j]);
			free(l);
		}
	}
	memset(o, 0, sizeof *o);
}

void
options_copy(struct options *dst, const struct options *src)
{
	size_t i, j;

	memcpy(dst, src, sizeof *dst);
	query_options_copy(&dst->q, &src->q);
	for (i = 0; i < NOPT; i++) {
		void *f = (char *)dst + opt_table[i].offset;

		if (opt_in_query(i))
			continue;
		if (opt_table[i].type == OPT_STRING && *(char **)f != NULL)
			*(char **)f = xstrdup(*(char **)f);
		if (opt_table[i].type == OPT_LIST) {
			char ***lp = f;
			size_t n = *(size_t *)((char *)f + sizeof(char **));

			if (n == 0) {
				*lp = NULL;
				continue;
			}
			*lp = xreallocarray(NULL, n, sizeof **lp);
			for (j = 0; j < n; j++)
				(*lp)[j] = xstrdup(
				    (*(char ***)((char *)src +
				    opt_table[i].offset))[j]);
		}
	}
}

/* Go's strconv.ParseBool. */
static int
parse_bool(const char *s, bool *out)
{
	static const char *yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *no[] = { "0", "f", "F", "FALSE", "false", "False" };
	size_t i;

	for (i = 0; i < 6; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static bool
opt_is_bool(const struct opt_def *d)
{
	return d->type != OPT_STRING && d->type != OPT_INT &&
	    d->type != OPT_FLOAT && d->type != OPT_REPORT_ARG &&
	    d->type != OPT_LIST;
}

static int
opt_name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * A choice group (granularity, sort) takes the one flag of the group set
 * true; two set true is pprof's "conflicting options set" error.
 */
static int
options_resolve_group(struct options *o, enum opt_type type,
    const struct opt_def **set, const bool *val, size_t n, char **cause)
{
	const char *names[NOPT];
	const struct opt_def *chosen = NULL;
	size_t i, nnames = 0;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < n; i++)
		if (set[i]->type == type && val[i]) {
			chosen = set[i];
			names[nnames++] = set[i]->name;
		}
	if (nnames > 1) {
		sort_array(names, nnames, sizeof *names, opt_name_cmp);
		for (i = 0; i < nnames; i++)
			strbuf_addf(&sb, "%s%s", i ? " " : "", names[i]);
		*cause = xasprintf("conflicting options set: [%s]", sb.buf);
		strbuf_release(&sb);
		return -1;
	}
	if (chosen == NULL)
		return 0;
	if (type == OPT_GRAN)
		o->q.granularity = (enum granularity)chosen->value;
	else
		o->q.cum = chosen->value == 1;
	return 0;
}

int
options_parse(struct options *o, int argc, char **argv, int *first,
    char **cause)
{
	const struct opt_def *d;
	bool sample_sel[NLEGACY] = { false };
	/* The last value of each choice flag: pprof resolves groups after. */
	const struct opt_def *group_set[NOPT];
	bool group_val[NOPT];
	size_t ngroup = 0, g;
	int nreport = 0, i;
	size_t k;

	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *name, *eq, *value = NULL;
		const char *instead;
		size_t nlen;
		bool b = true;
		char *end;

		if (arg[0] != '-' || arg[1] == '\0')
			break;
		if (strcmp(arg, "--") == 0) {
			o->dashdash = true;
			i++;
			break;
		}
		name = arg + 1;
		if (*name == '-')
			name++;
		if (*name == '\0' || *name == '-' || *name == '=') {
			*cause = xasprintf("bad flag syntax: %s", arg);
			return -1;
		}
		d = opt_lookup(arg, &name, &nlen);
		if ((eq = strchr(name, '=')) != NULL)
			value = eq + 1;
		if (d == NULL && (instead = pprof_only_flag(name, nlen)) !=
		    NULL) {
			*cause = xasprintf("-%.*s is go tool pprof's: %s",
			    (int)nlen, name, instead);
			return -1;
		}
		if (d == NULL) {
			*cause = xasprintf("flag provided but not defined: "
			    "-%.*s", (int)nlen, name);
			return -1;
		}
		if (opt_is_bool(d)) {
			if (value != NULL && parse_bool(value, &b) == -1) {
				*cause = xasprintf("invalid boolean value "
				    "\"%s\" for -%s: parse error", value,
				    d->name);
				return -1;
			}
		} else if (value == NULL) {
			if (i + 1 >= argc) {
				*cause = xasprintf("flag needs an argument: "
				    "-%s", d->name);
				return -1;
			}
			value = argv[++i];
			o->value_flag = d->name;
			o->value_arg = i;
		}
		switch (d->type) {
		case OPT_BOOL:
			*(bool *)((char *)o + d->offset) = b;
			break;
		case OPT_STRING: {
			char **sp = (char **)((char *)o + d->offset);

			free(*sp);
			*sp = xstrdup(value);
			break;
		}
		case OPT_INT: {
			long v;

			errno = 0;
			v = strtol(value, &end, 0);
			if (errno != 0 || *end != '\0' || end == value ||
			    v < -2147483647L || v > 2147483647L) {
				*cause = xasprintf("invalid value \"%s\" for "
				    "flag -%s: parse error", value, d->name);
				return -1;
			}
			*(int *)((char *)o + d->offset) = (int)v;
			break;
		}
		case OPT_FLOAT: {
			double v;

			errno = 0;
			v = strtod(value, &end);
			if (errno != 0 || *end != '\0' || end == value ||
			    isnan(v)) {
				*cause = xasprintf("invalid value \"%s\" for "
				    "flag -%s: parse error", value, d->name);
				return -1;
			}
			*(double *)((char *)o + d->offset) = v;
			break;
		}
		case OPT_REPORT:
			if (b) {
				nreport++;
				o->report = (enum report_kind)d->value;
				o->text_alias = strcmp(d->name, "text") == 0;
			}
			break;
		case OPT_REPORT_ARG:
			/* Go's flag: an empty value does not select it. */
			if (*value != '\0') {
				nreport++;
				o->report = (enum report_kind)d->value;
				free(o->q.symbol);
				o->q.symbol = xstrdup(value);
			}
			break;
		case OPT_LIST: {
			char ***lp = (char ***)((char *)o + d->offset);
			size_t *np = (size_t *)((char *)o + d->offset +
			    sizeof(char **));

			/*
			 * go tool pprof declares these as plain string
			 * flags: the last one wins, and an empty one
			 * (-base=) means none.
			 */
			while (*np > 0)
				free((*lp)[--(*np)]);
			if (*value == '\0')
				break;
			*lp = xreallocarray(*lp, 1, sizeof **lp);
			(*lp)[(*np)++] = xstrdup(value);
			break;
		}
		case OPT_GRAN:
		case OPT_SORT:
			for (g = 0; g < ngroup && group_set[g] != d; g++)
				;
			if (g == ngroup)
				group_set[ngroup++] = d;
			group_val[g] = b;
			break;
		case OPT_SAMPLE:
			sample_sel[d->value] = b;
			break;
		case OPT_HELP:
			return OPTIONS_HELP;
		case OPT_VERSION:
			return OPTIONS_VERSION;
		}
	}
	if (nreport > 1) {
		*cause = xstrdup("must set at most one output format");
		return -1;
	}
	if (options_resolve_group(o, OPT_GRAN, group_set, group_val, ngroup,
	    cause) == -1 || options_resolve_group(o, OPT_SORT, group_set,
	    group_val, ngroup, cause) == -1)
		return -1;
	if (o->nbase > 0 && o->ndiff_base > 0) {
		*cause = xstrdup("-base and -diff_base flags cannot both be "
		    "specified");
		return -1;
	}
	if (o->normalize && o->nbase == 0 && o->ndiff_base == 0) {
		*cause = xstrdup("must have base profile to normalize by");
		return -1;
	}
	for (k = 0; k < NLEGACY; k++) {
		if (!sample_sel[k])
			continue;
		if (o->q.sample_index == NULL || *o->q.sample_index == '\0') {
			free(o->q.sample_index);
			o->q.sample_index = xstrdup(legacy[k].index);
		} else
			warn_printf("Multiple value selections, ignoring "
			    "-%s", legacy[k].name);
		if (legacy[k].mean)
			o->q.mean = true;
	}
	*first = i;
	return 0;
}

void
options_usage(struct strbuf *sb)
{
	size_t k;
	char left[64];

	strbuf_addstr(sb, "usage: cpv [options] [binary] profile ...\n"
	    "\n"
	    "Reads pprof profiles (profile.proto), gperftools CPU and heap "
	    "profiles,\nfolded stacks and perf script text, gzipped or not "
	    "(- for standard\ninput), and prints the same reports as go tool "
	    "pprof. Several profiles\nare merged. Addresses without names are "
	    "symbolized from the binaries\n(a binary named first, "
	    "PPROF_BINARY_PATH, the recorded path, build ids,\n"
	    ".gnu_debuglink; see -symbolize).\n"
	    "A profile may be a URL or host:port[/path] (host:port alone is "
	    "Go's\n/debug/pprof/profile): cpv fetches it, as pprof does "
	    "(-seconds, -timeout,\n-tls_*), and saves a copy under "
	    "$PPROF_TMPDIR (default ~/pprof).\n"
	    "Flags come before the profiles: "
	    "-flag, -flag=value or -flag value.\n\n"
	    "options:\n");
	for (k = 0; k < NOPT; k++) {
		const struct opt_def *d = &opt_table[k];

		if (d->help == NULL)
			continue;
		if (d->arg != NULL)
			snprintf(left, sizeof left, "-%s=%s", d->name, d->arg);
		else
			snprintf(left, sizeof left, "-%s", d->name);
		strbuf_addf(sb, "  %-26s %s\n", left, d->help);
	}
	strbuf_addstr(sb, "\nWith no report flag on a terminal, cpv opens its "
	    "viewer: top table, call\ntree, inverted tree, peek, source, flame "
	    "graph and labels; press ? in it\nfor the keys and commands (also "
	    "in cpv(1), \"The viewer\").\n"
	    "\nWith no report flag and standard input not a terminal, cpv "
	    "reads pprof's\ninteractive commands from standard input, one a "
	    "line: top, top10 -cum,\npeek RE, list RE, tree, traces, tags, "
	    "name=value (focus=RE, sample_index=X,\ngranularity=lines, ...), "
	    ":, help, o, exit.  With standard output not a\nterminal, it "
	    "prints the -top report.\n"
	    "\nEnvironment: CPV_MAX_INPUT, CPV_MAX_INFLATED, CPV_MAX_RATIO "
	    "(limits);\nPPROF_TMPDIR (fetched profiles); TZ sets the time "
	    "zone of the Time: header;\nNO_COLOR turns the viewer's colours "
	    "off.  See cpv(1).\n");
}

/*
 * Setting options by name: pprof's configure().  The names are pprof's
 * configuration fields, which are this table's plain-valued entries plus
 * two groups standing for the OPT_SORT and OPT_GRAN entries.
 */
static const char *const sort_names[] = { "flat", "cum" };

static const struct opt_def *
opt_find_value(const char *name)
{
	size_t k;

	for (k = 0; k < NOPT; k++)
		if (strcmp(opt_table[k].name, name) == 0 &&
		    (opt_table[k].type == OPT_BOOL ||
		    opt_table[k].type == OPT_STRING ||
		    opt_table[k].type == OPT_INT ||
		    opt_table[k].type == OPT_FLOAT))
			return &opt_table[k];
	return NULL;
}

/* The OPT_SORT or OPT_GRAN entry called name. */
static const struct opt_def *
opt_find_choice(const char *name)
{
	size_t k;

	for (k = 0; k < NOPT; k++)
		if (strcmp(opt_table[k].name, name) == 0 &&
		    (opt_table[k].type == OPT_SORT ||
		    opt_table[k].type == OPT_GRAN))
			return &opt_table[k];
	return NULL;
}

static const char *
opt_granularity_name(enum granularity g)
{
	size_t k;

	for (k = 0; k < NOPT; k++)
		if (opt_table[k].type == OPT_GRAN &&
		    opt_table[k].value == (int)g)
			return opt_table[k].name;
	return "functions";
}

/* pprof's stringToBool: looser than Go's ParseBool, and "" is true. */
static int
parse_config_bool(const char *s, bool *out)
{
	static const char *yes[] = { "true", "t", "yes", "y", "1", "" };
	static const char *no[] = { "false", "f", "no", "n", "0" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	return -1;
}

/* Go's NumError text: strconv.FN: parsing "S": WHY. */
static char *
num_error(const char *fn, const char *s, const char *why)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "strconv.%s: parsing ", fn);
	vis_quote(&sb, s);
	strbuf_addf(&sb, ": %s", why);
	return strbuf_detach(&sb, NULL);
}

/* Go's strconv.Atoi (into an int: larger values are clamped). */
static int
parse_config_int(const char *s, int *out, char **cause)
{
	const char *d = s + (*s == '+' || *s == '-');
	long long v;

	if (*d == '\0' || strspn(d, "0123456789") != strlen(d)) {
		*cause = num_error("Atoi", s, "invalid syntax");
		return -1;
	}
	errno = 0;
	v = strtoll(s, NULL, 10);
	if (errno == ERANGE) {
		*cause = num_error("Atoi", s, "value out of range");
		return -1;
	}
	*out = v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
	return 0;
}

/* Go's strconv.ParseFloat, through strtod. */
static int
parse_config_float(const char *s, double *out, char **cause)
{
	const char *d = s + (*s == '+' || *s == '-');
	char *end;
	double v;
	bool hex = d[0] == '0' && (d[1] == 'x' || d[1] == 'X');

	errno = 0;
	v = strtod(s, &end);
	/* Go wants a 'p' exponent in hex and knows no "nan(...)" */
	if (end == s || *end != '\0' || strchr(s, '(') != NULL ||
	    (hex && strpbrk(d, "pP") == NULL)) {
		*cause = num_error("ParseFloat", s, "invalid syntax");
		return -1;
	}
	if (errno == ERANGE && isinf(v)) {
		*cause = num_error("ParseFloat", s, "value out of range");
		return -1;
	}
	*out = v;
	return 0;
}

static char *
unknown_field(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "unknown config field ");
	vis_quote(&sb, name);
	return strbuf_detach(&sb, NULL);
}

static char *
invalid_choice(const char *group, const char *value)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "invalid ");
	vis_quote(&sb, group);
	strbuf_addstr(&sb, " value ");
	vis_quote(&sb, value);
	return strbuf_detach(&sb, NULL);
}

int
options_set(struct options *o, const char *name, const char *value,
    char **cause)
{
	const struct opt_def *d;
	size_t k;
	bool b;

	if (strcmp(name, "sort") == 0 || strcmp(name, "granularity") == 0) {
		if (value == NULL) {
			*cause = xasprintf("please specify a value, e.g. "
			    "%s=<val>", name);
			return -1;
		}
		d = opt_find_choice(value);
		if (d == NULL || (d->type == OPT_SORT) != (name[0] == 's')) {
			*cause = invalid_choice(name, value);
			return -1;
		}
		return options_set(o, value, "true", cause);
	}
	if ((d = opt_find_choice(name)) != NULL) {
		/* a choice named alone needs a true value (Go's ParseBool) */
		if (value == NULL || parse_bool(value, &b) == -1 || !b) {
			*cause = unknown_field(name);
			return -1;
		}
		if (d->type == OPT_SORT)
			o->q.cum = d->value == 1;
		else
			o->q.granularity = (enum granularity)d->value;
		return 0;
	}
	if ((d = opt_find_value(name)) == NULL) {
		*cause = unknown_field(name);
		return -1;
	}
	if (value == NULL && d->type != OPT_BOOL) {
		*cause = xasprintf("please specify a value, e.g. %s=<val>",
		    name);
		return -1;
	}
	switch (d->type) {
	case OPT_BOOL:
		if (parse_config_bool(value ? value : "", &b) == -1) {
			*cause = xasprintf("illegal value \"%s\" for bool "
			    "variable", value);
			return -1;
		}
		*(bool *)((char *)o + d->offset) = b;
		return 0;
	case OPT_INT:
		return parse_config_int(value, (int *)((char *)o + d->offset),
		    cause);
	case OPT_FLOAT:
		return parse_config_float(value,
		    (double *)((char *)o + d->offset), cause);
	default:
		k = d->offset;
		free(*(char **)((char *)o + k));
		*(char **)((char *)o + k) = xstrdup(value);
		return 0;
	}
}

/*
 * Go's fmt.Sprint of a float64: the shortest decimal that reads back as
 * the same value, in %e form ("1e-05", "1.5e+06") when the exponent is
 * below -4 or at least 6 (Go's %v), otherwise plain ("0.005", "123456").
 */
static void
format_go_float(struct strbuf *sb, double v)
{
	char buf[40], digits[20] = { 0 };
	int prec, exp, nd, i;
	char *p, *e;

	if (isnan(v)) {
		strbuf_addstr(sb, "NaN");
		return;
	}
	if (isinf(v)) {
		strbuf_addstr(sb, v > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (v == 0) {
		strbuf_addstr(sb, signbit(v) ? "-0" : "0");
		return;
	}
	for (prec = 0; prec < 17; prec++) {
		snprintf(buf, sizeof buf, "%.*e", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/* buf is [-]d[.ddd]e[+-]xx: collect the digits, drop trailing 0s */
	p = buf;
	if (*p == '-') {
		strbuf_addch(sb, '-');
		p++;
	}
	/* %e always writes a digit and an exponent; be safe if it did not */
	if ((e = strchr(p, 'e')) == NULL || e == p) {
		strbuf_addstr(sb, p);
		return;
	}
	exp = atoi(e + 1);
	for (nd = 0; p < e; p++)
		if (*p != '.')
			digits[nd++] = *p;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (exp < -4 || exp >= 6) {
		strbuf_addch(sb, digits[0]);
		if (nd > 1) {
			strbuf_addch(sb, '.');
			strbuf_add(sb, digits + 1, (size_t)nd - 1);
		}
		strbuf_addf(sb, "e%c%02d", exp < 0 ? '-' : '+',
		    exp < 0 ? -exp : exp);
	} else if (exp < 0) {
		strbuf_addstr(sb, "0.");
		for (i = -1; i > exp; i--)
			strbuf_addch(sb, '0');
		strbuf_add(sb, digits, (size_t)nd);
	} else {
		for (i = 0; i <= exp || i < nd; i++) {
			if (i == exp + 1)
				strbuf_addch(sb, '.');
			strbuf_addch(sb, i < nd ? digits[i] : '0');
		}
	}
}

int
options_get(const struct options *o, const char *name, struct strbuf *sb)
{
	const struct opt_def *d;
	const char *s;

	if (strcmp(name, "sort") == 0) {
		strbuf_addstr(sb, sort_names[o->q.cum]);
		return 0;
	}
	if (strcmp(name, "granularity") == 0) {
		strbuf_addstr(sb, opt_granularity_name(o->q.granularity));
		return 0;
	}
	if ((d = opt_find_value(name)) == NULL)
		return -1;
	switch (d->type) {
	case OPT_BOOL:
		strbuf_addstr(sb, *(const bool *)((const char *)o + d->offset) ?
		    "true" : "false");
		break;
	case OPT_INT:
		strbuf_addf(sb, "%d",
		    *(const int *)((const char *)o + d->offset));
		break;
	case OPT_FLOAT:
		format_go_float(sb,
		    *(const double *)((const char *)o + d->offset));
		break;
	default:
		s = *(char *const *)((const char *)o + d->offset);
		if (s != NULL)
			strbuf_addstr(sb, s);
		break;
	}
	return 0;
}
