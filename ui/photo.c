/*
 * photo.c - the photo pane of the item detail.
 *
 * Each draw composes one picture of the whole pane (a strip of all photos,
 * the current photo large with its boxes) on a black canvas of exactly the
 * pane's size, then shows it with what the terminal has:
 * - sixel: kept and written by photo_pane_flush() after doupdate(), at the
 *   pane's screen position, wrapped in DECSC/DECRC so curses' idea of the
 *   cursor and attributes stays true. Because every sixel covers the whole
 *   pane, a new one fully replaces the old; photo_pane_hide() erases the
 *   cells (ECH), which deletes the pixels in every sixel terminal.
 * - blocks: U+2580 with the top pixel as foreground and the bottom one as
 *   background: through curses colour pairs (alloc_pair) with 8-256
 *   colours, or as 24-bit SGR written like a sixel when COLORTERM says so
 *   (curses cannot express direct colour on an xterm-256color terminfo).
 * - ascii: a luminance ramp, monochrome.
 * The status line of the pane (photo n/N, boxes, keys, or why a photo
 * cannot be shown) is plain curses text.
 */
#include "photo.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "buf.h"
#include "draw.h"
#include "image.h"
#include "preview.h"
#include "sanitize.h"
#include "termgfx.h"
#include "xmalloc.h"

/* Cell size assumed when the terminal does not tell (VT340-like). */
#define PHOTO_CELL_W 10
#define PHOTO_CELL_H 20
/* Originals bigger than this are not read (the issue's 15 MB photo fits). */
#define PHOTO_MAX_FILE (64u * 1024u * 1024u)
/* The key code curses returns for "ESC [ ?" while a late reply may come. */
#define PHOTO_KEY_REPLY 0x7ff0
/* How long after detection a late DA1 reply is still swallowed. */
#define PHOTO_LATE_MS 10000

/*
 * A picture placed by another view (the grid's tiles), by slot: where it
 * is, what it shows (the caller's key), and in the modes written outside
 * curses its bytes and whether they are on the screen.
 */
struct photo_tile {
	bool used;                    /* placed since photo_pane_tiles_begin */
	bool shown, pending, partial;
	int sy, sx, rows, cols;       /* screen cells */
	uint64_t key;
	struct buf out;
};

/* Everything that decides the picture: equal keys, equal pictures. */
struct photo_key {
	const struct catalog *cat;
	uint32_t item;
	char uuid[65];
	size_t photo;
	bool labels, ocr, fullscreen;
	double threshold;
	int pw, ph;                   /* canvas size in pixels */
	int sy, sx;                   /* screen position of the pane */
	int gen;                      /* bumped by photo_pane_set_palette */
};

struct photo_pane {
	struct termgfx gfx;
	int tty_in, tty_out;
	long long born_ms;
	int late_state;               /* late DA1 reply swallowing: 0, ESC, CSI */
	int keydef;                   /* PHOTO_KEY_REPLY defined: 1, failed: -1 */

	size_t photo;                 /* the current photo */
	char last_uuid[65];           /* of the item it belongs to */
	bool labels, ocr, fullscreen;
	uint32_t *palette;
	size_t npalette;
	int gen;
	size_t budget;

	/* The last composed picture, its key and its status line. */
	bool have;
	struct photo_key key;
	struct image canvas;
	char *status;                 /* sanitized */

	/* Graphics written outside curses (sixel, 24-bit blocks). */
	struct buf out;               /* the latest encoded frame */
	bool pending;                 /* out must be written by flush */
	bool shown;                   /* something of ours is in the pane now */
	bool current;                 /* ... and it is out */
	bool partial;                 /* out covers less than the pane */
	int sy, sx, srows, scols;     /* its screen cells */
	unsigned long picture;        /* photo_pane_picture's id; 0: none */

	struct photo_tile *tiles;     /* owned, ntiles of them */
	size_t ntiles;

	/* The current photo decoded for the pane (before boxes) and its key. */
	struct image base;
	bool have_base;
	const struct catalog *base_cat;
	uint32_t base_item;
	char base_uuid[65];
	size_t base_photo;
	int base_w, base_h;
	char *base_note;              /* "original: why; " or NULL */

	/* Where the canvas goes in the pane, and what was last written. */
	int oy, ox;                   /* offset of the canvas in cells */
	int orows, ocols;             /* cells it covers */
	bool drawn;                   /* a rect of ours is on the screen */
	int dy, dx, drows, dcols;     /* that rect */
};

bool
photo_pane_dark(const struct photo_pane *pane, const char **how)
{
	if (how != NULL)
		*how = pane->gfx.bg_from == TERMGFX_BG_OSC11 ? "osc11" :
		    pane->gfx.bg_from == TERMGFX_BG_COLORFGBG ? "colorfgbg" :
		    "assumed";
	return pane->gfx.bg_dark;
}

/* Milliseconds on the monotonic clock. */
static long long
photo_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Detect the terminal's graphics and make an empty pane (owned). */
struct photo_pane *
photo_pane_new(int tty_in, int tty_out)
{
	struct photo_pane *pane = xcalloc(1, sizeof *pane);
	const char *b = getenv("RUMMAGE_SIXEL_BUDGET");
	char *end;
	unsigned long v;

	termgfx_detect(tty_in, tty_out, &pane->gfx);
	pane->tty_in = tty_in;
	pane->tty_out = tty_out;
	pane->born_ms = photo_now_ms();
	pane->labels = true;
	pane->budget = PREVIEW_SIXEL_BUDGET;
	if (b != NULL && *b != '\0') {
		v = strtoul(b, &end, 10);
		if (*end == '\0' && v >= 4096 && v <= 256ul * 1024 * 1024)
			pane->budget = v;
	}
	image_init(&pane->canvas);
	image_init(&pane->base);
	buf_init(&pane->out);
	return pane;
}

