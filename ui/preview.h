/*
 * preview.h - the curses-free half of the photo previews: decode a photo
 * to the size of its place, burn label and OCR boxes into it, compose the
 * pane, and encode it as sixel within a byte budget.
 *
 * Nothing here writes to the terminal; ui/photo.c decides when and where.
 * Inputs are untrusted: JPEG bytes, box fractions and label names.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "catalog.h"
#include "image.h"

/* Default byte budget of one sixel frame (RUMMAGE_SIXEL_BUDGET overrides). */
#define PREVIEW_SIXEL_BUDGET (512u * 1024u)
/* The pane's background colour in pictures. */
#define PREVIEW_BACKGROUND 0x000000u

/* How boxes are drawn. */
struct preview_style {
	bool labels;                  /* draw label boxes */
	bool ocr;                     /* draw OCR fragment boxes */
	bool names;                   /* draw name tags beside the boxes */
	double threshold;             /* labels below this confidence are skipped */
	const uint32_t *palette;      /* label colours 0xRRGGBB; NULL = default */
	size_t npalette;
	uint32_t ocr_color;
	/*
	 * Sixel: go straight to the dithered cube, no adaptive palette
	 * (the grid's tiles: a median cut per tile costs more than the
	 * bytes it saves on a screenful).
	 */
	bool cube;
};

/* The default style: labels and names on, OCR off, threshold 50. */
void preview_style_init(struct preview_style *style);

/* The box colour of a label (stable per name, from the style's palette). */
uint32_t preview_label_color(const struct preview_style *style,
    const char *name);

/*
 * Decode a JPEG to fit max_w x max_h (DCT-scaled decode, then an area
 * average). false with *cause (owned) when it cannot be shown.
 */
bool preview_decode(const void *jpeg, size_t len, int max_w, int max_h,
    struct image *out, char **cause);

/*
 * Like preview_decode, then enlarged (bilinear, aspect kept) until it
 * touches max_w or max_h: a thumbnail smaller than its place fills it.
 */
bool preview_decode_fill(const void *jpeg, size_t len, int max_w, int max_h,
    struct image *out, char **cause);

/* src resampled to exactly w x h (bilinear) into dst (the caller's). */
void preview_resample(const struct image *src, int w, int h,
    struct image *dst);

/* Enlarge img (bilinear, aspect kept) to fill max_w x max_h; never shrinks. */
void preview_fill(struct image *img, int max_w, int max_h);

/*
 * Draw the boxes of photo (borrowed) into img, which shows the whole photo:
 * labels at or above the threshold, OCR fragments that have a box.
 * Name tags that would cover an earlier tag (boxes with the same
 * corner) are moved down below it, so that every name stays readable.
 * Returns the number of boxes drawn.
 */
size_t preview_draw_boxes(struct image *img, const struct catalog_photo *photo,
    const struct preview_style *style);

/* A new image w x h filled with rgb. */
void preview_canvas(struct image *img, int w, int h, uint32_t rgb);

/* Copy src into dst with its top-left at (x, y), clipped. */
void preview_blit(struct image *dst, const struct image *src, int x, int y);

/*
 * Encode img as a sixel DCS sequence appended to out, using at most
 * `colors` colour registers (0 = 256) and at most budget bytes.
 * A picture with few distinct colours (drawn, flat) gets a palette
 * adapted to it (median cut, no dither) to which the box colours of
 * style (NULL: the defaults), white and black are added exactly; a photo,
 * a terminal with fewer than 64 registers, or an adaptive result over
 * budget gets a fixed colour cube (252, 64, then 12 colours) with ordered
 * dithering, then a smaller picture. *out_w and *out_h (may be NULL) receive the size
 * actually encoded. false with *cause when even that does not fit.
 */
bool preview_sixel(const struct image *img, int colors,
    const struct preview_style *style, size_t budget, struct buf *out,
    int *out_w, int *out_h, char **cause);
