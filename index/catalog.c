/*
 * catalog.c - reading an index: open and check it, run queries on the
 * posting lists, count facets, hand out items, rows and thumbnails.
 *
 * Every call renews the catalog's read transaction and resets it before
 * returning, so no transaction is ever held while the browser waits for
 * a key. The index file is never written after it is renamed into place,
 * so frozen CRoaring views straight into the map are safe for the length
 * of a call; nothing that points into the map outlives the call.
 */
#include "catalog.h"

#include <errno.h>
#include <jansson.h>
#include <lmdb.h>
#include <math.h>
#include <roaring/roaring.h>
#include <roaring/roaring_version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "fold.h"
#include "layout.h"
#include "query.h"
#include "record.h"
#include "xmalloc.h"

struct catalog {
	char *path;
	MDB_env *env;
	MDB_txn *txn;                /* reset between calls */
	MDB_dbi dbi_meta, dbi_items, dbi_uuids, dbi_columns, dbi_values,
	    dbi_postings, dbi_default, dbi_thumbs;
	uint32_t nitems;
	size_t nvalues[CATALOG_TEXT + 1];
	char **roots;
	size_t nroots;
	json_t *info;
	/* Label bitmaps at a non-default threshold, built once per threshold. */
	double cache_threshold;
	roaring_bitmap_t **cache_labels;
	size_t cache_nlabels;
	/* Owned views and their aligned copies, released at the call's end. */
	const roaring_bitmap_t **views;
	void **copies;
	size_t nviews, views_cap, ncopies, copies_cap;
};

struct catalog_result {
	roaring_bitmap_t *bm;
	uint64_t count;
	uint32_t *order;             /* a sorted permutation, or NULL */
	bool reversed;               /* CATALOG_SORT_OLDEST */
};

/* ---- transactions ---- */

static bool
catalog_begin(struct catalog *cat, char **cause)
{
	int rc = mdb_txn_renew(cat->txn);

	if (rc != 0) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", cat->path, mdb_strerror(rc));
		return false;
	}
	return true;
}

static void
catalog_end(struct catalog *cat)
{
	for (size_t i = 0; i < cat->nviews; i++)
		roaring_bitmap_free((roaring_bitmap_t *)cat->views[i]);
	for (size_t i = 0; i < cat->ncopies; i++)
		free(cat->copies[i]);
	cat->nviews = cat->ncopies = 0;
	mdb_txn_reset(cat->txn);
}

static bool
catalog_corrupt(struct catalog *cat, const char *what, char **cause)
{
	if (cause != NULL && *cause == NULL)
		*cause = xasprintf("%s: the index is damaged (%s); rebuild it "
		    "with rummage index", cat->path, what);
	return false;
}

/* A copy of a value in 32-byte-aligned memory that lives until catalog_end. */
static const char *
catalog_aligned(struct catalog *cat, const void *data, size_t len,
    size_t offset)
{
	char *p;

	/* data + offset must be 32-aligned; copy to base + 32 - offset%32. */
	p = aligned_alloc(32, ((len + 64) + 31) / 32 * 32);
	if (p == NULL)
		fatal("out of memory");
	if (cat->ncopies == cat->copies_cap) {
		cat->copies_cap = cat->copies_cap == 0 ? 16 : cat->copies_cap * 2;
		cat->copies = xreallocarray(cat->copies, cat->copies_cap,
		    sizeof *cat->copies);
	}
	cat->copies[cat->ncopies++] = p;
	p += (32 - offset % 32) % 32;
	memcpy(p, data, len);
	return p;
}

static void
catalog_keep_view(struct catalog *cat, const roaring_bitmap_t *bm)
{
	if (cat->nviews == cat->views_cap) {
		cat->views_cap = cat->views_cap == 0 ? 64 : cat->views_cap * 2;
		cat->views = xreallocarray(cat->views, cat->views_cap,
		    sizeof *cat->views);
	}
	cat->views[cat->nviews++] = bm;
}

/* A parsed posting blob, pointing into the map (or an aligned copy). */
struct catalog_posting {
	const char *base;
	size_t len;
	uint32_t nbands;
	uint32_t count;
	uint32_t value;
	const struct layout_band *bands;
	struct layout_band *band_copy;  /* when the table was unaligned */
};

static bool
catalog_posting_parse(struct catalog *cat, const MDB_val *val,
    struct catalog_posting *p, char **cause)
{
	struct layout_posting_header h;
	const char *base = val->mv_data;

	if (val->mv_size < sizeof h)
		return catalog_corrupt(cat, "short posting list", cause);
	memcpy(&h, base, sizeof h);
	if (h.magic != LAYOUT_POSTING_MAGIC || h.nbands > 102 ||
	    sizeof h + (size_t)h.nbands * sizeof(struct layout_band) > val->mv_size)
		return catalog_corrupt(cat, "bad posting list header", cause);
	/* Frozen views need bitmaps at 32-byte boundaries (layout.h). */
	if (((uintptr_t)base + 16) % 32 != 0)
		base = catalog_aligned(cat, base, val->mv_size, 16);
	p->base = base;
	p->len = val->mv_size;
	p->nbands = h.nbands;
	p->count = h.count;
	p->value = h.value;
	p->bands = (const struct layout_band *)(const void *)(base + sizeof h);
	for (uint32_t k = 0; k < h.nbands; k++) {
		const struct layout_band *b = &p->bands[k];
		if (b->bitmap_off > p->len || b->bitmap_len > p->len - b->bitmap_off ||
		    b->bitmap_off % 32 != 16 ||
		    (b->confs_off != 0 && (b->confs_off % 8 != 0 ||
		    b->confs_off > p->len ||
		    (uint64_t)b->count * sizeof(double) > p->len - b->confs_off)))
			return catalog_corrupt(cat, "bad posting band", cause);
	}
	return true;
}

