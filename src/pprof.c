/* pprof.c: profile.proto reader (gzip or raw), via protobuf-c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "idmap.h"
#include "pprof.h"
#include "profile.h"
#include "profile.pb-c.h"
#include "xmalloc.h"

typedef Perftools__Profiles__Profile pb_profile;

static uint64_t
pprof_env_size(const char *name, uint64_t def)
{
	const char *s = getenv(name);
	char *end;
	unsigned long long v;

	if (s == NULL || *s == '\0')
		return def;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s)
		return def;
	switch (*end) {
	case 'k': case 'K': v <<= 10; break;
	case 'm': case 'M': v <<= 20; break;
	case 'g': case 'G': v <<= 30; break;
	default: break;
	}
	return v;
}

void
pprof_limits_default(struct pprof_limits *l)
{
	l->max_input = pprof_env_size("CPV_MAX_INPUT", 4ULL << 30);
	l->max_inflated = pprof_env_size("CPV_MAX_INFLATED", 4ULL << 30);
}

int
pprof_read_all(const char *path, uint64_t max, unsigned char **bufp,
    size_t *lenp, char **cause)
{
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) == -1) {
		*cause = xasprintf("cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			*cause = xstrdup("is a directory");
			goto fail;
		}
		if (S_ISREG(st.st_mode) && st.st_size > 0) {
			if ((uint64_t)st.st_size > max) {
				*cause = xasprintf("file is larger than the "
				    "%llu byte limit (CPV_MAX_INPUT)",
				    (unsigned long long)max);
				goto fail;
			}
			cap = (size_t)st.st_size + 1;
			buf = xmalloc(cap);
		}
	}
	for (;;) {
		if (len == cap) {
			if (cap >= max + 1) {
				*cause = xasprintf("input is larger than the "
				    "%llu byte limit (CPV_MAX_INPUT)",
				    (unsigned long long)max);
				goto fail;
			}
			cap = cap ? cap * 2 : 65536;
			if (cap > max + 1)
				cap = (size_t)max + 1;
			buf = xreallocarray(buf, cap, 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("read error: %s", strerror(errno));
			goto fail;
		}
		len += (size_t)n;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	*bufp = buf;
	*lenp = len;
	return 0;
fail:
	free(buf);
	if (fd != STDIN_FILENO)
		close(fd);
	return -1;
}

int
pprof_gunzip(const unsigned char *in, size_t inlen, uint64_t max,
    unsigned char **outp, size_t *outlenp, char **cause)
{
	z_stream zs;
	unsigned char *out = NULL;
	size_t cap = 0, len = 0;
	int rc;

	if (inlen < 2 || in[0] != 0x1f || in[1] != 0x8b) {
		*outp = (unsigned char *)in;
		*outlenp = inlen;
		return 0;
	}
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		*cause = xstrdup("gzip: cannot initialise zlib");
		return -1;
	}
	zs.next_in = (unsigned char *)in;
	zs.avail_in = 0;
	for (;;) {
		if (zs.avail_in == 0) {
			size_t left = inlen - (size_t)(zs.next_in - in);
			zs.avail_in = left > (1U << 30) ? (1U << 30) : (uInt)left;
		}
		if (len == cap) {
			if (cap >= max) {
				*cause = xasprintf("gzip: decompressed size "
				    "exceeds the %llu byte limit "
				    "(CPV_MAX_INFLATED)",
				    (unsigned long long)max);
				goto fail;
			}
			cap = cap ? cap * 2 : (inlen < (1U << 20) ? inlen * 4 +
			    4096 : inlen * 4);
			if (cap > max)
				cap = (size_t)max;
			out = xreallocarray(out, cap, 1);
		}
		zs.next_out = out + len;
		zs.avail_out = (uInt)((cap - len) > (1U << 30) ? (1U << 30) :
		    cap - len);
		rc = inflate(&zs, Z_NO_FLUSH);
		len = (size_t)(zs.next_out - out);
		if (rc == Z_STREAM_END) {
			size_t used = (size_t)(zs.next_in - in);

			/* Concatenated members are read as one stream. */
			if (used + 2 <= inlen && in[used] == 0x1f &&
			    in[used + 1] == 0x8b) {
				inflateReset(&zs);
				continue;
			}
			break;
		}
		if (rc == Z_BUF_ERROR && zs.avail_in == 0 &&
		    (size_t)(zs.next_in - in) == inlen) {
			*cause = xstrdup("gzip: unexpected end of data "
			    "(truncated file)");
			goto fail;
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			*cause = xasprintf("gzip: %s at byte %zu of the "
			    "compressed data", zs.msg ? zs.msg :
			    "corrupt data", (size_t)(zs.next_in - in));
			goto fail;
		}
	}
	inflateEnd(&zs);
	*outp = out;
	*outlenp = len;
	return 0;
