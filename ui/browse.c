/*
 * browse.c - the browser (see browse.h): the main loop, the layout of the
 * views, the frame, and the dispatch of keys to the view they are for.
 * The views are querybar.c, sidebar.c, itemlist.c, grid.c, detail.c,
 * chartview.c, crosstabview.c, help.c, prompt.c and statusbar.c, each
 * owning its state;
 * struct browser (browser.h), owned by browse_run, holds them, as htop's
 * ScreenManager holds its Panels. A view is given what it draws (the
 * screen, its rows, the result...) and answers keys with what to redo;
 * what one view's key means for another (open the item under the list's
 * cursor, select the sidebar's value) is decided here.
 *
 * The result and the facet counts are derived from the parsed query by
 * one catalog_search() per change (counter.c), the charts lazily when
 * shown; typed-ahead keys are handled before anything is recounted.
 */
#include "browse.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "browser.h"
#include "catalog.h"
#include "chartview.h"
#include "crosstabview.h"
#include "config.h"
#include "counter.h"
#include "detail.h"
#include "grid.h"
#include "help.h"
#include "input.h"
#include "itemlist.h"
#include "keymap.h"
#include "photo.h"
#include "prompt.h"
#include "querybar.h"
#include "sanitize.h"
#include "sidebar.h"
#include "statusbar.h"
#include "theme.h"
#include "xmalloc.h"

#define BROWSE_MIN_COLS 40
#define BROWSE_MIN_ROWS 10
#define BROWSE_THRESHOLD_STEP 5.0
#define BROWSE_SPIN_MS 100        /* spinner frame while counting */

/* ------------------------------------------------------------------ */
/* Layout and drawing                                                   */

/* Decide the panes for the current terminal size. */
static void
browse_layout(struct browser *br)
{
	getmaxyx(stdscr, br->scr.rows, br->scr.cols);
	br->body_y = 2;
	br->body_h = br->scr.rows - 3;
	sidebar_layout(&br->side, br->scr.cols);
}

/* The key hints of the moment, for the status line. */
static const char *
browse_hints(const struct browser *br)
{
	if (querybar_editing(&br->bar))
		return "Enter apply  Esc cancel  live results as you type";
	if (sidebar_searching(&br->side))
		return "type to search values  Enter keep  Esc clear";
	if (br->view == BROWSER_DETAIL && detail_similar_count(&br->detail) > 0)
		return "Esc back  n/p next/prev item  d similar  j/k scroll  "
		    "[ ] photo  b boxes  z zoom  ? help";
	if (br->view == BROWSER_DETAIL)
		return "Esc back  n/p next/prev item  j/k scroll  [ ] photo  "
		    "b boxes  z zoom  ? help";
	if (br->view == BROWSER_CHARTS)
		return "Esc back  h/l move  m mark  Enter apply  Tab hours, days, "
		    "brands  j/k scroll  n/p / label  P plots  ? help";
	if (br->view == BROWSER_CROSSTAB)
		return "Esc back  arrows move  Enter apply cell  r rows  "
		    "n/p columns  ? help";
	if (sidebar_focused(&br->side))
		return "Enter select  x exclude  h/l facet  / search  Tab "
		    "list  u undo  ? help";
	if (br->view == BROWSER_GRID && grid_photos(&br->grid))
		return "Enter open  Esc/a items  arrows move  b boxes  ? help";
	if (br->view == BROWSER_GRID)
		return "Enter open  a photos  b boxes  t list  Tab facets  / query  "
		    "u undo  ? help  q quit";
	return "Enter open  t grid  Tab facets  / query  s sort  v charts  T table  "
	    "e export  u undo  c clear  ? help  q quit";
}

/*
 * The status line: the open export prompt, or the message, or the hints
 * with the sort order and the cursor position.
 */
static void
browse_status(struct browser *br)
{
	char pos[64];

	if (prompt_draw(&br->prompt, &br->scr))
		return;
	if (br->view == BROWSER_CHARTS && chartview_typing(&br->charts)) {
		char *line = chartview_prompt(&br->charts, br->scr.flags);

		screen_put(&br->scr, br->scr.rows - 1, 0, br->scr.cols,
		    theme_attr(THEME_STATUS), line, true);
		free(line);
		return;
	}
	snprintf(pos, sizeof pos, " %s  %" PRIu64 "/%" PRIu64 " ",
	    browser_sort_names[br->sort], br->res && catalog_result_count(
	    br->res) ? browser_cursor(br) + 1 : 0, br->res ?
	    catalog_result_count(br->res) : 0);
	statusbar_draw(&br->status, &br->scr, browse_hints(br), pos);
}