/* A view of band k's bitmap, valid until catalog_end(). */
static const roaring_bitmap_t *
catalog_band_view(struct catalog *cat, const struct catalog_posting *p,
    uint32_t k, char **cause)
{
	const roaring_bitmap_t *bm = roaring_bitmap_frozen_view(
	    p->base + p->bands[k].bitmap_off, p->bands[k].bitmap_len);

	if (bm == NULL) {
		catalog_corrupt(cat, "bad bitmap", cause);
		return NULL;
	}
	catalog_keep_view(cat, bm);
	return bm;
}

/* ---- opening ---- */

struct catalog *
catalog_open(const char *path, char **cause)
{
	struct catalog *cat = xcalloc(1, sizeof *cat);
	MDB_val key, val;
	json_error_t jerr;
	json_t *roots;
	struct stat st;
	int rc;
	uint32_t schema;
	MDB_dbi *dbis[] = { &cat->dbi_meta, &cat->dbi_items, &cat->dbi_uuids,
	    &cat->dbi_columns, &cat->dbi_values, &cat->dbi_postings,
	    &cat->dbi_default, &cat->dbi_thumbs };
	const char *names[] = { LAYOUT_DB_META, LAYOUT_DB_ITEMS,
	    LAYOUT_DB_UUIDS, LAYOUT_DB_COLUMNS, LAYOUT_DB_VALUES,
	    LAYOUT_DB_POSTINGS, LAYOUT_DB_DEFAULT, LAYOUT_DB_THUMBS };

	cat->path = xstrdup(path);
	if (stat(path, &st) == -1) {
		*cause = errno == ENOENT ? xasprintf("%s: no such index; build one "
		    "with: rummage index --db %s RECORDS_DIR", path, path) :
		    xasprintf("%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s: not an index file", path);
		goto fail;
	}
	if ((rc = mdb_env_create(&cat->env)) != 0)
		goto lmdb_fail;
	mdb_env_set_maxdbs(cat->env, LAYOUT_MAXDBS);
	/* Map just the file (LMDB raises it to the data's size if needed). */
	mdb_env_set_mapsize(cat->env, ((size_t)st.st_size + 65535) & ~(size_t)65535);
	/*
	 * The file is immutable once renamed into place: no lock file is
	 * needed (and none is created beside it), and the map is read-only.
	 */
	rc = mdb_env_open(cat->env, path, MDB_NOSUBDIR | MDB_RDONLY |
	    MDB_NOLOCK | MDB_NOTLS, 0);
	if (rc != 0) {
		*cause = rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH ?
		    xasprintf("%s: not a rummage index", path) :
		    xasprintf("%s: %s", path, mdb_strerror(rc));
		goto fail;
	}
	if ((rc = mdb_txn_begin(cat->env, NULL, MDB_RDONLY, &cat->txn)) != 0)
		goto lmdb_fail;
	for (size_t i = 0; i < sizeof dbis / sizeof dbis[0]; i++) {
		if ((rc = mdb_dbi_open(cat->txn, names[i], 0, dbis[i])) != 0) {
			*cause = xasprintf("%s: not a rummage index (no %s table)",
			    path, names[i]);
			goto fail;
		}
	}
	key.mv_data = "schema";
	key.mv_size = 6;
	if (mdb_get(cat->txn, cat->dbi_meta, &key, &val) != 0 ||
	    val.mv_size != sizeof schema) {
		*cause = xasprintf("%s: not a rummage index (no schema version)",
		    path);
		goto fail;
	}
	memcpy(&schema, val.mv_data, sizeof schema);
	if (schema != CATALOG_SCHEMA_VERSION) {
		*cause = xasprintf("%s: index format version %u, this rummage "
		    "reads version %u; rebuild it with rummage index", path,
		    schema, CATALOG_SCHEMA_VERSION);
		goto fail;
	}
	key.mv_data = "info";
	key.mv_size = 4;
	if (mdb_get(cat->txn, cat->dbi_meta, &key, &val) != 0 ||
	    (cat->info = json_loadb(val.mv_data, val.mv_size, 0, &jerr)) == NULL) {
		*cause = xasprintf("%s: the index is damaged (no build info); "
		    "rebuild it", path);
		goto fail;
	}
	{
		char rv[32];
		const char *have = json_string_value(json_object_get(cat->info,
		    "roaring_version"));
		layout_roaring_version(rv);
		if (have == NULL || strcmp(have, rv) != 0) {
			*cause = xasprintf("%s: built with CRoaring %s, this rummage "
			    "uses %s; rebuild it with rummage index", path,
			    have != NULL ? have : "?", rv);
			goto fail;
		}
	}
	{
		json_int_t n = json_integer_value(json_object_get(cat->info, "items"));
		json_t *dsizes = json_object_get(cat->info, "dict_sizes");
		if (n < 0 || n > (json_int_t)UINT32_MAX - 1) {
			*cause = xasprintf("%s: the index is damaged (item count)", path);
			goto fail;
		}
		cat->nitems = (uint32_t)n;
		for (size_t d = 0; d <= CATALOG_TEXT; d++) {
			json_int_t v = json_integer_value(json_array_get(dsizes, d));
			cat->nvalues[d] = v > 0 ? (size_t)v : 0;
		}
	}
	/*
	 * Handles opened in a read-only transaction survive only its commit
	 * (a reset or abort closes them): commit, then keep a fresh one.
	 */
	if ((rc = mdb_txn_commit(cat->txn)) != 0) {
		cat->txn = NULL;
		goto lmdb_fail;
	}
	cat->txn = NULL;
	if ((rc = mdb_txn_begin(cat->env, NULL, MDB_RDONLY, &cat->txn)) != 0)
		goto lmdb_fail;
	roots = json_object_get(cat->info, "image_roots");
	cat->nroots = json_array_size(roots);
	cat->roots = xcalloc(cat->nroots + 1, sizeof *cat->roots);
	for (size_t i = 0; i < cat->nroots; i++) {
		const char *r = json_string_value(json_array_get(roots, i));
		cat->roots[i] = xstrdup(r != NULL ? r : "");
	}
	mdb_txn_reset(cat->txn);
	return cat;
lmdb_fail:
	*cause = xasprintf("%s: %s", path, mdb_strerror(rc));
fail:
	catalog_free(cat);
	return NULL;
}

