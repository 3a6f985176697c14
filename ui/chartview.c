/*
 * chartview.c - the charts view (see chartview.h).
 */
#include "chartview.h"

#include <curses.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "photo.h"
#include "plot.h"
#include "preview.h"
#include "sanitize.h"
#include "theme.h"
#include "view.h"
#include "xmalloc.h"

/* The page of plots stops at this height in pixels (memory: 3 bytes each). */
#define CHARTVIEW_PAGE_MAX 30000

#define CHARTVIEW_ROWS 8              /* the timeline's height */
#define CHARTVIEW_AXIS 11             /* chart_columns' column of bucket 0 */
#define CHARTVIEW_AGREEMENT_TOP 10    /* brands shown, lowest first */

/* Start with no charts made. */
void
chartview_init(struct chartview *cv)
{
	memset(cv, 0, sizeof *cv);
	chart_lines_init(&cv->lines);
	chart_lines_init(&cv->report);
	chart_set_init(&cv->set);
	image_init(&cv->page);
	for (int f = 0; f < CHARTVIEW_FOCI; f++)
		cv->at[f] = -1;
	cv->label = CHARTVIEW_PICKED;
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
	chart_set_fini(&cv->set);
	image_fini(&cv->page);
	lineedit_fini(&cv->edit);
	free(cv->label_name);
	/* cairo's and fontconfig's caches, kept otherwise until exit. */
	if (cv->page_id > 0)
		plot_finish();
}

/* Show the charts from their top, the timeline focused. */
void
chartview_open(struct chartview *cv)
{
	cv->scroll = 0;
	cv->focus = CHARTVIEW_TIMELINE;
	cv->own_valid = false;
}

/* Forget the charts made. */
void
chartview_invalidate(struct chartview *cv)
{
	cv->valid = false;
	cv->set_valid = false;
}

/* Timeline buckets for a screen cols wide: the columns after the axis. */
size_t
chartview_buckets(int cols)
{
	int n = cols - 1 - CHARTVIEW_AXIS - 1;

	return n < 8 ? 8 : (size_t)n;
}

/* How many bars chart f has now. */
static size_t
chartview_size(const struct chartview *cv, enum chartview_focus f)
{
	const struct catalog_timeline *t = cv->timeline;
	size_t n;

	switch (f) {
	case CHARTVIEW_TIMELINE:
		return t != NULL ? t->n : 0;
	case CHARTVIEW_HOURS:
		return t != NULL && t->n > 0 ? 24 : 0;
	case CHARTVIEW_WEEKDAYS:
		return t != NULL && t->n > 0 ? 7 : 0;
	default:
		n = cv->agreement != NULL ? cv->agreement->n : 0;
		return n < CHARTVIEW_AGREEMENT_TOP ? n : CHARTVIEW_AGREEMENT_TOP;
	}
}

/* Keep every pick within its chart. */
static void
chartview_clamp(struct chartview *cv)
{
	for (int f = 0; f < CHARTVIEW_FOCI; f++) {
		struct chartview_pick *p = &cv->pick[f];
		size_t n = chartview_size(cv, (enum chartview_focus)f);

		if (p->cursor >= n)
			p->cursor = n > 0 ? n - 1 : 0;
		if (p->mark >= n)
			p->marked = false;
	}
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
		cv->pick[CHARTVIEW_TIMELINE].cursor = t->n > 0 ? t->n - 1 : 0;
		cv->pick[CHARTVIEW_TIMELINE].marked = false;
	}
	catalog_timeline_free(cv->timeline);
	cv->timeline = t;
	catalog_agreement_free(cv->agreement);
	cv->agreement = agreement;
	chartview_clamp(cv);
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

/*
 * The label whose histogram the charts show (borrowed), or NULL: chart.c
 * picks the one whose confidence is spread widest (not "Clothing",
 * always 90-100) until n/p choose one of the label facet or '/' types one.
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

/* Chart f's marked range (or its cursor's bar) as lo..hi. */
static void
chartview_range(const struct chartview *cv, enum chartview_focus f,
    size_t *lo, size_t *hi)
{
	const struct chartview_pick *p = &cv->pick[f];
	size_t a = p->marked ? p->mark : p->cursor, b = p->cursor;

	*lo = a < b ? a : b;
	*hi = a < b ? b : a;
}

