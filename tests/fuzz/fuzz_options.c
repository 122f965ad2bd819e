/*
 * fuzz_options.c: the flag parser.  The input is an argument vector, one
 * argument a line (or NUL-separated); the options parsed are then used
 * for a -top report on the fixed profile, as main.c would (file names in
 * -output, -base and -diff_base are not opened).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "options.h"
#include "pprof.h"
#include "reader.h"
#include "strbuf.h"

FUZZ_TARGET(options)
{
	struct options o;
	struct strbuf sb = STRBUF_INIT;
	char **argv, *cause = NULL;
	const char *sizes[3];
	size_t n, i;
	uint64_t v;
	int first = -1, rc;

	argv = fuzz_split(data, size, '\n', 256, &n);
	options_init(&o);
	rc = options_parse(&o, (int)n, argv, &first, &cause);
	if (rc == -1) {
		FUZZ_ASSERT(cause != NULL && strchr(cause, '\n') == NULL);
		free(cause);
	} else if (rc == 0) {
		FUZZ_ASSERT(cause == NULL && first >= 0 && (size_t)first <= n);
		sizes[0] = o.max_input;
		sizes[1] = o.max_inflated;
		sizes[2] = o.max_ratio;
		for (i = 0; i < 3; i++)
			if (sizes[i] != NULL)
				input_parse_size(sizes[i], &v);
		fuzz_top(fuzz_fixed_profile(), &o, &sb);
	}
	options_release(&o);
	strbuf_release(&sb);
	fuzz_split_free(argv);
	return 0;
}