void
catalog_free(struct catalog *cat)
{
	if (cat == NULL)
		return;
	if (cat->txn != NULL)
		mdb_txn_abort(cat->txn);
	if (cat->env != NULL)
		mdb_env_close(cat->env);
	for (size_t i = 0; i < cat->nroots; i++)
		free(cat->roots[i]);
	free(cat->roots);
	if (cat->info != NULL)
		json_decref(cat->info);
	for (size_t i = 0; i < cat->cache_nlabels; i++)
		roaring_bitmap_free(cat->cache_labels[i]);
	free(cat->cache_labels);
	free(cat->views);
	free(cat->copies);
	free(cat->path);
	free(cat);
}

uint32_t
catalog_item_count(struct catalog *cat)
{
	return cat->nitems;
}

/* ---- columns ---- */

/* A column by name, checked to hold n elements of size esize. */
static const void *
catalog_column(struct catalog *cat, const char *name, size_t esize,
    char **cause)
{
	MDB_val key = { strlen(name), (void *)name }, val;

	if (mdb_get(cat->txn, cat->dbi_columns, &key, &val) != 0 ||
	    val.mv_size != (size_t)cat->nitems * esize) {
		catalog_corrupt(cat, "missing column", cause);
		return NULL;
	}
	if ((uintptr_t)val.mv_data % esize != 0)
		return catalog_aligned(cat, val.mv_data, val.mv_size, 0);
	return val.mv_data;
}

static const uint32_t *
catalog_top_column(struct catalog *cat, size_t field, char **cause)
{
	char name[8];

	snprintf(name, sizeof name, "top%zu", field);
	return catalog_column(cat, name, sizeof(uint32_t), cause);
}

/* ---- values ---- */

/* Spelling and folded form of value id v of field d (owned copies). */
static bool
catalog_value(struct catalog *cat, size_t d, uint32_t v, char **value,
    char **folded)
{
	unsigned char k[5];
	MDB_val key = { sizeof k, k }, val;
	uint32_t flen;
	const char *p;

	k[0] = (unsigned char)d;
	layout_put_be32(k + 1, v);
	if (mdb_get(cat->txn, cat->dbi_values, &key, &val) != 0 ||
	    val.mv_size < 12)
		return false;
	p = val.mv_data;
	memcpy(&flen, p + 8, sizeof flen);
	if (flen > val.mv_size - 12)
		return false;
	if (folded != NULL)
		*folded = xstrndup(p + 12, flen);
	if (value != NULL)
		*value = xstrndup(p + 12 + flen, val.mv_size - 12 - flen);
	return true;
}

/* ---- evaluating terms ---- */

/* The posting blob of a (field, folded) key, or false if there is none. */
static bool
catalog_posting_get(struct catalog *cat, size_t field, const char *folded,
    struct catalog_posting *p, bool *found, char **cause)
{
	struct buf k;
	MDB_val key, val;
	int rc;

	*found = false;
	buf_init(&k);
	buf_addc(&k, (char)field);
	buf_adds(&k, folded);
	key.mv_data = k.data;
	key.mv_size = k.len;
	rc = mdb_get(cat->txn, cat->dbi_postings, &key, &val);
	buf_fini(&k);
	if (rc == MDB_NOTFOUND)
		return true;
	if (rc != 0) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", cat->path, mdb_strerror(rc));
		return false;
	}
	if (!catalog_posting_parse(cat, &val, p, cause))
		return false;
	*found = true;
	return true;
}

/* OR into acc the items of posting p with confidence >= threshold. */
static bool
catalog_posting_or(struct catalog *cat, const struct catalog_posting *p,
    double threshold, roaring_bitmap_t *acc, char **cause)
{
	for (uint32_t k = 0; k < p->nbands; k++) {
		const struct layout_band *b = &p->bands[k];
		const roaring_bitmap_t *bm;

		if (b->band == LAYOUT_BAND_ALL || b->band >= threshold) {
			/* Every confidence in [band, band+1) is >= threshold. */
			if ((bm = catalog_band_view(cat, p, k, cause)) == NULL)
				return false;
			roaring_bitmap_or_inplace(acc, bm);
		} else if ((double)b->band + 1 > threshold && b->confs_off != 0) {
			/* The band straddles the threshold: check each item. */
			roaring_uint32_iterator_t *it;
			uint32_t i = 0;

			if ((bm = catalog_band_view(cat, p, k, cause)) == NULL)
				return false;
			it = roaring_create_iterator(bm);
			for (; it->has_value; roaring_advance_uint32_iterator(it), i++) {
				double c;
				memcpy(&c, p->base + b->confs_off + (size_t)i * sizeof c,
				    sizeof c);
				if (c >= threshold)
					roaring_bitmap_add(acc, it->current_value);
			}
			roaring_free_uint32_iterator(it);
		}
	}
	return true;
}

/* Items whose (field, folded) posting matches at >= threshold. */
static bool
catalog_match_value(struct catalog *cat, size_t field, const char *folded,
    double threshold, roaring_bitmap_t *acc, char **cause)
{
	struct catalog_posting p;
	bool found;

	if (!catalog_posting_get(cat, field, folded, &p, &found, cause))
		return false;
	if (!found)
		return true;
	return catalog_posting_or(cat, &p, threshold, acc, cause);
}

