/*
 * perf-data.c: the reader of perf record's binary output, perf.data.
 *
 * The format (tools/perf/Documentation/perf.data-file-format.txt and the
 * kernel's include/uapi/linux/perf_event.h) is a header, the event
 * attributes, a stream of records and, in file mode, feature sections
 * after the data.  In pipe mode (perf record -o -) the header is only
 * the magic and its size, and the attributes and features arrive as
 * records of their own before the others.
 *
 * Reading is two passes over the records:
 *
 *   1. in stream order: the records perf itself writes (attributes,
 *      features, event names, build ids) are taken at once; the kernel's
 *      (samples, mmaps, comms, forks, exits) are indexed with their time;
 *   2. the kernel's records in time order (perf writes each CPU's buffer
 *      in turn, so a sample may precede the mmap it needs), tracking
 *      each process's executable maps and each thread's comm, so that
 *      every address is resolved in its own process's address space.
 *
 * The model:
 *
 *   - sample types "samples"/"count" (1 per sample), then one per event
 *     (attribute), named as perf names it ("cpu-clock:u"), valued by
 *     the sample's period, in "nanoseconds" for cpu-clock and task-clock
 *     and "count" otherwise (perf report's Overhead is this period).
 *     The first event is the default; -sample_index picks another;
 *   - each frame is a location at its address in a mapping of the
 *     binary (file, start, end, file offset, build id) for the
 *     symbolizer to name; kernel frames are in one "[kernel.kallsyms]"
 *     mapping at their absolute addresses (the symbolizer reads
 *     /proc/kallsyms); an address outside every map has no mapping;
 *   - a call chain (perf record -g) is the sample's stack, leaf first,
 *     without perf's context markers; without one the stack is the
 *     sample's address;
 *   - labels: comm (the thread's name when sampled), pid, tid, cpu (if
 *     recorded) and dso (the leaf's binary);
 *   - comments: the header's facts (command line, host, os release, perf
 *     version, events, sample and lost counts).
 *
 * Everything in the file is untrusted: every size is checked against
 * what is left of the input, and a file cut short is read up to the cut
 * with a warning, as perf report does.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(HAVE_ZSTD)
#include <zstd.h>
#endif

#include "builder.h"
#include "symbolize.h"
#include "unwind.h"
#include "hash.h"
#include "hashtab.h"
#include "reader.h"
#include "sort.h"
#include "strbuf.h"
#include "vis.h"
#include "warn.h"
#include "xmalloc.h"

/* Record types (uapi perf_event.h, tools/lib/perf/include/perf/event.h) */
enum {
	PD_MMAP = 1, PD_LOST = 2, PD_COMM = 3, PD_EXIT = 4, PD_FORK = 7,
	PD_SAMPLE = 9, PD_MMAP2 = 10, PD_LOST_SAMPLES = 13,
	PD_USER_FIRST = 64,
	PD_HEADER_ATTR = 64, PD_TRACING_DATA = 66, PD_HEADER_BUILD_ID = 67,
	PD_AUXTRACE = 71, PD_EVENT_UPDATE = 78, PD_HEADER_FEATURE = 80,
	PD_COMPRESSED = 81, PD_COMPRESSED2 = 83,
};

/* sample_type bits */
enum {
	PS_IP = 1 << 0, PS_TID = 1 << 1, PS_TIME = 1 << 2, PS_ADDR = 1 << 3,
	PS_READ = 1 << 4, PS_CALLCHAIN = 1 << 5, PS_ID = 1 << 6,
	PS_CPU = 1 << 7, PS_PERIOD = 1 << 8, PS_STREAM_ID = 1 << 9,
	PS_RAW = 1 << 10, PS_BRANCH_STACK = 1 << 11, PS_REGS_USER = 1 << 12,
	PS_STACK_USER = 1 << 13, PS_IDENTIFIER = 1 << 16,
};

/* Feature bits */
enum {
	PF_BUILD_ID = 2, PF_HOSTNAME = 3, PF_OSRELEASE = 4, PF_VERSION = 5,
	PF_ARCH = 6, PF_NRCPUS = 7, PF_CPUDESC = 8, PF_CMDLINE = 11,
	PF_EVENT_DESC = 12, PF_SAMPLE_TIME = 21, PF_COMPRESSED = 27,
	PF_NFEAT = 256,
};

/* Callchain context markers: any entry at or above PD_CONTEXT_MAX. */
#define PD_CONTEXT_HV		((uint64_t)-32)
#define PD_CONTEXT_KERNEL	((uint64_t)-128)
#define PD_CONTEXT_USER		((uint64_t)-512)
#define PD_CONTEXT_GUEST_KERNEL	((uint64_t)-2176)
#define PD_CONTEXT_GUEST_USER	((uint64_t)-2560)
#define PD_CONTEXT_MAX		((uint64_t)-4095)

/* cpumode, misc & 7 */
enum { PD_CPU_KERNEL = 1, PD_CPU_USER = 2, PD_CPU_HV = 3,
	PD_CPU_GUEST_KERNEL = 4, PD_CPU_GUEST_USER = 5 };

#define PD_MISC_MMAP_DATA	(1 << 13)
#define PD_MISC_COMM_EXEC	(1 << 13)
#define PD_MISC_MMAP_BUILD_ID	(1 << 14)
#define PD_MISC_BUILD_ID_SIZE	(1 << 15)

#define PD_FILE_HEADER_SIZE	104
#define PD_PIPE_HEADER_SIZE	16
/* Enough to keep ids, attributes and frames bounded on hostile input. */
#define PD_MAX_ATTRS		256
#define PD_MAX_FRAMES		4096
/*
 * Maps of one process (above the kernel's default vm.max_map_count, and
 * small enough that inserting in the worst order stays cheap), and how
 * many forks up a process looks for an inherited map.
 */
#define PD_MAX_MAPS		16384
#define PD_MAX_INHERIT		16

struct pd_attr {
	uint32_t	type;
	uint64_t	config;
	uint64_t	sample_period;
	uint64_t	sample_type;
	uint64_t	read_format;
	uint64_t	branch_sample_type;
	uint64_t	regs_user;
	uint64_t	regs_intr;
	bool		freq;
	bool		sample_id_all;
	bool		exclude_user, exclude_kernel;
	unsigned int	precise;
	char		*name;		/* owned; NULL until named */
	int		 stype;		/* sample type index, -1: none */
	uint64_t	 nsamples;
	int64_t		 total;
};

/* An executable map of a process: [start, end) at file offset pgoff. */
struct pd_map {
	uint64_t	start, end, pgoff;
	uint32_t	file;		/* builder string ids */
	uint32_t	build_id;
	uint32_t	mapping;	/* builder index, PROFILE_NONE: not yet */
};

/*
 * A process: its own maps, and the process it was forked from, whose
 * maps it sees where it has none of its own (a fork shares, never
 * copies: memory stays proportional to the input).  exec drops both.
 */
struct pd_proc {
	int32_t		 pid;
	uint32_t	 parent;	/* index in procs, or PROFILE_NONE */
	struct pd_map	*maps;		/* sorted by start, disjoint */
	size_t		 nmap, cap;
};

struct pd_thread {
	int32_t		tid;
	int32_t		pid;
	uint32_t	comm;		/* builder string id */
};

/* A kernel record, for the time-ordered second pass. */
struct pd_rec {
	uint64_t		 time;
	size_t			 seq;
	const unsigned char	*p;	/* its header */
};

struct pd_id {
	uint64_t	id;
	uint32_t	attr;
};

struct pd_buildid {
	uint32_t	file;		/* builder string ids */
	uint32_t	id;
};

struct pd {
	const unsigned char	*data;
	size_t			 len;
	bool			 swap;		/* the other byte order */
	bool			 pipe;
	struct profile_builder	*b;
	char			**cause;

	struct pd_attr		*attrs;
	size_t			 nattr;
	struct pd_id		*ids;
	size_t			 nid, capid;
	struct hashtab		 id_tab;

	struct pd_rec		*recs;
	size_t			 nrec, caprec;
	bool			 sorted;

	struct pd_proc		*procs;
	size_t			 nproc, capproc;
	struct hashtab		 proc_tab;
	struct pd_thread	*threads;
	size_t			 nthread, capthread;
	struct hashtab		 thread_tab;
	int32_t			 key;		/* for the eq callbacks */

	struct pd_buildid	*bids;
	size_t			 nbid, capbid;
	uint64_t		 dropped_maps;

	uint32_t		 kernel_file;	/* "[kernel.kallsyms]" */
	uint64_t		 kernel_start, kernel_end;
	uint32_t		 kernel_mapping;
	uint32_t		 unknown_file;	/* "[unknown]" */
	uint32_t		 main_mapping;	/* or PROFILE_NONE */

