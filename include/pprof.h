/*
 * pprof.h: read pprof's profile.proto format.
 *
 * The input is recognised by content: gzip (1f 8b, several members are
 * concatenated as Go's reader does) or a raw serialized Profile message.
 * Ids are translated to dense indexes, string indexes are checked, and the
 * result passes profile_check().
 *
 * On failure these return NULL and set *cause to an allocated one-line
 * message (without the file name; the caller adds it).
 */
#ifndef CPV_PPROF_H
#define CPV_PPROF_H

#include <stddef.h>
#include <stdint.h>

struct profile;

/*
 * Limits on what one input may make cpv allocate.  Everything else a
 * profile holds (strings, samples, locations, frames per stack) is
 * bounded by construction: each entry takes at least one byte of the
 * decompressed input, and arrays are sized from counts taken in a first
 * pass over that input, never from numbers the input merely claims.
 */
struct pprof_limits {
	uint64_t	max_input;	/* bytes read from a file or stdin */
	uint64_t	max_inflated;	/* bytes after gunzip */
	uint64_t	max_ratio;	/* inflated / compressed bytes read */
};

/* Slack allowed above max_ratio while a stream starts. */
#define PPROF_RATIO_SLACK	(64ULL << 20)

/*
 * Defaults (4 GiB, 4 GiB, 64), overridden by the environment variables
 * CPV_MAX_INPUT, CPV_MAX_INFLATED and CPV_MAX_RATIO (sizes accept k, M
 * and G suffixes); the command line's -max_* flags override both.
 */
void		 pprof_limits_default(struct pprof_limits *);
/* Parse a size like 64, 512k, 2M or 4G (bytes).  -1 if malformed. */
int		 pprof_parse_size(const char *, uint64_t *);

/* Read a whole file, or standard input for "-". */
int		 pprof_read_all(const char *path, uint64_t max, unsigned char **buf,
		    size_t *len, char **cause);
/*
 * Gunzip buf if it is gzip; otherwise return it unchanged (*out = buf).
 * A stream that inflates beyond max_ratio times the compressed bytes read
 * so far (plus PPROF_RATIO_SLACK), or beyond max_inflated, is refused as
 * soon as it does: a decompression bomb costs a fraction of a second.
 */
int		 pprof_gunzip(const unsigned char *buf, size_t len,
		    const struct pprof_limits *, unsigned char **out,
		    size_t *outlen, char **cause);
struct profile	*pprof_parse(const unsigned char *buf, size_t len,
		    const struct pprof_limits *, char **cause);
struct profile	*pprof_read_file(const char *path, const struct pprof_limits *,
		    char **cause);

#endif
