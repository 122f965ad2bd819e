/*
 * driver.c: run fuzz targets on saved inputs, without libFuzzer.
 *
 *	fuzz-replay                      every target on every committed input
 *	fuzz-replay TARGET PATH ...      one target on these files or dirs
 *
 * With no arguments it runs each target of targets.def over the files of
 * corpus/TARGET/ (which must exist: every target has seeds) and
 * regress/TARGET/, in name order, in $top_srcdir/tests/fuzz (make check
 * sets top_srcdir; by hand, run it from the top of the source tree).  Each input
 * runs in a child process with standard output and error on /dev/null
 * (sanitizer reports still reach the original standard error) and an
 * alarm of $FUZZ_TIMEOUT seconds (default 10): a crash, an abort, a
 * sanitizer report, a leak (LeakSanitizer runs as the child exits), a
 * non-zero exit or a timeout is a failure of that input alone.
 *
 * Prints "PASS: fuzz TARGET FILE" or "FAIL: ..." per input, then "N passed,
 * M failed"; exits 1 if an input failed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"
#include "pprof.h"
#include "reader.h"
#include "xmalloc.h"

/* From the sanitizer runtime when there is one. */
void	__sanitizer_set_report_fd(void *) __attribute__((weak));

static int npass, nfail;
static unsigned int timeout_s = 10;

static void
result(const char *target, const char *path, const char *why)
{
	if (why == NULL) {
		printf("PASS: fuzz %s %s\n", target, path);
		npass++;
	} else {
		printf("FAIL: fuzz %s %s: %s\n", target, path, why);
		nfail++;
	}
	fflush(stdout);
}

/* Child: run fn on the file's bytes with output silenced. */
static void
run_child(fuzz_fn fn, const unsigned char *buf, size_t len)
{
	int err, null;

	if ((err = dup(STDERR_FILENO)) == -1 ||
	    (null = open("/dev/null", O_WRONLY)) == -1 ||
	    dup2(null, STDOUT_FILENO) == -1 ||
	    dup2(null, STDERR_FILENO) == -1)
		_exit(125);
	close(null);
	if (__sanitizer_set_report_fd != NULL)
		__sanitizer_set_report_fd((void *)(intptr_t)err);
	fuzz_report_fd = err;
	alarm(timeout_s);
	fn(buf, len);
	exit(0);
}

static void
run_file(const struct fuzz_target *t, const char *path)
{
	unsigned char *buf;
	size_t len;
	char *cause = NULL, why[64];
	pid_t pid;
	int status;

	if (input_read_all(path, 1ULL << 30, &buf, &len, &cause) == -1) {
		result(t->name, path, cause);
		free(cause);
		return;
	}
	fflush(stdout);
	if ((pid = fork()) == -1)
		fatal("fork: %s", strerror(errno));
	if (pid == 0)
		run_child(t->fn, buf, len);
	free(buf);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			fatal("waitpid: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		result(t->name, path, NULL);
	else {
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
			snprintf(why, sizeof why, "timeout (%u s)", timeout_s);
		else if (WIFSIGNALED(status))
			snprintf(why, sizeof why, "killed by signal %d",
			    WTERMSIG(status));
		else
			snprintf(why, sizeof why, "exit status %d",
			    WEXITSTATUS(status));
		result(t->name, path, why);
	}
}

static int
skip_name(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* A file, or every file of a directory.  -1 if path cannot be read. */
static int
run_path(const struct fuzz_target *t, const char *path)
{
	struct dirent **names;
	struct stat st;
	char *sub;
	int n, i;

	if (stat(path, &st) == -1)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		run_file(t, path);
		return 0;
	}
	if ((n = scandir(path, &names, skip_name, alphasort)) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		sub = xasprintf("%s%s%s", path, path[strlen(path) - 1] ==
		    '/' ? "" : "/", names[i]->d_name);
		run_path(t, sub);
		free(sub);
		free(names[i]);
	}
	free(names);
	return 0;
}

int
main(int argc, char **argv)
{
	const struct fuzz_target *t;
	const char *top = getenv("top_srcdir"), *s;
	char *dir;
	int i;

	if ((s = getenv("FUZZ_TIMEOUT")) != NULL && atoi(s) > 0)
		timeout_s = (unsigned int)atoi(s);
	if (argc > 1) {
		if ((t = fuzz_find(argv[1])) == NULL || argc < 3) {
			fprintf(stderr, "usage: fuzz-replay [TARGET PATH ...]\n");
			return 2;
		}
		for (i = 2; i < argc; i++)
			if (run_path(t, argv[i]) == -1)
				result(t->name, argv[i], strerror(errno));
	} else {
		if (top == NULL)
			top = ".";
		dir = xasprintf("%s/tests/fuzz", top);
		if (chdir(dir) == -1)
			fatal("%s: %s", dir, strerror(errno));
		free(dir);
		for (t = fuzz_targets; t->name != NULL; t++) {
			dir = xasprintf("corpus/%s", t->name);
			if (run_path(t, dir) == -1)
				result(t->name, dir, "no seed corpus");
			free(dir);
			dir = xasprintf("regress/%s", t->name);
			if (run_path(t, dir) == -1 && errno != ENOENT)
				result(t->name, dir, strerror(errno));
			free(dir);
		}
	}
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail > 0 ? 1 : 0;
}
