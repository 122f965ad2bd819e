/*
 * input.h: reading untrusted input, whatever its format: files and
 * standard input with a size limit, gunzip with limits on what it may
 * inflate, and the limits themselves.
 *
 * On failure these return -1 and set *cause to an allocated one-line
 * message (without the file name; the caller adds it).
 */
#ifndef CPV_INPUT_H
#define CPV_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct symbolize;

/*
 * Limits on what one input may make cpv allocate.  Everything else a
 * profile holds (strings, samples, locations, frames per stack) is
 * bounded by construction: each entry takes at least one byte of the
 * decompressed input, and arrays are sized from counts taken in a first
 * pass over that input, never from numbers the input merely claims.
 */
struct input_limits {
	uint64_t	max_input;	/* bytes read from a file or stdin */
	uint64_t	max_inflated;	/* bytes after gunzip */
	uint64_t	max_ratio;	/* inflated / compressed bytes read */
	/*
	 * Not a limit but how a reader reads: the symbolizer whose binaries
	 * the perf.data reader unwinds DWARF call chains with (borrowed;
	 * NULL: one of its own, with the default options, for the read).
	 */
	struct symbolize *unwind_sym;
};

/* Slack allowed above max_ratio while a stream starts. */
#define INPUT_RATIO_SLACK	(64ULL << 20)

/*
 * Defaults (4 GiB, 4 GiB, 64), overridden by the environment variables
 * CPV_MAX_INPUT, CPV_MAX_INFLATED and CPV_MAX_RATIO (sizes accept k, M
 * and G suffixes); the command line's -max_* flags override both.
 */
void		 input_limits_default(struct input_limits *);
/* Parse a size like 64, 512k, 2M or 4G (bytes).  -1 if malformed. */
int		 input_parse_size(const char *, uint64_t *);

/* Read a whole file, or standard input for "-", of at most max bytes. */
int		 input_read_all(const char *path, uint64_t max,
		    unsigned char **buf, size_t *len, char **cause);
/*
 * Gunzip buf if it is gzip; otherwise return it unchanged (*out = buf).
 * Concatenated members are read as one stream.  A stream that inflates
 * beyond max_ratio times the compressed bytes read so far (plus
 * INPUT_RATIO_SLACK), or beyond max_inflated, is refused as soon as it
 * does: a decompression bomb costs a fraction of a second.
 */
int		 input_gunzip(const unsigned char *buf, size_t len,
		    const struct input_limits *, unsigned char **out,
		    size_t *outlen, char **cause);

#endif
