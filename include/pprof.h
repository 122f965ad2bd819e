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

/* Limits on what one input may make cpv allocate. */
struct pprof_limits {
	uint64_t	max_input;	/* bytes read from a file or stdin */
	uint64_t	max_inflated;	/* bytes after gunzip */
};

/* Defaults, overridden by CPV_MAX_INPUT / CPV_MAX_INFLATED (bytes, k/M/G). */
void		 pprof_limits_default(struct pprof_limits *);

/* Read a whole file, or standard input for "-". */
int		 pprof_read_all(const char *path, uint64_t max, unsigned char **buf,
		    size_t *len, char **cause);
/* Gunzip buf if it is gzip; otherwise return it unchanged (*out = buf). */
int		 pprof_gunzip(const unsigned char *buf, size_t len, uint64_t max,
		    unsigned char **out, size_t *outlen, char **cause);
struct profile	*pprof_parse(const unsigned char *buf, size_t len,
		    const struct pprof_limits *, char **cause);
struct profile	*pprof_read_file(const char *path, const struct pprof_limits *,
		    char **cause);

#endif
