/*
 * fuzz_shell.c: the command shell (pprof's interactive commands, as in
 * "cpv profile < commands"), with the input as the commands, on the fixed
 * profile merged as main.c merges it for the shell.  Everything the
 * shell writes to its output (prompts and reports) must be safe text.
 *
 * The shell writes files: lines that name one (a '>' redirection, the
 * output option) are dropped, reports that pprof writes to profileNNN
 * files land in a scratch directory emptied after each input, and PATH
 * points nowhere, so that -svg, -png and -pdf find no Graphviz to run.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "options.h"
#include "profile.h"
#include "shell.h"
#include "strbuf.h"
#include "xmalloc.h"

static char scratch[] = "/tmp/cpv-fuzz-shell-XXXXXX";

static void
scratch_empty(void)
{
	DIR *d;
	struct dirent *e;
	int fd;

	if ((fd = open(scratch, O_RDONLY | O_DIRECTORY)) == -1 ||
	    (d = fdopendir(fd)) == NULL)
		fatal("%s: cannot open", scratch);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' || (e->d_name[1] != '\0' &&
		    (e->d_name[1] != '.' || e->d_name[2] != '\0')))
			unlinkat(fd, e->d_name, 0);
	closedir(d);
}

static void
scratch_remove(void)
{
	scratch_empty();
	rmdir(scratch);
}

/* The profile the shell gets, and the sandbox, made once. */
static struct profile *
shell_profile(void)
{
	static struct profile *merged;
	struct profile *p = (struct profile *)fuzz_fixed_profile();
	char *cause = NULL;

	if (merged != NULL)
		return merged;
	if ((merged = profile_merge(&p, 1, &cause)) == NULL)
		fatal("fuzz: merging the fixed profile: %s", cause);
	if (mkdtemp(scratch) == NULL)
		fatal("fuzz: cannot make %s", scratch);
	atexit(scratch_remove);
	if (setenv("PATH", "/nonexistent", 1) == -1)
		fatal("fuzz: setenv failed");
	return merged;
}

static bool
has_output(const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 0; i + 6 <= n; i++)
		if (memcmp(s + i, "output", 6) == 0)
			return true;
	return false;
}

/* The commands, less the lines that could write a file elsewhere. */
static char *
safe_commands(const uint8_t *data, size_t size, size_t *len)
{
	char *out = xmalloc(size + 1);
	const uint8_t *line = data, *nl, *end = data + size;
	size_t n = 0, ll;

	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		ll = nl != NULL ? (size_t)(nl - line) + 1 : (size_t)(end - line);
		if (memchr(line, '>', ll) == NULL && !has_output(line, ll)) {
			memcpy(out + n, line, ll);
			n += ll;
		}
		line += ll;
	}
	*len = n;
	return out;
}

FUZZ_TARGET(shell)
{
	struct profile *p = shell_profile();
	struct options o;
	FILE *in, *out;
	char *cmds, *text = NULL;
	size_t len, textlen = 0;
	int cwd;

	cmds = safe_commands(data, size, &len);
	if ((in = len > 0 ? fmemopen(cmds, len, "r") :
	    fopen("/dev/null", "r")) == NULL ||
	    (out = open_memstream(&text, &textlen)) == NULL)
		fatal("fuzz: cannot open the shell's streams");
	if ((cwd = open(".", O_RDONLY | O_DIRECTORY)) == -1 ||
	    chdir(scratch) == -1)
		fatal("fuzz: cannot enter %s", scratch);
	options_init(&o);
	shell_run(p, &o, in, out);
	options_release(&o);
	if (fchdir(cwd) == -1)
		fatal("fuzz: cannot leave %s", scratch);
	close(cwd);
	scratch_empty();
	fclose(in);
	fclose(out);
	FUZZ_ASSERT(fuzz_text_is_safe(text, textlen,
	    FUZZ_TEXT_NL | FUZZ_TEXT_TAB));
	free(text);
	free(cmds);
	return 0;
}
