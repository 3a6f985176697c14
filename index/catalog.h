/*
 * catalog.h - the one public interface to a rummage index.
 *
 * The catalog owns everything that touches LMDB and JSON: building an index
 * from item records (catalog_build_*), opening one read-only, parsing and
 * running queries, counting facets, and handing out items and thumbnails.
 * Callers (the CLI, the browser) see opaque handles and owned copies only;
 * no pointer into the memory map ever leaves index/.
 *
 * Conventions:
 * - A returned pointer belongs to the caller and is released with the
 *   matching *_free() function (all *_free(NULL) are no-ops).
 * - "char **cause": on failure, *cause is set to a malloc'd message the
 *   caller shows and frees. It may be NULL if the caller does not care.
 * - A catalog handle is not thread-safe: use one per thread.
 * - Strings from the data may hold NUL characters (a record may say
 *   "A\u0000B"): each copy out is NUL-terminated for convenience, and a
 *   value's own length is beside it (value and len, top and top_len, ...)
 *   for showing it whole (sanitize_text escapes the NUL). Photo names and
 *   paths are cut at a NUL (a path with one names no file).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The on-disk layout version (doc/index-format.md); checked on open. */
#define CATALOG_SCHEMA_VERSION 5
/* The confidence threshold for label: and text: terms and label facets. */
#define CATALOG_DEFAULT_THRESHOLD 50.0
/*
 * The timestamps an index holds, in UTC milliseconds: 0000-01-01T00:00:00.000Z
 * to 9999-12-31T23:59:59.999Z (four-digit years after conversion to UTC;
 * records outside are rejected, doc/data-format.md).
 */
#define CATALOG_TIMESTAMP_MIN INT64_C(-62167219200000)
#define CATALOG_TIMESTAMP_MAX INT64_C(253402300799999)
/* Bytes of a photo's colour layout (common/phash.h, PHASH_CHROMA_BYTES). */
#define CATALOG_PHASH_CHROMA 32
/* Default longest side of a stored thumbnail, in pixels. */
#define CATALOG_DEFAULT_THUMB_SIZE 256  /* doc/previews.md: "Thumbnail size" */

/*
 * The fields of the query language. Each is one row of the field table
 * (catalog_field_desc): everything about a field -- its query name, the
 * record key it comes from, how it is stored, counted and shown -- is
 * said there once, and every layer iterates the table. The numbers are
 * the table's row order; what an index stores is each row's `store`
 * number, fixed by the schema (doc/index-format.md), not these.
 */
enum catalog_field {
	CATALOG_BRAND,
	CATALOG_TYPE,
	CATALOG_COLOR,
	CATALOG_SIZE,
	CATALOG_LABEL,
	CATALOG_TEXT,
	CATALOG_DATE,
	CATALOG_UUID,
	CATALOG_ANY,    /* a bare word: brand, type, color, size, label or text */
	CATALOG_BRANDS, /* any-rank predictions */
	CATALOG_TYPES,
	CATALOG_COLORS,
	CATALOG_SIZES,
	CATALOG_HOUR,   /* derived from the timestamp, UTC */
	CATALOG_WEEKDAY,
	CATALOG_OCR,    /* ocr:brand: the top-1 brand is read in the photos' text */
	CATALOG_SIMILAR, /* similar:UUID: the item's near-duplicates (photos) */
	CATALOG_DUP,    /* dup:yes / dup:no: has near-duplicates or not */
	CATALOG_FIELD_COUNT,
	CATALOG_NONE = -1
};
/* The ranked prediction lists (brands, productTypes, colors, sizes). */
#define CATALOG_PREDICTION_COUNT 4
/* Stored field numbers run from 0 to this - 1 (the table's `store`). */
#define CATALOG_STORE_COUNT 13

