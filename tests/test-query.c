/*
 * Unit tests of index/query.c: terms, quoting, thresholds, dates, and
 * the position and message of every kind of malformed query.
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
	CHECK_DONE();
}
