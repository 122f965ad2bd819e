/*
 * disasm.c: functions of a binary and their instructions, for -disasm
 * (see disasm.h).
 *
 * The binaries are the symbolizer's (symbolize-int.h): found once, where
 * symbolization looks, with its warnings.  Instructions are decoded with
 * libcapstone and spelled as close to llvm-objdump (which pprof prefers
 * to GNU objdump) as capstone's output allows: mnemonic, a tab, the
 * operands; numbers in decimal except branch targets, which are hex and
 * followed by the function they land in, "<outer+0x10>".
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>

#if defined(HAVE_CAPSTONE)
#include <capstone/capstone.h>
#endif

#include "disasm.h"
#include "profile.h"
#include "rx.h"
#include "strbuf.h"
#include "symbolize.h"
#include "symbolize-int.h"
#include "symobj.h"
#include "xmalloc.h"

bool
disasm_available(void)
{
#if defined(HAVE_CAPSTONE)
	return true;
#else
	return false;
#endif
}

void
disasm_routines_free(struct disasm_routine *v, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		for (j = 0; j < v[i].naka; j++)
			free(v[i].aka[j]);
		free(v[i].aka);
	}
	free(v);
}

void
disasm_insns_free(struct disasm_insn *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].function);
		free(v[i].file);
		free(v[i].inlined);
	}
	free(v);
}

/*
 * The name of a function that rx matches, as pprof tries them: as it is,
 * then demangled with parameters, without, and without templates; the
 * form that matched (allocated), or NULL.
 */
static char *
match_name(const char *name, const struct rx *rx)
{
	static const enum symbolize_demangle modes[] = {
		SYMBOLIZE_DEMANGLE_FULL,
		SYMBOLIZE_DEMANGLE_TEMPLATES,
		SYMBOLIZE_DEMANGLE_DEFAULT,
	};
	size_t i;
	char *d;

	if (rx_match_str(rx, name))
		return xstrdup(name);
	for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		if ((d = symbolize_demangle(name, modes[i])) == NULL)
			return NULL;
		if (rx_match_str(rx, d))
			return d;
		free(d);
	}
	return NULL;
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Whether one of the sorted addresses extra[0..n) is in [lo, hi). */
static bool
holds_extra(const uint64_t *extra, size_t n, uint64_t lo, uint64_t hi)
{
	size_t a = 0, b = n, mid;

	while (a < b) {
		mid = a + (b - a) / 2;
		if (extra[mid] < lo)
			a = mid + 1;
		else
			b = mid;
	}
	return a < n && extra[a] < hi;
}

static void
add_routine(struct disasm_routine **v, size_t *n, uint32_t obj, size_t mi,
    uint64_t start, uint64_t end, char *name)
{
	struct disasm_routine *r;

	*v = xreallocarray(*v, *n + 1, sizeof **v);
	r = &(*v)[(*n)++];
	memset(r, 0, sizeof *r);
	r->name = name;
	r->obj = obj;
	r->mapping = mi;
	r->start = start;
	r->end = end;
}

size_t
disasm_find(struct symbolize *s, const struct profile *p, size_t mi,
    const struct rx *rx, const uint64_t *addr, const uint64_t *extra,
    size_t nextra, struct disasm_routine **v, size_t *n)
{
	struct symobj *o;
	const char *name;
	uint64_t a, next, la = 0;
	uint32_t id;
	uint64_t *seen = NULL;
	size_t i, j, k, nf, added = 0, nseen = 0;
	bool have_la = false;
	char *m;

	if ((o = symbolize_object(s, p, mi, &id)) == NULL)
		return 0;
	/* The object's functions found through another mapping. */
	for (k = 0; k < *n; k++)
		if ((*v)[k].obj == id) {
			seen = xreallocarray(seen, nseen + 1, sizeof *seen);
			seen[nseen++] = (*v)[k].start;
		}
	if (nseen > 1)
		qsort(seen, nseen, sizeof *seen, u64_cmp);
	if (addr != NULL)
		have_la = symbolize_link_address(s, id, &p->mappings[mi],
		    *addr, &la);
	nf = symobj_nfunction(o);
	for (i = 0; i < nf; i = j) {
		symobj_function(o, i, &name, &a);
		for (j = i + 1; j < nf; j++) {
			uint64_t b;

			symobj_function(o, j, &name, &b);
			if (b != a)
				break;
		}
		next = symobj_next_symbol(o, a);
		if (nseen > 0 && bsearch(&a, seen, nseen, sizeof *seen,
		    u64_cmp) != NULL)
			continue;
		/* An address: every name of the function holding it. */
		if (addr != NULL && ((*addr >= a && *addr < next) ||
		    (have_la && la >= a && la < next))) {
			struct disasm_routine *r;

			symobj_function(o, i, &name, &a);
			add_routine(v, n, id, mi, a, next, xstrdup(name));
			r = &(*v)[*n - 1];
			if (j - i > 1) {
				r->aka = xreallocarray(NULL, j - i - 1,
				    sizeof *r->aka);
				for (k = i + 1; k < j; k++) {
					symobj_function(o, k, &name, &a);
					r->aka[r->naka++] = xstrdup(name);
				}
			}
			added++;
			continue;
		}
		m = NULL;
		for (k = i; k < j && m == NULL; k++) {
			symobj_function(o, k, &name, &a);
			m = match_name(name, rx);
		}
		if (m == NULL && holds_extra(extra, nextra, a, next)) {
			symobj_function(o, i, &name, &a);
			m = xstrdup(name);
		}
		if (m != NULL) {
			add_routine(v, n, id, mi, a, next, m);
			added++;
		}
	}
	free(seen);
	return added;
}

