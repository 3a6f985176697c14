/*
 * test-image.c - unit tests for common/image.c: the hostile JPEG corpus, DCT
 * scaling, area-average fitting, encode/decode round trips, CMYK.
 *
 * image.c is included so that its allocations can be watched: a header
 * claiming 60000x60000 must be refused before any big buffer is asked for.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/*
 * The largest single allocation image.c asked for since the last reset
 * (atomic: test_threads() allocates on several threads).
 */
static _Atomic size_t test_biggest;

/* xmalloc, remembering the size. */
static void *
test_xmalloc(size_t n)
{
	if (n > test_biggest)
		test_biggest = n;
	return xmalloc(n);
}

/* xreallocarray, remembering the size. */
static void *
test_xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb <= SIZE_MAX / size && nmemb * size > test_biggest)
		test_biggest = nmemb * size;
	return xreallocarray(p, nmemb, size);
}

#define xmalloc(n) test_xmalloc(n)
#define xreallocarray(p, n, s) test_xreallocarray(p, n, s)
#include "../common/image.c"
#undef xmalloc
#undef xreallocarray

#include "check.h"

/* The corpus directory, from the command line or the source tree. */
static const char *test_corpus = "tests/corpus/jpeg";

enum test_expect { EXPECT_IMAGE, EXPECT_CAUSE, EXPECT_EITHER };

static const struct {
	const char *name;
	enum test_expect expect;
	int width, height;        /* of a decoded image at full size */
} test_files[] = {
	{ "ok-baseline.jpg", EXPECT_IMAGE, 320, 240 },
	{ "progressive.jpg", EXPECT_IMAGE, 320, 240 },
	{ "cmyk.jpg", EXPECT_IMAGE, 320, 240 },
	{ "gray.jpg", EXPECT_IMAGE, 320, 240 },
	/* Truncated data is a warning: the image is shown, grey at the end. */
	{ "truncated.jpg", EXPECT_IMAGE, 320, 240 },
	{ "truncated-progressive.jpg", EXPECT_IMAGE, 320, 240 },
	{ "headers-only.jpg", EXPECT_CAUSE, 0, 0 },
	{ "bitflips.jpg", EXPECT_EITHER, 320, 240 },
	{ "arithmetic.jpg", EXPECT_IMAGE, 320, 240 },
	{ "arithmetic-sof9.jpg", EXPECT_EITHER, 320, 240 },
	{ "garbage.jpg", EXPECT_EITHER, 0, 0 },
	{ "bad-segment-length.jpg", EXPECT_CAUSE, 0, 0 },
	{ "empty.jpg", EXPECT_CAUSE, 0, 0 },
	{ "soi-only.jpg", EXPECT_CAUSE, 0, 0 },
	{ "png-named.jpg", EXPECT_CAUSE, 0, 0 },
	{ "huge-60000x60000.jpg", EXPECT_CAUSE, 0, 0 },
	{ "huge-progressive-40000x20000.jpg", EXPECT_CAUSE, 0, 0 },
	{ "huge-29000x29000.jpg", EXPECT_CAUSE, 0, 0 },
	{ "zero-width.jpg", EXPECT_CAUSE, 0, 0 },
	{ "precision-12bit.jpg", EXPECT_CAUSE, 0, 0 },
	{ "lossless-sof3.jpg", EXPECT_CAUSE, 0, 0 },
};

/* Read a corpus file (fatal if missing: the corpus is part of the tree). */
static void *
test_read(const char *name, size_t *len)
{
	char *path, *cause = NULL;
	void *data;

	path = xasprintf("%s/%s", test_corpus, name);
	if (!image_read_file(path, 1 << 20, &data, len, &cause)) {
		fprintf(stderr, "cannot read corpus file: %s\n", cause);
		exit(1);
	}
	free(path);
	return data;
}

