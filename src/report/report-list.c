/*
 * report-list.c: -list, pprof's annotated source listing.
 *
 * Every function whose name matches the regexp gets one ROUTINE block per
 * source file it has samples in: its flat and cum sums, then the source
 * lines around its sampled lines, each with the flat and cum of the line
 * (inlined callees count on the caller's call-site line and have their
 * own ROUTINE).  Values are formatted one by one, without a common unit.
 *
 * Source files are found as pprof's sourceReader finds them: the node's
 * file name (already trimmed once by the query, see query_trim_path) is
 * trimmed again with the search path, then opened as it is when absolute,
 * else looked up under every -source_path directory and its parents.
 *
 * Source files are untrusted: lines are read as Go's bufio.Scanner reads
 * them (a line of 64 KiB or more ends the file, as it ends pprof's), only
 * as far as the last line shown and never past LIST_MAX_SOURCE bytes (pprof
 * has no limit); only regular files are read (pprof, like cpv, reads a
 * directory as no line, but it would block on a FIFO or read a device);
 * printed lines keep their tabs but have every other control byte and
 * invalid UTF-8 escaped (pprof prints them raw).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "format.h"
#include "query.h"
#include "report.h"
#include "rx.h"
#include "sort.h"
#include "strbuf.h"
#include "strtab.h"
#include "vis.h"
#include "xmalloc.h"

#define LIST_MARGIN	5		/* lines around the samples */
#define LIST_MAX_LINE	(64 * 1024)	/* bufio.MaxScanTokenSize */
#define LIST_MAX_SOURCE	((uint64_t)64 << 20)	/* bytes per file */

/* A source file being read line by line, as bufio.Scanner splits it. */
struct list_source {
	int		 fd;
	char		*buf;		/* LIST_MAX_LINE bytes */
	size_t		 start, end;	/* unread data */
	size_t		 scanned;	/* no newline before it */
	uint64_t	 total;		/* bytes read so far */
	bool		 eof;
};

struct list_ctx {
	struct query		*q;
	const char		*search;	/* -source_path, or the cwd */
	const char		*trim;		/* -trim_path */
	struct strtab		 bad;		/* files not opened */
	char			**errors;	/* by id in bad: owned */
	size_t			 nerror;
	uint32_t		*lines;		/* scratch */
};

