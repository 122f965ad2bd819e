/* cancel.c: the hook through which a front end stops long work. */
#include <stddef.h>

#include "cancel.h"

static bool	(*cancel_hook)(void *);
static void	*cancel_arg;
static unsigned	 cancel_count;
static bool	 cancel_done;

void
cancel_set_hook(bool (*fn)(void *), void *arg)
{
	cancel_hook = fn;
	cancel_arg = arg;
	cancel_count = 0;
	cancel_done = false;
}

bool
cancel_now(void)
{
	if (cancel_hook == NULL)
		return false;
	if (!cancel_done && cancel_hook(cancel_arg))
		cancel_done = true;
	return cancel_done;
}

bool
cancel_poll(void)
{
	if (cancel_hook == NULL)
		return false;
	if (++cancel_count % CANCEL_EVERY != 0)
		return cancel_done;
	return cancel_now();
}

bool
cancel_requested(void)
{
	return cancel_hook != NULL && cancel_done;
}
