/*
 * chartview.c - the charts view (see chartview.h).
 */
#include "chartview.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "photo.h"
#include "plot.h"
#include "preview.h"
#include "sanitize.h"
#include "theme.h"
#include "view.h"
#include "xmalloc.h"

/* The page of plots stops at this height in pixels (memory: 3 bytes each). */
#define CHARTVIEW_PAGE_MAX 30000

/* Start with no charts made. */
void
chartview_init(struct chartview *cv)
{
	chart_set_init(&cv->set);
	chart_lines_init(&cv->lines);
	image_init(&cv->page);
	cv->page_rows = 0;
	cv->page_id = 0;
	cv->valid = false;
	cv->width = 0;
	cv->label = CHARTVIEW_PICKED;
	cv->label_name = NULL;
	cv->typing = false;
	/* Nothing allocated before it is used: the browser may stop early. */
	cv->edit.text = NULL;
	cv->edit.len = cv->edit.cap = cv->edit.cursor = 0;
	cv->scroll = 0;
}

/* Free the charts' lines. */
void
chartview_fini(struct chartview *cv)
{
	chart_lines_fini(&cv->lines);
	chart_set_fini(&cv->set);
	image_fini(&cv->page);
	lineedit_fini(&cv->edit);
	free(cv->label_name);
	/* cairo's and fontconfig's caches, kept otherwise until exit. */
	if (cv->page_id > 0)
		plot_finish();
}

/* Show the charts from their top. */
void
chartview_open(struct chartview *cv)
{
	cv->scroll = 0;
}

/* Forget the charts made. */
void
chartview_invalidate(struct chartview *cv)
{
	cv->valid = false;
}

/*
 * The label whose histogram the charts show (borrowed), or NULL: chart.c
 * picks the one whose confidence is spread widest (not "Clothing",
 * always 90-100) until n/p choose one of the label facet.
 */
static const char *
chartview_label(struct chartview *cv, const struct facet *labels)
{
	if (cv->label == CHARTVIEW_TYPED)
		return cv->label_name;
	if (cv->label == CHARTVIEW_PICKED || facet_size(labels) == 0)
		return NULL;
	if (cv->label >= facet_size(labels))
		cv->label = 0;
	return labels->counted->values[cv->label].value;
}

/*
 * The page of plots for cols x cw pixels: every chart stacked (a NOTE as
 * text), in the palette of the terminal's background.
 */
static void
chartview_page(struct chartview *cv, int cols, int cw, int ch, bool dark)
{
	struct plot_palette pal;
	struct image *pics;
	int w = cols * cw, h = 0, yy = 0;
	size_t i;

	plot_palette_init(&pal, dark);
	/* Plot text about as high as the terminal's (15 units at scale 1). */
	pal.scale = ch / 15.0;
	image_fini(&cv->page);
	pics = xcalloc(cv->set.n + 1, sizeof *pics);
	for (i = 0; i < cv->set.n; i++) {
		const struct chart *c = &cv->set.charts[i];

		if (!plot_image(c, w, plot_height(c, w, &pal), &pal, &pics[i],
		    NULL))
			continue;
		if (h + pics[i].height > CHARTVIEW_PAGE_MAX)
			break;
		h += pics[i].height;
	}
	preview_canvas(&cv->page, w, h > 0 ? h : 1, pal.bg);
	for (i = 0; i < cv->set.n; i++) {
		if (pics[i].rgb != NULL && yy + pics[i].height <= h) {
			preview_blit(&cv->page, &pics[i], 0, yy);
			yy += pics[i].height;
		}
		image_fini(&pics[i]);
	}
	free(pics);
	cv->page_rows = (h + ch - 1) / ch;
	cv->page_id++;
}

/*
 * The window of the page at the scroll as a sixel in rows y..y+h; false
 * when the pane cannot show it (the caller draws text).
 */
static bool
chartview_pictures(struct chartview *cv, const struct screen *scr, int y,
    int h, struct photo_pane *pane, int cw, int ch)
{
	struct image win;
	int ph = h * ch / 6 * 6, r, top;
	bool ok;

	if (cv->page.width != scr->cols * cw)
		chartview_page(cv, scr->cols, cw, ch, photo_pane_dark(pane, NULL));
	if (cv->scroll > cv->page_rows - h)
		cv->scroll = cv->page_rows - h;
	if (cv->scroll < 0)
		cv->scroll = 0;
	if (ph < 6)
		return false;
	top = cv->scroll * ch;
	preview_canvas(&win, cv->page.width, ph, (uint32_t)cv->page.rgb[0] << 16 |
	    (uint32_t)cv->page.rgb[1] << 8 | cv->page.rgb[2]);
	for (r = 0; r < ph && top + r < cv->page.height; r++)
		memcpy(win.rgb + (size_t)r * (size_t)win.width * 3, cv->page.rgb +
		    (size_t)(top + r) * (size_t)cv->page.width * 3,
		    (size_t)win.width * 3);
	for (r = 0; r < h; r++)
		screen_blank(scr, y + r, 0, scr->cols, theme_attr(THEME_NORMAL));
	/* One id per page and scroll: the same window is not encoded twice. */
	ok = photo_pane_picture(pane, stdscr, y, 0, h, scr->cols, &win,
	    cv->page_id * 1000003UL + (unsigned long)cv->scroll + 1);
	image_fini(&win);
	return ok;
}

