/*
 * querybar.c - the query bar, the chips and editing the query as terms
 * (see querybar.h).
 */
#include "querybar.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "sanitize.h"
#include "theme.h"
#include "xmalloc.h"

/* Commit q (owned), or say why there is no such query. */
static int
querybar_commit(struct browser *br, struct catalog_query *q)
{
	if (q == NULL) {
		statusbar_message(&br->status, true, "that value cannot be a query term");
		return VIEW_REDRAW;
	}
	browser_commit(br, q, br->threshold);
	return VIEW_RECOUNT;
}

/*
 * Toggle (exclude false) or exclude value v of facet field: a term
 * added, flipped or removed (selecting it again), as terms, never text.
 */
int
querybar_select_value(struct browser *br, enum catalog_field field,
    const struct catalog_facet_value *v, bool exclude)
{
	bool negated = false;
	long i;

	/* A query cannot spell a NUL: "A\0B" would become brand:A. */
	if (memchr(v->value, '\0', v->len) != NULL) {
		statusbar_message(&br->status, true, "a value with a NUL character cannot "
		    "be written in a query");
		return VIEW_REDRAW;
	}
	i = catalog_query_find(br->q, field, v->value, &negated);
	if (i < 0)
		return querybar_commit(br, catalog_query_add(br->q, field,
		    v->value, exclude));
	if (negated == exclude)
		return querybar_commit(br, catalog_query_remove(br->q,
		    (size_t)i));
	return querybar_commit(br, catalog_query_toggle(br->q, (size_t)i));
}

/* Remove the n-th chip (term) of the committed query. */
int
querybar_remove_chip(struct browser *br, size_t n)
{
	if (n >= catalog_query_term_count(br->q))
		return 0;
	return querybar_commit(br, catalog_query_remove(br->q, n));
}

/*
 * The rest of the sanitized string s after its first cols columns
 * (borrowed; never inside a character).
 */
static const char *
querybar_skip_cols(const char *s, int cols)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	int w;

	while (cols > 0 && *s != '\0') {
		n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
		if (n <= 0)
			n = 1, cp = 0xfffd;
		w = utf8proc_charwidth(cp);
		cols -= w > 0 ? w : 0;
		s += n;
	}
	/* Combining marks of the last skipped character go with it. */
	while (*s != '\0') {
		n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
		if (n <= 0 || utf8proc_charwidth(cp) != 0)
			break;
		s += n;
	}
	return s;
}

/* The query bar: the text (or the text being edited) and the total. */
void
querybar_draw(struct browser *br)
{
	int attr = theme_attr(THEME_TITLE), x, right;
	char total[96], *safe;
	const char *prefix = br->mode == BROWSER_EDIT_QUERY ? "Query> " :
	    "Query: ";

	screen_blank(&br->scr, 0, 0, br->scr.cols, attr);
	static const char *spin_utf8[] = { "\u280b", "\u2819", "\u2839",
	    "\u2838", "\u283c", "\u2834", "\u2826", "\u2827", "\u2807",
	    "\u280f" };
	static const char *spin_ascii[] = { "|", "/", "-", "\\" };

	if (br->counting)
		snprintf(total, sizeof total, " %s counting... ",
		    br->scr.flags & SANITIZE_ASCII ? spin_ascii[br->spin % 4] :
		    spin_utf8[br->spin % 10]);
	else
		snprintf(total, sizeof total, " %" PRIu64 " items  conf>=%g%s ",
		    br->res != NULL ? catalog_result_count(br->res) : 0,
		    br->threshold, br->qbad ? "  (last valid)" : "");
	right = sanitize_width(total);
	if (right > br->scr.cols / 2 && !br->counting) {
		/* Narrow: the total alone. */
		snprintf(total, sizeof total, " %" PRIu64 " items ",
		    br->res != NULL ? catalog_result_count(br->res) : 0);
		right = (int)strlen(total);
	}
	x = screen_put(&br->scr, 0, 0, br->scr.cols - right, attr, prefix, false);
	safe = sanitize_text(br->edit.text, br->edit.len, br->scr.flags);
	/* A long query scrolls sideways to keep the cursor in view. */
	br->qscroll = 0;
	if (br->mode == BROWSER_EDIT_QUERY) {
		char *pre = sanitize_text(br->edit.text, br->edit.cursor,
		    br->scr.flags);
		int curw = sanitize_width(pre), avail = br->scr.cols - right - x;

		free(pre);
		if (avail > 1 && curw >= avail)
			br->qscroll = curw - avail + 1;
	}
	screen_put(&br->scr, 0, x, br->scr.cols - right - x, theme_attr(THEME_QUERY),
	    *safe != '\0' || br->mode == BROWSER_EDIT_QUERY ?
	    querybar_skip_cols(safe, br->qscroll) : "(everything)", false);
	free(safe);
	if (right > 0)
		screen_put(&br->scr, 0, br->scr.cols - right, right, attr, total, false);
}

