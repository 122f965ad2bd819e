/*
 * tui.h: the ncurses viewer (src/ui/), as the command line starts it.
 *
 * This is the UI's only public entry: the rest of it, and curses, stay in
 * src/ui/.
 */
#ifndef CPV_TUI_H
#define CPV_TUI_H

struct load_request;
struct options;
struct profile;

/*
 * Run the viewer on p (taken: the viewer frees it) with the command
 * line's options; r says how to load it again (`r`).  Standard output
 * must be a terminal; keys come from standard input, or from /dev/tty
 * when the profile was read from standard input.  Returns the exit
 * status: 0, 130 after SIGINT, SIGTERM or SIGHUP, 1 on an error (said on
 * stderr once the terminal is restored).
 */
int	tui_run(struct profile *p, const struct options *,
	    const struct load_request *r);

#endif
