// cxx.cc: C++ for cpv's demangling tests: namespaces, a class template,
// a function template and a lambda, built -O1 -g.
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace geo {

template <typename T>
class Grid {
public:
	explicit Grid(int n) : cells(n) {}
	__attribute__((noinline)) T sum(int rounds) const;
private:
	std::vector<T> cells;
};

template <typename T>
T
Grid<T>::sum(int rounds) const
{
	T s = 0;
	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < cells.size(); i++)
			s += cells[i] * (T)(i % 5) + (T)r;
	return s;
}

template <typename T>
__attribute__((noinline)) T
scale(T x, int n)
{
	for (int i = 0; i < n; i++)
		x = x * (T)1.0000001 + (T)(i & 3);
	return x;
}

}  // namespace geo

static volatile double sink;

int
main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 40;
	geo::Grid<double> g(100000);
	geo::Grid<long> h(100000);
	auto work = [&](int k) __attribute__((noinline)) {
		double s = 0;
		for (int i = 0; i < k * 100000; i++)
			s += (double)(i % 11);
		return s;
	};

	for (int r = 0; r < rounds; r++) {
		sink += g.sum(10);
		sink += (double)h.sum(5);
		sink += geo::scale<double>(1.0, 1000000);
		sink += work(10);
	}
	std::printf("%g\n", sink);
	return 0;
}
