/*
 * query.h - the parsed form of a query (contract §3). Parsing lives in
 * query.c, printing and editing terms in terms.c; evaluation against an
 * index in engine.c.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"

struct query_term {
	struct catalog_term pub;     /* what catalog_query_term() returns */
	char *value;                 /* unquoted value (owned; pub.value = it) */
	char *folded;                /* NFKC-casefolded value (owned) */
	bool folded_prefix;          /* bare word "V*": text prefix on V */
	char *folded_stem;           /* folded V without the '*' (owned) */
	int64_t date_lo, date_hi;    /* inclusive UTC ms range for date: */
	int span_lo, span_hi;        /* hour: 0-23, weekday: 0-6; lo > hi wraps */
};

struct catalog_query {
	char *text;
	struct query_term *terms;
	size_t nterms;
};

/* The blanks that separate terms (and end an unquoted value). */
bool query_is_space(char c);