/* The charts view over the body; a failure goes to the status line. */
static void
browse_charts(struct browser *br)
{
	char *cause = NULL;

	if (!chartview_draw(&br->charts, &br->scr, br->body_y, br->body_h,
	    br->cat, br->res, br->threshold, sidebar_facet(&br->side, CATALOG_LABEL),
	    br->pane, &cause)) {
		statusbar_message(&br->status, true, "charts failed: %s",
		    cause ? cause : "?");
	}
	free(cause);
}

/* One whole frame; the screen is refreshed by the caller. */
static void
browse_draw(struct browser *br)
{
	int x = 0, w = br->scr.cols, side_w = sidebar_width(&br->side);
	bool side_full = sidebar_full(&br->side);

	erase();
	if (br->scr.rows < BROWSE_MIN_ROWS || br->scr.cols < BROWSE_MIN_COLS) {
		char msg[96];

		snprintf(msg, sizeof msg, "terminal too small: %dx%d, "
		    "need %dx%d", br->scr.cols, br->scr.rows, BROWSE_MIN_COLS,
		    BROWSE_MIN_ROWS);
		screen_put(&br->scr, br->scr.rows / 2, 0, br->scr.cols, theme_attr(
		    THEME_ERROR), msg, false);
		return;
	}
	querybar_draw(&br->bar, &br->scr, br->res, br->threshold, br->qbad,
	    counter_counting(br->worker), br->spin);
	querybar_draw_chips(&br->bar, &br->scr, br->q, br->qbad, &br->qerr,
	    sidebar_focused(&br->side) && br->view == BROWSER_LIST);
	if (br->view == BROWSER_DETAIL && detail_item(&br->detail) != NULL) {
		detail_draw(&br->detail, &br->scr, br->body_y, br->body_h,
		    br->pane, br->cat, br->threshold);
	} else if (br->view == BROWSER_CHARTS) {
		browse_charts(br);
	} else if (br->view == BROWSER_CROSSTAB) {
		crosstabview_draw(&br->xtab, &br->scr, br->body_y, br->body_h,
		    br->pane);
	} else {
		if (side_w > 0) {
			sidebar_draw(&br->side, &br->scr, br->body_y,
			    br->body_h, 0, side_full ? br->scr.cols : side_w,
			    br->q);
			if (!side_full) {
				for (int r = 0; r < br->body_h; r++)
					screen_put(&br->scr, br->body_y + r,
					    side_w, 1,
					    theme_attr(THEME_BORDER),
					    br->scr.flags & SANITIZE_ASCII ? "|" :
					    "\u2502", false);
			}
			x = side_w + 1;
			w = br->scr.cols - x;
		}
		if (!side_full && br->view == BROWSER_GRID)
			grid_draw(&br->grid, &br->scr, br->body_y, br->body_h,
			    x, w, br->cat, br->res, br->threshold, br->pane,
			    !sidebar_focused(&br->side));
		else if (!side_full)
			itemlist_draw(&br->list, &br->scr, br->body_y,
			    br->body_h, x, w, br->cat, br->res,
			    br->threshold, br->sort,
			    !sidebar_focused(&br->side));
	}
	browse_status(br);
	if (help_shown(&br->help))
		help_draw(&br->help, &br->scr);
	/* The terminal cursor: in the field being edited, else hidden. */
	if (querybar_editing(&br->bar))
		querybar_cursor(&br->bar, &br->scr);
	else if (!prompt_cursor(&br->prompt, &br->scr))
		curs_set(0);
}

/* ------------------------------------------------------------------ */
/* Input                                                                */

