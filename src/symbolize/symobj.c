/*
 * symobj.c: an ELF object's segments, symbols and DWARF, indexed once.
 *
 * The DWARF is read with libdwarf through the object's libelf handle,
 * except the line programs, which decode_lines() runs itself.  It is
 * indexed on the first lookup and the libdwarf handle is closed right
 * after, so that only the compact index stays in memory:
 *
 *   - rows: line-table rows (address, file, line, end of sequence)
 *     sorted by address; an address belongs to the last row at or below
 *     it, unless that row ends a sequence;
 *   - nodes: one per subprogram with code, and one per inlined
 *     subroutine (with its call_file/call_line), linked to their parent;
 *   - tops: the subprograms' address ranges sorted by start, and each
 *     inline node's own ranges, searched from the subprogram down.
 *
 * Given the addresses to answer (symobj_want()), the index holds only
 * what they need: the rows that answer one of them (and each sequence's
 * end), the subprograms holding one, and the DIEs of units holding one
 * are the only ones walked.  Asked about another address, it is made
 * again.
 *
 * Everything is untrusted: counts are capped, the DIE walk stops at a
 * fixed depth and after a fixed number of DIEs, and a libdwarf error ends
 * the walk of the unit (or of the file) with what was indexed so far.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(HAVE_LIBDWARF_LIBDWARF_H)
#include <libdwarf/dwarf.h>
#include <libdwarf/libdwarf.h>
#elif defined(HAVE_LIBDWARF_H)
#include <dwarf.h>
#include <libdwarf.h>
#endif

#include "hash.h"
#include "hashtab.h"
#include "sort.h"
#include "strtab.h"
#include "symobj.h"
#include "xmalloc.h"

#define SYMOBJ_MAX_SEGS		256
#define SYMOBJ_MAX_SYMS		(16u << 20)
#define SYMOBJ_MAX_ROWS		(64u << 20)
#define SYMOBJ_MAX_NODES	(16u << 20)
#define SYMOBJ_MAX_DIES		(64u << 20)
#define SYMOBJ_MAX_DEPTH	64
#define SYMOBJ_MAX_DIE_RANGES	4096
#define SYMOBJ_MAX_ORIGIN	8
#define SYMOBJ_MAX_FILENO	65536
#define SYMOBJ_MAX_PLTSEC	8

struct symobj_seg {
	uint64_t	off;
	uint64_t	filesz;
	uint64_t	vaddr;
	bool		exec;
};

struct symobj_sym {
	uint64_t	addr;
	uint64_t	size;
	uint32_t	name;
	int		bind;
};

struct symobj_bound {
	uint64_t	addr;
	uint32_t	name;
};

struct symobj_row {
	uint64_t	addr;
	uint32_t	file;
	uint32_t	line;	/* UINT32_MAX: end of sequence */
};

struct symobj_node {
	uint32_t	name;
	uint32_t	call_file;
	uint32_t	call_line;
	uint32_t	first_child;	/* PROFILE_NONE-like: UINT32_MAX */
	uint32_t	next;
	uint32_t	range_off;
	uint32_t	nrange;
};

struct symobj_range {
	uint64_t	lo;
	uint64_t	hi;
	uint32_t	node;
};

struct symobj_elf {
	int		 fd;		/* -1 for memory */
	Elf		*elf;
};

struct symobj {
	struct symobj_elf	 main;
	struct symobj_elf	 debug;		/* elf NULL: none attached */
	struct strtab		 strs;
	char			*build_id;
	char			*debuglink;

	struct symobj_seg	 segs[SYMOBJ_MAX_SEGS];
	size_t			 nseg;

	struct symobj_sym	*syms;		/* sorted, all names kept */
	size_t			 nsym, capsym;
	/* Every defined symbol, by address, one per address: code ends. */
	struct symobj_bound	*bounds;
	size_t			 nbound, capbound;
	int			 machine;	/* e_machine */
	bool			 elf64;
	/* PLT entries and the functions they call, read on first use. */
	bool			 pltsec_read;
	struct {
		uint64_t	 lo, hi;
	}			 pltsec[SYMOBJ_MAX_PLTSEC];
	size_t			 npltsec;
	bool			 plt_read;
	uint64_t		*plt_addr;
	uint32_t		*plt_name;
	size_t			 nplt;

	/* The addresses symobj_want() named: sorted, unique. */
	bool			 wants;
	uint64_t		*want;
	size_t			 nwant;
	/* The attached debug file, opened again to index again. */
	char			*debug_path;

	bool			 indexed;
	bool			 index_all;	/* not just the wanted */
	struct symobj_row	*rows;
	size_t			 nrow, caprow;
	struct symobj_node	*nodes;
	size_t			 nnode, capnode;
	struct symobj_range	*tops;		/* subprograms */
	size_t			 ntop, captop;
	struct symobj_range	*ranges;	/* inline nodes' */
	size_t			 nrange, caprange;
};

#define SYMOBJ_NONE	UINT32_MAX

static void
symobj_elf_init(void)
{
	static bool done;

	if (!done) {
		elf_version(EV_CURRENT);
		done = true;
	}
}

/* Grow *a (of *cap elements of size sz) to hold n + 1. */
static void *
grow(void *a, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return a;
	*cap = *cap == 0 ? 64 : *cap * 2;
	return xreallocarray(a, *cap, sz);
}

/* Section by name, or NULL. */
static Elf_Scn *
find_section(Elf *elf, const char *want, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	const char *name;

	if (elf_getshdrstrndx(elf, &shstrndx) != 0)
		return NULL;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		if (gelf_getshdr(scn, sh) == NULL)
			continue;
		name = elf_strptr(elf, shstrndx, sh->sh_name);
		if (name != NULL && strcmp(name, want) == 0)
			return scn;
	}
	return NULL;
}

static void
read_build_id(struct symobj *o, Elf *elf)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Nhdr nh;
	Elf_Data *d;
	size_t off, noff, doff, i;
	const unsigned char *p;
	static const char hex[] = "0123456789abcdef";

	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		if (gelf_getshdr(scn, &sh) == NULL || sh.sh_type != SHT_NOTE)
			continue;
		if ((d = elf_getdata(scn, NULL)) == NULL || d->d_buf == NULL)
			continue;
		off = 0;
		while (off < d->d_size &&
		    (off = gelf_getnote(d, off, &nh, &noff, &doff)) > 0) {
			if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 ||
			    memcmp((char *)d->d_buf + noff, "GNU", 4) != 0 ||
			    nh.n_descsz == 0 || nh.n_descsz > 64)
				continue;
			p = (const unsigned char *)d->d_buf + doff;
			free(o->build_id);
			o->build_id = xmalloc(nh.n_descsz * 2 + 1);
			for (i = 0; i < nh.n_descsz; i++) {
				o->build_id[2 * i] = hex[p[i] >> 4];
				o->build_id[2 * i + 1] = hex[p[i] & 15];
			}
			o->build_id[2 * i] = '\0';
			return;
		}
	}
}

static void
read_debuglink(struct symobj *o, Elf *elf)
{
	GElf_Shdr sh;
	Elf_Scn *scn;
	Elf_Data *d;
	size_t len;

	if ((scn = find_section(elf, ".gnu_debuglink", &sh)) == NULL ||
	    (d = elf_getdata(scn, NULL)) == NULL || d->d_buf == NULL)
		return;
	len = strnlen(d->d_buf, d->d_size);
	/* A bare file name, terminated inside the section. */
	if (len == 0 || len >= d->d_size || len > 255 ||
	    memchr(d->d_buf, '/', len) != NULL)
		return;
	o->debuglink = xstrndup(d->d_buf, len);
}

static void
read_segments(struct symobj *o, Elf *elf)
{
	GElf_Phdr ph;
	size_t n, i;

	if (elf_getphdrnum(elf, &n) != 0)
		return;
	for (i = 0; i < n && o->nseg < SYMOBJ_MAX_SEGS; i++) {
		if (gelf_getphdr(elf, (int)i, &ph) == NULL ||
		    ph.p_type != PT_LOAD)
			continue;
		o->segs[o->nseg].off = ph.p_offset;
		o->segs[o->nseg].filesz = ph.p_filesz;
		o->segs[o->nseg].vaddr = ph.p_vaddr;
		o->segs[o->nseg].exec = (ph.p_flags & PF_X) != 0;
		o->nseg++;
	}
}

/*
 * Whether section ndx holds code.  A symbol of no type there is a
 * function written in assembly (ld.so's _start), as llvm-symbolizer
 * takes it.
 */
