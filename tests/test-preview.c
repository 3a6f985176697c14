/*
 * test-preview.c - unit tests for the photo previews: drawing, boxes from
 * untrusted fractions, sixel encoding within a budget (decoded back with
 * libsixel's decoder), reply parsing, detection over a pty (a fake
 * terminal that answers DA1 or stays silent), the hostile JPEG corpus,
 * and the photo pane on a curses screen on a pty, whose sixel output is
 * cut out, decoded and checked for size and box position.
 *
 * usage: test-preview CORPUS_DIR
 */
#include "photo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sixel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "draw.h"
#include "image.h"
#include "preview.h"
#include "termgfx.h"
#include "xmalloc.h"

static int test_failures;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		test_failures++;					\
		fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__,	\
		    __LINE__, #cond);					\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
	}								\
} while (0)

static const char *test_corpus = "tests/corpus/jpeg";

/* The pixel at (x, y) as 0xRRGGBB. */
static uint32_t
test_pixel(const uint8_t *rgb, int width, int x, int y)
{
	const uint8_t *p = rgb + ((size_t)y * width + x) * 3;

	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* Frames, fills and text stay inside the image, whatever the coordinates. */
static void
test_draw(void)
{
	struct image img;

	preview_canvas(&img, 40, 30, 0x101010);
	draw_frame(&img, 5, 5, 20, 10, 2, 0xff0000);
	CHECK(test_pixel(img.rgb, 40, 5, 5) == 0xff0000, "corner");
	CHECK(test_pixel(img.rgb, 40, 6, 10) == 0xff0000, "left edge");
	CHECK(test_pixel(img.rgb, 40, 24, 14) == 0xff0000, "bottom-right");
	CHECK(test_pixel(img.rgb, 40, 10, 10) == 0x101010, "inside untouched");
	CHECK(test_pixel(img.rgb, 40, 25, 15) == 0x101010, "outside untouched");
	/* Far outside, negative, huge: clipped, never written out of bounds. */
	draw_frame(&img, -1000000, -5, 2000000, 2000000, 3, 0x00ff00);
	draw_fill(&img, 2147483600, 2147483600, 1000, 1000, 0x00ff00);
	draw_fill(&img, -2147483647, 0, 2147483647, 1, 0x0000ff);
	draw_text(&img, 38, 28, "\033[2J\xff\xfe caf\xc3\xa9 \xe2\x80\xae", 3, 99,
	    0xffffff);
	draw_tag(&img, 39, 0, "a very long label name that does not fit", 2,
	    0, 0xffff00);
	CHECK(draw_text_width("ab\xc3\xa9", 1, 99) == 3 * FONT_W,
	    "one glyph per character: %d", draw_text_width("ab\xc3\xa9", 1, 99));
	CHECK(draw_text_width("a\xe3\x83\xa6", 1, 99) == 3 * FONT_W,
	    "a wide character takes two cells");
	CHECK(draw_text_width("a\xe3\x83\xa6", 1, 2) == FONT_W,
	    "a wide character is not split");
	CHECK(draw_text_width("abcdef", 2, 3) == 3 * 2 * FONT_W, "cut");
	image_fini(&img);

	/* The glyph of 'H' has its left stem in columns 1-2 of rows 2-10. */
	preview_canvas(&img, 16, 16, 0);
	draw_text(&img, 0, 0, "H", 1, 1, 0xffffff);
	CHECK(test_pixel(img.rgb, 16, 1, 4) == 0xffffff, "H stem");
	CHECK(test_pixel(img.rgb, 16, 0, 4) == 0, "H margin");
	CHECK(test_pixel(img.rgb, 16, 3, 2) == 0, "H gap");
	image_fini(&img);

	/* Scaled: each pixel of the glyph a scale x scale square. */
	preview_canvas(&img, 32, 32, 0);
	draw_text(&img, 0, 0, "H", 2, 1, 0xffffff);
	CHECK(test_pixel(img.rgb, 32, 2, 8) == 0xffffff, "H stem x2");
	CHECK(test_pixel(img.rgb, 32, 1, 8) == 0, "H margin x2");
	image_fini(&img);
}

/* A photo with one confident label, one weak one and broken boxes. */
static void
test_photo_init(struct catalog_photo *p, struct catalog_label *labels,
    struct catalog_box *boxes)
{
	memset(p, 0, sizeof *p);
	boxes[0] = (struct catalog_box){ 0.25, 0.2, 0.5, 0.6 };
	boxes[1] = (struct catalog_box){ 0.0, 0.0, 1.0, 1.0 };
	boxes[2] = (struct catalog_box){ 0.0 / 0.0, 0.1, 0.2, 0.2 };
	boxes[3] = (struct catalog_box){ -5.0, -1e300, 1e308, 1e308 };
	boxes[4] = (struct catalog_box){ 0.5, 0.5, -0.2, 0.1 };
	labels[0] = (struct catalog_label){ (char *)"Jeans", 5, 99.5, 1, &boxes[0] };
	labels[1] = (struct catalog_label){ (char *)"Weak", 4, 10.0, 1, &boxes[1] };
	labels[2] = (struct catalog_label){ (char *)"\033]52;c;aGk=\007", 12,
	    80.0, 3,
	    &boxes[2] };
	p->labels = labels;
	p->nlabels = 3;
}

/* Boxes land where their fractions say; weak and broken ones do not. */
static void
test_boxes(void)
{
	struct catalog_photo photo;
	struct catalog_label labels[3];
	struct catalog_box boxes[5];
	struct preview_style style;
	struct image img;
	uint32_t jeans;
	size_t n;

	test_photo_init(&photo, labels, boxes);
	preview_style_init(&style);
	style.names = false;
	jeans = preview_label_color(&style, "Jeans");
	preview_canvas(&img, 200, 100, 0x404040);
	n = preview_draw_boxes(&img, &photo, &style);
	/* Jeans, plus the hostile label's one finite-but-huge box. */
	CHECK(n == 2, "boxes drawn: %zu", n);
	CHECK(test_pixel(img.rgb, 200, 50, 50) == jeans, "left edge at 25%%");
	CHECK(test_pixel(img.rgb, 200, 149, 50) == jeans, "right edge at 75%%");
	CHECK(test_pixel(img.rgb, 200, 100, 20) == jeans, "top edge at 20%%");
	CHECK(test_pixel(img.rgb, 200, 100, 50) == 0x404040, "inside empty");
	CHECK(test_pixel(img.rgb, 200, 40, 50) == 0x404040, "left of the box");
	image_fini(&img);

	/* Below the threshold nothing of "Jeans"; names on: no crash. */
	style.threshold = 99.9;
	style.names = true;
	preview_canvas(&img, 200, 100, 0x404040);
	preview_draw_boxes(&img, &photo, &style);
	CHECK(test_pixel(img.rgb, 200, 50, 50) == 0x404040, "jeans hidden");
	image_fini(&img);

	/* OCR boxes only with style.ocr, in the OCR colour. */
	{
		struct catalog_text texts[2] = {
			{ (char *)"BDG", 3, 99.0, true, { 0.1, 0.1, 0.3, 0.2 } },
			{ (char *)"no box", 6, 99.0, false, { 0.5, 0.5, 0.1, 0.1 } },
		};

		photo.texts = texts;
		photo.ntexts = 2;
		style.labels = false;
		style.names = false;
		preview_canvas(&img, 200, 100, 0x404040);
		CHECK(preview_draw_boxes(&img, &photo, &style) == 0, "ocr off");
		style.ocr = true;
		CHECK(preview_draw_boxes(&img, &photo, &style) == 1, "one ocr box");
		CHECK(test_pixel(img.rgb, 200, 20, 15) == style.ocr_color,
		    "OCR box left edge at 10%%");
		CHECK(test_pixel(img.rgb, 200, 100, 70) == 0x404040,
		    "a fragment without a box draws nothing");
		image_fini(&img);
		photo.texts = NULL;
		photo.ntexts = 0;
		style.labels = true;
		style.ocr = false;
	}

	/* A theme palette is used. */
	{
		static const uint32_t pal[] = { 0x123456 };

		style.palette = pal;
		style.npalette = 1;
		CHECK(preview_label_color(&style, "Jeans") == 0x123456, "palette");
	}
}

/* Encode, decode with libsixel, compare. */
static void
test_sixel(void)
{
	struct image img;
	struct buf out;
	unsigned char *pixels = NULL, *palette = NULL;
	int w = 0, h = 0, ncolors = 0, ow, oh, i;
	char *cause = NULL;
	uint32_t c;

	preview_canvas(&img, 120, 60, 0x000000);
	draw_fill(&img, 10, 10, 30, 12, 0xff0000);
	draw_fill(&img, 60, 30, 20, 20, 0x00ffff);
	/* A gradient, to need many colours. */
	for (i = 0; i < 120; i++)
		draw_fill(&img, i, 54, 1, 6, (uint32_t)(i * 2) << 8 | 0x40);
	buf_init(&out);
	CHECK(preview_sixel(&img, 0, NULL, 1 << 20, &out, &ow, &oh, &cause),
	    "encode: %s", cause);
	CHECK(ow == 120 && oh == 60, "size %dx%d", ow, oh);
	CHECK(out.len > 4 && memcmp(out.data, "\033P", 2) == 0, "DCS start");
	CHECK(out.len > 2 && memcmp(out.data + out.len - 2, "\033\\", 2) == 0,
	    "ST end");
	CHECK(sixel_decode_raw((unsigned char *)out.data, (int)out.len, &pixels,
	    &w, &h, &palette, &ncolors, NULL) == SIXEL_OK, "decode");
	CHECK(w == 120 && h >= 60, "decoded %dx%d", w, h);
	if (pixels != NULL && w == 120 && h >= 60) {
		i = pixels[15 * w + 20];
		c = (uint32_t)palette[i * 3] << 16 | palette[i * 3 + 1] << 8 |
		    palette[i * 3 + 2];
		CHECK(c == 0xff0000, "red box decoded as %06x", c);
		i = pixels[40 * w + 70];
		c = (uint32_t)palette[i * 3] << 16 | palette[i * 3 + 1] << 8 |
		    palette[i * 3 + 2];
		CHECK(c == 0x00ffff, "cyan box decoded as %06x", c);
	}
	free(pixels);
	free(palette);

	/* A photo-like picture (thousands of colours) takes the dithered
	 * cube: the box colour must still come out exact. */
	{
		struct image noisy;
		uint32_t seed = 1;
		size_t k;

		preview_canvas(&noisy, 96, 48, 0);
		for (k = 0; k < (size_t)96 * 48 * 3; k++) {
			seed = seed * 1103515245u + 12345u;
			noisy.rgb[k] = (uint8_t)(seed >> 16);
		}
		draw_fill(&noisy, 20, 12, 30, 12, 0x00ffff);
		out.len = 0;
		pixels = palette = NULL;
		CHECK(preview_sixel(&noisy, 0, NULL, 1 << 20, &out, NULL, NULL,
		    &cause), "noisy: %s", cause);
		if (sixel_decode_raw((unsigned char *)out.data, (int)out.len,
		    &pixels, &w, &h, &palette, &ncolors, NULL) == SIXEL_OK &&
		    w == 96) {
			i = pixels[18 * w + 30];
			c = (uint32_t)palette[i * 3] << 16 |
			    palette[i * 3 + 1] << 8 | palette[i * 3 + 2];
			CHECK(c == 0x00ffff, "box on a photo decoded as %06x", c);
			CHECK(ncolors > 200, "cube of 252 expected, %d colours",
			    ncolors);
		} else
			CHECK(0, "noisy sixel does not decode");
		free(pixels);
		free(palette);
		image_fini(&noisy);
	}

	/* 12 colour registers (a VT340): still the pure colours. */
	out.len = 0;
	CHECK(preview_sixel(&img, 16, NULL, 1 << 20, &out, NULL, NULL, &cause),
	    "encode 16: %s", cause);
	CHECK(strstr(out.data, "#12") == NULL, "only 12 registers used");

	/* A budget too small for the full picture: smaller, within budget. */
	image_fini(&img);
	preview_canvas(&img, 800, 600, 0);
	for (i = 0; i < 800; i++)
		draw_fill(&img, i, 0, 1, 600, (uint32_t)((i * 97) % 256) << 16 |
		    (uint32_t)((i * 31) % 256) << 8 | (uint32_t)(i % 256));
	out.len = 0;
	if (preview_sixel(&img, 0, NULL, 40000, &out, &ow, &oh, &cause)) {
		CHECK(out.len <= 40000, "over budget: %zu", out.len);
		CHECK(ow < 800 && oh < 600, "not shrunk: %dx%d", ow, oh);
	} else {
		CHECK(cause != NULL && *cause != '\0', "no cause");
		CHECK(out.len == 0, "partial output left: %zu", out.len);
		free(cause);
		cause = NULL;
	}
	out.len = 0;
	CHECK(!preview_sixel(&img, 0, NULL, 10, &out, NULL, NULL, &cause),
	    "10 bytes cannot hold a picture");
	CHECK(out.len == 0, "partial output left");
	free(cause);
	image_fini(&img);
	buf_fini(&out);
}

/* Terminal replies, complete and partial. */
static void
test_parse(void)
{
	struct termgfx g;
	const char *r;
	size_t n;

	memset(&g, 0, sizeof g);
	r = "\033[4;600;800t\033[6;20;10t\033[?1;0;256S\033[?2;0;1000;800S"
	    "\033[?62;4;6;22c";
	n = termgfx_parse(&g, r, strlen(r));
	CHECK(n == strlen(r), "consumed %zu", n);
	CHECK(g.da1_answered && g.da1_sixel, "DA1 4");
	CHECK(g.cell_w == 10 && g.cell_h == 20, "cell %dx%d", g.cell_w, g.cell_h);
	CHECK(g.area_w == 800 && g.area_h == 600, "area");
	CHECK(g.colors == 256, "colors %d", g.colors);
	CHECK(g.max_w == 1000 && g.max_h == 800, "max %dx%d", g.max_w, g.max_h);

	memset(&g, 0, sizeof g);
	r = "\033[?1;2c";
	termgfx_parse(&g, r, strlen(r));
	CHECK(g.da1_answered && !g.da1_sixel, "VT100 with AVO: no sixel");

	/* Failures and absurd values are ignored; a partial reply waits. */
	memset(&g, 0, sizeof g);
	r = "\033[?2;3;0S\033[6;99999999;0t\033[?6";
	n = termgfx_parse(&g, r, strlen(r));
	CHECK(n == strlen(r) - 4, "partial kept: %zu", n);
	CHECK(g.max_w == 0 && g.cell_h == 0 && g.cell_w == 0, "bad values");
	CHECK(!g.da1_answered, "no DA1 yet");

	/* OSC 11: the background, ended by ST or BEL, 2 or 4 hex digits. */
	memset(&g, 0, sizeof g);
	r = "\033]11;rgb:ffff/ffff/dddd\033\\\033[?62;4c";
	n = termgfx_parse(&g, r, strlen(r));
	CHECK(n == strlen(r) && g.bg_from == TERMGFX_BG_OSC11 && !g.bg_dark &&
	    g.bg_rgb == 0xffffdd && g.da1_answered, "light OSC 11: %06x",
	    g.bg_rgb);
	memset(&g, 0, sizeof g);
	g.bg_dark = false;
	r = "\033]11;rgb:1c/1c/30\a";
	n = termgfx_parse(&g, r, strlen(r));
	CHECK(n == strlen(r) && g.bg_dark && g.bg_rgb == 0x1c1c30,
	    "dark OSC 11: %06x", g.bg_rgb);
	memset(&g, 0, sizeof g);
	r = "\033]11;rgb:ffff/ff";
	n = termgfx_parse(&g, r, strlen(r));
	CHECK(n == 0 && g.bg_from == TERMGFX_BG_ASSUMED, "partial OSC waits");
	r = "\033]11;rgb:zz/00/00\a\033]10;rgb:0/0/0\a";
	n = termgfx_parse(&g, r, strlen(r));
	CHECK(n == strlen(r) && g.bg_from == TERMGFX_BG_ASSUMED,
	    "bad or other OSC ignored");
}

/* COLORFGBG: the last field is the background, 0-6 and 8 dark. */
static void
test_colorfgbg(void)
{
	struct { const char *v; bool known, dark; } c[] = {
		{ "15;0", true, true }, { "0;15", true, false },
		{ "0;default;7", true, false }, { "7;8", true, true },
		{ "junk", false, true }, { "0;16", false, true },
		{ "0;", false, true },
	};
	struct termgfx g;
	size_t i;

	setenv("RUMMAGE_GRAPHICS", "none", 1);
	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		setenv("COLORFGBG", c[i].v, 1);
		termgfx_detect(-1, -1, &g);
		CHECK((g.bg_from == TERMGFX_BG_COLORFGBG) == c[i].known &&
		    g.bg_dark == c[i].dark, "COLORFGBG=%s", c[i].v);
	}
	unsetenv("COLORFGBG");
	termgfx_detect(-1, -1, &g);
	CHECK(g.bg_from == TERMGFX_BG_ASSUMED && g.bg_dark, "no COLORFGBG");
	unsetenv("RUMMAGE_GRAPHICS");
}

