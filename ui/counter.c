/*
 * counter.c - counting in line or on the counting thread (see counter.h).
 */
#include "counter.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"

/* Count facet f for the current result, unless it is counted already. */
void
counter_count_facet(struct browser *br, int f)
{
	struct facet *fv = &br->facets[f];
	char *cause = NULL;

	if (fv->valid || br->res == NULL || br->q == NULL)
		return;
	facet_clear(fv);
	fv->valid = true;
	if (!facet_compute(br->cat, br->q, br->res, br->threshold, f,
	    fv, &cause)) {
		browser_message(br, true, "counting %s failed: %s",
		    catalog_field_name(facet_fields[f]), cause ? cause : "?");
		free(cause);
	}
	facet_filter(fv);
}

/* Run the live query: the result, sorted. Reports failures. */
void
counter_recount(struct browser *br)
{
	struct catalog_result *res;
	char *cause = NULL;
	double t0 = browser_now_ms();

	browser_parse(br);
	if (br->qbad || br->q == NULL)
		return;
	res = catalog_query_run(br->cat, br->q, br->threshold, CATALOG_NONE,
	    &cause);
	if (res != NULL && br->sort != CATALOG_SORT_NEWEST &&
	    !catalog_result_sort(br->cat, res, br->sort, &cause)) {
		catalog_result_free(res);
		res = NULL;
	}
	if (res == NULL) {
		browser_message(br, true, "query failed: %s",
		    cause != NULL ? cause : "unknown error");
		free(cause);
		return;
	}
	catalog_result_free(br->res);
	br->res = res;
	browser_invalidate(br);
	if (br->cursor >= catalog_result_count(res))
		br->cursor = catalog_result_count(res) > 0 ?
		    catalog_result_count(res) - 1 : 0;
	/*
	 * The facet on screen is part of a filter change's cost; scripted
	 * runs (bench/) count all of them, as a filter change in the worst
	 * case has to.
	 */
	if (br->scripted) {
		for (int f = 0; f < FACET_COUNT; f++)
			counter_count_facet(br, f);
	} else if (br->view == BROWSER_LIST) {
		counter_count_facet(br, br->facet);
	}
	br->count_ms = browser_now_ms() - t0;
	browser_record(&br->filter_ms, &br->nfilter_ms, &br->cap_filter_ms,
	    br->count_ms);
}

/*
 * The counting thread. A query over a million items with all six facets
 * can take longer than a frame; the input thread must never wait for it.
 * It posts (query text, threshold, sort) requests; the counting thread,
 * with its own catalog handle (a handle is not thread-safe), answers the
 * newest one with a result and all six facets, and older requests that
 * were never started are simply replaced. Results are plain data (a
 * bitmap and an order), used afterwards with the input thread's handle.
 */
struct counter {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;          /* a request or quit */
	pthread_cond_t done;          /* an answer */
	bool quit;
	struct catalog *cat;
	long delay_ms;                /* added to every answer (tests) */

	bool requested;
	uint64_t req_gen;
	char *req_text;
	double req_threshold;
	enum catalog_sort req_sort;

	bool answered;
	uint64_t ans_gen;
	struct catalog_result *ans_res;
	struct facet ans_facets[FACET_COUNT];
	char *ans_error;
	double ans_ms;
};

/* Free the values of an answer's facets. */
static void
counter_clear(struct counter *w)
{
	int f;

	catalog_result_free(w->ans_res);
	w->ans_res = NULL;
	for (f = 0; f < FACET_COUNT; f++)
		facet_clear(&w->ans_facets[f]);
	free(w->ans_error);
	w->ans_error = NULL;
	w->answered = false;
}

/* The counting thread's loop: take the newest request, answer it. */
static void *
counter_main(void *arg)
{
	struct counter *w = arg;
	struct facet facets[FACET_COUNT];
	struct catalog_query *q;
	struct catalog_result *res;
	enum catalog_sort sort;
	char *text, *cause;
	uint64_t gen;
	double threshold, t0;
	int f;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->quit && !w->requested)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->quit)
			break;
		text = w->req_text;
		w->req_text = NULL;
		gen = w->req_gen;
		threshold = w->req_threshold;
		sort = w->req_sort;
		w->requested = false;
		pthread_mutex_unlock(&w->lock);

		t0 = browser_now_ms();
		if (w->delay_ms > 0) {
			/* RUMMAGE_COUNT_DELAY_MS: a slow index, for tests. */
			struct timespec d = { w->delay_ms / 1000,
			    (w->delay_ms % 1000) * 1000000L };

			nanosleep(&d, NULL);
		}
		cause = NULL;
		memset(facets, 0, sizeof facets);
		res = NULL;
		if ((q = catalog_query_parse(text, NULL)) == NULL)
			cause = xstrdup("the query no longer parses");
		else if ((res = catalog_query_run(w->cat, q, threshold,
		    CATALOG_NONE, &cause)) != NULL && sort !=
		    CATALOG_SORT_NEWEST && !catalog_result_sort(w->cat, res,
		    sort, &cause)) {
			catalog_result_free(res);
			res = NULL;
		}
		for (f = 0; res != NULL && f < FACET_COUNT; f++) {
			if (!facet_compute(w->cat, q, res, threshold, f,
			    &facets[f], &cause)) {
				for (; f >= 0; f--)
					facet_clear(&facets[f]);
				catalog_result_free(res);
				res = NULL;
			}
		}
		catalog_query_free(q);
		free(text);

		pthread_mutex_lock(&w->lock);
		counter_clear(w); /* an answer nobody took is stale */
		w->answered = true;
		w->ans_gen = gen;
		w->ans_res = res;
		memcpy(w->ans_facets, facets, sizeof facets);
		w->ans_error = res == NULL ? (cause ? cause :
		    xstrdup("counting failed")) : NULL;
		if (res != NULL)
			free(cause);
		w->ans_ms = browser_now_ms() - t0;
		pthread_cond_signal(&w->done);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* The build time of an index, or -1. */
