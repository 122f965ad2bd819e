/* shape.c: the shared library of the native test programs. */
#include "shape.h"

/* A loop the profiler lands in, in libshape.so. */
double
shape_area(int n)
{
	double s = 0;
	int i;

	for (i = 0; i < n; i++)
		s += (double)i * 0.5 / (i + 1);
	return s;
}
