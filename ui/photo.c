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
	buf_fini(&pane->out);
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
photo_erase(struct photo_pane *pane)
{
	struct winsize ws;
	struct buf b;
	int r, rows = pane->srows, cols = pane->scols;

	if (ioctl(pane->tty_out, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0) {
		if (pane->sy + rows > ws.ws_row)
			rows = ws.ws_row - pane->sy;
		if (pane->sx + cols > ws.ws_col)
			cols = ws.ws_col - pane->sx;
	}
	if (rows <= 0 || cols <= 0)
		return;
	buf_init(&b);
	buf_adds(&b, "\0337\033[0m");
	for (r = 0; r < rows; r++)
		buf_addf(&b, "\033[%d;%dH\033[%dX", pane->sy + r + 1,
		    pane->sx + 1, cols);
	buf_adds(&b, "\0338");
	photo_write(pane->tty_out, b.data, b.len);
	buf_fini(&b);
}

/* Erase what was written outside curses and forget the picture. */
void
photo_pane_hide(struct photo_pane *pane)
{
	if (pane->shown)
		photo_erase(pane);
	pane->shown = pane->current = false;
	pane->pending = false;
	pane->have = false;
	pane->picture = 0;
}

/* True when the user has typed ahead: a frame written now would be stale. */
static bool
photo_input_waiting(const struct photo_pane *pane)
{
	struct pollfd pfd = { .fd = pane->tty_in, .events = POLLIN };

	return pane->tty_in >= 0 && poll(&pfd, 1, 0) > 0 &&
	    (pfd.revents & POLLIN);
}

/* Write the pending sixel or 24-bit blocks at the pane, unless keys wait. */
void
photo_pane_flush(struct photo_pane *pane)
{
	struct buf b;

	if (!pane->pending || pane->out.len == 0)
		return;
	if (photo_input_waiting(pane))
		return;               /* the next draw replaces this frame */
	if (pane->partial && pane->shown)
		photo_erase(pane);
	buf_init(&b);
	buf_addf(&b, "\0337\033[%d;%dH", pane->sy + 1, pane->sx + 1);
	buf_add(&b, pane->out.data, pane->out.len);
	buf_adds(&b, "\0338");
	photo_write(pane->tty_out, b.data, b.len);
	buf_fini(&b);
	pane->pending = false;
	pane->shown = pane->current = true;
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

/* Load the picture of photo k: the original in full-screen, else the thumb. */
static bool
photo_load(struct photo_pane *pane, struct catalog *cat,
    const struct catalog_item *item, size_t k, int w, int h,
    struct image *img, char **note, char **cause)
{
	const struct catalog_photo *p = &item->photos[k];
	void *data = NULL;
	size_t len = 0;
	char *why = NULL;
	bool ok;

	if (pane->fullscreen && p->resolved_path != NULL) {
		if (image_read_file(p->resolved_path, PHOTO_MAX_FILE, &data, &len,
		    &why) && preview_decode(data, len, w, h, img, &why)) {
			free(data);
			return true;
		}
		free(data);
		data = NULL;
		*note = xasprintf("original: %s; ", why != NULL ? why : "unreadable");
		free(why);
		why = NULL;
	} else if (pane->fullscreen)
		*note = xstrdup("original not reachable; ");
	if (cat == NULL || !p->has_thumb) {
		*cause = xstrdup("photo not in the index");
		return false;
	}
	if (!catalog_thumb_get(cat, item->id, (unsigned)k, &data, &len, &why)) {
		*cause = why != NULL ? why : xstrdup("thumbnail unreadable");
		return false;
	}
	ok = preview_decode(data, len, w, h, img, cause);
	free(data);
	return ok;
}

/* Compose the pane's picture for the current key into pane->canvas. */
static void
photo_compose(struct photo_pane *pane, struct catalog *cat,
    const struct catalog_item *item, double threshold)
{
	struct preview_style style;
	struct image pic, thumb;
	char *note = NULL, *cause = NULL;
	int pw = pane->key.pw, ph = pane->key.ph, strip = 0, slot, gap, i;
	int n = (int)(item->nphotos > 16 ? 16 : item->nphotos), ax, ay, aw, ah;
	size_t boxes = 0;
	bool utf8 = pane->gfx.utf8;

	image_fini(&pane->canvas);
	preview_canvas(&pane->canvas, pw, ph, PREVIEW_BACKGROUND);
	preview_style_init(&style);
	style.labels = pane->labels;
	style.ocr = pane->ocr;
	style.threshold = threshold;
	style.palette = pane->palette;
	style.npalette = pane->npalette;
	/* Names are unreadable below a few dozen pixels; blocks show boxes only. */
	style.names = pane->gfx.mode == TERMGFX_SIXEL;

	/* The strip of all photos, when there is more than one and room. */
	if (n > 1 && !pane->fullscreen && ph >= 24) {
		strip = ph / 5;
		slot = pw / n;
		gap = slot / 16 + 1;
		for (i = 0; i < n; i++) {
			char *why = NULL, *nn = NULL;
			size_t k = (size_t)i;

			if (photo_load(pane, cat, item, k, slot - 2 * gap,
			    strip - 2 * gap, &thumb, &nn, &why)) {
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
	ax = 0;
	ay = strip;
	aw = pw;
	ah = ph - strip;
	if (photo_load(pane, cat, item, pane->photo, aw, ah, &pic, &note,
	    &cause)) {
		boxes = preview_draw_boxes(&pic, &item->photos[pane->photo],
		    &style);
		preview_blit(&pane->canvas, &pic, ax + (aw - pic.width) / 2,
		    ay + (ah - pic.height) / 2);
		image_fini(&pic);
		photo_status(pane, xasprintf("%sphoto %zu/%zu %s %zu box%s %s "
		    "[ ] photo  b boxes  o OCR  z %s", note != NULL ? note : "",
		    pane->photo + 1, item->nphotos, utf8 ? "\xc2\xb7" : "-", boxes,
		    boxes == 1 ? "" : "es", utf8 ? "\xc2\xb7" : "-",
		    pane->fullscreen ? "back" : "full"));
	} else {
		photo_status(pane, xasprintf("photo %zu/%zu: %s%s",
		    pane->photo + 1, item->nphotos, note != NULL ? note : "",
		    cause != NULL ? cause : "cannot be shown"));
	}
	free(note);
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

/* Blocks through curses: one colour pair per (top, bottom) colour. */
static void
photo_blocks_curses(struct photo_pane *pane, WINDOW *win, int y, int x)
{
	const struct image *img = &pane->canvas;
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

/* Blocks as 24-bit SGR, kept for flush like a sixel. */
static void
photo_blocks_direct(struct photo_pane *pane)
{
	const struct image *img = &pane->canvas;
	uint32_t fg, bg, lfg = 0xffffffffu, lbg = 0xffffffffu;
	int r, c;

	pane->out.len = 0;
	for (r = 0; r < img->height / 2; r++) {
		buf_addf(&pane->out, "\033[%d;%dH", pane->sy + r + 1, pane->sx + 1);
		for (c = 0; c < img->width; c++) {
			fg = photo_pixel(img, c, 2 * r);
			bg = photo_pixel(img, c, 2 * r + 1);
			if (fg != lfg)
				buf_addf(&pane->out, "\033[38;2;%u;%u;%um",
				    fg >> 16, (fg >> 8) & 255, fg & 255);
			if (bg != lbg)
				buf_addf(&pane->out, "\033[48;2;%u;%u;%um",
				    bg >> 16, (bg >> 8) & 255, bg & 255);
			lfg = fg;
			lbg = bg;
			buf_adds(&pane->out, "\xe2\x96\x80");
		}
	}
	buf_adds(&pane->out, "\033[0m");
}

/* Shades through curses: luminance of the two pixels of each cell. */
static void
photo_shades(struct photo_pane *pane, WINDOW *win, int y, int x)
{
	static const char ascii[] = " .:-=+*#%@";
	static const wchar_t uni[] = { L' ', 0x2591, 0x2592, 0x2593, 0x2588 };
	const struct image *img = &pane->canvas;
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
			if (pane->gfx.utf8) {
				ch[0] = uni[lum * 5 / 256];
				setcchar(&cc, ch, A_NORMAL, 0, NULL);
				mvwadd_wch(win, y + r, x + c, &cc);
			} else
				mvwaddch(win, y + r, x + c,
				    (chtype)(unsigned char)ascii[lum * 10 / 256]);
		}
	}
}

/* Compose the pane for item and show it in the terminal's mode. */
void
photo_pane_draw(struct photo_pane *pane, WINDOW *win, int y, int x,
    int rows, int cols, struct catalog *cat, const struct catalog_item *item,
    double threshold)
{
	enum termgfx_mode mode = pane->gfx.mode;
	struct photo_key key;
	int arows = rows - 1, r, by, bx, cw, ch, maxh;
	char *why = NULL, *cut;
	bool direct;

	if (win == NULL || rows <= 0 || cols <= 0)
		return;
	photo_late_keys(pane);
	getbegyx(win, by, bx);
	for (r = 0; r < rows; r++)
		mvwhline(win, y + r, x, ' ', cols);
	if (mode == TERMGFX_BLOCKS && (!has_colors() || COLORS < 8))
		mode = TERMGFX_ASCII;
	direct = mode == TERMGFX_SIXEL ||
	    (mode == TERMGFX_BLOCKS && pane->gfx.truecolor);

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
		if (mode == TERMGFX_SIXEL) {
			struct preview_style style;
			int ow = 0, oh = 0;

			preview_style_init(&style);
			style.palette = pane->palette;
			style.npalette = pane->npalette;
			if (!preview_sixel(&pane->canvas, pane->gfx.colors, &style,
			    pane->budget, &pane->out, &ow, &oh, &why)) {
				photo_status(pane, xasprintf("photo %zu/%zu: %s",
				    pane->photo + 1, item->nphotos, why));
				free(why);
			} else
				pane->partial = ow < key.pw || oh < key.ph;
		}
	}
	/* A picture that cannot be encoded must not leave the old one up. */
	if (direct && pane->out.len == 0 && mode == TERMGFX_SIXEL &&
	    pane->shown) {
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
	if (mode == TERMGFX_BLOCKS && pane->gfx.truecolor && pane->out.len == 0)
		photo_blocks_direct(pane);
	if (direct)
		pane->pending = !pane->current && pane->out.len > 0;
	else if (mode == TERMGFX_BLOCKS)
		photo_blocks_curses(pane, win, y, x);
	else
		photo_shades(pane, win, y, x);
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
	pane->pending = !pane->current && pane->out.len > 0;
	return true;
}
