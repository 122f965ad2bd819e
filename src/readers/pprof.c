/*
 * pprof.c: the profile.proto reader (gzip or raw).
 *
 * profile.proto is cpv's model already, so this reader fills the
 * builder's profile arrays itself, as the file lists them: pprof keeps a
 * single profile's entities as they are (-raw shows them), and only
 * merging (a client of the builder's deduplication) makes them unique.
 * Strings go through the builder.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "input.h"
#include "pprof.h"
#include "profile.h"
#include "reader.h"
#include "xmalloc.h"

/*
 * The decoder.  profile.proto is read straight from the wire into struct
 * profile, in two passes over the bytes and with no allocation per
 * message:
 *
 *   pass 1 checks the framing of every field, counts what each array
 *          will hold, interns the string table and maps the ids of
 *          mappings, functions and locations to indexes;
 *   pass 2 fills the arrays, translating ids and string indexes, which
 *          by then are all known wherever they appear in the stream.
 *
 * Every error names the byte offset, the message and the field.  The
 * rules are pprof's: unknown fields are skipped, repeated scalars may be
 * packed or not, the last of a repeated scalar field wins, string indexes
 * and ids must resolve.  (protobuf-c, which the build uses to write
 * -proto, unpacks into one allocation per message: for a 10 MB profile
 * that is five times the input, which is the memory budget cpv has.)
 */

enum { WT_VARINT = 0, WT_I64 = 1, WT_LEN = 2, WT_I32 = 5 };

struct pbuf {
	const uint8_t	*p;
	const uint8_t	*end;
	const uint8_t	*base;		/* start of the whole message */
	char		**cause;
	const char	*msg;		/* message being decoded */
};

static int
pb_fail(struct pbuf *b, const uint8_t *at, const char *field, const char *what)
{
	*b->cause = xasprintf("malformed profile: byte offset %zu: %s%s%s: %s",
	    (size_t)(at - b->base), b->msg, field ? "." : "",
	    field ? field : "", what);
	return -1;
}

static int
pb_varint_slow(struct pbuf *b, uint64_t *out, const char *field)
{
	const uint8_t *start = b->p;
	uint64_t v = 0;
	int shift;

	*out = 0;	/* defined even on failure, for every caller */
	for (shift = 0; shift < 70; shift += 7) {
		if (b->p >= b->end)
			return pb_fail(b, start, field, "truncated varint");
		v |= (uint64_t)(*b->p & 0x7f) << shift;
		if ((*b->p++ & 0x80) == 0) {
			*out = v;
			return 0;
		}
	}
	return pb_fail(b, start, field, "varint longer than 10 bytes");
}

/* Most varints in a profile are one byte: take those inline. */
static inline int
pb_varint(struct pbuf *b, uint64_t *out, const char *field)
{
	if (b->p < b->end && *b->p < 0x80) {
		*out = *b->p++;
		return 0;
	}
	return pb_varint_slow(b, out, field);
}

static int
pb_key(struct pbuf *b, uint32_t *field, int *wt)
{
	uint64_t k;

	if (pb_varint(b, &k, NULL) == -1)
		return -1;
	if ((k >> 3) == 0 || (k >> 3) > 0x1fffffff)
		return pb_fail(b, b->p - 1, NULL, "bad field number");
	*field = (uint32_t)(k >> 3);
	*wt = (int)(k & 7);
	return 0;
}

static int
pb_bytes(struct pbuf *b, const uint8_t **data, size_t *len, const char *field)
{
	const uint8_t *start = b->p;
	uint64_t n;

	if (pb_varint(b, &n, field) == -1)
		return -1;
	if (n > (uint64_t)(b->end - b->p))
		return pb_fail(b, start, field, "length runs past the end of "
		    "the data (truncated or corrupt)");
	*data = b->p;
	*len = (size_t)n;
	b->p += n;
	return 0;
}

