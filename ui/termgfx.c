/*
 * termgfx.c - terminal graphics detection: environment, DA1, XTSMGRAPHICS,
 * cell size in pixels.
 */
#include "termgfx.h"

#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* Sixel images wider or taller than this are never made (foot, tmux). */
#define TERMGFX_MAX_SIDE 10000
/* Replies are short; anything longer is not a reply we asked for. */
#define TERMGFX_REPLY_MAX 512

/*
 * Two rounds. The first asks DA1 alone, so that a reply arriving after
 * the timeout can only be "ESC [ ? ... c", which the browser recognises
 * (photo_pane_filter_key). Only a sixel terminal is then asked for its
 * sizes, again closed by DA1 as the sentinel.
 */
static const char termgfx_query_da1[] = "\033[c";
static const char termgfx_query_bg[] = "\033]11;?\033\\\033[c";
static const char termgfx_query_sizes[] =
    "\033[14t\033[16t\033[?1;1;0S\033[?2;1;0S\033[c";

/* The mode's name as RUMMAGE_GRAPHICS spells it. */
const char *
termgfx_mode_name(enum termgfx_mode mode)
{
	switch (mode) {
	case TERMGFX_SIXEL:
		return "sixel";
	case TERMGFX_BLOCKS:
		return "blocks";
	case TERMGFX_ASCII:
		return "ascii";
	case TERMGFX_NONE:
		break;
	}
	return "none";
}

/* Milliseconds on the monotonic clock. */
static long long
termgfx_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Parse up to max numeric parameters "N;N;N" from p..end; count in *n. */
static void
termgfx_params(const char *p, const char *end, long *v, int max, int *n)
{
	*n = 0;
	while (p < end && *n < max) {
		long x = 0;
		bool any = false;

		while (p < end && *p >= '0' && *p <= '9') {
			if (x < 1000000)
				x = x * 10 + (*p - '0');
			p++;
			any = true;
		}
		v[(*n)++] = any ? x : 0;
		if (p < end && *p == ';')
			p++;
		else
			break;
	}
}

/* Keep a pixel size only when it is sane. */
static int
termgfx_side(long v)
{
	return v > 0 && v <= TERMGFX_MAX_SIDE ? (int)v : 0;
}

/* Interpret one complete CSI reply: private marker, params, final byte. */
static void
termgfx_reply(struct termgfx *gfx, const char *p, const char *end, char final)
{
	long v[32];
	int n, i;
	bool priv = p < end && *p == '?';

	if (priv)
		p++;
	termgfx_params(p, end, v, 32, &n);
	if (final == 'c' && priv) {
		gfx->da1_answered = true;
		for (i = 1; i < n; i++) {
			if (v[i] == 4)
				gfx->da1_sixel = true;
		}
	} else if (final == 'S' && priv && n >= 3) {
		/* CSI ? Pi ; Ps ; Pv... S; Ps 0 is success. */
		if (v[0] == 1 && v[1] == 0 && v[2] > 0 && v[2] <= 65536)
			gfx->colors = (int)v[2];
		if (v[0] == 2 && v[1] == 0 && n >= 4) {
			gfx->max_w = termgfx_side(v[2]);
			gfx->max_h = termgfx_side(v[3]);
		}
	} else if (final == 't' && !priv && n >= 3) {
		/* CSI 6 ; height ; width t is the cell size; CSI 4 ; ... the text area. */
		if (v[0] == 6) {
			gfx->cell_h = termgfx_side(v[1]);
			gfx->cell_w = termgfx_side(v[2]);
		} else if (v[0] == 4) {
			gfx->area_h = termgfx_side(v[1]);
			gfx->area_w = termgfx_side(v[2]);
		}
	}
}

