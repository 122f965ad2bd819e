/*
 * unwind.h: call chains unwound from a copy of a thread's user stack and
 * registers (perf record --call-graph dwarf) with each binary's call
 * frame information (.eh_frame, else .debug_frame), read with libdwarf.
 *
 * Only x86_64 is unwound.  The binaries are the symbolizer's (found where
 * symbolize_profile() looks, opened once for both).  Everything is
 * untrusted, the registers, the stack bytes and the CFI alike: unwinding
 * stops cleanly, with the frames found so far, at an address in no
 * mapping, a binary that cannot be found, a pc without CFI, a rule it
 * cannot evaluate, a read outside the stack copy, a stack pointer that
 * does not grow (which also ends any cycle) or UNWIND_MAX_FRAMES frames.
 * Time and memory are bounded: each frame costs at most one CFI lookup
 * (cached per pc) and expressions of a bounded length without loops.
 */
#ifndef CPV_UNWIND_H
#define CPV_UNWIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct symbolize;

/*
 * The deepest chain unwound: perf's own default (kernel.perf_event_max_
 * stack, perf report --max-stack).
 */
#define UNWIND_MAX_FRAMES	127

/* x86_64 registers in DWARF numbering: 0-15 the integer ones, 16 rip. */
#define UNWIND_X86_64_NREG	17
#define UNWIND_X86_64_SP	7
#define UNWIND_X86_64_IP	16

struct unwind_regs {
	uint64_t	r[UNWIND_X86_64_NREG];
	uint32_t	valid;		/* bit n: r[n] is known */
};

/* A mapping of the process, as the caller knows it; strings borrowed. */
struct unwind_map {
	const char	*file;
	const char	*build_id;	/* lower-case hex, "" if none */
	uint64_t	 start, limit, pgoff;
};

/* Find the mapping holding runtime address addr; false if none. */
typedef bool	(*unwind_map_fn)(void *arg, uint64_t addr,
		    struct unwind_map *m);

struct unwind;

/*
 * An unwinder finding binaries with s (borrowed: it must outlive the
 * unwinder); their CFI is read on first use and kept until
 * unwind_free().
 */
struct unwind	*unwind_create(struct symbolize *s);
void		 unwind_free(struct unwind *);

/*
 * Unwind from regs (rsp and rip at least) over stack[0..len), the bytes
 * at rsp upwards: pcs[0] is rip, then each caller's return address (as
 * a frame-pointer chain holds them), at most max (and at most
 * UNWIND_MAX_FRAMES).  Returns how many; 0 only if rip is unknown.
 */
size_t		 unwind_x86_64(struct unwind *, const struct unwind_regs *,
		    const unsigned char *stack, size_t len, unwind_map_fn find,
		    void *arg, uint64_t *pcs, size_t max);

/*
 * For the fuzzer and the tests: unwind_x86_64() with every address at
 * or above bias in the ELF image buf[0..len), at link-time address
 * address - bias.  Returns how many frames, 0 if buf is no ELF file.
 */
size_t		 unwind_probe_image(const void *buf, size_t len, uint64_t bias,
		    const struct unwind_regs *, const unsigned char *stack,
		    size_t slen, uint64_t *pcs, size_t max);

#endif
