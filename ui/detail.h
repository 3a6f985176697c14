/*
 * detail.h - the item detail: the item's text (time, predictions, each
 * photo's labels against the threshold and its OCR text) on the left,
 * the photo pane on the right or below; its scrolling keys.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"
#include "chart.h"
#include "keymap.h"
#include "photo.h"
#include "screen.h"

/* The item shown, its text lines for a width, the scroll. */
struct detail {
	struct catalog_item *item;    /* owned; NULL until one is opened */
	uint64_t pos;                 /* its position in the result, or UINT64_MAX */
	int scroll;
	struct chart_lines lines;
	int width;                    /* the width lines was made for; -1: stale */
	char **similar;               /* its near-duplicates' uuids (owned) */
	size_t nsimilar;
};

/* Start with no item. */
void detail_init(struct detail *dt);
/* Free the item and its lines. */
void detail_fini(struct detail *dt);

/*
 * Show item id of cat, at result position pos (UINT64_MAX: not from the
 * result), from its top, with the uuids of its near-duplicates. False with *cause (owned, may be NULL) when it
 * cannot be read; the item shown stays.
 */
bool detail_open(struct detail *dt, struct catalog *cat, uint64_t pos,
    uint32_t id, char **cause);

/* The item shown (borrowed), or NULL. */
const struct catalog_item *detail_item(const struct detail *dt);

/* How many near-duplicates the item shown has. */
size_t detail_similar_count(const struct detail *dt);

/* The position in the result of the item shown, or UINT64_MAX. */
uint64_t detail_pos(const struct detail *dt);

/* Forget the lines made (the width or the threshold changed). */
void detail_invalidate(struct detail *dt);

/*
 * The item detail on rows y..y+h of scr: text on the left, the photo
 * pane (borrowed) on the right or below, drawn from cat at threshold.
 */
void detail_draw(struct detail *dt, const struct screen *scr, int y, int h,
    struct photo_pane *pane, struct catalog *cat, double threshold);

/* Action a in the detail view: scrolling; page is the page height. */
int detail_key(struct detail *dt, enum keymap_action a, int page);
