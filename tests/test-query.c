/*
 * Unit tests of index/query.c: terms, quoting, thresholds, dates, and
 * the position and message of every kind of malformed query; and of
 * index/terms.c: canonical printing, find, add, remove, toggle, copy.
 */
#include "../index/query.h"

#include <stdlib.h>

#include "check.h"

/* The query must fail at 1-based column col with a message containing msg. */
static void
check_error(const char *text, size_t col, const char *msg)
{
	struct catalog_query_error err;
	struct catalog_query *q = catalog_query_parse(text, &err);

	if (q != NULL) {
		fprintf(stderr, "parsed, want an error: %s\n", text);
		check_failures++;
		catalog_query_free(q);
		return;
	}
	if (err.column != col || strstr(err.message, msg) == NULL) {
		fprintf(stderr, "%s: column %zu \"%s\", want column %zu \"%s\"\n",
		    text, err.column, err.message, col, msg);
		check_failures++;
	}
}

static struct catalog_query *
check_parse(const char *text, size_t nterms)
{
	struct catalog_query_error err;
	struct catalog_query *q = catalog_query_parse(text, &err);

	if (q == NULL) {
		fprintf(stderr, "%s: error at column %zu: %s\n", text, err.column,
		    err.message);
		check_failures++;
		return NULL;
	}
	CHECK_INT(catalog_query_term_count(q), nterms);
	return q;
}

/* The terms of a and b are the same, one by one (what a query means). */
static bool
check_same_terms(const struct catalog_query *a, const struct catalog_query *b)
{
	if (a == NULL || b == NULL || a->nterms != b->nterms)
		return false;
	for (size_t i = 0; i < a->nterms; i++) {
		const struct catalog_term *x = &a->terms[i].pub, *y = &b->terms[i].pub;

		if (x->field != y->field || x->negated != y->negated ||
		    x->prefix != y->prefix ||
		    x->has_min_confidence != y->has_min_confidence ||
		    x->min_confidence != y->min_confidence ||
		    strcmp(x->value, y->value) != 0 ||
		    a->terms[i].folded_prefix != b->terms[i].folded_prefix ||
		    a->terms[i].date_lo != b->terms[i].date_lo ||
		    a->terms[i].date_hi != b->terms[i].date_hi)
			return false;
	}
	return true;
}

/*
 * text parses; its canonical form is want (NULL: not checked), parses to
 * the same terms, and is its own canonical form.
 */
static void
check_round_trip(const char *text, const char *want)
{
	struct catalog_query *q = catalog_query_parse(text, NULL), *q2;
	char *f, *f2;

	if (q == NULL) {
		fprintf(stderr, "round trip: does not parse: %s\n", text);
		check_failures++;
		return;
	}
	f = catalog_query_format(q);
	if (want != NULL)
		CHECKF(strcmp(f, want) == 0, "%s -> %s, want %s", text, f, want);
	q2 = catalog_query_parse(f, NULL);
	CHECKF(check_same_terms(q, q2), "%s -> %s: other terms", text, f);
	if (q2 != NULL) {
		f2 = catalog_query_format(q2);
		CHECKF(strcmp(f, f2) == 0, "%s -> %s -> %s", text, f, f2);
		free(f2);
	}
	catalog_query_free(q2);
	catalog_query_free(q);
	free(f);
}

/* A term field:value (negated) prints as want and reads back as itself. */
static void
check_format_value(enum catalog_field field, const char *value, bool negated,
    const char *want)
{
	struct catalog_term t = { .field = field, .negated = negated,
	    .value = value };
	char *f = catalog_term_format(&t);
	struct catalog_query *q = catalog_query_parse(f, NULL);

	CHECKF(strcmp(f, want) == 0, "%s formats as %s, want %s", value, f, want);
	CHECKF(q != NULL && q->nterms == 1 && q->terms[0].pub.field == field &&
	    q->terms[0].pub.negated == negated && !q->terms[0].pub.prefix &&
	    strcmp(q->terms[0].value, value) == 0, "%s does not read back", f);
	catalog_query_free(q);
	free(f);
}

