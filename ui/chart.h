/*
 * chart.h - the charts of a result as lines of text: a timeline histogram,
 * top-N bars per facet, the confidence histogram of a label, the photos per
 * item, and a data-quality panel. Shared by the browser's charts view and
 * `rummage stats`, so both show the same figures.
 *
 * Glyphs: Unicode blocks (eighths) in a UTF-8 locale, ASCII ("#", "+", ".")
 * with SANITIZE_ASCII. Every string from the data is sanitized.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"

enum chart_style {
	CHART_TEXT,
	CHART_HEADER,
	CHART_BAR,
};

struct chart_line {
	char *text;                   /* owned, terminal-safe */
	enum chart_style style;
};

struct chart_lines {
	struct chart_line *lines;
	size_t n, cap;
};

void chart_lines_init(struct chart_lines *cl);
void chart_lines_fini(struct chart_lines *cl);
/* Append a formatted line; the caller makes its parts terminal-safe. */
void chart_addf(struct chart_lines *cl, enum chart_style style,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A chart_report flag: leave the timeline out (the browser draws its own). */
#define CHART_NO_TIMELINE 0x100

/*
 * Append the charts of res to out, each line at most width columns.
 * label: the label whose confidence histogram to show (borrowed; NULL: the
 * most frequent label). top: values per facet. flags: SANITIZE_ASCII or 0,
 * with CHART_NO_TIMELINE.
 */
bool chart_report(struct catalog *cat, const struct catalog_result *res,
    double threshold, const char *label, int width, size_t top, int flags,
    struct chart_lines *out, char **cause);

/*
 * A horizontal bar of value/max over cols columns into a new string
 * (owned), with eighth blocks (or ASCII) and padded to cols.
 */
char *chart_bar(uint64_t value, uint64_t max, int cols, int flags);

/*
 * Rows "name count pct bar" of plain data: names[i] (borrowed, from the
 * data: sanitized here) and counts[i] for i < n, the bar's full length
 * at max, percentages of total; each line exactly width columns.
 */
void chart_rows(struct chart_lines *out, const char *const *names,
    const uint64_t *counts, size_t n, uint64_t total, uint64_t max,
    int width, int flags);

/*
 * A column chart of counts[0..n) (one column each, full height at max):
 * rows lines of "%9d |" and eighth blocks (ASCII "#+."), then the axis
 * "        0 +-----". Column i is at display column 11 + i.
 */
void chart_columns(struct chart_lines *out, const uint64_t *counts,
    size_t n, uint64_t max, int rows, int flags);
