/*
 * chartview.c - the charts view (see chartview.h).
 */
#include "chartview.h"

#include <stdlib.h>

#include "chart.h"

/* The label whose histogram the charts show (borrowed), or NULL. */
static const char *
chartview_label(struct browser *br)
{
	struct facet *fv = &br->facets[CATALOG_LABEL];

	if (facet_size(fv) == 0)
		return NULL;
	if (br->chart_label >= facet_size(fv))
		br->chart_label = 0;
	return fv->counted->values[br->chart_label].value;
}

/* The charts of the result, computed for the current width. */
void
chartview_draw(struct browser *br)
{
	char *cause = NULL;

	if (br->res == NULL)
		return;
	if (!br->charts_valid || br->charts_width != br->scr.cols) {
		chart_lines_fini(&br->charts);
		if (!chart_report(br->cat, br->res, br->threshold,
		    chartview_label(br), br->scr.cols - 1, 10, br->scr.flags,
		    &br->charts, &cause)) {
			statusbar_message(&br->status, true, "charts failed: %s",
			    cause ? cause : "?");
			free(cause);
		}
		br->charts_valid = true;
		br->charts_width = br->scr.cols;
	}
	screen_put_lines(&br->scr, &br->charts, br->body_y, 0, br->body_h,
	    br->scr.cols, &br->charts_scroll, false);
}

/* Action a in the charts view; page is the page height. Returns the redo. */
int
chartview_key(struct browser *br, enum keymap_action a, int page)
{
	struct facet *fv;
	size_t n;

	switch (a) {
	case KEYMAP_BACK:
		browser_back(br);
		return VIEW_REDRAW;
	case KEYMAP_UP:
		br->charts_scroll--;
		return VIEW_REDRAW;
	case KEYMAP_DOWN:
		br->charts_scroll++;
		return VIEW_REDRAW;
	case KEYMAP_PAGE_UP:
		br->charts_scroll -= page;
		return VIEW_REDRAW;
	case KEYMAP_PAGE_DOWN:
		br->charts_scroll += page;
		return VIEW_REDRAW;
	case KEYMAP_TOP:
		br->charts_scroll = 0;
		return VIEW_REDRAW;
	case KEYMAP_NEXT:
	case KEYMAP_PREV:
		fv = &br->facets[CATALOG_LABEL];
		n = facet_size(fv);
		if (n == 0)
			return 0;
		br->chart_label = a == KEYMAP_NEXT ? (br->chart_label + 1) % n :
		    (br->chart_label + n - 1) % n;
		br->charts_valid = false;
		return VIEW_REDRAW;
	default:
		return 0;
	}
}
