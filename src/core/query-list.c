/*
 * query-list.c: the rows of -list (query-list.h), pprof's annotated
 * source listing.
 *
 * Every function whose name matches the regexp gets one routine per
 * source file it has samples in: its flat and cum sums, then the source
 * lines around its sampled lines, each with the flat and cum of the line
 * (inlined callees count on the caller's call-site line and have their
 * own routine).
 *
 * Source files are found as pprof's sourceReader finds them: the node's
 * file name (already trimmed once by the query, see query_trim_path) is
 * trimmed again with the search path, then opened as it is when absolute,
 * else looked up under every -source_path directory and its parents.
 *
 * pprof opens a file again for each routine; here a file is read once per
 * build, as far as the routines that use it need: a first pass computes
 * every routine's range, a second opens the files in routine order (so
 * that an error is cached, and a file opened, exactly when pprof would)
 * and reads each once.  Lines are read as Go's bufio.Scanner reads them
 * (a line of 64 KiB or more ends the file, as it ends pprof's), never past
 * QUERY_LIST_MAX_SOURCE bytes of one file nor QUERY_LIST_BUDGET bytes in
 * all (pprof has no limit); only regular files are read (pprof, like cpv,
 * reads a directory as no line, but it would block on a FIFO or read a
 * device), and nothing under /proc, /sys or /dev: a profile naming
 * /proc/self/environ would otherwise print the environment into a report
 * that someone shares.  Kept lines have every control byte but tab and
 * invalid UTF-8 escaped (pprof prints them raw).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif

#include "format.h"
#include "query-list.h"
#include "query-internal.h"
#include "query.h"
#include "rx.h"
#include "sort.h"
#include "strbuf.h"
#include "strtab.h"
#include "vis.h"
#include "xmalloc.h"

#define LIST_MAX_LINE	(64 * 1024)	/* bufio.MaxScanTokenSize */
#define LIST_MAX_TRIED	8		/* names a hint lists */

/* A source file being read line by line, as bufio.Scanner splits it. */
struct list_source {
	int		 fd;
	char		*buf;		/* LIST_MAX_LINE bytes */
	size_t		 start, end;	/* unread data */
	size_t		 scanned;	/* no newline before it */
	uint64_t	 total;		/* bytes read so far */
	uint64_t	 limit;		/* bytes it may read */
	bool		 eof;
};

/* One file read: its lines first .. first + n - 1, escaped. */
struct list_file {
	char		*path;		/* owned */
	dev_t		 dev;
	ino_t		 ino;
	int64_t		 first;		/* line number of lines[0] */
	char		*text;		/* owned: the lines, NUL-separated */
	const char	**lines;	/* owned: into text */
	size_t		 n;
	int64_t		 end;		/* read as far as this line */
};

/* What a file name (as the nodes name it) led to. */
struct list_name {
	size_t		 file;		/* index in files, or SIZE_MAX */
	char		*error;		/* owned, or NULL */
	char		*hint;		/* owned, or NULL */
	int64_t		 start, end;	/* the lines its routines need */
};

struct query_list_cache {
	struct strtab	 names;		/* file names, ids into name */
	struct list_name *name;		/* per id in names */
	size_t		 nname;
	struct list_file *files;
	size_t		 nfile, capfile;
	uint64_t	 budget;	/* bytes left to read */
};

struct list_ctx {
	struct query		*q;
	const char		*search;	/* -source_path, or the cwd */
	const char		*trim;		/* -trim_path */
	struct query_list_cache	*cache;
};

