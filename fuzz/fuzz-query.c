/*
 * libFuzzer harness: the query parser, and every query that parses run
 * against a small index built once at start-up, with all five facets.
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
				struct catalog_search_options so = { threshold,
				    CATALOG_SORT_NEWEST, 0, 4, 0, true,
				    catalog_facet_fields() };
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
