/*
 * draw.h - drawing into a struct image: filled rectangles, frames and
 * short text in the built-in bitmap font (common/font.h, FONT_W x FONT_H
 * pixels per cell at scale 1).
 *
 * Used to burn label and OCR boxes and their names into a photo before it
 * is encoded for the terminal. Everything is clipped to the image, so
 * coordinates computed from untrusted box fractions are always safe.
 */
#pragma once

#include <stdint.h>

#include "font.h"
#include "image.h"

/* Fill the rectangle (x, y, w, h) with rgb (0xRRGGBB), clipped. */
void draw_fill(struct image *img, int x, int y, int w, int h, uint32_t rgb);

/* Draw the outline of (x, y, w, h), thickness pixels wide, inside it. */
void draw_frame(struct image *img, int x, int y, int w, int h, int thickness,
    uint32_t rgb);

/*
 * Width in pixels of text (UTF-8, borrowed) at scale, counting at most
 * max_chars cells: Latin-1 as itself, wide characters two cells, anything
 * else (controls, invalid bytes) one '?'.
 */
int draw_text_width(const char *text, int scale, int max_chars);

/* Draw text with its top-left at (x, y), at most max_chars characters. */
void draw_text(struct image *img, int x, int y, const char *text, int scale,
    int max_chars, uint32_t rgb);

/* Characters of a name tag at most. */
#define DRAW_TAG_MAX 28

/*
 * A name tag: text in fg on a bg rectangle just above (x, y), or just
 * below it when there is no room above, kept inside the image.
 */
void draw_tag(struct image *img, int x, int y, const char *text, int scale,
    uint32_t fg, uint32_t bg);
