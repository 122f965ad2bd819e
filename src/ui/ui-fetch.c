/*
 * ui-fetch.c: the viewer on a profile fetched from a URL: `r` fetches it
 * again, `R` does so every -refresh seconds, `D` shows the change since
 * the previous fetch, Esc stops a fetch.
 *
 * A fetch runs in a thread of its own, so that a 30-second CPU profile
 * does not freeze the screen: the thread only moves bytes (fetch_get());
 * the loop polls it (ui_fetch_poll(), every key or 200 ms) and, once the
 * replies are in, reads and shows them in the loop's thread, where the
 * engine, the warnings and curses live.  The thread and the loop share
 * the progress and the stop flag, under one mutex.
 *
 * What a refresh shows: the profiles of the last two fetches are kept as
 * they were loaded.  With the diff on, the views show the latest minus
 * the previous, as -diff_base=PREVIOUS LATEST shows it (the previous
 * fetch is the base: percentages are of its total; red grew, green
 * shrank), so a goroutine or heap profile that grows shows which stacks
 * grow, and an unchanged stack drops out.  The diff is on by default
 * while R refreshes (watching is what R is for) and off for a single `r`
 * (a fresh profile is what r is for); D switches it either way, and
 * sticks.  Without the diff, the latest profile is shown as the command
 * line would show it (with its own -base or -diff_base, if any).
 */
#ifdef HAVE_CURL
#include <pthread.h>
#endif
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diff.h"
#include "fetch.h"
#include "load.h"
#include "profile.h"
#include "strbuf.h"
#include "timing.h"
#include "ui.h"
#include "xmalloc.h"

#define UI_REFRESH_DEFAULT	10

struct ui_fetch {
	int			 refresh;	/* R's period, seconds */
	bool			 autorefresh;
	int			 diff;		/* -1: follow R; 0 off; 1 on */
	const char		*source;	/* the first URL (borrowed) */

	struct profile		*latest;	/* the last fetch, as loaded */
	struct profile		*prev;		/* the one before */
	time_t			 latest_time;
	time_t			 prev_time;
	double			 idle_since;	/* monotonic: the last end */
	char			*saved;		/* where the last went */

#ifdef HAVE_CURL
	pthread_t		 thread;
	pthread_mutex_t		 mu;
#endif
	bool			 running;	/* a thread to join */
	int			 shown_second;	/* the redraw's clock */
	/* under mu: */
	bool			 done;
	bool			 stop;		/* Esc: the thread stops */
	double			 elapsed;
	int			 collect;
	struct fetch_reply	*replies;	/* npaths, url NULL if none */
	char			*error;		/* the first failure */
	/* the loop's copy of ui->lr, with the replies */
	struct load_request	 lr;
	size_t			 npaths;
};

/* Whether the views show latest minus prev now. */
static bool
ui_fetch_diffing(const struct ui_fetch *f)
{
	bool on = f->diff == -1 ? f->autorefresh : f->diff == 1;

	return on && f->prev != NULL && f->latest != NULL;
}

/* A copy of p that the engine may consume (diff_apply() frees it). */
static struct profile *
ui_fetch_copy(struct profile *p, char **cause)
{
	return profile_merge(&p, 1, cause);
}

/*
 * Make ui->p what the fetches and the diff switch call for (see the top
 * of the file).  On an error the screen keeps what it had, the status
 * line says why, and the result has no UI_REQUERY.
 */
