/*
 * help.c - the help overlay (see help.h).
 */
#include "help.h"

#include <curses.h>
#include <stdlib.h>

#include "chart.h"
#include "keymap.h"
#include "sanitize.h"
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

/*
 * Keys that are not actions of the keymap (the photo pane's, the line
 * editor's, the chips'), with the view they work in.
 */
static const struct {
	enum keymap_view view;
	const char *keys, *help;
} help_extra[] = {
	{ KEYMAP_VIEW_ALL, "1-9", "remove filter chip N" },
	{ KEYMAP_VIEW_DETAIL, "[ ]", "previous / next photo" },
	{ KEYMAP_VIEW_DETAIL, "b o", "label boxes / OCR boxes" },
	{ KEYMAP_VIEW_DETAIL, "z", "full-screen photo" },
	{ KEYMAP_VIEW_EDITING, "Enter", "run the query" },
	{ KEYMAP_VIEW_EDITING, "Esc", "cancel" },
	{ KEYMAP_VIEW_EDITING, "Left Right", "move (Control+b Control+f)" },
	{ KEYMAP_VIEW_EDITING, "Home End", "start / end (Control+a Control+e)" },
	{ KEYMAP_VIEW_EDITING, "Backspace Control+d", "delete before / at the "
	    "cursor" },
	{ KEYMAP_VIEW_EDITING, "Control+u Control+k", "delete to the start / "
	    "the end" },
	{ KEYMAP_VIEW_EDITING, "Control+w", "delete the word before" },
};

#define HELP_KEYS_MAX 24              /* the keys column at most */

/* One "keys  help" row, the help starting at column kw + 3. */
static void
help_row(struct chart_lines *cl, const char *keys, const char *text, int kw)
{
	int w = sanitize_width(keys);

	if (w > kw) {
		/* Keys wider than the column: their own line, help below. */
		chart_addf(cl, CHART_TEXT, "  %s", keys);
		chart_addf(cl, CHART_TEXT, "  %*s %s", kw, "", text);
	} else {
		chart_addf(cl, CHART_TEXT, "  %s%*s %s", keys, kw - w, "", text);
	}
}

/*
 * The help's lines into cl for width columns: the keys grouped by view
 * (from the keymap table's view column), then the query language.
 */
static void
help_lines(struct chart_lines *cl, int width)
{
	char keys[64];
	int kw = 0, a, v;
	size_t i;

	for (a = 1; a < KEYMAP_ACTION_COUNT; a++) {
		keymap_describe(a, keys, sizeof keys);
		if (sanitize_width(keys) > kw)
			kw = sanitize_width(keys);
	}
	if (kw > HELP_KEYS_MAX)
		kw = HELP_KEYS_MAX;
	/* On a narrow screen the keys take a third; longer ones wrap. */
	if (kw > (width - 4) / 3)
		kw = (width - 4) / 3;
	for (v = 0; v < KEYMAP_VIEW_COUNT; v++) {
		bool any = false;

		for (a = 1; a < KEYMAP_ACTION_COUNT; a++) {
			const char *h = keymap_action_view_help(a, v);

			if (h == NULL)
				continue;
			if (!any)
				chart_addf(cl, CHART_HEADER, "%s", keymap_view_name(v));
			any = true;
			keymap_describe(a, keys, sizeof keys);
			help_row(cl, *keys ? keys : "(unbound)", h, kw);
		}
		for (i = 0; i < sizeof help_extra / sizeof help_extra[0]; i++) {
			if (help_extra[i].view != (enum keymap_view)v)
				continue;
			if (!any)
				chart_addf(cl, CHART_HEADER, "%s", keymap_view_name(v));
			any = true;
			help_row(cl, help_extra[i].keys, help_extra[i].help, kw);
		}
		if (any)
			chart_addf(cl, CHART_TEXT, "%s", "");
	}
	help_fields(cl);
}

/* The help overlay: the keys by view, from the keymap, and the fields. */
void
help_draw(struct help *hp, const struct screen *scr)
{
	int w = scr->cols - 4 > 78 ? 78 : scr->cols - 4, h = scr->rows - 2;
	int x = (scr->cols - w) / 2, y = 1, row;
	int attr = theme_attr(THEME_STATUS);
	struct chart_lines lines;
	size_t k;

	chart_lines_init(&lines);
	help_lines(&lines, w - 2);
	if (hp->scroll > (int)lines.n - (h - 2))
		hp->scroll = (int)lines.n - (h - 2);
	if (hp->scroll < 0)
		hp->scroll = 0;
	for (row = 0; row < h; row++)
		screen_blank(scr, y + row, x, w, attr);
	screen_put(scr, y, x + 1, w - 2, attr | A_BOLD,
	    "rummage keys (any key closes, j/k scroll)", false);
	for (row = 1; row < h - 1; row++) {
		k = (size_t)(hp->scroll + row - 1);
		if (k >= lines.n)
			break;
		screen_put(scr, y + row, x + 1, w - 2, attr |
		    (lines.lines[k].style == CHART_HEADER ? A_BOLD : 0),
		    lines.lines[k].text, false);
	}
	chart_lines_fini(&lines);
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
