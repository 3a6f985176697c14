/*
 * engine.c - running a parsed query (query.h) on the posting lists:
 * one bitmap per field group OR-ed, groups AND-ed smallest first,
 * negated terms subtracted; dates are id ranges on the timestamp column.
 * Also the result's order and paging.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog_internal.h"
#include "buf.h"
#include "cause.h"
#include "fields.h"
#include "query.h"
#include "xmalloc.h"

/* Items whose (field, folded) posting matches at >= threshold. */
static bool
engine_match_value(struct catalog *cat, size_t field, const char *folded,
    double threshold, roaring_bitmap_t *acc, char **cause)
{
	struct catalog_posting p;
	bool found;

	if (!catalog_posting_get(cat, field, folded, &p, &found, cause))
		return false;
	if (!found)
		return true;
	if (field == LAYOUT_STORE_LABEL &&
	    threshold == CATALOG_DEFAULT_THRESHOLD) {
		/*
		 * The label's one bitmap at the default (labels50), not the
		 * union of its fifty bands >= 50: at 1M items 'label:Text'
		 * took 2.2 ms of unions, the one bitmap 0.2 ms.
		 */
		unsigned char key[4];
		MDB_val k = { sizeof key, key }, val;
		struct catalog_posting d;
		const roaring_bitmap_t *bm;
		int rc;

		layout_put_be32(key, p.value);
		if ((rc = catalog_get(cat, cat->dbi_default, &k, &val)) != 0) {
			cause_set(cause, "%s: %s", cat->path, mdb_strerror(rc));
			return false;
		}
		if (!catalog_posting_parse(cat, &val, &d, cause))
			return false;
		if (d.nbands != 1 || d.value != p.value)
			return catalog_corrupt(cat, "bad default label posting",
			    cause);
		if ((bm = catalog_band_view(cat, &d, 0, cause)) == NULL)
			return false;
		roaring_bitmap_or_inplace(acc, bm);
		return true;
	}
	return catalog_posting_or(cat, &p, threshold, acc, cause);
}

/* OCR fragments starting with prefix: scan the sorted keys. */
static bool
engine_match_prefix(struct catalog *cat, const char *prefix,
    double threshold, roaring_bitmap_t *acc, char **cause)
{
	MDB_cursor *cur;
	struct buf k;
	MDB_val key, val;
	int rc;
	bool ok = true;

	buf_init(&k);
	buf_addc(&k, (char)LAYOUT_STORE_TEXT);
	buf_adds(&k, prefix);
	if ((rc = mdb_cursor_open(cat->txn, cat->dbi_postings, &cur)) != 0) {
		buf_fini(&k);
		cause_set(cause, "%s: %s", cat->path, mdb_strerror(rc));
		return false;
	}
	key.mv_data = k.data;
	key.mv_size = k.len;
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE); rc == 0 && ok;
	    rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		struct catalog_posting p;
		if (key.mv_size < k.len || memcmp(key.mv_data, k.data, k.len) != 0)
			break;
		ok = catalog_posting_parse(cat, &val, &p, cause) &&
		    catalog_posting_or(cat, &p, threshold, acc, cause);
	}
	mdb_cursor_close(cur);
	buf_fini(&k);
	return ok;
}

