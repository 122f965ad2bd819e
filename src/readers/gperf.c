/*
 * gperf.c: gperftools' CPU (binary) and heap (text) profiles.
 *
 * Both readers gather raw samples (values and addresses) first, because
 * pprof rewrites the stacks before it has a profile: return addresses
 * move back one byte into the call, a frame that nearly every CPU sample
 * has second (the signal handler's) is dropped, and a leaf the profiler
 * recorded twice is kept once.  Then the trailing memory map gives the
 * mappings, merged and ordered as pprof's ParseMemoryMap does, and each
 * address its mapping.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gperf.h"
#include "hash.h"
#include "hashtab.h"
#include "profile.h"
#include "xmalloc.h"

/* Stack depth cap: gperftools records at most 64 frames (255 here). */
#define GPERF_MAX_DEPTH		4096

/* The drop_frames pprof gives these profiles (its addLegacyFrameInfo). */
static const char gperf_cpu_drop[] =
    "ProfileData::Add|ProfileData::prof_handler|CpuProfiler::prof_handler|"
    "__pthread_sighandler|__restore";
static const char gperf_alloc_drop[] =
    "calloc|cfree|malloc|free|memalign|do_memalign|(__)?posix_memalign|"
    "pvalloc|valloc|realloc|tcmalloc::.*|tc_calloc|tc_cfree|tc_malloc|"
    "tc_free|tc_memalign|tc_posix_memalign|tc_pvalloc|tc_valloc|"
    "tc_realloc|tc_new|tc_delete|tc_newarray|tc_deletearray|"
    "tc_new_nothrow|tc_newarray_nothrow|malloc_zone_malloc|"
    "malloc_zone_calloc|malloc_zone_valloc|malloc_zone_realloc|"
    "malloc_zone_memalign|malloc_zone_free|runtime\\..*|BaseArena::.*|"
    "(::)?do_malloc_no_errno|(::)?do_malloc_pages|(::)?do_malloc|"
    "DoSampledAllocation|MallocedMemBlock::MallocedMemBlock|_M_allocate|"
    "__builtin_(vec_)?delete|__builtin_(vec_)?new|"
    "__gnu_cxx::new_allocator::allocate|__libc_malloc|"
    "__malloc_alloc_template::allocate|allocate|cpp_alloc|"
    "operator new(\\[\\])?|simple_alloc::allocate";
static const char gperf_alloc_keep[] =
    "runtime\\.panic|runtime\\.reflectcall|runtime\\.call[0-9]*";

/* Raw samples: addresses interned as location indexes. */
struct raw {
	uint64_t	*addrs;		/* location index -> address */
	size_t		 naddr, capaddr;
	struct hashtab	 addr_tab;
	uint32_t	*locs;		/* all stacks, concatenated */
	size_t		 nlocs, caplocs;
	size_t		*off;		/* sample -> first in locs */
	size_t		*n;		/* sample -> depth */
	int64_t		*vals;		/* sample -> nval values */
	int64_t		*bytes;		/* sample -> "bytes" label, heap */
	size_t		 nsample, capsample;
	size_t		 nval;
};

struct map {
	uint64_t	start, limit, offset;
	const char	*file;		/* in the input, not terminated */
	size_t		 filelen;
	const char	*bid;
	size_t		 bidlen;
};

struct maps {
	struct map	*m;
	size_t		 n, cap;
};

static void
raw_init(struct raw *r, size_t nval)
{
	memset(r, 0, sizeof *r);
	hashtab_init(&r->addr_tab);
	r->nval = nval;
}

static void
raw_release(struct raw *r)
{
	free(r->addrs);
	hashtab_release(&r->addr_tab);
	free(r->locs);
	free(r->off);
	free(r->n);
	free(r->vals);
	free(r->bytes);
}

static bool
addr_eq(const void *ctx, uint32_t i)
{
	const struct raw *r = ctx;

	return r->addrs[i] == r->addrs[r->naddr];
}

