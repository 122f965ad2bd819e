/*
 * inl.c: a C program built -O2 -g whose helpers are inlined: cpv must
 * show the inlined frames (with their call sites) as separate lines.
 */
#include <stdio.h>
#include <stdlib.h>

static volatile double sink;

static inline __attribute__((always_inline)) double
mix(double x, long i)
{
	return x * 1.000001 + (double)(i & 15);
}

static inline __attribute__((always_inline)) double
inner(long n)
{
	double s = 0;
	long i;

	for (i = 0; i < n; i++)
		s = mix(s, i);
	return s;
}

static __attribute__((noinline)) double
outer(long n)
{
	return inner(n) + inner(n / 3);
}

int
main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 300;
	long r;

	for (r = 0; r < rounds; r++)
		sink += outer(1000000 + r);
	printf("%g\n", sink);
	return 0;
}
