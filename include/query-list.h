/*
 * query-list.h: the rows of -list, pprof's annotated source listing.
 *
 * query_list_build() finds the functions whose names match a regexp and,
 * for each function and source file it has samples in, a routine: its
 * flat and cum sums, where its source file is (or why it was not found),
 * and its source lines with the flat and cum of each.  report_list()
 * prints these rows as pprof does; a front end draws them.
 *
 * The query must have been made at line granularity with keep_objnames
 * set (report_apply_overrides() for REPORT_LIST does both): the nodes are
 * then source lines that know their function's start line.  The build
 * replaces the query's graph with one of values only, without edges (as
 * query_build_graph(q, 0, false) would have them, but unordered).
 *
 * Source files are untrusted and found as pprof's sourceReader finds
 * them: the node's file name, trimmed with -trim_path (or a guess from
 * -source_path), is opened as it is when absolute, else looked up under
 * every -source_path directory (the current one without it) and their
 * parents.  What is read:
 *
 *   - each file at most once per build, however many routines use it (by
 *     name, and by device and inode when two names reach one file);
 *   - only regular files: a directory, FIFO or device reads as empty;
 *   - never a file under /proc, /sys or /dev, nor one of the proc or sysfs
 *     file systems wherever they are mounted (symbolic links are resolved
 *     first): the routine gets an error instead;
 *   - at most QUERY_LIST_MAX_SOURCE bytes of one file and, in all,
 *     QUERY_LIST_BUDGET bytes per build; a line of 64 KiB or more ends the
 *     file (as it ends pprof's bufio.Scanner).
 */
#ifndef CPV_QUERY_LIST_H
#define CPV_QUERY_LIST_H

#include <stddef.h>
#include <stdint.h>

struct query;

#define QUERY_LIST_MARGIN	5	/* -list: lines around the samples */
#define QUERY_LIST_FUNCTION	(-1)	/* context: the whole function */
#define QUERY_LIST_MAX_SOURCE	((uint64_t)64 << 20)	/* bytes per file */
#define QUERY_LIST_BUDGET	((uint64_t)256 << 20)	/* bytes per build */

struct query_list_line {
	int64_t		 lineno;	/* 1-based */
	int64_t		 flat, cum;	/* raw sums of the line's nodes */
	/*
	 * Borrowed from the list: the line as -list prints it, tabs kept and
	 * every other control byte and invalid UTF-8 written as \xHH; NULL
	 * when the file was not read or has no such line.
	 */
	const char	*text;
};

struct query_list_routine {
	const char	*name;		/* borrowed from the query */
	/* borrowed from the query; "" when the function has no source
	 * information (no lines, path, error) */
	const char	*file;
	char		*path;		/* owned: the file read, or NULL */
	/*
	 * Owned: why the file was not read, as pprof says it ("could not
	 * find file F on path P", "open F: no such file or directory"), or
	 * NULL.  hint (owned, NULL with error) adds, for a front end, the
	 * names tried and what to set (-source_path, -trim_path); -list
	 * prints error alone, as pprof does.
	 */
	char		*error;
	char		*hint;
	int64_t		 flat, cum;	/* raw sums over the routine's nodes */
	/*
	 * Owned: the lines in order.  With a file read, the lines shown (see
	 * query_list_build()); without one, the sampled lines, text NULL.
	 */
	struct query_list_line *lines;
	size_t		 nline;
	/* The line with the largest flat, then cum, then the first; 0 when
	 * nline is 0. */
	size_t		 hottest;
};

struct query_list {
	struct query_list_routine *v;	/* owned, in -list's order */
	size_t		 n;
	int64_t		 total;		/* the query's total */
	struct query_list_cache *cache;	/* owned: the files' lines */
};

/*
 * Build the routines of the functions whose names match regexp (NULL is
 * ""), in -list's order: by name, then file.  context >= 0 is the number
 * of lines shown around the sampled lines, with pprof's rules for the
 * range (QUERY_LIST_MARGIN gives -list's rows exactly); QUERY_LIST_FUNCTION
 * shows from the function's start line (or its first sampled line) to its
 * last sampled line, plus QUERY_LIST_MARGIN lines each side, and includes
 * sampled lines past the end of the file with text NULL.
 *
 * Returns 0 and fills *l (to be released), or -1 with *cause (allocated)
 * for a bad regexp, no matching function, or no current directory; *l is
 * then empty.  A source file that cannot be read is not a failure: its
 * routines carry an error.
 */
int		 query_list_build(struct query *, const char *regexp,
		    int context, struct query_list *l, char **cause);
/* Free everything *l owns; it is empty afterwards.  Safe on an empty l. */
void		 query_list_release(struct query_list *l);

/*
 * A value as -list prints it: pprof's formatValue, each value scaled on
 * its own to the query's -unit after -divide_by.  Returns a static buffer,
 * overwritten by the next call.
 */
const char	*query_list_format_value(struct query *, int64_t);

#endif