/* Read what the program under test wrote to the pty, answering queries. */
struct test_term {
	pid_t pid;
	int master;
	char path[64];                /* where the child stores the output */
};

/*
 * Play a terminal on the pty's master side in a child process: store all
 * output in a file; when `answer`, reply to CSI 14t/16t/XTSMGRAPHICS/DA1
 * like a sixel terminal with 10x20 cells (a late reply after delay_ms).
 */
static void
test_term_start(struct test_term *t, int master, int slave, bool answer,
    int delay_ms)
{
	static int seq;

	t->master = master;
	snprintf(t->path, sizeof t->path, "/tmp/test-preview-%d-%d.out",
	    (int)getpid(), seq++);
	t->pid = fork();
	if (t->pid == 0) {
		FILE *f = fopen(t->path, "w");
		char buf[65536];
		ssize_t n;

		close(slave);         /* else the master never sees EOF */
		if (f == NULL)
			_exit(2);
		while ((n = read(master, buf, sizeof buf)) > 0) {
			fwrite(buf, 1, (size_t)n, f);
			fflush(f);
			/* Every DA1 query is answered (detection asks twice). */
			if (answer && memmem(buf, (size_t)n, "\033[c", 3)) {
				static const char reply[] = "\033[4;480;800t"
				    "\033[6;20;10t\033[?1;0;256S\033[?2;0;4000;4000S"
				    "\033[?62;4;22c";

				if (delay_ms > 0)
					usleep((useconds_t)delay_ms * 1000);
				if (write(master, reply, sizeof reply - 1) < 0)
					_exit(3);
			}
		}
		fclose(f);
		_exit(0);
	}
}

