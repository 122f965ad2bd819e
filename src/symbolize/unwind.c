/*
 * unwind.c: DWARF call frame information unwinding of perf's user stack
 * copies (x86_64).
 *
 * A frame's caller is found from the CFI row of its pc: the CFA (the
 * caller's stack pointer) is a register plus an offset, or a DWARF
 * expression; every other register is undefined, unchanged, saved at
 * CFA + N, CFA + N itself, another register, or at (or the value of) an
 * expression of the CFA.  The return address is column 16 (rip).  The
 * rows come from libdwarf (dwarf_get_fde_at_pc() and
 * dwarf_get_fde_info_for_all_regs3() over .eh_frame, else .debug_frame)
 * and are cached by (object, pc): a profile's samples go through the
 * same few hundred pcs over and over.
 *
 * A caller's pc is looked up at its return address minus 1, the call
 * instruction, as perf does (a call may be a function's last
 * instruction, its return address then the next function's first); the
 * chain holds the return addresses themselves, as frame-pointer chains
 * do, so that both kinds of chain name the same frames.
 *
 * Expressions: the usual stack-machine operations without branches
 * (DW_OP_skip and DW_OP_bra, as the calls and the pieces, stop the
 * unwinding), at most UNWIND_MAX_EXPR bytes, a stack of UNWIND_MAX_STACK
 * values; memory is the stack copy only.  That covers the PLT's CFA
 * (rsp + 8 + 8 if rip is past the entry's push, DW_OP_ge and friends).
 */
#include <stdlib.h>
#include <string.h>

#if defined(HAVE_LIBDWARF_LIBDWARF_H)
#include <libdwarf/dwarf.h>
#include <libdwarf/libdwarf.h>
#elif defined(HAVE_LIBDWARF_H)
#include <dwarf.h>
#include <libdwarf.h>
#endif

#include "hash.h"
#include "hashtab.h"
#include "symbolize.h"
#include "symbolize-int.h"
#include "symobj.h"
#include "unwind.h"
#include "warn.h"
#include "xmalloc.h"

#define UNWIND_MAX_EXPR		256
#define UNWIND_MAX_STACK	64
/* Rows cached at once: beyond, the cache starts again. */
#define UNWIND_MAX_ROWS		(1u << 20)
/* Columns asked of libdwarf: x86_64's numbering reaches the vector ones. */
#define UNWIND_COLUMNS		128

enum urule_kind {
	UR_UNDEF,	/* unknown: a return address undefined ends the chain */
	UR_SAME,	/* unchanged */
	UR_OFFSET,	/* saved at CFA + off */
	UR_VAL_OFFSET,	/* CFA + off */
	UR_REG,		/* the value of register reg */
	UR_EXPR,	/* saved at the expression's value */
	UR_VAL_EXPR,	/* the expression's value */
	UR_BAD,		/* a rule not understood: ends the chain if used */
};

struct urule {
	enum urule_kind		 kind;
	unsigned int		 reg;
	int64_t			 off;
	const unsigned char	*expr;		/* borrowed: libdwarf's */
	size_t			 len;
};

/* The CFI row of (obj, pc); found false: no FDE covers pc. */
struct urow {
	uint32_t	obj;
	uint64_t	pc;
	bool		found;
	struct urule	cfa;		/* UR_REG + off, or UR_VAL_EXPR */
	struct urule	reg[UNWIND_X86_64_NREG];
};

/* An object's CFI: libdwarf's handle and FDE lists, read once. */
struct ucfi {
	bool		 tried;
#if defined(HAVE_LIBDWARF)
	Dwarf_Debug	 dbg;
	Dwarf_Cie	*cie[2];	/* .eh_frame, .debug_frame */
	Dwarf_Fde	*fde[2];
	Dwarf_Signed	 ncie[2], nfde[2];
#endif
};

