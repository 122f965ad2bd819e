/*
 * fuzz_gunzip.c: the gzip layer, input_gunzip(), under two limits.
 *
 * Whatever the input, the result is either the data (not gzip: returned
 * as it is), or its inflated bytes within max_inflated, or a one-line
 * error.  Under a tight max_inflated the answer must agree with the
 * loose one: the same bytes when they fit, a refusal otherwise.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pprof.h"
#include "reader.h"

#define FUZZ_TIGHT	4096

FUZZ_TARGET(gunzip)
{
	struct input_limits loose, tight;
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	char *ca = NULL, *cb = NULL;
	int ra, rb;
	int gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;

	fuzz_limits(&loose);
	tight = loose;
	tight.max_inflated = FUZZ_TIGHT;
	ra = input_gunzip(data, size, &loose, &a, &alen, &ca);
	rb = input_gunzip(data, size, &tight, &b, &blen, &cb);
	if (ra == 0) {
		FUZZ_ASSERT(alen <= loose.max_inflated);
		FUZZ_ASSERT(gz ? a != data : a == data && alen == size);
	} else
		FUZZ_ASSERT(gz && ca != NULL &&
		    fuzz_text_is_safe(ca, strlen(ca), 0));
	if (rb == 0) {
		FUZZ_ASSERT(ra == 0 && blen == alen);
		FUZZ_ASSERT(alen == 0 || memcmp(a, b, alen) == 0);
		FUZZ_ASSERT(!gz || blen <= FUZZ_TIGHT);
	} else {
		FUZZ_ASSERT(gz && cb != NULL &&
		    fuzz_text_is_safe(cb, strlen(cb), 0));
		FUZZ_ASSERT(ra == -1 || alen > FUZZ_TIGHT);
	}
	if (a != data)
		free(a);
	if (b != data)
		free(b);
	free(ca);
	free(cb);
	return 0;
}
