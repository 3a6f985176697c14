/*
 * browse.h - the browser: query bar with filter chips, facet sidebar with
 * disjunctive counts, a virtual item list, the item detail (with the photo
 * pane), charts, help, undo/redo, export. Talks to the index only through
 * catalog.h.
 */
#pragma once

#include <stdbool.h>

struct browse_options {
	const char *db;               /* the index */
	const char *query;            /* the starting query, or NULL */
	const char *item;             /* a uuid to open in the detail, or NULL */
	const char *theme;            /* overrides the config file; or NULL */
	bool grid;                    /* start in the grid view (--view grid) */
	long max_frames;              /* draw this many frames, then exit; 0 = no limit */
	const char *script;           /* keys to play instead of the keyboard ("j<Enter>") */
};

/*
 * Parse a key script: characters stand for themselves, <Name> for a named
 * key (keymap.h names: <Enter> <Esc> <Down> <Control+r> ...), <<> for '<'.
 * Returns the number of keys, storing codes (negated for function keys)
 * in *keys (owned); -1 with *cause on an unknown name.
 */
long browse_script_parse(const char *script, int **keys, char **cause);

/* Run the browser until the user quits. Returns the exit status. */
int browse_run(const struct browse_options *opts);
