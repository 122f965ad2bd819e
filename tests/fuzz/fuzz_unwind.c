/*
 * fuzz_unwind.c: the DWARF unwinder (unwind.c) on an ELF image in memory,
 * registers and a stack copy, all from the input:
 *
 *	u64 bias	the image's load address (little-endian, as all)
 *	u32 n		the image's length, then n bytes of ELF
 *	17 u64		the registers in DWARF numbering (rip last)
 *	u32 valid	which of them are known (bit n: register n)
 *	the rest	the stack copy, at rsp
 *
 * (missing fields are zero).  The CFI (.eh_frame, .debug_frame), the
 * registers and the stack are untrusted alike: the unwinder must answer
 * at most UNWIND_MAX_FRAMES frames, the same ones twice (the second time
 * from its cache), in bounded time, without a crash or a leak.
 * tests/fuzz/unwind-seeds.py makes the seeds from real samples.
 */
#include <string.h>

#include "fuzz.h"
#include "unwind.h"

static uint64_t
take(const uint8_t **p, const uint8_t *end, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n && *p < end; i++)
		v |= (uint64_t)*(*p)++ << (8 * i);
	return v;
}

FUZZ_TARGET(unwind)
{
	const uint8_t *p = data, *end = data + size, *elf;
	struct unwind_regs r;
	uint64_t bias, pcs[UNWIND_MAX_FRAMES + 1];
	size_t n, elen, i;

	bias = take(&p, end, 8);
	elen = (size_t)take(&p, end, 4);
	if (elen > (size_t)(end - p))
		elen = (size_t)(end - p);
	elf = p;
	p += elen;
	memset(&r, 0, sizeof r);
	for (i = 0; i < UNWIND_X86_64_NREG; i++)
		r.r[i] = take(&p, end, 8);
	r.valid = (uint32_t)take(&p, end, 4);
	n = unwind_probe_image(elf, elen, bias, &r, p, (size_t)(end - p),
	    pcs, UNWIND_MAX_FRAMES + 1);
	FUZZ_ASSERT(n <= UNWIND_MAX_FRAMES);
	if (n > 0)
		FUZZ_ASSERT(pcs[0] == r.r[UNWIND_X86_64_IP]);
	return 0;
}
