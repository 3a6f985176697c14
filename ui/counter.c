/*
 * counter.c - counting in line or on the counting thread (see counter.h).
 */
#include "counter.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"

/*
 * What the browser asks of the catalog: the result and every facet, and
 * what the view shown draws besides: the charts' timeline and agreement,
 * the crosstab's table. Counted here, with the result, so that a big
 * result never makes the input thread count.
 */
static void
counter_options(struct catalog_search_options *so, const struct browser *br)
{
	memset(so, 0, sizeof *so);
	so->threshold = br->threshold;
	so->sort = br->sort;
	so->disjunctive = true;
	so->facets = catalog_facet_fields();
	if (br->view == BROWSER_CHARTS) {
		so->timeline = chartview_buckets(br->scr.cols);
		so->agreement = CHARTVIEW_AGREEMENT_BRANDS;
	} else if (br->view == BROWSER_CROSSTAB) {
		so->crosstab = true;
		so->crosstab_rows = br->xtab.rows;
		so->crosstab_cols = br->xtab.cols;
		so->crosstab_n = CROSSTABVIEW_VALUES;
	}
}

/* Install an answer (taken apart and freed): the result and the facets. */
static void
counter_install(struct browser *br, struct catalog_answer *a)
{
	uint64_t total = a->total;

	catalog_result_free(br->res);
	br->res = a->result;
	a->result = NULL;
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		if (!(catalog_facet_fields() & (1u << f)))
			continue;
		sidebar_install(&br->side, (enum catalog_field)f, a->facets[f],
		    a->disjunctive[f]);
		a->facets[f] = NULL;
	}
	chartview_install(&br->charts, a->timeline, a->agreement);
	crosstabview_install(&br->xtab, a->crosstab);
	a->timeline = NULL;
	a->agreement = NULL;
	a->crosstab = NULL;
	catalog_answer_free(a);
	browser_invalidate(br);
	itemlist_clamp(&br->list, total);
}

/* Answer the live query in line: the result, sorted, and every facet. */
void
counter_recount(struct browser *br)
{
	struct catalog_search_options so;
	struct catalog_answer *a;
	char *cause = NULL;
	double t0 = measure_now_ms();

	if (br->qbad)
		return;
	counter_options(&so, br);
	if ((a = catalog_search(br->cat, br->q, &so, &cause)) == NULL) {
		statusbar_message(&br->status, true, "query failed: %s",
		    cause != NULL ? cause : "unknown error");
		free(cause);
		return;
	}
	counter_install(br, a);
	br->count_ms = measure_now_ms() - t0;
	measure_add(&br->filters_ms, br->count_ms);
}

/*
 * The counting thread. A query over a million items with every facet
 * can take longer than a frame; the input thread must never wait for it.
 * It posts (query, threshold, sort) requests, the query a copy of its
 * parsed terms; the counting thread, with its own catalog handle (a
 * handle is not thread-safe), answers the newest one with one
 * catalog_search(), and older requests that were never started are
 * simply replaced. Answers are plain data (a bitmap, an order, counted
 * values), used afterwards with the input thread's handle.
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
	struct catalog_query *req_q;  /* owned */
	struct catalog_search_options req_so;

	bool answered;
	uint64_t ans_gen;
	struct catalog_answer *ans;   /* owned; NULL on failure */
	char *ans_error;
	double ans_ms;

	/* The input thread's own (not under the lock). */
	uint64_t gen;                 /* of the latest request */
	bool counting;                /* an answer is still to come */
	double counting_since;
};

/* Forget the answer. */
static void
counter_clear(struct counter *w)
{
	catalog_answer_free(w->ans);
	w->ans = NULL;
	free(w->ans_error);
	w->ans_error = NULL;
	w->answered = false;
}

/* The counting thread's loop: take the newest request, answer it. */
static void *
counter_main(void *arg)
{
	struct counter *w = arg;
	struct catalog_search_options so;
	struct catalog_answer *a;
	struct catalog_query *q;
	char *cause;
	uint64_t gen;
	double t0;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->quit && !w->requested)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->quit)
			break;
		q = w->req_q;
		w->req_q = NULL;
		gen = w->req_gen;
		so = w->req_so;
		w->requested = false;
		pthread_mutex_unlock(&w->lock);

		t0 = measure_now_ms();
		if (w->delay_ms > 0) {
			/* RUMMAGE_COUNT_DELAY_MS: a slow index, for tests. */
			struct timespec d = { w->delay_ms / 1000,
			    (w->delay_ms % 1000) * 1000000L };

			nanosleep(&d, NULL);
		}
		cause = NULL;
		a = catalog_search(w->cat, q, &so, &cause);
		catalog_query_free(q);

		pthread_mutex_lock(&w->lock);
		counter_clear(w); /* an answer nobody took is stale */
		w->answered = true;
		w->ans_gen = gen;
		w->ans = a;
		w->ans_error = a == NULL ? (cause != NULL ? cause :
		    xstrdup("counting failed")) : NULL;
		if (a != NULL)
			free(cause);
		w->ans_ms = measure_now_ms() - t0;
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

/* True while an answer of the counting thread is still to come. */
bool
counter_counting(const struct counter *w)
{
	return w != NULL && w->counting;
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
	catalog_query_free(w->req_q);
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
	bool changed = false;

	if (w == NULL || !w->counting)
		return false;
	pthread_mutex_lock(&w->lock);
	if (w->answered && w->ans_gen == w->gen) {
		if (w->ans != NULL) {
			counter_install(br, w->ans);
			w->ans = NULL;
		} else {
			statusbar_message(&br->status, true, "query failed: %s",
			    w->ans_error);
		}
		br->count_ms = w->ans_ms;
		measure_add(&br->filters_ms, w->ans_ms);
		counter_clear(w);
		w->counting = false;
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

	if (br->qbad)
		return;
	pthread_mutex_lock(&w->lock);
	catalog_query_free(w->req_q);
	w->req_q = catalog_query_copy(br->q); /* the thread's own terms */
	w->req_gen = ++w->gen;
	counter_options(&w->req_so, br);
	w->requested = true;
	pthread_cond_signal(&w->wake);
	clock_gettime(CLOCK_REALTIME, &until);
	ns = until.tv_nsec + (long)(BROWSER_SLOW_MS * 1e6);
	until.tv_sec += ns / 1000000000L;
	until.tv_nsec = ns % 1000000000L;
	while (wait && !(w->answered && w->ans_gen == w->gen)) {
		if (pthread_cond_timedwait(&w->done, &w->lock, &until) != 0)
			break;
	}
	pthread_mutex_unlock(&w->lock);
	w->counting = true;
	w->counting_since = measure_now_ms();
	counter_collect(br);
}
