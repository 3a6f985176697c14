/*
 * itemlist.c - the item list (see itemlist.h).
 */
#include "itemlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "theme.h"
#include "view.h"
#include "xmalloc.h"

#define ITEMLIST_ROW_CACHE 1024  /* list rows kept, a power of two */

/*
 * List rows by id, direct-mapped: scrolling by a line reads one new
 * row instead of a screenful (a row costs a record parse).
 */
struct itemlist_cached_row {
	bool valid;
	double threshold;
	struct catalog_row row;
};

#define ITEMLIST_SHORT_ID 8           /* a uuid's prefix when narrow */
#define ITEMLIST_SOFT_FIELD 14        /* a field column narrows to here, */
#define ITEMLIST_MIN_FIELD 11         /* ... and, to keep the id, here */

/* Whether column c is a kept top-1 prediction (brand, type...). */
static bool
itemlist_is_top(const struct itemlist_column *c)
{
	return c->what == ITEMLIST_FIELD &&
	    catalog_field_desc(c->field)->kind == CATALOG_KIND_TOP;
}

/* How many kept top-1 columns come before column j. */
static int
itemlist_top_rank(const struct itemlist_column *all, const bool *keep,
    size_t j)
{
	int rank = 0;

	if (!itemlist_is_top(&all[j]))
		return -1;
	for (size_t k = 0; k < j; k++)
		rank += keep[k] && itemlist_is_top(&all[k]);
	return rank;
}

/*
 * Narrow the widest kept top-1 columns, one column at a time, down to
 * min, until *need columns are free; *used follows.
 */
static void
itemlist_narrow(struct itemlist_column *all, const bool *keep, size_t nall,
    int min, int *need, int *used)
{
	while (*need > 0) {
		size_t widest = nall;

		for (size_t j = 0; j < nall; j++)
			if (keep[j] && itemlist_is_top(&all[j]) &&
			    all[j].width > min && (widest == nall ||
			    all[j].width > all[widest].width))
				widest = j;
		if (widest == nall)
			return;
		all[widest].width--;
		(*used)--;
		(*need)--;
	}
}

/*
 * Choose the columns for width w, in the table's list order, then the
 * photo count and the labels. When narrow, the most important are kept:
 * the fields in list order, the photo count, then ids (the uuid); the
 * labels take what is left if it is at least 8 columns.
 */
int
itemlist_columns(int w, struct itemlist_column *cols)
{
	enum catalog_field fields[CATALOG_FIELD_COUNT];
	struct itemlist_column all[ITEMLIST_MAX_COLUMNS];
	bool keep[ITEMLIST_MAX_COLUMNS] = { false };
	size_t nf = catalog_list_columns(fields), nall = 0, i;
	int n = 0, used = 0, pass;

	for (i = 0; i < nf; i++) {
		const struct catalog_field_desc *d = catalog_field_desc(fields[i]);

		all[nall++] = (struct itemlist_column){ fields[i], ITEMLIST_FIELD,
		    d->name, d->list_width };
	}
	all[nall++] = (struct itemlist_column){ CATALOG_NONE, ITEMLIST_PHOTOS,
	    "ph", 3 };
	/* Pass 0: fields other than ids, 1: the photo count, 2: ids. */
	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < nall; i++) {
			bool id = all[i].what == ITEMLIST_FIELD &&
			    catalog_field_desc(all[i].field)->kind ==
			    CATALOG_KIND_ID;
			int p = all[i].what == ITEMLIST_PHOTOS ? 1 : id ? 2 : 0;

			if (p == pass && used + all[i].width + 1 <= w) {
				keep[i] = true;
				used += all[i].width + 1;
			}
		}
	}
	/*
	 * An id that did not fit keeps a short form (ITEMLIST_SHORT_ID
	 * columns, a prefix as git shows a commit), so that at 80 columns
	 * the list still names its items: the top-1 columns narrow to
	 * ITEMLIST_SOFT_FIELD, then the last of them (after the first two)
	 * give way, then they narrow to ITEMLIST_MIN_FIELD; if even that
	 * is not enough, nothing changes.
	 */
	for (i = 0; i < nall; i++) {
		struct itemlist_column saved[ITEMLIST_MAX_COLUMNS];
		bool saved_keep[ITEMLIST_MAX_COLUMNS];
		int need, saved_used = used;

		if (keep[i] || all[i].what != ITEMLIST_FIELD ||
		    catalog_field_desc(all[i].field)->kind != CATALOG_KIND_ID)
			continue;
		memcpy(saved, all, sizeof saved);
		memcpy(saved_keep, keep, sizeof saved_keep);
		need = used + ITEMLIST_SHORT_ID + 1 - w;
		itemlist_narrow(all, keep, nall, ITEMLIST_SOFT_FIELD, &need, &used);
		for (size_t j = nall; j-- > 0 && need > 0;) {
			if (keep[j] && itemlist_top_rank(all, keep, j) >= 2) {
				keep[j] = false;
				used -= all[j].width + 1;
				need -= all[j].width + 1;
			}
		}
		itemlist_narrow(all, keep, nall, ITEMLIST_MIN_FIELD, &need, &used);
		if (need > 0) {
			memcpy(all, saved, sizeof saved);
			memcpy(keep, saved_keep, sizeof saved_keep);
			used = saved_used;
			continue;
		}
		all[i].width = ITEMLIST_SHORT_ID;
		keep[i] = true;
		used += ITEMLIST_SHORT_ID + 1;
	}
	for (i = 0; i < nall; i++) {
		if (keep[i])
			cols[n++] = all[i];
	}
	if (w - used >= 8)
		cols[n++] = (struct itemlist_column){ CATALOG_NONE,
		    ITEMLIST_LABELS, "labels", w - used };
	return n;
}