/* The term of chart f's pick (owned), or NULL. */
static char *
chartview_term(const struct chartview *cv, enum chartview_focus f)
{
	size_t lo, hi;

	if (chartview_size(cv, f) == 0)
		return NULL;
	chartview_range(cv, f, &lo, &hi);
	switch (f) {
	case CHARTVIEW_TIMELINE:
		return catalog_timeline_term(cv->timeline, lo, hi);
	case CHARTVIEW_HOURS:
		return catalog_clock_term(CATALOG_HOUR, (int)lo, (int)hi);
	case CHARTVIEW_WEEKDAYS:
		return catalog_clock_term(CATALOG_WEEKDAY, (int)lo, (int)hi);
	default:
		return xstrdup(cv->agreement->rows[cv->pick[f].cursor].term);
	}
}

/*
 * The timeline you act on: its columns, a line marking the range ('=')
 * and the cursor ('^'), the first and last day, and what the cursor or
 * the range holds.
 */
static void
chartview_timeline(struct chartview *cv, struct chart_lines *out, int flags)
{
	static const char *units[] = { "day", "week", "month" };
	const struct catalog_timeline *t = cv->timeline;
	const struct chartview_pick *p = &cv->pick[CHARTVIEW_TIMELINE];
	uint64_t *counts, sum = 0;
	size_t lo, hi;
	char *line, *term;

	if (t == NULL || t->n == 0) {
		chart_addf(out, CHART_HEADER, "Timeline");
		chart_addf(out, CHART_TEXT, "  %s", t == NULL ? "(counting...)" :
		    "(no items)");
		return;
	}
	chart_addf(out, CHART_HEADER, "Items per %s%s (%s .. %s): h/l move, "
	    "m mark, Enter apply, Tab hours", units[t->unit], t->per > 1 ?
	    " group" : "", t->buckets[0].from, t->buckets[t->n - 1].to);
	counts = xcalloc(t->n, sizeof *counts);
	for (size_t i = 0; i < t->n; i++)
		counts[i] = t->buckets[i].count;
	cv->at[CHARTVIEW_TIMELINE] = (int)out->n;
	chart_columns(out, counts, t->n, t->max, CHARTVIEW_ROWS, flags);
	free(counts);

	chartview_range(cv, CHARTVIEW_TIMELINE, &lo, &hi);
	line = xcalloc((size_t)CHARTVIEW_AXIS + t->n + 1, 1);
	memset(line, ' ', (size_t)CHARTVIEW_AXIS + t->n);
	for (size_t i = lo; p->marked && i <= hi; i++)
		line[CHARTVIEW_AXIS + i] = '=';
	line[CHARTVIEW_AXIS + p->cursor] = '^';
	chart_addf(out, CHART_TEXT, "%s", line);
	free(line);

	for (size_t i = lo; i <= hi; i++)
		sum += t->buckets[i].count;
	term = chartview_term(cv, CHARTVIEW_TIMELINE);
	if (p->marked)
		chart_addf(out, CHART_TEXT, "  range: %s .. %s  %" PRIu64
		    " items  (Enter: %s)", t->buckets[lo].from,
		    t->buckets[hi].to, sum, term);
	else
		chart_addf(out, CHART_TEXT, "  cursor: %s .. %s  %" PRIu64
		    " items  (m marks a range; Enter: %s)", t->buckets[lo].from,
		    t->buckets[hi].to, sum, term);
	free(term);
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
 * Mark the rows of row chart f in rows (made by chart_rows, from row 1:
 * row 0 is the header) when it has the focus: '>' the cursor, '=' the
 * marked range. The rows start with two blanks.
 */
static void
chartview_mark_rows(const struct chartview *cv, enum chartview_focus f,
    struct chart_lines *rows)
{
	const struct chartview_pick *p = &cv->pick[f];
	size_t lo, hi;

	if (cv->focus != f || chartview_size(cv, f) == 0)
		return;
	chartview_range(cv, f, &lo, &hi);
	for (size_t i = lo; p->marked && i <= hi && i + 1 < rows->n; i++)
		rows->lines[i + 1].text[0] = '=';
	if (p->cursor + 1 < rows->n)
		rows->lines[p->cursor + 1].text[0] = '>';
}

/* What the focused row chart's pick holds and applies, or a hint. */
static void
chartview_pick_line(const struct chartview *cv, struct chart_lines *out)
{
	static const char *const names[CHARTVIEW_FOCI][2] = {
		{ "", "" }, { "hour", "hours" }, { "weekday", "weekdays" },
		{ "brand", "brands" } };
	const struct catalog_timeline *t = cv->timeline;
	const struct chartview_pick *p = &cv->pick[cv->focus];
	uint64_t sum = 0;
	size_t lo, hi;
	char a[4], b[4], *term;

	if (cv->focus != CHARTVIEW_HOURS && cv->focus != CHARTVIEW_WEEKDAYS) {
		chart_addf(out, CHART_TEXT, "  Tab picks an hour, a weekday or "
		    "a brand: j/k move, m mark, Enter apply");
		return;
	}
	chartview_range(cv, cv->focus, &lo, &hi);
	for (size_t i = lo; i <= hi; i++)
		sum += cv->focus == CHARTVIEW_HOURS ? t->hours[i] :
		    t->weekdays[i];
	catalog_clock_value(cv->focus == CHARTVIEW_HOURS ? CATALOG_HOUR :
	    CATALOG_WEEKDAY, (int)lo, a);
	catalog_clock_value(cv->focus == CHARTVIEW_HOURS ? CATALOG_HOUR :
	    CATALOG_WEEKDAY, (int)hi, b);
	term = chartview_term(cv, cv->focus);
	if (p->marked)
		chart_addf(out, CHART_TEXT, "  picked %s %s .. %s: %" PRIu64
		    " items  (Enter: %s)", names[cv->focus][1], a, b, sum, term);
	else
		chart_addf(out, CHART_TEXT, "  picked %s %s: %" PRIu64 " items  "
		    "(m marks a range; Enter: %s)", names[cv->focus][0], a, sum,
		    term);
	free(term);
}

/*
 * The items per hour of the day and per weekday: side by side when the
 * screen is wide enough, else one under the other.
 */
static void
chartview_clock(struct chartview *cv, int width, int flags,
    struct chart_lines *out)
{
	const struct catalog_timeline *t = cv->timeline;
	struct chart_lines left, right;
	bool wide = width >= 80;
	int lw = wide ? (width - 2) / 2 : width, rw = wide ? width - lw - 2 :
	    width;

	if (t == NULL || t->n == 0)
		return;
	chart_lines_init(&left);
	chart_lines_init(&right);
	chartview_add_fit(&left, lw, flags, "Items per hour of the day (UTC)");
	chartview_add_fit(&right, rw, flags, "Items per weekday (UTC)");
	chart_clock_rows(t, &left, lw, &right, rw, flags);
	chartview_mark_rows(cv, CHARTVIEW_HOURS, &left);
	chartview_mark_rows(cv, CHARTVIEW_WEEKDAYS, &right);
	chart_addf(out, CHART_TEXT, "%s", "");
	cv->at[CHARTVIEW_HOURS] = (int)out->n + 1;
	cv->x[CHARTVIEW_HOURS] = 0;
	cv->w[CHARTVIEW_HOURS] = lw;
	if (wide) {
		cv->at[CHARTVIEW_WEEKDAYS] = (int)out->n + 1;
		cv->x[CHARTVIEW_WEEKDAYS] = lw + 2;
		for (size_t i = 0; i < left.n; i++)
			chart_add_pair(out, &left.lines[i], lw,
			    i < right.n ? &right.lines[i] : NULL);
	} else {
		for (size_t i = 0; i < left.n; i++)
			chart_add_line(out, &left.lines[i]);
		chart_addf(out, CHART_TEXT, "%s", "");
		cv->at[CHARTVIEW_WEEKDAYS] = (int)out->n + 1;
		cv->x[CHARTVIEW_WEEKDAYS] = 0;
		for (size_t i = 0; i < right.n; i++)
			chart_add_line(out, &right.lines[i]);
	}
	cv->w[CHARTVIEW_WEEKDAYS] = rw;
	chartview_pick_line(cv, out);
	chart_lines_fini(&left);
	chart_lines_fini(&right);
}

/* The OCR agreement per brand, lowest share first. */
static void
chartview_agreement(struct chartview *cv, int width, int flags,
    struct chart_lines *out)
{
	const struct catalog_agreement *a = cv->agreement;
	/* "  name share% confirmed of items bar": 51 columns and the bar. */
	int barw = width - 51;
	size_t n = chartview_size(cv, CHARTVIEW_AGREEMENT);

	chart_addf(out, CHART_TEXT, "%s", "");
	chart_addf(out, CHART_HEADER, "OCR agreement by brand, lowest first "
	    "(the photos' text reads the top-1 brand: ocr:brand)");
	if (a == NULL) {
		chart_addf(out, CHART_TEXT, "  (counting...)");
		return;
	}
	cv->at[CHARTVIEW_AGREEMENT] = (int)out->n;
	cv->x[CHARTVIEW_AGREEMENT] = 0;
	cv->w[CHARTVIEW_AGREEMENT] = width;
	for (size_t i = 0; i < n; i++) {
		const struct catalog_agreement_row *r = &a->rows[i];
		char *safe = sanitize_text(r->brand, strlen(r->brand), flags);
		char *name = sanitize_fit(safe, 22, true, flags);
		char *bar = chart_bar(r->confirmed, r->items, barw > 0 ? barw : 0,
		    flags);
		char *line = xasprintf("%c %s %5.1f%% %7" PRIu64 " of %-7" PRIu64
		    " %s", cv->focus == CHARTVIEW_AGREEMENT &&
		    cv->pick[CHARTVIEW_AGREEMENT].cursor == i ? '>' : ' ', name,
		    100.0 * (double)r->confirmed / (double)r->items,
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
	else if (cv->focus == CHARTVIEW_AGREEMENT)
		chart_addf(out, CHART_TEXT, "  Enter: %s (j/k move)",
		    a->rows[cv->pick[CHARTVIEW_AGREEMENT].cursor].term);
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
	for (int f = 0; f < CHARTVIEW_FOCI; f++)
		cv->at[f] = -1;
	chartview_timeline(cv, &cv->lines, scr->flags);
	chartview_clock(cv, width, scr->flags, &cv->lines);
	chartview_agreement(cv, width, scr->flags, &cv->lines);
	chart_addf(&cv->lines, CHART_TEXT, "%s", "");
	for (size_t i = 0; i < cv->report.n; i++)
		chart_add_line(&cv->lines, &cv->report.lines[i]);
	cv->own_valid = true;
	return ok;
}

/* Paint columns x..x+n of line k (if shown) in attr. */
static void
chartview_chgat(const struct chartview *cv, const struct screen *scr, int y,
    int h, int k, int x, int n, int attr)
{
	int row = k - cv->scroll;

	if (row < 0 || row >= h || x >= scr->cols)
		return;
	if (x + n > scr->cols)
		n = scr->cols - x;
	mvchgat(y + row, x, n, (attr_t)(attr & ~A_COLOR),
	    (short)PAIR_NUMBER(attr), NULL);
}

/*
 * Paint the picks: the timeline's cursor column and marked range, and
 * the focused row chart's cursor row and range.
 */
static void
chartview_paint(const struct chartview *cv, const struct screen *scr, int y,
    int h)
{
	int sel = theme_attr(THEME_SELECTED), act = theme_attr(THEME_ACTIVE);
	const struct chartview_pick *p;
	enum chartview_focus f = cv->focus;
	size_t lo, hi;

	if (cv->at[CHARTVIEW_TIMELINE] >= 0) {
		p = &cv->pick[CHARTVIEW_TIMELINE];
		chartview_range(cv, CHARTVIEW_TIMELINE, &lo, &hi);
		for (int k = cv->at[CHARTVIEW_TIMELINE];
		    k < cv->at[CHARTVIEW_TIMELINE] + CHARTVIEW_ROWS; k++) {
			for (size_t i = lo; p->marked && i <= hi; i++)
				chartview_chgat(cv, scr, y, h, k, CHARTVIEW_AXIS +
				    (int)i, 1, act);
			chartview_chgat(cv, scr, y, h, k, CHARTVIEW_AXIS +
			    (int)p->cursor, 1, f == CHARTVIEW_TIMELINE ? sel :
			    act);
		}
	}
	if (f == CHARTVIEW_TIMELINE || cv->at[f] < 0 ||
	    chartview_size(cv, f) == 0)
		return;
	p = &cv->pick[f];
	chartview_range(cv, f, &lo, &hi);
	for (size_t i = lo; p->marked && i <= hi; i++)
		chartview_chgat(cv, scr, y, h, cv->at[f] + (int)i, cv->x[f],
		    cv->w[f], act);
	chartview_chgat(cv, scr, y, h, cv->at[f] + (int)p->cursor, cv->x[f],
	    cv->w[f], sel);
}

/* Scroll so that the focused chart's cursor is shown (after a move). */
static void
chartview_follow(struct chartview *cv, int h)
{
	int k;

	if (!cv->follow)
		return;
	cv->follow = false;
	if (cv->focus == CHARTVIEW_TIMELINE) {
		cv->scroll = 0;
		return;
	}
	if (cv->at[cv->focus] < 0)
		return;
	k = cv->at[cv->focus] + (int)cv->pick[cv->focus].cursor;
	if (k - 2 < cv->scroll)
		cv->scroll = k - 2;
	else if (k + 2 >= cv->scroll + h)
		cv->scroll = k + 3 - h;
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
	/* Plots in a sixel terminal: chart.c's charts, timeline included. */
	if (!cv->text && photo_pane_cells(pane, &cw, &ch)) {
		if (!cv->set_valid) {
			chart_set_fini(&cv->set);
			ok = chart_collect(cat, res, threshold, chartview_label(cv,
			    labels), 10, scr->flags, &cv->set, cause);
			cv->set_valid = true;
			image_fini(&cv->page);
		}
		if (cv->set.n > 0 && chartview_pictures(cv, scr, y, h, pane, cw,
		    ch)) {
			cv->plotted = true;
			return ok;
		}
	}
	cv->plotted = false;
	if (!cv->valid || !cv->own_valid || cv->width != scr->cols)
		ok = chartview_make(cv, scr, cat, res, threshold, labels, cause);
	chartview_follow(cv, h);
	screen_put_lines(scr, &cv->lines, y, 0, h, scr->cols, &cv->scroll,
	    false);
	chartview_paint(cv, scr, y, h);
	return ok;
}

/* Move the focused chart's cursor by d bars. */
static int
chartview_move(struct chartview *cv, long d)
{
	struct chartview_pick *p = &cv->pick[cv->focus];
	size_t n = chartview_size(cv, cv->focus);

	if (n == 0)
		return 0;
	if (d < 0)
		p->cursor = (size_t)-d > p->cursor ? 0 : p->cursor - (size_t)-d;
	else
		p->cursor = p->cursor + (size_t)d >= n ? n - 1 :
		    p->cursor + (size_t)d;
	cv->own_valid = false;
	cv->follow = true;
	return VIEW_REDRAW;
}

/* Tab: the next chart with bars to pick from. */
static int
chartview_next_focus(struct chartview *cv)
{
	for (int step = 1; step <= CHARTVIEW_FOCI; step++) {
		enum chartview_focus f = (enum chartview_focus)((cv->focus +
		    step) % CHARTVIEW_FOCI);

		if (chartview_size(cv, f) > 0 || f == CHARTVIEW_TIMELINE) {
			cv->focus = f;
			break;
		}
	}
	cv->own_valid = false;
	cv->follow = true;
	return VIEW_REDRAW;
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
		cv->set_valid = false;
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
	struct chartview_pick *p = &cv->pick[cv->focus];
	bool rows = cv->focus != CHARTVIEW_TIMELINE;
	size_t n;

	/* A key that picks goes to the text charts, where the cursor shows. */
	if (cv->plotted && (a == KEYMAP_LEFT || a == KEYMAP_RIGHT ||
	    a == KEYMAP_FOCUS || a == KEYMAP_MARK || a == KEYMAP_SELECT)) {
		cv->text = true;
		cv->scroll = 0;
		return VIEW_REDRAW;
	}
	switch (a) {
	case KEYMAP_PLOTS:
		cv->text = !cv->text;
		cv->scroll = 0;
		return VIEW_REDRAW;
	case KEYMAP_SEARCH:
		cv->typing = true;
		lineedit_set(&cv->edit, cv->label_name ? cv->label_name : "");
		return VIEW_REDRAW;
	case KEYMAP_BOTTOM:
		cv->scroll = INT_MAX; /* clamped to the last page when drawn */
		return VIEW_REDRAW;
	case KEYMAP_UP:
	case KEYMAP_DOWN:
		/* j/k scroll, or move over a focused row chart. */
		if (rows)
			return chartview_move(cv, a == KEYMAP_UP ? -1 : 1);
		cv->scroll += a == KEYMAP_UP ? -1 : 1;
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
	case KEYMAP_FOCUS:
		return chartview_next_focus(cv);
	case KEYMAP_MARK:
		if (chartview_size(cv, cv->focus) == 0 ||
		    cv->focus == CHARTVIEW_AGREEMENT)
			return 0;
		/* m again where the mark is drops it. */
		if (p->marked && p->mark == p->cursor) {
			p->marked = false;
		} else {
			p->marked = true;
			p->mark = p->cursor;
		}
		cv->own_valid = false;
		return VIEW_REDRAW;
	case KEYMAP_BACK:
		if (!p->marked)
			return 0;
		p->marked = false;
		cv->own_valid = false;
		return VIEW_REDRAW;
	case KEYMAP_SELECT:
		free(cv->apply);
		if ((cv->apply = chartview_term(cv, cv->focus)) == NULL)
			return 0;
		p->marked = false;
		cv->own_valid = false;
		return VIEW_APPLY | VIEW_REDRAW;
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
		cv->set_valid = false;
		return VIEW_REDRAW;
	default:
		return 0;
	}
}