/* The canonical text of q (NULL: "(null)") is want. */
static void
check_text(struct catalog_query *q, const char *want)
{
	char *f = q != NULL ? catalog_query_format(q) : NULL;

	CHECK_STR(f, want);
	free(f);
}

/* terms.c: canonical printing and editing a query as terms. */
static void
check_terms(void)
{
	static const char *const queries[] = {
		"brand:BDG brand:Zara type:Jeans -color:black",
		"brand:\"Levi's\" brand:\"Comme des Gar\xc3\xa7ons\" "
		    "brand:\"say \\\"hi\\\"\"",
		"label:Jeans>=90 label:\"Mobile Phone\">=12.5 label:Shoe",
		"label:x>=0.1 label:y>=33.333333333333336 -label:z>=100 label:w>=1e-20",
		"text:W3* text:\"W3*\" BDG Jeans* \"Jeans*\" -text:\"a b\"",
		"date:2024-03-27 date:2024-02 date:2023 date:2024-01..2024-02-10 "
		    "uuid:0c30e823d3037ea7",
		"brands:Zara -types:Jeans colors:\"light blue\" sizes:XL",
		"\"a:b\" brand:\"a:b\" \"-x\" -\"-x\" brand:\"-x\" "
		    "brand:\"a>=b\" \"a\\\\b\" brand:\"tab\there\"",
		"\xef\xbc\xa2\xef\xbc\xa4\xef\xbc\xa7 brand:Chlo\xc3\xa9",
		"",
	};
	struct catalog_query *q, *r;
	bool neg;

	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
		check_round_trip(queries[i], NULL);
	/* Canonical: quotes only where needed, numbers as short as can be. */
	check_round_trip("  brand:\"BDG\"   -color:\"black\" ", "brand:BDG -color:black");
	check_round_trip("label:\"Mobile Phone\">=12.50 label:x>=090",
	    "label:\"Mobile Phone\">=12.5 label:x>=90");
	check_round_trip("text:W3* text:\"W3*\" Jeans* \"Jeans*\" brand:Foo*",
	    "text:W3* text:\"W3*\" Jeans* \"Jeans*\" brand:Foo*");
	check_round_trip("\"jeans\" -\"Levi's\"", "jeans -Levi's");
	check_round_trip("date:2024-01..2024-02-10", "date:2024-01..2024-02-10");
	/* Prefixes stay as the parser read them, even with what a value quotes. */
	check_round_trip("text:a:b* text:-x* text:a\\b* a\\b* text:\"a:b*\" "
	    "--x* -\"-x*\"",
	    "text:a:b* text:-x* text:a\\b* a\\b* text:\"a:b*\" "
	    "--x* -\"-x*\"");

	/* Values that need quotes, after a field and as bare words. */
	check_format_value(CATALOG_BRAND, "Levi's", false, "brand:Levi's");
	check_format_value(CATALOG_BRAND, "Levi's Jeans", false,
	    "brand:\"Levi's Jeans\"");
	check_format_value(CATALOG_BRAND, "say \"hi\"", true,
	    "-brand:\"say \\\"hi\\\"\"");
	check_format_value(CATALOG_BRAND, "\"", false, "brand:\"\\\"\"");
	check_format_value(CATALOG_BRAND, "a\\b", false, "brand:\"a\\\\b\"");
	check_format_value(CATALOG_BRAND, "back\\", false, "brand:\"back\\\\\"");
	check_format_value(CATALOG_BRAND, "-x", false, "brand:\"-x\"");
	check_format_value(CATALOG_BRAND, "a-x", false, "brand:a-x");
	check_format_value(CATALOG_BRAND, "a:b", false, "brand:\"a:b\"");
	check_format_value(CATALOG_BRAND, "a>=b", false, "brand:\"a>=b\"");
	check_format_value(CATALOG_BRAND, "a>b", false, "brand:a>b");
	check_format_value(CATALOG_BRAND, "tab\there", false,
	    "brand:\"tab\there\"");
	check_format_value(CATALOG_BRAND, "Foo*", false, "brand:Foo*");
	check_format_value(CATALOG_TEXT, "W3*", false, "text:\"W3*\"");
	check_format_value(CATALOG_TEXT, "*", false, "text:\"*\"");
	check_format_value(CATALOG_ANY, "-x", true, "-\"-x\"");
	check_format_value(CATALOG_ANY, "type:Jeans", false, "\"type:Jeans\"");
	check_format_value(CATALOG_ANY, "Jeans*", false, "\"Jeans*\"");
	check_format_value(CATALOG_LABEL, "Mobile Phone", false,
	    "label:\"Mobile Phone\"");
	{
		char *s = catalog_query_quote("W3*");

		CHECK_STR(s, "\"W3*\"");
		free(s);
		s = catalog_query_quote("BDG");
		CHECK_STR(s, "BDG");
		free(s);
	}

	/* Adding: at the end, quoted where needed; never a broken query. */
	q = catalog_query_parse("type:Jeans", NULL);
	r = catalog_query_add(q, CATALOG_BRAND, "Levi's Jeans", false);
	check_text(r, "type:Jeans brand:\"Levi's Jeans\"");
	CHECK(r != NULL && r->nterms == 2 &&
	    strcmp(r->terms[1].value, "Levi's Jeans") == 0);
	catalog_query_free(r);
	r = catalog_query_add(q, CATALOG_COLOR, "say \"hi\"\\", true);
	check_text(r, "type:Jeans -color:\"say \\\"hi\\\"\\\\\"");
	CHECK(r != NULL && r->nterms == 2 && r->terms[1].pub.negated &&
	    strcmp(r->terms[1].value, "say \"hi\"\\") == 0);
	catalog_query_free(r);
	r = catalog_query_add(q, CATALOG_DATE, "2024-03", false);
	check_text(r, "type:Jeans date:2024-03");
	CHECK(r != NULL && r->nterms == 2 && r->terms[1].date_lo == 1709251200000LL);
	catalog_query_free(r);
	CHECK(catalog_query_add(q, CATALOG_BRAND, "", false) == NULL);
	CHECK(catalog_query_add(q, CATALOG_BRAND, "bad\xff", false) == NULL);
	CHECK(catalog_query_add(q, CATALOG_DATE, "2024-13", false) == NULL);
	CHECK(catalog_query_add(q, CATALOG_NONE, "x", false) == NULL);
	catalog_query_free(q);
	q = catalog_query_parse("", NULL);
	r = catalog_query_add(q, CATALOG_TEXT, "-50%", false);
	check_text(r, "text:\"-50%\"");
	catalog_query_free(r);
	catalog_query_free(q);

	/* Removing and toggling each term of a query. */
	{
		static const char *const removed[] = {
			"-color:black label:Denim>=90 text:W3* \"a b\"",
			"brand:Levi's label:Denim>=90 text:W3* \"a b\"",
			"brand:Levi's -color:black text:W3* \"a b\"",
			"brand:Levi's -color:black label:Denim>=90 \"a b\"",
			"brand:Levi's -color:black label:Denim>=90 text:W3*",
		};
		static const char *const toggled[] = {
			"-brand:Levi's -color:black label:Denim>=90 text:W3* \"a b\"",
			"brand:Levi's color:black label:Denim>=90 text:W3* \"a b\"",
			"brand:Levi's -color:black -label:Denim>=90 text:W3* \"a b\"",
			"brand:Levi's -color:black label:Denim>=90 -text:W3* \"a b\"",
			"brand:Levi's -color:black label:Denim>=90 text:W3* -\"a b\"",
		};

		q = catalog_query_parse("brand:\"Levi's\" -color:black "
		    "label:Denim>=90 text:W3* \"a b\"", NULL);
		CHECK(q != NULL && q->nterms == 5);
		for (size_t i = 0; q != NULL && i < q->nterms; i++) {
			r = catalog_query_remove(q, i);
			check_text(r, removed[i]);
			catalog_query_free(r);
			r = catalog_query_toggle(q, i);
			check_text(r, toggled[i]);
			CHECK(r != NULL && r->terms[i].pub.negated !=
			    q->terms[i].pub.negated && r->terms[i].pub.prefix ==
			    q->terms[i].pub.prefix);
			catalog_query_free(r);
		}
		CHECK(catalog_query_remove(q, 5) == NULL);
		CHECK(catalog_query_toggle(q, 5) == NULL);
		r = catalog_query_remove(q, 0);
		catalog_query_free(q);
		q = r;
		while (q != NULL && q->nterms > 0) {
			r = catalog_query_remove(q, 0);
			catalog_query_free(q);
			q = r;
		}
		check_text(q, "");
		catalog_query_free(q);
	}

	/* Finding a plain term by its folded value. */
	q = catalog_query_parse("brand:BDG -color:Black label:Denim>=90 "
	    "text:W3* date:2024-03 brand:\"Chlo\xc3\xa9\" label:Denim "
	    "uuid:AbC", NULL);
	CHECK(q != NULL);
	neg = true;
	CHECK_INT(catalog_query_find(q, CATALOG_BRAND, "bdg", &neg), 0);
	CHECK(!neg);
	CHECK_INT(catalog_query_find(q, CATALOG_BRAND,
	    "\xef\xbc\xa2\xef\xbc\xa4\xef\xbc\xa7", NULL), 0);  /* NFKC */
	CHECK_INT(catalog_query_find(q, CATALOG_COLOR, "BLACK", &neg), 1);
	CHECK(neg);
	CHECK_INT(catalog_query_find(q, CATALOG_LABEL, "denim", NULL), 6);
	CHECK_INT(catalog_query_find(q, CATALOG_TEXT, "W3*", NULL), -1);
	CHECK_INT(catalog_query_find(q, CATALOG_TEXT, "w3", NULL), -1);
	CHECK_INT(catalog_query_find(q, CATALOG_DATE, "2024-03", NULL), 4);
	CHECK_INT(catalog_query_find(q, CATALOG_BRAND, "CHLO\xc3\x89", NULL), 5);
	CHECK_INT(catalog_query_find(q, CATALOG_BRAND, "chloe", NULL), -1);
	CHECK_INT(catalog_query_find(q, CATALOG_TYPE, "bdg", NULL), -1);
	CHECK_INT(catalog_query_find(q, CATALOG_UUID, "AbC", NULL), 7);
	CHECK_INT(catalog_query_find(q, CATALOG_UUID, "abc", NULL), -1);
	CHECK_INT(catalog_query_find(q, CATALOG_BRAND, "bad\xff", NULL), -1);

	/* A copy is the same query, and outlives the original. */
	r = catalog_query_copy(q);
	CHECK(check_same_terms(q, r));
	catalog_query_free(q);
	CHECK(r->terms[5].pub.value == r->terms[5].value);
	CHECK_STR(r->terms[5].folded, "chlo\xc3\xa9");
	check_text(r, "brand:BDG -color:Black label:Denim>=90 text:W3* "
	    "date:2024-03 brand:Chlo\xc3\xa9 label:Denim uuid:AbC");
	catalog_query_free(r);
}