/* The sort mark of column c: "*" sorted by it, "+" oldest first, or "". */
static const char *
itemlist_sort_mark(enum catalog_sort sort, const struct itemlist_column *c)
{
	enum catalog_kind kind = c->what == ITEMLIST_FIELD ?
	    catalog_field_desc(c->field)->kind : CATALOG_KIND_ANY;

	if (kind == CATALOG_KIND_TIME && sort == CATALOG_SORT_OLDEST)
		return "+";
	if ((kind == CATALOG_KIND_TIME && sort == CATALOG_SORT_NEWEST) ||
	    (c->what == ITEMLIST_PHOTOS && sort == CATALOG_SORT_PHOTOS) ||
	    (c->field == CATALOG_BRAND && sort == CATALOG_SORT_BRAND))
		return "*";
	return "";
}


/* Start at the top with no rows read. */
void
itemlist_init(struct itemlist *il)
{
	il->cursor = il->top = 0;
	il->rows = NULL;
}

/* Forget the cached rows. */
void
itemlist_fini(struct itemlist *il)
{
	size_t i;

	for (i = 0; il->rows != NULL && i < ITEMLIST_ROW_CACHE; i++) {
		if (il->rows[i].valid)
			catalog_row_fini(&il->rows[i].row);
	}
	free(il->rows);
	il->rows = NULL;
}

/* The cursor's position in the result. */
uint64_t
itemlist_cursor(const struct itemlist *il)
{
	return il->cursor;
}

/* Put the cursor on position pos of the result. */
void
itemlist_set_cursor(struct itemlist *il, uint64_t pos)
{
	il->cursor = pos;
}

/* Back to the top (a new order). */
void
itemlist_home(struct itemlist *il)
{
	il->cursor = il->top = 0;
}

/* Keep the cursor within a result of total items. */
void
itemlist_clamp(struct itemlist *il, uint64_t total)
{
	if (il->cursor >= total)
		il->cursor = total > 0 ? total - 1 : 0;
}

/*
 * The list row of item id in cat at threshold (borrowed from the cache),
 * or NULL with *cause.
 */
static const struct catalog_row *
itemlist_row(struct itemlist *il, struct catalog *cat, double threshold,
    uint32_t id, char **cause)
{
	struct itemlist_cached_row *c;

	if (il->rows == NULL)
		il->rows = xcalloc(ITEMLIST_ROW_CACHE, sizeof *il->rows);
	c = &il->rows[id & (ITEMLIST_ROW_CACHE - 1)];
	if (c->valid && c->row.id == id && c->threshold == threshold)
		return &c->row;
	if (c->valid)
		catalog_row_fini(&c->row);
	c->valid = false;
	if (!catalog_row_get(cat, id, threshold, &c->row, cause))
		return NULL;
	c->row.id = id;
	c->threshold = threshold;
	c->valid = true;
	return &c->row;
}

