/*
 * chartview.h - the charts view: the timeline you act on (a cursor moved
 * over the items per day, week or month, a range marked with m and
 * applied with Enter as a date:A..B term), the items per hour of the day
 * and per weekday beside it, the OCR agreement per brand, then chart.c's
 * report of the result, made for the screen width, scrolled, with the
 * label histogram chosen with n/p among the label facet's values. Tab
 * moves the focus from the timeline to the hours, the weekdays and the
 * brands, which are picked the same way (hour:A..B, weekday:A..B, a
 * brand: term).
 *
 * The timeline, hours, weekdays and agreement are counted by the catalog
 * with the result (catalog_search's timeline and agreement options, on
 * the counting thread) and installed here; the view only draws them.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "chart.h"
#include "facet.h"
#include "image.h"
#include "lineedit.h"
#include "keymap.h"
#include "screen.h"
#include "view.h"

/* Brands the agreement chart looks at (catalog_ocr_agreement's nbrands). */
#define CHARTVIEW_AGREEMENT_BRANDS 50

/* The charts Tab moves between, in the order they are drawn. */
enum chartview_focus {
	CHARTVIEW_TIMELINE,
	CHARTVIEW_HOURS,
	CHARTVIEW_WEEKDAYS,
	CHARTVIEW_AGREEMENT,
	CHARTVIEW_FOCI
};

/* A cursor over a chart's bars and, when marked, a range to it. */
struct photo_pane;

struct chartview_pick {
	size_t cursor;
	bool marked;
	size_t mark;
};

/* The charts: the report's lines for a width, the label, the scroll. */
struct chartview {
	struct chart_lines lines;     /* own charts, then the report's */
	struct chart_lines report;    /* chart_report's, for width */
	bool valid;                   /* false: remake the report */
	bool own_valid;               /* false: remake the view's own charts */
	int width;                    /* the width the report was made for */
	size_t label;                 /* index into the label facet, or below */
	int scroll;

	/* Counted with the result (owned; NULL: not counted yet). */
	struct catalog_timeline *timeline;
	struct catalog_agreement *agreement;

	/* The charts you pick from, each with its cursor and mark. */
	enum chartview_focus focus;
	struct chartview_pick pick[CHARTVIEW_FOCI];
	int at[CHARTVIEW_FOCI];       /* lines' index of its first row; -1 none */
	int x[CHARTVIEW_FOCI], w[CHARTVIEW_FOCI]; /* its rows' columns */
	bool follow;                  /* scroll to the cursor at the next draw */
	char *apply;                  /* the term Enter asked for (owned) */

	/* The label typed with '/' (owned) while label is CHARTVIEW_TYPED. */
	char *label_name;
	bool typing;                  /* the label's name is being typed */
	struct lineedit edit;

	/*
	 * In a sixel terminal the charts are plots (plot.h): chart.c's
	 * charts as data (set), stacked in one tall picture (page) of
	 * which the body shows a window. P, or a key that picks, goes to
	 * the text charts.
	 */
	bool text;                    /* the text charts even with sixel */
	bool plotted;                 /* the last draw showed the plots */
	bool set_valid;
	struct chart_set set;
	struct image page;            /* width 0: not made */
	int page_rows;
	unsigned long page_id;
};

#define CHARTVIEW_PICKED SIZE_MAX     /* label: chart_pick_label's choice */
#define CHARTVIEW_TYPED (SIZE_MAX - 1) /* label: label_name */

/* Start with no charts made. */
void chartview_init(struct chartview *cv);
/* Free the charts' lines. */
void chartview_fini(struct chartview *cv);

/* Show the charts from their top. */
void chartview_open(struct chartview *cv);

/* Forget the charts made (the result or the screen changed). */
void chartview_invalidate(struct chartview *cv);

/*
 * Draw the charts of res (borrowed; NULL: nothing) on rows y..y+h of
 * scr, made from cat at threshold when stale, the label histogram's
 * label chosen among labels (borrowed: the label facet). With pane
 * (borrowed, may be NULL) showing sixel, as plots unless P asked for
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
/* The status line while typing: "label to chart: TEXT" (owned, safe). */
char *chartview_prompt(const struct chartview *cv, int flags);

/*
 * Action a in the charts view; page is the page height, labels the label
 * facet (borrowed). Returns what to redo; VIEW_APPLY when Enter asks for
 * the focused chart's pick (chartview_take_term).
 */
int chartview_key(struct chartview *cv, enum keymap_action a, int page,
    const struct facet *labels);

/*
 * How many timeline buckets the charts want for a screen cols wide
 * (catalog_search_options.timeline).
 */
size_t chartview_buckets(int cols);

/*
 * Install what the catalog counted with the result (takes ownership of
 * both; NULL: not counted). The cursor stays on the same bucket when the
 * buckets are the same, else goes to the newest, and the mark is dropped.
 */
void chartview_install(struct chartview *cv, struct catalog_timeline *t,
    struct catalog_agreement *agreement);

/*
 * The term Enter asked for ("date:A..B", "hour:18..21", "brand:Zara";
 * owned by the caller), or NULL.
 */
char *chartview_take_term(struct chartview *cv);