static bool
exec_section(Elf *elf, size_t ndx)
{
	Elf_Scn *scn;
	GElf_Shdr sh;

	return ndx < SHN_LORESERVE && (scn = elf_getscn(elf, ndx)) != NULL &&
	    gelf_getshdr(scn, &sh) != NULL &&
	    (sh.sh_flags & SHF_EXECINSTR) != 0;
}

static void
read_symbols(struct symobj *o, Elf *elf)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Sym s;
	Elf_Data *d;
	const char *name;
	size_t i, n;
	uint32_t id;
	int type;

	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		if (gelf_getshdr(scn, &sh) == NULL ||
		    (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) ||
		    sh.sh_entsize == 0)
			continue;
		if ((d = elf_getdata(scn, NULL)) == NULL)
			continue;
		n = sh.sh_size / sh.sh_entsize;
		for (i = 0; i < n && o->nsym < SYMOBJ_MAX_SYMS; i++) {
			if (gelf_getsym(d, (int)i, &s) == NULL)
				break;
			type = GELF_ST_TYPE(s.st_info);
			if (s.st_shndx == SHN_UNDEF || s.st_value == 0 ||
			    type == STT_SECTION || type == STT_FILE)
				continue;
			name = elf_strptr(elf, sh.sh_link, s.st_name);
			id = name == NULL ? 0 : strtab_intern_str(&o->strs,
			    name);
			/* Symbols of any kind end the code before them. */
			if (o->nbound < SYMOBJ_MAX_SYMS) {
				o->bounds = grow(o->bounds, &o->capbound,
				    o->nbound, sizeof *o->bounds);
				o->bounds[o->nbound].addr = s.st_value;
				o->bounds[o->nbound++].name = id;
			}
			if ((type != STT_FUNC && type != STT_GNU_IFUNC &&
			    (type != STT_NOTYPE || !exec_section(elf,
			    s.st_shndx))) || name == NULL || *name == '\0')
				continue;
			o->syms = grow(o->syms, &o->capsym, o->nsym,
			    sizeof *o->syms);
			o->syms[o->nsym].addr = s.st_value;
			o->syms[o->nsym].size = s.st_size;
			o->syms[o->nsym].bind = GELF_ST_BIND(s.st_info);
			o->syms[o->nsym].name = id;
			o->nsym++;
		}
	}
}