static int
ui_fetch_show(struct ui *ui)
{
	struct ui_fetch *f = ui->fetch;
	struct profile *shown = NULL, *base = NULL, *p;
	struct load_request blr;
	char *cause = NULL;

	if (f->latest == NULL)
		return UI_REDRAW;
	if ((p = ui_fetch_copy(f->latest, &cause)) == NULL)
		goto fail;
	if (ui_fetch_diffing(f)) {
		if ((base = ui_fetch_copy(f->prev, &cause)) == NULL) {
			profile_free(p);
			goto fail;
		}
		shown = diff_apply(p, base, true, false, &cause);
	} else if (ui->lr.nbase > 0) {
		/* the command line's own base */
		blr = ui->lr;
		blr.paths = ui->lr.base;
		blr.npaths = ui->lr.nbase;
		blr.base = NULL;
		blr.nbase = 0;
		blr.merged = true;
		blr.fetched = NULL;
		blr.fetch_hook = NULL;
		if ((base = load_profile(&blr, &cause)) == NULL) {
			profile_free(p);
			goto fail;
		}
		shown = diff_apply(p, base, ui->lr.diff_base,
		    ui->lr.normalize, &cause);
	} else
		shown = p;
	if (shown == NULL)
		goto fail;
	ui_set_profile(ui, shown);
	ui->diff = ui_fetch_diffing(f) || ui->lr.nbase > 0;
	return UI_REQUERY | UI_REDRAW;
fail:
	ui_error(ui, "%s", cause);
	free(cause);
	return UI_REDRAW;
}

struct ui_fetch *
ui_fetch_create(struct ui *ui, int refresh)
{
	struct ui_fetch *f;
	char *cause = NULL;
	size_t i;

	for (i = 0; i < ui->lr.npaths; i++)
		if (strcmp(ui->lr.paths[i], "-") != 0 &&
		    fetch_is_source(ui->lr.paths[i]))
			break;
	if (i == ui->lr.npaths || !fetch_supported())
		return NULL;
	f = xcalloc(1, sizeof *f);
	f->source = ui->lr.paths[i];
	f->refresh = refresh > 0 ? refresh : UI_REFRESH_DEFAULT;
	f->diff = -1;
	f->npaths = ui->lr.npaths;
	f->latest_time = time(NULL);
	f->idle_since = timing_seconds();
	f->shown_second = -1;
#ifdef HAVE_CURL
	pthread_mutex_init(&f->mu, NULL);
#endif
	/* the fetch of the command line, as loaded (a base changes it) */
	if (ui->lr.nbase == 0 &&
	    (f->latest = ui_fetch_copy(ui->p, &cause)) == NULL) {
		free(cause);
		f->latest = NULL;
	}
	return f;
}

#ifdef HAVE_CURL

static void
ui_fetch_lock(struct ui_fetch *f)
{
	pthread_mutex_lock(&f->mu);
}

static void
ui_fetch_unlock(struct ui_fetch *f)
{
	pthread_mutex_unlock(&f->mu);
}

/* The thread's hook: the progress for the loop, the stop flag for it. */
static bool
ui_fetch_progress(void *arg, const struct fetch_event *ev)
{
	struct ui_fetch *f = arg;
	bool stop;

	ui_fetch_lock(f);
	f->elapsed = ev->elapsed;
	f->collect = ev->collect;
	stop = f->stop;
	ui_fetch_unlock(f);
	return stop;
}

/* The thread: fetch each URL among the paths; nothing else. */
static void *
ui_fetch_thread(void *arg)
{
	struct ui_fetch *f = arg;
	struct fetch_reply *replies;
	const char *src;
	char *cause = NULL, *error = NULL;
	sigset_t all;
	size_t i;

	/* signals are the loop's */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	replies = xcalloc(f->npaths, sizeof *replies);
	for (i = 0; i < f->npaths && error == NULL; i++) {
		src = f->lr.paths[i];
		if (strcmp(src, "-") == 0 || !fetch_is_source(src))
			continue;
		if (fetch_get(src, f->lr.fetch, &f->lr.limits,
		    ui_fetch_progress, f, &replies[i], &cause) == -1) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addstr(&sb, "'");
			strbuf_addstr(&sb, src);
			strbuf_addf(&sb, "': %s", cause);
			free(cause);
			error = strbuf_detach(&sb, NULL);
		}
	}
	ui_fetch_lock(f);
	f->replies = replies;
	f->error = error;
	f->done = true;
	ui_fetch_unlock(f);
	return NULL;
}