/* Free the pane; its last picture stays on the screen (call hide first). */
void
photo_pane_free(struct photo_pane *pane)
{
	if (pane == NULL)
		return;
	image_fini(&pane->canvas);
	image_fini(&pane->base);
	free(pane->base_note);
	buf_fini(&pane->out);
	for (size_t i = 0; i < pane->ntiles; i++)
		buf_fini(&pane->tiles[i].out);
	free(pane->tiles);
	free(pane->status);
	free(pane->palette);
	free(pane);
}

/* The drawing mode's name (a static string). */
const char *
photo_pane_mode_name(const struct photo_pane *pane)
{
	return termgfx_mode_name(pane->gfx.mode);
}

/* Use rgb[0..n) (copied) as label box colours; NULL restores the defaults. */
void
photo_pane_set_palette(struct photo_pane *pane, const uint32_t *rgb, size_t n)
{
	free(pane->palette);
	pane->palette = NULL;
	pane->npalette = 0;
	if (rgb != NULL && n > 0) {
		pane->palette = xreallocarray(NULL, n, sizeof *rgb);
		memcpy(pane->palette, rgb, n * sizeof *rgb);
		pane->npalette = n;
	}
	pane->gen++;
}

/* Write all of buf to fd; stop quietly on error (the terminal went away). */
static void
photo_write(int fd, const char *buf, size_t len)
{
	struct pollfd pfd;
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			pfd.fd = fd;
			pfd.events = POLLOUT;
			poll(&pfd, 1, 1000);
			continue;
		}
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/*
 * Erase the cells of what was written outside curses (deletes sixels),
 * clipped to the terminal's present size: after a shrink, a cursor
 * address beyond the screen would land on the last line and erase text
 * curses believes is there.
 */
static void
photo_erase_add(struct photo_pane *pane, struct buf *b, int sy, int sx,
    int rows, int cols)
{
	struct winsize ws;
	int r;

	if (ioctl(pane->tty_out, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0) {
		if (sy + rows > ws.ws_row)
			rows = ws.ws_row - sy;
		if (sx + cols > ws.ws_col)
			cols = ws.ws_col - sx;
	}
	if (rows <= 0 || cols <= 0)
		return;
	buf_adds(b, "\0337\033[0m");
	for (r = 0; r < rows; r++)
		buf_addf(b, "\033[%d;%dH\033[%dX", sy + r + 1, sx + 1, cols);
	buf_adds(b, "\0338");
}

/* Erase cells now (see photo_erase_add). */
static void
photo_erase_cells(struct photo_pane *pane, int sy, int sx, int rows,
    int cols)
{
	struct buf b;

	buf_init(&b);
	photo_erase_add(pane, &b, sy, sx, rows, cols);
	if (b.len > 0)
		photo_write(pane->tty_out, b.data, b.len);
	buf_fini(&b);
}

/* Erase the cells of the whole pane: nothing of ours is left in it. */
static void
photo_erase(struct photo_pane *pane)
{
	photo_erase_cells(pane, pane->sy, pane->sx, pane->srows, pane->scols);
	pane->drawn = false;
}

/* Erase what was written outside curses and forget the picture. */
void
photo_pane_hide(struct photo_pane *pane)
{
	size_t i;

	if (pane->shown)
		photo_erase(pane);
	pane->shown = pane->current = false;
	pane->pending = false;
	pane->have = false;
	pane->picture = 0;
	for (i = 0; i < pane->ntiles; i++) {
		struct photo_tile *t = &pane->tiles[i];

		if (t->shown)
			photo_erase_cells(pane, t->sy, t->sx, t->rows, t->cols);
		t->shown = t->pending = t->used = false;
		t->out.len = 0;
	}
}

/* True when the user has typed ahead: a frame written now would be stale. */
static bool
photo_input_waiting(const struct photo_pane *pane)
{
	struct pollfd pfd = { .fd = pane->tty_in, .events = POLLIN };

	return pane->tty_in >= 0 && poll(&pfd, 1, 0) > 0 &&
	    (pfd.revents & POLLIN);
}

/* Write the pending tiles (sixel or 24-bit blocks), each at its place. */
static void
photo_tiles_flush(struct photo_pane *pane)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < pane->ntiles; i++) {
		struct photo_tile *t = &pane->tiles[i];

		if (!t->used || !t->pending || t->out.len == 0)
			continue;
		if (t->partial && t->shown)
			photo_erase_cells(pane, t->sy, t->sx, t->rows, t->cols);
		b.len = 0;
		buf_addf(&b, "\0337\033[%d;%dH", t->sy + 1, t->sx + 1);
		buf_add(&b, t->out.data, t->out.len);
		buf_adds(&b, "\0338");
		photo_write(pane->tty_out, b.data, b.len);
		t->pending = false;
		t->shown = true;
	}
	buf_fini(&b);
}