static int
sym_cmp(const void *a, const void *b)
{
	const struct symobj_sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* Global before weak before local; then the sized one. */
	if (x->bind != y->bind)
		return x->bind == STB_GLOBAL ? -1 : y->bind == STB_GLOBAL ? 1 :
		    x->bind == STB_WEAK ? -1 : y->bind == STB_WEAK ? 1 : 0;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

static int
bound_cmp(const void *a, const void *b)
{
	const struct symobj_bound *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* A named one first. */
	return (x->name == 0) - (y->name == 0);
}

/*
 * Sort the symbols (the first at an address is the one lookups use) and
 * drop repeated names; sort the bounds and keep each address once.
 */
static void
finish_symbols(struct symobj *o)
{
	size_t i, w;

	if (o->nsym > 0) {
		qsort(o->syms, o->nsym, sizeof *o->syms, sym_cmp);
		for (i = 1, w = 1; i < o->nsym; i++)
			if (o->syms[i].addr != o->syms[w - 1].addr ||
			    o->syms[i].name != o->syms[w - 1].name)
				o->syms[w++] = o->syms[i];
		o->nsym = w;
	}
	if (o->nbound > 0) {
		qsort(o->bounds, o->nbound, sizeof *o->bounds, bound_cmp);
		for (i = 1, w = 1; i < o->nbound; i++)
			if (o->bounds[i].addr != o->bounds[w - 1].addr)
				o->bounds[w++] = o->bounds[i];
		o->nbound = w;
	}
}

static int
elf_open_file(const char *path, struct symobj_elf *e, char **cause)
{
	symobj_elf_init();
	if ((e->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("cannot open: %s", strerror(errno));
		return -1;
	}
	e->elf = elf_begin(e->fd, ELF_C_READ_MMAP, NULL);
	if (e->elf == NULL || elf_kind(e->elf) != ELF_K_ELF) {
		*cause = xstrdup("not an ELF file");
		if (e->elf != NULL)
			elf_end(e->elf);
		close(e->fd);
		e->elf = NULL;
		e->fd = -1;
		return -1;
	}
	return 0;
}

static struct symobj *
symobj_new(struct symobj_elf e, char **cause)
{
	struct symobj *o;
	GElf_Ehdr eh;

	if (gelf_getehdr(e.elf, &eh) == NULL) {
		*cause = xstrdup("malformed ELF header");
		elf_end(e.elf);
		if (e.fd != -1)
			close(e.fd);
		return NULL;
	}
	o = xcalloc(1, sizeof *o);
	o->main = e;
	o->debug.fd = -1;
	o->machine = eh.e_machine;
	o->elf64 = gelf_getclass(e.elf) == ELFCLASS64;
	strtab_init(&o->strs);
	read_segments(o, e.elf);
	read_build_id(o, e.elf);
	read_debuglink(o, e.elf);
	read_symbols(o, e.elf);
	finish_symbols(o);
	return o;
}

struct symobj *
symobj_open(const char *path, char **cause)
{
	struct symobj_elf e;

	if (elf_open_file(path, &e, cause) == -1)
		return NULL;
	return symobj_new(e, cause);
}

struct symobj *
symobj_open_mem(const void *buf, size_t len, char **cause)
{
	struct symobj_elf e;

	symobj_elf_init();
	e.fd = -1;
	e.elf = elf_memory((char *)(uintptr_t)buf, len);
	if (e.elf == NULL || elf_kind(e.elf) != ELF_K_ELF) {
		if (e.elf != NULL)
			elf_end(e.elf);
		*cause = xstrdup("not an ELF file");
		return NULL;
	}
	return symobj_new(e, cause);
}

static void
elf_close(struct symobj_elf *e)
{
	if (e->elf != NULL)
		elf_end(e->elf);
	if (e->fd != -1)
		close(e->fd);
	e->elf = NULL;
	e->fd = -1;
}

void
symobj_free(struct symobj *o)
{
	if (o == NULL)
		return;
	elf_close(&o->main);
	elf_close(&o->debug);
	strtab_release(&o->strs);
	free(o->build_id);
	free(o->debuglink);
	free(o->debug_path);
	free(o->want);
	free(o->syms);
	free(o->bounds);
	free(o->plt_addr);
	free(o->plt_name);
	free(o->rows);
	free(o->nodes);
	free(o->tops);
	free(o->ranges);
	free(o);
}

const char *
symobj_build_id(const struct symobj *o)
{
	return o->build_id != NULL ? o->build_id : "";
}

const char *
symobj_debuglink(const struct symobj *o)
{
	return o->debuglink;
}

/* Whether elf has a .debug_info and .debug_line (plain or compressed). */
static bool
elf_has_dwarf(Elf *elf)
{
	GElf_Shdr sh;

	return (find_section(elf, ".debug_info", &sh) != NULL &&
	    sh.sh_type != SHT_NOBITS) ||
	    find_section(elf, ".zdebug_info", &sh) != NULL;
}

bool
symobj_has_dwarf(struct symobj *o)
{
	return elf_has_dwarf(o->main.elf);
}

int
symobj_attach_debug(struct symobj *o, const char *path, char **cause)
{
	struct symobj_elf e;

	if (o->debug_path != NULL)
		return 0;
	if (elf_open_file(path, &e, cause) == -1)
		return -1;
	if (!elf_has_dwarf(e.elf)) {
		/*
		 * Still useful for its .symtab: a stripped object's .dynsym
		 * lacks the local functions (and may have none at all).
		 */
		read_symbols(o, e.elf);
		finish_symbols(o);
		elf_close(&e);
		*cause = xstrdup("no DWARF debug info");
		return -1;
	}
	o->debug = e;
	o->debug_path = xstrdup(path);
	/* A stripped object keeps only .dynsym: take the full table. */
	o->nsym = 0;
	o->nbound = 0;
	read_symbols(o, o->main.elf);
	read_symbols(o, e.elf);
	finish_symbols(o);
	return 0;
}

struct Elf *
symobj_elf(const struct symobj *o)
{
	return o->main.elf;
}

bool
symobj_offset_to_addr(const struct symobj *o, uint64_t off, uint64_t *addr)
{
	size_t i;

	for (i = 0; i < o->nseg; i++) {
		const struct symobj_seg *s = &o->segs[i];

		if (off >= s->off && off - s->off < s->filesz) {
			*addr = off - s->off + s->vaddr;
			return true;
		}
	}
	return false;
}

bool
symobj_exec_segment(const struct symobj *o, uint64_t *off, uint64_t *addr)
{
	size_t i;

	for (i = 0; i < o->nseg; i++)
		if (o->segs[i].exec) {
			*off = o->segs[i].off;
			*addr = o->segs[i].vaddr;
			return true;
		}
	return false;
}

/* Wanted addresses -------------------------------------------------------- */

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The first wanted address at or above a (o->nwant if none). */
static size_t
want_from(const struct symobj *o, uint64_t a)
{
	return sorted_find_u64(o->want, o->nwant, sizeof *o->want, 0, a,
	    false);
}

/* Whether the index needs [lo, hi): no want list, or one inside. */
static bool
wanted(const struct symobj *o, uint64_t lo, uint64_t hi)
{
	size_t i;

	if (!o->wants)
		return true;
	i = want_from(o, lo);
	return i < o->nwant && o->want[i] < hi;
}

static void
drop_index(struct symobj *o)
{
	o->indexed = false;
	o->index_all = false;
	o->nrow = o->nnode = o->ntop = o->nrange = 0;
}

void
symobj_want(struct symobj *o, const uint64_t *addrs, size_t n)
{
	size_t i, w, old = o->nwant;

	if (n == 0 && o->wants)
		return;
	o->wants = true;
	if (n > 0) {
		if (n > SIZE_MAX / sizeof *o->want - old)
			return;
		o->want = xreallocarray(o->want, old + n, sizeof *o->want);
		memcpy(o->want + old, addrs, n * sizeof *addrs);
		qsort(o->want, old + n, sizeof *o->want, u64_cmp);
		for (i = 1, w = 1; i < old + n; i++)
			if (o->want[i] != o->want[w - 1])
				o->want[w++] = o->want[i];
		o->nwant = w;
	}
	/* An index made for fewer addresses may lack these: make it again. */
	if (o->indexed && !o->index_all && o->nwant != old)
		drop_index(o);
}

/* DWARF indexing ---------------------------------------------------------- */

#if defined(HAVE_LIBDWARF)

struct walk {
	struct symobj		*o;
	Dwarf_Debug		 dbg;
	Dwarf_Half		 version;
	Dwarf_Addr		 cu_base;
	/* This unit's file numbers, interned lazily. */
	uint32_t		*files;
	size_t			 nfiles;
	/* The unit, and its file names, read on first use. */
	Dwarf_Die		 cu;
	bool			 srcfiles_read;
	char			**srcfiles;
	Dwarf_Signed		 nsrcfiles;
	size_t			 ndies;
	/* DIE offset -> name id, for abstract origins used many times. */
	struct hashtab		 origin_tab;
	Dwarf_Off		*origin_off;
	uint32_t		*origin_name;
	size_t			 norigin, caporigin;
	bool			 stop;
	/* .debug_line, read by decode_lines() (NULL: through libdwarf). */
	const unsigned char	*line_sec;
	size_t			 line_size;
	bool			 big_endian;
	/* The line rows' sequence, and the row kept back by add_row(). */
	bool			 seq_start, seq_skip, pending;
	size_t			 want_i;	/* want_between()'s place */
	uint64_t		 pend_addr, pend_file;
	int64_t			 pend_line;
	/* C: types hold no functions. */
	bool			 lang_c;
	/* A unit's own ranges. */
	struct symobj_range	*cu_ranges;
	size_t			 ncu_range, capcu_range;
};

static void
dw_err(struct walk *w, Dwarf_Error e)
{
	if (e != NULL)
		dwarf_dealloc_error(w->dbg, e);
}

/*
 * The name of file n of this unit's line table (the number as DWARF has
 * it: from 1 before DWARF 5, from 0 since), interned ("" if bad).
 */
static uint32_t
unit_file(struct walk *w, Dwarf_Unsigned n)
{
	Dwarf_Signed idx;
	uint32_t id = 0;

	if (n >= SYMOBJ_MAX_FILENO)
		return 0;
	if (n >= w->nfiles) {
		size_t old = w->nfiles;

		w->nfiles = n + 1;
		w->files = xreallocarray(w->files, w->nfiles,
		    sizeof *w->files);
		memset(w->files + old, 0xff,
		    (w->nfiles - old) * sizeof *w->files);
	}
	if (w->files[n] != SYMOBJ_NONE)
		return w->files[n];
	if (!w->srcfiles_read) {
		Dwarf_Error e = NULL;

		w->srcfiles_read = true;
		if (dwarf_srcfiles(w->cu, &w->srcfiles, &w->nsrcfiles, &e) !=
		    DW_DLV_OK) {
			dw_err(w, e);
			w->srcfiles = NULL;
			w->nsrcfiles = 0;
		}
	}
	idx = (Dwarf_Signed)n - (w->version >= 5 ? 0 : 1);
	if (idx >= 0 && idx < w->nsrcfiles)
		id = strtab_intern_str(&w->o->strs, w->srcfiles[idx]);
	w->files[n] = id;
	return id;
}

static int
row_cmp(const void *a, const void *b)
{
	const struct symobj_row *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* At one address, an end of sequence before the rows starting. */
	return (y->line == UINT32_MAX) - (x->line == UINT32_MAX);
}

/*
 * Line rows.  add_row() takes them in the line program's order.  With
 * a want list, a row is kept only when a wanted address lies between it
 * and the next row of its sequence (the addresses it answers for); each
 * sequence's end is always kept, since it stops the row before it from
 * answering for the addresses beyond.
 */
static void
push_row(struct walk *w, uint64_t addr, uint64_t file, int64_t line,
    bool end)
{
	struct symobj *o = w->o;

	if (o->nrow >= SYMOBJ_MAX_ROWS)
		return;
	o->rows = grow(o->rows, &o->caprow, o->nrow, sizeof *o->rows);
	o->rows[o->nrow].addr = addr;
	o->rows[o->nrow].line = end ? UINT32_MAX :
	    line < 0 || line >= UINT32_MAX ? 0 : (uint32_t)line;
	/*
	 * DWARF 5 numbers files from 0 but compilers never name file 0 in
	 * a row; libdwarf (20210528) starts a DWARF 5 sequence with file 0
	 * where the standard starts it with 1 (and its dwarf_linesrc()
	 * reads the table one entry off), so 0 is taken as the initial 1.
	 */
	o->rows[o->nrow].file = end ? 0 : unit_file(w,
	    w->version >= 5 && file == 0 ? 1 : file);
	o->nrow++;
}

/*
 * wanted() for the rows of a sequence, whose addresses rise: the place
 * found last is moved on a little before searching again.
 */
static bool
want_between(struct walk *w, uint64_t lo, uint64_t hi)
{
	const struct symobj *o = w->o;
	size_t i = w->want_i, k;

	if (i > o->nwant || (i > 0 && o->want[i - 1] >= lo))
		i = want_from(o, lo);
	else
		for (k = 0; i < o->nwant && o->want[i] < lo; i++)
			if (++k > 8) {
				i = want_from(o, lo);
				break;
			}
	w->want_i = i;
	return i < o->nwant && o->want[i] < hi;
}

static void
add_row(struct walk *w, uint64_t addr, uint64_t file, int64_t line,
    bool end)
{
	/* Code the linker dropped keeps its sequence at 0. */
	if (w->seq_start)
		w->seq_skip = addr == 0;
	w->seq_start = end;
	if (w->seq_skip)
		return;
	if (!w->o->wants) {
		push_row(w, addr, file, line, end);
		return;
	}
	if (w->pending && addr > w->pend_addr &&
	    want_between(w, w->pend_addr, addr))
		push_row(w, w->pend_addr, w->pend_file, w->pend_line, false);
	w->pending = !end;
	if (end)
		push_row(w, addr, 0, 0, true);
	else {
		w->pend_addr = addr;
		w->pend_file = file;
		w->pend_line = line;
	}
}

/* Before and after a unit's rows: a sequence left open answers above. */
static void
rows_reset(struct walk *w)
{
	if (w->pending && wanted(w->o, w->pend_addr, UINT64_MAX))
		push_row(w, w->pend_addr, w->pend_file, w->pend_line, false);
	w->pending = false;
	w->seq_start = true;
	w->seq_skip = false;
}

/* A reader of untrusted bytes; a read past the end sets bad, gives 0. */
struct rd {
	const unsigned char	*p, *end;
	bool			 be, bad;
};

static uint64_t
rd_uint(struct rd *r, size_t n)
{
	uint64_t v = 0;
	size_t i;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		return 0;
	}
	for (i = 0; i < n; i++)
		v |= (uint64_t)r->p[i] << (8 * (r->be ? n - 1 - i : i));
	r->p += n;
	return v;
}

static uint64_t
rd_leb(struct rd *r, bool sign)
{
	uint64_t v = 0;
	unsigned shift = 0;
	unsigned char b;

	do {
		if (r->bad || r->p >= r->end) {
			r->bad = true;
			return 0;
		}
		b = *r->p++;
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	if (sign && shift < 64 && (b & 0x40))
		v |= UINT64_MAX << shift;
	return v;
}

/*
 * Run the line program of the unit at offset off of .debug_line into
 * add_row(), as DWARF 2 to 5 define it.  libdwarf's dwarf_srclines_b()
 * makes an object of some 130 bytes per row, all at once, which for a
 * large unit is most of the memory symbolizing takes; here each row is
 * looked at once and kept (16 bytes) only if wanted.  The file table is
 * still libdwarf's (dwarf_srcfiles(), which reads the header only).
 */
static void
decode_lines(struct walk *w, uint64_t off)
{
	struct rd r;
	uint64_t len, hlen, addr = 0, file = 1, op = 0, adv, opi = 0;
	int64_t line = 1;
	unsigned ver, min_inst, max_ops, line_range, base, code, sub, i;
	int line_base;
	bool off64 = false;
	unsigned char std[256];
	const unsigned char *prog, *next;

	if (off >= w->line_size)
		return;
	r.p = w->line_sec + off;
	r.end = w->line_sec + w->line_size;
	r.be = w->big_endian;
	r.bad = false;
	if ((len = rd_uint(&r, 4)) == 0xffffffff) {
		len = rd_uint(&r, 8);
		off64 = true;
	} else if (len >= 0xfffffff0)
		return;
	if (r.bad || len > (uint64_t)(r.end - r.p))
		return;
	r.end = r.p + len;
	ver = (unsigned)rd_uint(&r, 2);
	if (ver < 2 || ver > 5)
		return;
	if (ver >= 5)
		rd_uint(&r, 2);		/* address and segment selector size */
	hlen = rd_uint(&r, off64 ? 8 : 4);
	if (r.bad || hlen > (uint64_t)(r.end - r.p))
		return;
	prog = r.p + hlen;
	min_inst = (unsigned)rd_uint(&r, 1);
	max_ops = ver >= 4 ? (unsigned)rd_uint(&r, 1) : 1;
	rd_uint(&r, 1);			/* default_is_stmt */
	line_base = (int)(int8_t)rd_uint(&r, 1);
	line_range = (unsigned)rd_uint(&r, 1);
	base = (unsigned)rd_uint(&r, 1);
	memset(std, 0, sizeof std);
	for (i = 1; i < base; i++)
		std[i] = (unsigned char)rd_uint(&r, 1);
	if (r.bad || line_range == 0 || base == 0)
		return;
	if (max_ops == 0)
		max_ops = 1;
	r.p = prog;

/* Advance the address by n operations (VLIW: op_index of max_ops). */
#define ADVANCE(n) do {							\
	adv = (n);							\
	if (max_ops == 1)						\
		addr += min_inst * adv;					\
	else {								\
		addr += min_inst * ((opi + adv) / max_ops);		\
		opi = (opi + adv) % max_ops;				\
	}								\
} while (0)

	while (!r.bad && r.p < r.end && !w->stop) {
		code = *r.p++;
		if (code >= base) {
			code -= base;
			ADVANCE(code / line_range);
			line += line_base + (int)(code % line_range);
			add_row(w, addr, file, line, false);
			continue;
		}
		switch (code) {
		case 0:
			len = rd_leb(&r, false);
			if (r.bad || len == 0 || len > (uint64_t)(r.end - r.p))
				return;
			next = r.p + len;
			sub = *r.p++;
			if (sub == DW_LNE_end_sequence) {
				add_row(w, addr, file, line, true);
				addr = opi = 0;
				file = 1;
				line = 1;
			} else if (sub == DW_LNE_set_address &&
			    (len == 5 || len == 9)) {
				addr = rd_uint(&r, (size_t)len - 1);
				opi = 0;
			}
			r.p = next;
			break;
		case DW_LNS_copy:
			add_row(w, addr, file, line, false);
			break;
		case DW_LNS_advance_pc:
			ADVANCE(rd_leb(&r, false));
			break;
		case DW_LNS_advance_line:
			line = (int64_t)((uint64_t)line + rd_leb(&r, true));
			break;
		case DW_LNS_set_file:
			file = rd_leb(&r, false);
			break;
		case DW_LNS_const_add_pc:
			ADVANCE((255 - base) / line_range);
			break;
		case DW_LNS_fixed_advance_pc:
			addr += rd_uint(&r, 2);
			opi = 0;
			break;
		default:
			/* Others' operands are ULEB128s, as many as given. */
			for (op = 0; op < std[code]; op++)
				rd_leb(&r, false);
			break;
		}
	}
#undef ADVANCE
}

/* Line rows through libdwarf, when .debug_line cannot be read directly. */
static void
index_lines(struct walk *w, Dwarf_Die cu)
{
	Dwarf_Error e = NULL;
	Dwarf_Unsigned ver, lineno, fileno;
	Dwarf_Small tcount;
	Dwarf_Line_Context ctx;
	Dwarf_Line *lines;
	Dwarf_Signed n, i;
	Dwarf_Addr addr;
	Dwarf_Bool end;

	if (dwarf_srclines_b(cu, &ver, &tcount, &ctx, &e) != DW_DLV_OK) {
		dw_err(w, e);
		return;
	}
	if (dwarf_srclines_from_linecontext(ctx, &lines, &n, &e) !=
	    DW_DLV_OK) {
		dw_err(w, e);
		dwarf_srclines_dealloc_b(ctx);
		return;
	}
	for (i = 0; i < n && w->o->nrow < SYMOBJ_MAX_ROWS; i++) {
		if (dwarf_lineaddr(lines[i], &addr, &e) != DW_DLV_OK ||
		    dwarf_lineno(lines[i], &lineno, &e) != DW_DLV_OK ||
		    dwarf_line_srcfileno(lines[i], &fileno, &e) !=
		    DW_DLV_OK ||
		    dwarf_lineendsequence(lines[i], &end, &e) != DW_DLV_OK) {
			dw_err(w, e);
			break;
		}
		add_row(w, addr, fileno, lineno >= UINT32_MAX ? 0 :
		    (int64_t)lineno, end != 0);
	}
	dwarf_srclines_dealloc_b(ctx);
}

static bool
origin_eq(const void *ctx, uint32_t i)
{
	const struct walk *w = ctx;

	return w->origin_off[i] == w->origin_off[w->norigin];
}

/* DIE's attribute at, if it has one (a libdwarf error is recorded). */
static bool
die_attr(struct walk *w, Dwarf_Die die, Dwarf_Half at, Dwarf_Attribute *a)
{
	Dwarf_Error e = NULL;
	int rc;

	if ((rc = dwarf_attr(die, at, a, &e)) == DW_DLV_OK)
		return true;
	if (rc == DW_DLV_ERROR)
		dw_err(w, e);
	return false;
}

/* End of a die_*() read of a: record an error, free a, say if it read. */
static bool
die_attr_done(struct walk *w, Dwarf_Attribute a, int rc, Dwarf_Error e)
{
	if (rc == DW_DLV_ERROR)
		dw_err(w, e);
	dwarf_dealloc_attribute(a);
	return rc == DW_DLV_OK;
}

static bool
die_string(struct walk *w, Dwarf_Die die, Dwarf_Half at, char **s)
{
	Dwarf_Attribute a;
	Dwarf_Error e = NULL;

	if (!die_attr(w, die, at, &a))
		return false;
	return die_attr_done(w, a, dwarf_formstring(a, s, &e), e);
}

static bool
die_ref(struct walk *w, Dwarf_Die die, Dwarf_Half at, Dwarf_Off *off)
{
	Dwarf_Attribute a;
	Dwarf_Error e = NULL;

	if (!die_attr(w, die, at, &a))
		return false;
	return die_attr_done(w, a, dwarf_global_formref(a, off, &e), e);
}

static bool
die_udata(struct walk *w, Dwarf_Die die, Dwarf_Half at, Dwarf_Unsigned *v)
{
	Dwarf_Attribute a;
	Dwarf_Error e = NULL;
	Dwarf_Signed sv;
	int rc;

	if (!die_attr(w, die, at, &a))
		return false;
	if ((rc = dwarf_formudata(a, v, &e)) == DW_DLV_ERROR) {
		/* DW_FORM_implicit_const (DWARF 5) reads as signed only. */
		dw_err(w, e);
		e = NULL;
		rc = dwarf_formsdata(a, &sv, &e);
		if (rc == DW_DLV_OK && sv < 0)
			rc = DW_DLV_NO_ENTRY;
		else if (rc == DW_DLV_OK)
			*v = (Dwarf_Unsigned)sv;
	}
	return die_attr_done(w, a, rc, e);
}

/*
 * A function DIE's name: its linkage (mangled) name if it or a DIE it
 * refers to (abstract origin, specification) has one, else the first
 * plain name found on the way.  Cached by the offset of the DIE referred
 * to, since many inlined copies share one origin.
 */
static uint32_t
die_name(struct walk *w, Dwarf_Die die, int depth)
{
	Dwarf_Die other;
	Dwarf_Error e = NULL;
	Dwarf_Off off;
	char *s;
	uint32_t name = 0, sub;
	uint32_t idx;
	size_t slot;
	uint64_t h;

	if (die_string(w, die, DW_AT_linkage_name, &s) ||
	    die_string(w, die, DW_AT_MIPS_linkage_name, &s))
		return strtab_intern_str(&w->o->strs, s);
	if (die_string(w, die, DW_AT_name, &s))
		name = strtab_intern_str(&w->o->strs, s);
	if (depth >= SYMOBJ_MAX_ORIGIN)
		return name;
	if (!die_ref(w, die, DW_AT_abstract_origin, &off) &&
	    !die_ref(w, die, DW_AT_specification, &off))
		return name;
	w->origin_off = grow(w->origin_off, &w->caporigin, w->norigin,
	    sizeof *w->origin_off);
	w->origin_name = xreallocarray(w->origin_name, w->caporigin,
	    sizeof *w->origin_name);
	w->origin_off[w->norigin] = off;
	h = hash_pair(off, 0x6f726967);
	if ((idx = hashtab_find(&w->origin_tab, h, origin_eq, w, &slot)) !=
	    HASHTAB_NONE)
		sub = w->origin_name[idx];
	else {
		sub = 0;
		if (dwarf_offdie_b(w->dbg, off, 1, &other, &e) == DW_DLV_OK) {
			sub = die_name(w, other, depth + 1);
			dwarf_dealloc_die(other);
		} else
			dw_err(w, e);
		/* The recursion may have added entries: look again. */
		w->origin_off = grow(w->origin_off, &w->caporigin, w->norigin,
		    sizeof *w->origin_off);
		w->origin_name = xreallocarray(w->origin_name, w->caporigin,
		    sizeof *w->origin_name);
		w->origin_off[w->norigin] = off;
		if (hashtab_find(&w->origin_tab, h, origin_eq, w, &slot) ==
		    HASHTAB_NONE) {
			w->origin_name[w->norigin] = sub;
			hashtab_add(&w->origin_tab, slot, h,
			    (uint32_t)w->norigin);
			w->norigin++;
		}
	}
	/* A linkage name found through the reference wins. */
	if (sub != 0 && strncmp(strtab_get(&w->o->strs, sub), "_Z", 2) == 0)
		return sub;
	return name != 0 ? name : sub;
}

/* Append die's address ranges to *r (*n of *cap); returns how many. */
/*
 * DW_AT_high_pc as an address: an address form, or an offset from lo.
 * Read here rather than with dwarf_highpc_b(), which (20210528) loses
 * an error object of its own on some malformed forms.
 */
static int
die_highpc(struct walk *w, Dwarf_Die die, Dwarf_Addr lo, Dwarf_Addr *hi)
{
	Dwarf_Attribute a;
	Dwarf_Error e = NULL;
	Dwarf_Half form;
	Dwarf_Unsigned u;
	int rc;

	if (!die_attr(w, die, DW_AT_high_pc, &a))
		return DW_DLV_NO_ENTRY;
	if ((rc = dwarf_whatform(a, &form, &e)) == DW_DLV_OK) {
		switch (form) {
		case DW_FORM_addr:
		case DW_FORM_addrx:
		case DW_FORM_addrx1:
		case DW_FORM_addrx2:
		case DW_FORM_addrx3:
		case DW_FORM_addrx4:
		case DW_FORM_GNU_addr_index:
			rc = dwarf_formaddr(a, hi, &e);
			break;
		default:
			if ((rc = dwarf_formudata(a, &u, &e)) == DW_DLV_OK)
				*hi = lo + u;
			break;
		}
	}
	die_attr_done(w, a, rc, e);
	return rc;
}

static size_t
die_ranges(struct walk *w, Dwarf_Die die, struct symobj_range **r,
    size_t *n, size_t *cap, uint32_t node)
{
	Dwarf_Error e = NULL;
	Dwarf_Addr lo, hi, base;
	Dwarf_Half form;
	Dwarf_Attribute a;
	Dwarf_Unsigned off, cnt, global, i, raw1, raw2, c1, c2;
	Dwarf_Rnglists_Head head;
	Dwarf_Ranges *rb;
	Dwarf_Signed rcnt, k;
	Dwarf_Off real;
	Dwarf_Bool unavail;
	unsigned elen, code;
	size_t added = 0;
	int rc;

#define ADD_RANGE(l, h_) do {						\
	if ((h_) > (l) && added < SYMOBJ_MAX_DIE_RANGES) {		\
		*r = grow(*r, cap, *n, sizeof **r);			\
		(*r)[*n].lo = (l);					\
		(*r)[*n].hi = (h_);					\
		(*r)[*n].node = node;					\
		(*n)++;							\
		added++;						\
	}								\
} while (0)

	if (dwarf_lowpc(die, &lo, &e) == DW_DLV_OK) {
		if ((rc = die_highpc(w, die, lo, &hi)) == DW_DLV_OK) {
			if (lo != 0)
				ADD_RANGE(lo, hi);
			return added;
		}
		/* A unit's low_pc may be the base of its ranges. */
		if (rc == DW_DLV_ERROR)
			return added;
	} else
		dw_err(w, e);
	e = NULL;
	if (!die_attr(w, die, DW_AT_ranges, &a))
		return 0;
	if (dwarf_whatform(a, &form, &e) != DW_DLV_OK) {
		dw_err(w, e);
		dwarf_dealloc_attribute(a);
		return 0;
	}
	if (form == DW_FORM_rnglistx)
		rc = dwarf_formudata(a, &off, &e);
	else
		rc = dwarf_global_formref(a, &off, &e);
	if (rc != DW_DLV_OK) {
		dw_err(w, e);
		dwarf_dealloc_attribute(a);
		return 0;
	}
	if (w->version >= 5) {
		if (dwarf_rnglists_get_rle_head(a, form, off, &head, &cnt,
		    &global, &e) != DW_DLV_OK) {
			dw_err(w, e);
			dwarf_dealloc_attribute(a);
			return 0;
		}
		for (i = 0; i < cnt; i++) {
			if (dwarf_get_rnglists_entry_fields_a(head, i, &elen,
			    &code, &raw1, &raw2, &unavail, &c1, &c2, &e) !=
			    DW_DLV_OK) {
				dw_err(w, e);
				break;
			}
			if (code == DW_RLE_end_of_list)
				break;
			if (code == DW_RLE_base_address ||
			    code == DW_RLE_base_addressx || unavail)
				continue;
			if (c1 != 0)
				ADD_RANGE(c1, c2);
		}
		dwarf_dealloc_rnglists_head(head);
		dwarf_dealloc_attribute(a);
		return added;
	}
	dwarf_dealloc_attribute(a);
	if (dwarf_get_ranges_b(w->dbg, off, die, &real, &rb, &rcnt, &cnt,
	    &e) != DW_DLV_OK) {
		dw_err(w, e);
		return 0;
	}
	base = w->cu_base;
	for (k = 0; k < rcnt; k++) {
		if (rb[k].dwr_type == DW_RANGES_END)
			break;
		if (rb[k].dwr_type == DW_RANGES_ADDRESS_SELECTION)
			base = rb[k].dwr_addr2;
		else if (base + rb[k].dwr_addr1 != 0)
			ADD_RANGE(base + rb[k].dwr_addr1,
			    base + rb[k].dwr_addr2);
	}
	dwarf_ranges_dealloc(w->dbg, rb, rcnt);
	return added;
#undef ADD_RANGE
}