struct unwind {
	struct symbolize	*s;		/* borrowed */
	struct symobj		*image;		/* owned: unwind_probe_image() */
	uint64_t		 bias;
	struct ucfi		*cfi;		/* by object id */
	size_t			 ncfi;
	struct urow		*rows;
	size_t			 nrow, caprow;
	struct hashtab		 tab;
	struct urow		 key;		/* for row_eq() */
	bool			 warned;
};

struct unwind *
unwind_create(struct symbolize *s)
{
	struct unwind *u;

	u = xcalloc(1, sizeof *u);
	u->s = s;
	hashtab_init(&u->tab);
	return u;
}

static void
cfi_release(struct ucfi *c)
{
#if defined(HAVE_LIBDWARF)
	Dwarf_Error e = NULL;
	int i, was;

	if (c->dbg == NULL)
		return;
	was = dwarf_set_de_alloc_flag(1);
	for (i = 0; i < 2; i++)
		if (c->fde[i] != NULL || c->cie[i] != NULL)
			dwarf_fde_cie_list_dealloc(c->dbg, c->cie[i],
			    c->ncie[i], c->fde[i], c->nfde[i]);
	/* Frees what libdwarf itself lost on malformed CFI. */
	dwarf_finish(c->dbg, &e);
	dwarf_set_de_alloc_flag(was);
	c->dbg = NULL;
#else
	(void)c;
#endif
}

void
unwind_free(struct unwind *u)
{
	size_t i;

	if (u == NULL)
		return;
	for (i = 0; i < u->ncfi; i++)
		cfi_release(&u->cfi[i]);
	free(u->cfi);
	free(u->rows);
	hashtab_release(&u->tab);
	symobj_free(u->image);
	free(u);
}

/* Reading the CFI -------------------------------------------------------- */

#if defined(HAVE_LIBDWARF)

static void
dw_drop(Dwarf_Debug dbg, Dwarf_Error e)
{
	if (e != NULL)
		dwarf_dealloc_error(dbg, e);
}

/* Open o's CFI into c: .eh_frame and .debug_frame, whichever it has. */
static void
cfi_open(struct ucfi *c, struct symobj *o)
{
	Dwarf_Error e = NULL;
	int i, rc;

	c->tried = true;
	if (symobj_elf(o) == NULL)
		return;
	if (dwarf_elf_init_b(symobj_elf(o), DW_DLC_READ, DW_GROUPNUMBER_ANY,
	    NULL, NULL, &c->dbg, &e) != DW_DLV_OK) {
		dw_drop(NULL, e);
		c->dbg = NULL;
		return;
	}
	dwarf_set_frame_rule_table_size(c->dbg, UNWIND_COLUMNS);
	dwarf_set_frame_rule_initial_value(c->dbg, DW_FRAME_SAME_VAL);
	for (i = 0; i < 2; i++) {
		e = NULL;
		rc = i == 0 ? dwarf_get_fde_list_eh(c->dbg, &c->cie[i],
		    &c->ncie[i], &c->fde[i], &c->nfde[i], &e) :
		    dwarf_get_fde_list(c->dbg, &c->cie[i], &c->ncie[i],
		    &c->fde[i], &c->nfde[i], &e);
		if (rc != DW_DLV_OK) {
			dw_drop(c->dbg, e);
			c->cie[i] = NULL;
			c->fde[i] = NULL;
			c->ncie[i] = c->nfde[i] = 0;
		}
	}
}

