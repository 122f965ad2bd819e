/*
 * test_builder.c: the profile builder's interning and deduplication
 * (builder.h), and the readers' probes and parsers on small inputs
 * (reader.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "builder.h"
#include "profile.h"
#include "reader.h"
#include "test.h"

static void
test_builder_strings(void)
{
	struct profile_builder *b = profile_builder_create();
	struct profile *p;
	uint32_t a, a2, nul, c0;

	a = profile_builder_str(b, "main");
	a2 = profile_builder_string(b, "mainx", 4);
	nul = profile_builder_string(b, "a\0b", 3);
	c0 = profile_builder_string(b, "a\xc0" "b", 3);
	CHECK(a == a2);
	CHECK(a != 0 && nul != a && c0 != nul);
	CHECK(profile_builder_str(b, "") == 0);
	p = profile_builder_finish(b);
	CHECK_STR(profile_str(p, nul), "a\xc0\x80" "b");
	CHECK_STR(profile_str(p, c0), "a\xc0\xc0" "b");
	profile_free(p);
}

static void
test_builder_functions(void)
{
	struct profile_builder *b = profile_builder_create();
	struct profile *p;
	uint32_t f, g, h, i, j, n, m, file;

	n = profile_builder_str(b, "f");
	m = profile_builder_str(b, "g");
	file = profile_builder_str(b, "f.c");
	f = profile_builder_function(b, n, n, file, 10);
	g = profile_builder_function(b, n, n, file, 10);
	h = profile_builder_function(b, n, n, file, 11);	/* start line */
	i = profile_builder_function(b, n, m, file, 10);	/* system name */
	j = profile_builder_function(b, n, n, 0, 10);		/* file */
	CHECK(f == g);
	CHECK(h != f && i != f && j != f && h != i && i != j);
	p = profile_builder_finish(b);
	CHECK(p->nfunction == 4);
	CHECK(p->functions[f].id == f + 1);
	CHECK(p->functions[h].start_line == 11);
	profile_free(p);
}

static void
test_builder_mappings(void)
{
	struct profile_builder *b = profile_builder_create();
	struct profile_mapping m;
	struct profile *p;
	uint32_t a, a2, c, d, e, bid;

	memset(&m, 0, sizeof m);
	m.start = 0x400000;
	m.limit = 0x401000;
	m.file = profile_builder_str(b, "/bin/prog");
	a = profile_builder_mapping(b, &m);
	/* same size once rounded up to a page, elsewhere: the same */
	m.start = 0x800000;
	m.limit = 0x800ff0;
	a2 = profile_builder_mapping(b, &m);
	m.offset = 0x1000;
	c = profile_builder_mapping(b, &m);
	m.offset = 0;
	m.file = profile_builder_str(b, "/lib/other");
	d = profile_builder_mapping(b, &m);
	/* a build id wins over the file name */
	bid = profile_builder_str(b, "abcdef");
	m.build_id = bid;
	e = profile_builder_mapping(b, &m);
	m.file = profile_builder_str(b, "/renamed");
	CHECK(profile_builder_mapping(b, &m) == e);
	CHECK(a == a2);
	CHECK(c != a && d != a && d != c && e != d);
	p = profile_builder_finish(b);
	CHECK(p->nmapping == 4);
	CHECK(p->mappings[a].start == 0x400000);
	profile_free(p);
}

static void
test_builder_locations_samples(void)
{
	struct profile_builder *b = profile_builder_create();
	struct profile_mapping m;
	struct profile_line ln[2];
	struct profile_label lab;
	struct profile *p;
	uint32_t f, g, map1, map2, l1, l2, l3, l4, l5, l6, stack[2];
	int64_t v[2] = { 1, 10 };

	profile_builder_sample_type(b, "samples", "count");
	profile_builder_sample_type(b, "cpu", "nanoseconds");
	f = profile_builder_function(b, profile_builder_str(b, "f"), 0, 0, 0);
	g = profile_builder_function(b, profile_builder_str(b, "g"), 0, 0, 0);
	memset(&m, 0, sizeof m);
	m.start = 0x1000;
	m.limit = 0x2000;
	m.file = profile_builder_str(b, "a.out");
	map1 = profile_builder_mapping(b, &m);
	m.start = 0x5000;
	m.limit = 0x6000;
	m.file = profile_builder_str(b, "b.so");
	map2 = profile_builder_mapping(b, &m);
	ln[0].function = f;
	ln[0].line = 3;
	ln[0].column = 0;
	ln[1].function = g;
	ln[1].line = 7;
	ln[1].column = 0;
	l1 = profile_builder_location(b, map1, 0x1010, ln, 2, false);
	l2 = profile_builder_location(b, map1, 0x1010, ln, 2, false);
	ln[0].column = 9;	/* columns are not part of the key */
	l3 = profile_builder_location(b, map1, 0x1010, ln, 2, false);
	l4 = profile_builder_location(b, map1, 0x1010, ln, 1, false);
	l5 = profile_builder_location(b, map2, 0x5010, ln, 2, false);
	l6 = profile_builder_location(b, map1, 0x1010, ln, 2, true);
	CHECK(l1 == l2 && l1 == l3);
	CHECK(l4 != l1 && l5 != l1 && l6 != l1 && l5 != l4);
	/* no lines, no mapping: the address is the key */
	CHECK(profile_builder_location(b, PROFILE_NONE, 0x99, NULL, 0,
	    false) == profile_builder_location(b, PROFILE_NONE, 0x99, NULL, 0,
	    false));

	stack[0] = l1;
	stack[1] = l4;
	CHECK(profile_builder_sample(b, stack, 2, v, NULL, 0) == 0);
	CHECK(profile_builder_sample(b, stack, 2, v, NULL, 0) == 0);
	CHECK(profile_builder_sample(b, stack, 1, v, NULL, 0) == 1);
	memset(&lab, 0, sizeof lab);
	lab.key = profile_builder_str(b, "thread");
	lab.num = 7;
	CHECK(profile_builder_sample(b, stack, 2, v, &lab, 1) == 2);
	CHECK(profile_builder_sample(b, stack, 2, v, &lab, 1) == 2);
	lab.num = 8;
	CHECK(profile_builder_sample(b, stack, 2, v, &lab, 1) == 3);
	p = profile_builder_finish(b);
	CHECK(p->nsample == 4);
	CHECK(p->nsample_type == 2);
	CHECK(profile_sample_values(p, 0)[0] == 2);
	CHECK(profile_sample_values(p, 0)[1] == 20);
	CHECK(profile_sample_values(p, 1)[1] == 10);
	CHECK(profile_sample_values(p, 2)[0] == 2);
	CHECK(p->locations[l1].nline == 2 && p->locations[l4].nline == 1);
	CHECK(p->locations[l1].id == l1 + 1);
	CHECK(profile_check(p, &(char *){ NULL }) == 0);
	profile_free(p);
}

