/*
 * phash.c - the DCT perceptual hash of a photo and the multi-index
 * search for near pairs (phash.h).
 */
#include "phash.h"

#include <math.h>
#include <pthread.h>
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
 * The pixels of 32x32 cell i along a side of n pixels: [*lo, *hi), at
 * least one (a side shorter than 32 repeats pixels).
 */
static void
phash_span(int i, int n, int64_t *lo, int64_t *hi)
{
	*lo = (int64_t)i * n / PHASH_SIDE;
	*hi = (int64_t)(i + 1) * n / PHASH_SIDE;
	if (*hi <= *lo)
		*hi = *lo + 1;
}

/*
 * The photo as 32x32 cells: each cell's sums of R, G and B, in one pass
 * of integer additions. The aspect is not kept: the same photo at any
 * size gives the same grid.
 */
static void
phash_cells(const uint8_t *rgb, int width, int height,
    uint64_t sums[PHASH_SIDE][PHASH_SIDE][3])
{
	for (int cy = 0; cy < PHASH_SIDE; cy++) {
		int64_t y0, y1;

		phash_span(cy, height, &y0, &y1);
		for (int cx = 0; cx < PHASH_SIDE; cx++) {
			int64_t x0, x1;
			uint64_t r = 0, g = 0, b = 0;

			phash_span(cx, width, &x0, &x1);
			for (int64_t y = y0; y < y1; y++) {
				const uint8_t *p = rgb + ((size_t)y * (size_t)width +
				    (size_t)x0) * 3;
				for (int64_t x = x0; x < x1; x++, p += 3) {
					r += p[0];
					g += p[1];
					b += p[2];
				}
			}
			sums[cy][cx][0] = r;
			sums[cy][cx][1] = g;
			sums[cy][cx][2] = b;
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

/* Cb and Cr (BT.601) of a pixel sum. */
static double
phash_cb(double r, double g, double b)
{
	return -0.168736 * r - 0.331264 * g + 0.5 * b;
}

static double
phash_cr(double r, double g, double b)
{
	return 0.5 * r - 0.418688 * g - 0.081312 * b;
}

/*
 * The mean Cb and Cr (BT.601) of each cell of a 4x4 grid into h: from
 * the 32x32 cells' sums when they tile the photo (both sides >= 32: cell
 * (cx, cy) of the 4x4 grid is exactly cells 8cx..8cx+7, 8cy..8cy+7),
 * else from the pixels.
 */
static void
phash_chroma(const uint8_t *rgb, int width, int height,
    uint64_t sums[PHASH_SIDE][PHASH_SIDE][3], struct phash *h)
{
	if (width >= PHASH_SIDE && height >= PHASH_SIDE) {
		for (int c = 0; c < PHASH_CELLS; c++) {
			int cx = c % 4, cy = c / 4;
			double r = 0, g = 0, b = 0, n;

			for (int y = 8 * cy; y < 8 * cy + 8; y++)
				for (int x = 8 * cx; x < 8 * cx + 8; x++) {
					r += (double)sums[y][x][0];
					g += (double)sums[y][x][1];
					b += (double)sums[y][x][2];
				}
			n = (double)((int64_t)(cx + 1) * width / 4 -
			    (int64_t)cx * width / 4) *
			    (double)((int64_t)(cy + 1) * height / 4 -
			    (int64_t)cy * height / 4);
			h->chroma[c] = phash_level(phash_cb(r, g, b), n);
			h->chroma[PHASH_CELLS + c] = phash_level(phash_cr(r, g, b), n);
		}
		return;
	}
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
				cb += phash_cb(p[0], p[1], p[2]);
				cr += phash_cr(p[0], p[1], p[2]);
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
	uint64_t sums[PHASH_SIDE][PHASH_SIDE][3];
	double rows[PHASH_SIDE][PHASH_FREQ], coef[64], sorted[64], median;
	struct phash hash;
	int n = 0;

	memset(&hash, 0, sizeof hash);
	if (rgb == NULL || width <= 0 || height <= 0)
		return hash;
	phash_cells(rgb, width, height, sums);
	/* The mean luma (BT.601) of each cell. */
	for (int cy = 0; cy < PHASH_SIDE; cy++) {
		int64_t y0, y1;

		phash_span(cy, height, &y0, &y1);
		for (int cx = 0; cx < PHASH_SIDE; cx++) {
			int64_t x0, x1;

			phash_span(cx, width, &x0, &x1);
			grey[cy][cx] = (299.0 * (double)sums[cy][cx][0] +
			    587.0 * (double)sums[cy][cx][1] +
			    114.0 * (double)sums[cy][cx][2]) /
			    (1000.0 * (double)(y1 - y0) * (double)(x1 - x0));
		}
	}
	phash_chroma(rgb, width, height, sums, &hash);
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

/* The block tables and the pairs one thread found. */
struct phash_search {
	const struct phash *hash;
	const uint32_t *owner;
	size_t n;
	/*
	 * Per block, the hashes ordered by that block's key (a counting
	 * sort): their DCT bits in one array, scanned in order, their
	 * numbers in another, read only for a hash within the radius.
	 */
	uint32_t *start[PHASH_BLOCKS];
	uint64_t *dct[PHASH_BLOCKS];
	uint32_t *idx[PHASH_BLOCKS];
};

struct phash_worker {
	const struct phash_search *s;
	size_t first, step;          /* chunks first, first + step, ... */
	struct phash_pair *pairs;
	size_t npairs, cap;
};

/* Pair hash i (bits h) with the hashes in block b's buckets near h. */
static void
phash_probe(const struct phash_search *s, struct phash_worker *w, int b,
    uint32_t i, uint64_t h)
{
	unsigned key = phash_block(h, b);

	for (int flip = -1; flip < (PHASH_PROBE ? 16 : 0); flip++) {
		unsigned probe = flip < 0 ? key : key ^ (1u << flip);
		uint32_t at = s->start[b][probe], end = s->start[b][probe + 1];

		for (; at < end; at++) {
			uint64_t d = s->dct[b][at];
			uint32_t j;
			bool seen = false;

			if (phash_distance(h, d) > PHASH_NEAR)
				continue;
			j = s->idx[b][at];
			/* Each pair from its first hash, in its first block. */
			if (j <= i || s->owner[j] == s->owner[i] ||
			    !phash_near(&s->hash[i], &s->hash[j]))
				continue;
			for (int c = 0; c < b && !seen; c++)
				seen = phash_distance(phash_block(h, c),
				    phash_block(d, c)) <= PHASH_PROBE;
			if (seen)
				continue;
			if (w->npairs == w->cap) {
				w->cap = w->cap == 0 ? 1024 : w->cap * 2;
				w->pairs = xreallocarray(w->pairs, w->cap,
				    sizeof *w->pairs);
			}
			w->pairs[w->npairs].a = s->owner[i] < s->owner[j] ?
			    s->owner[i] : s->owner[j];
			w->pairs[w->npairs++].b = s->owner[i] < s->owner[j] ?
			    s->owner[j] : s->owner[i];
		}
	}
}

/* Positions in a block's table a worker takes at a time. */
#define PHASH_CHUNK 4096

/*
 * Search the hashes at a block's table positions of chunks w->first,
 * + step, ... in each block: the pairs each hash starts. Walking a table
 * in its own order makes the 17 buckets probed for one hash neighbours
 * of those probed for the last, so the scan streams through memory
 * instead of jumping to 68 random places per hash.
 */
static void *
phash_worker_main(void *arg)
{
	struct phash_worker *w = arg;
	const struct phash_search *s = w->s;

	for (int b = 0; b < PHASH_BLOCKS; b++) {
		for (size_t c = w->first * PHASH_CHUNK; c < s->n;
		    c += w->step * PHASH_CHUNK) {
			size_t cend = c + PHASH_CHUNK < s->n ? c + PHASH_CHUNK : s->n;

			for (size_t pos = c; pos < cend; pos++)
				phash_probe(s, w, b, s->idx[b][pos], s->dct[b][pos]);
		}
	}
	return NULL;
}

void
phash_near_pairs(const struct phash *hash, const uint32_t *owner, size_t n,
    int threads, struct phash_pair **pairs_out, size_t *npairs_out)
{
	struct phash_search s;
	struct phash_worker *w;
	pthread_t *tids;
	struct phash_pair *pairs;
	size_t npairs = 0, k;
	int started = 1;

	s.hash = hash;
	s.owner = owner;
	s.n = n;
	for (int b = 0; b < PHASH_BLOCKS; b++) {
		uint32_t *st = xcalloc(PHASH_KEYS + 1, sizeof *st);

		s.dct[b] = xmalloc((n + 1) * sizeof *s.dct[b]);
		s.idx[b] = xmalloc((n + 1) * sizeof *s.idx[b]);
		for (size_t i = 0; i < n; i++)
			st[phash_block(hash[i].dct, b) + 1]++;
		for (size_t v = 0; v < PHASH_KEYS; v++)
			st[v + 1] += st[v];
		for (size_t i = 0; i < n; i++) {
			uint32_t at = st[phash_block(hash[i].dct, b)]++;
			s.dct[b][at] = hash[i].dct;
			s.idx[b][at] = (uint32_t)i;
		}
		/* The fill moved each start to the next one's: shift back. */
		memmove(st + 1, st, PHASH_KEYS * sizeof *st);
		st[0] = 0;
		s.start[b] = st;
	}
	if (threads < 1)
		threads = 1;
	w = xcalloc((size_t)threads, sizeof *w);
	tids = xcalloc((size_t)threads, sizeof *tids);
	for (int t = 0; t < threads; t++) {
		w[t].s = &s;
		w[t].first = (size_t)t;
		w[t].step = (size_t)threads;
	}
	/* Chunks interleaved, so that each thread gets dense and sparse ones. */
	for (int t = 1; t < threads; t++) {
		if (pthread_create(&tids[t], NULL, phash_worker_main, &w[t]) != 0)
			break;
		started++;
	}
	/* What a thread that did not start would have done: this one does. */
	for (int t = started; t < threads; t++)
		phash_worker_main(&w[t]);
	phash_worker_main(&w[0]);
	for (int t = 1; t < started; t++)
		pthread_join(tids[t], NULL);
	for (int t = 0; t < threads; t++)
		npairs += w[t].npairs;
	pairs = xmalloc((npairs + 1) * sizeof *pairs);
	npairs = 0;
	for (int t = 0; t < threads; t++) {
		if (w[t].npairs > 0)
			memcpy(pairs + npairs, w[t].pairs, w[t].npairs * sizeof *pairs);
		npairs += w[t].npairs;
		free(w[t].pairs);
	}
	free(w);
	free(tids);
	for (int b = 0; b < PHASH_BLOCKS; b++) {
		free(s.start[b]);
		free(s.dct[b]);
		free(s.idx[b]);
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
