/* test_options.c: Go flag syntax and pprof's option rules. */
#include <stdlib.h>

#include "options.h"
#include "strbuf.h"
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
	CHECK(o.q.nodecount == 5);
	CHECK_STR(o.q.focus, "x|y");
	CHECK_STR(o.q.ignore, "-z");
	CHECK(o.q.cum && !o.q.noinlines);
	CHECK(o.q.granularity == GRAN_LINES);
	CHECK(o.q.nodefraction == 0.25);
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
	CHECK_STR(o.q.sample_index, "delay");
	CHECK(o.q.mean);
	options_release(&o);
	/* an explicit sample_index wins over a legacy selector */
	CHECK(parse(&o, b, 2, &first) == 0);
	CHECK_STR(o.q.sample_index, "1");
	options_release(&o);
}

/* options_set(name, value) fails with exactly this cause. */
static void
check_set_error(struct options *o, const char *name, const char *value,
    const char *want)
{
	char *cause = NULL;

	CHECK(options_set(o, name, value, &cause) == -1);
	CHECK_STR(cause, want);
	free(cause);
}

/* options_set(name, value) works and options_get(name) shows want. */
static void
check_set(struct options *o, const char *name, const char *value,
    const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL;

	CHECK(options_set(o, name, value, &cause) == 0);
	CHECK(cause == NULL);
	CHECK(options_get(o, name, &sb) == 0);
	CHECK_STR(sb.buf, want);
	strbuf_release(&sb);
}

static void
test_set_get(void)
{
	struct options o;
	struct strbuf sb = STRBUF_INIT;

	options_init(&o);
	check_set(&o, "nodecount", "+5", "5");
	check_set(&o, "nodefraction", "1e-5", "1e-05");
	check_set(&o, "nodefraction", ".5e-2", "0.005");
	check_set(&o, "edgefraction", "123456", "123456");
	check_set(&o, "edgefraction", "1000000", "1e+06");
	check_set(&o, "divide_by", "-2.5", "-2.5");
	check_set(&o, "divide_by", "0x1p4", "16");
	check_set(&o, "noinlines", NULL, "true");
	check_set(&o, "noinlines", "N", "false");
	check_set(&o, "trim", "", "true");
	check_set(&o, "focus", "a|b", "a|b");
	check_set(&o, "focus", "", "");
	check_set(&o, "sort", "cum", "cum");
	check_set(&o, "granularity", "lines", "lines");
	CHECK(o.q.cum && o.q.granularity == GRAN_LINES);
	CHECK(options_set(&o, "flat", "T", NULL) == 0 && !o.q.cum);
	CHECK(options_set(&o, "addresses", "1", NULL) == 0 &&
	    o.q.granularity == GRAN_ADDRESSES);
	CHECK(options_get(&o, "sort", &sb) == 0);
	CHECK(options_get(&o, "top", &sb) == -1);
	CHECK(options_get(&o, "cum", &sb) == -1);
	CHECK_STR(sb.buf, "flat");

	check_set_error(&o, "noinlines", "maybe",
	    "illegal value \"maybe\" for bool variable");
	check_set_error(&o, "cum", NULL, "unknown config field \"cum\"");
	check_set_error(&o, "lines", "yes", "unknown config field \"lines\"");
	check_set_error(&o, "granularity", "cum",
	    "invalid \"granularity\" value \"cum\"");
	check_set_error(&o, "sort", NULL,
	    "please specify a value, e.g. sort=<val>");
	check_set_error(&o, "focus", NULL,
	    "please specify a value, e.g. focus=<val>");
	check_set_error(&o, "top", "1", "unknown config field \"top\"");
	check_set_error(&o, "base", "x", "unknown config field \"base\"");
	check_set_error(&o, "a\"b\\\x01\t\xff\xc2\x85\xc3\xa9", "1",
	    "unknown config field \"a\\\"b\\\\\\x01\\t\\xff\\u0085\xc3\xa9\"");
	check_set_error(&o, "nodecount", "abc",
	    "strconv.Atoi: parsing \"abc\": invalid syntax");
	check_set_error(&o, "nodecount", "99999999999999999999",
	    "strconv.Atoi: parsing \"99999999999999999999\": value out of "
	    "range");
	check_set_error(&o, "divide_by", "0x10",
	    "strconv.ParseFloat: parsing \"0x10\": invalid syntax");
	check_set_error(&o, "divide_by", "1e400",
	    "strconv.ParseFloat: parsing \"1e400\": value out of range");
	/* a failed set leaves the option as it was */
	CHECK(o.q.nodecount == 5 && o.q.divide_by == 16);
	strbuf_release(&sb);
	options_release(&o);
}

static void
test_copy(void)
{
	static const char *const a[] = { "-focus=main", "-base=x.pb.gz",
	    "-peek=re" };
	static const char *const b[] = { "-diff_base=x.pb.gz",
	    "-diff_base=" };
	struct options o, c;
	int first;

	CHECK(parse(&o, a, 3, &first) == 0);
	options_copy(&c, &o);
	options_release(&o);
	CHECK_STR(c.q.focus, "main");
	CHECK(c.nbase == 1);
	CHECK_STR(c.base[0], "x.pb.gz");
	CHECK_STR(c.q.symbol, "re");
	CHECK_STR(c.q.unit, "minimum");
	options_release(&c);
	/* an emptied list is not shared */
	CHECK(parse(&o, b, 2, &first) == 0);
	options_copy(&c, &o);
	options_release(&o);
	CHECK(c.ndiff_base == 0 && c.diff_base == NULL);
	options_release(&c);
}

const struct test_case options_tests[] = {
	{ "options_set_get", test_set_get },
	{ "options_copy", test_copy },
	{ "options_spellings", test_spellings },
	{ "options_errors", test_errors },
	{ "options_legacy_selectors", test_legacy_selectors },
	{ NULL, NULL },
};
