/*
 * preview.c - decode, draw boxes, compose and sixel-encode photos.
 */
#include "preview.h"

#include <math.h>
#include <sixel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "xmalloc.h"

/* Above this many 15-bit colour buckets, the dithered cube is used. */
#define PREVIEW_ADAPTIVE_BUCKETS 1500

/* Pure colours: exact in every palette cube, so boxes survive dithering. */
static const uint32_t preview_default_palette[] = {
	0xff0000, 0x00ff00, 0xffff00, 0x00ffff, 0xff00ff, 0x0000ff,
};

/* Labels and names on, OCR off, threshold 50, default colours. */
void
preview_style_init(struct preview_style *style)
{
	memset(style, 0, sizeof *style);
	style->labels = true;
	style->names = true;
	style->threshold = 50.0;
	style->ocr_color = 0xffffff;
}

/* The label's box colour: FNV-1a of its name into the palette. */
uint32_t
preview_label_color(const struct preview_style *style, const char *name)
{
	const uint32_t *pal = preview_default_palette;
	size_t n = sizeof preview_default_palette / sizeof pal[0];
	uint32_t h = 2166136261u;     /* FNV-1a: stable across runs */
	const unsigned char *s;

	if (style != NULL && style->palette != NULL && style->npalette > 0) {
		pal = style->palette;
		n = style->npalette;
	}
	for (s = (const unsigned char *)(name != NULL ? name : ""); *s; s++)
		h = (h ^ *s) * 16777619u;
	return pal[h % n];
}

/* DCT-scaled decode plus area-average fit; false with *cause. */
bool
preview_decode(const void *jpeg, size_t len, int max_w, int max_h,
    struct image *out, char **cause)
{
	image_init(out);
	if (max_w <= 0 || max_h <= 0) {
		if (cause != NULL)
			*cause = xstrdup("no room for the photo");
		return false;
	}
	if (!image_decode_jpeg(jpeg, len, max_w, max_h, out, cause))
		return false;
	image_fit(out, max_w, max_h);
	if (out->width <= 0 || out->height <= 0 || out->rgb == NULL) {
		image_fini(out);
		if (cause != NULL)
			*cause = xstrdup("empty picture");
		return false;
	}
	return true;
}

/* src resampled to exactly w x h (bilinear) into dst (owned by the caller). */
void
preview_resample(const struct image *src, int w, int h, struct image *dst)
{
	double sx = (double)src->width / w, sy = (double)src->height / h, fx, fy;
	int x, y, x0, y0, x1, y1, c;
	uint8_t *d;

	dst->width = w;
	dst->height = h;
	dst->rgb = xreallocarray(NULL, (size_t)w * (size_t)h, 3);
	d = dst->rgb;
	for (y = 0; y < h; y++) {
		fy = (y + 0.5) * sy - 0.5;
		fy = fy < 0 ? 0 : fy;
		y0 = (int)fy;
		y1 = y0 + 1 < src->height ? y0 + 1 : y0;
		fy -= y0;
		for (x = 0; x < w; x++) {
			const uint8_t *a, *b, *e, *g;

			fx = (x + 0.5) * sx - 0.5;
			fx = fx < 0 ? 0 : fx;
			x0 = (int)fx;
			x1 = x0 + 1 < src->width ? x0 + 1 : x0;
			fx -= x0;
			a = src->rgb + ((size_t)y0 * src->width + x0) * 3;
			b = src->rgb + ((size_t)y0 * src->width + x1) * 3;
			e = src->rgb + ((size_t)y1 * src->width + x0) * 3;
			g = src->rgb + ((size_t)y1 * src->width + x1) * 3;
			for (c = 0; c < 3; c++)
				*d++ = (uint8_t)((a[c] * (1 - fx) + b[c] * fx) *
				    (1 - fy) + (e[c] * (1 - fx) + g[c] * fx) * fy +
				    0.5);
		}
	}
}

