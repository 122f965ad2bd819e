/*
 * symbolize.c: find each mapping's binary and debug info, give bare
 * addresses their lines, demangle C++ names.
 *
 * pprof symbolizes after reading and before its reports, with binutils;
 * cpv does it with symobj.c (libelf, libdwarf) and caches everything in
 * a struct symbolize: each binary is opened and indexed once per run,
 * each (binary, address) answered once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gelf.h>

#if defined(HAVE_LIBIBERTY)
#include <libiberty/demangle.h>
#endif

#include "hash.h"
#include "hashtab.h"
#include "profile.h"
#include "sort.h"
#include "strbuf.h"
#include "strtab.h"
#include "symbolize.h"
#include "symobj.h"
#include "symbolize-int.h"
#include "vis.h"
#include "warn.h"
#include "xmalloc.h"

/* A text symbol table: /proc/kallsyms or a perf JIT map. */
struct textsyms {
	uint64_t	*addr;
	uint64_t	*size;		/* 0: up to the next symbol */
	uint32_t	*name;		/* in the symbolizer's strs */
	size_t		 n;
};

enum obj_kind {
	OBJ_NONE,		/* looked for, not found */
	OBJ_ELF,
	OBJ_TEXT,		/* kallsyms, perf map: addresses as they are */
};

struct obj {
	enum obj_kind	 kind;
	char		*path;		/* what was opened, for warnings */
	struct symobj	*elf;
	struct textsyms	 text;
	bool		 warned;
};

/* An answer: lines [off, off + n) of the answer arrays. */
struct answer {
	uint32_t	obj;
	uint64_t	addr;
	uint32_t	off;
	uint32_t	n;
};

struct ans_frame {
	uint32_t	name;	/* in the symbolizer's strs */
	uint32_t	file;
	int64_t		line;
};

struct symbolize {
	struct symbolize_options o;
	struct strtab		 strs;		/* names and files */
	struct strtab		 keys;		/* objects: build id, file */
	struct obj		*objs;		/* by key id: see obj_for() */
	size_t			 nobj;
	struct hashtab		 ans_tab;
	struct answer		*ans;
	size_t			 nans, capans;
	struct ans_frame	*frames;
	size_t			 nframes, capframes;
	bool			 warned_nodwarf;
};

bool
symbolize_available(void)
{
#if defined(HAVE_LIBDWARF)
	return true;
#else
	return false;
#endif
}

int
symbolize_parse(const char *spec, struct symbolize_options *o,
    char **cause)
{
	char *copy, *s, *w;
	int rc = 0;

	memset(o, 0, sizeof *o);
	s = copy = xstrdup(spec);
	while ((w = strsep(&s, ":")) != NULL) {
		if (*w == '\0' || strcmp(w, "local") == 0 ||
		    strcmp(w, "fastlocal") == 0 ||
		    strcmp(w, "demangle=default") == 0)
			continue;
		if (strcmp(w, "none") == 0 || strcmp(w, "no") == 0)
			o->none = true;
		else if (strcmp(w, "force") == 0)
			o->force = true;
		else if (strcmp(w, "demangle=none") == 0) {
			o->demangle = SYMBOLIZE_DEMANGLE_NONE;
			o->force = true;
		} else if (strcmp(w, "demangle=full") == 0) {
			o->demangle = SYMBOLIZE_DEMANGLE_FULL;
			o->force = true;
		} else if (strcmp(w, "demangle=templates") == 0) {
			o->demangle = SYMBOLIZE_DEMANGLE_TEMPLATES;
			o->force = true;
		} else {
			struct strbuf sb = STRBUF_INIT;

			vis_addstr(&sb, w, 0);
			*cause = xasprintf("-symbolize: unknown value '%s' "
			    "(expected none, local, force, "
			    "demangle=none|full|templates)", sb.buf);
			strbuf_release(&sb);
			rc = -1;
			break;
		}
	}
	free(copy);
	return rc;
}

struct symbolize *
symbolize_create(const struct symbolize_options *o)
{
	struct symbolize *s;

	s = xcalloc(1, sizeof *s);
	s->o = *o;
	strtab_init(&s->strs);
	strtab_init(&s->keys);
	hashtab_init(&s->ans_tab);
	return s;
}

static void
textsyms_release(struct textsyms *t)
{
	free(t->addr);
	free(t->size);
	free(t->name);
}

