/* test_format.c: units, scaling, percentages, time, paths, escaping. */
#include <stdint.h>
#include <stdlib.h>

#include "format.h"
#include "query.h"
#include "strbuf.h"
#include "strtab.h"
#include "test.h"
#include "vis.h"

static const char *
pct(int64_t v, int64_t total)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	format_percentage(&sb, v, total);
	return sb.buf;
}

static void
test_percentage(void)
{
	CHECK_STR(pct(0, 100000), "    0%");
	CHECK_STR(pct(1, 100000), "0.001%");
	CHECK_STR(pct(57, 100000), "0.057%");
	CHECK_STR(pct(100, 100000), "  0.1%");
	CHECK_STR(pct(995, 100000), "    1%");
	CHECK_STR(pct(1000, 100000), " 1.00%");
	CHECK_STR(pct(-4150, 100000), " 4.15%");
	CHECK_STR(pct(99949, 100000), "99.95%");
	CHECK_STR(pct(99950, 100000), "  100%");
	CHECK_STR(pct(100050, 100000), "  100%");
	CHECK_STR(pct(100051, 100000), "100.05%");
	CHECK_STR(pct(5, 0), "    0%");
}

static void
test_scaled(void)
{
	CHECK_STR(format_scaled_str(1050000000, "nanoseconds", "s"), "1.05s");
	CHECK_STR(format_scaled_str(900000000, "nanoseconds", "auto"),
	    "900ms");
	CHECK_STR(format_scaled_str(5400000000000LL, "nanoseconds", "auto"),
	    "1.50hrs");
	CHECK_STR(format_scaled_str(524300, "bytes", "auto"), "512.01kB");
	CHECK_STR(format_scaled_str(1048576, "bytes", "minimum"), "1MB");
	CHECK_STR(format_scaled_str(15, "requests", "requests"),
	    "15requests");
	CHECK_STR(format_scaled_str(253, "count", "count"), "253");
	CHECK_STR(format_scaled_str(0, "nanoseconds", "s"), "0");
	CHECK_STR(format_scaled_str(-450000000, "nanoseconds", "s"),
	    "-0.45s");
	/* A unit of the wrong kind falls back to the kind's default. */
	CHECK_STR(format_scaled_str(2000000000, "nanoseconds", "kb"), "2s");
	CHECK_STR(format_scaled_str(1400, "microseconds", "us"), "1400us");
	/* %.2f rounds the exact binary value, like Go. */
	CHECK_STR(format_scaled_str(5, "milliseconds", "s"), "0.01s");
	CHECK(units_compatible("ms", "nanoseconds"));
	CHECK(!units_compatible("bytes", "nanoseconds"));
	CHECK(unit_ratio("milliseconds", "nanoseconds") == 1e6);
}

static void
test_go_time(void)
{
	struct strbuf sb = STRBUF_INIT;

	format_go_time(&sb, 1700000000LL * 1000000000LL);
	CHECK_STR(sb.buf, "Nov 14, 2023 at 10:13pm (UTC)");
	strbuf_reset(&sb);
	format_go_time(&sb, 1700006400LL * 1000000000LL);	/* 00:00 */
	CHECK_STR(sb.buf, "Nov 15, 2023 at 12:00am (UTC)");
	strbuf_release(&sb);
}

static const char *
clean(const char *path)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	query_clean_path(&sb, path);
	return sb.buf;
}

static void
test_clean_path(void)
{
	CHECK_STR(clean(""), ".");
	CHECK_STR(clean("a//b/./c/.."), "a/b");
	CHECK_STR(clean("/../x"), "/x");
	CHECK_STR(clean("./"), ".");
	CHECK_STR(clean("a/../.."), "..");
	CHECK_STR(clean("/src/server/users.go"), "/src/server/users.go");
	CHECK_STR(clean("../../a/b/"), "../../a/b");
	CHECK_STR(clean("/"), "/");
}

static const char *
base(const char *path)
{
	static char buf[256];
	const char *b;
	size_t n;

	query_path_base(path, strlen(path), &b, &n);
	snprintf(buf, sizeof buf, "%.*s", (int)n, b);
	return buf;
}

/* Go's filepath.Base, shared by every report that prints base names. */
static void
test_path_base(void)
{
	CHECK_STR(base(""), ".");
	CHECK_STR(base("/"), "/");
	CHECK_STR(base("///"), "/");
	CHECK_STR(base("x"), "x");
	CHECK_STR(base("/usr/bin/server"), "server");
	CHECK_STR(base("/usr/bin/"), "bin");
	CHECK_STR(base("a//b//"), "b");
}

static const char *
vis(const char *s)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	vis_addstr(&sb, s, 0);
	return sb.buf;
}

static void
test_vis(void)
{
	CHECK_STR(vis("main.(*T).Run"), "main.(*T).Run");
	CHECK_STR(vis("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
	CHECK_STR(vis("\x1b[2J"), "\\x1b[2J");
	CHECK_STR(vis("a\x1b]52;c;SGVsbG8=\x07"), "a\\x1b]52;c;SGVsbG8=\\x07");
	CHECK_STR(vis("\xc2\x9b" "31m"), "\\xc2\\x9b31m");	/* 8-bit CSI */
	CHECK_STR(vis("caf\xc3\xa9 \xce\xbcs"), "caf\xc3\xa9 \xce\xbcs");
	CHECK_STR(vis("bad\xff\xfe"), "bad\\xff\\xfe");
	CHECK_STR(vis("tab\there"), "tab\\x09here");
	CHECK_STR(vis("\x7f"), "\\x7f");
	CHECK_STR(vis("\xed\xa0\x80"), "\\xed\\xa0\\x80");	/* surrogate */
}

static void
test_strtab(void)
{
	struct strtab t;
	uint32_t a, b;
	char big[100000];

	strtab_init(&t);
	CHECK_STR(strtab_get(&t, 0), "");
	a = strtab_intern_str(&t, "main.main");
	b = strtab_intern_str(&t, "main.main");
	CHECK(a == b && a == 1);
	CHECK(strtab_find(&t, "nope", 4) == UINT32_MAX);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	a = strtab_intern_str(&t, big);
	CHECK(strlen(strtab_get(&t, a)) == sizeof big - 1);
	for (b = 0; b < 5000; b++) {
		char name[32];

		snprintf(name, sizeof name, "f%u", b);
		CHECK(strtab_intern_str(&t, name) == a + 1 + b);
	}
	CHECK_STR(strtab_get(&t, 1), "main.main");
	strtab_release(&t);
}

const struct test_case format_tests[] = {
	{ "format_percentage", test_percentage },
	{ "format_scaled", test_scaled },
	{ "format_go_time", test_go_time },
	{ "query_clean_path", test_clean_path },
	{ "query_path_base", test_path_base },
	{ "vis_escapes", test_vis },
	{ "strtab_intern", test_strtab },
	{ NULL, NULL },
};
