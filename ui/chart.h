/*
 * chart.h - the charts of a result: first as data (struct chart: titles,
 * names and counts the catalog counted), then drawn either as lines of
 * text (here) or as pictures (plot.h). Shared by the browser's charts
 * view and `rummage stats`, so both show the same figures.
 *
 * Text glyphs: Unicode blocks (eighths) in a UTF-8 locale, ASCII ("#",
 * "+", ".") with SANITIZE_ASCII. Every string from the data is sanitized
 * when a chart is made, so a chart's strings are terminal-safe. Every
 * line is at most the width asked for.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"

enum chart_style {
	CHART_TEXT,
	CHART_HEADER,
	CHART_BAR,
};

/*
 * A line of text; text[bar_from..bar_to) (bytes) is the bar, drawn in
 * the bar colour while the rest keeps the line's style. bar_from ==
 * bar_to: no bar. Two charts side by side (chart_render_pair) have a
 * second bar, text[bar2_from..bar2_to).
 */
struct chart_line {
	char *text;                   /* owned, terminal-safe */
	enum chart_style style;
	size_t bar_from, bar_to;
	size_t bar2_from, bar2_to;
	bool cursor;                  /* a BARS cursor's row ('>') */
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
/*
 * Append text (borrowed, terminal-safe) word-wrapped to width columns,
 * continuation lines indented by indent spaces more than the first.
 */
void chart_add_wrapped(struct chart_lines *cl, enum chart_style style,
    const char *text, int width, int indent, int flags);

/* A COLUMNS chart's height in text rows. */
#define CHART_ROWS 8

enum chart_kind {
	CHART_KIND_NOTE,              /* title and text lines, no figure */
	CHART_KIND_BARS,              /* a horizontal bar per name */
	CHART_KIND_COLUMNS,           /* a column per count, left to right */
	CHART_KIND_HEAT,              /* a table of counts: rows x cols */
};

/*
 * One chart as data. Every string is owned and terminal-safe. BARS:
 * names[n] and counts[n], percentages of total (0: none); with totals
 * (non-NULL), each bar is a share, counts[i] of totals[i] (the OCR
 * agreement); with a cursor (the charts view's picks), '>' starts the
 * cursor's row and '=' the marked range's. COLUMNS: counts[n], names[n]
 * the axis label under a column or NULL; with a cursor (the charts
 * view's timeline), the cursor's column and the marked range shown
 * under the axis. HEAT: names[n] the rows, colnames[ncols] the columns,
 * counts[n * ncols] row-major, totals[n] the rows' totals. NOTE:
 * names[n] are text lines. caption: a line under the figure, or NULL.
 */
struct chart {
	enum chart_kind kind;
	char *title;
	char *slug;                   /* file-name stem: "brand", "timeline" */
	size_t n, ncols;
	char **names, **colnames;
	uint64_t *counts, *totals;
	uint64_t total;
	const char *unit;             /* COLUMNS over time: "day"... (static) */
	unsigned per;                 /* units per column (0: 1) */
	char *caption;
	bool cursor_on;               /* BARS, COLUMNS: a cursor at cursor */
	size_t cursor;                /* HEAT: the cursor cell's row, and */
	size_t cursor_col;            /* its column */
	bool marked;                  /* a marked range lo..hi (buckets) */
	size_t lo, hi;
	/*
	 * HEAT: the columns' totals (NULL: no total row), and the window
	 * the text and the plot show: rows_shown rows from top (0: all),
	 * cols_shown columns from left (0: as many as fit).
	 */
	uint64_t *coltotals;
	size_t top, left, rows_shown, cols_shown;
};

struct chart_set {
	struct chart *charts;
	size_t n, cap;
};

void chart_set_init(struct chart_set *cs);
void chart_set_fini(struct chart_set *cs);
/* Append a chart of kind with title (borrowed, terminal-safe); its slot. */
struct chart *chart_set_add(struct chart_set *cs, enum chart_kind kind,
    const char *slug, const char *title);

/*
 * A BARS chart of n values into cs: names (borrowed, from the data:
 * sanitized here with flags), counts (copied), percentages of total (0:
 * none). For other views' charts (hour of day, OCR agreement...).
 */
struct chart *chart_set_bars(struct chart_set *cs, const char *slug,
    const char *title, const char *const *names, const uint64_t *counts,
    size_t n, uint64_t total, int flags);

/*
 * The crosstab x (borrowed) as a HEAT chart in cs: its top ncols columns
 * at most (0: all), labels sanitized with flags.
 */
struct chart *chart_set_crosstab(struct chart_set *cs,
    const struct catalog_crosstab *x, size_t ncols, int flags);

/*
 * The timeline t (borrowed, catalog_timeline's) as a COLUMNS chart in
 * cs, named where a month (counting months: a year) begins.
 */
struct chart *chart_set_timeline(struct chart_set *cs,
    const struct catalog_timeline *t);

/* The items per hour of the day and per weekday of t: two BARS charts. */
void chart_set_clock(struct chart_set *cs, const struct catalog_timeline *t);

/*
 * The OCR agreement a (borrowed; NULL: not counted yet) as a BARS chart
 * of shares in cs, its first top brands (lowest share first).
 */
struct chart *chart_set_agreement(struct chart_set *cs,
    const struct catalog_agreement *a, size_t top, int flags);

/*
 * A chart_collect flag: leave out the charts of what the browser counts
 * with the result (timeline, hours, weekdays, OCR agreement): its charts
 * view makes them from catalog_search's answer.
 */
#define CHART_NO_COUNTED 0x100

/* Brands the OCR agreement looks at (catalog_ocr_agreement's nbrands). */
#define CHART_AGREEMENT_BRANDS 50

/*
 * Make the charts of res into out: the timeline, the top values of each
 * facet, the confidence histogram of label (borrowed; NULL: the label
 * whose confidence is spread widest, chart_pick_label), photos per item,
 * data quality, items per hour of the day and weekday, the OCR agreement
 * per brand. top: values per facet (and agreement rows). flags:
 * SANITIZE_ASCII or 0, with CHART_NO_COUNTED.
 */
bool chart_collect(struct catalog *cat, const struct catalog_result *res,
    double threshold, const char *label, size_t top, int flags,
    struct chart_set *out, char **cause);

/*
 * The label of res worth a histogram (owned), or NULL when there is
 * none: among the most frequent labels, the one whose best confidence
 * per item is spread widest (a label always at 90-100 says nothing).
 */
char *chart_pick_label(struct catalog *cat, const struct catalog_result *res,
    double threshold);

/* Draw chart c (borrowed) as lines of at most width columns into out. */
void chart_render(const struct chart *c, int width, int flags,
    struct chart_lines *out);
/*
 * Draw a and b (borrowed) side by side, each in half of width, as lines
 * with two bars; a under b when width is under 80.
 */
void chart_render_pair(const struct chart *a, const struct chart *b,
    int width, int flags, struct chart_lines *out);
/*
 * Draw every chart of cs, a blank line between them; the hours and the
 * weekdays side by side (chart_render_pair).
 */
void chart_render_set(const struct chart_set *cs, int width, int flags,
    struct chart_lines *out);

/* Draw c without its title (a view that heads it itself). */
void chart_render_body(const struct chart *c, int width, int flags,
    struct chart_lines *out);

/* How many count columns a HEAT chart's text shows at width. */
size_t chart_heat_columns(int width);
/*
 * Where the text drawing of HEAT chart c puts its column j (counted from
 * the first, shown from c->left): display column *x, *w cells; false
 * when it is not shown. Its row i is line 1 + i - c->top of the body.
 */
bool chart_heat_cell_x(const struct chart *c, int width, size_t j, int *x,
    int *w);

/*
 * Where the text drawing of COLUMNS chart c at width puts count i: the
 * display column *x of its first cell and *w cells; false when c has no
 * such column. The charts view paints the cursor there.
 */
bool chart_column_at(const struct chart *c, int width, size_t i, int *x,
    int *w);

/* chart_collect then chart_render_set: the report as lines of text. */
bool chart_report(struct catalog *cat, const struct catalog_result *res,
    double threshold, const char *label, int width, size_t top, int flags,
    struct chart_lines *out, char **cause);

/*
 * A horizontal bar of value/max over cols columns into a new string
 * (owned), with eighth blocks (or ASCII) and padded to cols.
 */
char *chart_bar(uint64_t value, uint64_t max, int cols, int flags);

/*
 * A "nice" axis step (1, 2 or 5 times a power of ten) so that about
 * ticks steps cover max; *top gets the axis end, a multiple of the step.
 */
uint64_t chart_nice_step(uint64_t max, int ticks, uint64_t *top);
