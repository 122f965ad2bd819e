/*
 * builder.h: the one way readers (reader.h) and merging build a profile.
 *
 * Readers never fill struct profile's arrays themselves:
 * they add strings, mappings, functions, locations and samples to a
 * struct profile_builder, which interns and deduplicates them and hands
 * back indexes into the profile being built:
 *
 *	b = profile_builder_create();
 *	profile_builder_sample_type(b, "samples", "count");
 *	fn = profile_builder_function(b, profile_builder_str(b, "main"),
 *	    0, profile_builder_str(b, "main.c"), 0);
 *	ln.function = fn; ln.line = 12; ln.column = 0;
 *	loc = profile_builder_location(b, PROFILE_NONE, 0, &ln, 1, false);
 *	v = 1;
 *	profile_builder_sample(b, &loc, 1, &v, NULL, 0);
 *	p = profile_builder_finish(b);		(b is freed)
 *
 * Equal entities get one index, with pprof's keys (the keys its merge
 * uses):
 *
 *   - a function: name, system name, file name and start line;
 *   - a mapping: size rounded up to 4 KiB, file offset, and the build id,
 *     or the file name when there is no build id;
 *   - a location: mapping, address relative to the mapping's start,
 *     is_folded, and each line's function and line number (not column);
 *   - a sample: its locations (leaf first) and labels, in order: values
 *     of equal samples are summed.
 *
 * Ids (the file's) are set to index + 1.  profile_merge() (profile.h) is a
 * client of the builder too.  Nothing here fails: sizes come from the
 * input already read, and allocation failure is fatal (xmalloc.h).
 *
 * One exception: the profile.proto reader (pprof.c) interns its strings
 * here but fills profile_builder_profile()'s arrays itself, as the file
 * lists them, because pprof keeps a single profile's entities as they are
 * (-raw shows them) and deduplicates only when merging.  A reader does
 * one or the other for each kind of entity, never both.
 *
 * A reader's skeleton (see src/readers/folded.c for a whole one):
 *
 *	struct profile *
 *	xyz_parse(const unsigned char *data, size_t len, bool gzipped,
 *	    const struct input_limits *limits, char **cause)
 *	{
 *		struct profile_builder *b = profile_builder_create();
 *
 *		profile_builder_sample_type(b, "samples", "count");
 *		for (each record of data) {
 *			if (it is malformed) {
 *				*cause = xasprintf("xyz: line %zu: ...", n);
 *				profile_builder_free(b);
 *				return NULL;
 *			}
 *			... profile_builder_location(), _sample() ...
 *		}
 *		return profile_builder_finish(b);
 *	}
 *
 * and one line in reader_table[] (src/readers/reader.c) with its probe.
 */
#ifndef CPV_BUILDER_H
#define CPV_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"

struct profile_builder;

/* A builder over a new, empty profile. */
struct profile_builder *profile_builder_create(void);
/* The profile being built, to set scalars (period, time_nanos...). */
struct profile	*profile_builder_profile(struct profile_builder *);
/*
 * Make mapping index k the first (pprof takes the first mapping for the
 * main binary, its name the report's "File:"), renumbering the two ids
 * and the locations' references.  Nothing for PROFILE_NONE or 0.
 */
void		 profile_builder_main_first(struct profile_builder *,
		    uint32_t k);
/*
 * Intern a string of (s, len) as it comes from a file: a NUL byte is
 * stored as C0 80 and a C0 byte as C0 C0 (profile.h).  Returns its id.
 */
uint32_t	 profile_builder_string(struct profile_builder *, const char *s,
		    size_t len);
/* The same for a C string. */
uint32_t	 profile_builder_str(struct profile_builder *, const char *s);
/*
 * Append a sample type (type and unit are C strings).  All sample types
 * must be added before the first sample.
 */
void		 profile_builder_sample_type(struct profile_builder *,
		    const char *type, const char *unit);
/* The index of this mapping (string ids of this builder), added if new. */
uint32_t	 profile_builder_mapping(struct profile_builder *,
		    const struct profile_mapping *);
/* The index of this function (string ids), added if new. */
uint32_t	 profile_builder_function(struct profile_builder *,
		    uint32_t name, uint32_t system_name, uint32_t filename,
		    int64_t start_line);
/*
 * The index of this location, added if new: mapping is an index or
 * PROFILE_NONE, address absolute, lines[0..nline) innermost first with
 * function indexes (or PROFILE_NONE).
 */
uint32_t	 profile_builder_location(struct profile_builder *,
		    uint32_t mapping, uint64_t address,
		    const struct profile_line *lines, size_t nline,
		    bool is_folded);
/*
 * Add values (one per sample type) to the sample with these locations
 * (leaf first) and labels (string ids), creating it if new.  Returns the
 * sample's index.
 */
uint32_t	 profile_builder_sample(struct profile_builder *,
		    const uint32_t *locs, size_t nloc, const int64_t *values,
		    const struct profile_label *labels, size_t nlabel);
/*
 * Free the builder and return its profile (every array allocated, even
 * if empty), which the caller frees with profile_free().
 */
struct profile	*profile_builder_finish(struct profile_builder *);
/* Free the builder and its profile (on an error path). */
void		 profile_builder_free(struct profile_builder *);

#endif