int
ui_fetch_start(struct ui *ui)
{
	struct ui_fetch *f = ui->fetch;

	if (f->running) {
		ui_message(ui, "a fetch is in progress (Esc stops it)");
		return UI_REDRAW;
	}
	f->lr = ui->lr;
	f->done = false;
	f->stop = false;
	f->elapsed = 0;
	f->collect = 0;
	f->replies = NULL;
	f->error = NULL;
	f->shown_second = -1;
	if (pthread_create(&f->thread, NULL, ui_fetch_thread, f) != 0) {
		ui_error(ui, "fetch: cannot start a thread");
		return UI_REDRAW;
	}
	f->running = true;
	return UI_REDRAW;
}

/* The loop's hook while it reads the replies: where each was saved. */
static bool
ui_fetch_saved(void *arg, const struct fetch_event *ev)
{
	struct ui_fetch *f = arg;

	if (ev->kind == FETCH_SAVED) {
		free(f->saved);
		f->saved = xstrdup(ev->path);
	}
	return false;
}

/* The thread is done: read what it fetched, or say why not. */
static int
ui_fetch_finish(struct ui *ui)
{
	struct ui_fetch *f = ui->fetch;
	struct load_request lr;
	struct profile *p;
	char *cause = NULL, tbuf[32];
	size_t i;
	int rc = UI_REDRAW;
	bool stopped;

	pthread_join(f->thread, NULL);
	f->running = false;
	f->idle_since = timing_seconds();
	stopped = f->stop;
	if (f->error != NULL) {
		if (stopped)
			ui_message(ui, "fetch stopped");
		else
			ui_error(ui, "fetch: %s", f->error);
		goto out;
	}
	lr = f->lr;
	lr.fetched = f->replies;
	lr.fetch_hook = ui_fetch_saved;
	lr.fetch_arg = f;
	lr.base = NULL;
	lr.nbase = 0;
	free(f->saved);
	f->saved = NULL;
	if ((p = load_profile(&lr, &cause)) == NULL) {
		ui_error(ui, "fetch: %s", cause);
		free(cause);
		goto out;
	}
	profile_free(f->prev);
	f->prev = f->latest;
	f->prev_time = f->latest_time;
	f->latest = p;
	f->latest_time = time(NULL);
	rc = ui_fetch_show(ui);
	if (rc & UI_REQUERY) {
		strftime(tbuf, sizeof tbuf, "%H:%M:%S",
		    localtime(&f->latest_time));
		if (f->saved != NULL)
			ui_message(ui, "fetched at %s, saved in %s", tbuf,
			    f->saved);
		else
			ui_message(ui, "fetched at %s", tbuf);
	}
out:
	for (i = 0; f->replies != NULL && i < f->npaths; i++)
		fetch_reply_release(&f->replies[i]);
	free(f->replies);
	f->replies = NULL;
	free(f->error);
	f->error = NULL;
	return rc;
}

int
ui_fetch_poll(struct ui *ui)
{
	struct ui_fetch *f = ui->fetch;
	bool done;
	int second;

	if (f == NULL)
		return 0;
	if (!f->running) {
		if (f->autorefresh &&
		    timing_seconds() - f->idle_since >= f->refresh)
			return ui_fetch_start(ui);
		return 0;
	}
	ui_fetch_lock(f);
	done = f->done;
	second = (int)f->elapsed;
	ui_fetch_unlock(f);
	if (done)
		return ui_fetch_finish(ui);
	if (second != f->shown_second) {
		f->shown_second = second;
		return UI_REDRAW;
	}
	return 0;
}

int
ui_fetch_stop(struct ui *ui)
{
	struct ui_fetch *f = ui->fetch;

	ui_fetch_lock(f);
	f->stop = true;
	ui_fetch_unlock(f);
	ui_message(ui, "stopping the fetch...");
	return UI_REDRAW;
}

