/*
 * search.c - catalog_search(): one call answers a query for the browser
 * and `rummage query` alike: the result in the chosen order, a window of
 * its ids, and every facet asked for, disjunctive where the query selects
 * values of the facet's own field.
 */
#include "catalog.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_internal.h"
#include "query.h"
#include "xmalloc.h"

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
 * Count the facets of the fields in mask (bits 1u << field) for result
 * into facets[], disjunctively where opts and q say. False with *cause.
 */
static bool
search_facets(struct catalog *cat, const struct catalog_query *q,
    const struct catalog_search_options *opts,
    const struct catalog_result *result, uint32_t mask,
    struct catalog_facet **facets, bool *disjunctive, char **cause)
{
	enum catalog_field tops[CATALOG_FIELD_COUNT];
	struct catalog_facet *counted[CATALOG_FIELD_COUNT];
	size_t ntops = 0;

	/* The top-1 facets over the result itself: one pass for them all. */
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		enum catalog_field field = (enum catalog_field)f;
		if ((mask & (1u << f)) &&
		    catalog_field_desc(field)->facet == CATALOG_FACET_TOP &&
		    !(opts->disjunctive && search_selects(q, field)))
			tops[ntops++] = field;
	}
	if (ntops > 1) {
		if (!facets_count_tops(cat, result, tops, ntops,
		    opts->facet_limit, counted, cause))
			return false;
		for (size_t i = 0; i < ntops; i++) {
			facets[tops[i]] = counted[i];
			mask &= ~(1u << tops[i]);
		}
	}
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		enum catalog_field field = (enum catalog_field)f;
		struct catalog_result *without = NULL;

		if (!(mask & (1u << f)))
			continue;
		if (opts->disjunctive && search_selects(q, field)) {
			if ((without = catalog_query_run(cat, q, opts->threshold,
			    field, cause)) == NULL)
				return false;
			disjunctive[f] = true;
		}
		facets[f] = facets_count(cat, without != NULL ? without : result,
		    field, opts->threshold, opts->facet_limit, opts->top_only,
		    cause);
		catalog_result_free(without);
		if (facets[f] == NULL)
			return false;
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
	const struct catalog_query *q;
	const struct catalog_search_options *opts;
	const struct catalog_result *result;  /* read-only on both threads */
	uint32_t mask;
	struct catalog_facet *facets[CATALOG_FIELD_COUNT];
	bool disjunctive[CATALOG_FIELD_COUNT];
	bool ok;
	char *cause;
};

static void *
search_helper_main(void *arg)
{
	struct search_helper *h = arg;

	h->ok = search_facets(h->cat, h->q, h->opts, h->result, h->mask,
	    h->facets, h->disjunctive, &h->cause);
	return NULL;
}

/*
 * Split the facets in mask between the two threads: the tallies and
 * intersections (labels, text) one each; the top-1 columns, counted in
 * one pass, and the months go with the first heavy one. Returns the
 * helper's share.
 */
static uint32_t
search_split(uint32_t mask)
{
	uint32_t helper = 0;
	unsigned heavy = 0;

	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)f);

		if (!(mask & (1u << f)) || d->facet == CATALOG_FACET_TOP ||
		    d->facet == CATALOG_FACET_MONTHS)
			continue;
		if (heavy++ % 2 == 1)
			helper |= 1u << f;
	}
	return helper;
}

/* Answer q as opts say; the answer is the caller's. */
struct catalog_answer *
catalog_search(struct catalog *cat, const struct catalog_query *q,
    const struct catalog_search_options *opts, char **cause)
{
	struct catalog_answer *a = xcalloc(1, sizeof *a);
	struct search_helper h;
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
	if (opts->threads > 1 && a->total >= SEARCH_PARALLEL_MIN &&
	    a->total < catalog_item_count(cat)) {
		h.q = q;
		h.opts = opts;
		h.result = a->result;
		h.mask = search_split(mask);
		/* No sibling (no transaction) or no thread: counted here. */
		helping = h.mask != 0 &&
		    (h.cat = catalog_sibling(cat, NULL)) != NULL &&
		    pthread_create(&helper, NULL, search_helper_main, &h) == 0;
		if (helping)
			mask &= ~h.mask;
		else
			catalog_free(h.cat);
	}
	ok = search_facets(cat, q, opts, a->result, mask, a->facets,
	    a->disjunctive, cause);
	if (helping) {
		pthread_join(helper, NULL);
		catalog_free(h.cat);
		if (ok && !h.ok) {
			*cause = h.cause;
			h.cause = NULL;
			ok = false;
		}
		for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
			if (h.facets[f] != NULL) {
				a->facets[f] = h.facets[f];
				a->disjunctive[f] = h.disjunctive[f];
			}
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
