/* load.c: read, merge, apply the base, simplify and prune. */
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "fetch.h"
#include "load.h"
#include "pprof.h"
#include "reader.h"
#include "profile.h"
#include "strbuf.h"
#include "symbolize.h"
#include "vis.h"
#include "warn.h"
#include "xmalloc.h"

/* "'name': cause" with the name made safe; frees cause. */
static char *
load_file_error(const char *path, char *cause)
{
	struct strbuf sb = STRBUF_INIT;
	char *msg;

	vis_addstr(&sb, strcmp(path, "-") == 0 ? "(standard input)" : path, 0);
	msg = xasprintf("'%s': %s", sb.buf, cause);
	strbuf_release(&sb);
	free(cause);
	return msg;
}

/*
 * Read the profile of a source that is fetched: from the reply given, or
 * fetched now; then save it, as pprof does, and say where.
 */
static struct profile *
load_fetched(const struct load_request *r, const char *source,
    const struct fetch_reply *given, char **cause)
{
	struct fetch_reply reply;
	const struct fetch_reply *rp = given;
	struct fetch_event ev;
	struct profile *p;
	char *path, *why = NULL;

	if (rp == NULL || rp->url == NULL) {
		if (fetch_get(source, r->fetch, &r->limits, r->fetch_hook,
		    r->fetch_arg, &reply, cause) == -1)
			return NULL;
		rp = &reply;
	}
	if ((p = fetch_parse(rp, &r->limits, cause)) != NULL) {
		if ((path = fetch_save(rp, p, &why)) == NULL) {
			warn_printf("Could not save profile: %s", why);
			free(why);
		} else if (r->fetch_hook != NULL) {
			memset(&ev, 0, sizeof ev);
			ev.kind = FETCH_SAVED;
			ev.url = rp->url;
			ev.path = path;
			r->fetch_hook(r->fetch_arg, &ev);
		}
		free(path);
	}
	if (rp == &reply)
		fetch_reply_release(&reply);
	return p;
}

/*
 * Read paths[0..n), symbolize each (sym: one symbolizer for the whole
 * load, so that binaries are indexed once) and merge them (a single one
 * only if merged).  fetched: replies for paths[i], or NULL.
 */
static struct profile *
load_merge(const struct load_request *r, char *const *paths, size_t n,
    const struct fetch_reply *fetched, bool merged, struct symbolize *sym,
    char **cause)
{
	struct profile **ps, *p = NULL;
	struct input_limits lim = r->limits;
	char *why = NULL;
	size_t i;

	/* perf.data's DWARF chains: unwound with the binaries found here. */
	lim.unwind_sym = sym;

	ps = xcalloc(n, sizeof *ps);
	for (i = 0; i < n; i++) {
		if (strcmp(paths[i], "-") != 0 && fetch_is_source(paths[i]))
			ps[i] = load_fetched(r, paths[i], fetched != NULL ?
			    &fetched[i] : NULL, &why);
		else
			ps[i] = reader_read_file(paths[i], &lim, &why);
		if (ps[i] == NULL) {
			*cause = load_file_error(paths[i], why);
			goto out;
		}
		symbolize_profile(sym, ps[i]);
	}
	if (n == 1 && !merged) {
		p = ps[0];
		ps[0] = NULL;
	} else if ((p = profile_merge(ps, n, &why)) == NULL) {
		*cause = xasprintf("cannot merge profiles: %s", why);
		free(why);
	}
out:
	for (i = 0; i < n; i++)
		profile_free(ps[i]);
	free(ps);
	return p;
}

/*
 * pprof's symbolizer looks at each mapping that locations use and that has
 * no symbols yet; it cannot do anything for the main binary (the first
 * mapping, or the empty one pprof adds to a profile without mappings)
 * when that has no file name, and says so.  cpv does not symbolize yet,
 * but says the same.
 */
static void
load_symbolize_notes(const struct profile *p)
{
	const struct profile_mapping *m = p->nmapping > 0 ? &p->mappings[0] :
	    NULL;
	size_t i;

	if (p->nlocation == 0)
		return;
	if (m != NULL) {
		if (m->file != 0 || (m->flags & (MAPPING_HAS_FUNCTIONS |
		    MAPPING_HAS_FILENAMES | MAPPING_HAS_LINE_NUMBERS)))
			return;
		for (i = 0; i < p->nlocation; i++)
			if (p->locations[i].mapping == 0)
				break;
		if (i == p->nlocation)
			return;
	}
	warn_printf("Main binary filename not available.");
}

struct profile *
load_profile(const struct load_request *r, char **cause)
{
	struct profile *p, *base;
	struct symbolize *sym;
	char *why = NULL;
	bool with_base = r->nbase > 0;

	sym = symbolize_create(&r->symbolize);
	if ((p = load_merge(r, r->paths, r->npaths, r->fetched,
	    r->merged || with_base, sym, cause)) == NULL) {
		symbolize_free(sym);
		return NULL;
	}
	if (with_base) {
		base = load_merge(r, r->base, r->nbase, NULL, true, sym,
		    cause);
		if (base == NULL) {
			symbolize_free(sym);
			profile_free(p);
			return NULL;
		}
		if ((p = diff_apply(p, base, r->diff_base, r->normalize,
		    cause)) == NULL) {
			symbolize_free(sym);
			return NULL;
		}
	}
	symbolize_free(sym);
	load_symbolize_notes(p);
	/* pprof's -symbolize=none skips its demangler and its heuristics. */
	if (!r->symbolize.none)
		profile_simplify_names(p);
	if (profile_prune_frames(p, &why) == -1) {
		*cause = xasprintf("profile's drop_frames: %s", why);
		free(why);
		profile_free(p);
		return NULL;
	}
	return p;
}
