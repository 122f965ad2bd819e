/* test_rx.c: the regexp wrapper's dialect and its budget. */
#include <stdlib.h>
#include <string.h>

#include "rx.h"
#include "test.h"

/* Whether pattern compiles and matches s (len bytes). */
static int
test_rx_matches(const char *pattern, const char *s, size_t len)
{
	struct rx *rx;
	char *cause = NULL;
	int ok;

	if ((rx = rx_compile(pattern, &cause)) == NULL) {
		printf("  '%s': %s\n", pattern, cause);
		free(cause);
		return -1;
	}
	ok = rx_match(rx, s, len);
	rx_free(rx);
	return ok;
}

static void
test_dialect(void)
{
	struct rx *rx;
	char *cause = NULL, *big;

	CHECK(test_rx_matches("o\\.b", "foo.bar", 7) == 1);
	CHECK(test_rx_matches("^foo$", "foo\n", 4) == 0);	/* $: end only */
	CHECK(test_rx_matches("(?i)FOO", "xfoo", 4) == 1);
	/* a NUL is part of the name, invalid UTF-8 reads as U+FFFD */
	CHECK(test_rx_matches("a\\x00b", "a\0b", 3) == 1);
	CHECK(test_rx_matches("^a.b$", "a\xff" "b", 3) == 1);
	CHECK(test_rx_matches("^a\\x{fffd}b$", "a\xc3" "b", 3) == 1);
	/* groups do not capture: a back-reference is an error, as in Go */
	CHECK((rx = rx_compile("(a)\\1", &cause)) == NULL);
	free(cause);
	cause = NULL;
	rx_free(rx);
	/* drop_frames compiles as ^(...)$ */
	CHECK((rx = rx_compile_full("a|b", &cause)) != NULL);
	CHECK(rx != NULL && rx_match_str(rx, "b") && !rx_match_str(rx, "ab"));
	rx_free(rx);
	big = malloc(RX_MAX_PATTERN + 2);
	memset(big, 'a', RX_MAX_PATTERN + 1);
	big[RX_MAX_PATTERN + 1] = '\0';
	CHECK((rx = rx_compile(big, &cause)) == NULL);
	CHECK(cause != NULL && strstr(cause, "longer than") != NULL);
	free(cause);
	free(big);
}

/* Backtracking bombs: answered (the DFA step) or reported, never slow. */
static void
test_budget(void)
{
	char name[64];
	int i;

	rx_budget_reset();
	memset(name, 'a', 40);
	strcpy(name + 40, "x");
	for (i = 0; i < 2000; i++)
		CHECK(test_rx_matches("^((a|aa)*\\d)$", name, 41) == 0);
	CHECK(test_rx_matches("(a+)+x$", name, 41) == 1);
	CHECK(test_rx_matches("(a+)+$", name, 41) == 0);
	CHECK(test_rx_matches("(a+)+b$", name, 41) == 0);
	CHECK(!rx_incomplete());
	/* a named back-reference: no DFA step, so out of budget */
	memset(name, 'a', 60);
	strcpy(name + 60, "!");
	CHECK(test_rx_matches("^(?P<x>(a|aa)*)(?P=x)\\d", name, 61) == 0);
	CHECK(rx_incomplete());
	rx_budget_reset();
	CHECK(!rx_incomplete());
}

const struct test_case rx_tests[] = {
	{ "rx_dialect", test_dialect },
	{ "rx_budget", test_budget },
	{ NULL, NULL },
};
