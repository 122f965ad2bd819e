/*
 * perf-script.c: the reader of `perf script` text.
 *
 * perf script prints each sample as a header line,
 *
 *	comm tid [cpu] time: period event:
 *
 * (comm may hold blanks; tid may be pid/tid; the cpu column and the
 * period are there when recorded), then, when the samples have call
 * chains (perf record -g), one indented line per frame, leaf first,
 *
 *	\t    55d4c3a0b1a9 main+0x19 (/tmp/prog)
 *
 * and a blank line; without call chains the one frame follows the event
 * on the header line.  A frame is an address in hex, a symbol with its
 * offset ("+0x19", absent with -F sym without symoff) and the dso in
 * parentheses; "[unknown]" stands for either one perf could not name.
 * Lines that start with '#' (perf script --header) are skipped.
 *
 * The model:
 *
 *   - sample types "samples"/"count" (1 per sample), then, when periods
 *     are printed, one per event, named as perf names it ("cycles:u",
 *     "cpu-clock:ppp") with its period as the value, in "nanoseconds"
 *     for cpu-clock and task-clock and "count" otherwise (perf report's
 *     Overhead is this period).  The first event is the default;
 *   - a frame is a location at its address, in the mapping of its dso
 *     (the mapping's file; "" when unknown), with one line naming the
 *     symbol as its function, or no line for "[unknown]" (reports then
 *     show the address).  The offset is not stored: it is the address
 *     less the symbol's start.  perf prints a user-space frame's
 *     address as its offset in the dso, so a mapping at 0 (start,
 *     limit and offset 0) lets the symbolizer name the "[unknown]"
 *     frames of a dso that is a file: such a mapping is not flagged
 *     as having its functions;
 *   - each sample has the labels comm (string) and pid and tid (numbers,
 *     as printed), and the duration spans the first to the last time.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "builder.h"
#include "reader.h"
#include "text.h"
#include "xmalloc.h"

/* At most this many distinct events (sample types) in one input. */
#define PERF_MAX_EVENTS	64

/* A token of a line: [s, s + n). */
struct tok {
	const char	*s;
	size_t		 n;
};

/* The next blank-separated token at or after *p (before end). */
static bool
next_tok(const char **p, const char *end, struct tok *t)
{
	const char *s = *p;

	while (s < end && text_is_space(*s))
		s++;
	if (s == end)
		return false;
	t->s = s;
	while (s < end && !text_is_space(*s))
		s++;
	t->n = (size_t)(s - t->s);
	*p = s;
	return true;
}

static bool
all_digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!text_is_digit(s[i]))
			return false;
	return true;
}

/*
 * The number in s[0..n), an optional '-' then at most 18 digits (checked
 * by the caller).  The input is not NUL-terminated: no strtoll().
 */
static int64_t
to_int(const char *s, size_t n)
{
	int64_t v = 0;
	size_t i = n > 0 && s[0] == '-';

	for (; i < n && text_is_digit(s[i]); i++)
		v = v * 10 + (s[i] - '0');
	return n > 0 && s[0] == '-' ? -v : v;
}