/* Write the pending sixel or 24-bit blocks at the pane, unless keys wait. */
void
photo_pane_flush(struct photo_pane *pane)
{
	struct buf b;
	int ny, nx;

	if (photo_input_waiting(pane))
		return;               /* the next draw replaces this frame */
	photo_tiles_flush(pane);
	if (!pane->pending || pane->out.len == 0)
		return;
	ny = pane->sy + pane->oy;
	nx = pane->sx + pane->ox;
	buf_init(&b);
	/*
	 * What the last picture covered and this one does not is erased
	 * in the same write, so the terminal never shows the pane empty.
	 */
	if (pane->drawn && (pane->dy < ny || pane->dx < nx ||
	    pane->dy + pane->drows > ny + pane->orows ||
	    pane->dx + pane->dcols > nx + pane->ocols))
		photo_erase_add(pane, &b, pane->dy, pane->dx, pane->drows,
		    pane->dcols);
	buf_addf(&b, "\0337\033[%d;%dH", ny + 1, nx + 1);
	buf_add(&b, pane->out.data, pane->out.len);
	buf_adds(&b, "\0338");
	photo_write(pane->tty_out, b.data, b.len);
	buf_fini(&b);
	pane->pending = false;
	pane->shown = pane->current = true;
	pane->drawn = true;
	pane->dy = ny;
	pane->dx = nx;
	pane->drows = pane->orows;
	pane->dcols = pane->ocols;
}

/* The pane's keys: [ ] photo, b boxes, o OCR, z full screen. */
bool
photo_pane_key(struct photo_pane *pane, int key)
{
	switch (key) {
	case '[':
		if (pane->photo > 0)
			pane->photo--;
		return true;
	case ']':
		pane->photo++;        /* clamped to the item's photos on draw */
		return true;
	case 'b':
		pane->labels = !pane->labels;
		return true;
	case 'o':
		pane->ocr = !pane->ocr;
		return true;
	case 'z':
		/* The picture changes size: erase the old one everywhere. */
		photo_pane_hide(pane);
		pane->fullscreen = !pane->fullscreen;
		return true;
	}
	return false;
}

/* Show photo k of item (borrowed) when it is drawn next. */
void
photo_pane_select(struct photo_pane *pane, const struct catalog_item *item,
    size_t k)
{
	if (item == NULL)
		return;
	snprintf(pane->last_uuid, sizeof pane->last_uuid, "%s",
	    item->uuid != NULL ? item->uuid : "");
	pane->photo = k;
	pane->have = false;
}

/* True while the full-screen view is on. */
bool
photo_pane_fullscreen(const struct photo_pane *pane)
{
	return pane->fullscreen;
}

/*
 * While a late DA1 reply may come, make curses return "ESC [ ?" as one
 * key code, so that the reply is recognised without holding back a lone
 * Esc key; only when that fails, or when CSI t replies may come too, an
 * ESC is held until the next key shows what it began.
 */
static void
photo_late_keys(struct photo_pane *pane)
{
	if (!pane->gfx.late_reply || pane->keydef != 0)
		return;
	pane->keydef = define_key("\033[?", PHOTO_KEY_REPLY) == OK ? 1 : -1;
}

/* No reply is expected any more: "ESC [ ?" is no key of ours. */
static void
photo_late_done(struct photo_pane *pane)
{
	pane->gfx.late_reply = false;
	if (pane->keydef == 1)
		define_key("\033[?", 0);
	pane->keydef = 0;
}

/* Swallow the bytes of a DA1 reply that came after the timeout. */
int
photo_pane_filter_key(struct photo_pane *pane, int key)
{
	int state = pane->late_state;

	if (!pane->gfx.late_reply)
		return key;
	photo_late_keys(pane);
	if (key == PHOTO_KEY_REPLY) {
		pane->late_state = 2;
		return ERR;
	}
	if (state == 0 && photo_now_ms() - pane->born_ms > PHOTO_LATE_MS) {
		photo_late_done(pane);
		return key;
	}
	if (state == 0) {
		if (key != 27 || (pane->keydef == 1 && !pane->gfx.late_csi))
			return key;
		pane->late_state = 1;
		return ERR;
	}
	if (state == 1) {
		pane->late_state = key == '[' ? 2 : 0;
		if (key == '[')
			return ERR;
		ungetch(key);         /* not a reply: give the ESC back, then key */
		return 27;
	}
	if ((key >= '0' && key <= '9') || key == ';' || key == '?')
		return ERR;
	pane->late_state = 0;
	if (key == 'c')
		photo_late_done(pane);          /* DA1 comes last: done */
	if (key == 'c' || key == 'S' || key == 't')
		return ERR;
	return key;
}

/* Set the pane's status line (takes ownership of an unsanitized string). */
static void
photo_status(struct photo_pane *pane, char *text)
{
	free(pane->status);
	pane->status = sanitize_text(text, strlen(text), sanitize_locale_flags());
	free(text);
}

/*
 * Load the picture of photo k to fill w x h: with original, the photo
 * file from the image root, decoded with DCT scaling to the size needed,
 * when it is readable (else *note says why, for the status line); the
 * stored thumbnail otherwise, enlarged to fill.
 */
static bool
photo_load(struct catalog *cat, const struct catalog_item *item, size_t k,
    int w, int h, bool original, struct image *img, char **note,
    char **cause)
{
	const struct catalog_photo *p = &item->photos[k];
	void *data = NULL;
	size_t len = 0;
	char *why = NULL;
	bool ok;

	if (original && p->resolved_path != NULL) {
		if (image_read_file(p->resolved_path, PHOTO_MAX_FILE, &data, &len,
		    &why) && preview_decode_fill(data, len, w, h, img, &why)) {
			free(data);
			return true;
		}
		free(data);
		data = NULL;
		*note = xasprintf("original: %s; ", why != NULL ? why : "unreadable");
		free(why);
		why = NULL;
	}
	if (cat == NULL || !p->has_thumb) {
		/* Why the original could not be shown is the news here. */
		if (*note != NULL) {
			*cause = xasprintf("%sno thumbnail in the index", *note);
			free(*note);
			*note = NULL;
		} else
			*cause = xstrdup("photo not in the index");
		return false;
	}
	if (!catalog_thumb_get(cat, item->id, (unsigned)k, &data, &len, &why)) {
		*cause = why != NULL ? why : xstrdup("thumbnail unreadable");
		return false;
	}
	ok = preview_decode_fill(data, len, w, h, img, cause);
	free(data);
	return ok;
}

