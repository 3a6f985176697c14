/*
 * help.c - the help overlay (see help.h).
 */
#include "help.h"

#include <curses.h>
#include <stdlib.h>

#include "chart.h"
#include "keymap.h"
#include "theme.h"
#include "view.h"
#include "xmalloc.h"

/* Start with the help closed. */
void
help_init(struct help *hp)
{
	hp->shown = false;
	hp->scroll = 0;
}

/* Free what the help holds (nothing yet). */
void
help_fini(struct help *hp)
{
	(void)hp;
}

/* Show the help from its top. */
void
help_open(struct help *hp)
{
	hp->shown = true;
	hp->scroll = 0;
}

/* True while the help is shown. */
bool
help_shown(const struct help *hp)
{
	return hp->shown;
}

/* The query field lines of the help, from the field table (appended to cl). */
static void
help_fields(struct chart_lines *cl)
{
	chart_addf(cl, CHART_TEXT, "query language: -term excludes; one field's "
	    "terms are OR-ed,");
	chart_addf(cl, CHART_TEXT, "  different fields AND-ed; \"quote\" values "
	    "with blanks, quotes, ':'");
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)f);
		char *term = *d->name != '\0' ? xasprintf("%s:V", d->name) :
		    xstrdup("V");

		chart_addf(cl, CHART_TEXT, "  %-12s %s", term, d->help);
		free(term);
	}
}

/* The help overlay: every action and its keys, from the keymap. */
void
help_draw(struct help *hp, const struct screen *scr)
{
	static const char *extra[] = {
		"1-9            remove filter chip N",
		"[ ]            detail: previous/next photo",
		"b / o          detail: label boxes / OCR boxes",
		"z              detail: full-screen photo",
		"query editing  Left Right Home End Control+a/e/u/k/w",
		"",
	};
	int w = scr->cols - 4 > 78 ? 78 : scr->cols - 4, h = scr->rows - 2;
	int x = (scr->cols - w) / 2, y = 1, row = 0, a, nlines;
	char keys[64], *line;
	int attr = theme_attr(THEME_STATUS);
	struct chart_lines fields;

	chart_lines_init(&fields);
	help_fields(&fields);
	nlines = KEYMAP_ACTION_COUNT - 1 + (int)(sizeof extra /
	    sizeof extra[0]) + (int)fields.n + 2;
	if (hp->scroll > nlines - (h - 2))
		hp->scroll = nlines - (h - 2);
	if (hp->scroll < 0)
		hp->scroll = 0;
	for (row = 0; row < h; row++)
		screen_blank(scr, y + row, x, w, attr);
	screen_put(scr, y, x + 1, w - 2, attr | A_BOLD,
	    "rummage keys (any key closes, j/k scroll)", false);
	row = 1 - hp->scroll;
	for (a = 1; a < KEYMAP_ACTION_COUNT; a++, row++) {
		if (row < 1 || row >= h - 1)
			continue;
		keymap_describe(a, keys, sizeof keys);
		line = xasprintf("%-14s %s", keys, keymap_action_help(a));
		screen_put(scr, y + row, x + 1, w - 2, attr, line, false);
		free(line);
	}
	row++;
	for (a = 0; a < (int)(sizeof extra / sizeof extra[0]); a++, row++) {
		if (row < 1 || row >= h - 1)
			continue;
		screen_put(scr, y + row, x + 1, w - 2, attr, extra[a], false);
	}
	for (size_t i = 0; i < fields.n; i++, row++) {
		if (row < 1 || row >= h - 1)
			continue;
		screen_put(scr, y + row, x + 1, w - 2, attr,
		    fields.lines[i].text, false);
	}
	chart_lines_fini(&fields);
}

/* Action a while the help is shown: scroll or close. Returns what to redo. */
int
help_key(struct help *hp, enum keymap_action a)
{
	if (a == KEYMAP_DOWN || a == KEYMAP_UP) {
		hp->scroll += a == KEYMAP_DOWN ? 1 : -1;
		return VIEW_REDRAW;
	}
	hp->shown = false;
	return VIEW_REDRAW;
}