bool
disasm_link_address(struct symbolize *s, const struct profile *p,
    size_t mi, uint64_t a, uint32_t *obj, uint64_t *la)
{
	if (symbolize_object(s, p, mi, obj) == NULL)
		return false;
	return symbolize_link_address(s, *obj, &p->mappings[mi], a, la);
}

#if defined(HAVE_CAPSTONE)

/* name demangled as objdump --demangle does, into sb. */
static void
add_demangled(struct strbuf *sb, const char *name)
{
	char *d = symbolize_demangle(name, SYMBOLIZE_DEMANGLE_FULL);

	strbuf_addstr(sb, d != NULL ? d : name);
	free(d);
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* Whether an instruction's bare number is a code address. */
static bool
is_branch(const char *mn)
{
	return mn[0] == 'j' || strncmp(mn, "call", 4) == 0 ||
	    strncmp(mn, "loop", 4) == 0 || strncmp(mn, "xbegin", 6) == 0 ||
	    /* AArch64 */
	    strcmp(mn, "b") == 0 || strncmp(mn, "b.", 2) == 0 ||
	    strcmp(mn, "bl") == 0 || strncmp(mn, "cb", 2) == 0 ||
	    strncmp(mn, "tb", 2) == 0;
}

/*
 * The instruction as llvm-objdump spells it, as far as a rewrite of
 * capstone's text gets: "mnemonic\toperands", numbers in decimal (an
 * immediate of 2^63 or more as the negative number it encodes), no
 * space after the commas of a memory operand, and a branch target
 * followed by the function it lands in.
 */
/*
 * llvm-objdump's comment on an AT&T x86 instruction, into c: what a
 * load into %xmm leaves in the register, else an immediate outside
 * [-256, 255] in hex, else the address a %rip-relative operand names and
 * the symbol there.  (llvm-objdump writes several on lines of their own;
 * pprof keeps the first.)
 */
static void
att_comment(struct strbuf *c, struct symobj *o, const char *mn,
    const char *ops, bool has_imm, int64_t imm, bool has_rip, uint64_t rip)
{
	const char *x = strrchr(ops, ','), *name;
	uint64_t at;

	if (x != NULL && strncmp(x, ", %xmm", 6) == 0 &&
	    memchr(ops, '(', (size_t)(x - ops)) != NULL &&
	    (strcmp(mn, "movsd") == 0 || strcmp(mn, "movq") == 0 ||
	    strcmp(mn, "movss") == 0 || strcmp(mn, "movd") == 0)) {
		strbuf_addf(c, "%s = mem[0],zero%s", x + 3,
		    strcmp(mn, "movss") == 0 || strcmp(mn, "movd") == 0 ?
		    ",zero,zero" : "");
		return;
	}
	if (has_imm && (imm > 255 || imm < -256)) {
		if (imm == (int16_t)imm)
			strbuf_addf(c, "imm = 0x%" PRIX16, (uint16_t)imm);
		else if (imm == (int32_t)imm)
			strbuf_addf(c, "imm = 0x%" PRIX32, (uint32_t)imm);
		else
			strbuf_addf(c, "imm = 0x%" PRIX64, (uint64_t)imm);
		return;
	}
	if (has_rip) {
		strbuf_addf(c, "0x%" PRIx64, rip);
		if (symobj_nearest_any(o, rip, &name, &at)) {
			strbuf_addstr(c, " <");
			add_demangled(c, name);
			if (rip != at)
				strbuf_addf(c, "+0x%" PRIx64, rip - at);
			strbuf_addch(c, '>');
		}
	}
}

static void
insn_text(struct strbuf *sb, struct symobj *o, const char *mn,
    const char *ops, bool att, uint64_t next)
{
	const char *p = ops, *q, *name;
	struct strbuf c = STRBUF_INIT;
	uint64_t v, at, size, rip = 0;
	int64_t imm_v = 0;
	size_t start = sb->len, col, i;
	int depth = 0;
	bool neg, imm, branch = is_branch(mn), has_imm = false;
	bool has_rip = false, x86 = att;

	strbuf_addstr(sb, mn);
	if (*ops == '\0')
		return;
	strbuf_addch(sb, '\t');
	while (*p != '\0') {
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth > 0)
			depth--;
		if (x86 && *p == ',' && p[1] == ' ' && depth > 0) {
			strbuf_addch(sb, ',');
			p += 2;
			continue;
		}
		imm = *p == '$' || *p == '#';
		q = imm ? p + 1 : p;
		neg = *q == '-';
		if (neg)
			q++;
		if (q[0] != '0' || q[1] != 'x' ||
		    (p > ops && (p[-1] == '_' || (p[-1] >= '0' &&
		    p[-1] <= '9') || (p[-1] >= 'a' && p[-1] <= 'z') ||
		    (p[-1] >= 'A' && p[-1] <= 'Z')))) {
			strbuf_addch(sb, *p++);
			continue;
		}
		v = strtoull(q + 2, (char **)&q, 16);
		if (imm)
			strbuf_addch(sb, *p);
		if (branch && !imm && !neg) {
			strbuf_addf(sb, "0x%" PRIx64, v);
			/* A PLT entry by the function it calls. */
			if (symobj_in_plt(o, v)) {
				if ((name = symobj_plt_name(o, v)) != NULL) {
					strbuf_addstr(sb, " <");
					add_demangled(sb, name);
					strbuf_addstr(sb, "@plt>");
				}
			} else if (symobj_nearest(o, v, &name, &at, &size) &&
			    (size == 0 || v - at < size)) {
				strbuf_addstr(sb, " <");
				add_demangled(sb, name);
				if (v != at)
					strbuf_addf(sb, "+0x%" PRIx64,
					    v - at);
				strbuf_addch(sb, '>');
			}
		} else if (neg)
			strbuf_addf(sb, "-%" PRIu64, v);
		else if (imm && v > (uint64_t)INT64_MAX)
			strbuf_addf(sb, "%" PRId64, (int64_t)v);
		else
			strbuf_addf(sb, "%" PRIu64, v);
		if (imm && *p == '$' && !has_imm) {
			has_imm = true;
			imm_v = neg ? -(int64_t)v : (int64_t)v;
		}
		if (!imm && strncmp(q, "(%rip)", 6) == 0) {
			has_rip = true;
			rip = neg ? next - v : next + v;
		}
		p = q;
	}
	if (!att)
		return;
	att_comment(&c, o, mn, ops, has_imm, imm_v, has_rip, rip);
	if (c.len > 0) {
		/* At column 32, tabs stopping every 8 columns. */
		for (i = start, col = 0; i < sb->len; i++)
			col = sb->buf[i] == '\t' ? (col | 7) + 1 : col + 1;
		do
			strbuf_addch(sb, ' ');
		while (++col < 32);
		strbuf_addstr(sb, "# ");
		strbuf_add(sb, c.buf, c.len);
	}
	strbuf_release(&c);
}

