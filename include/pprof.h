/*
 * pprof.h: read pprof's profile.proto format.
 *
 * The input is gzip (1f 8b, several members are concatenated as Go's
 * reader does) or a raw serialized Profile message.  Ids are translated
 * to dense indexes, string indexes are checked, and the result passes
 * profile_check().  reader.h picks this reader for whatever no other
 * reader's probe claims.
 *
 * On failure these return NULL and set *cause to an allocated one-line
 * message (without the file name; the caller adds it).
 */
#ifndef CPV_PPROF_H
#define CPV_PPROF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input.h"

struct profile;

/* Decode buf[0..len) (gunzipped first if it is gzip). */
struct profile	*pprof_parse(const unsigned char *buf, size_t len,
		    const struct input_limits *, char **cause);
/*
 * Decode data that is not gzip (any more): gzipped says whether it was,
 * for the message that says it is not profile.proto at all.
 */
struct profile	*pprof_decode_data(const unsigned char *data, size_t len,
		    bool gzipped, char **cause);

#endif