/* What a field is, which decides how it is parsed, stored and matched. */
enum catalog_kind {
	CATALOG_KIND_TOP,      /* the top-1 entry of a ranked prediction list */
	CATALOG_KIND_RANKED,   /* any entry of a ranked prediction list */
	CATALOG_KIND_SCORED,   /* a per-photo value with a confidence (labels) */
	CATALOG_KIND_TEXT,     /* OCR fragments: scored, and V* is a prefix */
	CATALOG_KIND_TIME,     /* the timestamp: date ranges */
	CATALOG_KIND_ID,       /* the uuid: exact bytes */
	CATALOG_KIND_ANY,      /* derived: a bare word over several fields */
	CATALOG_KIND_HOUR,     /* derived: the hour of the timestamp, "00".."23" */
	CATALOG_KIND_WEEKDAY,  /* derived: the weekday, "mon".."sun" */
	CATALOG_KIND_OCR,      /* derived: the brand read in the OCR text, scored */
	CATALOG_KIND_SIMILAR,  /* derived: a uuid's near-duplicate items */
	CATALOG_KIND_DUP,      /* derived: "yes" or "no", has near-duplicates */
};

/* How a field is counted as a facet. */
enum catalog_facet_kind {
	CATALOG_FACET_NONE,    /* not a facet */
	CATALOG_FACET_TOP,     /* each item's top-1 value, from a column */
	CATALOG_FACET_SCORED,  /* each distinct value at >= the threshold, once per item */
	CATALOG_FACET_MONTHS,  /* items per calendar month (UTC), newest first */
};

struct catalog_field_desc {
	enum catalog_field field;
	const char *name;          /* in queries and JSON: "brand" ("" for a bare word) */
	const char *display;       /* for people: "Brand" */
	const char *record_key;    /* the record's key it comes from: "brands" */
	enum catalog_kind kind;
	enum catalog_facet_kind facet;
	int store;                 /* stored field number (dictionary, postings); -1 none */
	int prediction;            /* 0-3: which prediction list (TOP, RANKED); -1 none */
	bool folded;               /* values compare after NFKC case folding */
	bool thresholded;          /* matches at >= the confidence threshold */
	int list_order;            /* position among the item lists' columns (1 first); 0 none */
	int list_width;            /* its width in terminal columns */
	const char *help;          /* one line for help screens and --help */
};

/* The row of a field (never NULL for a valid field; NULL out of range). */
const struct catalog_field_desc *catalog_field_desc(enum catalog_field field);
/* The field's name as written in queries ("brand"); "" for CATALOG_ANY. */
const char *catalog_field_name(enum catalog_field field);
/* The field named name[0..len) in queries, or CATALOG_NONE. */
enum catalog_field catalog_field_lookup(const char *name, size_t len);
/* The field of prediction list p (0-3) of kind CATALOG_KIND_TOP. */
enum catalog_field catalog_prediction_field(int p);
/*
 * The fields that are columns of item lists, in column order, into
 * out[CATALOG_FIELD_COUNT]; returns how many.
 */
size_t catalog_list_columns(enum catalog_field *out);

/* ------------------------------------------------------------------ */
/* Building an index                                                   */

/* Where a build is, for a progress display (see catalog_build_options). */
struct catalog_progress {
	/*
	 * "reading" (and parsing), "indexing" (values merged, duplicates
	 * dropped), "writing" (records), "postings" (columns and posting
	 * lists), "thumbnails", "near-duplicates", "committing" (LMDB commit
	 * and sync), in that order.
	 */
	const char *phase;
	uint64_t done, total;         /* units of the phase (bytes or photos); total 0 = unknown */
	uint64_t records;             /* lines parsed so far */
	uint64_t json_bytes;          /* uncompressed JSON bytes parsed so far */
	/* Valid lines the fast scanner left to jansson (known once reading ends). */
	uint64_t records_tree;
};

struct catalog_build_options {
	const char *db_path;          /* the index file to (re)place atomically */
	const char *const *inputs;    /* record directories (or files), in order */
	size_t ninputs;
	const char *image_root;       /* NULL: each input directory is its root */
	int thumb_size;               /* longest side; 0 = no thumbnails */
	int threads;                  /* 0 = number of online CPUs */
	/* Called from the building thread about ten times a second. */
	void (*progress)(void *arg, const struct catalog_progress *p);
	void *progress_arg;
};

