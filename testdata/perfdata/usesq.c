/*
 * usesq.c: a program whose time is split between its own code and
 * libsq.so (perf.data tests, regen.sh): addresses in a shared library
 * mapped where the loader chose.
 */
#include <stdio.h>
#include <stdlib.h>

void	sq_work(unsigned long);

static volatile unsigned long sink;

__attribute__((noinline)) static void
own_work(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		sink += i ^ 7;
}

int
main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 20;
	long r;

	for (r = 0; r < rounds; r++) {
		own_work(1000000);
		sq_work(2000000);
	}
	printf("%lu\n", sink % 2);
	return 0;
}
