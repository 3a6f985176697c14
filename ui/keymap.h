/*
 * keymap.h - the browser's actions and the keys bound to them.
 *
 * Defaults are vi- and arrow-friendly; the [key-bindings] section of
 * $XDG_CONFIG_HOME/rummage/config replaces the keys of an action:
 *
 *   [key-bindings]
 *   undo = u Control+z
 *   export = e F2
 *
 * Key names: a single character, Enter, Esc, Tab, BTab, Space, Backspace,
 * Delete, Up, Down, Left, Right, PageUp, PageDown, Home, End, F1..F12,
 * Control+x.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum keymap_action {
	KEYMAP_NONE,
	KEYMAP_QUIT,
	KEYMAP_UP,
	KEYMAP_DOWN,
	KEYMAP_PAGE_UP,
	KEYMAP_PAGE_DOWN,
	KEYMAP_TOP,
	KEYMAP_BOTTOM,
	KEYMAP_LEFT,
	KEYMAP_RIGHT,
	KEYMAP_FOCUS,        /* Tab: sidebar <-> list */
	KEYMAP_SELECT,       /* Enter: toggle a facet value / open an item */
	KEYMAP_BACK,         /* Esc: close, cancel */
	KEYMAP_EXCLUDE,      /* exclude a facet value */
	KEYMAP_SEARCH,       /* filter facet values / edit the query */
	KEYMAP_QUERY,        /* edit the query from anywhere */
	KEYMAP_REMOVE,       /* remove the last filter */
	KEYMAP_UNDO,
	KEYMAP_REDO,
	KEYMAP_MORE,         /* raise the confidence threshold */
	KEYMAP_LESS,         /* lower it */
	KEYMAP_CLEAR,
	KEYMAP_EXPORT,
	KEYMAP_SORT,
	KEYMAP_CHARTS,
	KEYMAP_HELP,
	KEYMAP_REDRAW,
	KEYMAP_NEXT,         /* next item (detail) / next label (charts) */
	KEYMAP_PREV,
	KEYMAP_MARK,         /* charts: mark one end of a timeline range */
	KEYMAP_CROSSTAB,     /* the crosstab view */
	KEYMAP_ROWS,         /* crosstab: the next field down the rows */
	KEYMAP_GRID,         /* the result as photo tiles / as a list */
	KEYMAP_PHOTOS,       /* grid: every photo of the item / the items */
	KEYMAP_BOXES,        /* label boxes on the photos on/off */
	KEYMAP_SIMILAR,      /* detail: the item's near-duplicates as a query */
	KEYMAP_PLOTS,        /* charts: plots (sixel) or text charts */
	KEYMAP_ACTION_COUNT
};

/*
 * The views an action works in, the help overlay's groups: the keymap
 * table says, per action, what it does in each (a new view's keys add
 * its column).
 */
enum keymap_view {
	KEYMAP_VIEW_ALL,     /* everywhere */
	KEYMAP_VIEW_LIST,
	KEYMAP_VIEW_FACETS,
	KEYMAP_VIEW_DETAIL,
	KEYMAP_VIEW_GRID,
	KEYMAP_VIEW_CHARTS,
	KEYMAP_VIEW_CROSSTAB,
	KEYMAP_VIEW_EDITING, /* the query bar and prompts */
	KEYMAP_VIEW_COUNT
};

/* The view's name as the help heads its group ("List"). */
const char *keymap_view_name(enum keymap_view view);

/* What action does in view (static), or NULL when nothing there. */
const char *keymap_action_view_help(enum keymap_action action,
    enum keymap_view view);

/* Reset to the default bindings. */
void keymap_init(void);

/* The action bound to key (a curses key code), or KEYMAP_NONE. */
enum keymap_action keymap_lookup(int key);

/* The action's one-line description. */
const char *keymap_action_help(enum keymap_action action);

/* The action named name, or KEYMAP_NONE. */
enum keymap_action keymap_action_find(const char *name);

/*
 * Replace the keys of action with the space-separated key names in keys.
 * false with *cause (owned) when a name is not a key.
 */
bool keymap_bind(enum keymap_action action, const char *keys, char **cause);

/* The key code of a key name, or -1. */
int keymap_key_parse(const char *name);

/* The keys of action as text ("u, Control+z") into buf (size len). */
void keymap_describe(enum keymap_action action, char *buf, size_t len);
