/*
 * symbolize-int.h: what the symbolizer lends to the disassembler
 * (private to src/symbolize/).
 */
#ifndef CPV_SYMBOLIZE_INT_H
#define CPV_SYMBOLIZE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct profile;
struct profile_mapping;
struct symbolize;
struct symobj;

/*
 * The ELF object of mapping mi of p, found (once) where
 * symbolize_profile() looks, with the same warning when it is not; NULL
 * if none (or the mapping is a kallsyms or perf map).  *id names it for
 * symbolize_link_address().  Owned by s.
 */
struct symobj	*symbolize_object(struct symbolize *s, const struct profile *p,
		    size_t mi, uint32_t *id);
/*
 * The ELF object of binary file (build id build_id, "" if none) mapped
 * at [start, limit), found (once) as symbolize_object() finds a
 * mapping's (never as the main mapping: not the command line's binary
 * unless it has the same name), with its warning when it is not; NULL if
 * none.  *id names it.  Owned by s.
 */
struct symobj	*symbolize_object_file(struct symbolize *s, const char *file,
		    const char *build_id, uint64_t start, uint64_t limit,
		    uint32_t *id);
/* The object symbolize_object() named id, or NULL. */
struct symobj	*symbolize_object_by_id(struct symbolize *s, uint32_t id);
/* Runtime address a of mapping m as object id links it. */
bool		 symbolize_link_address(struct symbolize *s, uint32_t id,
		    const struct profile_mapping *m, uint64_t a,
		    uint64_t *out);

#endif