/* The second bar: the error of a malformed query, or the filter chips. */
void
querybar_draw_chips(struct browser *br)
{
	const struct catalog_term *t;
	char *safe, *chip, *prefix, *term;
	int x = 0, attr;
	size_t i, n;

	screen_blank(&br->scr, 1, 0, br->scr.cols, theme_attr(THEME_NORMAL));
	if (br->qbad) {
		/* Mark the error column under the query text. */
		prefix = sanitize_text(br->edit.text, br->qerr.offset <=
		    br->edit.len ? br->qerr.offset : br->edit.len, br->scr.flags);
		x = 7 + sanitize_width(prefix) - br->qscroll;
		if (x < 7)
			x = 7;
		free(prefix);
		if (x >= br->scr.cols - 1)
			x = br->scr.cols - 2;
		safe = sanitize_text(br->qerr.message, strlen(br->qerr.message),
		    br->scr.flags);
		screen_put(&br->scr, 1, x, 1, theme_attr(THEME_ERROR), "^", false);
		chip = xasprintf("column %zu: %s", br->qerr.column, safe);
		screen_put(&br->scr, 1, x + 2 < br->scr.cols - 20 ? x + 2 : 0,
		    br->scr.cols - (x + 2 < br->scr.cols - 20 ? x + 2 : 0),
		    theme_attr(THEME_ERROR), chip, false);
		free(chip);
		free(safe);
		return;
	}
	n = catalog_query_term_count(br->q);
	if (n == 0) {
		screen_put(&br->scr, 1, 0, br->scr.cols, theme_attr(THEME_DIM),
		    "no filters: Enter on a facet value adds one, / types a "
		    "query", false);
		return;
	}
	for (i = 0; i < n && x < br->scr.cols; i++) {
		t = catalog_query_term(br->q, i);
		term = catalog_term_format(t);
		safe = sanitize_text(term, strlen(term), br->scr.flags);
		free(term);
		if (i < 9)
			chip = xasprintf(" %zu %s ", i + 1, safe);
		else
			chip = xasprintf(" %s ", safe);
		attr = theme_attr(t->negated ? THEME_CHIP_NEG : THEME_CHIP);
		x += screen_put(&br->scr, 1, x, br->scr.cols - x, attr, chip, false) + 1;
		free(chip);
		free(safe);
	}
}

/* Show the terminal cursor at the edit position of the query bar. */
void
querybar_cursor(struct browser *br)
{
	char *pre = sanitize_text(br->edit.text, br->edit.cursor, br->scr.flags);
	int cx = 7 + sanitize_width(pre) - br->qscroll;

	free(pre);
	curs_set(1);
	move(0, cx < br->scr.cols ? cx : br->scr.cols - 1);
}

/*
 * A key while the query bar is being edited: each change is parsed once
 * (browser_parse), and the terms go on to the chips and the counting.
 */
int
querybar_key(struct browser *br, const struct view_key *key)
{
	bool changed;

	if (!key->fn && key->code == 27) {
		/* Cancel: back to the committed query. */
		lineedit_set(&br->edit, br->query);
		browser_parse(br);
		br->mode = BROWSER_NORMAL;
		return VIEW_RECOUNT;
	}
	if ((!key->fn && (key->code == '\n' || key->code == '\r')) ||
	    (key->fn && key->code == KEY_ENTER)) {
		if (br->qbad)
			return VIEW_REDRAW; /* stay: the error is shown */
		br->mode = BROWSER_NORMAL;
		browser_commit(br, br->q, br->threshold);
		return VIEW_RECOUNT;
	}
	if (key->fn && (key->code == KEY_UP || key->code == KEY_DOWN))
		return 0;
	if (!lineedit_key(&br->edit, key->code, key->fn, &changed))
		return 0;
	if (!changed)
		return VIEW_REDRAW;
	browser_parse(br);
	/* A malformed text keeps the last valid result: nothing to count. */
	return br->qbad ? VIEW_REDRAW : VIEW_RECOUNT;
}
