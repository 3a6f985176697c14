/*
 * grid.c - the grid view (see grid.h).
 *
 * A frame asks the result for the ids of the tiles shown (one
 * catalog_result_ids call), their caption rows (cached by id, as the
 * list does) and, for each tile whose picture is not already on the
 * screen, the stored thumbnail: decoded with DCT scaling to the tile,
 * boxes burnt in, the cursor framed. Composed pictures are cached by
 * what decides them, so that moving the cursor recomposes two tiles and
 * paging back costs no decode; in sixel and 24-bit modes the photo pane
 * does not even rewrite a tile that is unchanged.
 */
#include "grid.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "image.h"
#include "preview.h"
#include "sanitize.h"
#include "theme.h"
#include "view.h"
#include "xmalloc.h"

#define GRID_ROW_CACHE 512        /* caption rows kept, a power of two */
#define GRID_PIC_CACHE 256        /* composed pictures kept, a power of two */
#define GRID_MAX_TILES 512        /* tiles on one screen at most */
#define GRID_TILE_PX 190          /* the width in pixels a tile aims at */
#define GRID_CURSOR_RGB 0xffffffu /* the cursor tile's frame */

/* A caption row, direct-mapped by id. */
struct grid_row {
	bool valid;
	double threshold;
	struct catalog_row row;
};

/* A composed picture, direct-mapped by its key. */
struct grid_pic {
	bool valid;
	uint64_t key;
	struct image img;
};

/* What decides a tile's picture (hashed into its key). */
struct grid_pic_desc {
	const struct catalog *cat;
	uint32_t id, photo;
	int pw, ph;
	bool boxes, names, cursor;
	double threshold;
};

/* Start at the top, items mode, nothing cached. */
void
grid_init(struct grid *g)
{
	memset(g, 0, sizeof *g);
}

/* Free the caches and the item. */
void
grid_fini(struct grid *g)
{
	size_t i;

	for (i = 0; g->rows != NULL && i < GRID_ROW_CACHE; i++) {
		if (g->rows[i].valid)
			catalog_row_fini(&g->rows[i].row);
	}
	for (i = 0; g->pics != NULL && i < GRID_PIC_CACHE; i++)
		image_fini(&g->pics[i].img);
	free(g->rows);
	free(g->pics);
	catalog_item_free(g->item);
	memset(g, 0, sizeof *g);
}

/* Tiles about GRID_TILE_PX pixels wide, pictures 1.1 times as tall. */
void
grid_layout(struct grid_layout *lay, int h, int w, int cw, int ch)
{
	memset(lay, 0, sizeof *lay);
	if (h < 2 || w < 4 || cw < 1 || ch < 1)
		return;
	lay->ncols = (w * cw + GRID_TILE_PX / 2) / GRID_TILE_PX;
	if (lay->ncols < 1)
		lay->ncols = 1;
	if (w / lay->ncols < 8)
		lay->ncols = w / 8 > 0 ? w / 8 : 1;
	lay->tile_w = w / lay->ncols;
	lay->pic_cols = lay->tile_w > 1 ? lay->tile_w - 1 : 1;
	lay->pic_rows = (lay->pic_cols * cw * 11 / 10 + ch / 2) / ch;
	if (lay->pic_rows < 1)
		lay->pic_rows = 1;
	if (lay->pic_rows + 1 > h)
		lay->pic_rows = h - 1;
	lay->tile_h = lay->pic_rows + 1;
	lay->nrows = h / lay->tile_h;
	while (lay->ncols * lay->nrows > GRID_MAX_TILES)
		lay->nrows--;
}

/* The cursor's position in the result (the item's, in photos mode). */
uint64_t
grid_cursor(const struct grid *g)
{
	return g->photos ? g->item_pos : g->cursor;
}

/* Put the cursor on position pos of the result. */
void
grid_set_cursor(struct grid *g, uint64_t pos)
{
	g->cursor = pos;
}

/* Back to the top (a new order). */
void
grid_home(struct grid *g)
{
	g->cursor = g->top = 0;
}

/* True in photos mode. */
bool
grid_photos(const struct grid *g)
{
	return g->photos;
}

/* The photo under the cursor in photos mode. */
size_t
grid_photo(const struct grid *g)
{
	return g->photos ? (size_t)g->pcursor : 0;
}