static int64_t
counter_built_at(struct catalog *cat)
{
	struct catalog_info info;
	int64_t at;

	if (!catalog_info_get(cat, &info, NULL))
		return -1;
	at = info.built_at_ms;
	catalog_info_fini(&info);
	return at;
}

/*
 * Start the counting thread on its own handle of db; NULL if it cannot.
 * Both handles must see the same index: a rebuild may have renamed a new
 * file into place between the two opens (then counting stays in line).
 */
struct counter *
counter_start(const char *db, struct catalog *main_cat)
{
	struct counter *w = xcalloc(1, sizeof *w);
	const char *delay = getenv("RUMMAGE_COUNT_DELAY_MS");

	if ((w->cat = catalog_open(db, NULL)) == NULL)
		goto fail;
	if (catalog_item_count(w->cat) != catalog_item_count(main_cat) ||
	    counter_built_at(w->cat) != counter_built_at(main_cat)) {
		catalog_free(w->cat);
		goto fail;
	}
	if (delay != NULL)
		w->delay_ms = strtol(delay, NULL, 10) > 0 &&
		    strtol(delay, NULL, 10) < 60000 ?
		    strtol(delay, NULL, 10) : 0;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	pthread_cond_init(&w->done, NULL);
	if (pthread_create(&w->thread, NULL, counter_main, w) != 0) {
		pthread_cond_destroy(&w->done);
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		catalog_free(w->cat);
		goto fail;
	}
	return w;
fail:
	free(w);
	return NULL;
}

/* Stop the counting thread (after its current job) and free it. */
void
counter_stop(struct counter *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->quit = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	counter_clear(w);
	free(w->req_text);
	catalog_free(w->cat);
	pthread_cond_destroy(&w->done);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

/*
 * Install the counting thread's answer if it is for the latest request.
 * Returns true when something changed on screen.
 */
bool
counter_collect(struct browser *br)
{
	struct counter *w = br->worker;
	struct facet *fv;
	bool changed = false;
	int f;

	if (w == NULL || !br->counting)
		return false;
	pthread_mutex_lock(&w->lock);
	if (w->answered && w->ans_gen == br->gen) {
		if (w->ans_res != NULL) {
			catalog_result_free(br->res);
			br->res = w->ans_res;
			w->ans_res = NULL;
			for (f = 0; f < FACET_COUNT; f++) {
				fv = &br->facets[f];
				facet_clear(fv);
				fv->values = w->ans_facets[f].values;
				fv->n = w->ans_facets[f].n;
				fv->max = w->ans_facets[f].max;
				fv->disjunctive = w->ans_facets[f].disjunctive;
				w->ans_facets[f].values = NULL;
				w->ans_facets[f].n = 0;
				fv->valid = true;
				facet_filter(fv);
			}
			br->charts_valid = false;
			if (br->cursor >= catalog_result_count(br->res))
				br->cursor = catalog_result_count(br->res) > 0 ?
				    catalog_result_count(br->res) - 1 : 0;
		} else {
			browser_message(br, true, "query failed: %s",
			    w->ans_error);
		}
		br->count_ms = w->ans_ms;
		browser_record(&br->filter_ms, &br->nfilter_ms,
		    &br->cap_filter_ms, w->ans_ms);
		counter_clear(w);
		br->counting = false;
		changed = true;
	}
	pthread_mutex_unlock(&w->lock);
	return changed;
}

/*
 * Ask the counting thread for the live query, then wait up to one
 * BROWSER_SLOW_MS for the answer: a fast answer is drawn at once (no
 * flicker of the spinner), a slow one is drawn when it comes while keys
 * keep working.
 */
void
counter_request(struct browser *br, bool wait)
{
	struct counter *w = br->worker;
	struct timespec until;
	long ns;

	browser_parse(br);
	if (br->qbad || br->q == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	free(w->req_text);
	w->req_text = xstrdup(br->edit.text);
	w->req_gen = ++br->gen;
	w->req_threshold = br->threshold;
	w->req_sort = br->sort;
	w->requested = true;
	pthread_cond_signal(&w->wake);
	clock_gettime(CLOCK_REALTIME, &until);
	ns = until.tv_nsec + (long)(BROWSER_SLOW_MS * 1e6);
	until.tv_sec += ns / 1000000000L;
	until.tv_nsec = ns % 1000000000L;
	while (wait && !(w->answered && w->ans_gen == br->gen)) {
		if (pthread_cond_timedwait(&w->done, &w->lock, &until) != 0)
			break;
	}
	pthread_mutex_unlock(&w->lock);
	br->counting = true;
	br->counting_since = browser_now_ms();
	counter_collect(br);
}
