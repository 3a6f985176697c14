/*
 * sidebar.h - the facet sidebar: a tab per facet field of the field table,
 * the values of the facet on screen with the catalog's counts and bars
 * (selected and excluded values marked), the value search, and its keys
 * while it has the focus.
 */
#pragma once

#include "browser.h"

/* The facet sidebar at column x, width w. */
void sidebar_draw(struct browser *br, int x, int w);

/* A key while a facet's values are being searched. Returns what to redo. */
int sidebar_key_search(struct browser *br, const struct view_key *key);

/* Action a while the sidebar has the focus. Returns what to redo. */
int sidebar_key(struct browser *br, enum keymap_action a);
