/*
 * facets.c - counting facets over a result, each as its row of the field
 * table says: top-1 prediction columns for brand/type/color/size, label
 * bitmaps at the threshold for labels (the stored ones at the default
 * threshold, built and cached otherwise; a small result at the default
 * tallies its items' labels instead), a tally of each item's OCR
 * fragments for text, and months of the timestamp column for date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_internal.h"
#include "calendar.h"
#include "cause.h"
#include "rbits.h"
#include "xmalloc.h"

/*
 * A result of at most 1/16 of the items tallies its own OCR fragments
 * even when only the top values are wanted; above it the facet walks the
 * most frequent fragments' bitmaps down, which costs less than every
 * item's 4 fragments. The label facet at the default threshold tallies
 * its items' rows of label bits up to 1/40 and intersects the label
 * bitmaps above. Both intersect through a struct rbits_dense (rbits.h),
 * the result as plain bits. Measured at 1M items, the facet alone
 * (median of 6 calls in one process): labels, 'brand:h&m color:black'
 * (1.3 %) tallied 0.72 ms, intersected 0.9-1.0; 'brand:zara
 * label:Jeans' (1.6 %) 0.96 against 1.27; 'date:2024-03' (4.5 %) 1.7
 * against 0.8-1.2; 'label:Jeans type:Jeans' (5.8 %) 3.4 against 1.3.
 * Text: 'Zara' (12 %) tallied 1.68, walked 1.55; 'type:Sneakers' (5 %)
 * tallied 0.7, walked 1.8.
 *
 * Both take the same fractions from the other end: a result missing
 * fewer items than that is counted as the totals less a tally of its
 * complement ('-brand:zara', 90 %: the text tally of the 10 % not in it
 * 1.45 ms, the walk 1.14).
 */
#define FACETS_TEXT_TALLY_FRACTION 16
#define FACETS_LABEL_TALLY_FRACTION 40

/*
 * Per-item lists of value ids (layout.h: the OCR fragments, the labels at
 * the default): offsets [items + 1] into ids, and for the fragments at
 * any threshold each one's confidence.
 */
struct facets_lists {
	struct uints off, ids;
	const double *confs;          /* NULL: every entry counts */
	uint64_t npairs;
};

/* Map the list columns off_name/ids_name (and conf_name unless NULL). */
static bool
facets_lists_open(struct catalog *cat, const char *off_name,
    const char *ids_name, const char *conf_name, struct facets_lists *l,
    char **cause)
{
	l->confs = NULL;
	if (!catalog_uints(cat, off_name, (uint64_t)cat->nitems + 1, &l->off,
	    cause))
		return false;
	l->npairs = uints_at(&l->off, cat->nitems);
	if (!catalog_uints(cat, ids_name, l->npairs, &l->ids, cause))
		return false;
	if (conf_name != NULL && (l->confs = catalog_array(cat, conf_name,
	    sizeof *l->confs, l->npairs, cause)) == NULL)
		return false;
	return true;
}

/*
 * The tallies read per-item columns at the result's ids: ascending but
 * far apart, a cache miss (and often a TLB miss) each, which the hardware
 * prefetcher does not foresee. So they ask for item i + FACETS_AHEAD's
 * entries while counting item i; a list tally asks for the offsets two
 * strides ahead and, one stride ahead, for the run they point at. At 1M
 * items the label tally of 'brand:zara label:Jeans' went from 4.4 to
 * 1.6 ms.
 */
#define FACETS_AHEAD 16

/* Each item's labels at the default (layout.h): rows of bits, or lists. */
struct facets_labels50 {
	const unsigned char *mask;    /* the rows; NULL: the lists */
	size_t row;                   /* bytes a row */
	struct facets_lists lists;
};

/* Map the default labels' rows, or their lists when the index has those. */
static bool
facets_labels50_open(struct catalog *cat, struct facets_labels50 *l,
    char **cause)
{
	if (!catalog_label_rows(cat, &l->mask, &l->row, cause))
		return false;
	if (l->mask == NULL)
		return facets_lists_open(cat, LAYOUT_COL_LABEL50_OFF,
		    LAYOUT_COL_LABEL50_IDS, NULL, &l->lists, cause);
	return true;
}