/* The urule of libdwarf's entry r (a register column if !cfa). */
static void
rule_of(const Dwarf_Regtable_Entry3 *r, bool cfa, struct urule *u)
{
	memset(u, 0, sizeof *u);
	u->kind = UR_BAD;
	switch (r->dw_value_type) {
	case DW_EXPR_OFFSET:
		if (r->dw_regnum == DW_FRAME_UNDEFINED_VAL)
			u->kind = UR_UNDEF;
		else if (r->dw_regnum == DW_FRAME_SAME_VAL)
			u->kind = UR_SAME;
		else if (r->dw_regnum == DW_FRAME_CFA_COL3 && !cfa) {
			if (r->dw_offset_relevant) {
				u->kind = UR_OFFSET;
				u->off = (int64_t)r->dw_offset_or_block_len;
			}
		} else if (r->dw_regnum < UNWIND_X86_64_NREG) {
			u->reg = r->dw_regnum;
			u->kind = UR_REG;
			if (cfa || r->dw_offset_relevant)
				u->off = (int64_t)r->dw_offset_or_block_len;
			/* register(R) has no offset: offset(N) needs one. */
			if (!cfa && r->dw_offset_relevant)
				u->kind = UR_BAD;
		}
		break;
	case DW_EXPR_VAL_OFFSET:
		if (!cfa) {
			u->kind = UR_VAL_OFFSET;
			u->off = (int64_t)r->dw_offset_or_block_len;
		}
		break;
	case DW_EXPR_EXPRESSION:
	case DW_EXPR_VAL_EXPRESSION:
		if (r->dw_block_ptr == NULL ||
		    r->dw_offset_or_block_len > UNWIND_MAX_EXPR)
			break;
		/* The CFA is the value of its expression, never loaded. */
		u->kind = cfa || r->dw_value_type == DW_EXPR_VAL_EXPRESSION ?
		    UR_VAL_EXPR : UR_EXPR;
		u->expr = r->dw_block_ptr;
		u->len = (size_t)r->dw_offset_or_block_len;
		break;
	default:
		break;
	}
}

/* Fill row (obj, pc set) from c's FDEs; false if none covers pc. */
static bool
cfi_row(struct ucfi *c, struct urow *row)
{
	Dwarf_Regtable_Entry3 rules[UNWIND_COLUMNS];
	Dwarf_Regtable3 tab;
	Dwarf_Error e = NULL;
	Dwarf_Addr lo, hi, rowpc;
	Dwarf_Fde fde;
	size_t i;
	int k;

	if (c->dbg == NULL)
		return false;
	for (k = 0; k < 2; k++) {
		if (c->fde[k] == NULL || c->nfde[k] <= 0)
			continue;
		e = NULL;
		if (dwarf_get_fde_at_pc(c->fde[k], row->pc, &fde, &lo, &hi,
		    &e) != DW_DLV_OK) {
			dw_drop(c->dbg, e);
			continue;
		}
		memset(&tab, 0, sizeof tab);
		memset(rules, 0, sizeof rules);
		tab.rt3_reg_table_size = UNWIND_COLUMNS;
		tab.rt3_rules = rules;
		e = NULL;
		if (dwarf_get_fde_info_for_all_regs3(fde, row->pc, &tab,
		    &rowpc, &e) != DW_DLV_OK) {
			dw_drop(c->dbg, e);
			continue;
		}
		rule_of(&tab.rt3_cfa_rule, true, &row->cfa);
		for (i = 0; i < UNWIND_X86_64_NREG; i++)
			rule_of(&rules[i], false, &row->reg[i]);
		return true;
	}
	return false;
}

static bool
row_eq(const void *ctx, uint32_t i)
{
	const struct unwind *u = ctx;

	return u->rows[i].obj == u->key.obj && u->rows[i].pc == u->key.pc;
}