/* OCR fragments starting with prefix: scan the sorted keys. */
static bool
catalog_match_prefix(struct catalog *cat, const char *prefix,
    double threshold, roaring_bitmap_t *acc, char **cause)
{
	MDB_cursor *cur;
	struct buf k;
	MDB_val key, val;
	int rc;
	bool ok = true;

	buf_init(&k);
	buf_addc(&k, (char)CATALOG_TEXT);
	buf_adds(&k, prefix);
	if ((rc = mdb_cursor_open(cat->txn, cat->dbi_postings, &cur)) != 0) {
		buf_fini(&k);
		*cause = xasprintf("%s: %s", cat->path, mdb_strerror(rc));
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
catalog_first_at_or_before(const int64_t *ts, uint32_t n, int64_t t)
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

/* OR into acc the items term t matches. */
static bool
catalog_match_term(struct catalog *cat, const struct query_term *t,
    double threshold, roaring_bitmap_t *acc, char **cause)
{
	const struct catalog_term *pt = &t->pub;
	double th = pt->has_min_confidence ? pt->min_confidence : threshold;

	switch (pt->field) {
	case CATALOG_BRAND:
	case CATALOG_TYPE:
	case CATALOG_COLOR:
	case CATALOG_SIZE:
		return catalog_match_value(cat, pt->field, t->folded, 0, acc, cause);
	case CATALOG_LABEL:
		return catalog_match_value(cat, CATALOG_LABEL, t->folded, th, acc,
		    cause);
	case CATALOG_TEXT:
		if (pt->prefix)
			return catalog_match_prefix(cat, t->folded_stem, th, acc,
			    cause);
		return catalog_match_value(cat, CATALOG_TEXT, t->folded, th, acc,
		    cause);
	case CATALOG_DATE: {
		const int64_t *ts = catalog_column(cat, LAYOUT_COL_TS,
		    sizeof(int64_t), cause);
		uint32_t first, end;
		if (ts == NULL)
			return false;
		/* Ids run newest first: a date range is an id range. */
		first = catalog_first_at_or_before(ts, cat->nitems, t->date_hi);
		end = t->date_lo == INT64_MIN ? cat->nitems :
		    catalog_first_at_or_before(ts, cat->nitems, t->date_lo - 1);
		if (first < end)
			roaring_bitmap_add_range(acc, first, end);
		return true;
	}
	case CATALOG_UUID: {
		MDB_val key = { strlen(t->value), t->value }, val;
		uint32_t id;
		if (key.mv_size == 0 ||
		    mdb_get(cat->txn, cat->dbi_uuids, &key, &val) != 0)
			return true;
		if (val.mv_size != sizeof id)
			return catalog_corrupt(cat, "bad uuid entry", cause);
		memcpy(&id, val.mv_data, sizeof id);
		roaring_bitmap_add(acc, id);
		return true;
	}
	case CATALOG_ANY:
		for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++) {
			if (!catalog_match_value(cat, f, t->folded, 0, acc, cause))
				return false;
		}
		if (!catalog_match_value(cat, CATALOG_LABEL, t->folded, threshold,
		    acc, cause))
			return false;
		if (t->folded_prefix)
			return catalog_match_prefix(cat, t->folded_stem, threshold,
			    acc, cause);
		return catalog_match_value(cat, CATALOG_TEXT, t->folded, threshold,
		    acc, cause);
	default:
		return true;
	}
}

static int
catalog_cmp_card(const void *a, const void *b)
{
	uint64_t x = roaring_bitmap_get_cardinality(*(roaring_bitmap_t *const *)a);
	uint64_t y = roaring_bitmap_get_cardinality(*(roaring_bitmap_t *const *)b);

	return x < y ? -1 : x > y;
}

static void
catalog_result_set(struct catalog_result *res, roaring_bitmap_t *bm)
{
	res->bm = bm;
	res->count = roaring_bitmap_get_cardinality(bm);
}

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

		if ((int)t->pub.field == (int)without_field)
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
		ok = catalog_match_term(cat, t, threshold, target, cause);
	}
	if (ok) {
		/* AND the smallest groups first. */
		qsort(groups, ngroups, sizeof *groups, catalog_cmp_card);
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
		res = xcalloc(1, sizeof *res);
		catalog_result_set(res, acc);
	}
	catalog_end(cat);
	for (size_t g = 0; g < ngroups; g++)
		roaring_bitmap_free(groups[g]);
	free(groups);
	roaring_bitmap_free(excluded);
	return res;
}

void
catalog_result_free(struct catalog_result *res)
{
	if (res == NULL)
		return;
	roaring_bitmap_free(res->bm);
	free(res->order);
	free(res);
}

uint64_t
catalog_result_count(const struct catalog_result *res)
{
	return res->count;
}

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
catalog_result_all(const struct catalog_result *res)
{
	uint32_t *ids = xmalloc((res->count + 1) * sizeof *ids);

	roaring_bitmap_to_uint32_array(res->bm, ids);
	return ids;
}

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
		uint32_t *ids = catalog_result_all(res);
		uint32_t *order = xmalloc((res->count + 1) * sizeof *order);
		size_t nkeys;
		size_t *start;
		const uint8_t *photos = NULL;
		const uint32_t *brand = NULL;

		if (sort == CATALOG_SORT_PHOTOS) {
			photos = catalog_column(cat, LAYOUT_COL_PHOTOS, 1, cause);
			nkeys = 256;
		} else {
			brand = catalog_top_column(cat, CATALOG_BRAND, cause);
			nkeys = cat->nvalues[CATALOG_BRAND] + 1;
		}
		if (photos == NULL && brand == NULL) {
			free(ids);
			free(order);
			catalog_end(cat);
			return false;
		}
		/* Counting sort on the key: stable, so newest first within. */
		start = xcalloc(nkeys + 1, sizeof *start);
		for (uint64_t i = 0; i < res->count; i++) {
			size_t key = photos != NULL ? 255u - photos[ids[i]] :
			    brand[ids[i]] == LAYOUT_NONE ? nkeys - 1 :
			    brand[ids[i]] < nkeys - 1 ? brand[ids[i]] : nkeys - 1;
			start[key + 1]++;
		}
		for (size_t k = 0; k < nkeys; k++)
			start[k + 1] += start[k];
		for (uint64_t i = 0; i < res->count; i++) {
			size_t key = photos != NULL ? 255u - photos[ids[i]] :
			    brand[ids[i]] == LAYOUT_NONE ? nkeys - 1 :
			    brand[ids[i]] < nkeys - 1 ? brand[ids[i]] : nkeys - 1;
			order[start[key]++] = ids[i];
		}
		free(start);
		free(ids);
		res->order = order;
	}
	catalog_end(cat);
	return true;
}