/* What a build did, printed at the end and stored in the index. */
struct catalog_accounting {
	uint64_t files;               /* part files read */
	uint64_t lines;               /* non-empty lines read */
	uint64_t indexed;             /* items in the index */
	uint64_t rejected;            /* lines rejected (see the rejects file) */
	uint64_t duplicates;          /* records replaced by a later one */
	uint64_t input_bytes;         /* uncompressed JSON bytes */
	uint64_t photos;              /* photos named by indexed records */
	uint64_t thumbs;              /* thumbnails stored */
	uint64_t thumbs_spark;        /* of which the Spark job's (_thumbs/) */
	uint64_t photos_missing;      /* photo file not found */
	uint64_t photos_corrupt;      /* photo found but not decodable */
	/* photos past an item's 256th, which get no thumbnail; photos =
	 * thumbs + photos_missing + photos_corrupt + photos_skipped */
	uint64_t photos_skipped;
};

/*
 * Build an index from item records. Rejected lines go to "<db_path>.rejects"
 * (FILE:LINE: REASON, one per line). Returns false, with *cause set, when
 * the build could not finish; the previous index is then untouched.
 * On success *acct (may be NULL) holds the accounting.
 */
bool catalog_build(const struct catalog_build_options *opts,
    struct catalog_accounting *acct, char **cause);

/* ------------------------------------------------------------------ */
/* Opening an index                                                    */

struct catalog;

/*
 * Install SIGSEGV and SIGBUS handlers so that a fault while this thread
 * reads an index through the catalog (a file damaged where catalog_open's
 * checks do not look, or truncated after it was opened) runs fatal()'s
 * cleanup (the terminal), says "the index is damaged or truncated" and
 * exits 1 instead of dying of a signal. Faults elsewhere keep the previous
 * action. Call once, before opening an index.
 */
void catalog_fault_guard(void);

/* Open an index read-only. NULL with *cause on failure. */
struct catalog *catalog_open(const char *path, char **cause);
void catalog_free(struct catalog *cat);

struct catalog_info {
	uint32_t schema_version;
	int64_t built_at_ms;          /* UTC milliseconds */
	char *inputs;                 /* input paths, '\n'-separated (owned) */
	char *image_roots;            /* image roots, '\n'-separated (owned) */
	char *rummage_version;        /* version of the builder (owned) */
	int thumb_size;
	struct catalog_accounting acct;
	uint64_t items;
	int64_t first_ms, last_ms;    /* oldest and newest timestamp */
	uint64_t distinct[CATALOG_FIELD_COUNT]; /* distinct values per stored field, 0 otherwise */
	uint64_t file_bytes;          /* size of the index file */
};

/*
 * Verify a whole index: every page of every table read with pread() (not
 * through the map) and checked for bounds, then every item record, uuid,
 * column, dictionary value, posting list and thumbnail key checked against
 * the item and value counts. Reads the whole file. True when sound; false
 * with *cause naming the first problem ("the index is damaged or
 * truncated (...)").
 */
bool catalog_check(struct catalog *cat, char **cause);

/* Fill *info (fini with catalog_info_fini). */
bool catalog_info_get(struct catalog *cat, struct catalog_info *info,
    char **cause);
void catalog_info_fini(struct catalog_info *info);

/* Number of items; ids run from 0 to count-1 in result order. */
uint32_t catalog_item_count(struct catalog *cat);

/* ------------------------------------------------------------------ */
/* Queries (contract §3, doc/query-language.md)                        */

struct catalog_query;

struct catalog_query_error {
	size_t offset;                /* byte offset into the query text */
	size_t column;                /* 1-based character column */
	char message[256];            /* "expected a value after 'brand:'" */
};

/* One term of a parsed query, as the browser shows it (chips). */
struct catalog_term {
	enum catalog_field field;
	bool negated;
	bool prefix;                  /* text:V* or a bare V*: value ends in '*' */
	bool has_min_confidence;      /* label:V>=N */
	double min_confidence;
	const char *value;            /* as written, unquoted; borrowed from the query */
	size_t offset, length;        /* the term's span in the query text */
};

/*
 * Parse a query. NULL on error with *err filled (err may be NULL).
 * An empty or all-blank query parses to a query that matches everything.
 */
struct catalog_query *catalog_query_parse(const char *text,
    struct catalog_query_error *err);
void catalog_query_free(struct catalog_query *q);
size_t catalog_query_term_count(const struct catalog_query *q);
/* The i-th term; its strings live as long as q. */
const struct catalog_term *catalog_query_term(const struct catalog_query *q,
    size_t i);

/*
 * Quote a value so it can be pasted after any "field:" (owned): the rules
 * of catalog_term_format, with a trailing '*' always quoted.
 */