/* The CFI row of link-time pc in object oi (o), cached; NULL if none. */
static const struct urow *
unwind_row(struct unwind *u, uint32_t oi, struct symobj *o, uint64_t pc)
{
	struct urow *row;
	uint64_t h = hash_pair(oi, pc);
	size_t slot;
	uint32_t i;

	u->key.obj = oi;
	u->key.pc = pc;
	if ((i = hashtab_find(&u->tab, h, row_eq, u, &slot)) != HASHTAB_NONE)
		return u->rows[i].found ? &u->rows[i] : NULL;
	if (u->nrow >= UNWIND_MAX_ROWS) {
		hashtab_clear(&u->tab);
		u->nrow = 0;
		(void)hashtab_find(&u->tab, h, row_eq, u, &slot);
	}
	if (oi >= u->ncfi) {
		u->cfi = xreallocarray(u->cfi, oi + 1, sizeof *u->cfi);
		memset(u->cfi + u->ncfi, 0, (oi + 1 - u->ncfi) *
		    sizeof *u->cfi);
		u->ncfi = oi + 1;
	}
	XGROW(u->rows, u->caprow, u->nrow + 1);
	row = &u->rows[u->nrow];
	memset(row, 0, sizeof *row);
	row->obj = oi;
	row->pc = pc;
	{
		/*
		 * libdwarf tracks its allocations while the CFI is read
		 * (symobj.c turns that off for its DIE walk): on malformed
		 * CFI it loses some, which dwarf_finish() then frees.
		 */
		int was = dwarf_set_de_alloc_flag(1);

		if (!u->cfi[oi].tried)
			cfi_open(&u->cfi[oi], o);
		row->found = cfi_row(&u->cfi[oi], row);
		dwarf_set_de_alloc_flag(was);
	}
	hashtab_add(&u->tab, slot, h, (uint32_t)u->nrow);
	u->nrow++;
	return row->found ? row : NULL;
}

/* Unwinding -------------------------------------------------------------- */

/* The 8 bytes at addr in the stack copy; false if outside it. */
static bool
stack_read(const unsigned char *stack, size_t len, uint64_t sp, uint64_t addr,
    uint64_t *v)
{
	uint64_t off = addr - sp;
	int i;

	if (addr < sp || len < 8 || off > len - 8)
		return false;
	*v = 0;
	for (i = 7; i >= 0; i--)
		*v = *v << 8 | stack[off + (size_t)i];
	return true;
}

struct uframe {
	const struct unwind_regs	*regs;
	const unsigned char		*stack;
	size_t				 len;
	uint64_t			 sp;	/* of the stack copy */
};

static bool
read_uleb(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	unsigned int shift = 0;

	*v = 0;
	while (*p < end) {
		unsigned char b = *(*p)++;

		if (shift < 64)
			*v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if ((b & 0x80) == 0)
			return true;
	}
	return false;
}

static bool
read_sleb(const unsigned char **p, const unsigned char *end, int64_t *v)
{
	unsigned int shift = 0;
	uint64_t r = 0;
	unsigned char b = 0;

	while (*p < end) {
		b = *(*p)++;
		if (shift < 64)
			r |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if ((b & 0x80) == 0) {
			if (shift < 64 && (b & 0x40))
				r |= ~(uint64_t)0 << shift;
			*v = (int64_t)r;
			return true;
		}
	}
	return false;
}

/* n bytes little-endian at *p, sign-extended if sgn. */
static bool
read_fixed(const unsigned char **p, const unsigned char *end, int n, bool sgn,
    uint64_t *v)
{
	int i;

	if (end - *p < n)
		return false;
	*v = 0;
	for (i = n - 1; i >= 0; i--)
		*v = *v << 8 | (*p)[i];
	if (sgn && n < 8 && (*v >> (8 * n - 1)) & 1)
		*v |= ~(uint64_t)0 << (8 * n);
	*p += n;
	return true;
}

/*
 * Evaluate DWARF expression [p, p + n) in frame f, with push (if
 * has_push) on the stack first; false if it cannot be.
 */