/* ---- facets ---- */

struct catalog_facet_count {
	uint32_t value;
	uint64_t count;
};

static int
catalog_cmp_facet(const void *a, const void *b)
{
	const struct catalog_facet_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	/* Value ids follow the folded order. */
	return x->value < y->value ? -1 : x->value > y->value;
}

/* Label bitmaps at threshold, one per label id (cached, owned by cat). */
static bool
catalog_label_bitmaps(struct catalog *cat, double threshold,
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
		*cause = xasprintf("%s: %s", cat->path, mdb_strerror(rc));
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

/* Count the label facet: |result ∩ label(threshold)| per label. */
static bool
catalog_count_labels(struct catalog *cat, const struct catalog_result *res,
    double threshold, struct catalog_facet_count *counts, char **cause)
{
	size_t n = cat->nvalues[CATALOG_LABEL];

	if (threshold == CATALOG_DEFAULT_THRESHOLD) {
		/* Stored bitmaps for the default: no materialising. */
		MDB_cursor *cur;
		MDB_val key, val;
		int rc;
		bool ok = true;

		if ((rc = mdb_cursor_open(cat->txn, cat->dbi_default, &cur)) != 0) {
			*cause = xasprintf("%s: %s", cat->path, mdb_strerror(rc));
			return false;
		}
		for (rc = mdb_cursor_get(cur, &key, &val, MDB_FIRST); rc == 0 && ok;
		    rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
			struct catalog_posting p;
			const roaring_bitmap_t *bm;
			uint32_t v;
			if (key.mv_size != 4)
				continue;
			v = layout_get_be32(key.mv_data);
			if (v >= n)
				continue;
			ok = catalog_posting_parse(cat, &val, &p, cause) &&
			    p.nbands == 1 &&
			    (bm = catalog_band_view(cat, &p, 0, cause)) != NULL;
			if (ok)
				counts[v].count = roaring_bitmap_and_cardinality(
				    res->bm, bm);
			/* Views pile up per call; free them as we go. */
			if (cat->nviews > 0) {
				roaring_bitmap_free((roaring_bitmap_t *)
				    cat->views[--cat->nviews]);
			}
		}
		mdb_cursor_close(cur);
		return ok;
	}
	if (!catalog_label_bitmaps(cat, threshold, cause))
		return false;
	for (size_t v = 0; v < n; v++)
		counts[v].count = roaring_bitmap_and_cardinality(res->bm,
		    cat->cache_labels[v]);
	return true;
}

/* Items counted per value of top-1 column col. */
static void
catalog_count_column(const struct catalog_result *res, const uint32_t *col,
    size_t nvalues, struct catalog_facet_count *counts)
{
	roaring_uint32_iterator_t *it = roaring_create_iterator(res->bm);
	uint32_t buf[1024], n;

	while ((n = roaring_read_uint32_iterator(it, buf, 1024)) > 0) {
		for (uint32_t i = 0; i < n; i++) {
			uint32_t v = col[buf[i]];
			if (v < nvalues)
				counts[v].count++;
		}
	}
	roaring_free_uint32_iterator(it);
}

struct catalog_facet *
catalog_facet_count(struct catalog *cat, const struct catalog_result *res,
    enum catalog_field field, double threshold, size_t limit, char **cause)
{
	struct catalog_facet *facet = NULL;
	struct catalog_facet_count *counts;
	size_t nvalues, nonzero = 0;
	bool ok;

	if ((int)field < 0 || field > CATALOG_LABEL) {
		*cause = xasprintf("no facet for field %d", (int)field);
		return NULL;
	}
	if (!catalog_begin(cat, cause))
		return NULL;
	nvalues = cat->nvalues[field];
	counts = xcalloc(nvalues + 1, sizeof *counts);
	for (size_t v = 0; v < nvalues; v++)
		counts[v].value = (uint32_t)v;
	if (field == CATALOG_LABEL)
		ok = catalog_count_labels(cat, res, threshold, counts, cause);
	else {
		const uint32_t *col = catalog_top_column(cat, field, cause);
		if ((ok = col != NULL))
			catalog_count_column(res, col, nvalues, counts);
	}
	if (ok) {
		for (size_t v = 0; v < nvalues; v++)
			if (counts[v].count > 0)
				counts[nonzero++] = counts[v];
		qsort(counts, nonzero, sizeof *counts, catalog_cmp_facet);
		facet = xcalloc(1, sizeof *facet);
		facet->field = field;
		facet->distinct = nonzero;
		facet->n = limit == 0 || limit > nonzero ? nonzero : limit;
		facet->values = xcalloc(facet->n + 1, sizeof *facet->values);
		for (size_t i = 0; i < facet->n; i++) {
			struct catalog_facet_value *fv = &facet->values[i];
			fv->count = counts[i].count;
			if (!catalog_value(cat, field, counts[i].value, &fv->value,
			    &fv->folded)) {
				fv->value = xstrdup("?");
				fv->folded = xstrdup("?");
			}
		}
	}
	free(counts);
	catalog_end(cat);
	return facet;
}

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

/* ---- info ---- */

static char *
catalog_join_strings(json_t *arr)
{
	struct buf b;
	size_t i;
	json_t *v;

	buf_init(&b);
	json_array_foreach(arr, i, v) {
		if (i > 0)
			buf_addc(&b, '\n');
		if (json_is_string(v))
			buf_adds(&b, json_string_value(v));
	}
	return buf_take(&b);
}

bool
catalog_info_get(struct catalog *cat, struct catalog_info *info, char **cause)
{
	json_t *acct = json_object_get(cat->info, "accounting");
	json_t *distinct = json_object_get(cat->info, "distinct");
	static const char *const dn[] = { "brand", "type", "color", "size",
	    "label", "text" };
	struct stat st;
	const char *v;

	(void)cause;
	memset(info, 0, sizeof *info);
	info->schema_version = CATALOG_SCHEMA_VERSION;
	info->built_at_ms = json_integer_value(json_object_get(cat->info,
	    "built_at_ms"));
	info->inputs = catalog_join_strings(json_object_get(cat->info, "inputs"));
	info->image_roots = catalog_join_strings(json_object_get(cat->info,
	    "image_roots"));
	v = json_string_value(json_object_get(cat->info, "rummage_version"));
	info->rummage_version = xstrdup(v != NULL ? v : "?");
	info->thumb_size = (int)json_integer_value(json_object_get(cat->info,
	    "thumb_size"));
#define ACCT(name) info->acct.name = (uint64_t)json_integer_value(json_object_get(acct, #name))
	ACCT(files); ACCT(lines); ACCT(indexed); ACCT(rejected);
	ACCT(duplicates); ACCT(input_bytes); ACCT(photos); ACCT(thumbs);
	ACCT(photos_missing); ACCT(photos_corrupt);
#undef ACCT
	info->items = cat->nitems;
	info->first_ms = json_integer_value(json_object_get(cat->info, "first_ms"));
	info->last_ms = json_integer_value(json_object_get(cat->info, "last_ms"));
	for (size_t d = 0; d <= CATALOG_TEXT; d++)
		info->distinct[d] = (uint64_t)json_integer_value(
		    json_object_get(distinct, dn[d]));
	if (stat(cat->path, &st) == 0)
		info->file_bytes = (uint64_t)st.st_size;
	return true;
}

void
catalog_info_fini(struct catalog_info *info)
{
	free(info->inputs);
	free(info->image_roots);
	free(info->rummage_version);
	memset(info, 0, sizeof *info);
}

/* ---- items ---- */

bool
catalog_item_find(struct catalog *cat, const char *uuid, uint32_t *id)
{
	MDB_val key = { strlen(uuid), (void *)uuid }, val;
	bool found = false;

	if (key.mv_size == 0 || !catalog_begin(cat, NULL))
		return false;
	if (mdb_get(cat->txn, cat->dbi_uuids, &key, &val) == 0 &&
	    val.mv_size == sizeof *id) {
		memcpy(id, val.mv_data, sizeof *id);
		found = *id < cat->nitems;
	}
	catalog_end(cat);
	return found;
}

/* The stored record of item id: its root index and parsed JSON (owned). */
static json_t *
catalog_record(struct catalog *cat, uint32_t id, uint16_t *root, char **cause)
{
	unsigned char k[4];
	MDB_val key = { sizeof k, k }, val;
	json_error_t jerr;
	json_t *json;

	layout_put_be32(k, id);
	if (id >= cat->nitems ||
	    mdb_get(cat->txn, cat->dbi_items, &key, &val) != 0 ||
	    val.mv_size < sizeof *root) {
		if (cause != NULL)
			*cause = xasprintf("no item %u in the index", id);
		return NULL;
	}
	memcpy(root, val.mv_data, sizeof *root);
	json = json_loadb((const char *)val.mv_data + sizeof *root,
	    val.mv_size - sizeof *root, 0, &jerr);
	if (json == NULL || !json_is_object(json)) {
		if (json != NULL)
			json_decref(json);
		catalog_corrupt(cat, "bad item record", cause);
		return NULL;
	}
	return json;
}

static char *
catalog_json_string(json_t *v)
{
	return xstrdup(json_is_string(v) ? json_string_value(v) : "");
}

static double
catalog_json_number(json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : 0;
}

static void
catalog_json_box(json_t *v, struct catalog_box *box)
{
	box->left = catalog_json_number(json_object_get(v, "left"));
	box->top = catalog_json_number(json_object_get(v, "top"));
	box->width = catalog_json_number(json_object_get(v, "width"));
	box->height = catalog_json_number(json_object_get(v, "height"));
}

static int64_t
catalog_json_int(json_t *v)
{
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : -1;
}

struct catalog_item *
catalog_item_get(struct catalog *cat, uint32_t id, char **cause)
{
	struct catalog_item *item;
	json_t *rec, *images, *photo, *v;
	uint16_t root;
	size_t i, j;

	if (!catalog_begin(cat, cause))
		return NULL;
	rec = catalog_record(cat, id, &root, cause);
	catalog_end(cat);
	if (rec == NULL)
		return NULL;
	item = xcalloc(1, sizeof *item);
	item->id = id;
	item->uuid = catalog_json_string(json_object_get(rec, "uuid"));
	v = json_object_get(rec, "timestamp");
	if (!json_is_string(v) || !record_parse_timestamp(json_string_value(v),
	    json_string_length(v), &item->timestamp_ms))
		item->timestamp_ms = 0;
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++) {
		json_t *arr = json_object_get(rec, record_prediction_key(f));
		size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
		item->predictions[f] = xcalloc(n + 1, sizeof (char *));
		json_array_foreach(arr, i, v) {
			if (json_is_string(v) && json_string_length(v) > 0)
				item->predictions[f][item->npredictions[f]++] =
				    catalog_json_string(v);
		}
	}
	images = json_object_get(rec, "images");
	item->nphotos = json_is_array(images) ? json_array_size(images) : 0;
	item->photos = xcalloc(item->nphotos + 1, sizeof *item->photos);
	json_array_foreach(images, i, photo) {
		struct catalog_photo *p = &item->photos[i];
		json_t *labels = json_object_get(photo, "labels");
		json_t *texts = json_object_get(photo, "text");
		json_t *e;

		p->name = catalog_json_string(json_object_get(photo, "name"));
		p->path = catalog_json_string(json_object_get(photo, "path"));
		if (p->path[0] == '/')
			p->resolved_path = xstrdup(p->path);
		else if (p->path[0] != '\0' && root < cat->nroots)
			p->resolved_path = xasprintf("%s/%s", cat->roots[root],
			    p->path);
		p->bytes = catalog_json_int(json_object_get(photo, "bytes"));
		p->width = catalog_json_int(json_object_get(photo, "width"));
		p->height = catalog_json_int(json_object_get(photo, "height"));
		p->nlabels = json_is_array(labels) ? json_array_size(labels) : 0;
		p->labels = xcalloc(p->nlabels + 1, sizeof *p->labels);
		json_array_foreach(labels, j, e) {
			struct catalog_label *l = &p->labels[j];
			json_t *boxes = json_object_get(e, "boxes"), *bx;
			size_t k;
			l->name = catalog_json_string(json_object_get(e, "name"));
			l->confidence = catalog_json_number(json_object_get(e,
			    "confidence"));
			l->nboxes = json_is_array(boxes) ? json_array_size(boxes) : 0;
			l->boxes = xcalloc(l->nboxes + 1, sizeof *l->boxes);
			json_array_foreach(boxes, k, bx)
				catalog_json_box(bx, &l->boxes[k]);
		}
		p->ntexts = json_is_array(texts) ? json_array_size(texts) : 0;
		p->texts = xcalloc(p->ntexts + 1, sizeof *p->texts);
		json_array_foreach(texts, j, e) {
			struct catalog_text *t = &p->texts[j];
			json_t *box = json_object_get(e, "box");
			t->text = catalog_json_string(json_object_get(e, "text"));
			t->confidence = catalog_json_number(json_object_get(e,
			    "confidence"));
			if (json_is_object(box)) {
				t->has_box = true;
				catalog_json_box(box, &t->box);
			}
		}
	}
	json_decref(rec);
	/* Which photos have thumbnails: one cheap lookup each. */
	if (catalog_begin(cat, NULL)) {
		for (i = 0; i < item->nphotos && i < 256; i++) {
			unsigned char k[5];
			MDB_val key = { sizeof k, k }, val;
			layout_put_be32(k, id);
			k[4] = (unsigned char)i;
			item->photos[i].has_thumb =
			    mdb_get(cat->txn, cat->dbi_thumbs, &key, &val) == 0;
		}
		catalog_end(cat);
	}
	return item;
}

