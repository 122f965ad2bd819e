/* libsq.c: the shared library of usesq.c (perf.data tests, regen.sh). */
static volatile unsigned long lib_sink;

__attribute__((noinline)) static void
sq_inner(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		lib_sink += i * i;
}

void
sq_work(unsigned long n)
{
	sq_inner(n);
}