void
symbolize_free(struct symbolize *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nobj; i++) {
		symobj_free(s->objs[i].elf);
		textsyms_release(&s->objs[i].text);
		free(s->objs[i].path);
	}
	free(s->objs);
	strtab_release(&s->strs);
	strtab_release(&s->keys);
	hashtab_release(&s->ans_tab);
	free(s->ans);
	free(s->frames);
	free(s);
}

/* Finding files --------------------------------------------------------- */

/* A list of places looked at, for the warning. */
struct looked {
	struct strbuf	sb;
	size_t		n;
};

static void
looked_add(struct looked *l, const char *path, const char *why)
{
	if (l->n++ > 0)
		strbuf_addstr(&l->sb, ", ");
	vis_addstr(&l->sb, path, 0);
	if (why != NULL)
		strbuf_addf(&l->sb, " (%s)", why);
}

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * Open path as the mapping's binary: it must exist, be ELF and, when
 * both are known, have the build id wanted.
 */
static struct symobj *
try_binary(const char *path, const char *build_id, struct looked *l)
{
	struct symobj *o;
	char *cause = NULL;

	if (!is_file(path)) {
		looked_add(l, path, "absent");
		return NULL;
	}
	if ((o = symobj_open(path, &cause)) == NULL) {
		looked_add(l, path, cause);
		free(cause);
		return NULL;
	}
	if (build_id != NULL && *build_id != '\0' &&
	    *symobj_build_id(o) != '\0' &&
	    strcmp(build_id, symobj_build_id(o)) != 0) {
		looked_add(l, path, "other build id");
		symobj_free(o);
		return NULL;
	}
	return o;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* The build-id paths for id: dir/xx/rest + suffix. */
static char *
build_id_path(const char *dir, const char *id, const char *suffix)
{
	return xasprintf("%s/.build-id/%.2s/%s%s", dir, id, id + 2, suffix);
}

static bool
valid_build_id(const char *id)
{
	size_t n = strspn(id, "0123456789abcdefABCDEF");

	return n >= 4 && id[n] == '\0' && n <= 128;
}

/* Attach separate debug info to o if it has no DWARF of its own. */
static void
find_debug(struct symobj *o, const char *binpath, struct looked *l)
{
	const char *id = symobj_build_id(o), *link, *home;
	char *cand[8], *dir, *slash, *cause = NULL;
	size_t n = 0, i;
	bool done = false;

	if (symobj_has_dwarf(o))
		return;
	home = getenv("HOME");
	if (valid_build_id(id)) {
		cand[n++] = build_id_path("/usr/lib/debug", id, ".debug");
		if (home != NULL && *home == '/') {
			char *d = xasprintf("%s/.debug", home);

			cand[n++] = build_id_path(d, id, "/debug");
			cand[n++] = build_id_path(d, id, ".debug");
			free(d);
		}
	}
	if ((link = symobj_debuglink(o)) != NULL) {
		dir = xstrdup(binpath);
		slash = strrchr(dir, '/');
		if (slash != NULL)
			*slash = '\0';
		else {
			free(dir);
			dir = xstrdup(".");
		}
		cand[n++] = xasprintf("%s/%s", dir, link);
		cand[n++] = xasprintf("%s/.debug/%s", dir, link);
		cand[n++] = xasprintf("/usr/lib/debug%s%s/%s",
		    *dir == '/' ? "" : "/", dir, link);
		free(dir);
	}
	for (i = 0; i < n; i++) {
		if (done || strcmp(cand[i], binpath) == 0) {
			free(cand[i]);
			continue;
		}
		if (!is_file(cand[i]))
			looked_add(l, cand[i], "absent");
		else if (symobj_attach_debug(o, cand[i], &cause) == 0)
			done = true;
		else {
			looked_add(l, cand[i], cause);
			free(cause);
			cause = NULL;
		}
		free(cand[i]);
	}
	if (!done && n == 0)
		looked_add(l, binpath, "no DWARF, no build id, no debuglink");
}

/*
 * Read a text symbol table: "ADDR [SIZE] TYPE NAME" (kallsyms) or
 * "START SIZE NAME" (perf map).  Lines that do not parse are skipped.
 */
static bool
read_textsyms(struct symbolize *s, const char *path, bool kallsyms,
    struct textsyms *t)
{
	FILE *f;
	char *line = NULL, *p, *end;
	size_t cap = 0, tcap = 0;
	ssize_t len;
	uint64_t a, sz;
	bool nonzero = false;

	if ((f = fopen(path, "r")) == NULL)
		return false;
	while ((len = getline(&line, &cap, f)) > 0 && t->n < (1u << 24)) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		errno = 0;
		a = strtoull(line, &end, 16);
		if (end == line || *end != ' ' || errno != 0)
			continue;
		p = end + 1;
		sz = 0;
		if (kallsyms) {
			/* "t name [module]": text symbols only. */
			if (strchr("tTwW", *p) == NULL || p[1] != ' ')
				continue;
			p += 2;
			if ((end = strchr(p, '\t')) != NULL)
				*end = '\0';
		} else {
			sz = strtoull(p, &end, 16);
			if (end == p || *end != ' ')
				continue;
			p = end + 1;
		}
		if (a != 0)
			nonzero = true;
		if (t->n == tcap) {
			tcap = tcap == 0 ? 1024 : tcap * 2;
			t->addr = xreallocarray(t->addr, tcap,
			    sizeof *t->addr);
			t->size = xreallocarray(t->size, tcap,
			    sizeof *t->size);
			t->name = xreallocarray(t->name, tcap,
			    sizeof *t->name);
		}
		t->addr[t->n] = a;
		t->size[t->n] = sz;
		t->name[t->n] = strtab_intern_str(&s->strs, p);
		t->n++;
	}
	free(line);
	fclose(f);
	/* Without privilege kallsyms shows every address as 0. */
	if (!nonzero) {
		textsyms_release(t);
		memset(t, 0, sizeof *t);
		return false;
	}
	/* Sort by address (insertion into a copy: keep it simple, n log n). */
	{
		size_t *idx = xcalloc(t->n, sizeof *idx), i, j, k, w;
		uint64_t *na, *ns;
		uint32_t *nn;

		for (i = 0; i < t->n; i++)
			idx[i] = i;
		/* Shell sort on idx by address, then by position. */
		for (k = t->n / 2; k > 0; k /= 2)
			for (i = k; i < t->n; i++)
				for (j = i; j >= k && (t->addr[idx[j - k]] >
				    t->addr[idx[j]] || (t->addr[idx[j - k]] ==
				    t->addr[idx[j]] && idx[j - k] > idx[j]));
				    j -= k) {
					w = idx[j];
					idx[j] = idx[j - k];
					idx[j - k] = w;
				}
		na = xcalloc(t->n, sizeof *na);
		ns = xcalloc(t->n, sizeof *ns);
		nn = xcalloc(t->n, sizeof *nn);
		for (i = 0; i < t->n; i++) {
			na[i] = t->addr[idx[i]];
			ns[i] = t->size[idx[i]];
			nn[i] = t->name[idx[i]];
		}
		free(idx);
		textsyms_release(t);
		t->addr = na;
		t->size = ns;
		t->name = nn;
	}
	return true;
}

