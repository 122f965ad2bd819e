/*
 * main.c: cpv's command line: parse flags, read and merge the profiles,
 * run the report.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "disasm.h"
#include "fetch.h"
#include "load.h"
#include "options.h"
#include "pprof.h"
#include "reader.h"
#include "profile.h"
#include "query.h"
#include "report.h"
#include "shell.h"
#include "strbuf.h"
#include "symbolize.h"
#include "tui.h"
#include "vis.h"
#include "warn.h"
#include "xmalloc.h"

#ifdef HAVE_TUI
#define CPV_HAVE_TUI	1
#else
#define CPV_HAVE_TUI	0
#endif

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

/* The warning hook: pprof's warnings go to stderr, one a line. */
static void
warn_to_stderr(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "%s\n", msg);
}

/* The input limits: defaults, then the environment, then the flags. */
static int
set_limits(const struct options *o, struct input_limits *limits)
{
	static const struct {
		const char	*flag;
		size_t		 opt;
		size_t		 lim;
	} map[] = {
		{ "max_input", offsetof(struct options, max_input),
		    offsetof(struct input_limits, max_input) },
		{ "max_inflated", offsetof(struct options, max_inflated),
		    offsetof(struct input_limits, max_inflated) },
		{ "max_ratio", offsetof(struct options, max_ratio),
		    offsetof(struct input_limits, max_ratio) },
	};
	size_t i;

	input_limits_default(limits);
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		const char *v = *(char *const *)((const char *)o + map[i].opt);

		if (v != NULL && input_parse_size(v,
		    (uint64_t *)((char *)limits + map[i].lim)) == -1) {
			fprintf(stderr, "cpv: invalid value \"%s\" for flag "
			    "-%s: want a size such as 512M\n", v, map[i].flag);
			return -1;
		}
	}
	return 0;
}