/* The item list at columns x..x+w: a window over the whole result. */
void
itemlist_draw(struct itemlist *il, const struct screen *scr, int y0,
    int body_h, int x, int w, struct catalog *cat,
    const struct catalog_result *res, double threshold,
    enum catalog_sort sort, bool focus)
{
	struct itemlist_column cols[ITEMLIST_MAX_COLUMNS];
	uint64_t total = res ? catalog_result_count(res) : 0;
	int ncols = itemlist_columns(w, cols), i, row, cx, h = body_h - 1;
	uint32_t ids[512];
	size_t n = 0;
	const struct catalog_row *r;
	char buf[48], *cause = NULL;
	const char *cell;
	size_t len;
	int attr;

	if (h > 512)
		h = 512;
	screen_blank(scr, y0, x, w, theme_attr(THEME_HEADER));
	for (i = 0, cx = x; i < ncols; i++) {
		snprintf(buf, sizeof buf, "%s%s", cols[i].title,
		    itemlist_sort_mark(sort, &cols[i]));
		screen_put(scr, y0, cx, cols[i].width,
		    theme_attr(THEME_HEADER), buf, true);
		cx += cols[i].width + 1;
	}
	if (il->cursor < il->top)
		il->top = il->cursor;
	if (h > 0 && il->cursor >= il->top + (uint64_t)h)
		il->top = il->cursor - (uint64_t)h + 1;
	if (res != NULL && h > 0)
		n = catalog_result_ids(res, il->top, (size_t)h, ids);
	for (row = 0; row < h; row++) {
		int y = y0 + 1 + row;

		attr = theme_attr(THEME_NORMAL);
		if ((size_t)row < n && il->top + (uint64_t)row == il->cursor)
			attr = theme_attr(focus ? THEME_SELECTED :
			    THEME_CURSOR);
		screen_blank(scr, y, x, w, attr);
		if ((size_t)row >= n) {
			if (row == 0 && total == 0)
				screen_put(scr, y, x + 1, w - 1,
				    theme_attr(THEME_DIM), res ?
				    "no items match" : "", false);
			continue;
		}
		if ((r = itemlist_row(il, cat, threshold, ids[row],
		    &cause)) == NULL) {
			cell = cause ? cause : "unreadable item";
			screen_put_data(scr, y, x, w, theme_attr(THEME_ERROR),
			    cell, strlen(cell), false);
			free(cause);
			cause = NULL;
			continue;
		}
		for (i = 0, cx = x; i < ncols; i++) {
			switch (cols[i].what) {
			case ITEMLIST_FIELD:
				cell = catalog_row_field(r, cols[i].field, buf, &len);
				break;
			case ITEMLIST_PHOTOS:
				snprintf(buf, sizeof buf, "%2u", r->photos);
				cell = buf;
				len = strlen(buf);
				break;
			default:
				cell = r->labels != NULL ? r->labels : "";
				len = r->labels != NULL ? r->labels_len : 0;
				break;
			}
			/* A short id is a plain prefix, not cut with "...". */
			if (cols[i].what == ITEMLIST_FIELD && catalog_field_desc(
			    cols[i].field)->kind == CATALOG_KIND_ID &&
			    len > (size_t)cols[i].width)
				len = (size_t)cols[i].width;
			screen_put_data(scr, y, cx, cols[i].width, attr, cell,
			    len, true);
			cx += cols[i].width + 1;
		}
	}
}

/*
 * Action a while the list has the focus: moving the cursor; total is the
 * result size, page the page height. Returns what to redo.
 */
int
itemlist_key(struct itemlist *il, enum keymap_action a, uint64_t total,
    int page)
{
	if (view_move(&il->cursor, total, a, page))
		return VIEW_REDRAW;
	return 0;
}
