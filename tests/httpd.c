/*
 * httpd.c: a tiny HTTP server on loopback for tests/fetch.sh and
 * tests/tui.sh: committed profiles, error statuses, slow replies, garbage.
 *
 *	httpd PORTFILE LOGFILE DATADIR [LIFETIME]
 *
 * Listens on 127.0.0.1 on a port the system picks and writes it to
 * PORTFILE (through a rename, so a reader never sees half of it).
 * Serves one request at a time, each on its own connection; appends
 * each request line to LOGFILE.  Exits by itself after LIFETIME seconds
 * (default 120) or 10000 requests, whichever comes first, so that a test
 * that dies cannot leave it behind for long.
 *
 * The paths (see route()):
 *	/debug/pprof/profile	cpu.pb.gz; with ?seconds=N (N <= 30) it
 *				first waits N seconds, as Go's handler does
 *	/debug/pprof/heap	heap.pb.gz
 *	/debug/pprof/goroutine	goroutine.pb.gz
 *	/grow			cpu.pb.gz, then cpu_after.pb.gz, in turn
 *	/slow			waits until the client goes (or LIFETIME)
 *	/slowlater		cpu.pb.gz at once the first time, then as
 *				/slow
 *	/status/404, /status/500, /status/502
 *				errors as Go's pprof handler and a proxy
 *				send them
 *	/garbage /html /trace /text /empty /json
 *				replies that are not profiles
 *	/big, /bigcl		2 MiB, without and with Content-Length
 *	/redirect		302 to /debug/pprof/heap
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_REQUESTS	10000
#define MAX_REQUEST	8192
#define BIG		(2 << 20)

static const char *datadir;
static FILE *logf;
static unsigned grow_count, slowlater_count;
static time_t deadline;

static void
die(const char *what)
{
	fprintf(stderr, "httpd: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Write all of buf; false once the client is gone. */
static int
send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		if ((n = send(fd, p, len, MSG_NOSIGNAL)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Headers of a reply; length < 0: none (the body ends with the close). */
static int
send_head(int fd, const char *status, const char *type, long length,
    const char *extra)
{
	char head[1024];

	if (length >= 0)
		snprintf(head, sizeof head, "HTTP/1.1 %s\r\nContent-Type: %s\r\n"
		    "Content-Length: %ld\r\n%sConnection: close\r\n\r\n",
		    status, type, length, extra);
	else
		snprintf(head, sizeof head, "HTTP/1.1 %s\r\nContent-Type: %s\r\n"
		    "%sConnection: close\r\n\r\n", status, type, extra);
	return send_all(fd, head, strlen(head));
}

static void
send_text(int fd, const char *status, const char *type, const char *extra,
    const char *body)
{
	if (send_head(fd, status, type, (long)strlen(body), extra) == 0)
		send_all(fd, body, strlen(body));
}

/* A committed profile from DATADIR. */
static void
send_file(int fd, const char *name)
{
	char path[4096], *buf;
	FILE *f;
	long len;

	snprintf(path, sizeof path, "%s/%s", datadir, name);
	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		send_text(fd, "500 Internal Server Error", "text/plain", "",
		    "httpd: cannot read the profile\n");
		if (f != NULL)
			fclose(f);
		return;
	}
	if ((buf = malloc((size_t)len + 1)) == NULL ||
	    fread(buf, 1, (size_t)len, f) != (size_t)len) {
		send_text(fd, "500 Internal Server Error", "text/plain", "",
		    "httpd: cannot read the profile\n");
	} else if (send_head(fd, "200 OK", "application/octet-stream", len,
	    "Content-Disposition: attachment; filename=\"profile\"\r\n") == 0)
		send_all(fd, buf, (size_t)len);
	free(buf);
	fclose(f);
}

/*
 * Wait up to secs seconds, or until the client closes its end (then
 * false): a cancelled fetch does not keep the server busy.
 */
static int
wait_client(int fd, int secs)
{
	struct pollfd pfd;
	time_t end = time(NULL) + secs;
	char c;

	if (end > deadline)
		end = deadline;
	while (time(NULL) < end) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 100) > 0 &&
		    (pfd.revents & (POLLIN | POLLHUP | POLLERR)) &&
		    recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) <= 0)
			return 0;
	}
	return 1;
}