/* Parse a key script into *keys (owned); see browse.h. */
long
browse_script_parse(const char *script, int **keys, char **cause)
{
	const unsigned char *p = (const unsigned char *)script;
	size_t cap = strlen(script) + 1;
	long n = 0;
	int *out = xcalloc(cap, sizeof *out), k, cp, len, i;

	while (*p != '\0') {
		if (*p == '<' && p[1] != '\0' && strchr((const char *)p + 1,
		    '>') != NULL && p[1] != '<') {
			const char *end = strchr((const char *)p + 1, '>');
			char *name = xstrndup((const char *)p + 1,
			    (size_t)(end - (const char *)p - 1));

			k = keymap_key_parse(name);
			if (k < 0) {
				if (cause != NULL)
					*cause = xasprintf("unknown key <%s>",
					    name);
				free(name);
				free(out);
				return -1;
			}
			free(name);
			out[n++] = k >= KEY_MIN ? -k : k;
			p = (const unsigned char *)end + 1;
			continue;
		}
		if (*p == '<' && p[1] == '<' && p[2] == '>') {
			out[n++] = '<';
			p += 3;
			continue;
		}
		/* A UTF-8 character stands for itself. */
		cp = *p;
		len = 1;
		if (*p >= 0xc0) {
			len = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
			cp = *p & (0x3f >> (len - 1));
			for (i = 1; i < len && p[i] != '\0'; i++)
				cp = (cp << 6) | (p[i] & 0x3f);
			if (i < len)
				len = i;
		}
		out[n++] = cp;
		p += len;
	}
	*keys = out;
	return n;
}

/* The action of a key in normal mode. */
static enum keymap_action
browse_action(const struct view_key *key)
{
	if (key->fn)
		return keymap_lookup(key->code);
	if (key->code >= 128)
		return KEYMAP_NONE;
	return keymap_lookup(key->code);
}

/*
 * Open the item at result position pos (or item id when pos is
 * UINT64_MAX) in the detail view; a failure goes to the status line.
 */
static void
browse_open(struct browser *br, uint64_t pos, uint32_t id)
{
	char *cause = NULL;

	if (pos != UINT64_MAX) {
		if (br->res == NULL || catalog_result_ids(br->res, pos, 1,
		    &id) != 1)
			return;
	}
	if (!detail_open(&br->detail, br->cat, pos, id, &cause)) {
		statusbar_message(&br->status, true, "cannot read item: %s",
		    cause ? cause : "?");
		free(cause);
		return;
	}
	br->view = BROWSER_DETAIL;
	photo_pane_hide(br->pane);
}

/* A key in the detail view: back, the next or previous item, scrolling. */
static int
browse_key_detail(struct browser *br, enum keymap_action a, uint64_t total,
    int page)
{
	uint64_t c;

	switch (a) {
	case KEYMAP_BACK:
	case KEYMAP_LEFT:
		browser_back(br);
		return VIEW_REDRAW;
	case KEYMAP_NEXT:
	case KEYMAP_PREV:
		if (detail_pos(&br->detail) == UINT64_MAX)
			return 0;
		c = detail_pos(&br->detail);
		view_move(&c, total, a == KEYMAP_NEXT ? KEYMAP_DOWN :
		    KEYMAP_UP, 1);
		browser_set_cursor(br, c);
		grid_close_photos(&br->grid);
		browse_open(br, c, 0);
		return VIEW_REDRAW;
	case KEYMAP_SIMILAR: {
		/* The near-duplicates as the query: a term, never text. */
		const struct catalog_item *it = detail_item(&br->detail);
		struct catalog_query *none, *q;

		if (it == NULL)
			return 0;
		if (detail_similar_count(&br->detail) == 0) {
			statusbar_message(&br->status, false,
			    "no near-duplicates of this item");
			return VIEW_REDRAW;
		}
		none = catalog_query_parse("", NULL);
		q = catalog_query_add(none, CATALOG_SIMILAR, it->uuid, false);
		catalog_query_free(none);
		if (q == NULL) {
			statusbar_message(&br->status, true,
			    "this uuid cannot be a query term");
			return VIEW_REDRAW;
		}
		browser_back(br);
		browser_commit(br, q, br->threshold);
		return VIEW_RECOUNT;
	}
	default:
		return detail_key(&br->detail, a, page);
	}
}

/*
 * A key while the query bar is being edited: each change is parsed once
 * (browser_parse), and the terms go on to the chips and the counting.
 */
static int
browse_key_query(struct browser *br, const struct view_key *key)
{
	switch (querybar_key(&br->bar, key)) {
	case QUERYBAR_CANCEL:
		/* Cancel: back to the committed query. */
		querybar_set(&br->bar, br->query);
		browser_parse(br);
		querybar_stop(&br->bar);
		return VIEW_RECOUNT;
	case QUERYBAR_ENTER:
		if (br->qbad)
			return VIEW_REDRAW; /* stay: the error is shown */
		querybar_stop(&br->bar);
		browser_commit(br, br->q, br->threshold);
		return VIEW_RECOUNT;
	case QUERYBAR_MOVED:
		return VIEW_REDRAW;
	case QUERYBAR_CHANGED:
		browser_parse(br);
		/* A malformed text keeps the last valid result. */
		return br->qbad ? VIEW_REDRAW : VIEW_RECOUNT;
	default:
		return 0;
	}
}

