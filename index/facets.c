/*
 * facets.c - counting facets over a result: top-1 prediction columns for
 * brand/type/color/size, label bitmaps at the threshold for labels (the
 * stored ones at the default threshold, built and cached otherwise).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_internal.h"
#include "cause.h"
#include "xmalloc.h"

/* One value id of a field and how many result items have it. */

struct facets_entry {
	uint32_t value;
	uint64_t count;
};

/* qsort order: highest count first, ties in folded value order. */
static int
facets_cmp(const void *a, const void *b)
{
	const struct facets_entry *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	/* Value ids follow the folded order. */
	return x->value < y->value ? -1 : x->value > y->value;
}

/* Label bitmaps at threshold, one per label id (cached, owned by cat). */
static bool
facets_label_bitmaps(struct catalog *cat, double threshold,
    char **cause)
{
	MDB_cursor *cur;
	MDB_val key, val;
	int rc;
	bool ok = true;
	size_t n = cat->nvalues[CATALOG_LABEL];

	if (cat->cache_labels != NULL && cat->cache_threshold == threshold)
		return true;
	for (size_t i = 0; i < cat->cache_nlabels; i++)
		roaring_bitmap_free(cat->cache_labels[i]);
	free(cat->cache_labels);
	cat->cache_labels = xcalloc(n + 1, sizeof *cat->cache_labels);
	cat->cache_nlabels = n;
	cat->cache_threshold = threshold;
	for (size_t i = 0; i < n; i++)
		cat->cache_labels[i] = roaring_bitmap_create();
	if ((rc = mdb_cursor_open(cat->txn, cat->dbi_postings, &cur)) != 0) {
		cause_set(cause, "%s: %s", cat->path, mdb_strerror(rc));
		return false;
	}
	{
		unsigned char f = CATALOG_LABEL;
		key.mv_data = &f;
		key.mv_size = 1;
		for (rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
		    rc == 0 && ok;
		    rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
			struct catalog_posting p;
			if (key.mv_size < 1 ||
			    ((unsigned char *)key.mv_data)[0] != CATALOG_LABEL)
				break;
			ok = catalog_posting_parse(cat, &val, &p, cause);
			if (ok && p.value >= n)
				ok = catalog_corrupt(cat, "bad label id", cause);
			if (ok)
				ok = catalog_posting_or(cat, &p, threshold,
				    cat->cache_labels[p.value], cause);
			while (cat->nviews > 0)
				roaring_bitmap_free((roaring_bitmap_t *)
				    cat->views[--cat->nviews]);
		}
	}
	mdb_cursor_close(cur);
	if (!ok) {
		for (size_t i = 0; i < n; i++)
			roaring_bitmap_free(cat->cache_labels[i]);
		free(cat->cache_labels);
		cat->cache_labels = NULL;
		cat->cache_nlabels = 0;
	}
	return ok;
}

/* A label's bitmap at the threshold and how many items it holds. */
struct facets_label {
	uint32_t value;
	uint64_t total;
	const roaring_bitmap_t *bm;
};

/* qsort order: largest labels first (pruning needs it), then id. */
static int
facets_cmp_total(const void *a, const void *b)
{
	const struct facets_label *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return x->value < y->value ? -1 : x->value > y->value;
}

/*
 * Count the label facet: |result ∩ label(threshold)| per label, for the
 * labels that can reach the top `limit` (0 = all). Labels are taken
 * largest first; once a label holds fewer items than the limit-th best
 * count so far, it and all after it cannot enter the top, and only
 * whether they meet the result at all is asked (for facet->distinct,
 * added to *pruned). On 1M items this skips most of the intersections.
 */
static bool
facets_count_labels(struct catalog *cat, const struct catalog_result *res,
    double threshold, size_t limit, struct facets_entry *counts,
    uint64_t *pruned, char **cause)
{
	size_t n = cat->nvalues[CATALOG_LABEL], nl = 0, ntop = 0;
	struct facets_label *labels = xcalloc(n + 1, sizeof *labels);
	uint64_t *top = xcalloc(limit + 1, sizeof *top);
	bool ok = true;

	*pruned = 0;
	if (threshold == CATALOG_DEFAULT_THRESHOLD) {
		/* Stored bitmaps for the default: no materialising. */
		MDB_cursor *cur;
		MDB_val key, val;
		int rc;

		if ((rc = mdb_cursor_open(cat->txn, cat->dbi_default, &cur)) != 0) {
			cause_set(cause, "%s: %s", cat->path, mdb_strerror(rc));
			ok = false;
			goto out;
		}
		for (rc = mdb_cursor_get(cur, &key, &val, MDB_FIRST);
		    rc == 0 && ok && nl < n;
		    rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
			struct catalog_posting p;
			const roaring_bitmap_t *bm = NULL;
			uint32_t v;
			if (key.mv_size != 4)
				continue;
			v = layout_get_be32(key.mv_data);
			if (v >= n)
				continue;
			ok = catalog_posting_parse(cat, &val, &p, cause) &&
			    p.nbands == 1 &&
			    (bm = catalog_band_view(cat, &p, 0, cause)) != NULL;
			if (ok) {
				labels[nl].value = v;
				labels[nl].total = p.count;
				labels[nl++].bm = bm;
			}
		}
		mdb_cursor_close(cur);
	} else {
		if (!(ok = facets_label_bitmaps(cat, threshold, cause)))
			goto out;
		for (size_t v = 0; v < n; v++) {
			labels[nl].value = (uint32_t)v;
			labels[nl].total = roaring_bitmap_get_cardinality(
			    cat->cache_labels[v]);
			labels[nl++].bm = cat->cache_labels[v];
		}
	}
	if (!ok)
		goto out;
	qsort(labels, nl, sizeof *labels, facets_cmp_total);
	for (size_t i = 0; i < nl; i++) {
		struct facets_label *l = &labels[i];
		uint64_t c;
		size_t k;

		if (limit > 0 && ntop == limit && l->total < top[limit - 1]) {
			if (l->total > 0 && roaring_bitmap_intersect(res->bm, l->bm))
				(*pruned)++;
			continue;
		}
		c = roaring_bitmap_and_cardinality(res->bm, l->bm);
		counts[l->value].count = c;
		if (limit == 0 || c == 0)
			continue;
		/* Keep the best `limit` counts, descending. */
		for (k = ntop; k > 0 && top[k - 1] < c; k--)
			if (k < limit)
				top[k] = top[k - 1];
		if (k < limit) {
			top[k] = c;
			if (ntop < limit)
				ntop++;
		}
	}
out:
	free(labels);
	free(top);
	return ok;
}

