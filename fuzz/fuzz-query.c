/*
 * libFuzzer harness: the query parser; every query that parses printed
 * back and edited as terms (index/terms.c), and run against a small index
 * built once at start-up, with every facet.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct catalog *fuzz_cat;

/* Build the index the queries run against (once per process). */
static void
fuzz_query_setup(void)
{
	static const char records[] =
	    "{\"uuid\":\"a1\",\"timestamp\":\"2024-03-27T13:41:53.182Z\",\"brands\":[\"BDG\"],"
	    "\"productTypes\":[\"Jeans\"],\"colors\":[\"blue\"],\"sizes\":[\"W31\"],"
	    "\"images\":[{\"labels\":[{\"name\":\"Jeans\",\"confidence\":99.98},"
	    "{\"name\":\"Clothing\",\"confidence\":50}],\"text\":[{\"text\":\"BDG\","
	    "\"confidence\":100},{\"text\":\"W31\",\"confidence\":49.5}]}]}\n"
	    "{\"uuid\":\"b2\",\"timestamp\":\"2023-12-31T23:59:59+01:00\",\"brands\":[\"Chlo\xc3\xa9\"],"
	    "\"productTypes\":[\"Dress\"],\"colors\":[\"black\"],"
	    "\"images\":[{\"labels\":[{\"name\":\"Dress\",\"confidence\":80.25}],"
	    "\"text\":[{\"text\":\"CHLO\xc3\x89\",\"confidence\":70}]}]}\n"
	    "{\"uuid\":\"c3\",\"timestamp\":\"2024-02-29T00:00:00Z\",\"brands\":[\"Levi's\"]}\n";
	char dir[] = "/tmp/rummage-fuzz-query-XXXXXX", path[128], db[128];
	const char *inputs[1];
	struct catalog_build_options o;
	char *cause = NULL;
	FILE *f;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/part-00000.json", dir);
	snprintf(db, sizeof db, "%s/q.db", dir);
	if ((f = fopen(path, "w")) == NULL)
		abort();
	fputs(records, f);
	fclose(f);
	memset(&o, 0, sizeof o);
	inputs[0] = dir;
	o.db_path = db;
	o.inputs = inputs;
	o.ninputs = 1;
	o.threads = 1;
	if (!catalog_build(&o, NULL, &cause) ||
	    (fuzz_cat = catalog_open(db, &cause)) == NULL) {
		fprintf(stderr, "fuzz-query: %s\n", cause);
		abort();
	}
}

/* a and b have the same terms (what index/terms.c must keep). */
static bool
fuzz_query_same(const struct catalog_query *a, const struct catalog_query *b)
{
	size_t n = catalog_query_term_count(a);

	if (b == NULL || catalog_query_term_count(b) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		const struct catalog_term *x = catalog_query_term(a, i);
		const struct catalog_term *y = catalog_query_term(b, i);

		if (x->field != y->field || x->negated != y->negated ||
		    x->prefix != y->prefix ||
		    x->has_min_confidence != y->has_min_confidence ||
		    x->min_confidence != y->min_confidence ||
		    strcmp(x->value, y->value) != 0)
			return false;
	}
	return true;
}

/*
 * The canonical text of q parses to the same terms and is its own
 * canonical text; removing, negating and adding back each term gives a
 * query that parses.
 */
static void
fuzz_query_terms(const struct catalog_query *q)
{
	char *text = catalog_query_format(q), *again;
	struct catalog_query *q2 = catalog_query_parse(text, NULL), *e, *r;

	if (!fuzz_query_same(q, q2))
		abort();
	again = catalog_query_format(q2);
	if (strcmp(text, again) != 0)
		abort();
	e = catalog_query_parse("", NULL);
	for (size_t i = 0; i < catalog_query_term_count(q); i++) {
		const struct catalog_term *t = catalog_query_term(q, i);

		if ((r = catalog_query_remove(q, i)) == NULL ||
		    catalog_query_term_count(r) + 1 != catalog_query_term_count(q))
			abort();
		catalog_query_free(r);
		if ((r = catalog_query_toggle(q, i)) == NULL ||
		    catalog_query_term(r, i)->negated == t->negated)
			abort();
		catalog_query_free(r);
		/* Added as data (never a prefix), it is found again. */
		if ((r = catalog_query_add(e, t->field, t->value,
		    t->negated)) == NULL ||
		    catalog_query_find(r, t->field, t->value, NULL) != 0)
			abort();
		catalog_query_free(r);
	}
	catalog_query_free(e);
	catalog_query_free(q2);
	free(again);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct catalog_query_error err;
	struct catalog_query *q;

	if (fuzz_cat == NULL)
		fuzz_query_setup();
	q = catalog_query_parse(text, &err);
	if (q == NULL) {
		/* An error always points inside (or just past) the text. */
		if (err.offset > strlen(text) || err.message[0] == '\0')
			abort();
	} else {
		fuzz_query_terms(q);
		for (int pass = 0; pass < 2; pass++) {
			double threshold = pass == 0 ? CATALOG_DEFAULT_THRESHOLD : 70;
			struct catalog_result *res = catalog_query_run(fuzz_cat, q,
			    threshold, CATALOG_NONE, NULL);
			uint32_t ids[4];
			if (res == NULL)
				abort();
			if (catalog_result_count(res) > catalog_item_count(fuzz_cat))
				abort();
			catalog_result_ids(res, 0, 4, ids);
			catalog_result_free(res);
			{
				/* The whole answer, disjunctive, every facet. */
				struct catalog_search_options so = {
				    .threshold = threshold, .limit = 4,
				    .disjunctive = true,
				    .facets = catalog_facet_fields() };
				struct catalog_answer *a = catalog_search(fuzz_cat, q,
				    &so, NULL);
				if (a == NULL || a->total > catalog_item_count(fuzz_cat))
					abort();
				catalog_answer_free(a);
			}
		}
		catalog_query_free(q);
	}
	free(text);
	return 0;
}
