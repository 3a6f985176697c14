/*
 * facet.c - a facet's view: values, search and cursor (see facet.h).
 */
#include "facet.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "xmalloc.h"

/* Start a facet view with no values and no search. */
void
facet_init(struct facet *fv)
{
	memset(fv, 0, sizeof *fv);
	fv->search = xstrdup("");
	fv->needle = xstrdup("");
}

/* Free the values, the search and the visible list. */
void
facet_fini(struct facet *fv)
{
	catalog_facet_free(fv->counted);
	free(fv->vis);
	free(fv->search);
	free(fv->needle);
	memset(fv, 0, sizeof *fv);
}

/* The facet field after (dir 1) or before (dir -1) f, round the table. */
enum catalog_field
facet_next(enum catalog_field f, int dir)
{
	int n = CATALOG_FIELD_COUNT, i = f == CATALOG_NONE ? (dir > 0 ? -1 : 0) :
	    (int)f;

	for (int k = 0; k < n; k++) {
		i = (i + (dir > 0 ? 1 : n - 1)) % n;
		if (catalog_field_desc((enum catalog_field)i)->facet !=
		    CATALOG_FACET_NONE)
			return (enum catalog_field)i;
	}
	return CATALOG_NONE;
}

/* How many values the facet has. */
size_t
facet_size(const struct facet *fv)
{
	return fv->counted != NULL ? fv->counted->n : 0;
}

/* The k-th value matching the search, or NULL. */
const struct catalog_facet_value *
facet_visible(const struct facet *fv, size_t k)
{
	return k < fv->nvis ? &fv->counted->values[fv->vis[k]] : NULL;
}

/*
 * Recompute the values matching the needle: among those of the last
 * search when within (the needle extends it), else among all. A linear
 * strstr over the catalog's folded values: tens of thousands per key.
 */
static void
facet_filter(struct facet *fv, bool within)
{
	size_t n = facet_size(fv), k = 0;

	if (!within || fv->vis == NULL) {
		free(fv->vis);
		fv->vis = xcalloc(n + 1, sizeof *fv->vis);
		for (size_t i = 0; i < n; i++)
			fv->vis[i] = i;
		fv->nvis = n;
	}
	if (*fv->needle != '\0') {
		for (size_t j = 0; j < fv->nvis; j++) {
			size_t i = fv->vis[j];

			/* By length: a folded value may hold a NUL. */
			if (memmem(fv->counted->values[i].folded,
			    fv->counted->values[i].folded_len, fv->needle,
			    strlen(fv->needle)) != NULL)
				fv->vis[k++] = i;
		}
		fv->nvis = k;
	}
	if (fv->cursor >= fv->nvis)
		fv->cursor = fv->nvis > 0 ? fv->nvis - 1 : 0;
}

/* Install counted values (owned from here); the search stays. */
void
facet_set(struct facet *fv, struct catalog_facet *counted, bool disjunctive)
{
	catalog_facet_free(fv->counted);
	fv->counted = counted;
	fv->disjunctive = disjunctive;
	fv->max = 0;
	for (size_t i = 0; i < facet_size(fv); i++) {
		if (counted->values[i].count > fv->max)
			fv->max = counted->values[i].count;
	}
	facet_filter(fv, false);
}

/* Search the values for s: a case-folded substring. */
void
facet_search(struct facet *fv, const char *s)
{
	char *needle = fold_string(s);
	bool within;

	if (needle == NULL)
		needle = xstrdup(s); /* invalid UTF-8 matches as bytes */
	within = strstr(needle, fv->needle) != NULL;
	free(fv->search);
	free(fv->needle);
	fv->search = xstrdup(s);
	fv->needle = needle;
	facet_filter(fv, within);
}
