/* test_fetch.c: pprof's source forms, its URL and timeout rules, saving. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builder.h"
#include "fetch.h"
#include "profile.h"
#include "reader.h"
#include "test.h"
#include "xmalloc.h"

/* fetch_url() of src with -seconds, and the three numbers it gives. */
static void
check_url(const char *src, int flag_seconds, const char *want, int seconds,
    int collect, int timeout)
{
	struct fetch_options fo = { .seconds = flag_seconds };
	int s = -1, c = -1, t = -1;
	char *cause = NULL, *url;

	url = fetch_url(src, &fo, &s, &c, &t, &cause);
	CHECK_STR(url, want);
	CHECK(s == seconds);
	CHECK(c == collect);
	CHECK(t == timeout);
	free(url);
	free(cause);
}

static void
test_fetch_url(void)
{
	/* host:port alone is Go's CPU profile, collected for 30 s */
	check_url("localhost:6060", 0,
	    "http://localhost:6060/debug/pprof/profile", 0, 30, 60);
	check_url("http://localhost:6060/", 0,
	    "http://localhost:6060/debug/pprof/profile", 0, 30, 60);
	check_url("10.0.0.1:80/debug/pprof/heap", 0,
	    "http://10.0.0.1:80/debug/pprof/heap", 0, 0, 60);
	check_url(":6060/debug/pprof/heap", 0,
	    "http://localhost:6060/debug/pprof/heap", 0, 0, 60);
	check_url("[::1]:6060", 5,
	    "http://[::1]:6060/debug/pprof/profile?seconds=5", 5, 5, 7);
	/* -seconds replaces the URL's; parameters in Go's key order */
	check_url("https://h:1/debug/pprof/profile?seconds=9&gc=1#frag", 2,
	    "https://h:1/debug/pprof/profile?gc=1&seconds=2", 2, 2, 3);
	/* the URL's own seconds count without -seconds */
	check_url("h:1/debug/pprof/trace?seconds=4", 0,
	    "http://h:1/debug/pprof/trace?seconds=4", 4, 4, 6);
	check_url("https+insecure://h:1/x", 0, "https+insecure://h:1/x", 0, 0,
	    60);
}

static void
test_fetch_url_timeout(void)
{
	struct fetch_options fo = { .timeout = 7 };
	int s, c, t;
	char *cause = NULL, *url;

	url = fetch_url("h:1", &fo, &s, &c, &t, &cause);
	CHECK(url != NULL && t == 7);
	free(url);
	url = fetch_url("ftp://h/x", &fo, &s, &c, &t, &cause);
	CHECK(url == NULL);
	CHECK(cause != NULL && strstr(cause, "'ftp'") != NULL);
	free(cause);
}

static void
test_fetch_is_source(void)
{
	CHECK(fetch_is_source("http://x/y"));
	CHECK(fetch_is_source("HTTPS://x"));
	CHECK(fetch_is_source("ftp://x"));	/* a URL, refused later */
	CHECK(fetch_is_source("localhost:6060"));
	CHECK(fetch_is_source("localhost:6060/debug/pprof/heap"));
	CHECK(fetch_is_source("127.0.0.1:1?seconds=3"));
	CHECK(fetch_is_source("[::1]:6060"));
	CHECK(!fetch_is_source("cpu.pb.gz"));
	CHECK(!fetch_is_source("-"));
	CHECK(!fetch_is_source("dir/run:1"));
	CHECK(!fetch_is_source("host:port"));
	CHECK(!fetch_is_source("host:123456"));
	CHECK(!fetch_is_source("/tmp/x:1"));
}

/* A profile's file name parts are made safe: no '/', no control bytes. */
static void
test_fetch_save_name(void)
{
	static const unsigned char text[] = "main;../evil 1\n";
	struct fetch_reply r = { 0 };
	struct input_limits lim;
	struct profile *p;
	char dir[] = "/tmp/cpv-unit-XXXXXX", *path, *cause = NULL;

	input_limits_default(&lim);
	r.data = (unsigned char *)text;
	r.len = sizeof text - 1;
	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	setenv("PPROF_TMPDIR", dir, 1);
	p = fetch_parse(&r, &lim, &cause);
	CHECK(p != NULL);
	if (p == NULL) {
		free(cause);
		return;
	}
	path = fetch_save(&r, p, &cause);
	CHECK(path != NULL);
	if (path != NULL) {
		CHECK(strncmp(path, dir, strlen(dir)) == 0);
		CHECK(strchr(path + strlen(dir) + 1, '/') == NULL);
		CHECK(strstr(path, ".001.pb.gz") != NULL);
		/* saved gzipped, and read back the same */
		profile_free(p);
		p = reader_read_file(path, &lim, &cause);
		CHECK(p != NULL && p->nsample == 1);
		unlink(path);
	}
	free(path);
	profile_free(p);

	/* pprof.<binary>.<types>.: from the profile, so made safe */
	{
		struct profile_builder *b = profile_builder_create();
		struct profile_mapping m;

		profile_builder_sample_type(b, "../../evil", "count");
		profile_builder_sample_type(b, "x\ty", "bytes");
		memset(&m, 0, sizeof m);
		m.limit = 0x1000;
		m.file = profile_builder_str(b, "/usr/bin/srv");
		profile_builder_mapping(b, &m);
		p = profile_builder_finish(b);
		path = p != NULL ? fetch_save(&r, p, &cause) : NULL;
		CHECK(path != NULL);
		if (path != NULL) {
			CHECK_STR(path + strlen(dir),
			    "/pprof.srv..._.._evil.x_y.001.pb.gz");
			unlink(path);
		}
		free(path);
		profile_free(p);
	}
	rmdir(dir);
	unsetenv("PPROF_TMPDIR");
}

/* What a reply that is no profile is called. */
static void
test_fetch_parse_names(void)
{
	static const struct {
		const char	*body;
		const char	*want;
	} cases[] = {
		{ "<!DOCTYPE html><html></html>", "an HTML page" },
		{ "go 1.19 trace\0\0\0\0xxxxxxxx", "a Go execution trace" },
		{ "{\"a\": 1}", "JSON" },
		{ "", "empty reply" },
	};
	struct input_limits lim;
	struct fetch_reply r = { 0 };
	char *cause;
	size_t i;

	input_limits_default(&lim);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cause = NULL;
		r.data = (unsigned char *)cases[i].body;
		r.len = i == 1 ? 24 : strlen(cases[i].body);
		CHECK(fetch_parse(&r, &lim, &cause) == NULL);
		CHECK(cause != NULL && strstr(cause, cases[i].want) != NULL);
		free(cause);
	}
}

const struct test_case fetch_tests[] = {
	{ "fetch_url", test_fetch_url },
	{ "fetch_url_timeout", test_fetch_url_timeout },
	{ "fetch_is_source", test_fetch_is_source },
	{ "fetch_save_name", test_fetch_save_name },
	{ "fetch_parse_names", test_fetch_parse_names },
	{ NULL, NULL },
};