char *catalog_query_quote(const char *value);
/* A deep copy of q (owned), e.g. for another thread; no parsing. */
struct catalog_query *catalog_query_copy(const struct catalog_query *q);

/* ------------------------------------------------------------------ */
/* Editing a query as terms (the browser holds terms, never byte spans) */

/*
 * A term in canonical form: "-brand:\"Levi's Jeans\"", "label:Denim>=90",
 * "text:W3*", a bare "jeans"; quotes only where the value needs them
 * (a blank, '"', ':', '\\', ">=", a leading '-', a trailing '*' that is
 * not a prefix), the confidence as the shortest number that reads back
 * the same (owned). Parsing the result gives the same term.
 */
char *catalog_term_format(const struct catalog_term *t);
/* The whole query, its terms in canonical form joined by spaces (owned). */
char *catalog_query_format(const struct catalog_query *q);
/*
 * The plain term (no prefix, no >=) of field whose value folds as value
 * does; -1 when there is none. *negated (may be NULL) tells which kind.
 */
long catalog_query_find(const struct catalog_query *q,
    enum catalog_field field, const char *value, bool *negated);
/*
 * New queries made from q (borrowed; the results are owned), each the
 * canonical text reparsed: a term field:value (value unquoted, as the
 * data spells it) added at the end, term i removed, term i's "-" flipped.
 * NULL when i is out of range, or when the added term is not valid
 * (an empty value, invalid UTF-8, a malformed date).
 */
struct catalog_query *catalog_query_add(const struct catalog_query *q,
    enum catalog_field field, const char *value, bool negated);
struct catalog_query *catalog_query_remove(const struct catalog_query *q,
    size_t i);
struct catalog_query *catalog_query_toggle(const struct catalog_query *q,
    size_t i);

/* ------------------------------------------------------------------ */
/* Results                                                             */

/*
 * A result holds item ids only: it may be used with any catalog handle
 * open on the same index file (another thread's, say), never with a
 * handle on a different build of the index.
 */
struct catalog_result;

/*
 * Run a query. threshold is the confidence for label:/text: terms without
 * their own ">=". Positive terms whose field is without_field are ignored
 * (for disjunctive facet counts; its "-" terms stay); pass CATALOG_NONE
 * normally.
 */
struct catalog_result *catalog_query_run(struct catalog *cat,
    const struct catalog_query *q, double threshold,
    enum catalog_field without_field, char **cause);
void catalog_result_free(struct catalog_result *res);
uint64_t catalog_result_count(const struct catalog_result *res);

enum catalog_sort {
	CATALOG_SORT_NEWEST,          /* timestamp desc, uuid asc (default) */
	CATALOG_SORT_OLDEST,
	CATALOG_SORT_PHOTOS,          /* most photos first, then newest */
	CATALOG_SORT_BRAND,           /* top-1 brand A-Z (folded), then newest */
};
/* Reorder the result; later catalog_result_ids() calls follow it. */
bool catalog_result_sort(struct catalog *cat, struct catalog_result *res,
    enum catalog_sort sort, char **cause);

/* Copy up to n item ids starting at position pos into out; returns how many. */
size_t catalog_result_ids(const struct catalog_result *res, uint64_t pos,
    size_t n, uint32_t *out);

/* ------------------------------------------------------------------ */
/* Facets                                                              */

struct catalog_facet_value {
	char *value;                  /* a spelling the data uses (owned by facet) */
	size_t len;                   /* bytes of value */
	char *folded;                 /* its normalised form (owned by facet) */
	size_t folded_len;            /* bytes of folded */
	uint64_t count;
};

struct catalog_facet {
	enum catalog_field field;
	size_t n;
	/* count desc, then folded asc; for date: newest month first ("2024-03") */
	struct catalog_facet_value *values;
	uint64_t distinct;            /* values with a non-zero count */
};

/*
 * Count the facet of field (a field whose facet kind is not NONE) over a
 * result: the top-1 prediction for brand/type/color/size, each distinct
 * label or OCR fragment at >= threshold once per item for label and text,
 * items per month for date. limit 0 = all values.
 */
struct catalog_facet *catalog_facet_count(struct catalog *cat,
    const struct catalog_result *res, enum catalog_field field,
    double threshold, size_t limit, char **cause);