	uint32_t		 k_comm, k_pid, k_tid, k_cpu, k_dso;
	int			 nstype;	/* sample types */
	int64_t			*values;

	/* header facts, builder string ids (0: absent) */
	uint32_t		 hostname, osrelease, version, arch, cpudesc;
	uint32_t		 cmdline;
	uint32_t		 nrcpus_avail, nrcpus_online;
	bool			 compressed;
	uint64_t		 nsamples, lost, unknown_id;
	uint64_t		 tmin, tmax;
	bool			 truncated;
	uint32_t		*locs;
	size_t			 caplocs;

	/* --call-graph dwarf */
	struct symbolize	*sym;		/* the load's, or own_sym */
	bool			 own_sym;
	struct unwind		*unwind;	/* made on first use */
	bool			 no_unwind;	/* said why not, once */
	struct pd_proc		*unwind_proc;	/* for pd_unwind_map() */
	uint64_t		 pcs[UNWIND_MAX_FRAMES];

	/* perf record -z: the records of COMPRESSED records, inflated */
	const struct input_limits *limits;
	unsigned char		*zbuf;
	size_t			 zlen, zcap;
	uint64_t		 zin;		/* compressed bytes read */
	void			*zstream;	/* ZSTD_DStream * */
};

/* Reading numbers ------------------------------------------------------ */

static uint64_t
pd_u64(const struct pd *pd, const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return pd->swap ? __builtin_bswap64(v) : v;
}

static uint32_t
pd_u32(const struct pd *pd, const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return pd->swap ? __builtin_bswap32(v) : v;
}

static uint16_t
pd_u16(const struct pd *pd, const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return pd->swap ? __builtin_bswap16(v) : v;
}

/* A cursor over [p, end): reads fail (and stay failed) past the end. */
struct pd_cur {
	const struct pd		*pd;
	const unsigned char	*p, *end;
	bool			 bad;
};

static uint64_t
cur_u64(struct pd_cur *c)
{
	uint64_t v;

	if (c->bad || c->end - c->p < 8) {
		c->bad = true;
		return 0;
	}
	v = pd_u64(c->pd, c->p);
	c->p += 8;
	return v;
}

static uint32_t
cur_u32(struct pd_cur *c)
{
	uint32_t v;

	if (c->bad || c->end - c->p < 4) {
		c->bad = true;
		return 0;
	}
	v = pd_u32(c->pd, c->p);
	c->p += 4;
	return v;
}

static void
cur_skip(struct pd_cur *c, uint64_t n)
{
	if (c->bad || (uint64_t)(c->end - c->p) < n) {
		c->bad = true;
		return;
	}
	c->p += n;
}

/*
 * A perf_header_string, { u32 len; char s[len]; } NUL-padded: its
 * builder string id, 0 if empty or malformed.
 */
static uint32_t
cur_string(struct pd_cur *c, struct profile_builder *b)
{
	uint32_t n = cur_u32(c);
	const unsigned char *s = c->p;

	cur_skip(c, n);
	if (c->bad)
		return 0;
	return profile_builder_string(b, (const char *)s,
	    strnlen((const char *)s, n));
}

/* The string s[0..n) up to its first NUL, as a builder string. */
static uint32_t
pd_cstr(struct pd *pd, const unsigned char *s, size_t n)
{
	return profile_builder_string(pd->b, (const char *)s,
	    strnlen((const char *)s, n));
}

static const char *
pd_str(struct pd *pd, uint32_t id)
{
	return profile_str(profile_builder_profile(pd->b), id);
}

/* Attributes ----------------------------------------------------------- */

static char	*pd_base_name(const struct pd_attr *);

static bool
id_eq(const void *ctx, uint32_t i)
{
	const struct pd *pd = ctx;

	return pd->ids[i].id == pd->ids[pd->nid].id;
}

/* Map event id to attribute a (the first mapping of an id wins). */
static void
pd_add_id(struct pd *pd, uint64_t id, uint32_t a)
{
	size_t slot;
	uint64_t h = hash_pair(id, 0);

	XGROW(pd->ids, pd->capid, pd->nid + 1);
	pd->ids[pd->nid].id = id;
	pd->ids[pd->nid].attr = a;
	if (hashtab_find(&pd->id_tab, h, id_eq, pd, &slot) != HASHTAB_NONE)
		return;
	hashtab_add(&pd->id_tab, slot, h, (uint32_t)pd->nid);
	pd->nid++;
}

/* The attribute of event id, or -1. */
static int
pd_attr_of(struct pd *pd, uint64_t id)
{
	size_t slot;
	uint32_t i;

	XGROW(pd->ids, pd->capid, pd->nid + 1);
	pd->ids[pd->nid].id = id;
	i = hashtab_find(&pd->id_tab, hash_pair(id, 0), id_eq, pd, &slot);
	return i == HASHTAB_NONE ? -1 : (int)pd->ids[i].attr;
}

/* Reverse the bits of a word (a bitfield word of the other byte order). */
static uint64_t
bit_reverse(uint64_t v)
{
	uint64_t r = 0;
	int i;

	for (i = 0; i < 64; i++, v >>= 1)
		r = r << 1 | (v & 1);
	return r;
}

/*
 * Read a struct perf_event_attr of at most n bytes at p (its own size
 * field says how much of it there is).  Returns the attribute's index,
 * or -1 with *cause set.
 */
static int
pd_add_attr(struct pd *pd, const unsigned char *p, size_t n)
{
	struct pd_attr *a;
	uint32_t size;
	uint64_t flags;

	if (n < 64) {
		*pd->cause = xasprintf("perf.data: an event attribute of %zu "
		    "bytes (at least 64 expected)", n);
		return -1;
	}
	if (pd->nattr == PD_MAX_ATTRS) {
		*pd->cause = xasprintf("perf.data: more than %d events",
		    PD_MAX_ATTRS);
		return -1;
	}
	size = pd_u32(pd, p + 4);
	if (size == 0)
		size = 64;	/* PERF_ATTR_SIZE_VER0, as perf reads it */
	if (size < 64 || size > n) {
		*pd->cause = xasprintf("perf.data: an event attribute says "
		    "it has %u bytes (%zu there)", size, n);
		return -1;
	}
	pd->attrs = xreallocarray(pd->attrs, pd->nattr + 1,
	    sizeof *pd->attrs);
	a = &pd->attrs[pd->nattr];
	memset(a, 0, sizeof *a);
	a->type = pd_u32(pd, p);
	a->config = pd_u64(pd, p + 8);
	a->sample_period = pd_u64(pd, p + 16);
	a->sample_type = pd_u64(pd, p + 24);
	a->read_format = pd_u64(pd, p + 32);
	flags = pd_u64(pd, p + 40);
	if (pd->swap)
		flags = bit_reverse(flags);
	a->exclude_user = (flags >> 4) & 1;
	a->exclude_kernel = (flags >> 5) & 1;
	a->precise = (flags >> 15) & 3;
	a->freq = (flags >> 10) & 1;
	a->sample_id_all = (flags >> 18) & 1;
	if (size >= 80)
		a->branch_sample_type = pd_u64(pd, p + 72);
	if (size >= 88)
		a->regs_user = pd_u64(pd, p + 80);
	if (size >= 104)
		a->regs_intr = pd_u64(pd, p + 96);
	a->stype = -1;
	return (int)pd->nattr++;
}

/*
 * Names of the common events, for a file that does not name its own
 * (its features lost): with perf's modifiers, "cpu-clock:u".
 */
static char *
pd_default_name(const struct pd_attr *a)
{
	char *base, *name;
	const char *u;

	base = pd_base_name(a);
	u = a->exclude_kernel && !a->exclude_user ? "u" :
	    a->exclude_user && !a->exclude_kernel ? "k" : "";
	if (*u == '\0' && a->precise == 0)
		return base;
	name = xasprintf("%s:%s%.*s", base, u, (int)a->precise, "ppp");
	free(base);
	return name;
}

static char *
pd_base_name(const struct pd_attr *a)
{
	static const char *const hw[] = { "cycles", "instructions",
	    "cache-references", "cache-misses", "branches", "branch-misses",
	    "bus-cycles", "stalled-cycles-frontend", "stalled-cycles-backend",
	    "ref-cycles" };
	static const char *const sw[] = { "cpu-clock", "task-clock",
	    "page-faults", "context-switches", "cpu-migrations",
	    "minor-faults", "major-faults", "alignment-faults",
	    "emulation-faults", "dummy", "bpf-output", "cgroup-switches" };

	if (a->type == 0 && a->config < sizeof hw / sizeof hw[0])
		return xstrdup(hw[a->config]);
	if (a->type == 1 && a->config < sizeof sw / sizeof sw[0])
		return xstrdup(sw[a->config]);
	return xasprintf("event %u:%#llx", a->type,
	    (unsigned long long)a->config);
}

