/*
 * photo.h - the photo pane of the item detail: terminal graphics detection,
 * a strip of all photos plus one large photo, label/OCR boxes drawn into
 * the picture, sixel where the terminal has it, Unicode half blocks or
 * ASCII shades elsewhere.
 *
 * The browser (ui/detail.c) owns the layout and calls this module; this
 * module owns every byte of graphics written to the terminal.
 * Sixel bytes are written after the curses frame (photo_pane_flush after
 * doupdate()), and forgotten whenever the pane may have been overdrawn
 * (photo_pane_hide).
 */
#pragma once

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "catalog.h"
#include "image.h"

struct photo_pane;

/*
 * Detect what the terminal can show: RUMMAGE_GRAPHICS=sixel|blocks|ascii|none
 * overrides; otherwise DA1 (attribute 4 = sixel), XTSMGRAPHICS and the cell
 * size in pixels are asked on tty_in/tty_out with a timeout. Call it BEFORE
 * initscr(): it reads the answers itself. Never fails: worst case "none".
 */
struct photo_pane *photo_pane_new(int tty_in, int tty_out);
void photo_pane_free(struct photo_pane *pane);

/*
 * Whether the terminal's background is dark: its answer to OSC 11, else
 * COLORFGBG, else assumed dark (*how says which: "osc11", "colorfgbg",
 * "assumed"; static).
 */
bool photo_pane_dark(const struct photo_pane *pane, const char **how);

/* "sixel", "blocks", "ascii" or "none": what the pane will draw with. */
const char *photo_pane_mode_name(const struct photo_pane *pane);

/*
 * Show the photos of item in the rectangle (y, x, rows, cols) of win.
 * Text-mode output (blocks, ASCII, messages such as "photo not in the
 * index") goes into win now; sixel output is kept for photo_pane_flush().
 * Boxes are drawn for labels at or above threshold. item is borrowed.
 */
void photo_pane_draw(struct photo_pane *pane, WINDOW *win, int y, int x,
    int rows, int cols, struct catalog *cat, const struct catalog_item *item,
    double threshold);

/*
 * The cell size in pixels (*cw, *ch) when the terminal shows sixel
 * pictures; false otherwise (the caller draws text instead).
 */
bool photo_pane_cells(const struct photo_pane *pane, int *cw, int *ch);

/*
 * The largest sixel the terminal takes (XTSMGRAPHICS), in pixels; 0 when
 * it did not say. xterm drops a larger one without a word.
 */
void photo_pane_sixel_max(const struct photo_pane *pane, int *w, int *h);

/*
 * Show img (borrowed, rows x cols cells of pixels at most) as the
 * pane's sixel at (y, x) of win, written by photo_pane_flush (the charts
 * view's plots). id names the picture: the same id at the same place is
 * not encoded again. false when it cannot be shown (no sixel, no room,
 * over budget): the caller draws text instead.
 */
bool photo_pane_picture(struct photo_pane *pane, WINDOW *win, int y, int x,
    int rows, int cols, const struct image *img, unsigned long id);

/* After doupdate(): write the pending sixel, if any, at its place. */
void photo_pane_flush(struct photo_pane *pane);

/* The pane was covered, scrolled, resized or left: forget what is shown. */
void photo_pane_hide(struct photo_pane *pane);

/*
 * A key pressed in the detail view: '[' and ']' previous/next photo,
 * 'b' toggles label boxes, 'o' toggles OCR boxes, 'z' toggles the
 * full-screen view (the original photo from the image root when readable).
 * Returns true when the key was the pane's and the screen must be redrawn.
 */
bool photo_pane_key(struct photo_pane *pane, int key);

/* Show photo k of item (borrowed) in the next draw (the grid opened it). */
void photo_pane_select(struct photo_pane *pane, const struct catalog_item *item,
    size_t k);

/* True while the full-screen view is on (the caller gives it the screen). */
bool photo_pane_fullscreen(const struct photo_pane *pane);

/*
 * Additions (previews issue): the colours of label boxes (0xRRGGBB, copied;
 * NULL restores the built-in ones), e.g. from the theme.
 */
void photo_pane_set_palette(struct photo_pane *pane, const uint32_t *rgb,
    size_t n);

/* The cell size in pixels pictures are made for (the terminal's or 10x20). */
void photo_pane_cell(const struct photo_pane *pane, int *cw, int *ch);

/* True while label boxes are drawn (the 'b' key). */
bool photo_pane_boxes(const struct photo_pane *pane);

/* True when pictures have pixels enough for box names (sixel). */
bool photo_pane_sharp(const struct photo_pane *pane);

/*
 * Tiles: pictures another view (the grid) places, each in a slot of its
 * own; the pane writes them as it writes its own picture (sixel after
 * doupdate() by photo_pane_flush, blocks or shades into the window now)
 * and erases them on photo_pane_hide.
 *
 * The size in pixels of a picture that fills rows x cols cells in this
 * terminal's mode (sixel: whole six-pixel bands, within XTSMGRAPHICS'
 * maximum; blocks and shades: cols x 2*rows). False: no pictures here.
 */
bool photo_pane_tile_size(const struct photo_pane *pane, int rows, int cols,
    int *pw, int *ph);

/* Begin a frame of tiles; tiles not placed again go at photo_pane_tiles_end. */
void photo_pane_tiles_begin(struct photo_pane *pane);

/*
 * True when tile slot at (y, x) rows x cols of win already shows, or is
 * about to show, the picture the caller calls key: nothing to compose.
 * Always false in modes drawn through curses (drawn every frame).
 */
bool photo_pane_tile_ready(struct photo_pane *pane, size_t slot, WINDOW *win,
    int y, int x, int rows, int cols, uint64_t key);

/* True when tiles are written by flush (sixel, 24-bit blocks). */
bool photo_pane_tile_direct(const struct photo_pane *pane);

/*
 * Encode img (borrowed) for a tile into out: a sixel with the dithered
 * cube in sixel mode, nothing in the others. *partial: what was encoded
 * is smaller than img (the byte budget). Only reads the pane: threads
 * may encode tiles at once. False with *cause (owned).
 */
bool photo_pane_tile_encode(const struct photo_pane *pane,
    const struct image *img, struct buf *out, bool *partial, char **cause);

/*
 * Place img (borrowed, of photo_pane_tile_size's size) as tile slot at
 * (y, x) rows x cols of win, showing what key names: drawn into win now,
 * or written by flush: enc (borrowed, with partial, from
 * photo_pane_tile_encode) or, when enc is NULL, encoded here. False with
 * *cause (owned) when it cannot be encoded; the tile's cells are then
 * blank.
 */
bool photo_pane_tile_put(struct photo_pane *pane, size_t slot, WINDOW *win,
    int y, int x, int rows, int cols, uint64_t key, const struct image *img,
    const struct buf *enc, bool partial, char **cause);

/* Erase the tiles shown but not placed in this frame. */
void photo_pane_tiles_end(struct photo_pane *pane);

/*
 * Call with every key read while the browser runs: when the terminal's
 * DA1 answer came after the detection timeout, its bytes arrive as keys
 * (curses returns "ESC [ ?" as one code defined here); they are swallowed
 * (ERR returned: ignore it). Any other key is returned as it is.
 */
int photo_pane_filter_key(struct photo_pane *pane, int key);
