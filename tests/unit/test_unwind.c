/*
 * test_unwind.c: the DWARF unwinder on a real sample (the seeds of the
 * unwind fuzz target: testdata/perfdata/hot-nofp's .eh_frame, registers
 * and stack copy of a hot-dwarf.data sample) and on damaged copies.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "unwind.h"

struct seed {
	unsigned char	*buf;
	size_t		 len;
	uint64_t	 bias;
	const unsigned char *elf, *stack;
	size_t		 elen, slen;
	struct unwind_regs regs;
};

static uint64_t
le(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

/* Read tests/fuzz/corpus/unwind/NAME, laid out as fuzz_unwind.c says. */
static bool
seed_read(const char *name, struct seed *s)
{
	char path[4096];
	const char *top = getenv("top_srcdir");
	const unsigned char *p;
	FILE *f;
	size_t i;

	memset(s, 0, sizeof s[0]);
	snprintf(path, sizeof path, "%s/tests/fuzz/corpus/unwind/%s",
	    top ? top : "..", name);
	if ((f = fopen(path, "rb")) == NULL)
		return false;
	s->buf = malloc(1 << 20);
	s->len = fread(s->buf, 1, 1 << 20, f);
	fclose(f);
	if (s->len < 12)
		return false;
	s->bias = le(s->buf, 8);
	s->elen = (size_t)le(s->buf + 8, 4);
	if (s->elen + 12 + 8 * UNWIND_X86_64_NREG + 4 > s->len)
		return false;
	s->elf = s->buf + 12;
	p = s->elf + s->elen;
	for (i = 0; i < UNWIND_X86_64_NREG; i++, p += 8)
		s->regs.r[i] = le(p, 8);
	s->regs.valid = (uint32_t)le(p, 4);
	s->stack = p + 4;
	s->slen = s->len - (size_t)(s->stack - s->buf);
	return true;
}

static bool
in_image(const struct seed *s, uint64_t a)
{
	return a >= s->bias && a - s->bias < 0x100000;
}

/*
 * The real sample: the leaf, then hot-nofp's callers (work or mid,
 * main), then the return into libc's __libc_start_call_main, where the
 * image ends and the chain with it.
 */
static void
test_unwind_sample(void)
{
	struct seed s;
	uint64_t pcs[UNWIND_MAX_FRAMES];
	size_t n, i;

	CHECK(seed_read("hot-0", &s));
	n = unwind_probe_image(s.elf, s.elen, s.bias, &s.regs, s.stack, s.slen,
	    pcs, UNWIND_MAX_FRAMES);
#if defined(HAVE_LIBDWARF)
	CHECK(n >= 3);
#else
	CHECK(n == 1);		/* not unwound without libdwarf */
#endif
	if (n >= 3) {
		CHECK(pcs[0] == s.regs.r[UNWIND_X86_64_IP]);
		for (i = 0; i + 1 < n; i++)
			CHECK(in_image(&s, pcs[i]));
		CHECK(!in_image(&s, pcs[n - 1]));
	}
	/*
	 * The same stack at the start of a PLT entry (hot-nofp's .plt is at
	 * 0x1030): its CFA is the PLT's DWARF expression, rsp + 8 there, so
	 * the callers are the same.
	 */
	{
		struct unwind_regs r = s.regs;
		uint64_t pcs2[UNWIND_MAX_FRAMES];

		r.r[UNWIND_X86_64_IP] = s.bias + 0x1030;
		CHECK(unwind_probe_image(s.elf, s.elen, s.bias, &r, s.stack,
		    s.slen, pcs2, UNWIND_MAX_FRAMES) == n);
		for (i = 1; i < n; i++)
			CHECK(pcs2[i] == pcs[i]);
	}
	/* At most max frames. */
	CHECK(unwind_probe_image(s.elf, s.elen, s.bias, &s.regs, s.stack,
	    s.slen, pcs, 2) == (n >= 2 ? 2 : n));
	free(s.buf);
}

/* Damage: no stack, a stack of garbage, no rip, no rsp, not ELF. */
static void
test_unwind_damage(void)
{
	struct seed s;
	struct unwind_regs r;
	uint64_t pcs[UNWIND_MAX_FRAMES];
	unsigned char *junk;
	size_t i;

	CHECK(seed_read("hot-1", &s));
	CHECK(unwind_probe_image(s.elf, s.elen, s.bias, &s.regs, s.stack, 0,
	    pcs, UNWIND_MAX_FRAMES) == 1);
	junk = malloc(s.slen + 1);
	for (i = 0; i < s.slen; i++)
		junk[i] = (unsigned char)(i * 7 + 3);
	CHECK(unwind_probe_image(s.elf, s.elen, s.bias, &s.regs, junk, s.slen,
	    pcs, UNWIND_MAX_FRAMES) <= UNWIND_MAX_FRAMES);
	free(junk);
	r = s.regs;
	r.valid &= ~(1u << UNWIND_X86_64_IP);
	CHECK(unwind_probe_image(s.elf, s.elen, s.bias, &r, s.stack, s.slen,
	    pcs, UNWIND_MAX_FRAMES) == 0);
	r = s.regs;
	r.valid &= ~(1u << UNWIND_X86_64_SP);
	CHECK(unwind_probe_image(s.elf, s.elen, s.bias, &r, s.stack, s.slen,
	    pcs, UNWIND_MAX_FRAMES) == 1);
	CHECK(unwind_probe_image(s.stack, s.slen, s.bias, &s.regs, s.stack,
	    s.slen, pcs, UNWIND_MAX_FRAMES) == 0);
	free(s.buf);
}

/*
 * A stack of 300 return addresses into hot-nofp's leaf_a (the sample's
 * rip, whose CFA is rsp + 8): as deep a chain as a recursion would
 * make, cut at UNWIND_MAX_FRAMES.
 */
static void
test_unwind_depth(void)
{
	struct seed s;
	uint64_t pcs[UNWIND_MAX_FRAMES], ret;
	unsigned char stack[300 * 8];
	size_t i, n;
	int k;

	CHECK(seed_read("hot-0", &s));
	ret = s.regs.r[UNWIND_X86_64_IP] + 1;
	for (i = 0; i < 300; i++)
		for (k = 0; k < 8; k++)
			stack[8 * i + (size_t)k] = (unsigned char)(ret >> (8 * k));
	n = unwind_probe_image(s.elf, s.elen, s.bias, &s.regs, stack,
	    sizeof stack, pcs, UNWIND_MAX_FRAMES);
#if defined(HAVE_LIBDWARF)
	CHECK(n == UNWIND_MAX_FRAMES);
	CHECK(pcs[UNWIND_MAX_FRAMES - 1] == ret);
#else
	CHECK(n == 1);
#endif
	free(s.buf);
}

const struct test_case unwind_tests[] = {
	{ "unwind: a real sample", test_unwind_sample },
	{ "unwind: damaged input", test_unwind_damage },
	{ "unwind: at most UNWIND_MAX_FRAMES", test_unwind_depth },
	{ NULL, NULL },
};
