/* main.c: run every unit test table; "PASS: name" / "FAIL: name" lines. */
#include <stdlib.h>

#include "test.h"

int test_failed;

static const struct test_case *const tables[] = {
	format_tests, reader_tests, query_tests, options_tests,
	diff_tests, tree_tests, sort_tests, ctree_tests, rows_tests,
	hashtab_tests, rx_tests, builder_tests,
	fetch_tests, unwind_tests, symobj_tests,
};

int
main(int argc, char **argv)
{
	const struct test_case *t;
	size_t i;
	int pass = 0, fail = 0;

	setenv("TZ", "UTC", 1);
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++)
		for (t = tables[i]; t->name != NULL; t++) {
			if (argc > 1 && strstr(t->name, argv[1]) == NULL)
				continue;
			test_failed = 0;
			t->fn();
			printf("%s: %s\n", test_failed ? "FAIL" : "PASS",
			    t->name);
			if (test_failed)
				fail++;
			else
				pass++;
		}
	printf("%d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