/* Add (sign +1) or take away (-1) the items of bm per value of column col. */
static void
facets_tally(const roaring_bitmap_t *bm, const uint32_t *col, size_t nvalues,
    int sign, struct facets_entry *counts)
{
	roaring_uint32_iterator_t *it = roaring_create_iterator(bm);
	uint32_t buf[1024], n;

	while ((n = roaring_read_uint32_iterator(it, buf, 1024)) > 0) {
		for (uint32_t i = 0; i < n; i++) {
			uint32_t v = col[buf[i]];
			if (v < nvalues)
				counts[v].count += (uint64_t)(int64_t)sign;
		}
	}
	roaring_free_uint32_iterator(it);
}

/*
 * Items counted per value of the top-1 column of field. A result of more
 * than half the items is counted as the dictionary's totals minus its
 * complement, so the empty query reads no column at all.
 */
static bool
facets_count_column(struct catalog *cat, const struct catalog_result *res,
    size_t field, size_t nvalues, struct facets_entry *counts, char **cause)
{
	const uint32_t *col;
	uint64_t *totals;
	roaring_bitmap_t *rest;

	if (res->count <= cat->nitems / 2) {
		if ((col = catalog_top_column(cat, field, cause)) == NULL)
			return false;
		facets_tally(res->bm, col, nvalues, 1, counts);
		return true;
	}
	totals = xcalloc(nvalues + 1, sizeof *totals);
	if (!catalog_value_totals(cat, field, totals, nvalues, cause)) {
		free(totals);
		return false;
	}
	for (size_t v = 0; v < nvalues; v++)
		counts[v].count = totals[v];
	free(totals);
	if (res->count == cat->nitems)
		return true;
	if ((col = catalog_top_column(cat, field, cause)) == NULL)
		return false;
	rest = roaring_bitmap_flip(res->bm, 0, cat->nitems);
	facets_tally(rest, col, nvalues, -1, counts);
	roaring_bitmap_free(rest);
	return true;
}

/* Count one facet in a read transaction; the facet is the caller's. */
struct catalog_facet *
catalog_facet_count(struct catalog *cat, const struct catalog_result *res,
    enum catalog_field field, double threshold, size_t limit, char **cause)
{
	struct catalog_facet *facet = NULL;
	struct facets_entry *counts;
	size_t nvalues, nonzero = 0;
	uint64_t pruned = 0;
	bool ok;

	if ((int)field < 0 || field > CATALOG_LABEL) {
		cause_set(cause, "no facet for field %d", (int)field);
		return NULL;
	}
	if (!catalog_begin(cat, cause))
		return NULL;
	nvalues = cat->nvalues[field];
	counts = xcalloc(nvalues + 1, sizeof *counts);
	for (size_t v = 0; v < nvalues; v++)
		counts[v].value = (uint32_t)v;
	if (field == CATALOG_LABEL)
		ok = facets_count_labels(cat, res, threshold, limit, counts,
		    &pruned, cause);
	else
		ok = facets_count_column(cat, res, field, nvalues, counts, cause);
	if (ok) {
		for (size_t v = 0; v < nvalues; v++)
			if (counts[v].count > 0)
				counts[nonzero++] = counts[v];
		qsort(counts, nonzero, sizeof *counts, facets_cmp);
		facet = xcalloc(1, sizeof *facet);
		facet->field = field;
		facet->distinct = nonzero + pruned;
		facet->n = limit == 0 || limit > nonzero ? nonzero : limit;
		facet->values = xcalloc(facet->n + 1, sizeof *facet->values);
		for (size_t i = 0; i < facet->n; i++) {
			struct catalog_facet_value *fv = &facet->values[i];
			fv->count = counts[i].count;
			if (!catalog_value(cat, field, counts[i].value, fv)) {
				fv->value = xstrdup("?");
				fv->len = 1;
				fv->folded = xstrdup("?");
				fv->folded_len = 1;
			}
		}
	}
	free(counts);
	catalog_end(cat);
	return facet;
}

/* Free the facet and the value strings it owns. */
void
catalog_facet_free(struct catalog_facet *facet)
{
	if (facet == NULL)
		return;
	for (size_t i = 0; i < facet->n; i++) {
		free(facet->values[i].value);
		free(facet->values[i].folded);
	}
	free(facet->values);
	free(facet);
}
