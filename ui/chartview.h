/*
 * chartview.h - the charts view: chart.c's report of the result, made
 * for the screen width, scrolled, with the label histogram chosen with
 * n/p among the label facet's values.
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

/*
 * The charts: made once per result (set), drawn as lines of text for a
 * width, or in a sixel terminal as one tall picture of plots (page) of
 * which the screen shows a window; the label, the scroll (in rows).
 */
struct chartview {
	struct chart_set set;
	struct chart_lines lines;
	struct image page;            /* the plots, stacked; width 0: none */
	int page_rows;                /* its height in rows */
	unsigned long page_id;        /* bumped per page made */
	bool valid;                   /* false: remake before drawing */
	int width;                    /* the width lines was made for */
	size_t label;                 /* index into the label facet, or: */
#define CHARTVIEW_PICKED SIZE_MAX     /* chart_pick_label's choice */
#define CHARTVIEW_TYPED (SIZE_MAX - 1) /* typed: label_name */
	char *label_name;             /* the label typed (owned) or NULL */
	bool typing;                  /* the label's name is being typed */
	struct lineedit edit;
	int scroll;
};

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
 * facet (borrowed). Returns what to redo. '/' (search) starts typing a
 * label's name.
 */
int chartview_key(struct chartview *cv, enum keymap_action a, int page,
    const struct facet *labels);
