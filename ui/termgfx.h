/*
 * termgfx.h - what graphics the terminal can show, detected, not guessed.
 *
 * RUMMAGE_GRAPHICS=sixel|blocks|ascii|none overrides everything. Otherwise
 * the terminal is asked, before curses starts, CSI c (DA1; attribute 4
 * means sixel), and when it has sixel, in a second write:
 *   CSI 14 t, CSI 16 t      text area and cell size in pixels (xterm)
 *   CSI ? 1;1;0 S           XTSMGRAPHICS: number of colour registers
 *   CSI ? 2;1;0 S           XTSMGRAPHICS: maximum sixel geometry
 *   CSI c                   DA1 again, as the end mark
 * A terminal that answered DA1 in time is then asked OSC 11 ; ? (its
 * background colour), closed by DA1 again: light or dark picks the theme.
 * Without an answer, COLORFGBG ("15;0": background 0-6 or 8 is dark),
 * else dark.
 * Terminals answer in order and every terminal answers DA1, so the DA1
 * reply ends each wait; RUMMAGE_DA1_TIMEOUT_MS (default 300) bounds it.
 * A first-round reply that comes late can only be CSI ? ... c.
 * Without sixel: Unicode half blocks (with 256 colours, or 24-bit when
 * COLORTERM says truecolor/24bit) in a UTF-8 locale, ASCII shades
 * otherwise or when NO_COLOR is set.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum termgfx_mode {
	TERMGFX_NONE,
	TERMGFX_ASCII,                /* luminance shades, no colour */
	TERMGFX_BLOCKS,               /* upper half blocks, fg/bg colours */
	TERMGFX_SIXEL,
};

struct termgfx {
	enum termgfx_mode mode;
	bool utf8;                    /* the locale's codeset is UTF-8 */
	bool truecolor;               /* COLORTERM=truecolor|24bit */
	bool no_color;                /* NO_COLOR is set and not empty */
	bool da1_answered;            /* the terminal answered DA1 in time */
	bool da1_sixel;               /* ... with attribute 4 */
	bool late_reply;              /* DA1 timed out: a reply may come later */
	bool late_csi;                /* ... and CSI t replies with it */
	int cell_w, cell_h;           /* cell size in pixels; 0 = unknown */
	int area_w, area_h;           /* text area in pixels (CSI 14 t); 0 = unknown */
	int max_w, max_h;             /* XTSMGRAPHICS sixel geometry; 0 = unknown */
	int colors;                   /* XTSMGRAPHICS colour registers; 0 = unknown */
	int timeout_ms;               /* the DA1 wait that was used */
	/* The background: OSC 11's answer, else COLORFGBG, else dark. */
	enum { TERMGFX_BG_ASSUMED, TERMGFX_BG_OSC11, TERMGFX_BG_COLORFGBG } bg_from;
	bool bg_dark;
	unsigned bg_rgb;              /* 0xRRGGBB when OSC 11 answered */
};

/* The mode's name: "sixel", "blocks", "ascii" or "none". */
const char *termgfx_mode_name(enum termgfx_mode mode);

/*
 * Fill *gfx: environment first, then the queries on tty_in/tty_out when
 * both are terminals (tty_in is put in raw mode for the wait and restored).
 * Never fails; without a terminal the mode comes from the locale alone.
 */
void termgfx_detect(int tty_in, int tty_out, struct termgfx *gfx);

/*
 * Parse terminal replies in buf[0..len) into *gfx; returns the number of
 * bytes consumed by complete replies (what is left may be a partial
 * reply). Sets da1_answered when the DA1 reply was seen.
 */
size_t termgfx_parse(struct termgfx *gfx, const char *buf, size_t len);
