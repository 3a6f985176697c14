/*
 * statusbar.h - the status line: the export prompt, a message, or the
 * key hints of the moment with the sort order and the cursor position.
 */
#pragma once

#include "browser.h"

/* Draw the status line (the last row). */
void statusbar_draw(struct browser *br);

/* Show the terminal cursor in the export prompt's file name. */
void statusbar_cursor(struct browser *br);
