/*
 * gen_draw.c - paint a generated photo from its layout and encode it.
 *
 * The layout (gen_item.c) is in fractions of the photo; this file turns it
 * into pixels at whatever size the photo has: a backdrop (floorboards, bed
 * linen or a wall with a hanger), the silhouette of the product type in the
 * item's colour, the tag with its words exactly in their OCR boxes, and
 * per-pixel grain so the JPEG sizes are those of real phone photos.
 */
#include "gen_draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "image.h"
#include "xmalloc.h"

/* A point of a silhouette, in fractions of its box. */
struct gen_pt {
	float x, y;
};

/* Silhouettes: polygons (even-odd filled together) spanning [0,1]^2. */
struct gen_poly {
	int n;
	struct gen_pt pt[14];
};

static const struct gen_poly gen_trousers[] = {
	{ 7, { { .05f, 0 }, { .95f, 0 }, { 1, 1 }, { .58f, 1 }, { .5f, .3f },
	    { .42f, 1 }, { 0, 1 } } },
};
static const struct gen_poly gen_shorts[] = {
	{ 7, { { .04f, 0 }, { .96f, 0 }, { 1, 1 }, { .56f, 1 }, { .5f, .45f },
	    { .44f, 1 }, { 0, 1 } } },
};
static const struct gen_poly gen_top[] = {
	{ 12, { { .3f, 0 }, { .42f, .05f }, { .58f, .05f }, { .7f, 0 },
	    { 1, .2f }, { .88f, .38f }, { .78f, .3f }, { .78f, 1 }, { .22f, 1 },
	    { .22f, .3f }, { .12f, .38f }, { 0, .2f } } },
};
static const struct gen_poly gen_coat[] = {
	{ 13, { { .3f, 0 }, { .5f, .12f }, { .7f, 0 }, { .95f, .12f },
	    { 1, .85f }, { .86f, .86f }, { .8f, .35f }, { .8f, 1 }, { .2f, 1 },
	    { .2f, .35f }, { .14f, .86f }, { 0, .85f }, { .05f, .12f } } },
};
static const struct gen_poly gen_dress[] = {
	{ 9, { { .32f, 0 }, { .42f, 0 }, { .5f, .08f }, { .58f, 0 },
	    { .68f, 0 }, { .7f, .3f }, { 1, 1 }, { 0, 1 }, { .3f, .3f } } },
};
static const struct gen_poly gen_skirt[] = {
	{ 4, { { .2f, 0 }, { .8f, 0 }, { 1, 1 }, { 0, 1 } } },
};
static const struct gen_poly gen_shoe[] = {
	{ 9, { { 0, .55f }, { .05f, .3f }, { .35f, .25f }, { .5f, 0 },
	    { .62f, 0 }, { .7f, .35f }, { 1, .6f }, { 1, 1 }, { 0, 1 } } },
};
static const struct gen_poly gen_bag[] = {
	{ 4, { { 0, .35f }, { 1, .35f }, { .95f, 1 }, { .05f, 1 } } },
	{ 4, { { .25f, .35f }, { .3f, 0 }, { .7f, 0 }, { .75f, .35f } } },
	{ 4, { { .33f, .35f }, { .37f, .08f }, { .63f, .08f }, { .67f, .35f } } },
};
static const struct gen_poly gen_hat[] = {
	{ 6, { { .2f, .7f }, { .25f, .15f }, { .4f, 0 }, { .6f, 0 },
	    { .75f, .15f }, { .8f, .7f } } },
	{ 4, { { 0, .7f }, { 1, .7f }, { .95f, 1 }, { .05f, 1 } } },
};
static const struct gen_poly gen_scarf[] = {
	{ 6, { { .1f, 0 }, { .9f, 0 }, { .9f, .92f }, { 1, 1 }, { 0, 1 },
	    { .1f, .92f } } },
};
static const struct gen_poly gen_swim[] = {
	{ 3, { { 0, .35f }, { .2f, 0 }, { .45f, .35f } } },
	{ 3, { { .55f, .35f }, { .8f, 0 }, { 1, .35f } } },
	{ 4, { { .1f, .55f }, { .9f, .55f }, { .6f, 1 }, { .4f, 1 } } },
};