/* Whether a wanted address is in any of r[n]. */
static bool
ranges_wanted(const struct symobj *o, const struct symobj_range *r,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (wanted(o, r[i].lo, r[i].hi))
			return true;
	return false;
}

static uint32_t
new_node(struct walk *w, uint32_t name, uint32_t parent)
{
	struct symobj *o = w->o;
	struct symobj_node *nd;
	uint32_t id;

	o->nodes = grow(o->nodes, &o->capnode, o->nnode, sizeof *o->nodes);
	id = (uint32_t)o->nnode++;
	nd = &o->nodes[id];
	nd->name = name;
	nd->call_file = 0;
	nd->call_line = 0;
	nd->first_child = SYMOBJ_NONE;
	nd->next = SYMOBJ_NONE;
	nd->range_off = 0;
	nd->nrange = 0;
	if (parent != SYMOBJ_NONE) {
		nd->next = o->nodes[parent].first_child;
		o->nodes[parent].first_child = id;
	}
	return id;
}

static void walk_children(struct walk *, Dwarf_Die, uint32_t, int);

static void
walk_die(struct walk *w, Dwarf_Die die, uint32_t parent, int depth)
{
	struct symobj *o = w->o;
	Dwarf_Error e = NULL;
	Dwarf_Half tag;
	Dwarf_Unsigned v;
	uint32_t node;
	size_t ntop;

	if (++w->ndies > SYMOBJ_MAX_DIES || o->nnode >= SYMOBJ_MAX_NODES) {
		w->stop = true;
		return;
	}
	if (dwarf_tag(die, &tag, &e) != DW_DLV_OK) {
		dw_err(w, e);
		return;
	}
	switch (tag) {
	case DW_TAG_subprogram:
		node = (uint32_t)o->nnode;
		ntop = o->ntop;
		if (die_ranges(w, die, &o->tops, &o->ntop, &o->captop,
		    node) == 0 || !ranges_wanted(o, o->tops + ntop,
		    o->ntop - ntop)) {
			/*
			 * A declaration, an abstract instance, or code
			 * that no wanted address is in (which may still
			 * hold a nested function that one is in).
			 */
			o->ntop = ntop;
			walk_children(w, die, SYMOBJ_NONE, depth + 1);
			return;
		}
		new_node(w, die_name(w, die, 0), SYMOBJ_NONE);
		walk_children(w, die, node, depth + 1);
		return;
	case DW_TAG_inlined_subroutine:
		if (parent == SYMOBJ_NONE)
			return;
		node = new_node(w, die_name(w, die, 0), parent);
		o->nodes[node].range_off = (uint32_t)o->nrange;
		o->nodes[node].nrange = (uint32_t)die_ranges(w, die,
		    &o->ranges, &o->nrange, &o->caprange, node);
		if (die_udata(w, die, DW_AT_call_file, &v))
			o->nodes[node].call_file = unit_file(w, v);
		if (die_udata(w, die, DW_AT_call_line, &v))
			o->nodes[node].call_line = v >= UINT32_MAX ? 0 :
			    (uint32_t)v;
		walk_children(w, die, node, depth + 1);
		return;
	case DW_TAG_class_type:
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
		/* C's have only members: not worth a look at each. */
		if (w->lang_c)
			return;
		walk_children(w, die, parent, depth + 1);
		return;
	case DW_TAG_lexical_block:
	case DW_TAG_namespace:
	case DW_TAG_module:
		walk_children(w, die, parent, depth + 1);
		return;
	default:
		return;
	}
}