/* Skip a field of wire type wt; name says which, for errors. */
static int
pb_skip_named(struct pbuf *b, int wt, const char *name)
{
	const uint8_t *d;
	size_t n;
	uint64_t v;

	switch (wt) {
	case WT_VARINT:
		return pb_varint(b, &v, name);
	case WT_LEN:
		return pb_bytes(b, &d, &n, name);
	case WT_I64:
	case WT_I32:
		n = wt == WT_I64 ? 8 : 4;
		if ((size_t)(b->end - b->p) < n)
			return pb_fail(b, b->p, name,
			    "truncated fixed-size value");
		b->p += n;
		return 0;
	default:
		return pb_fail(b, b->p, name, "unknown wire type");
	}
}

static int
pb_skip(struct pbuf *b, int wt)
{
	return pb_skip_named(b, wt, "(unknown field)");
}

static int
pb_want(struct pbuf *b, int wt, int want, const char *field)
{
	if (wt == want)
		return 0;
	return pb_fail(b, b->p, field, "wrong wire type");
}

/* A sub-message: a pbuf over its bytes, offsets still from the base. */
static int
pb_sub(struct pbuf *b, int wt, struct pbuf *sub, const char *field,
    const char *msg)
{
	const uint8_t *d;
	size_t n;

	if (pb_want(b, wt, WT_LEN, field) == -1 ||
	    pb_bytes(b, &d, &n, field) == -1)
		return -1;
	*sub = *b;
	sub->p = d;
	sub->end = d + n;
	sub->msg = msg;
	return 0;
}

/* A scalar: one varint (wire type 0). */
static int
pb_scalar(struct pbuf *b, int wt, uint64_t *v, const char *field)
{
	if (pb_want(b, wt, WT_VARINT, field) == -1)
		return -1;
	return pb_varint(b, v, field);
}

/*
 * A repeated varint field, packed or not: call fn for each value (or,
 * with fn NULL, only count them into *count).
 */
static int
pb_repeated(struct pbuf *b, int wt, const char *field, size_t *count,
    int (*fn)(void *, uint64_t), void *arg)
{
	struct pbuf pk;
	uint64_t v;

	if (wt == WT_VARINT) {
		if (pb_varint(b, &v, field) == -1)
			return -1;
		(*count)++;
		return fn != NULL ? fn(arg, v) : 0;
	}
	if (pb_sub(b, wt, &pk, field, b->msg) == -1)
		return -1;
	while (pk.p < pk.end) {
		if (pb_varint(&pk, &v, field) == -1)
			return -1;
		(*count)++;
		if (fn != NULL && fn(arg, v) == -1)
			return -1;
	}
	return 0;
}

/*
 * Profile's fields: how each is framed and what it is called.  Both passes
 * read the top level through profile_next(), which checks the wire type
 * and frames the field, so that they differ only in what they do with it.
 */
enum pf_kind { PF_UNKNOWN, PF_MESSAGE, PF_SCALAR, PF_REPEATED, PF_STRING };

static const struct {
	const char	*name;
	const char	*msg;		/* PF_MESSAGE: the message's name */
	enum pf_kind	 kind;
} profile_fields[] = {
	[1] = { "sample_type", "ValueType", PF_MESSAGE },
	[2] = { "sample", "Sample", PF_MESSAGE },
	[3] = { "mapping", "Mapping", PF_MESSAGE },
	[4] = { "location", "Location", PF_MESSAGE },
	[5] = { "function", "Function", PF_MESSAGE },
	[6] = { "string_table", NULL, PF_STRING },
	[7] = { "drop_frames", NULL, PF_SCALAR },
	[8] = { "keep_frames", NULL, PF_SCALAR },
	[9] = { "time_nanos", NULL, PF_SCALAR },
	[10] = { "duration_nanos", NULL, PF_SCALAR },
	[11] = { "period_type", "ValueType", PF_MESSAGE },
	[12] = { "period", NULL, PF_SCALAR },
	[13] = { "comment", NULL, PF_REPEATED },
	[14] = { "default_sample_type", NULL, PF_SCALAR },
	[15] = { "doc_url", NULL, PF_SCALAR },
};
#define PROFILE_NFIELDS	(sizeof profile_fields / sizeof profile_fields[0])