static const struct {
	const struct gen_poly *polys;
	int n;
} gen_shapes[GEN_SHAPE_COUNT] = {
#define SHAPE(s, p) [s] = { p, sizeof p / sizeof p[0] }
	SHAPE(GEN_SHAPE_TROUSERS, gen_trousers),
	SHAPE(GEN_SHAPE_SHORTS, gen_shorts),
	SHAPE(GEN_SHAPE_TOP, gen_top),
	SHAPE(GEN_SHAPE_COAT, gen_coat),
	SHAPE(GEN_SHAPE_DRESS, gen_dress),
	SHAPE(GEN_SHAPE_SKIRT, gen_skirt),
	SHAPE(GEN_SHAPE_SHOE, gen_shoe),
	SHAPE(GEN_SHAPE_BAG, gen_bag),
	SHAPE(GEN_SHAPE_HAT, gen_hat),
	SHAPE(GEN_SHAPE_SCARF, gen_scarf),
	SHAPE(GEN_SHAPE_SWIM, gen_swim),
#undef SHAPE
};

/* A photo being painted. */
struct gen_canvas {
	int w, h;
	uint8_t *px;
};

/* Clamp to a byte. */
static inline uint8_t
gen_clamp(int v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* A box's pixel edges at this canvas size: [x0, x1) x [y0, y1). */
static void
gen_box_pixels(const struct gen_canvas *c, struct gen_box b, int *x0, int *y0,
    int *x1, int *y1)
{
	*x0 = (int)(((int64_t)b.left * c->w + GEN_UNIT / 2) / GEN_UNIT);
	*y0 = (int)(((int64_t)b.top * c->h + GEN_UNIT / 2) / GEN_UNIT);
	*x1 = (int)(((int64_t)(b.left + b.width) * c->w + GEN_UNIT / 2) /
	    GEN_UNIT);
	*y1 = (int)(((int64_t)(b.top + b.height) * c->h + GEN_UNIT / 2) /
	    GEN_UNIT);
	if (*x1 > c->w)
		*x1 = c->w;
	if (*y1 > c->h)
		*y1 = c->h;
}

/*
 * GCC's -O2 vectorises only loops without an epilogue; these two are most
 * of the painting, so ask for the full vectoriser (clang does it at -O2).
 */
#if defined(__GNUC__) && !defined(__clang__)
#define GEN_VECTORISE __attribute__((optimize("tree-vectorize", \
    "vect-cost-model=dynamic")))
#else
#define GEN_VECTORISE
#endif

/*
 * dst[i] = clamp(add[i] + k) for n bytes: branch-free on distinct arrays,
 * which the compiler vectorises (the backdrop and the grain are most of
 * the painting).
 */
static void GEN_VECTORISE
gen_add_clamped(uint8_t *restrict dst, const int16_t *restrict add, int k,
    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int v = add[i] + k;

		v = v < 0 ? 0 : v;
		dst[i] = (uint8_t)(v > 255 ? 255 : v);
	}
}

/*
 * The backdrop: smooth gradients plus a pattern made of one term per row
 * and one per column, so it costs one add per pixel.
 */