static void
walk_children(struct walk *w, Dwarf_Die die, uint32_t parent, int depth)
{
	Dwarf_Die c, next;
	Dwarf_Error e = NULL;
	int rc;

	if (depth > SYMOBJ_MAX_DEPTH || w->stop)
		return;
	if ((rc = dwarf_child(die, &c, &e)) != DW_DLV_OK) {
		if (rc == DW_DLV_ERROR)
			dw_err(w, e);
		return;
	}
	for (;;) {
		walk_die(w, c, parent, depth);
		if (w->stop) {
			dwarf_dealloc_die(c);
			return;
		}
		rc = dwarf_siblingof_b(w->dbg, c, 1, &next, &e);
		dwarf_dealloc_die(c);
		if (rc != DW_DLV_OK) {
			if (rc == DW_DLV_ERROR)
				dw_err(w, e);
			return;
		}
		c = next;
	}
}

static int
range_cmp(const void *a, const void *b)
{
	const struct symobj_range *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	return (x->node > y->node) - (x->node < y->node);
}

/* A unit's DW_AT_stmt_list: its offset in .debug_line. */
static bool
die_stmt_list(struct walk *w, Dwarf_Die die, uint64_t *off)
{
	Dwarf_Attribute a;
	Dwarf_Error e = NULL;
	Dwarf_Half form;
	Dwarf_Off ref;
	Dwarf_Unsigned u;
	int rc;

	if (!die_attr(w, die, DW_AT_stmt_list, &a))
		return false;
	if ((rc = dwarf_whatform(a, &form, &e)) == DW_DLV_OK) {
		/* DWARF 2 and 3 give it as data4 or data8. */
		if (form == DW_FORM_sec_offset) {
			rc = dwarf_global_formref(a, &ref, &e);
			u = ref;
		} else
			rc = dwarf_formudata(a, &u, &e);
		if (rc == DW_DLV_OK)
			*off = u;
	}
	return die_attr_done(w, a, rc, e);
}