/* Every corpus file gives an image or a cause, as the table says. */
static void
test_corpus_files(void)
{
	size_t i, len;
	void *data;
	struct image img;
	char *cause;
	bool ok;
	int scaled;

	for (i = 0; i < sizeof test_files / sizeof test_files[0]; i++) {
		data = test_read(test_files[i].name, &len);
		/* Full size and scaled to 64x64: both paths must hold. */
		for (scaled = 0; scaled < 2; scaled++) {
			cause = NULL;
			test_biggest = 0;
			ok = image_decode_jpeg(data, len, scaled ? 64 : 0,
			    scaled ? 64 : 0, &img, &cause);
			/* Nothing bigger than a 320x240 RGBA frame, ever. */
			CHECKF(test_biggest <= 320 * 240 * 4, "%s: allocated %zu",
			    test_files[i].name, test_biggest);
			if (ok) {
				CHECKF(test_files[i].expect != EXPECT_CAUSE,
				    "%s decoded, expected a cause",
				    test_files[i].name);
				CHECKF(cause == NULL, "%s: cause set on success",
				    test_files[i].name);
				CHECKF(img.rgb != NULL && img.width > 0 &&
				    img.height > 0, "%s: empty image",
				    test_files[i].name);
				if (!scaled && test_files[i].width != 0)
					CHECKF(img.width == test_files[i].width &&
					    img.height == test_files[i].height,
					    "%s: %dx%d", test_files[i].name,
					    img.width, img.height);
				if (scaled)
					CHECKF(img.width == 80 && img.height == 60,
					    "%s: scaled to %dx%d",
					    test_files[i].name, img.width,
					    img.height);
				image_fini(&img);
			} else {
				CHECKF(test_files[i].expect != EXPECT_IMAGE,
				    "%s: %s", test_files[i].name,
				    cause ? cause : "(no cause)");
				CHECKF(cause != NULL && *cause != '\0',
				    "%s: failed without a cause",
				    test_files[i].name);
				CHECKF(img.rgb == NULL, "%s: pixels on failure",
				    test_files[i].name);
				if (getenv("TEST_VERBOSE") != NULL)
					printf("%s: %s\n", test_files[i].name,
					    cause);
				free(cause);
			}
		}
		free(data);
	}
}

/* The absurd headers are refused by the size check itself, with a cause. */
static void
test_huge_header(void)
{
	size_t len;
	void *data = test_read("huge-60000x60000.jpg", &len);
	int w = -1, h = -1;
	char *cause = NULL;
	struct image img;

	CHECKF(!image_jpeg_size(data, len, &w, &h, &cause), "size accepted");
	CHECKF(cause != NULL && strstr(cause, "60000x60000") != NULL &&
	    strstr(cause, "limit") != NULL, "cause: %s", cause);
	free(cause);
	cause = NULL;
	test_biggest = 0;
	CHECKF(!image_decode_jpeg(data, len, 100, 100, &img, &cause),
	    "decoded");
	CHECKF(test_biggest == 0, "allocated %zu bytes", test_biggest);
	free(cause);
	free(data);

	data = test_read("huge-29000x29000.jpg", &len);
	cause = NULL;
	CHECKF(!image_jpeg_size(data, len, &w, &h, &cause), "size accepted");
	CHECKF(cause != NULL && strstr(cause, "pixels") != NULL, "cause: %s",
	    cause);
	free(cause);
	free(data);
}

/* A synthetic photo: smooth gradients, so JPEG keeps it close. */
static void
test_make(struct image *img, int w, int h)
{
	int x, y;
	uint8_t *p;

	img->width = w;
	img->height = h;
	img->rgb = xmalloc((size_t)w * h * 3);
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			p = img->rgb + ((size_t)y * w + x) * 3;
			p[0] = (uint8_t)(x * 255 / (w - 1));
			p[1] = (uint8_t)(y * 255 / (h - 1));
			p[2] = (uint8_t)(128 + (x - y) / 8 % 64);
		}
	}
}

/* Mean absolute difference per channel between two same-sized images. */
static double
test_diff(const struct image *a, const struct image *b)
{
	size_t i, n = (size_t)a->width * a->height * 3;
	uint64_t sum = 0;

	for (i = 0; i < n; i++)
		sum += (uint64_t)abs(a->rgb[i] - b->rgb[i]);
	return (double)sum / (double)n;
}

