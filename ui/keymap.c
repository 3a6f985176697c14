/*
 * keymap.c - actions and key bindings (see keymap.h).
 */
#include "keymap.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xmalloc.h"

#define KEYMAP_MAX_KEYS 4

/*
 * An action: its name (for [key-bindings]), its one-line help, its
 * default keys, and what it does in each view (NULL: nothing there) --
 * the help overlay groups keys by this column.
 */
struct keymap_entry {
	const char *name;
	const char *help;
	const char *keys;             /* the defaults */
	const char *views[KEYMAP_VIEW_COUNT];
};

#define ALL KEYMAP_VIEW_ALL
#define LIST KEYMAP_VIEW_LIST
#define FACETS KEYMAP_VIEW_FACETS
#define DETAIL KEYMAP_VIEW_DETAIL
#define CHARTS KEYMAP_VIEW_CHARTS
#define GRID KEYMAP_VIEW_GRID
#define CROSSTAB KEYMAP_VIEW_CROSSTAB

static const struct keymap_entry keymap_entries[KEYMAP_ACTION_COUNT] = {
	[KEYMAP_NONE] = { "none", "", "", { NULL } },
	[KEYMAP_QUIT] = { "quit", "quit (from the list)", "q",
	    { [ALL] = "quit; in a view, back to the list" } },
	[KEYMAP_UP] = { "up", "move up", "Up k", { [ALL] = "move up" } },
	[KEYMAP_DOWN] = { "down", "move down", "Down j",
	    { [ALL] = "move down" } },
	[KEYMAP_PAGE_UP] = { "page-up", "page up", "PageUp Control+b",
	    { [ALL] = "page up" } },
	[KEYMAP_PAGE_DOWN] = { "page-down", "page down",
	    "PageDown Control+f Space", { [ALL] = "page down" } },
	[KEYMAP_TOP] = { "top", "first row", "g Home",
	    { [ALL] = "first row (charts: top)" } },
	[KEYMAP_BOTTOM] = { "bottom", "last row", "G End",
	    { [ALL] = "last row (charts: bottom)" } },
	[KEYMAP_LEFT] = { "left", "previous facet; charts, crosstab: move",
	    "Left h", { [FACETS] = "previous facet", [GRID] = "previous tile",
	    [CHARTS] = "move the pick left", [CROSSTAB] = "previous column" } },
	[KEYMAP_RIGHT] = { "right", "next facet; charts, crosstab: move",
	    "Right l", { [FACETS] = "next facet", [GRID] = "next tile",
	    [CHARTS] = "move the pick right", [CROSSTAB] = "next column" } },
	[KEYMAP_FOCUS] = { "focus",
	    "facets <-> list; charts: timeline, hours, days, brands",
	    "Tab BTab", { [LIST] = "to the facets", [FACETS] = "to the list",
	    [GRID] = "to the facets",
	    [CHARTS] = "next chart to pick from: timeline, hours, days, "
	    "brands" } },
	[KEYMAP_SELECT] = { "select",
	    "toggle facet value; open item; apply chart pick or cell",
	    "Enter", { [LIST] = "open the item",
	    [FACETS] = "toggle the value (OR within a facet, AND across)",
	    [GRID] = "open the item", [CHARTS] = "apply the pick as a term",
	    [CROSSTAB] = "apply the cell's two terms" } },
	[KEYMAP_BACK] = { "back", "close view, cancel, clear facet search",
	    "Esc", { [ALL] = "close the view, cancel",
	    [FACETS] = "clear the value search" } },
	[KEYMAP_EXCLUDE] = { "exclude", "exclude the facet value", "x !",
	    { [FACETS] = "exclude the value" } },
	[KEYMAP_SEARCH] = { "search",
	    "facets: search values; list: edit the query", "/",
	    { [LIST] = "edit the query", [FACETS] = "search the values",
	    [CHARTS] = "type the label to chart (as stats --label)" } },
	[KEYMAP_QUERY] = { "query", "edit the query", ":",
	    { [ALL] = "edit the query" } },
	[KEYMAP_REMOVE] = { "remove", "remove the last filter chip",
	    "Backspace Delete", { [ALL] = "remove the last filter chip" } },
	[KEYMAP_UNDO] = { "undo", "undo a query change", "u",
	    { [ALL] = "undo a query change" } },
	[KEYMAP_REDO] = { "redo", "redo", "Control+r",
	    { [ALL] = "redo a query change" } },
	[KEYMAP_MORE] = { "threshold-up", "raise the confidence threshold",
	    "+ =", { [ALL] = "raise the confidence threshold" } },
	[KEYMAP_LESS] = { "threshold-down", "lower the confidence threshold",
	    "-", { [ALL] = "lower the confidence threshold" } },
	[KEYMAP_CLEAR] = { "clear", "clear the query and threshold", "c",
	    { [ALL] = "clear the query and threshold" } },
	[KEYMAP_EXPORT] = { "export",
	    "export the result (uuids, JSON lines, CSV)", "e",
	    { [ALL] = "export the result (uuids, JSON lines, CSV)" } },
	[KEYMAP_SORT] = { "sort", "sort: newest, oldest, photos, brand", "s",
	    { [LIST] = "sort: newest, oldest, photos, brand",
	    [GRID] = "sort: newest, oldest, photos, brand" } },
	[KEYMAP_CHARTS] = { "charts", "charts of the result", "v",
	    { [ALL] = "charts of the result",
	    [CHARTS] = "back to the list" } },
	[KEYMAP_HELP] = { "help", "this help", "? F1",
	    { [ALL] = "this help" } },
	[KEYMAP_REDRAW] = { "redraw", "redraw the screen", "Control+l",
	    { [ALL] = "redraw the screen" } },
	[KEYMAP_NEXT] = { "next",
	    "next item; charts: label; crosstab: column field", "n J",
	    { [DETAIL] = "next item", [CHARTS] = "next label",
	    [CROSSTAB] = "next field across the columns" } },
	[KEYMAP_PREV] = { "previous",
	    "previous item; charts: label; crosstab: column field", "p K",
	    { [DETAIL] = "previous item", [CHARTS] = "previous label",
	    [CROSSTAB] = "previous field across the columns" } },
	[KEYMAP_MARK] = { "mark", "charts: mark one end of a range", "m",
	    { [CHARTS] = "mark one end of a range (m again: drop it)" } },
	[KEYMAP_CROSSTAB] = { "crosstab",
	    "crosstab: two facets as a table of counts", "T",
	    { [ALL] = "crosstab: two fields as a table of counts" } },
	[KEYMAP_ROWS] = { "crosstab-rows", "crosstab: next field down the rows",
	    "r", { [CROSSTAB] = "next field down the rows" } },
	[KEYMAP_GRID] = { "grid", "the result as photo tiles / as a list",
	    "t", { [LIST] = "the result as photo tiles",
	    [GRID] = "back to the list" } },
	[KEYMAP_PHOTOS] = { "photos",
	    "grid: every photo of the item / back to the items", "a",
	    { [GRID] = "every photo of the item / back to the items" } },
	[KEYMAP_BOXES] = { "boxes", "grid and detail: label boxes on/off",
	    "b", { [GRID] = "label boxes on/off" } },
	[KEYMAP_SIMILAR] = { "similar",
	    "detail: list the item's near-duplicates (similar:UUID)", "d",
	    { [DETAIL] = "list the item's near-duplicates (similar:UUID)" } },
	[KEYMAP_PLOTS] = { "plots", "charts: plots (sixel) or text charts",
	    "P", { [CHARTS] = "plots (in a sixel terminal) or text charts" } },
};