/*
 * The current photo decoded for w x h (borrowed from the pane): kept
 * between draws, so that boxes, OCR and the threshold redraw without
 * reading and decoding the photo again. *note (borrowed, may be NULL).
 */
static const struct image *
photo_base(struct photo_pane *pane, struct catalog *cat,
    const struct catalog_item *item, int w, int h, const char **note,
    char **cause)
{
	const char *uuid = item->uuid != NULL ? item->uuid : "";
	char *nn = NULL;

	if (pane->have_base && pane->base_item == item->id &&
	    strcmp(pane->base_uuid, uuid) == 0 &&
	    pane->base_photo == pane->photo && pane->base_w == w &&
	    pane->base_h == h && pane->base_cat == cat) {
		*note = pane->base_note;
		return &pane->base;
	}
	image_fini(&pane->base);
	free(pane->base_note);
	pane->base_note = NULL;
	pane->have_base = false;
	if (!photo_load(cat, item, pane->photo, w, h, true, &pane->base, &nn,
	    cause)) {
		free(nn);
		return NULL;
	}
	pane->base_note = nn;
	pane->have_base = true;
	pane->base_cat = cat;
	pane->base_item = item->id;
	snprintf(pane->base_uuid, sizeof pane->base_uuid, "%s", uuid);
	pane->base_photo = pane->photo;
	pane->base_w = w;
	pane->base_h = h;
	*note = pane->base_note;
	return &pane->base;
}

/*
 * Compose the pane's picture for the current key into pane->canvas: the
 * photo as large as the pane allows (the strip of all photos above it
 * when there are several), and no larger than the picture: the pane's
 * background shows around it, never a black frame.
 */
static void
photo_compose(struct photo_pane *pane, struct catalog *cat,
    const struct catalog_item *item, double threshold)
{
	struct preview_style style;
	struct image pic, thumb;
	const struct image *base;
	const char *note = NULL;
	char *cause = NULL, *what;
	int pw = pane->key.pw, ph = pane->key.ph, strip = 0, slot, gap, i;
	int n = (int)(item->nphotos > 16 ? 16 : item->nphotos), cw, chh;
	size_t boxes = 0;
	bool utf8 = pane->gfx.utf8, sixel = pane->gfx.mode == TERMGFX_SIXEL;

	image_fini(&pane->canvas);
	preview_style_init(&style);
	style.labels = pane->labels;
	style.ocr = pane->ocr;
	style.threshold = threshold;
	style.palette = pane->palette;
	style.npalette = pane->npalette;
	/* Names are unreadable below a few dozen pixels; blocks show boxes only. */
	style.names = sixel;

	if (n > 1 && !pane->fullscreen && ph >= 24)
		strip = ph / 5;
	base = photo_base(pane, cat, item, pw, ph - strip, &note, &cause);
	image_init(&pic);
	if (base != NULL) {
		preview_canvas(&pic, base->width, base->height, 0);
		preview_blit(&pic, base, 0, 0);
		if (pane->labels || pane->ocr)
			boxes = preview_draw_boxes(&pic,
			    &item->photos[pane->photo], &style);
	}
	/*
	 * The canvas: the photo's width (the strip's slots share it), the
	 * strip's and the photo's heights, in whole sixel bands or
	 * half-block pairs; the pane's width when there is no photo.
	 */
	cw = pic.rgb != NULL ? pic.width : pw;
	chh = strip + (pic.rgb != NULL ? pic.height : 0);
	chh = sixel ? chh / 6 * 6 : chh / 2 * 2;
	if (cw > 0 && chh > 0)
		preview_canvas(&pane->canvas, cw, chh, PREVIEW_BACKGROUND);
	if (strip > 0 && pane->canvas.rgb != NULL) {
		slot = cw / n;
		gap = slot / 16 + 1;
		for (i = 0; i < n; i++) {
			char *why = NULL, *nn = NULL;
			size_t k = (size_t)i;

			if (photo_load(cat, item, k, slot - 2 * gap, strip - 2 * gap,
			    false, &thumb, &nn, &why)) {
				preview_blit(&pane->canvas, &thumb,
				    i * slot + (slot - thumb.width) / 2,
				    (strip - thumb.height) / 2);
				image_fini(&thumb);
			}
			if (k == pane->photo)
				draw_frame(&pane->canvas, i * slot, 0, slot, strip,
				    gap > 1 ? gap / 2 + 1 : 1, 0xffffff);
			free(why);
			free(nn);
		}
	}
	if (pic.rgb != NULL) {
		preview_blit(&pane->canvas, &pic, (cw - pic.width) / 2, strip);
		image_fini(&pic);
		what = !pane->labels && !pane->ocr ? xstrdup("boxes off") :
		    xasprintf("%zu box%s", boxes, boxes == 1 ? "" : "es");
		photo_status(pane, xasprintf("%sphoto %zu/%zu %s %s %s "
		    "[ ] photo  b boxes  o OCR  z %s", note != NULL ? note : "",
		    pane->photo + 1, item->nphotos, utf8 ? "\xc2\xb7" : "-", what,
		    utf8 ? "\xc2\xb7" : "-", pane->fullscreen ? "back" : "full"));
		free(what);
	} else {
		photo_status(pane, xasprintf("photo %zu/%zu: %s%s",
		    pane->photo + 1, item->nphotos, note != NULL ? note : "",
		    cause != NULL ? cause : "cannot be shown"));
	}
	free(cause);
}

