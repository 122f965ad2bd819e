/*
 * flood-gen.c: write a crafted, valid profile.proto (uncompressed) that
 * attacked cpv's hash tables and quadratic passes before issue 10.
 *
 *	flood-gen CLASS N >FILE
 *
 * CLASS is one of:
 *   strings	N strings whose FNV-1a hashes (the string table's old,
 *		unkeyed hash) agree in their low FLOOD_BITS bits;
 *   ids	N functions and N locations whose sparse ids collide under
 *		the id map's old hash_u64(0, id);
 *   merge	N locations that differ only in a line number chosen so
 *		that the merge table's old location hash collides;
 *   labels	one sample with N string labels, keys in reverse order
 *		(the old insertion sorts and per-label rescans);
 *   output	N samples of one 1000-frame stack, told apart by a label:
 *		reports that print every sample are N times the stack long
 *		(they were held whole in memory before being written);
 *   list	N functions sampled near the end of one big source file,
 *		big.go (-list read it once per function).
 *
 * The old hashes are copied here on purpose: with a keyed hash these
 * inputs are ordinary, which is what the tests check.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.pb-c.h"

#define FLOOD_BITS	22		/* tables up to 4M slots collide */
#define FLOOD_MASK	((UINT64_C(1) << FLOOD_BITS) - 1)
#define FNV_PRIME	UINT64_C(0x100000001b3)
#define FNV_INIT	UINT64_C(0xcbf29ce484222325)
#define MIX_ADD		UINT64_C(0x9e3779b97f4a7c15)
#define MIX_MUL		UINT64_C(0xff51afd7ed558ccd)

struct gen {
	Perftools__Profiles__Profile	 p;
	char				**strs;
	size_t				 nstr, capstr;
};

static void *
gen_calloc(size_t n, size_t size)
{
	void *p = calloc(n + 1, size);

	if (p == NULL) {
		fprintf(stderr, "flood-gen: out of memory\n");
		exit(1);
	}
	return p;
}

static uint64_t
gen_str(struct gen *g, const char *s)
{
	if (g->nstr == g->capstr) {
		g->capstr = g->capstr ? g->capstr * 2 : 1024;
		g->strs = realloc(g->strs, g->capstr * sizeof *g->strs);
		if (g->strs == NULL) {
			fprintf(stderr, "flood-gen: out of memory\n");
			exit(1);
		}
	}
	g->strs[g->nstr] = strdup(s);
	return g->nstr++;
}

/* The old hash_u64() of strtab.h. */
static uint64_t
old_hash_u64(uint64_t h, uint64_t v)
{
	h ^= v + MIX_ADD + (h << 6) + (h >> 2);
	h *= MIX_MUL;
	return h ^ (h >> 32);
}

/* The v for which old_hash_u64(h, v) == r. */
static uint64_t
old_hash_u64_inverse(uint64_t h, uint64_t r)
{
	uint64_t y = r ^ (r >> 32), inv = MIX_MUL;
	int i;

	for (i = 0; i < 6; i++)		/* Newton: inv = 1/MIX_MUL mod 2^64 */
		inv *= 2 - MIX_MUL * inv;
	y *= inv;
	return (y ^ h) - MIX_ADD - (h << 6) - (h >> 2);
}

/* The colliding hash number i: low FLOOD_BITS bits zero, all distinct. */
static uint64_t
gen_target(size_t i)
{
	return ((uint64_t)i + 1) << FLOOD_BITS;
}

/* One sample type, count; one function "f" (string 1). */
static void
gen_begin(struct gen *g)
{
	static Perftools__Profiles__ValueType vt;
	static Perftools__Profiles__ValueType *vts[1] = { &vt };

	perftools__profiles__profile__init(&g->p);
	perftools__profiles__value_type__init(&vt);
	gen_str(g, "");
	vt.type = (int64_t)gen_str(g, "samples");
	vt.unit = (int64_t)gen_str(g, "count");
	g->p.n_sample_type = 1;
	g->p.sample_type = vts;
	g->p.period_type = &vt;
	g->p.period = 1;
}

