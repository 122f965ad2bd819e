/*
 * fetch.c: profiles over HTTP (fetch.h): pprof's source forms and
 * defaults, the transfer with libcurl under the input limits, the errors
 * a user can act on, and saving the reply as pprof names it.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_CURL
#include <pthread.h>
#include <curl/curl.h>
#endif
#include <zlib.h>

#include "fetch.h"
#include "profile.h"
#include "reader.h"
#include "strbuf.h"
#include "timing.h"
#include "vis.h"
#include "xmalloc.h"

/* Go's net/http/pprof CPU profile, where a bare host:port points. */
#define FETCH_CPU_PATH		"/debug/pprof/profile"
/* What that endpoint collects for without ?seconds=. */
#define FETCH_CPU_SECONDS	30
/* pprof's client waits this much beyond its timeout. */
#define FETCH_SLACK		5
/* An error reply's body is read this far, for its first line. */
#define FETCH_ERROR_BODY	4096

bool
fetch_supported(void)
{
#ifdef HAVE_CURL
	return true;
#else
	return false;
#endif
}

/* The length of s's "scheme://" prefix, or 0 if it has none. */
static size_t
fetch_scheme_len(const char *s)
{
	const char *p = s;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.')
		p++;
	return strncmp(p, "://", 3) == 0 ? (size_t)(p - s) + 3 : 0;
}

/*
 * The length of s's "host:port" (host may be empty, a name, an IPv4
 * address or a [bracketed] IPv6 one), followed by the end, '/' or '?';
 * 0 if s does not start so.
 */
static size_t
fetch_hostport_len(const char *s)
{
	const char *p = s;
	size_t digits = 0;

	if (*p == '[') {
		while (*p != '\0' && *p != ']')
			p++;
		if (*p++ != ']')
			return 0;
	} else
		while (isalnum((unsigned char)*p) || *p == '-' || *p == '.' ||
		    *p == '_')
			p++;
	if (*p++ != ':')
		return 0;
	while (isdigit((unsigned char)*p)) {
		p++;
		digits++;
	}
	if (digits == 0 || digits > 5 || (*p != '\0' && *p != '/' &&
	    *p != '?'))
		return 0;
	return (size_t)(p - s);
}

bool
fetch_is_source(const char *source)
{
	struct stat st;

	if (fetch_scheme_len(source) > 0)
		return true;
	return fetch_hostport_len(source) > 0 && stat(source, &st) == -1;
}

/* One "key=value" of a query, and where it was. */
struct fetch_param {
	const char	*s;
	size_t		 len;
	size_t		 keylen;
	size_t		 pos;
};