#undef ALL
#undef LIST
#undef FACETS
#undef DETAIL
#undef CHARTS
#undef GRID
#undef CROSSTAB

static const char *keymap_view_names[KEYMAP_VIEW_COUNT] = {
	[KEYMAP_VIEW_ALL] = "Everywhere",
	[KEYMAP_VIEW_LIST] = "List",
	[KEYMAP_VIEW_FACETS] = "Facets",
	[KEYMAP_VIEW_DETAIL] = "Detail",
	[KEYMAP_VIEW_GRID] = "Grid",
	[KEYMAP_VIEW_CHARTS] = "Charts",
	[KEYMAP_VIEW_CROSSTAB] = "Crosstab",
	[KEYMAP_VIEW_EDITING] = "Editing the query",
};

const char *
keymap_view_name(enum keymap_view view)
{
	return view < KEYMAP_VIEW_COUNT ? keymap_view_names[view] : "";
}

const char *
keymap_action_view_help(enum keymap_action action, enum keymap_view view)
{
	if (action >= KEYMAP_ACTION_COUNT || view >= KEYMAP_VIEW_COUNT)
		return NULL;
	return keymap_entries[action].views[view];
}

static int keymap_keys[KEYMAP_ACTION_COUNT][KEYMAP_MAX_KEYS];