#define FACETS_ADD_RUN(T) do {						\
		const T *run_ = (const T *)l->ids.p;			\
		for (uint64_t k = lo; k < hi; k++) {			\
			uint32_t v_ = (uint32_t)run_[k];		\
			if (v_ < nvalues)				\
				tally[v_] += (uint32_t)sign;		\
		}							\
	} while (0)

/*
 * Add (sign 1) or take away (-1) the list entries of the items of bm at
 * >= threshold (every entry when l has no confidences) into
 * tally[value]. The build keeps each item's entries distinct, so an item
 * counts once per value. Offsets come from the file: checked as used.
 */
static bool
facets_tally_lists(struct catalog *cat, const roaring_bitmap_t *bm,
    const struct facets_lists *l, size_t nvalues, double threshold,
    int sign, uint32_t *tally, char **cause)
{
	roaring_uint32_iterator_t *it = roaring_create_iterator(bm);
	uint32_t buf[1024], n;
	bool ok = true;

	while (ok && (n = roaring_read_uint32_iterator(it, buf, 1024)) > 0) {
		for (uint32_t i = 0; i < n; i++) {
			uint64_t lo, hi;
			if (i + 2 * FACETS_AHEAD < n)
				__builtin_prefetch(uints_addr(&l->off,
				    buf[i + 2 * FACETS_AHEAD]));
			if (i + FACETS_AHEAD < n) {
				uint64_t ahead = uints_at(&l->off,
				    buf[i + FACETS_AHEAD]);
				if (ahead < l->npairs) {
					__builtin_prefetch(uints_addr(&l->ids, ahead));
					if (l->confs != NULL)
						__builtin_prefetch(&l->confs[ahead]);
				}
			}
			lo = uints_at(&l->off, buf[i]);
			hi = uints_at(&l->off, (uint64_t)buf[i] + 1);
			if (lo > hi || hi > l->npairs) {
				ok = catalog_corrupt(cat, "list offsets", cause);
				break;
			}
			if (l->confs != NULL) {
				for (uint64_t k = lo; k < hi; k++) {
					uint64_t v = uints_at(&l->ids, k);
					if (v < nvalues && l->confs[k] >= threshold)
						tally[v] += (uint32_t)sign;
				}
				continue;
			}
			switch (l->ids.width) {
			case 1:
				FACETS_ADD_RUN(uint8_t);
				break;
			case 2:
				FACETS_ADD_RUN(uint16_t);
				break;
			case 4:
				FACETS_ADD_RUN(uint32_t);
				break;
			default:
				FACETS_ADD_RUN(uint64_t);
				break;
			}
		}
	}
	roaring_free_uint32_iterator(it);
	return ok;
}
#undef FACETS_ADD_RUN

/*
 * tally[v] += 1 for each label v below nvalues of each item of bm at the
 * default threshold, from its row of bits or its list.
 */
