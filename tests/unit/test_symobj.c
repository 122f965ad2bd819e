/*
 * test_symobj.c: the symbolizer's object index (src/symbolize/symobj.c):
 * an index made for a few wanted addresses answers them (and any other
 * address asked later) as the full index does.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "symobj.h"
#include "test.h"
#include "xmalloc.h"

/* Every frame of the lookup of addr, as one line of text. */
static void
answer(struct symobj *o, uint64_t addr, struct strbuf *sb)
{
	struct symobj_frame fr[SYMOBJ_MAX_FRAMES];
	size_t n, i;

	n = symobj_lookup(o, addr, fr);
	strbuf_addf(sb, "%llx:", (unsigned long long)addr);
	for (i = 0; i < n; i++)
		strbuf_addf(sb, " %s %s:%lld", fr[i].name, fr[i].file,
		    (long long)fr[i].line);
	strbuf_addch(sb, '\n');
}

static struct symobj *
open_native(const char *name, const char *debug)
{
	struct symobj *o;
	char *cause = NULL;

	if ((o = symobj_open(test_data(name), &cause)) == NULL) {
		printf("  %s: %s\n", name, cause);
		free(cause);
		return NULL;
	}
	if (debug != NULL && symobj_attach_debug(o, test_data(debug),
	    &cause) == -1) {
		printf("  %s: %s\n", debug, cause);
		free(cause);
	}
	return o;
}

/*
 * The answers for every address of the executable segment of name,
 * from a full index, from an index of every seventh address (asked in
 * reverse), and for the others asked after it (indexed again).
 */
static void
check_wanted(const char *name, const char *debug)
{
	struct symobj *full, *part;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	uint64_t off, lo, n, i, *want;
	size_t nwant = 0;
	bool has_lines;

	if ((full = open_native(name, debug)) == NULL ||
	    (part = open_native(name, debug)) == NULL) {
		CHECK(!"cannot open the test binary");
		symobj_free(full);
		return;
	}
	CHECK(symobj_exec_segment(full, &off, &lo));
	n = 4096;
	want = xreallocarray(NULL, n, sizeof *want);
	for (i = 0; i < n; i += 7)
		want[nwant++] = lo + i;
	symobj_want(part, want, nwant);
	for (i = nwant; i > 0; i--) {
		answer(full, want[i - 1], &a);
		answer(part, want[i - 1], &b);
	}
	CHECK_STR(b.buf, a.buf);
	/* The answers name files and lines at all. */
	has_lines = strstr(a.buf, ".c:") != NULL ||
	    strstr(a.buf, ".cc:") != NULL;
#if defined(HAVE_LIBDWARF)
	CHECK(has_lines);
#else
	(void)has_lines;
#endif
	/* The same answers once indexed for more (a few, it costs). */
	strbuf_reset(&a);
	strbuf_reset(&b);
	for (i = 3; i < n; i += 701) {
		answer(full, lo + i, &a);
		answer(part, lo + i, &b);
	}
	CHECK_STR(b.buf, a.buf);
	free(want);
	strbuf_release(&a);
	strbuf_release(&b);
	symobj_free(full);
	symobj_free(part);
}

static void
test_symobj_want_inl(void)
{
	check_wanted("native/inl", NULL);
	check_wanted("native/inl-dw4", NULL);
}

static void
test_symobj_want_cxx(void)
{
	check_wanted("native/cxx", NULL);
	check_wanted("native/prog-pie", NULL);
}

static void
test_symobj_want_debug_file(void)
{
	check_wanted("native/prog-stripped", "native/prog-stripped.debug");
}

const struct test_case symobj_tests[] = {
	{ "symobj_want_inl", test_symobj_want_inl },
	{ "symobj_want_cxx", test_symobj_want_cxx },
	{ "symobj_want_debug_file", test_symobj_want_debug_file },
	{ NULL, NULL },
};