static const struct {
	const char *name;
	int key;
} keymap_names[] = {
	{ "Enter", '\n' }, { "Esc", 27 }, { "Tab", '\t' },
	{ "BTab", KEY_BTAB }, { "Space", ' ' }, { "Backspace", KEY_BACKSPACE },
	{ "Delete", KEY_DC }, { "Up", KEY_UP }, { "Down", KEY_DOWN },
	{ "Left", KEY_LEFT }, { "Right", KEY_RIGHT }, { "PageUp", KEY_PPAGE },
	{ "PageDown", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
};

int
keymap_key_parse(const char *name)
{
	size_t i;
	int n;

	if (name[0] != '\0' && name[1] == '\0')
		return (unsigned char)name[0];
	for (i = 0; i < sizeof keymap_names / sizeof keymap_names[0]; i++) {
		if (strcasecmp(name, keymap_names[i].name) == 0)
			return keymap_names[i].key;
	}
	if ((strncasecmp(name, "Control+", 8) == 0 && strlen(name) == 9) ||
	    (strncasecmp(name, "C-", 2) == 0 && strlen(name) == 3)) {
		char c = name[strlen(name) - 1];

		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		if (c >= 'A' && c <= 'Z')
			return c - 'A' + 1;
		return -1;
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' &&
	    name[1] <= '9') {
		n = atoi(name + 1);
		if (n >= 1 && n <= 12)
			return KEY_F(n);
	}
	return -1;
}

/* The name of key code key into buf. */
static void
keymap_key_name(int key, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof keymap_names / sizeof keymap_names[0]; i++) {
		if (keymap_names[i].key == key) {
			snprintf(buf, len, "%s", keymap_names[i].name);
			return;
		}
	}
	if (key >= 1 && key <= 26)
		snprintf(buf, len, "Control+%c", 'a' + key - 1);
	else if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, len, "F%d", key - KEY_F(0));
	else if (key > ' ' && key < 127)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "key %d", key);
}

bool
keymap_bind(enum keymap_action action, const char *keys, char **cause)
{
	char *copy = xstrdup(keys), *w, *save = NULL;
	int codes[KEYMAP_MAX_KEYS], n = 0, k;

	for (w = strtok_r(copy, " \t,", &save); w != NULL;
	    w = strtok_r(NULL, " \t,", &save)) {
		if ((k = keymap_key_parse(w)) < 0) {
			if (cause != NULL)
				*cause = xasprintf("'%s' is not a key name", w);
			free(copy);
			return false;
		}
		if (n < KEYMAP_MAX_KEYS)
			codes[n++] = k;
	}
	free(copy);
	memset(keymap_keys[action], 0, sizeof keymap_keys[action]);
	memcpy(keymap_keys[action], codes, (size_t)n * sizeof codes[0]);
	return true;
}

void
keymap_init(void)
{
	int a;

	for (a = 1; a < KEYMAP_ACTION_COUNT; a++)
		keymap_bind(a, keymap_entries[a].keys, NULL);
}

enum keymap_action
keymap_lookup(int key)
{
	int a, i;

	if (key == KEY_ENTER || key == '\r')
		key = '\n';
	if (key == 127 || key == 8)
		key = KEY_BACKSPACE;
	for (a = 1; a < KEYMAP_ACTION_COUNT; a++) {
		for (i = 0; i < KEYMAP_MAX_KEYS; i++) {
			if (keymap_keys[a][i] != 0 && keymap_keys[a][i] == key)
				return a;
		}
	}
	return KEYMAP_NONE;
}

const char *
keymap_action_help(enum keymap_action action)
{
	return action < KEYMAP_ACTION_COUNT ? keymap_entries[action].help : "";
}

enum keymap_action
keymap_action_find(const char *name)
{
	int a;

	for (a = 1; a < KEYMAP_ACTION_COUNT; a++) {
		if (strcmp(name, keymap_entries[a].name) == 0)
			return a;
	}
	return KEYMAP_NONE;
}

void
keymap_describe(enum keymap_action action, char *buf, size_t len)
{
	char name[32];
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < KEYMAP_MAX_KEYS; i++) {
		if (keymap_keys[action][i] == 0)
			continue;
		keymap_key_name(keymap_keys[action][i], name, sizeof name);
		snprintf(buf + used, len - used, "%s%s", used ? " " : "", name);
		used = strlen(buf);
	}
}
