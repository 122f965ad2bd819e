/*
 * prog.c: a C program for cpv's symbolization tests, built -O0 -g (one
 * copy non-PIE, one PIE, one stripped with its debug info apart).
 * Three call paths spend CPU in known proportions; one goes through
 * libshape.so.
 */
#include <stdio.h>
#include <stdlib.h>

#include "shape.h"

static volatile double sink;

static double
leaf(long n)
{
	double s = 0;
	long i;

	for (i = 0; i < n; i++)
		s += (double)(i % 7) * 1.5;
	return s;
}

static void
alpha(long n)
{
	sink += leaf(n);
}

static void
beta(long n)
{
	sink += leaf(n / 2);
	sink += leaf(n / 2);
}

int
main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 200;
	long r;

	for (r = 0; r < rounds; r++) {
		alpha(400000);
		beta(800000);
		sink += shape_area(300000);
	}
	printf("%g\n", sink);
	return 0;
}
