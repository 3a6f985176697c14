/*
 * gen.h - the sample-data generator behind `rummage gen`: write a dataset
 * as item records (contract §2) or as the raw dump (contract §1).
 *
 * The items themselves come from gen_item.h, their photos from
 * gen_draw.h; doc/sample-data.md describes it all.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum gen_format { GEN_RECORDS, GEN_RAW };

struct gen_options {
	enum gen_format format;
	uint64_t items;
	uint64_t seed;
	bool images;                  /* false: --no-images */
	int max_side;                 /* cap on the longest photo side; 0 = none */
	int parts;                    /* 0: one part per GEN_ITEMS_PER_PART */
	int threads;                  /* 0: online CPUs */
	bool force;                   /* clear our old output in a used OUT_DIR */
	bool quiet;                   /* no progress, no summary */
	const char *out_dir;
};

#define GEN_ITEMS_PER_PART 5000
/*
 * rummage gen's photos are capped at this side unless --full-size: a first
 * run (the README's 2000 items, ./run demo) then takes seconds, not the
 * minutes (and 3 GB) that phone-sized photos cost.
 */
#define GEN_DEFAULT_MAX_SIDE 1024

/* What a run wrote, for the summary. */
struct gen_stats {
	uint64_t items, photos, photo_bytes, json_bytes;
	int parts;
	bool refused;                 /* OUT_DIR was not empty (no --force) */
};

/*
 * Generate the dataset into opts->out_dir. False with *cause on failure:
 * I/O, or a non-empty directory without force (then stats->refused).
 */
/*
 * Append the record line (with its newline) of item index of a seed, as
 * `rummage gen --no-images` writes it: the tests' supply of valid lines.
 */
struct buf;
void gen_record_line(uint64_t seed, uint64_t index, struct buf *out);

bool gen_run(const struct gen_options *opts, struct gen_stats *stats,
    char **cause);
