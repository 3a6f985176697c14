/*
 * plot.h - a chart (chart.h) drawn as a picture with cairo: anti-aliased
 * areas and lines for a timeline, labelled bars, a heat map for a
 * crosstab. The pixels go to libsixel (the charts view in a sixel
 * terminal) or to a PNG file (`rummage stats --png`). Plots draw what the
 * catalog counted; they count nothing.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "chart.h"
#include "image.h"

/*
 * The colours of a plot, 0xRRGGBB, and its scale: pixels per unit of a
 * 1000-unit-wide design (text 15 units high); 0: the width / 1000.
 */
struct plot_palette {
	uint32_t bg, fg, grid, bar, line;
	double scale;
};

/* The palette for a dark (true) or a light terminal or page; scale 0. */
void plot_palette_init(struct plot_palette *pal, bool dark);

/* Whether chart c has a picture of its own (a NOTE draws as text only). */
bool plot_has_picture(const struct chart *c);

/* The height in pixels a plot of c wants at width w (bars: per bar). */
int plot_height(const struct chart *c, int w, const struct plot_palette *pal);

/*
 * Draw c (borrowed) into img (initialised here, owned by the caller) at
 * w x h pixels (each capped to 1..4000); a NOTE as its lines of text.
 * false with *cause when cairo could not (out of memory).
 */
bool plot_image(const struct chart *c, int w, int h,
    const struct plot_palette *pal, struct image *img, char **cause);

/* Draw c at w x h into a PNG file at path; false with *cause. */
bool plot_png(const struct chart *c, int w, int h,
    const struct plot_palette *pal, const char *path, char **cause);

/*
 * At exit, after the last plot: release cairo's and fontconfig's caches
 * (kept for the process's life otherwise, which leak checkers report).
 * Nothing when no plot was drawn since the last call.
 */
void plot_finish(void);
