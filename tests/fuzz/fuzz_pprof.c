/*
 * fuzz_pprof.c: the profile.proto reader, from bytes (gzip or raw) to a
 * model, with the profile's own drop_frames applied, a -top report, a
 * -lines report with a focus, and a merge of the profile with itself.
 *
 * A refused input gets a one-line error that is safe on a terminal; an
 * accepted one gives reports made only of safe text.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "options.h"
#include "pprof.h"
#include "reader.h"
#include "profile.h"
#include "strbuf.h"
#include "xmalloc.h"

static void
check_cause(char *cause)
{
	FUZZ_ASSERT(cause != NULL && *cause != '\0');
	FUZZ_ASSERT(fuzz_text_is_safe(cause, strlen(cause), 0));
	free(cause);
}

FUZZ_TARGET(pprof)
{
	struct input_limits l;
	struct profile *p, *two[2], *m;
	struct options o;
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL;

	fuzz_limits(&l);
	if ((p = pprof_parse(data, size, &l, &cause)) == NULL) {
		check_cause(cause);
		return 0;
	}
	if (profile_prune_frames(p, &cause) == -1) {
		check_cause(cause);
		profile_free(p);
		return 0;
	}

	options_init(&o);
	fuzz_top(p, &o, &sb);
	options_release(&o);

	options_init(&o);
	o.q.granularity = GRAN_LINES;
	o.q.focus = xstrdup("main|a");
	fuzz_top(p, &o, &sb);
	options_release(&o);

	two[0] = two[1] = p;
	m = profile_merge(two, 2, &cause);
	FUZZ_ASSERT(m != NULL);
	profile_free(m);

	strbuf_release(&sb);
	profile_free(p);
	return 0;
}
