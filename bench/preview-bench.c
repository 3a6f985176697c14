/*
 * preview-bench.c - the preview path without the browser, for
 * bench/preview.sh:
 *
 *   preview-bench jpeg FILE W H        FILE decoded to fit W x H, as a sixel
 *                                      on stdout (what `z` does)
 *   preview-bench thumbs DB N W H      the photos of the first N items:
 *                                      thumbnail from the index, boxes,
 *                                      sixel to stdout; per-photo median and
 *                                      p95 in milliseconds on stderr
 *   preview-bench extract DB OUT       the first stored thumbnail to OUT
 *   preview-bench tiles DB N DIR       the first photo's thumbnail of the
 *                                      first N items in the browser's
 *                                      order (newest first) to
 *                                      DIR/tile-0000.jpg ... (what a user
 *                                      would hand to montage)
 *   preview-bench sharp DB W H         every photo whose original is
 *                                      readable: the stored thumbnail
 *                                      and the original, each made to
 *                                      fill W x H as the detail pane
 *                                      does; prints photos, thumbnail
 *                                      bytes per photo, median and p10
 *                                      PSNR (dB) of the thumbnail's
 *                                      picture against the original's,
 *                                      median and p10 of its detail
 *                                      (mean luma gradient) over the
 *                                      original's (1.00: as sharp)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "catalog.h"
#include "image.h"
#include "preview.h"
#include "xmalloc.h"

/* Milliseconds on the monotonic clock. */
static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* qsort comparator for doubles. */
static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Decode jpeg to fit w x h, draw photo's boxes, sixel to stdout. */
static bool
bench_one(const void *jpeg, size_t len, int w, int h,
    const struct catalog_photo *photo, char **cause)
{
	struct preview_style style;
	struct image img;
	struct buf out;
	bool ok;

	if (!preview_decode(jpeg, len, w, h, &img, cause))
		return false;
	preview_style_init(&style);
	if (photo != NULL)
		preview_draw_boxes(&img, photo, &style);
	buf_init(&out);
	ok = preview_sixel(&img, 0, &style, PREVIEW_SIXEL_BUDGET, &out, NULL, NULL, cause);
	if (ok)
		fwrite(out.data, 1, out.len, stdout);
	buf_fini(&out);
	image_fini(&img);
	return ok;
}

/* PSNR in dB of a against b over their common top-left area. */
static double
bench_psnr(const struct image *a, const struct image *b)
{
	int w = a->width < b->width ? a->width : b->width;
	int h = a->height < b->height ? a->height : b->height, x, y, c;
	double se = 0, d;
	long n = 0;

	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			for (c = 0; c < 3; c++) {
				d = (double)a->rgb[((size_t)y * a->width + x) * 3 + c] -
				    b->rgb[((size_t)y * b->width + x) * 3 + c];
				se += d * d;
				n++;
			}
		}
	}
	if (n == 0)
		return 0;
	if (se == 0)
		return 99;
	return 10 * log10(255.0 * 255.0 / (se / n));
}


/* Mean absolute luma gradient (|dx| + |dy|): how much fine detail. */
static double
bench_detail(const struct image *a)
{
	double sum = 0;
	long n = 0;
	int x, y;

	for (y = 0; y + 1 < a->height; y++) {
		for (x = 0; x + 1 < a->width; x++) {
			const uint8_t *p = a->rgb + ((size_t)y * a->width + x) * 3;
			const uint8_t *r = p + 3, *d = p + (size_t)a->width * 3;
			double l = p[0] * 0.299 + p[1] * 0.587 + p[2] * 0.114;
			double lr = r[0] * 0.299 + r[1] * 0.587 + r[2] * 0.114;
			double ld = d[0] * 0.299 + d[1] * 0.587 + d[2] * 0.114;

			sum += fabs(lr - l) + fabs(ld - l);
			n++;
		}
	}
	return n > 0 ? sum / n : 0;
}

/* Thumbnail vs original, both filling w x h: bytes and PSNR. */
static int
bench_sharp(const char *db, int w, int h)
{
	struct catalog *cat;
	struct catalog_item *item;
	struct image ref, img;
	char *cause = NULL;
	void *data, *orig;
	size_t len, olen, k, n = 0, cap = 0;
	double *db_ = NULL, *sh = NULL, bytes = 0;
	uint32_t id, items;

	if ((cat = catalog_open(db, &cause)) == NULL) {
		fprintf(stderr, "preview-bench: %s\n", cause);
		return 1;
	}
	items = catalog_item_count(cat);
	for (id = 0; id < items; id++) {
		if ((item = catalog_item_get(cat, id, &cause)) == NULL)
			break;
		for (k = 0; k < item->nphotos; k++) {
			const struct catalog_photo *p = &item->photos[k];

			if (p->resolved_path == NULL || !catalog_thumb_get(cat, id,
			    (unsigned)k, &data, &len, NULL))
				continue;
			if (image_read_file(p->resolved_path, 64u << 20, &orig,
			    &olen, NULL) && preview_decode_fill(orig, olen, w, h,
			    &ref, NULL)) {
				if (preview_decode_fill(data, len, w, h, &img, NULL)) {
					struct image same;

					/*
					 * The reference made from the original may come
					 * out a pixel wider or taller than the thumbnail's
					 * picture: compared misregistered, the shift would
					 * be measured, not the sharpness.
					 */
					preview_resample(&ref, img.width, img.height,
					    &same);
					if (n == cap) {
						cap = cap * 2 + 16;
						db_ = xreallocarray(db_, cap, sizeof *db_);
						sh = xreallocarray(sh, cap, sizeof *sh);
					}
					sh[n] = bench_detail(&img) /
					    (bench_detail(&same) > 0 ?
					    bench_detail(&same) : 1);
					db_[n++] = bench_psnr(&same, &img);
					image_fini(&same);
					bytes += (double)len;
					image_fini(&img);
				}
				image_fini(&ref);
			}
			free(orig);
			free(data);
		}
		catalog_item_free(item);
	}
	catalog_free(cat);
	if (n == 0) {
		fprintf(stderr, "preview-bench: no photo with an original\n");
		return 1;
	}
	qsort(db_, n, sizeof *db_, bench_cmp);
	qsort(sh, n, sizeof *sh, bench_cmp);
	printf("%zu %.0f %.2f %.2f %.2f %.2f\n", n, bytes / n, db_[n / 2],
	    db_[n / 10], sh[n / 2], sh[n / 10]);
	free(db_);
	free(sh);
	return 0;
}

