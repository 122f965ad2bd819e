/*
 * fetch.h: profiles fetched over HTTP from a running service, as go tool
 * pprof fetches them (its /debug/pprof endpoints, net/http/pprof).
 *
 * A source is fetched when it is spelled as a URL (http://, https://,
 * https+insecure://) or as host:port with an optional /path, which is
 * what pprof takes; an empty path means /debug/pprof/profile, the CPU
 * profile.  The reply's bytes then go through the same readers as a
 * file's (reader.h), under the same input limits: a reply beyond
 * max_input stops the transfer.  A fetched profile is saved under
 * $PPROF_TMPDIR (default ~/pprof/) with pprof's file names, so that it
 * can be opened again.
 *
 * Fetching uses libcurl, which configure may leave out (--without-curl):
 * fetch_get() then fails with "cpv was built without libcurl; cannot
 * fetch URL".  Nothing here writes to stdout or stderr: what pprof prints
 * on the way ("Fetching profile over HTTP from ...", the countdown,
 * "Saved profile in ...") goes to a hook the front end installs.
 *
 * fetch_get() may run in a thread of its own (the viewer fetches so):
 * it touches no global state but libcurl's, set up once.
 */
#ifndef CPV_FETCH_H
#define CPV_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input.h"

struct profile;

/* The command line's -seconds, -timeout and -tls_* (strings borrowed). */
struct fetch_options {
	int		 seconds;	/* -seconds: 0, not given */
	int		 timeout;	/* -timeout: 0, pprof's default */
	const char	*tls_cert;	/* client certificate (PEM) */
	const char	*tls_key;	/* its key */
	const char	*tls_ca;	/* CA certificates to trust */
};

/* Whether cpv was built with libcurl. */
bool	fetch_supported(void);

/*
 * Whether source names something to fetch rather than a file: a URL, or
 * host:port[/path] when no file of that name exists.
 */
bool	fetch_is_source(const char *source);

/*
 * The request pprof would make for source: the URL (allocated; the path
 * /debug/pprof/profile if it has none, ?seconds=N when -seconds is
 * given, the query's parameters in Go's order), the seconds asked for
 * (-seconds or the URL's ?seconds=, else 0), the seconds the server will
 * collect for (the same, or 30 for Go's CPU profile endpoint without
 * seconds: for a countdown), and the timeout (-timeout, else 1.5 times
 * the seconds, else 60; libcurl gets 5 more, as pprof's client does).
 * NULL with *cause on a source that is no http(s) URL.
 */
char	*fetch_url(const char *source, const struct fetch_options *,
	    int *seconds, int *collect, int *timeout, char **cause);

/* What the hook hears. */
enum fetch_event_kind {
	FETCH_START,		/* the request is sent */
	FETCH_PROGRESS,		/* at least once a second until the end */
	FETCH_DONE,		/* the reply is in (or the fetch failed) */
	FETCH_SAVED,		/* fetch_save() wrote path */
};

struct fetch_event {
	enum fetch_event_kind	 kind;
	const char		*url;		/* as fetched (not cleaned) */
	int			 seconds;	/* asked for, 0 if not */
	int			 collect;	/* expected, 0 unknown */
	double			 elapsed;	/* seconds since the start */
	uint64_t		 received;	/* bytes of the reply so far */
	const char		*path;		/* FETCH_SAVED: the file */
};

/*
 * The hook: called in the thread that fetches.  Returning true stops the
 * transfer (fetch_get() then fails with "interrupted").
 */
typedef bool	(*fetch_hook_fn)(void *arg, const struct fetch_event *);

/* A reply: the body's bytes as they came (owned), and the URL. */
struct fetch_reply {
	unsigned char	*data;
	size_t		 len;
	char		*url;
	char		*content_type;	/* NULL if the server sent none */
};

void	fetch_reply_release(struct fetch_reply *);

/*
 * Fetch source into *reply.  On failure returns -1 with *cause one
 * allocated line without the source's name: "cannot connect to
 * 127.0.0.1:1: Connection refused", "cannot resolve host 'x'", "timed
 * out after 65s (raise with -timeout)", "server response: 404 Not Found
 * - Unknown profile", "the reply is larger than the N byte limit (raise
 * with -max_input or CPV_MAX_INPUT)", "interrupted".
 */
int	fetch_get(const char *source, const struct fetch_options *,
	    const struct input_limits *, fetch_hook_fn, void *arg,
	    struct fetch_reply *reply, char **cause);

/*
 * Read the profile in a reply, with the readers a file goes through.  A
 * reply that is no profile is named for what it looks like: "the reply
 * is an HTML page, not a profile", "... a Go execution trace ...".
 */
struct profile	*fetch_parse(const struct fetch_reply *,
		    const struct input_limits *, char **cause);

/*
 * Save a reply whose profile is p as pprof does: in $PPROF_TMPDIR, else
 * $HOME/pprof, else $TMPDIR or /tmp (made if missing), as
 * pprof.<binary>.<sample types>.NNN.pb.gz (gzipped if the reply was
 * not).  Returns the path (allocated), or NULL with *cause.
 */
char	*fetch_save(const struct fetch_reply *, const struct profile *p,
	    char **cause);

#endif
