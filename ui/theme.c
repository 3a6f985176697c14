/*
 * theme.c - colour schemes (see theme.h).
 */
#include "theme.h"

#include <curses.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rfile.h"
#include "xmalloc.h"

/* A colour as written: the terminal default, a palette index or RGB. */
struct theme_colour {
	enum { THEME_DEFAULT, THEME_INDEX, THEME_RGB } kind;
	int value;                    /* index 0-255, or 0xRRGGBB */
};

struct theme_spec {
	struct theme_colour fg, bg;
	int attrs;                    /* with colours */
	int mono;                     /* without colours */
};

static const char *theme_names[THEME_ELEMENT_COUNT] = {
	"normal", "title", "query", "error", "chip", "chip-negated",
	"selected", "cursor", "header", "count", "bar", "active", "excluded",
	"status", "key", "dim", "border",
};

/*
 * The built-in theme, parsed like a file, so that rummage looks right
 * even when no theme file is installed (same as themes/default.theme).
 */
static const char theme_builtin[] =
    "[colors]\n"
    "normal = default default\n"
    "title = bright-white blue bold\n"
    "query = bright-white blue\n"
    "error = bright-red default bold\n"
    "chip = black cyan\n"
    "chip-negated = black magenta\n"
    "selected = black bright-cyan\n"
    "cursor = default bright-black\n"
    "header = bright-yellow default bold\n"
    "count = cyan default\n"
    "bar = #5f87ff default\n"
    "active = bright-green default bold\n"
    "excluded = bright-magenta default\n"
    "status = black white\n"
    "key = bright-yellow default bold\n"
    "dim = #8a8a8a default\n"
    "border = #5f87ff default\n"
    "[mono]\n"
    "normal = none\n"
    "title = reverse\n"
    "query = reverse\n"
    "error = bold underline\n"
    "chip = reverse\n"
    "chip-negated = reverse underline\n"
    "selected = reverse\n"
    "cursor = underline\n"
    "header = bold\n"
    "count = none\n"
    "bar = none\n"
    "active = bold\n"
    "excluded = underline\n"
    "status = reverse\n"
    "key = bold\n"
    "dim = dim\n"
    "border = none\n";

static struct theme_spec theme_specs[THEME_ELEMENT_COUNT];
static uint32_t theme_boxes[THEME_MAX_BOXES];
static size_t theme_nboxes;
static int theme_attrs[THEME_ELEMENT_COUNT];

/* Parse a colour word into *c; false when it is not one. */
static bool
theme_parse_colour(const char *w, struct theme_colour *c)
{
	static const char *names[] = { "black", "red", "green", "yellow",
	    "blue", "magenta", "cyan", "white" };
	char *end;
	long v;
	int i;

	if (strcasecmp(w, "default") == 0) {
		c->kind = THEME_DEFAULT;
		c->value = -1;
		return true;
	}
	for (i = 0; i < 8; i++) {
		if (strcasecmp(w, names[i]) == 0) {
			c->kind = THEME_INDEX;
			c->value = i;
			return true;
		}
		if (strncasecmp(w, "bright-", 7) == 0 &&
		    strcasecmp(w + 7, names[i]) == 0) {
			c->kind = THEME_INDEX;
			c->value = 8 + i;
			return true;
		}
	}
	if (strncasecmp(w, "color", 5) == 0 && w[5] != '\0') {
		errno = 0;
		v = strtol(w + 5, &end, 10);
		if (*end != '\0' || errno != 0 || v < 0 || v > 255)
			return false;
		c->kind = THEME_INDEX;
		c->value = (int)v;
		return true;
	}
	if (w[0] == '#' && strlen(w) == 7) {
		v = strtol(w + 1, &end, 16);
		if (*end != '\0')
			return false;
		c->kind = THEME_RGB;
		c->value = (int)v;
		return true;
	}
	return false;
}

/* Parse an attribute word, or -1. */
static int
theme_parse_attr(const char *w)
{
	if (strcasecmp(w, "none") == 0)
		return 0;
	if (strcasecmp(w, "bold") == 0)
		return A_BOLD;
	if (strcasecmp(w, "dim") == 0)
		return A_DIM;
	if (strcasecmp(w, "reverse") == 0)
		return A_REVERSE;
	if (strcasecmp(w, "underline") == 0)
		return A_UNDERLINE;
	if (strcasecmp(w, "italic") == 0)
		return A_ITALIC;
	if (strcasecmp(w, "standout") == 0)
		return A_STANDOUT;
	return -1;
}

/* Trim spaces at both ends of s in place; returns the new start. */
static char *
theme_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/*
 * Parse one "name = words" line of section sect into specs; false with
 * *cause (naming what is wrong, not where) on an error.
 */