/*
 * .debug_line's bytes from elf, decompressed (by libelf, before libdwarf
 * sees the section) if SHF_COMPRESSED; NULL if absent or compressed the
 * old GNU way (.zdebug_line), which libdwarf reads on its own.
 */
static const unsigned char *
line_section(Elf *elf, size_t *size)
{
	Elf_Scn *scn;
	GElf_Shdr sh;
	Elf_Data *d;

	if ((scn = find_section(elf, ".debug_line", &sh)) == NULL ||
	    sh.sh_type == SHT_NOBITS)
		return NULL;
	if ((sh.sh_flags & SHF_COMPRESSED) != 0 &&
	    elf_compress(scn, 0, 0) < 0)
		return NULL;
	if ((d = elf_getdata(scn, NULL)) == NULL || d->d_buf == NULL)
		return NULL;
	*size = d->d_size;
	return d->d_buf;
}

/*
 * Whether every unit header of a DWARF 5 range or location list section
 * (the same header) is whole and sane.  libdwarf (20210528) loads them
 * while reading the first unit and frees memory twice on a truncated
 * one, so a file with any is not given to it.
 */
static bool
lists_ok(Elf *elf, const char *name, bool big_endian)
{
	Elf_Scn *scn;
	GElf_Shdr sh;
	Elf_Data *d;
	struct rd r;
	uint64_t len, count, asz;
	bool off64;

	if ((scn = find_section(elf, name, &sh)) == NULL ||
	    sh.sh_type == SHT_NOBITS)
		return true;
	if ((sh.sh_flags & SHF_COMPRESSED) != 0 &&
	    elf_compress(scn, 0, 0) < 0)
		return false;
	if ((d = elf_getdata(scn, NULL)) == NULL || d->d_buf == NULL)
		return d == NULL || d->d_size == 0;
	r.p = d->d_buf;
	r.end = r.p + d->d_size;
	r.be = big_endian;
	r.bad = false;
	while (r.p < r.end) {
		off64 = false;
		if ((len = rd_uint(&r, 4)) == 0xffffffff) {
			len = rd_uint(&r, 8);
			off64 = true;
		} else if (len >= 0xfffffff0)
			return false;
		if (r.bad || len < 8 || len > (uint64_t)(r.end - r.p))
			return false;
		/* Version 5, addresses of 4 or 8 bytes. */
		if (rd_uint(&r, 2) != 5)
			return false;
		asz = rd_uint(&r, 1);
		if (asz != 4 && asz != 8)
			return false;
		rd_uint(&r, 1);		/* segment selector size */
		count = rd_uint(&r, 4);
		if (count > (len - 8) / (off64 ? 8 : 4))
			return false;
		r.p += len - 8;
	}
	return true;
}

