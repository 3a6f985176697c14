/*
 * phash-bench.c - the near-duplicate search and the hash, measured beside
 * their baselines in one process (bench/phash.sh):
 *
 *   phash-bench group N M RUNS [THREADS]
 *                                N synthetic hashes (3 photos an item, 5%
 *                                copies of an earlier photo with 0-6 bits
 *                                flipped): phash_near_pairs over all N,
 *                                and over the first M beside the
 *                                all-pairs loop it replaces; medians
 *   phash-bench thumb FILE RUNS  the index's thumbnail of FILE (384 px)
 *                                without and with the hash; medians
 *
 * Times are CPU milliseconds (the machine is shared; the work is on one
 * thread but for the search of all N, which also says its wall time).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "image.h"
#include "phash.h"
#include "xmalloc.h"

/*
 * Milliseconds of this process's CPU time: the machine is shared, and the
 * code measured runs on one thread, so CPU time is what it costs.
 */
static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* qsort comparator for doubles. */
static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Milliseconds on the monotonic clock (for the threaded search). */
static double
bench_wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The median of v[0..n) (sorts v). */
static double
bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, bench_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* xorshift64: the synthetic hashes. */
static uint64_t
bench_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* The all-pairs loop: near pairs of distinct owners, counted. */
static size_t
bench_brute(const struct phash *h, const uint32_t *owner, size_t n)
{
	size_t found = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			found += owner[i] != owner[j] && phash_near(&h[i], &h[j]);
	return found;
}

/* phash-bench group N M RUNS [THREADS] */
static int
bench_group(size_t n, size_t m, int runs, int threads)
{
	struct phash *h = xcalloc(n, sizeof *h);
	uint32_t *owner = xmalloc(n * sizeof *owner);
	double *t = xcalloc((size_t)runs, sizeof *t), *tm, *tb;
	double *wall = xcalloc((size_t)runs, sizeof *wall);
	uint64_t s = 0x9e3779b97f4a7c15u;
	struct phash_pair *pairs;
	size_t npairs = 0, nm = 0, nb = 0;

	for (size_t i = 0; i < n; i++) {
		owner[i] = (uint32_t)(i / 3);
		if (i > 3 && bench_next(&s) % 20 == 0) {
			/* A relisted photo: an earlier one, a few bits off. */
			h[i] = h[bench_next(&s) % (i - 3)];
			for (int f = (int)(bench_next(&s) % 7); f > 0; f--)
				h[i].dct ^= UINT64_C(1) << (bench_next(&s) % 64);
		} else {
			h[i].dct = bench_next(&s);
			for (int c = 0; c < PHASH_CHROMA_BYTES; c++)
				h[i].chroma[c] = (int8_t)(bench_next(&s) % 16);
		}
	}
	for (int r = 0; r < runs; r++) {
		double t0 = bench_now(), w0 = bench_wall();
		phash_near_pairs(h, owner, n, threads, &pairs, &npairs);
		t[r] = bench_now() - t0;
		wall[r] = bench_wall() - w0;
		free(pairs);
	}
	printf("multi-index, %zu hashes, %d thread%s: median %.0f ms CPU, "
	    "%.0f ms wall, of %d runs; %zu item pairs\n", n, threads,
	    threads == 1 ? "" : "s", bench_median(t, runs),
	    bench_median(wall, runs), runs, npairs);
	if (m > n)
		m = n;
	tm = xcalloc((size_t)runs, sizeof *tm);
	tb = xcalloc((size_t)runs, sizeof *tb);
	for (int r = 0; r < runs; r++) {
		double t0 = bench_now();
		phash_near_pairs(h, owner, m, 1, &pairs, &nm);
		tm[r] = bench_now() - t0;
		free(pairs);
		t0 = bench_now();
		nb = bench_brute(h, owner, m);
		tb[r] = bench_now() - t0;
	}
	printf("%zu hashes: multi-index median %.1f ms (%zu item pairs), "
	    "all pairs median %.1f ms (%zu photo pairs)\n", m,
	    bench_median(tm, runs), nm, bench_median(tb, runs), nb);
	printf("all pairs at %zu hashes, extrapolated (n^2): %.0f s\n", n,
	    bench_median(tb, runs) / 1e3 * ((double)n / m) * ((double)n / m));
	free(h);
	free(owner);
	free(t);
	free(wall);
	free(tm);
	free(tb);
	return 0;
}

/* phash-bench thumb FILE RUNS */
static int
bench_thumb(const char *path, int runs)
{
	double *a = xcalloc((size_t)runs, sizeof *a);
	double *b = xcalloc((size_t)runs, sizeof *b);
	char *cause = NULL;

	for (int r = 0; r < runs; r++) {
		void *jpeg;
		size_t len;
		struct phash h;
		double t0 = bench_now();

		if (!image_thumbnail_file(path, 384, &jpeg, &len, NULL, NULL,
		    &cause))
			goto fail;
		a[r] = bench_now() - t0;
		free(jpeg);
		t0 = bench_now();
		if (!image_thumbnail_file_phash(path, 384, &jpeg, &len, NULL, NULL,
		    &h, &cause))
			goto fail;
		b[r] = bench_now() - t0;
		free(jpeg);
	}
	printf("thumbnail of %s: median %.3f ms, with the hash %.3f ms "
	    "(%d runs each)\n", path, bench_median(a, runs),
	    bench_median(b, runs), runs);
	free(a);
	free(b);
	return 0;
fail:
	fprintf(stderr, "phash-bench: %s\n", cause);
	free(cause);
	free(a);
	free(b);
	return 1;
}

int
main(int argc, char **argv)
{
	if ((argc == 5 || argc == 6) && strcmp(argv[1], "group") == 0)
		return bench_group(strtoull(argv[2], NULL, 10),
		    strtoull(argv[3], NULL, 10), atoi(argv[4]) > 0 ?
		    atoi(argv[4]) : 1, argc == 6 && atoi(argv[5]) > 0 ?
		    atoi(argv[5]) : 1);
	if (argc == 4 && strcmp(argv[1], "thumb") == 0)
		return bench_thumb(argv[2], atoi(argv[3]) > 0 ? atoi(argv[3]) : 1);
	fprintf(stderr, "usage: phash-bench group N M RUNS [THREADS] | "
	    "thumb FILE RUNS\n");
	return 2;
}
