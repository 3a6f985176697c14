/*
 * crosstabview.c - the crosstab view (see crosstabview.h).
 */
#include "crosstabview.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "photo.h"
#include "plot.h"
#include "sanitize.h"
#include "theme.h"
#include "view.h"
#include "xmalloc.h"

/* Start on brand x type, with nothing counted. */
void
crosstabview_init(struct crosstabview *xv)
{
	memset(xv, 0, sizeof *xv);
	xv->rows = CATALOG_BRAND;
	xv->cols = CATALOG_TYPE;
	chart_set_init(&xv->heat);
}

/* Free the table and the terms. */
void
crosstabview_fini(struct crosstabview *xv)
{
	catalog_crosstab_free(xv->x);
	free(xv->apply[0]);
	free(xv->apply[1]);
	xv->x = NULL;
	xv->apply[0] = xv->apply[1] = NULL;
	chart_set_fini(&xv->heat);
	/* cairo's and fontconfig's caches, if a heat map was drawn. */
	plot_finish();
}

/* Install a counted table (owned from here). */
void
crosstabview_install(struct crosstabview *xv, struct catalog_crosstab *x)
{
	catalog_crosstab_free(xv->x);
	xv->x = NULL;
	chart_set_fini(&xv->heat);
	xv->gen++;
	if (x != NULL && (x->rows.field != xv->rows ||
	    x->cols.field != xv->cols)) {
		catalog_crosstab_free(x);
		return;
	}
	xv->x = x;
	if (x == NULL)
		return;
	/* The cursor stays where it was, within the new table. */
	if (xv->row >= x->rows.n)
		xv->row = x->rows.n > 0 ? x->rows.n - 1 : 0;
	if (xv->col >= x->cols.n)
		xv->col = x->cols.n > 0 ? x->cols.n - 1 : 0;
}

/* Scroll *first so that cur is among the shown rows (or columns). */
static void
crosstabview_follow(size_t *first, size_t cur, size_t shown)
{
	if (shown == 0)
		shown = 1;
	if (cur < *first)
		*first = cur;
	else if (cur >= *first + shown)
		*first = cur - shown + 1;
}

/*
 * The heat map of the window in rows y..y+h (a sixel); false when the
 * pane cannot show it (the caller draws text).
 */
static bool
crosstabview_picture(struct crosstabview *xv, struct chart *c,
    const struct screen *scr, int y, int h, struct photo_pane *pane)
{
	struct plot_palette pal;
	struct image img;
	int cw, ch, pw, ph, maxw, maxh, fit;
	bool ok;

	if (!photo_pane_cells(pane, &cw, &ch) || h < 2)
		return false;
	photo_pane_sixel_max(pane, &maxw, &maxh);
	pw = scr->cols * cw;
	ph = h * ch / 6 * 6;
	if (maxw > 0 && pw > maxw)
		pw = maxw;
	if (maxh > 0 && ph > maxh / 6 * 6)
		ph = maxh / 6 * 6;
	plot_palette_init(&pal, photo_pane_dark(pane, NULL));
	pal.scale = ch / 15.0;        /* plot text about the terminal's height */
	/* The rows the picture holds (plot_height: 110 + 34 a row). */
	fit = (int)((ph / pal.scale - 110) / 34);
	c->rows_shown = fit < 1 ? 1 : (size_t)fit;
	crosstabview_follow(&xv->top, xv->row, c->rows_shown);
	c->top = xv->top;
	if (!plot_image(c, pw, ph, &pal, &img, NULL))
		return false;
	for (int r = 0; r < h; r++)
		screen_blank(scr, y + r, 0, scr->cols, theme_attr(THEME_NORMAL));
	/* One id per table, window and cursor: the same is not encoded twice. */
	ok = photo_pane_picture(pane, stdscr, y, 0, h, scr->cols, &img,
	    ((xv->gen * 131 + xv->top) * 131 + xv->left) * 1000003UL +
	    xv->row * 1009 + xv->col + 1);
	image_fini(&img);
	return ok;
}

/* Paint attr over cells x..x+w of the body's line k (rows y..y+h). */
static void
crosstabview_paint(int y, int h, int k, int x, int w, int attr)
{
	if (k >= 0 && k < h)
		mvchgat(y + k, x, w, (attr_t)(attr & ~A_COLOR),
		    (short)PAIR_NUMBER(attr), NULL);
}

/*
 * Draw the table on rows y..y+h of scr: the heading, the HEAT chart's
 * window around the cursor (text, its row, column and cell painted, or
 * a heat map), and the cell's terms and count at the bottom.
 */
