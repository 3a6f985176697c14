/*
 * plot_cairo.c - charts as pictures with cairo: the loadable module
 * rummage-plot.so (see plot.h and plot_backend.h). It is not linked into
 * rummage: cairo, fontconfig, freetype, pixman and the X11 libraries they
 * bring would be loaded by every process (2 ms of each `rummage query`),
 * so plot.c opens this module the first time a plot is drawn. The few
 * rummage functions it calls (xmalloc.h, image_init, chart_nice_step)
 * come from the executable, which exports its symbols.
 *
 * Everything is drawn on a cairo image surface (anti-aliased), in pixels
 * scaled from a 1000-pixel-wide design so that a small sixel and a large
 * PNG look alike. Text uses cairo's toy font API ("sans-serif" through
 * fontconfig): a plot needs a few labels, not shaping.
 */
#include "plot.h"
#include "plot_backend.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define PLOT_MAX 4000

/*
 * Whether a plot was drawn since plot_finish: cairo's and fontconfig's
 * caches are process-wide, so is this.
 */
static bool plot_drawn;

/* Set the source to 0xRRGGBB at alpha a. */
static void
plot_rgb(cairo_t *cr, uint32_t rgb, double a)
{
	cairo_set_source_rgba(cr, ((rgb >> 16) & 0xff) / 255.0,
	    ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0, a);
}

/* Mix a and b: t = 0 is a, 1 is b. */
static uint32_t
plot_mix(uint32_t a, uint32_t b, double t)
{
	uint32_t out = 0;
	int sh;

	for (sh = 0; sh <= 16; sh += 8) {
		double x = ((a >> sh) & 0xff) * (1 - t) + ((b >> sh) & 0xff) * t;

		out |= (uint32_t)(x + 0.5) << sh;
	}
	return out;
}

/* The width of text at the current font. */
static double
plot_text_w(cairo_t *cr, const char *s)
{
	cairo_text_extents_t e;

	cairo_text_extents(cr, s, &e);
	return e.x_advance;
}

/*
 * Show s with its anchor at (x, y): align 0 left, 0.5 centre, 1 right;
 * y is the baseline. Cut with "..." to at most maxw pixels (0: any).
 */
static void
plot_text(cairo_t *cr, double x, double y, double align, double maxw,
    const char *s)
{
	size_t len = strlen(s), n = len;
	char *t = xstrdup(s);

	while (maxw > 0 && n > 0 && plot_text_w(cr, t) > maxw) {
		/* One character less (a UTF-8 boundary), then "...". */
		do
			n--;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80);
		free(t);
		t = xasprintf("%.*s...", (int)n, s);
	}
	cairo_move_to(cr, x - align * plot_text_w(cr, t), y);
	cairo_show_text(cr, t);
	free(t);
}

/* The chart's title at the top left. */
static void
plot_title(cairo_t *cr, const struct chart *c, double s, int w,
    const struct plot_palette *pal)
{
	cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(cr, 17 * s);
	plot_rgb(cr, pal->fg, 1);
	plot_text(cr, 16 * s, 30 * s, 0, w - 32 * s, c->title);
	cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 15 * s);
}

/* A NOTE as text lines under its title (the charts view's pages). */
static void
plot_note(cairo_t *cr, const struct chart *c, double s, int w,
    const struct plot_palette *pal)
{
	size_t i;

	plot_rgb(cr, pal->fg, 1);
	for (i = 0; i < c->n; i++) {
		const char *t = c->names[i];

		while (*t == ' ')
			t++;
		plot_text(cr, 16 * s, 58 * s + 24 * s * (double)i, 0,
		    w - 32 * s, t);
	}
}

/*
 * The caption under a plot at baseline y: on two lines when one is too
 * narrow (the term Enter applies must show whole), cut at a blank.
 */
