/*
 * shell.h: pprof's interactive commands, read one a line.
 *
 * `go tool pprof profile < commands` runs each command ("top20 -cum",
 * "list regexp", "focus=regexp", "sample_index=alloc_space", ...)
 * and prints its report; cpv does the same when no report flag is given
 * and standard input is not a terminal.  Options are set by name with
 * options_set() (options.h), which the TUI's :set uses too.
 */
#ifndef CPV_SHELL_H
#define CPV_SHELL_H

#include <stdio.h>

struct options;
struct profile;

/*
 * Run the commands read from in against p (merged, as pprof always
 * merges), starting from the options o (those of the command line, with
 * compact_labels forced on), until EOF, "exit", "quit" or "q".  The
 * prompts and reports go to out; the greeting, help, the option listing
 * and error messages to stderr, as pprof's line UI prints them.  Reports
 * are the same functions as for the command line (report_find(),
 * report_apply_overrides(), query_new(), run).  A failing command does
 * not stop the shell.  The exit status is 0, or 1 if reading in fails, if
 * a report could not be written to its file (">file", output=: the
 * message comes at once, the shell goes on), or if writing to out fails
 * (a message on stderr, and the shell stops).
 */
int	shell_run(struct profile *p, const struct options *o, FILE *in,
	    FILE *out);

#endif
