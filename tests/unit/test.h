/* test.h: a tiny unit-test harness (after Redis' testhelp.h). */
#ifndef CPV_TEST_H
#define CPV_TEST_H

#include <stdio.h>
#include <string.h>

extern int test_failed;		/* failures in the running test */

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("  %s:%d: check failed: %s\n", __FILE__,		\
		    __LINE__, #cond);					\
		test_failed++;						\
	}								\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *cs_g = (got), *cs_w = (want);			\
	if (cs_g == NULL || strcmp(cs_g, cs_w) != 0) {			\
		printf("  %s:%d: got \"%s\", want \"%s\"\n", __FILE__,	\
		    __LINE__, cs_g ? cs_g : "(null)", cs_w);		\
		test_failed++;						\
	}								\
} while (0)

struct test_case {
	const char	*name;
	void		(*fn)(void);
};

/* Each test file exports a NULL-terminated table. */
extern const struct test_case format_tests[];
extern const struct test_case reader_tests[];
extern const struct test_case query_tests[];
extern const struct test_case options_tests[];
extern const struct test_case diff_tests[];
extern const struct test_case tree_tests[];
extern const struct test_case sort_tests[];
extern const struct test_case ctree_tests[];
extern const struct test_case rows_tests[];
extern const struct test_case hashtab_tests[];
extern const struct test_case rx_tests[];
extern const struct test_case builder_tests[];
extern const struct test_case fetch_tests[];
extern const struct test_case unwind_tests[];
extern const struct test_case symobj_tests[];

/* Helpers shared by the test files (test_reader.c). */
struct profile;
struct tp_sample {
	int		 nloc;
	unsigned	 locs[16];	/* location ids, leaf first */
	long long	 values[2];
	const char	*label_key;	/* optional string label */
	const char	*label_val;
};
struct tp_location {
	unsigned	 id;
	int		 nline;
	const char	*funcs[4];	/* innermost first */
	long long	 lines[4];
};
/*
 * Build a profile from a small description by encoding it as
 * profile.proto and reading it back: types "samples/count,cpu/nanoseconds".
 */
struct profile	*tp_build(const struct tp_location *, int,
		    const struct tp_sample *, int);
const char	*test_data(const char *name);

#endif
