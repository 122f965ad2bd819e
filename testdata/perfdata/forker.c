/*
 * forker.c: a parent that forks a child, each burning CPU in its own
 * function (perf.data tests, regen.sh): a FORK record for a new
 * process, whose maps are its parent's copies, and pid labels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile unsigned long sink;

__attribute__((noinline)) static void
burn(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		sink += i * 5;
}

__attribute__((noinline)) static void
child_work(long rounds)
{
	long r;

	for (r = 0; r < rounds; r++)
		burn(2000000);
}

__attribute__((noinline)) static void
parent_work(long rounds)
{
	long r;

	for (r = 0; r < rounds; r++)
		burn(1000000);
}

int
main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 20;
	pid_t pid;

	if ((pid = fork()) == 0) {
		child_work(rounds);
		_exit(0);
	}
	parent_work(rounds);
	waitpid(pid, NULL, 0);
	printf("%lu\n", sink % 2);
	return 0;
}