static void
index_dwarf(struct symobj *o)
{
	struct walk w;
	struct symobj_elf reopened;
	char *cause = NULL;
	GElf_Ehdr eh;
	Dwarf_Unsigned lang;
	uint64_t stmt;
	Dwarf_Error e = NULL;
	Dwarf_Unsigned len, toff, next;
	Dwarf_Half ver, asz, lsz, esz, cutype;
	Dwarf_Off abbr;
	Dwarf_Sig8 sig;
	Dwarf_Die cu;
	Elf *elf;
	int rc;

	o->indexed = true;
	o->index_all = !o->wants;
	/* Indexing again, for more addresses. */
	if (o->debug.elf == NULL && o->debug_path != NULL) {
		if (elf_open_file(o->debug_path, &reopened, &cause) == -1) {
			free(cause);
			return;
		}
		o->debug = reopened;
	}
	elf = o->debug.elf != NULL ? o->debug.elf : o->main.elf;
	if (!elf_has_dwarf(elf)) {
		elf_close(&o->debug);
		return;
	}
	memset(&w, 0, sizeof w);
	w.o = o;
	hashtab_init(&w.origin_tab);
	w.line_sec = line_section(elf, &w.line_size);
	w.big_endian = gelf_getehdr(elf, &eh) != NULL &&
	    eh.e_ident[EI_DATA] == ELFDATA2MSB;
	if (!lists_ok(elf, ".debug_rnglists", w.big_endian) ||
	    !lists_ok(elf, ".debug_loclists", w.big_endian)) {
		hashtab_release(&w.origin_tab);
		elf_close(&o->debug);
		return;
	}
	rows_reset(&w);
	/*
	 * libdwarf tracks its allocations, so that dwarf_finish() frees
	 * what its own error paths lose on malformed DWARF (the error of
	 * an attribute of a bad form, of a .debug_str that cannot be
	 * loaded: tests/fuzz/regress/elf/highpc-error-leak).  Now that only
	 * the units and functions the profile needs are walked, this costs
	 * nothing measurable (bench/symbolize.sh's profile: 0.39-0.53 s of
	 * CPU with it or without, on a noisy machine).
	 */
	dwarf_set_de_alloc_flag(1);
	if (dwarf_elf_init_b(elf, DW_DLC_READ, DW_GROUPNUMBER_ANY, NULL, NULL,
	    &w.dbg, &e) != DW_DLV_OK) {
		if (e != NULL)
			dwarf_dealloc_error(NULL, e);
		elf_close(&o->debug);
		return;
	}
	while (!w.stop) {
		e = NULL;
		rc = dwarf_next_cu_header_d(w.dbg, 1, &len, &ver, &abbr, &asz,
		    &lsz, &esz, &sig, &toff, &next, &cutype, &e);
		if (rc != DW_DLV_OK) {
			dw_err(&w, e);
			break;
		}
		if (dwarf_siblingof_b(w.dbg, NULL, 1, &cu, &e) != DW_DLV_OK) {
			dw_err(&w, e);
			continue;
		}
		w.version = ver;
		w.cu_base = 0;
		if (dwarf_lowpc(cu, &w.cu_base, &e) != DW_DLV_OK) {
			dw_err(&w, e);
			w.cu_base = 0;
		}
		w.cu = cu;
		w.lang_c = false;
		e = NULL;
		if (dwarf_srclang(cu, &lang, &e) == DW_DLV_OK)
			w.lang_c = lang == DW_LANG_C89 || lang == DW_LANG_C ||
			    lang == DW_LANG_C99 || lang == DW_LANG_C11;
		else
			dw_err(&w, e);
		w.nfiles = 0;
		w.srcfiles_read = false;
		w.srcfiles = NULL;
		w.nsrcfiles = 0;
		/*
		 * Every unit's rows, since a sequence may run past the
		 * unit's ranges (into the padding after a function); but
		 * only the functions of a unit that has a wanted address.
		 */
		if (w.line_sec == NULL)
			index_lines(&w, cu);
		else if (die_stmt_list(&w, cu, &stmt))
			decode_lines(&w, stmt);
		rows_reset(&w);
		w.ncu_range = 0;
		if (!o->wants || die_ranges(&w, cu, &w.cu_ranges, &w.ncu_range,
		    &w.capcu_range, 0) == 0 || ranges_wanted(o, w.cu_ranges,
		    w.ncu_range))
			walk_children(&w, cu, SYMOBJ_NONE, 0);
		if (w.srcfiles != NULL) {
			Dwarf_Signed i;

			for (i = 0; i < w.nsrcfiles; i++)
				dwarf_dealloc(w.dbg, w.srcfiles[i],
				    DW_DLA_STRING);
			dwarf_dealloc(w.dbg, w.srcfiles, DW_DLA_LIST);
		}
		dwarf_dealloc_die(cu);
	}
	dwarf_finish(w.dbg, &e);
	free(w.files);
	free(w.cu_ranges);
	free(w.origin_off);
	free(w.origin_name);
	hashtab_release(&w.origin_tab);
	if (o->nrow > 0)
		qsort(o->rows, o->nrow, sizeof *o->rows, row_cmp);
	if (o->ntop > 0)
		qsort(o->tops, o->ntop, sizeof *o->tops, range_cmp);
	/* The debug file's job is done: keep only the index. */
	elf_close(&o->debug);
}

#else

static void
index_dwarf(struct symobj *o)
{
	o->indexed = true;
}

#endif /* HAVE_LIBDWARF */

/* Lookup ------------------------------------------------------------------ */

static bool
range_has(const struct symobj_range *r, uint64_t a)
{
	return r->lo <= a && a < r->hi;
}

/* The innermost subprogram whose ranges hold addr, or SYMOBJ_NONE. */
static uint32_t
find_top(const struct symobj *o, uint64_t addr)
{
	size_t lo = sorted_find_u64(o->tops, o->ntop, sizeof *o->tops,
	    offsetof(struct symobj_range, lo), addr, true), i, k;
	uint32_t best = SYMOBJ_NONE;
	uint64_t bestlen = UINT64_MAX;

	/* lo: first range starting above addr; look back a little. */
	for (i = lo, k = 0; i > 0 && k < 16; i--, k++) {
		const struct symobj_range *r = &o->tops[i - 1];

		if (range_has(r, addr) && r->hi - r->lo < bestlen) {
			best = r->node;
			bestlen = r->hi - r->lo;
		}
	}
	return best;
}

static const struct symobj_row *
find_row(const struct symobj *o, uint64_t addr)
{
	size_t lo = sorted_find_u64(o->rows, o->nrow, sizeof *o->rows,
	    offsetof(struct symobj_row, addr), addr, true);

	if (lo == 0 || o->rows[lo - 1].line == UINT32_MAX)
		return NULL;
	return &o->rows[lo - 1];
}

static const struct symobj_sym *
find_sym(const struct symobj *o, uint64_t addr)
{
	size_t lo = sorted_find_u64(o->syms, o->nsym, sizeof *o->syms,
	    offsetof(struct symobj_sym, addr), addr, true);
	const struct symobj_sym *s;

	if (lo == 0)
		return NULL;
	s = &o->syms[lo - 1];
	/* The first of the names at that address. */
	while (s > o->syms && s[-1].addr == s->addr)
		s--;
	if (s->size != 0 && addr - s->addr >= s->size)
		return NULL;
	return s;
}

size_t
symobj_lookup(struct symobj *o, uint64_t addr, struct symobj_frame *frames)
{
	uint32_t chain[SYMOBJ_MAX_FRAMES];
	size_t n = 0, i, k;
	uint32_t node, c;
	const struct symobj_row *row;
	const struct symobj_sym *sym;
	const struct symobj_node *nd;
	bool found;

	if (o->wants && !o->index_all && ((i = want_from(o, addr)) == o->nwant ||
	    o->want[i] != addr))
		symobj_want(o, &addr, 1);
	if (!o->indexed)
		index_dwarf(o);
	row = find_row(o, addr);
	sym = find_sym(o, addr);
	node = find_top(o, addr);
	/* The chain of nodes from the subprogram down to the innermost. */
	while (node != SYMOBJ_NONE && n < SYMOBJ_MAX_FRAMES) {
		chain[n++] = node;
		found = false;
		for (c = o->nodes[node].first_child, k = 0;
		    c != SYMOBJ_NONE && k < o->nnode; c = o->nodes[c].next,
		    k++) {
			nd = &o->nodes[c];
			for (i = 0; i < nd->nrange; i++)
				if (range_has(&o->ranges[nd->range_off + i],
				    addr))
					break;
			if (i < nd->nrange) {
				node = c;
				found = true;
				break;
			}
		}
		if (!found)
			break;
	}
	if (n == 0) {
		if (row == NULL && sym == NULL)
			return 0;
		frames[0].name = sym != NULL ? strtab_get(&o->strs,
		    sym->name) : "";
		frames[0].file = row != NULL ? strtab_get(&o->strs,
		    row->file) : "";
		frames[0].line = row != NULL ? row->line : 0;
		return 1;
	}
	for (i = 0; i < n; i++) {
		nd = &o->nodes[chain[n - 1 - i]];
		frames[i].name = strtab_get(&o->strs, nd->name);
		if (i == 0) {
			frames[i].file = row != NULL ? strtab_get(&o->strs,
			    row->file) : "";
			frames[i].line = row != NULL ? row->line : 0;
		} else {
			const struct symobj_node *inner =
			    &o->nodes[chain[n - i]];

			frames[i].file = strtab_get(&o->strs,
			    inner->call_file);
			frames[i].line = inner->call_line;
		}
	}
	/*
	 * The outermost (physical) function is named by the symbol table
	 * when a symbol holds the address, as llvm-symbolizer (pprof's
	 * symbolizer) does: the symbol has the linkage name where DWARF may
	 * have none (a lambda's operator()) and the exported name of an
	 * alias (__libc_start_main for __libc_start_main_impl).
	 */
	if (sym != NULL)
		frames[n - 1].name = strtab_get(&o->strs, sym->name);
	return n;
}

