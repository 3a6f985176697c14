/*
 * chartview.c - the charts view (see chartview.h).
 */
#include "chartview.h"

#include <inttypes.h>
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
/* The timeline's y labels and axis take at most this many columns. */
#define CHARTVIEW_AXIS 9
#define CHARTVIEW_AGREEMENT_TOP 10    /* brands shown, lowest first */

/* Start with no charts made. */
void
chartview_init(struct chartview *cv)
{
	chart_set_init(&cv->set);
	chart_set_init(&cv->own);
	chart_lines_init(&cv->lines);
	image_init(&cv->page);
	cv->page_rows = 0;
	cv->page_pick = -1;
	cv->page_id = 0;
	cv->valid = false;
	cv->own_valid = false;
	cv->width = 0;
	cv->label = CHARTVIEW_PICKED;
	cv->label_name = NULL;
	cv->typing = false;
	/* Nothing allocated before it is used: the browser may stop early. */
	cv->edit.text = NULL;
	cv->edit.len = cv->edit.cap = cv->edit.cursor = 0;
	cv->scroll = 0;
	cv->timeline = NULL;
	cv->agreement = NULL;
	memset(cv->pick, 0, sizeof cv->pick);
	cv->focus = CHARTVIEW_TIMELINE;
	cv->follow = false;
	cv->text = false;
	cv->tl_line = -1;
	cv->apply = NULL;
}

/* Free the charts, their lines and what was counted. */
void
chartview_fini(struct chartview *cv)
{
	chart_lines_fini(&cv->lines);
	chart_set_fini(&cv->set);
	chart_set_fini(&cv->own);
	image_fini(&cv->page);
	catalog_timeline_free(cv->timeline);
	catalog_agreement_free(cv->agreement);
	free(cv->apply);
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
	cv->focus = CHARTVIEW_TIMELINE;
	cv->own_valid = false;
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
	int n = cols - 1 - CHARTVIEW_AXIS;

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
	struct chartview_pick *p = &cv->pick[CHARTVIEW_TIMELINE];

	if (t != NULL && !chartview_same_buckets(cv->timeline, t)) {
		/* New buckets: the cursor on the newest, no range. */
		p->cursor = t->n > 0 ? t->n - 1 : 0;
		p->marked = false;
	}
	catalog_timeline_free(cv->timeline);
	cv->timeline = t;
	catalog_agreement_free(cv->agreement);
	cv->agreement = agreement;
	chartview_clamp(cv);
	cv->own_valid = false;
}

