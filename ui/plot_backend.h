/*
 * plot_backend.h - what the plot module (rummage-plot.so, plot_cairo.c)
 * gives plot.c: one table, looked up by name after dlopen. The version
 * changes with the table, so a module from another build is refused
 * rather than called with the wrong arguments.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct chart;
struct image;
struct plot_palette;

#define PLOT_BACKEND_VERSION 1
#define PLOT_BACKEND_SYMBOL "rummage_plot_backend"

/*
 * The rows (from *top) and columns (from *left) of c a heat map shows
 * (plot.c, for the module: its size and its drawing agree).
 */
void plot_heat_window(const struct chart *c, size_t *top, size_t *nrows,
    size_t *left, size_t *ncols);

struct plot_backend {
	int version;
	bool (*image)(const struct chart *c, int w, int h,
	    const struct plot_palette *pal, struct image *img, char **cause);
	bool (*png)(const struct chart *c, int w, int h,
	    const struct plot_palette *pal, const char *path, char **cause);
	void (*finish)(void);
};
