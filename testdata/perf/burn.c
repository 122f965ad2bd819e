/*
 * burn.c: a small CPU-bound program for the perf script test inputs
 * (testdata/perf/regen.sh): main calls two workers with a known split of
 * the work, one of them through a helper, and a recursive one.
 */
#include <stdio.h>
#include <stdlib.h>

static volatile unsigned long sink;

__attribute__((noinline)) static void
spin(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		sink += i * i;
}

__attribute__((noinline)) static void
heavy(void)
{
	spin(300000000UL);
}

__attribute__((noinline)) static void
light(void)
{
	spin(100000000UL);
}

__attribute__((noinline)) static void
helper(void)
{
	light();
}

__attribute__((noinline)) static unsigned long
recurse(int depth)
{
	if (depth == 0) {
		spin(100000000UL);
		return 1;
	}
	return recurse(depth - 1) + 1;
}

int
main(void)
{
	heavy();
	helper();
	printf("%lu\n", recurse(3) + sink % 2);
	return 0;
}
