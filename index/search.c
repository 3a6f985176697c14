/*
 * search.c - catalog_search(): one call answers a query for the browser
 * and `rummage query` alike: the result in the chosen order, a window of
 * its ids, and every facet asked for, disjunctive where the query selects
 * values of the facet's own field.
 */
#include "catalog.h"

#include <stdlib.h>

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

/* Answer q as opts say; the answer is the caller's. */
struct catalog_answer *
catalog_search(struct catalog *cat, const struct catalog_query *q,
    const struct catalog_search_options *opts, char **cause)
{
	struct catalog_answer *a = xcalloc(1, sizeof *a);

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
		enum catalog_field field = (enum catalog_field)f;
		struct catalog_result *without = NULL;

		if (!(opts->facets & (1u << f)) ||
		    catalog_field_desc(field)->facet == CATALOG_FACET_NONE)
			continue;
		if (opts->disjunctive && search_selects(q, field)) {
			if ((without = catalog_query_run(cat, q, opts->threshold,
			    field, cause)) == NULL)
				goto fail;
			a->disjunctive[f] = true;
		}
		a->facets[f] = facets_count(cat,
		    without != NULL ? without : a->result, field, opts->threshold,
		    opts->facet_limit, opts->top_only, cause);
		catalog_result_free(without);
		if (a->facets[f] == NULL)
			goto fail;
	}
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