static bool
pd_is_dummy(const struct pd_attr *a)
{
	return a->type == 1 && a->config == 9;
}

/* Features ------------------------------------------------------------- */

static void
pd_add_build_id(struct pd *pd, uint32_t file, const unsigned char *id,
    size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char buf[2 * 32 + 1];
	size_t i;

	if (n == 0 || n > 32 || file == 0)
		return;
	for (i = 0; i < n; i++) {
		buf[2 * i] = hex[id[i] >> 4];
		buf[2 * i + 1] = hex[id[i] & 15];
	}
	XGROW(pd->bids, pd->capbid, pd->nbid + 1);
	pd->bids[pd->nbid].file = file;
	pd->bids[pd->nbid].id = profile_builder_string(pd->b, buf, 2 * n);
	pd->nbid++;
}

/*
 * A build_id_event: { header; s32 pid; u8 build_id[24]; char name[] },
 * the id's size in build_id[20] when misc says so, else 20 bytes.
 */
static void
pd_build_id_event(struct pd *pd, const unsigned char *p, size_t n)
{
	uint16_t misc;
	size_t idlen = 20;

	if (n < 8 + 4 + 24)
		return;
	misc = pd_u16(pd, p + 4);
	if (misc & PD_MISC_BUILD_ID_SIZE)
		idlen = p[8 + 4 + 20] <= 20 ? p[8 + 4 + 20] : 20;
	pd_add_build_id(pd, pd_cstr(pd, p + 36, n - 36), p + 12, idlen);
}

static void
pd_event_desc(struct pd *pd, struct pd_cur *c)
{
	uint32_t nr = cur_u32(c), asz = cur_u32(c), i, j, nids, name;
	const unsigned char *s;
	int a;

	for (i = 0; i < nr && !c->bad; i++) {
		cur_skip(c, asz);
		nids = cur_u32(c);
		name = cur_string(c, pd->b);
		a = -1;
		for (j = 0; j < nids && !c->bad; j++) {
			uint64_t id = cur_u64(c);

			if (a == -1)
				a = pd_attr_of(pd, id);
		}
		/* Without ids, the descriptions are in the attributes' order. */
		if (a == -1 && nids == 0 && i < pd->nattr)
			a = (int)i;
		if (c->bad || a < 0 || name == 0 || pd->attrs[a].name != NULL)
			continue;
		s = (const unsigned char *)pd_str(pd, name);
		pd->attrs[a].name = xstrdup((const char *)s);
	}
}

