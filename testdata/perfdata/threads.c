/*
 * threads.c: two threads besides main, each burning CPU in its own
 * function (perf.data tests, regen.sh): FORK records for threads, and
 * tid labels.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static volatile unsigned long sink;
static long rounds = 20;

__attribute__((noinline)) static void
spin(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		sink += i * 3;
}

__attribute__((noinline)) static void *
reader_thread(void *arg)
{
	long r;

	(void)arg;
	for (r = 0; r < rounds; r++)
		spin(2000000);
	return NULL;
}

__attribute__((noinline)) static void *
writer_thread(void *arg)
{
	long r;

	(void)arg;
	for (r = 0; r < rounds; r++)
		spin(1000000);
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t a, b;

	if (argc > 1)
		rounds = atol(argv[1]);
	pthread_create(&a, NULL, reader_thread, NULL);
	pthread_create(&b, NULL, writer_thread, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("%lu\n", sink % 2);
	return 0;
}