static bool
eval_expr(const struct uframe *f, const unsigned char *p, size_t n,
    bool has_push, uint64_t push, uint64_t *out)
{
	const unsigned char *end = p + n;
	uint64_t st[UNWIND_MAX_STACK], a, b, v;
	size_t sp = 0;
	int64_t sv;
	unsigned int op;

#define NEED(k)	do { if (sp < (k)) return false; } while (0)
#define PUSH(x)	do { uint64_t x_ = (x); \
		if (sp == UNWIND_MAX_STACK) return false; \
		st[sp++] = x_; } while (0)
	if (has_push)
		st[sp++] = push;
	while (p < end) {
		op = *p++;
		if (op >= 0x30 && op <= 0x4f) {		/* DW_OP_lit0..31 */
			PUSH(op - 0x30);
			continue;
		}
		if (op >= 0x70 && op <= 0x8f) {		/* DW_OP_breg0..31 */
			if (!read_sleb(&p, end, &sv))
				return false;
			op -= 0x70;
			if (op >= UNWIND_X86_64_NREG ||
			    !(f->regs->valid & (1u << op)))
				return false;
			PUSH(f->regs->r[op] + (uint64_t)sv);
			continue;
		}
		switch (op) {
		case 0x03:					/* addr */
			if (!read_fixed(&p, end, 8, false, &v))
				return false;
			PUSH(v);
			break;
		case 0x06:					/* deref */
			NEED(1);
			if (!stack_read(f->stack, f->len, f->sp, st[sp - 1],
			    &st[sp - 1]))
				return false;
			break;
		case 0x08: case 0x09: case 0x0a: case 0x0b:	/* constNu/s */
		case 0x0c: case 0x0d: case 0x0e: case 0x0f:
			if (!read_fixed(&p, end, 1 << ((op - 0x08) / 2),
			    (op & 1) != 0, &v))
				return false;
			PUSH(v);
			break;
		case 0x10:					/* constu */
			if (!read_uleb(&p, end, &v))
				return false;
			PUSH(v);
			break;
		case 0x11:					/* consts */
			if (!read_sleb(&p, end, &sv))
				return false;
			PUSH((uint64_t)sv);
			break;
		case 0x12:					/* dup */
			NEED(1);
			PUSH(st[sp - 1]);
			break;
		case 0x13:					/* drop */
			NEED(1);
			sp--;
			break;
		case 0x14:					/* over */
			NEED(2);
			PUSH(st[sp - 2]);
			break;
		case 0x15:					/* pick */
			if (p >= end)
				return false;
			v = *p++;
			NEED(v + 1);
			PUSH(st[sp - 1 - v]);
			break;
		case 0x16:					/* swap */
			NEED(2);
			a = st[sp - 1];
			st[sp - 1] = st[sp - 2];
			st[sp - 2] = a;
			break;
		case 0x17:					/* rot */
			NEED(3);
			a = st[sp - 1];
			st[sp - 1] = st[sp - 2];
			st[sp - 2] = st[sp - 3];
			st[sp - 3] = a;
			break;
		case 0x19:					/* abs */
			NEED(1);
			if ((int64_t)st[sp - 1] < 0)
				st[sp - 1] = -st[sp - 1];
			break;
		case 0x1f:					/* neg */
			NEED(1);
			st[sp - 1] = -st[sp - 1];
			break;
		case 0x20:					/* not */
			NEED(1);
			st[sp - 1] = ~st[sp - 1];
			break;
		case 0x23:					/* plus_uconst */
			NEED(1);
			if (!read_uleb(&p, end, &v))
				return false;
			st[sp - 1] += v;
			break;
		case 0x92:					/* bregx */
			if (!read_uleb(&p, end, &v) ||
			    !read_sleb(&p, end, &sv))
				return false;
			if (v >= UNWIND_X86_64_NREG ||
			    !(f->regs->valid & (1u << v)))
				return false;
			PUSH(f->regs->r[v] + (uint64_t)sv);
			break;
		case 0x96:					/* nop */
			break;
		case 0x1a: case 0x1b: case 0x1c: case 0x1d:	/* binary */
		case 0x1e: case 0x21: case 0x22: case 0x24:
		case 0x25: case 0x26: case 0x27: case 0x29:
		case 0x2a: case 0x2b: case 0x2c: case 0x2d:
		case 0x2e:
			NEED(2);
			b = st[--sp];
			a = st[sp - 1];
			switch (op) {
			case 0x1a: v = a & b; break;
			case 0x1b:				/* div */
				if (b == 0 || ((int64_t)a == INT64_MIN &&
				    (int64_t)b == -1))
					return false;
				v = (uint64_t)((int64_t)a / (int64_t)b);
				break;
			case 0x1c: v = a - b; break;
			case 0x1d:				/* mod */
				if (b == 0)
					return false;
				v = a % b;
				break;
			case 0x1e: v = a * b; break;
			case 0x21: v = a | b; break;
			case 0x22: v = a + b; break;
			case 0x24: v = b >= 64 ? 0 : a << b; break;
			case 0x25: v = b >= 64 ? 0 : a >> b; break;
			case 0x26:				/* shra */
				v = (uint64_t)((int64_t)a >> (b >= 63 ? 63 :
				    b));
				break;
			case 0x27: v = a ^ b; break;
			case 0x29: v = a == b; break;
			case 0x2a: v = (int64_t)a >= (int64_t)b; break;
			case 0x2b: v = (int64_t)a > (int64_t)b; break;
			case 0x2c: v = (int64_t)a <= (int64_t)b; break;
			case 0x2d: v = (int64_t)a < (int64_t)b; break;
			default: v = a != b; break;
			}
			st[sp - 1] = v;
			break;
		default:
			/* Branches, calls, pieces, registers: not here. */
			return false;
		}
	}