/*
 * n locations with the given ids, each with one line of function fn[i]
 * (an id) at line[i], and one sample per location with value 1.
 */
static void
gen_stacks(struct gen *g, size_t n, const uint64_t *locid,
    const uint64_t *fnid, const int64_t *line)
{
	Perftools__Profiles__Location *l = gen_calloc(n, sizeof *l);
	Perftools__Profiles__Location **lp = gen_calloc(n, sizeof *lp);
	Perftools__Profiles__Line *ln = gen_calloc(n, sizeof *ln);
	Perftools__Profiles__Line **lnp = gen_calloc(n, sizeof *lnp);
	Perftools__Profiles__Sample *s = gen_calloc(n, sizeof *s);
	Perftools__Profiles__Sample **sp = gen_calloc(n, sizeof *sp);
	int64_t *one = gen_calloc(1, sizeof *one);
	size_t i;

	*one = 1;
	for (i = 0; i < n; i++) {
		perftools__profiles__location__init(&l[i]);
		perftools__profiles__line__init(&ln[i]);
		perftools__profiles__sample__init(&s[i]);
		l[i].id = locid[i];
		l[i].n_line = 1;
		lnp[i] = &ln[i];
		l[i].line = &lnp[i];
		ln[i].function_id = fnid[i];
		ln[i].line = line[i];
		lp[i] = &l[i];
		s[i].n_location_id = 1;
		s[i].location_id = &l[i].id;
		s[i].n_value = 1;
		s[i].value = one;
		sp[i] = &s[i];
	}
	g->p.n_location = n;
	g->p.location = lp;
	g->p.n_sample = n;
	g->p.sample = sp;
}

/* n functions with the given ids, named by string names[i]. */
static void
gen_functions(struct gen *g, size_t n, const uint64_t *id,
    const int64_t *names)
{
	Perftools__Profiles__Function *f = gen_calloc(n, sizeof *f);
	Perftools__Profiles__Function **fp = gen_calloc(n, sizeof *fp);
	size_t i;

	for (i = 0; i < n; i++) {
		perftools__profiles__function__init(&f[i]);
		f[i].id = id[i];
		f[i].name = f[i].system_name = names[i];
		fp[i] = &f[i];
	}
	g->p.n_function = n;
	g->p.function = fp;
}

/* Block number c as 4 alphanumerics and a NUL. */
static void
gen_block(uint32_t c, char *b)
{
	static const char digits[] = "0123456789"
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	int k;

	for (k = 0; k < 4; k++, c /= 62)
		b[k] = digits[c % 62];
	b[4] = '\0';
}

/*
 * FNV-1a's low k bits depend only on the low k bits of the state, so two
 * blocks that take one state to the same low bits can be swapped freely
 * in front of any suffix: m such pairs give 2^m colliding strings.
 */
static void
gen_strings(struct gen *g, size_t n)
{
	uint32_t *seen = gen_calloc(FLOOD_MASK + 1, sizeof *seen);
	char blk[32][2][5], *buf;
	uint64_t state = FNV_INIT, h;
	uint32_t c;
	size_t m, j, i, k;
	uint64_t one = 1, fid = 1;
	int64_t zero = 0, name;

	for (m = 0; ((size_t)1 << m) < n; m++)
		;
	for (j = 0; j < m; j++) {
		memset(seen, 0, (FLOOD_MASK + 1) * sizeof *seen);
		for (c = 1;; c++) {
			char b[5];

			gen_block(c, b);
			for (h = state, k = 0; k < 4; k++)
				h = (h ^ (unsigned char)b[k]) * FNV_PRIME;
			if (seen[h & FLOOD_MASK] == 0) {
				seen[h & FLOOD_MASK] = c;
				continue;
			}
			gen_block(seen[h & FLOOD_MASK], blk[j][0]);
			memcpy(blk[j][1], b, 5);
			state = h;
			break;
		}
	}
	free(seen);
	buf = gen_calloc(4 * m + 1, 1);
	for (i = 0; i < n; i++) {
		for (j = 0; j < m; j++)
			memcpy(buf + 4 * j, blk[j][(i >> j) & 1], 4);
		buf[4 * m] = '\0';
		gen_str(g, buf);
	}
	free(buf);
	name = 1;
	gen_functions(g, 1, &fid, &name);
	gen_stacks(g, 1, &one, &fid, &zero);
}

