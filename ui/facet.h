/*
 * facet.h - the view of one facet in the sidebar: the values the catalog
 * counted (an installed struct catalog_facet), the value search over
 * them and the cursor. Plain view state: the counting is the catalog's
 * (catalog_search), the facets are the field table's rows whose facet
 * kind is not NONE, in table order (facet_next).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"

/* A facet's counted values (owned), the search over them and the cursor. */
struct facet {
	struct catalog_facet *counted; /* NULL until counted */
	bool disjunctive;             /* counted without the facet's own terms */
	uint64_t max;                 /* the largest count */
	size_t *vis;                  /* indices of the values matching search */
	size_t nvis;
	size_t cursor, top;           /* in vis */
	char *search;                 /* as typed (owned); "" when none */
	char *needle;                 /* search, folded (owned) */
};

/* Start a facet view with no values and no search. */
void facet_init(struct facet *fv);
/* Free everything a facet view holds. */
void facet_fini(struct facet *fv);

/*
 * The facet field after f (dir 1) or before it (dir -1), in the table's
 * order and round; CATALOG_NONE for f gives the first.
 */
enum catalog_field facet_next(enum catalog_field f, int dir);

/*
 * Install counted values (takes ownership; NULL: none), counted
 * disjunctively or not; the search and cursor stay (clamped).
 */
void facet_set(struct facet *fv, struct catalog_facet *counted,
    bool disjunctive);

/* How many values the facet has. */
size_t facet_size(const struct facet *fv);

/* The k-th value matching the search (borrowed), or NULL. */
const struct catalog_facet_value *facet_visible(const struct facet *fv,
    size_t k);

/*
 * Search the values for s (borrowed): a case-folded substring. A search
 * that extends the previous one looks only among the values that matched.
 */
void facet_search(struct facet *fv, const char *s);
