/*
 * test-theme.c - unit tests for ui/theme.c: theme files parse (with line
 * numbers on errors), colours reduce to what 8-, 16- and 256-colour
 * terminals have, the [photo] box palette.
 */
#include "../ui/theme.c"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"

/* The reduction of one colour word on a terminal with ncolours. */
static int
reduce(const char *word, int ncolours)
{
	struct theme_colour c;

	if (!theme_parse_colour(word, &c))
		return -100;
	COLORS = ncolours;
	return theme_reduce(c);
}

static void
test_reduce(void)
{
	CHECKF(reduce("default", 256) == -1, "default");
	CHECKF(reduce("red", 8) == 1, "red on 8");
	CHECKF(reduce("bright-red", 16) == 9, "bright-red on 16");
	CHECKF(reduce("bright-red", 8) == 1, "bright-red on 8");
	CHECKF(reduce("#ff0000", 256) == 196, "#ff0000 on 256: %d",
	    reduce("#ff0000", 256));
	CHECKF(reduce("#ff0000", 16) == 9, "#ff0000 on 16: %d",
	    reduce("#ff0000", 16));
	CHECKF(reduce("#000080", 8) == 4, "#000080 on 8: %d",
	    reduce("#000080", 8));
	CHECKF(reduce("color196", 8) == 1, "color196 on 8: %d",
	    reduce("color196", 8));
	CHECKF(reduce("color244", 16) == 8, "grey color244 on 16: %d",
	    reduce("color244", 16));
	CHECKF(reduce("color300", 256) == -100, "color300 accepted");
	CHECKF(reduce("#12345", 256) == -100, "#12345 accepted");
	CHECKF(reduce("purple", 256) == -100, "purple accepted");
}

/* Write text to a temporary theme file; its path (static buffer). */
static const char *
theme_file(const char *text)
{
	static char path[] = "/tmp/rummage-test-themeXXXXXX";
	int fd;

	strcpy(path, "/tmp/rummage-test-themeXXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	return path;
}

static void
test_load(void)
{
	const uint32_t *rgb;
	const char *path;
	char *cause = NULL;

	CHECKF(theme_load(NULL, &cause), "built-in: %s", cause);
	CHECKF(theme_box_colours(&rgb) == 0, "built-in has a box palette");
	CHECKF(theme_load("light", &cause), "light: %s", cause);
	CHECKF(theme_box_colours(&rgb) == 8 && rgb[0] == 0xd70000,
	    "light box palette");
	CHECKF(theme_load("mono", &cause), "mono: %s", cause);
	CHECKF(theme_specs[THEME_SELECTED].mono == (A_REVERSE | A_BOLD),
	    "mono selected");
	CHECKF(theme_load("default", &cause), "default: %s", cause);
	CHECKF(theme_box_colours(&rgb) == 0, "default has a box palette");
	CHECKF(!theme_load("no-such-theme", &cause) && cause != NULL &&
	    strstr(cause, "not found") != NULL, "missing theme");
	free(cause);
	cause = NULL;

	path = theme_file("[colors]\nnormal = red blue bold\n[photo]\n"
	    "boxes = #010203 white\n");
	CHECKF(theme_load(path, &cause), "file: %s", cause);
	CHECKF(theme_specs[THEME_NORMAL].fg.value == 1 &&
	    theme_specs[THEME_NORMAL].bg.value == 4 &&
	    theme_specs[THEME_NORMAL].attrs == A_BOLD, "normal parsed");
	CHECKF(theme_box_colours(&rgb) == 2 && rgb[0] == 0x010203 &&
	    rgb[1] == 0xe5e5e5, "boxes parsed");
	unlink(path);

	path = theme_file("[colors]\nnormal = red\n\nselected = pink\n");
	CHECKF(!theme_load(path, &cause) && cause != NULL &&
	    strstr(cause, ":4: 'pink'") != NULL, "bad colour: %s", cause);
	free(cause);
	cause = NULL;
	unlink(path);

	path = theme_file("[colors]\nnosuch = red\n");
	CHECKF(!theme_load(path, &cause) && cause != NULL &&
	    strstr(cause, ":2: unknown element") != NULL, "bad element: %s",
	    cause);
	free(cause);
	unlink(path);
}

/* WCAG relative luminance of 0xRRGGBB. */
static double
luminance(uint32_t rgb)
{
	double c[3];
	int i;

	for (i = 0; i < 3; i++) {
		double v = ((rgb >> (16 - 8 * i)) & 0xff) / 255.0;

		c[i] = v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/* The contrast ratio of two colours, 1 to 21. */
static double
contrast(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/*
 * The RGB xterm shows for sp's foreground and background on a terminal
 * of ncolours with a dark or light background, as theme_start sets them.
 */
static void
shown(struct theme_spec *sp, int ncolours, bool dark, uint32_t *fg,
    uint32_t *bg)
{
	uint32_t dfg = dark ? 0xe5e5e5 : 0x000000, dbg = dark ? 0 : 0xffffff;
	int f, b;

	COLORS = ncolours;
	theme_reduce_pair(sp->fg, sp->bg, dark, &f, &b);
	*fg = theme_shown(f, dfg);
	*bg = theme_shown(b, dbg);
}

/*
 * Every element of every theme, at 8, 16, 256 colours and direct colour,
 * on a dark and a light terminal (xterm's default palette, its default
 * colours light grey on black or black on white): foreground against
 * background at least 3:1.
 */
static void
test_contrast(void)
{
	static const struct { const char *theme; bool dark, light; } t[] = {
		{ "default", true, true },
		{ "light", true, true },
		{ "mono", true, true },
	};
	/* 1 << 24: a direct-colour terminal (xterm-direct). */
	static const int depths[] = { 8, 16, 256, 1 << 24 };
	char *cause = NULL;
	size_t i, d;
	int e, bgside;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		CHECKF(theme_load(t[i].theme, &cause), "%s: %s", t[i].theme,
		    cause);
		for (bgside = 0; bgside < 2; bgside++) {
			bool dark = bgside == 0;

			if ((dark && !t[i].dark) || (!dark && !t[i].light))
				continue;
			for (d = 0; d < sizeof depths / sizeof depths[0]; d++) {
				for (e = 0; e < THEME_ELEMENT_COUNT; e++) {
					struct theme_spec *sp = &theme_specs[e];
					uint32_t fg, bg;
					double r;

					shown(sp, depths[d], dark, &fg, &bg);
					r = contrast(fg, bg);

					CHECKF(r >= 3.0, "%s theme on a %s terminal, "
					    "%d colours: %s is #%06x on #%06x, %.2f:1",
					    t[i].theme, dark ? "dark" : "light",
					    depths[d], theme_names[e], fg, bg, r);
				}
			}
		}
	}
}

int
main(void)
{
	test_reduce();
	test_load();
	test_contrast();
	if (check_failures != 0) {
		printf("%d failure(s)\n", check_failures);
		return 1;
	}
	printf("theme: all tests passed\n");
	return 0;
}