static bool
is_hex(char c)
{
	return text_is_digit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* "12345.678901:" */
static bool
is_time(const struct tok *t)
{
	const char *dot;

	if (t->n < 3 || t->s[t->n - 1] != ':')
		return false;
	dot = memchr(t->s, '.', t->n);
	return dot != NULL && dot > t->s && all_digits(t->s,
	    (size_t)(dot - t->s)) && all_digits(dot + 1,
	    (size_t)(t->s + t->n - 1 - dot - 1));
}

/* "1234" or "1234/1235" (pid/tid), or "-1". */
static bool
is_pid(const struct tok *t, int64_t *pid, int64_t *tid, bool *pair)
{
	const char *slash = memchr(t->s, '/', t->n);
	const char *s = t->s;
	size_t n = t->n;

	if (n > 0 && s[0] == '-') {
		s++;
		n--;
	}
	if (n == 0 || n > 18)
		return false;
	if (slash == NULL) {
		if (!all_digits(s, n))
			return false;
		*pair = false;
		*tid = to_int(t->s, t->n);
		*pid = 0;
		return true;
	}
	if (!all_digits(s, (size_t)(slash - s)) || !all_digits(slash + 1,
	    (size_t)(t->s + t->n - slash - 1)))
		return false;
	*pair = true;
	*pid = to_int(t->s, (size_t)(slash - t->s));
	*tid = to_int(slash + 1, (size_t)(t->s + t->n - slash - 1));
	return true;
}

/* A parsed header line. */
struct perf_header {
	struct tok	 comm;
	int64_t		 pid, tid;
	bool		 pair;		/* pid/tid */
	uint64_t	 time_us;	/* microseconds */
	bool		 has_period;
	int64_t		 period;
	struct tok	 event;		/* without its ':'; n 0 if absent */
	const char	*rest;		/* the frame, if any, up to end */
};

static bool
parse_header(const char *line, size_t len, struct perf_header *h)
{
	const char *p = line, *end = line + len, *q;
	struct tok t[3] = { { NULL, 0 }, { NULL, 0 }, { NULL, 0 } }, cur;
	size_t nt = 0, i;
	uint64_t sec = 0, us = 0;

	memset(h, 0, sizeof *h);
	/* Find the time token; the two before it are [cpu] and pid. */
	for (;;) {
		if (!next_tok(&p, end, &cur))
			return false;
		if (is_time(&cur) && nt > 0)
			break;
		t[0] = t[1];
		t[1] = t[2];
		t[2] = cur;
		if (nt < 3)
			nt++;
	}
	i = 2;
	if (t[i].n >= 3 && t[i].s[0] == '[' && t[i].s[t[i].n - 1] == ']' &&
	    all_digits(t[i].s + 1, t[i].n - 2)) {
		if (nt < 2)
			return false;
		i--;
	}
	if (!is_pid(&t[i], &h->pid, &h->tid, &h->pair))
		return false;
	/* comm: what comes before the pid, without the padding */
	h->comm.s = line;
	while (h->comm.s < t[i].s && text_is_space(*h->comm.s))
		h->comm.s++;
	q = t[i].s;
	while (q > h->comm.s && text_is_space(q[-1]))
		q--;
	h->comm.n = (size_t)(q - h->comm.s);
	for (q = cur.s; *q != '.'; q++)
		if (sec < UINT64_MAX / 100)
			sec = sec * 10 + (uint64_t)(*q - '0');
	for (q++, i = 0; *q != ':' && i < 6; q++, i++)
		us = us * 10 + (uint64_t)(*q - '0');
	for (; i < 6; i++)
		us *= 10;
	h->time_us = sec * 1000000 + us;
	/* then the period, the event */
	q = p;
	if (next_tok(&q, end, &cur) && all_digits(cur.s, cur.n) &&
	    cur.n <= 18) {
		h->has_period = true;
		h->period = to_int(cur.s, cur.n);
		p = q;
	}
	q = p;
	if (next_tok(&q, end, &cur) && cur.n > 1 &&
	    cur.s[cur.n - 1] == ':') {
		h->event.s = cur.s;
		h->event.n = cur.n - 1;
		p = q;
	}
	h->rest = p;
	return true;
}

/* A parsed frame: address, symbol (n 0: unknown), dso (n 0: unknown). */
struct perf_frame {
	uint64_t	 addr;
	struct tok	 sym;
	struct tok	 dso;
};

static bool
is_unknown(const struct tok *t)
{
	return t->n == 9 && memcmp(t->s, "[unknown]", 9) == 0;
}

/* "addr sym+off (dso)", any part but the address missing. */
static bool
parse_frame(const char *p, const char *end, struct perf_frame *f)
{
	struct tok a;
	const char *q;
	size_t i;
	int depth;

	memset(f, 0, sizeof *f);
	while (end > p && text_is_space(end[-1]))
		end--;
	if (!next_tok(&p, end, &a) || a.n > 16)
		return false;
	for (i = 0; i < a.n; i++) {
		if (!is_hex(a.s[i]))
			return false;
		f->addr = f->addr << 4 | (uint64_t)(text_is_digit(a.s[i]) ?
		    a.s[i] - '0' : (a.s[i] | 0x20) - 'a' + 10);
	}
	while (p < end && text_is_space(*p))
		p++;
	/* the dso: the balanced parentheses that end the line */
	if (end > p && end[-1] == ')') {
		depth = 0;
		for (q = end; q > p; q--) {
			if (q[-1] == ')')
				depth++;
			else if (q[-1] == '(' && --depth == 0)
				break;
		}
		if (q > p && (q - 1 == p || text_is_space(q[-2]))) {
			f->dso.s = q;
			f->dso.n = (size_t)(end - 1 - q);
			end = q - 1;
			while (end > p && text_is_space(end[-1]))
				end--;
		}
	}
	/* the symbol, less its "+0x..." offset */
	f->sym.s = p;
	f->sym.n = (size_t)(end - p);
	for (q = end; q > p && is_hex(q[-1]); q--)
		;
	if (q < end && q - p >= 3 && q[-1] == 'x' && q[-2] == '0' &&
	    q[-3] == '+')
		f->sym.n = (size_t)(q - 3 - p);
	if (is_unknown(&f->sym))
		f->sym.n = 0;
	if (is_unknown(&f->dso))
		f->dso.n = 0;
	return true;
}

/* The first line that is not blank or a comment is a header. */
bool
perf_script_probe(const unsigned char *data, size_t len)
{
	struct text_lines t = { (const char *)data, (const char *)data + len,
	    0 };
	struct perf_header h;
	const char *line;
	size_t n, i;

	while (text_next_line(&t, &line, &n)) {
		for (i = 0; i < n && text_is_space(line[i]); i++)
			;
		if (i == n || line[i] == '#')
			continue;
		for (i = 0; i < n; i++)
			if ((unsigned char)line[i] < 0x20 && line[i] != '\t')
				return false;
		return parse_header(line, n, &h);
	}
	return false;
}

/* A sample read, kept until the sample types are known. */
struct perf_sample {
	uint32_t	loc_off;	/* into the locs array */
	uint32_t	nloc;
	uint32_t	event;		/* index into events */
	int64_t		period;
	struct profile_label labels[3];
	uint32_t	nlabel;
};

struct perf_reader {
	struct profile_builder	*b;
	struct perf_sample	*samples;
	size_t			 nsample, cap_sample;
	uint32_t		*locs;
	size_t			 nlocs, cap_locs;
	uint32_t		 events[PERF_MAX_EVENTS];	/* string ids */
	size_t			 nevent;
	bool			 has_period;
	uint32_t		 k_comm, k_pid, k_tid;
	uint64_t		 tmin, tmax;
	struct tok		 comm;		/* of the sample being read */
	uint32_t		 main_mapping;	/* or PROFILE_NONE */
};

/*
 * Whether dso is the program comm names: its base name starts with
 * comm (the kernel cuts comm to 15 bytes).
 */
static bool
perf_is_main(const struct tok *comm, const struct tok *dso)
{
	const char *base = dso->s + dso->n;

	while (base > dso->s && base[-1] != '/')
		base--;
	return comm->n > 0 && dso->n > 0 && dso->s[0] != '[' &&
	    (size_t)(dso->s + dso->n - base) >= comm->n &&
	    memcmp(base, comm->s, comm->n) == 0;
}

static uint32_t
perf_location(struct perf_reader *r, const struct perf_frame *f)
{
	struct profile_mapping m;
	struct profile_line ln;
	uint32_t mapping, name;

	memset(&m, 0, sizeof m);
	m.file = profile_builder_string(r->b, f->dso.s, f->dso.n);
	m.flags = MAPPING_HAS_FUNCTIONS;
	mapping = profile_builder_mapping(r->b, &m);
	if (r->main_mapping == PROFILE_NONE && perf_is_main(&r->comm, &f->dso))
		r->main_mapping = mapping;
	if (f->sym.n == 0) {
		/*
		 * A frame perf could not name, in a file: the symbolizer
		 * may (perf prints the address as an offset in the file,
		 * which the mapping at 0 keeps).  Its mapping is no longer
		 * one whose functions are all known, a flag the builder's
		 * key leaves out and so the first frame set.
		 */
		if (f->dso.n > 0 && f->dso.s[0] == '/')
			profile_builder_profile(r->b)->mappings[mapping].flags &=
			    ~(uint32_t)MAPPING_HAS_FUNCTIONS;
		return profile_builder_location(r->b, mapping, f->addr, NULL,
		    0, false);
	}
	name = profile_builder_string(r->b, f->sym.s, f->sym.n);
	ln.function = profile_builder_function(r->b, name, name, 0, 0);
	ln.line = 0;
	ln.column = 0;
	return profile_builder_location(r->b, mapping, f->addr, &ln, 1, false);
}

/* Start a sample from its header; -1 with *cause if too many events. */
static int
perf_begin(struct perf_reader *r, const struct perf_header *h,
    size_t lineno, char **cause)
{
	struct perf_sample *s;
	uint32_t ev = 0, i;

	if (h->event.n > 0)
		ev = profile_builder_string(r->b, h->event.s, h->event.n);
	for (i = 0; i < r->nevent && r->events[i] != ev; i++)
		;
	if (i == r->nevent) {
		if (r->nevent == PERF_MAX_EVENTS) {
			*cause = xasprintf("perf script: line %zu: more than "
			    "%d events", lineno, PERF_MAX_EVENTS);
			return -1;
		}
		r->events[r->nevent++] = ev;
	}
	if (h->has_period)
		r->has_period = true;
	if (r->nsample == 0 || h->time_us < r->tmin)
		r->tmin = h->time_us;
	if (r->nsample == 0 || h->time_us > r->tmax)
		r->tmax = h->time_us;
	XGROW(r->samples, r->cap_sample, r->nsample + 1);
	s = &r->samples[r->nsample++];
	memset(s, 0, sizeof *s);
	s->loc_off = (uint32_t)r->nlocs;
	s->event = i;
	s->period = h->period;
	r->comm = h->comm;
	s->labels[0].key = r->k_comm;
	s->labels[0].str = profile_builder_string(r->b, h->comm.s, h->comm.n);
	s->nlabel = s->labels[0].str != 0;
	if (h->pair) {
		s->labels[s->nlabel].key = r->k_pid;
		s->labels[s->nlabel++].num = h->pid;
	}
	s->labels[s->nlabel].key = r->k_tid;
	s->labels[s->nlabel++].num = h->tid;
	return 0;
}

static void
perf_add_frame(struct perf_reader *r, const struct perf_frame *f)
{
	XGROW(r->locs, r->cap_locs, r->nlocs + 1);
	r->locs[r->nlocs++] = perf_location(r, f);
	r->samples[r->nsample - 1].nloc++;
}

/* cpu-clock and task-clock count nanoseconds; other events, events. */
static const char *
perf_event_unit(const char *ev)
{
	size_t n = strcspn(ev, ":");

	if ((n == 9 && strncmp(ev, "cpu-clock", 9) == 0) ||
	    (n == 10 && strncmp(ev, "task-clock", 10) == 0))
		return "nanoseconds";
	return "count";
}

/* Add the samples read, now that the sample types are known. */
static void
perf_finish(struct perf_reader *r)
{
	struct profile *p = profile_builder_profile(r->b);
	int64_t *v;
	size_t nt, i;
	const char *ev;

	profile_builder_sample_type(r->b, "samples", "count");
	for (i = 0; r->has_period && i < r->nevent; i++) {
		ev = profile_str(p, r->events[i]);
		profile_builder_sample_type(r->b, *ev != '\0' ? ev : "events",
		    perf_event_unit(ev));
		if (i == 0)
			p->default_sample_type = p->sample_types[1].type;
	}
	nt = p->nsample_type;
	v = xcalloc(nt, sizeof *v);
	for (i = 0; i < r->nsample; i++) {
		struct perf_sample *s = &r->samples[i];

		memset(v, 0, nt * sizeof *v);
		v[0] = 1;
		if (r->has_period)
			v[1 + s->event] = s->period;
		profile_builder_sample(r->b, r->locs + s->loc_off, s->nloc, v,
		    s->labels, s->nlabel);
	}
	free(v);
	if (r->nsample > 0)
		p->duration_nanos = (int64_t)((r->tmax - r->tmin) * 1000);
}

struct profile *
perf_script_parse(const unsigned char *data, size_t len, bool gzipped,
    const struct input_limits *limits, char **cause)
{
	struct text_lines t = { (const char *)data, (const char *)data + len,
	    0 };
	struct perf_reader r;
	struct perf_header h;
	struct perf_frame f;
	const char *line;
	size_t n, i;
	bool in_stack = false, cut;

	(void)gzipped;
	(void)limits;
	memset(&r, 0, sizeof r);
	r.b = profile_builder_create();
	r.main_mapping = PROFILE_NONE;
	r.k_comm = profile_builder_str(r.b, "comm");
	r.k_pid = profile_builder_str(r.b, "pid");
	r.k_tid = profile_builder_str(r.b, "tid");
	while (text_next_line(&t, &line, &n)) {
		/* perf ends every line: a last one without "\n" was cut */
		cut = t.p == t.end && (n == 0 || line[n - 1] != '\n') &&
		    t.end[-1] != '\n';
		for (i = 0; i < n && text_is_space(line[i]); i++)
			;
		if (i == n) {
			in_stack = false;
			continue;
		}
		if (line[i] == '#' && !in_stack)
			continue;
		if (in_stack && i > 0 && parse_frame(line, line + n, &f)) {
			if (cut && f.dso.s == NULL)
				goto truncated;
			perf_add_frame(&r, &f);
			continue;
		}
		if (!parse_header(line, n, &h)) {
			*cause = xasprintf("perf script: line %zu: %s",
			    t.lineno, in_stack ? "not a frame (address "
			    "symbol (dso)) nor a sample header" : "not a "
			    "sample header (comm tid time: period event:)");
			goto fail;
		}
		if (cut && h.event.n == 0)
			goto truncated;
		if (perf_begin(&r, &h, t.lineno, cause) == -1)
			goto fail;
		in_stack = true;
		for (i = 0; h.rest + i < line + n &&
		    text_is_space(h.rest[i]); i++)
			;
		if (h.rest + i < line + n) {
			/* no call chain: the frame is on this line */
			if (!parse_frame(h.rest, line + n, &f)) {
				*cause = xasprintf("perf script: line %zu: "
				    "not a frame after the event (address "
				    "symbol (dso))", t.lineno);
				goto fail;
			}
			if (cut && f.dso.s == NULL)
				goto truncated;
			perf_add_frame(&r, &f);
			in_stack = false;
		}
	}
	perf_finish(&r);
	/*
	 * the main mapping first: the program of the first sample whose
	 * frames name it, rather than whichever library came first
	 */
	profile_builder_main_first(r.b, r.main_mapping);
	free(r.samples);
	free(r.locs);
	return profile_builder_finish(r.b);
truncated:
	*cause = xasprintf("perf script: line %zu: truncated (the input ends "
	    "inside a line)", t.lineno);
fail:
	free(r.samples);
	free(r.locs);
	profile_builder_free(r.b);
	return NULL;
}