static bool
facets_tally_labels50(struct catalog *cat, const roaring_bitmap_t *bm,
    const struct facets_labels50 *l, size_t nvalues, uint32_t *tally,
    char **cause)
{
	roaring_uint32_iterator_t *it;
	uint32_t buf[1024], n;
	size_t row = l->row;

	if (l->mask == NULL)
		return facets_tally_lists(cat, bm, &l->lists, nvalues,
		    CATALOG_DEFAULT_THRESHOLD, 1, tally, cause);
	it = roaring_create_iterator(bm);
	while ((n = roaring_read_uint32_iterator(it, buf, 1024)) > 0) {
		for (uint32_t i = 0; i < n; i++) {
			const unsigned char *r = l->mask + (size_t)buf[i] * row;
			if (i + FACETS_AHEAD < n) {
				const unsigned char *ahead = l->mask +
				    (size_t)buf[i + FACETS_AHEAD] * row;
				__builtin_prefetch(ahead);
				__builtin_prefetch(ahead + row - 1);
			}
			/* Eight bytes of the row at a time (layout.h: LE bits). */
			for (size_t k = 0; k < row; k += 8) {
				uint64_t w = 0;
				memcpy(&w, r + k, row - k < 8 ? row - k : 8);
				while (w != 0) {
					size_t v = k * 8 +
					    (size_t)__builtin_ctzll(w);
					w &= w - 1;
					if (v < nvalues)
						tally[v]++;
				}
			}
		}
	}
	roaring_free_uint32_iterator(it);
	return true;
}

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
	size_t n = cat->nvalues[LAYOUT_STORE_LABEL];

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
		unsigned char f = LAYOUT_STORE_LABEL;
		key.mv_data = &f;
		key.mv_size = 1;
		for (rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
		    rc == 0 && ok;
		    rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
			struct catalog_posting p;
			if (key.mv_size < 1 ||
			    ((unsigned char *)key.mv_data)[0] != LAYOUT_STORE_LABEL)
				break;
			ok = catalog_posting_parse(cat, &val, &p, cause);
			if (ok && p.value >= n)
				ok = catalog_corrupt(cat, "bad label id", cause);
			if (ok)
				ok = catalog_posting_or(cat, &p, threshold,
				    cat->cache_labels[p.value], cause);
			catalog_release(cat);
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

/*
 * Keep the best limit counts seen so far in top[0..*ntop), descending:
 * top[limit - 1] is the count a value must reach to enter (the pruning
 * of the label and text walks stops below it).
 */
static void
facets_keep_top(uint64_t *top, size_t *ntop, size_t limit, uint64_t c)
{
	size_t k;

	for (k = *ntop; k > 0 && top[k - 1] < c; k--)
		if (k < limit)
			top[k] = top[k - 1];
	if (k < limit) {
		top[k] = c;
		if (*ntop < limit)
			(*ntop)++;
	}
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
 * Each label's items at the default threshold, from the headers of its
 * labels50 posting (no bitmap is read), into totals[0..n).
 */
static bool
facets_label_totals(struct catalog *cat, uint64_t *totals, size_t n,
    char **cause)
{
	MDB_cursor *cur;
	MDB_val key, val;
	bool ok = true;
	int rc;

	if ((rc = mdb_cursor_open(cat->txn, cat->dbi_default, &cur)) != 0) {
		cause_set(cause, "%s: %s", cat->path, mdb_strerror(rc));
		return false;
	}
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_FIRST); rc == 0 && ok;
	    rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		struct catalog_posting p;
		uint32_t v;
		/* Label keys (4 bytes) sort before the text keys (0xff...). */
		if (key.mv_size != 4)
			break;
		v = layout_get_be32(key.mv_data);
		if ((ok = catalog_posting_parse(cat, &val, &p, cause)) && v < n)
			totals[v] = p.count;
	}
	mdb_cursor_close(cur);
	return ok;
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
	size_t n = cat->nvalues[LAYOUT_STORE_LABEL], nl = 0, ntop = 0;
	struct facets_label *labels = xcalloc(n + 1, sizeof *labels);
	uint64_t *top = xcalloc(limit + 1, sizeof *top);
	struct rbits_dense dense;
	bool ok = true, whole;

	*pruned = 0;
	if (threshold == CATALOG_DEFAULT_THRESHOLD &&
	    res->count <= cat->nitems / FACETS_LABEL_TALLY_FRACTION) {
		/* A small result: its items' labels, every count exact. */
		struct facets_labels50 l;
		uint32_t *tally = xcalloc(n + 1, sizeof *tally);
		ok = facets_labels50_open(cat, &l, cause) &&
		    facets_tally_labels50(cat, res->bm, &l, n, tally, cause);
		for (size_t v = 0; ok && v < n; v++)
			counts[v].count = tally[v];
		free(tally);
		goto out;
	}
	if (threshold == CATALOG_DEFAULT_THRESHOLD &&
	    cat->nitems - res->count <= cat->nitems /
	    FACETS_LABEL_TALLY_FRACTION) {
		/*
		 * Nearly the whole index ('-brand:X'): each label's items at
		 * the default, less those of the few items not in the result.
		 */
		struct facets_labels50 l;
		uint32_t *tally = xcalloc(n + 1, sizeof *tally);
		uint64_t *totals = xcalloc(n + 1, sizeof *totals);
		roaring_bitmap_t *rest = roaring_bitmap_flip(res->bm, 0,
		    cat->nitems);
		ok = facets_label_totals(cat, totals, n, cause) &&
		    facets_labels50_open(cat, &l, cause) &&
		    facets_tally_labels50(cat, rest, &l, n, tally, cause);
		for (size_t v = 0; ok && v < n; v++) {
			if (tally[v] > totals[v])
				ok = catalog_corrupt(cat, "label counts", cause);
			else
				counts[v].count = totals[v] - tally[v];
		}
		roaring_bitmap_free(rest);
		free(totals);
		free(tally);
		goto out;
	}
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
	/*
	 * The whole index takes each label's own count, no intersection;
	 * any other result meets every label, laid out once as bits.
	 */
	whole = res->count == cat->nitems;
	if (!whole)
		rbits_dense_init(&dense, res->bm, cat->nitems);
	for (size_t i = 0; i < nl; i++) {
		struct facets_label *l = &labels[i];
		uint64_t c;

		if (limit > 0 && ntop == limit && l->total < top[limit - 1]) {
			if (l->total > 0 && (whole ||
			    rbits_dense_intersects(&dense, l->bm)))
				(*pruned)++;
			continue;
		}
		c = whole ? l->total : rbits_dense_and_cardinality(&dense,
		    l->bm);
		counts[l->value].count = c;
		if (limit == 0 || c == 0)
			continue;
		facets_keep_top(top, &ntop, limit, c);
	}
	if (!whole)
		rbits_dense_free(&dense);
out:
	free(labels);
	free(top);
	return ok;
}

