/*
 * fuzz_reports.c: every report on a read profile.  The input is a profile
 * (gzip or raw) as for the pprof target; once read and pruned it goes
 * through each report that main.c can write (the merged profile for
 * those that show sample identity, as main.c does), except -list, which
 * opens the source files a profile names, and the Graphviz ones, which
 * run dot.  Text reports must be safe text; -proto's output must read
 * back as a profile.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "options.h"
#include "pprof.h"
#include "reader.h"
#include "profile.h"
#include "report.h"
#include "strbuf.h"
#include "xmalloc.h"

static const enum report_kind kinds[] = {
	REPORT_TOP, REPORT_TREE, REPORT_PEEK, REPORT_TRACES, REPORT_TAGS,
	REPORT_RAW, REPORT_COMMENTS, REPORT_DOT, REPORT_CALLGRIND,
	REPORT_PROTO, REPORT_FOLDED, REPORT_CSV,
};

FUZZ_TARGET(reports)
{
	struct input_limits l;
	struct profile *p, *m, *back;
	struct options o;
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL;
	size_t i;

	fuzz_limits(&l);
	if ((p = pprof_parse(data, size, &l, &cause)) == NULL) {
		free(cause);
		return 0;
	}
	if (profile_prune_frames(p, &cause) == -1 ||
	    (m = profile_merge(&p, 1, &cause)) == NULL) {
		free(cause);
		profile_free(p);
		return 0;
	}
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		options_init(&o);
		if (kinds[i] == REPORT_PEEK)
			o.q.symbol = xstrdup(".");
		strbuf_reset(&sb);
		if (fuzz_report(report_find(kinds[i])->flags & REPORT_MERGED ?
		    m : p, &o, kinds[i], &sb) == 0 && kinds[i] == REPORT_PROTO) {
			back = pprof_parse((unsigned char *)sb.buf, sb.len, &l,
			    &cause);
			if (back == NULL)
				fuzz_fail(__FILE__, __LINE__, cause);
			profile_free(back);
		}
		options_release(&o);
	}
	strbuf_release(&sb);
	profile_free(m);
	profile_free(p);
	return 0;
}