/* One top-level field, framed. */
struct pf_field {
	uint32_t	 num;
	enum pf_kind	 kind;		/* PF_UNKNOWN: skipped already */
	int		 wt;
	struct pbuf	 sub;		/* PF_MESSAGE; PF_STRING: its bytes */
	uint64_t	 v;		/* PF_SCALAR */
};

/*
 * Read the next top-level field of b.  Messages and strings come framed
 * in f->sub, scalars in f->v; repeated scalars are left for the caller
 * (pb_repeated with f->wt); unknown fields are skipped.  kinds selects
 * which kinds to decode: the others are skipped (as PF_UNKNOWN).
 */
static int
profile_next(struct pbuf *b, struct pf_field *f, unsigned kinds)
{
	const char *name = "(unknown field)";
	const uint8_t *d;
	size_t n;

	if (pb_key(b, &f->num, &f->wt) == -1)
		return -1;
	f->kind = PF_UNKNOWN;
	if (f->num < PROFILE_NFIELDS && profile_fields[f->num].name != NULL) {
		name = profile_fields[f->num].name;
		if (kinds & (1U << profile_fields[f->num].kind))
			f->kind = profile_fields[f->num].kind;
	}
	switch (f->kind) {
	case PF_MESSAGE:
		return pb_sub(b, f->wt, &f->sub, name,
		    profile_fields[f->num].msg);
	case PF_STRING:
		if (pb_want(b, f->wt, WT_LEN, name) == -1 ||
		    pb_bytes(b, &d, &n, name) == -1)
			return -1;
		f->sub = *b;
		f->sub.p = d;
		f->sub.end = d + n;
		return 0;
	case PF_SCALAR:
		return pb_scalar(b, f->wt, &f->v, name);
	case PF_REPEATED:
		return 0;
	default:
		return pb_skip_named(b, f->wt, name);
	}
}

struct pprof_dec {
	struct pbuf		 top;
	struct profile_builder	*b;
	struct profile		*p;		/* b's */
	char			**cause;
	uint32_t		*sid;		/* string index -> strtab id */
	size_t			 nstr;
	struct idmap		 mapping_ids, function_ids, location_ids;
	/* pass 1 counts */
	size_t			 ntype, nsample, nmapping, nlocation;
	size_t			 nfunction, ncomment, nline, nlocs, nlabel;
	size_t			 ntime;
	size_t			 nvalue;	/* values in all samples */
	bool			 framing_ok;	/* the whole stream parsed */
	/* raw scalar string indexes, translated at the end */
	uint64_t		 drop, keep, dflt, doc;
	/* pass 2 cursors */
	struct profile_sample	*cur_sample;
	size_t			 cur_nvalue;
};

/*
 * The scalar fields 1..n of a message made only of varints (ValueType,
 * Mapping, Function, Line, Label): the last of each wins, absent ones are
 * 0, unknown ones are skipped, and at[] remembers where each was read so
 * that a later check can point at it.
 */
#define PB_MAX_SCALARS	10

struct pb_scalars {
	uint64_t	 v[PB_MAX_SCALARS + 1];
	const uint8_t	*at[PB_MAX_SCALARS + 1];
};

static int
pb_read_scalars(struct pbuf *b, const char *const *names, uint32_t n,
    struct pb_scalars *sc)
{
	uint32_t f;
	int wt;

	memset(sc, 0, sizeof *sc);
	while (b->p < b->end) {
		if (pb_key(b, &f, &wt) == -1)
			return -1;
		if (f > n) {
			if (pb_skip(b, wt) == -1)
				return -1;
			continue;
		}
		sc->at[f] = b->p;
		if (pb_scalar(b, wt, &sc->v[f], names[f]) == -1)
			return -1;
	}
	return 0;
}

/* Check string index field f of sc and translate it. */
static int
dec_str_field(struct pprof_dec *d, struct pbuf *b, const struct pb_scalars *sc,
    uint32_t f, const char *const *names, uint32_t *out)
{
	uint64_t idx = sc->v[f];

	if (idx >= d->nstr) {
		char *what = xasprintf("string index %llu out of range "
		    "(the table has %zu strings)", (unsigned long long)idx,
		    d->nstr);

		pb_fail(b, sc->at[f], names[f], what);
		free(what);
		return -1;
	}
	*out = d->sid[idx];
	return 0;
}

