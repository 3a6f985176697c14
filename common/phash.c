/*
 * phash.c - the DCT perceptual hash of a photo and the multi-index
 * search for near pairs (phash.h).
 */
#include "phash.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define PHASH_SIDE 32            /* the grey image the DCT is taken of */
#define PHASH_FREQ 9             /* frequencies 0..8 are kept per axis */

/* qsort order for doubles. */
static int
phash_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The photo as a 32x32 grey image: each cell the mean luma (BT.601) of
 * its block of source pixels; an image narrower than 32 repeats pixels.
 * The aspect is not kept: the same photo at any size gives the same grid.
 */
static void
phash_grey(const uint8_t *rgb, int width, int height,
    double grey[PHASH_SIDE][PHASH_SIDE])
{
	for (int cy = 0; cy < PHASH_SIDE; cy++) {
		int y0 = (int)((int64_t)cy * height / PHASH_SIDE);
		int y1 = (int)((int64_t)(cy + 1) * height / PHASH_SIDE);

		if (y1 <= y0)
			y1 = y0 + 1;
		for (int cx = 0; cx < PHASH_SIDE; cx++) {
			int x0 = (int)((int64_t)cx * width / PHASH_SIDE);
			int x1 = (int)((int64_t)(cx + 1) * width / PHASH_SIDE);
			double sum = 0;

			if (x1 <= x0)
				x1 = x0 + 1;
			for (int y = y0; y < y1; y++) {
				const uint8_t *p = rgb + ((size_t)y * (size_t)width +
				    (size_t)x0) * 3;
				for (int x = x0; x < x1; x++, p += 3)
					sum += 299 * p[0] + 587 * p[1] + 114 * p[2];
			}
			grey[cy][cx] = sum / (1000.0 * (y1 - y0) * (x1 - x0));
		}
	}
}

/* A mean chroma, rounded and clamped to -128..127. */
static int8_t
phash_level(double sum, double n)
{
	double v = round(sum / n);

	return (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v);
}

/* The mean Cb and Cr (BT.601) of each cell of a 4x4 grid into h. */
static void
phash_chroma(const uint8_t *rgb, int width, int height, struct phash *h)
{
	for (int c = 0; c < PHASH_CELLS; c++) {
		int cx = c % 4, cy = c / 4;
		int x0 = (int)((int64_t)cx * width / 4);
		int x1 = (int)((int64_t)(cx + 1) * width / 4);
		int y0 = (int)((int64_t)cy * height / 4);
		int y1 = (int)((int64_t)(cy + 1) * height / 4);
		double cb = 0, cr = 0;

		if (x1 <= x0)
			x1 = x0 + 1;
		if (y1 <= y0)
			y1 = y0 + 1;
		for (int y = y0; y < y1; y++) {
			const uint8_t *p = rgb + ((size_t)y * (size_t)width +
			    (size_t)x0) * 3;
			for (int x = x0; x < x1; x++, p += 3) {
				cb += -0.168736 * p[0] - 0.331264 * p[1] + 0.5 * p[2];
				cr += 0.5 * p[0] - 0.418688 * p[1] - 0.081312 * p[2];
			}
		}
		h->chroma[c] = phash_level(cb, (double)(x1 - x0) * (y1 - y0));
		h->chroma[PHASH_CELLS + c] = phash_level(cr,
		    (double)(x1 - x0) * (y1 - y0));
	}
}

struct phash
phash_rgb(const uint8_t *rgb, int width, int height)
{
	double grey[PHASH_SIDE][PHASH_SIDE], basis[PHASH_FREQ][PHASH_SIDE];
	double rows[PHASH_SIDE][PHASH_FREQ], coef[64], sorted[64], median;
	struct phash hash;
	int n = 0;

	memset(&hash, 0, sizeof hash);
	if (rgb == NULL || width <= 0 || height <= 0)
		return hash;
	phash_grey(rgb, width, height, grey);
	phash_chroma(rgb, width, height, &hash);
	/* The orthonormal DCT-II basis, the frequencies we keep only. */
	for (int u = 0; u < PHASH_FREQ; u++) {
		double a = u == 0 ? sqrt(1.0 / PHASH_SIDE) : sqrt(2.0 / PHASH_SIDE);
		for (int x = 0; x < PHASH_SIDE; x++)
			basis[u][x] = a * cos((2 * x + 1) * u * M_PI /
			    (2.0 * PHASH_SIDE));
	}
	/* Separable: along the rows, then down the columns. */
	for (int y = 0; y < PHASH_SIDE; y++)
		for (int v = 0; v < PHASH_FREQ; v++) {
			double s = 0;
			for (int x = 0; x < PHASH_SIDE; x++)
				s += grey[y][x] * basis[v][x];
			rows[y][v] = s;
		}
	/*
	 * The 8x8 lowest frequencies without the DC term (the mean
	 * brightness, which says nothing about the picture), and (0,8) to
	 * make 64.
	 */
	for (int u = 0; u < 8; u++)
		for (int v = 0; v < 8 + (u == 0); v++) {
			double s = 0;
			if (u == 0 && v == 0)
				continue;
			for (int y = 0; y < PHASH_SIDE; y++)
				s += rows[y][v] * basis[u][y];
			coef[n++] = s;
		}
	memcpy(sorted, coef, sizeof sorted);
	qsort(sorted, 64, sizeof sorted[0], phash_cmp_double);
	median = (sorted[31] + sorted[32]) / 2;
	for (int i = 0; i < 64; i++)
		if (coef[i] > median)
			hash.dct |= UINT64_C(1) << i;
	return hash;
}