/* counts[col[id]] += sign for the n ids of buf, col of type T. */
#define FACETS_TALLY_IDS(T) do {					\
		const T *col_ = (const T *)col->p;			\
		for (uint32_t i = 0; i < n; i++) {			\
			uint64_t v_;					\
			if (i + FACETS_AHEAD < n)			\
				__builtin_prefetch(&col_[buf[i + FACETS_AHEAD]]); \
			v_ = col_[buf[i]];				\
			/* none, all ones, is never below nvalues */	\
			if (v_ < nvalues)				\
				counts[v_].count += (uint64_t)(int64_t)sign; \
		}							\
	} while (0)

/* Add (sign +1) or take away (-1) the ids buf[0..n) per value of col. */
static void
facets_tally_ids(const uint32_t *buf, uint32_t n, const struct uints *col,
    size_t nvalues, int sign, struct facets_entry *counts)
{
	switch (col->width) {
	case 1:
		FACETS_TALLY_IDS(uint8_t);
		break;
	case 2:
		FACETS_TALLY_IDS(uint16_t);
		break;
	case 4:
		FACETS_TALLY_IDS(uint32_t);
		break;
	default:
		FACETS_TALLY_IDS(uint64_t);
		break;
	}
}

/* Add (sign +1) or take away (-1) the items of bm per value of column col. */
static void
facets_tally(const roaring_bitmap_t *bm, const struct uints *col,
    size_t nvalues, int sign, struct facets_entry *counts)
{
	roaring_uint32_iterator_t *it = roaring_create_iterator(bm);
	uint32_t buf[1024], n;

	while ((n = roaring_read_uint32_iterator(it, buf, 1024)) > 0)
		facets_tally_ids(buf, n, col, nvalues, sign, counts);
	roaring_free_uint32_iterator(it);
}
#undef FACETS_TALLY_IDS

/*
 * Items counted per value of the top-1 column of field. A result of more
 * than half the items is counted as the dictionary's totals minus its
 * complement, so the empty query reads no column at all.
 */
static bool
facets_count_column(struct catalog *cat, const struct catalog_result *res,
    enum catalog_field field, size_t nvalues, struct facets_entry *counts,
    char **cause)
{
	struct uints col;
	uint64_t *totals;
	roaring_bitmap_t *rest;

	if (res->count <= cat->nitems / 2) {
		if (!catalog_top_column(cat, field, &col, cause))
			return false;
		facets_tally(res->bm, &col, nvalues, 1, counts);
		return true;
	}
	totals = xcalloc(nvalues + 1, sizeof *totals);
	if (!catalog_value_totals(cat, catalog_store(field), totals, nvalues,
	    cause)) {
		free(totals);
		return false;
	}
	for (size_t v = 0; v < nvalues; v++)
		counts[v].count = totals[v];
	free(totals);
	if (res->count == cat->nitems)
		return true;
	if (!catalog_top_column(cat, field, &col, cause))
		return false;
	rest = roaring_bitmap_flip(res->bm, 0, cat->nitems);
	facets_tally(rest, &col, nvalues, -1, counts);
	roaring_bitmap_free(rest);
	return true;
}

