/*
 * search.c - catalog_search(): one call answers a query for the browser
 * and `rummage query` alike: the result in the chosen order, a window of
 * its ids, and every facet asked for, disjunctive where the query selects
 * values of the facet's own field.
 */
#include "catalog.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_internal.h"
#include "query.h"
#include "xmalloc.h"

/*
 * The facets of one answer as jobs that the counting threads take in
 * turn, heaviest first: each facet counted on its own (the label and
 * text tallies or intersections, a disjunctive facet's own query), then
 * the top-1 facets, counted in one pass over the result for several
 * fields, split in two such passes when two threads count. Taking jobs
 * in turn, not a fixed share, lets a thread that is done with text take
 * top-1 columns while the other is still on labels: at 1M items a 14 %
 * result ('Footwear') had one thread on labels and the four top-1
 * columns (5 ms) while the other was done with text in 3.
 */
struct search_job {
	uint32_t fields;                 /* bits 1u << field */
	bool tops;                       /* one pass over the result for all */
};

struct search_work {
	const struct catalog_query *q;
	const struct catalog_search_options *opts;
	const struct catalog_result *result;  /* read-only on both threads */
	struct search_job jobs[CATALOG_FIELD_COUNT + 2];
	size_t njobs;
	atomic_size_t next;
	atomic_bool failed;
	/* The answer's slots: each job writes only its own fields'. */
	struct catalog_facet **facets;
	bool *disjunctive;
};

/* True when q has a positive term on field (its facet is then disjunctive). */
static bool
search_selects(const struct catalog_query *q, enum catalog_field field)
{
	for (size_t i = 0; i < catalog_query_term_count(q); i++) {
		const struct catalog_term *t = catalog_query_term(q, i);
		if (t->field == field && !t->negated)
			return true;
	}
	return false;
}

/*
 * Make w's jobs for the facets of the fields in mask (bits 1u << field);
 * the top-1 facets of a result counted on two threads in two passes.
 */
static void
search_plan(struct search_work *w, uint32_t mask, bool two_threads)
{
	enum catalog_field tops[CATALOG_FIELD_COUNT];
	size_t ntops = 0;

	w->njobs = 0;
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		enum catalog_field field = (enum catalog_field)f;
		if (!(mask & (1u << f)))
			continue;
		if (catalog_field_desc(field)->facet == CATALOG_FACET_TOP &&
		    !(w->opts->disjunctive && search_selects(w->q, field)))
			tops[ntops++] = field;
		else
			w->jobs[w->njobs++] = (struct search_job){ 1u << f, false };
	}
	for (size_t half = 0, parts = two_threads && ntops >= 2 ? 2 : 1;
	    ntops > 0 && half < parts; half++) {
		struct search_job *j = &w->jobs[w->njobs++];
		*j = (struct search_job){ 0, true };
		for (size_t i = half * ntops / parts;
		    i < (half + 1) * ntops / parts; i++)
			j->fields |= 1u << tops[i];
	}
}

/* Count job's facets into w's slots with cat. False with *cause. */
static bool
search_job_run(struct catalog *cat, struct search_work *w,
    const struct search_job *job, char **cause)
{
	enum catalog_field fields[CATALOG_FIELD_COUNT];
	struct catalog_facet *counted[CATALOG_FIELD_COUNT];
	size_t n = 0;

	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++)
		if (job->fields & (1u << f))
			fields[n++] = (enum catalog_field)f;
	if (job->tops && n > 1) {
		if (!facets_count_tops(cat, w->result, fields, n,
		    w->opts->facet_limit, counted, cause))
			return false;
		for (size_t i = 0; i < n; i++)
			w->facets[fields[i]] = counted[i];
		return true;
	}
	for (size_t i = 0; i < n; i++) {
		struct catalog_result *without = NULL;

		if (w->opts->disjunctive && search_selects(w->q, fields[i])) {
			if ((without = catalog_query_run(cat, w->q,
			    w->opts->threshold, fields[i], cause)) == NULL)
				return false;
			w->disjunctive[fields[i]] = true;
		}
		w->facets[fields[i]] = facets_count(cat, without != NULL ?
		    without : w->result, fields[i], w->opts->threshold,
		    w->opts->facet_limit, w->opts->top_only, cause);
		catalog_result_free(without);
		if (w->facets[fields[i]] == NULL)
			return false;
	}
	return true;
}

