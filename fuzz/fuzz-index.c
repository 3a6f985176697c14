/*
 * libFuzzer harness: whole index files. Each input is written to a file
 * and opened; an index that opens and passes catalog_check() (rummage
 * info --check) is then read by every path the CLI and the browser use:
 * info, queries of every field, the five facets at two thresholds, the
 * sorts, rows, items, thumbnails and the chart columns. Nothing may
 * crash, leak or read out of bounds, whatever catalog_open() or
 * catalog_check() accept.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read every item of res: rows, whole items, thumbnails (bounded). */
static void
fuzz_index_items(struct catalog *cat, struct catalog_result *res)
{
	uint32_t ids[8];
	size_t n = catalog_result_ids(res, 0, 8, ids);
	char *cause = NULL;

	for (size_t i = 0; i < n; i++) {
		struct catalog_row row;
		struct catalog_item *it;
		void *jpeg;
		size_t len;

		if (catalog_row_get(cat, ids[i], 50, &row, &cause))
			catalog_row_fini(&row);
		free(cause);
		cause = NULL;
		if ((it = catalog_item_get(cat, ids[i], &cause)) != NULL) {
			uint32_t id;
			if (it->uuid[0] != '\0' && catalog_item_find(cat, it->uuid,
			    &id) && id >= catalog_item_count(cat))
				abort();
			for (unsigned k = 0; k < it->nphotos && k < 4; k++) {
				if (catalog_thumb_get(cat, ids[i], k, &jpeg, &len,
				    &cause))
					free(jpeg);
				free(cause);
				cause = NULL;
			}
			catalog_item_free(it);
		}
		free(cause);
		cause = NULL;
	}
}

/* Run one query with facets, sorts and chart columns. */
static void
fuzz_index_query(struct catalog *cat, const char *text)
{
	struct catalog_query *q = catalog_query_parse(text, NULL);
	struct catalog_result *res;
	char *cause = NULL;
	int64_t *ts;
	uint8_t *photos;
	uint64_t hist[10], a, b;

	if (q == NULL)
		abort();
	if ((res = catalog_query_run(cat, q, 50, CATALOG_NONE, &cause)) == NULL)
		goto out;
	if (catalog_result_count(res) > catalog_item_count(cat))
		abort();
	for (int f = 0; f < CATALOG_FIELD_COUNT; f++) {
		if (catalog_field_desc((enum catalog_field)f)->facet ==
		    CATALOG_FACET_NONE)
			continue;
		for (int t = 0; t < 2; t++) {
			struct catalog_facet *facet = catalog_facet_count(cat, res,
			    (enum catalog_field)f, t == 0 ? 50 : 20.5, t == 0 ? 3 : 0,
			    &cause);
			free(cause);
			cause = NULL;
			catalog_facet_free(facet);
		}
	}
	for (int s = CATALOG_SORT_BRAND; s >= CATALOG_SORT_NEWEST; s--) {
		if (catalog_result_sort(cat, res, (enum catalog_sort)s, &cause))
			fuzz_index_items(cat, res);
		free(cause);
		cause = NULL;
	}
	if (catalog_result_timestamps(cat, res, &ts, &cause))
		free(ts);
	free(cause);
	cause = NULL;
	if (catalog_result_photo_counts(cat, res, &photos, &cause))
		free(photos);
	free(cause);
	cause = NULL;
	catalog_result_brand_in_text(cat, res, &a, &b, &cause);
	free(cause);
	cause = NULL;
	catalog_label_histogram(cat, res, "jeans", 10, hist, &cause);
	free(cause);
	cause = NULL;
	{
		/* The whole answer, the uuid column, a crosstab, a record line. */
		/* top_only: a damaged index also meets the text walk. */
		struct catalog_search_options so = { .threshold = 50,
		    .limit = 4, .facet_limit = 3, .disjunctive = true,
		    .facets = catalog_facet_fields(), .timeline = 60,
		    .agreement = 10, .top_only = true };
		struct catalog_answer *ans = catalog_search(cat, q, &so, &cause);
		struct catalog_crosstab *x;
		char uuid[65];
		size_t len;
		char *line;

		free(cause);
		cause = NULL;
		for (size_t i = 0; ans != NULL && i < ans->nids; i++) {
			catalog_item_uuid(cat, ans->ids[i], uuid, &cause);
			free(cause);
			cause = NULL;
			if ((line = catalog_item_line(cat, ans->ids[i], &len,
			    &cause)) != NULL)
				free(line);
			free(cause);
			cause = NULL;
		}
		catalog_answer_free(ans);
		x = catalog_crosstab(cat, res, CATALOG_BRAND, CATALOG_OCR, 50, 3,
		    2, &cause);
		catalog_crosstab_free(x);
		free(cause);
		cause = NULL;
	}
out:
	free(cause);
	catalog_result_free(res);
	catalog_query_free(q);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const queries[] = { "", "jeans", "brand:bdg",
	    "label:jeans>=10 -color:black", "text:w3*", "date:2023..2024",
	    "uuid:a1", "size:w31 type:dress", "brands:bdg -ocr:brand",
	    "hour:22..5 weekday:sat..sun" };
	static char path[64];
	struct catalog *cat;
	struct catalog_info info;
	char *cause = NULL;
	int fd;

	if (path[0] == '\0')
		snprintf(path, sizeof path, "/tmp/rummage-fuzz-index-%ld.db",
		    (long)getpid());
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    write(fd, data, size) != (ssize_t)size || close(fd) != 0)
		abort();
	if ((cat = catalog_open(path, &cause)) == NULL) {
		if (cause == NULL || *cause == '\0')
			abort(); /* every refusal must say why */
		free(cause);
		return 0;
	}
	if (!catalog_check(cat, &cause)) {
		if (cause == NULL)
			abort();
		free(cause);
		catalog_free(cat);
		return 0;
	}
	if (catalog_info_get(cat, &info, &cause))
		catalog_info_fini(&info);
	free(cause);
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
		fuzz_index_query(cat, queries[i]);
	catalog_free(cat);
	return 0;
}
