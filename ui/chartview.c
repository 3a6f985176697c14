/*
 * chartview.c - the charts view (see chartview.h).
 */
#include "chartview.h"

#include <curses.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "theme.h"
#include "view.h"
#include "xmalloc.h"

#define CHARTVIEW_ROWS 8              /* the timeline's height */
#define CHARTVIEW_AXIS 11             /* chart_columns' column of bucket 0 */
#define CHARTVIEW_AGREEMENT_TOP 10    /* brands shown, lowest first */

/* Start with no charts made. */
void
chartview_init(struct chartview *cv)
{
	chart_lines_init(&cv->lines);
	chart_lines_init(&cv->report);
	cv->valid = false;
	cv->own_valid = false;
	cv->width = 0;
	cv->label = 0;
	cv->scroll = 0;
	cv->timeline = NULL;
	cv->agreement = NULL;
	cv->cursor = 0;
	cv->marked = false;
	cv->mark = 0;
	cv->tl_line = -1;
	cv->apply = NULL;
}

/* Free the charts' lines and what was counted. */
void
chartview_fini(struct chartview *cv)
{
	chart_lines_fini(&cv->lines);
	chart_lines_fini(&cv->report);
	catalog_timeline_free(cv->timeline);
	catalog_agreement_free(cv->agreement);
	free(cv->apply);
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

/* Timeline buckets for a screen cols wide: the columns after the axis. */
size_t
chartview_buckets(int cols)
{
	int n = cols - 1 - CHARTVIEW_AXIS - 1;

	return n < 8 ? 8 : (size_t)n;
}

/* Do two timelines have the same buckets (the cursor may stay)? */
static bool
chartview_same_buckets(const struct catalog_timeline *a,
    const struct catalog_timeline *b)
{
	return a != NULL && b != NULL && a->n == b->n && a->n > 0 &&
	    a->unit == b->unit && a->per == b->per &&
	    strcmp(a->buckets[0].from, b->buckets[0].from) == 0;
}

/* Install the counted timeline and agreement (both owned from here). */
void
chartview_install(struct chartview *cv, struct catalog_timeline *t,
    struct catalog_agreement *agreement)
{
	if (t != NULL && !chartview_same_buckets(cv->timeline, t)) {
		/* New buckets: the cursor on the newest, no range. */
		cv->cursor = t->n > 0 ? t->n - 1 : 0;
		cv->marked = false;
	}
	catalog_timeline_free(cv->timeline);
	cv->timeline = t;
	catalog_agreement_free(cv->agreement);
	cv->agreement = agreement;
	cv->valid = false;
}

/* The term Enter asked for (owned by the caller), or NULL. */
char *
chartview_take_term(struct chartview *cv)
{
	char *t = cv->apply;

	cv->apply = NULL;
	return t;
}

/* The label whose histogram the charts show (borrowed), or NULL. */
static const char *
chartview_label(struct chartview *cv, const struct facet *labels)
{
	if (facet_size(labels) == 0)
		return NULL;
	if (cv->label >= facet_size(labels))
		cv->label = 0;
	return labels->counted->values[cv->label].value;
}

/* The marked range (or the cursor's bucket) as lo..hi. */
static void
chartview_range(const struct chartview *cv, size_t *lo, size_t *hi)
{
	size_t a = cv->marked ? cv->mark : cv->cursor, b = cv->cursor;

	*lo = a < b ? a : b;
	*hi = a < b ? b : a;
}

/*
 * The timeline you act on: its columns, a line marking the range ('=')
 * and the cursor ('^'), the first and last day, and what the cursor or
 * the range holds.
 */
static void
chartview_timeline(struct chartview *cv, int width, int flags,
    struct chart_lines *out)
{
	static const char *units[] = { "day", "week", "month" };
	const struct catalog_timeline *t = cv->timeline;
	uint64_t *counts, sum = 0;
	size_t lo, hi;
	char *line, *term;

	cv->tl_line = -1;
	if (t == NULL) {
		chart_addf(out, CHART_HEADER, "Timeline");
		chart_addf(out, CHART_TEXT, "  (counting...)");
		return;
	}
	if (t->n == 0) {
		chart_addf(out, CHART_HEADER, "Timeline");
		chart_addf(out, CHART_TEXT, "  (no items)");
		return;
	}
	if (cv->cursor >= t->n)
		cv->cursor = t->n - 1;
	if (cv->mark >= t->n)
		cv->mark = t->n - 1;
	chart_addf(out, CHART_HEADER, "Items per %s%s (%s .. %s): h/l move, "
	    "m mark, Enter apply", units[t->unit], t->per > 1 ? " group" : "",
	    t->buckets[0].from, t->buckets[t->n - 1].to);
	counts = xcalloc(t->n, sizeof *counts);
	for (size_t i = 0; i < t->n; i++)
		counts[i] = t->buckets[i].count;
	cv->tl_line = (int)out->n;
	chart_columns(out, counts, t->n, t->max, CHARTVIEW_ROWS, flags);
	free(counts);

	chartview_range(cv, &lo, &hi);
	line = xcalloc((size_t)CHARTVIEW_AXIS + t->n + 1, 1);
	memset(line, ' ', (size_t)CHARTVIEW_AXIS + t->n);
	for (size_t i = lo; cv->marked && i <= hi; i++)
		line[CHARTVIEW_AXIS + i] = '=';
	line[CHARTVIEW_AXIS + cv->cursor] = '^';
	chart_addf(out, CHART_TEXT, "%s", line);
	free(line);

	for (size_t i = lo; i <= hi; i++)
		sum += t->buckets[i].count;
	term = catalog_timeline_term(t, lo, hi);
	if (cv->marked)
		chart_addf(out, CHART_TEXT, "  range: %s .. %s  %" PRIu64
		    " items  (Enter: %s)", t->buckets[lo].from,
		    t->buckets[hi].to, sum, term);
	else
		chart_addf(out, CHART_TEXT, "  cursor: %s .. %s  %" PRIu64
		    " items  (m marks a range; Enter: %s)", t->buckets[lo].from,
		    t->buckets[hi].to, sum, term);
	free(term);
	(void)width;
}

/* Append a header (terminal-safe text, borrowed) fitted to width. */
static void
chartview_add_fit(struct chart_lines *out, int width, int flags,
    const char *text)
{
	char *fit = sanitize_fit(text, width, true, flags);

	chart_addf(out, CHART_HEADER, "%s", fit);
	free(fit);
}

/*
 * The items per hour of the day and per weekday: side by side when the
 * screen is wide enough, else one under the other.
 */
static void
chartview_clock(const struct chartview *cv, int width, int flags,
    struct chart_lines *out)
{
	static const char *const days[7] = { "mon", "tue", "wed", "thu", "fri",
	    "sat", "sun" };
	const struct catalog_timeline *t = cv->timeline;
	const char *hours[24];
	char names[24][3];
	uint64_t hmax = 0, dmax = 0;
	struct chart_lines left, right;
	int lw = width >= 80 ? (width - 2) / 2 : width, rw = width - lw - 2;

	if (t == NULL || t->n == 0)
		return;
	for (int h = 0; h < 24; h++) {
		names[h][0] = (char)('0' + h / 10);
		names[h][1] = (char)('0' + h % 10);
		names[h][2] = '\0';
		hours[h] = names[h];
		hmax = t->hours[h] > hmax ? t->hours[h] : hmax;
	}
	for (int d = 0; d < 7; d++)
		dmax = t->weekdays[d] > dmax ? t->weekdays[d] : dmax;
	chart_lines_init(&left);
	chart_lines_init(&right);
	chartview_add_fit(&left, lw, flags, "Items per hour of the day (UTC)");
	chart_rows(&left, hours, t->hours, 24, t->total, hmax, lw, flags);
	chartview_add_fit(&right, width >= 80 ? rw : width, flags,
	    "Items per weekday (UTC)");
	chart_rows(&right, days, t->weekdays, 7, t->total, dmax,
	    width >= 80 ? rw : width, flags);
	chart_addf(out, CHART_TEXT, "%s", "");
	if (width >= 80) {
		for (size_t i = 0; i < left.n; i++) {
			const char *r = i < right.n ? right.lines[i].text : "";

			chart_addf(out, i == 0 ? CHART_HEADER : CHART_BAR,
			    "%s  %s", left.lines[i].text, r);
		}
	} else {
		for (size_t i = 0; i < left.n; i++)
			chart_addf(out, left.lines[i].style, "%s",
			    left.lines[i].text);
		chart_addf(out, CHART_TEXT, "%s", "");
		for (size_t i = 0; i < right.n; i++)
			chart_addf(out, right.lines[i].style, "%s",
			    right.lines[i].text);
	}
	chart_lines_fini(&left);
	chart_lines_fini(&right);
}

/* The OCR agreement per brand, lowest share first. */
static void
chartview_agreement(const struct chartview *cv, int width, int flags,
    struct chart_lines *out)
{
	const struct catalog_agreement *a = cv->agreement;
	/* "  name share% confirmed of items bar": 51 columns and the bar. */
	int barw = width - 51;

	chart_addf(out, CHART_TEXT, "%s", "");
	chart_addf(out, CHART_HEADER, "OCR agreement by brand, lowest first "
	    "(the photos' text reads the top-1 brand: ocr:brand)");
	if (a == NULL) {
		chart_addf(out, CHART_TEXT, "  (counting...)");
		return;
	}
	for (size_t i = 0; i < a->n && i < CHARTVIEW_AGREEMENT_TOP; i++) {
		const struct catalog_agreement_row *r = &a->rows[i];
		char *safe = sanitize_text(r->brand, strlen(r->brand), flags);
		char *name = sanitize_fit(safe, 22, true, flags);
		char *bar = chart_bar(r->confirmed, r->items, barw > 0 ? barw : 0,
		    flags);
		char *line = xasprintf("  %s %5.1f%% %7" PRIu64 " of %-7" PRIu64
		    " %s", name, 100.0 * (double)r->confirmed / (double)r->items,
		    r->confirmed, r->items, bar);

		chartview_add_fit(out, width, flags, line);
		out->lines[out->n - 1].style = CHART_BAR;
		free(line);
		free(bar);
		free(name);
		free(safe);
	}
	if (a->n == 0)
		chart_addf(out, CHART_TEXT, "  (no brand with %" PRIu64
		    " items or more)", a->min_items);
}

/*
 * Remake the lines: the view's own charts (cheap: drawn from what was
 * counted, remade as the cursor moves), then chart.c's report, remade
 * only when the result, the width or the label changed.
 */
static bool
chartview_make(struct chartview *cv, const struct screen *scr,
    struct catalog *cat, const struct catalog_result *res, double threshold,
    const struct facet *labels, char **cause)
{
	int width = scr->cols - 1 < 40 ? 40 : scr->cols - 1;
	bool ok = true;

	if (!cv->valid || cv->width != scr->cols) {
		chart_lines_fini(&cv->report);
		ok = chart_report(cat, res, threshold, chartview_label(cv,
		    labels), width, 10, scr->flags | CHART_NO_TIMELINE,
		    &cv->report, cause);
		cv->valid = true;
		cv->width = scr->cols;
	}
	chart_lines_fini(&cv->lines);
	chartview_timeline(cv, width, scr->flags, &cv->lines);
	chartview_clock(cv, width, scr->flags, &cv->lines);
	chartview_agreement(cv, width, scr->flags, &cv->lines);
	chart_addf(&cv->lines, CHART_TEXT, "%s", "");
	for (size_t i = 0; i < cv->report.n; i++)
		chart_addf(&cv->lines, cv->report.lines[i].style, "%s",
		    cv->report.lines[i].text);
	cv->own_valid = true;
	return ok;
}

/* Paint the cursor's column and the marked range of the timeline. */
static void
chartview_paint(const struct chartview *cv, const struct screen *scr, int y,
    int h)
{
	int sel = theme_attr(THEME_SELECTED), act = theme_attr(THEME_ACTIVE);
	size_t lo, hi;

	if (cv->tl_line < 0 || cv->timeline == NULL || cv->timeline->n == 0)
		return;
	chartview_range(cv, &lo, &hi);
	for (int k = cv->tl_line; k < cv->tl_line + CHARTVIEW_ROWS; k++) {
		int row = k - cv->scroll;

		if (row < 0 || row >= h)
			continue;
		for (size_t i = lo; cv->marked && i <= hi; i++) {
			int x = CHARTVIEW_AXIS + (int)i;

			if (x < scr->cols)
				mvchgat(y + row, x, 1, (attr_t)(act & ~A_COLOR),
				    (short)PAIR_NUMBER(act), NULL);
		}
		if (CHARTVIEW_AXIS + (int)cv->cursor < scr->cols)
			mvchgat(y + row, CHARTVIEW_AXIS + (int)cv->cursor, 1,
			    (attr_t)(sel & ~A_COLOR), (short)PAIR_NUMBER(sel),
			    NULL);
	}
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
	if (!cv->valid || !cv->own_valid || cv->width != scr->cols)
		ok = chartview_make(cv, scr, cat, res, threshold, labels, cause);
	screen_put_lines(scr, &cv->lines, y, 0, h, scr->cols, &cv->scroll,
	    false);
	chartview_paint(cv, scr, y, h);
	return ok;
}

/* Move the timeline's cursor by d buckets. */
static int
chartview_move(struct chartview *cv, long d)
{
	size_t n = cv->timeline != NULL ? cv->timeline->n : 0;

	if (n == 0)
		return 0;
	if (d < 0)
		cv->cursor = (size_t)-d > cv->cursor ? 0 : cv->cursor - (size_t)-d;
	else
		cv->cursor = cv->cursor + (size_t)d >= n ? n - 1 :
		    cv->cursor + (size_t)d;
	cv->own_valid = false;
	return VIEW_REDRAW;
}

/* Action a in the charts view; page is the page height. Returns the redo. */
int
chartview_key(struct chartview *cv, enum keymap_action a, int page,
    const struct facet *labels)
{
	size_t n, lo, hi;

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
	case KEYMAP_LEFT:
		return chartview_move(cv, -1);
	case KEYMAP_RIGHT:
		return chartview_move(cv, 1);
	case KEYMAP_MARK:
		if (cv->timeline == NULL || cv->timeline->n == 0)
			return 0;
		/* m again where the mark is drops it. */
		if (cv->marked && cv->mark == cv->cursor) {
			cv->marked = false;
		} else {
			cv->marked = true;
			cv->mark = cv->cursor;
		}
		cv->own_valid = false;
		return VIEW_REDRAW;
	case KEYMAP_BACK:
		if (!cv->marked)
			return 0;
		cv->marked = false;
		cv->own_valid = false;
		return VIEW_REDRAW;
	case KEYMAP_SELECT:
		if (cv->timeline == NULL || cv->timeline->n == 0)
			return 0;
		chartview_range(cv, &lo, &hi);
		free(cv->apply);
		cv->apply = catalog_timeline_term(cv->timeline, lo, hi);
		cv->marked = false;
		cv->own_valid = false;
		return cv->apply != NULL ? VIEW_APPLY | VIEW_REDRAW : 0;
	case KEYMAP_NEXT:
	case KEYMAP_PREV:
		n = facet_size(labels);
		if (n == 0)
			return 0;
		cv->label = a == KEYMAP_NEXT ? (cv->label + 1) % n :
		    (cv->label + n - 1) % n;
		cv->valid = false;
		return VIEW_REDRAW;
	default:
		return 0;
	}
}