/*
 * A key in the grid with the focus: Enter opens the item (at the photo
 * under the cursor, in photos mode), 'a' shows every photo of the item
 * or goes back to the items, as Esc does; the rest moves the cursor.
 */
static int
browse_key_grid(struct browser *br, enum keymap_action a, uint64_t total)
{
	struct grid *g = &br->grid;
	char *cause = NULL;
	uint32_t id;

	switch (a) {
	case KEYMAP_SELECT:
		if (grid_photos(g)) {
			size_t k = grid_photo(g);

			browse_open(br, grid_cursor(g), 0);
			if (br->view == BROWSER_DETAIL)
				photo_pane_select(br->pane,
				    detail_item(&br->detail), k);
		} else if (total > 0)
			browse_open(br, grid_cursor(g), 0);
		return VIEW_REDRAW;
	case KEYMAP_PHOTOS:
	case KEYMAP_BACK:
		if (grid_photos(g)) {
			grid_close_photos(g);
			return VIEW_REDRAW;
		}
		if (a == KEYMAP_BACK || total == 0 || br->res == NULL ||
		    catalog_result_ids(br->res, grid_cursor(g), 1, &id) != 1)
			return 0;
		if (!grid_open_photos(g, br->cat, grid_cursor(g), id, &cause)) {
			statusbar_message(&br->status, true, "cannot read item: %s",
			    cause ? cause : "?");
			free(cause);
		}
		return VIEW_REDRAW;
	case KEYMAP_SEARCH:
		querybar_edit(&br->bar);
		return VIEW_REDRAW;
	default:
		return grid_key(g, a, total);
	}
}

/* Switch between the list and the grid, the cursor kept. */
static int
browse_toggle_grid(struct browser *br)
{
	uint64_t c = browser_cursor(br);

	grid_close_photos(&br->grid);
	br->home = br->home == BROWSER_GRID ? BROWSER_LIST : BROWSER_GRID;
	br->view = br->home;
	browser_set_cursor(br, c);
	photo_pane_hide(br->pane);
	return VIEW_REDRAW;
}

/*
 * A key in the list view: to the sidebar or the list, whichever has the
 * focus; total is the result size, page the list's page height.
 */
static int
browse_key_list(struct browser *br, enum keymap_action a, uint64_t total,
    int page)
{
	const struct catalog_facet_value *v;

	if (a == KEYMAP_FOCUS) {
		sidebar_set_focus(&br->side, !sidebar_focused(&br->side));
		return VIEW_RELAYOUT;
	}
	if (sidebar_focused(&br->side)) {
		if (a != KEYMAP_SELECT && a != KEYMAP_EXCLUDE)
			return sidebar_key(&br->side, a, br->body_h - 2);
		if ((v = sidebar_value(&br->side)) == NULL)
			return 0;
		return browser_select_value(br, sidebar_tab(&br->side), v,
		    a == KEYMAP_EXCLUDE);
	}
	if (br->view == BROWSER_GRID)
		return browse_key_grid(br, a, total);
	switch (a) {
	case KEYMAP_SELECT:
	case KEYMAP_RIGHT:
		if (total > 0)
			browse_open(br, itemlist_cursor(&br->list), 0);
		return VIEW_REDRAW;
	case KEYMAP_SEARCH:
		querybar_edit(&br->bar);
		return VIEW_REDRAW;
	case KEYMAP_LEFT:
		sidebar_set_focus(&br->side, true);
		return VIEW_RELAYOUT;
	default:
		return itemlist_key(&br->list, a, total, page);
	}
}

/* A key in the charts view: Enter applies the timeline's range. */
static int
browse_key_charts(struct browser *br, enum keymap_action a, int page)
{
	char *term;
	int r = chartview_key(&br->charts, a, page,
	    sidebar_facet(&br->side, CATALOG_LABEL));

	if (r == 0 && a == KEYMAP_BACK) {
		browser_back(br);
		return VIEW_REDRAW;
	}
	if (!(r & VIEW_APPLY))
		return r;
	term = chartview_take_term(&br->charts);
	r = (r & ~VIEW_APPLY) | browser_apply_terms(br, &term, 1);
	free(term);
	return r;
}

