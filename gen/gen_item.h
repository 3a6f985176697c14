/*
 * gen_item.h - the generator's item model: what `rummage gen` writes about
 * an item and how each of its photos is laid out.
 *
 * Every item is a pure function of (seed, item index). The layout of a
 * photo (where the garment, the tag and each word go) is decided in
 * fractions of the photo, so that the metadata does not depend on
 * --max-side or on whether photos are drawn at all; gen_draw.c then paints
 * exactly that layout.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Fractions and confidences are fixed point in units of 1e-4 so that both
 * output formats print the same shortest decimal: 1234 = 0.1234 and
 * 999800 = 99.98.
 */
#define GEN_UNIT 10000

#define GEN_MAX_PRED 5
#define GEN_MAX_PHOTOS 5
#define GEN_MAX_LABELS 25
#define GEN_MAX_BOXES 2
#define GEN_MAX_LINES 8
#define GEN_MAX_WORDS 16
#define GEN_WORD_BYTES 48

struct gen_box {
	int32_t left, top, width, height;     /* 1e-4 of the photo */
};

/* The silhouettes gen_draw.c knows. */
enum gen_shape {
	GEN_SHAPE_TROUSERS,
	GEN_SHAPE_SHORTS,
	GEN_SHAPE_TOP,
	GEN_SHAPE_COAT,
	GEN_SHAPE_DRESS,
	GEN_SHAPE_SKIRT,
	GEN_SHAPE_SHOE,
	GEN_SHAPE_BAG,
	GEN_SHAPE_HAT,
	GEN_SHAPE_SCARF,
	GEN_SHAPE_SWIM,
	GEN_SHAPE_COUNT
};

/* What the photo was taken on. */
enum gen_backdrop { GEN_FLOOR, GEN_BED, GEN_WALL, GEN_BACKDROP_COUNT };

/* A Rekognition label: its name and parents (static tables in gen_data.c). */
struct gen_labeldef {
	const char *name;
	const struct gen_labeldef *parents[3];  /* NULL-terminated if shorter */
	const char *category;
};

struct gen_label {
	const struct gen_labeldef *def;
	int32_t confidence;           /* 1e-4 */
	int nboxes;
	struct gen_box boxes[GEN_MAX_BOXES];
	int32_t box_confidence[GEN_MAX_BOXES];
};

/* An OCR word; drawn words are painted on the tag, the others are noise. */
struct gen_word {
	char text[GEN_WORD_BYTES];
	int32_t confidence;
	struct gen_box box;
	int line;                     /* index into gen_photo.lines */
	bool drawn;
};

/* An OCR line: consecutive words (first .. first + count - 1). */
struct gen_line {
	int first, count;
	int32_t confidence;
	struct gen_box box;
};

struct gen_photo {
	int width, height;            /* as written, after --max-side */
	int nominal_w, nominal_h;     /* the phone's size: the layout's aspect */
	enum gen_backdrop backdrop;
	int ngarments;                /* 2 for a pair of shoes */
	struct gen_box garments[GEN_MAX_BOXES];
	struct gen_box garment;       /* union of garments[] */
	bool has_tag;
	struct gen_box tag;
	int nlabels;
	struct gen_label labels[GEN_MAX_LABELS];
	int nlines;
	struct gen_line lines[GEN_MAX_LINES];
	int nwords;
	struct gen_word words[GEN_MAX_WORDS];
	uint64_t draw_seed;           /* texture and noise */
	int quality;                  /* JPEG quality */
	int noise;                    /* noise amplitude, 0..255 */
	size_t bytes;                 /* size of the written file */
};

struct gen_typedef {
	const char *name;             /* "Dress_pants" */
	enum gen_shape shape;
	const struct gen_labeldef *label;   /* the garment's own label */
};

struct gen_colordef {
	const char *name;
	uint8_t rgb[3];
};

/*
 * How a relisted item's photos differ from its source's (doc/sample-data.md):
 * the same pictures re-encoded at another quality, at half the size, or
 * brightened (gamma 0.9).
 */
enum gen_relist { GEN_RELIST_NONE, GEN_RELIST_REENCODED, GEN_RELIST_HALF,
	GEN_RELIST_BRIGHTER };

/* Items relisted, per thousand; each relists one of the 1000 before it. */
#define GEN_RELIST_PER_MILLE 50

struct gen_item {
	uint64_t index;               /* whose photos these are: a relist's source's */
	char uuid[17];
	char timestamp[32];
	const struct gen_typedef *type;      /* the truth, drawn */
	const struct gen_colordef *color;
	const char *brand;
	const char *types[GEN_MAX_PRED];
	int ntypes;
	const char *colors[GEN_MAX_PRED];
	int ncolors;
	const char *brands[GEN_MAX_PRED];
	int nbrands;
	char sizes[GEN_MAX_PRED][16];
	int nsizes;
	int nphotos;
	struct gen_photo photos[GEN_MAX_PHOTOS];
	int64_t ts_ms;                /* the timestamp in UTC ms */
	enum gen_relist relist;       /* NONE, or how this relists source_uuid */
	char source_uuid[17];
};

/* A small fast PRNG (xoshiro256**), seeded from a few integers. */
struct gen_rng {
	uint64_t s[4];
};

/* Seed r from (a, b, c) through splitmix64: distinct triples, distinct streams. */
static inline void
gen_rng_seed(struct gen_rng *r, uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t x = a * 0x9e3779b97f4a7c15u ^ b * 0xc2b2ae3d27d4eb4fu ^
	    c * 0x165667b19e3779f9u, z;
	int i;

	for (i = 0; i < 4; i++) {
		z = (x += 0x9e3779b97f4a7c15u);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
		r->s[i] = z ^ (z >> 31);
	}
}

/* The next 64 random bits. */
static inline uint64_t
gen_rng_next(struct gen_rng *r)
{
	uint64_t *s = r->s, result, t;

	result = ((s[1] * 5) << 7 | (s[1] * 5) >> 57) * 9;
	t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = s[3] << 45 | s[3] >> 19;
	return result;
}

/* A double in [0, 1). */
static inline double
gen_rng_unit(struct gen_rng *r)
{
	return (double)(gen_rng_next(r) >> 11) * 0x1p-53;
}

/* An integer in [0, n), n > 0. */
static inline uint32_t
gen_rng_below(struct gen_rng *r, uint32_t n)
{
	return (uint32_t)(((gen_rng_next(r) >> 32) * n) >> 32);
}

/* A double in [lo, hi). */
static inline double
gen_rng_range(struct gen_rng *r, double lo, double hi)
{
	return lo + (hi - lo) * gen_rng_unit(r);
}

/*
 * Is item index of this seed a relisting (a later listing of an earlier
 * item's photos, under its own uuid)? Then *source is the earlier index;
 * a relisting is never relisted. From its own stream: the items that are
 * not relistings are the same with or without relisting.
 */
enum gen_relist gen_item_relist(uint64_t seed, uint64_t index,
    uint64_t *source);

/* Fill *item, the index-th item of the dataset of this seed. */
void gen_item_make(uint64_t seed, uint64_t index, int max_side,
    struct gen_item *item);