/* Check a string index and translate it. */
static int
dec_str(struct pprof_dec *d, struct pbuf *b, uint64_t idx, uint32_t *out,
    const char *field)
{
	if (idx >= d->nstr) {
		char *what = xasprintf("string index %llu out of range "
		    "(the table has %zu strings)", (unsigned long long)idx,
		    d->nstr);

		pb_fail(b, b->p, field, what);
		free(what);
		return -1;
	}
	*out = d->sid[idx];
	return 0;
}

/* Pass 1 over a Sample: count locations and labels. */
static int
dec_count_sample(struct pprof_dec *d, struct pbuf *b)
{
	uint32_t f;
	int wt;
	size_t n = 0, nvalue = 0;

	while (b->p < b->end) {
		if (pb_key(b, &f, &wt) == -1)
			return -1;
		if (f == 1) {
			if (pb_repeated(b, wt, "location_id", &n, NULL,
			    NULL) == -1)
				return -1;
		} else if (f == 2) {
			if (pb_repeated(b, wt, "value", &nvalue, NULL,
			    NULL) == -1)
				return -1;
		} else if (f == 3) {
			struct pbuf lb;

			if (pb_sub(b, wt, &lb, "label", "Label") == -1)
				return -1;
			d->nlabel++;
		} else if (pb_skip(b, wt) == -1)
			return -1;
	}
	d->nlocs += n;
	d->nvalue += nvalue;
	return 0;
}

/* Pass 1 over a message whose field 1 is its id; counts field nested. */
static int
dec_count_ided(struct pbuf *b, struct idmap *ids,
    size_t index, uint32_t nested, size_t *nnested)
{
	uint32_t f;
	int wt;
	uint64_t id = 0;
	const uint8_t *start = b->p;

	while (b->p < b->end) {
		if (pb_key(b, &f, &wt) == -1)
			return -1;
		if (f == 1) {
			if (pb_scalar(b, wt, &id, "id") == -1)
				return -1;
		} else if (f == nested && nnested != NULL) {
			struct pbuf sub;

			if (pb_sub(b, wt, &sub, "line", "Line") == -1)
				return -1;
			(*nnested)++;
		} else if (pb_skip(b, wt) == -1)
			return -1;
	}
	if (id == 0) {
		b->p = start;
		return pb_fail(b, start, "id", "reserved id 0");
	}
	if (idmap_put(ids, id, (uint32_t)index) == -1) {
		char *what = xasprintf("duplicate id %llu",
		    (unsigned long long)id);

		pb_fail(b, start, "id", what);
		free(what);
		return -1;
	}
	return 0;
}

