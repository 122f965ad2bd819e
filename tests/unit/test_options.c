/* test_options.c: Go flag syntax and pprof's option rules. */
#include <stdlib.h>

#include "options.h"
#include "test.h"

static int
parse(struct options *o, const char *const *args, int n, int *first)
{
	char *cause = NULL;
	int rc;

	options_init(o);
	rc = options_parse(o, n, (char **)args, first, &cause);
	free(cause);
	return rc;
}

static void
test_spellings(void)
{
	static const char *const a[] = { "-nodecount=5", "--focus=x|y",
	    "-ignore", "-z", "-cum", "-noinlines=false", "-lines",
	    "-nodefraction", "0.25", "prof.pb.gz", "-top" };
	struct options o;
	int first;

	CHECK(parse(&o, a, 11, &first) == 0);
	CHECK(o.nodecount == 5);
	CHECK_STR(o.focus, "x|y");
	CHECK_STR(o.ignore, "-z");
	CHECK(o.cum && !o.noinlines);
	CHECK(o.granularity == GRAN_LINES);
	CHECK(o.nodefraction == 0.25);
	CHECK(first == 9);	/* flags stop at the first profile */
	CHECK(o.report == REPORT_NONE);
	options_release(&o);
}

static void
test_errors(void)
{
	static const char *const unknown[] = { "-nosuch", "p" };
	static const char *const twofmt[] = { "-top", "-text", "p" };
	static const char *const novalue[] = { "-focus" };
	static const char *const badbool[] = { "-cum=yes" };
	static const char *const dashdash[] = { "--", "-top" };
	static const char *const stdin_arg[] = { "-top", "-" };
	struct options o;
	int first;

	CHECK(parse(&o, unknown, 2, &first) == -1);
	options_release(&o);
	CHECK(parse(&o, twofmt, 3, &first) == -1);
	options_release(&o);
	CHECK(parse(&o, novalue, 1, &first) == -1);
	options_release(&o);
	CHECK(parse(&o, badbool, 1, &first) == -1);
	options_release(&o);
	CHECK(parse(&o, dashdash, 2, &first) == 0 && first == 1);
	options_release(&o);
	CHECK(parse(&o, stdin_arg, 2, &first) == 0 && first == 1);
	options_release(&o);
}

static void
test_legacy_selectors(void)
{
	static const char *const a[] = { "-mean_delay" };
	static const char *const b[] = { "-sample_index=1", "-alloc_space" };
	struct options o;
	int first;

	CHECK(parse(&o, a, 1, &first) == 0);
	CHECK_STR(o.sample_index, "delay");
	CHECK(o.mean);
	options_release(&o);
	/* an explicit sample_index wins over a legacy selector */
	CHECK(parse(&o, b, 2, &first) == 0);
	CHECK_STR(o.sample_index, "1");
	options_release(&o);
}

const struct test_case options_tests[] = {
	{ "options_spellings", test_spellings },
	{ "options_errors", test_errors },
	{ "options_legacy_selectors", test_legacy_selectors },
	{ NULL, NULL },
};
