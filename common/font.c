/*
 * font.c - scale the built-in bitmap font into a box of pixels.
 */
#include "font.h"

#include <stddef.h>
#include <string.h>

#include "font_data.h"

#define FONT_MAX_CELLS 96

/* Decode one UTF-8 character at *s, advancing it; U+FFFD when invalid. */
static uint32_t
font_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	int n, i;

	if (p[0] < 0x80) {
		*s += 1;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		cp = p[0] & 0x1f;
		n = 1;
	} else if ((p[0] & 0xf0) == 0xe0) {
		cp = p[0] & 0x0f;
		n = 2;
	} else if ((p[0] & 0xf8) == 0xf0) {
		cp = p[0] & 0x07;
		n = 3;
	} else {
		*s += 1;
		return 0xfffd;
	}
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*s += i;
			return 0xfffd;
		}
		cp = cp << 6 | (p[i] & 0x3f);
	}
	*s += n + 1;
	return cp;
}

/* Whether cp is drawn two cells wide (the CJK and Hangul blocks). */
static int
font_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0x20000 && cp <= 0x3fffd);
}

int
font_cells(const char *s)
{
	int n = 0;

	while (*s != '\0')
		n += font_wide(font_next(&s)) ? 2 : 1;
	return n;
}

/* The prefix of s within max_cells. */
size_t
font_prefix(const char *s, int max_cells, int *cells)
{
	const char *p = s, *next;
	int n = 0, w;

	while (*p != '\0') {
		next = p;
		w = font_wide(font_next(&next)) ? 2 : 1;
		if (n + w > max_cells)
			break;
		n += w;
		p = next;
	}
	*cells = n;
	return (size_t)(p - s);
}

/* The glyph of a Latin-1 code point, or of '?' for anything else. */
static const unsigned char *
font_glyph(uint32_t cp)
{
	if (cp >= 0x20 && cp <= 0x7e)
		return font_glyphs[cp - 0x20];
	if (cp >= 0xa0 && cp <= 0xff)
		return font_glyphs[0x7f - 0x20 + cp - 0xa0];
	return font_glyphs['?' - 0x20];
}

/*
 * A pseudo-glyph for a wide character: a 16x14 grid of strokes chosen by
 * hashing the code point, into two cells (left, right).
 */
static void
font_wide_glyph(uint32_t cp, unsigned char left[FONT_H],
    unsigned char right[FONT_H])
{
	uint32_t hsh = cp * 2654435761u;
	uint16_t rows[FONT_H];
	int i, y, x, k;

	memset(rows, 0, sizeof rows);
	/* Three horizontal and two vertical strokes at hashed positions. */
	for (k = 0; k < 3; k++) {
		y = 2 + (int)((hsh >> (k * 4)) % 10);
		x = (int)((hsh >> (12 + k * 3)) % 5);
		for (i = x; i < 16 - x % 3; i++)
			rows[y] |= (uint16_t)(0x8000u >> i);
	}
	for (k = 0; k < 2; k++) {
		x = 3 + (int)((hsh >> (21 + k * 4)) % 10);
		for (y = 1 + k * 2; y < FONT_H - 1; y++)
			rows[y] |= (uint16_t)(0xc000u >> x);
	}
	for (y = 0; y < FONT_H; y++) {
		left[y] = (unsigned char)(rows[y] >> 8);
		right[y] = (unsigned char)(rows[y] & 0xff);
	}
}

void
font_draw(uint8_t *rgb, int w, int h, int x0, int y0, int x1, int y1,
    const char *s, const uint8_t ink[3])
{
	unsigned char wide[FONT_MAX_CELLS][FONT_H];
	const unsigned char *cells[FONT_MAX_CELLS];
	int n = 0, x, y, cx, gx, gy, bw, bh;
	uint32_t cp;
	uint8_t *p;

	while (*s != '\0' && n < FONT_MAX_CELLS) {
		cp = font_next(&s);
		if (font_wide(cp)) {
			if (n + 2 > FONT_MAX_CELLS)
				break;
			font_wide_glyph(cp, wide[n], wide[n + 1]);
			cells[n] = wide[n];
			cells[n + 1] = wide[n + 1];
			n += 2;
		} else
			cells[n++] = font_glyph(cp);
	}
	bw = x1 - x0;
	bh = y1 - y0;
	if (n == 0 || bw <= 0 || bh <= 0)
		return;
	for (y = y0 < 0 ? 0 : y0; y < y1 && y < h; y++) {
		gy = (int)((int64_t)(y - y0) * FONT_H / bh);
		for (x = x0 < 0 ? 0 : x0; x < x1 && x < w; x++) {
			cx = (int)((int64_t)(x - x0) * n * FONT_W / bw);
			gx = cx % FONT_W;
			if (!(cells[cx / FONT_W][gy] & (0x80 >> gx)))
				continue;
			p = rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;
			p[0] = ink[0];
			p[1] = ink[1];
			p[2] = ink[2];
		}
	}
}
