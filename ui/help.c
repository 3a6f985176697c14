/*
 * help.c - the help overlay (see help.h).
 */
#include "help.h"

#include <curses.h>
#include <stdlib.h>

#include "keymap.h"
#include "theme.h"
#include "xmalloc.h"

/* The help overlay: every action and its keys, from the keymap. */
void
help_draw(struct browser *br)
{
	static const char *extra[] = {
		"1-9            remove filter chip N",
		"[ ]            detail: previous/next photo",
		"b / o          detail: label boxes / OCR boxes",
		"z              detail: full-screen photo",
		"query editing  Left Right Home End Control+a/e/u/k/w",
		"",
		"query language: brand:V type:V color:V size:V label:V[>=N]",
		"  text:V[*] date:YYYY[-MM[-DD]][..B] uuid:V, -term excludes,",
		"  same field OR-ed, different fields AND-ed, \"quoted values\"",
	};
	int w = br->cols - 4 > 78 ? 78 : br->cols - 4, h = br->rows - 2;
	int x = (br->cols - w) / 2, y = 1, row = 0, a, nlines;
	char keys[64], *line;
	int attr = theme_attr(THEME_STATUS);

	nlines = KEYMAP_ACTION_COUNT - 1 + (int)(sizeof extra /
	    sizeof extra[0]) + 2;
	if (br->help_scroll > nlines - (h - 2))
		br->help_scroll = nlines - (h - 2);
	if (br->help_scroll < 0)
		br->help_scroll = 0;
	for (row = 0; row < h; row++)
		browser_blank(br, y + row, x, w, attr);
	browser_put(br, y, x + 1, w - 2, attr | A_BOLD,
	    "rummage keys (any key closes, j/k scroll)", false);
	row = 1 - br->help_scroll;
	for (a = 1; a < KEYMAP_ACTION_COUNT; a++, row++) {
		if (row < 1 || row >= h - 1)
			continue;
		keymap_describe(a, keys, sizeof keys);
		line = xasprintf("%-14s %s", keys, keymap_action_help(a));
		browser_put(br, y + row, x + 1, w - 2, attr, line, false);
		free(line);
	}
	row++;
	for (a = 0; a < (int)(sizeof extra / sizeof extra[0]); a++, row++) {
		if (row < 1 || row >= h - 1)
			continue;
		browser_put(br, y + row, x + 1, w - 2, attr, extra[a], false);
	}
}

/* Action a while the help is shown: scroll or close. Returns what to redo. */
int
help_key(struct browser *br, enum keymap_action a)
{
	if (a == KEYMAP_DOWN || a == KEYMAP_UP) {
		br->help_scroll += a == KEYMAP_DOWN ? 1 : -1;
		return BROWSER_REDRAW;
	}
	br->help = false;
	return BROWSER_REDRAW;
}
