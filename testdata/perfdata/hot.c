/*
 * hot.c: a CPU-bound program for the perf.data tests (regen.sh): main
 * calls work, which splits its time between two leaves in a known
 * proportion, one of them through mid, and a recursive function.
 */
#include <stdio.h>
#include <stdlib.h>

static volatile unsigned long sink;

__attribute__((noinline)) static void
leaf_a(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		sink += i * i;
}

__attribute__((noinline)) static void
leaf_b(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		sink += i ^ (i >> 3);
}

__attribute__((noinline)) static void
mid(unsigned long n)
{
	leaf_b(n);
	sink++;
}

__attribute__((noinline)) static unsigned long
recurse(int depth, unsigned long n)
{
	if (depth == 0) {
		leaf_a(n);
		return 1;
	}
	return recurse(depth - 1, n) + 1;
}

__attribute__((noinline)) static void
work(unsigned long n)
{
	leaf_a(3 * n);
	mid(2 * n);
	recurse(3, n);
}

int
main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 20;
	long r;

	for (r = 0; r < rounds; r++)
		work(1000000);
	printf("%lu\n", sink % 2);
	return 0;
}
