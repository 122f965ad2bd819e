/* shell.c: pprof's interactive commands from standard input. */
#include <stdio.h>

#include "options.h"
#include "profile.h"
#include "shell.h"

int
shell_run(struct profile *p, const struct options *o, FILE *in, FILE *out)
{
	(void)p;
	(void)o;
	(void)in;
	(void)out;
	fprintf(stderr, "cpv: reading commands from standard input is not "
	    "implemented yet; give a report flag such as -top\n");
	return 1;
}