void
catalog_item_free(struct catalog_item *item)
{
	if (item == NULL)
		return;
	free(item->uuid);
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++) {
		for (size_t i = 0; i < item->npredictions[f]; i++)
			free(item->predictions[f][i]);
		free(item->predictions[f]);
	}
	for (size_t i = 0; i < item->nphotos; i++) {
		struct catalog_photo *p = &item->photos[i];
		free(p->name);
		free(p->path);
		free(p->resolved_path);
		for (size_t j = 0; j < p->nlabels; j++) {
			free(p->labels[j].name);
			free(p->labels[j].boxes);
		}
		free(p->labels);
		for (size_t j = 0; j < p->ntexts; j++)
			free(p->texts[j].text);
		free(p->texts);
	}
	free(item->photos);
	free(item);
}

struct catalog_row_label {
	const char *name;
	double confidence;
};

static int
catalog_cmp_row_label(const void *a, const void *b)
{
	const struct catalog_row_label *x = a, *y = b;

	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	return strcmp(x->name, y->name);
}

bool
catalog_row_get(struct catalog *cat, uint32_t id, double threshold,
    struct catalog_row *row, char **cause)
{
	json_t *rec, *images, *photo, *label;
	struct catalog_row_label *labels = NULL;
	size_t nlabels = 0, cap = 0, i, j;
	uint16_t root;
	struct buf b;