void
crosstabview_draw(struct crosstabview *xv, const struct screen *scr, int y,
    int h, struct photo_pane *pane)
{
	const struct catalog_crosstab *x = xv->x;
	int normal = theme_attr(THEME_NORMAL), head = theme_attr(THEME_HEADER);
	int sel = theme_attr(THEME_SELECTED), w = scr->cols, r, cx, cwid;
	struct chart_lines lines;
	struct chart *c;
	int scroll = 0;
	char *line;

	for (r = 0; r < h; r++)
		screen_blank(scr, y + r, 0, w, normal);
	line = xasprintf("%s down (r), %s across (n/p): a cell counts the items "
	    "with both; Enter applies them", catalog_field_name(xv->rows),
	    catalog_field_name(xv->cols));
	screen_put(scr, y, 0, w, head, line, true);
	free(line);
	if (x == NULL) {
		screen_put(scr, y + 2, 2, w - 2, normal, "(counting...)", false);
		return;
	}
	if (x->rows.n == 0 || x->cols.n == 0) {
		screen_put(scr, y + 2, 2, w - 2, normal, "(no values)", false);
		return;
	}
	if (xv->heat.n == 0)
		chart_set_crosstab(&xv->heat, x, 0, scr->flags);
	c = &xv->heat.charts[0];
	c->cursor_on = true;
	c->cursor = xv->row;
	c->cursor_col = xv->col;
	c->cols_shown = chart_heat_columns(w);
	crosstabview_follow(&xv->left, xv->col, c->cols_shown);
	c->left = xv->left;

	if (!crosstabview_picture(xv, c, scr, y + 1, h - 2, pane)) {
		/* Text: the column names, the rows, the columns' totals. */
		c->rows_shown = h > 4 ? (size_t)(h - 4) : 1;
		crosstabview_follow(&xv->top, xv->row, c->rows_shown);
		c->top = xv->top;
		chart_lines_init(&lines);
		chart_render_body(c, w, scr->flags, &lines);
		screen_put_lines(scr, &lines, y + 1, 0, h - 2, w, &scroll, false);
		chart_lines_fini(&lines);
		/* The cursor's row name, column name and cell. */
		crosstabview_paint(y + 1, h - 2, 1 + (int)(xv->row - xv->top), 0,
		    w < 18 ? w : 18, sel);
		if (chart_heat_cell_x(c, w, xv->col, &cx, &cwid) && cx + cwid <= w) {
			crosstabview_paint(y + 1, h - 2, 0, cx, cwid, sel);
			crosstabview_paint(y + 1, h - 2, 1 + (int)(xv->row -
			    xv->top), cx, cwid, sel);
		}
	}

	/* What Enter does, in words: the cell's terms and its count. */
	{
		const char *rt = x->rows.terms[xv->row], *ct = x->cols.terms[xv->col];

		line = xasprintf("cell: %s %s  %" PRIu64 " items  (%zu of %zu "
		    "rows, %zu of %zu columns)", rt, ct,
		    x->counts[xv->row * x->cols.n + xv->col], xv->row + 1,
		    x->rows.n, xv->col + 1, x->cols.n);
		screen_put_data(scr, y + h - 1, 0, w, normal, line, strlen(line),
		    true);
		free(line);
	}
}

/* The field after f (dir 1) or before it that can be a side, not other. */
static enum catalog_field
crosstabview_next_field(enum catalog_field f, int dir, enum catalog_field other)
{
	int n = CATALOG_FIELD_COUNT, k = (int)f;

	for (int step = 0; step < n; step++) {
		k = (k + dir + n) % n;
		if ((enum catalog_field)k != other &&
		    catalog_crosstab_side_ok((enum catalog_field)k))
			return (enum catalog_field)k;
	}
	return f;
}

/* Action a in the crosstab view. Returns what to redo. */
int
crosstabview_key(struct crosstabview *xv, enum keymap_action a, int page)
{
	size_t nr = xv->x != NULL ? xv->x->rows.n : 0;
	size_t nc = xv->x != NULL ? xv->x->cols.n : 0;
	uint64_t c;

	switch (a) {
	case KEYMAP_UP:
	case KEYMAP_DOWN:
	case KEYMAP_PAGE_UP:
	case KEYMAP_PAGE_DOWN:
	case KEYMAP_TOP:
	case KEYMAP_BOTTOM:
		c = xv->row;
		view_move(&c, nr, a, page);
		xv->row = (size_t)c;
		return VIEW_REDRAW;
	case KEYMAP_LEFT:
		if (xv->col > 0)
			xv->col--;
		return VIEW_REDRAW;
	case KEYMAP_RIGHT:
		if (xv->col + 1 < nc)
			xv->col++;
		return VIEW_REDRAW;
	case KEYMAP_ROWS:
		xv->rows = crosstabview_next_field(xv->rows, 1, xv->cols);
		xv->row = xv->top = 0;
		return VIEW_RECOUNT;
	case KEYMAP_NEXT:
	case KEYMAP_PREV:
		xv->cols = crosstabview_next_field(xv->cols,
		    a == KEYMAP_NEXT ? 1 : -1, xv->rows);
		xv->col = xv->left = 0;
		return VIEW_RECOUNT;
	case KEYMAP_SELECT:
		if (xv->x == NULL || xv->row >= nr || xv->col >= nc)
			return 0;
		free(xv->apply[0]);
		free(xv->apply[1]);
		xv->apply[0] = xstrdup(xv->x->rows.terms[xv->row]);
		xv->apply[1] = xstrdup(xv->x->cols.terms[xv->col]);
		return VIEW_APPLY | VIEW_REDRAW;
	default:
		return 0;
	}
}

/* The two terms Enter asked for (owned by the caller). */
bool
crosstabview_take_terms(struct crosstabview *xv, char *terms[2])
{
	if (xv->apply[0] == NULL)
		return false;
	terms[0] = xv->apply[0];
	terms[1] = xv->apply[1];
	xv->apply[0] = xv->apply[1] = NULL;
	return true;
}