static uint32_t
raw_loc(struct raw *r, uint64_t a)
{
	uint32_t idx;
	size_t slot;
	uint64_t h;

	if (r->naddr == r->capaddr) {
		r->capaddr = r->capaddr == 0 ? 256 : r->capaddr * 2;
		r->addrs = xreallocarray(r->addrs, r->capaddr,
		    sizeof *r->addrs);
	}
	r->addrs[r->naddr] = a;
	h = hash_pair(a, 0x67706572);
	if ((idx = hashtab_find(&r->addr_tab, h, addr_eq, r, &slot)) !=
	    HASHTAB_NONE)
		return idx;
	hashtab_add(&r->addr_tab, slot, h, (uint32_t)r->naddr);
	return (uint32_t)r->naddr++;
}

/* Start a sample; its addresses follow with raw_push(). */
static void
raw_sample(struct raw *r, const int64_t *vals, int64_t bytes)
{
	if (r->nsample == r->capsample) {
		r->capsample = r->capsample == 0 ? 256 : r->capsample * 2;
		r->off = xreallocarray(r->off, r->capsample, sizeof *r->off);
		r->n = xreallocarray(r->n, r->capsample, sizeof *r->n);
		r->bytes = xreallocarray(r->bytes, r->capsample,
		    sizeof *r->bytes);
		r->vals = xreallocarray(r->vals, r->capsample,
		    r->nval * sizeof *r->vals);
	}
	r->off[r->nsample] = r->nlocs;
	r->n[r->nsample] = 0;
	r->bytes[r->nsample] = bytes;
	memcpy(r->vals + r->nsample * r->nval, vals,
	    r->nval * sizeof *vals);
	r->nsample++;
}

static void
raw_push(struct raw *r, uint64_t a)
{
	if (r->nlocs == r->caplocs) {
		r->caplocs = r->caplocs == 0 ? 1024 : r->caplocs * 2;
		r->locs = xreallocarray(r->locs, r->caplocs, sizeof *r->locs);
	}
	r->locs[r->nlocs++] = raw_loc(r, a);
	r->n[r->nsample - 1]++;
}

/* Remove the frame at position k of sample s. */
static void
raw_drop(struct raw *r, size_t s, size_t k)
{
	uint32_t *l = r->locs + r->off[s];

	memmove(l + k, l + k + 1, (r->n[s] - k - 1) * sizeof *l);
	r->n[s]--;
}

/* The memory map ------------------------------------------------------- */

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Parse hex at *p (at most 16 digits); false if none. */
static bool
hex_at(const char **p, const char *e, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	int d, n = 0;

	while (s < e && is_hex(*s)) {
		d = *s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10;
		if (++n > 16)
			return false;
		x = x << 4 | (uint64_t)d;
		s++;
	}
	if (n == 0)
		return false;
	*p = s;
	*v = x;
	return true;
}

static const char *
skip_space(const char *p, const char *e)
{
	while (p < e && is_space(*p))
		p++;
	return p;
}

/* A non-space word at p (after spaces); false if none. */
static bool
word_at(const char **p, const char *e, const char **w, size_t *wl)
{
	const char *s = skip_space(*p, e), *t;

	if (s == *p || s == e)
		return false;
	for (t = s; t < e && !is_space(*t); t++)
		;
	*w = s;
	*wl = (size_t)(t - s);
	*p = t;
	return true;
}

/*
 * One line of a memory map, as pprof's two patterns read it: the
 * /proc/PID/maps form "START-END PERMS OFFSET DEV INODE [FILE]" and the
 * brief form "START-END [PERMS] [FILE [(@OFFSET)] [BUILDID]]".  Returns
 * -1 if the line is neither, 0 for a non-executable entry, 1 for *m.
 */