/* Wait for the fake terminal; its output (owned, *len bytes). */
static char *
test_term_finish(struct test_term *t, size_t *len)
{
	void *data = NULL;
	char *cause = NULL;
	int status;

	waitpid(t->pid, &status, 0);
	close(t->master);
	if (!image_read_file(t->path, 64u << 20, &data, len, &cause)) {
		CHECK(0, "terminal output: %s", cause);
		free(cause);
		*len = 0;
		return xstrdup("");
	}
	if (getenv("TEST_KEEP") == NULL)
		unlink(t->path);
	return data;
}

/* Milliseconds on the monotonic clock. */
static long long
test_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Detection over a pty: answered, silent, and overridden. */
static void
test_detect(void)
{
	struct test_term t;
	struct termgfx g;
	int master, slave;
	long long t0;
	size_t len;
	char *out;

	setenv("RUMMAGE_DA1_TIMEOUT_MS", "200", 1);
	unsetenv("RUMMAGE_GRAPHICS");
	unsetenv("NO_COLOR");

	CHECK(openpty(&master, &slave, NULL, NULL, NULL) == 0, "openpty");
	test_term_start(&t, master, slave, true, 0);
	termgfx_detect(slave, slave, &g);
	close(slave);
	out = test_term_finish(&t, &len);
	CHECK(g.mode == TERMGFX_SIXEL, "answered: mode %s",
	    termgfx_mode_name(g.mode));
	CHECK(g.cell_w == 10 && g.cell_h == 20, "cell %dx%d", g.cell_w, g.cell_h);
	CHECK(g.colors == 256 && g.max_w == 4000, "XTSMGRAPHICS");
	CHECK(memmem(out, len, "\033[c", 3) != NULL, "DA1 asked");
	free(out);

	/* Silent terminal: blocks (UTF-8) within the timeout. */
	CHECK(openpty(&master, &slave, NULL, NULL, NULL) == 0, "openpty");
	test_term_start(&t, master, slave, false, 0);
	t0 = test_now_ms();
	termgfx_detect(slave, slave, &g);
	CHECK(test_now_ms() - t0 < 2000, "waited %lld ms",
	    test_now_ms() - t0);
	close(slave);
	free(test_term_finish(&t, &len));
	CHECK(g.mode == (g.utf8 ? TERMGFX_BLOCKS : TERMGFX_ASCII),
	    "silent: mode %s", termgfx_mode_name(g.mode));
	CHECK(g.late_reply, "late reply expected");

	/* Overrides, and NO_COLOR. */
	setenv("RUMMAGE_GRAPHICS", "ascii", 1);
	termgfx_detect(-1, -1, &g);
	CHECK(g.mode == TERMGFX_ASCII, "override ascii");
	setenv("RUMMAGE_GRAPHICS", "none", 1);
	termgfx_detect(-1, -1, &g);
	CHECK(g.mode == TERMGFX_NONE, "override none");
	setenv("RUMMAGE_GRAPHICS", "bogus", 1);
	termgfx_detect(-1, -1, &g);
	CHECK(g.mode == TERMGFX_NONE, "unknown override: none");
	unsetenv("RUMMAGE_GRAPHICS");
	setenv("NO_COLOR", "1", 1);
	termgfx_detect(-1, -1, &g);
	CHECK(g.mode == TERMGFX_ASCII, "NO_COLOR: shades");
	unsetenv("NO_COLOR");
}

