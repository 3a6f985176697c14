/*
 * sidebar.h - the facet sidebar: a tab per facet field of the field table,
 * the values of the facet on screen with the catalog's counts and bars
 * (selected and excluded values marked), the value search, whether it has
 * the focus and how wide it is, and its keys while it has the focus.
 */
#pragma once

#include <stdbool.h>

#include "catalog.h"
#include "facet.h"
#include "keymap.h"
#include "screen.h"
#include "view.h"

/* The sidebar: a view per facet field, the tab shown, focus and width. */
struct sidebar {
	struct facet facets[CATALOG_FIELD_COUNT]; /* by field; facet fields only */
	enum catalog_field tab;       /* the facet shown */
	bool searching;               /* typing a value search */
	bool focus;                   /* the sidebar, not the list, has the keys */
	int w;                        /* 0: the sidebar is hidden */
	bool full;                    /* the sidebar takes the whole body */
};

/* Start with nothing counted, on the first facet's tab. */
void sidebar_init(struct sidebar *sb);
/* Free every facet's values. */
void sidebar_fini(struct sidebar *sb);

/* Decide the sidebar's width for a screen cols wide. */
void sidebar_layout(struct sidebar *sb, int cols);

/* The sidebar's width (0: hidden). */
int sidebar_width(const struct sidebar *sb);

/* True when the sidebar takes the whole body. */
bool sidebar_full(const struct sidebar *sb);

/* True while the sidebar has the focus. */
bool sidebar_focused(const struct sidebar *sb);

/* Give the sidebar the focus (or take it away). */
void sidebar_set_focus(struct sidebar *sb, bool focus);

/* True while a value search is being typed. */
bool sidebar_searching(const struct sidebar *sb);

/* The view of facet field f (borrowed). */
const struct facet *sidebar_facet(const struct sidebar *sb,
    enum catalog_field f);

/*
 * Install the counted values of facet field f (takes ownership; NULL:
 * none), counted disjunctively or not.
 */
void sidebar_install(struct sidebar *sb, enum catalog_field f,
    struct catalog_facet *counted, bool disjunctive);

/* The facet field of the tab shown. */
enum catalog_field sidebar_tab(const struct sidebar *sb);

/* The value under the cursor (borrowed), or NULL. */
const struct catalog_facet_value *sidebar_value(const struct sidebar *sb);

/*
 * The facet sidebar at rows y..y+h, columns x..x+w of scr; the values
 * that are terms of q (borrowed) are marked.
 */
void sidebar_draw(struct sidebar *sb, const struct screen *scr, int y, int h,
    int x, int w, const struct catalog_query *q);

/* A key while a facet's values are being searched. Returns what to redo. */
int sidebar_key_search(struct sidebar *sb, const struct view_key *key);

/*
 * Action a while the sidebar has the focus (not selecting: the browser
 * does that); page is the page height. Returns what to redo.
 */
int sidebar_key(struct sidebar *sb, enum keymap_action a, int page);
