/*
 * fuzz_pprof.c: the profile.proto reader, from bytes (gzip or raw) to a
 * model, with the profile's own drop_frames applied, a -top report, a
 * -lines report with a focus, and a merge of the profile with itself.
 *
 * A refused input gets a one-line error that is safe on a terminal; an
 * accepted one gives reports made only of safe text.
 */
#include "fuzz.h"
#include "pprof.h"
#include "reader.h"
#include "profile.h"

FUZZ_TARGET(pprof)
{
	struct input_limits l;
	struct profile *p;
	char *cause = NULL;

	fuzz_limits(&l);
	if ((p = pprof_parse(data, size, &l, &cause)) == NULL) {
		fuzz_check_cause(cause, true);
		return 0;
	}
	if (profile_prune_frames(p, &cause) == -1) {
		fuzz_check_cause(cause, true);
		profile_free(p);
		return 0;
	}
	fuzz_profile_reports(p);
	profile_free(p);
	return 0;
}
