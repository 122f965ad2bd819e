/*
 * cancel.h: letting the user stop long work.
 *
 * A front end that can take a key while the engine works (the viewer's
 * Esc) installs a hook; the engine calls cancel_poll() between the stages
 * of a long build and every few thousand items inside one, and gives up
 * with the error "interrupted" when it returns true.  Which builds can be
 * interrupted is said where they are declared (query_new(),
 * query_build_graph(), query_ctree_new(), query_list_build()).  Without a hook nothing is ever
 * interrupted and cancel_poll() costs a test.
 */
#ifndef CPV_CANCEL_H
#define CPV_CANCEL_H

#include <stdbool.h>

/* Install fn (NULL: none); it returns true to stop the work. */
void	cancel_set_hook(bool (*fn)(void *arg), void *arg);

/*
 * Whether to stop.  Cheap enough for inner loops: the hook itself is
 * asked at most once every CANCEL_EVERY calls.  Once it said true, every
 * later call says true until the hook is set again.
 */
#define CANCEL_EVERY	4096
bool	cancel_poll(void);
/* Ask the hook now (between stages). */
bool	cancel_now(void);
/* Whether the hook has said stop, without asking it. */
bool	cancel_requested(void);

#endif
