/*
 * profile.h: cpv's in-memory profile, the one model every reader fills.
 *
 * A profile is a set of samples; each sample is a stack of locations (leaf
 * first) and one value per sample type.  A location expands to one or more
 * lines: line 0 is the innermost inlined function, the last line is the
 * function the code physically belongs to.  This is profile.proto's model,
 * but stored for speed and size:
 *
 *   - strings are interned in one strtab; every name is a uint32_t id and
 *     id 0 is "";
 *   - strings hold no NUL byte, so that C string code never cuts a name
 *     short: a reader stores a NUL as the bytes C0 80 (as Java's modified
 *     UTF-8 does) and a C0 byte as C0 C0, which keeps distinct names
 *     distinct (C0 is never valid UTF-8); vis.h shows them as \x00 and
 *     \xc0, rx.h matches them as NUL and U+FFFD;
 *   - mappings, functions, locations and samples live in dense arrays and
 *     refer to each other by array index, never by the file's ids (the
 *     readers translate ids, which may be sparse, at load time);
 *   - variable-length parts (a location's lines, a sample's locations,
 *     values and labels) are slices [off, off + n) of shared flat arrays.
 *
 * PROFILE_NONE marks an absent index (no mapping, no function).
 *
 * A profile is immutable once built: queries never modify it, they build
 * their own views (see query.h).  Everything is owned by the profile and
 * freed by profile_free().
 */
#ifndef CPV_PROFILE_H
#define CPV_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strtab.h"

#define PROFILE_NONE	UINT32_MAX

struct profile_value_type {
	uint32_t	type;		/* string id, e.g. "cpu" */
	uint32_t	unit;		/* string id, e.g. "nanoseconds" */
};

enum profile_mapping_flags {
	MAPPING_HAS_FUNCTIONS =		(1 << 0),
	MAPPING_HAS_FILENAMES =		(1 << 1),
	MAPPING_HAS_LINE_NUMBERS =	(1 << 2),
	MAPPING_HAS_INLINE_FRAMES =	(1 << 3),
};

struct profile_mapping {
	uint64_t	id;		/* id in the source file */
	uint64_t	start;
	uint64_t	limit;
	uint64_t	offset;
	uint32_t	file;		/* string id */
	uint32_t	build_id;	/* string id */
	unsigned int	flags;		/* enum profile_mapping_flags */
};

struct profile_function {
	uint64_t	id;
	uint32_t	name;		/* string ids */
	uint32_t	system_name;
	uint32_t	filename;
	int64_t		start_line;
};

struct profile_line {
	uint32_t	function;	/* index or PROFILE_NONE */
	int64_t		line;
	int64_t		column;
};

struct profile_location {
	uint64_t	id;
	uint64_t	address;
	uint32_t	mapping;	/* index or PROFILE_NONE */
	uint32_t	line_off;	/* lines[line_off .. line_off+nline) */
	uint32_t	nline;
	bool		is_folded;
};

/*
 * A label is a string label when str != 0, else numeric (num with unit,
 * unit 0 meaning "none given").
 */
struct profile_label {
	uint32_t	key;
	uint32_t	str;
	uint32_t	unit;
	int64_t		num;
};

struct profile_sample {
	uint32_t	loc_off;	/* locs[loc_off .. loc_off+nloc), leaf first */
	uint32_t	nloc;
	uint32_t	label_off;	/* labels[label_off .. +nlabel) */
	uint32_t	nlabel;
};

struct profile {
	struct strtab			 strings;

	struct profile_value_type	*sample_types;
	size_t				 nsample_type;
	uint32_t			 default_sample_type;	/* string id */

	struct profile_value_type	 period_type;
	int64_t				 period;
	int64_t				 time_nanos;
	int64_t				 duration_nanos;
	uint32_t			 drop_frames;	/* string id */
	uint32_t			 keep_frames;	/* string id */
	uint32_t			 doc_url;	/* string id */
	uint32_t			*comments;	/* string ids */
	size_t				 ncomment;

	struct profile_mapping		*mappings;
	size_t				 nmapping;
	struct profile_function		*functions;
	size_t				 nfunction;
	struct profile_location		*locations;
	size_t				 nlocation;
	struct profile_line		*lines;
	size_t				 nline;

	struct profile_sample		*samples;
	size_t				 nsample;
	uint32_t			*locs;		/* location indexes */
	size_t				 nlocs;
	int64_t				*values;	/* nsample * nsample_type */
	struct profile_label		*labels;
	size_t				 nlabel;
};

/* An empty profile (strings hold ""), to be filled by a reader. */
struct profile	*profile_create(void);
void		 profile_free(struct profile *);

static inline const char *
profile_str(const struct profile *p, uint32_t id)
{
	return strtab_get(&p->strings, id);
}

static inline const int64_t *
profile_sample_values(const struct profile *p, size_t i)
{
	return p->values + i * p->nsample_type;
}

/*
 * Merge n profiles into a new one, as pprof merges its sources (and even a
 * single source): identical functions, locations and mappings are shared,
 * samples with the same stack and labels are summed, samples whose values
 * are all zero are dropped; the earliest time, the summed duration, the
 * largest period, the de-duplicated comments and the first default sample
 * type are kept.  Profiles must have compatible sample types: values are
 * converted to the finest unit of each type.  Returns NULL and sets *cause
 * (allocated) when they are incompatible.
 */
struct profile	*profile_merge(struct profile **, size_t, char **cause);

/*
 * Apply the profile's own drop_frames/keep_frames (pprof's
 * RemoveUninteresting).  Returns -1 and sets *cause if a regexp is bad.
 */
int		 profile_prune_frames(struct profile *, char **cause);

/*
 * pprof's simplifyFunc, used to match drop_frames and prune_from: cut name
 * at its first '(' other than in "(anonymous namespace)" or "operator()",
 * after one leading '.'.  buf must hold strlen(name) + 1 bytes.
 */
void		 profile_simplify_func(const char *name, char *buf);

/*
 * pprof's -tagroot/-tagleaf: a copy of p where every sample's stack gets
 * one pseudo frame per key, named by the sample's values for that label
 * (numbers scaled to unit) with the key as file name: roots[0] becomes the
 * root-most frame, leaves[nleaves-1] the leaf-most.  *rootm and *leafm tell
 * whether any sample had a value for a root/leaf key.
 */
struct profile	*profile_with_label_frames(const struct profile *,
		    char **roots, size_t nroots, char **leaves, size_t nleaves,
		    const char *unit, bool *rootm, bool *leafm);

/*
 * Simplify C++-looking function names as pprof does on load (see
 * profile.c).  Call once after reading, before profile_prune_frames().
 */
void		 profile_simplify_names(struct profile *);
/*
 * Remove the nested start..end groups of s in place, as pprof's
 * removeMatching does (on an unmatched end it stops, keeping the rest).
 */
void		 profile_remove_matching(char *s, char start, char end);

/*
 * Check cross references and counts (pprof's CheckValid).  Returns -1 and
 * sets *cause on the first problem.
 */
int		 profile_check(const struct profile *, char **cause);

#endif