static int
fetch_param_cmp(const void *va, const void *vb)
{
	const struct fetch_param *a = va, *b = vb;
	size_t n = a->keylen < b->keylen ? a->keylen : b->keylen;
	int c = memcmp(a->s, b->s, n);

	if (c != 0)
		return c;
	if (a->keylen != b->keylen)
		return a->keylen < b->keylen ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/*
 * Append query q[0..len) with seconds set (seconds > 0) and the
 * parameters sorted by key, as Go's url.Values.Encode() writes them
 * (pprof prints and requests that).  Sets *url_seconds to the query's
 * own seconds=, or -1.
 */
static void
fetch_add_query(struct strbuf *sb, const char *q, size_t len, int seconds,
    int *url_seconds)
{
	struct fetch_param *ps;
	char secs[32];
	size_t n = 0, i, start = 0;

	*url_seconds = -1;
	ps = xcalloc(len / 2 + 2, sizeof *ps);
	for (i = 0; i <= len; i++) {
		const char *s = q + start, *eq;
		size_t plen = i - start;

		if (i < len && q[i] != '&' && q[i] != ';')
			continue;
		start = i + 1;
		if (plen == 0)
			continue;
		eq = memchr(s, '=', plen);
		ps[n].s = s;
		ps[n].len = plen;
		ps[n].keylen = eq != NULL ? (size_t)(eq - s) : plen;
		ps[n].pos = n;
		if (ps[n].keylen == 7 && memcmp(s, "seconds", 7) == 0) {
			if (eq != NULL && *url_seconds == -1)
				*url_seconds = atoi(eq + 1);
			if (seconds > 0)
				continue;	/* replaced below */
		}
		n++;
	}
	if (seconds > 0) {
		snprintf(secs, sizeof secs, "seconds=%d", seconds);
		ps[n].s = secs;
		ps[n].len = strlen(secs);
		ps[n].keylen = 7;
		ps[n].pos = n;
		n++;
	}
	qsort(ps, n, sizeof *ps, fetch_param_cmp);
	for (i = 0; i < n; i++) {
		strbuf_addch(sb, i == 0 ? '?' : '&');
		strbuf_add(sb, ps[i].s, ps[i].len);
	}
	free(ps);
}

char *
fetch_url(const char *source, const struct fetch_options *fo, int *seconds,
    int *collect, int *timeout, char **cause)
{
	struct strbuf sb = STRBUF_INIT;
	const char *rest, *path, *query, *end;
	size_t slen = fetch_scheme_len(source), hlen, path_off;
	int url_seconds;

	if (slen > 0) {
		if (strncasecmp(source, "http://", slen) != 0 &&
		    strncasecmp(source, "https://", slen) != 0 &&
		    strncasecmp(source, "https+insecure://", slen) != 0) {
			*cause = xasprintf("cannot fetch '%.*s' URLs: cpv "
			    "fetches http://, https:// and "
			    "https+insecure://", (int)slen - 3, source);
			return NULL;
		}
		strbuf_add(&sb, source, slen);
		rest = source + slen;
	} else {
		strbuf_addstr(&sb, "http://");
		rest = source;
	}
	/* the authority ends at the path, the query or the fragment */
	hlen = strcspn(rest, "/?#");
	if (hlen == 0) {
		*cause = xstrdup("no host in the URL");
		strbuf_release(&sb);
		return NULL;
	}
	/* Go dials ":port" on the local system */
	if (rest[0] == ':')
		strbuf_addstr(&sb, "localhost");
	strbuf_add(&sb, rest, hlen);
	path = rest + hlen;
	end = path + strcspn(path, "#");
	query = memchr(path, '?', (size_t)(end - path));
	if (query == NULL)
		query = end;
	/* go tool pprof: no path is the CPU profile */
	path_off = sb.len;
	if (query == path || (query == path + 1 && *path == '/'))
		strbuf_addstr(&sb, FETCH_CPU_PATH);
	else
		strbuf_add(&sb, path, (size_t)(query - path));
	if (query < end)
		query++;
	fetch_add_query(&sb, query, (size_t)(end - query),
	    fo != NULL ? fo->seconds : 0, &url_seconds);
	*seconds = fo != NULL && fo->seconds > 0 ? fo->seconds :
	    url_seconds > 0 ? url_seconds : 0;
	if (fo != NULL && fo->timeout > 0)
		*timeout = fo->timeout;
	else if (*seconds > 0)
		*timeout = *seconds + *seconds / 2;
	else
		*timeout = 60;
	/* for the countdown: the CPU endpoint's own default */
	*collect = *seconds;
	if (*seconds == 0 && url_seconds == -1 &&
	    strncmp(sb.buf + path_off, FETCH_CPU_PATH,
	    sizeof FETCH_CPU_PATH - 1) == 0 &&
	    (sb.buf[path_off + sizeof FETCH_CPU_PATH - 1] == '\0' ||
	    sb.buf[path_off + sizeof FETCH_CPU_PATH - 1] == '?'))
		*collect = FETCH_CPU_SECONDS;
	return strbuf_detach(&sb, NULL);
}

void
fetch_reply_release(struct fetch_reply *r)
{
	free(r->data);
	free(r->url);
	free(r->content_type);
	memset(r, 0, sizeof *r);
}

/* The first line of a text body, cleaned and cut short; "" if none. */
static void
fetch_first_line(struct strbuf *sb, const unsigned char *d, size_t len)
{
	size_t n = 0;

	while (n < len && n < 200 && d[n] != '\n' && d[n] != '\r')
		n++;
	vis_add(sb, (const char *)d, n, 0);
	if (n == 200)
		strbuf_addstr(sb, "...");
}

/* Whether d starts, after white space, with s (any case). */
static bool
fetch_starts(const unsigned char *d, size_t len, const char *s)
{
	size_t n = strlen(s);

	while (len > 0 && isspace(*d)) {
		d++;
		len--;
	}
	return len >= n && strncasecmp((const char *)d, s, n) == 0;
}

/* Whether the first bytes of d are text (no control bytes but spaces). */
static bool
fetch_is_text(const unsigned char *d, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len && i < 512; i++)
		if ((d[i] < 0x20 && !isspace(d[i])) || d[i] == 0x7f)
			return false;
	return true;
}

