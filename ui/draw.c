/*
 * draw.c - rectangles, frames and bitmap text in an RGB image.
 */
#include "draw.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#include "font.h"
#include "xmalloc.h"

/* Longest tag drawn on a photo, in cells: names are cut, not wrapped. */

/* Clip (x, y, w, h) to img; false when nothing is left. */
static bool
draw_clip(const struct image *img, int *x, int *y, int *w, int *h)
{
	long x0 = *x, y0 = *y, x1 = (long)*x + *w, y1 = (long)*y + *h;

	if (img->rgb == NULL || *w <= 0 || *h <= 0)
		return false;
	if (x0 < 0)
		x0 = 0;
	if (y0 < 0)
		y0 = 0;
	if (x1 > img->width)
		x1 = img->width;
	if (y1 > img->height)
		y1 = img->height;
	if (x0 >= x1 || y0 >= y1)
		return false;
	*x = (int)x0;
	*y = (int)y0;
	*w = (int)(x1 - x0);
	*h = (int)(y1 - y0);
	return true;
}

/* Fill a rectangle, clipped to the image. */
void
draw_fill(struct image *img, int x, int y, int w, int h, uint32_t rgb)
{
	uint8_t r = rgb >> 16, g = rgb >> 8, b = rgb;
	int i, j;

	if (!draw_clip(img, &x, &y, &w, &h))
		return;
	for (j = y; j < y + h; j++) {
		uint8_t *p = img->rgb + ((size_t)j * img->width + x) * 3;

		for (i = 0; i < w; i++) {
			*p++ = r;
			*p++ = g;
			*p++ = b;
		}
	}
}

/* Outline a rectangle with lines thickness pixels wide, inside it. */
void
draw_frame(struct image *img, int x, int y, int w, int h, int thickness,
    uint32_t rgb)
{
	int t = thickness;

	if (w <= 0 || h <= 0 || t <= 0)
		return;
	if (t > w / 2 + 1)
		t = w / 2 + 1;
	if (t > h / 2 + 1)
		t = h / 2 + 1;
	draw_fill(img, x, y, w, t, rgb);
	draw_fill(img, x, y + h - t, w, t, rgb);
	draw_fill(img, x, y, t, h, rgb);
	draw_fill(img, x + w - t, y, t, h, rgb);
}

/* Pixel width of the first max_chars cells of text. */
int
draw_text_width(const char *text, int scale, int max_chars)
{
	int cells;

	font_prefix(text, max_chars, &cells);
	return cells * FONT_W * (scale < 1 ? 1 : scale);
}

/* Draw the first max_chars cells of text in the built-in font at scale. */
void
draw_text(struct image *img, int x, int y, const char *text, int scale,
    int max_chars, uint32_t rgb)
{
	const uint8_t ink[3] = { (uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8),
	    (uint8_t)rgb };
	int cells;
	size_t n = font_prefix(text, max_chars, &cells);
	char *cut;

	if (scale < 1)
		scale = 1;
	if (cells == 0 || x >= img->width || y >= img->height)
		return;
	cut = xstrndup(text, n);
	font_draw(img->rgb, img->width, img->height, x, y,
	    x + cells * FONT_W * scale, y + FONT_H * scale, cut, ink);
	free(cut);
}

/* A name tag above (or below) (x, y), kept inside the image. */
void
draw_tag(struct image *img, int x, int y, const char *text, int scale,
    uint32_t fg, uint32_t bg)
{
	int pad = scale, w, h;

	if (scale < 1)
		scale = pad = 1;
	w = draw_text_width(text, scale, DRAW_TAG_MAX) + 2 * pad;
	h = FONT_H * scale + pad;
	y -= h;
	if (y < 0)
		y += h;
	if (x + w > img->width)
		x = img->width - w;
	if (x < 0)
		x = 0;
	draw_fill(img, x, y, w, h, bg);
	draw_text(img, x + pad, y + pad, text, scale, DRAW_TAG_MAX, fg);
}
