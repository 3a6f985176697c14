/*
 * detail.h - the item detail: the item's text (time, predictions, each
 * photo's labels against the threshold and its OCR text) on the left,
 * the photo pane on the right or below; opening items and their keys.
 */
#pragma once

#include <stdint.h>

#include "browser.h"

/*
 * Open the item at result position pos (or item id when pos is
 * UINT64_MAX) in the detail view; reports failures in the status line.
 */
void detail_open(struct browser *br, uint64_t pos, uint32_t id);

/* The item detail: text on the left, the photo pane on the right. */
void detail_draw(struct browser *br);

/*
 * Action a in the detail view; total is the result size, page the page
 * height. Returns what to redo.
 */
int detail_key(struct browser *br, enum keymap_action a, uint64_t total,
    int page);