fail:
	inflateEnd(&zs);
	free(out);
	return -1;
}

/* Translation state from the decoded message to struct profile. */
struct pprof_conv {
	const pb_profile	*pb;
	struct profile		*p;
	uint32_t		*sid;	/* string_table index -> strtab id */
	char			**cause;
};

static int
pprof_str(struct pprof_conv *c, int64_t idx, uint32_t *out, const char *what)
{
	if (idx < 0 || (uint64_t)idx >= c->pb->n_string_table) {
		*c->cause = xasprintf("malformed profile: %s: string index "
		    "%lld out of range (table has %zu strings)", what,
		    (long long)idx, c->pb->n_string_table);
		return -1;
	}
	*out = c->sid[idx];
	return 0;
}

static int
pprof_value_type(struct pprof_conv *c, const Perftools__Profiles__ValueType *vt,
    struct profile_value_type *out, const char *what)
{
	out->type = out->unit = 0;
	if (vt == NULL)
		return 0;
	if (pprof_str(c, vt->type, &out->type, what) == -1 ||
	    pprof_str(c, vt->unit, &out->unit, what) == -1)
		return -1;
	return 0;
}

static int
pprof_convert(struct pprof_conv *c)
{
	const pb_profile *pb = c->pb;
	struct profile *p = c->p;
	struct idmap mmap_ids, fn_ids, loc_ids;
	size_t i, j, nline = 0, nlocs = 0, nlabel = 0;
	int rc = -1;

	idmap_init(&mmap_ids, pb->n_mapping);
	idmap_init(&fn_ids, pb->n_function);
	idmap_init(&loc_ids, pb->n_location);

	if (pb->n_string_table == 0 || pb->string_table[0][0] != '\0') {
		*c->cause = xstrdup(pb->n_string_table == 0 ?
		    "not a profile: no string table" :
		    "malformed profile: string_table[0] must be \"\"");
		goto out;
	}
	c->sid = xreallocarray(NULL, pb->n_string_table, sizeof *c->sid);
	for (i = 0; i < pb->n_string_table; i++)
		c->sid[i] = strtab_intern_str(&p->strings, pb->string_table[i]);

	p->nsample_type = pb->n_sample_type;
	p->sample_types = xreallocarray(NULL, p->nsample_type + 1,
	    sizeof *p->sample_types);
	for (i = 0; i < pb->n_sample_type; i++)
		if (pprof_value_type(c, pb->sample_type[i], &p->sample_types[i],
		    "sample_type") == -1)
			goto out;
	if (pprof_value_type(c, pb->period_type, &p->period_type,
	    "period_type") == -1)
		goto out;
	if (pprof_str(c, pb->default_sample_type, &p->default_sample_type,
	    "default_sample_type") == -1 ||
	    pprof_str(c, pb->drop_frames, &p->drop_frames, "drop_frames") == -1 ||
	    pprof_str(c, pb->keep_frames, &p->keep_frames, "keep_frames") == -1 ||
	    pprof_str(c, pb->doc_url, &p->doc_url, "doc_url") == -1)
		goto out;
	p->period = pb->period;
	p->time_nanos = pb->time_nanos;
	p->duration_nanos = pb->duration_nanos;
	p->ncomment = pb->n_comment;
	p->comments = xreallocarray(NULL, p->ncomment + 1, sizeof *p->comments);
	for (i = 0; i < pb->n_comment; i++)
		if (pprof_str(c, pb->comment[i], &p->comments[i],
		    "comment") == -1)
			goto out;

	p->nmapping = pb->n_mapping;
	p->mappings = xcalloc(p->nmapping + 1, sizeof *p->mappings);
	for (i = 0; i < pb->n_mapping; i++) {
		const Perftools__Profiles__Mapping *m = pb->mapping[i];
		struct profile_mapping *pm = &p->mappings[i];

		if (m->id == 0 || idmap_put(&mmap_ids, m->id, (uint32_t)i)) {
			*c->cause = xasprintf("malformed profile: mapping %zu: "
			    "%s id %llu", i, m->id ? "duplicate" : "reserved",
			    (unsigned long long)m->id);
			goto out;
		}
		pm->id = m->id;
		pm->start = m->memory_start;
		pm->limit = m->memory_limit;
		pm->offset = m->file_offset;
		if (pprof_str(c, m->filename, &pm->file, "mapping") == -1 ||
		    pprof_str(c, m->build_id, &pm->build_id, "mapping") == -1)
			goto out;
		pm->flags = (m->has_functions ? MAPPING_HAS_FUNCTIONS : 0) |
		    (m->has_filenames ? MAPPING_HAS_FILENAMES : 0) |
		    (m->has_line_numbers ? MAPPING_HAS_LINE_NUMBERS : 0) |
		    (m->has_inline_frames ? MAPPING_HAS_INLINE_FRAMES : 0);
	}

	p->nfunction = pb->n_function;
	p->functions = xcalloc(p->nfunction + 1, sizeof *p->functions);
	for (i = 0; i < pb->n_function; i++) {
		const Perftools__Profiles__Function *f = pb->function[i];
		struct profile_function *pf = &p->functions[i];

		if (f->id == 0 || idmap_put(&fn_ids, f->id, (uint32_t)i)) {
			*c->cause = xasprintf("malformed profile: function %zu: "
			    "%s id %llu", i, f->id ? "duplicate" : "reserved",
			    (unsigned long long)f->id);
			goto out;
		}
		pf->id = f->id;
		pf->start_line = f->start_line;
		if (pprof_str(c, f->name, &pf->name, "function") == -1 ||
		    pprof_str(c, f->system_name, &pf->system_name,
		    "function") == -1 ||
		    pprof_str(c, f->filename, &pf->filename, "function") == -1)
			goto out;
	}

	for (i = 0; i < pb->n_location; i++)
		nline += pb->location[i]->n_line;
	if (nline >= UINT32_MAX || pb->n_location >= UINT32_MAX) {
		*c->cause = xstrdup("profile too large: too many locations");
		goto out;
	}
	p->nlocation = pb->n_location;
	p->locations = xcalloc(p->nlocation + 1, sizeof *p->locations);
	p->lines = xcalloc(nline + 1, sizeof *p->lines);
	for (i = 0; i < pb->n_location; i++) {
		const Perftools__Profiles__Location *l = pb->location[i];
		struct profile_location *pl = &p->locations[i];

		if (l->id == 0 || idmap_put(&loc_ids, l->id, (uint32_t)i)) {
			*c->cause = xasprintf("malformed profile: location %zu: "
			    "%s id %llu", i, l->id ? "duplicate" : "reserved",
			    (unsigned long long)l->id);
			goto out;
		}
		pl->id = l->id;
		pl->address = l->address;
		pl->is_folded = l->is_folded;
		pl->mapping = PROFILE_NONE;
		if (l->mapping_id != 0 &&
		    (pl->mapping = idmap_get(&mmap_ids, l->mapping_id)) ==
		    PROFILE_NONE) {
			*c->cause = xasprintf("malformed profile: location id "
			    "%llu refers to unknown mapping id %llu",
			    (unsigned long long)l->id,
			    (unsigned long long)l->mapping_id);
			goto out;
		}
		pl->line_off = (uint32_t)p->nline;
		pl->nline = (uint32_t)l->n_line;
		for (j = 0; j < l->n_line; j++) {
			const Perftools__Profiles__Line *ln = l->line[j];
			struct profile_line *pln = &p->lines[p->nline++];

			pln->line = ln->line;
			pln->column = ln->column;
			pln->function = PROFILE_NONE;
			if (ln->function_id != 0 &&
			    (pln->function = idmap_get(&fn_ids,
			    ln->function_id)) == PROFILE_NONE) {
				*c->cause = xasprintf("malformed profile: "
				    "location id %llu refers to unknown "
				    "function id %llu",
				    (unsigned long long)l->id,
				    (unsigned long long)ln->function_id);
				goto out;
			}
		}
	}

	for (i = 0; i < pb->n_sample; i++) {
		nlocs += pb->sample[i]->n_location_id;
		nlabel += pb->sample[i]->n_label;
	}
	if (nlocs >= UINT32_MAX || nlabel >= UINT32_MAX ||
	    pb->n_sample >= UINT32_MAX) {
		*c->cause = xstrdup("profile too large: too many samples");
		goto out;
	}
	if (pb->n_sample > 0 && p->nsample_type == 0) {
		*c->cause = xstrdup("malformed profile: missing sample type "
		    "information");
		goto out;
	}
	p->samples = xcalloc(pb->n_sample + 1, sizeof *p->samples);
	p->locs = xreallocarray(NULL, nlocs + 1, sizeof *p->locs);
	p->labels = xcalloc(nlabel + 1, sizeof *p->labels);
	p->values = xreallocarray(NULL, pb->n_sample * p->nsample_type + 1,
	    sizeof *p->values);
	for (i = 0; i < pb->n_sample; i++) {
		const Perftools__Profiles__Sample *s = pb->sample[i];
		struct profile_sample *ps = &p->samples[p->nsample];

		if (s->n_value != p->nsample_type) {
			*c->cause = xasprintf("malformed profile: mismatch: "
			    "sample %zu has %zu values vs. %zu types", i,
			    s->n_value, p->nsample_type);
			goto out;
		}
		memcpy(p->values + p->nsample * p->nsample_type, s->value,
		    p->nsample_type * sizeof *p->values);
		ps->loc_off = (uint32_t)p->nlocs;
		ps->nloc = (uint32_t)s->n_location_id;
		for (j = 0; j < s->n_location_id; j++) {
			uint32_t li = idmap_get(&loc_ids, s->location_id[j]);

			if (li == PROFILE_NONE) {
				*c->cause = xasprintf("malformed profile: "
				    "sample %zu refers to unknown location id "
				    "%llu", i,
				    (unsigned long long)s->location_id[j]);
				goto out;
			}
			p->locs[p->nlocs++] = li;
		}
		ps->label_off = (uint32_t)p->nlabel;
		for (j = 0; j < s->n_label; j++) {
			const Perftools__Profiles__Label *lb = s->label[j];
			struct profile_label *pl = &p->labels[p->nlabel];

			if (pprof_str(c, lb->key, &pl->key, "label") == -1 ||
			    pprof_str(c, lb->str, &pl->str, "label") == -1 ||
			    pprof_str(c, lb->num_unit, &pl->unit,
			    "label") == -1)
				goto out;
			pl->num = lb->num;
			/* pprof drops labels with neither string nor number. */
			if (lb->str == 0 && lb->num == 0 && lb->num_unit == 0)
				continue;
			if (lb->str != 0) {
				pl->num = 0;
				pl->unit = 0;
			}
			p->nlabel++;
		}
		ps->nlabel = (uint32_t)(p->nlabel - ps->label_off);
		p->nsample++;
	}
	rc = 0;
out:
	idmap_release(&mmap_ids);
	idmap_release(&fn_ids);
	idmap_release(&loc_ids);
	free(c->sid);
	c->sid = NULL;
	return rc;
}