void catalog_facet_free(struct catalog_facet *facet);

/* ------------------------------------------------------------------ */
/* Crosstabs                                                           */

/* One side of a crosstab: a term per row (or column) and its label. */
struct catalog_crosstab_side {
	enum catalog_field field;
	size_t n;
	char **terms;                 /* "brand:Zara", "-ocr:brand" (owned) */
	char **labels;                /* "Zara", "-ocr:brand" (owned, data) */
	uint64_t *totals;             /* the result's items each term matches */
};

struct catalog_crosstab {
	struct catalog_crosstab_side rows, cols;
	uint64_t *counts;             /* rows.n x cols.n, row-major */
	uint64_t total;               /* items in the result */
};

/*
 * The result res as a table of counts: rows are the top nrows values of
 * field rows (a facet field; a field without one gives every value it
 * takes: hour, weekday, ocr:brand and -ocr:brand), columns likewise; a
 * cell counts the items both terms match. Owned by the caller.
 */
struct catalog_crosstab *catalog_crosstab(struct catalog *cat,
    const struct catalog_result *res, enum catalog_field rows,
    enum catalog_field cols, double threshold, size_t nrows, size_t ncols,
    char **cause);
void catalog_crosstab_free(struct catalog_crosstab *x);
/* Can field be a side of catalog_crosstab (a facet, hour, weekday, ocr)? */
bool catalog_crosstab_side_ok(enum catalog_field field);

/*
 * OCR agreement per brand: of the items of each top-1 brand, how many
 * the photos' text confirms (ocr:brand), lowest share first -- where the
 * brand model needs work.
 */
struct catalog_agreement_row {
	char *brand;                  /* as the data spells it (owned) */
	char *term;                   /* "brand:Zara", to apply it (owned) */
	uint64_t items;               /* the result's items with this top-1 brand */
	uint64_t confirmed;           /* of those, items matching ocr:brand */
};

/* Brands with fewer items say little about agreement (`stats`, charts). */
#define CATALOG_AGREEMENT_MIN_ITEMS 5

struct catalog_agreement {
	size_t n;
	struct catalog_agreement_row *rows; /* confirmed/items ascending */
	size_t brands;                /* the top brands looked at */
	uint64_t min_items;           /* brands with fewer items are left out */
};

/*
 * OCR agreement over res for its top nbrands brands with at least
 * min_items items each (owned by the caller). NULL with *cause on failure.
 */
struct catalog_agreement *catalog_ocr_agreement(struct catalog *cat,
    const struct catalog_result *res, double threshold, size_t nbrands,
    uint64_t min_items, char **cause);
void catalog_agreement_free(struct catalog_agreement *a);

/* ------------------------------------------------------------------ */
/* Items over time                                                     */

enum catalog_time_unit {
	CATALOG_UNIT_DAY,
	CATALOG_UNIT_WEEK,            /* Monday to Sunday */
	CATALOG_UNIT_MONTH,
};

/* One bar of a timeline: a run of days and the items in it. */
struct catalog_timeline_bucket {
	/*
	 * Its first and last day as a date: term spells them: "2024-03-04"
	 * for days and weeks, "2024-03" for months (NUL-terminated).
	 */
	char from[11], to[11];
	uint64_t count;
};

struct catalog_timeline {
	enum catalog_time_unit unit;
	unsigned per;                 /* units per bucket (>1: grouped) */
	size_t n;
	struct catalog_timeline_bucket *buckets; /* oldest first (owned) */
	uint64_t max;                 /* the largest bucket count */
	uint64_t hours[24];           /* items per hour of the day, UTC */
	uint64_t weekdays[7];         /* items per weekday, Monday first */
	uint64_t total;               /* items in the result */
};

/*
 * The items of res over time, in at most max_buckets buckets (>= 1): by
 * day if the days fit, else by week, else by month (several months a
 * bucket when even those do not fit), from the oldest item's bucket to
 * the newest's; and the items per hour of the day and per weekday.
 * Owned by the caller; NULL with *cause on failure. An empty result
 * gives n = 0.
 */
struct catalog_timeline *catalog_timeline(struct catalog *cat,
    const struct catalog_result *res, size_t max_buckets, char **cause);