/*
 * The text facet's top `limit` values at the default threshold, without
 * a tally: the fragments' default postings come most frequent first
 * (layout.h), and once a fragment holds fewer items than the limit-th
 * best count so far, it and all after it cannot enter the top. Only the
 * values counted get a count (facet->distinct undercounts).
 *
 * That ends soon for a large result; for a small one the limit-th count
 * stays low and the walk would meet thousands of fragments. So it gives
 * up after FACETS_WALK_MAX of them (*done false, counts cleared) and the
 * caller tallies instead: at worst a few hundred intersections are lost.
 */
#define FACETS_WALK_MAX 256

static bool
facets_top_text(struct catalog *cat, const struct catalog_result *res,
    size_t nvalues, size_t limit, struct facets_entry *counts, bool *done,
    char **cause)
{
	size_t walked = 0;
	uint64_t *top = xcalloc(limit + 1, sizeof *top);
	unsigned char prefix = LAYOUT_TEXT50_PREFIX;
	struct rbits_dense dense;
	size_t ntop = 0;
	MDB_cursor *cur;
	MDB_val key, val;
	bool ok = true;
	int rc;

	if ((rc = mdb_cursor_open(cat->txn, cat->dbi_default, &cur)) != 0) {
		cause_set(cause, "%s: %s", cat->path, mdb_strerror(rc));
		free(top);
		return false;
	}
	/* The result meets every fragment walked: laid out once as bits. */
	rbits_dense_init(&dense, res->bm, cat->nitems);
	*done = true;
	key.mv_data = &prefix;
	key.mv_size = 1;
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
	    rc == 0 && ok; rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		const unsigned char *k = key.mv_data;
		struct catalog_posting p;
		const roaring_bitmap_t *bm = NULL;
		uint32_t v;
		uint64_t items, c;

		if (key.mv_size != LAYOUT_TEXT50_KEY) {
			ok = catalog_corrupt(cat, "bad text posting key", cause);
			break;
		}
		items = ~layout_get_be32(k + 1) & 0xffffffffu;
		v = layout_get_be32(k + 5);
		if (ntop == limit && items < top[limit - 1])
			break;
		if (++walked > FACETS_WALK_MAX) {
			*done = false;
			for (size_t i = 0; i < nvalues; i++)
				counts[i].count = 0;
			break;
		}
		if (v >= nvalues) {
			ok = catalog_corrupt(cat, "bad text value id", cause);
			break;
		}
		ok = catalog_posting_parse(cat, &val, &p, cause) &&
		    p.nbands == 1 &&
		    (bm = catalog_band_view(cat, &p, 0, cause)) != NULL;
		if (!ok) {
			if (cause != NULL && *cause == NULL)
				ok = catalog_corrupt(cat, "bad text posting", cause);
			break;
		}
		c = rbits_dense_and_cardinality(&dense, bm);
		counts[v].count = c;
		/* This fragment's views and copies: not kept for the walk. */
		catalog_release(cat);
		facets_keep_top(top, &ntop, limit, c);
	}
	if (ok && rc != 0 && rc != MDB_NOTFOUND) {
		cause_set(cause, "%s: %s", cat->path, mdb_strerror(rc));
		ok = false;
	}
	mdb_cursor_close(cur);
	rbits_dense_free(&dense);
	free(top);
	return ok;
}

/*
 * The text facet: per distinct OCR fragment, the result's items that have
 * it at >= threshold. The dictionary is large (tens of thousands of values
 * and more), so rather than a posting list per value this walks the
 * result's own fragments -- at the default threshold only those at >= it,
 * a list of ids and nothing else -- and a result of more than half the
 * items walks its complement instead and subtracts it from the totals.
 */
