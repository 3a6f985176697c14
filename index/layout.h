/*
 * layout.h - the LMDB layout of an index file, shared by the writer
 * (build.c) and the reader (catalog.c). doc/index-format.md describes it
 * for people; change both together and bump CATALOG_SCHEMA_VERSION.
 */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <roaring/roaring_version.h>

#include "catalog.h"

#define LAYOUT_MAXDBS 8
#define LAYOUT_DB_META "meta"         /* "schema" -> u32; "info" -> JSON; "zdict" -> dictionary */
#define LAYOUT_DB_ITEMS "items"       /* u32 BE id -> u16 LE root, u32 LE length, zstd frame */
/* The meta key of the records' zstd dictionary (packed.h). */
#define LAYOUT_META_RECORD_DICT "zdict"
#define LAYOUT_DB_UUIDS "uuids"       /* uuid bytes -> u32 LE id */
#define LAYOUT_DB_COLUMNS "columns"   /* column name -> array by id */
#define LAYOUT_DB_VALUES "values"     /* u8 field, u32 BE value id -> value */
#define LAYOUT_DB_POSTINGS "postings" /* u8 field, folded -> posting blob */
/*
 * Postings at the default threshold, for facets: u32 BE label id ->
 * posting blob (one per label); and per OCR fragment held by an item at
 * >= the default, LAYOUT_TEXT50_KEY bytes (0xff, u32 BE ~items, u32 BE
 * value id) -> posting blob, so a cursor walks the fragments most
 * frequent first (the text facet's top values without a tally).
 */
#define LAYOUT_DB_DEFAULT "labels50"
#define LAYOUT_TEXT50_KEY 9
#define LAYOUT_TEXT50_PREFIX 0xff
#define LAYOUT_DB_THUMBS "thumbs"     /* u32 BE id, u8 photo -> JPEG */

/*
 * Stored fields: each field with a `store` number in the field table
 * (fields.c) has a value dictionary and posting lists under that number.
 * 0-3 top-1 brand/type/color/size, 4 labels, 5 OCR text, 6-9 any-rank
 * brands/types/colors/sizes (doc/index-format.md).
 */
#define LAYOUT_NSTORES CATALOG_STORE_COUNT
#define LAYOUT_STORE_LABEL 4
#define LAYOUT_STORE_TEXT 5

/* Column names: per-item arrays indexed by item id. */
#define LAYOUT_COL_TS "ts"            /* int64 LE, UTC ms, descending */
#define LAYOUT_COL_PHOTOS "photos"    /* u8, photo count (capped at 255) */
#define LAYOUT_COL_FLAGS "flags"      /* u8, LAYOUT_FLAG_* */
/* Each item's uuid without reading its record: "uuidoff" u64 LE [items + 1] into "uuidtxt". */
#define LAYOUT_COL_UUID_OFF "uuidoff"
#define LAYOUT_COL_UUID_TEXT "uuidtxt"
/*
 * "top0".."top3": the top-1 value id of brand/type/color/size, narrow
 * (uints.h) at the width that holds the field's dictionary size; none
 * is that width's all-ones value.
 */
/*
 * The OCR fragments of each item, for counting the text facet without a
 * posting list per value: "txoff" [items + 1] offsets into "txids" (text
 * value ids, distinct per item) and "txconf" (double, each one's best
 * confidence); the same for the fragments at >= the default threshold
 * alone, without confidences: "tx50off", "tx50ids"; "txdef" u32 LE [text
 * values]: items with the value at >= the default threshold. Offsets and
 * ids are narrow (uints.h): the offsets at the width of the last one,
 * the ids at the width of the dictionary size.
 */
