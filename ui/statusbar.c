/*
 * statusbar.c - the status line (see statusbar.h).
 */
#include "statusbar.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "theme.h"
#include "xmalloc.h"

/* Draw the open export prompt on status row y in attr; false when none is open. */
static bool
statusbar_prompt(struct browser *br, int y, int attr)
{
	char *s;
	int x;

	switch (br->mode) {
	case BROWSER_ASK_FORMAT:
		screen_put(&br->scr, y, 0, br->scr.cols, attr, "Export as (u) uuids, "
		    "(j) JSON lines, (c) CSV?  Esc cancels", false);
		return true;
	case BROWSER_ASK_FILE:
		s = sanitize_text(br->prompt.text, br->prompt.len, br->scr.flags);
		x = screen_put(&br->scr, y, 0, br->scr.cols, attr, "Export to file: ",
		    false);
		screen_put(&br->scr, y, x, br->scr.cols - x, attr, s, false);
		free(s);
		return true;
	case BROWSER_ASK_OVERWRITE:
		s = sanitize_text(br->prompt.text, br->prompt.len, br->scr.flags);
		x = screen_put(&br->scr, y, 0, br->scr.cols, attr, s, false);
		screen_put(&br->scr, y, x, br->scr.cols - x, attr, " exists. Overwrite? "
		    "(y/n)", false);
		free(s);
		return true;
	default:
		return false;
	}
}

/* Show the terminal cursor in the file name prompt. */
void
statusbar_cursor(struct browser *br)
{
	char *pre = sanitize_text(br->prompt.text, br->prompt.cursor,
	    br->scr.flags);
	int cx = 16 + sanitize_width(pre);

	free(pre);
	curs_set(1);
	move(br->scr.rows - 1, cx < br->scr.cols ? cx : br->scr.cols - 1);
}

/* The status line: a message, a prompt, or the key hints of the moment. */
void
statusbar_draw(struct browser *br)
{
	int y = br->scr.rows - 1, attr = theme_attr(THEME_STATUS), x;
	char pos[64];
	const char *hints;

	screen_blank(&br->scr, y, 0, br->scr.cols, attr);
	if (statusbar_prompt(br, y, attr))
		return;
	switch (br->mode) {
	case BROWSER_EDIT_QUERY:
		hints = "Enter apply  Esc cancel  live results as you type";
		break;
	case BROWSER_EDIT_SEARCH:
		hints = "type to search values  Enter keep  Esc clear";
		break;
	default:
		if (br->view == BROWSER_DETAIL)
			hints = "Esc back  n/p next/prev item  j/k scroll  "
			    "[ ] photo  b boxes  z zoom  ? help";
		else if (br->view == BROWSER_CHARTS)
			hints = "Esc back  j/k scroll  n/p label  +/- "
			    "threshold  ? help";
		else if (br->focus_facets)
			hints = "Enter select  x exclude  h/l facet  / search  "
			    "Tab list  u undo  ? help";
		else
			hints = "Enter open  Tab facets  / query  s sort  v "
			    "charts  e export  u undo  c clear  ? help  q quit";
		break;
	}
	if (br->message != NULL) {
		screen_put(&br->scr, y, 0, br->scr.cols, br->message_error ?
		    theme_attr(THEME_ERROR) : attr, br->message, true);
		return;
	}
	snprintf(pos, sizeof pos, " %s  %" PRIu64 "/%" PRIu64 " ",
	    browser_sort_names[br->sort], br->res && catalog_result_count(
	    br->res) ? br->cursor + 1 : 0, br->res ?
	    catalog_result_count(br->res) : 0);
	x = (int)strlen(pos);
	screen_put(&br->scr, y, 0, br->scr.cols - x, attr, hints, false);
	if (x < br->scr.cols / 2)
		screen_put(&br->scr, y, br->scr.cols - x, x, attr, pos, false);
}