/* Binary search in the descending timestamp column: first id with ts <= t. */
static uint32_t
engine_first_at_or_before(const int64_t *ts, uint32_t n, int64_t t)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (ts[mid] <= t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The id of uuid value, via the uuid table; false when there is none. */
static bool
engine_uuid_id(struct catalog *cat, const char *value, uint32_t *id,
    bool *found, char **cause)
{
	MDB_val key = { strlen(value), (void *)value }, val;

	*found = false;
	if (key.mv_size == 0 ||
	    catalog_get(cat, cat->dbi_uuids, &key, &val) != 0)
		return true;
	if (val.mv_size != sizeof *id)
		return catalog_corrupt(cat, "bad uuid entry", cause);
	memcpy(id, val.mv_data, sizeof *id);
	if (*id >= cat->nitems)
		return catalog_corrupt(cat, "uuid entry past the items", cause);
	*found = true;
	return true;
}

/*
 * OR into acc the near-duplicates of uuid value (similar:) or, for dup:,
 * every item that has some (yes) or none (no): from the dupoff column.
 */
static bool
engine_match_dups(struct catalog *cat, const struct query_term *t,
    enum catalog_kind kind, roaring_bitmap_t *acc, char **cause)
{
	const uint64_t *off;
	const uint32_t *ids;
	uint64_t end;

	if ((off = catalog_dup_offsets(cat, &end, cause)) == NULL ||
	    (ids = catalog_array(cat, LAYOUT_COL_DUP_IDS, sizeof *ids, end,
	    cause)) == NULL)
		return false;
	if (kind == CATALOG_KIND_SIMILAR) {
		uint32_t id;
		bool found;
		if (!engine_uuid_id(cat, t->value, &id, &found, cause))
			return false;
		if (found)
			roaring_bitmap_add_many(acc, (size_t)(off[id + 1] - off[id]),
			    ids + off[id]);
		return true;
	}
	{
		/* Runs of items that have (or lack) near-duplicates, as ranges. */
		bool yes = strcmp(t->folded, FIELDS_DUP_YES) == 0;
		uint32_t from = 0;
		for (uint32_t id = 0; id <= cat->nitems; id++) {
			bool in = id < cat->nitems && (off[id + 1] > off[id]) == yes;
			if (!in) {
				if (id > from)
					roaring_bitmap_add_range(acc, from, id);
				from = id + 1;
			}
		}
	}
	return true;
}

/* OR into acc the items of a bare word: each field the table says it covers. */
static bool
engine_match_any(struct catalog *cat, const struct query_term *t,
    double threshold, roaring_bitmap_t *acc, char **cause)
{
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *fd =
		    catalog_field_desc((enum catalog_field)f);
		bool ok = true;

		switch (fd->kind) {
		case CATALOG_KIND_TOP:
			ok = engine_match_value(cat, (size_t)fd->store, t->folded, 0,
			    acc, cause);
			break;
		case CATALOG_KIND_SCORED:
			ok = engine_match_value(cat, (size_t)fd->store, t->folded,
			    threshold, acc, cause);
			break;
		case CATALOG_KIND_TEXT:
			ok = t->folded_prefix ?
			    engine_match_prefix(cat, t->folded_stem, threshold, acc,
			    cause) :
			    engine_match_value(cat, (size_t)fd->store, t->folded,
			    threshold, acc, cause);
			break;
		default:
			break; /* any-rank, dates and uuids are not bare words */
		}
		if (!ok)
			return false;
	}
	return true;
}

/* OR into acc the items term t matches. */
static bool
engine_match_term(struct catalog *cat, const struct query_term *t,
    double threshold, roaring_bitmap_t *acc, char **cause)
{
	const struct catalog_term *pt = &t->pub;
	const struct catalog_field_desc *fd = catalog_field_desc(pt->field);
	double th = pt->has_min_confidence ? pt->min_confidence : threshold;

	switch (fd->kind) {
	case CATALOG_KIND_TOP:
	case CATALOG_KIND_RANKED:
		return engine_match_value(cat, (size_t)fd->store, t->folded, 0, acc,
		    cause);
	case CATALOG_KIND_SCORED:
		return engine_match_value(cat, (size_t)fd->store, t->folded, th,
		    acc, cause);
	case CATALOG_KIND_TEXT:
		if (pt->prefix)
			return engine_match_prefix(cat, t->folded_stem, th, acc,
			    cause);
		return engine_match_value(cat, (size_t)fd->store, t->folded, th,
		    acc, cause);
	case CATALOG_KIND_TIME: {
		const int64_t *ts = catalog_column(cat, LAYOUT_COL_TS,
		    sizeof(int64_t), cause);
		uint32_t first, end;
		if (ts == NULL)
			return false;
		/* Ids run newest first: a date range is an id range. */
		first = engine_first_at_or_before(ts, cat->nitems, t->date_hi);
		end = t->date_lo == INT64_MIN ? cat->nitems :
		    engine_first_at_or_before(ts, cat->nitems, t->date_lo - 1);
		if (first < end)
			roaring_bitmap_add_range(acc, first, end);
		return true;
	}
	case CATALOG_KIND_ID: {
		uint32_t id;
		bool found;
		if (!engine_uuid_id(cat, t->value, &id, &found, cause))
			return false;
		if (found)
			roaring_bitmap_add(acc, id);
		return true;
	}
	case CATALOG_KIND_SIMILAR:
	case CATALOG_KIND_DUP:
		return engine_match_dups(cat, t, fd->kind, acc, cause);
	case CATALOG_KIND_ANY:
		return engine_match_any(cat, t, threshold, acc, cause);
	case CATALOG_KIND_HOUR:
	case CATALOG_KIND_WEEKDAY: {
		/* Each value of the span, wrapping past the last (22..5). */
		int last = fd->kind == CATALOG_KIND_HOUR ? 23 : 6;
		for (int v = t->span_lo;; v = v == last ? 0 : v + 1) {
			char h[3];
			const char *value = h;
			if (fd->kind == CATALOG_KIND_HOUR)
				fields_hour_value(v, h);
			else
				value = fields_weekday_name(v);
			if (!engine_match_value(cat, (size_t)fd->store, value, 0, acc,
			    cause))
				return false;
			if (v == t->span_hi)
				break;
		}
		return true;
	}
	case CATALOG_KIND_OCR:
		return engine_match_value(cat, (size_t)fd->store, FIELDS_OCR_VALUE,
		    threshold, acc, cause);
	}
	return true;
}