#define LAYOUT_COL_TEXT_OFF "txoff"
#define LAYOUT_COL_TEXT_IDS "txids"
#define LAYOUT_COL_TEXT_CONF "txconf"
#define LAYOUT_COL_TEXT50_OFF "tx50off"
#define LAYOUT_COL_TEXT50_IDS "tx50ids"
#define LAYOUT_COL_TEXT_DEFAULT "txdef"
/*
 * Each item's labels at >= the default threshold, so that the label facet
 * of a small result is a tally of its items' labels rather than an
 * intersection with every label's bitmap; one of two forms, whichever is
 * smaller: "lb50mask", a row of ceil(labels / 8) bytes per item (bit
 * v % 8 of byte v / 8 set when it has label v), or "lb50off" [items + 1]
 * offsets into "lb50ids" (label value ids, ascending per item), both
 * narrow. A few dozen labels, a dozen per item, make rows; thousands of
 * labels, a few per item, lists.
 */
#define LAYOUT_COL_LABEL50_MASK "lb50mask"
#define LAYOUT_COL_LABEL50_OFF "lb50off"
#define LAYOUT_COL_LABEL50_IDS "lb50ids"

/* Bytes of an lb50mask row for nlabels labels. */
static inline size_t
layout_label_row(size_t nlabels)
{
	return (nlabels + 7) / 8;
}
/*
 * Perceptual hashes (common/phash.h) of the photos that have a thumbnail:
 * "phoff" u64 LE [items + 1] into "phphoto" (u8, the photo's number),
 * "phdct" (u64 LE, the DCT hash) and "phchroma" (32 i8 each: the colour
 * layout, mean Cb of 4x4 cells row by row, then mean Cr).
 * Each item's near-duplicates: "dupoff" u64 LE [items + 1] into "dupids"
 * (u32 LE item ids, ascending, never the item itself).
 */
#define LAYOUT_COL_PHASH_OFF "phoff"
#define LAYOUT_COL_PHASH_PHOTO "phphoto"
#define LAYOUT_COL_PHASH_DCT "phdct"
#define LAYOUT_COL_PHASH_CHROMA "phchroma"
#define LAYOUT_COL_DUP_OFF "dupoff"
#define LAYOUT_COL_DUP_IDS "dupids"
#define LAYOUT_NONE UINT32_MAX
#define LAYOUT_FLAG_BRAND_IN_TEXT 0x1

/*
 * A posting blob: a header, a band table, then the bands' bitmaps in
 * CRoaring's frozen format and their confidences. Bitmap offsets are
 * 16 mod 32 from the blob start, so that LMDB's overflow pages (whose
 * data starts 16 bytes into a page) leave them 32-byte aligned, as
 * roaring_bitmap_frozen_view() needs. Plain fields have one band, 255.
 */
#define LAYOUT_POSTING_MAGIC 0x54535052u /* "RPST" */
#define LAYOUT_BAND_ALL 255u
/* Bands 0..100 and one spare: a blob claiming more is damaged. */
#define LAYOUT_MAX_BANDS 102

struct layout_posting_header {
	uint32_t magic;
	uint32_t nbands;
	uint32_t count;                   /* items in all bands */
	uint32_t value;                   /* the value id it belongs to */
};

struct layout_band {
	uint32_t band;                    /* confidences in [band, band+1) */
	uint32_t count;
	uint64_t bitmap_off;
	uint64_t bitmap_len;
	uint64_t confs_off;               /* double[count] in id order; 0 = none */
};

/* Value record in LAYOUT_DB_VALUES: items (u64 LE), folded len (u32 LE), folded, spelling. */

static inline void
layout_put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static inline uint32_t
layout_get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The labels50 key of OCR fragment v that items hold at the default. */
static inline void
layout_text50_key(unsigned char key[LAYOUT_TEXT50_KEY], uint32_t items,
    uint32_t v)
{
	key[0] = LAYOUT_TEXT50_PREFIX;
	layout_put_be32(key + 1, ~items);
	layout_put_be32(key + 5, v);
}

/*
 * The frozen bitmap format follows CRoaring's memory layout, which may
 * change between versions: the index records the version that wrote it.
 * (Debian's roaring_version.h defines ROARING_VERSION as broken text, so
 * build the string from the enum.)
 */
static inline void
layout_roaring_version(char out[32])
{
	snprintf(out, 32, "%d.%d.%d", (int)ROARING_VERSION_MAJOR,
	    (int)ROARING_VERSION_MINOR, (int)ROARING_VERSION_REVISION);
}
