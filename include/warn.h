/*
 * warn.h: the library's warnings, sent to the front end.
 *
 * The library never writes to stdout or stderr.  What pprof prints as a
 * warning on the way ("Focus expression matched no samples", "Main binary
 * filename not available.") goes through warn_printf() to one hook that
 * the front end installs: the command line and the shell print each
 * message on stderr followed by a newline, exactly as pprof does; the TUI
 * shows them on its status line.  Without a hook, warnings are dropped.
 *
 * A message is one line without its newline.  Strings from a profile in it
 * must already be made safe with vis (vis.h).
 */
#ifndef CPV_WARN_H
#define CPV_WARN_H

/* Install fn (NULL: drop warnings); it gets arg and the message. */
void	warn_set_hook(void (*fn)(void *arg, const char *msg), void *arg);

/* Send one formatted message to the hook. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void	warn_printf(const char *fmt, ...);

#endif