/* A hex colour channel of 1-4 digits ("ffff", "ff") as 0-255; -1 if bad. */
static int
termgfx_hex(const char *p, const char *end, const char **next)
{
	unsigned long v = 0;
	int n = 0;

	while (p < end && n < 4 && ((*p >= '0' && *p <= '9') ||
	    (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F'))) {
		v = v * 16 + (unsigned long)(*p <= '9' ? *p - '0' :
		    (*p | 0x20) - 'a' + 10);
		p++;
		n++;
	}
	*next = p;
	if (n == 0)
		return -1;
	/* Scale n hex digits to 8 bits. */
	return (int)(v * 255 / ((1UL << (4 * n)) - 1));
}

/* Interpret an OSC reply p..end: "11;rgb:RRRR/GGGG/BBBB" is the background. */
static void
termgfx_osc(struct termgfx *gfx, const char *p, const char *end)
{
	int c[3], i;
	const char *q;

	if (end - p < 8 || strncmp(p, "11;rgb:", 7) != 0)
		return;
	q = p + 7;
	for (i = 0; i < 3; i++) {
		if ((c[i] = termgfx_hex(q, end, &q)) < 0)
			return;
		if (i < 2 && (q >= end || *q++ != '/'))
			return;
	}
	gfx->bg_rgb = (unsigned)(c[0] << 16 | c[1] << 8 | c[2]);
	gfx->bg_from = TERMGFX_BG_OSC11;
	/* Relative luminance below that of mid grey: dark. */
	gfx->bg_dark = 2126 * c[0] + 7152 * c[1] + 722 * c[2] < 10000 * 128;
}

/* Consume complete CSI replies from buf into gfx; returns bytes used. */
size_t
termgfx_parse(struct termgfx *gfx, const char *buf, size_t len)
{
	size_t i = 0, done = 0, j;

	while (i < len) {
		if (buf[i] != '\033') {
			i++;
			done = i;
			continue;
		}
		if (i + 1 >= len)
			break;
		if (buf[i + 1] == ']') {
			/* OSC: up to BEL or ESC \ (ST). */
			for (j = i + 2; j < len && buf[j] != '\a' &&
			    buf[j] != '\033'; j++)
				;
			if (j >= len || (buf[j] == '\033' && j + 1 >= len))
				break;
			termgfx_osc(gfx, buf + i + 2, buf + j);
			i = j + (buf[j] == '\033' ? 2 : 1);
			done = i;
			continue;
		}
		if (buf[i + 1] != '[') {
			i++;
			done = i;
			continue;
		}
		/* CSI: parameter bytes 0x30-0x3f, intermediates, final 0x40-0x7e. */
		for (j = i + 2; j < len; j++) {
			unsigned char c = buf[j];

			if (c >= 0x40 && c <= 0x7e)
				break;
			if (c < 0x20 || c > 0x3f)
				break;
		}
		if (j >= len)
			break;
		if ((unsigned char)buf[j] >= 0x40 && (unsigned char)buf[j] <= 0x7e)
			termgfx_reply(gfx, buf + i + 2, buf + j, buf[j]);
		i = j + 1;
		done = i;
	}
	return done;
}

/* The locale's codeset is UTF-8. */
static bool
termgfx_utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 ||
	    strcasecmp(cs, "utf8") == 0);
}

/* True when the environment variable is set and not empty. */
static bool
termgfx_env_set(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0';
}

/* Write all of buf; false on error. */
static bool
termgfx_write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/* Send query and read the replies until DA1 or the timeout. */
static void
termgfx_ask(int tty_in, int tty_out, struct termgfx *gfx, const char *query)
{
	struct termios saved, raw;
	char buf[TERMGFX_REPLY_MAX];
	size_t len = 0, used;
	long long deadline;
	struct pollfd pfd;
	ssize_t n;
	int left;

	if (tcgetattr(tty_in, &saved) != 0)
		return;
	raw = saved;
	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(tty_in, TCSANOW, &raw) != 0)
		return;
	gfx->da1_answered = false;
	if (!termgfx_write_all(tty_out, query, strlen(query)))
		goto out;
	deadline = termgfx_now_ms() + gfx->timeout_ms;
	while (!gfx->da1_answered) {
		left = (int)(deadline - termgfx_now_ms());
		if (left <= 0)
			break;
		pfd.fd = tty_in;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, left) <= 0)
			continue;
		n = read(tty_in, buf + len, sizeof buf - len);
		if (n <= 0)
			continue;
		len += (size_t)n;
		used = termgfx_parse(gfx, buf, len);
		memmove(buf, buf + used, len - used);
		len -= used;
		if (len == sizeof buf)
			len = 0;      /* garbage, not a reply */
	}
	if (!gfx->da1_answered) {
		/* After the sizes query, CSI t replies may be late too. */
		if (query == termgfx_query_sizes)
			gfx->late_csi = true;
		gfx->late_reply = true;
	}
out:
	tcsetattr(tty_in, TCSANOW, &saved);
}

/*
 * Cell size from the kernel's idea of the window in pixels, if it has one,
 * else from the text area (CSI 14 t) when the terminal did not say CSI 16 t.
 */
