/*
 * help.h - the help overlay: every action and its keys (from the
 * keymap) and the query language, scrolled with j/k.
 */
#pragma once

#include <stdbool.h>

#include "keymap.h"
#include "screen.h"

/* The help overlay: shown or not, and how far it is scrolled. */
struct help {
	bool shown;
	int scroll;
};

/* Start with the help closed. */
void help_init(struct help *hp);
/* Free what the help holds (nothing yet). */
void help_fini(struct help *hp);

/* Show the help from its top. */
void help_open(struct help *hp);

/* True while the help is shown. */
bool help_shown(const struct help *hp);

/* Draw the help overlay over the frame on scr. */
void help_draw(struct help *hp, const struct screen *scr);

/* Action a while the help is shown: scroll or close. Returns what to redo. */
int help_key(struct help *hp, enum keymap_action a);