static bool
fetch_is_html(const struct fetch_reply *r)
{
	return fetch_starts(r->data, r->len, "<!doctype html") ||
	    fetch_starts(r->data, r->len, "<html") ||
	    (r->content_type != NULL &&
	    strncasecmp(r->content_type, "text/html", 9) == 0);
}

/* A Go execution trace starts "go 1.NN trace\0". */
static bool
fetch_is_go_trace(const unsigned char *d, size_t len)
{
	size_t i;

	if (len < 16 || memcmp(d, "go 1.", 5) != 0)
		return false;
	for (i = 5; i < 12 && isdigit(d[i]); i++)
		;
	return memcmp(d + i, " trace", 6) == 0;
}

/*
 * What a reply that is no profile looks like, or NULL if nothing more
 * than the reader's error can be said.
 */
static char *
fetch_looks_like(const struct fetch_reply *r)
{
	struct strbuf sb = STRBUF_INIT;

	if (fetch_is_html(r))
		return xstrdup("the reply is an HTML page, not a profile (Go "
		    "serves profiles at /debug/pprof/NAME: profile, heap, "
		    "goroutine, block, mutex, allocs)");
	if (fetch_is_go_trace(r->data, r->len))
		return xstrdup("the reply is a Go execution trace (go tool "
		    "trace reads it), not a profile");
	if (fetch_starts(r->data, r->len, "{") ||
	    fetch_starts(r->data, r->len, "["))
		return xstrdup("the reply is JSON, not a profile");
	if (fetch_is_text(r->data, r->len)) {
		strbuf_addstr(&sb, "the reply is text, not a profile: '");
		fetch_first_line(&sb, r->data, r->len);
		strbuf_addch(&sb, '\'');
		if (r->url != NULL && (strstr(r->url, "?debug=") != NULL ||
		    strstr(r->url, "&debug=") != NULL))
			strbuf_addstr(&sb, " (debug=N asks for text: drop "
			    "it)");
		return strbuf_detach(&sb, NULL);
	}
	return NULL;
}

struct profile *
fetch_parse(const struct fetch_reply *r, const struct input_limits *limits,
    char **cause)
{
	struct profile *p;
	char *why = NULL, *looks;

	if (r->len == 0) {
		*cause = xstrdup("empty reply: not a profile");
		return NULL;
	}
	/* readers might take some HTML for text stacks: say it first */
	if (fetch_is_html(r)) {
		*cause = fetch_looks_like(r);
		return NULL;
	}
	if ((p = reader_parse(r->data, r->len, limits, NULL, &why)) != NULL)
		return p;
	if ((looks = fetch_looks_like(r)) != NULL) {
		free(why);
		*cause = looks;
		return NULL;
	}
	*cause = why;
	return NULL;
}

