/*
 * record.h - one item record (a JSON line, contract §2): parse, validate,
 * and expose what the index needs. Knows nothing of files or LMDB.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"

/* Lines longer than this are rejected without being parsed. */
#define RECORD_MAX_LINE (16u * 1024u * 1024u)
#define RECORD_MAX_UUID 64

/* A string value with its confidence, borrowed from the parsed record. */
struct record_value {
	const char *s;
	size_t len;
	double confidence;
};

struct record_photo {
	const char *path;          /* "" when the record has none */
	size_t path_len;
};

/*
 * A parsed, validated record. Strings are (pointer, length), not
 * NUL-terminated, and may hold NULs ("\u0000"): they point into the
 * JSON tree the record owns, or into the line itself when the scanner
 * (recscan.c) read it, so they live until the next parse or clear, and
 * no longer than the line.
 */
struct record {
	void *json;                /* the jansson tree (owned), or NULL */
	const char *uuid;
	size_t uuid_len;
	int64_t ts_ms;             /* UTC milliseconds */
	/* Top-1 of each prediction list (NULL when none), by list number. */
	const char *top[CATALOG_PREDICTION_COUNT];
	size_t top_len[CATALOG_PREDICTION_COUNT];
	/* Every non-empty entry of each prediction list, best first. */
	struct record_value *ranked[CATALOG_PREDICTION_COUNT];
	size_t nranked[CATALOG_PREDICTION_COUNT], ranked_cap[CATALOG_PREDICTION_COUNT];
	/* Every label and OCR fragment of every photo, in record order. */
	struct record_value *labels, *texts;
	size_t nlabels, ntexts, labels_cap, texts_cap;
	struct record_photo *photos;
	size_t nphotos, photos_cap;
	/* Strings the scanner decoded (they had escapes); reused. */
	char *scratch;
	size_t scratch_used, scratch_cap;
};

void record_init(struct record *r);
/* Release the parsed tree (the arrays are kept for the next parse). */
void record_clear(struct record *r);
/* Free everything, including the reusable arrays. */
void record_fini(struct record *r);

/*
 * Parse and validate one line (no newline; CR already stripped).
 * On failure returns false with *reason set (owned) to a message such as
 * "images[0].labels[2].confidence: expected a number from 0 to 100".
 * r may be reused: a new parse releases the previous tree.
 */
bool record_parse(struct record *r, const char *line, size_t len,
    char **reason);

/*
 * Which way record_parse() reads a line: the scanner, falling back to
 * jansson when it is not sure (ANY, what record_parse() does); jansson
 * only (TREE); the scanner only (SCAN: false with *reason NULL when it
 * is not sure). The last two are for the test and the fuzzer that hold
 * the paths to the same answers.
 */
enum record_path { RECORD_PATH_ANY, RECORD_PATH_TREE, RECORD_PATH_SCAN };
bool record_parse_with(struct record *r, const char *line, size_t len,
    enum record_path path, char **reason);

/*
 * The first part of a and b that differs ("uuid", "labels"...), or NULL
 * when a user of struct record could not tell them apart (the tree
 * aside; confidences compared bit for bit).
 */
const char *record_differs(const struct record *a, const struct record *b);

/*
 * The scanner (recscan.c): line[0..len) into r, whose counts the caller
 * reset, with no tree. The line must have passed record_parse()'s
 * pre-checks (length, no NUL byte, valid UTF-8). True when the record is
 * valid and r holds it, its strings borrowed from line; false when the
 * scanner is not sure, r's contents then unspecified. tests/test-recscan.c
 * and fuzz/fuzz-record.c hold it to jansson's answers.
 */
bool record_scan(struct record *r, const char *line, size_t len);

/* Append a value to one of a record's growable arrays. */
void record_push(struct record_value **arr, size_t *n, size_t *cap,
    const char *s, size_t len, double conf);
/* A valid uuid: 1 to 64 characters of [0-9A-Za-z_-]. */
bool record_uuid_ok(const char *s, size_t len);

/*
 * Where photo path[0..len) of a record lies on this machine: relative to
 * root (an absolute, resolved directory), or absolute. Either way it must
 * stay inside root, first by its text (".." cannot climb out; checked
 * before the file system is asked, so nothing outside is ever touched),
 * then once symbolic links are resolved. Returns the path (owned), or
 * NULL with *why (static text) when it leaves the root or is not a path.
 */
char *record_photo_resolve(const char *root, const char *path, size_t len,
    const char **why);

/* The record's key of a field ("uuid", "timestamp", "labels"...), from the table. */
const char *record_key(enum catalog_field field);
/* The record's key of prediction list p ("brands" for 0), from the field table. */
const char *record_prediction_key(size_t p);
