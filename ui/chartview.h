/*
 * chartview.h - the charts view: the timeline you act on (a cursor moved
 * over the items per day, week or month, a range marked with m and
 * applied with Enter as a date:A..B term), the items per hour of the day
 * and per weekday beside it, the OCR agreement per brand, then chart.c's
 * charts of the result (top values, label histogram, photos, data
 * quality), scrolled, with the label histogram chosen with n/p among the
 * label facet's values.
 *
 * Every chart is data first (struct chart, chart.h), drawn as text for
 * the width or, in a sixel terminal, as one tall picture of plots
 * (plot.h) of which the screen shows a window. The timeline, hours,
 * weekdays and agreement are counted by the catalog with the result
 * (catalog_search's timeline and agreement options, on the counting
 * thread) and installed here; the view only draws them.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "chart.h"
#include "facet.h"
#include "image.h"
#include "keymap.h"
#include "lineedit.h"
#include "screen.h"
#include "view.h"

struct photo_pane;

/* Brands the agreement chart looks at (catalog_ocr_agreement's nbrands). */
#define CHARTVIEW_AGREEMENT_BRANDS CHART_AGREEMENT_BRANDS

/* The charts Tab picks from, in order. */
enum chartview_focus {
	CHARTVIEW_TIMELINE,
	CHARTVIEW_HOURS,
	CHARTVIEW_WEEKDAYS,
	CHARTVIEW_AGREEMENT,
	CHARTVIEW_FOCI
};

/* A chart's pick: a cursor bar and, marked, a range from mark to it. */
struct chartview_pick {
	size_t cursor;
	bool marked;
	size_t mark;
};

/*
 * The charts: chart_collect's (set) made once per result, the view's own
 * (own: timeline, hours, weekdays, agreement) from what was counted and
 * remade as the cursor moves; drawn as lines of text for a width, or as
 * a page of plots; the label, the scroll (in rows).
 */
struct chartview {
	struct chart_set set;
	struct chart_set own;
	struct chart_lines lines;
	struct image page;            /* the plots, stacked; width 0: none */
	int page_rows;                /* its height in rows */
	int page_pick;                /* its focused pick's row, pixels; -1 */
	unsigned long page_id;        /* bumped per page made */
	bool valid;                   /* false: remake set */
	bool own_valid;               /* false: remake own */
	int width;                    /* the width lines was made for; 0: none */
	size_t label;                 /* index into the label facet, or: */
#define CHARTVIEW_PICKED SIZE_MAX     /* chart_pick_label's choice */
#define CHARTVIEW_TYPED (SIZE_MAX - 1) /* typed: label_name */
	char *label_name;             /* the label typed (owned) or NULL */
	bool typing;                  /* the label's name is being typed */
	struct lineedit edit;
	int scroll;

	/* Counted with the result (owned; NULL: not counted yet). */
	struct catalog_timeline *timeline;
	struct catalog_agreement *agreement;
	struct chartview_pick pick[CHARTVIEW_FOCI];
	enum chartview_focus focus;   /* the chart Tab picked */
	bool follow;                  /* scroll to the focused cursor */
	bool text;                    /* P: text charts in a sixel terminal */
	int tl_line;                  /* lines' index of the timeline's top; -1 */
	char *apply;                  /* the term Enter asked for (owned) */
};

/* Start with no charts made. */
void chartview_init(struct chartview *cv);
void chartview_fini(struct chartview *cv);

/* Show the charts from their top, the timeline focused (on entering). */
void chartview_open(struct chartview *cv);

/* The result, threshold or width changed: remake before drawing. */
void chartview_invalidate(struct chartview *cv);

/*
 * Draw the charts of res (borrowed; NULL: nothing) on rows y..y+h of
 * scr, made from cat at threshold when stale, the label histogram's
 * label chosen among labels (borrowed: the label facet). With pane
 * (borrowed, may be NULL) showing sixel, as plots (plot.h), else as
 * text. False with *cause (owned, may be NULL) when they could not be
 * made.
 */
bool chartview_draw(struct chartview *cv, const struct screen *scr, int y,
    int h, struct catalog *cat, const struct catalog_result *res,
    double threshold, const struct facet *labels, struct photo_pane *pane,
    char **cause);

/*
 * While the label's name is typed (after '/'), keys go to
 * chartview_type_key and the status line shows chartview_prompt.
 */
bool chartview_typing(const struct chartview *cv);
/* A key while typing: Enter charts that label, Esc cancels. Returns the redo. */
int chartview_type_key(struct chartview *cv, const struct view_key *key);
/* The status line while typing: "label: TEXT" (owned, terminal-safe). */
char *chartview_prompt(const struct chartview *cv, int flags);

/*
 * Action a in the charts view; page is the page height, labels the label
 * facet (borrowed). Returns what to redo; VIEW_APPLY when Enter asks for
 * the focused chart's pick (chartview_take_term). Tab picks the chart
 * (timeline, hours, weekdays, brands), h/l (and j/k but on the timeline)
 * move its cursor, m marks. '/' (search) starts typing a label's name;
 * P switches between plots and text in a sixel terminal.
 */
int chartview_key(struct chartview *cv, enum keymap_action a, int page,
    const struct facet *labels);

/*
 * How many timeline buckets the charts want for a screen cols wide
 * (catalog_search_options.timeline): a text column each.
 */
size_t chartview_buckets(int cols);

/*
 * Install what the catalog counted with the result (takes ownership of
 * both; NULL: not counted). The timeline's cursor stays on the same
 * bucket when the buckets are the same, else goes to the newest, and the
 * mark is dropped; the other picks stay within their charts.
 */
void chartview_install(struct chartview *cv, struct catalog_timeline *t,
    struct catalog_agreement *agreement);

/*
 * The term Enter asked for ("date:A..B", "hour:18..20", "weekday:sat",
 * "brand:Zara"; owned by the caller), or NULL.
 */
char *chartview_take_term(struct chartview *cv);
