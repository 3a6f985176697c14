/*
 * plot.c - charts as pictures (see plot.h): the sizes and colours here,
 * the drawing in the module rummage-plot.so (plot_cairo.c), opened the
 * first time a plot is drawn, so that a process that draws none (every
 * `rummage query`) never loads cairo and the libraries it needs.
 */
#include "plot.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot_backend.h"
#include "xmalloc.h"

#ifndef RUMMAGE_PLOTDIR
#define RUMMAGE_PLOTDIR "/usr/local/lib/rummage"
#endif
#define PLOT_MODULE "rummage-plot.so"

static const struct plot_backend *plot_loaded;
static char *plot_load_error;         /* why the module could not be opened */

void
plot_palette_init(struct plot_palette *pal, bool dark)
{
	pal->scale = 0;
	if (dark) {
		pal->bg = 0x1c1c1c;
		pal->fg = 0xe4e4e4;
		pal->grid = 0x4e4e4e;
		pal->bar = 0x5fafff;
		pal->line = 0xafd7ff;
	} else {
		pal->bg = 0xffffff;
		pal->fg = 0x1c1c1c;
		pal->grid = 0xd0d0d0;
		pal->bar = 0x0087d7;
		pal->line = 0x005f87;
	}
}

bool
plot_has_picture(const struct chart *c)
{
	return c->kind != CHART_KIND_NOTE && c->n > 0;
}

/* The rows (from *top) and columns (from *left) a heat map shows. */
void
plot_heat_window(const struct chart *c, size_t *top, size_t *nrows,
    size_t *left, size_t *ncols)
{
	*top = c->top < c->n ? c->top : 0;
	*nrows = c->n - *top;
	if (c->rows_shown > 0 && c->rows_shown < *nrows)
		*nrows = c->rows_shown;
	*left = c->left < c->ncols ? c->left : 0;
	*ncols = c->ncols - *left;
	if (c->cols_shown > 0 && c->cols_shown < *ncols)
		*ncols = c->cols_shown;
}

int
plot_height(const struct chart *c, int w, const struct plot_palette *pal)
{
	double s = pal->scale > 0 ? pal->scale : w / 1000.0;

	switch (c->kind) {
	case CHART_KIND_NOTE:
		return (int)((44 + 24 * (double)c->n) * s) + 1;
	case CHART_KIND_BARS:
		return (int)((70 + 34 * (double)c->n +
		    (c->caption != NULL ? 54 : 0)) * s) + 1;
	case CHART_KIND_HEAT: {
		size_t top, nrows, left, ncols;

		plot_heat_window(c, &top, &nrows, &left, &ncols);
		return (int)((110 + 34 * (double)nrows) * s) + 1;
	}
	default:
		return (int)((280 + (c->caption != NULL ? 54 : 0)) * s) + 1;
	}
}

/*
 * Open the module once: beside the executable (a build tree, or an
 * install that keeps them together), else in RUMMAGE_PLOTDIR. NULL with
 * *cause saying where it looked.
 */
static const struct plot_backend *
plot_backend(char **cause)
{
	char exe[PATH_MAX], *dirs[2] = { NULL, NULL };
	ssize_t n;

	if (plot_loaded != NULL)
		return plot_loaded;
	if (plot_load_error == NULL) {
		if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
			char *slash;
			exe[n] = '\0';
			if ((slash = strrchr(exe, '/')) != NULL) {
				*slash = '\0';
				dirs[0] = xasprintf("%s/%s", exe, PLOT_MODULE);
			}
		}
		dirs[1] = xstrdup(RUMMAGE_PLOTDIR "/" PLOT_MODULE);
		for (size_t i = 0; i < 2 && plot_loaded == NULL; i++) {
			const struct plot_backend *be;
			void *h;

			if (dirs[i] == NULL ||
			    (h = dlopen(dirs[i], RTLD_NOW | RTLD_LOCAL)) == NULL)
				continue;
			be = dlsym(h, PLOT_BACKEND_SYMBOL);
			if (be != NULL && be->version == PLOT_BACKEND_VERSION)
				plot_loaded = be;
			else
				dlclose(h);
		}
		if (plot_loaded == NULL) {
			const char *e = dlerror();
			plot_load_error = xasprintf("plots need %s, which is not "
			    "in %s nor %s%s%s (rebuild or reinstall rummage)",
			    PLOT_MODULE, dirs[0] != NULL ? dirs[0] : "(no "
			    "executable path)", dirs[1], e != NULL ? ": " : "",
			    e != NULL ? e : "");
		}
		free(dirs[0]);
		free(dirs[1]);
	}
	if (plot_loaded == NULL && cause != NULL)
		*cause = xstrdup(plot_load_error);
	return plot_loaded;
}

bool
plot_image(const struct chart *c, int w, int h,
    const struct plot_palette *pal, struct image *img, char **cause)
{
	const struct plot_backend *be = plot_backend(cause);

	if (be == NULL) {
		image_init(img);
		return false;
	}
	return be->image(c, w, h, pal, img, cause);
}

bool
plot_png(const struct chart *c, int w, int h, const struct plot_palette *pal,
    const char *path, char **cause)
{
	const struct plot_backend *be = plot_backend(cause);

	return be != NULL && be->png(c, w, h, pal, path, cause);
}

void
plot_finish(void)
{
	if (plot_loaded != NULL)
		plot_loaded->finish();
	free(plot_load_error);
	plot_load_error = NULL;
}
