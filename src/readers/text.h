/*
 * text.h: helpers the text readers share (src/readers/), private to them.
 */
#ifndef CPV_READERS_TEXT_H
#define CPV_READERS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A cursor over lines of text: [p, end) left, line numbers from 1. */
struct text_lines {
	const char	*p;
	const char	*end;
	size_t		 lineno;
};

/*
 * The next line (without its "\n" or "\r\n") in *line and *len; false at
 * the end of the text.
 */
static inline bool
text_next_line(struct text_lines *t, const char **line, size_t *len)
{
	const char *nl;
	size_t n;

	if (t->p >= t->end)
		return false;
	nl = memchr(t->p, '\n', (size_t)(t->end - t->p));
	n = nl != NULL ? (size_t)(nl - t->p) : (size_t)(t->end - t->p);
	*line = t->p;
	t->p += n + (nl != NULL);
	if (n > 0 && (*line)[n - 1] == '\r')
		n--;
	*len = n;
	t->lineno++;
	return true;
}

static inline bool
text_is_space(char c)
{
	return c == ' ' || c == '\t';
}

static inline bool
text_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

#endif