static bool
is_x86_prefix(unsigned char b, bool rex)
{
	return b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e ||
	    b == 0x64 || b == 0x65 || b == 0x66 || b == 0x67 || b == 0xf0 ||
	    b == 0xf2 || b == 0xf3 || (rex && b >= 0x40 && b <= 0x4f);
}

/*
 * capstone's AT&T spellings that llvm-objdump writes otherwise: a shift
 * or rotate by one has no "$1, " operand, cvtsi2sd/ss from a register no
 * size suffix, and a 64-bit move between %xmm and %r is movq.
 */
static void
att_fixups(const cs_insn *ci, bool rex, char *mn, const char **ops)
{
	size_t k = 0, n = strlen(mn);

	while (k < ci->size && is_x86_prefix(ci->bytes[k], rex))
		k++;
	if (k < ci->size && (ci->bytes[k] == 0xd0 || ci->bytes[k] == 0xd1) &&
	    strncmp(*ops, "$1, ", 4) == 0)
		*ops += 4;
	/* 66 REX.W 0f 6e/7e: capstone's movd is a 64-bit move. */
	if (strcmp(mn, "movd") == 0 && strstr(*ops, "%xmm") != NULL &&
	    strstr(*ops, "%r") != NULL)
		mn[3] = 'q';
	if (n == 9 && (strncmp(mn, "cvtsi2sd", 8) == 0 ||
	    strncmp(mn, "cvtsi2ss", 8) == 0) && (*ops)[0] == '%')
		mn[8] = '\0';
}

