/*
 * disasm.h: the functions of a profile's binaries and their instructions,
 * for -disasm.
 *
 * pprof's -disasm lists a binary's symbols with nm, picks those whose
 * names match, and runs objdump on each; cpv reads the same from the
 * binaries the symbolizer finds (symbolize.h), decodes the instructions
 * with libcapstone and takes each instruction's function, file, line and
 * inlined calls from the DWARF index the symbolizer built.
 *
 * A function starts at its symbol and ends at the next symbol of any
 * kind (as nm -n lists them) or at the end of its section.  Everything is
 * read from untrusted binaries: code is read only inside the executable
 * section that holds it, a routine is at most DISASM_MAX_INSNS
 * instructions, and bytes that do not decode are shown as "(bad)".
 */
#ifndef CPV_DISASM_H
#define CPV_DISASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct profile;
struct rx;
struct symbolize;

#define DISASM_MAX_INSNS	(1u << 20)

/* A function to disassemble. */
struct disasm_routine {
	char		*name;		/* owned: the name that matched */
	char		**aka;		/* owned: its other names, or NULL */
	size_t		 naka;
	uint32_t	 obj;		/* the symbolizer's object */
	size_t		 mapping;	/* the mapping it was found through */
	uint64_t	 start, end;	/* link-time addresses, [start, end) */
};

/* One instruction, with what DWARF says of its address. */
struct disasm_insn {
	uint64_t	 addr;		/* link-time */
	char		*text;		/* owned */
	char		*function;	/* owned: innermost function, or "" */
	char		*file;		/* owned: base name, or "" */
	int64_t		 line;
	/*
	 * Owned: for inlined code, where it was inlined, innermost call
	 * first ("inner inl.c:22, outer inl.c:30"); NULL otherwise.
	 */
	char		*inlined;
};

/* Whether cpv was built with a disassembler (libcapstone). */
bool	disasm_available(void);

/*
 * Append to *v (*n of them) the functions of mapping mi's binary that
 * match: a name of the function (as it is, or demangled with parameters,
 * without them, or without templates either, as pprof tries them)
 * matches rx, or (addr non-NULL) the function holds *addr, or it holds
 * one of the link-time addresses extra[0..nextra) (code where a function
 * that rx matches was inlined).  A function already in *v (same object
 * and start) is not added again.  Returns how many were added; a
 * binary that cannot be found gives 0 and the symbolizer's warning.
 */
size_t	disasm_find(struct symbolize *, const struct profile *, size_t mi,
	    const struct rx *rx, const uint64_t *addr, const uint64_t *extra,
	    size_t nextra, struct disasm_routine **v, size_t *n);
void	disasm_routines_free(struct disasm_routine *, size_t);

/*
 * The object of mapping mi and runtime address a as that object links it.
 * Returns false when the mapping's binary is not found or a is outside
 * its segments.
 */
bool	disasm_link_address(struct symbolize *, const struct profile *,
	    size_t mi, uint64_t a, uint32_t *obj, uint64_t *la);

/*
 * Decode r's instructions (AT&T syntax unless intel) into *v.  Returns 0,
 * or -1 with *cause (allocated) when cpv has no disassembler, the
 * machine is not one it decodes, or the code cannot be read.
 */
int	disasm_decode(struct symbolize *, const struct disasm_routine *r,
	    bool intel, struct disasm_insn **v, size_t *n, char **cause);
void	disasm_insns_free(struct disasm_insn *, size_t);

#endif
