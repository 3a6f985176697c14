/*
 * itemlist.h - the item list: a window over the whole result with the
 * columns that fit, the sort mark, the cursor, and a direct-mapped cache
 * of list rows (owned here) so scrolling by a line reads one new row.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "keymap.h"
#include "screen.h"

struct itemlist_cached_row;

/*
 * A list column: a field of the table's list columns, or the list's own
 * photo count or top labels (field CATALOG_NONE).
 */
struct itemlist_column {
	enum catalog_field field;
	enum { ITEMLIST_FIELD, ITEMLIST_PHOTOS, ITEMLIST_LABELS } what;
	const char *title;
	int width;
};

#define ITEMLIST_MAX_COLUMNS (CATALOG_FIELD_COUNT + 2)
/*
 * The columns of a list w columns wide, in order, into cols (at least
 * ITEMLIST_MAX_COLUMNS): the field table's list columns, the photo
 * count and the labels, the narrower the fewer (the browser's list and
 * rummage query's table). Returns how many.
 */
int itemlist_columns(int w, struct itemlist_column *cols);

/* The list: its cursor, the first row shown, the rows read. */
struct itemlist {
	uint64_t cursor, top;         /* positions in the result */
	struct itemlist_cached_row *rows; /* owned; NULL until the first row */
};

/* Start at the top with no rows read. */
void itemlist_init(struct itemlist *il);
/* Free the rows read. */
void itemlist_fini(struct itemlist *il);

/* The cursor's position in the result. */
uint64_t itemlist_cursor(const struct itemlist *il);

/* Put the cursor on position pos of the result. */
void itemlist_set_cursor(struct itemlist *il, uint64_t pos);

/* Back to the top (a new order). */
void itemlist_home(struct itemlist *il);

/* Keep the cursor within a result of total items. */
void itemlist_clamp(struct itemlist *il, uint64_t total);

/*
 * The list of res (borrowed; NULL: not counted yet) at rows
 * y0..y0+body_h,
 * columns x..x+w of scr: rows read from cat at threshold, the column of
 * sort marked, the cursor highlighted as focused or not.
 */
void itemlist_draw(struct itemlist *il, const struct screen *scr, int y0,
    int body_h, int x, int w, struct catalog *cat,
    const struct catalog_result *res, double threshold,
    enum catalog_sort sort, bool focus);

/*
 * Action a while the list has the focus: moving the cursor; total is the
 * result size, page the page height. Returns what to redo.
 */
int itemlist_key(struct itemlist *il, enum keymap_action a, uint64_t total,
    int page);