/* The charts of the result, computed for the current width. */
bool
chartview_draw(struct chartview *cv, const struct screen *scr, int y, int h,
    struct catalog *cat, const struct catalog_result *res, double threshold,
    const struct facet *labels, struct photo_pane *pane, char **cause)
{
	bool ok = true;
	int cw, ch;

	if (res == NULL)
		return true;
	if (!cv->valid) {
		chart_set_fini(&cv->set);
		ok = chart_collect(cat, res, threshold, chartview_label(cv,
		    labels), 10, scr->flags, &cv->set, cause);
		cv->valid = true;
		cv->width = 0;
		image_fini(&cv->page);
	}
	if (photo_pane_cells(pane, &cw, &ch) && cv->set.n > 0 &&
	    chartview_pictures(cv, scr, y, h, pane, cw, ch))
		return ok;
	if (cv->width != scr->cols) {
		chart_lines_fini(&cv->lines);
		chart_render_set(&cv->set, scr->cols - 1, scr->flags, &cv->lines);
		cv->width = scr->cols;
	}
	screen_put_lines(scr, &cv->lines, y, 0, h, scr->cols, &cv->scroll,
	    false);
	return ok;
}

bool
chartview_typing(const struct chartview *cv)
{
	return cv->typing;
}

int
chartview_type_key(struct chartview *cv, const struct view_key *key)
{
	bool changed;

	if (!key->fn && key->code == 27) {
		cv->typing = false;
		return VIEW_REDRAW;
	}
	if ((!key->fn && (key->code == '\n' || key->code == '\r')) ||
	    (key->fn && key->code == KEY_ENTER)) {
		cv->typing = false;
		free(cv->label_name);
		cv->label_name = NULL;
		/* Empty: back to the label picked for its spread. */
		if (*cv->edit.text != '\0') {
			cv->label_name = xstrdup(cv->edit.text);
			cv->label = CHARTVIEW_TYPED;
		} else
			cv->label = CHARTVIEW_PICKED;
		cv->valid = false;
		return VIEW_REDRAW;
	}
	lineedit_key(&cv->edit, key->code, key->fn, &changed);
	return VIEW_REDRAW;
}

char *
chartview_prompt(const struct chartview *cv, int flags)
{
	char *safe = sanitize_text(cv->edit.text, strlen(cv->edit.text), flags);
	char *line = xasprintf("label to chart: %s_  (Enter chart it, Esc "
	    "cancel, empty: the widest spread)", safe);

	free(safe);
	return line;
}

/* Action a in the charts view; page is the page height. Returns the redo. */
int
chartview_key(struct chartview *cv, enum keymap_action a, int page,
    const struct facet *labels)
{
	size_t n;

	switch (a) {
	case KEYMAP_UP:
		cv->scroll--;
		return VIEW_REDRAW;
	case KEYMAP_DOWN:
		cv->scroll++;
		return VIEW_REDRAW;
	case KEYMAP_PAGE_UP:
		cv->scroll -= page;
		return VIEW_REDRAW;
	case KEYMAP_PAGE_DOWN:
		cv->scroll += page;
		return VIEW_REDRAW;
	case KEYMAP_TOP:
		cv->scroll = 0;
		return VIEW_REDRAW;
	case KEYMAP_SEARCH:
		cv->typing = true;
		lineedit_set(&cv->edit, cv->label_name ? cv->label_name : "");
		return VIEW_REDRAW;
	case KEYMAP_BOTTOM:
		cv->scroll = INT_MAX; /* clamped to the last page when drawn */
		return VIEW_REDRAW;
	case KEYMAP_NEXT:
	case KEYMAP_PREV:
		n = facet_size(labels);
		if (n == 0)
			return 0;
		if (cv->label >= CHARTVIEW_TYPED)
			cv->label = a == KEYMAP_NEXT ? 0 : n - 1;
		else
			cv->label = a == KEYMAP_NEXT ? (cv->label + 1) % n :
			    (cv->label + n - 1) % n;
		cv->valid = false;
		return VIEW_REDRAW;
	default:
		return 0;
	}
}
