/* cancel.c: the hook through which a front end stops long work. */
#include <stddef.h>

#include "cancel.h"

static bool	(*cancel_hook)(void *);
static void	*cancel_arg;
static unsigned	 cancel_count;
/* read by the engine's second thread too (cancel_requested()) */
static bool	 cancel_done;

void
cancel_set_hook(bool (*fn)(void *), void *arg)
{
	cancel_hook = fn;
	cancel_arg = arg;
	cancel_count = 0;
	__atomic_store_n(&cancel_done, false, __ATOMIC_RELAXED);
}

bool
cancel_now(void)
{
	if (cancel_hook == NULL)
		return false;
	if (!cancel_requested() && cancel_hook(cancel_arg))
		__atomic_store_n(&cancel_done, true, __ATOMIC_RELAXED);
	return cancel_requested();
}

bool
cancel_poll(void)
{
	if (cancel_hook == NULL)
		return false;
	if (++cancel_count % CANCEL_EVERY != 0)
		return cancel_requested();
	return cancel_now();
}

bool
cancel_requested(void)
{
	return cancel_hook != NULL &&
	    __atomic_load_n(&cancel_done, __ATOMIC_RELAXED);
}