/* The term Enter asked for (owned by the caller), or NULL. */
char *
chartview_take_term(struct chartview *cv)
{
	char *t = cv->apply;

	cv->apply = NULL;
	return t;
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

/* The term of chart f's pick (owned; the catalog spells it), or NULL. */
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

/* Put chart f's pick on chart c (a BARS chart of the hours or weekdays). */
static void
chartview_pick_clock(const struct chartview *cv, enum chartview_focus f,
    struct chart *c)
{
	static const char *const names[2][2] = { { "hour", "hours" },
	    { "weekday", "weekdays" } };
	const struct catalog_timeline *t = cv->timeline;
	enum catalog_field field = f == CHARTVIEW_HOURS ? CATALOG_HOUR :
	    CATALOG_WEEKDAY;
	const char *const *name = names[f == CHARTVIEW_HOURS ? 0 : 1];
	uint64_t sum = 0;
	size_t lo, hi;
	char a[4], b[4], *term;

	chartview_range(cv, f, &lo, &hi);
	for (size_t i = lo; i <= hi; i++)
		sum += f == CHARTVIEW_HOURS ? t->hours[i] : t->weekdays[i];
	catalog_clock_value(field, (int)lo, a);
	catalog_clock_value(field, (int)hi, b);
	term = chartview_term(cv, f);
	c->cursor_on = true;
	c->cursor = cv->pick[f].cursor;
	c->marked = cv->pick[f].marked;
	c->lo = lo;
	c->hi = hi;
	if (c->marked)
		c->caption = xasprintf("  picked %s %s .. %s: %" PRIu64
		    " items  (Enter: %s)", name[1], a, b, sum, term);
	else
		c->caption = xasprintf("  picked %s %s: %" PRIu64 " items  (m "
		    "marks a range; Enter: %s)", name[0], a, sum, term);
	free(term);
}

/*
 * The view's own charts from what was counted: the timeline you act on
 * (its cursor, marked range and, as its caption, what the cursor or the
 * range holds and the term Enter applies), the hours and weekdays, the
 * OCR agreement; the chart Tab picked shows its cursor and says what
 * Enter applies.
 */
static void
chartview_make_own(struct chartview *cv, int flags)
{
	const struct catalog_timeline *t = cv->timeline;
	const struct chartview_pick *p = &cv->pick[CHARTVIEW_TIMELINE];
	struct chart *c;
	uint64_t sum = 0;
	size_t lo, hi;
	char *term;

	chart_set_fini(&cv->own);
	chartview_clamp(cv);
	c = chart_set_timeline(&cv->own, t);
	if (t != NULL && t->n > 0) {
		chartview_range(cv, CHARTVIEW_TIMELINE, &lo, &hi);
		for (size_t i = lo; i <= hi; i++)
			sum += t->buckets[i].count;
		term = chartview_term(cv, CHARTVIEW_TIMELINE);
		c->cursor_on = true;
		c->cursor = p->cursor;
		c->marked = p->marked;
		c->lo = lo;
		c->hi = hi;
		if (p->marked)
			c->caption = xasprintf("  range: %s .. %s  %" PRIu64
			    " items  (Enter: %s)", t->buckets[lo].from,
			    t->buckets[hi].to, sum, term);
		else
			c->caption = xasprintf("  cursor: %s .. %s  %" PRIu64
			    " items  (m marks a range; Enter: %s)",
			    t->buckets[lo].from, t->buckets[hi].to, sum, term);
		free(term);
		chart_set_clock(&cv->own, t);
		if (cv->focus == CHARTVIEW_HOURS || cv->focus ==
		    CHARTVIEW_WEEKDAYS)
			chartview_pick_clock(cv, cv->focus, &cv->own.charts[
			    cv->own.n - (cv->focus == CHARTVIEW_HOURS ? 2 : 1)]);
		else if (cv->focus == CHARTVIEW_TIMELINE)
			cv->own.charts[cv->own.n - 1].caption = xstrdup("  Tab "
			    "picks an hour, a weekday or a brand: j/k move, m "
			    "mark, Enter apply");
	}
	c = chart_set_agreement(&cv->own, cv->agreement,
	    CHARTVIEW_AGREEMENT_TOP, flags);
	if (cv->focus == CHARTVIEW_AGREEMENT &&
	    chartview_size(cv, CHARTVIEW_AGREEMENT) > 0) {
		c->cursor_on = true;
		c->cursor = cv->pick[CHARTVIEW_AGREEMENT].cursor;
		c->caption = xasprintf("  Enter: %s (j/k move)",
		    cv->agreement->rows[c->cursor].term);
	}
	cv->own_valid = true;
}

/*
 * The charts in the order shown (shallow copies, borrowed from own and
 * set, into all: not to be freed): the view's own first (the timeline
 * you act on at the top), then chart_collect's.
 */
static void
chartview_order(const struct chartview *cv, struct chart_set *all)
{
	size_t i, k = 0;

	all->n = all->cap = cv->own.n + cv->set.n;
	all->charts = xcalloc(all->n + 1, sizeof *all->charts);
	for (i = 0; i < cv->own.n; i++)
		all->charts[k++] = cv->own.charts[i];
	for (i = 0; i < cv->set.n; i++)
		all->charts[k++] = cv->set.charts[i];
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
 * The page of plots w pixels wide: every chart stacked (a NOTE as
 * text), in the palette of the terminal's background.
 */
static void
chartview_page(struct chartview *cv, int w, int ch, bool dark)
{
	struct plot_palette pal;
	struct chart_set all;
	struct image *pics;
	int h = 0, yy = 0;
	size_t i;

	plot_palette_init(&pal, dark);
	/* Plot text about as high as the terminal's (15 units at scale 1). */
	pal.scale = ch / 15.0;
	image_fini(&cv->page);
	cv->page_pick = -1;
	chartview_order(cv, &all);
	pics = xcalloc(all.n + 1, sizeof *pics);
	for (i = 0; i < all.n; i++) {
		const struct chart *c = &all.charts[i];

		if (!plot_image(c, w, plot_height(c, w, &pal), &pal, &pics[i],
		    NULL))
			continue;
		if (h + pics[i].height > CHARTVIEW_PAGE_MAX)
			break;
		/* The focused row chart's cursor row (plot_bars: 52 + 34 a bar). */
		if (c->kind == CHART_KIND_BARS && c->cursor_on)
			cv->page_pick = h + (int)((52 + 34 * (double)c->cursor) *
			    pal.scale);
		h += pics[i].height;
	}
	preview_canvas(&cv->page, w, h > 0 ? h : 1, pal.bg);
	for (i = 0; i < all.n; i++) {
		if (pics[i].rgb != NULL && yy + pics[i].height <= h) {
			preview_blit(&cv->page, &pics[i], 0, yy);
			yy += pics[i].height;
		}
		image_fini(&pics[i]);
	}
	free(pics);
	free(all.charts);             /* shallow: the charts are own's, set's */
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
	int ph = h * ch / 6 * 6, r, top, maxw, maxh, pw = scr->cols * cw;
	bool ok;

	/* Within the largest sixel the terminal takes (xterm: 1000x1000). */
	photo_pane_sixel_max(pane, &maxw, &maxh);
	if (maxw > 0 && pw > maxw)
		pw = maxw;
	if (maxh > 0 && ph > maxh / 6 * 6)
		ph = maxh / 6 * 6;
	if (cv->page.width != pw)
		chartview_page(cv, pw, ch, photo_pane_dark(pane, NULL));
	/* After a move: the focused pick's row in the window (in rows). */
	if (cv->follow) {
		int k = cv->page_pick / ch;

		cv->follow = false;
		if (cv->focus == CHARTVIEW_TIMELINE || cv->page_pick < 0)
			cv->scroll = cv->focus == CHARTVIEW_TIMELINE ? 0 :
			    cv->scroll;
		else if (k - 2 < cv->scroll)
			cv->scroll = k - 2;
		else if (k + 3 >= cv->scroll + ph / ch)
			cv->scroll = k + 4 - ph / ch;
	}
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

/*
 * The lines of every chart for scr's width, and where the timeline's
 * columns are (tl_line: the first line with a bar, the timeline's top
 * row, as it comes first).
 */
static void
chartview_lines(struct chartview *cv, const struct screen *scr)
{
	struct chart_set all;
	int width = scr->cols - 1;

	chart_lines_fini(&cv->lines);
	chartview_order(cv, &all);
	chart_render_set(&all, width, scr->flags, &cv->lines);
	free(all.charts);             /* shallow: the charts are own's, set's */
	cv->tl_line = -1;
	if (cv->own.n > 0 && cv->own.charts[0].cursor_on) {
		for (size_t k = 0; k < cv->lines.n; k++) {
			if (cv->lines.lines[k].bar_to > cv->lines.lines[k].bar_from) {
				cv->tl_line = (int)k;
				break;
			}
		}
	}
	cv->width = scr->cols;
}

/* Paint the cursor's column and the marked range of the timeline. */
static void
chartview_paint(const struct chartview *cv, const struct screen *scr, int y,
    int h)
{
	const struct chart *c = cv->own.n > 0 ? &cv->own.charts[0] : NULL;
	int sel = theme_attr(THEME_SELECTED), act = theme_attr(THEME_ACTIVE);
	int x, w;

	if (cv->tl_line < 0 || c == NULL || !c->cursor_on)
		return;
	for (int k = cv->tl_line; k < cv->tl_line + CHART_ROWS; k++) {
		int row = k - cv->scroll;

		if (row < 0 || row >= h)
			continue;
		for (size_t i = c->lo; c->marked && i <= c->hi; i++) {
			if (chart_column_at(c, scr->cols - 1, i, &x, &w) &&
			    x + w <= scr->cols)
				mvchgat(y + row, x, w, (attr_t)(act & ~A_COLOR),
				    (short)PAIR_NUMBER(act), NULL);
		}
		if (chart_column_at(c, scr->cols - 1, c->cursor, &x, &w) &&
		    x + w <= scr->cols)
			mvchgat(y + row, x, w, (attr_t)(sel & ~A_COLOR),
			    (short)PAIR_NUMBER(sel), NULL);
	}
}

/*
 * After a move or Tab, scroll so that the focused chart's cursor row (the
 * timeline: its top) shows, a little context around it. In text rows; a
 * page of plots keeps its order, so the same scroll is about right.
 */
static void
chartview_follow(struct chartview *cv, int h)
{
	int k = -1;

	if (!cv->follow)
		return;
	cv->follow = false;
	if (cv->focus == CHARTVIEW_TIMELINE) {
		cv->scroll = 0;
		return;
	}
	for (size_t i = 0; i < cv->lines.n && k < 0; i++)
		if (cv->lines.lines[i].cursor)
			k = (int)i;
	if (k < 0)
		return;
	if (k - 2 < cv->scroll)
		cv->scroll = k - 2;
	else if (k + 3 >= cv->scroll + h)
		cv->scroll = k + 4 - h;
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
		/* The timeline, clock and agreement are the view's own. */
		chart_set_fini(&cv->set);
		ok = chart_collect(cat, res, threshold, chartview_label(cv,
		    labels), 10, scr->flags | CHART_NO_COUNTED, &cv->set, cause);
		cv->valid = true;
		cv->width = 0;
		image_fini(&cv->page);
	}
	if (!cv->own_valid) {
		chartview_make_own(cv, scr->flags);
		cv->width = 0;
		image_fini(&cv->page);
	}
	if (cv->width != scr->cols)
		chartview_lines(cv, scr);
	if (!cv->text && photo_pane_cells(pane, &cw, &ch) && cv->set.n > 0 &&
	    chartview_pictures(cv, scr, y, h, pane, cw, ch))
		return ok;
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

	switch (a) {
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
	case KEYMAP_SEARCH:
		cv->typing = true;
		lineedit_set(&cv->edit, cv->label_name ? cv->label_name : "");
		return VIEW_REDRAW;
	case KEYMAP_BOTTOM:
		cv->scroll = INT_MAX; /* clamped to the last page when drawn */
		return VIEW_REDRAW;
	case KEYMAP_PLOTS:
		cv->text = !cv->text;
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
		return VIEW_REDRAW;
	default:
		return 0;
	}
}
