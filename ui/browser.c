/*
 * browser.c - the browser's shared state and put helpers (see browser.h).
 */
#include "browser.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sanitize.h"
#include "theme.h"
#include "xmalloc.h"

const char *const browser_sort_names[4] = { "newest", "oldest", "photos",
    "brand" };

/* Milliseconds on a monotonic clock, for the measurements only. */
double
browser_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Record a measurement in a growable array. */
void
browser_record(double **arr, size_t *n, size_t *cap, double v)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*arr = xreallocarray(*arr, *cap, sizeof **arr);
	}
	(*arr)[(*n)++] = v;
}

/* Set the status message (printf-like); error marks it as a failure. */
void
browser_message(struct browser *br, bool error, const char *fmt, ...)
{
	va_list ap;

	free(br->message);
	va_start(ap, fmt);
	br->message = xvasprintf(fmt, ap);
	va_end(ap);
	br->message_error = error;
}

/*
 * Put the sanitized string s at (y, x) in at most cols columns, padded
 * when pad; returns the columns used.
 */
int
browser_put(struct browser *br, int y, int x, int cols, int attr,
    const char *s, bool pad)
{
	char *fit;
	int w;

	if (cols <= 0 || y < 0 || y >= br->rows || x >= br->cols)
		return 0;
	if (x + cols > br->cols)
		cols = br->cols - x;
	fit = sanitize_fit(s, cols, pad, br->flags);
	w = sanitize_width(fit);
	attrset(attr);
	mvaddstr(y, x, fit);
	attrset(A_NORMAL);
	free(fit);
	return w;
}

/* Like browser_put, for untrusted bytes (sanitized here). */
int
browser_put_data(struct browser *br, int y, int x, int cols, int attr,
    const char *s, size_t len, bool pad)
{
	char *safe = sanitize_text(s, len, br->flags);
	int w = browser_put(br, y, x, cols, attr, safe, pad);

	free(safe);
	return w;
}

/* Fill a row segment with spaces in attr. */
void
browser_blank(struct browser *br, int y, int x, int cols, int attr)
{
	browser_put(br, y, x, cols, attr, "", true);
}

/* Draw lines (detail or charts) at (y, x) h x w from line scroll. */
void
browser_put_lines(struct browser *br, const struct chart_lines *cl, int y,
    int x, int h, int w, int *scroll)
{
	int row, attr;
	size_t k;

	if (*scroll > (int)cl->n - h)
		*scroll = (int)cl->n - h;
	if (*scroll < 0)
		*scroll = 0;
	for (row = 0; row < h; row++) {
		k = (size_t)*scroll + (size_t)row;
		if (k >= cl->n) {
			browser_blank(br, y + row, x, w, theme_attr(THEME_NORMAL));
			continue;
		}
		switch (cl->lines[k].style) {
		case CHART_HEADER:
			attr = theme_attr(THEME_HEADER);
			break;
		case CHART_BAR:
			attr = theme_attr(THEME_BAR);
			break;
		default:
			attr = theme_attr(THEME_NORMAL);
			break;
		}
		/* In the detail, "bar" lines are those below the threshold. */
		if (cl == &br->detail && cl->lines[k].style == CHART_BAR)
			attr = theme_attr(THEME_DIM);
		browser_put(br, y + row, x, w, attr, cl->lines[k].text, true);
	}
}

/* Forget the figures drawn from the result (it changed). */
void
browser_invalidate(struct browser *br)
{
	br->charts_valid = false;
}

/* Parse the live text; on success replace br->q. */
void
browser_parse(struct browser *br)
{
	struct catalog_query *q;

	q = catalog_query_parse(br->edit.text, &br->qerr);
	if (q == NULL) {
		br->qbad = true;
		return;
	}
	br->qbad = false;
	catalog_query_free(br->q);
	br->q = q;
}

/* Make q (owned from here) at threshold the committed state. */
void
browser_commit(struct browser *br, struct catalog_query *q, double threshold)
{
	struct browser_state *cur = &br->hist[br->hpos];
	char *text = catalog_query_format(q);
	size_t i;

	if (q != br->q) {
		catalog_query_free(br->q);
		br->q = q;
	}
	br->qbad = false;
	free(br->query);
	br->query = text;
	br->threshold = threshold;
	lineedit_set(&br->edit, text);
	if (strcmp(cur->query, text) == 0 && cur->threshold == threshold)
		return;
	for (i = br->hpos + 1; i < br->nhist; i++)
		free(br->hist[i].query);
	br->nhist = br->hpos + 1;
	if (br->nhist == BROWSER_HISTORY_MAX) {
		free(br->hist[0].query);
		memmove(br->hist, br->hist + 1, (br->nhist - 1) *
		    sizeof *br->hist);
		br->nhist--;
	}
	br->hist[br->nhist].query = xstrdup(text);
	br->hist[br->nhist].threshold = threshold;
	br->hpos = br->nhist++;
}

/* Move to history entry pos. */
void
browser_history_go(struct browser *br, size_t pos)
{
	br->hpos = pos;
	free(br->query);
	br->query = xstrdup(br->hist[pos].query);
	br->threshold = br->hist[pos].threshold;
	lineedit_set(&br->edit, br->query);
	browser_parse(br);
}

/* Move a cursor over n rows by an action; page is the page height. */
bool
browser_move(uint64_t *cursor, uint64_t n, enum keymap_action a, int page)
{
	uint64_t p = page > 1 ? (uint64_t)page - 1 : 1;

	switch (a) {
	case KEYMAP_UP:
		if (*cursor > 0)
			(*cursor)--;
		break;
	case KEYMAP_DOWN:
		if (*cursor + 1 < n)
			(*cursor)++;
		break;
	case KEYMAP_PAGE_UP:
		*cursor = *cursor > p ? *cursor - p : 0;
		break;
	case KEYMAP_PAGE_DOWN:
		*cursor = n == 0 ? 0 : *cursor + p < n ? *cursor + p : n - 1;
		break;
	case KEYMAP_TOP:
		*cursor = 0;
		break;
	case KEYMAP_BOTTOM:
		*cursor = n > 0 ? n - 1 : 0;
		break;
	default:
		return false;
	}
	return true;
}

/* Leave the current view for the list. */
void
browser_back(struct browser *br)
{
	br->view = BROWSER_LIST;
	photo_pane_hide(br->pane);
}