static void
send_big(int fd, int with_length)
{
	static char chunk[65536];
	size_t sent;

	memset(chunk, 'x', sizeof chunk);
	if (send_head(fd, "200 OK", "application/octet-stream",
	    with_length ? BIG : -1, "") == -1)
		return;
	for (sent = 0; sent < BIG; sent += sizeof chunk)
		if (send_all(fd, chunk, sizeof chunk) == -1)
			return;
}

static void
send_garbage(int fd)
{
	unsigned char buf[4096];
	unsigned x = 12345;
	size_t i;

	for (i = 0; i < sizeof buf; i++) {
		x = x * 1103515245 + 12345;
		buf[i] = (unsigned char)(x >> 16);
	}
	/* a first byte no text reader or profile.proto field starts with */
	buf[0] = 0xff;
	if (send_head(fd, "200 OK", "application/octet-stream",
	    (long)sizeof buf, "") == 0)
		send_all(fd, buf, sizeof buf);
}

/* The value of ?name= in query, or -1. */
static int
query_int(const char *query, const char *name)
{
	const char *p = query;
	size_t n = strlen(name);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, name, n) == 0 && p[n] == '=')
			return atoi(p + n + 1);
		if ((p = strchr(p, '&')) != NULL)
			p++;
	}
	return -1;
}

static void
route(int fd, const char *target)
{
	char path[MAX_REQUEST];
	const char *q = strchr(target, '?');
	size_t n = q != NULL ? (size_t)(q - target) : strlen(target);
	int secs;

	memcpy(path, target, n);
	path[n] = '\0';
	q = q != NULL ? q + 1 : "";
	if (strcmp(path, "/debug/pprof/profile") == 0) {
		secs = query_int(q, "seconds");
		if (secs > 30)
			secs = 30;
		if (secs > 0 && !wait_client(fd, secs))
			return;
		send_file(fd, "cpu.pb.gz");
	} else if (strcmp(path, "/debug/pprof/heap") == 0)
		send_file(fd, "heap.pb.gz");
	else if (strcmp(path, "/debug/pprof/goroutine") == 0)
		send_file(fd, "goroutine.pb.gz");
	else if (strcmp(path, "/grow") == 0)
		send_file(fd, grow_count++ % 2 == 0 ? "cpu.pb.gz" :
		    "cpu_after.pb.gz");
	else if (strcmp(path, "/slow") == 0 ||
	    (strcmp(path, "/slowlater") == 0 && slowlater_count++ > 0)) {
		if (wait_client(fd, 3600))
			send_file(fd, "cpu.pb.gz");
	} else if (strcmp(path, "/slowlater") == 0)
		send_file(fd, "cpu.pb.gz"); else if (strcmp(path, "/status/404") == 0)
		send_text(fd, "404 Not Found", "text/plain; charset=utf-8",
		    "X-Go-Pprof: 1\r\nX-Content-Type-Options: nosniff\r\n",
		    "Unknown profile\n");
	else if (strcmp(path, "/status/500") == 0)
		send_text(fd, "500 Internal Server Error",
		    "text/plain; charset=utf-8", "X-Go-Pprof: 1\r\n",
		    "Could not enable CPU profiling: cpu profiling already "
		    "in use\n");
	else if (strcmp(path, "/status/502") == 0)
		send_text(fd, "502 Bad Gateway", "text/html", "",
		    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
		    "<body>bad gateway</body></html>\r\n");
	else if (strcmp(path, "/garbage") == 0)
		send_garbage(fd);
	else if (strcmp(path, "/html") == 0)
		send_text(fd, "200 OK", "text/html; charset=utf-8", "",
		    "<!DOCTYPE html>\n<html><head><title>/debug/pprof/</title>"
		    "</head><body>profiles</body></html>\n");
	else if (strcmp(path, "/trace") == 0) {
		static const char trace[] = "go 1.19 trace\0\0\0\0"
		    "\x01\x02\x03\x04\x05\x06\x07\x08";

		if (send_head(fd, "200 OK", "application/octet-stream",
		    (long)sizeof trace - 1, "") == 0)
			send_all(fd, trace, sizeof trace - 1);
	} else if (strcmp(path, "/text") == 0)
		send_text(fd, "200 OK", "text/plain; charset=utf-8", "",
		    "goroutine 1 [running]:\nmain.main()\n\t/src/main.go:9 "
		    "+0x1d\n");
	else if (strcmp(path, "/json") == 0)
		send_text(fd, "200 OK", "application/json", "",
		    "{\"samples\": []}\n");
	else if (strcmp(path, "/empty") == 0)
		send_text(fd, "200 OK", "application/octet-stream", "", "");
	else if (strcmp(path, "/big") == 0)
		send_big(fd, 0);
	else if (strcmp(path, "/bigcl") == 0)
		send_big(fd, 1);
	else if (strcmp(path, "/redirect") == 0)
		send_text(fd, "302 Found", "text/plain",
		    "Location: /debug/pprof/heap\r\n", "moved\n");
	else
		send_text(fd, "404 Not Found", "text/plain; charset=utf-8", "",
		    "404 page not found\n");
}