/* mkdir -p dir (0755), as Go's os.MkdirAll. */
static int
fetch_mkdirs(const char *dir)
{
	char *d = xstrdup(dir), *p, c;
	struct stat st;
	int rc = 0;

	for (p = d + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(d, 0755) == -1 && errno != EEXIST)
			rc = -1;
		*p = c;
		if (c == '\0')
			break;
	}
	if (rc == 0 && (stat(d, &st) == -1 || !S_ISDIR(st.st_mode))) {
		if (errno == 0)
			errno = ENOTDIR;
		rc = -1;
	}
	free(d);
	return rc;
}

/*
 * Append a part of the file name taken from the profile: no '/', no
 * control bytes (pprof writes them as they are; a sample type named
 * "../x" must not leave the directory).
 */
static void
fetch_name_part(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++)
		strbuf_addch(sb, *s == '/' || (unsigned char)*s < 0x20 ||
		    *s == 0x7f ? '_' : *s);
}

/* gzip buf into *out (allocated). */
static int
fetch_gzip(const unsigned char *buf, size_t len, unsigned char **out,
    size_t *outlen)
{
	z_stream zs;
	size_t cap;
	int rc;

	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
	    16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	cap = deflateBound(&zs, (uLong)len) + 64;
	*out = xmalloc(cap);
	zs.next_in = (unsigned char *)buf;
	zs.avail_in = (uInt)len;
	zs.next_out = *out;
	zs.avail_out = (uInt)cap;
	rc = deflate(&zs, Z_FINISH);
	*outlen = cap - zs.avail_out;
	deflateEnd(&zs);
	if (rc != Z_STREAM_END) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Write all of buf to fd. */
static int
fetch_write_all(int fd, const unsigned char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

char *
fetch_save(const struct fetch_reply *r, const struct profile *p,
    char **cause)
{
	struct strbuf dir = STRBUF_INIT, name = STRBUF_INIT;
	const char *env, *slash, *file;
	unsigned char *gz = NULL;
	const unsigned char *data = r->data;
	size_t len = r->len, i, base;
	char *path = NULL;
	int fd = -1, k;

	if ((env = getenv("PPROF_TMPDIR")) != NULL && *env != '\0')
		strbuf_addstr(&dir, env);
	else if ((env = getenv("HOME")) != NULL && *env != '\0')
		strbuf_addf(&dir, "%s/pprof", env);
	if (dir.len == 0 || fetch_mkdirs(dir.buf) == -1) {
		/* pprof's last resort: os.TempDir() */
		strbuf_reset(&dir);
		env = getenv("TMPDIR");
		strbuf_addstr(&dir, env != NULL && *env != '\0' ? env :
		    "/tmp");
	}
	strbuf_addstr(&name, "pprof.");
	if (p->nmapping > 0 && p->mappings[0].file != 0 &&
	    *(file = profile_str(p, p->mappings[0].file)) != '\0') {
		size_t flen = strlen(file);

		/* Go's filepath.Base: trailing slashes go first */
		while (flen > 1 && file[flen - 1] == '/')
			flen--;
		for (slash = NULL, i = 0; i < flen; i++)
			if (file[i] == '/' && i + 1 < flen)
				slash = file + i;
		base = slash != NULL ? (size_t)(slash + 1 - file) : 0;
		{
			char *b = xasprintf("%.*s", (int)(flen - base),
			    file + base);

			fetch_name_part(&name, b);
			free(b);
		}
		strbuf_addch(&name, '.');
	}
	for (i = 0; i < p->nsample_type; i++) {
		fetch_name_part(&name, profile_str(p, p->sample_types[i].type));
		strbuf_addch(&name, '.');
	}
	/* room for NNN.pb.gz in a file name */
	if (name.len > 200)
		name.buf[name.len = 200] = '\0';
	if (len < 2 || data[0] != 0x1f || data[1] != 0x8b) {
		if (fetch_gzip(data, len, &gz, &len) == -1) {
			*cause = xstrdup("cannot compress the profile");
			goto out;
		}
		data = gz;
	}
	for (k = 1; k < 10000; k++) {
		free(path);
		path = xasprintf("%s/%s%03d.pb.gz", dir.buf, name.buf, k);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666)) != -1)
			break;
		if (errno != EEXIST) {
			*cause = xasprintf("cannot create '%s': %s", path,
			    strerror(errno));
			goto fail;
		}
	}
	if (fd == -1) {
		*cause = xasprintf("could not create file of the form "
		    "%s/%s001.pb.gz", dir.buf, name.buf);
		goto fail;
	}
	if (fetch_write_all(fd, data, len) == -1 || close(fd) == -1) {
		*cause = xasprintf("cannot write '%s': %s", path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		unlink(path);
		goto fail;
	}
	goto out;
fail:
	free(path);
	path = NULL;
out:
	free(gz);
	strbuf_release(&dir);
	strbuf_release(&name);
	return path;
}