/* Every corpus file either decodes to the requested size or says why. */
static void
test_corpus_files(void)
{
	DIR *dir = opendir(test_corpus);
	struct dirent *de;
	struct image img;
	char *path, *cause;
	void *data;
	size_t len;
	int n = 0;

	CHECK(dir != NULL, "corpus %s", test_corpus);
	while (dir != NULL && (de = readdir(dir)) != NULL) {
		if (strstr(de->d_name, ".jpg") == NULL)
			continue;
		path = xasprintf("%s/%s", test_corpus, de->d_name);
		cause = NULL;
		if (image_read_file(path, 64u << 20, &data, &len, &cause)) {
			if (preview_decode(data, len, 160, 120, &img, &cause)) {
				CHECK(img.width <= 160 && img.height <= 120 &&
				    img.width > 0, "%s: %dx%d", de->d_name,
				    img.width, img.height);
				image_fini(&img);
			} else
				CHECK(cause != NULL && *cause != '\0',
				    "%s: no cause", de->d_name);
			free(data);
		}
		free(cause);
		free(path);
		n++;
	}
	if (dir != NULL)
		closedir(dir);
	CHECK(n >= 5, "only %d corpus files", n);
}

/* Cut the first DCS ... ST out of out; NULL when there is none. */
static const char *
test_find_sixel(const char *out, size_t len, size_t *slen)
{
	const char *p = memmem(out, len, "\033P", 2), *e;

	if (p == NULL)
		return NULL;
	e = memmem(p, len - (size_t)(p - out), "\033\\", 2);
	if (e == NULL)
		return NULL;
	*slen = (size_t)(e + 2 - p);
	return p;
}

