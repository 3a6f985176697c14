/*
 * plot_backend.h - what the plot module (rummage-plot.so, plot_cairo.c)
 * gives plot.c: one table, looked up by name after dlopen. The version
 * changes with the table, so a module from another build is refused
 * rather than called with the wrong arguments.
 */
#pragma once

#include <stdbool.h>

struct chart;
struct image;
struct plot_palette;

#define PLOT_BACKEND_VERSION 1
#define PLOT_BACKEND_SYMBOL "rummage_plot_backend"

struct plot_backend {
	int version;
	bool (*image)(const struct chart *c, int w, int h,
	    const struct plot_palette *pal, struct image *img, char **cause);
	bool (*png)(const struct chart *c, int w, int h,
	    const struct plot_palette *pal, const char *path, char **cause);
	void (*finish)(void);
};