/* DWARF's word on address a: function, file, line, inline chain. */
static void
insn_lines(struct symobj *o, struct disasm_insn *in)
{
	struct symobj_frame fr[SYMOBJ_MAX_FRAMES];
	struct strbuf sb = STRBUF_INIT;
	size_t n, i;

	n = symobj_lookup(o, in->addr, fr);
	if (n == 0) {
		in->function = xstrdup("");
		in->file = xstrdup("");
		return;
	}
	add_demangled(&sb, fr[0].name);
	in->function = strbuf_detach(&sb, NULL);
	in->file = xstrdup(base_name(fr[0].file));
	in->line = fr[0].line;
	if (n < 2)
		return;
	strbuf_init(&sb);
	for (i = 1; i < n; i++) {
		if (i > 1)
			strbuf_addstr(&sb, ", ");
		add_demangled(&sb, fr[i].name);
		if (*fr[i].file != '\0') {
			strbuf_addf(&sb, " %s", base_name(fr[i].file));
			if (fr[i].line != 0)
				strbuf_addf(&sb, ":%" PRId64, fr[i].line);
		}
	}
	in->inlined = strbuf_detach(&sb, NULL);
}

int
disasm_decode(struct symbolize *s, const struct disasm_routine *r,
    bool intel, struct disasm_insn **v, size_t *n, char **cause)
{
	struct disasm_insn *in;
	struct strbuf sb = STRBUF_INIT;
	struct symobj *o;
	const unsigned char *code;
	const uint8_t *cp;
	size_t len, avail, cap = 0;
	uint64_t addr;
	cs_arch arch;
	cs_mode mode;
	cs_insn *ci;
	csh h;
	bool elf64, x86 = false;
	int mach;

	*v = NULL;
	*n = 0;
	if ((o = symbolize_object_by_id(s, r->obj)) == NULL) {
		*cause = xstrdup("binary not found");
		return -1;
	}
	mach = symobj_machine(o, &elf64);
	switch (mach) {
	case EM_X86_64:
	case EM_386:
		arch = CS_ARCH_X86;
		mode = mach == EM_386 || !elf64 ? CS_MODE_32 : CS_MODE_64;
		x86 = true;
		break;
	case EM_AARCH64:
		arch = CS_ARCH_ARM64;
		mode = CS_MODE_ARM;
		break;
	default:
		*cause = xasprintf("cannot disassemble machine type %d "
		    "(cpv decodes x86, x86-64 and AArch64)", mach);
		return -1;
	}
	if ((avail = symobj_code(o, r->start, &code)) == 0) {
		*cause = xasprintf("no code at %#" PRIx64 " in the binary",
		    r->start);
		return -1;
	}
	len = r->end - r->start < avail ? (size_t)(r->end - r->start) :
	    avail;
	if (cs_open(arch, mode, &h) != CS_ERR_OK) {
		*cause = xstrdup("cannot start the disassembler (libcapstone)");
		return -1;
	}
	if (x86)
		cs_option(h, CS_OPT_SYNTAX, intel ? CS_OPT_SYNTAX_INTEL :
		    CS_OPT_SYNTAX_ATT);
	ci = cs_malloc(h);
	cp = code;
	addr = r->start;
	while (len > 0 && *n < DISASM_MAX_INSNS) {
		if (*n == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			*v = xreallocarray(*v, cap, sizeof **v);
		}
		in = &(*v)[*n];
		memset(in, 0, sizeof *in);
		in->addr = addr;
		strbuf_init(&sb);
		if (cs_disasm_iter(h, &cp, &len, &addr, ci)) {
			char mn[sizeof ci->mnemonic];
			const char *ops = ci->op_str;

			memcpy(mn, ci->mnemonic, sizeof mn);
			mn[sizeof mn - 1] = '\0';
			if (x86 && !intel)
				att_fixups(ci, mode == CS_MODE_64, mn, &ops);
			insn_text(&sb, o, mn, ops, x86 && !intel,
			    ci->address + ci->size);
		} else {
			/* Undecodable: one byte, as objdump shows it. */
			strbuf_addstr(&sb, "(bad)");
			cp++;
			len--;
			addr++;
		}
		in->text = strbuf_detach(&sb, NULL);
		insn_lines(o, in);
		(*n)++;
	}
	cs_free(ci, 1);
	cs_close(&h);
	return 0;
}

#else /* !HAVE_CAPSTONE */

int
disasm_decode(struct symbolize *s, const struct disasm_routine *r,
    bool intel, struct disasm_insn **v, size_t *n, char **cause)
{
	(void)s;
	(void)r;
	(void)intel;
	*v = NULL;
	*n = 0;
	*cause = xstrdup("cpv was built without a disassembler: install "
	    "libcapstone-dev and configure again");
	return -1;
}

#endif /* HAVE_CAPSTONE */
