/*
 * theme.h - colour schemes for the browser: ini files (as foot's) mapping
 * each screen element to a foreground, a background and attributes.
 *
 *   [colors]
 *   selected = black cyan bold
 *   error    = #ff5f5f default
 *
 * Colours: default, black, red, green, yellow, blue, magenta, cyan, white,
 * bright-black .. bright-white, colorN (0-255) or #rrggbb, reduced to what
 * the terminal has (256, 16 or 8 colours). Attributes: bold, dim, reverse,
 * underline, italic, standout. Without colours (has_colors() false, or
 * NO_COLOR set) only the attributes of the [mono] section are used.
 *
 *   [photo]
 *   boxes = #ff5f5f #5fd75f #5fafff   # label box colours in the photo pane
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define THEME_MAX_BOXES 16

enum theme_element {
	THEME_NORMAL,
	THEME_TITLE,       /* the query bar */
	THEME_QUERY,       /* the query text */
	THEME_ERROR,       /* parse errors, failures */
	THEME_CHIP,        /* an active filter */
	THEME_CHIP_NEG,    /* an excluding filter */
	THEME_SELECTED,    /* the cursor row of the focused pane */
	THEME_CURSOR,      /* the cursor row of a pane without focus */
	THEME_HEADER,      /* column and section headers */
	THEME_COUNT,       /* counts beside facet values */
	THEME_BAR,         /* inline bars and charts */
	THEME_ACTIVE,      /* a facet value that is selected */
	THEME_EXCLUDED,    /* a facet value that is excluded */
	THEME_STATUS,      /* the status line */
	THEME_KEY,         /* key names in hints and help */
	THEME_DIM,         /* secondary text */
	THEME_BORDER,      /* pane separators */
	THEME_ELEMENT_COUNT
};

/*
 * Load theme name: a path when it contains '/', else NAME.theme searched
 * in $XDG_CONFIG_HOME/rummage/themes, the installed data directory and
 * the source tree. NULL or "default" without a file: the built-in dark
 * theme. false with *cause when the theme was named but is unusable.
 */
bool theme_load(const char *name, char **cause);

/*
 * After initscr(): set up colour pairs for what the terminal has;
 * monochrome when has_colors() is false or NO_COLOR is set.
 */
void theme_start(void);

/*
 * Whether the terminal's background is dark (the default) or light;
 * before theme_start(). Colours that would read worse than 3:1 on it
 * (xterm's palette) are replaced by the nearest that reads.
 */
void theme_set_background(bool dark);

/* The curses attributes (colour pair included) of an element. */
int theme_attr(enum theme_element el);

/*
 * The label box colours of the theme's [photo] section (0xRRGGBB,
 * borrowed, valid until the next theme_load); 0 when it has none.
 */
size_t theme_box_colours(const uint32_t **rgb);