#ifndef HAVE_CURL

int
fetch_get(const char *source, const struct fetch_options *fo,
    const struct input_limits *limits, fetch_hook_fn hook, void *arg,
    struct fetch_reply *reply, char **cause)
{
	(void)source;
	(void)fo;
	(void)limits;
	(void)hook;
	(void)arg;
	memset(reply, 0, sizeof *reply);
	*cause = xstrdup("cpv was built without libcurl; cannot fetch URL");
	return -1;
}

#else

/* One transfer's state, shared with libcurl's callbacks. */
struct fetch_xfer {
	struct fetch_reply	*reply;
	size_t			 cap;
	uint64_t		 max;		/* max_input */
	bool			 too_big;
	bool			 stopped;	/* the hook said stop */
	long			 status;	/* of the last status line */
	char			*reason;	/* its reason phrase */
	fetch_hook_fn		 hook;
	void			*arg;
	struct fetch_event	 ev;
	double			 t0;		/* when the request started */
	double			 last;		/* the last event */
};

static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;
static CURLcode fetch_init_rc;

static void
fetch_global_init(void)
{
	fetch_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* The body, kept under the limit (error bodies: their start only). */
static size_t
fetch_on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct fetch_xfer *x = userdata;
	struct fetch_reply *r = x->reply;
	size_t n = size * nmemb, keep = n;

	if (x->status != 200) {
		if (r->len >= FETCH_ERROR_BODY)
			return n;
		if (keep > FETCH_ERROR_BODY - r->len)
			keep = FETCH_ERROR_BODY - r->len;
	} else if ((uint64_t)r->len + n > x->max) {
		x->too_big = true;
		return 0;	/* stops the transfer */
	}
	if (r->len + keep > x->cap) {
		size_t cap = x->cap ? x->cap : 65536;

		while (cap < r->len + keep)
			cap *= 2;
		if (x->status == 200 && cap > x->max)
			cap = (size_t)x->max;
		r->data = xreallocarray(r->data, cap, 1);
		x->cap = cap;
	}
	memcpy(r->data + r->len, ptr, keep);
	r->len += keep;
	return n;
}

/* Each header line: the status line's code and reason phrase. */
static size_t
fetch_on_header(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct fetch_xfer *x = userdata;
	size_t n = size * nmemb, len = n;
	const char *sp;

	if (n > 5 && strncmp(ptr, "HTTP/", 5) == 0) {
		while (len > 0 && (ptr[len - 1] == '\n' ||
		    ptr[len - 1] == '\r'))
			len--;
		free(x->reason);
		x->reason = NULL;
		x->status = 0;
		if ((sp = memchr(ptr, ' ', len)) != NULL) {
			x->status = strtol(sp + 1, NULL, 10);
			sp = memchr(sp + 1, ' ', len - (size_t)(sp + 1 - ptr));
			if (sp != NULL)
				x->reason = xasprintf("%.*s",
				    (int)(len - (size_t)(sp + 1 - ptr)),
				    sp + 1);
		}
		/* a redirect's body is not the reply's */
		x->reply->len = 0;
	}
	return n;
}

