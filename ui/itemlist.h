/*
 * itemlist.h - the item list: a window over the whole result with the
 * columns that fit, the sort mark, the cursor, and a direct-mapped cache
 * of list rows (br->scr.rows_cache, owned here) so scrolling by a line reads
 * one new row.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "browser.h"

/* The item list at column x, width w. */
void itemlist_draw(struct browser *br, int x, int w);

/*
 * Action a while the list has the focus; total is the result size, page
 * the page height. Returns what to redo.
 */
int itemlist_key(struct browser *br, enum keymap_action a, uint64_t total,
    int page);

/* Forget the cached rows (frees br->scr.rows_cache). */
void itemlist_free_rows(struct browser *br);
