/*
 * vis.h: make untrusted strings safe to print on a terminal.
 *
 * Strings from a profile (function, file, label, comment and mapping
 * names) may carry escape sequences that would drive the user's terminal.
 * vis_add() copies a string into a strbuf with every C0 control byte,
 * DEL, C1 control (U+0080..U+009F) and invalid UTF-8 byte written as
 * \xHH, and a profile string's C0 80 and C0 C0 (profile.h) as \x00 and
 * \xc0.  The bidirectional controls (U+202A..U+202E, U+2066..U+2069) and
 * the zero-width characters (U+200B..U+200F, U+2060, U+FEFF), which hide
 * or reorder text, are written as \uHHHH.  Other printable ASCII and
 * valid UTF-8 pass through unchanged, so ordinary names print exactly as
 * pprof prints them.
 */
#ifndef CPV_VIS_H
#define CPV_VIS_H

#include <stddef.h>

struct strbuf;

enum vis_flags {
	VIS_TAB = (1 << 0),	/* let TAB through (source listings) */
};

void	vis_add(struct strbuf *, const char *, size_t, int flags);
void	vis_addstr(struct strbuf *, const char *, int flags);
/*
 * Go's strconv.Quote (the %q of pprof's messages): s in double quotes,
 * with '"' and '\\' escaped, \a \b \f \n \r \t \v, other control bytes
 * and invalid UTF-8 (and a profile string's C0 80 and C0 C0, the NUL and
 * C0 bytes of profile.h) as \xHH, and C1 controls and the common invisible
 * characters (no-break and other spaces, format characters) as \uHHHH.
 */
void	vis_quote(struct strbuf *, const char *s);

/*
 * Length of the valid UTF-8 sequence at s[0..n) (1..4; 1 for ASCII), or
 * 0 if invalid: overlong, surrogate, beyond U+10FFFF or cut short.
 */
size_t	utf8_seq_len(const unsigned char *s, size_t n);

#endif
