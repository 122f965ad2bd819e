/*
 * reader.c: the table of formats, the probes of the formats cpv
 * recognises but cannot read yet, and reading a file with the reader its
 * content calls for (reader.h).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "gperf.h"
#include "input.h"
#include "pprof.h"
#include "profile.h"
#include "reader.h"
#include "xmalloc.h"

/*
 * perf record's output: "PERFILE2" (the old "PERFFILE"), or "2ELIFREP"
 * from a machine of the other byte order.
 */
static bool
perf_data_probe(const unsigned char *d, size_t len)
{
	return len >= 8 && (memcmp(d, "PERFILE2", 8) == 0 ||
	    memcmp(d, "2ELIFREP", 8) == 0 || memcmp(d, "PERFFILE", 8) == 0);
}

static bool
elf_probe(const unsigned char *d, size_t len)
{
	return len >= 4 && memcmp(d, "\177ELF", 4) == 0;
}

/* The gperftools readers (gperf.h), with the table's signature. */
static struct profile *
gperf_cpu_reader_parse(const unsigned char *d, size_t len, bool gzipped,
    const struct input_limits *limits, char **cause)
{
	(void)gzipped;
	(void)limits;
	return gperf_cpu_parse(d, len, cause);
}

static struct profile *
gperf_heap_reader_parse(const unsigned char *d, size_t len, bool gzipped,
    const struct input_limits *limits, char **cause)
{
	(void)gzipped;
	(void)limits;
	return gperf_heap_parse(d, len, cause);
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
	  .parse = perf_data_parse },
	{ .name = "ELF", .probe = elf_probe,
	  .refusal = "an ELF file (a program or library), not a profile" },
	{ .name = "gperftools CPU", .probe = gperf_cpu_probe,
	  .parse = gperf_cpu_reader_parse },
	{ .name = "gperftools heap", .probe = gperf_heap_probe,
	  .parse = gperf_heap_reader_parse },
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