#else	/* !HAVE_CURL: ui_fetch_create() never makes one */

int
ui_fetch_start(struct ui *ui)
{
	(void)ui;
	return UI_REDRAW;
}

int
ui_fetch_poll(struct ui *ui)
{
	(void)ui;
	return 0;
}

int
ui_fetch_stop(struct ui *ui)
{
	(void)ui;
	return UI_REDRAW;
}

#endif

bool
ui_fetch_busy(const struct ui *ui)
{
	return ui->fetch != NULL && ui->fetch->running;
}

int
ui_fetch_toggle_auto(struct ui *ui)
{
	struct ui_fetch *f = ui->fetch;
	bool was = ui_fetch_diffing(f);

	f->autorefresh = !f->autorefresh;
	f->idle_since = timing_seconds();
	ui_message(ui, f->autorefresh ? "refreshing every %ds (R stops)" :
	    "refresh off", f->refresh);
	if (!f->autorefresh && f->diff == -1 && was)
		return ui_fetch_show(ui);
	/* the first refresh comes now */
	if (f->autorefresh && !f->running)
		return ui_fetch_start(ui);
	return UI_REDRAW;
}

int
ui_fetch_toggle_diff(struct ui *ui)
{
	struct ui_fetch *f = ui->fetch;
	bool on = !(f->diff == -1 ? f->autorefresh : f->diff == 1);
	int rc = UI_REDRAW;

	f->diff = on ? 1 : 0;
	if (f->prev != NULL && !((rc = ui_fetch_show(ui)) & UI_REQUERY))
		return rc;
	ui_message(ui, on ? (f->prev != NULL ? "diff: the change "
		    "since the previous fetch" : "diff: from the next fetch "
		    "on") : "diff off: the latest fetch as it is");
	return rc;
}

void
ui_fetch_header(struct ui *ui, struct strbuf *sb)
{
	struct ui_fetch *f = ui->fetch;
	char tbuf[32];
	double elapsed = 0;
	int collect = 0;

	strbuf_addstr(sb, "Source: ");
	strbuf_addstr(sb, f->source);
	if (f->running) {
#ifdef HAVE_CURL
		ui_fetch_lock(f);
		elapsed = f->elapsed;
		collect = f->collect;
		ui_fetch_unlock(f);
#endif
		if (collect > (int)elapsed)
			strbuf_addf(sb, "  fetching, %ds left (Esc stops)",
			    collect - (int)elapsed);
		else
			strbuf_addf(sb, "  fetching, %ds (Esc stops)",
			    (int)elapsed);
	} else {
		strftime(tbuf, sizeof tbuf, "%H:%M:%S",
		    localtime(&f->latest_time));
		strbuf_addf(sb, "  fetched %s", tbuf);
	}
	if (f->autorefresh)
		strbuf_addf(sb, "  every %ds", f->refresh);
	if (ui_fetch_diffing(f)) {
		strftime(tbuf, sizeof tbuf, "%H:%M:%S",
		    localtime(&f->prev_time));
		strbuf_addf(sb, "  diff vs %s", tbuf);
	}
	strbuf_addstr(sb, "  ");
}

void
ui_fetch_free(struct ui_fetch *f)
{
	size_t i;

	if (f == NULL)
		return;
#ifdef HAVE_CURL
	if (f->running) {
		ui_fetch_lock(f);
		f->stop = true;
		ui_fetch_unlock(f);
		pthread_join(f->thread, NULL);
		for (i = 0; f->replies != NULL && i < f->npaths; i++)
			fetch_reply_release(&f->replies[i]);
		free(f->replies);
		free(f->error);
	}
	pthread_mutex_destroy(&f->mu);
#endif
	(void)i;
	profile_free(f->latest);
	profile_free(f->prev);
	free(f->saved);
	free(f);
}