/* libcurl's progress: the hook's events, at most five a second. */
static int
fetch_on_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct fetch_xfer *x = userdata;
	double now = timing_seconds();

	(void)dltotal;
	(void)ultotal;
	(void)ulnow;
	if (x->hook == NULL || now - x->last < 0.2)
		return 0;
	x->last = now;
	x->ev.kind = FETCH_PROGRESS;
	x->ev.elapsed = now - x->t0;
	x->ev.received = (uint64_t)dlnow;
	if (x->hook(x->arg, &x->ev)) {
		x->stopped = true;
		return 1;	/* aborts the transfer */
	}
	return 0;
}

/* The one line that says why a transfer failed. */
static char *
fetch_error(CURL *c, CURLcode rc, const struct fetch_xfer *x,
    const char *errbuf, int timeout)
{
	char *host = NULL;
	long oserr = 0;
	CURLU *u;

	if (x->stopped)
		return xstrdup("interrupted");
	if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		return xasprintf("the reply is larger than the %llu byte "
		    "limit (raise with -max_input or CPV_MAX_INPUT)",
		    (unsigned long long)x->max);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		if ((u = curl_url()) != NULL) {
			if (curl_url_set(u, CURLUPART_URL, x->reply->url,
			    0) == CURLUE_OK)
				curl_url_get(u, CURLUPART_HOST, &host, 0);
			curl_url_cleanup(u);
		}
		if (host != NULL) {
			struct strbuf sb = STRBUF_INIT;
			char *msg;

			vis_addstr(&sb, host, 0);
			curl_free(host);
			msg = xasprintf("cannot resolve host '%s'", sb.buf);
			strbuf_release(&sb);
			return msg;
		}
		return xstrdup("cannot resolve the host");
	case CURLE_COULDNT_CONNECT: {
		char *port = NULL, *msg;
		struct strbuf sb = STRBUF_INIT;
		const char *why = errbuf;

		curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &oserr);
		if (oserr != 0)
			why = strerror((int)oserr);
		if ((u = curl_url()) != NULL) {
			if (curl_url_set(u, CURLUPART_URL, x->reply->url,
			    0) == CURLUE_OK) {
				curl_url_get(u, CURLUPART_HOST, &host, 0);
				curl_url_get(u, CURLUPART_PORT, &port,
				    CURLU_DEFAULT_PORT);
			}
			curl_url_cleanup(u);
		}
		strbuf_addstr(&sb, "cannot connect");
		if (host != NULL && port != NULL) {
			strbuf_addstr(&sb, " to ");
			vis_addstr(&sb, host, 0);
			strbuf_addf(&sb, ":%s", port);
		}
		strbuf_addstr(&sb, ": ");
		/* strerror's capital, in a message that goes on */
		if (*why != '\0') {
			strbuf_addch(&sb, tolower((unsigned char)*why));
			vis_addstr(&sb, why + 1, 0);
		}
		curl_free(host);
		curl_free(port);
		msg = strbuf_detach(&sb, NULL);
		return msg;
	}
	case CURLE_OPERATION_TIMEDOUT:
		return xasprintf("timed out after %ds (raise with -timeout)",
		    timeout + FETCH_SLACK);
	default:
		break;
	}
	{
		struct strbuf sb = STRBUF_INIT;

		vis_addstr(&sb, *errbuf != '\0' ? errbuf :
		    curl_easy_strerror(rc), 0);
		if (rc == CURLE_PEER_FAILED_VERIFICATION)
			strbuf_addstr(&sb, " (-tls_ca=FILE trusts its CA; "
			    "https+insecure:// skips the check)");
		else if (strstr(errbuf, "certificate required") != NULL)
			strbuf_addstr(&sb, " (the server wants a client "
			    "certificate: -tls_cert, -tls_key)");
		return strbuf_detach(&sb, NULL);
	}
}