/*
 * The pane on a curses screen on a pty (sixel, forced by the environment
 * but sized by the fake terminal's answers): an item whose photo file is
 * reachable, full-screen view; the sixel must fit the pane and show the
 * label's box where the label says.
 */
static void
test_pane_sixel(void)
{
	struct catalog_item item, empty;
	struct catalog_photo photo;
	struct catalog_label labels[3];
	struct catalog_box boxes[5];
	struct photo_pane *pane;
	struct test_term t;
	struct image src;
	struct winsize ws = { 24, 80, 0, 0 };
	SCREEN *scr;
	FILE *fo, *fi;
	char path[] = "/tmp/test-preview-XXXXXX.jpg", *out, *cause = NULL;
	const char *six;
	void *jpeg;
	size_t len, jlen, slen = 0;
	unsigned char *pixels = NULL, *palette = NULL;
	int master, slave, fd, w = 0, h = 0, nc = 0, i, hits, bx, by;
	uint32_t jeans;

	/* A 400x300 grey photo on disk. */
	preview_canvas(&src, 400, 300, 0x808080);
	CHECK(image_encode_jpeg(&src, 90, &jpeg, &jlen, &cause), "encode jpeg");
	image_fini(&src);
	fd = mkstemps(path, 4);
	CHECK(fd >= 0 && write(fd, jpeg, jlen) == (ssize_t)jlen, "write jpeg");
	close(fd);
	free(jpeg);

	test_photo_init(&photo, labels, boxes);
	photo.nlabels = 1;            /* only Jeans */
	photo.resolved_path = path;
	memset(&item, 0, sizeof item);
	item.uuid = (char *)"0c30e823d3037ea7";
	item.nphotos = 1;
	item.photos = &photo;

	setenv("RUMMAGE_GRAPHICS", "sixel", 1);
	CHECK(openpty(&master, &slave, NULL, NULL, &ws) == 0, "openpty");
	test_term_start(&t, master, slave, true, 0);
	pane = photo_pane_new(slave, slave);
	CHECK(strcmp(photo_pane_mode_name(pane), "sixel") == 0, "mode %s",
	    photo_pane_mode_name(pane));
	fo = fdopen(dup(slave), "w");
	fi = fdopen(dup(slave), "r");
	scr = newterm("xterm-256color", fo, fi);
	CHECK(scr != NULL, "newterm");
	if (scr != NULL) {
		CHECK(photo_pane_key(pane, 'z'), "z is the pane's");
		photo_pane_draw(pane, stdscr, 2, 10, 15, 40, NULL, &item, 50.0);
		wnoutrefresh(stdscr);
		doupdate();
		photo_pane_flush(pane);
		/* Drawn again unchanged: nothing new is written. */
		photo_pane_draw(pane, stdscr, 2, 10, 15, 40, NULL, &item, 50.0);
		doupdate();
		photo_pane_flush(pane);
		/* The next item has no photos: the old picture must go, once. */
		memset(&empty, 0, sizeof empty);
		empty.uuid = (char *)"empty";
		photo_pane_draw(pane, stdscr, 2, 10, 15, 40, NULL, &empty, 50.0);
		wnoutrefresh(stdscr);
		doupdate();
		photo_pane_flush(pane);
		photo_pane_hide(pane);
		endwin();
		delscreen(scr);
	}
	fclose(fo);
	fclose(fi);
	photo_pane_free(pane);
	close(slave);
	out = test_term_finish(&t, &len);
	unsetenv("RUMMAGE_GRAPHICS");
	unlink(path);

	six = test_find_sixel(out, len, &slen);
	CHECK(six != NULL, "no sixel in %zu bytes of output", len);
	CHECK(six == NULL || memmem(six + slen, len - (size_t)(six + slen - out),
	    "\033P", 2) == NULL, "the unchanged frame was written twice");
	/*
	 * The picture is the photo, no black frame: 368 of the pane's 400
	 * pixels wide, centred in cells, (400 - 368) / 2 / 10 = 1 column in.
	 */
	CHECK(memmem(out, len, "\033[3;12H\033P", strlen("\033[3;12H\033P")) != NULL,
	    "sixel not centred in the pane (row 3, column 12)");
	{
		const char *e = "\033[16;11H\033[40X", *p = out;
		int count = 0;

		while ((p = memmem(p, len - (size_t)(p - out), e, strlen(e))) !=
		    NULL) {
			count++;
			p++;
		}
		CHECK(count == 1, "the pane's last row erased %d times, not once",
		    count);
	}
	{
		const char *msg = memmem(out, len, "has no photos", 13);
		const char *era = memmem(out, len, "\033[16;11H\033[40X",
		    strlen("\033[16;11H\033[40X"));

		CHECK(msg != NULL, "no message for an item without photos");
		CHECK(era != NULL && msg != NULL && era < msg,
		    "the old picture stayed up for the item without photos");
	}
	if (six != NULL && sixel_decode_raw((unsigned char *)six, (int)slen,
	    &pixels, &w, &h, &palette, &nc, NULL) == SIXEL_OK) {
		/*
		 * 40 cols x 10 px, 14 rows x 20 px: 400 x 276 in whole bands;
		 * the photo (4:3) as large as that allows is 368x276, and the
		 * picture is just the photo.
		 */
		CHECK(w == 368 && h == 276, "sixel %dx%d", w, h);
		jeans = preview_label_color(NULL, "Jeans");
		bx = 92;                      /* 0.25 of 368 */
		by = 0 + 55;                  /* 0.2 of 276, top edge */
		hits = 0;
		for (i = -2; i <= 2; i++) {
			int x = bx + 1, y = by + 100 + i * 10, k;
			uint32_t c;

			k = pixels[y * w + x];
			c = (uint32_t)palette[k * 3] << 16 |
			    palette[k * 3 + 1] << 8 | palette[k * 3 + 2];
			hits += c == jeans;
		}
		CHECK(hits == 5, "left edge of Jeans box: %d of 5 pixels", hits);
		i = pixels[(by + 100) * w + bx + 40];
		CHECK(((uint32_t)palette[i * 3] << 16 | palette[i * 3 + 1] << 8 |
		    palette[i * 3 + 2]) != jeans, "box interior is the photo");
	} else
		CHECK(0, "sixel does not decode");
	free(pixels);
	free(palette);
	free(out);
	free(cause);
}

