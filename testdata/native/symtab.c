/*
 * symtab.c: a program for the symbol-table-only case: built without -g,
 * stripped, its .symtab kept apart in symtab.debug (no DWARF), which
 * alone names its static functions and the assembly label spin_asm (a
 * symbol of no type, as ld.so's _start is).
 */
#include <stdlib.h>

static volatile long sink;

static long
work(long n)
{
	long s = 0, i;

	for (i = 0; i < n; i++)
		s += i % 7;
	return s;
}

static long
twice(long n)
{
	return work(n) + work(n / 2);
}

__asm__(".text\n"
    "spin_asm:\n"
    "\tnop\n"
    "\tnop\n"
    "\tret\n");

void	spin_asm(void);

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;

	(void)argv;
	spin_asm();
	sink = twice(n);
	return 0;
}
