/*
 * query-tags.h: the rows of -tags, the label keys and values of the
 * samples a query keeps, with their weights.
 *
 * As pprof's printTags (Go 1.19): every label key the query shows
 * (-tagshow, -taghide), and for each the distinct values of the kept
 * samples, a value being a string label or a numeric one formatted in
 * -unit (the two kinds add up when they print the same).  Weights are the
 * plain sample values (no -mean, no -divide_by) in the query's sample
 * unit; a key's total is the sum of its values' weights.  report_tags()
 * prints these rows; a front end draws them.
 */
#ifndef CPV_QUERY_TAGS_H
#define CPV_QUERY_TAGS_H

#include <stddef.h>
#include <stdint.h>

struct query;

struct query_tag_value {
	/*
	 * Owned: the value as -tags prints it: a string label with control
	 * bytes and invalid UTF-8 escaped, or a number with its unit
	 * ("1kB", "250ms").
	 */
	char		*value;
	int64_t		 weight;
};

struct query_tag_key {
	const char	*name;		/* borrowed from the profile: raw */
	int64_t		 total;
	struct query_tag_value *values;	/* owned: by |weight| descending,
					   then value */
	size_t		 nvalue;
};

struct query_tags {
	struct query_tag_key *keys;	/* owned: by name (strcmp) */
	size_t		 nkey;
};

/*
 * Fill *t (to be released) from q's kept samples.  Any query will do.
 * Returns 0; -1 with *cause (allocated) is reserved for failures, and
 * leaves *t empty.  Valid while q lives.
 */
int	query_tags_build(struct query *, struct query_tags *t, char **cause);
/* Free what *t owns; it is empty afterwards.  Safe on an empty t. */
void	query_tags_release(struct query_tags *t);

#endif
