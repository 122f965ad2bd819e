/*
 * input.c: reading untrusted input whatever its format: files and stdin
 * under a size limit, gunzip under limits, the limits and their parsing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "input.h"
#include "xmalloc.h"

int
input_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end != '\0' || (shift > 0 && v > (UINT64_MAX >> shift)))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

static uint64_t
input_env_size(const char *name, uint64_t def)
{
	uint64_t v;

	if (input_parse_size(getenv(name), &v) == -1)
		return def;
	return v;
}

void
input_limits_default(struct input_limits *l)
{
	l->max_input = input_env_size("CPV_MAX_INPUT", 4ULL << 30);
	l->max_inflated = input_env_size("CPV_MAX_INFLATED", 4ULL << 30);
	l->max_ratio = input_env_size("CPV_MAX_RATIO", 64);
	l->unwind_sym = NULL;
}

int
input_read_all(const char *path, uint64_t max, unsigned char **bufp,
    size_t *lenp, char **cause)
{
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) == -1) {
		*cause = xasprintf("cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			*cause = xstrdup("is a directory");
			goto fail;
		}
		if (S_ISREG(st.st_mode) && st.st_size > 0) {
			if ((uint64_t)st.st_size > max) {
				*cause = xasprintf("file is larger than the "
				    "%llu byte limit (raise with -max_input or "
				    "CPV_MAX_INPUT)",
				    (unsigned long long)max);
				goto fail;
			}
			cap = (size_t)st.st_size + 1;
			buf = xmalloc(cap);
		}
	}
	for (;;) {
		if (len == cap) {
			if (cap >= max + 1) {
				*cause = xasprintf("input is larger than the "
				    "%llu byte limit (raise with -max_input or "
				    "CPV_MAX_INPUT)",
				    (unsigned long long)max);
				goto fail;
			}
			cap = cap ? cap * 2 : 65536;
			if (cap > max + 1)
				cap = (size_t)max + 1;
			buf = xreallocarray(buf, cap, 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("read error: %s", strerror(errno));
			goto fail;
		}
		len += (size_t)n;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	*bufp = buf;
	*lenp = len;
	return 0;
fail:
	free(buf);
	if (fd != STDIN_FILENO)
		close(fd);
	return -1;
}

int
input_gunzip(const unsigned char *in, size_t inlen,
    const struct input_limits *limits, unsigned char **outp, size_t *outlenp,
    char **cause)
{
	uint64_t max = limits->max_inflated, used;
	z_stream zs;
	unsigned char *out = NULL;
	size_t cap = 0, len = 0;
	int rc;

	if (inlen < 2 || in[0] != 0x1f || in[1] != 0x8b) {
		*outp = (unsigned char *)in;
		*outlenp = inlen;
		return 0;
	}
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		*cause = xstrdup("gzip: cannot initialise zlib");
		return -1;
	}
	zs.next_in = (unsigned char *)in;
	zs.avail_in = 0;
	for (;;) {
		if (zs.avail_in == 0) {
			size_t left = inlen - (size_t)(zs.next_in - in);
			zs.avail_in = left > (1U << 30) ? (1U << 30) : (uInt)left;
		}
		if (len == cap) {
			if (cap >= max) {
				*cause = xasprintf("gzip: decompressed size "
				    "exceeds the %llu byte limit (raise with "
				    "-max_inflated or CPV_MAX_INFLATED)",
				    (unsigned long long)max);
				goto fail;
			}
			if (cap == 0) {
				/*
				 * The last member's trailer holds its size
				 * mod 2^32: a good first guess for the
				 * usual single-member file, bounded by the
				 * largest ratio deflate reaches.
				 */
				uint64_t isize = 0;

				/* (18 bytes: the smallest gzip member) */
				if (inlen >= 18)
					isize = (uint64_t)in[inlen - 4] |
					    (uint64_t)in[inlen - 3] << 8 |
					    (uint64_t)in[inlen - 2] << 16 |
					    (uint64_t)in[inlen - 1] << 24;
				cap = inlen * 4 + 4096;
				if (isize > 0 && isize / 1032 <= inlen)
					cap = (size_t)isize + 1;
				/* The trailer may lie: trust the ratio. */
				if (limits->max_ratio > 0 && cap >
				    limits->max_ratio * inlen +
				    INPUT_RATIO_SLACK)
					cap = (size_t)(limits->max_ratio *
					    inlen + INPUT_RATIO_SLACK);
			} else
				cap = cap + cap / 2;
			if (cap > max)
				cap = (size_t)max;
			out = xreallocarray(out, cap, 1);
		}
		/* In steps, so that the ratio is checked as data comes. */
		zs.next_out = out + len;
		zs.avail_out = (uInt)((cap - len) > (16U << 20) ? (16U << 20) :
		    cap - len);
		rc = inflate(&zs, Z_NO_FLUSH);
		len = (size_t)(zs.next_out - out);
		used = (uint64_t)(zs.next_in - in);
		if (limits->max_ratio > 0 && len > INPUT_RATIO_SLACK &&
		    (len - INPUT_RATIO_SLACK) / limits->max_ratio > used) {
			*cause = xasprintf("gzip: data inflates more than "
			    "%llu times (%zu bytes from %llu): a decompression "
			    "bomb? (raise with -max_ratio or CPV_MAX_RATIO)",
			    (unsigned long long)limits->max_ratio, len,
			    (unsigned long long)used);
			goto fail;
		}
		if (rc == Z_STREAM_END) {
			size_t used = (size_t)(zs.next_in - in);

			/* Concatenated members are read as one stream. */
			if (used + 2 <= inlen && in[used] == 0x1f &&
			    in[used + 1] == 0x8b) {
				inflateReset(&zs);
				continue;
			}
			break;
		}
		if (rc == Z_BUF_ERROR && zs.avail_in == 0 &&
		    (size_t)(zs.next_in - in) == inlen) {
			*cause = xstrdup("gzip: unexpected end of data "
			    "(truncated file)");
			goto fail;
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			*cause = xasprintf("gzip: %s at byte %zu of the "
			    "compressed data", zs.msg ? zs.msg :
			    "corrupt data", (size_t)(zs.next_in - in));
			goto fail;
		}
	}
	inflateEnd(&zs);
	*outp = out;
	*outlenp = len;
	return 0;
fail:
	inflateEnd(&zs);
	free(out);
	return -1;
}