struct profile *
pprof_parse(const unsigned char *buf, size_t len,
    const struct pprof_limits *limits, char **cause)
{
	struct pprof_conv c;
	struct profile *p;
	unsigned char *data;
	size_t datalen;
	pb_profile *pb;

	if (len == 0) {
		*cause = xstrdup("empty input: not a profile");
		return NULL;
	}
	if (pprof_gunzip(buf, len, limits->max_inflated, &data, &datalen,
	    cause) == -1)
		return NULL;
	if (datalen == 0) {
		*cause = xstrdup("empty input: not a profile");
		goto fail;
	}
	pb = perftools__profiles__profile__unpack(NULL, datalen, data);
	/* Strings are copied out: the inflated data can go now. */
	if (data != buf) {
		free(data);
		data = NULL;
	}
	if (pb == NULL) {
		*cause = xstrdup(data == NULL ?
		    "unrecognized profile format: gzip data is not a valid "
		    "profile.proto message (truncated or corrupt)" :
		    "unrecognized profile format: not gzip and not a valid "
		    "profile.proto message");
		goto fail;
	}
	memset(&c, 0, sizeof c);
	c.pb = pb;
	c.p = p = profile_create();
	c.cause = cause;
	if (pprof_convert(&c) == -1 || profile_check(p, cause) == -1) {
		profile_free(p);
		p = NULL;
	}
	perftools__profiles__profile__free_unpacked(pb, NULL);
	return p;
fail:
	if (data != buf)
		free(data);
	return NULL;
}

struct profile *
pprof_read_file(const char *path, const struct pprof_limits *limits,
    char **cause)
{
	unsigned char *buf;
	size_t len;
	struct profile *p;

	if (pprof_read_all(path, limits->max_input, &buf, &len, cause) == -1)
		return NULL;
	p = pprof_parse(buf, len, limits, cause);
	free(buf);
	return p;
}
