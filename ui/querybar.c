/*
 * querybar.c - the query bar and the chips (see querybar.h).
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

/* Start showing text, not editing. */
void
querybar_init(struct querybar *qb, const char *text)
{
	lineedit_init(&qb->edit, text);
	qb->scroll = 0;
	qb->editing = false;
}

/* Free the text. */
void
querybar_fini(struct querybar *qb)
{
	lineedit_fini(&qb->edit);
}

/* The text (borrowed). */
const char *
querybar_text(const struct querybar *qb)
{
	return qb->edit.text;
}

/* Replace the text, the cursor at its end. */
void
querybar_set(struct querybar *qb, const char *text)
{
	lineedit_set(&qb->edit, text);
}

/* Start editing, the cursor at the end of the text. */
void
querybar_edit(struct querybar *qb)
{
	qb->editing = true;
	qb->edit.cursor = qb->edit.len;
}

/* Stop editing. */
void
querybar_stop(struct querybar *qb)
{
	qb->editing = false;
}

/* True while the text is being edited. */
bool
querybar_editing(const struct querybar *qb)
{
	return qb->editing;
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
querybar_draw(struct querybar *qb, const struct screen *scr,
    const struct catalog_result *res, double threshold, bool bad,
    bool counting, unsigned spin)
{
	int attr = theme_attr(THEME_TITLE), x, right;
	char total[96], *safe;
	const char *prefix = qb->editing ? "Query> " :
	    "Query: ";

	screen_blank(scr, 0, 0, scr->cols, attr);
	static const char *spin_utf8[] = { "\u280b", "\u2819", "\u2839",
	    "\u2838", "\u283c", "\u2834", "\u2826", "\u2827", "\u2807",
	    "\u280f" };
	static const char *spin_ascii[] = { "|", "/", "-", "\\" };

	if (counting)
		snprintf(total, sizeof total, " %s counting... ",
		    scr->flags & SANITIZE_ASCII ? spin_ascii[spin % 4] :
		    spin_utf8[spin % 10]);
	else
		snprintf(total, sizeof total, " %" PRIu64 " items  conf>=%g%s ",
		    res != NULL ? catalog_result_count(res) : 0,
		    threshold, bad ? "  (last valid)" : "");
	right = sanitize_width(total);
	if (right > scr->cols / 2 && !counting) {
		/* Narrow: the total alone. */
		snprintf(total, sizeof total, " %" PRIu64 " items ",
		    res != NULL ? catalog_result_count(res) : 0);
		right = (int)strlen(total);
	}
	x = screen_put(scr, 0, 0, scr->cols - right, attr, prefix, false);
	safe = sanitize_text(qb->edit.text, qb->edit.len, scr->flags);
	/* A long query scrolls sideways to keep the cursor in view. */
	qb->scroll = 0;
	if (qb->editing) {
		char *pre = sanitize_text(qb->edit.text, qb->edit.cursor,
		    scr->flags);
		int curw = sanitize_width(pre), avail = scr->cols - right - x;

		free(pre);
		if (avail > 1 && curw >= avail)
			qb->scroll = curw - avail + 1;
	}
	screen_put(scr, 0, x, scr->cols - right - x, theme_attr(THEME_QUERY),
	    *safe != '\0' || qb->editing ?
	    querybar_skip_cols(safe, qb->scroll) : "(everything)", false);
	free(safe);
	if (right > 0)
		screen_put(scr, 0, scr->cols - right, right, attr, total, false);
}

/* The second bar: the error of a malformed query, or the filter chips. */
void
querybar_draw_chips(const struct querybar *qb, const struct screen *scr,
    const struct catalog_query *q, bool bad,
    const struct catalog_query_error *err, bool facets)
{
	const struct catalog_term *t;
	char *safe, *chip, *prefix, *term;
	int x = 0, attr;
	size_t i, n;

	screen_blank(scr, 1, 0, scr->cols, theme_attr(THEME_NORMAL));
	if (bad) {
		/* Mark the error column under the query text. */
		prefix = sanitize_text(qb->edit.text, err->offset <=
		    qb->edit.len ? err->offset : qb->edit.len, scr->flags);
		x = 7 + sanitize_width(prefix) - qb->scroll;
		if (x < 7)
			x = 7;
		free(prefix);
		if (x >= scr->cols - 1)
			x = scr->cols - 2;
		safe = sanitize_text(err->message, strlen(err->message),
		    scr->flags);
		screen_put(scr, 1, x, 1, theme_attr(THEME_ERROR), "^", false);
		chip = xasprintf("column %zu: %s", err->column, safe);
		screen_put(scr, 1, x + 2 < scr->cols - 20 ? x + 2 : 0,
		    scr->cols - (x + 2 < scr->cols - 20 ? x + 2 : 0),
		    theme_attr(THEME_ERROR), chip, false);
		free(chip);
		free(safe);
		return;
	}
	n = catalog_query_term_count(q);
	if (n == 0) {
		screen_put(scr, 1, 0, scr->cols, theme_attr(THEME_DIM), facets ?
		    "no filters: Enter on a value adds it, x excludes it, / "
		    "searches values" : "no filters: Tab to the facets to pick "
		    "values, / types a query", false);
		return;
	}
	for (i = 0; i < n && x < scr->cols; i++) {
		t = catalog_query_term(q, i);
		term = catalog_term_format(t);
		safe = sanitize_text(term, strlen(term), scr->flags);
		free(term);
		if (i < 9)
			chip = xasprintf(" %zu %s ", i + 1, safe);
		else
			chip = xasprintf(" %s ", safe);
		attr = theme_attr(t->negated ? THEME_CHIP_NEG : THEME_CHIP);
		x += screen_put(scr, 1, x, scr->cols - x, attr, chip, false) + 1;
		free(chip);
		free(safe);
	}
}

/* Show the terminal cursor at the edit position of the query bar. */
void
querybar_cursor(const struct querybar *qb, const struct screen *scr)
{
	char *pre = sanitize_text(qb->edit.text, qb->edit.cursor, scr->flags);
	int cx = 7 + sanitize_width(pre) - qb->scroll;

	free(pre);
	curs_set(1);
	move(0, cx < scr->cols ? cx : scr->cols - 1);
}

/* A key while the query bar is being edited. Returns what it did. */
enum querybar_event
querybar_key(struct querybar *qb, const struct view_key *key)
{
	bool changed;

	if (!key->fn && key->code == 27)
		return QUERYBAR_CANCEL;
	if ((!key->fn && (key->code == '\n' || key->code == '\r')) ||
	    (key->fn && key->code == KEY_ENTER))
		return QUERYBAR_ENTER;
	if (key->fn && (key->code == KEY_UP || key->code == KEY_DOWN))
		return QUERYBAR_NONE;
	if (!lineedit_key(&qb->edit, key->code, key->fn, &changed))
		return QUERYBAR_NONE;
	return changed ? QUERYBAR_CHANGED : QUERYBAR_MOVED;
}
