/*
 * diff.h: -base, -diff_base and -normalize.
 *
 * pprof subtracts base profiles from the profile: their values are
 * negated and the two are merged.  With -diff_base the base's samples are
 * marked with the string label pprof::base=true, so that percentages are
 * taken of the base's total; with -normalize the profile is first scaled
 * so its total matches the base's.
 *
 * The marker label stays in the profile, as in pprof: filters
 * (-tagfocus=pprof::base=true) and the reports that print a sample's
 * labels without building a graph (-tags, -traces, -raw, -proto) show it.
 * pprof removes it only when it builds a graph, so reports that turn
 * labels into graph tags (the -dot nodelets) must skip the labels for
 * which diff_label_is_marker() is true.
 */
#ifndef CPV_DIFF_H
#define CPV_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct profile;
struct profile_label;

#define DIFF_BASE_KEY	"pprof::base"
#define DIFF_BASE_VALUE	"true"

/*
 * Combine p with the merged bases (already loaded, each already merged
 * as pprof merges its sources) as pprof does: mark the base's samples if
 * diff_base, scale p to the base's totals if normalize, negate the base,
 * merge p and the base.  Returns the new profile (p and base are freed in
 * every case) or NULL with *cause (allocated) when the profiles are
 * incompatible.
 */
struct profile	*diff_apply(struct profile *p, struct profile *base,
		    bool diff_base, bool normalize, char **cause);

/* Whether l is the -diff_base marker (a string label pprof::base). */
bool		 diff_label_is_marker(const struct profile *,
		    const struct profile_label *l);

/*
 * The marker's string ids in p: *key for pprof::base, *value for true;
 * false (and nothing set) when p has no base samples at all.  Use with
 * diff_sample_is_base_ids() in loops over many samples.
 */
bool		 diff_marker_ids(const struct profile *, uint32_t *key,
		    uint32_t *value);
bool		 diff_sample_is_base_ids(const struct profile *, size_t sample,
		    uint32_t key, uint32_t value);

/* Whether sample i came from a -diff_base base (pprof's DiffBaseSample). */
bool		 diff_sample_is_base(const struct profile *, size_t i);

#endif