/* The first photo of the first n items, newest first, into dir. */
static int
bench_tiles(const char *db, size_t n, const char *dir)
{
	struct catalog_search_options so;
	struct catalog_answer *a;
	struct catalog_query *q;
	struct catalog *cat;
	char *cause = NULL, path[4096];
	void *data;
	size_t len, i, written = 0;
	FILE *f;

	if ((cat = catalog_open(db, &cause)) == NULL ||
	    (q = catalog_query_parse("", NULL)) == NULL) {
		fprintf(stderr, "preview-bench: %s\n", cause ? cause : "?");
		return 1;
	}
	memset(&so, 0, sizeof so);
	so.threshold = CATALOG_DEFAULT_THRESHOLD;
	so.sort = CATALOG_SORT_NEWEST;
	so.limit = n;
	if ((a = catalog_search(cat, q, &so, &cause)) == NULL) {
		fprintf(stderr, "preview-bench: %s\n", cause);
		return 1;
	}
	for (i = 0; i < a->nids; i++) {
		if (!catalog_thumb_get(cat, a->ids[i], 0, &data, &len, NULL))
			continue;
		snprintf(path, sizeof path, "%s/tile-%04zu.jpg", dir, i);
		if ((f = fopen(path, "wb")) == NULL ||
		    fwrite(data, 1, len, f) != len) {
			fprintf(stderr, "preview-bench: cannot write %s\n", path);
			return 1;
		}
		fclose(f);
		free(data);
		written++;
	}
	catalog_answer_free(a);
	catalog_query_free(q);
	catalog_free(cat);
	printf("%zu\n", written);
	return written > 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	struct catalog *cat;
	struct catalog_item *item;
	char *cause = NULL;
	void *data;
	size_t len, n = 0, cap = 0, k;
	double *ms = NULL, t0;
	uint32_t id, items;
	FILE *f;

	if (argc == 5 && strcmp(argv[1], "jpeg") == 0) {
		if (!image_read_file(argv[2], 64u << 20, &data, &len, &cause) ||
		    !bench_one(data, len, atoi(argv[3]), atoi(argv[4]), NULL,
		    &cause)) {
			fprintf(stderr, "preview-bench: %s\n", cause);
			return 1;
		}
		free(data);
		return 0;
	}
	if (argc == 5 && strcmp(argv[1], "sharp") == 0)
		return bench_sharp(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (argc == 5 && strcmp(argv[1], "tiles") == 0)
		return bench_tiles(argv[2], (size_t)atol(argv[3]), argv[4]);
	if (argc < 4 || (strcmp(argv[1], "thumbs") != 0 &&
	    strcmp(argv[1], "extract") != 0)) {
		fprintf(stderr, "usage: preview-bench jpeg FILE W H | thumbs DB N "
		    "W H | extract DB OUT | tiles DB N DIR | sharp DB W H\n");
		return 2;
	}
	if ((cat = catalog_open(argv[2], &cause)) == NULL) {
		fprintf(stderr, "preview-bench: %s\n", cause);
		return 1;
	}
	items = catalog_item_count(cat);
	if (strcmp(argv[1], "extract") == 0) {
		for (id = 0; id < items; id++) {
			if (catalog_thumb_get(cat, id, 0, &data, &len, NULL)) {
				f = fopen(argv[3], "wb");
				if (f == NULL || fwrite(data, 1, len, f) != len)
					return 1;
				fclose(f);
				free(data);
				catalog_free(cat);
				return 0;
			}
		}
		fprintf(stderr, "preview-bench: no thumbnail in the index\n");
		return 1;
	}
	if (argc != 6)
		return 2;
	for (id = 0; id < items && id < (uint32_t)atoi(argv[3]); id++) {
		if ((item = catalog_item_get(cat, id, &cause)) == NULL)
			break;
		for (k = 0; k < item->nphotos; k++) {
			t0 = bench_now();
			if (!catalog_thumb_get(cat, id, (unsigned)k, &data, &len,
			    NULL))
				continue;
			if (bench_one(data, len, atoi(argv[4]), atoi(argv[5]),
			    &item->photos[k], &cause)) {
				if (n == cap)
					ms = xreallocarray(ms, cap = cap * 2 + 16,
					    sizeof *ms);
				ms[n++] = bench_now() - t0;
			}
			free(cause);
			cause = NULL;
			free(data);
		}
		catalog_item_free(item);
	}
	catalog_free(cat);
	if (n == 0) {
		fprintf(stderr, "preview-bench: no thumbnails\n");
		return 1;
	}
	qsort(ms, n, sizeof *ms, bench_cmp);
	fprintf(stderr, "thumbnails %zu median %.2f ms p95 %.2f ms\n", n,
	    ms[n / 2], ms[n * 95 / 100]);
	free(ms);
	return 0;
}
