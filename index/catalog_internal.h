/*
 * catalog_internal.h - what the reading side of index/ shares: the
 * catalog handle and result structs, the per-call transaction, and the
 * access to columns, value dictionaries and posting lists. catalog.c
 * owns these; engine.c (queries), facets.c and item.c use them.
 * Nothing here leaves index/: the public interface is catalog.h.
 */
#pragma once

#include <jansson.h>
#include <lmdb.h>
#include <roaring/roaring.h>
#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"
#include "layout.h"
#include "packed.h"
#include "uints.h"

struct catalog {
	char *path;
	struct catalog *parent;      /* a sibling's (catalog_sibling), or NULL */
	MDB_env *env;                /* a sibling's is its parent's */
	const char *map;             /* the mapped file, map_len bytes */
	char *fault_msg;             /* what catalog_fault() says */
	size_t map_len;
	MDB_txn *txn;                /* reset between calls */
	MDB_dbi dbi_meta, dbi_items, dbi_uuids, dbi_columns, dbi_values,
	    dbi_postings, dbi_default, dbi_thumbs;
	uint32_t nitems;
	size_t nvalues[LAYOUT_NSTORES];   /* dictionary sizes, by store */
	char **roots;
	size_t nroots;
	json_t *info;
	struct packed_reader records; /* loaded at the first record read */
	bool records_ready;
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

/*
 * A handle for another thread on parent's open index: the same map, its
 * own transaction; queries and facets only (no build info, no records).
 */
struct catalog *catalog_sibling(struct catalog *parent, char **cause);
/* Renew the read transaction for one API call (false: *cause set). */
bool catalog_begin(struct catalog *cat, char **cause);
/* Release the call's views and copies and reset the transaction. */
void catalog_end(struct catalog *cat);
/*
 * Free the views and aligned copies made so far in this call: a walk over
 * many posting blobs releases each one's before the next.
 */
void catalog_release(struct catalog *cat);
/* Set *cause to "the index is damaged or truncated (what)"; false. */
bool catalog_corrupt(struct catalog *cat, const char *what, char **cause);
/* Does val lie inside the mapped file? */
bool catalog_val_ok(const struct catalog *cat, const MDB_val *val);
/* mdb_get in the call's txn; a value outside the file is MDB_CORRUPTED. */
int catalog_get(struct catalog *cat, MDB_dbi dbi, MDB_val *key, MDB_val *val);
/* A copy of data whose byte `offset` is 32-aligned; lives until catalog_end. */
const char *catalog_aligned(struct catalog *cat, const void *data, size_t len,
    size_t offset);
/* Keep a frozen view to free at catalog_end. */
void catalog_keep_view(struct catalog *cat, const roaring_bitmap_t *bm);
/* Check and parse a posting blob (doc/index-format.md). */
bool catalog_posting_parse(struct catalog *cat, const MDB_val *val,
    struct catalog_posting *p, char **cause);
/* A view of band k's bitmap, valid until catalog_end(). */
const roaring_bitmap_t *catalog_band_view(struct catalog *cat,
    const struct catalog_posting *p, uint32_t k, char **cause);
/* A per-item column checked to hold item_count elements of esize bytes. */
const void *catalog_column(struct catalog *cat, const char *name,
    size_t esize, char **cause);
/*
 * A column of count unsigned integers at its stored width (uints.h),
 * aligned; false with *cause.
 */
bool catalog_uints(struct catalog *cat, const char *name, uint64_t count,
    struct uints *out, char **cause);
/*
 * The top-1 value id column of a field of kind CATALOG_KIND_TOP: "none"
 * is the width's all-ones value (catalog_top_value() gives LAYOUT_NONE).
 */
bool catalog_top_column(struct catalog *cat, enum catalog_field field,
    struct uints *out, char **cause);
/* Item id's top-1 value id in a top column, LAYOUT_NONE for none. */
static inline uint32_t
catalog_top_value(const struct uints *top, uint32_t id)
{
	uint64_t v = uints_at(top, id);

	return v == uints_ones(top->width) ? LAYOUT_NONE : (uint32_t)v;
}
/*
 * A checked offsets column (uints.h) of count + 1 entries: from 0, never
 * falling; its last entry in *end.
 */
bool catalog_offsets(struct catalog *cat, const char *name, uint64_t count,
    struct uints *off, uint64_t *end, char **cause);
/*
 * Each item's default labels as rows of bits (layout.h), the column's size
 * checked against the items and labels: *rows NULL when the index keeps
 * them as lists (lb50off/lb50ids) instead. False with *cause.
 */
bool catalog_label_rows(struct catalog *cat, const unsigned char **rows,
    size_t *row, char **cause);
/* A column of exactly count elements of esize bytes, aligned. */
const void *catalog_array(struct catalog *cat, const char *name,
    size_t esize, uint64_t count, char **cause);
/*
 * The checked offsets columns of the perceptual hashes and of the
 * near-duplicates (layout.h): item_count + 1 entries, the last in *end.
 */
const uint64_t *catalog_phash_offsets(struct catalog *cat, uint64_t *end,
    char **cause);
const uint64_t *catalog_dup_offsets(struct catalog *cat, uint64_t *end,
    char **cause);
/* The store number of a stored field (catalog_field_desc()->store). */
size_t catalog_store(enum catalog_field field);

/*
 * Spelling and folded form of value v of field d, with their lengths, into
 * out (owned copies; out->count is left alone).
 */
bool catalog_value(struct catalog *cat, size_t d, uint32_t v,
    struct catalog_facet_value *out);
/* Values ids[0..n) of field d into out[] ("?" for a missing one); many at once. */
void catalog_values(struct catalog *cat, size_t d, const uint32_t *ids,
    size_t n, struct catalog_facet_value *out);
/*
 * Count one facet (facets.c); top_only: only the top `limit` values are
 * wanted, facet->distinct may undercount (catalog_search_options.top_only).
 */
struct catalog_facet *facets_count(struct catalog *cat,
    const struct catalog_result *res, enum catalog_field field,
    double threshold, size_t limit, bool top_only, char **cause);
/*
 * Count the top-1 facets fields[0..n) (CATALOG_FACET_TOP) over res in one
 * pass; out[i] is the caller's. False with *cause.
 */
bool facets_count_tops(struct catalog *cat, const struct catalog_result *res,
    const enum catalog_field *fields, size_t n, size_t limit,
    struct catalog_facet **out, char **cause);
/* Items per value of field d, for value ids below n (0 when unknown). */
bool catalog_value_totals(struct catalog *cat, size_t d, uint64_t *totals,
    size_t n, char **cause);
/* The posting of (field, folded); *found false when there is none. */
bool catalog_posting_get(struct catalog *cat, size_t field,
    const char *folded, struct catalog_posting *p, bool *found, char **cause);
/* OR into acc the items of p with confidence >= threshold. */
bool catalog_posting_or(struct catalog *cat, const struct catalog_posting *p,
    double threshold, roaring_bitmap_t *acc, char **cause);