/* A key in the crosstab view: Enter applies the cell's two terms. */
static int
browse_key_crosstab(struct browser *br, enum keymap_action a, int page)
{
	char *terms[2];
	int r;

	if (a == KEYMAP_BACK) {
		browser_back(br);
		return VIEW_REDRAW;
	}
	r = crosstabview_key(&br->xtab, a, page);
	if (!(r & VIEW_APPLY) || !crosstabview_take_terms(&br->xtab, terms))
		return r & ~VIEW_APPLY;
	r = (r & ~VIEW_APPLY) | browser_apply_terms(br, terms, 2);
	free(terms[0]);
	free(terms[1]);
	/* The cell's items, in the list. */
	browser_back(br);
	return r;
}

/* Change the threshold by delta (clamped to 0..100) and commit. */
static int
browse_threshold(struct browser *br, double delta)
{
	double t = br->threshold + delta;

	t = t < 0 ? 0 : t > 100 ? 100 : t;
	if (t == br->threshold)
		return 0;
	browser_commit(br, br->q, t);
	statusbar_message(&br->status, false, "confidence threshold %g", t);
	return VIEW_RECOUNT;
}

/* A key in the normal mode. Returns what to redo. */
static int
browse_key(struct browser *br, const struct view_key *key)
{
	enum keymap_action a;
	uint64_t total = br->res ? catalog_result_count(br->res) : 0;
	int page = br->body_h - 1;

	if (key->fn && key->code == KEY_RESIZE)
		return VIEW_RELAYOUT;
	if (querybar_editing(&br->bar))
		return browse_key_query(br, key);
	if (sidebar_searching(&br->side))
		return sidebar_key_search(&br->side, key);
	if (prompt_open(&br->prompt))
		return prompt_key(&br->prompt, key, &br->status, &br->scr,
		    &br->in, br->cat, br->res, br->threshold);
	if (br->view == BROWSER_CHARTS && chartview_typing(&br->charts))
		return chartview_type_key(&br->charts, key);
	statusbar_clear(&br->status);
	if (help_shown(&br->help))
		return help_key(&br->help, browse_action(key));
	if (br->view == BROWSER_DETAIL && !key->fn &&
	    photo_pane_key(br->pane, key->code))
		return VIEW_REDRAW;
	/* Digits remove a chip, in every view. */
	if (!key->fn && key->code >= '1' && key->code <= '9')
		return browser_remove_chip(br, (size_t)(key->code - '1'));
	a = browse_action(key);
	switch (a) {
	case KEYMAP_QUIT:
		if (br->view != br->home) {
			browser_back(br);
			return VIEW_REDRAW;
		}
		return VIEW_QUIT;
	case KEYMAP_HELP:
		help_open(&br->help);
		photo_pane_hide(br->pane);
		return VIEW_REDRAW;
	case KEYMAP_REDRAW:
		clearok(curscr, TRUE);
		return VIEW_RELAYOUT;
	case KEYMAP_UNDO:
		if (br->hpos == 0) {
			statusbar_message(&br->status, false, "nothing to undo");
			return VIEW_REDRAW;
		}
		browser_history_go(br, br->hpos - 1);
		return VIEW_RECOUNT;
	case KEYMAP_REDO:
		if (br->hpos + 1 >= br->nhist) {
			statusbar_message(&br->status, false, "nothing to redo");
			return VIEW_REDRAW;
		}
		browser_history_go(br, br->hpos + 1);
		return VIEW_RECOUNT;
	case KEYMAP_MORE:
		return browse_threshold(br, BROWSE_THRESHOLD_STEP);
	case KEYMAP_LESS:
		return browse_threshold(br, -BROWSE_THRESHOLD_STEP);
	case KEYMAP_CLEAR:
		browser_commit(br, catalog_query_parse("", NULL),
		    CATALOG_DEFAULT_THRESHOLD);
		return VIEW_RECOUNT;
	case KEYMAP_REMOVE:
		if (catalog_query_term_count(br->q) > 0)
			return browser_remove_chip(br,
			    catalog_query_term_count(br->q) - 1);
		return 0;
	case KEYMAP_EXPORT:
		return prompt_export_start(&br->prompt, br->res);
	case KEYMAP_QUERY:
		querybar_edit(&br->bar);
		return VIEW_REDRAW;
	case KEYMAP_SORT:
		br->sort = (br->sort + 1) % 4;
		itemlist_home(&br->list);
		grid_home(&br->grid);
		statusbar_message(&br->status, false, "sorted by %s",
		    browser_sort_names[br->sort]);
		return VIEW_RECOUNT;
	case KEYMAP_GRID:
		if (br->view != BROWSER_LIST && br->view != BROWSER_GRID)
			break;
		return browse_toggle_grid(br);
	case KEYMAP_BOXES:
		if (br->view != BROWSER_GRID)
			break;
		photo_pane_key(br->pane, 'b');
		return VIEW_REDRAW;
	case KEYMAP_CHARTS:
		if (br->view == BROWSER_CHARTS) {
			browser_back(br);
			return VIEW_REDRAW;
		}
		photo_pane_hide(br->pane); /* the charts cover it */
		br->view = BROWSER_CHARTS;
		chartview_open(&br->charts);
		/* The timeline is counted with the result, for this view. */
		return VIEW_REDRAW | VIEW_RECOUNT;
	case KEYMAP_CROSSTAB:
		if (br->view == BROWSER_CROSSTAB) {
			browser_back(br);
			return VIEW_REDRAW;
		}
		photo_pane_hide(br->pane);
		br->view = BROWSER_CROSSTAB;
		return VIEW_REDRAW | VIEW_RECOUNT;
	default:
		break;
	}

	if (br->view == BROWSER_DETAIL)
		return browse_key_detail(br, a, total, page);
	if (br->view == BROWSER_CHARTS)
		return browse_key_charts(br, a, page);
	if (br->view == BROWSER_CROSSTAB)
		return browse_key_crosstab(br, a, page);
	return browse_key_list(br, a, total, page);
}

