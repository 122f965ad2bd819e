/*
 * shell.h: pprof's interactive commands, read one a line.
 *
 * `go tool pprof profile < commands` runs each command ("top20 -cum",
 * "list regexp", "focus=regexp", "sample_index=alloc_space", "reset", ...)
 * and prints its report; cpv does the same when no report flag is given
 * and standard input is not a terminal.  The parser is shared with the
 * TUI's ':' line.
 */
#ifndef CPV_SHELL_H
#define CPV_SHELL_H

#include <stdio.h>

struct options;
struct profile;

/*
 * Run the commands read from in against p, starting from the options o
 * (those given on the command line), writing reports to out.  Returns the
 * exit status: 0, or 1 if a command could not run.
 */
int	shell_run(struct profile *p, const struct options *o, FILE *in,
	    FILE *out);

#endif