static void
plot_caption(cairo_t *cr, const char *text, double s, int w, double y,
    const struct plot_palette *pal)
{
	char *t, *cut = NULL, *p;
	double maxw = w - 32 * s;

	while (*text == ' ')
		text++;
	t = xstrdup(text);
	plot_rgb(cr, pal->fg, 1);
	if (plot_text_w(cr, t) > maxw) {
		/* The last blank before which the first line fits. */
		for (p = strchr(t, ' '); p != NULL; p = strchr(p + 1, ' ')) {
			*p = '\0';
			if (plot_text_w(cr, t) <= maxw)
				cut = p;
			*p = ' ';
			if (cut != p)
				break;
		}
	}
	if (cut != NULL) {
		*cut = '\0';
		plot_text(cr, 16 * s, y, 0, maxw, t);
		plot_text(cr, 16 * s, y + 24 * s, 0, maxw, cut + 1);
	} else {
		plot_text(cr, 16 * s, y, 0, maxw, t);
	}
	free(t);
}

/* Labelled horizontal bars with a grid at nice steps. */
static void
plot_bars(cairo_t *cr, const struct chart *c, double s, int w,
    const struct plot_palette *pal)
{
	uint64_t max = 0, top, step, v;
	double namew = 0, x0, x1, y, bh = 34 * s;
	char num[64];
	size_t i;

	for (i = 0; i < c->n; i++) {
		max = c->counts[i] > max ? c->counts[i] : max;
		if (plot_text_w(cr, c->names[i]) > namew)
			namew = plot_text_w(cr, c->names[i]);
	}
	if (namew > w * 0.3)
		namew = w * 0.3;
	/* Shares (totals): the axis in percent, full at 100. */
	if (c->totals != NULL)
		max = 100;
	step = chart_nice_step(max, 5, &top);
	x0 = 16 * s + namew + 10 * s;
	x1 = w - 110 * s;
	if (x1 < x0 + 10)
		x1 = x0 + 10;
	/* Grid and its numbers. */
	cairo_set_line_width(cr, 1);
	for (v = 0; v <= top; v += step) {
		double x = x0 + (x1 - x0) * (double)v / (double)top;

		plot_rgb(cr, pal->grid, 1);
		cairo_move_to(cr, floor(x) + 0.5, 48 * s);
		cairo_line_to(cr, floor(x) + 0.5, 56 * s + bh * (double)c->n);
		cairo_stroke(cr);
		snprintf(num, sizeof num, "%" PRIu64 "%s", v, c->totals != NULL ?
		    "%" : "");
		plot_rgb(cr, pal->fg, 0.7);
		plot_text(cr, x, 56 * s + bh * (double)c->n + 14 * s, 0.5, 0, num);
		if (step == 0)
			break;
	}
	for (i = 0; i < c->n; i++) {
		double val = c->totals == NULL ? (double)c->counts[i] :
		    c->totals[i] ? 100.0 * (double)c->counts[i] /
		    (double)c->totals[i] : 0;
		double bw = top ? (x1 - x0) * val / (double)top : 0;

		y = 52 * s + bh * (double)i;
		plot_rgb(cr, pal->bar, 1);
		cairo_rectangle(cr, x0, y + 5 * s, bw, bh - 10 * s);
		cairo_fill(cr);
		plot_rgb(cr, pal->fg, 1);
		plot_text(cr, x0 - 10 * s, y + bh * 0.5 + 5 * s, 1, namew,
		    c->names[i]);
		if (c->totals != NULL)
			snprintf(num, sizeof num, "%.1f%%  %" PRIu64 " of %" PRIu64,
			    val, c->counts[i], c->totals[i]);
		else if (c->total > 0)
			snprintf(num, sizeof num, "%" PRIu64 "  %.1f%%",
			    c->counts[i], 100.0 * (double)c->counts[i] /
			    (double)c->total);
		else
			snprintf(num, sizeof num, "%" PRIu64, c->counts[i]);
		plot_text(cr, x0 + bw + 6 * s, y + bh * 0.5 + 5 * s, 0, 0, num);
	}
	/* A pick (the charts view's): the range shaded, the cursor outlined. */
	if (c->cursor_on && c->cursor < c->n) {
		if (c->marked && c->hi < c->n) {
			plot_rgb(cr, pal->line, 0.18);
			cairo_rectangle(cr, 8 * s, 52 * s + bh * (double)c->lo,
			    w - 16 * s, bh * (double)(c->hi - c->lo + 1));
			cairo_fill(cr);
		}
		plot_rgb(cr, pal->fg, 1);
		cairo_set_line_width(cr, 2 * s > 1 ? 2 * s : 1);
		cairo_rectangle(cr, 8 * s, 52 * s + bh * (double)c->cursor + 2 * s,
		    w - 16 * s, bh - 4 * s);
		cairo_stroke(cr);
		cairo_set_line_width(cr, 1);
	}
	if (c->caption != NULL)
		plot_caption(cr, c->caption, s, w, 56 * s + bh * (double)c->n +
		    46 * s, pal);
}

