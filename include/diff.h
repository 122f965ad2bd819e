/*
 * diff.h: -base, -diff_base and -normalize.
 *
 * pprof subtracts base profiles from the profile: their values are
 * negated and the two are merged.  With -diff_base the base's samples are
 * marked with the label pprof::base=true, so that percentages are taken
 * of the base's total; with -normalize the profile is first scaled so its
 * total matches the base's.
 */
#ifndef CPV_DIFF_H
#define CPV_DIFF_H

#include <stdbool.h>
#include <stddef.h>

struct profile;

/*
 * Combine p with the merged bases (already loaded) as pprof does.
 * Returns the new profile (p and the bases are freed) or NULL with *cause.
 */
struct profile	*diff_apply(struct profile *p, struct profile *base,
		    bool diff_base, bool normalize, char **cause);

#endif
