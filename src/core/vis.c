/* vis.c: escape control characters and invalid UTF-8 for display. */
#include <stdbool.h>
#include <string.h>

#include "strbuf.h"
#include "vis.h"

size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * Length of the valid UTF-8 sequence at s (2..4) that is not a C1
 * control (U+0080..U+009F, e.g. an 8-bit CSI), or 0.  s[0] >= 0x80.
 */
static size_t
vis_utf8_len(const unsigned char *s, size_t n)
{
	size_t len = utf8_seq_len(s, n);

	if (len == 2 && s[0] == 0xc2 && s[1] <= 0x9f)
		return 0;
	return len;
}

/*
 * Characters that are valid and printable but hide or reorder text: the
 * bidirectional embeddings, overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069, "Trojan Source") and the zero-width ones (U+200B..U+200F,
 * U+2060, U+FEFF), with which two names can look alike.
 */
static bool
vis_invisible(const unsigned char *s, size_t len)
{
	unsigned int cp;

	if (len != 3)
		return false;
	cp = (s[0] & 0x0fU) << 12 | (s[1] & 0x3fU) << 6 | (s[2] & 0x3fU);
	return (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) ||
	    (cp >= 0x200b && cp <= 0x200f) || cp == 0x2060 || cp == 0xfeff;
}

/*
 * The byte a profile string's C0 pair stands for (profile.h: C0 80 is a
 * NUL, C0 C0 a C0 byte), or -1 if s is no such pair.
 */
static int
vis_c0_pair(const unsigned char *s, size_t n)
{
	if (n < 2 || s[0] != 0xc0)
		return -1;
	return s[1] == 0x80 ? 0 : s[1] == 0xc0 ? 0xc0 : -1;
}

void
vis_add(struct strbuf *sb, const char *str, size_t n, int flags)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, start = 0, len;
	unsigned int c;
	int b;

	while (i < n) {
		c = s[i];
		if (c >= 0x20 && c < 0x7f) {
			i++;
			continue;
		}
		if (c == '\t' && (flags & VIS_TAB)) {
			i++;
			continue;
		}
		if (c >= 0x80 && (len = vis_utf8_len(s + i, n - i)) > 0) {
			if (!vis_invisible(s + i, len)) {
				i += len;
				continue;
			}
			c = (s[i] & 0x0fU) << 12 | (s[i + 1] & 0x3fU) << 6 |
			    (s[i + 2] & 0x3fU);
		} else if ((b = vis_c0_pair(s + i, n - i)) >= 0) {
			c = (unsigned int)b;
			len = 2;
		} else
			len = 1;
		strbuf_add(sb, s + start, i - start);
		if (c > 0xff)
			strbuf_addf(sb, "\\u%04x", c);
		else {
			strbuf_addstr(sb, "\\x");
			strbuf_addch(sb, hex[c >> 4]);
			strbuf_addch(sb, hex[c & 15]);
		}
		i += len;
		start = i;
	}
	strbuf_add(sb, s + start, i - start);
}

void
vis_addstr(struct strbuf *sb, const char *s, int flags)
{
	vis_add(sb, s, strlen(s), flags);
}

/*
 * Characters Go's unicode.IsPrint rejects that pprof users may meet:
 * C1 controls, spaces other than ' ', and format characters.  (Go also
 * escapes unassigned and private-use code points; those pass here.)
 */
static bool
vis_go_unprintable(unsigned int cp)
{
	return cp == 0xa0 || cp == 0xad || cp == 0x61c ||
	    cp == 0x1680 || cp == 0x180e || (cp >= 0x2000 && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x205f && cp <= 0x206f) ||
	    cp == 0x3000 || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}

void
vis_quote(struct strbuf *sb, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	static const char esc[] = "\a\b\f\n\r\t\v", letter[] = "abfnrtv";
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0, len, k;
	unsigned int cp;
	const char *e;
	int c;

	strbuf_addch(sb, '"');
	while (i < n) {
		if (s[i] == '"' || s[i] == '\\') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, s[i++]);
		} else if (s[i] >= 0x20 && s[i] < 0x7f)
			strbuf_addch(sb, s[i++]);
		else if (s[i] != 0 && (e = strchr(esc, s[i])) != NULL) {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, letter[e - esc]);
			i++;
		} else if ((c = vis_c0_pair(s + i, n - i)) >= 0) {
			strbuf_addstr(sb, "\\x");
			strbuf_addch(sb, hex[c >> 4]);
			strbuf_addch(sb, hex[c & 15]);
			i += 2;
		} else if (s[i] == 0xc2 && i + 1 < n &&
		    s[i + 1] >= 0x80 && s[i + 1] <= 0x9f) {
			/* C1 controls, which vis_utf8_len() rejects */
			strbuf_addf(sb, "\\u%04x", (unsigned int)s[i + 1]);
			i += 2;
		} else if (s[i] >= 0x80 &&
		    (len = vis_utf8_len(s + i, n - i)) > 0) {
			cp = s[i] & (0x7f >> len);
			for (k = 1; k < len; k++)
				cp = (cp << 6) | (s[i + k] & 0x3f);
			if (vis_go_unprintable(cp))
				strbuf_addf(sb, "\\u%04x", cp);
			else
				strbuf_add(sb, s + i, len);
			i += len;
		} else {
			strbuf_addstr(sb, "\\x");
			strbuf_addch(sb, hex[s[i] >> 4]);
			strbuf_addch(sb, hex[s[i] & 15]);
			i++;
		}
	}
	strbuf_addch(sb, '"');
}