/* A filled area under an anti-aliased line, y axis at nice steps. */
static void
plot_columns(cairo_t *cr, const struct chart *c, double s, int w, int h,
    const struct plot_palette *pal)
{
	uint64_t max = 0, top, step, v, *sums;
	double x0, x1, y0 = 48 * s, y1 = h - (c->caption != NULL ? 94 : 40) * s;
	double dx, lastx = -1e9, cursor = -1;
	char num[32];
	size_t i, g, m;

	/* Neighbours summed to at most one point per 6 pixels: a curve, not noise. */
	g = (c->n + (size_t)(w / 6) - 1) / (size_t)(w / 6 > 0 ? w / 6 : 1);
	if (g < 1)
		g = 1;
	m = (c->n + g - 1) / g;
	sums = xcalloc(m + 1, sizeof *sums);
	for (i = 0; i < c->n; i++)
		sums[i / g] += c->counts[i];
	for (i = 0; i < m; i++)
		max = sums[i] > max ? sums[i] : max;
	step = chart_nice_step(max, 5, &top);
	snprintf(num, sizeof num, "%" PRIu64, top);
	x0 = 20 * s + plot_text_w(cr, num);
	x1 = w - 20 * s;
	if (y1 < y0 + 10)
		y1 = y0 + 10;
	dx = m > 1 ? (x1 - x0) / (double)(m - 1) : 0;
	cairo_set_line_width(cr, 1);
	for (v = 0; v <= top; v += step) {
		double y = y1 - (y1 - y0) * (double)v / (double)top;

		plot_rgb(cr, pal->grid, 1);
		cairo_move_to(cr, x0, floor(y) + 0.5);
		cairo_line_to(cr, x1, floor(y) + 0.5);
		cairo_stroke(cr);
		snprintf(num, sizeof num, "%" PRIu64, v);
		plot_rgb(cr, pal->fg, 0.7);
		plot_text(cr, x0 - 6 * s, y + 5 * s, 1, 0, num);
		if (step == 0)
			break;
	}
	/*
	 * The marked range shaded behind the area (half a point either
	 * side), the cursor a line over it (the charts view's timeline).
	 */
	if (c->cursor_on && m > 0) {
		double half = m > 1 ? dx / 2 : (x1 - x0) / 2;
		double cx = x0 + dx * (double)(c->cursor / g);

		if (c->marked) {
			double a = x0 + dx * (double)(c->lo / g) - half;
			double b = x0 + dx * (double)(c->hi / g) + half;

			plot_rgb(cr, pal->line, 0.18);
			cairo_rectangle(cr, a, y0, b - a, y1 - y0);
			cairo_fill(cr);
		}
		cursor = cx;
	}
	/* The area, then the line over it. */
	cairo_move_to(cr, x0, y1);
	for (i = 0; i < m; i++)
		cairo_line_to(cr, x0 + dx * (double)i, y1 - (y1 - y0) *
		    (double)sums[i] / (double)top);
	cairo_line_to(cr, x0 + dx * (double)(m - 1), y1);
	cairo_close_path(cr);
	plot_rgb(cr, pal->bar, 0.45);
	cairo_fill(cr);
	for (i = 0; i < m; i++)
		cairo_line_to(cr, x0 + dx * (double)i, y1 - (y1 - y0) *
		    (double)sums[i] / (double)top);
	plot_rgb(cr, pal->line, 1);
	cairo_set_line_width(cr, 2 * s > 1 ? 2 * s : 1);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_stroke(cr);
	if (cursor >= 0) {
		plot_rgb(cr, pal->fg, 1);
		cairo_move_to(cr, cursor, y0 - 6 * s);
		cairo_line_to(cr, cursor, y1 + 6 * s);
		cairo_stroke(cr);
	}
	/* Names under the axis where they do not overlap. */
	cairo_set_line_width(cr, 1);
	for (i = 0; c->names != NULL && i < c->n; i++) {
		double x = x0 + dx * (double)(i / g);

		if (c->names[i] == NULL || x < lastx ||
		    x + plot_text_w(cr, c->names[i]) > w - 4 * s)
			continue;
		plot_rgb(cr, pal->grid, 1);
		cairo_move_to(cr, floor(x) + 0.5, y1);
		cairo_line_to(cr, floor(x) + 0.5, y1 + 6 * s);
		cairo_stroke(cr);
		plot_rgb(cr, pal->fg, 0.8);
		plot_text(cr, x, y1 + 22 * s, 0, 0, c->names[i]);
		lastx = x + plot_text_w(cr, c->names[i]) + 12 * s;
	}
	if (c->caption != NULL)
		plot_caption(cr, c->caption, s, w, y1 + 52 * s, pal);
	free(sums);
}

