/* both.c: see both.h. */
#include <pthread.h>
#include <signal.h>
#include <stddef.h>

#include "both.h"

struct both_job {
	void	(*fn)(void *);
	void	 *arg;
};

static void *
both_run(void *arg)
{
	struct both_job *j = arg;

	j->fn(j->arg);
	return NULL;
}

void
run_both(void (*fn)(void *), void *a, void *b)
{
	struct both_job j = { fn, b };
	sigset_t all, old;
	pthread_t t;
	int rc;

	if (b == NULL) {
		fn(a);
		return;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&t, NULL, both_run, &j);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	fn(a);
	if (rc == 0)
		pthread_join(t, NULL);
	else
		fn(b);
}
