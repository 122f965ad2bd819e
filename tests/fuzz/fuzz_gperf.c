/*
 * fuzz_gperf.c: the gperftools readers (CPU binary, heap text).
 *
 * Whatever the input, a reader gives a profile that passes
 * profile_check(), or one line of error without control bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "gperf.h"
#include "profile.h"

static void
check(struct profile *p, char *cause)
{
	char *why = NULL;

	if (p == NULL) {
		FUZZ_ASSERT(cause != NULL &&
		    fuzz_text_is_safe(cause, strlen(cause), 0));
		free(cause);
		return;
	}
	FUZZ_ASSERT(profile_check(p, &why) == 0);
	profile_free(p);
}

FUZZ_TARGET(gperf)
{
	char *cause = NULL;

	if (gperf_cpu_probe(data, size))
		check(gperf_cpu_parse(data, size, &cause), cause);
	cause = NULL;
	if (gperf_heap_probe(data, size))
		check(gperf_heap_parse(data, size, &cause), cause);
	return 0;
}