/* Encode then decode: same size, nearly the same pixels; scaled decodes. */
static void
test_round_trip(void)
{
	struct image src, dec;
	void *jpeg;
	size_t len;
	char *cause = NULL;
	int w, h;

	test_make(&src, 1000, 750);
	CHECKF(image_encode_jpeg(&src, 95, &jpeg, &len, &cause), "%s", cause);
	CHECKF(len > 100 && ((uint8_t *)jpeg)[0] == 0xff &&
	    ((uint8_t *)jpeg)[1] == 0xd8, "not a JPEG");
	CHECKF(image_jpeg_size(jpeg, len, &w, &h, NULL) && w == 1000 &&
	    h == 750, "size %dx%d", w, h);

	CHECKF(image_decode_jpeg(jpeg, len, 0, 0, &dec, &cause), "%s", cause);
	CHECKF(dec.width == 1000 && dec.height == 750, "%dx%d", dec.width,
	    dec.height);
	CHECKF(test_diff(&src, &dec) < 3.0, "diff %.2f", test_diff(&src, &dec));
	image_fini(&dec);

	/* 100x100 box: the image fits as 100x75; 1/8 gives 125x94. */
	CHECKF(image_decode_jpeg(jpeg, len, 100, 100, &dec, NULL), "decode");
	CHECKF(dec.width == 125 && dec.height == 94, "%dx%d", dec.width,
	    dec.height);
	image_fit(&dec, 100, 100);
	CHECKF(dec.width == 100 && dec.height == 75, "fit %dx%d", dec.width,
	    dec.height);
	image_fini(&dec);

	/* 300x300: fits as 300x225; 1/4 (250) is too small, 3/8 is it. */
	CHECKF(image_decode_jpeg(jpeg, len, 300, 300, &dec, NULL), "decode");
	CHECKF(dec.width == 375 && dec.height == 282, "%dx%d", dec.width,
	    dec.height);
	image_fini(&dec);

	/* A box as large as the image, or larger: full size. */
	CHECKF(image_decode_jpeg(jpeg, len, 1000, 4000, &dec, NULL), "decode");
	CHECKF(dec.width == 1000 && dec.height == 750, "%dx%d", dec.width,
	    dec.height);
	/* Fitting the decoded image compares well with fitting the source. */
	image_fit(&dec, 200, 200);
	image_fit(&src, 200, 200);
	CHECKF(src.width == 200 && src.height == 150, "%dx%d", src.width,
	    src.height);
	CHECKF(test_diff(&src, &dec) < 3.0, "diff %.2f", test_diff(&src, &dec));
	image_fini(&dec);
	image_fini(&src);
	free(jpeg);
}

/* image_fit: exact area averages, no enlarging, extreme aspect ratios. */
static void
test_fit(void)
{
	struct image img;
	static const uint8_t px[4 * 2 * 3] = {
		0, 0, 0,     100, 0, 0,   10, 10, 10,  30, 30, 30,
		200, 0, 0,   100, 0, 4,   10, 10, 10,  50, 50, 50,
	};

	img.width = 4;
	img.height = 2;
	img.rgb = xmalloc(sizeof px);
	memcpy(img.rgb, px, sizeof px);
	image_fit(&img, 2, 2);
	CHECKF(img.width == 2 && img.height == 1, "%dx%d", img.width,
	    img.height);
	CHECKF(img.rgb[0] == 100 && img.rgb[1] == 0 && img.rgb[2] == 1,
	    "left %d %d %d", img.rgb[0], img.rgb[1], img.rgb[2]);
	CHECKF(img.rgb[3] == 25 && img.rgb[4] == 25 && img.rgb[5] == 25,
	    "right %d %d %d", img.rgb[3], img.rgb[4], img.rgb[5]);
	/* Never enlarged. */
	image_fit(&img, 100, 100);
	CHECKF(img.width == 2 && img.height == 1, "%dx%d", img.width,
	    img.height);
	image_fini(&img);

	/* 3000x10 into 64x64: 64x1 at least one row. */
	test_make(&img, 3000, 10);
	image_fit(&img, 64, 64);
	CHECKF(img.width == 64 && img.height == 1, "%dx%d", img.width,
	    img.height);
	image_fini(&img);

	/* An empty image is left alone. */
	image_init(&img);
	image_fit(&img, 10, 10);
	CHECKF(img.rgb == NULL && img.width == 0, "empty image changed");
}

/*
 * Adobe CMYK and arithmetic coding decode to the same picture as the
 * baseline RGB file made from the same source.
 */
static void
test_cmyk(void)
{
	size_t len;
	void *data;
	struct image rgb, cmyk, arith;

	data = test_read("ok-baseline.jpg", &len);
	CHECKF(image_decode_jpeg(data, len, 0, 0, &rgb, NULL), "rgb");
	free(data);
	data = test_read("cmyk.jpg", &len);
	CHECKF(image_decode_jpeg(data, len, 0, 0, &cmyk, NULL), "cmyk");
	free(data);
	data = test_read("arithmetic.jpg", &len);
	CHECKF(image_decode_jpeg(data, len, 0, 0, &arith, NULL), "arithmetic");
	free(data);
	if (rgb.rgb != NULL && cmyk.rgb != NULL)
		CHECKF(test_diff(&rgb, &cmyk) < 12.0, "cmyk diff %.2f",
		    test_diff(&rgb, &cmyk));
	if (rgb.rgb != NULL && arith.rgb != NULL)
		CHECKF(test_diff(&rgb, &arith) < 3.0, "arithmetic diff %.2f",
		    test_diff(&rgb, &arith));
	image_fini(&rgb);
	image_fini(&cmyk);
	image_fini(&arith);
}