static int
parse_map_line(const char *p, const char *e, struct map *m)
{
	const char *q, *perm = NULL, *w;
	size_t permlen = 0, wl;
	uint64_t v, dev;

	memset(m, 0, sizeof *m);
	/* pprof drops a "file:line] " logging prefix. */
	for (q = p; q < e && *q != '[' && *q != ']'; q++)
		if (*q == ':' && q > p && q + 1 < e && q[1] >= '0' &&
		    q[1] <= '9') {
			const char *d = q + 1;

			while (d < e && *d >= '0' && *d <= '9')
				d++;
			if (d + 1 < e && *d == ']' && is_space(d[1])) {
				p = d + 2;
				break;
			}
		}
	p = skip_space(p, e);
	if (e - p > 1 && p[0] == '0' && p[1] == 'x')
		p += 2;
	if (!hex_at(&p, e, &m->start))
		return -1;
	if (p < e && (*p == '-' || is_space(*p)))
		p++;
	p = skip_space(p, e);
	if (e - p > 1 && p[0] == '0' && p[1] == 'x')
		p += 2;
	if (!hex_at(&p, e, &m->limit))
		return -1;
	if (p < e && *p == ':')
		p++;
	q = skip_space(p, e);
	if (q > p && q < e && strchr("-rwxp", *q) != NULL) {
		perm = q;
		while (q < e && *q != '\0' && strchr("-rwxp", *q) != NULL)
			q++;
		if (q == e || is_space(*q)) {
			permlen = (size_t)(q - perm);
			p = q;
		} else
			perm = NULL;
	}
	/* The /proc form: offset, dev (hex:hex), inode, file. */
	q = skip_space(p, e);
	if (q > p && hex_at(&q, e, &v)) {
		const char *r = skip_space(q, e);

		if (r > q && hex_at(&r, e, &dev) && r < e && *r == ':' &&
		    (r++, hex_at(&r, e, &dev))) {
			const char *t = skip_space(r, e);

			if (t > r && t < e && *t >= '0' && *t <= '9') {
				while (t < e && *t >= '0' && *t <= '9')
					t++;
				m->offset = v;
				if (word_at(&t, e, &w, &wl)) {
					m->file = w;
					m->filelen = wl;
				}
				goto done;
			}
		}
	}
	/* The brief form. */
	if (word_at(&p, e, &w, &wl)) {
		m->file = w;
		m->filelen = wl;
		q = skip_space(p, e);
		if (q > p && e - q > 2 && q[0] == '(' && q[1] == '@') {
			const char *r = q + 2;

			if (hex_at(&r, e, &v) && r < e && *r == ')') {
				m->offset = v;
				p = r + 1;
			}
		}
		q = p;
		if (word_at(&q, e, &w, &wl) && is_hex(*w)) {
			size_t i;

			for (i = 0; i < wl && is_hex(w[i]); i++)
				;
			m->bid = w;
			m->bidlen = i;
		}
	}
done:
	if (perm != NULL && memchr(perm, 'x', permlen) == NULL)
		return 0;
	return 1;
}

static bool
same_str(const char *a, size_t al, const char *b, size_t bl)
{
	return al == bl && (al == 0 || memcmp(a, b, al) == 0);
}

/* pprof's adjacent(): m2 continues m1. */
static bool
adjacent(const struct map *m1, const struct map *m2)
{
	if (m1->filelen != 0 && m2->filelen != 0 &&
	    !same_str(m1->file, m1->filelen, m2->file, m2->filelen))
		return false;
	if (m1->bidlen != 0 && m2->bidlen != 0 &&
	    !same_str(m1->bid, m1->bidlen, m2->bid, m2->bidlen))
		return false;
	if (m1->limit != m2->start)
		return false;
	if (m1->offset != 0 && m2->offset != 0 &&
	    m1->offset + (m1->limit - m1->start) != m2->offset)
		return false;
	return true;
}

/* Whether a file name looks like a shared library (pprof's libRx). */
static bool
is_lib(const char *f, size_t n)
{
	size_t i;

	for (i = 0; i + 3 <= n; i++) {
		if (memcmp(f + i, ".so", 3) != 0)
			continue;
		if (i + 3 == n)
			return true;
		if (i + 4 < n && (f[i + 3] == '.' || f[i + 3] == '_') &&
		    f[i + 4] >= '0' && f[i + 4] <= '9')
			return true;
	}
	return false;
}

