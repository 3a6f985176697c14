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
#include "lineedit.h"
#include "sanitize.h"
#include "theme.h"
#include "xmalloc.h"

/* Start with nothing counted, on the first facet's tab. */
void
sidebar_init(struct sidebar *sb)
{
	for (int i = 0; i < CATALOG_FIELD_COUNT; i++)
		facet_init(&sb->facets[i]);
	sb->tab = facet_next(CATALOG_NONE, 1);
	sb->searching = false;
	sb->focus = false;
	sb->w = 0;
	sb->full = false;
}

/* Free every facet's values. */
void
sidebar_fini(struct sidebar *sb)
{
	for (int i = 0; i < CATALOG_FIELD_COUNT; i++)
		facet_fini(&sb->facets[i]);
}

/* Decide the sidebar's width for a screen cols wide. */
void
sidebar_layout(struct sidebar *sb, int cols)
{
	sb->full = false;
	if (cols >= 80) {
		/* Wide enough for every facet tab from 133 columns on. */
		sb->w = cols * 2 / 7 < 24 ? 24 : cols * 2 / 7 > 44 ? 44 :
		    cols * 2 / 7;
	} else {
		/* Narrow: the sidebar takes the screen while it has focus. */
		sb->w = sb->focus ? cols : 0;
		sb->full = sb->focus;
	}
}

/* The sidebar's width (0: hidden). */
int
sidebar_width(const struct sidebar *sb)
{
	return sb->w;
}

/* True when the sidebar takes the whole body. */
bool
sidebar_full(const struct sidebar *sb)
{
	return sb->full;
}

/* True while the sidebar has the focus. */
bool
sidebar_focused(const struct sidebar *sb)
{
	return sb->focus;
}

/* Give the sidebar the focus (or take it away). */
void
sidebar_set_focus(struct sidebar *sb, bool focus)
{
	sb->focus = focus;
}

/* True while a value search is being typed. */
bool
sidebar_searching(const struct sidebar *sb)
{
	return sb->searching;
}

/* The view of facet field f. */
const struct facet *
sidebar_facet(const struct sidebar *sb, enum catalog_field f)
{
	return &sb->facets[f];
}

/* Install the counted values of facet field f (owned from here). */
void
sidebar_install(struct sidebar *sb, enum catalog_field f,
    struct catalog_facet *counted, bool disjunctive)
{
	facet_set(&sb->facets[f], counted, disjunctive);
}

/* The facet field of the tab shown. */
enum catalog_field
sidebar_tab(const struct sidebar *sb)
{
	return sb->tab;
}

/* The value under the cursor, or NULL. */
const struct catalog_facet_value *
sidebar_value(const struct sidebar *sb)
{
	const struct facet *fv = &sb->facets[sb->tab];

	if (fv->cursor >= fv->nvis)
		return NULL;
	return facet_visible(fv, fv->cursor);
}

/* Columns taken by the tab of facet field f (the shown one: its mark too). */
static int
sidebar_tab_width(const struct sidebar *sb, enum catalog_field f)
{
	return sanitize_width(catalog_field_desc(f)->display) + 1 +
	    (f == sb->tab);
}

/*
 * The tabs at (y, x), width w: the display names of the facet fields in
 * table order, the one shown highlighted. When they do not all fit, the
 * first ones give way ("<" says so) until the current one shows.
 */
static void
sidebar_tabs(const struct sidebar *sb, const struct screen *scr, int y, int x,
    int w)
{
	enum catalog_field first = facet_next(CATALOG_NONE, 1), start = first, f;
	int cw, need;

	screen_blank(scr, y, x, w, theme_attr(THEME_HEADER));
	for (int k = 0; k < CATALOG_FIELD_COUNT; k++) {
		need = start != first ? 2 : 0;
		f = start;
		for (int j = 0; j < CATALOG_FIELD_COUNT; j++) {
			need += sidebar_tab_width(sb, f);
			if (f == sb->tab)
				break;
			f = facet_next(f, 1);
		}
		if (need <= w || start == sb->tab)
			break;
		start = facet_next(start, 1);
	}
	cw = x;
	if (start != first)
		cw += screen_put(scr, y, cw, x + w - cw,
		    theme_attr(THEME_HEADER), "< ", false);
	f = start;
	for (int k = 0; k < CATALOG_FIELD_COUNT && cw < x + w; k++) {
		/*
		 * The shown tab is marked in text as well as in colour: on a
		 * monochrome terminal or in a screen dump it must still show.
		 */
		if (f == sb->tab)
			cw += screen_put(scr, y, cw, x + w - cw,
			    theme_attr(THEME_SELECTED), (scr->flags &
			    SANITIZE_ASCII) ? ">" : "\u25b8", false);
		cw += screen_put(scr, y, cw, x + w - cw, f == sb->tab ?
		    theme_attr(THEME_SELECTED) : theme_attr(THEME_HEADER),
		    catalog_field_desc(f)->display, false);
		cw += screen_put(scr, y, cw, x + w - cw,
		    theme_attr(THEME_HEADER), " ", false);
		if ((f = facet_next(f, 1)) == first)
			break;
	}
}

