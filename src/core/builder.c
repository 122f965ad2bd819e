/*
 * builder.c: build a profile with interned strings and deduplicated
 * mappings, functions, locations and samples (builder.h).
 *
 * Each kind of entity has a hash table of indexes into the profile's own
 * array (hashtab.h); a lookup hashes the candidate's key and compares it
 * with the entries of equal hash through the builder's key pointer.
 */
#include <stdlib.h>
#include <string.h>

#include "builder.h"
#include "hash.h"
#include "hashtab.h"
#include "profile.h"
#include "xmalloc.h"

struct profile_builder {
	struct profile		*p;		/* owned until finished */
	struct hashtab		 mappings, functions, locations, samples;
	size_t			 cap_type, cap_map, cap_fn, cap_loc;
	size_t			 cap_line, cap_sample, cap_locs, cap_label;
	size_t			 cap_values;
	/* the candidate being looked up */
	const void		*key;
	const uint32_t		*key_locs;
	size_t			 key_nloc;
	const struct profile_label *key_labels;
	size_t			 key_nlabel;
};

struct profile_builder *
profile_builder_create(void)
{
	struct profile_builder *b = xcalloc(1, sizeof *b);

	b->p = profile_create();
	return b;
}

struct profile *
profile_builder_profile(struct profile_builder *b)
{
	return b->p;
}

void
profile_builder_main_first(struct profile_builder *b, uint32_t k)
{
	struct profile *p = b->p;
	struct profile_mapping m;
	size_t i;

	if (k == PROFILE_NONE || k == 0)
		return;
	m = p->mappings[0];
	p->mappings[0] = p->mappings[k];
	p->mappings[k] = m;
	p->mappings[0].id = 1;
	p->mappings[k].id = k + 1;
	for (i = 0; i < p->nlocation; i++) {
		if (p->locations[i].mapping == 0)
			p->locations[i].mapping = k;
		else if (p->locations[i].mapping == k)
			p->locations[i].mapping = 0;
	}
}

uint32_t
profile_builder_string(struct profile_builder *b, const char *s, size_t n)
{
	char *buf;
	size_t i, k = 0;
	uint32_t id;

	if (n == 0)
		return 0;	/* "" (s may be NULL) */
	if (memchr(s, '\0', n) == NULL && memchr(s, '\xc0', n) == NULL)
		return strtab_intern(&b->p->strings, s, n);
	buf = xreallocarray(NULL, n, 2);
	for (i = 0; i < n; i++) {
		if (s[i] == '\0' || s[i] == '\xc0') {
			buf[k++] = '\xc0';
			buf[k++] = s[i] == '\0' ? '\x80' : '\xc0';
		} else
			buf[k++] = s[i];
	}
	id = strtab_intern(&b->p->strings, buf, k);
	free(buf);
	return id;
}

uint32_t
profile_builder_str(struct profile_builder *b, const char *s)
{
	return profile_builder_string(b, s, strlen(s));
}

void
profile_builder_sample_type(struct profile_builder *b, const char *type,
    const char *unit)
{
	struct profile *p = b->p;

	XGROW(p->sample_types, b->cap_type, p->nsample_type + 1);
	p->sample_types[p->nsample_type].type = profile_builder_str(b, type);
	p->sample_types[p->nsample_type].unit = profile_builder_str(b, unit);
	p->nsample_type++;
}

/* pprof keys a mapping by its size rounded up to a page. */
static uint64_t
mapping_key_size(const struct profile_mapping *m)
{
	uint64_t size = m->limit - m->start;

	size = size + 0x1000 - 1;
	return size - size % 0x1000;
}

static bool
mapping_eq(const void *ctx, uint32_t idx)
{
	const struct profile_builder *b = ctx;
	const struct profile_mapping *x = b->key, *y = &b->p->mappings[idx];
	uint32_t kx = x->build_id ? x->build_id : x->file;
	uint32_t ky = y->build_id ? y->build_id : y->file;

	return mapping_key_size(x) == mapping_key_size(y) &&
	    x->offset == y->offset && kx == ky;
}