static uint32_t
textsyms_lookup(const struct textsyms *t, uint64_t a)
{
	size_t lo = sorted_find_u64(t->addr, t->n, sizeof *t->addr, 0, a, true);

	if (lo == 0)
		return 0;
	lo--;
	if (t->size[lo] != 0 && a - t->addr[lo] >= t->size[lo])
		return 0;
	return t->name[lo];
}

/* cpv's own vdso, as an ELF image in memory. */
static struct symobj *
open_vdso(void)
{
	const unsigned char *base;
	const Elf64_Ehdr *eh;
	const Elf64_Phdr *ph;
	size_t i, size = 0, sh_end, page;
	char *cause = NULL;
	struct symobj *o;

	base = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);
	if (base == NULL || memcmp(base, ELFMAG, SELFMAG) != 0 ||
	    base[EI_CLASS] != ELFCLASS64)
		return NULL;
	eh = (const Elf64_Ehdr *)base;
	ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD &&
		    ph[i].p_offset + ph[i].p_filesz > size)
			size = ph[i].p_offset + ph[i].p_filesz;
	if (size == 0)
		return NULL;
	/*
	 * The section headers (and with them the symbols) follow the
	 * loaded part, on the image's last page.
	 */
	page = getauxval(AT_PAGESZ);
	sh_end = eh->e_shoff + (size_t)eh->e_shnum * eh->e_shentsize;
	if (page != 0 && sh_end > size && eh->e_shoff >= size &&
	    sh_end <= (size + page - 1) / page * page)
		size = sh_end;
	o = symobj_open_mem(base, size, &cause);
	free(cause);
	return o;
}

static bool
is_kernel(const char *file)
{
	return strncmp(file, "[kernel.kallsyms]", 17) == 0 ||
	    strcmp(file, "[kernel]") == 0;
}

