/*
 * phash.h - perceptual hashes of photos, and finding the near pairs among
 * many of them.
 *
 * The hash is the 64-bit DCT hash ("pHash"): the photo as a 32x32 grey
 * image, its 2-D DCT-II, and one bit per low-frequency coefficient (the
 * 8x8 lowest but the DC term, plus (0,8)) set when the coefficient is
 * above their median. Re-encoding, resizing and a change of brightness or
 * contrast move few bits; different photos differ in about half of them.
 * Beside it, the photo's colour layout: the mean chroma (Cb and Cr,
 * BT.601) of each cell of a 4x4 grid. The DCT hash is taken of the luma
 * alone and is blind to contrast, so a blue and a purple shirt, or a
 * brown and a black pair of shoes, on the same floor look alike to it.
 * Two photos are near-duplicates when their DCT hashes differ in at most
 * PHASH_NEAR bits and no cell's Cb or Cr by more than PHASH_CHROMA levels
 * (doc/index-format.md says why).
 *
 * The near pairs are found by multi-index hashing (Norouzi et al. 2012):
 * each hash is cut into PHASH_BLOCKS blocks of 16 bits, and two hashes
 * within PHASH_NEAR bits agree on some block within PHASH_NEAR /
 * PHASH_BLOCKS bits (pigeonhole), so each hash is compared only with
 * the hashes in a few buckets of a table per block, never with all.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* The Hamming radius of a near-duplicate, in bits out of 64. */
#define PHASH_NEAR 6
/* The largest difference of a cell's mean Cb (or Cr) of a near-duplicate. */
#define PHASH_CHROMA 4
/* The colour layout: 4x4 cells, row by row, Cb then Cr. */
#define PHASH_CELLS 16
#define PHASH_CHROMA_BYTES (2 * PHASH_CELLS)

/* A photo's perceptual hash. */
struct phash {
	uint64_t dct;                 /* the DCT hash of the luma */
	int8_t chroma[PHASH_CHROMA_BYTES]; /* mean Cb of cells 0-15, then Cr */
};
/* Blocks of 16 bits; a near pair agrees on one within PHASH_NEAR / 4 bits. */
#define PHASH_BLOCKS 4

/* The hash of an 8-bit RGB image (rows top to bottom, no padding). */
struct phash phash_rgb(const uint8_t *rgb, int width, int height);

/* Bits in which a and b differ. */
static inline int
phash_distance(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}

/* Are a and b the same picture (PHASH_NEAR, PHASH_CHROMA)? */
static inline int
phash_near(const struct phash *a, const struct phash *b)
{
	if (phash_distance(a->dct, b->dct) > PHASH_NEAR)
		return 0;
	for (int i = 0; i < PHASH_CHROMA_BYTES; i++) {
		int d = a->chroma[i] - b->chroma[i];
		if (d > PHASH_CHROMA || d < -PHASH_CHROMA)
			return 0;
	}
	return 1;
}

/* A near pair of owners (a < b), e.g. item ids. */
struct phash_pair {
	uint32_t a, b;
};

/*
 * Every pair of distinct owners having near hashes (phash_near): hash i
 * belongs to owner[i]. Each pair once, a < b, sorted; *pairs is
 * malloc'd (the caller's), *npairs its length.
 */
void phash_near_pairs(const struct phash *hash, const uint32_t *owner, size_t n,
    struct phash_pair **pairs, size_t *npairs);