/*
 * A heat map: a cell per count, shaded from the background to the bar;
 * the window of it the chart says, the cursor cell outlined.
 */
static void
plot_heat(cairo_t *cr, const struct chart *c, double s, int w,
    const struct plot_palette *pal)
{
	uint64_t max = 0;
	double namew = 0, x0, cw, ch = 34 * s, y0 = 90 * s;
	char num[32];
	size_t i, j, top, nrows, left, ncols;

	plot_heat_window(c, &top, &nrows, &left, &ncols);
	for (i = top; i < top + nrows; i++)
		for (j = left; j < left + ncols; j++)
			if (c->counts[i * c->ncols + j] > max)
				max = c->counts[i * c->ncols + j];
	for (i = top; i < top + nrows; i++)
		if (plot_text_w(cr, c->names[i]) > namew)
			namew = plot_text_w(cr, c->names[i]);
	if (namew > w * 0.25)
		namew = w * 0.25;
	x0 = 16 * s + namew + 10 * s;
	cw = ncols ? (w - 16 * s - x0) / (double)ncols : 0;
	for (j = 0; j < ncols; j++) {
		plot_rgb(cr, pal->fg, 1);
		plot_text(cr, x0 + cw * ((double)j + 0.5), y0 - 12 * s, 0.5,
		    cw - 4 * s, c->colnames[left + j]);
	}
	for (i = 0; i < nrows; i++) {
		double y = y0 + ch * (double)i;

		plot_rgb(cr, pal->fg, 1);
		plot_text(cr, x0 - 10 * s, y + ch * 0.5 + 5 * s, 1, namew,
		    c->names[top + i]);
		for (j = 0; j < ncols; j++) {
			uint64_t v = c->counts[(top + i) * c->ncols + left + j];
			/* Square root: a few large cells do not wash out the rest. */
			double t = max ? sqrt((double)v / (double)max) : 0;

			plot_rgb(cr, plot_mix(pal->bg, pal->bar, t), 1);
			cairo_rectangle(cr, x0 + cw * (double)j + 1, y + 1, cw - 2,
			    ch - 2);
			cairo_fill(cr);
			snprintf(num, sizeof num, "%" PRIu64, v);
			plot_rgb(cr, t > 0.6 ? pal->bg : pal->fg, 1);
			plot_text(cr, x0 + cw * ((double)j + 0.5), y + ch * 0.5 +
			    5 * s, 0.5, cw - 4 * s, num);
		}
	}
	/* The cursor cell (the crosstab view's): outlined in the text colour. */
	if (c->cursor_on && c->cursor >= top && c->cursor < top + nrows &&
	    c->cursor_col >= left && c->cursor_col < left + ncols) {
		plot_rgb(cr, pal->fg, 1);
		cairo_set_line_width(cr, 3 * s > 2 ? 3 * s : 2);
		cairo_rectangle(cr, x0 + cw * (double)(c->cursor_col - left) + 1,
		    y0 + ch * (double)(c->cursor - top) + 1, cw - 2, ch - 2);
		cairo_stroke(cr);
		cairo_set_line_width(cr, 1);
	}
}