/* Enlarge img to fill max_w x max_h, aspect kept (bilinear). */
void
preview_fill(struct image *img, int max_w, int max_h)
{
	struct image big;
	double f;
	int w, h;

	if (img->rgb == NULL || img->width <= 0 || img->height <= 0 ||
	    max_w <= 0 || max_h <= 0)
		return;
	f = (double)max_w / img->width;
	if ((double)max_h / img->height < f)
		f = (double)max_h / img->height;
	w = (int)(img->width * f + 0.5);
	h = (int)(img->height * f + 0.5);
	w = w > max_w ? max_w : w;
	h = h > max_h ? max_h : h;
	if (f <= 1.0 || (w <= img->width && h <= img->height))
		return;
	preview_resample(img, w, h, &big);
	image_fini(img);
	*img = big;
}

/* Decode to fit, then enlarge to fill; false with *cause. */
bool
preview_decode_fill(const void *jpeg, size_t len, int max_w, int max_h,
    struct image *out, char **cause)
{
	if (!preview_decode(jpeg, len, max_w, max_h, out, cause))
		return false;
	preview_fill(out, max_w, max_h);
	return true;
}

/*
 * Map a box given in fractions of the photo to pixels of img; false when
 * the fractions are not numbers or the box is empty after clamping.
 */
static bool
preview_box_rect(const struct image *img, const struct catalog_box *box,
    int *x, int *y, int *w, int *h)
{
	double l = box->left, t = box->top, r, b;

	if (!isfinite(l) || !isfinite(t) || !isfinite(box->width) ||
	    !isfinite(box->height) || box->width <= 0 || box->height <= 0)
		return false;
	r = l + box->width;
	b = t + box->height;
	l = fmax(0.0, fmin(1.0, l));
	t = fmax(0.0, fmin(1.0, t));
	r = fmax(0.0, fmin(1.0, r));
	b = fmax(0.0, fmin(1.0, b));
	*x = (int)lround(l * img->width);
	*y = (int)lround(t * img->height);
	*w = (int)lround(r * img->width) - *x;
	*h = (int)lround(b * img->height) - *y;
	return *w > 0 && *h > 0;
}

/* Line thickness and font scale for boxes on a picture of this size. */
static void
preview_box_metrics(const struct image *img, int *thick, int *scale)
{
	int side = img->width < img->height ? img->width : img->height;

	*thick = side / 150 + 1;
	if (*thick > 6)
		*thick = 6;
	*scale = side >= 900 ? 3 : side >= 450 ? 2 : 1;
}

/* The name tags drawn so far into a picture: where they are. */
#define PREVIEW_MAX_TAGS 256
struct preview_tags {
	struct { int x, y, w, h; } r[PREVIEW_MAX_TAGS];
	size_t n;
};

/*
 * A name tag for the box corner (x, y), as draw_tag places it, moved
 * down below any tag already drawn that it would cover (boxes with
 * identical coordinates: each name stays readable); then remembered.
 */
static void
preview_tag(struct image *img, struct preview_tags *tags, int x, int y,
    const char *text, int scale, uint32_t color)
{
	int pad = scale, w, h, tx, ty, moves;
	size_t i;

	w = draw_text_width(text, scale, DRAW_TAG_MAX) + 2 * pad;
	h = FONT_H * scale + pad;
	/* Where draw_tag puts it: above the corner, inside the picture. */
	tx = x + w > img->width ? img->width - w : x;
	tx = tx < 0 ? 0 : tx;
	ty = y - h < 0 ? y : y - h;
	for (moves = 0; moves < PREVIEW_MAX_TAGS; moves++) {
		for (i = 0; i < tags->n; i++) {
			if (tx < tags->r[i].x + tags->r[i].w &&
			    tags->r[i].x < tx + w &&
			    ty < tags->r[i].y + tags->r[i].h &&
			    tags->r[i].y < ty + h)
				break;
		}
		if (i == tags->n)
			break;
		ty = tags->r[i].y + tags->r[i].h;
	}
	if (ty + h > img->height)
		ty = img->height - h;     /* no room left: the last tag wins */
	/* draw_tag puts a tag above its point, or below when at the top. */
	draw_tag(img, tx, ty + h, text, scale, 0x000000, color);
	if (tags->n < PREVIEW_MAX_TAGS) {
		tags->r[tags->n].x = tx;
		tags->r[tags->n].y = ty;
		tags->r[tags->n].w = w;
		tags->r[tags->n].h = h;
		tags->n++;
	}
}