/* Whether file is a perf JIT map, /tmp/perf-PID.map. */
static bool
is_perf_map(const char *file)
{
	size_t n;

	if (strncmp(file, "/tmp/perf-", 10) != 0)
		return false;
	n = strspn(file + 10, "0123456789");
	return n > 0 && strcmp(file + 10 + n, ".map") == 0;
}

/*
 * Look for the binary file (with build id id, "" if none); main: it is
 * the profile's main mapping, which the command line's binary may be.
 */
static void
find_object(struct symbolize *s, const char *file, const char *id,
    bool main, struct obj *ob, struct looked *l)
{
	const char *home, *base;
	char *path, *list, *dir, *sp;
	struct symobj *o = NULL;
	char *found = NULL;

	if (is_kernel(file)) {
		/* $CPV_KALLSYMS: another machine's copy (and the tests'). */
		const char *ks = getenv("CPV_KALLSYMS");

		if (ks == NULL || *ks == '\0')
			ks = "/proc/kallsyms";
		if (read_textsyms(s, ks, true, &ob->text))
			ob->kind = OBJ_TEXT;
		else
			looked_add(l, ks, "not readable, or no addresses");
		return;
	}
	if (is_perf_map(file)) {
		if (read_textsyms(s, file, false, &ob->text))
			ob->kind = OBJ_TEXT;
		else
			looked_add(l, file, "not readable");
		return;
	}
	if (strcmp(file, "[vdso]") == 0) {
		if ((ob->elf = open_vdso()) != NULL)
			ob->kind = OBJ_ELF;
		else
			looked_add(l, "[vdso]", "no vdso");
		return;
	}
	/*
	 * 1: the binary on the command line, for the main mapping (as
	 * go tool pprof BINARY PROFILE) or a mapping of the same name.
	 */
	if (s->o.binary != NULL) {
		if (main)
			o = try_binary(s->o.binary, NULL, l);
		else if (strcmp(base_name(file), base_name(s->o.binary)) == 0)
			o = try_binary(s->o.binary, id, l);
		if (o != NULL)
			found = xstrdup(s->o.binary);
	}
	base = base_name(file);
	/* 2: $PPROF_BINARY_PATH. */
	if (o == NULL && *base != '\0' &&
	    (list = getenv("PPROF_BINARY_PATH")) != NULL) {
		list = xstrdup(list);
		for (sp = list; o == NULL &&
		    (dir = strsep(&sp, ":")) != NULL; ) {
			if (*dir == '\0')
				continue;
			if (*id != '\0') {
				path = xasprintf("%s/%s/%s", dir, id, base);
				if ((o = try_binary(path, id, l)) != NULL)
					found = path;
				else
					free(path);
			}
			if (o == NULL) {
				path = xasprintf("%s/%s", dir, base);
				if ((o = try_binary(path, id, l)) != NULL)
					found = path;
				else
					free(path);
			}
		}
		free(list);
	}
	/* 3: the recorded path. */
	if (o == NULL && *file == '/') {
		if ((o = try_binary(file, id, l)) != NULL)
			found = xstrdup(file);
	}
	/* 4: by build id: a binary, or a debug file that has it all. */
	if (o == NULL && valid_build_id(id)) {
		char *cand[3];
		size_t i, n = 0;

		home = getenv("HOME");
		if (home != NULL && *home == '/') {
			char *d = xasprintf("%s/.debug", home);

			cand[n++] = build_id_path(d, id, "");
			cand[n++] = build_id_path(d, id, "/elf");
			free(d);
		}
		cand[n++] = build_id_path("/usr/lib/debug", id, ".debug");
		for (i = 0; i < n; i++) {
			if (o == NULL && (o = try_binary(cand[i], id, l)) !=
			    NULL)
				found = cand[i];
			else
				free(cand[i]);
		}
	}
	if (o == NULL) {
		if (l->n == 0)
			looked_add(l, *file != '\0' ? file : "(no file name)",
			    "no path, no build id");
		return;
	}
	find_debug(o, found, l);
	ob->path = found;
	ob->elf = o;
	ob->kind = OBJ_ELF;
}

/* Resolving --------------------------------------------------------------- */

struct ans_key {
	const struct symbolize	*s;
	uint32_t		 obj;
	uint64_t		 addr;
};

static bool
ans_eq(const void *ctx, uint32_t i)
{
	const struct ans_key *k = ctx;

	return k->s->ans[i].obj == k->obj && k->s->ans[i].addr == k->addr;
}