void catalog_timeline_free(struct catalog_timeline *t);
/*
 * The date: term for buckets i..j of t (either order; owned): "date:A..B",
 * or "date:A" when both ends are the same; NULL when out of range.
 */
char *catalog_timeline_term(const struct catalog_timeline *t, size_t i,
    size_t j);
/*
 * The value of hour i (CATALOG_HOUR, 0-23: "07") or weekday i
 * (CATALOG_WEEKDAY, 0-6 from Monday: "mon") into out; "" otherwise.
 */
void catalog_clock_value(enum catalog_field field, int i, char out[4]);
/*
 * The hour: or weekday: term of hours (weekdays) i..j, i <= j (owned):
 * "hour:07", "hour:18..21", "weekday:sat..sun"; NULL when out of range.
 */
char *catalog_clock_term(enum catalog_field field, int i, int j);

/* ------------------------------------------------------------------ */
/* One call for a whole answer                                         */

struct catalog_search_options {
	double threshold;             /* for terms without >= and the facets */
	enum catalog_sort sort;
	uint64_t offset;              /* the window of ids: from this position */
	size_t limit;                 /* this many (0: no ids) */
	size_t facet_limit;           /* values per facet, 0 = all */
	/*
	 * Count a facet whose field has positive terms in the query as if
	 * those terms were removed (its exclusions stay): what the browser's
	 * sidebar shows, so that picking a second brand is an OR.
	 */
	bool disjunctive;
	/* Fields to count (bit 1u << field); 0 = none. */
	uint32_t facets;
	/*
	 * Only each facet's top facet_limit values are wanted, not how many
	 * values it has: facet->distinct may then count fewer than there
	 * are. A large result's text facet is found from the most frequent
	 * fragments down instead of tallying every item's fragments.
	 */
	bool top_only;
	/*
	 * Threads to count the facets on (0 or 1: this one). With 2, a
	 * result of a few thousand items or more has its facets split with a
	 * second thread that opens its own handle on the same index.
	 */
	int threads;
	/* What a chart or a table needs besides (0 / false: not asked). */
	size_t timeline;              /* catalog_timeline's max_buckets */
	size_t agreement;             /* catalog_ocr_agreement's nbrands */
	bool crosstab;                /* catalog_crosstab of: */
	enum catalog_field crosstab_rows, crosstab_cols;
	size_t crosstab_n;            /* values per side */
};

/* The bit of every field that has a facet, for catalog_search_options.facets. */
uint32_t catalog_facet_fields(void);

struct catalog_answer {
	struct catalog_result *result;   /* the sorted result (owned) */
	uint64_t total;
	size_t nids;
	uint32_t *ids;                   /* the window, in the sort's order (owned) */
	/* By field; NULL for a field not asked for (owned). */
	struct catalog_facet *facets[CATALOG_FIELD_COUNT];
	bool disjunctive[CATALOG_FIELD_COUNT]; /* counted without its own terms */
	/* As asked for in the options; NULL otherwise (owned). */
	struct catalog_timeline *timeline;
	struct catalog_agreement *agreement;
	struct catalog_crosstab *crosstab;
};

/*
 * Answer a query: the total, a window of ids in the chosen order and
 * every facet asked for. q is borrowed. NULL with *cause on failure.
 */
struct catalog_answer *catalog_search(struct catalog *cat,
    const struct catalog_query *q, const struct catalog_search_options *opts,
    char **cause);
void catalog_answer_free(struct catalog_answer *a);

/* ------------------------------------------------------------------ */
/* Items                                                               */

struct catalog_box {
	double left, top, width, height; /* fractions of the photo */
};

struct catalog_label {
	char *name;
	size_t name_len;
	double confidence;
	size_t nboxes;
	struct catalog_box *boxes;
};

struct catalog_text {
	char *text;
	size_t text_len;
	double confidence;
	bool has_box;
	struct catalog_box box;
};

struct catalog_photo {
	char *name;                   /* "image-0.jpg"; may be "" */
	char *path;                   /* as in the record; may be "" */
	char *resolved_path;          /* absolute path inside the image root, or
	                               * NULL (no path, or one leaving the root) */
	int64_t bytes, width, height; /* -1 when the record does not say */
	size_t nlabels;
	struct catalog_label *labels;
	size_t ntexts;
	struct catalog_text *texts;
	bool has_thumb;
	/* Its perceptual hash (common/phash.h), when it has a thumbnail. */
	bool has_phash;
	uint64_t phash_dct;
	int8_t phash_chroma[CATALOG_PHASH_CHROMA];
};

