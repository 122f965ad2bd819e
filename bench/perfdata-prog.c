/*
 * perfdata-prog.c: the program bench/perfdata.sh records with perf record
 * -g to make a large perf.data: two threads walking a tree of 64
 * functions that call each other along 512 pseudo-random paths, 30 to 90
 * frames deep (each path is fixed by its first seed, as a program's code
 * paths are few), so that the samples have some ten thousand stacks.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;
static double seconds = 10;

typedef void	(*fn_t)(unsigned int, unsigned int);
static fn_t	fns[64];

static void
step(unsigned int depth, unsigned int seed, unsigned int me)
{
	unsigned long i;

	for (i = 0; i < 200 + (seed & 255); i++)
		sink += i ^ me;
	if (depth < 90 && (depth < 30 || (seed & 7) != 0)) {
		seed = seed * 1103515245u + 12345u;
		fns[(seed >> 16) & 63](depth + 1, seed);
	}
}

#define F(n) __attribute__((noinline)) static void \
	f##n(unsigned int d, unsigned int s) { step(d, s, n); sink++; }
#define F8(n) F(n##0) F(n##1) F(n##2) F(n##3) F(n##4) F(n##5) F(n##6) F(n##7)
F8(0) F8(1) F8(2) F8(3) F8(4) F8(5) F8(6) F8(7)
#define R8(n) f##n##0, f##n##1, f##n##2, f##n##3, f##n##4, f##n##5, \
	f##n##6, f##n##7,

static void *
run(void *arg)
{
	struct timespec t0, t;
	unsigned int seed = (unsigned int)(unsigned long)arg;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		seed = seed * 1103515245u + 12345u;
		fns[(seed >> 16) & 63](0, ((seed >> 16) & 255) * 2654435761u);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((double)(t.tv_sec - t0.tv_sec) +
	    (double)(t.tv_nsec - t0.tv_nsec) / 1e9 < seconds);
	return NULL;
}

int
main(int argc, char **argv)
{
	static const fn_t all[64] = { R8(0) R8(1) R8(2) R8(3) R8(4) R8(5)
	    R8(6) R8(7) };
	pthread_t t;
	int i;

	for (i = 0; i < 64; i++)
		fns[i] = all[i];
	if (argc > 1)
		seconds = atof(argv[1]);
	pthread_create(&t, NULL, run, (void *)1UL);
	run((void *)2UL);
	pthread_join(t, NULL);
	printf("%lu\n", sink % 2);
	return 0;
}