static void
gen_backdrop(struct gen_canvas *c, enum gen_backdrop kind, struct gen_rng *r)
{
	int x, y, i, *row, *col, planks;
	int16_t *rgb;
	uint8_t base[3];
	double phase = gen_rng_range(r, 0, 6.28);

	row = xreallocarray(NULL, (size_t)c->h, sizeof *row);
	col = xreallocarray(NULL, (size_t)c->w, sizeof *col);
	switch (kind) {
	case GEN_FLOOR:         /* wooden boards, lighter at the far end */
		base[0] = (uint8_t)(150 + gen_rng_below(r, 50));
		base[1] = (uint8_t)(base[0] * 0.72);
		base[2] = (uint8_t)(base[0] * 0.48);
		planks = 6 + (int)gen_rng_below(r, 5);
		for (y = 0; y < c->h; y++) {
			i = y * planks / c->h;
			row[y] = 20 - 40 * y / c->h + (int)((i * 37 % 11) * 3) -
			    ((y * planks) % c->h < c->h / 150 + 1 ? 45 : 0);
		}
		for (x = 0; x < c->w; x++)
			col[x] = (int)(8 * sin(x * 60.0 / c->w + phase));
		break;
	case GEN_BED:           /* pale linen with soft folds */
		base[0] = (uint8_t)(205 + gen_rng_below(r, 35));
		base[1] = (uint8_t)(base[0] - gen_rng_below(r, 12));
		base[2] = (uint8_t)(base[1] - gen_rng_below(r, 15));
		for (y = 0; y < c->h; y++)
			row[y] = (int)(14 * sin(y * 9.0 / c->h + phase));
		for (x = 0; x < c->w; x++)
			col[x] = (int)(10 * sin(x * 7.0 / c->w + phase * 2)) -
			    10 * abs(2 * x - c->w) / c->w;
		break;
	default:                /* an off-white wall, lit from the top left */
		base[0] = (uint8_t)(200 + gen_rng_below(r, 40));
		base[1] = (uint8_t)(base[0] - gen_rng_below(r, 8));
		base[2] = (uint8_t)(base[1] - gen_rng_below(r, 12));
		for (y = 0; y < c->h; y++)
			row[y] = 15 - 35 * y / c->h;
		for (x = 0; x < c->w; x++)
			col[x] = 10 - 20 * x / c->w;
		break;
	}
	/* Each row is one row of column terms plus a constant: a flat loop. */
	rgb = xreallocarray(NULL, (size_t)c->w * 3, sizeof *rgb);
	for (x = 0; x < c->w; x++)
		for (i = 0; i < 3; i++)
			rgb[x * 3 + i] = base[i] + col[x];
	for (y = 0; y < c->h; y++)
		gen_add_clamped(c->px + (size_t)y * c->w * 3, rgb, row[y],
		    (size_t)c->w * 3);
	free(rgb);
	free(row);
	free(col);
}

/* Fill a pixel rectangle with a colour. */
static void
gen_rect(struct gen_canvas *c, int x0, int y0, int x1, int y1,
    const uint8_t rgb[3])
{
	int x, y;
	uint8_t *p;

	for (y = y0 < 0 ? 0 : y0; y < y1 && y < c->h; y++) {
		p = c->px + ((size_t)y * c->w + (size_t)(x0 < 0 ? 0 : x0)) * 3;
		for (x = x0 < 0 ? 0 : x0; x < x1 && x < c->w; x++, p += 3) {
			p[0] = rgb[0];
			p[1] = rgb[1];
			p[2] = rgb[2];
		}
	}
}

/* A straight line t pixels thick, by stamping squares. */
static void
gen_line(struct gen_canvas *c, int xa, int ya, int xb, int yb, int t,
    const uint8_t rgb[3])
{
	int i, n = abs(xb - xa) > abs(yb - ya) ? abs(xb - xa) : abs(yb - ya);
	int x, y;

	for (i = 0; i <= n; i++) {
		x = xa + (n ? (xb - xa) * i / n : 0);
		y = ya + (n ? (yb - ya) * i / n : 0);
		gen_rect(c, x - t / 2, y - t / 2, x - t / 2 + t, y - t / 2 + t,
		    rgb);
	}
}

/* Compare floats for qsort. */
static int
gen_cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

/*
 * Fill a silhouette into the pixel box with its colour, shaded top to
 * bottom, with a darker rim so that white on white still shows.
 */