/* Burn label and OCR boxes (and tags) into img; returns how many. */
size_t
preview_draw_boxes(struct image *img, const struct catalog_photo *photo,
    const struct preview_style *style)
{
	struct preview_tags tags;
	char tag[96];
	size_t i, j, n = 0;
	int x, y, w, h, thick, scale;
	uint32_t color;

	if (img->rgb == NULL || photo == NULL)
		return 0;
	preview_box_metrics(img, &thick, &scale);
	tags.n = 0;
	for (i = 0; style->ocr && i < photo->ntexts; i++) {
		const struct catalog_text *t = &photo->texts[i];

		if (!t->has_box || !preview_box_rect(img, &t->box, &x, &y, &w, &h))
			continue;
		draw_frame(img, x, y, w, h, thick > 1 ? thick - 1 : 1,
		    style->ocr_color);
		if (style->names && t->text != NULL)
			preview_tag(img, &tags, x, y + h + FONT_H * scale + scale,
			    t->text, scale, style->ocr_color);
		n++;
	}
	for (i = 0; style->labels && i < photo->nlabels; i++) {
		const struct catalog_label *l = &photo->labels[i];

		if (!(l->confidence >= style->threshold))
			continue;
		color = preview_label_color(style, l->name);
		for (j = 0; j < l->nboxes; j++) {
			if (!preview_box_rect(img, &l->boxes[j], &x, &y, &w, &h))
				continue;
			draw_frame(img, x, y, w, h, thick, color);
			if (style->names) {
				snprintf(tag, sizeof tag, "%.60s %.1f",
				    l->name != NULL ? l->name : "?",
				    isfinite(l->confidence) ? l->confidence : 0.0);
				preview_tag(img, &tags, x, y, tag, scale, color);
			}
			n++;
		}
	}
	return n;
}

/* A w x h image of one colour (owned by img). */
void
preview_canvas(struct image *img, int w, int h, uint32_t rgb)
{
	image_init(img);
	if (w <= 0 || h <= 0)
		return;
	img->width = w;
	img->height = h;
	img->rgb = xreallocarray(NULL, (size_t)w * (size_t)h, 3);
	draw_fill(img, 0, 0, w, h, rgb);
}

/* Copy src into dst at (x, y), clipped on every side. */
void
preview_blit(struct image *dst, const struct image *src, int x, int y)
{
	int sx = 0, sy = 0, w = src->width, h = src->height, j;

	if (dst->rgb == NULL || src->rgb == NULL)
		return;
	if (x < 0) {
		sx = -x;
		w += x;
		x = 0;
	}
	if (y < 0) {
		sy = -y;
		h += y;
		y = 0;
	}
	if (w > dst->width - x)
		w = dst->width - x;
	if (h > dst->height - y)
		h = dst->height - y;
	for (j = 0; j < h && w > 0; j++)
		memcpy(dst->rgb + ((size_t)(y + j) * dst->width + x) * 3,
		    src->rgb + ((size_t)(sy + j) * src->width + sx) * 3,
		    (size_t)w * 3);
}

/* Levels per channel of the fixed palette cube for this many registers. */
static void
preview_levels(int colors, int lv[3])
{
	if (colors <= 0 || colors >= 252) {
		lv[0] = 6; lv[1] = 7; lv[2] = 6;      /* 252 */
	} else if (colors >= 64) {
		lv[0] = 4; lv[1] = 4; lv[2] = 4;      /* 64 */
	} else if (colors >= 12) {
		lv[0] = 2; lv[1] = 3; lv[2] = 2;      /* 12 */
	} else {
		lv[0] = 2; lv[1] = 2; lv[2] = 2;      /* 8 */
	}
}

/*
 * Ordered (Bayer 4x4) dithering onto the fixed cube: positionally stable,
 * so moving through items does not make the picture shimmer, and pure
 * colours (the boxes) map exactly.
 */