/* Disassembly ------------------------------------------------------------ */

size_t
symobj_nfunction(const struct symobj *o)
{
	return o->nsym;
}

void
symobj_function(const struct symobj *o, size_t i, const char **name,
    uint64_t *addr)
{
	*name = strtab_get(&o->strs, o->syms[i].name);
	*addr = o->syms[i].addr;
}

uint64_t
symobj_next_symbol(const struct symobj *o, uint64_t addr)
{
	size_t lo = sorted_find_u64(o->bounds, o->nbound, sizeof *o->bounds,
	    offsetof(struct symobj_bound, addr), addr, true);

	return lo < o->nbound ? o->bounds[lo].addr : UINT64_MAX;
}

bool
symobj_nearest_any(const struct symobj *o, uint64_t addr, const char **name,
    uint64_t *symaddr)
{
	size_t lo = sorted_find_u64(o->bounds, o->nbound, sizeof *o->bounds,
	    offsetof(struct symobj_bound, addr), addr, true);

	if (lo == 0 || o->bounds[lo - 1].name == 0)
		return false;
	*name = strtab_get(&o->strs, o->bounds[lo - 1].name);
	*symaddr = o->bounds[lo - 1].addr;
	return true;
}

bool
symobj_nearest(const struct symobj *o, uint64_t addr, const char **name,
    uint64_t *symaddr, uint64_t *size)
{
	size_t lo = sorted_find_u64(o->syms, o->nsym, sizeof *o->syms,
	    offsetof(struct symobj_sym, addr), addr, true);

	if (lo == 0)
		return false;
	lo--;
	while (lo > 0 && o->syms[lo - 1].addr == o->syms[lo].addr)
		lo--;
	*name = strtab_get(&o->strs, o->syms[lo].name);
	*symaddr = o->syms[lo].addr;
	*size = o->syms[lo].size;
	return true;
}

int
symobj_machine(const struct symobj *o, bool *elf64)
{
	*elf64 = o->elf64;
	return o->machine;
}

bool
symobj_in_plt(struct symobj *o, uint64_t addr)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstrndx, i;
	const char *name;

	/* The .plt* sections' ranges, found once. */
	if (!o->pltsec_read) {
		o->pltsec_read = true;
		if (elf_getshdrstrndx(o->main.elf, &shstrndx) != 0)
			return false;
		while ((scn = elf_nextscn(o->main.elf, scn)) != NULL &&
		    o->npltsec < SYMOBJ_MAX_PLTSEC) {
			if (gelf_getshdr(scn, &sh) == NULL)
				continue;
			name = elf_strptr(o->main.elf, shstrndx, sh.sh_name);
			if (name == NULL || strncmp(name, ".plt", 4) != 0)
				continue;
			o->pltsec[o->npltsec].lo = sh.sh_addr;
			o->pltsec[o->npltsec++].hi = sh.sh_addr + sh.sh_size;
		}
	}
	for (i = 0; i < o->npltsec; i++)
		if (addr >= o->pltsec[i].lo && addr < o->pltsec[i].hi)
			return true;
	return false;
}

struct plt_slot {
	uint64_t	got;
	uint32_t	sym;
};

static int
plt_slot_cmp(const void *a, const void *b)
{
	const struct plt_slot *x = a, *y = b;

	return (x->got > y->got) - (x->got < y->got);
}

/*
 * The x86-64 PLT: each entry's jmp *GOT(%rip) names a GOT slot, and the
 * .rela.plt relocation of that slot the function.  Entries are in
 * .plt.sec (with IBT) or in .plt after its first.  The relocations are
 * sorted once, so that a large PLT costs n log n.
 */
static void
read_plt(struct symobj *o)
{
	Elf *elf = o->main.elf;
	Elf_Scn *plt, *rela, *dsym;
	GElf_Shdr psh, rsh, dsh;
	GElf_Rela r;
	GElf_Sym sym;
	Elf_Data *pd, *rd, *dd;
	const unsigned char *b;
	struct plt_slot *slots, key, *hit;
	uint64_t ent;
	size_t i, k, nrela, nslot = 0, first = 0;
	int32_t disp;
	const char *name;

	o->plt_read = true;
	if (o->machine != EM_X86_64)
		return;
	if ((plt = find_section(elf, ".plt.sec", &psh)) == NULL) {
		plt = find_section(elf, ".plt", &psh);
		first = 1;
	}
	if (plt == NULL || (rela = find_section(elf, ".rela.plt", &rsh)) ==
	    NULL || rsh.sh_entsize == 0 ||
	    (dsym = elf_getscn(elf, rsh.sh_link)) == NULL ||
	    gelf_getshdr(dsym, &dsh) == NULL ||
	    (pd = elf_getdata(plt, NULL)) == NULL || pd->d_buf == NULL ||
	    (rd = elf_getdata(rela, NULL)) == NULL ||
	    (dd = elf_getdata(dsym, NULL)) == NULL)
		return;
	nrela = rsh.sh_size / rsh.sh_entsize;
	if (nrela == 0)
		return;
	if (nrela > 65536)
		nrela = 65536;
	slots = xreallocarray(NULL, nrela, sizeof *slots);
	for (i = 0; i < nrela; i++) {
		if (gelf_getrela(rd, (int)i, &r) == NULL)
			break;
		slots[nslot].got = r.r_offset;
		slots[nslot++].sym = (uint32_t)GELF_R_SYM(r.r_info);
	}
	if (nslot > 1)
		qsort(slots, nslot, sizeof *slots, plt_slot_cmp);
	for (i = first; (i + 1) * 16 <= pd->d_size && o->nplt < 65536; i++) {
		b = (const unsigned char *)pd->d_buf + i * 16;
		ent = psh.sh_addr + i * 16;
		for (k = 0; k + 6 <= 16; k++)
			if (b[k] == 0xff && b[k + 1] == 0x25)
				break;
		if (k + 6 > 16)
			continue;
		memcpy(&disp, b + k + 2, sizeof disp);	/* little-endian */
		key.got = ent + k + 6 + (uint64_t)(int64_t)disp;
		if (nslot == 0 || (hit = bsearch(&key, slots, nslot,
		    sizeof *slots, plt_slot_cmp)) == NULL)
			continue;
		if (gelf_getsym(dd, (int)hit->sym, &sym) == NULL ||
		    (name = elf_strptr(elf, dsh.sh_link, sym.st_name)) ==
		    NULL || *name == '\0')
			continue;
		o->plt_addr = xreallocarray(o->plt_addr, o->nplt + 1,
		    sizeof *o->plt_addr);
		o->plt_name = xreallocarray(o->plt_name, o->nplt + 1,
		    sizeof *o->plt_name);
		o->plt_addr[o->nplt] = ent;
		o->plt_name[o->nplt++] = strtab_intern_str(&o->strs, name);
	}
	free(slots);
}

const char *
symobj_plt_name(struct symobj *o, uint64_t addr)
{
	size_t lo;

	if (!o->plt_read)
		read_plt(o);
	/* Entries were added in address order. */
	lo = sorted_find_u64(o->plt_addr, o->nplt, sizeof *o->plt_addr, 0, addr,
	    false);
	return lo < o->nplt && o->plt_addr[lo] == addr ?
	    strtab_get(&o->strs, o->plt_name[lo]) : NULL;
}

size_t
symobj_code(const struct symobj *o, uint64_t addr, const unsigned char **buf)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	Elf_Data *d;

	/* The object's own sections: a debug file has none with code. */
	while ((scn = elf_nextscn(o->main.elf, scn)) != NULL) {
		if (gelf_getshdr(scn, &sh) == NULL ||
		    sh.sh_type != SHT_PROGBITS ||
		    (sh.sh_flags & SHF_EXECINSTR) == 0 ||
		    addr < sh.sh_addr || addr - sh.sh_addr >= sh.sh_size)
			continue;
		/* libelf checks that the section lies inside the file. */
		if ((d = elf_getdata(scn, NULL)) == NULL || d->d_buf == NULL ||
		    d->d_size != sh.sh_size)
			return 0;
		*buf = (const unsigned char *)d->d_buf + (addr - sh.sh_addr);
		return (size_t)(sh.sh_size - (addr - sh.sh_addr));
	}
	return 0;
}
