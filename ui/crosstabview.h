/*
 * crosstabview.h - the crosstab view: two fields of the result as a
 * table of counts (VisiData's pivot: brand x type, brand x ocr:brand),
 * a cursor over its cells, Enter on a cell applying both of its terms.
 * r picks the field down the rows, n/p the field across.
 *
 * The table is catalog_crosstab's, counted with the result on the
 * counting thread (catalog_search's crosstab option) and installed here;
 * the view only draws it and moves over it: as a HEAT chart (chart.h),
 * the window around the cursor drawn as text, or in a sixel terminal as
 * a heat map plot (plot.h), the cursor cell outlined.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "chart.h"
#include "keymap.h"
#include "screen.h"

struct photo_pane;

/* Values per side the view asks for (catalog_search_options.crosstab_n). */
#define CROSSTABVIEW_VALUES 20

/* The table, its fields, the cursor cell and the scroll. */
struct crosstabview {
	struct catalog_crosstab *x;   /* owned; NULL: not counted yet */
	enum catalog_field rows, cols;
	size_t row, col;              /* the cursor cell */
	size_t top, left;             /* the first row and column shown */
	char *apply[2];               /* the terms Enter asked for (owned) */
	struct chart_set heat;        /* x as a HEAT chart; n 0: not made */
	unsigned long gen;            /* bumped per table installed */
};

/* Start on brand x type, with nothing counted. */
void crosstabview_init(struct crosstabview *xv);
/* Free the table and the terms. */
void crosstabview_fini(struct crosstabview *xv);

/*
 * Install a counted table (takes ownership; NULL: not counted). A table
 * of other fields than the view's is dropped (a stale answer).
 */
void crosstabview_install(struct crosstabview *xv, struct catalog_crosstab *x);

/*
 * Draw the table on rows y..y+h of scr; with pane (borrowed, may be
 * NULL) showing sixel, as a heat map plot.
 */
void crosstabview_draw(struct crosstabview *xv, const struct screen *scr,
    int y, int h, struct photo_pane *pane);

/*
 * Action a in the crosstab view; page is the page height. Returns what to
 * redo: VIEW_RECOUNT when a field changed, VIEW_APPLY when Enter asks for
 * the cell's terms (crosstabview_take_terms).
 */
int crosstabview_key(struct crosstabview *xv, enum keymap_action a, int page);

/*
 * The two terms Enter asked for ("brand:Zara", "type:Jeans"; owned by the
 * caller) into terms; false when there are none.
 */
bool crosstabview_take_terms(struct crosstabview *xv, char *terms[2]);
