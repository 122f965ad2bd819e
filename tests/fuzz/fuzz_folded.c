/*
 * fuzz_folded.c: the folded stacks reader, from bytes to a model
 * (through the table, so that the probes run too, and through
 * folded_parse() directly), a -top report, a -lines report with a
 * focus, and a merge of the profile with itself.
 *
 * A refused input gets a one-line error that is safe on a terminal; an
 * accepted one gives reports made only of safe text.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "options.h"
#include "profile.h"
#include "reader.h"
#include "strbuf.h"
#include "xmalloc.h"

static void
check_cause(char *cause)
{
	FUZZ_ASSERT(cause != NULL && *cause != '\0');
	FUZZ_ASSERT(strchr(cause, '\n') == NULL);
	FUZZ_ASSERT(fuzz_text_is_safe(cause, strlen(cause), 0));
	free(cause);
}

FUZZ_TARGET(folded)
{
	struct input_limits l;
	struct profile *p, *two[2], *m;
	struct options o;
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL;

	fuzz_limits(&l);
	/* Through the table: whichever reader the probes pick. */
	if ((p = reader_parse(data, size, &l, NULL, &cause)) == NULL)
		check_cause(cause);
	else
		profile_free(p);
	cause = NULL;
	if ((p = folded_parse(data, size, false, &l, &cause)) == NULL) {
		check_cause(cause);
		return 0;
	}
	FUZZ_ASSERT(profile_check(p, &cause) == 0);
	profile_simplify_names(p);

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
