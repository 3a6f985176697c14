/*
 * rbits.h - counts over CRoaring bitmaps that the library answers slowly
 * as Debian builds it. Debian 12's libroaring (0.2.66) is compiled for
 * the x86-64 baseline: no POPCNT, so every 64-bit word of a bitset
 * container is counted by a called bit-twiddling routine; and two array
 * containers are intersected by a branchy merge. The label and text
 * facets of a mid-size result intersect one result with dozens of label
 * and text bitmaps, and spent most of their time in those two.
 *
 * rbits_and_cardinality() gives what roaring_bitmap_and_cardinality()
 * gives, counting bitset-bitset chunks itself with POPCNT.
 *
 * A struct rbits_dense is a result laid out as plain bits over the ids
 * [0, universe) once (128 KB at 1M items), so that each intersection
 * with it is a word-AND per bitset chunk and a bit test per array
 * element, whatever the result's own containers are.
 *
 * Where CRoaring is not 0.2.x (whose container layout this relies on,
 * checked by meson.build) or the CPU has no POPCNT, each call is the
 * library's own. Answers are the library's in every case.
 */
#pragma once

#include <roaring/roaring.h>
#include <stdbool.h>
#include <stdint.h>

uint64_t rbits_and_cardinality(const roaring_bitmap_t *a,
    const roaring_bitmap_t *b);

/* A result as plain bits; owns words, borrows src. */
struct rbits_dense {
	const roaring_bitmap_t *src;
	uint64_t *words;              /* NULL: every call is the library's */
	uint32_t nchunks;             /* 65536 ids, 1024 words each */
};

/* Lay r out over the ids below universe (r has none at or above it). */
void rbits_dense_init(struct rbits_dense *d, const roaring_bitmap_t *r,
    uint32_t universe);
/* |d & b| */
uint64_t rbits_dense_and_cardinality(const struct rbits_dense *d,
    const roaring_bitmap_t *b);
/* Whether d & b is not empty. */
bool rbits_dense_intersects(const struct rbits_dense *d,
    const roaring_bitmap_t *b);
void rbits_dense_free(struct rbits_dense *d);