/* Read the map lines of text [p, e) and massage them as pprof does. */
static void
parse_maps(const char *p, const char *e, struct maps *ms)
{
	const char *nl;
	struct map m, tmp;
	size_t i, w;

	while (p < e) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		if (parse_map_line(p, nl, &m) == 1) {
			if (ms->n == ms->cap) {
				ms->cap = ms->cap == 0 ? 16 : ms->cap * 2;
				ms->m = xreallocarray(ms->m, ms->cap,
				    sizeof *ms->m);
			}
			ms->m[ms->n++] = m;
		}
		p = nl + (nl < e);
	}
	/* Merge adjacent entries of one file. */
	for (i = 1, w = 1; i < ms->n; i++) {
		struct map *last = &ms->m[w - 1];

		if (adjacent(last, &ms->m[i])) {
			last->limit = ms->m[i].limit;
			if (ms->m[i].filelen != 0) {
				last->file = ms->m[i].file;
				last->filelen = ms->m[i].filelen;
			}
			if (ms->m[i].bidlen != 0) {
				last->bid = ms->m[i].bid;
				last->bidlen = ms->m[i].bidlen;
			}
			continue;
		}
		ms->m[w++] = ms->m[i];
	}
	if (ms->n > 0)
		ms->n = w;
	/* The main binary first: the first named non-library file. */
	for (i = 0; i < ms->n; i++) {
		const char *f = ms->m[i].file;
		size_t n = ms->m[i].filelen, k;
		char *trim;

		if (n == 0)
			continue;
		/* Without "(deleted)" and surrounding space. */
		trim = xstrndup(f, n);
		while ((f = strstr(trim, "(deleted)")) != NULL)
			memmove((char *)f, f + 9, strlen(f + 9) + 1);
		for (k = 0; trim[k] != '\0' && is_space(trim[k]); k++)
			;
		n = strlen(trim + k);
		while (n > 0 && is_space(trim[k + n - 1]))
			n--;
		if (n == 0 || is_lib(trim + k, n) || trim[k] == '[') {
			free(trim);
			continue;
		}
		free(trim);
		tmp = ms->m[0];
		ms->m[0] = ms->m[i];
		ms->m[i] = tmp;
		break;
	}
	if (ms->n > 0 && ms->m[0].filelen >= 14 &&
	    memcmp(ms->m[0].file, "/anon_hugepage", 14) == 0 && ms->n > 1 &&
	    ms->m[0].limit == ms->m[1].start) {
		memmove(ms->m, ms->m + 1, (ms->n - 1) * sizeof *ms->m);
		ms->n--;
	}
	if (ms->n > 0 && ms->m[0].start - ms->m[0].offset == 0x400000) {
		ms->m[0].start = 0x400000;
		ms->m[0].offset = 0;
	}
}

/* Building --------------------------------------------------------------- */

/*
 * The profile from the raw samples and the map text [mp, me): each
 * location gets the first mapping holding its address (or pprof's fake
 * one), mappings keep their order, ids are index + 1.
 */
static struct profile *
build(struct raw *r, const char *mp, const char *me, bool heap)
{
	struct profile *p = profile_create();
	struct maps ms = { NULL, 0, 0 };
	size_t i, j, k, nmap;
	uint32_t *mapof;
	bool fake = false;

	parse_maps(mp, me, &ms);
	mapof = xcalloc(r->naddr + 1, sizeof *mapof);
	for (i = 0; i < r->naddr; i++) {
		uint64_t a = r->addrs[i];

		mapof[i] = PROFILE_NONE;
		if (a == 0)
			continue;
		for (k = 0; k < ms.n; k++)
			if (ms.m[k].start <= a && a < ms.m[k].limit)
				break;
		if (k == ms.n)
			for (k = 0; k < ms.n; k++) {
				struct map *m = &ms.m[k];

				if (m->offset != 0 && m->start - m->offset <=
				    a && a < m->start) {
					m->start -= m->offset;
					m->offset = 0;
					break;
				}
			}
		if (k == ms.n)
			fake = true;
		mapof[i] = (uint32_t)k;
	}
	nmap = ms.n + fake;
	p->mappings = xcalloc(nmap + 1, sizeof *p->mappings);
	p->nmapping = nmap;
	for (k = 0; k < ms.n; k++) {
		struct profile_mapping *pm = &p->mappings[k];

		pm->id = k + 1;
		pm->start = ms.m[k].start;
		pm->limit = ms.m[k].limit;
		pm->offset = ms.m[k].offset;
		if (ms.m[k].filelen > 0)
			pm->file = strtab_intern(&p->strings, ms.m[k].file,
			    ms.m[k].filelen);
		if (ms.m[k].bidlen > 0)
			pm->build_id = strtab_intern(&p->strings, ms.m[k].bid,
			    ms.m[k].bidlen);
	}
	if (fake) {
		p->mappings[ms.n].id = ms.n + 1;
		p->mappings[ms.n].limit = UINT64_MAX;
	}
	p->locations = xcalloc(r->naddr + 1, sizeof *p->locations);
	p->nlocation = r->naddr;
	for (i = 0; i < r->naddr; i++) {
		p->locations[i].id = i + 1;
		p->locations[i].address = r->addrs[i];
		p->locations[i].mapping = mapof[i];
	}
	p->samples = xcalloc(r->nsample + 1, sizeof *p->samples);
	p->nsample = r->nsample;
	p->locs = xcalloc(r->nlocs + 1, sizeof *p->locs);
	p->values = xcalloc(r->nsample * r->nval + 1, sizeof *p->values);
	if (heap)
		p->labels = xcalloc(r->nsample + 1, sizeof *p->labels);
	for (i = 0; i < r->nsample; i++) {
		struct profile_sample *s = &p->samples[i];

		s->loc_off = (uint32_t)p->nlocs;
		s->nloc = (uint32_t)r->n[i];
		for (j = 0; j < r->n[i]; j++)
			p->locs[p->nlocs++] = r->locs[r->off[i] + j];
		memcpy(p->values + i * r->nval, r->vals + i * r->nval,
		    r->nval * sizeof *p->values);
		if (heap) {
			s->label_off = (uint32_t)p->nlabel;
			s->nlabel = 1;
			p->labels[p->nlabel].key = strtab_intern_str(
			    &p->strings, "bytes");
			p->labels[p->nlabel].num = r->bytes[i];
			p->nlabel++;
		}
	}
	free(mapof);
	free(ms.m);
	return p;
}