/* Take w's jobs in turn until none is left or a thread failed. */
static bool
search_work_run(struct catalog *cat, struct search_work *w, char **cause)
{
	size_t i;

	while (!atomic_load(&w->failed) &&
	    (i = atomic_fetch_add(&w->next, 1)) < w->njobs) {
		if (!search_job_run(cat, w, &w->jobs[i], cause)) {
			atomic_store(&w->failed, true);
			return false;
		}
	}
	return true;
}

/*
 * A result this small is counted on one thread: a second handle costs
 * more than it saves. The whole index is cheap too (totals, no tally).
 */
#define SEARCH_PARALLEL_MIN 2048

/* The second counting thread: its own handle on the same map. */
struct search_helper {
	struct catalog *cat;             /* a sibling of the caller's */
	struct search_work *work;
	bool ok;
	char *cause;
};

static void *
search_helper_main(void *arg)
{
	struct search_helper *h = arg;

	h->ok = search_work_run(h->cat, h->work, &h->cause);
	return NULL;
}

/* Answer q as opts say; the answer is the caller's. */
struct catalog_answer *
catalog_search(struct catalog *cat, const struct catalog_query *q,
    const struct catalog_search_options *opts, char **cause)
{
	struct catalog_answer *a = xcalloc(1, sizeof *a);
	struct search_helper h;
	struct search_work w;
	pthread_t helper;
	uint32_t mask = 0;
	bool helping = false, ok;

	if ((a->result = catalog_query_run(cat, q, opts->threshold, CATALOG_NONE,
	    cause)) == NULL)
		goto fail;
	if (opts->sort != CATALOG_SORT_NEWEST &&
	    !catalog_result_sort(cat, a->result, opts->sort, cause))
		goto fail;
	a->total = catalog_result_count(a->result);
	if (opts->limit > 0 && opts->offset < a->total) {
		uint64_t left = a->total - opts->offset;
		size_t n = left < opts->limit ? (size_t)left : opts->limit;
		a->ids = xcalloc(n + 1, sizeof *a->ids);
		a->nids = catalog_result_ids(a->result, opts->offset, n, a->ids);
	}
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		if ((opts->facets & (1u << f)) && catalog_field_desc(
		    (enum catalog_field)f)->facet != CATALOG_FACET_NONE)
			mask |= 1u << f;
	}
	memset(&h, 0, sizeof h);
	memset(&w, 0, sizeof w);
	w.q = q;
	w.opts = opts;
	w.result = a->result;
	w.facets = a->facets;
	w.disjunctive = a->disjunctive;
	atomic_init(&w.next, 0);
	atomic_init(&w.failed, false);
	if (opts->threads > 1 && a->total >= SEARCH_PARALLEL_MIN &&
	    a->total < catalog_item_count(cat)) {
		search_plan(&w, mask, true);
		h.work = &w;
		/* No sibling (no transaction) or no thread: counted here. */
		helping = w.njobs > 1 &&
		    (h.cat = catalog_sibling(cat, NULL)) != NULL &&
		    pthread_create(&helper, NULL, search_helper_main, &h) == 0;
		if (!helping) {
			catalog_free(h.cat);
			h.cat = NULL;
		}
	}
	if (!helping)
		search_plan(&w, mask, false);
	ok = search_work_run(cat, &w, cause);
	if (helping) {
		pthread_join(helper, NULL);
		catalog_free(h.cat);
		if (ok && !h.ok) {
			*cause = h.cause;
			h.cause = NULL;
			ok = false;
		}
		free(h.cause);
	}
	if (!ok)
		goto fail;
	if (opts->timeline > 0 && (a->timeline = catalog_timeline(cat,
	    a->result, opts->timeline, cause)) == NULL)
		goto fail;
	if (opts->agreement > 0 && (a->agreement = catalog_ocr_agreement(cat,
	    a->result, opts->threshold, opts->agreement, CATALOG_AGREEMENT_MIN_ITEMS,
	    cause)) == NULL)
		goto fail;
	if (opts->crosstab && (a->crosstab = catalog_crosstab(cat, a->result,
	    opts->crosstab_rows, opts->crosstab_cols, opts->threshold,
	    opts->crosstab_n, opts->crosstab_n, cause)) == NULL)
		goto fail;
	return a;
fail:
	catalog_answer_free(a);
	return NULL;
}

/* Free an answer: its result, window and facets. */
void
catalog_answer_free(struct catalog_answer *a)
{
	if (a == NULL)
		return;
	catalog_result_free(a->result);
	free(a->ids);
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++)
		catalog_facet_free(a->facets[f]);
	catalog_timeline_free(a->timeline);
	catalog_agreement_free(a->agreement);
	catalog_crosstab_free(a->crosstab);
	free(a);
}