/* Function and location ids beyond the dense part, all colliding. */
static void
gen_ids(struct gen *g, size_t n)
{
	uint64_t *fid = gen_calloc(n, sizeof *fid);
	uint64_t *lid = gen_calloc(n, sizeof *lid);
	int64_t *names = gen_calloc(n, sizeof *names);
	int64_t *lines = gen_calloc(n, sizeof *lines);
	char name[32];
	size_t i;

	for (i = 0; i < n; i++) {
		fid[i] = lid[i] = old_hash_u64_inverse(0, gen_target(i));
		snprintf(name, sizeof name, "f%zu", i);
		names[i] = (int64_t)gen_str(g, name);
		lines[i] = 1;
	}
	gen_functions(g, n, fid, names);
	gen_stacks(g, n, lid, fid, lines);
}

/*
 * n locations at address 0 of the one fake mapping, each one line of
 * function 0: the old merge hash of a location ended with
 * old_hash_u64(h, line), h the same for all of them.
 */
static void
gen_merge(struct gen *g, size_t n)
{
	uint64_t *lid = gen_calloc(n, sizeof *lid);
	uint64_t *fid = gen_calloc(n, sizeof *fid);
	int64_t *lines = gen_calloc(n, sizeof *lines);
	uint64_t h = FNV_INIT, one = 1;
	int64_t name = (int64_t)gen_str(g, "f");
	size_t i;

	h = old_hash_u64(h, 0);		/* address */
	h = old_hash_u64(h, 0);		/* mapping */
	h = old_hash_u64(h, 0);		/* is_folded */
	h = old_hash_u64(h, 0);		/* function */
	for (i = 0; i < n; i++) {
		lid[i] = i + 1;
		fid[i] = 1;
		lines[i] = (int64_t)old_hash_u64_inverse(h, gen_target(i));
	}
	gen_functions(g, 1, &one, &name);
	gen_stacks(g, n, lid, fid, lines);
}

/* One sample, n string labels with keys k<n-1> ... k0 (ids ascending). */
static void
gen_labels(struct gen *g, size_t n)
{
	Perftools__Profiles__Label *l = gen_calloc(n, sizeof *l);
	Perftools__Profiles__Label **lp = gen_calloc(n, sizeof *lp);
	uint64_t one = 1;
	int64_t name = (int64_t)gen_str(g, "f"), zero = 0;
	int64_t val = (int64_t)gen_str(g, "v"), first;
	char key[32];
	size_t i;

	first = (int64_t)g->nstr;
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof key, "k%08zu", i);
		gen_str(g, key);
	}
	gen_functions(g, 1, &one, &name);
	gen_stacks(g, 1, &one, &one, &zero);
	for (i = 0; i < n; i++) {
		perftools__profiles__label__init(&l[i]);
		l[i].key = first + (int64_t)(n - 1 - i);
		l[i].str = val;
		lp[i] = &l[i];
	}
	g->p.sample[0]->n_label = n;
	g->p.sample[0]->label = lp;
}

/*
 * n samples, each with the same stack of OUTPUT_DEPTH locations and a
 * numeric label of its own (so that merging keeps them apart): a small
 * profile whose -traces, -raw and -folded are n times the stack long.
 */
