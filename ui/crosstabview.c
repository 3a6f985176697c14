/*
 * crosstabview.c - the crosstab view (see crosstabview.h).
 */
#include "crosstabview.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "theme.h"
#include "view.h"
#include "xmalloc.h"

#define CROSSTABVIEW_LABEL 18         /* columns of the row labels */
#define CROSSTABVIEW_CELL 9           /* columns of a cell */

/* Start on brand x type, with nothing counted. */
void
crosstabview_init(struct crosstabview *xv)
{
	memset(xv, 0, sizeof *xv);
	xv->rows = CATALOG_BRAND;
	xv->cols = CATALOG_TYPE;
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
}

/* Install a counted table (owned from here). */
void
crosstabview_install(struct crosstabview *xv, struct catalog_crosstab *x)
{
	catalog_crosstab_free(xv->x);
	xv->x = NULL;
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

/* Put count right-aligned in a cell at (y, x). */
static void
crosstabview_count(const struct screen *scr, int y, int x, int attr,
    uint64_t count)
{
	char cell[32];

	snprintf(cell, sizeof cell, "%*" PRIu64 " ", CROSSTABVIEW_CELL, count);
	screen_put(scr, y, x, CROSSTABVIEW_CELL + 1, attr, cell, true);
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

/* Draw the table on rows y..y+h of scr. */
void
crosstabview_draw(struct crosstabview *xv, const struct screen *scr, int y,
    int h)
{
	const struct catalog_crosstab *x = xv->x;
	int normal = theme_attr(THEME_NORMAL), head = theme_attr(THEME_HEADER);
	int sel = theme_attr(THEME_SELECTED), cnt = theme_attr(THEME_COUNT);
	int cw = CROSSTABVIEW_CELL + 1, lw = CROSSTABVIEW_LABEL + 1;
	int w = scr->cols, vr = h - 4, vc = (w - lw - cw) / cw, col, r;
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
	if (vc < 1)
		vc = 1;
	crosstabview_follow(&xv->top, xv->row, vr > 0 ? (size_t)vr : 1);
	crosstabview_follow(&xv->left, xv->col, (size_t)vc);

	/* The column labels, right-aligned over their cells. */
	col = lw;
	for (size_t j = xv->left; j < x->cols.n && j < xv->left + (size_t)vc;
	    j++, col += cw) {
		const char *s = x->cols.labels[j];
		int lwid;
		char *safe = sanitize_text(s, strlen(s), scr->flags);
		char *fit = sanitize_fit(safe, CROSSTABVIEW_CELL, false,
		    scr->flags);

		lwid = sanitize_width(fit);
		screen_put(scr, y + 1, col + CROSSTABVIEW_CELL - lwid, lwid,
		    j == xv->col ? sel : head, fit, false);
		free(fit);
		free(safe);
	}
	screen_put(scr, y + 1, col, cw, head, "    total", false);

	for (r = 0; r < vr && xv->top + (size_t)r < x->rows.n; r++) {
		size_t i = xv->top + (size_t)r;
		const char *s = x->rows.labels[i];

		screen_put_data(scr, y + 2 + r, 0, CROSSTABVIEW_LABEL,
		    i == xv->row ? sel : head, s, strlen(s), true);
		col = lw;
		for (size_t j = xv->left; j < x->cols.n &&
		    j < xv->left + (size_t)vc; j++, col += cw)
			crosstabview_count(scr, y + 2 + r, col,
			    i == xv->row && j == xv->col ? sel : cnt,
			    x->counts[i * x->cols.n + j]);
		crosstabview_count(scr, y + 2 + r, col, normal,
		    x->rows.totals[i]);
	}
	/* The columns' totals under the rows shown. */
	screen_put(scr, y + 2 + r, 0, CROSSTABVIEW_LABEL, head, "total", true);
	col = lw;
	for (size_t j = xv->left; j < x->cols.n && j < xv->left + (size_t)vc;
	    j++, col += cw)
		crosstabview_count(scr, y + 2 + r, col, normal, x->cols.totals[j]);
	crosstabview_count(scr, y + 2 + r, col, normal, x->total);

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
