/*
 * sidebar.c - the facet sidebar (see sidebar.h).
 */
#include "sidebar.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "querybar.h"
#include "sanitize.h"
#include "theme.h"
#include "xmalloc.h"

/* Columns taken by the tab of facet field f. */
static int
sidebar_tab_width(enum catalog_field f)
{
	return sanitize_width(catalog_field_desc(f)->display) + 1;
}

/*
 * The tabs at (y, x), width w: the display names of the facet fields in
 * table order, the one shown highlighted. When they do not all fit, the
 * first ones give way ("<" says so) until the current one shows.
 */
static void
sidebar_tabs(struct browser *br, int y, int x, int w)
{
	enum catalog_field first = facet_next(CATALOG_NONE, 1), start = first, f;
	int cw, need;

	screen_blank(&br->scr, y, x, w, theme_attr(THEME_HEADER));
	for (int k = 0; k < CATALOG_FIELD_COUNT; k++) {
		need = start != first ? 2 : 0;
		f = start;
		for (int j = 0; j < CATALOG_FIELD_COUNT; j++) {
			need += sidebar_tab_width(f);
			if (f == br->facet)
				break;
			f = facet_next(f, 1);
		}
		if (need <= w || start == br->facet)
			break;
		start = facet_next(start, 1);
	}
	cw = x;
	if (start != first)
		cw += screen_put(&br->scr, y, cw, x + w - cw,
		    theme_attr(THEME_HEADER), "< ", false);
	f = start;
	for (int k = 0; k < CATALOG_FIELD_COUNT && cw < x + w; k++) {
		cw += screen_put(&br->scr, y, cw, x + w - cw, f == br->facet ?
		    theme_attr(THEME_SELECTED) : theme_attr(THEME_HEADER),
		    catalog_field_desc(f)->display, false);
		cw += screen_put(&br->scr, y, cw, x + w - cw,
		    theme_attr(THEME_HEADER), " ", false);
		if ((f = facet_next(f, 1)) == first)
			break;
	}
}

/* The facet sidebar at column x, width w. */
void
sidebar_draw(struct browser *br, int x, int w)
{
	struct facet *fv = &br->facets[br->facet];
	const struct catalog_facet_value *v;
	int y = br->body_y, h = br->body_h, row, namew, attr, bw;
	char line[64], *bar, *safe, *s;
	bool focus = br->focus_facets, negated, sel;
	size_t k;

	sidebar_tabs(br, y, x, w);
	y++;
	h--;
	/* The facet's summary: distinct values, search, disjunctive mark. */
	if (br->mode == BROWSER_EDIT_SEARCH)
		s = xasprintf("search: %s_", fv->search);
	else if (*fv->search != '\0')
		s = xasprintf("%zu/%zu matching '%s'", fv->nvis,
		    facet_size(fv), fv->search);
	else
		s = xasprintf("%zu values%s", facet_size(fv), fv->disjunctive ?
		    "  (counts: OR, as if unselected)" : "");
	safe = sanitize_text(s, strlen(s), br->scr.flags);
	screen_put(&br->scr, y, x, w, theme_attr(THEME_DIM), safe, true);
	free(safe);
	free(s);
	y++;
	h--;
	if (h <= 0)
		return;
	if (fv->cursor < fv->top)
		fv->top = fv->cursor;
	if (fv->cursor >= fv->top + (size_t)h)
		fv->top = fv->cursor - (size_t)h + 1;
	bw = w >= 40 ? 10 : w >= 30 ? 6 : 0;
	namew = w - 2 - 8 - (bw ? bw + 1 : 0);
	for (row = 0; row < h; row++) {
		k = fv->top + (size_t)row;
		if (k >= fv->nvis) {
			screen_blank(&br->scr, y + row, x, w, theme_attr(THEME_NORMAL));
			if (k == 0 && row == 0)
				screen_put(&br->scr, y, x + 1, w - 1,
				    theme_attr(THEME_DIM), "(no values)", false);
			continue;
		}
		v = facet_visible(fv, k);
		negated = false;
		/* A value holding a NUL is never a term's (terms are text). */
		sel = strlen(v->value) == v->len &&
		    catalog_query_find(br->q, br->facet, v->value,
		    &negated) >= 0;
		attr = theme_attr(sel ? (negated ? THEME_EXCLUDED :
		    THEME_ACTIVE) : THEME_NORMAL);
		if (k == fv->cursor)
			attr = theme_attr(focus ? THEME_SELECTED : THEME_CURSOR);
		screen_blank(&br->scr, y + row, x, w, attr);
		screen_put(&br->scr, y + row, x, 2, attr, sel ? (negated ? "-" :
		    (br->scr.flags & SANITIZE_ASCII ? "*" : "\u2022")) : " ", false);
		screen_put_data(&br->scr, y + row, x + 2, namew, attr, v->value,
		    v->len, true);
		snprintf(line, sizeof line, "%8" PRIu64, v->count);
		screen_put(&br->scr, y + row, x + 2 + namew, 8, k == fv->cursor ?
		    attr : theme_attr(THEME_COUNT), line, false);
		if (bw > 0) {
			bar = chart_bar(v->count, fv->max, bw, br->scr.flags);
			screen_put(&br->scr, y + row, x + 2 + namew + 9, bw,
			    k == fv->cursor ? attr : theme_attr(THEME_BAR), bar,
			    false);
			free(bar);
		}
	}
}