/* The facet sidebar at rows y..y+h, columns x..x+w. */
void
sidebar_draw(struct sidebar *sb, const struct screen *scr, int y, int h,
    int x, int w, const struct catalog_query *q)
{
	struct facet *fv = &sb->facets[sb->tab];
	const struct catalog_facet_value *v;
	int row, namew, attr, bw;
	char line[64], *bar, *safe, *s;
	bool focus = sb->focus, negated, sel;
	size_t k;

	sidebar_tabs(sb, scr, y, x, w);
	y++;
	h--;
	/* The facet's summary: distinct values, search, disjunctive mark. */
	if (sb->searching)
		s = xasprintf("search: %s_", fv->search);
	else if (*fv->search != '\0')
		s = xasprintf("%zu/%zu matching '%s'", fv->nvis,
		    facet_size(fv), fv->search);
	else
		s = xasprintf("%zu values%s", facet_size(fv), fv->disjunctive ?
		    "  (counts: OR, as if unselected)" : "");
	safe = sanitize_text(s, strlen(s), scr->flags);
	screen_put(scr, y, x, w, theme_attr(THEME_DIM), safe, true);
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
			screen_blank(scr, y + row, x, w, theme_attr(THEME_NORMAL));
			if (k == 0 && row == 0)
				screen_put(scr, y, x + 1, w - 1,
				    theme_attr(THEME_DIM), "(no values)", false);
			continue;
		}
		v = facet_visible(fv, k);
		negated = false;
		/* A value holding a NUL is never a term's (terms are text). */
		sel = strlen(v->value) == v->len &&
		    catalog_query_find(q, sb->tab, v->value,
		    &negated) >= 0;
		attr = theme_attr(sel ? (negated ? THEME_EXCLUDED :
		    THEME_ACTIVE) : THEME_NORMAL);
		if (k == fv->cursor)
			attr = theme_attr(focus ? THEME_SELECTED : THEME_CURSOR);
		screen_blank(scr, y + row, x, w, attr);
		screen_put(scr, y + row, x, 2, attr, sel ? (negated ? "-" :
		    (scr->flags & SANITIZE_ASCII ? "*" : "\u2022")) : " ", false);
		screen_put_data(scr, y + row, x + 2, namew, attr, v->value,
		    v->len, true);
		snprintf(line, sizeof line, "%8" PRIu64, v->count);
		screen_put(scr, y + row, x + 2 + namew, 8, k == fv->cursor ?
		    attr : theme_attr(THEME_COUNT), line, false);
		if (bw > 0) {
			bar = chart_bar(v->count, fv->max, bw, scr->flags);
			screen_put(scr, y + row, x + 2 + namew + 9, bw,
			    k == fv->cursor ? attr : theme_attr(THEME_BAR), bar,
			    false);
			free(bar);
		}
	}
}

/* A key while a facet's values are being searched. */
int
sidebar_key_search(struct sidebar *sb, const struct view_key *key)
{
	struct facet *fv = &sb->facets[sb->tab];
	struct lineedit le;
	bool changed;

	if (!key->fn && key->code == 27) {
		facet_search(fv, "");
		sb->searching = false;
		return VIEW_REDRAW;
	}
	if ((!key->fn && (key->code == '\n' || key->code == '\r')) ||
	    (key->fn && key->code == KEY_ENTER)) {
		sb->searching = false;
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
sidebar_key(struct sidebar *sb, enum keymap_action a, int page)
{
	struct facet *fv = &sb->facets[sb->tab];
	uint64_t c;

	switch (a) {
	case KEYMAP_LEFT:
	case KEYMAP_RIGHT:
		sb->tab = facet_next(sb->tab, a == KEYMAP_RIGHT ? 1 : -1);
		return VIEW_REDRAW;
	case KEYMAP_SEARCH:
		sb->searching = true;
		return VIEW_REDRAW;
	case KEYMAP_BACK:
		if (*fv->search != '\0') {
			facet_search(fv, "");
		} else {
			sb->focus = false;
			return VIEW_RELAYOUT;
		}
		return VIEW_REDRAW;
	default:
		c = fv->cursor;
		if (!view_move(&c, fv->nvis, a, page))
			return 0;
		fv->cursor = (size_t)c;
		return VIEW_REDRAW;
	}
}