static int
dec_pass1(struct pprof_dec *d)
{
	struct pbuf b = d->top;
	struct pf_field fl;
	size_t n;

	/* Strings first: everything else refers to them. */
	while (b.p < b.end) {
		d->framing_ok = false;
		if (profile_next(&b, &fl, 1U << PF_STRING) == -1)
			return -1;
		if (fl.kind != PF_STRING)
			continue;
		n = (size_t)(fl.sub.end - fl.sub.p);
		if (d->nstr == 0 && n != 0)
			return pb_fail(&b, fl.sub.p, "string_table",
			    "string_table[0] must be \"\"");
		if (d->nstr % 4096 == 0)
			d->sid = xreallocarray(d->sid, d->nstr + 4096,
			    sizeof *d->sid);
		d->sid[d->nstr++] = profile_builder_string(d->b,
		    (const char *)fl.sub.p, n);
	}
	d->framing_ok = true;
	if (d->nstr == 0) {
		*d->cause = xstrdup("not a profile: no string table");
		return -1;
	}
	b = d->top;
	idmap_init(&d->mapping_ids, 1024);
	idmap_init(&d->function_ids, 65536);
	idmap_init(&d->location_ids, 65536);
	while (b.p < b.end) {
		if (profile_next(&b, &fl, 1U << PF_MESSAGE | 1U << PF_SCALAR |
		    1U << PF_REPEATED) == -1)
			return -1;
		switch (fl.num) {
		case 1:
			d->ntype++;
			break;
		case 2:
			if (dec_count_sample(d, &fl.sub) == -1)
				return -1;
			d->nsample++;
			break;
		case 3:
			if (dec_count_ided(&fl.sub, &d->mapping_ids,
			    d->nmapping, 0, NULL) == -1)
				return -1;
			d->nmapping++;
			break;
		case 4:
			if (dec_count_ided(&fl.sub, &d->location_ids,
			    d->nlocation, 4, &d->nline) == -1)
				return -1;
			d->nlocation++;
			break;
		case 5:
			if (dec_count_ided(&fl.sub, &d->function_ids,
			    d->nfunction, 0, NULL) == -1)
				return -1;
			d->nfunction++;
			break;
		case 9:
			if (++d->ntime > 1)
				return pb_fail(&b, b.p, "time_nanos",
				    "concatenated profiles detected");
			break;
		case 13:
			if (pb_repeated(&b, fl.wt, "comment", &d->ncomment,
			    NULL, NULL) == -1)
				return -1;
			break;
		default:
			break;
		}
		if (d->nsample >= UINT32_MAX || d->nlocs >= UINT32_MAX ||
		    d->nlabel >= UINT32_MAX || d->nline >= UINT32_MAX ||
		    d->nlocation >= UINT32_MAX)
			return pb_fail(&b, b.p, NULL, "too many entries");
	}
	/*
	 * Every sample has one value per type, so the values array is as
	 * large as the values actually present: never allocate from the
	 * product of two counts a hostile file can choose.
	 */
	if (d->nsample > 0 && (d->ntype == 0 ||
	    d->nvalue / d->ntype != d->nsample || d->nvalue % d->ntype != 0)) {
		*d->cause = d->ntype == 0 ? xstrdup("malformed profile: "
		    "samples but no sample types") : xasprintf("malformed "
		    "profile: %zu values in %zu samples do not match %zu "
		    "sample types", d->nvalue, d->nsample, d->ntype);
		return -1;
	}
	return 0;
}

static int
dec_value_type(struct pprof_dec *d, struct pbuf *b,
    struct profile_value_type *vt)
{
	static const char *const names[] = { NULL, "type", "unit" };
	struct pb_scalars sc;

	if (pb_read_scalars(b, names, 2, &sc) == -1 ||
	    dec_str_field(d, b, &sc, 1, names, &vt->type) == -1 ||
	    dec_str_field(d, b, &sc, 2, names, &vt->unit) == -1)
		return -1;
	return 0;
}

static int
dec_mapping(struct pprof_dec *d, struct pbuf *b, struct profile_mapping *m)
{
	static const char *const names[] = { NULL, "id", "memory_start",
	    "memory_limit", "file_offset", "filename", "build_id",
	    "has_functions", "has_filenames", "has_line_numbers",
	    "has_inline_frames" };
	struct pb_scalars sc;
	uint32_t f;

	if (pb_read_scalars(b, names, 10, &sc) == -1 ||
	    dec_str_field(d, b, &sc, 5, names, &m->file) == -1 ||
	    dec_str_field(d, b, &sc, 6, names, &m->build_id) == -1)
		return -1;
	m->id = sc.v[1];
	m->start = sc.v[2];
	m->limit = sc.v[3];
	m->offset = sc.v[4];
	m->flags = 0;
	for (f = 7; f <= 10; f++)
		if (sc.v[f] != 0)
			m->flags |= 1U << (f - 7);
	return 0;
}

static int
dec_function(struct pprof_dec *d, struct pbuf *b, struct profile_function *fn)
{
	static const char *const names[] = { NULL, "id", "name",
	    "system_name", "filename", "start_line" };
	struct pb_scalars sc;

	if (pb_read_scalars(b, names, 5, &sc) == -1 ||
	    dec_str_field(d, b, &sc, 2, names, &fn->name) == -1 ||
	    dec_str_field(d, b, &sc, 3, names, &fn->system_name) == -1 ||
	    dec_str_field(d, b, &sc, 4, names, &fn->filename) == -1)
		return -1;
	fn->id = sc.v[1];
	fn->start_line = (int64_t)sc.v[5];
	return 0;
}

