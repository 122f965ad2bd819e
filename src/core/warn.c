/* warn.c: the library's warnings go to one hook the front end sets. */
#include <stdarg.h>
#include <stdlib.h>

#include "warn.h"
#include "xmalloc.h"

static void	(*warn_hook)(void *, const char *);
static void	*warn_arg;

void
warn_set_hook(void (*fn)(void *, const char *), void *arg)
{
	warn_hook = fn;
	warn_arg = arg;
}

void
warn_printf(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (warn_hook == NULL)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	warn_hook(warn_arg, msg);
	free(msg);
}