static void
add_frame(struct symbolize *s, const char *name, const char *file,
    int64_t line)
{
	if (s->nframes == s->capframes) {
		s->capframes = s->capframes == 0 ? 1024 : s->capframes * 2;
		s->frames = xreallocarray(s->frames, s->capframes,
		    sizeof *s->frames);
	}
	s->frames[s->nframes].name = strtab_intern_str(&s->strs, name);
	s->frames[s->nframes].file = strtab_intern_str(&s->strs, file);
	s->frames[s->nframes].line = line;
	s->nframes++;
}

/* The answer for address a (as the object links it) of object oi. */
static const struct answer *
resolve(struct symbolize *s, uint32_t oi, uint64_t a)
{
	struct symobj_frame fr[SYMOBJ_MAX_FRAMES];
	struct ans_key k = { s, oi, a };
	struct obj *ob = &s->objs[oi];
	struct answer *an;
	uint32_t idx, name;
	size_t slot, n, i;
	uint64_t h;

	h = hash_pair(oi, a);
	if ((idx = hashtab_find(&s->ans_tab, h, ans_eq, &k, &slot)) !=
	    HASHTAB_NONE)
		return &s->ans[idx];
	if (s->nans == s->capans) {
		s->capans = s->capans == 0 ? 1024 : s->capans * 2;
		s->ans = xreallocarray(s->ans, s->capans, sizeof *s->ans);
	}
	an = &s->ans[s->nans];
	an->obj = oi;
	an->addr = a;
	an->off = (uint32_t)s->nframes;
	an->n = 0;
	if (ob->kind == OBJ_ELF) {
		n = symobj_lookup(ob->elf, a, fr);
		for (i = 0; i < n; i++)
			add_frame(s, fr[i].name, fr[i].file, fr[i].line);
		an->n = (uint32_t)n;
	} else if (ob->kind == OBJ_TEXT &&
	    (name = textsyms_lookup(&ob->text, a)) != 0) {
		add_frame(s, strtab_get(&s->strs, name), "", 0);
		an->n = 1;
	}
	hashtab_add(&s->ans_tab, slot, h, (uint32_t)s->nans);
	return &s->ans[s->nans++];
}

/* The profile's functions, deduplicated by name, system name, file. */
struct fn_index {
	struct profile	*p;
	struct hashtab	 tab;
	uint32_t	 name, sys, file;
	size_t		 cap;		/* of p->functions */
};

static uint64_t
fn_hash(uint32_t name, uint32_t sys, uint32_t file)
{
	return hash_pair(hash_pair(name, sys), file);
}

static bool
fn_eq(const void *ctx, uint32_t i)
{
	const struct fn_index *x = ctx;
	const struct profile_function *f = &x->p->functions[i];

	return f->name == x->name && f->system_name == x->sys &&
	    f->filename == x->file && f->start_line == 0;
}

static uint32_t
fn_intern(struct fn_index *x, uint32_t name, uint32_t file)
{
	struct profile *p = x->p;
	struct profile_function *f;
	uint32_t idx;
	size_t slot;
	uint64_t h;

	x->name = x->sys = name;
	x->file = file;
	h = fn_hash(name, name, file);
	if ((idx = hashtab_find(&x->tab, h, fn_eq, x, &slot)) !=
	    HASHTAB_NONE)
		return idx;
	/* Doubled: one more each time is a copy (or mremap) each time. */
	if (p->nfunction >= x->cap) {
		x->cap = x->cap < 64 ? 64 : x->cap * 2;
		p->functions = xreallocarray(p->functions, x->cap,
		    sizeof *p->functions);
	}
	f = &p->functions[p->nfunction];
	memset(f, 0, sizeof *f);
	f->id = p->nfunction + 1;
	f->name = name;
	f->system_name = name;
	f->filename = file;
	idx = (uint32_t)p->nfunction++;
	hashtab_add(&x->tab, slot, h, idx);
	return idx;
}

/*
 * The address the object links for runtime address a in mapping m:
 * through the file offset and the PT_LOAD holding it.  A mapping without
 * a start (pprof's fake one) holds link-time addresses already.
 */
static bool
link_address(const struct obj *ob, const struct profile_mapping *m,
    uint64_t a, uint64_t *out)
{
	if (ob->kind != OBJ_ELF || (m->start == 0 && m->offset == 0 &&
	    m->limit == UINT64_MAX)) {
		*out = a;
		return true;
	}
	if (a < m->start)
		return false;
	return symobj_offset_to_addr(ob->elf, a - m->start + m->offset, out);
}

/*
 * The object of binary file with build id id (an index into s->objs),
 * found once per (file, build id) with a warning naming the mapping
 * [start, limit) when it cannot be; UINT32_MAX if not found.  main: the
 * profile's main mapping (see find_object()).
 */
