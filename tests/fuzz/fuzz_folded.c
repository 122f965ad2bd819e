/*
 * fuzz_folded.c: the folded stacks reader, from bytes to a model
 * (through the table, so that the probes run too, and through
 * folded_parse() directly), a -top report, a -lines report with a
 * focus, and a merge of the profile with itself (fuzz_text_reader()).
 *
 * A refused input gets a one-line error that is safe on a terminal; an
 * accepted one gives reports made only of safe text.
 */
#include "fuzz.h"
#include "reader.h"

FUZZ_TARGET(folded)
{
	return fuzz_text_reader(data, size, folded_parse);
}
