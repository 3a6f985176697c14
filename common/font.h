/*
 * font.h - the built-in 8x14 bitmap font, scaled to any box: the text
 * `rummage gen` paints on its photos and the name tags the previews burn
 * into them (ui/draw.c).
 *
 * Latin-1 has real glyphs (DejaVu Sans Mono Bold, common/font_data.h); East
 * Asian wide characters get a two-cell pseudo-glyph of strokes derived from
 * the code point, so a CJK brand reads as dark strokes on a tag; anything
 * else is drawn as '?'.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* A cell's size in pixels, unscaled. */
#define FONT_W 8
#define FONT_H 14

/* Cells the UTF-8 string s takes: 1 per character, 2 per wide one. */
int font_cells(const char *s);

/*
 * Bytes of the longest prefix of s that fits in max_cells cells (a wide
 * character is not split); its cells into *cells.
 */
size_t font_prefix(const char *s, int max_cells, int *cells);

/*
 * Paint s in colour ink into the w x h RGB image, stretched to fill the
 * pixel rectangle [x0, x1) x [y0, y1) (clipped to the image).
 */
void font_draw(uint8_t *rgb, int w, int h, int x0, int y0, int x1, int y1,
    const char *s, const uint8_t ink[3]);