static void
gen_silhouette(struct gen_canvas *c, enum gen_shape shape, struct gen_box b,
    const uint8_t rgb[3])
{
	const struct gen_poly *polys = gen_shapes[shape].polys;
	int np = gen_shapes[shape].n, x0, y0, x1, y1, x, y, i, j, k, n, xa, xb;
	int rim, shade;
	float xs[64], v, u, ya, yb;
	const struct gen_pt *a, *e;
	uint8_t *p;
	double bw, bh;

	gen_box_pixels(c, b, &x0, &y0, &x1, &y1);
	bw = x1 - x0;
	bh = y1 - y0;
	if (bw < 1 || bh < 1)
		return;
	rim = (int)(bw / 150) + 1;
	for (y = y0; y < y1; y++) {
		v = (float)((y + 0.5 - y0) / bh);
		n = 0;
		for (i = 0; i < np; i++) {
			for (j = 0; j < polys[i].n; j++) {
				a = &polys[i].pt[j];
				e = &polys[i].pt[(j + 1) % polys[i].n];
				ya = a->y;
				yb = e->y;
				if ((ya <= v && yb > v) || (yb <= v && ya > v)) {
					u = a->x + (v - ya) / (yb - ya) *
					    (e->x - a->x);
					if (n < 64)
						xs[n++] = u;
				}
			}
		}
		qsort(xs, (size_t)n, sizeof xs[0], gen_cmp_float);
		shade = (int)(18 - 36 * v);
		for (k = 0; k + 1 < n; k += 2) {
			xa = x0 + (int)lroundf(xs[k] * (float)bw);
			xb = x0 + (int)lroundf(xs[k + 1] * (float)bw);
			p = c->px + ((size_t)y * c->w + (size_t)xa) * 3;
			for (x = xa; x < xb && x < c->w; x++, p += 3) {
				int d = x - xa < rim || xb - 1 - x < rim ? -50 : shade;

				p[0] = gen_clamp(rgb[0] + d);
				p[1] = gen_clamp(rgb[1] + d);
				p[2] = gen_clamp(rgb[2] + d);
			}
		}
	}
}

/* The wire hanger above a garment on a wall (the Hanger label's box). */
static void
gen_hanger(struct gen_canvas *c, struct gen_box g)
{
	static const uint8_t wire[3] = { 70, 70, 76 };
	int x0, y0, x1, y1, cx, t;

	g.left += g.width * 3 / 8;
	g.width /= 4;
	g.top -= 700;
	g.height = 700;
	gen_box_pixels(c, g, &x0, &y0, &x1, &y1);
	cx = (x0 + x1) / 2;
	t = (x1 - x0) / 40 + 1;
	gen_line(c, cx, y0, cx, y0 + (y1 - y0) * 2 / 5, t, wire);
	gen_line(c, cx, y0 + (y1 - y0) * 2 / 5, x0, y1 - 1, t, wire);
	gen_line(c, cx, y0 + (y1 - y0) * 2 / 5, x1 - 1, y1 - 1, t, wire);
}

/* The tag and its drawn words: dark ink on a light card. */
static void
gen_tag(struct gen_canvas *c, const struct gen_photo *ph)
{
	static const uint8_t card[3] = { 246, 243, 234 };
	static const uint8_t edge[3] = { 190, 186, 176 };
	static const uint8_t ink[3] = { 22, 22, 28 };
	int x0, y0, x1, y1, i;

	gen_box_pixels(c, ph->tag, &x0, &y0, &x1, &y1);
	gen_rect(c, x0, y0, x1, y1, edge);
	gen_rect(c, x0 + 1, y0 + 1, x1 - 1, y1 - 1, card);
	for (i = 0; i < ph->nwords; i++) {
		if (!ph->words[i].drawn)
			continue;
		gen_box_pixels(c, ph->words[i].box, &x0, &y0, &x1, &y1);
		font_draw(c->px, c->w, c->h, x0, y0, x1, y1, ph->words[i].text,
		    ink);
	}
}

/* Grain table entries beyond a row's length: the range of row starts. */
#define GEN_GRAIN_SLACK 4096

/* px[i] = clamp(px[i] + noise[i]) for n bytes, vectorised as above. */
static void GEN_VECTORISE
gen_grain_row(uint8_t *restrict px, const int16_t *restrict noise, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int v = px[i] + noise[i];

		v = v < 0 ? 0 : v;
		px[i] = (uint8_t)(v > 255 ? 255 : v);
	}
}