/* ------------------------------------------------------------------ */
/* Running                                                              */

static FILE *browse_log;          /* stderr while curses owns the screen */
static int browse_saved_stderr = -1;

/* Print "rummage: PREFIXMSG" to stderr, msg (paths, data) sanitized. */
static void
browse_error(const char *prefix, const char *msg)
{
	char *safe = sanitize_text(msg, strlen(msg), sanitize_locale_flags());

	fprintf(stderr, "rummage: %s%s\n", prefix, safe);
	free(safe);
}

/* Restore the terminal and stderr, then replay what was logged. */
static void
browse_cleanup(void)
{
	char buf[4096];
	size_t n;

	if (!isendwin())
		endwin();
	if (browse_saved_stderr >= 0) {
		fflush(stderr);
		dup2(browse_saved_stderr, STDERR_FILENO);
		close(browse_saved_stderr);
		browse_saved_stderr = -1;
	}
	if (browse_log != NULL) {
		rewind(browse_log);
		while ((n = fread(buf, 1, sizeof buf, browse_log)) > 0)
			fwrite(buf, 1, n, stderr);
		fclose(browse_log);
		browse_log = NULL;
	}
}

/* Send stderr to a file ($RUMMAGE_LOG or a temporary one) until browse_cleanup(). */
static void
browse_capture_stderr(void)
{
	const char *path = getenv("RUMMAGE_LOG");

	fflush(stderr);
	/*
	 * A named log survives a crash (sanitizer reports land there);
	 * the default is an anonymous file replayed at exit.
	 */
	if (path != NULL && *path != '\0')
		browse_log = fopen(path, "w+");
	else
		browse_log = tmpfile();
	if (browse_log == NULL)
		return;
	browse_saved_stderr = dup(STDERR_FILENO);
	if (browse_saved_stderr < 0 ||
	    dup2(fileno(browse_log), STDERR_FILENO) < 0) {
		fclose(browse_log);
		browse_log = NULL;
	}
}

/* Free everything the browser holds. */
static void
browse_free(struct browser *br)
{
	size_t i;

	sidebar_fini(&br->side);
	for (i = 0; i < br->nhist; i++)
		free(br->hist[i].query);
	free(br->hist);
	free(br->query);
	querybar_fini(&br->bar);
	prompt_fini(&br->prompt);
	catalog_query_free(br->q);
	catalog_result_free(br->res);
	detail_fini(&br->detail);
	grid_fini(&br->grid);
	chartview_fini(&br->charts);
	crosstabview_fini(&br->xtab);
	counter_stop(br->worker);
	itemlist_fini(&br->list);
	statusbar_fini(&br->status);
	help_fini(&br->help);
	input_fini(&br->in);
	measure_fini(&br->frames_ms);
	measure_fini(&br->filters_ms);
	photo_pane_free(br->pane);
	catalog_free(br->cat);
}