/* Go's int arithmetic wraps; C's must not overflow. */
static int64_t
list_add(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

const char *
query_list_format_value(struct query *q, int64_t v)
{
	if (q->ratio > 0 && q->ratio != 1)
		v = format_go_int64((double)v * q->ratio);
	return format_scaled_str(v, q->sample_unit, q->opt.unit);
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

/* Whether path is top or under it ("/proc", "/proc/x", not "/procx"). */
static bool
list_under(const char *path, const char *top)
{
	size_t n = strlen(top);

	return strncmp(path, top, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

/*
 * Whether the open file fd, named path, is one -list refuses to read:
 * under /proc, /sys or /dev once symbolic links are resolved, or on a
 * kernel file system (proc, sysfs, debugfs, tracefs, securityfs) mounted
 * elsewhere.  Their "regular" files are the kernel's state, not sources.
 */
static bool
list_refused(int fd, const char *path)
{
	static const char *const tops[] = { "/proc", "/sys", "/dev" };
	char *real;
	const char *p;
	bool refused = false;
	size_t i;
#ifdef __linux__
	static const unsigned long magics[] = {
		0x9fa0,		/* PROC_SUPER_MAGIC */
		0x62656572,	/* SYSFS_MAGIC */
		0x64626720,	/* DEBUGFS_MAGIC */
		0x74726163,	/* TRACEFS_MAGIC */
		0x73636673,	/* SECURITYFS_MAGIC */
	};
	struct statfs sf;

	if (fstatfs(fd, &sf) == 0)
		for (i = 0; i < sizeof magics / sizeof magics[0]; i++)
			if ((unsigned long)sf.f_type == magics[i])
				return true;
#else
	(void)fd;
#endif
	real = realpath(path, NULL);
	p = real != NULL ? real : path;
	for (i = 0; i < sizeof tops / sizeof tops[0]; i++)
		if (list_under(p, tops[i]))
			refused = true;
	free(real);
	return refused;
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

/* The hint of a file not found: the names tried, and what to set. */
static char *
list_hint(const char *file, const char *tried, size_t ntried)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "source of ");
	vis_addstr(&sb, file, 0);
	strbuf_addstr(&sb, " not found; tried ");
	vis_addstr(&sb, tried, 0);
	if (ntried > LIST_MAX_TRIED)
		strbuf_addf(&sb, " and %zu more", ntried - LIST_MAX_TRIED);
	strbuf_addstr(&sb, "; set -source_path to the directories that "
	    "hold the sources, and -trim_path to the build's path prefix");
	return strbuf_detach(&sb, NULL);
}

/*
 * pprof's openSourceFile: the descriptor of the file, with *path the name
 * opened, or -1 with *msg set to pprof's error and *hint to the names
 * tried.  Like os.Open, this opens directories too.
 */
static int
list_open(const struct list_ctx *c, const char *file, char **path_out,
    char **msg, char **hint)
{
	struct strbuf name = STRBUF_INIT, dir = STRBUF_INIT;
	struct strbuf parent = STRBUF_INIT, tried = STRBUF_INIT;
	const char *path, *s, *e;
	char *err;
	size_t ntried = 0;
	int fd = -1;

	path = query_trim_path(file, c->trim, c->search);
	if (path[0] == '/') {
		if ((fd = list_open_file(path)) == -1) {
			err = list_errno_str(errno);
			*msg = xasprintf("open %s: %s", path, err);
			*hint = list_hint(file, path, 1);
			free(err);
		} else
			*path_out = xstrdup(path);
		return fd;
	}
	for (s = c->search;; s = e + 1) {
		e = s + strcspn(s, ":");
		strbuf_reset(&dir);
		strbuf_add(&dir, s, (size_t)(e - s));
		for (;;) {
			list_join(&name, dir.buf, dir.len, path);
			if (name.len > 0 &&
			    (fd = list_open_file(name.buf)) != -1) {
				*path_out = strbuf_detach(&name, NULL);
				goto out;
			}
			if (name.len > 0 && ntried++ < LIST_MAX_TRIED) {
				if (tried.len > 0)
					strbuf_addstr(&tried, ", ");
				strbuf_add(&tried, name.buf, name.len);
			}
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
	*hint = list_hint(file, tried.buf, ntried);
out:
	strbuf_release(&name);
	strbuf_release(&dir);
	strbuf_release(&parent);
	strbuf_release(&tried);
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
		if (want > src->limit - src->total)
			want = (size_t)(src->limit - src->total);
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

/*
 * Read lines start .. end of the open file fd into f, within the build's
 * budget.  A non-regular file reads as empty.
 */
static void
list_read(struct query_list_cache *cache, struct list_file *f, int fd,
    bool regular, int64_t start, int64_t end)
{
	struct list_source src;
	struct strbuf sb = STRBUF_INIT;
	const char *line;
	size_t len, i, n = 0, *off = NULL, cap = 0;
	int64_t ln;

	f->first = start;
	f->end = end;

	memset(&src, 0, sizeof src);
	src.fd = fd;
	src.limit = QUERY_LIST_MAX_SOURCE;
	if (src.limit > cache->budget)
		src.limit = cache->budget;
	src.eof = !regular;
	src.buf = xmalloc(LIST_MAX_LINE);
	for (ln = 1; ln <= end && list_next_line(&src, &line, &len); ln++) {
		if (ln >= start) {
			XGROW(off, cap, n + 1);	/* n, not f->n: see below */
			off[n++] = sb.len;
			vis_add(&sb, line, len, VIS_TAB);
			strbuf_addch(&sb, '\0');
		}
		if (ln == INT64_MAX)
			break;
	}
	cache->budget -= src.total;
	free(src.buf);
	/* one block for the file's lines: no allocation per line */
	f->text = strbuf_detach(&sb, NULL);
	/* a local count: clang's analyzer cannot see f unchanged by calls */
	f->n = n;
	if (n > 0) {
		f->lines = xreallocarray(NULL, n, sizeof *f->lines);
		for (i = 0; i < n; i++)
			f->lines[i] = f->text + off[i];
	}
	free(off);
}

/*
 * Open file name id (once per build) and read the lines its routines
 * need, or record why not.
 */
static void
list_load(struct list_ctx *c, uint32_t id, const char *file)
{
	struct query_list_cache *cache = c->cache;
	struct list_name *nm = &cache->name[id];
	struct list_file *f;
	struct stat st;
	char *path = NULL;
	bool regular;
	size_t i;
	int fd;

	if (cache->budget == 0) {
		nm->error = xasprintf("not read: -list reads at most %llu "
		    "MiB of source", (unsigned long long)
		    (QUERY_LIST_BUDGET >> 20));
		nm->hint = xstrdup("list fewer functions (a narrower regexp)");
		return;
	}
	if ((fd = list_open(c, file, &path, &nm->error, &nm->hint)) == -1)
		return;
	if (list_refused(fd, path)) {
		nm->error = xasprintf("open %s: refused: -list does not read "
		    "files under /proc, /sys or /dev", path);
		nm->hint = xstrdup("a profile's file names are not to be "
		    "trusted; set -source_path to where the sources are");
		goto out;
	}
	regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	/*
	 * Another name for a file already read far enough: share its lines
	 * (routines borrow them, so they are never read again in place).
	 */
	for (i = 0; regular && i < cache->nfile; i++) {
		f = &cache->files[i];
		if (f->dev == st.st_dev && f->ino == st.st_ino &&
		    f->first <= nm->start && f->end >= nm->end) {
			nm->file = i;
			goto out;
		}
	}
	XGROW(cache->files, cache->capfile, cache->nfile + 1);
	f = &cache->files[cache->nfile];
	memset(f, 0, sizeof *f);
	f->path = path;
	path = NULL;
	if (regular) {
		f->dev = st.st_dev;
		f->ino = st.st_ino;
	}
	nm->file = cache->nfile++;
	list_read(cache, f, fd, regular, nm->start, nm->end);
out:
	free(path);
	close(fd);
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

/*
 * The lines a routine of nodes fns shows.  -list's (context >= 0) is
 * pprof's getSourceFromFile: the range starts at the first node's start
 * line, or context lines above its line, and ends context lines below;
 * each node then lowers the start or, only if it did not, raises the end.
 * The whole function's (context < 0) spans every node.
 */
static void
list_range(const struct list_ctx *c, const uint32_t *fns, size_t n,
    int context, int64_t *startp, int64_t *endp)
{
	const struct query_node *nd;
	int64_t start = 0, end = 0, ns, ne, margin;
	size_t i;

	margin = context < 0 ? QUERY_LIST_MARGIN : context;
	for (i = 0; i < n; i++) {
		nd = list_node(c, fns[i]);
		ns = nd->start_line != 0 ? nd->start_line :
		    list_add(nd->lineno, -margin);
		ne = list_add(nd->lineno, margin);
		if (context < 0) {
			ns = list_add(nd->start_line != 0 && nd->start_line <
			    nd->lineno ? nd->start_line : nd->lineno, -margin);
			if (i == 0 || ns < start)
				start = ns;
			if (i == 0 || ne > end)
				end = ne;
		} else if (i == 0) {
			start = ns;
			end = ne;
		} else if (ns < start)
			start = ns;
		else if (ne > end)
			end = ne;
	}
	*startp = start < 1 ? 1 : start;
	*endp = end;
}

/* Append a line to r. */
static struct query_list_line *
list_add_line(struct query_list_routine *r, size_t *cap, int64_t lineno,
    const char *text)
{
	struct query_list_line *l;

	XGROW(r->lines, *cap, r->nline + 1);
	l = &r->lines[r->nline++];
	l->lineno = lineno;
	l->flat = l->cum = 0;
	l->text = text;
	return l;
}

/*
 * Fill r's lines from the nodes fns (sorted by line into scratch): the
 * range read from file f, or with f NULL (the file not read) the sampled
 * lines; with all, sampled lines past the range too.
 */
static void
list_fill(struct list_ctx *c, struct query_list_routine *r,
    const uint32_t *fns, size_t n, uint32_t *scratch,
    const struct list_file *f, int64_t start, int64_t end, bool all)
{
	const struct query_node *nd;
	struct query_list_line *l;
	size_t k = 0, cap = 0, i, best = 0;
	int64_t ln, last = 0;

	memcpy(scratch, fns, n * sizeof *fns);
	sort_array_r(scratch, n, sizeof *scratch, list_cmp_line, c);
	if (f != NULL)
		for (ln = start; ln <= end && ln >= f->first &&
		    (uint64_t)(ln - f->first) < f->n; ln++) {
			l = list_add_line(r, &cap, ln, f->lines[ln - f->first]);
			while (k < n && list_node(c, scratch[k])->lineno < ln)
				k++;
			for (; k < n && (nd = list_node(c,
			    scratch[k]))->lineno == ln; k++) {
				l->flat += nd->flat;
				l->cum += nd->cum;
			}
			last = ln;
			if (ln == INT64_MAX)
				break;
		}
	if (f == NULL || all) {
		for (k = 0; k < n; k++) {
			nd = list_node(c, scratch[k]);
			if (f != NULL && nd->lineno <= last)
				continue;
			if (r->nline == 0 ||
			    r->lines[r->nline - 1].lineno != nd->lineno)
				list_add_line(r, &cap, nd->lineno, NULL);
			r->lines[r->nline - 1].flat += nd->flat;
			r->lines[r->nline - 1].cum += nd->cum;
		}
	}
	for (i = 1; i < r->nline; i++)
		if (r->lines[i].flat > r->lines[best].flat ||
		    (r->lines[i].flat == r->lines[best].flat &&
		    r->lines[i].cum > r->lines[best].cum))
			best = i;
	r->hottest = best;
}

/* The file name id of a routine's file, interned in the cache. */
static uint32_t
list_name_id(struct query_list_cache *cache, const char *file)
{
	size_t n = cache->nname;
	uint32_t id = strtab_intern_str(&cache->names, file);

	/* the table may hold more than what was interned ("" at 0) */
	if (cache->names.n > n) {
		cache->name = xreallocarray(cache->name, cache->names.n,
		    sizeof *cache->name);
		for (; n < cache->names.n; n++) {
			memset(&cache->name[n], 0, sizeof cache->name[n]);
			cache->name[n].file = SIZE_MAX;
			cache->name[n].start = INT64_MAX;
			cache->name[n].end = INT64_MIN;
		}
		cache->nname = n;
	}
	return id;
}

/* A routine's place in the sorted matches, and its range. */
struct list_span {
	size_t		 off, n;
	int64_t		 start, end;
	uint32_t	 name;		/* file name id, or UINT32_MAX */
};

/*
 * Make the routines of the sorted matches m: one per name and file, or
 * one without a file for a name none of whose nodes has one.
 */
static void
list_routines(struct list_ctx *c, struct query_list *l, const uint32_t *m,
    size_t nm, int context, struct list_span **spansp)
{
	struct query *q = c->q;
	struct query_list_routine *r;
	struct list_span *spans = NULL, *sp;
	struct list_name *nmi;
	size_t cap = 0, capspan = 0, n = 0, i, j, k, x, e;

	/*
	 * Counts are kept in locals and stored at the end: clang's analyzer
	 * cannot see that the calls in between leave *l alone.
	 */
	for (i = 0; i < nm; i = j) {
		const char *name = q->nodes[m[i]].name;

		for (j = i; j < nm && strcmp(q->nodes[m[j]].name, name) == 0;
		    j++)
			;
		/* files are sorted: "" comes first */
		for (k = i; k < j && q->nodes[m[k]].file[0] == '\0'; k++)
			;
		for (x = k == j ? i : k; x < j; x = e) {
			const char *file = k == j ? "" : q->nodes[m[x]].file;

			for (e = x; e < j && strcmp(q->nodes[m[e]].file,
			    file) == 0; e++)
				;
			if (k == j)
				e = j;
			XGROW(l->v, cap, n + 1);
			XGROW(spans, capspan, n + 1);
			r = &l->v[n];
			sp = &spans[n++];
			memset(r, 0, sizeof *r);
			memset(sp, 0, sizeof *sp);
			r->name = name;
			r->file = file;
			sp->off = x;
			sp->n = e - x;
			sp->name = UINT32_MAX;
			for (; x < e; x++) {
				r->flat += q->nodes[m[x]].flat;
				r->cum += q->nodes[m[x]].cum;
			}
			if (k == j)
				continue;
			list_range(c, m + sp->off, sp->n, context, &sp->start,
			    &sp->end);
			if (sp->start > sp->end)
				continue;
			sp->name = list_name_id(c->cache, file);
			nmi = &c->cache->name[sp->name];
			if (sp->start < nmi->start)
				nmi->start = sp->start;
			if (sp->end > nmi->end)
				nmi->end = sp->end;
		}
	}
	l->n = n;
	*spansp = spans;
}

int
query_list_build(struct query *q, const char *regexp, int context,
    struct query_list *l, char **cause)
{
	struct list_ctx c;
	struct list_span *spans = NULL, *sp;
	struct query_list_routine *r;
	struct list_name *nmi;
	const struct list_file *f;
	struct rx *rx;
	uint32_t *m, *scratch, id;
	size_t nm = 0, i;
	char *cwd = NULL, *err = NULL;
	const char *re = regexp != NULL ? regexp : "";

	memset(l, 0, sizeof *l);
	l->total = q->total;
	if ((rx = rx_compile(re, &err)) == NULL) {
		*cause = xasprintf("parsing argument regexp %s: %s", re, err);
		free(err);
		return -1;
	}
	/* -list needs neither edges nor pprof's order (see the sort) */
	query_build_values(q);
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
	c.cache = l->cache = xcalloc(1, sizeof *l->cache);
	strtab_init(&c.cache->names);
	c.cache->budget = QUERY_LIST_BUDGET;
	sort_array_r(m, nm, sizeof *m, list_cmp_name_file, &c);
	list_routines(&c, l, m, nm, context, &spans);

	/*
	 * Open files in routine order, as pprof does: a file that failed
	 * keeps its error (pprof does not retry), even for a routine with
	 * nothing to show.
	 */
	scratch = xreallocarray(NULL, nm, sizeof *scratch);
	for (i = 0; i < l->n; i++) {
		r = &l->v[i];
		sp = &spans[i];
		if (r->file[0] == '\0')
			continue;
		if (sp->name == UINT32_MAX) {
			id = strtab_find(&c.cache->names, r->file,
			    strlen(r->file));
			if (id == UINT32_MAX || id >= c.cache->nname ||
			    c.cache->name[id].error == NULL)
				continue;
			/* show the error, but no line */
			sp->start = 1;
			sp->end = 0;
		} else {
			id = sp->name;
			if (c.cache->name[id].error == NULL &&
			    c.cache->name[id].file == SIZE_MAX)
				list_load(&c, id, r->file);
		}
		nmi = &c.cache->name[id];
		if (nmi->error != NULL) {
			r->error = xstrdup(nmi->error);
			r->hint = xstrdup(nmi->hint);
			if (sp->start <= sp->end)
				list_fill(&c, r, m + sp->off, sp->n, scratch,
				    NULL, sp->start, sp->end, true);
			continue;
		}
		f = &c.cache->files[nmi->file];
		r->path = xstrdup(f->path);
		list_fill(&c, r, m + sp->off, sp->n, scratch, f, sp->start,
		    sp->end, context < 0);
	}
	free(scratch);
	free(spans);
	free(cwd);
	free(m);
	return 0;
}

void
query_list_release(struct query_list *l)
{
	struct query_list_cache *cache = l->cache;
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].error);
		free(l->v[i].hint);
		free(l->v[i].lines);
	}
	free(l->v);
	if (cache != NULL) {
		for (i = 0; i < cache->nname; i++) {
			free(cache->name[i].error);
			free(cache->name[i].hint);
		}
		free(cache->name);
		strtab_release(&cache->names);
		for (i = 0; i < cache->nfile; i++) {
			free(cache->files[i].text);
			free(cache->files[i].lines);
			free(cache->files[i].path);
		}
		free(cache->files);
		free(cache);
	}
	memset(l, 0, sizeof *l);
}