static void
preview_quantize(const struct image *img, const int lv[3], uint8_t *idx)
{
	static const uint8_t bayer[4][4] = {
		{ 0, 8, 2, 10 }, { 12, 4, 14, 6 }, { 3, 11, 1, 9 }, { 15, 7, 13, 5 },
	};
	int x, y, c, q[3];
	const uint8_t *p = img->rgb;

	for (y = 0; y < img->height; y++) {
		for (x = 0; x < img->width; x++, p += 3) {
			int t = bayer[y & 3][x & 3] * 16 + 8;   /* 8..248 of 256 */

			for (c = 0; c < 3; c++) {
				q[c] = (p[c] * (lv[c] - 1) * 256 + t * 255) / (255 * 256);
				if (q[c] > lv[c] - 1)
					q[c] = lv[c] - 1;
			}
			*idx++ = (uint8_t)((q[0] * lv[1] + q[1]) * lv[2] + q[2]);
		}
	}
}

struct preview_sink {
	struct buf *out;
	size_t start, budget;
	bool overflow;
};

/* libsixel's write callback: append until the budget is spent. */
static int
preview_sink_write(char *data, int size, void *priv)
{
	struct preview_sink *sink = priv;

	if (size <= 0 || sink->overflow)
		return 0;
	if (sink->out->len - sink->start + (size_t)size > sink->budget) {
		sink->overflow = true;
		return 0;
	}
	buf_add(sink->out, data, (size_t)size);
	return 0;
}

static bool preview_encode(const struct image *, uint8_t *, unsigned char *,
    int, size_t, struct buf *, char **);

/* One attempt: encode img with the cube lv; false when over the budget. */
static bool
preview_sixel_once(const struct image *img, const int lv[3], size_t budget,
    struct buf *out, char **cause)
{
	unsigned char palette[256 * 3];
	int r, g, b, i = 0;
	uint8_t *idx;
	bool ok;

	for (r = 0; r < lv[0]; r++) {
		for (g = 0; g < lv[1]; g++) {
			for (b = 0; b < lv[2]; b++) {
				palette[i++] = (unsigned char)(r * 255 / (lv[0] - 1));
				palette[i++] = (unsigned char)(g * 255 / (lv[1] - 1));
				palette[i++] = (unsigned char)(b * 255 / (lv[2] - 1));
			}
		}
	}
	idx = xreallocarray(NULL, (size_t)img->width * img->height, 1);
	preview_quantize(img, lv, idx);
	ok = preview_encode(img, idx, palette, lv[0] * lv[1] * lv[2], budget,
	    out, cause);
	free(idx);
	return ok;
}

/* Colours that must come out exact: box colours, the OCR colour, tags. */
static size_t
preview_keep_colors(const struct preview_style *style, uint32_t *keep,
    size_t max)
{
	const uint32_t *pal = preview_default_palette;
	size_t npal = sizeof preview_default_palette / sizeof pal[0], n = 0, i, j;
	uint32_t c;

	if (style != NULL && style->palette != NULL && style->npalette > 0) {
		pal = style->palette;
		npal = style->npalette;
	}
	for (i = 0; i < npal + 3 && n < max; i++) {
		c = i < npal ? pal[i] : i == npal ? 0xffffff : i == npal + 1 ?
		    0x000000 : style != NULL ? style->ocr_color : 0xffffff;
		c &= 0xffffff;
		for (j = 0; j < n && keep[j] != c; j++)
			;
		if (j == n)
			keep[n++] = c;
	}
	return n;
}

/*
 * The adaptive palette: libsixel's median cut over the picture for
 * 256 - nkeep colours, then the kept colours appended exactly. Pixels
 * equal to a kept colour get it; the others the nearest adaptive colour,
 * searched once per 15-bit colour bucket (from the bucket's centre, so
 * the result does not depend on pixel order). No dithering: flat areas
 * stay flat, which is what keeps sixel runs long and the output small.
 */