/* image_read_file's limit and errors; image_thumbnail_file end to end. */
static void
test_files_and_thumbnails(void)
{
	char *path, *cause = NULL;
	void *data, *jpeg;
	size_t len;
	int w = 0, h = 0;
	struct image img;

	path = xasprintf("%s/ok-baseline.jpg", test_corpus);
	CHECKF(!image_read_file(path, 1000, &data, &len, &cause), "no limit");
	CHECKF(cause != NULL && strstr(cause, "limit of 1000") != NULL,
	    "cause: %s", cause);
	CHECKF(data == NULL, "data on failure");
	free(cause);
	cause = NULL;

	CHECKF(image_thumbnail_file(path, 100, &jpeg, &len, &w, &h, &cause),
	    "%s", cause);
	CHECKF(w == 320 && h == 240, "orig %dx%d", w, h);
	CHECKF(image_decode_jpeg(jpeg, len, 0, 0, &img, NULL), "thumb decode");
	CHECKF(img.width == 100 && img.height == 75, "thumb %dx%d", img.width,
	    img.height);
	image_fini(&img);
	free(jpeg);
	free(path);

	path = xasprintf("%s/no-such-file.jpg", test_corpus);
	cause = NULL;
	CHECKF(!image_thumbnail_file(path, 100, &jpeg, &len, NULL, NULL, &cause),
	    "missing file");
	CHECKF(cause != NULL && strstr(cause, "no-such-file.jpg") != NULL,
	    "cause: %s", cause);
	free(cause);
	free(path);

	path = xasprintf("%s/png-named.jpg", test_corpus);
	cause = NULL;
	CHECKF(!image_thumbnail_file(path, 100, &jpeg, &len, NULL, NULL, &cause),
	    "png");
	CHECKF(cause != NULL && strstr(cause, "png-named.jpg: not a JPEG") !=
	    NULL, "cause: %s", cause);
	free(cause);
	free(path);

	/* A directory is not a photo. */
	cause = NULL;
	CHECKF(!image_read_file(test_corpus, 1000, &data, &len, &cause), "dir");
	CHECKF(cause != NULL && strstr(cause, "not a regular file") != NULL,
	    "cause: %s", cause);
	free(cause);
}

/* Thumbnails of every corpus file, made on one thread (the reference). */
struct test_thumbs {
	void *jpeg[sizeof test_files / sizeof test_files[0]];
	size_t len[sizeof test_files / sizeof test_files[0]];
	bool ok[sizeof test_files / sizeof test_files[0]];
};

/* Thumbnail every corpus file into *t (a thread's body too). */
static void *
test_thumb_all(void *arg)
{
	struct test_thumbs *t = arg;
	char *path, *cause;
	size_t i;

	for (i = 0; i < sizeof test_files / sizeof test_files[0]; i++) {
		path = xasprintf("%s/%s", test_corpus, test_files[i].name);
		cause = NULL;
		t->ok[i] = image_thumbnail_file(path, 96, &t->jpeg[i], &t->len[i],
		    NULL, NULL, &cause);
		free(cause);
		free(path);
	}
	return NULL;
}

/*
 * The indexer makes thumbnails on worker threads: four threads at once
 * must each get exactly what one thread alone gets.
 */
static void
test_threads(void)
{
	struct test_thumbs ref, t[4];
	pthread_t tid[4];
	size_t i, k;

	test_thumb_all(&ref);
	for (k = 0; k < 4; k++)
		CHECKF(pthread_create(&tid[k], NULL, test_thumb_all, &t[k]) == 0,
		    "pthread_create");
	for (k = 0; k < 4; k++)
		pthread_join(tid[k], NULL);
	for (i = 0; i < sizeof test_files / sizeof test_files[0]; i++) {
		for (k = 0; k < 4; k++) {
			CHECKF(t[k].ok[i] == ref.ok[i] && t[k].len[i] == ref.len[i] &&
			    (!ref.ok[i] || memcmp(t[k].jpeg[i], ref.jpeg[i],
			    ref.len[i]) == 0), "%s: thread %zu differs",
			    test_files[i].name, k);
			free(t[k].jpeg[i]);
		}
		CHECKF(ref.ok[i] == (test_files[i].expect != EXPECT_CAUSE) ||
		    test_files[i].expect == EXPECT_EITHER, "%s: thumbnail %s",
		    test_files[i].name, ref.ok[i] ? "made" : "refused");
		free(ref.jpeg[i]);
	}
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		test_corpus = argv[1];
	test_corpus_files();
	test_huge_header();
	test_round_trip();
	test_fit();
	test_cmyk();
	test_files_and_thumbnails();
	test_threads();
	if (check_failures != 0) {
		fprintf(stderr, "%d check(s) failed\n", check_failures);
		return 1;
	}
	printf("test-image: all checks passed\n");
	return 0;
}