static int
dec_id_ref(struct pbuf *b, const struct idmap *ids,
    uint64_t id, uint32_t *out, const char *field, const char *kind)
{
	char *what;

	if ((*out = idmap_get(ids, id)) != PROFILE_NONE)
		return 0;
	what = xasprintf("refers to unknown %s id %llu", kind,
	    (unsigned long long)id);
	pb_fail(b, b->p, field, what);
	free(what);
	return -1;
}

static int
dec_location(struct pprof_dec *d, struct pbuf *b, struct profile_location *l)
{
	static const char *const line_names[] = { NULL, "function_id", "line",
	    "column" };
	struct profile *p = d->p;
	struct pb_scalars sc;
	uint32_t f;
	int wt;
	uint64_t v;

	l->mapping = PROFILE_NONE;
	l->line_off = (uint32_t)p->nline;
	while (b->p < b->end) {
		if (pb_key(b, &f, &wt) == -1)
			return -1;
		if (f == 4) {
			struct pbuf lb;
			struct profile_line *ln = &p->lines[p->nline++];

			if (pb_sub(b, wt, &lb, "line", "Line") == -1 ||
			    pb_read_scalars(&lb, line_names, 3, &sc) == -1)
				return -1;
			ln->function = PROFILE_NONE;
			if (sc.v[1] != 0) {
				lb.p = sc.at[1];
				if (dec_id_ref(&lb, &d->function_ids, sc.v[1],
				    &ln->function, "function_id",
				    "function") == -1)
					return -1;
			}
			ln->line = (int64_t)sc.v[2];
			ln->column = (int64_t)sc.v[3];
			l->nline++;
			continue;
		}
		if (f < 1 || f > 5) {
			if (pb_skip(b, wt) == -1)
				return -1;
			continue;
		}
		if (pb_scalar(b, wt, &v, f == 1 ? "id" : f == 2 ?
		    "mapping_id" : f == 3 ? "address" : "is_folded") == -1)
			return -1;
		if (f == 1)
			l->id = v;
		else if (f == 2) {
			l->mapping = PROFILE_NONE;
			if (v != 0 && dec_id_ref(b, &d->mapping_ids, v,
			    &l->mapping, "mapping_id", "mapping") == -1)
				return -1;
		} else if (f == 3)
			l->address = v;
		else
			l->is_folded = v != 0;
	}
	return 0;
}

static int
dec_sample_loc(void *arg, uint64_t id)
{
	struct pprof_dec *d = arg;
	struct profile *p = d->p;
	uint32_t idx = idmap_get(&d->location_ids, id);

	if (idx == PROFILE_NONE) {
		*d->cause = xasprintf("malformed profile: sample %zu refers to "
		    "unknown location id %llu", p->nsample,
		    (unsigned long long)id);
		return -1;
	}
	p->locs[p->nlocs++] = idx;
	return 0;
}

static int
dec_sample_value(void *arg, uint64_t v)
{
	struct pprof_dec *d = arg;
	struct profile *p = d->p;

	if (d->cur_nvalue >= p->nsample_type) {
		d->cur_nvalue++;
		return 0;	/* reported once the sample is read */
	}
	p->values[p->nsample * p->nsample_type + d->cur_nvalue++] = (int64_t)v;
	return 0;
}