static void
set_types(struct profile *p, const char *const *types, size_t n)
{
	size_t i;

	p->sample_types = xcalloc(n / 2, sizeof *p->sample_types);
	p->nsample_type = n / 2;
	for (i = 0; i < n / 2; i++) {
		p->sample_types[i].type = strtab_intern_str(&p->strings,
		    types[2 * i]);
		p->sample_types[i].unit = strtab_intern_str(&p->strings,
		    types[2 * i + 1]);
	}
}

/* CPU profiles ---------------------------------------------------------- */

struct words {
	const unsigned char	*p, *e;
	int			 size;		/* 4 or 8 */
	bool			 big;
};

static bool
word(struct words *w, uint64_t *v)
{
	uint64_t x = 0;
	int i;

	if (w->e - w->p < w->size)
		return false;
	for (i = 0; i < w->size; i++) {
		int k = w->big ? i : w->size - 1 - i;

		x = x << 8 | w->p[k];
	}
	w->p += w->size;
	*v = x;
	return true;
}

/* The word size and byte order whose header fits, in pprof's order. */
static bool
cpu_header(const unsigned char *data, size_t len, struct words *out,
    uint64_t *period, bool *java)
{
	static const struct { int size; bool big; } forms[] = {
		{ 4, false }, { 4, true }, { 8, false }, { 8, true },
	};
	uint64_t h[5];
	size_t f;
	int i;

	for (f = 0; f < sizeof forms / sizeof forms[0]; f++) {
		struct words w = { data, data + len, forms[f].size,
		    forms[f].big };

		for (i = 0; i < 5; i++)
			if (!word(&w, &h[i]))
				break;
		if (i < 5 || h[0] != 0 || h[1] != 3 || h[3] == 0 ||
		    h[4] != 0 || h[2] > 1)
			continue;
		*out = w;
		*period = h[3];
		*java = h[2] == 1;
		return true;
	}
	return false;
}

bool
gperf_cpu_probe(const unsigned char *data, size_t len)
{
	struct words w;
	uint64_t period;
	bool java;

	return cpu_header(data, len, &w, &period, &java);
}

/*
 * pprof drops a second frame shared by (nearly) all samples: the signal
 * handler's.  At most twice; one other sample per 32 is tolerated.
 */