/*
 * Grain: uniform noise of +-amp/2 per channel. It is what makes the JPEG
 * sizes those of real photos, and it was most of gen's time when drawn
 * per byte; so the noise is drawn once per photo into a table a row and a
 * bit long, and each row adds it from a random start (8x8 blocks never see
 * the same noise twice), with a branch-free clamp the compiler vectorises.
 */
static void
gen_grain(struct gen_canvas *c, int amp, uint64_t seed)
{
	size_t i, n = (size_t)c->w * 3 + GEN_GRAIN_SLACK;
	uint64_t s = seed | 1, bits = 0;
	int16_t *tab;
	int y;

	if (amp <= 0)
		return;
	tab = xreallocarray(NULL, n, sizeof *tab);
	for (i = 0; i < n; i++) {
		if ((i & 7) == 0) {
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			bits = s;
		}
		tab[i] = (int16_t)(((int)(bits & 0xff) - 128) * amp / 256);
		bits >>= 8;
	}
	for (y = 0; y < c->h; y++) {
		const int16_t *t;
		size_t w3 = (size_t)c->w * 3;

		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		t = tab + (s >> 32) % GEN_GRAIN_SLACK;
		gen_grain_row(c->px + (size_t)y * w3, t, w3);
	}
	free(tab);
}

bool
gen_draw_photo(const struct gen_item *item, int k, void **jpeg, size_t *len,
    char **cause)
{
	const struct gen_photo *ph = &item->photos[k];
	struct gen_canvas c;
	struct gen_rng r;
	struct image img;
	int i;
	bool ok;

	gen_rng_seed(&r, ph->draw_seed, item->index, (uint64_t)k);
	c.w = ph->width;
	c.h = ph->height;
	c.px = xreallocarray(NULL, (size_t)c.w * c.h, 3);
	gen_backdrop(&c, ph->backdrop, &r);
	if (ph->backdrop == GEN_WALL)
		gen_hanger(&c, ph->garment);
	for (i = 0; i < ph->ngarments; i++)
		gen_silhouette(&c, item->type->shape, ph->garments[i],
		    item->color->rgb);
	if (ph->has_tag)
		gen_tag(&c, ph);
	gen_grain(&c, ph->noise, gen_rng_next(&r));

	img.width = c.w;
	img.height = c.h;
	img.rgb = c.px;
	ok = image_encode_jpeg(&img, ph->quality, jpeg, len, cause);
	free(c.px);
	return ok;
}

bool
gen_draw_relisted(struct gen_item *item, int k, void **jpeg, size_t *len,
    char **cause)
{
	struct gen_photo *ph = &item->photos[k];
	struct image img;
	void *out;
	size_t olen;
	int quality = ph->quality;

	if (!image_decode_jpeg(*jpeg, *len, 0, 0, &img, cause))
		return false;
	switch (item->relist) {
	case GEN_RELIST_REENCODED:
		/* What a phone's share sheet or a marketplace's upload does. */
		quality = quality >= 70 ? quality - 25 : quality + 20;
		break;
	case GEN_RELIST_HALF:
		image_fit(&img, img.width / 2 > 0 ? img.width / 2 : 1,
		    img.height / 2 > 0 ? img.height / 2 : 1);
		break;
	case GEN_RELIST_BRIGHTER: {
		uint8_t lut[256];
		for (int v = 0; v < 256; v++)
			lut[v] = (uint8_t)(255 * pow(v / 255.0, 0.9) + 0.5);
		for (size_t i = 0; i < (size_t)img.width * img.height * 3; i++)
			img.rgb[i] = lut[img.rgb[i]];
		break;
	}
	default:
		break;
	}
	if (!image_encode_jpeg(&img, quality, &out, &olen, cause)) {
		image_fini(&img);
		return false;
	}
	ph->width = img.width;
	ph->height = img.height;
	image_fini(&img);
	free(*jpeg);
	*jpeg = out;
	*len = olen;
	return true;
}