/* ---- near pairs ---- */

#define PHASH_KEYS 65536
#define PHASH_PROBE (PHASH_NEAR / PHASH_BLOCKS)

_Static_assert(PHASH_PROBE <= 1, "the probes enumerate block radius 0 or 1");

/* Block b (16 bits) of h. */
static inline unsigned
phash_block(uint64_t h, int b)
{
	return (unsigned)(h >> (16 * b)) & 0xffffu;
}

/* qsort order for pairs. */
static int
phash_cmp_pair(const void *x, const void *y)
{
	const struct phash_pair *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

void
phash_near_pairs(const struct phash *hash, const uint32_t *owner, size_t n,
    struct phash_pair **pairs_out, size_t *npairs_out)
{
	/* Per block, the hashes ordered by that block's key (a counting sort). */
	uint32_t *start[PHASH_BLOCKS], *order[PHASH_BLOCKS];
	struct phash_pair *pairs = NULL;
	size_t npairs = 0, cap = 0, k;

	for (int b = 0; b < PHASH_BLOCKS; b++) {
		uint32_t *s = xcalloc(PHASH_KEYS + 1, sizeof *s);
		uint32_t *o = xmalloc((n + 1) * sizeof *o);

		for (size_t i = 0; i < n; i++)
			s[phash_block(hash[i].dct, b) + 1]++;
		for (size_t v = 0; v < PHASH_KEYS; v++)
			s[v + 1] += s[v];
		for (size_t i = 0; i < n; i++)
			o[s[phash_block(hash[i].dct, b)]++] = (uint32_t)i;
		/* The fill moved each start to the next one's: shift back. */
		memmove(s + 1, s, PHASH_KEYS * sizeof *s);
		s[0] = 0;
		start[b] = s;
		order[b] = o;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t h = hash[i].dct;

		for (int b = 0; b < PHASH_BLOCKS; b++) {
			unsigned key = phash_block(h, b);

			for (int flip = -1; flip < (PHASH_PROBE ? 16 : 0); flip++) {
				unsigned probe = flip < 0 ? key : key ^ (1u << flip);

				for (uint32_t at = start[b][probe];
				    at < start[b][probe + 1]; at++) {
					uint32_t j = order[b][at];
					bool seen = false;

					/* Each pair from its first hash, in its first block. */
					if (j <= i || owner[j] == owner[i] ||
					    !phash_near(&hash[i], &hash[j]))
						continue;
					for (int c = 0; c < b && !seen; c++)
						seen = phash_distance(phash_block(h, c),
						    phash_block(hash[j].dct, c)) <= PHASH_PROBE;
					if (seen)
						continue;
					if (npairs == cap) {
						cap = cap == 0 ? 1024 : cap * 2;
						pairs = xreallocarray(pairs, cap, sizeof *pairs);
					}
					pairs[npairs].a = owner[i] < owner[j] ? owner[i] :
					    owner[j];
					pairs[npairs].b = owner[i] < owner[j] ? owner[j] :
					    owner[i];
					npairs++;
				}
			}
		}
	}
	for (int b = 0; b < PHASH_BLOCKS; b++) {
		free(start[b]);
		free(order[b]);
	}
	/* Owners with several photos may pair more than once. */
	if (npairs > 0)
		qsort(pairs, npairs, sizeof *pairs, phash_cmp_pair);
	k = 0;
	for (size_t i = 0; i < npairs; i++)
		if (k == 0 || phash_cmp_pair(&pairs[k - 1], &pairs[i]) != 0)
			pairs[k++] = pairs[i];
	*pairs_out = pairs;
	*npairs_out = k;
}
