/*
 * crosstab.c - catalog_crosstab(): two fields of a result as a table of
 * counts (brand x type, brand x ocr:brand). Each row and column is a
 * term (brand:Zara, ocr:brand, -ocr:brand), so any field of the table
 * can be either side: a cell is the result's items matched by both.
 */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "catalog_internal.h"
#include "cause.h"
#include "rbits.h"
#include "fields.h"
#include "xmalloc.h"

/* Free the terms and labels of one side. */
static void
crosstab_side_fini(struct catalog_crosstab_side *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->terms[i]);
		free(s->labels[i]);
	}
	free(s->terms);
	free(s->labels);
	free(s->totals);
}

/* Add a term (owned) labelled label (owned) to side s. */
static void
crosstab_side_add(struct catalog_crosstab_side *s, char *term, char *label)
{
	s->terms = xreallocarray(s->terms, s->n + 1, sizeof *s->terms);
	s->labels = xreallocarray(s->labels, s->n + 1, sizeof *s->labels);
	s->terms[s->n] = term;
	s->labels[s->n++] = label;
}

/*
 * The terms of one side: the top n values of a facet field over res, or,
 * for a field without a facet, each value it can take (hour 0-23, the
 * weekdays, ocr:brand and its negation).
 */
static bool
crosstab_side(struct catalog *cat, const struct catalog_result *res,
    enum catalog_field f, double threshold, size_t n,
    struct catalog_crosstab_side *s, char **cause)
{
	const struct catalog_field_desc *d = catalog_field_desc(f);
	struct catalog_query *empty = catalog_query_parse("", NULL);

	s->field = f;
	if (d->facet != CATALOG_FACET_NONE) {
		struct catalog_facet *fc = catalog_facet_count(cat, res, f,
		    threshold, n, cause);
		if (fc == NULL) {
			catalog_query_free(empty);
			return false;
		}
		for (size_t i = 0; i < fc->n; i++) {
			struct catalog_query *one;
			/* A value a query cannot spell (a NUL) has no term. */
			if (fc->values[i].len != strlen(fc->values[i].value))
				continue;
			one = catalog_query_add(empty, f, fc->values[i].value, false);
			if (one == NULL)
				continue;
			crosstab_side_add(s, catalog_query_format(one),
			    xstrndup(fc->values[i].value, fc->values[i].len));
			catalog_query_free(one);
		}
		catalog_facet_free(fc);
	} else if (d->kind == CATALOG_KIND_HOUR) {
		for (int h = 0; h < 24; h++) {
			char v[3];
			fields_hour_value(h, v);
			crosstab_side_add(s, xasprintf("%s:%s", d->name, v),
			    xstrdup(v));
		}
	} else if (d->kind == CATALOG_KIND_WEEKDAY) {
		for (int k = 0; k < 7; k++)
			crosstab_side_add(s, xasprintf("%s:%s", d->name,
			    fields_weekday_name(k)), xstrdup(fields_weekday_name(k)));
	} else if (d->kind == CATALOG_KIND_OCR) {
		crosstab_side_add(s, xasprintf("%s:%s", d->name, FIELDS_OCR_VALUE),
		    xasprintf("%s:%s", d->name, FIELDS_OCR_VALUE));
		crosstab_side_add(s, xasprintf("-%s:%s", d->name, FIELDS_OCR_VALUE),
		    xasprintf("-%s:%s", d->name, FIELDS_OCR_VALUE));
	} else {
		catalog_query_free(empty);
		cause_set(cause, "'%s' cannot be a side of a crosstab: it has "
		    "no facet", d->name);
		return false;
	}
	catalog_query_free(empty);
	s->totals = xcalloc(s->n + 1, sizeof *s->totals);
	return true;
}

/* The items of res that term matches (owned), or NULL with *cause. */
static roaring_bitmap_t *
crosstab_items(struct catalog *cat, const struct catalog_result *res,
    const char *term, double threshold, char **cause)
{
	struct catalog_query *q = catalog_query_parse(term, NULL);
	struct catalog_result *r;
	roaring_bitmap_t *bm;

	if (q == NULL) {
		cause_set(cause, "crosstab: the term '%s' does not parse", term);
		return NULL;
	}
	r = catalog_query_run(cat, q, threshold, CATALOG_NONE, cause);
	catalog_query_free(q);
	if (r == NULL)
		return NULL;
	bm = roaring_bitmap_and(r->bm, res->bm);
	catalog_result_free(r);
	return bm;
}