#undef NEED
#undef PUSH
	if (sp == 0)
		return false;
	*out = st[sp - 1];
	return true;
}

/* The value of register rule r in frame f, whose CFA is cfa. */
static bool
rule_value(const struct uframe *f, const struct urule *r, unsigned int col,
    uint64_t cfa, uint64_t *v)
{
	switch (r->kind) {
	case UR_SAME:
		if (!(f->regs->valid & (1u << col)))
			return false;
		*v = f->regs->r[col];
		return true;
	case UR_OFFSET:
		return stack_read(f->stack, f->len, f->sp, cfa + (uint64_t)r->off,
		    v);
	case UR_VAL_OFFSET:
		*v = cfa + (uint64_t)r->off;
		return true;
	case UR_REG:
		if (!(f->regs->valid & (1u << r->reg)))
			return false;
		*v = f->regs->r[r->reg];
		return true;
	case UR_EXPR:
		return eval_expr(f, r->expr, r->len, true, cfa, v) &&
		    stack_read(f->stack, f->len, f->sp, *v, v);
	case UR_VAL_EXPR:
		return eval_expr(f, r->expr, r->len, true, cfa, v);
	default:
		return false;
	}
}

/*
 * One step: the caller's registers *next from frame f with CFI row row.
 * False if the chain ends here.
 */
static bool
unwind_step(const struct uframe *f, const struct urow *row,
    struct unwind_regs *next)
{
	uint64_t cfa, v;
	unsigned int i;

	if (row->cfa.kind == UR_REG) {
		if (!(f->regs->valid & (1u << row->cfa.reg)))
			return false;
		cfa = f->regs->r[row->cfa.reg] + (uint64_t)row->cfa.off;
	} else if (row->cfa.kind == UR_VAL_EXPR) {
		if (!eval_expr(f, row->cfa.expr, row->cfa.len, false, 0, &cfa))
			return false;
	} else
		return false;
	memset(next, 0, sizeof *next);
	for (i = 0; i < UNWIND_X86_64_NREG; i++) {
		if (rule_value(f, &row->reg[i], i, cfa, &v)) {
			next->r[i] = v;
			next->valid |= 1u << i;
		}
	}
	/* The CFA is the caller's stack pointer (the x86_64 psABI). */
	if (row->reg[UNWIND_X86_64_SP].kind == UR_SAME ||
	    row->reg[UNWIND_X86_64_SP].kind == UR_UNDEF) {
		next->r[UNWIND_X86_64_SP] = cfa;
		next->valid |= 1u << UNWIND_X86_64_SP;
	}
	if (!(next->valid & (1u << UNWIND_X86_64_IP)) ||
	    row->reg[UNWIND_X86_64_IP].kind == UR_SAME ||
	    next->r[UNWIND_X86_64_IP] == 0)
		return false;
	/* The stack grows down: a caller's frame is above (no cycles). */
	return (next->valid & (1u << UNWIND_X86_64_SP)) &&
	    next->r[UNWIND_X86_64_SP] > f->regs->r[UNWIND_X86_64_SP];
}