/* Go's int arithmetic wraps; C's must not overflow. */
static int64_t
list_add(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

/* pprof's formatValue with the report's unit, scaled per value. */
static const char *
list_value(struct query *q, int64_t v)
{
	if (q->ratio > 0 && q->ratio != 1)
		v = format_go_int64((double)v * q->ratio);
	return format_scaled_str(v, q->sample_unit, q->opt.unit);
}

static const char *
list_value_or_dot(struct query *q, int64_t v)
{
	return v == 0 ? "." : list_value(q, v);
}

/* A system error as Go spells it: strerror with a lower-case start. */
static char *
list_errno_str(int err)
{
	char *s = xstrdup(strerror(err));

	if (s[0] >= 'A' && s[0] <= 'Z')
		s[0] = (char)(s[0] - 'A' + 'a');
	return s;
}

/* Go's os.Getwd: $PWD when it names ".", else getcwd(). */
static char *
list_getwd(char **cause)
{
	struct stat dot, st;
	const char *pwd = getenv("PWD");
	char *buf, *e;
	size_t size;

	if (stat(".", &dot) == -1) {
		e = list_errno_str(errno);
		*cause = xasprintf("could not stat current dir: stat .: %s",
		    e);
		free(e);
		return NULL;
	}
	if (pwd != NULL && pwd[0] == '/' && stat(pwd, &st) == 0 &&
	    st.st_dev == dot.st_dev && st.st_ino == dot.st_ino)
		return xstrdup(pwd);
	for (size = 256;; size *= 2) {
		buf = xmalloc(size);
		if (getcwd(buf, size) != NULL)
			return buf;
		free(buf);
		if (errno != ERANGE || size > (1 << 20))
			break;
	}
	e = list_errno_str(errno);
	*cause = xasprintf("could not stat current dir: getwd: %s", e);
	free(e);
	return NULL;
}

/* Open a file for reading as os.Open would, but never block. */
static int
list_open_file(const char *path)
{
	int fd;

	do
		fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	while (fd == -1 && errno == EINTR);
	return fd;
}

/* Go's filepath.Join(dir, path) into sb (empty elements are skipped). */
static void
list_join(struct strbuf *sb, const char *dir, size_t dlen, const char *path)
{
	struct strbuf tmp = STRBUF_INIT;

	strbuf_reset(sb);
	strbuf_add(&tmp, dir, dlen);
	if (dlen > 0 && *path != '\0')
		strbuf_addch(&tmp, '/');
	strbuf_addstr(&tmp, path);
	if (tmp.len > 0)
		query_clean_path(sb, tmp.buf);
	strbuf_release(&tmp);
}

/* Go's filepath.Dir of dir into sb. */
static void
list_dir(struct strbuf *sb, const char *dir)
{
	struct strbuf tmp = STRBUF_INIT;
	const char *slash = strrchr(dir, '/');

	if (slash != NULL)
		strbuf_add(&tmp, dir, (size_t)(slash - dir) + 1);
	strbuf_reset(sb);
	query_clean_path(sb, tmp.buf);
	strbuf_release(&tmp);
}

/*
 * pprof's openSourceFile: the descriptor of the file, or -1 with *msg
 * set to pprof's error.  Like os.Open, this opens directories too.
 */
static int
list_open(const struct list_ctx *c, const char *file, char **msg)
{
	struct strbuf name = STRBUF_INIT, dir = STRBUF_INIT;
	struct strbuf parent = STRBUF_INIT;
	const char *path, *s, *e;
	char *err;
	int fd = -1;

	path = query_trim_path(file, c->trim, c->search);
	if (path[0] == '/') {
		if ((fd = list_open_file(path)) == -1) {
			err = list_errno_str(errno);
			*msg = xasprintf("open %s: %s", path, err);
			free(err);
		}
		return fd;
	}
	for (s = c->search;; s = e + 1) {
		e = s + strcspn(s, ":");
		strbuf_reset(&dir);
		strbuf_add(&dir, s, (size_t)(e - s));
		for (;;) {
			list_join(&name, dir.buf, dir.len, path);
			if (name.len > 0 &&
			    (fd = list_open_file(name.buf)) != -1)
				goto out;
			list_dir(&parent, dir.buf);
			if (strcmp(parent.buf, dir.buf) == 0)
				break;
			strbuf_reset(&dir);
			strbuf_add(&dir, parent.buf, parent.len);
		}
		if (*e == '\0')
			break;
	}
	*msg = xasprintf("could not find file %s on path %s", path, c->search);
out:
	strbuf_release(&name);
	strbuf_release(&dir);
	strbuf_release(&parent);
	return fd;
}

/*
 * The next line of src (without its "\n" and one "\r" before it), as
 * bufio.ScanLines gives it.  Returns false at the end of the file, on a
 * read error, at the byte limit, and at a line that does not fit in the
 * buffer (bufio.ErrTooLong): pprof ignores these errors and keeps the
 * lines read so far.
 */
static bool
list_next_line(struct list_source *src, const char **line, size_t *len)
{
	char *nl;
	ssize_t n;
	size_t want, stop;

	for (;;) {
		nl = memchr(src->buf + src->scanned, '\n',
		    src->end - src->scanned);
		if (nl != NULL || (src->eof && src->end > src->start)) {
			*line = src->buf + src->start;
			stop = nl != NULL ? (size_t)(nl - src->buf) : src->end;
			*len = stop - src->start;
			src->start = nl != NULL ? stop + 1 : stop;
			src->scanned = src->start;
			if (*len > 0 && (*line)[*len - 1] == '\r')
				(*len)--;
			return true;
		}
		if (src->eof)
			return false;
		src->scanned = src->end;
		if (src->start > 0) {
			memmove(src->buf, src->buf + src->start,
			    src->end - src->start);
			src->end -= src->start;
			src->scanned -= src->start;
			src->start = 0;
		}
		if (src->end == LIST_MAX_LINE)
			return false;
		want = LIST_MAX_LINE - src->end;
		if (want > LIST_MAX_SOURCE - src->total)
			want = (size_t)(LIST_MAX_SOURCE - src->total);
		do
			n = want == 0 ? 0 : read(src->fd, src->buf + src->end,
			    want);
		while (n == -1 && errno == EINTR);
		if (n <= 0)
			src->eof = true;
		else {
			src->end += (size_t)n;
			src->total += (uint64_t)n;
		}
	}
}

static const struct query_node *
list_node(const struct list_ctx *c, uint32_t i)
{
	return &c->q->nodes[i];
}

/* Nodes by name, then file, then graph order (pprof's map order). */
static int
list_cmp_name_file(const void *va, const void *vb, void *ctx)
{
	uint32_t a = *(const uint32_t *)va, b = *(const uint32_t *)vb;
	const struct query_node *x = list_node(ctx, a);
	const struct query_node *y = list_node(ctx, b);
	int c;

	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	return a < b ? -1 : a > b;
}

static int
list_cmp_line(const void *va, const void *vb, void *ctx)
{
	const struct query_node *x = list_node(ctx, *(const uint32_t *)va);
	const struct query_node *y = list_node(ctx, *(const uint32_t *)vb);

	return x->lineno < y->lineno ? -1 : x->lineno > y->lineno;
}

/* The error of a file that could not be opened before, or NULL. */
static const char *
list_cached_error(const struct list_ctx *c, const char *file)
{
	uint32_t id = strtab_find(&c->bad, file, strlen(file));

	return id == UINT32_MAX || id >= c->nerror ? NULL : c->errors[id];
}

/* Remember that file could not be opened (pprof does not retry). */
static void
list_cache_error(struct list_ctx *c, const char *file, char *msg)
{
	uint32_t id = strtab_intern_str(&c->bad, file);

	if (id >= c->nerror) {
		c->errors = xreallocarray(c->errors, id + 1,
		    sizeof *c->errors);
		while (c->nerror <= id)
			c->errors[c->nerror++] = NULL;
	}
	free(c->errors[id]);
	c->errors[id] = msg;
}

/*
 * The lines of one function in one file: pprof's getSourceFromFile.  The
 * range starts at the first node's start line, or 5 lines above its line,
 * and ends 5 lines below; each node then lowers the start or, only if it
 * did not, raises the end.  The file is opened only when the range is not
 * empty, as pprof reads it only then.
 */
static void
list_source_lines(struct strbuf *sb, struct list_ctx *c, const uint32_t *fns,
    size_t n)
{
	const struct query_node *f0 = list_node(c, fns[0]);
	struct list_source src;
	struct stat st;
	const char *file = f0->file, *err, *line;
	char *msg = NULL;
	int64_t start, end, ns, ne, ln, flat, cum;
	size_t i, k, len;

	start = f0->start_line != 0 ? f0->start_line :
	    list_add(f0->lineno, -LIST_MARGIN);
	end = list_add(f0->lineno, LIST_MARGIN);
	for (i = 0; i < n; i++) {
		const struct query_node *nd = list_node(c, fns[i]);

		ns = nd->start_line != 0 ? nd->start_line :
		    list_add(nd->lineno, -LIST_MARGIN);
		ne = list_add(nd->lineno, LIST_MARGIN);
		if (ns < start)
			start = ns;
		else if (ne > end)
			end = ne;
	}
	if (start < 1)
		start = 1;

	if ((err = list_cached_error(c, file)) != NULL || start > end) {
		if (err != NULL)
			goto error;
		return;
	}
	memset(&src, 0, sizeof src);
	if ((src.fd = list_open(c, file, &msg)) == -1) {
		list_cache_error(c, file, msg);
		err = msg;
		goto error;
	}
	memcpy(c->lines, fns, n * sizeof *fns);
	sort_array_r(c->lines, n, sizeof *c->lines, list_cmp_line, c);
	src.buf = xmalloc(LIST_MAX_LINE);
	/* pprof reads directories as empty; devices and FIFOs are too */
	if (fstat(src.fd, &st) == -1 || !S_ISREG(st.st_mode))
		src.eof = true;
	k = 0;
	for (ln = 1; ln <= end && list_next_line(&src, &line, &len); ln++) {
		if (ln < start)
			continue;
		flat = cum = 0;
		while (k < n && list_node(c, c->lines[k])->lineno < ln)
			k++;
		for (; k < n && list_node(c, c->lines[k])->lineno == ln; k++) {
			flat += list_node(c, c->lines[k])->flat;
			cum += list_node(c, c->lines[k])->cum;
		}
		strbuf_addpad(sb, list_value_or_dot(c->q, flat), 10);
		strbuf_addch(sb, ' ');
		strbuf_addpad(sb, list_value_or_dot(c->q, cum), 10);
		strbuf_addf(sb, " %6lld:", (long long)ln);
		vis_add(sb, line, len, VIS_TAB);
		strbuf_addch(sb, '\n');
		if (ln == INT64_MAX)
			break;
	}
	free(src.buf);
	close(src.fd);
	return;
error:
	strbuf_addstr(sb, " Error: ");
	vis_addstr(sb, err, 0);
	strbuf_addch(sb, '\n');
}

/*
 * One ROUTINE block.  Its sums are of the nodes' own flat and cum (pprof
 * sums Node.Flat and Node.Cum, so -mean does not divide them), and a
 * sample that hits several lines of the function counts in each.
 */
static void
list_routine(struct strbuf *sb, struct list_ctx *c, const uint32_t *fns,
    size_t n)
{
	const struct query_node *f0 = list_node(c, fns[0]);
	int64_t flat = 0, cum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		flat += list_node(c, fns[i])->flat;
		cum += list_node(c, fns[i])->cum;
	}
	strbuf_addstr(sb, "ROUTINE ======================== ");
	vis_addstr(sb, f0->name, 0);
	strbuf_addstr(sb, " in ");
	vis_addstr(sb, f0->file, 0);
	strbuf_addch(sb, '\n');
	strbuf_addpad(sb, list_value(c->q, flat), 10);
	strbuf_addch(sb, ' ');
	strbuf_addpad(sb, list_value(c->q, cum), 10);
	strbuf_addstr(sb, " (flat, cum) ");
	format_percentage(sb, cum, c->q->total);
	strbuf_addstr(sb, " of Total\n");
	list_source_lines(sb, c, fns, n);
}