static bool
facets_count_text(struct catalog *cat, const struct catalog_result *res,
    double threshold, size_t nvalues, struct facets_entry *counts,
    char **cause)
{
	bool all = threshold != CATALOG_DEFAULT_THRESHOLD, ok;
	struct facets_lists t;
	uint32_t *tally = xcalloc(nvalues + 1, sizeof *tally);
	roaring_bitmap_t *whole = NULL, *rest = NULL;

	/* At the default: the fragments at >= it alone, no confidences. */
	if (!(ok = all ? facets_lists_open(cat, LAYOUT_COL_TEXT_OFF,
	    LAYOUT_COL_TEXT_IDS, LAYOUT_COL_TEXT_CONF, &t, cause) :
	    facets_lists_open(cat, LAYOUT_COL_TEXT50_OFF, LAYOUT_COL_TEXT50_IDS,
	    NULL, &t, cause)))
		goto out;
	if (res->count <= cat->nitems / 2) {
		ok = facets_tally_lists(cat, res->bm, &t, nvalues, threshold, 1,
		    tally, cause);
		goto out;
	}
	if (!all) {
		const uint32_t *def = catalog_array(cat, LAYOUT_COL_TEXT_DEFAULT,
		    sizeof *def, nvalues, cause);
		if (!(ok = def != NULL))
			goto out;
		memcpy(tally, def, nvalues * sizeof *tally);
	} else {
		/* Totals at another threshold: one pass over every item. */
		whole = roaring_bitmap_create();
		roaring_bitmap_add_range(whole, 0, cat->nitems);
		if (!(ok = facets_tally_lists(cat, whole, &t, nvalues, threshold,
		    1, tally, cause)))
			goto out;
	}
	if (res->count < cat->nitems) {
		rest = roaring_bitmap_flip(res->bm, 0, cat->nitems);
		ok = facets_tally_lists(cat, rest, &t, nvalues, threshold, -1,
		    tally, cause);
	}
out:
	for (size_t v = 0; ok && v < nvalues; v++)
		counts[v].count = tally[v];
	/* Debian's CRoaring does not take NULL. */
	if (whole != NULL)
		roaring_bitmap_free(whole);
	if (rest != NULL)
		roaring_bitmap_free(rest);
	free(tally);
	return ok;
}

/*
 * The date facet: items per month of res, newest month first, as
 * "YYYY-MM" values. Per day first (one division per item), then days to
 * months, so the calendar arithmetic runs once per day, not per item.
 */
static struct catalog_facet *
facets_count_months(struct catalog *cat, const struct catalog_result *res,
    size_t limit, char **cause)
{
	const int64_t day_ms = 86400000;
	const int64_t *ts;
	struct catalog_facet *facet = xcalloc(1, sizeof *facet);
	int64_t lo = INT64_MAX, hi = INT64_MIN, mlo, mhi;
	uint64_t *counts;
	size_t nm;
	roaring_uint32_iterator_t *it;
	uint32_t buf[1024], n;

	facet->field = CATALOG_DATE;
	if (res->count == 0)
		return facet;
	if ((ts = catalog_column(cat, LAYOUT_COL_TS, sizeof *ts, cause)) == NULL) {
		free(facet);
		return NULL;
	}
	/* Ids run newest first: the first and last ids bound the days. */
	hi = ts[roaring_bitmap_minimum(res->bm)];
	lo = ts[roaring_bitmap_maximum(res->bm)];
	lo = calendar_day(lo);
	hi = calendar_day(hi);
	if (lo > hi) {
		free(facet);
		catalog_corrupt(cat, "timestamps out of order", cause);
		return NULL;
	}
	mlo = calendar_month(lo * day_ms);
	mhi = calendar_month(hi * day_ms);
	nm = (size_t)(mhi - mlo + 1);
	counts = xcalloc(nm, sizeof *counts);
	it = roaring_create_iterator(res->bm);
	if (hi - lo < 4000000) {
		uint64_t *days = xcalloc((size_t)(hi - lo + 1), sizeof *days);
		while ((n = roaring_read_uint32_iterator(it, buf, 1024)) > 0) {
			for (uint32_t i = 0; i < n; i++) {
				days[calendar_day(ts[buf[i]]) - lo]++;
			}
		}
		for (int64_t d = lo; d <= hi; d++) {
			if (days[d - lo] != 0)
				counts[calendar_month(d * day_ms) - mlo] += days[d - lo];
		}
		free(days);
	} else {
		while ((n = roaring_read_uint32_iterator(it, buf, 1024)) > 0) {
			for (uint32_t i = 0; i < n; i++)
				counts[calendar_month(ts[buf[i]]) - mlo]++;
		}
	}
	roaring_free_uint32_iterator(it);
	facet->values = xcalloc(nm + 1, sizeof *facet->values);
	for (int64_t m = mhi; m >= mlo; m--) {
		size_t k = (size_t)(m - mlo);
		struct catalog_facet_value *fv;
		if (counts[k] == 0)
			continue;
		facet->distinct++;
		if (limit != 0 && facet->n == limit)
			continue;
		fv = &facet->values[facet->n++];
		fv->value = xasprintf("%04d-%02d", (int)(m / 12), (int)(m % 12) + 1);
		fv->len = fv->folded_len = strlen(fv->value);
		fv->folded = xstrdup(fv->value);
		fv->count = counts[k];
	}
	free(counts);
	return facet;
}

