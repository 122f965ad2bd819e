/*
 * reader.c: the table of formats, the probes of the formats cpv
 * recognises but cannot read yet, and reading a file with the reader its
 * content calls for (reader.h).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "pprof.h"
#include "profile.h"
#include "reader.h"
#include "xmalloc.h"

/* perf record's output, "PERFILE2" (and the old "PERFFILE"). */
static bool
perf_data_probe(const unsigned char *d, size_t len)
{
	return len >= 8 && (memcmp(d, "PERFILE2", 8) == 0 ||
	    memcmp(d, "PERFFILE", 8) == 0);
}

static bool
elf_probe(const unsigned char *d, size_t len)
{
	return len >= 4 && memcmp(d, "\177ELF", 4) == 0;
}

/* Word i of a gperftools header of w-byte words, in either byte order. */
static uint64_t
gperf_word(const unsigned char *d, size_t w, size_t i, bool big)
{
	uint64_t v = 0;
	size_t k;

	for (k = 0; k < w; k++)
		v |= (uint64_t)d[i * w + k] << 8 * (big ? w - 1 - k : k);
	return v;
}

/*
 * The gperftools CPU profiler's binary header: the words 0 (header
 * count), 3 (header words), 0 (version), the sampling period and 0
 * (padding), of 4 or 8 bytes in the machine's byte order.
 */
static bool
gperf_cpu_probe(const unsigned char *d, size_t len)
{
	size_t w;
	int big;

	for (w = 4; w <= 8; w += 4) {
		if (len < 5 * w)
			continue;
		for (big = 0; big <= 1; big++)
			if (gperf_word(d, w, 0, big) == 0 &&
			    gperf_word(d, w, 1, big) == 3 &&
			    gperf_word(d, w, 2, big) == 0 &&
			    gperf_word(d, w, 3, big) != 0 &&
			    gperf_word(d, w, 4, big) == 0)
				return true;
	}
	return false;
}

/* The gperftools heap profiler's text: "heap profile: " first. */
static bool
gperf_heap_probe(const unsigned char *d, size_t len)
{
	return len >= 14 && memcmp(d, "heap profile: ", 14) == 0;
}

static struct profile *
pprof_reader_parse(const unsigned char *d, size_t len, bool gzipped,
    const struct input_limits *limits, char **cause)
{
	(void)limits;
	return pprof_decode_data(d, len, gzipped, cause);
}

/*
 * The probing order: magic numbers first, then the text formats, whose
 * probes want a first line of their grammar (no serialized profile.proto
 * looks like one: its second byte is a length, a control byte), and
 * profile.proto, which has no magic, last, for everything else.
 */
const struct reader reader_table[] = {
	{ .name = "perf.data", .probe = perf_data_probe,
	  .refusal = "a perf.data file; cpv cannot read perf.data yet "
	    "(perf script | cpv -top - reads its text)" },
	{ .name = "ELF", .probe = elf_probe,
	  .refusal = "an ELF file (a program or library), not a profile" },
	{ .name = "gperftools CPU", .probe = gperf_cpu_probe,
	  .refusal = "a gperftools CPU profile; cpv cannot read gperftools "
	    "profiles yet" },
	{ .name = "gperftools heap", .probe = gperf_heap_probe,
	  .refusal = "a gperftools heap profile; cpv cannot read gperftools "
	    "profiles yet" },
	{ .name = "perf script", .probe = perf_script_probe,
	  .parse = perf_script_parse },
	{ .name = "folded", .probe = folded_probe, .parse = folded_parse },
	{ .name = "pprof", .probe = NULL, .parse = pprof_reader_parse },
	{ .name = NULL },
};

const struct reader *
reader_find(const unsigned char *data, size_t len)
{
	const struct reader *r;

	for (r = reader_table; r->name != NULL; r++)
		if (r->probe == NULL || r->probe(data, len))
			return r;
	return r - 1;	/* not reached: pprof's probe is NULL */
}

/* Parse data that is not gzip any more. */
static struct profile *
reader_parse_data(const unsigned char *data, size_t len, bool gzipped,
    const struct input_limits *limits, const struct reader **which,
    char **cause)
{
	const struct reader *r;

	if (len == 0) {
		*cause = xstrdup("empty input: not a profile");
		return NULL;
	}
	r = reader_find(data, len);
	if (which != NULL)
		*which = r;
	if (r->parse == NULL) {
		*cause = xstrdup(r->refusal);
		return NULL;
	}
	return r->parse(data, len, gzipped, limits, cause);
}

struct profile *
reader_parse(const unsigned char *buf, size_t len,
    const struct input_limits *limits, const struct reader **which,
    char **cause)
{
	unsigned char *data;
	size_t datalen;
	struct profile *p;

	if (which != NULL)
		*which = NULL;
	if (len == 0) {
		*cause = xstrdup("empty input: not a profile");
		return NULL;
	}
	if (input_gunzip(buf, len, limits, &data, &datalen, cause) == -1)
		return NULL;
	p = reader_parse_data(data, datalen, data != buf, limits, which,
	    cause);
	if (data != buf)
		free(data);
	return p;
}

struct profile *
reader_read_file(const char *path, const struct input_limits *limits,
    char **cause)
{
	unsigned char *buf, *data;
	size_t len, datalen;
	struct profile *p;
	bool gzipped;

	if (input_read_all(path, limits->max_input, &buf, &len, cause) == -1)
		return NULL;
	if (len == 0) {
		free(buf);
		*cause = xstrdup("empty input: not a profile");
		return NULL;
	}
	if (input_gunzip(buf, len, limits, &data, &datalen, cause) == -1) {
		free(buf);
		return NULL;
	}
	/* The compressed copy is not needed while decoding. */
	gzipped = data != buf;
	if (gzipped)
		free(buf);
	p = reader_parse_data(data, datalen, gzipped, limits, NULL, cause);
	free(data);
	return p;
}
