/*
 * screen.h - the terminal's size and the sanitize flags of its locale,
 * and the clipped, sanitizing put helpers every view draws with. A view
 * is given the screen (borrowed) and the rows and columns it may use.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "chart.h"

/* The terminal as the views draw on it. */
struct screen {
	int rows, cols;
	int flags;                    /* sanitize flags of the locale */
};

/*
 * Put the sanitized string s (borrowed) at (y, x) in at most cols
 * columns, padded when pad; returns the columns used.
 */
int screen_put(const struct screen *scr, int y, int x, int cols, int attr,
    const char *s, bool pad);

/* Like screen_put, for untrusted bytes s[0..len) (sanitized here). */
int screen_put_data(const struct screen *scr, int y, int x, int cols,
    int attr, const char *s, size_t len, bool pad);

/* Fill a row segment with spaces in attr. */
void screen_blank(const struct screen *scr, int y, int x, int cols, int attr);

/*
 * Draw lines cl (borrowed: the detail or the charts) at (y, x) h x w from
 * line *scroll, which is clamped to the lines. With dim_bars, "bar" lines
 * are dimmed (the detail's lines below the threshold).
 */
void screen_put_lines(const struct screen *scr, const struct chart_lines *cl,
    int y, int x, int h, int w, int *scroll, bool dim_bars);
