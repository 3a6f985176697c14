/*
 * view.h - what every view of the browser shares: the key it is given,
 * the bitmask of what its input handler asks to be redone (htop's
 * style), and moving a cursor over rows.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "keymap.h"

/* What an input handler asks to be redone. */
enum {
	VIEW_REDRAW = 1,
	VIEW_RELAYOUT = 2,
	VIEW_RECOUNT = 4,             /* the query or threshold changed */
	VIEW_QUIT = 8,
	VIEW_APPLY = 16,              /* the view has terms to apply (its _take_) */
};

/* A key: a character (code point) or a curses function key. */
struct view_key {
	int code;
	bool fn;
};

/* Move a cursor over n rows by an action; page is the page height. */
bool view_move(uint64_t *cursor, uint64_t n, enum keymap_action a, int page);
