/*
 * fuzz_perf_script.c: the perf script text reader, from bytes to a model
 * (through the table, so that the probes run too, and through
 * perf_script_parse() directly), a -top report, a -lines report with a
 * focus, and a merge of the profile with itself (fuzz_text_reader()).
 *
 * A refused input gets a one-line error that is safe on a terminal; an
 * accepted one gives reports made only of safe text.
 */
#include "fuzz.h"
#include "reader.h"

FUZZ_TARGET(perf_script)
{
	return fuzz_text_reader(data, size, perf_script_parse);
}
