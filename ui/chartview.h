/*
 * chartview.h - the charts view: chart.c's report of the result, made
 * for the screen width, scrolled, with the label histogram chosen with
 * n/p among the label facet's values.
 */
#pragma once

#include "browser.h"

/* The charts of the result, computed for the current width when stale. */
void chartview_draw(struct browser *br);

/* Action a in the charts view; page is the page height. Returns the redo. */
int chartview_key(struct browser *br, enum keymap_action a, int page);