static uint32_t
object_for(struct symbolize *s, const char *file, const char *id,
    bool main, uint64_t start, uint64_t limit)
{
	struct strbuf key = STRBUF_INIT;
	struct looked l;
	uint32_t kid;

	/* The main mapping may take the command line's binary. */
	main = main && s->o.binary != NULL;
	strbuf_addf(&key, "%s%s\n%s", main ? "0:" : "", id, file);
	kid = strtab_intern(&s->keys, key.buf, key.len);
	strbuf_release(&key);
	if (kid >= s->nobj) {
		s->objs = xreallocarray(s->objs, kid + 1, sizeof *s->objs);
		memset(s->objs + s->nobj, 0,
		    (kid + 1 - s->nobj) * sizeof *s->objs);
		s->nobj = kid + 1;
		memset(&l, 0, sizeof l);
		strbuf_init(&l.sb);
		find_object(s, file, id, main, &s->objs[kid], &l);
		if (s->objs[kid].kind == OBJ_NONE && !s->o.quiet) {
			struct strbuf name = STRBUF_INIT;

			vis_addstr(&name, *file ? file : "(unnamed)", 0);
			warn_printf("cannot symbolize mapping %s "
			    "(%#llx-%#llx%s%s): looked at: %s",
			    name.buf, (unsigned long long)start,
			    (unsigned long long)limit,
			    *id ? ", build id " : "", id, l.sb.buf);
			strbuf_release(&name);
		}
		strbuf_release(&l.sb);
	}
	return s->objs[kid].kind != OBJ_NONE ? kid : UINT32_MAX;
}

/* The object of mapping mi of p, as object_for(). */
static uint32_t
object_of(struct symbolize *s, const struct profile *p, size_t mi)
{
	const struct profile_mapping *m = &p->mappings[mi];

	return object_for(s, profile_str(p, m->file),
	    profile_str(p, m->build_id), mi == 0, m->start, m->limit);
}

struct symobj *
symbolize_object(struct symbolize *s, const struct profile *p, size_t mi,
    uint32_t *id)
{
	uint32_t oi = object_of(s, p, mi);

	if (oi == UINT32_MAX || s->objs[oi].kind != OBJ_ELF)
		return NULL;
	*id = oi;
	return s->objs[oi].elf;
}

struct symobj *
symbolize_object_file(struct symbolize *s, const char *file,
    const char *build_id, uint64_t start, uint64_t limit, uint32_t *id)
{
	uint32_t oi = object_for(s, file, build_id, false, start, limit);

	if (oi == UINT32_MAX || s->objs[oi].kind != OBJ_ELF)
		return NULL;
	*id = oi;
	return s->objs[oi].elf;
}

struct symobj *
symbolize_object_by_id(struct symbolize *s, uint32_t id)
{
	return id < s->nobj && s->objs[id].kind == OBJ_ELF ? s->objs[id].elf :
	    NULL;
}

bool
symbolize_link_address(struct symbolize *s, uint32_t id,
    const struct profile_mapping *m, uint64_t a, uint64_t *out)
{
	return link_address(&s->objs[id], m, a, out);
}

/* Whether location loc is one symbolize_locations() answers. */
static bool
to_answer(const struct symbolize *s, const struct profile_location *loc,
    const bool *want)
{
	return loc->address != 0 && loc->mapping != PROFILE_NONE &&
	    want[loc->mapping] && (loc->nline == 0 || s->o.force);
}

struct obj_addr {
	uint32_t	obj;
	uint64_t	addr;
};

static int
obj_addr_cmp(const void *a, const void *b)
{
	const struct obj_addr *x = a, *y = b;

	if (x->obj != y->obj)
		return x->obj < y->obj ? -1 : 1;
	return (x->addr > y->addr) - (x->addr < y->addr);
}

/*
 * Tell each ELF object every address it will be asked about, so that it
 * indexes only the DWARF they need (symobj_want()).
 */
static void
tell_wanted(struct symbolize *s, const struct profile *p, const bool *want,
    const uint32_t *objof)
{
	struct obj_addr *v;
	uint64_t *addrs;
	size_t i, j, n = 0;
	uint32_t oi;
	uint64_t la;

	if (p->nlocation == 0)
		return;
	v = xreallocarray(NULL, p->nlocation, sizeof *v);
	for (i = 0; i < p->nlocation; i++) {
		const struct profile_location *loc = &p->locations[i];

		if (!to_answer(s, loc, want) ||
		    (oi = objof[loc->mapping]) == UINT32_MAX ||
		    s->objs[oi].kind != OBJ_ELF ||
		    !link_address(&s->objs[oi], &p->mappings[loc->mapping],
		    loc->address, &la))
			continue;
		v[n].obj = oi;
		v[n++].addr = la;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, obj_addr_cmp);
	addrs = xreallocarray(NULL, n + 1, sizeof *addrs);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && v[j].obj == v[i].obj; j++)
			addrs[j - i] = v[j].addr;
		symobj_want(s->objs[v[i].obj].elf, addrs, j - i);
	}
	free(addrs);
	free(v);
}