static bool
theme_parse_entry(struct theme_spec *specs, const char *sect, char *key,
    char *val, char **cause)
{
	struct theme_spec *sp = NULL;
	struct theme_colour c;
	char *w, *save = NULL;
	int i, ncolours = 0, a;

	for (i = 0; i < THEME_ELEMENT_COUNT; i++) {
		if (strcmp(key, theme_names[i]) == 0)
			sp = &specs[i];
	}
	if (sp == NULL) {
		*cause = xasprintf("unknown element '%s'", key);
		return false;
	}
	if (strcmp(sect, "mono") == 0)
		sp->mono = 0;
	else
		sp->attrs = 0;
	for (w = strtok_r(val, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if (strcmp(sect, "colors") == 0 && ncolours < 2 &&
		    theme_parse_colour(w, &c)) {
			if (ncolours++ == 0)
				sp->fg = c;
			else
				sp->bg = c;
			continue;
		}
		if ((a = theme_parse_attr(w)) < 0) {
			*cause = xasprintf("'%s' is not a colour or attribute",
			    w);
			return false;
		}
		if (strcmp(sect, "mono") == 0)
			sp->mono |= a;
		else
			sp->attrs |= a;
	}
	return true;
}

/* xterm's RGB for the 16 basic palette entries. */
static const uint32_t theme_xterm16[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd,
	0x00cdcd, 0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00,
	0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff };

/* The RGB of a colour as written (palette indexes: the xterm colours). */
static uint32_t
theme_rgb(struct theme_colour c)
{
	int i;

	if (c.kind == THEME_RGB)
		return (uint32_t)c.value;
	if (c.kind == THEME_DEFAULT)
		return 0xffffff;
	if (c.value < 16)
		return theme_xterm16[c.value];
	if (c.value >= 232)
		return 0x010101u * (uint32_t)(8 + 10 * (c.value - 232));
	i = c.value - 16;
	return (uint32_t)(((i / 36) ? 55 + 40 * (i / 36) : 0) << 16 |
	    (((i / 6) % 6) ? 55 + 40 * ((i / 6) % 6) : 0) << 8 |
	    ((i % 6) ? 55 + 40 * (i % 6) : 0));
}

/* Parse "boxes = colour..." of the [photo] section; false with *why. */
static bool
theme_parse_boxes(const char *key, char *val, char **why)
{
	struct theme_colour c;
	char *w, *save = NULL;

	if (strcmp(key, "boxes") != 0) {
		*why = xasprintf("unknown photo setting '%s'", key);
		return false;
	}
	theme_nboxes = 0;
	for (w = strtok_r(val, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if (!theme_parse_colour(w, &c)) {
			*why = xasprintf("'%s' is not a colour", w);
			return false;
		}
		if (theme_nboxes < THEME_MAX_BOXES)
			theme_boxes[theme_nboxes++] = theme_rgb(c);
	}
	return true;
}

/* Parse theme text (NUL-terminated, modified) into specs. */
static bool
theme_parse(struct theme_spec *specs, char *text, const char *file,
    char **cause)
{
	char sect[32] = "colors", *line, *next, *eq, *why = NULL;
	int lineno = 0;

	for (line = text; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		line = theme_trim(line);
		if (*line == '\0' || *line == '#' || *line == ';')
			continue;
		if (*line == '[') {
			char *e = strchr(line, ']');

			if (e == NULL || e - line - 1 >= (long)sizeof sect) {
				why = xstrdup("bad section header");
				goto fail;
			}
			*e = '\0';
			snprintf(sect, sizeof sect, "%s", line + 1);
			continue;
		}
		if (strcmp(sect, "photo") == 0) {
			if ((eq = strchr(line, '=')) == NULL) {
				why = xstrdup("expected 'boxes = colours'");
				goto fail;
			}
			*eq = '\0';
			if (!theme_parse_boxes(theme_trim(line),
			    theme_trim(eq + 1), &why))
				goto fail;
			continue;
		}
		if (strcmp(sect, "colors") != 0 && strcmp(sect, "mono") != 0)
			continue; /* sections of later versions */
		if ((eq = strchr(line, '=')) == NULL) {
			why = xstrdup("expected 'element = colours'");
			goto fail;
		}
		*eq = '\0';
		if (!theme_parse_entry(specs, sect, theme_trim(line),
		    theme_trim(eq + 1), &why))
			goto fail;
	}
	return true;
fail:
	if (cause != NULL)
		*cause = xasprintf("%s:%d: %s", file, lineno, why);
	free(why);
	return false;
}

/*
 * Read a whole small file (owned), or NULL: *missing when there is none,
 * else *cause says why (a directory, a FIFO: never read, never waited on).
 */
static char *
theme_read(const char *path, bool *missing, char **cause)
{
	FILE *f = rfile_open(path, missing, cause);
	char *data;
	size_t n;

	if (f == NULL)
		return NULL;
	data = xmalloc(65537);
	n = fread(data, 1, 65536, f); /* themes are tiny; the rest is ignored */
	data[n] = '\0';
	fclose(f);
	return data;
}

bool
theme_load(const char *name, char **cause)
{
	char *text, *path = NULL, *builtin = xstrdup(theme_builtin), *why = NULL;
	bool missing = true;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	const char *dirs[4];
	size_t i, ndirs = 0;
	bool ok;

	theme_nboxes = 0;
	ok = theme_parse(theme_specs, builtin, "built-in", cause);
	free(builtin);
	if (!ok)
		return false;
	if (name == NULL || *name == '\0')
		return true;
	if (strchr(name, '/') != NULL) {
		path = xstrdup(name);
		text = theme_read(path, &missing, &why);
	} else {
		char *cfg = NULL;

		if (xdg != NULL && *xdg != '\0')
			cfg = xasprintf("%s/rummage/themes", xdg);
		else if (home != NULL)
			cfg = xasprintf("%s/.config/rummage/themes", home);
		if (getenv("RUMMAGE_THEMES") != NULL)
			dirs[ndirs++] = getenv("RUMMAGE_THEMES");
		if (cfg != NULL)
			dirs[ndirs++] = cfg;
		dirs[ndirs++] = RUMMAGE_DATADIR "/themes";
#ifdef RUMMAGE_SOURCE_THEMES
		dirs[ndirs++] = RUMMAGE_SOURCE_THEMES;
#endif
		text = NULL;
		for (i = 0; i < ndirs && text == NULL && missing; i++) {
			free(path);
			path = xasprintf("%s/%s.theme", dirs[i], name);
			text = theme_read(path, &missing, &why);
		}
		free(cfg);
	}
	if (text == NULL) {
		if (missing && strcmp(name, "default") == 0) {
			free(path);
			return true;
		}
		if (cause != NULL)
			*cause = missing ? xasprintf("theme '%s' not found", name) :
			    why;
		else
			free(why);
		free(path);
		return false;
	}
	ok = theme_parse(theme_specs, text, path, cause);
	free(text);
	free(path);
	return ok;
}

/* The nearest colour the terminal has to c: -1, or 0..COLORS-1. */
static int
theme_reduce(struct theme_colour c)
{
	uint32_t rgb;
	int r, g, b, i, best = 0;
	long d, bestd = -1;

	if (c.kind == THEME_DEFAULT)
		return -1;
	/*
	 * A direct-colour terminal (xterm-direct: COLORS 2^24) takes 0-7
	 * as palette colours and anything else as 0xRRGGBB.
	 */
	if (COLORS > 256) {
		if (c.kind == THEME_INDEX && c.value < 8)
			return c.value;
		rgb = theme_rgb(c);
		return rgb < 8 ? 0 : (int)rgb;
	}
	if (c.kind == THEME_INDEX) {
		if (c.value < COLORS)
			return c.value;
		if (c.value < 16)
			return c.value - 8; /* bright on an 8-colour terminal */
		/* A 256-palette index on a smaller terminal: go by its RGB. */
	}
	rgb = theme_rgb(c);
	r = (int)(rgb >> 16) & 0xff;
	g = (int)(rgb >> 8) & 0xff;
	b = (int)rgb & 0xff;
	if (c.kind != THEME_INDEX && COLORS >= 256) {
		/* The xterm 6x6x6 cube. */
		int ri = r < 48 ? 0 : r < 115 ? 1 : (r - 35) / 40;
		int gi = g < 48 ? 0 : g < 115 ? 1 : (g - 35) / 40;
		int bi = b < 48 ? 0 : b < 115 ? 1 : (b - 35) / 40;

		return 16 + 36 * ri + 6 * gi + bi;
	}
	for (i = 0; i < (COLORS >= 16 ? 16 : 8); i++) {
		int br = (int)(theme_xterm16[i] >> 16) & 0xff;
		int bg = (int)(theme_xterm16[i] >> 8) & 0xff;
		int bb = (int)theme_xterm16[i] & 0xff;

		/*
		 * Weighted RGB distance plus the difference in lightness,
		 * weighted more: the 16 xterm colours are saturated, and a
		 * dark teal must stay dark (blue), not become cyan, or the
		 * white text on it is lost.
		 */
		long dy = (299L * (r - br) + 587L * (g - bg) + 114L * (b - bb)) /
		    1000;

		d = 3L * (r - br) * (r - br) + 6L * (g - bg) * (g - bg) +
		    1L * (b - bb) * (b - bb) + 20L * dy * dy;
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

/*
 * The RGB xterm shows for colour number i as theme_reduce gives it (a
 * palette index, or RGB on a direct-colour terminal), or dflt for -1.
 */
static uint32_t
theme_shown(int i, uint32_t dflt)
{
	struct theme_colour c = { THEME_INDEX, i };

	if (i < 0)
		return dflt;
	return COLORS > 256 && i >= 8 ? (uint32_t)i : theme_rgb(c);
}

/* WCAG contrast ratio of two colours, times 100 (100 .. 2100). */
static int
theme_contrast100(uint32_t a, uint32_t b)
{
	double l[2];
	uint32_t v[2] = { a, b };
	int k, i;

	for (k = 0; k < 2; k++) {
		double c[3];

		for (i = 0; i < 3; i++) {
			double x = ((v[k] >> (16 - 8 * i)) & 0xff) / 255.0;

			/* sRGB to linear light (WCAG). */
			c[i] = x <= 0.03928 ? x / 12.92 : pow((x + 0.055) / 1.055,
			    2.4);
		}
		l[k] = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
	}
	return (int)(100 * (l[0] > l[1] ? (l[0] + 0.05) / (l[1] + 0.05) :
	    (l[1] + 0.05) / (l[0] + 0.05)));
}

/*
 * Reduce fg and bg to the terminal's colours; when the reduced pair
 * reads worse than 3:1 against xterm's palette (a mid-tone theme colour
 * on 8 colours becomes green on white, bright-black becomes black on
 * black), fg becomes the palette colour nearest to it among those that
 * do read. dark: the terminal's background is dark.
 */
static void
theme_reduce_pair(struct theme_colour fgc, struct theme_colour bgc,
    bool dark, int *fg, int *bg)
{
	uint32_t dfg = dark ? 0xe5e5e5 : 0x000000, dbg = dark ? 0x000000 :
	    0xffffff, want, have, back;
	int i, best = -1, n = COLORS >= 16 ? 16 : 8;
	long d, bestd = -1;

	*fg = theme_reduce(fgc);
	*bg = theme_reduce(bgc);
	back = theme_shown(*bg, dbg);
	if (theme_contrast100(theme_shown(*fg, dfg), back) >= 300)
		return;
	want = fgc.kind == THEME_DEFAULT ? dfg : theme_rgb(fgc);
	for (i = -1; i < n; i++) {
		/* Direct colour: the bright eight as RGB, as theme_reduce would. */
		int cand = COLORS > 256 && i >= 8 ? (int)theme_xterm16[i] : i;

		have = theme_shown(cand, dfg);
		if (theme_contrast100(have, back) < 310)
			continue;
		d = 0;
		for (int sh = 0; sh <= 16; sh += 8) {
			long x = (long)((want >> sh) & 0xff) - (long)((have >> sh) &
			    0xff);
			d += x * x;
		}
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = cand;
		}
	}
	if (bestd >= 0)
		*fg = best;
}

static bool theme_dark = true;

void
theme_set_background(bool dark)
{
	theme_dark = dark;
}

void
theme_start(void)
{
	const char *nc = getenv("NO_COLOR");
	int i, fg, bg;
	bool defaults = true, colours;

	colours = has_colors() && (nc == NULL || *nc == '\0');
	if (colours) {
		start_color();
		defaults = use_default_colors() == OK;
		if (COLOR_PAIRS <= THEME_ELEMENT_COUNT)
			colours = false;
	}
	for (i = 0; i < THEME_ELEMENT_COUNT; i++) {
		if (!colours) {
			theme_attrs[i] = theme_specs[i].mono;
			continue;
		}
		theme_reduce_pair(theme_specs[i].fg, theme_specs[i].bg,
		    theme_dark, &fg, &bg);
		if (!defaults && fg < 0)
			fg = COLOR_WHITE;
		if (!defaults && bg < 0)
			bg = COLOR_BLACK;
		init_pair((short)(i + 1), (short)fg, (short)bg);
		theme_attrs[i] = (int)COLOR_PAIR(i + 1) | theme_specs[i].attrs;
	}
}

int
theme_attr(enum theme_element el)
{
	return el < THEME_ELEMENT_COUNT ? theme_attrs[el] : 0;
}

size_t
theme_box_colours(const uint32_t **rgb)
{
	*rgb = theme_boxes;
	return theme_nboxes;
}