uint32_t
profile_builder_mapping(struct profile_builder *b,
    const struct profile_mapping *m)
{
	struct profile *p = b->p;
	struct hash hs;
	uint64_t h;
	uint32_t idx;
	size_t slot;

	hash_begin(&hs);
	hash_add(&hs, mapping_key_size(m));
	hash_add(&hs, m->offset);
	hash_add(&hs, m->build_id ? m->build_id : m->file);
	h = hash_end(&hs);
	b->key = m;
	idx = hashtab_find(&b->mappings, h, mapping_eq, b, &slot);
	if (idx == HASHTAB_NONE) {
		XGROW(p->mappings, b->cap_map, p->nmapping + 1);
		idx = (uint32_t)p->nmapping++;
		p->mappings[idx] = *m;
		p->mappings[idx].id = idx + 1;
		hashtab_add(&b->mappings, slot, h, idx);
	}
	return idx;
}

static bool
function_eq(const void *ctx, uint32_t idx)
{
	const struct profile_builder *b = ctx;
	const struct profile_function *x = b->key, *y = &b->p->functions[idx];

	return x->name == y->name && x->system_name == y->system_name &&
	    x->filename == y->filename && x->start_line == y->start_line;
}

uint32_t
profile_builder_function(struct profile_builder *b, uint32_t name,
    uint32_t system_name, uint32_t filename, int64_t start_line)
{
	struct profile *p = b->p;
	struct profile_function f;
	struct hash hs;
	uint64_t h;
	uint32_t idx;
	size_t slot;

	f.id = 0;
	f.name = name;
	f.system_name = system_name;
	f.filename = filename;
	f.start_line = start_line;
	hash_begin(&hs);
	hash_add(&hs, f.name);
	hash_add(&hs, f.system_name);
	hash_add(&hs, f.filename);
	hash_add(&hs, (uint64_t)f.start_line);
	h = hash_end(&hs);
	b->key = &f;
	idx = hashtab_find(&b->functions, h, function_eq, b, &slot);
	if (idx == HASHTAB_NONE) {
		XGROW(p->functions, b->cap_fn, p->nfunction + 1);
		idx = (uint32_t)p->nfunction++;
		f.id = idx + 1;
		p->functions[idx] = f;
		hashtab_add(&b->functions, slot, h, idx);
	}
	return idx;
}

/* A location being looked up. */
struct loc_key {
	uint32_t			 mapping;
	uint64_t			 rel;	/* address - mapping start */
	const struct profile_line	*lines;
	size_t				 nline;
	bool				 is_folded;
};

static uint64_t
loc_rel(const struct profile *p, uint32_t mapping, uint64_t address)
{
	if (mapping == PROFILE_NONE)
		return address;
	return address - p->mappings[mapping].start;
}

static bool
location_eq(const void *ctx, uint32_t idx)
{
	const struct profile_builder *b = ctx;
	const struct loc_key *k = b->key;
	const struct profile_location *y = &b->p->locations[idx];
	const struct profile_line *yl = b->p->lines + y->line_off;
	size_t i;

	if (k->mapping != y->mapping || k->nline != y->nline ||
	    k->is_folded != y->is_folded ||
	    k->rel != loc_rel(b->p, y->mapping, y->address))
		return false;
	for (i = 0; i < k->nline; i++)
		if (k->lines[i].function != yl[i].function ||
		    k->lines[i].line != yl[i].line)
			return false;
	return true;
}

uint32_t
profile_builder_location(struct profile_builder *b, uint32_t mapping,
    uint64_t address, const struct profile_line *lines, size_t nline,
    bool is_folded)
{
	struct profile *p = b->p;
	struct profile_location *l;
	struct loc_key k;
	struct hash hs;
	uint64_t h;
	uint32_t idx;
	size_t i, slot;

	k.mapping = mapping;
	k.rel = loc_rel(p, mapping, address);
	k.lines = lines;
	k.nline = nline;
	k.is_folded = is_folded;
	hash_begin(&hs);
	hash_add(&hs, k.rel);
	hash_add(&hs, mapping);
	hash_add(&hs, is_folded);
	for (i = 0; i < nline; i++) {
		hash_add(&hs, lines[i].function);
		hash_add(&hs, (uint64_t)lines[i].line);
	}
	h = hash_end(&hs);
	b->key = &k;
	idx = hashtab_find(&b->locations, h, location_eq, b, &slot);
	if (idx == HASHTAB_NONE) {
		XGROW(p->locations, b->cap_loc, p->nlocation + 1);
		XGROW(p->lines, b->cap_line, p->nline + nline + 1);
		idx = (uint32_t)p->nlocation++;
		l = &p->locations[idx];
		l->id = idx + 1;
		l->address = address;
		l->mapping = mapping;
		l->line_off = (uint32_t)p->nline;
		l->nline = (uint32_t)nline;
		l->is_folded = is_folded;
		if (nline > 0)
			memcpy(p->lines + p->nline, lines, nline * sizeof *lines);
		p->nline += nline;
		hashtab_add(&b->locations, slot, h, idx);
	}
	return idx;
}