static void
symbolize_locations(struct symbolize *s, struct profile *p)
{
	uint32_t *objof;
	size_t *answered;
	struct fn_index fx;
	size_t i, j, cap;
	bool *want;
	uint64_t la;

	want = xcalloc(p->nmapping + 1, sizeof *want);
	for (i = 0; i < p->nlocation; i++) {
		const struct profile_location *loc = &p->locations[i];

		if (loc->address == 0 || loc->mapping == PROFILE_NONE ||
		    (loc->nline > 0 && !s->o.force))
			continue;
		if (!s->o.force && (p->mappings[loc->mapping].flags &
		    MAPPING_HAS_FUNCTIONS))
			continue;
		want[loc->mapping] = true;
	}
	/* Each wanted mapping's object, found once per (file, build id). */
	objof = xcalloc(p->nmapping + 1, sizeof *objof);
	for (i = 0; i < p->nmapping; i++)
		objof[i] = want[i] ? object_of(s, p, i) : UINT32_MAX;
#if !defined(HAVE_LIBDWARF)
	for (i = 0; i < p->nmapping; i++)
		if (want[i] && !s->warned_nodwarf) {
			warn_printf("cpv was built without libdwarf: names come "
			    "from symbol tables only, without files, lines or "
			    "inlined frames (install libdwarf-dev and "
			    "libiberty-dev, then configure again)");
			s->warned_nodwarf = true;
		}
#endif
	tell_wanted(s, p, want, objof);
	memset(&fx, 0, sizeof fx);
	fx.p = p;
	fx.cap = p->nfunction;
	hashtab_init(&fx.tab);
	for (i = 0; i < p->nfunction; i++) {
		const struct profile_function *f = &p->functions[i];

		if (f->start_line == 0)
			hashtab_insert(&fx.tab, fn_hash(f->name,
			    f->system_name, f->filename), (uint32_t)i);
	}
	answered = xcalloc(p->nmapping + 1, sizeof *answered);
	cap = p->nline;
	for (i = 0; i < p->nlocation; i++) {
		struct profile_location *loc = &p->locations[i];
		const struct answer *an;
		uint32_t oi, off;

		if (!to_answer(s, loc, want) ||
		    (oi = objof[loc->mapping]) == UINT32_MAX)
			continue;
		if (!link_address(&s->objs[oi], &p->mappings[loc->mapping],
		    loc->address, &la))
			continue;
		an = resolve(s, oi, la);
		if (an->n == 0)
			continue;
		answered[loc->mapping]++;
		off = an->off;
		if (p->nline + an->n > cap) {
			cap = (p->nline + an->n) * 2;
			p->lines = xreallocarray(p->lines, cap,
			    sizeof *p->lines);
		}
		loc->line_off = (uint32_t)p->nline;
		loc->nline = an->n;
		for (j = 0; j < an->n; j++) {
			const struct ans_frame *f = &s->frames[off + j];
			struct profile_line *ln = &p->lines[p->nline++];
			const char *nm = strtab_get(&s->strs, f->name);
			const char *fl = strtab_get(&s->strs, f->file);

			ln->function = fn_intern(&fx,
			    strtab_intern_str(&p->strings, nm),
			    strtab_intern_str(&p->strings, fl));
			ln->line = f->line;
			ln->column = 0;
		}
	}
	/* A binary found that knew none of the addresses: say which. */
	for (i = 0; i < p->nmapping; i++) {
		struct obj *ob;
		struct strbuf name = STRBUF_INIT, path = STRBUF_INIT;

		if (!want[i] || objof[i] == UINT32_MAX || answered[i] > 0)
			continue;
		ob = &s->objs[objof[i]];
		if (ob->warned)
			continue;
		ob->warned = true;
		vis_addstr(&name, *profile_str(p, p->mappings[i].file) ?
		    profile_str(p, p->mappings[i].file) : "(unnamed)", 0);
		vis_addstr(&path, ob->path != NULL ? ob->path :
		    profile_str(p, p->mappings[i].file), 0);
		warn_printf("cannot symbolize mapping %s: %s has no symbols "
		    "for its addresses (truncated, stripped, or another "
		    "build?)", name.buf, path.buf);
		strbuf_release(&name);
		strbuf_release(&path);
	}
	free(answered);
	for (i = 0; i < p->nmapping; i++)
		if (want[i] && objof[i] != UINT32_MAX)
			p->mappings[i].flags |= MAPPING_HAS_FUNCTIONS |
			    MAPPING_HAS_FILENAMES | MAPPING_HAS_LINE_NUMBERS |
			    MAPPING_HAS_INLINE_FRAMES;
	hashtab_release(&fx.tab);
	free(objof);
	free(want);
}

