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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
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
#define GRID_BLOCK_CELL_W 9      /* the cell width tiles of blocks are laid out for */
#define GRID_TAGS_PX 260          /* tiles this wide get the boxes' name tags */
#define GRID_THREADS 4            /* workers composing a screenful at most */

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
	bool sharp;                   /* sixel pixels (else two a cell) */
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

/* One tile's picture to make: what the main thread read, what a worker made. */
struct grid_job {
	size_t slot;
	int ty, tx;
	struct grid_pic_desc d;
	uint64_t key;
	void *jpeg;                   /* the thumbnail (owned); NULL: cached */
	size_t len;
	const struct catalog_item *item; /* for the boxes (borrowed) */
	struct catalog_item *own;     /* ... read for this job (owned) */
	const struct image *cached;   /* the picture from the cache (borrowed) */
	struct image img;             /* composed by the worker (owned) */
	struct buf enc;               /* its sixel */
	bool partial, ok;
	char *cause;                  /* owned */
};

/* The jobs of a frame and the next one a worker takes. */
struct grid_work {
	struct grid_job *jobs;
	size_t n, next;
	pthread_mutex_t lock;
	const struct photo_pane *pane;
	bool encode;
};

/*
 * Compose job's picture from its thumbnail into job->img: fitted and
 * centred on the background, its boxes, the cursor's frame. No catalog
 * access: a worker thread runs it.
 */
static bool
grid_compose(struct grid_job *job)
{
	const struct grid_pic_desc *d = &job->d;
	struct preview_style style;
	struct image pic;
	int m = d->cursor ? (d->sharp ? 4 : 1) : 0;

	image_init(&job->img);
	if (!preview_decode(job->jpeg, job->len, d->pw - 2 * m, d->ph - 2 * m,
	    &pic, &job->cause))
		return false;
	if (d->boxes && job->item != NULL && d->photo < job->item->nphotos) {
		preview_style_init(&style);
		style.threshold = d->threshold;
		style.names = d->names;
		preview_draw_boxes(&pic, &job->item->photos[d->photo], &style);
	}
	preview_canvas(&job->img, d->pw, d->ph, PREVIEW_BACKGROUND);
	preview_blit(&job->img, &pic, (d->pw - pic.width) / 2,
	    (d->ph - pic.height) / 2);
	image_fini(&pic);
	if (d->cursor)
		draw_frame(&job->img, 0, 0, d->pw, d->ph, m, GRID_CURSOR_RGB);
	return true;
}

/* A worker: compose and encode jobs until none is left. */
static void *
grid_worker(void *arg)
{
	struct grid_work *w = arg;
	struct grid_job *job;

	for (;;) {
		pthread_mutex_lock(&w->lock);
		job = w->next < w->n ? &w->jobs[w->next++] : NULL;
		pthread_mutex_unlock(&w->lock);
		if (job == NULL)
			return NULL;
		if (job->cached == NULL && !grid_compose(job))
			continue;
		job->ok = !w->encode || photo_pane_tile_encode(w->pane,
		    job->cached != NULL ? job->cached : &job->img, &job->enc,
		    &job->partial, &job->cause);
	}
}

/*
 * Run the jobs: on up to GRID_THREADS threads (decoding and encoding a
 * screenful is the frame's whole cost, and tiles are independent), in
 * line when there are one or two (a cursor move).
 */
static void
grid_run(struct grid_job *jobs, size_t n, const struct photo_pane *pane)
{
	struct grid_work w = { jobs, n, 0, PTHREAD_MUTEX_INITIALIZER, pane,
	    photo_pane_tile_direct(pane) };
	pthread_t th[GRID_THREADS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nth = cpus > 1 ? (size_t)cpus : 1, i, started = 0;

	if (nth > GRID_THREADS)
		nth = GRID_THREADS;
	if (nth > n)
		nth = n;
	for (i = 0; n > 2 && i + 1 < nth; i++) {
		if (pthread_create(&th[i], NULL, grid_worker, &w) != 0)
			break;        /* fewer threads; this one still works */
		started++;
	}
	grid_worker(&w);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&w.lock);
}

/*
 * Prepare job for the picture d describes: from the cache, or its
 * thumbnail and (for boxes) its item read from cat now, on this thread.
 * item (borrowed, may be NULL) is the item when the caller has it.
 */
