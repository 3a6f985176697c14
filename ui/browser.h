/*
 * browser.h - struct browser (one per run, owned by browse_run): the
 * views, each a struct of its own module (the query bar, the sidebar, the
 * list, the detail, the charts, help, the export prompt, the status
 * line), and what they share: the catalog, the screen, the committed
 * query and its undo history, the live parse and its result, the sort,
 * the view shown and the counter. The views do not include this header:
 * they draw with screen.h's helpers and answer keys as view.h says.
 *
 * The parsed query is the whole state: a facet selection is a term added
 * to it ("brand:BDG", catalog_query_add), a chip is one of its terms, the
 * query bar shows its canonical text (catalog_query_format), and undo and
 * redo walk a history of (query text, threshold) pairs. The result, the
 * facet counts and the charts are derived from that state (counter.c).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "chartview.h"
#include "crosstabview.h"
#include "detail.h"
#include "grid.h"
#include "help.h"
#include "input.h"
#include "itemlist.h"
#include "measure.h"
#include "photo.h"
#include "prompt.h"
#include "querybar.h"
#include "screen.h"
#include "sidebar.h"
#include "statusbar.h"
#include "view.h"

#define BROWSER_HISTORY_MAX 1000
#define BROWSER_SLOW_MS 50.0      /* show the spinner when counting is slower */

enum browser_view { BROWSER_LIST, BROWSER_GRID, BROWSER_DETAIL, BROWSER_CHARTS,
    BROWSER_CROSSTAB };

/* One undo step. */
struct browser_state {
	char *query;
	double threshold;
};

struct counter;

/* The browser; every pointer in it is owned by it. */
struct browser {
	struct catalog *cat;
	struct screen scr;            /* its size, the locale's sanitize flags */
	int body_y, body_h;           /* rows between the bars and the status */

	/* The committed state (its text, canonical) and its history. */
	char *query;
	double threshold;
	struct browser_state *hist;
	size_t nhist, hpos;           /* hist[hpos] is the current state */

	/*
	 * The live query: the committed one, or the one being typed (then
	 * the last text that parsed). Parsed once per change, and passed
	 * along as terms to the chips, the sidebar and the counting.
	 */
	struct catalog_query *q;
	struct catalog_query_error qerr;
	bool qbad;
	struct catalog_result *res;
	enum catalog_sort sort;
	double count_ms;              /* how long the last recount took */

	/* The views, each owning its state. */
	enum browser_view view;       /* the body shows the list, grid, detail or charts */
	enum browser_view home;       /* the list or the grid: where Esc leads */
	struct querybar bar;          /* rows 0 and 1: the query and the chips */
	struct sidebar side;          /* the facets */
	struct itemlist list;
	struct grid grid;
	struct detail detail;
	struct chartview charts;
	struct crosstabview xtab;     /* the crosstab */
	struct help help;             /* over everything when shown */
	struct prompt prompt;         /* the export dialog */
	struct statusbar status;
	struct photo_pane *pane;      /* the detail's photos; filters input */

	/* Counting off the input thread (counter.c). */
	struct counter *worker;       /* NULL: counting in line */
	unsigned spin;                /* the spinner's frame while it counts */

	/* Scripted input and measurements (bench/, smoke tests). */
	struct input in;              /* the terminal or a script */
	long max_frames, frames;
	struct measure frames_ms, filters_ms; /* a frame, a recount */
};

/* The list's sort orders by name, indexed by enum catalog_sort. */
extern const char *const browser_sort_names[4];

/* Forget the figures drawn from the result (it changed). */
void browser_invalidate(struct browser *br);

/* Parse the live text; on success replace br->q, else set br->qbad. */
void browser_parse(struct browser *br);

/*
 * Make q (takes ownership; may be br->q itself) at threshold the
 * committed state: its canonical text in the query bar, recorded for
 * undo unless it is the current state.
 */
void browser_commit(struct browser *br, struct catalog_query *q,
    double threshold);

/*
 * Toggle (exclude false) or exclude value v (borrowed) of facet field:
 * a term added, flipped or removed, committed. Returns what to redo.
 */
int browser_select_value(struct browser *br, enum catalog_field field,
    const struct catalog_facet_value *v, bool exclude);

/*
 * Apply terms[0..n) (canonical term texts, borrowed: "date:A..B",
 * "brand:Zara", "-ocr:brand") from a chart or a crosstab cell, committed
 * as one step: a term replaces the query's positive terms of its field
 * (so that the result narrows to it: one field's terms are OR-ed), a
 * "-" term replaces the same value's positive term, and a term already
 * there stays once. Returns what to redo.
 */
int browser_apply_terms(struct browser *br, char *const *terms, size_t n);

/* Remove the n-th chip (term) of the committed query. Returns what to redo. */
int browser_remove_chip(struct browser *br, size_t n);

/* Move to history entry pos. */
void browser_history_go(struct browser *br, size_t pos);

/* Leave the current view for the list or the grid, whichever it came from. */
void browser_back(struct browser *br);

/* The cursor's position in the result, in the list or the grid. */
uint64_t browser_cursor(const struct browser *br);

/* Put the cursor of the list and the grid on position pos. */
void browser_set_cursor(struct browser *br, uint64_t pos);