	memset(row, 0, sizeof *row);
	if (!catalog_begin(cat, cause))
		return false;
	rec = catalog_record(cat, id, &root, cause);
	catalog_end(cat);
	if (rec == NULL)
		return false;
	row->id = id;
	snprintf(row->uuid, sizeof row->uuid, "%s",
	    json_string_value(json_object_get(rec, "uuid")) != NULL ?
	    json_string_value(json_object_get(rec, "uuid")) : "");
	{
		json_t *v = json_object_get(rec, "timestamp");
		if (!json_is_string(v) || !record_parse_timestamp(
		    json_string_value(v), json_string_length(v), &row->timestamp_ms))
			row->timestamp_ms = 0;
	}
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++) {
		json_t *arr = json_object_get(rec, record_prediction_key(f)), *v;
		json_array_foreach(arr, i, v) {
			if (json_is_string(v) && json_string_length(v) > 0) {
				row->top[f] = xstrdup(json_string_value(v));
				break;
			}
		}
		if (row->top[f] == NULL)
			row->top[f] = xstrdup("");
	}
	images = json_object_get(rec, "images");
	row->photos = (unsigned)json_array_size(images);
	/* Distinct labels at >= threshold, best confidence first. */
	json_array_foreach(images, i, photo) {
		json_array_foreach(json_object_get(photo, "labels"), j, label) {
			const char *name = json_string_value(json_object_get(label,
			    "name"));
			double c = catalog_json_number(json_object_get(label,
			    "confidence"));
			size_t k;
			if (name == NULL || *name == '\0' || c < threshold)
				continue;
			for (k = 0; k < nlabels && strcmp(labels[k].name, name) != 0; k++)
				;
			if (k < nlabels) {
				if (c > labels[k].confidence)
					labels[k].confidence = c;
				continue;
			}
			if (nlabels == cap) {
				cap = cap == 0 ? 32 : cap * 2;
				labels = xreallocarray(labels, cap, sizeof *labels);
			}
			labels[nlabels].name = name;
			labels[nlabels++].confidence = c;
		}
	}
	if (nlabels > 1)
		qsort(labels, nlabels, sizeof *labels, catalog_cmp_row_label);
	buf_init(&b);
	for (i = 0; i < nlabels; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, labels[i].name);
	}
	row->labels = buf_take(&b);
	free(labels);
	json_decref(rec);
	return true;
}

