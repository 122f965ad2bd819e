/*
 * load.h: from file names to the one profile a query runs on.
 *
 * Loading is what pprof does before any report: read each profile, merge
 * them, subtract or add the base profiles (-diff_base, -base), simplify
 * C++-looking names and apply the profile's own drop_frames/keep_frames.
 * The command line, the shell and the TUI (which reloads with `r`) all
 * load through here.  Notes pprof prints on the way ("Main binary
 * filename not available.") go to the warning hook (warn.h).
 */
#ifndef CPV_LOAD_H
#define CPV_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "fetch.h"
#include "input.h"
#include "symbolize.h"

struct profile;

struct load_request {
	char *const		*paths;		/* borrowed; "-" is stdin */
	size_t			 npaths;
	char *const		*base;		/* borrowed: -base or -diff_base */
	size_t			 nbase;
	bool			 diff_base;	/* base is -diff_base */
	bool			 normalize;
	/*
	 * Merge even a single profile (pprof always does; it only shows in
	 * reports that print samples one by one).
	 */
	bool			 merged;
	struct input_limits	 limits;
	/* -symbolize and the binary of cpv BINARY PROFILE. */
	struct symbolize_options symbolize;
	/*
	 * Sources that fetch_is_source() takes are fetched (fetch.h) with
	 * these options (NULL: pprof's defaults), telling the hook (may be
	 * NULL) how it goes, and saved.  fetched, if not NULL, has npaths
	 * replies (borrowed) fetched already for paths[i] (the viewer
	 * fetches in a thread); an entry whose url is NULL is fetched here.
	 */
	const struct fetch_options *fetch;
	fetch_hook_fn		 fetch_hook;
	void			*fetch_arg;
	const struct fetch_reply *fetched;
};

/*
 * Load what r names.  Returns the profile (the caller frees it with
 * profile_free()), or NULL with *cause set to one allocated line that
 * names the file when one is at fault ("'cpu.pb.gz': malformed profile:
 * ...", "cannot merge profiles: ...").
 */
struct profile	*load_profile(const struct load_request *r, char **cause);

#endif