/* Run the browser: set up, loop over frames and keys, report, free. */
int
browse_run(const struct browse_options *opts)
{
	struct browser br;
	struct config cfg;
	struct view_key key;
	SCREEN *scr;
	char *cause = NULL;
	const char *term = getenv("TERM");
	int todo, i, status = 0;
	bool theme_named;
	uint32_t id;
	double t0;

	memset(&br, 0, sizeof br);
	statusbar_init(&br.status);
	input_init(&br.in);
	measure_init(&br.frames_ms);
	measure_init(&br.filters_ms);
	help_init(&br.help);
	chartview_init(&br.charts);
	crosstabview_init(&br.xtab);
	detail_init(&br.detail);
	itemlist_init(&br.list);
	grid_init(&br.grid);
	if (opts->grid)
		br.view = br.home = BROWSER_GRID;
	keymap_init();
	if (!config_load(&cfg, &cause)) {
		browse_error("", cause);
		free(cause);
		return 2;
	}
	theme_named = opts->theme != NULL || cfg.theme != NULL;
	if (!theme_load(opts->theme ? opts->theme : cfg.theme, &cause)) {
		browse_error("", cause);
		free(cause);
		config_fini(&cfg);
		return 2;
	}
	br.threshold = cfg.threshold >= 0 ? cfg.threshold :
	    CATALOG_DEFAULT_THRESHOLD;
	config_fini(&cfg);
	if (opts->script != NULL) {
		int *keys;
		long n = browse_script_parse(opts->script, &keys, &cause);

		if (n < 0) {
			browse_error("--script: ", cause);
			free(cause);
			return 2;
		}
		input_script(&br.in, keys, n);
	}
	br.max_frames = opts->max_frames;
	if ((br.cat = catalog_open(opts->db, &cause)) == NULL) {
		browse_error("", cause ? cause : opts->db);
		free(cause);
		input_fini(&br.in);
		return 1;
	}
	br.scr.flags = sanitize_locale_flags();
	/* Scripts (bench/) count in line, so that every change is timed. */
	if (!input_scripted(&br.in))
		br.worker = counter_start(opts->db, br.cat);
	br.query = xstrdup(opts->query ? opts->query : "");
	querybar_init(&br.bar, br.query);
	prompt_init(&br.prompt);
	br.hist = xcalloc(BROWSER_HISTORY_MAX, sizeof *br.hist);
	br.hist[0].query = xstrdup(br.query);
	br.hist[0].threshold = br.threshold;
	br.nhist = 1;
	sidebar_init(&br.side);
	browser_parse(&br);
	if (br.qbad) {
		char *safe = sanitize_text(br.qerr.message,
		    strlen(br.qerr.message), br.scr.flags);

		fprintf(stderr, "rummage: query: column %zu: %s\n",
		    br.qerr.column, safe);
		free(safe);
		browse_free(&br);
		return 2;
	}
	/* The bar shows the query's canonical text from the start. */
	free(br.query);
	br.query = catalog_query_format(br.q);
	free(br.hist[0].query);
	br.hist[0].query = xstrdup(br.query);
	querybar_set(&br.bar, br.query);
	if (opts->item != NULL && !catalog_item_find(br.cat, opts->item,
	    &id)) {
		char *safe = sanitize_text(opts->item, strlen(opts->item),
		    br.scr.flags);

		fprintf(stderr, "rummage: no item with uuid %s\n", safe);
		free(safe);
		browse_free(&br);
		return 1;
	}

	if (!input_scripted(&br.in) && br.max_frames == 0 &&
	    (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "rummage: the browser needs a terminal; for "
		    "scripts use 'rummage query' or 'rummage stats'\n");
		browse_free(&br);
		return 1;
	}
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0) {
		char *safe = sanitize_text(term ? term : "", term ? strlen(term) :
		    0, SANITIZE_ASCII);
		fprintf(stderr, "rummage: the browser needs a terminal with "
		    "cursor addressing (TERM is '%s'); try 'rummage query'\n",
		    safe);
		free(safe);
		browse_free(&br);
		return 1;
	}
	/* Before curses: the pane reads the terminal's answers itself. */
	br.pane = photo_pane_new(STDIN_FILENO, STDOUT_FILENO);
	{
		bool dark = photo_pane_dark(br.pane, NULL);

		/* A light background gets the light theme unless one was named. */
		if (!dark && !theme_named && !theme_load("light", NULL))
			theme_load(NULL, NULL);
		theme_set_background(dark);
	}
	{
		const uint32_t *boxes;
		size_t nboxes = theme_box_colours(&boxes);

		if (nboxes > 0)
			photo_pane_set_palette(br.pane, boxes, nboxes);
	}
	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		browse_error("terminfo does not know the terminal ", term);
		browse_free(&br);
		return 1;
	}
	if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		endwin();
		delscreen(scr);
		browse_error("this terminal cannot move the cursor (try "
		    "'rummage query'): TERM=", term);
		browse_free(&br);
		return 1;
	}
	browse_capture_stderr();
	fatal_set_cleanup(browse_cleanup);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	theme_start();
	bkgdset((chtype)' ' | (chtype)theme_attr(THEME_NORMAL));
	browse_layout(&br);

	if (opts->item != NULL)
		browse_open(&br, UINT64_MAX, id);
	todo = VIEW_RECOUNT | VIEW_REDRAW;
	for (;;) {
		if (todo & VIEW_RELAYOUT) {
			browse_layout(&br);
			chartview_invalidate(&br.charts);
			/* The timeline's buckets follow the width. */
			if (br.view == BROWSER_CHARTS)
				todo |= VIEW_RECOUNT;
			detail_invalidate(&br.detail);
			photo_pane_hide(br.pane);
		}
		if ((todo & VIEW_RECOUNT) && br.worker != NULL) {
			/* Typed ahead: post the newest query, do not wait. */
			counter_request(&br, !input_waiting(&br.in));
			todo &= ~VIEW_RECOUNT;
		} else if ((todo & VIEW_RECOUNT) &&
		    !input_waiting(&br.in)) {
			if (br.count_ms > BROWSER_SLOW_MS) {
				/* Slow index: say so before the wait. */
				statusbar_message(&br.status, false, "%s counting...",
				    br.scr.flags & SANITIZE_ASCII ? "*" :
				    "\u231b");
				browse_status(&br);
				refresh();
			}
			counter_recount(&br);
			if (statusbar_text(&br.status) != NULL &&
			    strstr(statusbar_text(&br.status),
			    "counting...") != NULL)
				statusbar_clear(&br.status);
			todo &= ~VIEW_RECOUNT;
		}
		if (!input_pending(&br.in)) {
			t0 = measure_now_ms();
			if (photo_pane_fullscreen(br.pane) &&
			    br.view == BROWSER_DETAIL) {
				erase();
				photo_pane_draw(br.pane, stdscr, 0, 0, br.scr.rows,
				    br.scr.cols, br.cat, detail_item(&br.detail),
				    br.threshold);
			} else
				browse_draw(&br);
			wnoutrefresh(stdscr);
			doupdate();
			photo_pane_flush(br.pane);
			measure_add(&br.frames_ms, measure_now_ms() - t0);
			if (br.max_frames > 0 && ++br.frames >= br.max_frames)
				break;
		}
		/*
		 * While counting, wake up to turn the spinner and collect;
		 * in smoke mode (--max-frames) keep drawing without keys.
		 */
		i = input_next(&br.in, br.pane, &key,
		    counter_counting(br.worker) || br.max_frames > 0 ?
		    BROWSE_SPIN_MS : -1);
		if (i < 0)
			break;
		if (i == 0) {
			br.spin++;
			counter_collect(&br);
			todo |= VIEW_REDRAW;
			continue;
		}
		counter_collect(&br);
		i = browse_key(&br, &key);
		if (i & VIEW_QUIT)
			break;
		/* A recount still owed survives keys that only redraw. */
		todo = (todo & VIEW_RECOUNT) | i | VIEW_REDRAW;
	}
	fatal_set_cleanup(NULL);
	browse_cleanup();
	delscreen(scr);
	if (input_scripted(&br.in) || br.max_frames > 0) {
		measure_report(&br.frames_ms, stderr, "frames");
		measure_report(&br.filters_ms, stderr, "filter changes");
	}
	browse_free(&br);
	return status;
}