/* Draw c on a new w x h surface; NULL with *cause. */
static cairo_surface_t *
plot_surface(const struct chart *c, int w, int h,
    const struct plot_palette *pal, char **cause)
{
	cairo_surface_t *sf;
	cairo_t *cr;
	double s;

	if (!plot_has_picture(c) && c->kind != CHART_KIND_NOTE) {
		if (cause != NULL)
			*cause = xasprintf("'%s' has no picture", c->slug);
		return NULL;
	}
	w = w < 1 ? 1 : w > PLOT_MAX ? PLOT_MAX : w;
	h = h < 1 ? 1 : h > PLOT_MAX ? PLOT_MAX : h;
	s = pal->scale > 0 ? pal->scale : w / 1000.0;
	plot_drawn = true;
	sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
		if (cause != NULL)
			*cause = xasprintf("cairo: %s", cairo_status_to_string(
			    cairo_surface_status(sf)));
		cairo_surface_destroy(sf);
		return NULL;
	}
	cr = cairo_create(sf);
	plot_rgb(cr, pal->bg, 1);
	cairo_paint(cr);
	plot_title(cr, c, s, w, pal);
	switch (c->kind) {
	case CHART_KIND_BARS:
		plot_bars(cr, c, s, w, pal);
		break;
	case CHART_KIND_COLUMNS:
		plot_columns(cr, c, s, w, h, pal);
		break;
	case CHART_KIND_HEAT:
		plot_heat(cr, c, s, w, pal);
		break;
	case CHART_KIND_NOTE:
		plot_note(cr, c, s, w, pal);
		break;
	}
	cairo_destroy(cr);
	cairo_surface_flush(sf);
	return sf;
}

static bool
plot_cairo_image(const struct chart *c, int w, int h,
    const struct plot_palette *pal, struct image *img, char **cause)
{
	cairo_surface_t *sf = plot_surface(c, w, h, pal, cause);
	const unsigned char *data;
	int stride, x, y;

	image_init(img);
	if (sf == NULL)
		return false;
	img->width = cairo_image_surface_get_width(sf);
	img->height = cairo_image_surface_get_height(sf);
	img->rgb = xmalloc((size_t)img->width * (size_t)img->height * 3);
	data = cairo_image_surface_get_data(sf);
	stride = cairo_image_surface_get_stride(sf);
	for (y = 0; y < img->height; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)(data +
		    (size_t)y * (size_t)stride);
		uint8_t *out = img->rgb + (size_t)y * (size_t)img->width * 3;

		for (x = 0; x < img->width; x++) {
			out[3 * x] = (uint8_t)(row[x] >> 16);
			out[3 * x + 1] = (uint8_t)(row[x] >> 8);
			out[3 * x + 2] = (uint8_t)row[x];
		}
	}
	cairo_surface_destroy(sf);
	return true;
}

static bool
plot_cairo_png(const struct chart *c, int w, int h,
    const struct plot_palette *pal, const char *path, char **cause)
{
	cairo_surface_t *sf = plot_surface(c, w, h, pal, cause);
	cairo_status_t st;

	if (sf == NULL)
		return false;
	st = cairo_surface_write_to_png(sf, path);
	cairo_surface_destroy(sf);
	if (st != CAIRO_STATUS_SUCCESS) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", path,
			    cairo_status_to_string(st));
		return false;
	}
	return true;
}

static void
plot_cairo_finish(void)
{
	/* Once per plots drawn: two views' fini may both ask. */
	if (!plot_drawn)
		return;
	plot_drawn = false;
	cairo_debug_reset_static_data();
	FcFini();
}

/* What plot.c looks up in this module. */
const struct plot_backend rummage_plot_backend = {
	PLOT_BACKEND_VERSION, plot_cairo_image, plot_cairo_png,
	plot_cairo_finish
};
