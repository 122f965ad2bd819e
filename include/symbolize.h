/*
 * symbolize.h: names, files, lines and inlined frames for bare addresses.
 *
 * Profiles from native profilers (gperftools, profile.proto files whose
 * mappings have no functions) hold addresses only.  The symbolizer finds
 * each mapping's binary and its debug information, maps addresses through
 * the ELF load segments, and gives every such location its lines: the
 * function from DWARF (or .symtab/.dynsym), the file and line from the
 * DWARF line table, and one line per inlined call (innermost first, as
 * profile.h orders them).  Then C++ names are demangled as pprof's
 * -symbolize=demangle=... asks.
 *
 * Where a binary is looked for, in order (see symbolize_profile()):
 *   1. the binary named on the command line (for the main mapping, or a
 *      mapping with its build id);
 *   2. each directory of $PPROF_BINARY_PATH: DIR/BUILDID/NAME, DIR/NAME;
 *   3. the path recorded in the mapping;
 *   4. by build id: $HOME/.debug/.build-id/xx/rest[/elf] and
 *      /usr/lib/debug/.build-id/xx/rest.debug.
 * A binary without DWARF gets it from a separate debug file: by build id
 * (/usr/lib/debug/.build-id/xx/rest.debug, $HOME/.debug/.build-id/xx/
 * rest/debug or rest.debug),
 * then through .gnu_debuglink (next to the binary, in .debug/ there, and
 * under /usr/lib/debug/ + the binary's directory).
 * [vdso] is read from cpv's own vdso, [kernel.kallsyms] from
 * /proc/kallsyms, /tmp/perf-PID.map files as perf's JIT maps.
 *
 * A mapping that cannot be symbolized keeps its bare addresses, and one
 * warning (warn.h) names it and every place looked at.
 */
#ifndef CPV_SYMBOLIZE_H
#define CPV_SYMBOLIZE_H

#include <stdbool.h>

struct profile;

enum symbolize_demangle {
	SYMBOLIZE_DEMANGLE_DEFAULT,	/* no parameters, no templates */
	SYMBOLIZE_DEMANGLE_TEMPLATES,	/* no parameters */
	SYMBOLIZE_DEMANGLE_FULL,
	SYMBOLIZE_DEMANGLE_NONE,
};

struct symbolize_options {
	bool			 none;		/* -symbolize=none */
	bool			 force;		/* redo symbolized locations */
	enum symbolize_demangle	 demangle;
	const char		*binary;	/* borrowed: cpv BINARY PROFILE */
	bool			 quiet;		/* no warnings: said before */
};

struct symbolize;

/*
 * Parse pprof's -symbolize value ("local", "none", "force",
 * "demangle=full", colon-separated) into *o.  Returns -1 with *cause
 * (allocated) for an unknown word.
 */
int		 symbolize_parse(const char *, struct symbolize_options *,
		    char **cause);

/*
 * A symbolizer: binaries opened and indexed once and answers cached for
 * every profile symbolized with it.  o is copied (binary stays borrowed).
 */
struct symbolize *symbolize_create(const struct symbolize_options *o);
void		 symbolize_free(struct symbolize *);

/*
 * Symbolize p in place (every location with an address and no lines,
 * or all of them with force, in mappings without functions), then
 * demangle its function names.  Never fails: what cannot be found stays
 * an address, with a warning per mapping.
 */
void		 symbolize_profile(struct symbolize *, struct profile *p);

/*
 * name demangled as mode asks (allocated), or NULL if it is not a
 * mangled C++ name or cpv was built without libiberty.
 */
char		*symbolize_demangle(const char *name,
		    enum symbolize_demangle mode);

/* Whether cpv was built with DWARF symbolization (libdwarf). */
bool		 symbolize_available(void);

/*
 * Symbolize one address of an ELF image in memory (for the fuzzer): the
 * number of frames found, plus up to 4 for what -disasm reads.
 */
unsigned int	 symbolize_probe_image(const void *buf, unsigned long len,
		    unsigned long long addr);

#endif