static int
dec_sample(struct pprof_dec *d, struct pbuf *b)
{
	static const char *const label_names[] = { NULL, "key", "str", "num",
	    "num_unit" };
	struct pb_scalars sc;
	struct profile *p = d->p;
	struct profile_sample *s = &p->samples[p->nsample];
	uint32_t f;
	int wt;
	size_t n = 0;
	const uint8_t *start = b->p;

	s->loc_off = (uint32_t)p->nlocs;
	s->label_off = (uint32_t)p->nlabel;
	d->cur_nvalue = 0;
	memset(p->values + p->nsample * p->nsample_type, 0,
	    p->nsample_type * sizeof *p->values);
	while (b->p < b->end) {
		if (pb_key(b, &f, &wt) == -1)
			return -1;
		if (f == 1) {
			if (pb_repeated(b, wt, "location_id", &n,
			    dec_sample_loc, d) == -1)
				return -1;
		} else if (f == 2) {
			if (pb_repeated(b, wt, "value", &n, dec_sample_value,
			    d) == -1)
				return -1;
		} else if (f == 3) {
			struct pbuf lb;
			struct profile_label *l = &p->labels[p->nlabel];
			uint64_t str, num, unit;

			if (pb_sub(b, wt, &lb, "label", "Label") == -1 ||
			    pb_read_scalars(&lb, label_names, 4, &sc) == -1 ||
			    dec_str_field(d, &lb, &sc, 1, label_names,
			    &l->key) == -1 ||
			    dec_str_field(d, &lb, &sc, 2, label_names,
			    &l->str) == -1 ||
			    dec_str_field(d, &lb, &sc, 4, label_names,
			    &l->unit) == -1)
				return -1;
			str = sc.v[2];
			num = sc.v[3];
			unit = sc.v[4];
			l->num = (int64_t)num;
			/* pprof drops labels with neither string nor number */
			if (str == 0 && num == 0 && unit == 0)
				continue;
			if (str != 0) {
				l->num = 0;
				l->unit = 0;
			}
			p->nlabel++;
		} else if (pb_skip(b, wt) == -1)
			return -1;
	}
	if (d->cur_nvalue != p->nsample_type) {
		char *what = xasprintf("sample %zu has %zu values vs. %zu "
		    "sample types", p->nsample, d->cur_nvalue,
		    p->nsample_type);

		pb_fail(b, start, "value", what);
		free(what);
		return -1;
	}
	s->nloc = (uint32_t)(p->nlocs - s->loc_off);
	s->nlabel = (uint32_t)(p->nlabel - s->label_off);
	p->nsample++;
	return 0;
}

static int
dec_comment(void *arg, uint64_t v)
{
	struct pprof_dec *d = arg;
	struct profile *p = d->p;

	if (v >= d->nstr) {
		*d->cause = xasprintf("malformed profile: comment: string "
		    "index %llu out of range", (unsigned long long)v);
		return -1;
	}
	p->comments[p->ncomment++] = d->sid[v];
	return 0;
}

static int
dec_pass2(struct pprof_dec *d)
{
	struct pbuf b = d->top;
	struct pf_field fl;
	struct profile *p = d->p;
	size_t ntype = 0, ncomment = 0;

	p->sample_types = xcalloc(d->ntype + 1, sizeof *p->sample_types);
	p->samples = xcalloc(d->nsample + 1, sizeof *p->samples);
	p->values = xreallocarray(NULL, d->nsample * d->ntype + 1,
	    sizeof *p->values);
	p->locs = xreallocarray(NULL, d->nlocs + 1, sizeof *p->locs);
	xhugepages(p->locs, (d->nlocs + 1) * sizeof *p->locs);
	p->labels = xcalloc(d->nlabel + 1, sizeof *p->labels);
	p->mappings = xcalloc(d->nmapping + 1, sizeof *p->mappings);
	p->functions = xcalloc(d->nfunction + 1, sizeof *p->functions);
	p->locations = xcalloc(d->nlocation + 1, sizeof *p->locations);
	p->lines = xcalloc(d->nline + 1, sizeof *p->lines);
	p->comments = xcalloc(d->ncomment + 1, sizeof *p->comments);
	p->nsample_type = d->ntype;
	if (d->nsample > 0 && d->ntype == 0) {
		*d->cause = xstrdup("malformed profile: samples but no sample "
		    "types");
		return -1;
	}
	while (b.p < b.end) {
		if (profile_next(&b, &fl, 1U << PF_MESSAGE | 1U << PF_SCALAR |
		    1U << PF_REPEATED) == -1)
			return -1;
		switch (fl.num) {
		case 1:
			if (dec_value_type(d, &fl.sub,
			    &p->sample_types[ntype++]) == -1)
				return -1;
			break;
		case 2:
			if (dec_sample(d, &fl.sub) == -1)
				return -1;
			break;
		case 3:
			if (dec_mapping(d, &fl.sub,
			    &p->mappings[p->nmapping++]) == -1)
				return -1;
			break;
		case 4:
			if (dec_location(d, &fl.sub,
			    &p->locations[p->nlocation++]) == -1)
				return -1;
			break;
		case 5:
			if (dec_function(d, &fl.sub,
			    &p->functions[p->nfunction++]) == -1)
				return -1;
			break;
		case 11:
			if (dec_value_type(d, &fl.sub, &p->period_type) == -1)
				return -1;
			break;
		case 13:
			if (pb_repeated(&b, fl.wt, "comment", &ncomment,
			    dec_comment, d) == -1)
				return -1;
			break;
		case 7: d->drop = fl.v; break;
		case 8: d->keep = fl.v; break;
		case 9: p->time_nanos = (int64_t)fl.v; break;
		case 10: p->duration_nanos = (int64_t)fl.v; break;
		case 12: p->period = (int64_t)fl.v; break;
		case 14: d->dflt = fl.v; break;
		case 15: d->doc = fl.v; break;
		default: break;
		}
	}
	b = d->top;
	if (dec_str(d, &b, d->drop, &p->drop_frames, "drop_frames") == -1 ||
	    dec_str(d, &b, d->keep, &p->keep_frames, "keep_frames") == -1 ||
	    dec_str(d, &b, d->dflt, &p->default_sample_type,
	    "default_sample_type") == -1 ||
	    dec_str(d, &b, d->doc, &p->doc_url, "doc_url") == -1)
		return -1;
	return 0;
}