static bool
preview_adaptive(const struct image *img, const uint32_t *keep, size_t nkeep,
    uint8_t *idx, unsigned char *palette, int *ncolors, char **cause)
{
	sixel_dither_t *dither = NULL;
	unsigned char *pal;
	int16_t *cache;
	size_t i, npx = (size_t)img->width * img->height, k;
	int n, j, best;
	long d, bd;

	if (SIXEL_FAILED(sixel_dither_new(&dither, 256 - (int)nkeep, NULL)) ||
	    SIXEL_FAILED(sixel_dither_initialize(dither, img->rgb, img->width,
	    img->height, SIXEL_PIXELFORMAT_RGB888, SIXEL_LARGE_NORM,
	    SIXEL_REP_CENTER_BOX, SIXEL_QUALITY_LOW))) {
		if (dither != NULL)
			sixel_dither_unref(dither);
		if (cause != NULL)
			*cause = xstrdup("libsixel could not make a palette");
		return false;
	}
	n = sixel_dither_get_num_of_palette_colors(dither);
	pal = sixel_dither_get_palette(dither);
	if (n < 1 || n > 256 - (int)nkeep || pal == NULL) {
		sixel_dither_unref(dither);
		if (cause != NULL)
			*cause = xstrdup("libsixel made no palette");
		return false;
	}
	memcpy(palette, pal, (size_t)n * 3);
	sixel_dither_unref(dither);
	for (k = 0; k < nkeep; k++) {
		palette[(n + k) * 3] = (unsigned char)(keep[k] >> 16);
		palette[(n + k) * 3 + 1] = (unsigned char)(keep[k] >> 8);
		palette[(n + k) * 3 + 2] = (unsigned char)keep[k];
	}
	*ncolors = n + (int)nkeep;
	cache = xreallocarray(NULL, 32768, sizeof *cache);
	memset(cache, 0xff, 32768 * sizeof *cache);
	for (i = 0; i < npx; i++) {
		const uint8_t *p = img->rgb + i * 3;
		uint32_t c = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
		int key = (p[0] >> 3) << 10 | (p[1] >> 3) << 5 | p[2] >> 3;
		int r, g, b;

		for (k = 0; k < nkeep && keep[k] != c; k++)
			;
		if (k < nkeep) {
			idx[i] = (uint8_t)(n + (int)k);
			continue;
		}
		if (cache[key] < 0) {
			r = (p[0] & 0xf8) | 4;
			g = (p[1] & 0xf8) | 4;
			b = (p[2] & 0xf8) | 4;
			best = 0;
			bd = -1;
			for (j = 0; j < n; j++) {
				d = (long)(palette[j * 3] - r) * (palette[j * 3] - r) +
				    (long)(palette[j * 3 + 1] - g) * (palette[j * 3 + 1] - g) +
				    (long)(palette[j * 3 + 2] - b) * (palette[j * 3 + 2] - b);
				if (bd < 0 || d < bd) {
					bd = d;
					best = j;
				}
			}
			cache[key] = (int16_t)best;
		}
		idx[i] = (uint8_t)cache[key];
	}
	free(cache);
	return true;
}

/* Encode the indices idx with palette (ncolors entries) into out. */
static bool
preview_encode(const struct image *img, uint8_t *idx,
    unsigned char *palette, int ncolors, size_t budget, struct buf *out,
    char **cause)
{
	struct preview_sink sink = { out, out->len, budget, false };
	sixel_output_t *output = NULL;
	sixel_dither_t *dither = NULL;
	bool ok = false;

	if (SIXEL_FAILED(sixel_output_new(&output, preview_sink_write, &sink,
	    NULL)) || SIXEL_FAILED(sixel_dither_new(&dither, ncolors, NULL))) {
		if (cause != NULL)
			*cause = xstrdup("libsixel could not start");
		goto out;
	}
	sixel_output_set_encode_policy(output, SIXEL_ENCODEPOLICY_FAST);
	sixel_dither_set_palette(dither, palette);
	sixel_dither_set_pixelformat(dither, SIXEL_PIXELFORMAT_PAL8);
	if (SIXEL_FAILED(sixel_encode(idx, img->width, img->height, 8, dither,
	    output))) {
		if (cause != NULL)
			*cause = xstrdup("libsixel could not encode the picture");
		goto out;
	}
	if (sink.overflow) {
		out->len = sink.start;
		if (out->data != NULL)
			out->data[out->len] = '\0';
		goto out;
	}
	ok = true;
out:
	if (dither != NULL)
		sixel_dither_unref(dither);
	if (output != NULL)
		sixel_output_unref(output);
	return ok;
}