#define OUTPUT_DEPTH	1000
static void
gen_output(struct gen *g, size_t n)
{
	Perftools__Profiles__Sample *s = gen_calloc(n, sizeof *s);
	Perftools__Profiles__Sample **sp = gen_calloc(n, sizeof *sp);
	Perftools__Profiles__Label *l = gen_calloc(n, sizeof *l);
	Perftools__Profiles__Label **lp = gen_calloc(n, sizeof *lp);
	uint64_t *id = gen_calloc(OUTPUT_DEPTH, sizeof *id);
	int64_t *names = gen_calloc(OUTPUT_DEPTH, sizeof *names);
	int64_t *lines = gen_calloc(OUTPUT_DEPTH, sizeof *lines);
	int64_t *one = gen_calloc(1, sizeof *one), key;
	char name[64];
	size_t i;

	for (i = 0; i < OUTPUT_DEPTH; i++) {
		id[i] = i + 1;
		snprintf(name, sizeof name, "pkg/subsystem.Function%04zu", i);
		names[i] = (int64_t)gen_str(g, name);
	}
	key = (int64_t)gen_str(g, "request");
	gen_functions(g, OUTPUT_DEPTH, id, names);
	gen_stacks(g, OUTPUT_DEPTH, id, id, lines);
	*one = 1;
	for (i = 0; i < n; i++) {
		perftools__profiles__sample__init(&s[i]);
		perftools__profiles__label__init(&l[i]);
		s[i].n_location_id = OUTPUT_DEPTH;
		s[i].location_id = id;
		s[i].n_value = 1;
		s[i].value = one;
		l[i].key = key;
		l[i].num = (int64_t)i;
		lp[i] = &l[i];
		s[i].n_label = 1;
		s[i].label = &lp[i];
		sp[i] = &s[i];
	}
	g->p.n_sample = n;
	g->p.sample = sp;
}

/*
 * n functions in one source file, big.go, each sampled once at line
 * LIST_LINE + i, near the end of a file of that many lines: -list=. reads
 * the file once, where it read it once per function before.
 */
#define LIST_LINE	200000
static void
gen_list(struct gen *g, size_t n)
{
	Perftools__Profiles__Function *f = gen_calloc(n, sizeof *f);
	Perftools__Profiles__Function **fp = gen_calloc(n, sizeof *fp);
	uint64_t *id = gen_calloc(n, sizeof *id);
	int64_t *line = gen_calloc(n, sizeof *line), file;
	char name[64];
	size_t i;

	file = (int64_t)gen_str(g, "big.go");
	for (i = 0; i < n; i++) {
		id[i] = i + 1;
		line[i] = LIST_LINE + (int64_t)i;
		perftools__profiles__function__init(&f[i]);
		snprintf(name, sizeof name, "main.f%06zu", i);
		f[i].id = id[i];
		f[i].name = f[i].system_name = (int64_t)gen_str(g, name);
		f[i].filename = file;
		f[i].start_line = line[i];
		fp[i] = &f[i];
	}
	g->p.n_function = n;
	g->p.function = fp;
	gen_stacks(g, n, id, id, line);
}

int
main(int argc, char **argv)
{
	struct gen g;
	uint8_t *out;
	size_t n, len;
	char *end;

	if (argc != 3 || (n = strtoul(argv[2], &end, 10)) == 0 ||
	    *end != '\0' || n > (1 << 24)) {
		fprintf(stderr, "usage: flood-gen strings|ids|merge|labels|"
		    "output|list N\n");
		return 2;
	}
	memset(&g, 0, sizeof g);
	gen_begin(&g);
	if (strcmp(argv[1], "strings") == 0)
		gen_strings(&g, n);
	else if (strcmp(argv[1], "ids") == 0)
		gen_ids(&g, n);
	else if (strcmp(argv[1], "merge") == 0)
		gen_merge(&g, n);
	else if (strcmp(argv[1], "labels") == 0)
		gen_labels(&g, n);
	else if (strcmp(argv[1], "output") == 0)
		gen_output(&g, n);
	else if (strcmp(argv[1], "list") == 0)
		gen_list(&g, n);
	else {
		fprintf(stderr, "flood-gen: unknown class '%s'\n", argv[1]);
		return 2;
	}
	g.p.n_string_table = g.nstr;
	g.p.string_table = g.strs;
	len = perftools__profiles__profile__get_packed_size(&g.p);
	out = gen_calloc(len, 1);
	perftools__profiles__profile__pack(&g.p, out);
	if (fwrite(out, 1, len, stdout) != len || fflush(stdout) != 0) {
		fprintf(stderr, "flood-gen: write error\n");
		return 1;
	}
	return 0;
}
