/*
 * view.c - what the views share (see view.h).
 */
#include "view.h"

/* Move a cursor over n rows by an action; page is the page height. */
bool
view_move(uint64_t *cursor, uint64_t n, enum keymap_action a, int page)
{
	uint64_t p = page > 1 ? (uint64_t)page - 1 : 1;

	switch (a) {
	case KEYMAP_UP:
		if (*cursor > 0)
			(*cursor)--;
		break;
	case KEYMAP_DOWN:
		if (*cursor + 1 < n)
			(*cursor)++;
		break;
	case KEYMAP_PAGE_UP:
		*cursor = *cursor > p ? *cursor - p : 0;
		break;
	case KEYMAP_PAGE_DOWN:
		*cursor = n == 0 ? 0 : *cursor + p < n ? *cursor + p : n - 1;
		break;
	case KEYMAP_TOP:
		*cursor = 0;
		break;
	case KEYMAP_BOTTOM:
		*cursor = n > 0 ? n - 1 : 0;
		break;
	default:
		return false;
	}
	return true;
}