/* Load the command line's profiles; NULL after printing why. */
static struct profile *
load_all(struct load_request *r, bool merged)
{
	struct profile *p;
	char *cause = NULL;

	r->merged = merged;
	if ((p = load_profile(r, &cause)) == NULL) {
		fprintf(stderr, "cpv: %s\n", cause);
		free(cause);
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

/* Where a report is written as it goes, and the first write error. */
struct writer {
	FILE	*f;
	int	 err;		/* an errno, 0 until a write fails */
};

/*
 * The flush hook of a report written as it goes: a write error is
 * remembered and ends the writing.
 */
static int
write_flush(void *arg, const char *buf, size_t len)
{
	struct writer *w = arg;

	if (w->err != 0)
		return -1;
	if (fwrite(buf, 1, len, w->f) != len) {
		w->err = errno != 0 ? errno : EIO;
		return -1;
	}
	return 0;
}

/* Whether path is an ELF file (a binary given before the profiles). */
static bool
is_elf(const char *path)
{
	unsigned char m[4];
	FILE *f;
	bool elf;

	if (strcmp(path, "-") == 0 || (f = fopen(path, "rb")) == NULL)
		return false;
	elf = fread(m, 1, 4, f) == 4 && memcmp(m, "\177ELF", 4) == 0;
	fclose(f);
	return elf;
}

/*
 * "No profile given", and why when a flag took the profile's name as its
 * value (cpv -peek cpu.pb.gz).
 */
static void
no_profile(const struct options *o, int argc, char **argv)
{
	struct strbuf sb = STRBUF_INIT;

	if (o->value_flag != NULL && o->value_arg + 1 == argc - 1) {
		vis_addstr(&sb, argv[argc - 1], 0);
		fprintf(stderr, "cpv: no profile given: -%s took '%s' as its "
		    "value (write -%s=VALUE, then the profile)\n",
		    o->value_flag, sb.buf, o->value_flag);
		strbuf_release(&sb);
		return;
	}
	fprintf(stderr, "cpv: no profile given (usage: cpv [options] "
	    "profile ...)\n");
}

/*
 * Before reading anything: a profile name that is really a flag put after
 * the profiles (cpv cpu.pb.gz -top).  A file of that name, if there is
 * one, is read as it is.  Returns 0, or the exit status 2 after printing
 * the one line that says what to do.
 */
static int
check_path(const struct options *o, const char *path, bool after)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int rc = 0;

	if (stat(path, &st) == 0)
		return 0;
	if (!o->dashdash && after && options_is_flag(path)) {
		vis_addstr(&sb, path, 0);
		fprintf(stderr, "cpv: '%s' after the profiles: flags go "
		    "before them (cpv [options] profile ...)\n", sb.buf);
		rc = 2;
	}
	strbuf_release(&sb);
	return rc;
}

/*
 * What pprof prints while it fetches, on stderr: "Fetching profile over
 * HTTP from URL", "Please wait... (30s)" (on a terminal, a countdown on
 * that line) and "Saved profile in PATH".
 */
static bool
fetch_to_stderr(void *arg, const struct fetch_event *ev)
{
	static int shown = -1;
	struct strbuf sb = STRBUF_INIT;
	bool tty = isatty(STDERR_FILENO);
	int left;

	(void)arg;
	switch (ev->kind) {
	case FETCH_START:
		vis_addstr(&sb, ev->url, 0);
		fprintf(stderr, "Fetching profile over HTTP from %s\n", sb.buf);
		if (ev->seconds > 0)
			fprintf(stderr, "Please wait... (%ds)%s", ev->seconds,
			    tty ? "" : "\n");
		else if (tty && ev->collect > 0)
			fprintf(stderr, "Please wait... (%ds)", ev->collect);
		shown = ev->collect;
		break;
	case FETCH_PROGRESS:
		if (!tty || ev->collect <= 0)
			break;
		left = ev->collect - (int)ev->elapsed;
		if (left < 0)
			left = 0;
		if (left == shown)
			break;
		shown = left;
		if (left > 0)
			fprintf(stderr, "\rPlease wait... (%ds, %ds left)  ",
			    ev->collect, left);
		else
			fprintf(stderr, "\rPlease wait... (%ds, receiving)  ",
			    ev->collect);
		break;
	case FETCH_DONE:
		/* the countdown's line ends as pprof's does */
		if (tty && ev->collect > 0)
			fprintf(stderr, "\rPlease wait... (%ds)%20s\n",
			    ev->collect, "");
		break;
	case FETCH_SAVED:
		vis_addstr(&sb, ev->path, 0);
		fprintf(stderr, "Saved profile in %s\n", sb.buf);
		break;
	}
	fflush(stderr);
	strbuf_release(&sb);
	return false;
}

/* check_path() over the command line's profiles and the base profiles. */
static int
check_paths(const struct options *o, char **paths, int npaths)
{
	size_t i;
	int k, rc = 0;

	for (k = 0; k < npaths && rc == 0; k++)
		rc = check_path(o, paths[k], k > 0);
	for (i = 0; i < o->nbase && rc == 0; i++)
		rc = check_path(o, o->base[i], false);
	for (i = 0; i < o->ndiff_base && rc == 0; i++)
		rc = check_path(o, o->diff_base[i], false);
	return rc;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct load_request lr;
	struct fetch_options fo;
	struct strbuf help = STRBUF_INIT;
	const struct report_def *d;
	struct profile *p;
	struct query *q;
	struct strbuf out = STRBUF_INIT;
	char *cause = NULL;
	struct writer w = { NULL, 0 };
	int first, rc, i;
	bool stdin_profile = false;

	setlocale(LC_CTYPE, "");
	warn_set_hook(warn_to_stderr, NULL);
	options_init(&o);
	rc = options_parse(&o, argc - 1, argv + 1, &first, &cause);
	if (rc == OPTIONS_HELP || rc == OPTIONS_VERSION) {
		if (rc == OPTIONS_HELP)
			options_usage(&help);
		else
			strbuf_addf(&help, "cpv %s\nviewer: %s\n",
			    PACKAGE_VERSION, CPV_HAVE_TUI ? "yes" :
			    "no (built without ncursesw)");
		if (rc == OPTIONS_VERSION)
			strbuf_addf(&help, "fetching URLs: %s\n",
			    fetch_supported() ? "yes" :
			    "no (built without libcurl)");
		rc = write_output(NULL, &help) == -1 ? 1 : 0;
		strbuf_release(&help);
		options_release(&o);
		return rc;
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
		no_profile(&o, argc, argv);
		options_release(&o);
		return 2;
	}
	memset(&lr, 0, sizeof lr);
	if (o.symbolize != NULL && symbolize_parse(o.symbolize, &lr.symbolize,
	    &cause) == -1) {
		fprintf(stderr, "cpv: %s\n", cause);
		free(cause);
		options_release(&o);
		return 2;
	}
	/* cpv BINARY PROFILE..., as go tool pprof BINARY PROFILE. */
	if (argc - first >= 2 && is_elf(argv[first])) {
		lr.symbolize.binary = argv[first++];
		o.q.binary = xstrdup(lr.symbolize.binary);	/* -disasm */
	}
	if ((rc = check_paths(&o, argv + first, argc - first)) != 0) {
		options_release(&o);
		return rc;
	}
	for (i = first; i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			stdin_profile = true;
	if (set_limits(&o, &lr.limits) == -1) {
		options_release(&o);
		return 2;
	}
	lr.paths = argv + first;
	lr.npaths = (size_t)(argc - first);
	lr.diff_base = o.ndiff_base > 0;
	lr.base = lr.diff_base ? o.diff_base : o.base;
	lr.nbase = lr.diff_base ? o.ndiff_base : o.nbase;
	lr.normalize = o.normalize;
	memset(&fo, 0, sizeof fo);
	fo.seconds = o.seconds;
	fo.timeout = o.timeout;
	fo.tls_cert = o.tls_cert;
	fo.tls_key = o.tls_key;
	fo.tls_ca = o.tls_ca;
	lr.fetch = &fo;
	lr.fetch_hook = fetch_to_stderr;

	/*
	 * No report flag: the viewer when standard output is a terminal and
	 * keys can come from one (standard input, or /dev/tty when the
	 * profile is read from standard input); pprof's commands from
	 * standard input when it is not a terminal (as with go tool pprof);
	 * otherwise the -top report.
	 */
	if (o.report == REPORT_NONE && o.output == NULL &&
	    isatty(STDOUT_FILENO) && (stdin_profile || isatty(STDIN_FILENO))) {
#ifdef HAVE_TUI
		if ((p = load_all(&lr, false)) == NULL) {
			options_release(&o);
			return 1;
		}
		rc = tui_run(p, &o, &lr);
		options_release(&o);
		return rc;
#else
		fprintf(stderr, "cpv: the viewer is not built in (cpv was "
		    "configured without ncursesw): printing the -top "
		    "report\n");
		o.report = REPORT_TOP;
#endif
	}
	if (o.report == REPORT_NONE && !stdin_profile && !isatty(STDIN_FILENO)) {
		if ((p = load_all(&lr, true)) == NULL) {
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
	if (o.report == REPORT_DISASM && !disasm_available()) {
		fprintf(stderr, "cpv: -disasm: cpv was built without a "
		    "disassembler (install libcapstone-dev, then configure "
		    "again)\n");
		options_release(&o);
		return 1;
	}
	if ((d->flags & REPORT_BINARY) && o.output == NULL &&
	    isatty(STDOUT_FILENO)) {
		fprintf(stderr, "cpv: -%s output is binary: use -output FILE "
		    "or redirect standard output\n", d->name);
		options_release(&o);
		return 1;
	}
	if ((p = load_all(&lr, (d->flags & REPORT_MERGED) != 0)) == NULL) {
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
	/*
	 * Long reports write as they go, to standard output or to the
	 * -output file (created only now that the query is good, and
	 * removed again if the report fails).
	 */
	w.f = stdout;
	if (o.output != NULL && (w.f = fopen(o.output, "w")) == NULL) {
		error_file(o.output, xasprintf("cannot create: %s",
		    strerror(errno)));
		rc = 1;
		goto out;
	}
	out.flush = write_flush;
	out.flush_arg = &w;
	if (d->run(&out, q, &cause) == -1) {
		fprintf(stderr, "cpv: %s\n", cause);
		free(cause);
		rc = 1;
	} else if (strbuf_flush(&out, 1) == -1 || w.err != 0 ||
	    fflush(w.f) != 0) {
		error_file(o.output != NULL ? o.output : "(standard output)",
		    xasprintf("write error: %s", strerror(w.err != 0 ?
		    w.err : errno)));
		rc = 1;
	} else
		rc = 0;
	if (w.f != stdout && fclose(w.f) != 0 && rc == 0) {
		error_file(o.output, xasprintf("write error: %s",
		    strerror(errno)));
		rc = 1;
	}
	if (rc != 0 && w.f != stdout && o.output != NULL)
		unlink(o.output);
out:
	strbuf_release(&out);
	query_free(q);
	profile_free(p);
	options_release(&o);
	return rc;
}