/* Merging goes through the builder: a profile merged with itself. */
static void
test_builder_merge(void)
{
	const char *text = "a;b;c 3\na;b 2\na;b;c 4\nx;b 1\n";
	struct input_limits lim;
	struct profile *p, *two[2], *m;
	char *cause = NULL;

	input_limits_default(&lim);
	p = reader_parse((const unsigned char *)text, strlen(text), &lim,
	    NULL, &cause);
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK(p->nsample == 3);		/* a;b;c twice is one sample */
	CHECK(p->nfunction == 4);	/* a b c x: b once */
	CHECK(p->nlocation == 4);
	CHECK(profile_sample_values(p, 0)[0] == 7);
	two[0] = two[1] = p;
	m = profile_merge(two, 2, &cause);
	CHECK(m != NULL);
	if (m != NULL) {
		CHECK(m->nsample == 3 && m->nfunction == 4 &&
		    m->nlocation == 4 && m->nmapping == 1);
		CHECK(profile_sample_values(m, 0)[0] == 14);
		profile_free(m);
	}
	profile_free(p);
}

static void
test_reader_probes(void)
{
	static const struct {
		const char	*data;
		size_t		 len;
		const char	*want;
	} cases[] = {
		{ "main;a 1\n", 9, "folded" },
		{ "# comment\n\nmain 12\r\n", 20, "folded" },
		{ "p 1 1.5: 1 cycles:\n\t1 f (x)\n", 28, "perf script" },
		{ "  p q  12/13 [001]  5.000001: 7 e:  1 f (x)\n", 44,
		    "perf script" },
		{ "PERFILE2", 8, "perf.data" },
		{ "\177ELF\2\1\1", 7, "ELF" },
		{ "heap profile: 1", 15, "gperftools heap" },
		{ "\0\0\0\0\3\0\0\0\0\0\0\0\1\0\0\0\0\0\0\0", 20,
		    "gperftools CPU" },
		{ "\0\0\0\3\0\0\0\0\0\0\0\0\0\0\0\1\0\0\0\0\0\0\0\0", 24,
		    "pprof" },	/* words 0,3 misaligned: no */
		{ "\x0a\x04\x08\x01\x10\x02", 6, "pprof" },
		{ "main;a\n", 7, "pprof" },		/* no count */
		{ "main;a\x01 1\n", 10, "pprof" },	/* a control byte */
		{ "hello world\n", 12, "pprof" },
	};
	size_t i;
	const struct reader *r;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = reader_find((const unsigned char *)cases[i].data,
		    cases[i].len);
		CHECK_STR(r->name, cases[i].want);
	}
}

/* pprof's removeMatching, used to simplify C++ names and demangled ones. */
static void
test_remove_matching(void)
{
	static const struct {
		const char	*in, *want;
	} cases[] = {
		{ "a<b>c", "ac" },
		{ "f<g<h>, i>(int)", "f(int)" },
		{ "x>y<z>", "x>y<z>" },		/* an end first: as it is */
		{ "a<b>c>d<e>", "ac>d<e>" },	/* stops at the mismatch */
		{ "a<b", "a<b" },		/* never closed: kept */
		{ "", "" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(buf, sizeof buf, "%s", cases[i].in);
		profile_remove_matching(buf, '<', '>');
		CHECK_STR(buf, cases[i].want);
	}
}

const struct test_case builder_tests[] = {
	{ "profile_remove_matching", test_remove_matching },
	{ "builder: strings", test_builder_strings },
	{ "builder: functions", test_builder_functions },
	{ "builder: mappings", test_builder_mappings },
	{ "builder: locations and samples", test_builder_locations_samples },
	{ "builder: merging", test_builder_merge },
	{ "readers: probes", test_reader_probes },
	{ NULL, NULL },
};
