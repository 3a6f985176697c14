/*
 * help.h - the help overlay: every action and its keys (from the
 * keymap) and the query language, scrolled with j/k.
 */
#pragma once

#include "browser.h"

/* Draw the help overlay over the frame. */
void help_draw(struct browser *br);

/* Action a while the help is shown: scroll or close. Returns what to redo. */
int help_key(struct browser *br, enum keymap_action a);
