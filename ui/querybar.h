/*
 * querybar.h - the two bars at the top: the query (as typed, scrolled to
 * keep the cursor in view, with the total or the counting spinner) and
 * the filter chips (the terms, in canonical form) or the parse error under
 * it; the text being edited. What the text means (parsing, committing)
 * is the browser's.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "lineedit.h"
#include "screen.h"
#include "view.h"

/* The query bar: the text shown or being edited. */
struct querybar {
	struct lineedit edit;
	int scroll;                   /* columns of the query scrolled away */
	bool editing;                 /* typing in the query bar */
};

/* What a key did to the query bar. */
enum querybar_event {
	QUERYBAR_NONE,                /* not an editing key */
	QUERYBAR_MOVED,               /* the cursor moved; the text is the same */
	QUERYBAR_CHANGED,             /* the text changed */
	QUERYBAR_CANCEL,              /* Esc */
	QUERYBAR_ENTER,
};

/* Start showing text (borrowed), not editing. */
void querybar_init(struct querybar *qb, const char *text);
/* Free the text. */
void querybar_fini(struct querybar *qb);

/* The text (borrowed). */
const char *querybar_text(const struct querybar *qb);

/* Replace the text (borrowed), the cursor at its end. */
void querybar_set(struct querybar *qb, const char *text);

/* Start editing, the cursor at the end of the text. */
void querybar_edit(struct querybar *qb);

/* Stop editing. */
void querybar_stop(struct querybar *qb);

/* True while the text is being edited. */
bool querybar_editing(const struct querybar *qb);

/*
 * The query bar (row 0): the text (or the text being edited) and the
 * total of res (borrowed; NULL: none yet) at threshold, "(last valid)"
 * when the text is bad, or the spinner's frame spin while counting.
 */
void querybar_draw(struct querybar *qb, const struct screen *scr,
    const struct catalog_result *res, double threshold, bool bad,
    bool counting, unsigned spin);

/*
 * The second bar (row 1): the parse error err (borrowed) under the text
 * when bad, else the chips of q's terms (borrowed); without terms, how
 * to add one from where the focus is (facets: true, else the list).
 */
void querybar_draw_chips(const struct querybar *qb, const struct screen *scr,
    const struct catalog_query *q, bool bad,
    const struct catalog_query_error *err, bool facets);

/* Show the terminal cursor at the edit position of the query bar. */
void querybar_cursor(const struct querybar *qb, const struct screen *scr);

/* A key while the query bar is being edited. Returns what it did. */
enum querybar_event querybar_key(struct querybar *qb,
    const struct view_key *key);