/* Show every photo of item id (at result position pos). */
bool
grid_open_photos(struct grid *g, struct catalog *cat, uint64_t pos,
    uint32_t id, char **cause)
{
	struct catalog_item *it = catalog_item_get(cat, id, cause);

	if (it == NULL)
		return false;
	catalog_item_free(g->item);
	g->item = it;
	g->item_pos = pos;
	g->pcursor = g->ptop = 0;
	g->photos = true;
	return true;
}

/* Back to the items. */
void
grid_close_photos(struct grid *g)
{
	g->photos = false;
	catalog_item_free(g->item);
	g->item = NULL;
}

/* The caption row of item id (borrowed from the cache), or NULL. */
static const struct catalog_row *
grid_row(struct grid *g, struct catalog *cat, double threshold, uint32_t id)
{
	struct grid_row *c;
	char *cause = NULL;

	if (g->rows == NULL)
		g->rows = xcalloc(GRID_ROW_CACHE, sizeof *g->rows);
	c = &g->rows[id & (GRID_ROW_CACHE - 1)];
	if (c->valid && c->row.id == id && c->threshold == threshold)
		return &c->row;
	if (c->valid)
		catalog_row_fini(&c->row);
	c->valid = false;
	if (!catalog_row_get(cat, id, threshold, &c->row, &cause)) {
		free(cause);
		return NULL;
	}
	c->row.id = id;
	c->threshold = threshold;
	c->valid = true;
	return &c->row;
}

