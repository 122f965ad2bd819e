/*
 * symobj.h: one ELF object indexed for symbolization (private to
 * src/symbolize/).
 *
 * A symobj is an executable or shared library opened with libelf: its
 * load segments (to turn a file offset into a link-time address), its
 * build id and .gnu_debuglink, and its symbols (.symtab, else .dynsym).
 * Debug information may come from the object itself or from a separate
 * debug file attached with symobj_attach_debug(); its DWARF line tables
 * and the subprogram/inlined-subroutine trees are indexed on first use
 * (for the addresses given to symobj_want(), if any) into sorted arrays,
 * so that each lookup is a few binary searches.
 *
 * Everything read from the files is untrusted: a malformed object gives a
 * warning-worthy cause (or fewer answers), never a crash or an unbounded
 * allocation; trees are walked to a bounded depth.
 */
#ifndef CPV_SYMOBJ_H
#define CPV_SYMOBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct Elf;
struct symobj;

/* One frame of an answer; strings borrowed from the symobj. */
struct symobj_frame {
	const char	*name;		/* demangled later; "" if unknown */
	const char	*file;		/* "" if unknown */
	int64_t		 line;
};

/* The deepest inline chain a lookup returns (frames beyond are cut). */
#define SYMOBJ_MAX_FRAMES	64

/*
 * Open path (or buf/len, which must outlive the symobj).  Returns NULL
 * with *cause set (allocated) when it is not a readable ELF file.
 */
struct symobj	*symobj_open(const char *path, char **cause);
struct symobj	*symobj_open_mem(const void *buf, size_t len, char **cause);
void		 symobj_free(struct symobj *);

/* The build id in lower-case hex, "" if none; the debuglink, or NULL. */
const char	*symobj_build_id(const struct symobj *);
const char	*symobj_debuglink(const struct symobj *);
/* Whether the object has DWARF line tables of its own. */
bool		 symobj_has_dwarf(struct symobj *);

/*
 * Take DWARF and symbols from the separate debug file path as well
 * (the first attached file with DWARF wins).  Returns -1 with *cause if
 * it cannot be read.
 */
int		 symobj_attach_debug(struct symobj *, const char *path,
		    char **cause);

/*
 * Link-time address of file offset off, through the PT_LOAD segment
 * holding it.  Returns false if no segment does.
 */
bool		 symobj_offset_to_addr(const struct symobj *, uint64_t off,
		    uint64_t *addr);
/* The lowest executable PT_LOAD's offset and address (for -ELF/ET_REL). */
bool		 symobj_exec_segment(const struct symobj *, uint64_t *off,
		    uint64_t *addr);

/*
 * Say which link-time addresses symobj_lookup() will be asked about
 * (addrs[n], any order; added to those given before).  Once told, the
 * DWARF index holds only what those addresses need: compilation units
 * and functions without any of them are skipped and only the line rows
 * covering them are kept, which keeps a large binary's index small.  A
 * lookup of another address still answers, at the cost of indexing
 * again.  Without it, everything is indexed.
 */
void		 symobj_want(struct symobj *, const uint64_t *addrs, size_t n);

/*
 * The frames at link-time address addr, innermost first, into
 * frames[SYMOBJ_MAX_FRAMES].  Returns how many (0: nothing known).
 */
size_t		 symobj_lookup(struct symobj *, uint64_t addr,
		    struct symobj_frame *frames);

/*
 * For disassembly: the function symbols, sorted by address (several
 * names may share one; strings borrowed from the symobj), and the
 * address of the first symbol of any kind above addr (UINT64_MAX if
 * none), where pprof (nm -n) ends a function.
 */
size_t		 symobj_nfunction(const struct symobj *);
void		 symobj_function(const struct symobj *, size_t i,
		    const char **name, uint64_t *addr);
uint64_t	 symobj_next_symbol(const struct symobj *, uint64_t addr);
/* The function symbol at or below addr, whatever its size (0: unknown). */
bool		 symobj_nearest(const struct symobj *, uint64_t addr,
		    const char **name, uint64_t *symaddr, uint64_t *size);
/* The symbol of any kind at or below addr. */
bool		 symobj_nearest_any(const struct symobj *, uint64_t addr,
		    const char **name, uint64_t *symaddr);
/* Whether addr is in a .plt* section (whose entries have no symbols). */
bool		 symobj_in_plt(struct symobj *, uint64_t addr);
/* The function PLT entry addr calls (x86-64), or NULL. */
const char	*symobj_plt_name(struct symobj *, uint64_t addr);
/*
 * The object's own libelf handle (not a debug file's), for the CFI
 * reader (unwind.c); borrowed, valid while the symobj lives.
 */
struct Elf	*symobj_elf(const struct symobj *);
/* The ELF e_machine, and whether the object is 64-bit. */
int		 symobj_machine(const struct symobj *, bool *elf64);
/*
 * The bytes of the object's executable section from link-time address
 * addr to the section's end: *buf points into the mapped file, valid
 * while the symobj lives.  Returns how many (0: not in code, or the
 * section cannot be read).
 */
size_t		 symobj_code(const struct symobj *, uint64_t addr,
		    const unsigned char **buf);

#endif