void
catalog_row_fini(struct catalog_row *row)
{
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++)
		free(row->top[f]);
	free(row->labels);
	memset(row, 0, sizeof *row);
}

bool
catalog_thumb_get(struct catalog *cat, uint32_t id, unsigned photo,
    void **jpeg, size_t *len, char **cause)
{
	unsigned char k[5];
	MDB_val key = { sizeof k, k }, val;
	int rc;

	*jpeg = NULL;
	*len = 0;
	if (photo > 255) {
		*cause = xasprintf("no thumbnail for photo %u", photo);
		return false;
	}
	if (!catalog_begin(cat, cause))
		return false;
	layout_put_be32(k, id);
	k[4] = (unsigned char)photo;
	rc = mdb_get(cat->txn, cat->dbi_thumbs, &key, &val);
	if (rc == 0) {
		*jpeg = xmalloc(val.mv_size);
		memcpy(*jpeg, val.mv_data, val.mv_size);
		*len = val.mv_size;
	} else if (cause != NULL)
		*cause = rc == MDB_NOTFOUND ?
		    xstrdup("no thumbnail in the index for this photo") :
		    xasprintf("%s: %s", cat->path, mdb_strerror(rc));
	catalog_end(cat);
	return rc == 0;
}

/* ---- columns for charts ---- */

/* Copy column values of the result's items, in its current order. */
static bool
catalog_result_column(struct catalog *cat, const struct catalog_result *res,
    const char *name, size_t esize, void **out, char **cause)
{
	const unsigned char *col;
	unsigned char *dst;
	uint32_t buf[1024];
	uint64_t pos = 0;
	size_t n;

	if (!catalog_begin(cat, cause))
		return false;
	if ((col = catalog_column(cat, name, esize, cause)) == NULL) {
		catalog_end(cat);
		return false;
	}
	dst = xmalloc((res->count + 1) * esize);
	while ((n = catalog_result_ids(res, pos, 1024, buf)) > 0) {
		for (size_t i = 0; i < n; i++)
			memcpy(dst + (pos + i) * esize, col + (size_t)buf[i] * esize,
			    esize);
		pos += n;
	}
	catalog_end(cat);
	*out = dst;
	return true;
}

bool
catalog_result_timestamps(struct catalog *cat, const struct catalog_result *res,
    int64_t **out, char **cause)
{
	return catalog_result_column(cat, res, LAYOUT_COL_TS, sizeof **out,
	    (void **)out, cause);
}

bool
catalog_result_photo_counts(struct catalog *cat,
    const struct catalog_result *res, uint8_t **out, char **cause)
{
	return catalog_result_column(cat, res, LAYOUT_COL_PHOTOS, 1,
	    (void **)out, cause);
}

bool
catalog_result_brand_in_text(struct catalog *cat,
    const struct catalog_result *res, uint64_t *with_brand,
    uint64_t *brand_in_text, char **cause)
{
	const uint8_t *flags;
	const uint32_t *brand;
	roaring_uint32_iterator_t *it;
	uint32_t buf[1024], n;

	*with_brand = *brand_in_text = 0;
	if (!catalog_begin(cat, cause))
		return false;
	flags = catalog_column(cat, LAYOUT_COL_FLAGS, 1, cause);
	brand = flags != NULL ? catalog_top_column(cat, CATALOG_BRAND, cause) :
	    NULL;
	if (brand == NULL) {
		catalog_end(cat);
		return false;
	}
	it = roaring_create_iterator(res->bm);
	while ((n = roaring_read_uint32_iterator(it, buf, 1024)) > 0) {
		for (uint32_t i = 0; i < n; i++) {
			if (brand[buf[i]] == LAYOUT_NONE)
				continue;
			(*with_brand)++;
			if (flags[buf[i]] & LAYOUT_FLAG_BRAND_IN_TEXT)
				(*brand_in_text)++;
		}
	}
	roaring_free_uint32_iterator(it);
	catalog_end(cat);
	return true;
}

bool
catalog_label_histogram(struct catalog *cat, const struct catalog_result *res,
    const char *label, unsigned nbins, uint64_t *hist, char **cause)
{
	struct catalog_posting p;
	bool found, ok = true;
	char *folded;

	memset(hist, 0, nbins * sizeof *hist);
	if (nbins == 0)
		return true;
	if ((folded = fold_string(label)) == NULL) {
		*cause = xstrdup("the label is not valid UTF-8");
		return false;
	}
	if (!catalog_begin(cat, cause)) {
		free(folded);
		return false;
	}
	ok = catalog_posting_get(cat, CATALOG_LABEL, folded, &p, &found, cause);
	for (uint32_t k = 0; ok && found && k < p.nbands; k++) {
		const struct layout_band *b = &p.bands[k];
		const roaring_bitmap_t *bm = catalog_band_view(cat, &p, k, cause);
		roaring_uint32_iterator_t *it;
		uint32_t i = 0;

		if (bm == NULL) {
			ok = false;
			break;
		}
		it = roaring_create_iterator(bm);
		for (; it->has_value; roaring_advance_uint32_iterator(it), i++) {
			double c;
			unsigned bin;
			if (!roaring_bitmap_contains(res->bm, it->current_value))
				continue;
			if (b->confs_off != 0)
				memcpy(&c, p.base + b->confs_off + (size_t)i * sizeof c,
				    sizeof c);
			else
				c = b->band;
			bin = (unsigned)(c * nbins / 100.0);
			hist[bin >= nbins ? nbins - 1 : bin]++;
		}
		roaring_free_uint32_iterator(it);
	}
	catalog_end(cat);
	free(folded);
	return ok;
}

void
catalog_format_timestamp(int64_t ms, char out[32])
{
	record_format_timestamp(ms, out);
}
