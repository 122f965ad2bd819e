/*
 * reader.h: the profile formats cpv reads, and how a reader builds a
 * profile.
 *
 * Every input format is one struct reader in one table (src/readers/
 * reader.c): a name, a content probe and a parse function.  A file is
 * recognised by its content, never by its name: reader_read_file() reads
 * the file (or standard input), gunzips it if it is gzip (any format may
 * be gzipped), then asks each reader's probe in table order; the first
 * that says yes parses.  profile.proto has no magic number, so its reader
 * comes last and takes whatever no probe claimed (its errors then say
 * "unrecognized profile format").  A format cpv recognises but cannot
 * read yet (perf.data, ELF) has a probe and no parse function: the file
 * is refused with "a perf.data file; cpv cannot read perf.data yet".
 *
 * Adding a format is one table entry plus its reader, which fills the
 * model (profile.h) through the profile builder (builder.h).
 */
#ifndef CPV_READER_H
#define CPV_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "builder.h"
#include "input.h"
#include "profile.h"

/* The readers ----------------------------------------------------------- */

struct reader {
	const char	*name;		/* "pprof", "folded", "perf script" */
	/*
	 * For a format recognised but not read yet (parse NULL): the whole
	 * message, "a perf.data file; cpv cannot read perf.data yet".
	 */
	const char	*refusal;
	/*
	 * Whether data[0..len) (the whole input, gunzipped) looks like this
	 * format.  Cheap: it looks at the first bytes or lines only.
	 */
	bool		(*probe)(const unsigned char *data, size_t len);
	/*
	 * Build a profile from data[0..len) (gzipped: whether it came
	 * gzipped), or return NULL with *cause set to one allocated line
	 * (without the file name).  NULL for a format that is recognised
	 * but not read yet.
	 */
	struct profile	*(*parse)(const unsigned char *data, size_t len,
			    bool gzipped, const struct input_limits *,
			    char **cause);
};

/* The table, in probing order, ended by an entry with a NULL name. */
extern const struct reader	reader_table[];

/* The reader whose probe claims data (the pprof reader if none does). */
const struct reader *reader_find(const unsigned char *data, size_t len);

/*
 * Parse buf[0..len) (gzip or not) with the reader its content calls for.
 * Returns NULL and sets *cause on failure; *which, if not NULL, gets the
 * reader used.
 */
struct profile	*reader_parse(const unsigned char *buf, size_t len,
		    const struct input_limits *, const struct reader **which,
		    char **cause);
/* The same for a file, or standard input for "-". */
struct profile	*reader_read_file(const char *path,
		    const struct input_limits *, char **cause);

/* The text readers (src/readers/), as the table calls them. */
bool		 folded_probe(const unsigned char *, size_t);
struct profile	*folded_parse(const unsigned char *, size_t, bool,
		    const struct input_limits *, char **cause);
bool		 perf_script_probe(const unsigned char *, size_t);
struct profile	*perf_script_parse(const unsigned char *, size_t, bool,
		    const struct input_limits *, char **cause);
/* perf record's perf.data, file or pipe mode (src/readers/perf-data.c). */
struct profile	*perf_data_parse(const unsigned char *, size_t, bool,
		    const struct input_limits *, char **cause);

#endif