/* Nearest colour index of the terminal's palette for rgb. */
static int
photo_color_index(uint32_t rgb)
{
	static const uint8_t base[16][3] = {
		{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
		{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
		{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
		{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
	};
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };
	int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
	int i, best = 0, n, q[3], c[3] = { r, g, b }, grey;
	long d, bd = -1;

	if (COLORS >= 256) {
		for (i = 0; i < 3; i++) {
			q[i] = c[i] < 48 ? 0 : c[i] < 115 ? 1 : (c[i] - 35) / 40;
			if (q[i] > 5)
				q[i] = 5;
		}
		d = (long)(level[q[0]] - r) * (level[q[0]] - r) +
		    (long)(level[q[1]] - g) * (level[q[1]] - g) +
		    (long)(level[q[2]] - b) * (level[q[2]] - b);
		grey = (r + g + b) / 3;
		i = grey < 8 ? 0 : grey > 238 ? 23 : (grey - 8) / 10;
		n = 8 + 10 * i;
		if ((long)(n - r) * (n - r) + (long)(n - g) * (n - g) +
		    (long)(n - b) * (n - b) < d)
			return 232 + i;
		return 16 + 36 * q[0] + 6 * q[1] + q[2];
	}
	n = COLORS >= 16 ? 16 : 8;
	for (i = 0; i < n; i++) {
		d = (long)(base[i][0] - r) * (base[i][0] - r) +
		    (long)(base[i][1] - g) * (base[i][1] - g) +
		    (long)(base[i][2] - b) * (base[i][2] - b);
		if (bd < 0 || d < bd) {
			bd = d;
			best = i;
		}
	}
	return best;
}

/* The colour of pixel (x, y) of img as 0xRRGGBB. */
static uint32_t
photo_pixel(const struct image *img, int x, int y)
{
	const uint8_t *p = img->rgb + ((size_t)y * img->width + x) * 3;

	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* Blocks of img through curses: one colour pair per (top, bottom) colour. */
static void
photo_blocks_curses(const struct image *img, WINDOW *win, int y, int x)
{
	wchar_t half[2] = { 0x2580, 0 };
	cchar_t cc;
	int r, c, pair;

	for (r = 0; r < img->height / 2; r++) {
		for (c = 0; c < img->width; c++) {
			pair = alloc_pair(photo_color_index(photo_pixel(img, c, 2 * r)),
			    photo_color_index(photo_pixel(img, c, 2 * r + 1)));
			if (pair < 0)
				pair = 0;
			setcchar(&cc, half, A_NORMAL, 0, &pair);
			mvwadd_wch(win, y + r, x + c, &cc);
		}
	}
}

/* Blocks of img as 24-bit SGR at screen cell (sy, sx), appended to out. */
static void
photo_blocks_direct(const struct image *img, int sy, int sx, struct buf *out)
{
	uint32_t fg, bg, lfg = 0xffffffffu, lbg = 0xffffffffu;
	int r, c;

	for (r = 0; r < img->height / 2; r++) {
		buf_addf(out, "\033[%d;%dH", sy + r + 1, sx + 1);
		for (c = 0; c < img->width; c++) {
			fg = photo_pixel(img, c, 2 * r);
			bg = photo_pixel(img, c, 2 * r + 1);
			if (fg != lfg)
				buf_addf(out, "\033[38;2;%u;%u;%um",
				    fg >> 16, (fg >> 8) & 255, fg & 255);
			if (bg != lbg)
				buf_addf(out, "\033[48;2;%u;%u;%um",
				    bg >> 16, (bg >> 8) & 255, bg & 255);
			lfg = fg;
			lbg = bg;
			buf_adds(out, "\xe2\x96\x80");
		}
	}
	buf_adds(out, "\033[0m");
}

/* Shades of img through curses: luminance of the two pixels of each cell. */
static void
photo_shades(const struct image *img, bool utf8, WINDOW *win, int y, int x)
{
	static const char ascii[] = " .:-=+*#%@";
	static const wchar_t uni[] = { L' ', 0x2591, 0x2592, 0x2593, 0x2588 };
	wchar_t ch[2] = { 0, 0 };
	cchar_t cc;
	uint32_t a, b;
	int r, c, lum;

	for (r = 0; r < img->height / 2; r++) {
		for (c = 0; c < img->width; c++) {
			a = photo_pixel(img, c, 2 * r);
			b = photo_pixel(img, c, 2 * r + 1);
			lum = (int)((a >> 16) * 2 + ((a >> 8) & 255) * 5 + (a & 255) +
			    (b >> 16) * 2 + ((b >> 8) & 255) * 5 + (b & 255)) / 16;
			if (utf8) {
				ch[0] = uni[lum * 5 / 256];
				setcchar(&cc, ch, A_NORMAL, 0, NULL);
				mvwadd_wch(win, y + r, x + c, &cc);
			} else
				mvwaddch(win, y + r, x + c,
				    (chtype)(unsigned char)ascii[lum * 10 / 256]);
		}
	}
}

/* The mode pictures are drawn in: blocks without colours are shades. */
static enum termgfx_mode
photo_mode(const struct photo_pane *pane)
{
	if (pane->gfx.mode == TERMGFX_BLOCKS && (!has_colors() || COLORS < 8))
		return TERMGFX_ASCII;
	return pane->gfx.mode;
}

/* True when pictures of mode are written outside curses by flush. */
static bool
photo_direct(const struct photo_pane *pane, enum termgfx_mode mode)
{
	return mode == TERMGFX_SIXEL ||
	    (mode == TERMGFX_BLOCKS && pane->gfx.truecolor);
}

/* The cell size pictures are made for: the terminal's, or 10x20. */
void
photo_pane_cell(const struct photo_pane *pane, int *cw, int *ch)
{
	*cw = pane->gfx.cell_w > 0 ? pane->gfx.cell_w : PHOTO_CELL_W;
	*ch = pane->gfx.cell_h > 0 ? pane->gfx.cell_h : PHOTO_CELL_H;
}

/* True while label boxes are drawn ('b'). */
bool
photo_pane_boxes(const struct photo_pane *pane)
{
	return pane->labels;
}

/* True when the pane draws names beside boxes (sixel: enough pixels). */
bool
photo_pane_sharp(const struct photo_pane *pane)
{
	return photo_mode(pane) == TERMGFX_SIXEL;
}

/* The size in pixels of a picture filling rows x cols cells. */
bool
photo_pane_tile_size(const struct photo_pane *pane, int rows, int cols,
    int *pw, int *ph)
{
	enum termgfx_mode mode = photo_mode(pane);
	int cw, ch;

	if (mode == TERMGFX_NONE || rows < 1 || cols < 1)
		return false;
	if (mode == TERMGFX_SIXEL) {
		photo_pane_cell(pane, &cw, &ch);
		*pw = cols * cw;
		*ph = rows * ch / 6 * 6;    /* whole bands: nothing spills below */
		if (pane->gfx.max_w > 0 && *pw > pane->gfx.max_w)
			*pw = pane->gfx.max_w;
		if (pane->gfx.max_h > 0 && *ph > pane->gfx.max_h / 6 * 6)
			*ph = pane->gfx.max_h / 6 * 6;
	} else {
		*pw = cols;
		*ph = 2 * rows;
	}
	return *pw >= 1 && *ph >= 6;
}

/* Start placing tiles: those not placed again are erased by tiles_end. */
void
photo_pane_tiles_begin(struct photo_pane *pane)
{
	for (size_t i = 0; i < pane->ntiles; i++)
		pane->tiles[i].used = false;
}

/* Tile slot, made on first use. */
static struct photo_tile *
photo_tile(struct photo_pane *pane, size_t slot)
{
	size_t i;

	if (slot >= pane->ntiles) {
		pane->tiles = xreallocarray(pane->tiles, slot + 1,
		    sizeof *pane->tiles);
		for (i = pane->ntiles; i <= slot; i++) {
			memset(&pane->tiles[i], 0, sizeof pane->tiles[i]);
			buf_init(&pane->tiles[i].out);
		}
		pane->ntiles = slot + 1;
	}
	return &pane->tiles[slot];
}

/*
 * True when tile slot at (y, x) rows x cols of win already shows (or is
 * about to show) picture key, so that the caller need not compose it.
 * Pictures drawn through curses must be drawn every frame: never ready.
 */
bool
photo_pane_tile_ready(struct photo_pane *pane, size_t slot, WINDOW *win,
    int y, int x, int rows, int cols, uint64_t key)
{
	struct photo_tile *t;
	int by, bx;

	if (!photo_direct(pane, photo_mode(pane)) || slot >= pane->ntiles)
		return false;
	t = &pane->tiles[slot];
	getbegyx(win, by, bx);
	if (t->key != key || t->sy != by + y || t->sx != bx + x ||
	    t->rows != rows || t->cols != cols || !(t->shown || t->pending))
		return false;
	t->used = true;
	return true;
}

/* True when tiles are written by flush from photo_pane_tile_encode's bytes. */
bool
photo_pane_tile_direct(const struct photo_pane *pane)
{
	return photo_direct(pane, photo_mode(pane));
}

/*
 * Encode img (borrowed) for a tile: a sixel (dithered cube), or nothing
 * to do in the other modes. Reads the pane only, so several threads may
 * encode at once. False with *cause (owned).
 */
bool
photo_pane_tile_encode(const struct photo_pane *pane, const struct image *img,
    struct buf *out, bool *partial, char **cause)
{
	struct preview_style style;
	int ow = 0, oh = 0;

	*partial = false;
	if (photo_mode(pane) != TERMGFX_SIXEL)
		return true;
	preview_style_init(&style);
	style.palette = pane->palette;
	style.npalette = pane->npalette;
	style.cube = true;
	if (!preview_sixel(img, pane->gfx.colors, &style, pane->budget, out,
	    &ow, &oh, cause))
		return false;
	*partial = ow < img->width || oh < img->height;
	return true;
}

/* Tile slot placed at (y, x) rows x cols of win showing key; its bytes reset. */
static struct photo_tile *
photo_tile_place(struct photo_pane *pane, size_t slot, WINDOW *win, int y,
    int x, int rows, int cols, uint64_t key)
{
	struct photo_tile *t = photo_tile(pane, slot);
	int by, bx;

	getbegyx(win, by, bx);
	/* Moved or resized: what it showed elsewhere goes first. */
	if (t->shown && (t->sy != by + y || t->sx != bx + x ||
	    t->rows != rows || t->cols != cols)) {
		photo_erase_cells(pane, t->sy, t->sx, t->rows, t->cols);
		t->shown = false;
	}
	t->used = true;
	t->sy = by + y;
	t->sx = bx + x;
	t->rows = rows;
	t->cols = cols;
	t->key = key;
	t->out.len = 0;
	t->pending = t->partial = false;
	return t;
}

/*
 * Place img (borrowed; photo_pane_tile_size pixels) as tile slot at
 * (y, x) rows x cols of win: drawn into win now, or its bytes (sixel
 * from photo_pane_tile_encode, in enc, borrowed; NULL: encoded here)
 * kept for flush. False with *cause (owned) when it cannot be encoded.
 */
bool
photo_pane_tile_put(struct photo_pane *pane, size_t slot, WINDOW *win,
    int y, int x, int rows, int cols, uint64_t key, const struct image *img,
    const struct buf *enc, bool partial, char **cause)
{
	enum termgfx_mode mode = photo_mode(pane);
	struct photo_tile *t = photo_tile_place(pane, slot, win, y, x, rows,
	    cols, key);

	if (mode == TERMGFX_SIXEL) {
		if (enc != NULL)
			buf_add(&t->out, enc->data, enc->len);
		else if (!photo_pane_tile_encode(pane, img, &t->out, &partial,
		    cause)) {
			if (t->shown)
				photo_erase_cells(pane, t->sy, t->sx, rows, cols);
			t->shown = false;
			t->key = 0;
			return false;
		}
		t->partial = partial;
		t->pending = t->out.len > 0;
	} else if (mode == TERMGFX_BLOCKS && pane->gfx.truecolor) {
		photo_blocks_direct(img, t->sy, t->sx, &t->out);
		t->pending = true;
	} else if (mode == TERMGFX_BLOCKS)
		photo_blocks_curses(img, win, y, x);
	else if (mode == TERMGFX_ASCII)
		photo_shades(img, pane->gfx.utf8, win, y, x);
	return true;
}

/* Erase the tiles shown but not placed since photo_pane_tiles_begin. */
void
photo_pane_tiles_end(struct photo_pane *pane)
{
	for (size_t i = 0; i < pane->ntiles; i++) {
		struct photo_tile *t = &pane->tiles[i];

		if (t->used)
			continue;
		if (t->shown)
			photo_erase_cells(pane, t->sy, t->sx, t->rows, t->cols);
		t->shown = t->pending = false;
		t->key = 0;
	}
}

/* Compose the pane for item and show it in the terminal's mode. */
void
photo_pane_draw(struct photo_pane *pane, WINDOW *win, int y, int x,
    int rows, int cols, struct catalog *cat, const struct catalog_item *item,
    double threshold)
{
	enum termgfx_mode mode;
	struct photo_key key;
	int arows = rows - 1, r, by, bx, cw, ch, maxh, ow, oh;
	char *why = NULL, *cut;
	bool direct;

	if (win == NULL || rows <= 0 || cols <= 0)
		return;
	photo_late_keys(pane);
	getbegyx(win, by, bx);
	for (r = 0; r < rows; r++)
		mvwhline(win, y + r, x, ' ', cols);
	mode = photo_mode(pane);
	direct = photo_direct(pane, mode);

	memset(&key, 0, sizeof key);
	if (item == NULL || item->nphotos == 0) {
		photo_pane_hide(pane);
		photo_status(pane, xstrdup(item == NULL ? "no item" :
		    "this item has no photos"));
		goto status;
	}
	if (mode == TERMGFX_NONE || arows < 1) {
		photo_pane_hide(pane);
		photo_status(pane, xasprintf("%zu photo%s (%s)", item->nphotos,
		    item->nphotos == 1 ? "" : "s", arows < 1 ? "no room" :
		    "no graphics in this terminal"));
		goto status;
	}
	/* Another item starts at its first photo. */
	if (strncmp(pane->last_uuid, item->uuid != NULL ? item->uuid : "",
	    sizeof pane->last_uuid) != 0) {
		snprintf(pane->last_uuid, sizeof pane->last_uuid, "%s",
		    item->uuid != NULL ? item->uuid : "");
		pane->photo = 0;
	}
	if (pane->photo >= item->nphotos)
		pane->photo = item->nphotos - 1;

	/* A sixel touching the last line would scroll the screen. */
	if (mode == TERMGFX_SIXEL && by + y + arows >= LINES)
		arows = LINES - 1 - by - y;
	if (arows < 1) {
		photo_pane_hide(pane);
		photo_status(pane, xstrdup("no room for the photo"));
		goto status;
	}
	key.cat = cat;
	key.item = item->id;
	snprintf(key.uuid, sizeof key.uuid, "%s",
	    item->uuid != NULL ? item->uuid : "");
	key.photo = pane->photo;
	key.labels = pane->labels;
	key.ocr = pane->ocr;
	key.fullscreen = pane->fullscreen;
	key.threshold = threshold;
	key.gen = pane->gen;
	key.sy = by + y;
	key.sx = bx + x;
	if (mode == TERMGFX_SIXEL) {
		cw = pane->gfx.cell_w > 0 ? pane->gfx.cell_w : PHOTO_CELL_W;
		ch = pane->gfx.cell_h > 0 ? pane->gfx.cell_h : PHOTO_CELL_H;
		key.pw = cols * cw;
		/* Whole sixel bands only, so that nothing spills below the pane. */
		key.ph = arows * ch / 6 * 6;
		if (pane->gfx.max_w > 0 && key.pw > pane->gfx.max_w)
			key.pw = pane->gfx.max_w;
		maxh = pane->gfx.max_h > 0 ? pane->gfx.max_h / 6 * 6 : 0;
		if (maxh > 0 && key.ph > maxh)
			key.ph = maxh;
	} else {
		key.pw = cols;
		key.ph = 2 * arows;
	}
	if (key.pw < 1 || key.ph < 6) {
		photo_pane_hide(pane);
		photo_status(pane, xstrdup("no room for the photo"));
		goto status;
	}

	pane->picture = 0;
	if (!pane->have || memcmp(&key, &pane->key, sizeof key) != 0) {
		pane->key = key;
		pane->have = true;
		photo_compose(pane, cat, item, threshold);
		pane->out.len = 0;
		pane->pending = pane->current = false;
		pane->partial = false;
		ow = pane->canvas.width;
		oh = pane->canvas.height;
		if (mode == TERMGFX_SIXEL && pane->canvas.rgb != NULL) {
			struct preview_style style;

			preview_style_init(&style);
			style.palette = pane->palette;
			style.npalette = pane->npalette;
			if (!preview_sixel(&pane->canvas, pane->gfx.colors, &style,
			    pane->budget, &pane->out, &ow, &oh, &why)) {
				photo_status(pane, xasprintf("photo %zu/%zu: %s",
				    pane->photo + 1, item->nphotos, why));
				free(why);
				ow = oh = 0;
			} else
				pane->partial = ow < pane->canvas.width ||
				    oh < pane->canvas.height;
		}
		/*
		 * The canvas in cells, centred in the pane: a picture capped
		 * by the terminal's sixel geometry is not pushed to a side.
		 */
		if (mode == TERMGFX_SIXEL) {
			photo_pane_cell(pane, &cw, &ch);
			pane->ocols = (ow + cw - 1) / cw;
			pane->orows = (oh + ch - 1) / ch;
			pane->ox = (cols * cw - ow) / 2 / cw;
			pane->oy = (arows * ch - oh) / 2 / ch;
		} else {
			pane->ocols = ow;
			pane->orows = oh / 2;
			pane->ox = (cols - ow) / 2;
			pane->oy = (arows - oh / 2) / 2;
		}
		pane->ox = pane->ox > 0 ? pane->ox : 0;
		pane->oy = pane->oy > 0 ? pane->oy : 0;
		if (mode == TERMGFX_BLOCKS && pane->gfx.truecolor &&
		    pane->canvas.rgb != NULL)
			photo_blocks_direct(&pane->canvas, by + y + pane->oy,
			    bx + x + pane->ox, &pane->out);
	}
	/* A picture that cannot be encoded must not leave the old one up. */
	if (direct && pane->out.len == 0 && pane->shown) {
		photo_erase(pane);
		pane->shown = pane->current = false;
	}
	/* Moved or resized: what was shown elsewhere must go first. */
	if (pane->shown && (pane->sy != by + y || pane->sx != bx + x ||
	    pane->srows != arows || pane->scols != cols)) {
		photo_erase(pane);
		pane->shown = pane->current = false;
	}
	pane->sy = by + y;
	pane->sx = bx + x;
	pane->srows = arows;
	pane->scols = cols;
	if (direct)
		pane->pending = !pane->current && pane->out.len > 0;
	else if (mode == TERMGFX_BLOCKS)
		photo_blocks_curses(&pane->canvas, win, y + pane->oy,
		    x + pane->ox);
	else
		photo_shades(&pane->canvas, pane->gfx.utf8, win, y + pane->oy,
		    x + pane->ox);
status:
	if (pane->status != NULL && rows >= 1) {
		cut = sanitize_fit(pane->status, cols, false,
		    sanitize_locale_flags());
		mvwaddstr(win, y + rows - 1, x, cut);
		free(cut);
	}
}

bool
photo_pane_cells(const struct photo_pane *pane, int *cw, int *ch)
{
	if (pane == NULL || pane->gfx.mode != TERMGFX_SIXEL)
		return false;
	*cw = pane->gfx.cell_w > 0 ? pane->gfx.cell_w : PHOTO_CELL_W;
	*ch = pane->gfx.cell_h > 0 ? pane->gfx.cell_h : PHOTO_CELL_H;
	return true;
}

void
photo_pane_sixel_max(const struct photo_pane *pane, int *w, int *h)
{
	*w = pane != NULL ? pane->gfx.max_w : 0;
	*h = pane != NULL ? pane->gfx.max_h : 0;
}

bool
photo_pane_picture(struct photo_pane *pane, WINDOW *win, int y, int x,
    int rows, int cols, const struct image *img, unsigned long id)
{
	struct preview_style style;
	int by, bx, ow = 0, oh = 0;
	char *why = NULL;

	if (pane == NULL || pane->gfx.mode != TERMGFX_SIXEL || win == NULL ||
	    rows <= 0 || cols <= 0 || img->width < 1 || img->height < 6)
		return false;
	photo_late_keys(pane);
	getbegyx(win, by, bx);
	/* A sixel touching the last line would scroll the screen. */
	if (by + y + rows >= LINES)
		rows = LINES - 1 - by - y;
	if (rows < 1)
		return false;
	if (pane->shown && (pane->sy != by + y || pane->sx != bx + x ||
	    pane->srows != rows || pane->scols != cols)) {
		photo_erase(pane);
		pane->shown = pane->current = false;
	}
	if (pane->picture != id || pane->have) {
		/* A photo's cache no longer describes what is out. */
		pane->have = false;
		pane->picture = id;
		pane->out.len = 0;
		pane->pending = pane->current = false;
		preview_style_init(&style);
		if (!preview_sixel(img, pane->gfx.colors, &style, pane->budget,
		    &pane->out, &ow, &oh, &why)) {
			free(why);
			pane->picture = 0;
			return false;
		}
		pane->partial = ow < img->width || oh < img->height;
	}
	pane->sy = by + y;
	pane->sx = bx + x;
	pane->srows = rows;
	pane->scols = cols;
	/* The picture covers the pane from its corner (flush's rectangle). */
	pane->oy = pane->ox = 0;
	pane->orows = rows;
	pane->ocols = cols;
	pane->pending = !pane->current && pane->out.len > 0;
	return true;
}
