// heapsample.cc: writes tcmalloc's sampled heap profile (the heap_v2
// format that /pprof/heap handlers serve) for cpv's tests: a few
// allocations of known sizes on two call paths, kept alive while the
// sample is taken.
#include <gperftools/malloc_extension.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

static std::vector<void *> keep;

__attribute__((noinline)) static void
small_blocks(int n)
{
	for (int i = 0; i < n; i++)
		keep.push_back(malloc(4096));
}

__attribute__((noinline)) static void
big_blocks(int n)
{
	for (int i = 0; i < n; i++)
		keep.push_back(malloc(1 << 20));
}

int
main(int argc, char **argv)
{
	std::string s;

	small_blocks(2000);
	big_blocks(40);
	MallocExtension::instance()->GetHeapSample(&s);
	if (argc > 1) {
		FILE *f = fopen(argv[1], "w");

		if (f == nullptr || fwrite(s.data(), 1, s.size(), f) != s.size())
			return 1;
		fclose(f);
	}
	for (void *p : keep)
		free(p);
	return 0;
}