/* Count the cells of rows x cols over res; the table is the caller's. */
struct catalog_crosstab *
catalog_crosstab(struct catalog *cat, const struct catalog_result *res,
    enum catalog_field rows, enum catalog_field cols, double threshold,
    size_t nrows, size_t ncols, char **cause)
{
	struct catalog_crosstab *x = xcalloc(1, sizeof *x);
	roaring_bitmap_t **cb = NULL;
	bool ok;

	if (catalog_field_desc(rows) == NULL || catalog_field_desc(cols) == NULL) {
		cause_set(cause, "crosstab: no such field");
		free(x);
		return NULL;
	}
	ok = crosstab_side(cat, res, rows, threshold, nrows, &x->rows, cause) &&
	    crosstab_side(cat, res, cols, threshold, ncols, &x->cols, cause);
	if (ok) {
		x->counts = xcalloc(x->rows.n * x->cols.n + 1, sizeof *x->counts);
		cb = xcalloc(x->cols.n + 1, sizeof *cb);
		for (size_t j = 0; j < x->cols.n && ok; j++) {
			ok = (cb[j] = crosstab_items(cat, res, x->cols.terms[j],
			    threshold, cause)) != NULL;
			if (ok)
				x->cols.totals[j] = roaring_bitmap_get_cardinality(cb[j]);
		}
	}
	for (size_t i = 0; ok && i < x->rows.n; i++) {
		roaring_bitmap_t *rb = crosstab_items(cat, res, x->rows.terms[i],
		    threshold, cause);
		if (!(ok = rb != NULL))
			break;
		x->rows.totals[i] = roaring_bitmap_get_cardinality(rb);
		for (size_t j = 0; j < x->cols.n; j++)
			x->counts[i * x->cols.n + j] =
			    rbits_and_cardinality(rb, cb[j]);
		roaring_bitmap_free(rb);
	}
	for (size_t j = 0; cb != NULL && j < x->cols.n; j++)
		if (cb[j] != NULL)
			roaring_bitmap_free(cb[j]);
	free(cb);
	if (!ok) {
		catalog_crosstab_free(x);
		return NULL;
	}
	x->total = res->count;
	return x;
}

/* Free a crosstab and everything in it. */
void
catalog_crosstab_free(struct catalog_crosstab *x)
{
	if (x == NULL)
		return;
	crosstab_side_fini(&x->rows);
	crosstab_side_fini(&x->cols);
	free(x->counts);
	free(x);
}

/* The share of a row's items the text confirms (0 for none). */
static double
crosstab_share(const struct catalog_agreement_row *r)
{
	return r->items ? (double)r->confirmed / (double)r->items : 0.0;
}

/* qsort: lowest share first, then most items, then by brand. */
static int
crosstab_agreement_cmp(const void *a, const void *b)
{
	const struct catalog_agreement_row *x = a, *y = b;
	double rx = crosstab_share(x), ry = crosstab_share(y);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (x->items != y->items)
		return x->items > y->items ? -1 : 1;
	return strcmp(x->brand, y->brand);
}

/*
 * OCR agreement per brand: the brand x ocr:brand crosstab of res, its
 * rows with enough items sorted by the share ocr:brand confirms.
 */
struct catalog_agreement *
catalog_ocr_agreement(struct catalog *cat, const struct catalog_result *res,
    double threshold, size_t nbrands, uint64_t min_items, char **cause)
{
	struct catalog_crosstab *x = catalog_crosstab(cat, res, CATALOG_BRAND,
	    CATALOG_OCR, threshold, nbrands, 2, cause);
	struct catalog_agreement *a;

	if (x == NULL)
		return NULL;
	a = xcalloc(1, sizeof *a);
	a->rows = xcalloc(x->rows.n + 1, sizeof *a->rows);
	a->brands = x->rows.n;
	a->min_items = min_items;
	/* Column 0 is ocr:brand, column 1 its negation (crosstab_side). */
	for (size_t i = 0; i < x->rows.n; i++) {
		struct catalog_agreement_row *r = &a->rows[a->n];

		if (x->rows.totals[i] < min_items || x->rows.totals[i] == 0)
			continue;
		r->brand = x->rows.labels[i];
		r->term = x->rows.terms[i];
		x->rows.labels[i] = x->rows.terms[i] = NULL;
		r->items = x->rows.totals[i];
		r->confirmed = x->counts[i * x->cols.n];
		a->n++;
	}
	qsort(a->rows, a->n, sizeof *a->rows, crosstab_agreement_cmp);
	catalog_crosstab_free(x);
	return a;
}

/* Free an agreement table. */
void
catalog_agreement_free(struct catalog_agreement *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->n; i++) {
		free(a->rows[i].brand);
		free(a->rows[i].term);
	}
	free(a->rows);
	free(a);
}