/* "server response: 404 Not Found - Unknown profile", as pprof says. */
static char *
fetch_status_error(const struct fetch_xfer *x)
{
	struct strbuf sb = STRBUF_INIT;
	const struct fetch_reply *r = x->reply;

	strbuf_addf(&sb, "server response: %ld", x->status);
	if (x->reason != NULL && *x->reason != '\0') {
		strbuf_addch(&sb, ' ');
		vis_addstr(&sb, x->reason, 0);
	}
	if (r->len > 0 && fetch_is_html(r))
		strbuf_addstr(&sb, " (an HTML page)");
	else if (r->len > 0 && fetch_is_text(r->data, r->len)) {
		size_t skip = 0;

		while (skip < r->len && isspace(r->data[skip]))
			skip++;
		if (skip < r->len) {
			strbuf_addstr(&sb, " - ");
			fetch_first_line(&sb, r->data + skip, r->len - skip);
		}
	}
	return strbuf_detach(&sb, NULL);
}

int
fetch_get(const char *source, const struct fetch_options *fo,
    const struct input_limits *limits, fetch_hook_fn hook, void *arg,
    struct fetch_reply *reply, char **cause)
{
	struct fetch_xfer x;
	char errbuf[CURL_ERROR_SIZE];
	char *ct = NULL;
	int seconds, collect, timeout, ret = -1;
	bool insecure;
	CURLcode rc;
	CURL *c;

	memset(reply, 0, sizeof *reply);
	memset(&x, 0, sizeof x);
	if ((reply->url = fetch_url(source, fo, &seconds, &collect, &timeout,
	    cause)) == NULL)
		return -1;
	insecure = strncasecmp(reply->url, "https+insecure://", 17) == 0;
	if (insecure)	/* libcurl knows https, and no checks */
		memmove(reply->url + 5, reply->url + 14,
		    strlen(reply->url + 14) + 1);
	pthread_once(&fetch_once, fetch_global_init);
	if (fetch_init_rc != CURLE_OK || (c = curl_easy_init()) == NULL) {
		*cause = xstrdup("cannot initialise libcurl");
		fetch_reply_release(reply);
		return -1;
	}
	x.reply = reply;
	x.max = limits->max_input;
	x.hook = hook;
	x.arg = arg;
	x.ev.url = reply->url;
	x.ev.seconds = seconds;
	x.ev.collect = collect;
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, reply->url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP |
	    CURLPROTO_HTTPS));
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP |
	    CURLPROTO_HTTPS));
#endif
	/* as Go's client: up to 10 redirects */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)timeout + FETCH_SLACK);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "cpv/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)(limits->max_input > INT64_MAX ? INT64_MAX :
	    limits->max_input));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fetch_on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, fetch_on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, fetch_on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, &x);
	if (fo != NULL && fo->tls_cert != NULL)
		curl_easy_setopt(c, CURLOPT_SSLCERT, fo->tls_cert);
	if (fo != NULL && fo->tls_key != NULL)
		curl_easy_setopt(c, CURLOPT_SSLKEY, fo->tls_key);
	if (fo != NULL && fo->tls_ca != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, fo->tls_ca);
	if (insecure) {
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	x.t0 = x.last = timing_seconds();
	if (hook != NULL) {
		x.ev.kind = FETCH_START;
		if (hook(arg, &x.ev)) {
			*cause = xstrdup("interrupted");
			goto out;
		}
	}
	rc = curl_easy_perform(c);
	if (hook != NULL) {
		x.ev.kind = FETCH_DONE;
		x.ev.elapsed = timing_seconds() - x.t0;
		x.ev.received = reply->len;
		hook(arg, &x.ev);
	}
	if (rc != CURLE_OK) {
		*cause = fetch_error(c, rc, &x, errbuf, timeout);
		goto out;
	}
	if (x.status != 200) {
		*cause = fetch_status_error(&x);
		goto out;
	}
	if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK &&
	    ct != NULL)
		reply->content_type = xstrdup(ct);
	ret = 0;
out:
	free(x.reason);
	curl_easy_cleanup(c);
	if (ret == -1)
		fetch_reply_release(reply);
	return ret;
}

#endif