static bool
grid_job_prepare(struct grid *g, struct catalog *cat, struct grid_job *job,
    const struct catalog_item *item)
{
	struct grid_pic *c;

	if (g->pics == NULL)
		g->pics = xcalloc(GRID_PIC_CACHE, sizeof *g->pics);
	c = &g->pics[job->key & (GRID_PIC_CACHE - 1)];
	if (c->valid && c->key == job->key) {
		job->cached = &c->img;
		return true;
	}
	if (!catalog_thumb_get(cat, job->d.id, job->d.photo, &job->jpeg,
	    &job->len, &job->cause))
		return false;
	job->item = item;
	if (job->d.boxes && item == NULL) {
		char *why = NULL;

		/* Without its labels the picture is still worth showing. */
		job->own = catalog_item_get(cat, job->d.id, &why);
		job->item = job->own;
		free(why);
	}
	return true;
}

/* Keep job's composed picture in the cache (taken from the job). */
static void
grid_job_keep(struct grid *g, struct grid_job *job)
{
	struct grid_pic *c = &g->pics[job->key & (GRID_PIC_CACHE - 1)];

	if (job->cached != NULL || job->img.rgb == NULL)
		return;
	image_fini(&c->img);
	c->img = job->img;
	c->key = job->key;
	c->valid = true;
	image_init(&job->img);
}

/* Free what job holds. */
static void
grid_job_fini(struct grid_job *job)
{
	free(job->jpeg);
	catalog_item_free(job->own);
	image_fini(&job->img);
	buf_fini(&job->enc);
	free(job->cause);
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
	struct grid_job *jobs, *job;
	const struct catalog_row *r;
	uint32_t ids[GRID_MAX_TILES];
	uint64_t total, *cursor, *top, key;
	size_t n = 0, i, njobs = 0, nrun;
	int cw, ch, pw = 0, ph = 0, ty, tx, attr;
	bool pics, ascii = scr->flags & SANITIZE_ASCII;
	char cap[256];

	photo_pane_cell(pane, &cw, &ch);
	if (!photo_pane_sharp(pane)) {
		/*
		 * Blocks and shades have two pixels a cell whatever the
		 * font: tiles as wide in cells as 9-pixel cells would make
		 * them, the cell's shape kept for the pictures' shape.
		 */
		ch = (ch * GRID_BLOCK_CELL_W + cw / 2) / cw;
		cw = GRID_BLOCK_CELL_W;
	}
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
	jobs = xcalloc(n > 0 ? n : 1, sizeof *jobs);
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
		d.sharp = photo_pane_sharp(pane);
		/* Tags would cover a small tile's photo: boxes alone there. */
		d.names = photo_pane_sharp(pane) && pw >= GRID_TAGS_PX;
		d.cursor = cur;
		d.threshold = d.boxes ? threshold : 0;
		key = grid_pic_key(&d);
		if (photo_pane_tile_ready(pane, i, stdscr, ty, tx,
		    lay->pic_rows, lay->pic_cols, key))
			continue;
		job = &jobs[njobs++];
		job->slot = i;
		job->ty = ty;
		job->tx = tx;
		job->d = d;
		job->key = key;
		buf_init(&job->enc);
		if (!grid_job_prepare(g, cat, job, g->photos ? g->item : NULL))
			job->cached = NULL, job->jpeg = NULL;
	}
	/* Only jobs with something to work on go to the workers. */
	for (i = 0, nrun = 0; i < njobs; i++) {
		if (jobs[i].cached != NULL || jobs[i].jpeg != NULL) {
			if (i != nrun) {
				struct grid_job t = jobs[nrun];

				jobs[nrun] = jobs[i];
				jobs[i] = t;
			}
			nrun++;
		}
	}
	grid_run(jobs, nrun, pane);
	for (i = 0; i < njobs; i++) {
		job = &jobs[i];
		if (i >= nrun || (job->cached == NULL && job->img.rgb == NULL) ||
		    !job->ok || !photo_pane_tile_put(pane, job->slot, stdscr,
		    job->ty, job->tx, lay->pic_rows, lay->pic_cols, job->key,
		    job->cached != NULL ? job->cached : &job->img,
		    photo_pane_tile_direct(pane) ? &job->enc : NULL,
		    job->partial, &job->cause)) {
			const char *why = job->cause != NULL ? job->cause :
			    "no photo";

			screen_put_data(scr, job->ty + lay->pic_rows / 2, job->tx,
			    lay->pic_cols, theme_attr(THEME_DIM), why,
			    strlen(why), false);
		}
	}
	/* After every put: a kept picture may take a slot a put read. */
	for (i = 0; i < njobs; i++) {
		grid_job_keep(g, &jobs[i]);
		grid_job_fini(&jobs[i]);
	}
	free(jobs);
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
