/* strbuf.c: growable strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xmalloc.h"

char strbuf_empty[1];

void
strbuf_init(struct strbuf *sb)
{
	sb->buf = strbuf_empty;
	sb->len = sb->alloc = 0;
	sb->flush = NULL;
	sb->flush_arg = NULL;
}

int
strbuf_flush(struct strbuf *sb, int force)
{
	int rc;

	if (sb->flush == NULL || sb->len == 0 ||
	    (!force && sb->len < STRBUF_FLUSH_MIN))
		return 0;
	rc = sb->flush(sb->flush_arg, sb->buf, sb->len);
	strbuf_reset(sb);
	return rc;
}

void
strbuf_release(struct strbuf *sb)
{
	if (sb->alloc != 0)
		free(sb->buf);
	strbuf_init(sb);
}

void
strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc != 0)
		sb->buf[0] = '\0';
}

void
strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need, n;

	need = sb->len + extra + 1;
	if (need < extra)
		fatal("string too long");
	if (need <= sb->alloc)
		return;
	n = sb->alloc ? sb->alloc : 64;
	while (n < need)
		n *= 2;
	if (sb->alloc == 0) {
		sb->buf = xmalloc(n);
		sb->buf[0] = '\0';
	} else
		sb->buf = xreallocarray(sb->buf, n, 1);
	sb->alloc = n;
}

void
strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void
strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0,
	    fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("bad format string");
	if (sb->alloc == 0 || (size_t)n >= sb->alloc - sb->len) {
		strbuf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void
strbuf_addpad(struct strbuf *sb, const char *s, int width)
{
	size_t len = strlen(s), pad;

	pad = width > 0 && (size_t)width > len ? (size_t)width - len : 0;
	strbuf_grow(sb, pad + len);
	memset(sb->buf + sb->len, ' ', pad);
	memcpy(sb->buf + sb->len + pad, s, len);
	sb->len += pad + len;
	sb->buf[sb->len] = '\0';
}

char *
strbuf_detach(struct strbuf *sb, size_t *lenp)
{
	char *p;

	if (sb->alloc == 0)
		strbuf_grow(sb, 0);
	p = sb->buf;
	if (lenp != NULL)
		*lenp = sb->len;
	strbuf_init(sb);
	return p;
}