struct catalog_item {
	uint32_t id;
	char *uuid;
	int64_t timestamp_ms;
	size_t npredictions[CATALOG_PREDICTION_COUNT]; /* by catalog_field */
	char **predictions[CATALOG_PREDICTION_COUNT];  /* ranked, best first */
	size_t *prediction_len[CATALOG_PREDICTION_COUNT]; /* their lengths */
	size_t nphotos;
	struct catalog_photo *photos;
};

/* The whole item with this id (owned; free with catalog_item_free). */
struct catalog_item *catalog_item_get(struct catalog *cat, uint32_t id,
    char **cause);
void catalog_item_free(struct catalog_item *item);

/*
 * The uuid of item id into out (NUL-terminated), from the uuid column:
 * no record is read. False with *cause when id or the column is bad.
 */
bool catalog_item_uuid(struct catalog *cat, uint32_t id, char out[65],
    char **cause);

/*
 * Item id's record line exactly as it was read at index time (owned,
 * NUL-terminated, *len bytes; a line holds no raw NUL: \u0000 stays
 * escaped). NULL with *cause on failure.
 */
char *catalog_item_line(struct catalog *cat, uint32_t id, size_t *len,
    char **cause);

/*
 * The near-duplicates of item id (the items similar:UUID finds): *ids
 * (owned, ascending) and *n. False with *cause when the index is bad.
 */
bool catalog_item_similar(struct catalog *cat, uint32_t id, uint32_t **ids,
    size_t *n, char **cause);

/* Look up an item id by uuid; false when there is none. */
bool catalog_item_find(struct catalog *cat, const char *uuid, uint32_t *id);

/*
 * A one-line summary for list rows, without parsing the whole record:
 * top-1 values (owned strings, "" when absent), photo count, timestamp.
 */
struct catalog_row {
	uint32_t id;
	char uuid[65];
	int64_t timestamp_ms;
	char *top[CATALOG_PREDICTION_COUNT];
	size_t top_len[CATALOG_PREDICTION_COUNT];
	unsigned photos;
	char *labels;                 /* top labels at >= threshold, ", "-joined */
	size_t labels_len;
};
bool catalog_row_get(struct catalog *cat, uint32_t id, double threshold,
    struct catalog_row *row, char **cause);
void catalog_row_fini(struct catalog_row *row);
/*
 * The text of list column `field` of a row, *len bytes (a value may hold
 * a NUL): a top-1 value, the uuid, the date as "2024-03-27 13:41:53"
 * (UTC, written into buf), the hour "07" or the weekday "mon"; borrowed
 * from row or buf, "" for a field with many values per item.
 */
const char *catalog_row_field(const struct catalog_row *row,
    enum catalog_field field, char buf[32], size_t *len);

/* The stored thumbnail JPEG of photo k of item id (owned *jpeg). */
bool catalog_thumb_get(struct catalog *cat, uint32_t id, unsigned photo,
    void **jpeg, size_t *len, char **cause);

/* ------------------------------------------------------------------ */
/* Columns for charts                                                  */

/*
 * Per-item values for the items of a result, in the result's current order:
 * n = catalog_result_count(res) entries, malloc'd, owned by the caller.
 */
bool catalog_result_timestamps(struct catalog *cat,
    const struct catalog_result *res, int64_t **out, char **cause);
bool catalog_result_photo_counts(struct catalog *cat,
    const struct catalog_result *res, uint8_t **out, char **cause);

/*
 * Data-quality figures over a result: items whose top-1 brand equals
 * (folded) one of its OCR fragments, and the top-1 label confidence
 * histogram of a label: hist[b] counts items whose best confidence for
 * the label is in [b*100/nbins, (b+1)*100/nbins) (the last bin includes 100).
 */
bool catalog_result_brand_in_text(struct catalog *cat,
    const struct catalog_result *res, uint64_t *with_brand,
    uint64_t *brand_in_text, char **cause);
bool catalog_label_histogram(struct catalog *cat,
    const struct catalog_result *res, const char *label, unsigned nbins,
    uint64_t *hist, char **cause);
