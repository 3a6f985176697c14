/*
 * itemlist.c - the item list (see itemlist.h).
 */
#include "itemlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "detail.h"
#include "theme.h"
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

/* A list column: its title, width and what it shows. */
struct itemlist_column {
	const char *title;
	int width;
	int what;                     /* 0 date, 1 uuid, 2..5 top[], 6 photos, 7 labels */
};

/* Choose the list columns for width w (the most important kept first). */
static int
itemlist_columns(int w, struct itemlist_column *cols)
{
	static const struct itemlist_column all[] = {
		{ "date", 10, 0 }, { "uuid", 16, 1 }, { "brand", 18, 2 },
		{ "type", 14, 3 }, { "color", 8, 4 }, { "size", 6, 5 },
		{ "ph", 3, 6 }, { "labels", 0, 7 },
	};
	/* date, brand, type, photos, color, size, uuid; labels take the rest. */
	static const int priority[] = { 0, 2, 3, 6, 4, 5, 1 };
	bool keep[8] = { false };
	int n = 0, used = 0, i, j;

	for (i = 0; i < 7; i++) {
		j = priority[i];
		if (used + all[j].width + 1 <= w) {
			keep[j] = true;
			used += all[j].width + 1;
		}
	}
	keep[7] = w - used >= 8;
	for (i = 0; i < 8; i++) {
		if (!keep[i])
			continue;
		cols[n] = all[i];
		if (all[i].what == 7)
			cols[n].width = w - used;
		n++;
	}
	return n;
}

/* The list row of item id (borrowed from the cache), or NULL with *cause. */
static const struct catalog_row *
itemlist_row(struct browser *br, uint32_t id, char **cause)
{
	struct itemlist_cached_row *c;

	if (br->rows_cache == NULL)
		br->rows_cache = xcalloc(ITEMLIST_ROW_CACHE,
		    sizeof *br->rows_cache);
	c = &br->rows_cache[id & (ITEMLIST_ROW_CACHE - 1)];
	if (c->valid && c->row.id == id && c->threshold == br->threshold)
		return &c->row;
	if (c->valid)
		catalog_row_fini(&c->row);
	c->valid = false;
	if (!catalog_row_get(br->cat, id, br->threshold, &c->row, cause))
		return NULL;
	c->row.id = id;
	c->threshold = br->threshold;
	c->valid = true;
	return &c->row;
}

/* Forget the cached rows. */
void
itemlist_free_rows(struct browser *br)
{
	size_t i;

	for (i = 0; br->rows_cache != NULL && i < ITEMLIST_ROW_CACHE; i++) {
		if (br->rows_cache[i].valid)
			catalog_row_fini(&br->rows_cache[i].row);
	}
	free(br->rows_cache);
	br->rows_cache = NULL;
}

/* The item list at column x, width w: a window over the whole result. */
void
itemlist_draw(struct browser *br, int x, int w)
{
	struct itemlist_column cols[8];
	uint64_t total = br->res ? catalog_result_count(br->res) : 0;
	int ncols = itemlist_columns(w, cols), i, row, cx, h = br->body_h - 1;
	uint32_t ids[512];
	size_t n = 0;
	const struct catalog_row *r;
	char buf[48], *cause = NULL;
	const char *cell;
	size_t len;
	int attr;

	if (h > 512)
		h = 512;
	browser_blank(br, br->body_y, x, w, theme_attr(THEME_HEADER));
	for (i = 0, cx = x; i < ncols; i++) {
		snprintf(buf, sizeof buf, "%s%s", cols[i].title,
		    (cols[i].what == 0 && br->sort <= CATALOG_SORT_OLDEST) ||
		    (cols[i].what == 6 && br->sort == CATALOG_SORT_PHOTOS) ||
		    (cols[i].what == 2 && br->sort == CATALOG_SORT_BRAND) ?
		    (br->sort == CATALOG_SORT_OLDEST ? "+" : "*") : "");
		browser_put(br, br->body_y, cx, cols[i].width,
		    theme_attr(THEME_HEADER), buf, true);
		cx += cols[i].width + 1;
	}
	if (br->cursor < br->top)
		br->top = br->cursor;
	if (h > 0 && br->cursor >= br->top + (uint64_t)h)
		br->top = br->cursor - (uint64_t)h + 1;
	if (br->res != NULL && h > 0)
		n = catalog_result_ids(br->res, br->top, (size_t)h, ids);
	for (row = 0; row < h; row++) {
		int y = br->body_y + 1 + row;

		attr = theme_attr(THEME_NORMAL);
		if ((size_t)row < n && br->top + (uint64_t)row == br->cursor)
			attr = theme_attr(br->focus_facets ? THEME_CURSOR :
			    THEME_SELECTED);
		browser_blank(br, y, x, w, attr);
		if ((size_t)row >= n) {
			if (row == 0 && total == 0)
				browser_put(br, y, x + 1, w - 1,
				    theme_attr(THEME_DIM), br->res ?
				    "no items match" : "", false);
			continue;
		}
		if ((r = itemlist_row(br, ids[row], &cause)) == NULL) {
			cell = cause ? cause : "unreadable item";
			browser_put_data(br, y, x, w, theme_attr(THEME_ERROR),
			    cell, strlen(cell), false);
			free(cause);
			cause = NULL;
			continue;
		}
		for (i = 0, cx = x; i < ncols; i++) {
			switch (cols[i].what) {
			case 0:
				calendar_show(r->timestamp_ms, buf, false);
				cell = buf;
				len = strlen(buf);
				break;
			case 1:
				cell = r->uuid;
				len = strlen(cell);
				break;
			case 6:
				snprintf(buf, sizeof buf, "%2u", r->photos);
				cell = buf;
				len = strlen(buf);
				break;
			case 7:
				cell = r->labels != NULL ? r->labels : "";
				len = r->labels != NULL ? r->labels_len : 0;
				break;
			default:
				cell = r->top[cols[i].what - 2] ?
				    r->top[cols[i].what - 2] : "";
				len = r->top[cols[i].what - 2] ?
				    r->top_len[cols[i].what - 2] : 0;
				break;
			}
			browser_put_data(br, y, cx, cols[i].width, attr, cell,
			    len, true);
			cx += cols[i].width + 1;
		}
	}
}

/*
 * Action a while the list has the focus; total is the result size, page
 * the page height. Returns what to redo.
 */
int
itemlist_key(struct browser *br, enum keymap_action a, uint64_t total,
    int page)
{
	switch (a) {
	case KEYMAP_SELECT:
	case KEYMAP_RIGHT:
		if (total > 0)
			detail_open(br, br->cursor, 0);
		return BROWSER_REDRAW;
	case KEYMAP_SEARCH:
		br->mode = BROWSER_EDIT_QUERY;
		br->edit.cursor = br->edit.len;
		return BROWSER_REDRAW;
	case KEYMAP_LEFT:
		br->focus_facets = true;
		return BROWSER_RELAYOUT;
	default:
		if (browser_move(&br->cursor, total, a, page))
			return BROWSER_REDRAW;
		return 0;
	}
}
