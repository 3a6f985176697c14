/*
 * export.h - write the items of a result to a file: uuids (one a line),
 * JSON lines (item records in the format of contract §2, so they can be
 * indexed again) or CSV (RFC 4180, one row per item, header first).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"

enum export_format {
	EXPORT_UUIDS,
	EXPORT_JSONL,
	EXPORT_CSV,
};

/* "uuids", "JSON lines", "CSV". */
const char *export_format_name(enum export_format fmt);

/*
 * Write every item of res, in result order, to path: into a temporary
 * file beside it, renamed into place at the end (a failed export leaves
 * no half-written file). An existing path must be a regular file (or a
 * symlink to one, which is kept): its permissions are kept; a device,
 * FIFO or directory is refused. threshold selects the CSV's labels.
 * *written gets the number of items. false with *cause on failure.
 */
bool export_write(struct catalog *cat, const struct catalog_result *res,
    double threshold, enum export_format fmt, const char *path,
    uint64_t *written, char **cause);
