/*
 * image.h - JPEG decode, scale and encode (libjpeg-turbo), with limits.
 *
 * Photos are untrusted: every decode checks the header before allocating,
 * refuses absurd dimensions, and reports libjpeg-turbo errors as a cause
 * string instead of exiting. Decoding uses libjpeg-turbo's DCT scaling so
 * that a 12-megapixel photo shown in a 400-pixel pane is decoded at 1/8.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phash.h"

/* Images with more pixels than this (declared in the header) are refused. */
#define IMAGE_MAX_PIXELS (100u * 1000u * 1000u)
/* ... and so are images with a side longer than this. */
#define IMAGE_MAX_SIDE 30000
/*
 * A progressive (or multi-scan) JPEG is decoded through whole-image
 * coefficient buffers, 2 bytes per DCT coefficient of every component at
 * full size whatever the scale; files needing more than this are refused
 * (a 100-megapixel progressive photo needed 565 MB per thread).
 */
#define IMAGE_MAX_COEF_BYTES (96u * 1024u * 1024u)
/* image_thumbnail_file() refuses photo files larger than this. */
#define IMAGE_MAX_FILE_BYTES (64u * 1024u * 1024u)

/* An 8-bit RGB image, rows top to bottom, no padding. */
struct image {
	int width, height;
	uint8_t *rgb;         /* width * height * 3 bytes, owned */
};

void image_init(struct image *img);
void image_fini(struct image *img);

/* Read the JPEG header only: dimensions without decoding. */
bool image_jpeg_size(const void *data, size_t len, int *width, int *height,
    char **cause);

/*
 * Decode a JPEG so that the result is the smallest DCT-scaled size that
 * still covers max_w x max_h (or is the full size); 0 = no bound. Then the
 * caller may image_fit() it to the exact size.
 */
bool image_decode_jpeg(const void *data, size_t len, int max_w, int max_h,
    struct image *out, char **cause);

/* Read a whole file (at most max_bytes) into a malloc'd buffer. */
bool image_read_file(const char *path, size_t max_bytes, void **data,
    size_t *len, char **cause);

/* Scale img down (area average) so that it fits in max_w x max_h. */
void image_fit(struct image *img, int max_w, int max_h);

/* Encode as baseline JPEG; *jpeg is malloc'd (owned by the caller). */
bool image_encode_jpeg(const struct image *img, int quality, void **jpeg,
    size_t *len, char **cause);

/*
 * Make a thumbnail of a JPEG file whose longest side is at most `longest`:
 * DCT-scaled decode, area-average fit, encode at quality 85.
 * *orig_w and *orig_h (may be NULL) receive the original dimensions.
 */
bool image_thumbnail_file(const char *path, int longest, void **jpeg,
    size_t *len, int *orig_w, int *orig_h, char **cause);
/*
 * image_thumbnail_file(), also giving the perceptual hash (phash.h) of
 * the thumbnail's pixels in *phash when phash is not NULL.
 */
bool image_thumbnail_file_phash(const char *path, int longest, void **jpeg,
    size_t *len, int *orig_w, int *orig_h, struct phash *phash, char **cause);
