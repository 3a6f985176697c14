/*
 * prompt.h - the export dialog in the status line: which format, which
 * file, replace an existing file, then the export itself. While it is
 * open it takes the status line and the keys.
 */
#pragma once

#include <stdbool.h>

#include "catalog.h"
#include "export.h"
#include "input.h"
#include "lineedit.h"
#include "screen.h"
#include "statusbar.h"
#include "view.h"

/* Where the dialog is. */
enum prompt_step {
	PROMPT_CLOSED,
	PROMPT_FORMAT,                /* which format */
	PROMPT_FILE,                  /* which file */
	PROMPT_OVERWRITE,             /* replace the file? */
};

/* The export dialog. */
struct prompt {
	enum prompt_step step;
	enum export_format fmt;
	struct lineedit file;         /* the file name being typed */
};

/* Start a closed dialog. */
void prompt_init(struct prompt *pr);
/* Free what the dialog holds. */
void prompt_fini(struct prompt *pr);

/* True while the dialog is open. */
bool prompt_open(const struct prompt *pr);

/* Start an export of res (borrowed; NULL: none): ask for the format. */
int prompt_export_start(struct prompt *pr, const struct catalog_result *res);

/*
 * A key while the dialog is open. An export writes res (borrowed) from
 * cat at threshold, its progress in sb (drawn on scr); Esc typed at in
 * cancels it, other keys typed meanwhile are dropped.
 * Returns what to redo.
 */
int prompt_key(struct prompt *pr, const struct view_key *key,
    struct statusbar *sb, const struct screen *scr, struct input *in,
    struct catalog *cat, const struct catalog_result *res, double threshold);

/* Draw the open dialog on the status line; false when it is closed. */
bool prompt_draw(const struct prompt *pr, const struct screen *scr);

/*
 * Show the terminal cursor in the file name while it is asked for;
 * false when it is not.
 */
bool prompt_cursor(const struct prompt *pr, const struct screen *scr);
