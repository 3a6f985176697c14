/*
 * draw.h - drawing into a struct image: filled rectangles, frames and
 * short text in a small built-in bitmap font (6x10 pixels per glyph).
 *
 * Used to burn label and OCR boxes and their names into a photo before it
 * is encoded for the terminal. Everything is clipped to the image, so
 * coordinates computed from untrusted box fractions are always safe.
 */
#pragma once

#include <stdint.h>

#include "image.h"

#define DRAW_GLYPH_W 6
#define DRAW_GLYPH_H 10

/* Fill the rectangle (x, y, w, h) with rgb (0xRRGGBB), clipped. */
void draw_fill(struct image *img, int x, int y, int w, int h, uint32_t rgb);

/* Draw the outline of (x, y, w, h), thickness pixels wide, inside it. */
void draw_frame(struct image *img, int x, int y, int w, int h, int thickness,
    uint32_t rgb);

/*
 * Width in pixels of text (UTF-8, borrowed) at scale, counting at most
 * max_chars characters; each character is one glyph, non-ASCII ones '?'.
 */
int draw_text_width(const char *text, int scale, int max_chars);

/* Draw text with its top-left at (x, y), at most max_chars characters. */
void draw_text(struct image *img, int x, int y, const char *text, int scale,
    int max_chars, uint32_t rgb);

/*
 * A name tag: text in fg on a bg rectangle just above (x, y), or just
 * below it when there is no room above, kept inside the image.
 */
void draw_tag(struct image *img, int x, int y, const char *text, int scale,
    uint32_t fg, uint32_t bg);
