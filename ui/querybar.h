/*
 * querybar.h - the two bars at the top: the query (as typed, scrolled to
 * keep the cursor in view, with the total or the counting spinner) and
 * the filter chips (the terms, in canonical form) or the parse error under
 * it; editing the query; and editing the committed query as terms when a
 * facet value is toggled or a chip is removed (catalog_query_add ...).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "browser.h"

/* The query bar (row 0): the text (or the text being edited) and the total. */
void querybar_draw(struct browser *br);

/* The second bar (row 1): the error of a malformed query, or the chips. */
void querybar_draw_chips(struct browser *br);

/* Show the terminal cursor at the edit position of the query bar. */
void querybar_cursor(struct browser *br);

/* A key while the query bar is being edited: live results. */
int querybar_key(struct browser *br, const struct view_key *key);

/*
 * Toggle (exclude false) or exclude value v (borrowed) of facet field:
 * a term added, flipped or removed, committed. Returns what to redo.
 */
int querybar_select_value(struct browser *br, enum catalog_field field,
    const struct catalog_facet_value *v, bool exclude);

/* Remove the n-th chip (term) of the committed query. Returns what to redo. */
int querybar_remove_chip(struct browser *br, size_t n);
