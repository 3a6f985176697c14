/*
 * export.h - the batch formats of a result, written as a stream: uuids
 * (one a line, from the uuid column), JSON lines (the item records as
 * they were read at index time, so they index again and equal the
 * source) or CSV (RFC 4180, a header, then one row per item of the
 * chosen columns). One writer for `rummage query --format` and the
 * browser's export dialog; export_write adds the file handling (a
 * temporary file renamed into place) and progress with cancel.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "catalog.h"

enum export_format {
	EXPORT_UUIDS,
	EXPORT_JSONL,
	EXPORT_CSV,
};

/* "uuids", "JSON lines", "CSV". */
const char *export_format_name(enum export_format fmt);

/* A CSV column: a field with one value per item, the photo count or the labels. */
struct export_column {
	enum catalog_field field;     /* CATALOG_NONE: photos or labels */
	bool photos;
	const char *name;             /* as the header spells it (borrowed) */
	size_t name_len;
};

/* At most this many columns. */
#define EXPORT_MAX_COLUMNS 64

/* The list's columns (query --format csv's default); returns how many. */
size_t export_list_columns(struct export_column *cols);

/*
 * The columns of a whole record row: the uuid and the timestamp under
 * their record keys, every top-1 prediction, photos, labels (the
 * browser's CSV export). Returns how many.
 */
size_t export_record_columns(struct export_column *cols);

/*
 * Parse a comma-separated list of column names (a field's name or record
 * key, "photos", "labels") into cols (EXPORT_MAX_COLUMNS). Returns how
 * many; 0 with *cause (owned) naming the bad column and the good ones.
 */
size_t export_parse_columns(const char *list, struct export_column *cols,
    char **cause);

/*
 * Told after each chunk of items how many are written of how many;
 * return false to cancel the export.
 */
typedef bool export_progress_fn(void *arg, uint64_t done, uint64_t total);

/* What to write and how. */
struct export_options {
	enum export_format fmt;
	uint64_t limit;               /* items at most (UINT64_MAX: all) */
	double threshold;             /* which labels a CSV row lists */
	const struct export_column *cols; /* CSV only */
	size_t ncols;
	bool terminal;                /* out is a terminal: escape the data */
	export_progress_fn *progress; /* NULL: no progress */
	void *progress_arg;
};

/*
 * Write the items of res in result order to out, each as it is read (a
 * million never sit in memory). *written gets the items written. False
 * with *cause on a catalog error, with *cancelled set (and no cause)
 * when progress said stop, or on a write error (ferror(out); no cause).
 */
bool export_stream(struct catalog *cat, const struct catalog_result *res,
    const struct export_options *o, FILE *out, uint64_t *written,
    bool *cancelled, char **cause);

/*
 * Write the items of res to path: into a temporary file beside it,
 * renamed into place at the end (a failed or cancelled export leaves no
 * half-written file and the old file as it was). An existing path must
 * be a regular file (or a symlink to one, which is kept): its
 * permissions are kept; a device, FIFO or directory is refused.
 * *written gets the number of items. False with *cause on failure;
 * false with *cancelled (no cause) when progress cancelled it.
 */
bool export_write(struct catalog *cat, const struct catalog_result *res,
    const struct export_options *o, const char *path, uint64_t *written,
    bool *cancelled, char **cause);
