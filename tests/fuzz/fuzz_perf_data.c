/*
 * fuzz_perf_data.c: the perf.data reader, from bytes to a model (through
 * the table, so that the probes run too, and through perf_data_parse()
 * directly), a -top report, a -lines report with a focus, and a merge of
 * the profile with itself (fuzz_text_reader(), whose checks hold for
 * binary readers as well).  Nothing is symbolized: no file is opened.
 *
 * A refused input gets a one-line error that is safe on a terminal; an
 * accepted one gives reports made only of safe text.
 */
#include "fuzz.h"
#include "reader.h"

FUZZ_TARGET(perf_data)
{
	return fuzz_text_reader(data, size, perf_data_parse);
}
