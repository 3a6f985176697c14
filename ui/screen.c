/*
 * screen.c - the put helpers (see screen.h).
 */
#include "screen.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "theme.h"
#include "xmalloc.h"

/*
 * Put the sanitized string s at (y, x) in at most cols columns, padded
 * when pad; returns the columns used.
 */
int
screen_put(const struct screen *scr, int y, int x, int cols, int attr,
    const char *s, bool pad)
{
	char *fit;
	int w;

	if (cols <= 0 || y < 0 || y >= scr->rows || x >= scr->cols)
		return 0;
	if (x + cols > scr->cols)
		cols = scr->cols - x;
	fit = sanitize_fit(s, cols, pad, scr->flags);
	w = sanitize_width(fit);
	attrset(attr);
	mvaddstr(y, x, fit);
	attrset(A_NORMAL);
	free(fit);
	return w;
}

/* Like screen_put, for untrusted bytes (sanitized here). */
int
screen_put_data(const struct screen *scr, int y, int x, int cols, int attr,
    const char *s, size_t len, bool pad)
{
	char *safe = sanitize_text(s, len, scr->flags);
	int w = screen_put(scr, y, x, cols, attr, safe, pad);

	free(safe);
	return w;
}

/* Fill a row segment with spaces in attr. */
void
screen_blank(const struct screen *scr, int y, int x, int cols, int attr)
{
	screen_put(scr, y, x, cols, attr, "", true);
}

/*
 * Put line l at (y, x) in w columns: its text in attr, its bars (if any)
 * in the bar colour, so that names and counts stay in the text colour.
 */
static void
screen_put_line(const struct screen *scr, int y, int x, int w, int attr,
    const struct chart_line *l)
{
	const char *t = l->text;
	size_t n = strlen(t), at = 0;
	size_t span[2][2] = { { l->bar_from, l->bar_to },
	    { l->bar2_from, l->bar2_to } };
	char *part;
	int used = 0;

	for (int k = 0; k < 2; k++) {
		size_t from = span[k][0], to = span[k][1];

		if (from >= to || to > n || from < at)
			continue;
		part = xstrndup(t + at, from - at);
		used += screen_put(scr, y, x + used, w - used, attr, part, false);
		free(part);
		part = xstrndup(t + from, to - from);
		used += screen_put(scr, y, x + used, w - used,
		    theme_attr(THEME_BAR), part, false);
		free(part);
		at = to;
	}
	screen_put(scr, y, x + used, w - used, attr, t + at, true);
}

/* Draw lines (detail or charts) at (y, x) h x w from line scroll. */
void
screen_put_lines(const struct screen *scr, const struct chart_lines *cl,
    int y, int x, int h, int w, int *scroll, bool dim_bars)
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
			screen_blank(scr, y + row, x, w, theme_attr(THEME_NORMAL));
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
		if (dim_bars && cl->lines[k].style == CHART_BAR)
			attr = theme_attr(THEME_DIM);
		screen_put_line(scr, y + row, x, w, attr, &cl->lines[k]);
	}
}