/*
 * Labels whose boxes have identical coordinates: every name tag stays
 * readable, stacked under the one before instead of drawn over it.
 */
static void
test_tags_stack(void)
{
	struct catalog_box box = { 0.2, 0.5, 0.5, 0.3 };
	struct catalog_label labels[3];
	const char *names[3] = { NULL, NULL, NULL };
	uint32_t colors[3], c;
	struct catalog_photo photo;
	struct preview_style style;
	struct image img;
	char cand[16];
	int found = 0, k, x, y, rows[3][2], tag_h = FONT_H + 1;

	preview_style_init(&style);
	/* Three names of three different colours. */
	static char pool[64][16];
	for (k = 0; k < 64 && found < 3; k++) {
		snprintf(cand, sizeof cand, "L%d", k);
		c = preview_label_color(&style, cand);
		if ((found > 0 && c == colors[0]) || (found > 1 && c == colors[1]))
			continue;
		snprintf(pool[found], sizeof pool[found], "%s", cand);
		names[found] = pool[found];
		colors[found++] = c;
	}
	CHECK(found == 3, "three label colours");
	memset(&photo, 0, sizeof photo);
	for (k = 0; k < 3; k++)
		labels[k] = (struct catalog_label){ (char *)names[k],
		    strlen(names[k]), 90.0, 1, &box };
	photo.labels = labels;
	photo.nlabels = 3;
	preview_canvas(&img, 300, 200, 0x404040);
	CHECK(preview_draw_boxes(&img, &photo, &style) == 3, "three boxes");
	/* The rows holding each tag's colour, left of the box's right edge. */
	for (k = 0; k < 3; k++) {
		rows[k][0] = 1000;
		rows[k][1] = -1;
		for (y = 0; y < 200; y++) {
			for (x = 62; x < 140; x++) {
				if (test_pixel(img.rgb, 300, x, y) != colors[k])
					continue;
				/* Not the box's own frame lines. */
				if (y >= 98 && y <= 102)
					continue;
				rows[k][0] = y < rows[k][0] ? y : rows[k][0];
				rows[k][1] = y > rows[k][1] ? y : rows[k][1];
			}
		}
	}
	/* The first tag above the box, the others one under the other. */
	CHECK(rows[0][1] < 100 && rows[0][1] >= 100 - tag_h,
	    "first tag above the box (rows %d..%d)", rows[0][0], rows[0][1]);
	CHECK(rows[1][0] >= rows[0][1] - 1 && rows[1][0] < rows[0][1] + tag_h,
	    "second tag under the first (rows %d..%d)", rows[1][0], rows[1][1]);
	CHECK(rows[2][0] >= rows[1][1] - 1 && rows[2][0] > rows[1][0],
	    "third tag under the second (rows %d..%d)", rows[2][0], rows[2][1]);
	image_fini(&img);
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		test_corpus = argv[1];
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	signal(SIGPIPE, SIG_IGN);
	test_draw();
	test_boxes();
	test_tags_stack();
	test_sixel();
	test_parse();
	test_colorfgbg();
	test_detect();
	test_corpus_files();
	test_pane_sixel();
	if (test_failures > 0) {
		fprintf(stderr, "%d check(s) failed\n", test_failures);
		return 1;
	}
	printf("ok\n");
	return 0;
}