int
report_list(struct strbuf *sb, struct query *q, char **cause)
{
	struct list_ctx c;
	struct rx *rx;
	uint32_t *m;
	size_t nm = 0, i, j, k, l;
	char *cwd = NULL, *err = NULL;
	const char *re = q->opt.symbol != NULL ? q->opt.symbol : "";

	if ((rx = rx_compile(re, &err)) == NULL) {
		*cause = xasprintf("parsing argument regexp %s: %s", re, err);
		free(err);
		return -1;
	}
	query_build_graph(q, 0, false);
	m = xreallocarray(NULL, q->graph.norder + 1, sizeof *m);
	for (i = 0; i < q->graph.norder; i++)
		if (rx_match_str(rx, q->nodes[q->graph.order[i]].name))
			m[nm++] = q->graph.order[i];
	rx_free(rx);
	if (nm == 0) {
		*cause = xasprintf("no matches found for regexp: %s", re);
		free(m);
		return -1;
	}

	memset(&c, 0, sizeof c);
	c.q = q;
	c.trim = q->opt.trim_path;
	c.search = q->opt.source_path;
	if (c.search == NULL || *c.search == '\0') {
		if ((cwd = list_getwd(cause)) == NULL) {
			free(m);
			return -1;
		}
		c.search = cwd;
	}
	c.lines = xreallocarray(NULL, nm, sizeof *c.lines);
	strtab_init(&c.bad);

	sort_array_r(m, nm, sizeof *m, list_cmp_name_file, &c);
	strbuf_addf(sb, "Total: %s\n", list_value(q, q->total));
	for (i = 0; i < nm; i = j) {
		const char *name = q->nodes[m[i]].name;

		for (j = i; j < nm && strcmp(q->nodes[m[j]].name, name) == 0;
		    j++)
			;
		/* files are sorted: "" comes first */
		for (k = i; k < j && q->nodes[m[k]].file[0] == '\0'; k++)
			;
		if (k == j) {
			strbuf_addstr(sb, "No source information for ");
			vis_addstr(sb, name, 0);
			strbuf_addch(sb, '\n');
			continue;
		}
		for (; k < j; k = l) {
			const char *file = q->nodes[m[k]].file;

			for (l = k; l < j &&
			    strcmp(q->nodes[m[l]].file, file) == 0; l++)
				;
			list_routine(sb, &c, m + k, l - k);
		}
	}

	for (i = 0; i < c.nerror; i++)
		free(c.errors[i]);
	free(c.errors);
	strtab_release(&c.bad);
	free(c.lines);
	free(cwd);
	free(m);
	return 0;
}