/* FNV-1a over the bytes that decide a picture (never 0: 0 is "none"). */
static uint64_t
grid_pic_key(const struct grid_pic_desc *d)
{
	const unsigned char *p = (const unsigned char *)d;
	uint64_t h = 14695981039346656037ull;
	size_t i;

	for (i = 0; i < sizeof *d; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h != 0 ? h : 1;
}

/*
 * Compose the picture d describes into img (owned by the caller): the
 * thumbnail fitted and centred on the background, its boxes, the cursor's
 * frame. item (borrowed, may be NULL) gives the boxes. False with
 * *cause (owned) when the photo cannot be shown.
 */
static bool
grid_compose(const struct grid_pic_desc *d, struct catalog *cat,
    const struct catalog_item *item, struct image *img, char **cause)
{
	struct preview_style style;
	struct image pic;
	void *jpeg = NULL;
	size_t len = 0;
	int m = d->cursor ? (d->names ? 4 : 1) : 0, fw, fh;

	image_init(img);
	fw = d->pw - 2 * m;
	fh = d->ph - 2 * m;
	if (!catalog_thumb_get(cat, d->id, d->photo, &jpeg, &len, cause))
		return false;
	if (!preview_decode(jpeg, len, fw, fh, &pic, cause)) {
		free(jpeg);
		return false;
	}
	free(jpeg);
	if (d->boxes && item != NULL && d->photo < item->nphotos) {
		preview_style_init(&style);
		style.threshold = d->threshold;
		style.names = d->names;
		preview_draw_boxes(&pic, &item->photos[d->photo], &style);
	}
	preview_canvas(img, d->pw, d->ph, PREVIEW_BACKGROUND);
	preview_blit(img, &pic, (d->pw - pic.width) / 2,
	    (d->ph - pic.height) / 2);
	image_fini(&pic);
	if (d->cursor)
		draw_frame(img, 0, 0, d->pw, d->ph, m, GRID_CURSOR_RGB);
	return true;
}

/*
 * The picture d describes, from the cache or composed (borrowed from
 * the cache), or NULL with *cause. Boxes need the whole item: read here
 * unless item (borrowed) is it.
 */
static const struct image *
grid_pic(struct grid *g, struct catalog *cat, const struct grid_pic_desc *d,
    uint64_t key, const struct catalog_item *item, char **cause)
{
	struct catalog_item *own = NULL;
	struct grid_pic *c;
	bool ok;

	if (g->pics == NULL)
		g->pics = xcalloc(GRID_PIC_CACHE, sizeof *g->pics);
	c = &g->pics[key & (GRID_PIC_CACHE - 1)];
	if (c->valid && c->key == key)
		return &c->img;
	image_fini(&c->img);
	c->valid = false;
	if (d->boxes && item == NULL) {
		char *why = NULL;

		/* Without its labels the picture is still worth showing. */
		own = catalog_item_get(cat, d->id, &why);
		free(why);
		item = own;
	}
	ok = grid_compose(d, cat, item, &c->img, cause);
	catalog_item_free(own);
	if (!ok)
		return NULL;
	c->valid = true;
	c->key = key;
	return &c->img;
}

/* Append part (borrowed, len bytes) to caption s if it fits in w columns. */
static void
grid_caption_add(char *s, size_t size, const char *part, size_t len, int w,
    const char *sep)
{
	size_t used = strlen(s);
	char *safe;

	if (len == 0)
		return;
	safe = sanitize_text(part, len, sanitize_locale_flags());
	if (sanitize_width(s) + (used ? sanitize_width(sep) : 0) +
	    sanitize_width(safe) <= w &&
	    used + strlen(sep) + strlen(safe) < size)
		snprintf(s + used, size - used, "%s%s", used ? sep : "", safe);
	free(safe);
}

/*
 * The caption of an item tile for w columns: brand, type, the date, the
 * uuid's first characters, each only when it fits whole (sanitized).
 */
static void
grid_caption(const struct catalog_row *r, int w, bool ascii, char *s,
    size_t size)
{
	const char *sep = ascii ? " / " : " \xc2\xb7 ";
	char buf[32];
	const char *v;
	size_t len;

	s[0] = '\0';
	v = catalog_row_field(r, CATALOG_BRAND, buf, &len);
	grid_caption_add(s, size, v, len, w, sep);
	v = catalog_row_field(r, CATALOG_TYPE, buf, &len);
	grid_caption_add(s, size, v, len, w, sep);
	v = catalog_row_field(r, CATALOG_DATE, buf, &len);
	grid_caption_add(s, size, v, len > 10 ? 10 : len, w, sep);
	v = catalog_row_field(r, CATALOG_UUID, buf, &len);
	grid_caption_add(s, size, v, len > 8 ? 8 : len, w, sep);
	if (s[0] == '\0') {
		/* Nothing fits whole: the brand, cut by screen_put. */
		char *safe;

		v = catalog_row_field(r, CATALOG_BRAND, buf, &len);
		safe = sanitize_text(v, len, sanitize_locale_flags());
		snprintf(s, size, "%s", safe);
		free(safe);
	}
}

/* Keep the first tile shown on a row boundary, the cursor on screen. */
static void
grid_scroll(uint64_t cursor, uint64_t *top, const struct grid_layout *lay)
{
	uint64_t n = (uint64_t)lay->ncols, page = n * (uint64_t)lay->nrows;

	*top -= *top % n;
	if (cursor < *top)
		*top = cursor - cursor % n;
	if (page > 0 && cursor >= *top + page)
		*top = (cursor / n - (uint64_t)lay->nrows + 1) * n;
}

/* The grid at rows y0..y0+h, columns x..x+w (see grid.h). */
void
grid_draw(struct grid *g, const struct screen *scr, int y0, int h, int x,
    int w, struct catalog *cat, const struct catalog_result *res,
    double threshold, struct photo_pane *pane, bool focus)
{
	struct grid_layout *lay = &g->lay;
	struct grid_pic_desc d;
	const struct catalog_row *r;
	const struct image *img;
	uint32_t ids[GRID_MAX_TILES];
	uint64_t total, *cursor, *top, key;
	size_t n = 0, i;
	int cw, ch, pw = 0, ph = 0, ty, tx, attr;
	bool pics, ascii = scr->flags & SANITIZE_ASCII;
	char cap[256], *cause = NULL;

	photo_pane_cell(pane, &cw, &ch);
	for (int row = 0; row < h; row++)
		screen_blank(scr, y0 + row, x, w, theme_attr(THEME_NORMAL));
	grid_layout(lay, h, w, cw, ch);
	photo_pane_tiles_begin(pane);
	if (g->photos && g->item != NULL) {
		total = g->item->nphotos;
		cursor = &g->pcursor;
		top = &g->ptop;
	} else {
		total = res != NULL ? catalog_result_count(res) : 0;
		cursor = &g->cursor;
		top = &g->top;
	}
	if (*cursor >= total)
		*cursor = total > 0 ? total - 1 : 0;
	if (lay->nrows < 1 || total == 0) {
		screen_put(scr, y0, x + 1, w - 1, theme_attr(THEME_DIM),
		    lay->nrows < 1 ? "no room for tiles" : res == NULL ?
		    "" : g->photos ? "this item has no photos" :
		    "no items match", false);
		photo_pane_tiles_end(pane);
		return;
	}
	grid_scroll(*cursor, top, lay);
	n = (size_t)lay->ncols * (size_t)lay->nrows;
	if (g->photos) {
		n = *top + n <= total ? n : (size_t)(total - *top);
	} else
		n = catalog_result_ids(res, *top, n, ids);
	pics = photo_pane_tile_size(pane, lay->pic_rows, lay->pic_cols, &pw,
	    &ph);
	for (i = 0; i < n; i++) {
		bool cur = *top + i == *cursor;

		ty = y0 + (int)(i / (size_t)lay->ncols) * lay->tile_h;
		tx = x + (int)(i % (size_t)lay->ncols) * lay->tile_w;
		attr = theme_attr(cur ? (focus ? THEME_SELECTED : THEME_CURSOR) :
		    THEME_NORMAL);
		memset(&d, 0, sizeof d);
		d.cat = cat;
		if (g->photos) {
			const struct catalog_photo *p =
			    &g->item->photos[*top + i];

			d.id = g->item->id;
			d.photo = (uint32_t)(*top + i);
			snprintf(cap, sizeof cap, "%" PRIu64 "/%zu ", *top + i + 1,
			    g->item->nphotos);
			grid_caption_add(cap, sizeof cap, p->name,
			    strlen(p->name), lay->pic_cols, "");
		} else {
			d.id = ids[i];
			if ((r = grid_row(g, cat, threshold, ids[i])) != NULL)
				grid_caption(r, lay->pic_cols, ascii, cap,
				    sizeof cap);
			else
				snprintf(cap, sizeof cap, "unreadable item");
		}
		screen_put(scr, ty + lay->pic_rows, tx, lay->pic_cols, attr,
		    cap, true);
		if (!pics) {
			if (cur)
				screen_put(scr, ty, tx, lay->pic_cols, attr,
				    ascii ? "[*]" : "\u25b6", false);
			continue;
		}
		d.pw = pw;
		d.ph = ph;
		d.boxes = photo_pane_boxes(pane);
		d.names = photo_pane_sharp(pane);
		d.cursor = cur;
		d.threshold = d.boxes ? threshold : 0;
		key = grid_pic_key(&d);
		if (photo_pane_tile_ready(pane, i, stdscr, ty, tx,
		    lay->pic_rows, lay->pic_cols, key))
			continue;
		img = grid_pic(g, cat, &d, key, g->photos ? g->item : NULL,
		    &cause);
		if (img == NULL || !photo_pane_tile_put(pane, i, stdscr, ty, tx,
		    lay->pic_rows, lay->pic_cols, key, img, &cause)) {
			screen_put_data(scr, ty + lay->pic_rows / 2, tx,
			    lay->pic_cols, theme_attr(THEME_DIM), cause ? cause :
			    "no photo", cause ? strlen(cause) : 8, false);
			free(cause);
			cause = NULL;
		}
	}
	photo_pane_tiles_end(pane);
}

/* Move the grid's cursor by action a over total tiles. */
int
grid_key(struct grid *g, enum keymap_action a, uint64_t total)
{
	uint64_t *cursor = g->photos ? &g->pcursor : &g->cursor;
	uint64_t *top = g->photos ? &g->ptop : &g->top;
	uint64_t n = g->lay.ncols > 0 ? (uint64_t)g->lay.ncols : 1;
	uint64_t page = n * (uint64_t)(g->lay.nrows > 0 ? g->lay.nrows : 1);
	uint64_t last = total > 0 ? total - 1 : 0, c = *cursor;

	if (g->photos && g->item != NULL)
		total = g->item->nphotos, last = total > 0 ? total - 1 : 0;
	switch (a) {
	case KEYMAP_LEFT:
		c = c > 0 ? c - 1 : 0;
		break;
	case KEYMAP_RIGHT:
		c = c < last ? c + 1 : last;
		break;
	case KEYMAP_UP:
		c = c >= n ? c - n : c;
		break;
	case KEYMAP_DOWN:
		/* To the row below; on the last row's tail, its last tile. */
		if (c / n < last / n)
			c = c + n <= last ? c + n : last;
		break;
	case KEYMAP_PAGE_DOWN:
		/* The next screenful: the view moves with the cursor. */
		if (*top + page <= last) {
			*top += page;
			c = c + page <= last ? c + page : last;
		} else
			c = last;
		break;
	case KEYMAP_PAGE_UP:
		*top = *top >= page ? *top - page : 0;
		c = c >= page ? c - page : 0;
		break;
	case KEYMAP_TOP:
		c = 0;
		break;
	case KEYMAP_BOTTOM:
		c = last;
		break;
	default:
		return 0;
	}
	*cursor = total > 0 ? c : 0;
	return VIEW_REDRAW;
}
