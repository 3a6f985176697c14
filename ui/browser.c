/*
 * browser.c - the browser's shared state: the live and committed query,
 * its history, editing it as terms (see browser.h).
 */
#include "browser.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

const char *const browser_sort_names[4] = { "newest", "oldest", "photos",
    "brand" };

/* Forget the figures drawn from the result (it changed). */
void
browser_invalidate(struct browser *br)
{
	chartview_invalidate(&br->charts);
}

/* Parse the live text; on success replace br->q. */
void
browser_parse(struct browser *br)
{
	struct catalog_query *q;

	q = catalog_query_parse(querybar_text(&br->bar), &br->qerr);
	if (q == NULL) {
		br->qbad = true;
		return;
	}
	br->qbad = false;
	catalog_query_free(br->q);
	br->q = q;
}

/* Make q (owned from here) at threshold the committed state. */
void
browser_commit(struct browser *br, struct catalog_query *q, double threshold)
{
	struct browser_state *cur = &br->hist[br->hpos];
	char *text = catalog_query_format(q);
	size_t i;

	if (q != br->q) {
		catalog_query_free(br->q);
		br->q = q;
	}
	br->qbad = false;
	free(br->query);
	br->query = text;
	br->threshold = threshold;
	querybar_set(&br->bar, text);
	if (strcmp(cur->query, text) == 0 && cur->threshold == threshold)
		return;
	for (i = br->hpos + 1; i < br->nhist; i++)
		free(br->hist[i].query);
	br->nhist = br->hpos + 1;
	if (br->nhist == BROWSER_HISTORY_MAX) {
		free(br->hist[0].query);
		memmove(br->hist, br->hist + 1, (br->nhist - 1) *
		    sizeof *br->hist);
		br->nhist--;
	}
	br->hist[br->nhist].query = xstrdup(text);
	br->hist[br->nhist].threshold = threshold;
	br->hpos = br->nhist++;
}

/* Commit q (owned), or say why there is no such query. */
static int
browser_commit_query(struct browser *br, struct catalog_query *q)
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
browser_select_value(struct browser *br, enum catalog_field field,
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
		return browser_commit_query(br, catalog_query_add(br->q, field,
		    v->value, exclude));
	if (negated == exclude)
		return browser_commit_query(br, catalog_query_remove(br->q,
		    (size_t)i));
	return browser_commit_query(br, catalog_query_toggle(br->q, (size_t)i));
}

/*
 * q (owned) with term t applied: the positive terms of t's field removed
 * (t positive) or t's value's positive term removed (t a "-" term), then
 * t added unless it is there. NULL when t cannot be added.
 */
static struct catalog_query *
browser_apply_term(struct catalog_query *q, const struct catalog_term *t)
{
	struct catalog_query *next;
	bool negated;
	long k;

	for (size_t i = catalog_query_term_count(q); i-- > 0;) {
		const struct catalog_term *u = catalog_query_term(q, i);

		if (u->field != t->field || u->negated)
			continue;
		if (t->negated && (catalog_query_find(q, t->field, t->value,
		    &negated) != (long)i))
			continue;
		next = catalog_query_remove(q, i);
		catalog_query_free(q);
		if ((q = next) == NULL)
			return NULL;
	}
	k = catalog_query_find(q, t->field, t->value, &negated);
	if (k >= 0 && negated == t->negated)
		return q;
	next = catalog_query_add(q, t->field, t->value, t->negated);
	catalog_query_free(q);
	return next;
}

/* Apply terms from a chart or a crosstab cell, as one undo step. */
int
browser_apply_terms(struct browser *br, char *const *terms, size_t n)
{
	struct catalog_query *q = catalog_query_copy(br->q);

	for (size_t i = 0; i < n && q != NULL; i++) {
		struct catalog_query *one = catalog_query_parse(terms[i], NULL);

		if (one == NULL || catalog_query_term_count(one) != 1) {
			catalog_query_free(one);
			catalog_query_free(q);
			q = NULL;
			break;
		}
		q = browser_apply_term(q, catalog_query_term(one, 0));
		catalog_query_free(one);
	}
	return browser_commit_query(br, q);
}

/* Remove the n-th chip (term) of the committed query. */
int
browser_remove_chip(struct browser *br, size_t n)
{
	if (n >= catalog_query_term_count(br->q))
		return 0;
	return browser_commit_query(br, catalog_query_remove(br->q, n));
}

/* Move to history entry pos. */
void
browser_history_go(struct browser *br, size_t pos)
{
	br->hpos = pos;
	free(br->query);
	br->query = xstrdup(br->hist[pos].query);
	br->threshold = br->hist[pos].threshold;
	querybar_set(&br->bar, br->query);
	browser_parse(br);
}

/* Leave the current view for the list or the grid. */
void
browser_back(struct browser *br)
{
	br->view = br->home;
	photo_pane_hide(br->pane);
}

/* The cursor's position in the result: the grid's when it is home. */
uint64_t
browser_cursor(const struct browser *br)
{
	return br->home == BROWSER_GRID ? grid_cursor(&br->grid) :
	    itemlist_cursor(&br->list);
}

/* Put the cursor of the list and the grid on position pos. */
void
browser_set_cursor(struct browser *br, uint64_t pos)
{
	itemlist_set_cursor(&br->list, pos);
	grid_set_cursor(&br->grid, pos);
}
