/*
 * strbuf.h: growable NUL-terminated byte strings (after git's strbuf).
 *
 * A strbuf owns its buffer; buf is always valid and NUL-terminated, even
 * when empty.  Initialise with STRBUF_INIT or strbuf_init(), release with
 * strbuf_release().
 */
#ifndef CPV_STRBUF_H
#define CPV_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct strbuf {
	char	*buf;	/* owned, or strbuf_empty when alloc == 0 */
	size_t	 len;
	size_t	 alloc;
	/*
	 * Optional, for output written as it goes: strbuf_flush() hands the
	 * contents to flush(flush_arg, buf, len), which returns -1 on a write
	 * error (and remembers it), and empties the buffer either way.
	 * strbuf_init(), strbuf_release() and strbuf_detach() clear it.
	 */
	int	(*flush)(void *arg, const char *buf, size_t len);
	void	*flush_arg;
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0, NULL, NULL }
#define STRBUF_FLUSH_MIN	(256 * 1024)

void	 strbuf_init(struct strbuf *);
void	 strbuf_release(struct strbuf *);
void	 strbuf_reset(struct strbuf *);
void	 strbuf_grow(struct strbuf *, size_t);
void	 strbuf_addstr(struct strbuf *, const char *);
void	 strbuf_addf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 strbuf_vaddf(struct strbuf *, const char *, va_list);
/* Right-align s in a field of width (no truncation, like printf %*s). */
void	 strbuf_addpad(struct strbuf *, const char *, int width);
/*
 * With a flush hook, and at least STRBUF_FLUSH_MIN bytes held (or any,
 * with force): hand the contents over and empty sb.  A report calls it
 * only where it can no longer fail, so that a failure still leaves no
 * partial output.  Returns -1 if the hook failed, else 0.
 */
int	 strbuf_flush(struct strbuf *, int force);
/* Detach the buffer: the caller owns the returned string. */
char	*strbuf_detach(struct strbuf *, size_t *);

/* Inline: reports add millions of short strings. */
static inline void
strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (sb->alloc == 0 || sb->alloc - sb->len <= len)
		strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

static inline void
strbuf_addch(struct strbuf *sb, int c)
{
	if (sb->alloc == 0 || sb->alloc - sb->len <= 1)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

#endif