/* Sift entry i down the min-heap h[0..n) (the root is the weakest kept). */
static void
facets_sift(struct facets_entry *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct facets_entry t;
		/* facets_cmp > 0: a ranks after b, i.e. is weaker. */
		if (l < n && facets_cmp(&h[l], &h[m]) > 0)
			m = l;
		if (r < n && facets_cmp(&h[r], &h[m]) > 0)
			m = r;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/*
 * Keep the best k of counts[0..n) at the front, sorted: a heap of k
 * entries, so a large dictionary is never sorted whole. Returns how many.
 */
static size_t
facets_top(struct facets_entry *counts, size_t n, size_t k)
{
	if (k == 0 || k >= n) {
		qsort(counts, n, sizeof *counts, facets_cmp);
		return n;
	}
	for (size_t i = k / 2 + 1; i-- > 0;)
		facets_sift(counts, k, i);
	for (size_t i = k; i < n; i++) {
		if (facets_cmp(&counts[i], &counts[0]) < 0) {
			counts[0] = counts[i];
			facets_sift(counts, k, 0);
		}
	}
	qsort(counts, k, sizeof *counts, facets_cmp);
	return k;
}

/*
 * The facet of field from counts[0..nvalues) (reordered): the values with
 * a count, the best limit of them with their spellings; pruned values
 * known to be in the result but not counted add to facet->distinct.
 */
static struct catalog_facet *
facets_finish(struct catalog *cat, enum catalog_field field,
    struct facets_entry *counts, size_t nvalues, uint64_t pruned,
    size_t limit)
{
	struct catalog_facet *facet = xcalloc(1, sizeof *facet);
	size_t nonzero = 0;
	uint32_t *ids;

	for (size_t v = 0; v < nvalues; v++)
		if (counts[v].count > 0)
			counts[nonzero++] = counts[v];
	facet->field = field;
	facet->distinct = nonzero + pruned;
	facet->n = facets_top(counts, nonzero, limit);
	facet->values = xcalloc(facet->n + 1, sizeof *facet->values);
	ids = xcalloc(facet->n + 1, sizeof *ids);
	for (size_t i = 0; i < facet->n; i++)
		ids[i] = counts[i].value;
	catalog_values(cat, catalog_store(field), ids, facet->n, facet->values);
	for (size_t i = 0; i < facet->n; i++)
		facet->values[i].count = counts[i].count;
	free(ids);
	return facet;
}

/*
 * Count one facet in a read transaction; the facet is the caller's. With
 * top_only, only the top `limit` values are wanted and facet->distinct
 * may count fewer values than there are (a large result's text facet is
 * then found from the most frequent fragments down, not tallied).
 */
struct catalog_facet *
facets_count(struct catalog *cat, const struct catalog_result *res,
    enum catalog_field field, double threshold, size_t limit, bool top_only,
    char **cause)
{
	const struct catalog_field_desc *fd = catalog_field_desc(field);
	struct catalog_facet *facet = NULL;
	struct facets_entry *counts;
	size_t nvalues, store;
	uint64_t pruned = 0;
	bool ok, top_done;

	if (fd == NULL || fd->facet == CATALOG_FACET_NONE) {
		cause_set(cause, "'%s' is not a facet", fd != NULL ? fd->name : "?");
		return NULL;
	}
	if (!catalog_begin(cat, cause))
		return NULL;
	if (fd->facet == CATALOG_FACET_MONTHS) {
		facet = facets_count_months(cat, res, limit, cause);
		catalog_end(cat);
		return facet;
	}
	store = (size_t)fd->store;
	nvalues = cat->nvalues[store];
	counts = xcalloc(nvalues + 1, sizeof *counts);
	for (size_t v = 0; v < nvalues; v++)
		counts[v].value = (uint32_t)v;
	if (fd->facet == CATALOG_FACET_TOP)
		ok = facets_count_column(cat, res, field, nvalues, counts, cause);
	else if (fd->kind == CATALOG_KIND_TEXT && top_only && limit > 0 &&
	    threshold == CATALOG_DEFAULT_THRESHOLD &&
	    res->count > cat->nitems / FACETS_TEXT_TALLY_FRACTION &&
	    cat->nitems - res->count > cat->nitems /
	    FACETS_TEXT_TALLY_FRACTION)
		ok = facets_top_text(cat, res, nvalues, limit, counts, &top_done,
		    cause) && (top_done || facets_count_text(cat, res, threshold,
		    nvalues, counts, cause));
	else if (fd->kind == CATALOG_KIND_TEXT)
		ok = facets_count_text(cat, res, threshold, nvalues, counts, cause);
	else
		ok = facets_count_labels(cat, res, threshold, limit, counts,
		    &pruned, cause);
	if (ok)
		facet = facets_finish(cat, field, counts, nvalues, pruned, limit);
	free(counts);
	catalog_end(cat);
	return facet;
}

/*
 * The top-1 facets fields[0..n) over res, in one pass over its ids (or,
 * for more than half the items, over its complement), each column swept
 * per block of 1024 ids. Counted one by one, each facet walked the
 * result's containers again: at 1M items a 46 % result spent 1.1-1.6 ms
 * per facet, 5 ms for the four. out[i] is the caller's; false with *cause
 * (and out[] freed).
 */
bool
facets_count_tops(struct catalog *cat, const struct catalog_result *res,
    const enum catalog_field *fields, size_t n, size_t limit,
    struct catalog_facet **out, char **cause)
{
	struct facets_entry *counts[CATALOG_FIELD_COUNT] = { 0 };
	struct uints cols[CATALOG_FIELD_COUNT];
	size_t nvalues[CATALOG_FIELD_COUNT];
	bool complement = res->count > cat->nitems / 2, ok = true;
	roaring_bitmap_t *rest = NULL;
	int sign = complement ? -1 : 1;

	if (n > CATALOG_FIELD_COUNT) {
		cause_set(cause, "too many facets");
		return false;
	}
	if (!catalog_begin(cat, cause))
		return false;
	for (size_t f = 0; f < n && ok; f++) {
		size_t store = catalog_store(fields[f]);
		nvalues[f] = cat->nvalues[store];
		counts[f] = xcalloc(nvalues[f] + 1, sizeof *counts[f]);
		for (size_t v = 0; v < nvalues[f]; v++)
			counts[f][v].value = (uint32_t)v;
		if (complement) {
			uint64_t *totals = xcalloc(nvalues[f] + 1, sizeof *totals);
			ok = catalog_value_totals(cat, store, totals, nvalues[f],
			    cause);
			for (size_t v = 0; ok && v < nvalues[f]; v++)
				counts[f][v].count = totals[v];
			free(totals);
		}
		/* The whole index is its totals: no column read. */
		if (ok && res->count < cat->nitems)
			ok = catalog_top_column(cat, fields[f], &cols[f], cause);
	}
	if (ok && res->count < cat->nitems) {
		roaring_uint32_iterator_t *it;
		uint32_t buf[1024], nb;

		if (complement)
			rest = roaring_bitmap_flip(res->bm, 0, cat->nitems);
		it = roaring_create_iterator(complement ? rest : res->bm);
		while ((nb = roaring_read_uint32_iterator(it, buf, 1024)) > 0)
			for (size_t f = 0; f < n; f++)
				facets_tally_ids(buf, nb, &cols[f], nvalues[f], sign,
				    counts[f]);
		roaring_free_uint32_iterator(it);
		if (rest != NULL)
			roaring_bitmap_free(rest);
	}
	for (size_t f = 0; f < n; f++) {
		out[f] = ok ? facets_finish(cat, fields[f], counts[f], nvalues[f],
		    0, limit) : NULL;
		free(counts[f]);
	}
	catalog_end(cat);
	return ok;
}

/* Count one facet, every distinct value known. */
struct catalog_facet *
catalog_facet_count(struct catalog *cat, const struct catalog_result *res,
    enum catalog_field field, double threshold, size_t limit, char **cause)
{
	return facets_count(cat, res, field, threshold, limit, false, cause);
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
