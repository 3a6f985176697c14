/*
 * facet.c - a facet's values and counts (see facet.h).
 */
#include "facet.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "calendar.h"
#include "xmalloc.h"

const enum catalog_field facet_fields[FACET_COUNT] = {
	CATALOG_BRAND, CATALOG_TYPE, CATALOG_COLOR, CATALOG_SIZE,
	CATALOG_LABEL, CATALOG_DATE,
};

/* NFKC case folding, as the catalog compares values (owned). */
char *
facet_fold(const char *s)
{
	utf8proc_uint8_t *out = NULL;

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_COMPAT | UTF8PROC_CASEFOLD) < 0 || out == NULL) {
		free(out);
		return xstrdup(s);
	}
	return (char *)out;
}

/*
 * Find the term of q selecting value (folded, of facet f); *negated tells
 * which kind. -1 when there is none.
 */
long
facet_find_term(const struct catalog_query *q, int f, const char *folded,
    size_t folded_len, bool *negated)
{
	const struct catalog_term *t;
	char *tf;
	size_t i;
	bool same;

	if (q == NULL)
		return -1;
	for (i = 0; i < catalog_query_term_count(q); i++) {
		t = catalog_query_term(q, i);
		if (t->field != facet_fields[f] || t->prefix ||
		    t->has_min_confidence)
			continue;
		tf = facet_fold(t->value);
		/* By length: a value with a NUL is not the term before it. */
		same = strlen(tf) == folded_len &&
		    memcmp(tf, folded, folded_len) == 0;
		free(tf);
		if (same) {
			*negated = t->negated;
			return (long)i;
		}
	}
	return -1;
}

/* True when q has a term on the facet's field (its counts are disjunctive). */
static bool
facet_has_field(const struct catalog_query *q, enum catalog_field field)
{
	size_t i;

	for (i = 0; q != NULL && i < catalog_query_term_count(q); i++) {
		if (catalog_query_term(q, i)->field == field)
			return true;
	}
	return false;
}

/* Free the values of a facet view. */
void
facet_clear(struct facet *fv)
{
	size_t i;

	for (i = 0; i < fv->n; i++) {
		free(fv->values[i].value);
		free(fv->values[i].folded);
	}
	free(fv->values);
	free(fv->vis);
	fv->values = NULL;
	fv->vis = NULL;
	fv->n = fv->nvis = 0;
	fv->max = 0;
}

/* Recompute which values of a facet match its search. */
void
facet_filter(struct facet *fv)
{
	char *needle = facet_fold(fv->search);
	size_t i;

	free(fv->vis);
	fv->vis = xcalloc(fv->n + 1, sizeof *fv->vis);
	fv->nvis = 0;
	for (i = 0; i < fv->n; i++) {
		if (*needle == '\0' || memmem(fv->values[i].folded,
		    fv->values[i].folded_len, needle, strlen(needle)) != NULL)
			fv->vis[fv->nvis++] = i;
	}
	free(needle);
	if (fv->cursor >= fv->nvis)
		fv->cursor = fv->nvis > 0 ? fv->nvis - 1 : 0;
}

/* Count items per month of res into a facet view (newest month first). */
static bool
facet_count_dates(struct catalog *cat, const struct catalog_result *res,
    struct facet *fv, char **cause)
{
	const int64_t day_ms = CALENDAR_DAY_MS;
	uint64_t n = catalog_result_count(res), i, *days, *counts;
	int64_t *ts = NULL, lo = INT64_MAX, hi = INT64_MIN, m, d, mlo, mhi;
	size_t nm, k;

	if (n == 0)
		return true;
	if (!catalog_result_timestamps(cat, res, &ts, cause))
		return false;
	/*
	 * Per day first (one division per item), then days to months: the
	 * calendar arithmetic runs once per day, not once per item.
	 */
	for (i = 0; i < n; i++) {
		d = calendar_day(ts[i]);
		ts[i] = d;
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
	}
	mlo = calendar_month(lo * day_ms);
	mhi = calendar_month(hi * day_ms);
	nm = (size_t)(mhi - mlo + 1);
	counts = xcalloc(nm, sizeof *counts);
	if (hi - lo < 4000000) {
		days = xcalloc((size_t)(hi - lo + 1), sizeof *days);
		for (i = 0; i < n; i++)
			days[ts[i] - lo]++;
		for (d = lo; d <= hi; d++) {
			if (days[d - lo] != 0)
				counts[calendar_month(d * day_ms) - mlo] +=
				    days[d - lo];
		}
		free(days);
	} else {
		for (i = 0; i < n; i++)
			counts[calendar_month(ts[i] * day_ms) - mlo]++;
	}
	free(ts);
	fv->values = xcalloc(nm, sizeof *fv->values);
	for (m = mhi; m >= mlo; m--) {
		k = (size_t)(m - mlo);
		if (counts[k] == 0)
			continue;
		fv->values[fv->n].value = xasprintf("%04d-%02d",
		    (int)(m / 12), (int)(m % 12) + 1);
		fv->values[fv->n].len = strlen(fv->values[fv->n].value);
		fv->values[fv->n].folded = xstrdup(fv->values[fv->n].value);
		fv->values[fv->n].folded_len = fv->values[fv->n].len;
		fv->values[fv->n].count = counts[k];
		if (counts[k] > fv->max)
			fv->max = counts[k];
		fv->n++;
	}
	free(counts);
	return true;
}

/*
 * Count facet f of res into fv's values (fv empty on entry): disjunctive
 * (as if the facet's own terms were removed) when q has terms on that
 * field. Used by the main thread and the counting thread, each with its
 * own catalog handle.
 */
bool
facet_compute(struct catalog *cat, const struct catalog_query *q,
    const struct catalog_result *res, double threshold, int f,
    struct facet *fv, char **cause)
{
	struct catalog_result *dis = NULL;
	struct catalog_facet *cf;
	size_t i;
	bool ok = false;

	fv->disjunctive = facet_has_field(q, facet_fields[f]);
	if (fv->disjunctive) {
		dis = catalog_query_run(cat, q, threshold, facet_fields[f],
		    cause);
		if (dis == NULL)
			return false;
		res = dis;
	}
	if (f == FACET_DATE) {
		ok = facet_count_dates(cat, res, fv, cause);
	} else if ((cf = catalog_facet_count(cat, res, facet_fields[f],
	    threshold, 0, cause)) != NULL) {
		fv->values = xcalloc(cf->n + 1, sizeof *fv->values);
		for (i = 0; i < cf->n; i++) {
			fv->values[i].value = xstrndup(cf->values[i].value,
			    cf->values[i].len);
			fv->values[i].len = cf->values[i].len;
			fv->values[i].folded = xstrndup(cf->values[i].folded,
			    cf->values[i].folded_len);
			fv->values[i].folded_len = cf->values[i].folded_len;
			fv->values[i].count = cf->values[i].count;
			if (cf->values[i].count > fv->max)
				fv->max = cf->values[i].count;
		}
		fv->n = cf->n;
		catalog_facet_free(cf);
		ok = true;
	}
	catalog_result_free(dis);
	return ok;
}
