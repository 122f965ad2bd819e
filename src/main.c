/*
 * main.c: cpv's command line: parse flags, read and merge the profiles,
 * run the report.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "pprof.h"
#include "profile.h"
#include "query.h"
#include "report.h"
#include "strbuf.h"
#include "vis.h"
#include "xmalloc.h"

/* Print "cpv: 'name': cause" with the name made safe, free cause. */
static void
error_file(const char *name, char *cause)
{
	struct strbuf sb = STRBUF_INIT;

	vis_addstr(&sb, name, 0);
	fprintf(stderr, "cpv: '%s': %s\n", sb.buf, cause);
	strbuf_release(&sb);
	free(cause);
}

static struct profile *
load_profiles(char **paths, int n)
{
	struct pprof_limits limits;
	struct profile **ps, *merged;
	char *cause = NULL;
	int i, j;

	pprof_limits_default(&limits);
	ps = xcalloc((size_t)n, sizeof *ps);
	for (i = 0; i < n; i++) {
		ps[i] = pprof_read_file(paths[i], &limits, &cause);
		if (ps[i] == NULL) {
			error_file(strcmp(paths[i], "-") == 0 ?
			    "(standard input)" : paths[i], cause);
			goto fail;
		}
	}
	/*
	 * pprof merges even a single profile; for the reports cpv has so
	 * far that is unobservable (duplicate stacks add up and zero samples
	 * count for nothing either way), so one profile is used as it is.
	 */
	if (n == 1) {
		merged = ps[0];
		free(ps);
		goto prune;
	}
	merged = profile_merge(ps, (size_t)n, &cause);
	if (merged == NULL) {
		fprintf(stderr, "cpv: cannot merge profiles: %s\n", cause);
		free(cause);
		goto fail;
	}
	for (i = 0; i < n; i++)
		profile_free(ps[i]);
	free(ps);
prune:
	if (profile_prune_frames(merged, &cause) == -1) {
		fprintf(stderr, "cpv: profile's drop_frames: %s\n", cause);
		free(cause);
		profile_free(merged);
		return NULL;
	}
	return merged;
fail:
	for (j = 0; j < n; j++)
		profile_free(ps[j]);
	free(ps);
	return NULL;
}

static int
write_output(const char *path, const struct strbuf *sb)
{
	FILE *f = stdout;

	if (path != NULL && (f = fopen(path, "w")) == NULL) {
		error_file(path, xasprintf("cannot create: %s",
		    strerror(errno)));
		return -1;
	}
	if (fwrite(sb->buf, 1, sb->len, f) != sb->len || fflush(f) != 0) {
		error_file(path ? path : "(standard output)",
		    xasprintf("write error: %s", strerror(errno)));
		if (f != stdout)
			fclose(f);
		return -1;
	}
	if (f != stdout && fclose(f) != 0) {
		error_file(path, xasprintf("write error: %s", strerror(errno)));
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct profile *p;
	struct query *q;
	struct strbuf out = STRBUF_INIT;
	char *cause = NULL;
	int first, rc;

	setlocale(LC_CTYPE, "");
	options_init(&o);
	rc = options_parse(&o, argc - 1, argv + 1, &first, &cause);
	if (rc == 1) {
		options_release(&o);
		return 0;
	}
	if (rc == -1) {
		fprintf(stderr, "cpv: %s\n", cause);
		fprintf(stderr, "usage: cpv [options] profile ... "
		    "(cpv -help for the options)\n");
		free(cause);
		options_release(&o);
		return 2;
	}
	first++;	/* index into argv */
	if (first >= argc) {
		fprintf(stderr, "cpv: no profile given\n"
		    "usage: cpv [options] profile ... "
		    "(cpv -help for the options)\n");
		options_release(&o);
		return 2;
	}
	if ((p = load_profiles(argv + first, argc - first)) == NULL) {
		options_release(&o);
		return 1;
	}
	/* Until the TUI exists, no report flag means -top. */
	if (o.report == REPORT_NONE)
		o.report = REPORT_TOP;
	if ((q = query_new(p, &o, &cause)) == NULL) {
		fprintf(stderr, "cpv: %s\n", cause);
		free(cause);
		profile_free(p);
		options_release(&o);
		return 1;
	}
	report_top(&out, q);
	rc = write_output(o.output, &out) == -1 ? 1 : 0;
	strbuf_release(&out);
	query_free(q);
	profile_free(p);
	options_release(&o);
	return rc;
}