/* qsort order for bitmaps: fewest items first, so ANDs shrink early. */
static int
engine_cmp_card(const void *a, const void *b)
{
	uint64_t x = roaring_bitmap_get_cardinality(*(roaring_bitmap_t *const *)a);
	uint64_t y = roaring_bitmap_get_cardinality(*(roaring_bitmap_t *const *)b);

	return x < y ? -1 : x > y;
}

/* Give res ownership of bm and cache its cardinality. */
static void
engine_result_set(struct catalog_result *res, roaring_bitmap_t *bm)
{
	res->bm = bm;
	res->count = roaring_bitmap_get_cardinality(bm);
}

/* Evaluate q in one read transaction; the result is the caller's. */
struct catalog_result *
catalog_query_run(struct catalog *cat, const struct catalog_query *q,
    double threshold, enum catalog_field without_field, char **cause)
{
	/* One group per field; bare words are each a group of their own. */
	roaring_bitmap_t **groups = xcalloc(q->nterms + CATALOG_FIELD_COUNT,
	    sizeof *groups);
	roaring_bitmap_t *field_group[CATALOG_FIELD_COUNT] = { 0 };
	roaring_bitmap_t *excluded = roaring_bitmap_create(), *acc;
	struct catalog_result *res = NULL;
	size_t ngroups = 0;
	bool ok = true;

	if (!catalog_begin(cat, cause)) {
		roaring_bitmap_free(excluded);
		free(groups);
		return NULL;
	}
	for (size_t i = 0; i < q->nterms && ok; i++) {
		const struct query_term *t = &q->terms[i];
		roaring_bitmap_t *target;

		/* Disjunctive counts drop a field's selections, not its exclusions. */
		if ((int)t->pub.field == (int)without_field && !t->pub.negated)
			continue;
		if (t->pub.negated)
			target = excluded;
		else if (t->pub.field == CATALOG_ANY)
			target = groups[ngroups++] = roaring_bitmap_create();
		else {
			if (field_group[t->pub.field] == NULL)
				field_group[t->pub.field] = groups[ngroups++] =
				    roaring_bitmap_create();
			target = field_group[t->pub.field];
		}
		ok = engine_match_term(cat, t, threshold, target, cause);
	}
	if (ok) {
		/* AND the smallest groups first. */
		qsort(groups, ngroups, sizeof *groups, engine_cmp_card);
		if (ngroups == 0) {
			acc = roaring_bitmap_create();
			if (cat->nitems > 0)
				roaring_bitmap_add_range(acc, 0, cat->nitems);
		} else {
			acc = roaring_bitmap_copy(groups[0]);
			for (size_t g = 1; g < ngroups; g++)
				roaring_bitmap_and_inplace(acc, groups[g]);
		}
		roaring_bitmap_andnot_inplace(acc, excluded);
		/*
		 * Ids index the columns: a damaged posting list must not
		 * smuggle in one past the last item.
		 */
		roaring_bitmap_remove_range(acc, cat->nitems,
		    (uint64_t)UINT32_MAX + 1);
		res = xcalloc(1, sizeof *res);
		engine_result_set(res, acc);
	}
	catalog_end(cat);
	for (size_t g = 0; g < ngroups; g++)
		roaring_bitmap_free(groups[g]);
	free(groups);
	roaring_bitmap_free(excluded);
	return res;
}

