/*
 * cxx.cc: a C++ program for the perf.data tests (regen.sh).  A class
 * template in a namespace, instantiated for int and long (two functions
 * whose names differ only in their template arguments), both hot, and a
 * hot helper that -O2 inlines into its caller (perf charges the helper's
 * time to the caller in --no-children; pprof to the helper unless
 * -noinlines).
 */
#include <cstdlib>

namespace store {

static volatile unsigned long sink;

template <typename T> class Cache {
public:
	__attribute__((noinline)) T lookup(unsigned long n);
};

template <typename T> T
Cache<T>::lookup(unsigned long n)
{
	T acc = 0;

	for (unsigned long i = 0; i < n; i++) {
		acc += static_cast<T>(i * i);
		sink = static_cast<unsigned long>(acc);
	}
	return acc;
}

/* Explicit instantiations: external, so not cloned (".isra") by -O2. */
template class Cache<int>;
template class Cache<long>;

/* Inlined into mix (always_inline so that it is, whatever the heuristics). */
static inline __attribute__((always_inline)) unsigned long
spin(unsigned long n)
{
	unsigned long i, x = 0;

	for (i = 0; i < n; i++) {
		x += i ^ (i >> 3);
		sink = x;
	}
	return x;
}

__attribute__((noinline)) unsigned long
mix(unsigned long n)
{
	unsigned long x = spin(n);

	for (unsigned long i = 0; i < n / 2; i++)
		sink = x + i;
	return x;
}

} // namespace store

int
main(int argc, char **argv)
{
	long rounds = argc > 1 ? std::atol(argv[1]) : 100;
	store::Cache<int> ci;
	store::Cache<long> cl;

	for (long r = 0; r < rounds; r++) {
		ci.lookup(1000000);
		cl.lookup(2000000);
		store::mix(1500000);
	}
	return 0;
}