/* A key while a facet's values are being searched. */
int
sidebar_key_search(struct browser *br, const struct view_key *key)
{
	struct facet *fv = &br->facets[br->facet];
	struct lineedit le;
	bool changed;

	if (!key->fn && key->code == 27) {
		facet_search(fv, "");
		br->mode = BROWSER_NORMAL;
		return VIEW_REDRAW;
	}
	if ((!key->fn && (key->code == '\n' || key->code == '\r')) ||
	    (key->fn && key->code == KEY_ENTER)) {
		br->mode = BROWSER_NORMAL;
		return VIEW_REDRAW;
	}
	if (key->fn && (key->code == KEY_UP || key->code == KEY_DOWN)) {
		uint64_t c = fv->cursor;

		view_move(&c, fv->nvis, key->code == KEY_UP ? KEYMAP_UP :
		    KEYMAP_DOWN, 1);
		fv->cursor = (size_t)c;
		return VIEW_REDRAW;
	}
	lineedit_init(&le, fv->search);
	if (lineedit_key(&le, key->code, key->fn, &changed) && changed) {
		fv->cursor = 0;
		facet_search(fv, le.text);
	}
	lineedit_fini(&le);
	return VIEW_REDRAW;
}

/* Action a while the sidebar has the focus. Returns what to redo. */
int
sidebar_key(struct browser *br, enum keymap_action a)
{
	struct facet *fv = &br->facets[br->facet];
	uint64_t c;

	switch (a) {
	case KEYMAP_LEFT:
	case KEYMAP_RIGHT:
		br->facet = facet_next(br->facet, a == KEYMAP_RIGHT ? 1 : -1);
		return VIEW_REDRAW;
	case KEYMAP_SELECT:
	case KEYMAP_EXCLUDE:
		if (fv->cursor >= fv->nvis)
			return 0;
		return querybar_select_value(br, br->facet,
		    facet_visible(fv, fv->cursor), a == KEYMAP_EXCLUDE);
	case KEYMAP_SEARCH:
		br->mode = BROWSER_EDIT_SEARCH;
		return VIEW_REDRAW;
	case KEYMAP_BACK:
		if (*fv->search != '\0') {
			facet_search(fv, "");
		} else {
			br->focus_facets = false;
			return VIEW_RELAYOUT;
		}
		return VIEW_REDRAW;
	default:
		c = fv->cursor;
		if (!view_move(&c, fv->nvis, a, br->body_h - 2))
			return 0;
		fv->cursor = (size_t)c;
		return VIEW_REDRAW;
	}
}