int
main(void)
{
	struct catalog_query *q;
	const struct query_term *t;

	q = check_parse("", 0);
	catalog_query_free(q);
	q = check_parse("   \t ", 0);
	catalog_query_free(q);

	q = check_parse("brand:BDG brand:Zara type:Jeans -color:black", 4);
	if (q != NULL) {
		t = &q->terms[3];
		CHECK(t->pub.field == CATALOG_COLOR && t->pub.negated);
		CHECK_STR(t->folded, "black");
		CHECK_INT(q->terms[1].pub.offset, 10);
		CHECK_INT(q->terms[1].pub.length, 10);
		catalog_query_free(q);
	}
	q = check_parse("brand:\"Levi's\" brand:\"Comme des Gar\xc3\xa7ons\" "
	    "brand:\"say \\\"hi\\\"\"", 3);
	if (q != NULL) {
		CHECK_STR(q->terms[0].value, "Levi's");
		CHECK_STR(q->terms[1].folded, "comme des gar\xc3\xa7ons");
		CHECK_STR(q->terms[2].value, "say \"hi\"");
		catalog_query_free(q);
	}
	q = check_parse("label:Jeans>=90 label:\"Mobile Phone\">=12.5 label:Shoe", 3);
	if (q != NULL) {
		CHECK(q->terms[0].pub.has_min_confidence &&
		    q->terms[0].pub.min_confidence == 90);
		CHECK_STR(q->terms[1].value, "Mobile Phone");
		CHECK(q->terms[1].pub.min_confidence == 12.5);
		CHECK(!q->terms[2].pub.has_min_confidence);
		catalog_query_free(q);
	}
	q = check_parse("text:W3* text:\"W3*\" BDG Jeans*", 4);
	if (q != NULL) {
		CHECK(q->terms[0].pub.prefix);
		CHECK_STR(q->terms[0].folded_stem, "w3");
		CHECK(!q->terms[1].pub.prefix);     /* quoted: literal '*' */
		CHECK(q->terms[2].pub.field == CATALOG_ANY);
		CHECK(q->terms[3].folded_prefix);
		catalog_query_free(q);
	}
	q = check_parse("date:2024-03-27 date:2024-02 date:2023 "
	    "date:2024-01..2024-02-10 uuid:0c30e823d3037ea7", 5);
	if (q != NULL) {
		CHECK_INT(q->terms[0].date_lo, 1711497600000LL);
		CHECK_INT(q->terms[0].date_hi, 1711583999999LL);
		CHECK_INT(q->terms[1].date_lo, 1706745600000LL);  /* 2024-02-01 */
		CHECK_INT(q->terms[1].date_hi, 1709251199999LL);  /* 2024-02-29 end */
		CHECK_INT(q->terms[2].date_lo, 1672531200000LL);
		CHECK_INT(q->terms[2].date_hi, 1704067199999LL);
		CHECK_INT(q->terms[3].date_lo, 1704067200000LL);
		CHECK_INT(q->terms[3].date_hi, 1707609599999LL);
		CHECK_STR(q->terms[4].value, "0c30e823d3037ea7");
		catalog_query_free(q);
	}

	/* Errors: position (1-based column) and what was expected. */
	check_error("brand:\"Levi's", 7, "unbalanced quote");
	check_error("type:Jeans \"oops", 12, "unbalanced quote");
	check_error("brand:", 7, "empty value");
	check_error("brand:\"\"", 7, "empty value");
	check_error("foo:bar", 1, "unknown field 'foo'");
	check_error("type:Jeans Brand:BDG", 12, "unknown field 'Brand'");
	check_error("label:x>=abc", 10, "confidence from 0 to 100");
	check_error("label:x>=", 10, "confidence from 0 to 100");
	check_error("label:x>=101", 10, "confidence from 0 to 100");
	check_error("type:Jeans>=50", 11, "only allowed after label");
	check_error("date:2024-99", 6, "month from 01 to 12");
	check_error("date:2023-02-29", 6, "day that exists");
	check_error("date:24", 6, "a year");
	check_error("date:2024-05..2024-01", 6, "ends before it starts");
	check_error("date:2024..x", 12, "bad range end");
	check_error("-", 2, "expected a term after '-'");
	check_error("text:*", 6, "empty value before '*'");
	check_error("brand:x *", 9, "empty value before '*'");
	check_error("brand:\"BDG\"x", 12, "expected a space");
	check_error("ab\"cd", 3, "unexpected '\"'");
	/* Columns count characters, not bytes. */
	check_error("Chlo\xc3\xa9 foo:x", 7, "unknown field");

	check_terms();
	CHECK_DONE();
}