static bool
sample_eq(const void *ctx, uint32_t idx)
{
	const struct profile_builder *b = ctx;
	const struct profile_sample *s = &b->p->samples[idx];
	const struct profile_label *x, *y;
	size_t i;

	if (s->nloc != b->key_nloc || s->nlabel != b->key_nlabel)
		return false;
	if (s->nloc > 0 && memcmp(b->key_locs, b->p->locs + s->loc_off,
	    s->nloc * sizeof *b->key_locs) != 0)
		return false;
	for (i = 0; i < s->nlabel; i++) {
		x = &b->key_labels[i];
		y = &b->p->labels[s->label_off + i];
		if (x->key != y->key || x->str != y->str || x->num != y->num ||
		    x->unit != y->unit)
			return false;
	}
	return true;
}

uint32_t
profile_builder_sample(struct profile_builder *b, const uint32_t *locs,
    size_t nloc, const int64_t *values, const struct profile_label *labels,
    size_t nlabel)
{
	struct profile *p = b->p;
	struct profile_sample *s;
	size_t nt = p->nsample_type, i, slot;
	int64_t *v;
	struct hash hs;
	uint64_t h;
	uint32_t idx;

	hash_begin(&hs);
	for (i = 0; i < nloc; i++)
		hash_add(&hs, locs[i]);
	for (i = 0; i < nlabel; i++) {
		hash_add(&hs, labels[i].key);
		hash_add(&hs, labels[i].str);
		hash_add(&hs, (uint64_t)labels[i].num);
	}
	h = hash_end(&hs);
	b->key_locs = locs;
	b->key_nloc = nloc;
	b->key_labels = labels;
	b->key_nlabel = nlabel;
	idx = hashtab_find(&b->samples, h, sample_eq, b, &slot);
	if (idx == HASHTAB_NONE) {
		XGROW(p->samples, b->cap_sample, p->nsample + 1);
		XGROW(p->values, b->cap_values, (p->nsample + 1) * nt + 1);
		XGROW(p->locs, b->cap_locs, p->nlocs + nloc + 1);
		XGROW(p->labels, b->cap_label, p->nlabel + nlabel + 1);
		idx = (uint32_t)p->nsample++;
		s = &p->samples[idx];
		s->loc_off = (uint32_t)p->nlocs;
		s->nloc = (uint32_t)nloc;
		if (nloc > 0)
			memcpy(p->locs + p->nlocs, locs, nloc * sizeof *locs);
		p->nlocs += nloc;
		s->label_off = (uint32_t)p->nlabel;
		s->nlabel = (uint32_t)nlabel;
		if (nlabel > 0)
			memcpy(p->labels + p->nlabel, labels,
			    nlabel * sizeof *labels);
		p->nlabel += nlabel;
		memset(p->values + (size_t)idx * nt, 0, nt * sizeof *values);
		hashtab_add(&b->samples, slot, h, idx);
	}
	v = p->values + (size_t)idx * nt;
	for (i = 0; i < nt; i++)
		v[i] += values[i];
	return idx;
}

static void
builder_release(struct profile_builder *b)
{
	hashtab_release(&b->mappings);
	hashtab_release(&b->functions);
	hashtab_release(&b->locations);
	hashtab_release(&b->samples);
	free(b);
}

/* Every array of a finished profile is allocated, even when empty. */
#define BUILDER_ALLOC(a)	do {					\
	if ((a) == NULL)						\
		(a) = xcalloc(1, sizeof *(a));				\
} while (0)

struct profile *
profile_builder_finish(struct profile_builder *b)
{
	struct profile *p = b->p;

	BUILDER_ALLOC(p->sample_types);
	BUILDER_ALLOC(p->comments);
	BUILDER_ALLOC(p->mappings);
	BUILDER_ALLOC(p->functions);
	BUILDER_ALLOC(p->locations);
	BUILDER_ALLOC(p->lines);
	BUILDER_ALLOC(p->samples);
	BUILDER_ALLOC(p->locs);
	BUILDER_ALLOC(p->labels);
	BUILDER_ALLOC(p->values);
	builder_release(b);
	return p;
}

void
profile_builder_free(struct profile_builder *b)
{
	if (b == NULL)
		return;
	profile_free(b->p);
	builder_release(b);
}
