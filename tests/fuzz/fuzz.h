/*
 * fuzz.h: what cpv's fuzz targets share.
 *
 * A target is one file, tests/fuzz/fuzz_NAME.c, holding
 *
 *	FUZZ_TARGET(NAME)
 *	{
 *		... feed data[0 .. size) to the code under test ...
 *		return 0;
 *	}
 *
 * and one line FUZZ(NAME, MAX_LEN) in tests/fuzz/targets.def.  The same objects are
 * linked twice:
 *
 *   - with libFuzzer (./configure --enable-fuzzing) into tests/fuzz/cpv-fuzz,
 *     run as "cpv-fuzz NAME [libFuzzer flags] [corpus dirs]" (make fuzz);
 *   - with driver.c, a plain main() that needs no clang, into
 *     tests/fuzz/fuzz-replay, which make check runs over every committed
 *     input in tests/fuzz/corpus/NAME/ and tests/fuzz/regress/NAME/.
 *
 * A target must not write to the terminal: reports go to strbufs, and
 * both programs point standard output and standard error at /dev/null
 * while a target runs (their own messages and sanitizer reports go to the
 * original standard error).  It must free everything it allocates, and
 * may call abort() (through FUZZ_ASSERT) when an invariant of the code
 * under test fails: that is a finding like a crash.
 */
#ifndef CPV_FUZZ_H
#define CPV_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"

struct input_limits;
struct profile;
struct strbuf;

typedef int (*fuzz_fn)(const uint8_t *, size_t);

#define FUZZ_TARGET(name)						\
	int fuzz_target_##name(const uint8_t *data, size_t size)

#define FUZZ(name, max_len) FUZZ_TARGET(name);
#include "targets.def"
#undef FUZZ

struct fuzz_target {
	const char	*name;
	fuzz_fn		 fn;
	size_t		 max_len;	/* libFuzzer's default -max_len */
};
/* Every target, from targets.def; NULL-terminated. */
extern const struct fuzz_target fuzz_targets[];
const struct fuzz_target *fuzz_find(const char *name);

/* Abort, naming the failed check, when an invariant does not hold. */
#define FUZZ_ASSERT(cond) do {						\
	if (!(cond))							\
		fuzz_fail(__FILE__, __LINE__, #cond);			\
} while (0)
_Noreturn void	fuzz_fail(const char *file, int line, const char *what);
/*
 * Where fuzz_fail() writes when there is no sanitizer runtime (whose
 * report file it uses otherwise); -1: standard error.
 */
extern int	fuzz_report_fd;

/*
 * Whether text is safe on a terminal: no control byte (but those flags
 * allow), no DEL, no C1 control, only valid UTF-8: what vis_add()
 * promises for reports and what error messages must keep to.
 */
enum fuzz_text_flags {
	FUZZ_TEXT_NL =	(1 << 0),	/* newlines allowed */
	FUZZ_TEXT_TAB =	(1 << 1),	/* tabs allowed (source listings) */
};
bool		fuzz_text_is_safe(const void *text, size_t n, int flags);

/*
 * Small input limits (16 MiB inflated, ratio 64), so that an input cannot
 * make a target allocate more than the fuzzer's memory limit allows.
 */
void		fuzz_limits(struct input_limits *);

/*
 * Split data into strings at every byte equal to sep (and at NUL bytes).
 * Returns a NULL-terminated vector of at most max strings (the rest of the
 * data is dropped) and sets *n; free it with fuzz_split_free().
 */
char		**fuzz_split(const uint8_t *data, size_t size, int sep,
		    size_t max, size_t *n);
void		 fuzz_split_free(char **);

/*
 * The fixed profile that targets which fuzz something else than a reader
 * run against: testdata/synth_cpu.pb.gz (two mappings, inlining,
 * recursion, string and numeric labels, drop_frames), read once, with its
 * drop_frames applied as main.c does.  Never modified, never freed.
 */
const struct profile *fuzz_fixed_profile(void);

/*
 * Run report kind on p with options o, as main.c does: apply the report's
 * overrides to o, query, write into sb.  Text reports must be safe text
 * (newlines and tabs allowed).  Returns 0, or -1 (with nothing written)
 * when the query or the report refuses.
 */
int		 fuzz_report(const struct profile *p, struct options *o,
		    enum report_kind kind, struct strbuf *sb);
/* fuzz_report() for -top, which has no tab either. */
int		 fuzz_top(const struct profile *p, struct options *o,
		    struct strbuf *sb);

/*
 * A reader's refusal: a message that is not empty, is safe on a terminal
 * and, unless multiline, is one line.  Frees cause.
 */
void		 fuzz_check_cause(char *cause, bool multiline);
/*
 * What a reader's target does with a profile it accepted: -top, -top
 * -lines with a focus, and a merge of p with itself (which must succeed).
 */
void		 fuzz_profile_reports(struct profile *p);
/*
 * A text reader's target: data through the reader table (whichever
 * reader the probes pick) and through parse directly; an accepted
 * profile must pass profile_check() and fuzz_profile_reports().
 */
typedef struct profile *(*fuzz_parse_fn)(const unsigned char *, size_t,
		    bool, const struct input_limits *, char **);
int		 fuzz_text_reader(const uint8_t *data, size_t size,
		    fuzz_parse_fn parse);

#endif
