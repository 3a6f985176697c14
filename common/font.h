/*
 * font.h - a built-in 8x14 bitmap font, scaled to any box, for the text
 * `rummage gen` paints on its photos.
 *
 * Latin-1 has real glyphs (DejaVu Sans Mono Bold, common/font_data.h); East
 * Asian wide characters get a two-cell pseudo-glyph of strokes derived from
 * the code point, so a CJK brand reads as dark strokes on a tag; anything
 * else is drawn as '?'.
 */
#pragma once

#include <stdint.h>

/* Cells the UTF-8 string s takes: 1 per character, 2 per wide one. */
int font_cells(const char *s);

/*
 * Paint s in colour ink into the w x h RGB image, stretched to fill the
 * pixel rectangle [x0, x1) x [y0, y1) (clipped to the image).
 */
void font_draw(uint8_t *rgb, int w, int h, int x0, int y0, int x1, int y1,
    const char *s, const uint8_t ink[3]);