/* The object and link-time address of runtime pc; false if none. */
static bool
unwind_object(struct unwind *u, uint64_t pc, unwind_map_fn find, void *arg,
    uint32_t *oi, struct symobj **o, uint64_t *link)
{
	struct unwind_map m;

	if (u->image != NULL) {
		if (pc < u->bias)
			return false;
		*oi = 0;
		*o = u->image;
		*link = pc - u->bias;
		return true;
	}
	if (find == NULL || !find(arg, pc, &m) || pc < m.start ||
	    pc >= m.limit)
		return false;
	if ((*o = symbolize_object_file(u->s, m.file, m.build_id, m.start,
	    m.limit, oi)) == NULL)
		return false;
	return symobj_offset_to_addr(*o, pc - m.start + m.pgoff, link);
}

#endif /* HAVE_LIBDWARF */

#if defined(HAVE_LIBDWARF)
/* Unwind from regs into pcs[1..max), as unwind_x86_64(); the new n. */
static size_t
unwind_frames(struct unwind *u, const struct unwind_regs *regs,
    const unsigned char *stack, size_t len, unwind_map_fn find, void *arg,
    uint64_t *pcs, size_t max)
{
	struct unwind_regs cur, next;
	struct uframe f;
	const struct urow *row;
	struct symobj *o;
	uint64_t link, pc;
	uint32_t oi;
	size_t n = 1;

	if (!(regs->valid & (1u << UNWIND_X86_64_SP)))
		return n;
	cur = *regs;
	f.regs = &cur;
	f.stack = stack;
	f.len = len;
	f.sp = regs->r[UNWIND_X86_64_SP];
	while (n < max) {
		pc = cur.r[UNWIND_X86_64_IP];
		/* A caller is where its call is, just before its return. */
		if (n > 1)
			pc--;
		if (!unwind_object(u, pc, find, arg, &oi, &o, &link) ||
		    (row = unwind_row(u, oi, o, link)) == NULL ||
		    !unwind_step(&f, row, &next))
			break;
		cur = next;
		pcs[n++] = cur.r[UNWIND_X86_64_IP];
	}
	return n;
}
#endif

size_t
unwind_x86_64(struct unwind *u, const struct unwind_regs *regs,
    const unsigned char *stack, size_t len, unwind_map_fn find, void *arg,
    uint64_t *pcs, size_t max)
{
	if (max > UNWIND_MAX_FRAMES)
		max = UNWIND_MAX_FRAMES;
	if (max == 0 || !(regs->valid & (1u << UNWIND_X86_64_IP)))
		return 0;
	pcs[0] = regs->r[UNWIND_X86_64_IP];
#if defined(HAVE_LIBDWARF)
	return unwind_frames(u, regs, stack, len, find, arg, pcs, max);
#else
	if (!u->warned)
		warn_printf("cpv was built without libdwarf: DWARF call "
		    "chains (perf record --call-graph dwarf) are not "
		    "unwound, each sample is its own address");
	u->warned = true;
	(void)stack;
	(void)len;
	(void)find;
	(void)arg;
	return 1;
#endif
}

size_t
unwind_probe_image(const void *buf, size_t len, uint64_t bias,
    const struct unwind_regs *regs, const unsigned char *stack, size_t slen,
    uint64_t *pcs, size_t max)
{
	struct unwind *u;
	char *cause = NULL;
	size_t n;

	u = unwind_create(NULL);
	if ((u->image = symobj_open_mem(buf, len, &cause)) == NULL) {
		free(cause);
		unwind_free(u);
		return 0;
	}
	u->bias = bias;
	u->warned = true;
	n = unwind_x86_64(u, regs, stack, slen, NULL, NULL, pcs, max);
	/* Twice: the second from the cache. */
	if (n > 0 && unwind_x86_64(u, regs, stack, slen, NULL, NULL, pcs,
	    max) != n)
		n = 0;
	unwind_free(u);
	return n;
}
