/*
 * facet.h - the values of one facet and their counts: counting a result
 * (disjunctively when the query has terms on the facet's field), the
 * month histogram of the date facet, the value search, and matching a
 * value against the terms of a query. Plain data: no drawing, no
 * browser state, so the counting thread can use it with its own handle.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"

#define FACET_COUNT 6             /* brand type color size label date */
#define FACET_DATE 5

/* One value of a facet and its count. */
struct facet_value {
	char *value;                  /* as the data spells it */
	size_t len;                   /* bytes of value (it may hold NULs) */
	char *folded;                 /* for matching against query terms */
	size_t folded_len;
	uint64_t count;
};

/* A facet's values (owned), the search over them and the cursor. */
struct facet {
	bool valid;                   /* counts match the current result */
	bool disjunctive;             /* counted without the facet's own terms */
	struct facet_value *values;
	size_t n;
	uint64_t max;
	size_t *vis;                  /* indices of values matching search */
	size_t nvis;
	size_t cursor, top;           /* in vis */
	char *search;                 /* owned; "" when none */
};

/* The catalog field of each facet, in tab order. */
extern const enum catalog_field facet_fields[FACET_COUNT];

/* NFKC case folding of s, as the catalog compares values (owned). */
char *facet_fold(const char *s);

/*
 * Find the term of q (borrowed, may be NULL) selecting value folded
 * (folded_len bytes) of facet f; *negated tells which kind. -1 when there
 * is none.
 */
long facet_find_term(const struct catalog_query *q, int f, const char *folded,
    size_t folded_len, bool *negated);

/* Free the values of fv (its search and cursor stay). */
void facet_clear(struct facet *fv);

/* Recompute which values of fv match its search. */
void facet_filter(struct facet *fv);

/*
 * Count facet f of res into fv's values (fv empty on entry): disjunctive
 * (as if the facet's own terms were removed) when q has terms on that
 * field. cat, q and res are borrowed. false with *cause on failure.
 */
bool facet_compute(struct catalog *cat, const struct catalog_query *q,
    const struct catalog_result *res, double threshold, int f,
    struct facet *fv, char **cause);
