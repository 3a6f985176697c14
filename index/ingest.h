/*
 * ingest.h - read item record files (plain or gzip), cut them into lines,
 * and parse them on worker threads into shards: compact records with
 * shard-local value ids, plus the rejected lines. build.c merges shards.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "catalog.h"
#include "layout.h"
#include "strmap.h"

#define INGEST_NONE UINT32_MAX
/* Value dictionaries, one per stored field (layout.h, by store number). */
#define INGEST_DICT_LABEL LAYOUT_STORE_LABEL
#define INGEST_DICT_TEXT LAYOUT_STORE_TEXT
#define INGEST_NDICTS LAYOUT_NSTORES

/* Item flag: the top-1 brand equals (folded) one of the item's OCR fragments. */
#define INGEST_FLAG_BRAND_IN_TEXT 0x1

/* One part file to read, and the image root its photo paths are relative to. */
struct ingest_file {
	char *path;
	uint16_t root;
	uint64_t size;               /* on disk, for progress */
};

struct ingest_item {
	uint64_t seq;                /* file index << 32 | line: input order */
	int64_t ts_ms;
	uint64_t line_loc;           /* chunk << 32 | offset in the shard arena */
	uint64_t paths_loc;          /* photo paths: (u32 len, bytes)* there */
	uint64_t pairs_off;          /* each store's pairs in turn, in the pair arrays */
	uint32_t line_len;           /* packed (packed.h) */
	uint32_t raw_len;            /* the line's own length */
	uint32_t top[CATALOG_PREDICTION_COUNT]; /* shard-local ids, by list */
	/* (value, confidence) pairs per store: distinct, best confidence (0 for ranked) */
	uint32_t npairs[INGEST_NDICTS];
	uint32_t nphotos;
	uint16_t root;
	uint8_t flags;
	uint8_t uuid_len;
	char uuid[65];
};

/* A shard-local value dictionary. */
struct ingest_dict {
	struct strmap map;           /* folded value -> local id */
	const char **folded;         /* by local id, in map's arena */
	uint32_t *folded_len;        /* values may hold NULs: by length */
	const char **spelling;       /* the smallest spelling seen */
	uint32_t *spelling_len;
	uint64_t *items;             /* items having the value */
	size_t n, cap;
};

struct ingest_reject {
	uint64_t seq;
	char *reason;                /* owned */
};

/* What one worker thread produced. */
struct ingest_shard {
	struct ingest_item *items;
	size_t nitems, items_cap;
	uint32_t *pair_values;
	double *pair_confs;
	size_t npairs, pairs_cap;
	struct ingest_dict dicts[INGEST_NDICTS];
	struct ingest_reject *rejects;
	size_t nrejects, rejects_cap;
	char **chunks;               /* the arena of lines and paths */
	size_t nchunks, chunk_used;
	uint64_t lines;              /* non-empty lines parsed */
	uint64_t json_bytes;
	uint64_t tree_lines;         /* valid lines jansson read (record_scan() unsure) */
};

struct ingest_result {
	struct ingest_shard *shards;
	size_t nshards;
	struct ingest_reject *rejects; /* found by the reader (too-long lines) */
	size_t nrejects, rejects_cap;
	uint64_t lines;
	uint64_t json_bytes;
	uint64_t tree_lines;
	struct buf dict;             /* the records' dictionary (packed.h) */
};

/*
 * Parse every file with nthreads workers. False with *cause when a file
 * could not be read (the result is then freed and empty).
 */
bool ingest_run(const struct ingest_file *files, size_t nfiles, int nthreads,
    void (*progress)(void *, const struct catalog_progress *), void *arg,
    struct ingest_result *res, char **cause);
void ingest_result_fini(struct ingest_result *res);

/*
 * True when a progress report is due: forced, or 100 ms after *last
 * (which it then updates). Shared by the reader and the build phases.
 */
bool ingest_progress_due(struct timespec *last, bool force);

/* The bytes at an arena location of a shard. */
const char *ingest_shard_at(const struct ingest_shard *s, uint64_t loc);