static void
cpu_drop_handler_frames(struct raw *r)
{
	uint32_t *count;
	size_t iter, i, margin = r->nsample / 32;
	uint32_t best;

	count = xcalloc(r->naddr + 1, sizeof *count);
	for (iter = 0; iter < 2; iter++) {
		memset(count, 0, (r->naddr + 1) * sizeof *count);
		for (i = 0; i < r->nsample; i++)
			if (r->n[i] > 1)
				count[r->locs[r->off[i] + 1]]++;
		best = UINT32_MAX;
		for (i = 0; i < r->naddr; i++)
			if (count[i] > 0 && count[i] >= r->nsample - margin) {
				best = (uint32_t)i;
				break;
			}
		if (best == UINT32_MAX)
			continue;
		for (i = 0; i < r->nsample; i++)
			if (r->n[i] > 1 && r->locs[r->off[i] + 1] == best)
				raw_drop(r, i, 1);
	}
	free(count);
}

struct profile *
gperf_cpu_parse(const unsigned char *data, size_t len, char **cause)
{
	struct words w;
	struct raw r;
	struct profile *p;
	uint64_t period, count, depth, a = 0, i;
	int64_t vals[2];
	bool java;
	static const char *const types[] = {
		"samples", "count", "cpu", "nanoseconds",
	};

	if (!cpu_header(data, len, &w, &period, &java)) {
		*cause = xstrdup("not a gperftools CPU profile");
		return NULL;
	}
	if (java) {
		*cause = xstrdup("a Java CPU profile: cpv reads the C/C++ "
		    "gperftools format only");
		return NULL;
	}
	if (period > INT64_MAX / 1000) {
		*cause = xstrdup("malformed CPU profile: sampling period too "
		    "large");
		return NULL;
	}
	raw_init(&r, 2);
	while (w.p < w.e) {
		if (!word(&w, &count) || !word(&w, &depth)) {
			*cause = xstrdup("malformed CPU profile: truncated "
			    "sample");
			goto fail;
		}
		if (depth > (uint64_t)(w.e - w.p) / (uint64_t)w.size ||
		    depth > GPERF_MAX_DEPTH) {
			*cause = xasprintf("malformed CPU profile: sample of "
			    "%llu frames", (unsigned long long)depth);
			goto fail;
		}
		if (count == 0 && depth == 1) {
			const unsigned char *save = w.p;

			if (word(&w, &a) && a == 0)
				break;		/* the end marker */
			w.p = save;
		}
		vals[0] = (int64_t)count;
		vals[1] = (int64_t)count * (int64_t)period * 1000;
		raw_sample(&r, vals, 0);
		for (i = 0; i < depth; i++) {
			(void)word(&w, &a);
			/* A return address: back into the call. */
			raw_push(&r, i > 0 ? a - 1 : a);
		}
	}
	cpu_drop_handler_frames(&r);
	/* The leaf recorded twice (from the context and the unwinder). */
	for (i = 0; i < r.nsample; i++)
		if (r.n[i] > 1 && r.addrs[r.locs[r.off[i]]] ==
		    r.addrs[r.locs[r.off[i] + 1]] + 1)
			raw_drop(&r, i, 1);
	p = build(&r, (const char *)w.p, (const char *)w.e, false);
	set_types(p, types, 4);
	p->period_type.type = strtab_intern_str(&p->strings, "cpu");
	p->period_type.unit = strtab_intern_str(&p->strings, "nanoseconds");
	p->period = (int64_t)period * 1000;
	p->drop_frames = strtab_intern_str(&p->strings, gperf_cpu_drop);
	raw_release(&r);
	return p;
fail:
	raw_release(&r);
	return NULL;
}

/* Heap profiles ---------------------------------------------------------- */

/* Parse a decimal (optionally negative) at *p; false if none. */
static bool
dec_at(const char **p, const char *e, bool neg_ok, int64_t *v)
{
	const char *s = *p;
	bool neg = false;
	uint64_t x = 0;

	if (neg_ok && s < e && *s == '-') {
		neg = true;
		s++;
	}
	if (s == e || *s < '0' || *s > '9')
		return false;
	while (s < e && *s >= '0' && *s <= '9') {
		if (x > (uint64_t)INT64_MAX / 10)
			return false;
		x = x * 10 + (uint64_t)(*s - '0');
		s++;
	}
	if (x > (uint64_t)INT64_MAX)
		return false;
	*p = s;
	*v = neg ? -(int64_t)x : (int64_t)x;
	return true;
}

