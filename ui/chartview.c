/*
 * chartview.c - the charts view (see chartview.h).
 */
#include "chartview.h"

#include <limits.h>
#include <stdlib.h>

#include "view.h"

/* Start with no charts made. */
void
chartview_init(struct chartview *cv)
{
	chart_lines_init(&cv->lines);
	cv->valid = false;
	cv->width = 0;
	cv->label = CHARTVIEW_PICKED;
	cv->scroll = 0;
}

/* Free the charts' lines. */
void
chartview_fini(struct chartview *cv)
{
	chart_lines_fini(&cv->lines);
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
	if (cv->label == CHARTVIEW_PICKED || facet_size(labels) == 0)
		return NULL;
	if (cv->label >= facet_size(labels))
		cv->label = 0;
	return labels->counted->values[cv->label].value;
}

/* The charts of the result, computed for the current width. */
bool
chartview_draw(struct chartview *cv, const struct screen *scr, int y, int h,
    struct catalog *cat, const struct catalog_result *res, double threshold,
    const struct facet *labels, char **cause)
{
	bool ok = true;

	if (res == NULL)
		return true;
	if (!cv->valid || cv->width != scr->cols) {
		chart_lines_fini(&cv->lines);
		ok = chart_report(cat, res, threshold,
		    chartview_label(cv, labels), scr->cols - 1, 10, scr->flags,
		    &cv->lines, cause);
		cv->valid = true;
		cv->width = scr->cols;
	}
	screen_put_lines(scr, &cv->lines, y, 0, h, scr->cols, &cv->scroll,
	    false);
	return ok;
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
	case KEYMAP_BOTTOM:
		cv->scroll = INT_MAX; /* clamped to the last page when drawn */
		return VIEW_REDRAW;
	case KEYMAP_NEXT:
	case KEYMAP_PREV:
		n = facet_size(labels);
		if (n == 0)
			return 0;
		if (cv->label == CHARTVIEW_PICKED)
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