/* Demangling ---------------------------------------------------------- */

#if defined(HAVE_LIBIBERTY)
static void
demangle_out(const char *s, size_t n, void *arg)
{
	strbuf_add(arg, s, n);
}
#endif

/*
 * name demangled as mode asks, or NULL if it is not a mangled name.
 * libiberty's callback interface allocates nothing of its own (its
 * cplus_demangle() would pull in libiberty's xmalloc, which cpv has).
 */
char *
symbolize_demangle(const char *name, enum symbolize_demangle mode)
{
#if defined(HAVE_LIBIBERTY)
	struct strbuf sb = STRBUF_INIT;
	char *clone;
	int opts = DMGL_ANSI;

	if (strncmp(name, "_Z", 2) != 0)
		return NULL;
	if (mode == SYMBOLIZE_DEMANGLE_FULL)
		opts |= DMGL_PARAMS;
	if (!cplus_demangle_v3_callback(name, opts, demangle_out, &sb) ||
	    sb.len == 0) {
		strbuf_release(&sb);
		return NULL;
	}
	strbuf_addch(&sb, '\0');
	/* pprof drops GCC's " [clone .constprop.0]" suffixes. */
	while ((clone = strstr(sb.buf, " [clone ")) != NULL)
		*clone = '\0';
	if (mode == SYMBOLIZE_DEMANGLE_DEFAULT)
		profile_remove_matching(sb.buf, '<', '>');
	return strbuf_detach(&sb, NULL);
#else
	(void)name;
	(void)mode;
	return NULL;
#endif
}

static void
demangle_functions(struct symbolize *s, struct profile *p)
{
	size_t i;
	char *d;

	if (s->o.demangle == SYMBOLIZE_DEMANGLE_NONE)
		return;
	for (i = 0; i < p->nfunction; i++) {
		struct profile_function *f = &p->functions[i];

		if (s->o.force && f->name != 0 && f->system_name != 0)
			f->name = f->system_name;
		if (f->name != 0 && f->name != f->system_name)
			continue;
		if ((d = symbolize_demangle(profile_str(p, f->system_name),
		    s->o.demangle)) == NULL)
			continue;
		f->name = strtab_intern_str(&p->strings, d);
		free(d);
	}
}

void
symbolize_profile(struct symbolize *s, struct profile *p)
{
	if (s->o.none)
		return;
	symbolize_locations(s, p);
	demangle_functions(s, p);
}

unsigned int
symbolize_probe_image(const void *buf, unsigned long len,
    unsigned long long addr)
{
	struct symobj_frame fr[SYMOBJ_MAX_FRAMES];
	struct symobj *o;
	char *cause = NULL;
	uint64_t a;
	size_t n = 0;

	if ((o = symobj_open_mem(buf, len, &cause)) == NULL) {
		free(cause);
		return 0;
	}
	/*
	 * Half the addresses through an index of wanted addresses (addr
	 * first, then a, which indexes again), as profiles are; the others
	 * through the full index.
	 */
	if (addr & 0x10) {
		a = addr;
		symobj_want(o, &a, 1);
	}
	if (symobj_offset_to_addr(o, addr, &a))
		n = symobj_lookup(o, a, fr);
	n += symobj_lookup(o, addr, fr);
	/* What -disasm reads: code, the PLT, the symbols of any kind. */
	{
		const unsigned char *code;
		const char *name;
		uint64_t at;

		if (symobj_code(o, addr, &code) > 0 && code[0] == 0xc3)
			n++;
		if (symobj_plt_name(o, addr) != NULL)
			n++;
		if (symobj_nearest_any(o, addr, &name, &at) && *name == '_')
			n++;
		if (symobj_next_symbol(o, addr) != UINT64_MAX)
			n++;
	}
	symobj_free(o);
	return (unsigned int)n;
}
