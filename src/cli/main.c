/*
 * main.c: cpv's command line: parse flags, read and merge the profiles,
 * run the report.
 */
#include <errno.h>
#include <stddef.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff.h"
#include "options.h"
#include "pprof.h"
#include "profile.h"
#include "query.h"
#include "report.h"
#include "shell.h"
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

/*
 * Read and merge the profiles.  pprof merges even a single profile; that
 * only shows in reports that print samples one by one (merged says so),
 * so otherwise one profile is used as it is.
 */
static struct pprof_limits limits;

/* The input limits: defaults, then the environment, then the flags. */
static int
set_limits(const struct options *o)
{
	static const struct {
		const char	*flag;
		size_t		 opt;
		size_t		 lim;
	} map[] = {
		{ "max_input", offsetof(struct options, max_input),
		    offsetof(struct pprof_limits, max_input) },
		{ "max_inflated", offsetof(struct options, max_inflated),
		    offsetof(struct pprof_limits, max_inflated) },
		{ "max_ratio", offsetof(struct options, max_ratio),
		    offsetof(struct pprof_limits, max_ratio) },
	};
	size_t i;

	pprof_limits_default(&limits);
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		const char *v = *(char *const *)((const char *)o + map[i].opt);

		if (v != NULL && pprof_parse_size(v,
		    (uint64_t *)((char *)&limits + map[i].lim)) == -1) {
			fprintf(stderr, "cpv: invalid value \"%s\" for flag "
			    "-%s: want a size such as 512M\n", v, map[i].flag);
			return -1;
		}
	}
	return 0;
}

static struct profile *
load_profiles(char **paths, int n, bool merged)
{
	struct profile **ps, *p = NULL;
	char *cause = NULL;
	int i;

	ps = xcalloc((size_t)n, sizeof *ps);
	for (i = 0; i < n; i++) {
		ps[i] = pprof_read_file(paths[i], &limits, &cause);
		if (ps[i] == NULL) {
			error_file(strcmp(paths[i], "-") == 0 ?
			    "(standard input)" : paths[i], cause);
			goto out;
		}
	}
	if (n == 1 && !merged) {
		p = ps[0];
		ps[0] = NULL;
	} else if ((p = profile_merge(ps, (size_t)n, &cause)) == NULL) {
		fprintf(stderr, "cpv: cannot merge profiles: %s\n", cause);
		free(cause);
	}
out:
	for (i = 0; i < n; i++)
		profile_free(ps[i]);
	free(ps);
	return p;
}

/*
 * pprof's symbolizer looks at each mapping that locations use and that has
 * no symbols yet; it cannot do anything for the main binary (the first
 * mapping, or the empty one pprof adds to a profile without mappings)
 * when that has no file name, and says so.  cpv does not symbolize yet,
 * but says the same.
 */
static void
symbolize_notes(const struct profile *p)
{
	const struct profile_mapping *m = p->nmapping > 0 ? &p->mappings[0] :
	    NULL;
	size_t i;

	if (p->nlocation == 0)
		return;
	if (m != NULL) {
		if (m->file != 0 || (m->flags & (MAPPING_HAS_FUNCTIONS |
		    MAPPING_HAS_FILENAMES | MAPPING_HAS_LINE_NUMBERS)))
			return;
		for (i = 0; i < p->nlocation; i++)
			if (p->locations[i].mapping == 0)
				break;
		if (i == p->nlocation)
			return;
	}
	fprintf(stderr, "Main binary filename not available.\n");
}

/* The profiles of the command line, with any base applied and pruned. */
static struct profile *
load_all(char **paths, int n, const struct options *o, bool merged)
{
	struct profile *p, *base;
	char *cause = NULL;
	bool diff = o->ndiff_base > 0;

	if ((p = load_profiles(paths, n, merged || o->nbase > 0 || diff)) ==
	    NULL)
		return NULL;
	if (o->nbase > 0 || diff) {
		base = load_profiles(diff ? o->diff_base : o->base,
		    (int)(diff ? o->ndiff_base : o->nbase), true);
		if (base == NULL) {
			profile_free(p);
			return NULL;
		}
		if ((p = diff_apply(p, base, diff, o->normalize,
		    &cause)) == NULL) {
			fprintf(stderr, "cpv: %s\n", cause);
			free(cause);
			return NULL;
		}
	}
	symbolize_notes(p);
	profile_simplify_names(p);
	if (profile_prune_frames(p, &cause) == -1) {
		fprintf(stderr, "cpv: profile's drop_frames: %s\n", cause);
		free(cause);
		profile_free(p);
		return NULL;
	}
	return p;
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
	const struct report_def *d;
	struct profile *p;
	struct query *q;
	struct strbuf out = STRBUF_INIT;
	char *cause = NULL;
	int first, rc, i;
	bool stdin_profile = false;

	setlocale(LC_CTYPE, "");
	options_init(&o);
	rc = options_parse(&o, argc - 1, argv + 1, &first, &cause);
	if (rc == 1) {
		options_release(&o);
		return 0;
	}
	if (rc == -1) {
		/* One line, naming the flag; -help has the rest. */
		fprintf(stderr, "cpv: %s (cpv -help lists the flags)\n", cause);
		free(cause);
		options_release(&o);
		return 2;
	}
	first++;	/* index into argv */
	if (first >= argc) {
		fprintf(stderr, "cpv: no profile given (usage: cpv [options] "
		    "profile ...)\n");
		options_release(&o);
		return 2;
	}
	for (i = first; i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			stdin_profile = true;
	if (set_limits(&o) == -1) {
		options_release(&o);
		return 2;
	}

	/*
	 * No report flag: commands come from standard input when it is not
	 * a terminal (as with go tool pprof); otherwise, until the TUI
	 * exists, the -top report.
	 */
	if (o.report == REPORT_NONE && !stdin_profile && !isatty(STDIN_FILENO)) {
		if ((p = load_all(argv + first, argc - first, &o, true)) ==
		    NULL) {
			options_release(&o);
			return 1;
		}
		rc = shell_run(p, &o, stdin, stdout);
		profile_free(p);
		options_release(&o);
		return rc;
	}
	if (o.report == REPORT_NONE)
		o.report = REPORT_TOP;
	d = report_find(o.report);
	report_apply_overrides(d, &o.q);
	if ((d->flags & REPORT_BINARY) && o.output == NULL &&
	    isatty(STDOUT_FILENO)) {
		fprintf(stderr, "cpv: -%s output is binary: use -output FILE "
		    "or redirect standard output\n", d->name);
		options_release(&o);
		return 1;
	}
	if ((p = load_all(argv + first, argc - first, &o,
	    (d->flags & REPORT_MERGED) != 0)) == NULL) {
		options_release(&o);
		return 1;
	}
	if ((q = query_new(p, &o.q, &cause)) == NULL) {
		fprintf(stderr, "cpv: %s\n", cause);
		free(cause);
		profile_free(p);
		options_release(&o);
		return 1;
	}
	if (d->run(&out, q, &cause) == -1) {
		fprintf(stderr, "cpv: %s\n", cause);
		free(cause);
		rc = 1;
	} else
		rc = write_output(o.output, &out) == -1 ? 1 : 0;
	strbuf_release(&out);
	query_free(q);
	profile_free(p);
	options_release(&o);
	return rc;
}
