/*
 * fuzz_elf.c: the symbolizer's ELF and DWARF path (symobj.c through
 * symbolize_probe_image()) on an ELF image in memory.
 *
 * Binaries and their debug files are untrusted input: whatever the
 * bytes, indexing ends (bounded depth and counts) and lookups answer at
 * most SYMOBJ_MAX_FRAMES frames, without a crash or a leak.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "symbolize.h"

FUZZ_TARGET(elf)
{
	static const unsigned long long addrs[] = {
		0x0, 0x1000, 0x1040, 0x1139, 0x11d0, 0x11e0, 0x401136,
	};
	size_t i;

	for (i = 0; i < sizeof addrs / sizeof addrs[0]; i++)
		FUZZ_ASSERT(symbolize_probe_image(data, size, addrs[i]) <=
		    2 * 64 + 4);
	return 0;
}