/* Read one request's head and answer it. */
static void
serve(int fd)
{
	char req[MAX_REQUEST + 1], method[16], target[MAX_REQUEST];
	size_t len = 0;
	ssize_t n;
	struct timeval tv = { 5, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	while (len < MAX_REQUEST) {
		if ((n = recv(fd, req + len, MAX_REQUEST - len, 0)) <= 0)
			return;
		len += (size_t)n;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL)
			break;
	}
	req[len] = '\0';
	if (sscanf(req, "%15s %8191s", method, target) != 2) {
		send_text(fd, "400 Bad Request", "text/plain", "",
		    "bad request\n");
		return;
	}
	fprintf(logf, "%s %s\n", method, target);
	fflush(logf);
	route(fd, target);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof sa;
	char tmp[4096];
	FILE *f;
	int lfd, fd, lifetime = 120, i;

	if (argc < 4) {
		fprintf(stderr, "usage: httpd PORTFILE LOGFILE DATADIR "
		    "[LIFETIME]\n");
		return 2;
	}
	datadir = argv[3];
	if (argc > 4 && atoi(argv[4]) > 0)
		lifetime = atoi(argv[4]);
	deadline = time(NULL) + lifetime;
	/* the end, whatever the server is doing */
	alarm((unsigned)lifetime);
	signal(SIGPIPE, SIG_IGN);
	if ((logf = fopen(argv[2], "a")) == NULL)
		die(argv[2]);
	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		die("socket");
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) == -1)
		die("bind");
	if (listen(lfd, 16) == -1)
		die("listen");
	if (getsockname(lfd, (struct sockaddr *)&sa, &salen) == -1)
		die("getsockname");
	snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
	if ((f = fopen(tmp, "w")) == NULL)
		die(tmp);
	fprintf(f, "%d\n", ntohs(sa.sin_port));
	if (fclose(f) != 0 || rename(tmp, argv[1]) == -1)
		die(argv[1]);
	for (i = 0; i < MAX_REQUESTS; i++) {
		if ((fd = accept(lfd, NULL, NULL)) == -1) {
			if (errno == EINTR)
				continue;
			die("accept");
		}
		serve(fd);
		close(fd);
	}
	return 0;
}
