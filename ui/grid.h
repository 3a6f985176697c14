/*
 * grid.h - the grid view: the result as tiles, the first photo of each
 * item with a caption under it (brand, type, date or uuid as the width
 * allows), or every photo of one item; a window over the whole result
 * (ids asked of the result for the tiles shown only), the cursor tile
 * framed and its caption highlighted, label boxes as the photo pane's
 * 'b' says.
 *
 * Owns its cursor, its layout, a cache of caption rows and a cache of
 * composed tile pictures. The pictures go to the terminal through the
 * photo pane's tiles (photo.h), which owns every byte of graphics.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "keymap.h"
#include "photo.h"
#include "screen.h"

struct grid_row;
struct grid_pic;

/* A tile layout: tiles across and down, each tile's cells. */
struct grid_layout {
	int ncols, nrows;             /* tiles across, rows of tiles */
	int tile_w, tile_h;           /* cells of a tile, caption and gap included */
	int pic_cols, pic_rows;       /* cells of its picture */
};

/* The grid: its cursor, what it shows, its caches. */
struct grid {
	uint64_t cursor, top;         /* positions in the result */
	bool photos;                  /* every photo of item (else items) */
	struct catalog_item *item;    /* owned; the item of photos mode */
	uint64_t item_pos;            /* its position in the result */
	uint64_t pcursor, ptop;       /* photo positions in photos mode */
	struct grid_layout lay;       /* of the last draw */
	struct grid_row *rows;        /* owned; caption rows by id */
	struct grid_pic *pics;        /* owned; composed pictures by key */
};

/* Start at the top, items mode, nothing cached. */
void grid_init(struct grid *g);
/* Free the caches and the item. */
void grid_fini(struct grid *g);

/*
 * The layout of tiles in h x w cells whose cells are cw x ch pixels:
 * tiles about 190 pixels wide, pictures a little taller than wide, one
 * caption line under each and one column between them.
 */
void grid_layout(struct grid_layout *lay, int h, int w, int cw, int ch);

/* The cursor's position in the result (the item's, in photos mode). */
uint64_t grid_cursor(const struct grid *g);
/* Put the cursor on position pos of the result (items mode). */
void grid_set_cursor(struct grid *g, uint64_t pos);
/* Back to the top (a new order). */
void grid_home(struct grid *g);

/* True in photos mode (every photo of one item). */
bool grid_photos(const struct grid *g);
/* The photo under the cursor in photos mode. */
size_t grid_photo(const struct grid *g);

/*
 * Show every photo of item id of cat (at result position pos). False
 * with *cause (owned) when the item cannot be read.
 */
bool grid_open_photos(struct grid *g, struct catalog *cat, uint64_t pos,
    uint32_t id, char **cause);
/* Back to the items. */
void grid_close_photos(struct grid *g);

/*
 * The grid at rows y0..y0+h, columns x..x+w of scr: tiles of res
 * (borrowed; NULL: not counted yet) read from cat at threshold, the
 * pictures placed through pane (borrowed), the cursor marked as focused
 * or not.
 */
void grid_draw(struct grid *g, const struct screen *scr, int y0, int h,
    int x, int w, struct catalog *cat, const struct catalog_result *res,
    double threshold, struct photo_pane *pane, bool focus);

/*
 * Action a while the grid has the focus: arrows by a tile or a row,
 * PageUp/PageDown by a screenful, Home/End; total is the result size.
 * Returns what to redo.
 */
int grid_key(struct grid *g, enum keymap_action a, uint64_t total);