static void
termgfx_winsize(int fd, struct termgfx *gfx)
{
	struct winsize ws;

	if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0 || ws.ws_row == 0)
		return;
	if (ws.ws_xpixel == 0 || ws.ws_ypixel == 0) {
		if (gfx->cell_w == 0 && gfx->area_w > 0 && gfx->area_h > 0) {
			gfx->cell_w = termgfx_side(gfx->area_w / ws.ws_col);
			gfx->cell_h = termgfx_side(gfx->area_h / ws.ws_row);
		}
		return;
	}
	gfx->cell_w = termgfx_side(ws.ws_xpixel / ws.ws_col);
	gfx->cell_h = termgfx_side(ws.ws_ypixel / ws.ws_row);
}

/*
 * COLORFGBG (rxvt, konsole, some others): "fg;bg" or "fg;default;bg";
 * background colours 0-6 and 8 are dark, 7 and 9-15 light.
 */
static void
termgfx_colorfgbg(struct termgfx *gfx)
{
	const char *v = getenv("COLORFGBG"), *last;
	char *end;
	long bg;

	gfx->bg_from = TERMGFX_BG_ASSUMED;
	gfx->bg_dark = true;
	if (v == NULL || (last = strrchr(v, ';')) == NULL)
		return;
	bg = strtol(last + 1, &end, 10);
	if (end == last + 1 || *end != '\0' || bg < 0 || bg > 15)
		return;
	gfx->bg_from = TERMGFX_BG_COLORFGBG;
	gfx->bg_dark = bg <= 6 || bg == 8;
}

/* Environment, then the terminal's answers, decide the mode. */
void
termgfx_detect(int tty_in, int tty_out, struct termgfx *gfx)
{
	const char *force = getenv("RUMMAGE_GRAPHICS");
	const char *ct = getenv("COLORTERM");
	const char *to = getenv("RUMMAGE_DA1_TIMEOUT_MS");
	const char *term = getenv("TERM");
	bool tty = tty_in >= 0 && tty_out >= 0 && isatty(tty_in) &&
	    isatty(tty_out);
	char *end;
	long v;

	memset(gfx, 0, sizeof *gfx);
	termgfx_colorfgbg(gfx);
	gfx->utf8 = termgfx_utf8_locale();
	gfx->no_color = termgfx_env_set("NO_COLOR");
	gfx->truecolor = ct != NULL && (strcmp(ct, "truecolor") == 0 ||
	    strcmp(ct, "24bit") == 0);
	gfx->timeout_ms = 300;
	if (to != NULL && *to != '\0') {
		v = strtol(to, &end, 10);
		if (*end == '\0' && v >= 0 && v <= 60000)
			gfx->timeout_ms = (int)v;
	}

	if (force != NULL && *force != '\0') {
		if (strcmp(force, "sixel") == 0)
			gfx->mode = TERMGFX_SIXEL;
		else if (strcmp(force, "blocks") == 0)
			gfx->mode = TERMGFX_BLOCKS;
		else if (strcmp(force, "ascii") == 0)
			gfx->mode = TERMGFX_ASCII;
		else
			gfx->mode = TERMGFX_NONE;
		/* Sixel still needs the cell size; ask without the DA1 verdict. */
		if (gfx->mode == TERMGFX_SIXEL && tty) {
			termgfx_ask(tty_in, tty_out, gfx, termgfx_query_sizes);
			termgfx_winsize(tty_out, gfx);
		}
		return;
	}
	if (term != NULL && strcmp(term, "dumb") == 0) {
		gfx->mode = TERMGFX_NONE;
		return;
	}
	if (tty) {
		termgfx_ask(tty_in, tty_out, gfx, termgfx_query_da1);
		/* Only a terminal that answers in time: a late OSC reply would be keys. */
		if (gfx->da1_answered) {
			bool sixel = gfx->da1_sixel;

			termgfx_ask(tty_in, tty_out, gfx, termgfx_query_bg);
			gfx->da1_sixel = sixel;
			gfx->da1_answered = true;
		}
		if (gfx->da1_sixel) {
			termgfx_ask(tty_in, tty_out, gfx, termgfx_query_sizes);
			gfx->da1_answered = true;       /* the first round was */
		}
		/* The kernel's pixel size, when known, is the most direct answer. */
		termgfx_winsize(tty_out, gfx);
	}
	if (gfx->da1_sixel)
		gfx->mode = TERMGFX_SIXEL;
	else if (gfx->utf8 && !gfx->no_color)
		gfx->mode = TERMGFX_BLOCKS;
	else
		gfx->mode = TERMGFX_ASCII;
}