/* Sixel-encode img into out within budget: adaptive or cube, then smaller. */
/*
 * Whether the picture has few enough distinct colours (15-bit buckets)
 * for the adaptive palette to pay. Measured: drawn or flat pictures have
 * a few hundred and come out 2-3x smaller adaptive; camera photos have
 * thousands, and there a dithered cube is both smaller and 10x faster
 * (undithered adaptive output of a detailed photo is larger still).
 */
static bool
preview_few_colors(const struct image *img)
{
	uint8_t seen[32768 / 8];
	size_t i, npx = (size_t)img->width * img->height;
	int n = 0;

	memset(seen, 0, sizeof seen);
	for (i = 0; i < npx; i++) {
		const uint8_t *p = img->rgb + i * 3;
		int key = (p[0] >> 3) << 10 | (p[1] >> 3) << 5 | p[2] >> 3;

		if (!(seen[key >> 3] & (1 << (key & 7)))) {
			seen[key >> 3] |= (uint8_t)(1 << (key & 7));
			if (++n > PREVIEW_ADAPTIVE_BUCKETS)
				return false;
		}
	}
	return true;
}

bool
preview_sixel(const struct image *img, int colors,
    const struct preview_style *style, size_t budget, struct buf *out,
    int *out_w, int *out_h, char **cause)
{
	static const int tries[] = { 256, 64, 12 };
	unsigned char palette[256 * 3];
	uint32_t keep[64];
	struct image small;
	char *why = NULL;
	size_t i, nkeep;
	uint8_t *idx;
	int lv[3], w, h, ncolors;
	bool ok;

	if (img->rgb == NULL || img->width <= 0 || img->height <= 0) {
		if (cause != NULL)
			*cause = xstrdup("empty picture");
		return false;
	}
	if ((colors <= 0 || colors >= 64) && (style == NULL || !style->cube) &&
	    preview_few_colors(img)) {
		nkeep = preview_keep_colors(style, keep, 32);
		idx = xreallocarray(NULL, (size_t)img->width * img->height, 1);
		ok = preview_adaptive(img, keep, nkeep, idx, palette, &ncolors,
		    &why) && preview_encode(img, idx, palette, ncolors, budget,
		    out, &why);
		free(idx);
		if (ok)
			goto done;
		if (why != NULL)
			goto fail;
	}
	for (i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		if (colors > 0 && tries[i] > colors)
			continue;
		preview_levels(tries[i], lv);
		if (preview_sixel_once(img, lv, budget, out, &why))
			goto done;
		if (why != NULL)
			goto fail;
	}
	/* Still too big: halve the picture until it fits or is tiny. */
	preview_levels(12, lv);
	w = img->width;
	h = img->height;
	while (w > 16 && h > 16) {
		w /= 2;
		h /= 2;
		preview_canvas(&small, img->width, img->height, 0);
		preview_blit(&small, img, 0, 0);
		image_fit(&small, w, h);
		if (preview_sixel_once(&small, lv, budget, out, &why)) {
			if (out_w != NULL)
				*out_w = small.width;
			if (out_h != NULL)
				*out_h = small.height;
			image_fini(&small);
			return true;
		}
		image_fini(&small);
		if (why != NULL)
			goto fail;
	}
	why = xasprintf("picture does not fit the %zu-byte budget", budget);
fail:
	if (cause != NULL)
		*cause = why;
	else
		free(why);
	return false;
done:
	if (out_w != NULL)
		*out_w = img->width;
	if (out_h != NULL)
		*out_h = img->height;
	return true;
}
