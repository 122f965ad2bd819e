/*
 * fuzz_filters.c: the regexp and tag filters of a query, on the fixed
 * profile.  Line i of the input (empty: not set) is the value of, in
 * order: focus, ignore, hide, show, show_from, tagfocus, tagignore,
 * prune_from, tagshow, taghide, tagroot, tagleaf.  Each set runs a -top
 * report at function and at line granularity.
 */
#include <stddef.h>
#include <stdlib.h>

#include "fuzz.h"
#include "options.h"
#include "strbuf.h"
#include "xmalloc.h"

static const size_t fields[] = {
	offsetof(struct options, q.focus),
	offsetof(struct options, q.ignore),
	offsetof(struct options, q.hide),
	offsetof(struct options, q.show),
	offsetof(struct options, q.show_from),
	offsetof(struct options, q.tagfocus),
	offsetof(struct options, q.tagignore),
	offsetof(struct options, q.prune_from),
	offsetof(struct options, q.tagshow),
	offsetof(struct options, q.taghide),
	offsetof(struct options, q.tagroot),
	offsetof(struct options, q.tagleaf),
};
#define NFIELD (sizeof fields / sizeof fields[0])

static void
set_fields(struct options *o, char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < NFIELD; i++)
		if (*v[i] != '\0')
			*(char **)((char *)o + fields[i]) = xstrdup(v[i]);
}

FUZZ_TARGET(filters)
{
	struct options o;
	struct strbuf sb = STRBUF_INIT;
	char **v;
	size_t n;

	v = fuzz_split(data, size, '\n', NFIELD, &n);
	options_init(&o);
	set_fields(&o, v, n);
	fuzz_top(fuzz_fixed_profile(), &o, &sb);
	options_release(&o);

	options_init(&o);
	set_fields(&o, v, n);
	o.q.granularity = GRAN_LINES;
	fuzz_top(fuzz_fixed_profile(), &o, &sb);
	options_release(&o);

	strbuf_release(&sb);
	fuzz_split_free(v);
	return 0;
}
