/*
 * gen_draw.h - paint a generated photo from its layout and encode it.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "gen_item.h"

/*
 * Paint photo k of item as an RGB image (width x height of the photo) and
 * encode it; *jpeg is malloc'd. False with *cause only if encoding fails.
 */
bool gen_draw_photo(const struct gen_item *item, int k, void **jpeg,
    size_t *len, char **cause);

/*
 * A relisted item's copy of photo k (item->relist says how): *jpeg, the
 * source's photo as painted, is replaced by the copy (owned, *len bytes),
 * and the photo's width and height become the copy's.
 */
bool gen_draw_relisted(struct gen_item *item, int k, void **jpeg,
    size_t *len, char **cause);