static const char *
skip_blanks(const char *p, const char *e)
{
	while (p < e && *p == ' ')
		p++;
	return p;
}

/* "N: M [ A: B ]" with spaces allowed as pprof's patterns allow them. */
static bool
four_numbers(const char **pp, const char *e, bool neg_ok, int64_t n[4])
{
	const char *p = *pp;

	if (!dec_at(&p, e, neg_ok, &n[0]) || p == e || *p++ != ':')
		return false;
	p = skip_blanks(p, e);
	if (!dec_at(&p, e, neg_ok, &n[1]))
		return false;
	p = skip_blanks(p, e);
	if (p == e || *p++ != '[')
		return false;
	p = skip_blanks(p, e);
	if (!dec_at(&p, e, false, &n[2]) || p == e || *p++ != ':')
		return false;
	p = skip_blanks(p, e);
	if (!dec_at(&p, e, false, &n[3]))
		return false;
	p = skip_blanks(p, e);
	if (p == e || *p++ != ']')
		return false;
	*pp = p;
	return true;
}

/* The header's numbers, profile kind and rate. */
static bool
heap_header(const char *p, const char *e, int64_t n[4], const char **kind,
    size_t *kindlen, int64_t *rate)
{
	const char *s;
	static const char hdr[] = "heap profile:";

	for (s = p; s + sizeof hdr - 1 <= e; s++)
		if (memcmp(s, hdr, sizeof hdr - 1) == 0)
			break;
	if (s + sizeof hdr - 1 > e)
		return false;
	s = skip_blanks(s + sizeof hdr - 1, e);
	if (!four_numbers(&s, e, false, n))
		return false;
	s = skip_blanks(s, e);
	if (s == e || *s++ != '@')
		return false;
	s = skip_blanks(s, e);
	if (e - s < 4 || memcmp(s, "heap", 4) != 0)
		return false;
	*kind = s;
	s += 4;
	while (s < e && (*s == '_' || (*s >= 'a' && *s <= 'z') ||
	    (*s >= '0' && *s <= '9')))
		s++;
	*kindlen = (size_t)(s - *kind);
	*rate = 0;
	if (s < e && *s == '/')
		s++;
	if (s < e && *s >= '0' && *s <= '9' && !dec_at(&s, e, false, rate))
		return false;
	return true;
}

/* The first line has pprof's "heap profile:" (parsing checks the rest). */
bool
gperf_heap_probe(const unsigned char *data, size_t len)
{
	const char *p = (const char *)data, *e, *s;
	static const char hdr[] = "heap profile:";

	if ((e = memchr(p, '\n', len)) == NULL)
		e = p + len;
	for (s = p; s + sizeof hdr - 1 <= e; s++)
		if (memcmp(s, hdr, sizeof hdr - 1) == 0)
			return true;
	return false;
}

/* pprof's scaleHeapSample: undo heap_v2's sampling at rate. */
static void
heap_scale(int64_t *count, int64_t *size, int64_t rate)
{
	double avg, scale;

	if (*count == 0 || *size == 0) {
		*count = *size = 0;
		return;
	}
	if (rate <= 1)
		return;
	avg = (double)*size / (double)*count;
	scale = 1 / (1 - exp(-avg / (double)rate));
	*count = (int64_t)((double)*count * scale);
	*size = (int64_t)((double)*size * scale);
}

static bool
is_map_sentinel(const char *p, const char *e)
{
	static const char *const s[] = { "--- Memory map: ---",
	    "MAPPED_LIBRARIES:" };
	size_t i, n;
	const char *q;

	for (i = 0; i < 2; i++) {
		n = strlen(s[i]);
		for (q = p; q + n <= e; q++)
			if (memcmp(q, s[i], n) == 0)
				return true;
	}
	return false;
}