/* The command line, a string list, as one string of its words. */
static void
pd_cmdline(struct pd *pd, struct pd_cur *c)
{
	struct strbuf sb = STRBUF_INIT;
	uint32_t nr = cur_u32(c), i, s;

	for (i = 0; i < nr && !c->bad; i++) {
		s = cur_string(c, pd->b);
		if (i > 0)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, pd_str(pd, s));
	}
	if (sb.len > 0)
		pd->cmdline = profile_builder_string(pd->b, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* Feature feat's payload p[0..n): the facts the report shows. */
static void
pd_feature(struct pd *pd, unsigned int feat, const unsigned char *p,
    size_t n)
{
	struct pd_cur c = { pd, p, p + n, false };
	const unsigned char *end = p + n;
	uint16_t sz;

	switch (feat) {
	case PF_BUILD_ID:
		while (end - p >= 8) {
			sz = pd_u16(pd, p + 6);
			if (sz < 8 || sz > end - p)
				break;
			pd_build_id_event(pd, p, sz);
			p += sz;
		}
		break;
	case PF_HOSTNAME:
		pd->hostname = cur_string(&c, pd->b);
		break;
	case PF_OSRELEASE:
		pd->osrelease = cur_string(&c, pd->b);
		break;
	case PF_VERSION:
		pd->version = cur_string(&c, pd->b);
		break;
	case PF_ARCH:
		pd->arch = cur_string(&c, pd->b);
		break;
	case PF_CPUDESC:
		pd->cpudesc = cur_string(&c, pd->b);
		break;
	case PF_NRCPUS:
		pd->nrcpus_avail = cur_u32(&c);
		pd->nrcpus_online = cur_u32(&c);
		break;
	case PF_CMDLINE:
		pd_cmdline(pd, &c);
		break;
	case PF_EVENT_DESC:
		pd_event_desc(pd, &c);
		break;
	case PF_COMPRESSED:
		pd->compressed = true;
		break;
	default:
		break;
	}
}

/* The file-mode feature table after the data: one section per bit. */
static void
pd_file_features(struct pd *pd, const unsigned char *bits, uint64_t at)
{
	unsigned int f;
	uint64_t off, size;

	for (f = 0; f < PF_NFEAT; f++) {
		/* The bitmap is u64 words: bit f of word f / 64. */
		if (!((pd_u64(pd, bits + 8 * (f / 64)) >> (f % 64)) & 1))
			continue;
		if (at > pd->len || pd->len - at < 16)
			return;
		off = pd_u64(pd, pd->data + at);
		size = pd_u64(pd, pd->data + at + 8);
		at += 16;
		if (off > pd->len || size > pd->len - off)
			continue;
		pd_feature(pd, f, pd->data + off, (size_t)size);
	}
}

/* Samples and the sample_id trailer ------------------------------------ */

struct pd_sample {
	uint64_t		 ip;
	int32_t			 pid, tid;
	uint64_t		 time;
	uint32_t		 cpu;
	uint64_t		 period;
	uint64_t		 id;
	bool			 has_id, has_cpu;
	uint64_t		 nchain;
	const unsigned char	*chain;		/* nchain u64 */
	/* --call-graph dwarf: the user registers and stack copy */
	uint64_t		 abi;		/* 0: none */
	const unsigned char	*regs;		/* one u64 per mask bit */
	const unsigned char	*stack;
	uint64_t		 stack_len;	/* bytes the kernel wrote */
};

/*
 * The attribute a record belongs to, from the id at a fixed place
 * (sample: IDENTIFIER first; others: IDENTIFIER last), else the id at
 * the place the first attribute's layout puts it.  -1 if unknown.
 */
static int
pd_record_attr(struct pd *pd, uint32_t type, const unsigned char *p,
    size_t n)
{
	const struct pd_attr *a0 = &pd->attrs[0];
	uint64_t st = a0->sample_type;
	size_t pos;

	if (pd->nattr == 1)
		return 0;
	if (type == PD_SAMPLE) {
		if (st & PS_IDENTIFIER)
			pos = 8;
		else if (st & PS_ID)
			pos = 8 + 8 * (!!(st & PS_IP) + !!(st & PS_TID) +
			    !!(st & PS_TIME) + !!(st & PS_ADDR));
		else
			return 0;
		return pos + 8 <= n ? pd_attr_of(pd, pd_u64(pd, p + pos)) : -1;
	}
	if (!a0->sample_id_all)
		return 0;
	if (st & PS_IDENTIFIER)
		pos = 8;
	else if (st & PS_ID)
		pos = 8 * (1 + !!(st & PS_STREAM_ID) + !!(st & PS_CPU));
	else
		return 0;
	return pos + 8 <= n ? pd_attr_of(pd, pd_u64(pd, p + n - pos)) : -1;
}

/* The time in a non-sample record's trailer, 0 if none. */
static uint64_t
pd_trailer_time(struct pd *pd, const unsigned char *p, size_t n)
{
	const struct pd_attr *a = &pd->attrs[0];
	uint64_t st = a->sample_type;
	size_t pos;

	if (!a->sample_id_all || !(st & PS_TIME))
		return 0;
	pos = 8 * (1 + !!(st & PS_ID) + !!(st & PS_STREAM_ID) +
	    !!(st & PS_CPU) + !!(st & PS_IDENTIFIER));
	return pos + 8 <= n ? pd_u64(pd, p + n - pos) : 0;
}

/*
 * The user registers and stack copy of a sample (c: after its call
 * chain), for unwinding; left out (abi 0) if malformed.
 */
static void
pd_parse_user_stack(const struct pd_attr *a, struct pd_cur *c,
    struct pd_sample *s)
{
	uint64_t st = a->sample_type, v, abi;
	const unsigned char *regs;

	if (!(st & PS_REGS_USER) || !(st & PS_STACK_USER))
		return;
	if (st & PS_RAW)
		cur_skip(c, cur_u32(c));
	if (st & PS_BRANCH_STACK) {
		v = cur_u64(c);
		/* PERF_SAMPLE_BRANCH_HW_INDEX: the index before them */
		if (a->branch_sample_type & (1ULL << 17))
			cur_skip(c, 8);
		if (c->bad || v > (uint64_t)(c->end - c->p) / 24)
			return;
		cur_skip(c, 24 * v);
	}
	abi = cur_u64(c);
	regs = c->p;
	if (abi != 0)
		cur_skip(c, 8 * (uint64_t)__builtin_popcountll(a->regs_user));
	v = cur_u64(c);
	if (c->bad || v == 0 || abi == 0 || v > (uint64_t)(c->end - c->p))
		return;
	s->stack = c->p;
	cur_skip(c, v);
	s->stack_len = cur_u64(c);
	if (c->bad || s->stack_len > v)
		return;
	s->abi = abi;
	s->regs = regs;
}

/* Parse a sample of attribute a (record p[0..n)); false if malformed. */
static bool
pd_parse_sample(struct pd *pd, const struct pd_attr *a,
    const unsigned char *p, size_t n, struct pd_sample *s)
{
	struct pd_cur c = { pd, p + 8, p + n, false };
	uint64_t st = a->sample_type, v, rf = a->read_format;

	memset(s, 0, sizeof *s);
	s->pid = s->tid = -1;
	if (st & PS_IDENTIFIER) {
		s->id = cur_u64(&c);
		s->has_id = true;
	}
	if (st & PS_IP)
		s->ip = cur_u64(&c);
	if (st & PS_TID) {
		s->pid = (int32_t)cur_u32(&c);
		s->tid = (int32_t)cur_u32(&c);
	}
	if (st & PS_TIME)
		s->time = cur_u64(&c);
	if (st & PS_ADDR)
		cur_skip(&c, 8);
	if (st & PS_ID) {
		s->id = cur_u64(&c);
		s->has_id = true;
	}
	if (st & PS_STREAM_ID)
		cur_skip(&c, 8);
	if (st & PS_CPU) {
		s->cpu = cur_u32(&c);
		cur_skip(&c, 4);
		s->has_cpu = true;
	}
	s->period = a->freq ? 1 : a->sample_period;
	if (st & PS_PERIOD)
		s->period = cur_u64(&c);
	if (st & PS_READ) {
		/* TOTAL_TIME_ENABLED 1, _RUNNING 2, ID 4, GROUP 8, LOST 16 */
		size_t per = 1 + !!(rf & 4) + !!(rf & 16);

		if (rf & 8) {
			v = cur_u64(&c);
			cur_skip(&c, 8 * (!!(rf & 1) + !!(rf & 2)));
			if (v > (uint64_t)(c.end - c.p) / 8 / per)
				return false;
			cur_skip(&c, 8 * per * v);
		} else
			cur_skip(&c, 8 * (per + !!(rf & 1) + !!(rf & 2)));
	}
	if (st & PS_CALLCHAIN) {
		s->nchain = cur_u64(&c);
		if (c.bad || s->nchain > (uint64_t)(c.end - c.p) / 8)
			return false;
		s->chain = c.p;
		c.p += 8 * s->nchain;
	}
	if (c.bad)
		return false;
	/* What is after the call chain matters only to unwinding. */
	pd_parse_user_stack(a, &c, s);
	return true;
}

/* Processes and threads ------------------------------------------------ */

static bool
proc_eq(const void *ctx, uint32_t i)
{
	const struct pd *pd = ctx;

	return pd->procs[i].pid == pd->key;
}

static bool
thread_eq(const void *ctx, uint32_t i)
{
	const struct pd *pd = ctx;

	return pd->threads[i].tid == pd->key;
}

/* Process pid, created empty if new. */
static struct pd_proc *
pd_proc(struct pd *pd, int32_t pid)
{
	uint64_t h = hash_pair((uint64_t)(uint32_t)pid, 1);
	struct pd_proc *pr;
	size_t slot;
	uint32_t i;

	pd->key = pid;
	if ((i = hashtab_find(&pd->proc_tab, h, proc_eq, pd, &slot)) !=
	    HASHTAB_NONE)
		return &pd->procs[i];
	XGROW(pd->procs, pd->capproc, pd->nproc + 1);
	pr = &pd->procs[pd->nproc];
	memset(pr, 0, sizeof *pr);
	pr->pid = pid;
	pr->parent = PROFILE_NONE;
	hashtab_add(&pd->proc_tab, slot, h, (uint32_t)pd->nproc);
	pd->nproc++;
	return pr;
}

/* Thread tid, created (comm unknown) if new. */
static struct pd_thread *
pd_thread(struct pd *pd, int32_t pid, int32_t tid)
{
	uint64_t h = hash_pair((uint64_t)(uint32_t)tid, 2);
	struct pd_thread *t;
	size_t slot;
	uint32_t i;

	pd->key = tid;
	if ((i = hashtab_find(&pd->thread_tab, h, thread_eq, pd, &slot)) !=
	    HASHTAB_NONE)
		return &pd->threads[i];
	XGROW(pd->threads, pd->capthread, pd->nthread + 1);
	t = &pd->threads[pd->nthread];
	t->tid = tid;
	t->pid = pid;
	t->comm = 0;
	hashtab_add(&pd->thread_tab, slot, h, (uint32_t)pd->nthread);
	pd->nthread++;
	return t;
}

/* The first map of pr that ends after addr. */
static size_t
pd_map_after(const struct pd_proc *pr, uint64_t addr)
{
	return sorted_find_u64(pr->maps, pr->nmap, sizeof *pr->maps,
	    offsetof(struct pd_map, end), addr, true);
}

/* Add map m to pr, cutting away what it overlaps (newer maps win). */
static void
pd_map_add(struct pd *pd, struct pd_proc *pr, const struct pd_map *m)
{
	struct pd_map put[3];
	size_t lo, hi, n = 0;

	if (pr->nmap >= PD_MAX_MAPS) {
		pd->dropped_maps++;
		return;
	}
	lo = pd_map_after(pr, m->start);
	for (hi = lo; hi < pr->nmap && pr->maps[hi].start < m->end; hi++)
		;
	/* [lo, hi) overlap m: keep what sticks out on either side */
	if (lo < hi && pr->maps[lo].start < m->start) {
		put[n] = pr->maps[lo];
		put[n].end = m->start;
		put[n++].mapping = PROFILE_NONE;
	}
	put[n++] = *m;
	if (lo < hi && pr->maps[hi - 1].end > m->end) {
		put[n] = pr->maps[hi - 1];
		put[n].pgoff += m->end - put[n].start;
		put[n].start = m->end;
		put[n++].mapping = PROFILE_NONE;
	}
	XGROW(pr->maps, pr->cap, pr->nmap - (hi - lo) + n);
	memmove(pr->maps + lo + n, pr->maps + hi,
	    (pr->nmap - hi) * sizeof *pr->maps);
	memcpy(pr->maps + lo, put, n * sizeof *put);
	pr->nmap = pr->nmap - (hi - lo) + n;
}

/* The map of addr in pr, or in the processes it was forked from. */
static struct pd_map *
pd_map_find(struct pd *pd, struct pd_proc *pr, uint64_t addr)
{
	size_t i, level;

	for (level = 0; pr != NULL && level < PD_MAX_INHERIT; level++) {
		i = pd_map_after(pr, addr);
		if (i < pr->nmap && pr->maps[i].start <= addr)
			return &pr->maps[i];
		pr = pr->parent == PROFILE_NONE ? NULL :
		    &pd->procs[pr->parent];
	}
	return NULL;
}

static uint32_t
pd_build_id_of(struct pd *pd, uint32_t file)
{
	size_t i;

	for (i = pd->nbid; i > 0; i--)
		if (pd->bids[i - 1].file == file)
			return pd->bids[i - 1].id;
	return 0;
}

/* MMAP and MMAP2: an executable map of a process (or of the kernel). */
static void
pd_mmap(struct pd *pd, uint32_t type, uint16_t misc, const unsigned char *p,
    size_t n)
{
	struct pd_cur c = { pd, p + 8, p + n, false };
	struct pd_map m;
	int32_t pid;
	uint32_t prot = 5;	/* PROT_READ | PROT_EXEC */
	const unsigned char *bid = NULL;
	size_t bidlen = 0;
	const char *name;

	pid = (int32_t)cur_u32(&c);
	cur_skip(&c, 4);
	m.start = cur_u64(&c);
	m.end = m.start + cur_u64(&c);
	m.pgoff = cur_u64(&c);
	if (type == PD_MMAP2) {
		if (misc & PD_MISC_MMAP_BUILD_ID) {
			bidlen = c.p < c.end ? *c.p : 0;
			bid = c.p + 4;
		}
		cur_skip(&c, 24);
		prot = cur_u32(&c);
		cur_skip(&c, 4);
	}
	if (c.bad || (misc & PD_MISC_MMAP_DATA) || !(prot & 4) ||
	    m.end <= m.start)
		return;
	m.file = pd_cstr(pd, c.p, (size_t)(c.end - c.p));
	m.mapping = PROFILE_NONE;
	name = pd_str(pd, m.file);
	if ((misc & 7) == PD_CPU_KERNEL || (misc & 7) == PD_CPU_GUEST_KERNEL) {
		/* "[kernel.kallsyms]_text": the kernel; others are modules. */
		if (strncmp(name, "[kernel.kallsyms]", 17) == 0 &&
		    pd->kernel_end == 0) {
			pd->kernel_start = m.start;
			pd->kernel_end = m.end;
		}
		return;
	}
	m.build_id = 0;
	if (bid != NULL && bidlen > 0 && bidlen <= 20)
		pd_add_build_id(pd, m.file, bid, bidlen);
	m.build_id = pd_build_id_of(pd, m.file);
	pd_map_add(pd, pd_proc(pd, pid), &m);
}

/* COMM: a thread's new name; on exec, a new address space too. */
static void
pd_comm(struct pd *pd, uint16_t misc, const unsigned char *p, size_t n)
{
	struct pd_proc *pr;
	int32_t pid, tid;

	if (n < 16)
		return;
	pid = (int32_t)pd_u32(pd, p + 8);
	tid = (int32_t)pd_u32(pd, p + 12);
	pd_thread(pd, pid, tid)->comm = pd_cstr(pd, p + 16, n - 16);
	if (misc & PD_MISC_COMM_EXEC) {
		pr = pd_proc(pd, pid);
		pr->nmap = 0;
		pr->parent = PROFILE_NONE;
	}
}

/* FORK: a thread of its parent's process, or a new process. */
static void
pd_fork(struct pd *pd, const unsigned char *p, size_t n)
{
	int32_t pid, ppid, tid, ptid;
	struct pd_thread *t;
	uint32_t comm, parent, child;

	if (n < 24)
		return;
	pid = (int32_t)pd_u32(pd, p + 8);
	ppid = (int32_t)pd_u32(pd, p + 12);
	tid = (int32_t)pd_u32(pd, p + 16);
	ptid = (int32_t)pd_u32(pd, p + 20);
	comm = pd_thread(pd, ppid, ptid)->comm;
	t = pd_thread(pd, pid, tid);
	t->pid = pid;
	t->comm = comm;
	if (pid == ppid)
		return;
	/* Indexes: pd_proc() may move the array. */
	parent = (uint32_t)(pd_proc(pd, ppid) - pd->procs);
	child = (uint32_t)(pd_proc(pd, pid) - pd->procs);
	pd->procs[child].nmap = 0;
	pd->procs[child].parent = parent;
}

/* Samples -------------------------------------------------------------- */

/* The builder mapping of m, made on first use. */
static uint32_t
pd_map_mapping(struct pd *pd, struct pd_map *m)
{
	struct profile_mapping pm;

	if (m->mapping != PROFILE_NONE)
		return m->mapping;
	memset(&pm, 0, sizeof pm);
	pm.start = m->start;
	pm.limit = m->end;
	pm.offset = m->pgoff;
	pm.file = m->file;
	pm.build_id = m->build_id;
	m->mapping = profile_builder_mapping(pd->b, &pm);
	return m->mapping;
}

static uint32_t
pd_kernel_mapping(struct pd *pd)
{
	struct profile_mapping pm;

	if (pd->kernel_mapping != PROFILE_NONE)
		return pd->kernel_mapping;
	memset(&pm, 0, sizeof pm);
	pm.start = pd->kernel_start;
	pm.limit = pd->kernel_end != 0 ? pd->kernel_end : UINT64_MAX;
	pm.file = pd->kernel_file;
	pm.build_id = pd_build_id_of(pd, pd->kernel_file);
	pd->kernel_mapping = profile_builder_mapping(pd->b, &pm);
	return pd->kernel_mapping;
}

/* Whether file (a path) is the program comm names (cut to 15 bytes). */
static bool
pd_is_main(struct pd *pd, uint32_t comm, uint32_t file)
{
	const char *c = pd_str(pd, comm), *f = pd_str(pd, file);
	const char *base = strrchr(f, '/');

	base = base != NULL ? base + 1 : f;
	return *c != '\0' && *f == '/' && strncmp(base, c, strlen(c)) == 0;
}

/*
 * The location of frame addr (cpumode mode) in process pr; *file gets
 * its binary's name for the dso label.
 */
static uint32_t
pd_location(struct pd *pd, struct pd_proc *pr, uint64_t addr, int mode,
    uint32_t comm, uint32_t *file)
{
	const struct profile *p;
	struct pd_map *m;
	uint32_t mi;

	if (mode == PD_CPU_KERNEL || mode == PD_CPU_GUEST_KERNEL ||
	    mode == PD_CPU_HV) {
		*file = pd->kernel_file;
		return profile_builder_location(pd->b, pd_kernel_mapping(pd),
		    addr, NULL, 0, false);
	}
	if ((m = pd_map_find(pd, pr, addr)) == NULL) {
		*file = pd->unknown_file;
		return profile_builder_location(pd->b, PROFILE_NONE, addr,
		    NULL, 0, false);
	}
	*file = m->file;
	mi = pd_map_mapping(pd, m);
	if (pd->main_mapping == PROFILE_NONE && pd_is_main(pd, comm, m->file))
		pd->main_mapping = mi;
	/*
	 * Equal mappings of several processes are one in the profile, at
	 * the first one's address: move the address there.
	 */
	p = profile_builder_profile(pd->b);
	addr = addr - m->start + p->mappings[mi].start;
	return profile_builder_location(pd->b, mi, addr, NULL, 0, false);
}

static int
pd_chain_mode(uint64_t marker, int mode)
{
	switch (marker) {
	case PD_CONTEXT_HV:
		return PD_CPU_HV;
	case PD_CONTEXT_KERNEL:
		return PD_CPU_KERNEL;
	case PD_CONTEXT_USER:
		return PD_CPU_USER;
	case PD_CONTEXT_GUEST_KERNEL:
		return PD_CPU_GUEST_KERNEL;
	case PD_CONTEXT_GUEST_USER:
		return PD_CPU_GUEST_USER;
	default:
		return mode;
	}
}

/* The map of the unwound process holding addr, for the unwinder. */
static bool
pd_unwind_map(void *arg, uint64_t addr, struct unwind_map *um)
{
	struct pd *pd = arg;
	struct pd_map *m;

	if ((m = pd_map_find(pd, pd->unwind_proc, addr)) == NULL)
		return false;
	um->file = pd_str(pd, m->file);
	um->build_id = pd_str(pd, m->build_id);
	um->start = m->start;
	um->limit = m->end;
	um->pgoff = m->pgoff;
	return true;
}

/* x86_64's perf registers (perf_regs.h) in DWARF numbering, -1: unused. */
static const int pd_x86_64_dwarf[] = {
	[0] = 0, [1] = 3, [2] = 2, [3] = 1, [4] = 4, [5] = 5, [6] = 6,
	[7] = 7, [8] = 16, [9] = -1, [10] = -1, [11] = -1, [12] = -1,
	[13] = -1, [14] = -1, [15] = -1, [16] = 8, [17] = 9, [18] = 10,
	[19] = 11, [20] = 12, [21] = 13, [22] = 14, [23] = 15,
};

/*
 * The user chain of sample s (with its registers and stack copy) of
 * process pr, unwound into pd->pcs: how many frames, 0 if it cannot be.
 */
static size_t
pd_unwind(struct pd *pd, const struct pd_attr *a, struct pd_proc *pr,
    const struct pd_sample *s)
{
	struct unwind_regs r;
	const char *arch = pd->arch != 0 ? pd_str(pd, pd->arch) : "x86_64";
	uint64_t mask = a->regs_user;
	size_t k = 0;
	int bit;

	if (pd->no_unwind)
		return 0;
	/* PERF_SAMPLE_REGS_ABI_64; a 32-bit process's are not unwound. */
	if (strcmp(arch, "x86_64") != 0 || pd->swap || s->abi != 2) {
		struct strbuf sb = STRBUF_INIT;

		if (strcmp(arch, "x86_64") == 0 && !pd->swap)
			strbuf_addstr(&sb, "32-bit processes");
		else
			vis_addstr(&sb, arch, 0);
		warn_printf("perf.data: DWARF call chains (perf record "
		    "--call-graph dwarf) are unwound for x86_64 only, not %s: "
		    "user stacks are their sampled address only", sb.buf);
		strbuf_release(&sb);
		pd->no_unwind = true;
		return 0;
	}
	memset(&r, 0, sizeof r);
	for (bit = 0; bit < 64; bit++) {
		if (!(mask & (1ULL << bit)))
			continue;
		if (bit < (int)(sizeof pd_x86_64_dwarf /
		    sizeof pd_x86_64_dwarf[0]) && pd_x86_64_dwarf[bit] >= 0) {
			r.r[pd_x86_64_dwarf[bit]] = pd_u64(pd, s->regs + 8 * k);
			r.valid |= 1u << pd_x86_64_dwarf[bit];
		}
		k++;
	}
	if (pd->unwind == NULL) {
		if (pd->sym == NULL) {
			struct symbolize_options o;

			memset(&o, 0, sizeof o);
			pd->sym = symbolize_create(&o);
			pd->own_sym = true;
		}
		pd->unwind = unwind_create(pd->sym);
	}
	pd->unwind_proc = pr;
	if (pr == NULL)
		return 0;
	return unwind_x86_64(pd->unwind, &r, s->stack, (size_t)s->stack_len,
	    pd_unwind_map, pd, pd->pcs, UNWIND_MAX_FRAMES);
}

static void
pd_sample(struct pd *pd, uint16_t misc, const unsigned char *p, size_t n)
{
	struct pd_sample s;
	struct pd_attr *a;
	struct pd_thread *t;
	struct pd_proc *pr;
	struct profile_label lb[5];
	size_t nloc = 0, nlb = 0, i, slot, npc;
	uint32_t leaf_file = 0, file, pi;
	int ai, mode = misc & 7;
	uint64_t ip;

	if ((ai = pd_record_attr(pd, PD_SAMPLE, p, n)) < 0) {
		pd->unknown_id++;
		return;
	}
	a = &pd->attrs[ai];
	if (!pd_parse_sample(pd, a, p, n, &s))
		return;
	pd->nsamples++;
	a->nsamples++;
	a->total += (int64_t)s.period;
	if (pd->nsamples == 1 || s.time < pd->tmin)
		pd->tmin = s.time;
	if (s.time > pd->tmax)
		pd->tmax = s.time;
	t = pd_thread(pd, s.pid, s.tid);
	pd->key = s.pid;
	pi = hashtab_find(&pd->proc_tab, hash_pair((uint64_t)(uint32_t)s.pid,
	    1), proc_eq, pd, &slot);
	pr = pi == HASHTAB_NONE ? NULL : &pd->procs[pi];
	npc = s.abi != 0 ? pd_unwind(pd, a, pr, &s) : 0;
	XGROW(pd->locs, pd->caplocs, (s.nchain < PD_MAX_FRAMES ? s.nchain :
	    PD_MAX_FRAMES) + 1 + npc);
	/*
	 * A call chain starts with the sample's own address (after a
	 * context marker); add it only if the chain does not.  Unwound,
	 * its user part is the unwinder's (the kernel's chain has none with
	 * --call-graph dwarf), after its kernel part, as perf report shows.
	 */
	for (i = 0; i < s.nchain && nloc < PD_MAX_FRAMES; i++) {
		ip = pd_u64(pd, s.chain + 8 * i);
		if (ip >= PD_CONTEXT_MAX) {
			mode = pd_chain_mode(ip, mode);
			continue;
		}
		if (ip == 0 || (npc > 0 && (mode == PD_CPU_USER ||
		    mode == PD_CPU_GUEST_USER)))
			continue;
		if (nloc == 0 && ip != s.ip && (a->sample_type & PS_IP)) {
			pd->locs[nloc++] = pd_location(pd, pr, s.ip, misc & 7,
			    t->comm, &leaf_file);
		}
		pd->locs[nloc] = pd_location(pd, pr, ip, mode, t->comm, &file);
		if (nloc++ == 0)
			leaf_file = file;
	}
	for (i = 0; i < npc; i++) {
		pd->locs[nloc] = pd_location(pd, pr, pd->pcs[i], PD_CPU_USER,
		    t->comm, &file);
		if (nloc++ == 0)
			leaf_file = file;
	}
	if (nloc == 0 && (a->sample_type & PS_IP))
		pd->locs[nloc++] = pd_location(pd, pr, s.ip, misc & 7, t->comm,
		    &leaf_file);
	if (t->comm != 0) {
		lb[nlb].key = pd->k_comm;
		lb[nlb].str = t->comm;
		lb[nlb].unit = 0;
		lb[nlb++].num = 0;
	}
	if (a->sample_type & PS_TID) {
		memset(&lb[nlb], 0, 2 * sizeof lb[0]);
		lb[nlb].key = pd->k_pid;
		lb[nlb++].num = s.pid;
		lb[nlb].key = pd->k_tid;
		lb[nlb++].num = s.tid;
	}
	if (s.has_cpu) {
		memset(&lb[nlb], 0, sizeof lb[0]);
		lb[nlb].key = pd->k_cpu;
		lb[nlb++].num = s.cpu;
	}
	if (nloc > 0) {
		memset(&lb[nlb], 0, sizeof lb[0]);
		lb[nlb].key = pd->k_dso;
		lb[nlb++].str = leaf_file;
	}
	memset(pd->values, 0, (size_t)pd->nstype * sizeof *pd->values);
	pd->values[0] = 1;
	if (a->stype > 0)
		pd->values[a->stype] = (int64_t)s.period;
	profile_builder_sample(pd->b, pd->locs, nloc, pd->values, lb, nlb);
}

/* The records ---------------------------------------------------------- */

/* Index a kernel record for the second pass. */
static void
pd_index(struct pd *pd, uint32_t type, const unsigned char *p, size_t n)
{
	uint64_t t = 0;
	int a;

	if (type == PD_SAMPLE) {
		a = pd_record_attr(pd, type, p, n);
		if (a >= 0 && (pd->attrs[a].sample_type & PS_TIME)) {
			uint64_t st = pd->attrs[a].sample_type;
			size_t pos = 8 + 8 * (!!(st & PS_IDENTIFIER) +
			    !!(st & PS_IP) + !!(st & PS_TID));

			if (pos + 8 <= n)
				t = pd_u64(pd, p + pos);
		}
	} else
		t = pd_trailer_time(pd, p, n);
	XGROW(pd->recs, pd->caprec, pd->nrec + 1);
	if (pd->nrec > 0 && t < pd->recs[pd->nrec - 1].time)
		pd->sorted = false;
	pd->recs[pd->nrec].time = t;
	pd->recs[pd->nrec].seq = pd->nrec;
	pd->recs[pd->nrec].p = p;
	pd->nrec++;
}

/*
 * A COMPRESSED record's zstd data (src[0..n)): inflated onto pd->zbuf.
 * perf record compresses its ring buffers as one stream, flushed at each
 * record, so the stream goes on from one record to the next, and a
 * record inside may straddle two of them: the records are read from the
 * whole inflated stream once it is complete (pd_scan_compressed()).
 */
static int
pd_inflate(struct pd *pd, const unsigned char *src, size_t n)
{
#if defined(HAVE_ZSTD)
	const struct input_limits *l = pd->limits;
	ZSTD_inBuffer in = { src, n, 0 };
	ZSTD_outBuffer out;
	size_t rc;

	if (pd->zstream == NULL)
		pd->zstream = ZSTD_createDStream();
	if (pd->zstream == NULL || (pd->zin == 0 &&
	    ZSTD_isError(ZSTD_initDStream(pd->zstream)))) {
		*pd->cause = xstrdup("perf.data: cannot start zstd");
		return -1;
	}
	pd->zin += n;
	while (in.pos < in.size) {
		if (pd->zcap - pd->zlen < 65536) {
			if (pd->zcap >= l->max_inflated) {
				*pd->cause = xasprintf("perf.data: compressed "
				    "records inflate beyond the %llu byte "
				    "limit (raise with -max_inflated or "
				    "CPV_MAX_INFLATED)",
				    (unsigned long long)l->max_inflated);
				return -1;
			}
			pd->zcap = pd->zcap < (1 << 20) ? (1 << 20) :
			    pd->zcap + pd->zcap / 2;
			if (pd->zcap > l->max_inflated)
				pd->zcap = (size_t)l->max_inflated;
			pd->zbuf = xreallocarray(pd->zbuf, pd->zcap, 1);
		}
		out.dst = pd->zbuf;
		out.size = pd->zcap;
		out.pos = pd->zlen;
		rc = ZSTD_decompressStream(pd->zstream, &out, &in);
		if (ZSTD_isError(rc)) {
			*pd->cause = xasprintf("perf.data: compressed records: "
			    "%s", ZSTD_getErrorName(rc));
			return -1;
		}
		if (out.pos == pd->zlen && in.pos < in.size &&
		    out.pos < out.size) {
			*pd->cause = xstrdup("perf.data: compressed records: "
			    "zstd makes no progress");
			return -1;
		}
		pd->zlen = out.pos;
		if (l->max_ratio > 0 && pd->zlen > INPUT_RATIO_SLACK &&
		    (pd->zlen - INPUT_RATIO_SLACK) / l->max_ratio > pd->zin) {
			*pd->cause = xasprintf("perf.data: compressed records "
			    "inflate more than %llu times: a decompression "
			    "bomb? (raise with -max_ratio or CPV_MAX_RATIO)",
			    (unsigned long long)l->max_ratio);
			return -1;
		}
	}
	return 0;
#else
	(void)src;
	(void)n;
	*pd->cause = xstrdup("perf.data: compressed records (perf record -z) "
	    "need cpv built with libzstd (apt-get install libzstd-dev, then "
	    "configure again)");
	return -1;
#endif
}

/* A record perf wrote (type >= 64), taken in stream order. */
static int
pd_user_record(struct pd *pd, uint32_t type, const unsigned char *p,
    size_t n)
{
	uint64_t nid, i, ev, id;
	int a;

	switch (type) {
	case PD_HEADER_ATTR:
		if ((a = pd_add_attr(pd, p + 8, n - 8)) < 0)
			return -1;
		i = pd_u32(pd, p + 8 + 4);
		if (i == 0)
			i = 64;
		for (nid = (n - 8 - i) / 8; nid > 0; nid--, i += 8)
			pd_add_id(pd, pd_u64(pd, p + 8 + i), (uint32_t)a);
		break;
	case PD_HEADER_FEATURE:
		if (n >= 16 && (ev = pd_u64(pd, p + 8)) < PF_NFEAT)
			pd_feature(pd, (unsigned int)ev, p + 16, n - 16);
		break;
	case PD_EVENT_UPDATE:
		/* { u64 type; u64 id; ... }: type 2 is the event's name */
		if (n < 24 || pd_u64(pd, p + 8) != 2)
			break;
		id = pd_u64(pd, p + 16);
		if ((a = pd_attr_of(pd, id)) >= 0 && pd->attrs[a].name == NULL)
			pd->attrs[a].name = xstrdup(pd_str(pd,
			    pd_cstr(pd, p + 24, n - 24)));
		break;
	case PD_HEADER_BUILD_ID:
		pd_build_id_event(pd, p, n);
		break;
	case PD_COMPRESSED:
		/* inflated records hold no compressed ones */
		if (pd->data == pd->zbuf)
			break;
		return pd_inflate(pd, p + 8, n - 8);
	case PD_COMPRESSED2:
		/* { header; u64 data_size; data } */
		if (pd->data == pd->zbuf || n < 16)
			break;
		id = pd_u64(pd, p + 8);
		if (id > n - 16) {
			*pd->cause = xasprintf("perf.data: a compressed record "
			    "of %zu bytes says it holds %llu", n,
			    (unsigned long long)id);
			return -1;
		}
		return pd_inflate(pd, p + 16, (size_t)id);
	default:
		break;
	}
	return 0;
}

/*
 * Out-of-band payload after a record (AUXTRACE, TRACING_DATA): how many
 * bytes follow it, or UINT64_MAX if the record is malformed.
 */
static uint64_t
pd_payload(struct pd *pd, uint32_t type, const unsigned char *p, size_t n)
{
	if (type == PD_AUXTRACE)
		return n >= 16 ? pd_u64(pd, p + 8) : UINT64_MAX;
	if (type == PD_TRACING_DATA)
		return n >= 12 ? ((uint64_t)pd_u32(pd, p + 8) + 7) & ~7ULL :
		    UINT64_MAX;
	return 0;
}

/* Pass 1 over the records of data[off, end). */
static int
pd_scan(struct pd *pd, size_t off, size_t end)
{
	uint32_t type;
	uint16_t size;
	uint64_t extra;

	while (off < end) {
		const unsigned char *p = pd->data + off;

		if (end - off < 8) {
			pd->truncated = true;
			break;
		}
		type = pd_u32(pd, p);
		size = pd_u16(pd, p + 6);
		if (size < 8) {
			*pd->cause = xasprintf("perf.data: offset %zu: a record "
			    "of %u bytes (type %u)", off, size, type);
			return -1;
		}
		if (size > end - off) {
			pd->truncated = true;
			break;
		}
		if (type >= PD_USER_FIRST) {
			if (pd_user_record(pd, type, p, size) == -1)
				return -1;
			extra = pd_payload(pd, type, p, size);
			if (extra > end - off - size) {
				pd->truncated = true;
				break;
			}
			off += size + (size_t)extra;
			continue;
		}
		if (pd->nattr == 0) {
			*pd->cause = xasprintf("perf.data: offset %zu: a record "
			    "before any event attribute", off);
			return -1;
		}
		if (type == PD_SAMPLE || type == PD_MMAP || type == PD_MMAP2 ||
		    type == PD_COMM || type == PD_FORK)
			pd_index(pd, type, p, size);
		else if (type == PD_LOST && size >= 24)
			pd->lost += pd_u64(pd, p + 16);
		else if (type == PD_LOST_SAMPLES && size >= 16)
			pd->lost += pd_u64(pd, p + 8);
		off += size;
	}
	if (pd->truncated)
		warn_printf("perf.data: truncated at %s offset %zu (perf record "
		    "killed?): read the records before it",
		    pd->data == pd->zbuf ? "inflated" : "file", off);
	return 0;
}

/* The records the compressed ones held, as a stream of their own. */
static int
pd_scan_compressed(struct pd *pd)
{
	const unsigned char *data = pd->data;
	size_t len = pd->len;
	int rc;

	if (pd->zlen == 0)
		return 0;
	pd->data = pd->zbuf;
	pd->len = pd->zlen;
	pd->truncated = false;
	rc = pd_scan(pd, 0, pd->zlen);
	pd->data = data;
	pd->len = len;
	return rc;
}

static int
rec_cmp(const void *a, const void *b)
{
	const struct pd_rec *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Pass 2: the kernel's records in time order. */
static void
pd_replay(struct pd *pd)
{
	size_t i, n;
	uint32_t type;
	uint16_t misc;

	if (!pd->sorted)
		qsort(pd->recs, pd->nrec, sizeof *pd->recs, rec_cmp);
	for (i = 0; i < pd->nrec; i++) {
		const unsigned char *p = pd->recs[i].p;

		type = pd_u32(pd, p);
		misc = pd_u16(pd, p + 4);
		n = pd_u16(pd, p + 6);
		switch (type) {
		case PD_SAMPLE:
			pd_sample(pd, misc, p, n);
			break;
		case PD_MMAP:
		case PD_MMAP2:
			pd_mmap(pd, type, misc, p, n);
			break;
		case PD_COMM:
			pd_comm(pd, misc, p, n);
			break;
		case PD_FORK:
			pd_fork(pd, p, n);
			break;
		default:
			break;
		}
	}
}

/* The model ------------------------------------------------------------ */

/* cpu-clock and task-clock count nanoseconds; other events, events. */
static const char *
pd_unit(const char *ev)
{
	size_t n = strcspn(ev, ":");

	if ((n == 9 && strncmp(ev, "cpu-clock", 9) == 0) ||
	    (n == 10 && strncmp(ev, "task-clock", 10) == 0))
		return "nanoseconds";
	return "count";
}

/* One sample type per event that is not perf's "dummy" tracker. */
static void
pd_sample_types(struct pd *pd)
{
	struct profile *p = profile_builder_profile(pd->b);
	size_t i;

	profile_builder_sample_type(pd->b, "samples", "count");
	pd->nstype = 1;
	for (i = 0; i < pd->nattr; i++) {
		struct pd_attr *a = &pd->attrs[i];

		if (a->name == NULL)
			a->name = pd_default_name(a);
		if (pd_is_dummy(a) && pd->nattr > 1)
			continue;
		profile_builder_sample_type(pd->b, a->name, pd_unit(a->name));
		if (pd->nstype == 1)
			p->default_sample_type = p->sample_types[1].type;
		a->stype = pd->nstype++;
	}
	pd->values = xcalloc((size_t)pd->nstype, sizeof *pd->values);
}

static void
pd_comment(struct pd *pd, struct strbuf *sb)
{
	struct profile *p = profile_builder_profile(pd->b);

	p->comments = xreallocarray(p->comments, p->ncomment + 1,
	    sizeof *p->comments);
	p->comments[p->ncomment++] = profile_builder_string(pd->b, sb->buf,
	    sb->len);
	strbuf_reset(sb);
}

static void
pd_comments(struct pd *pd)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (pd->cmdline != 0) {
		strbuf_addf(&sb, "perf record: %s", pd_str(pd, pd->cmdline));
		pd_comment(pd, &sb);
	}
	if (pd->hostname != 0) {
		strbuf_addf(&sb, "host: %s", pd_str(pd, pd->hostname));
		pd_comment(pd, &sb);
	}
	if (pd->osrelease != 0) {
		strbuf_addf(&sb, "os release: %s", pd_str(pd, pd->osrelease));
		pd_comment(pd, &sb);
	}
	if (pd->arch != 0) {
		strbuf_addf(&sb, "arch: %s", pd_str(pd, pd->arch));
		pd_comment(pd, &sb);
	}
	if (pd->cpudesc != 0) {
		strbuf_addf(&sb, "cpu: %s", pd_str(pd, pd->cpudesc));
		pd_comment(pd, &sb);
	}
	if (pd->nrcpus_online != 0) {
		strbuf_addf(&sb, "cpus: %u online, %u available",
		    pd->nrcpus_online, pd->nrcpus_avail);
		pd_comment(pd, &sb);
	}
	if (pd->version != 0) {
		strbuf_addf(&sb, "perf version: %s", pd_str(pd, pd->version));
		pd_comment(pd, &sb);
	}
	for (i = 0; i < pd->nattr; i++) {
		if (pd->attrs[i].stype < 0)
			continue;
		strbuf_addf(&sb, "event: %s: %llu samples, period %lld",
		    pd->attrs[i].name,
		    (unsigned long long)pd->attrs[i].nsamples,
		    (long long)pd->attrs[i].total);
		pd_comment(pd, &sb);
	}
	strbuf_addf(&sb, "samples: %llu", (unsigned long long)pd->nsamples);
	pd_comment(pd, &sb);
	strbuf_addf(&sb, "lost samples: %llu", (unsigned long long)pd->lost);
	pd_comment(pd, &sb);
	if (pd->pipe) {
		strbuf_addstr(&sb, "recorded in pipe mode (perf record -o -)");
		pd_comment(pd, &sb);
	}
	strbuf_release(&sb);
}

static void
pd_release(struct pd *pd)
{
	size_t i;

	for (i = 0; i < pd->nattr; i++)
		free(pd->attrs[i].name);
	free(pd->attrs);
	free(pd->ids);
	hashtab_release(&pd->id_tab);
	free(pd->recs);
	for (i = 0; i < pd->nproc; i++)
		free(pd->procs[i].maps);
	free(pd->procs);
	hashtab_release(&pd->proc_tab);
	free(pd->threads);
	hashtab_release(&pd->thread_tab);
	free(pd->bids);
	free(pd->values);
	free(pd->locs);
	free(pd->zbuf);
	unwind_free(pd->unwind);
	if (pd->own_sym)
		symbolize_free(pd->sym);
#if defined(HAVE_ZSTD)
	ZSTD_freeDStream(pd->zstream);
#endif
}

/* The file-mode header: attributes, features; the data's extent. */
static int
pd_file_header(struct pd *pd, size_t *doff, size_t *dend)
{
	uint64_t attr_size, aoff, asize, off, size, i, ioff, isize, j;
	const unsigned char *h = pd->data;
	int a;

	if (pd->len < PD_FILE_HEADER_SIZE) {
		*pd->cause = xasprintf("perf.data: truncated header (%zu of "
		    "%d bytes)", pd->len, PD_FILE_HEADER_SIZE);
		return -1;
	}
	attr_size = pd_u64(pd, h + 16);
	aoff = pd_u64(pd, h + 24);
	asize = pd_u64(pd, h + 32);
	off = pd_u64(pd, h + 40);
	size = pd_u64(pd, h + 48);
	if (attr_size < 64 + 16 || attr_size > 4096 || asize % attr_size != 0 ||
	    aoff > pd->len || asize > pd->len - aoff) {
		*pd->cause = xasprintf("perf.data: bad attribute section "
		    "(%llu bytes at offset %llu, %llu each; the file has "
		    "%zu)", (unsigned long long)asize,
		    (unsigned long long)aoff, (unsigned long long)attr_size,
		    pd->len);
		return -1;
	}
	for (i = 0; i < asize / attr_size; i++) {
		const unsigned char *e = h + aoff + i * attr_size;

		if ((a = pd_add_attr(pd, e, attr_size - 16)) < 0)
			return -1;
		ioff = pd_u64(pd, e + attr_size - 16);
		isize = pd_u64(pd, e + attr_size - 8);
		if (ioff > pd->len || isize > pd->len - ioff)
			continue;
		for (j = 0; j + 8 <= isize; j += 8)
			pd_add_id(pd, pd_u64(pd, h + ioff + j), (uint32_t)a);
	}
	if (pd->nattr == 0) {
		*pd->cause = xstrdup("perf.data: no event attributes");
		return -1;
	}
	if (off > pd->len) {
		*pd->cause = xasprintf("perf.data: the data starts at offset "
		    "%llu, after the end of the file (%zu bytes)",
		    (unsigned long long)off, pd->len);
		return -1;
	}
	*doff = (size_t)off;
	if (size == 0) {
		/* perf record died before writing the header's sizes */
		warn_printf("perf.data: the header gives no data size (perf "
		    "record did not finish?): reading to the end of the "
		    "file");
		*dend = pd->len;
		return 0;
	}
	if (size > pd->len - off) {
		pd->truncated = true;
		*dend = pd->len;
	} else {
		*dend = (size_t)(off + size);
		pd_file_features(pd, h + 72, off + size);
	}
	return 0;
}

struct profile *
perf_data_parse(const unsigned char *data, size_t len, bool gzipped,
    const struct input_limits *limits, char **cause)
{
	struct pd pd;
	uint64_t magic, hsize;
	size_t doff, dend;
	struct profile *p;

	(void)gzipped;
	if (len >= 8 && memcmp(data, "PERFFILE", 8) == 0) {
		*cause = xstrdup("perf.data: version 1 (\"PERFFILE\"), from a "
		    "perf older than 2.6.37: not supported");
		return NULL;
	}
	if (len < 16) {
		*cause = xasprintf("perf.data: truncated header (%zu bytes)",
		    len);
		return NULL;
	}
	memset(&pd, 0, sizeof pd);
	pd.data = data;
	pd.len = len;
	pd.cause = cause;
	pd.limits = limits;
	pd.sym = limits != NULL ? limits->unwind_sym : NULL;
	pd.sorted = true;
	memcpy(&magic, data, 8);
	/* "PERFILE2" read as a u64: byte-swapped if the file is foreign. */
	if (magic == 0x50455246494c4532ULL)
		pd.swap = true;
	else if (magic != 0x32454c4946524550ULL) {
		*cause = xstrdup("perf.data: bad magic number");
		return NULL;
	}
	hsize = pd_u64(&pd, data + 8);
	if (hsize == PD_PIPE_HEADER_SIZE)
		pd.pipe = true;
	else if (hsize != PD_FILE_HEADER_SIZE) {
		*cause = xasprintf("perf.data: a header of %llu bytes (104 or "
		    "16 expected)", (unsigned long long)hsize);
		return NULL;
	}
	pd.b = profile_builder_create();
	hashtab_init(&pd.id_tab);
	hashtab_init(&pd.proc_tab);
	hashtab_init(&pd.thread_tab);
	pd.kernel_mapping = PROFILE_NONE;
	pd.main_mapping = PROFILE_NONE;
	pd.kernel_file = profile_builder_str(pd.b, "[kernel.kallsyms]");
	pd.unknown_file = profile_builder_str(pd.b, "[unknown]");
	pd.k_comm = profile_builder_str(pd.b, "comm");
	pd.k_pid = profile_builder_str(pd.b, "pid");
	pd.k_tid = profile_builder_str(pd.b, "tid");
	pd.k_cpu = profile_builder_str(pd.b, "cpu");
	pd.k_dso = profile_builder_str(pd.b, "dso");
	if (pd.pipe) {
		doff = PD_PIPE_HEADER_SIZE;
		dend = len;
	} else if (pd_file_header(&pd, &doff, &dend) == -1)
		goto fail;
	if (pd_scan(&pd, doff, dend) == -1 || pd_scan_compressed(&pd) == -1)
		goto fail;
	if (pd.nattr == 0) {
		*cause = xstrdup("perf.data: no event attributes");
		goto fail;
	}
	pd_sample_types(&pd);
	pd_replay(&pd);
	if (pd.dropped_maps > 0)
		warn_printf("perf.data: %llu maps ignored (more than %d in a "
		    "process)", (unsigned long long)pd.dropped_maps,
		    PD_MAX_MAPS);
	if (pd.unknown_id > 0)
		warn_printf("perf.data: %llu samples of unknown events skipped",
		    (unsigned long long)pd.unknown_id);
	pd_comments(&pd);
	/* the main program's mapping first (pprof's "File:") */
	profile_builder_main_first(pd.b, pd.main_mapping);
	p = profile_builder_profile(pd.b);
	if (pd.nsamples > 0)
		p->duration_nanos = (int64_t)(pd.tmax - pd.tmin);
	p = profile_builder_finish(pd.b);
	pd.b = NULL;
	pd_release(&pd);
	return p;
fail:
	profile_builder_free(pd.b);
	pd_release(&pd);
	return NULL;
}