static struct profile *
pprof_decode(const uint8_t *data, size_t len, bool *framing_ok, char **cause)
{
	struct pprof_dec d;
	int rc;

	memset(&d, 0, sizeof d);
	d.top.p = d.top.base = data;
	d.top.end = data + len;
	d.top.cause = cause;
	d.top.msg = "Profile";
	d.cause = cause;
	d.b = profile_builder_create();
	d.p = profile_builder_profile(d.b);
	rc = dec_pass1(&d);
	*framing_ok = d.framing_ok;
	if (rc == 0)
		rc = dec_pass2(&d);
	if (rc == 0)
		rc = profile_check(d.p, cause);
	free(d.sid);
	if (d.nstr > 0) {
		idmap_release(&d.mapping_ids);
		idmap_release(&d.function_ids);
		idmap_release(&d.location_ids);
	}
	if (rc == -1) {
		profile_builder_free(d.b);
		return NULL;
	}
	return profile_builder_finish(d.b);
}

/*
 * Decode inflated data; gzipped tells whether it came with gzip, for the
 * message that says the data is not profile.proto at all.
 */
struct profile *
pprof_decode_data(const unsigned char *data, size_t len, bool gzipped,
    char **cause)
{
	struct profile *p;
	bool framing_ok;
	char *c;

	if (len == 0) {
		*cause = xstrdup("empty input: not a profile");
		return NULL;
	}
	if ((p = pprof_decode(data, len, &framing_ok, cause)) != NULL)
		return p;
	if (!framing_ok) {
		/* Not protobuf at all: say so before the details. */
		c = xasprintf("unrecognized profile format: %s (%s)", !gzipped ?
		    "not gzip and not profile.proto" :
		    "gzip data is not profile.proto",
		    strncmp(*cause, "malformed profile: ", 19) == 0 ?
		    *cause + 19 : *cause);
		free(*cause);
		*cause = c;
	}
	return p;
}

struct profile *
pprof_parse(const unsigned char *buf, size_t len,
    const struct input_limits *limits, char **cause)
{
	unsigned char *data;
	size_t datalen;
	struct profile *p;

	if (len == 0) {
		*cause = xstrdup("empty input: not a profile");
		return NULL;
	}
	if (input_gunzip(buf, len, limits, &data, &datalen, cause) == -1)
		return NULL;
	p = pprof_decode_data(data, datalen, data != buf, cause);
	if (data != buf)
		free(data);
	return p;
}