/* Free res, its bitmap and any sort order. */
void
catalog_result_free(struct catalog_result *res)
{
	if (res == NULL)
		return;
	roaring_bitmap_free(res->bm);
	free(res->order);
	free(res);
}

/* Items in res, counted once when it was made. */
uint64_t
catalog_result_count(const struct catalog_result *res)
{
	return res->count;
}

/* Page out ids in the current order; needs no transaction. */
size_t
catalog_result_ids(const struct catalog_result *res, uint64_t pos, size_t n,
    uint32_t *out)
{
	size_t k = 0;

	if (pos >= res->count)
		return 0;
	if (n > res->count - pos)
		n = (size_t)(res->count - pos);
	if (res->order != NULL) {
		memcpy(out, res->order + pos, n * sizeof *out);
		return n;
	}
	if (res->reversed) {
		uint32_t v;
		for (k = 0; k < n; k++) {
			if (!roaring_bitmap_select(res->bm,
			    (uint32_t)(res->count - 1 - pos - k), &v))
				break;
			out[k] = v;
		}
		return k;
	} else {
		uint32_t first;
		roaring_uint32_iterator_t *it;
		if (!roaring_bitmap_select(res->bm, (uint32_t)pos, &first))
			return 0;
		it = roaring_create_iterator(res->bm);
		roaring_move_uint32_iterator_equalorlarger(it, first);
		k = roaring_read_uint32_iterator(it, out, (uint32_t)n);
		roaring_free_uint32_iterator(it);
		return k;
	}
}

/* Every id of a result in ascending order (owned). */
static uint32_t *
engine_result_all(const struct catalog_result *res)
{
	uint32_t *ids = xmalloc((res->count + 1) * sizeof *ids);

	roaring_bitmap_to_uint32_array(res->bm, ids);
	return ids;
}

/* Reorder res; photo and brand sorts read a column in a txn. */
bool
catalog_result_sort(struct catalog *cat, struct catalog_result *res,
    enum catalog_sort sort, char **cause)
{
	free(res->order);
	res->order = NULL;
	res->reversed = false;
	if (sort == CATALOG_SORT_NEWEST)
		return true;
	if (sort == CATALOG_SORT_OLDEST) {
		res->reversed = true;
		return true;
	}
	if (!catalog_begin(cat, cause))
		return false;
	{
		uint32_t *ids = engine_result_all(res);
		uint32_t *order = xmalloc((res->count + 1) * sizeof *order);
		size_t nkeys;
		size_t *start;
		const uint8_t *photos = NULL;
		struct uints brand = { 0 };
		bool have_brand = false;

		if (sort == CATALOG_SORT_PHOTOS) {
			photos = catalog_column(cat, LAYOUT_COL_PHOTOS, 1, cause);
			nkeys = 256;
		} else {
			have_brand = catalog_top_column(cat, CATALOG_BRAND, &brand,
			    cause);
			nkeys = cat->nvalues[catalog_store(CATALOG_BRAND)] + 1;
		}
		if (photos == NULL && !have_brand) {
			free(ids);
			free(order);
			catalog_end(cat);
			return false;
		}
		/* Counting sort on the key: stable, so newest first within. */
		start = xcalloc(nkeys + 1, sizeof *start);
		/* No brand (and a damaged id) sorts last. */
#define ENGINE_SORT_KEY(id) (photos != NULL ? 255u - photos[id] : \
	    catalog_top_value(&brand, id) < nkeys - 1 ? \
	    catalog_top_value(&brand, id) : nkeys - 1)
		for (uint64_t i = 0; i < res->count; i++)
			start[ENGINE_SORT_KEY(ids[i]) + 1]++;
		for (size_t k = 0; k < nkeys; k++)
			start[k + 1] += start[k];
		for (uint64_t i = 0; i < res->count; i++)
			order[start[ENGINE_SORT_KEY(ids[i])]++] = ids[i];
#undef ENGINE_SORT_KEY
		free(start);
		free(ids);
		res->order = order;
	}
	catalog_end(cat);
	return true;
}
