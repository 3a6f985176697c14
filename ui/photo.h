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

/* True while the full-screen view is on (the caller gives it the screen). */
bool photo_pane_fullscreen(const struct photo_pane *pane);

/*
 * Additions (previews issue): the colours of label boxes (0xRRGGBB, copied;
 * NULL restores the built-in ones), e.g. from the theme.
 */
void photo_pane_set_palette(struct photo_pane *pane, const uint32_t *rgb,
    size_t n);

/*
 * Call with every key read while the browser runs: when the terminal's
 * DA1 answer came after the detection timeout, its bytes arrive as keys
 * (curses returns "ESC [ ?" as one code defined here); they are swallowed
 * (ERR returned: ignore it). Any other key is returned as it is.
 */
int photo_pane_filter_key(struct photo_pane *pane, int key);