struct profile *
gperf_heap_parse(const unsigned char *data, size_t len, char **cause)
{
	const char *p = (const char *)data, *e = p + len, *nl, *s, *kind;
	int64_t h[4], n[4], rate, period, vals[4], v[2], bs;
	size_t kl, nv, lineno = 1, k;
	struct raw r;
	struct profile *pr;
	bool alloc, v2;
	uint64_t a;
	static const char *const types4[] = {
		"alloc_objects", "count", "alloc_space", "bytes",
		"inuse_objects", "count", "inuse_space", "bytes",
	};
	static const char *const types2[] = {
		"objects", "count", "space", "bytes",
	};

	if ((nl = memchr(p, '\n', len)) == NULL)
		nl = e;
	if (!heap_header(p, nl, h, &kind, &kl, &rate)) {
		*cause = xstrdup("not a gperftools heap profile");
		return NULL;
	}
	v2 = true;
	period = rate;
	if (kl == 11 && memcmp(kind, "heapprofile", 11) == 0) {
		v2 = false;
		period = 1;
	} else if (kl == 4)
		period = rate / 2;
	else if (!((kl == 7 && memcmp(kind, "heap_v2", 7) == 0) ||
	    (kl == 8 && memcmp(kind, "heapz_v2", 8) == 0))) {
		*cause = xstrdup("unrecognized heap profile kind");
		return NULL;
	}
	alloc = (h[2] != h[0] && h[2] != 0) || (h[3] != h[1] && h[3] != 0);
	nv = alloc ? 4 : 2;
	raw_init(&r, nv);
	for (p = nl + (nl < e); p < e; p = nl + (nl < e)) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		s = skip_space(p, nl);
		if (s == nl || *s == '#')
			continue;
		if (is_map_sentinel(s, nl))
			break;
		if (!four_numbers(&s, nl, true, n)) {
			*cause = xasprintf("malformed heap profile: line %zu: "
			    "expected 'count: bytes [count: bytes] @ "
			    "addresses'", lineno);
			goto fail;
		}
		s = skip_blanks(s, nl);
		if (s == nl || *s++ != '@') {
			*cause = xasprintf("malformed heap profile: line %zu: "
			    "no '@'", lineno);
			goto fail;
		}
		k = 0;
		bs = 0;
		for (int pass = alloc ? 0 : 1; pass < 2; pass++) {
			v[0] = pass == 0 ? n[2] : n[0];
			v[1] = pass == 0 ? n[3] : n[1];
			if (v[0] == 0 && v[1] != 0) {
				*cause = xasprintf("malformed heap profile: "
				    "line %zu: %s count was 0 but %s bytes "
				    "was %lld", lineno, pass == 0 ?
				    "allocation" : "inuse", pass == 0 ?
				    "allocation" : "inuse", (long long)v[1]);
				goto fail;
			}
			if (v[0] != 0) {
				bs = v[1] / v[0];
				if (v2)
					heap_scale(&v[0], &v[1], period);
			}
			vals[k++] = v[0];
			vals[k++] = v[1];
		}
		raw_sample(&r, vals, bs);
		for (;;) {
			/* pprof takes every "0x..." in the rest. */
			while (s + 2 < nl && !(s[0] == '0' && s[1] == 'x' &&
			    ((s[2] >= '0' && s[2] <= '9') ||
			    (s[2] >= 'a' && s[2] <= 'f'))))
				s++;
			if (s + 2 >= nl)
				break;
			s += 2;
			if (!hex_at(&s, nl, &a)) {
				*cause = xasprintf("malformed heap profile: "
				    "line %zu: address too long", lineno);
				goto fail;
			}
			if (r.n[r.nsample - 1] >= GPERF_MAX_DEPTH) {
				*cause = xasprintf("malformed heap profile: "
				    "line %zu: too many frames", lineno);
				goto fail;
			}
			raw_push(&r, a - 1);
		}
	}
	/* The map follows its sentinel line. */
	if (p < e)
		p = nl + (nl < e);
	pr = build(&r, p, e, true);
	set_types(pr, alloc ? types4 : types2, alloc ? 8 : 4);
	pr->period_type.type = strtab_intern_str(&pr->strings, "space");
	pr->period_type.unit = strtab_intern_str(&pr->strings, "bytes");
	pr->period = period;
	pr->drop_frames = strtab_intern_str(&pr->strings, gperf_alloc_drop);
	pr->keep_frames = strtab_intern_str(&pr->strings, gperf_alloc_keep);
	raw_release(&r);
	return pr;
fail:
	raw_release(&r);
	return NULL;
}
