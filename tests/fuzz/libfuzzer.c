/*
 * libfuzzer.c: libFuzzer's entry points for tests/fuzz/cpv-fuzz.
 *
 * The first argument names the target ("cpv-fuzz pprof -runs=1000
 * dir"); it is taken out before libFuzzer reads its flags and kept in the
 * environment (CPV_FUZZ_TARGET) for the processes that -jobs and -fork
 * start.  Unless given, -max_len is the target's from targets.def, and
 * -close_fd_mask=3 is added: libFuzzer then closes
 * the target's standard output and error, keeping its own messages and
 * the sanitizers' reports on the original standard error, so that no
 * input can write to the terminal.  Each input gets the regexp budget
 * of a whole cpv run (rx.h), as it would in its own process.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rx.h"
#include "xmalloc.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static fuzz_fn fuzz_target;

static void
usage(const char *prog)
{
	const struct fuzz_target *t;

	fprintf(stderr, "usage: %s TARGET [libFuzzer flags] [corpus dirs]\n"
	    "targets:", prog);
	for (t = fuzz_targets; t->name != NULL; t++)
		fprintf(stderr, " %s", t->name);
	fprintf(stderr, "\n");
	exit(2);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char close_fds[] = "-close_fd_mask=3";
	static char max_len[64];
	const struct fuzz_target *t = NULL;
	const char *name = getenv("CPV_FUZZ_TARGET");
	char **nargv, *a;
	bool mask = false, len = false;
	int i, n = 0;

	nargv = xcalloc((size_t)*argc + 3, sizeof *nargv);
	nargv[n++] = (*argv)[0];
	for (i = 1; i < *argc; i++) {
		a = (*argv)[i];
		if (i == 1 && a[0] != '-' && fuzz_find(a) != NULL) {
			name = a;
			continue;
		}
		if (strncmp(a, "-close_fd_mask=", 15) == 0)
			mask = true;
		if (strncmp(a, "-max_len=", 9) == 0)
			len = true;
		nargv[n++] = a;
	}
	if (name == NULL || (t = fuzz_find(name)) == NULL)
		usage((*argv)[0]);
	if (setenv("CPV_FUZZ_TARGET", t->name, 1) == -1)
		fatal("setenv failed");
	if (!mask)
		nargv[n++] = close_fds;
	if (!len) {
		snprintf(max_len, sizeof max_len, "-max_len=%zu", t->max_len);
		nargv[n++] = max_len;
	}
	nargv[n] = NULL;
	*argc = n;
	*argv = nargv;	/* used until exit */
	fuzz_target = t->fn;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rx_budget_reset();
	return fuzz_target(data, size);
}
