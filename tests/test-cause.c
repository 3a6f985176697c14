/*
 * test-cause.c - catalog.h's promise that "char **cause" may be NULL: each
 * public catalog function that takes a cause is called with NULL on a
 * path where it fails, and must fail cleanly (under ASan: no crash, no
 * leak). Most reads fail the same way, when the call's read transaction
 * cannot start; the test forces that by leaving the handle's transaction
 * active (catalog_internal.h), which mdb_txn_renew() refuses.
 */
#include "catalog.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../index/catalog_internal.h"
#include "check.h"

static char tmpdir[] = "/tmp/rummage-test-cause-XXXXXX";

/* Write text to tmpdir/name. */
static void
write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	if (f == NULL)
		abort();
	fputs(text, f);
	fclose(f);
}

/* A build of dir into db; false (cause NULL) when it cannot be made. */
static bool
build(const char *db, const char *dir)
{
	struct catalog_build_options o;
	const char *inputs[1] = { dir };

	memset(&o, 0, sizeof o);
	o.db_path = db;
	o.inputs = inputs;
	o.ninputs = 1;
	o.threads = 1;
	return catalog_build(&o, NULL, NULL);
}

/* Every read of cat fails: its transaction is left active. */
static void
test_reads(struct catalog *cat, struct catalog_result *res)
{
	struct catalog_query *q = catalog_query_parse("brand:acme", NULL);
	struct catalog_row row;
	int64_t *ts = NULL;
	uint8_t *photos = NULL;
	uint64_t with = 0, in_text = 0, hist[4] = { 0 };
	void *jpeg = NULL;
	size_t len = 0;

	CHECK(q != NULL);
	CHECK(mdb_txn_renew(cat->txn) == 0);
	CHECK(catalog_query_run(cat, q, 50, CATALOG_NONE, NULL) == NULL);
	CHECK(!catalog_result_sort(cat, res, CATALOG_SORT_PHOTOS, NULL));
	CHECK(catalog_facet_count(cat, res, CATALOG_BRAND, 50, 0, NULL) == NULL);
	CHECK(catalog_item_get(cat, 0, NULL) == NULL);
	CHECK(!catalog_row_get(cat, 0, 50, &row, NULL));
	CHECK(!catalog_thumb_get(cat, 0, 0, &jpeg, &len, NULL));
	CHECK(!catalog_result_timestamps(cat, res, &ts, NULL) && ts == NULL);
	CHECK(!catalog_result_photo_counts(cat, res, &photos, NULL) &&
	    photos == NULL);
	CHECK(!catalog_result_brand_in_text(cat, res, &with, &in_text, NULL));
	CHECK(!catalog_label_histogram(cat, res, "Jeans", 4, hist, NULL));
	{
		char uuid[65];
		struct catalog_search_options so = { .threshold = 50,
		    .limit = 5, .disjunctive = true,
		    .facets = catalog_facet_fields() };
		CHECK(catalog_search(cat, q, &so, NULL) == NULL);
		CHECK(!catalog_item_uuid(cat, 0, uuid, NULL));
	}
	mdb_txn_reset(cat->txn);
	catalog_query_free(q);
}

int
main(void)
{
	struct catalog_result *res;
	struct catalog_query *q;
	struct catalog_info info;
	struct catalog_row row;
	struct catalog *cat;
	char db[512], dir[512], missing[512], file[512];
	void *jpeg = NULL;
	size_t len = 0;

	if (mkdtemp(tmpdir) == NULL)
		return 1;
	snprintf(dir, sizeof dir, "%s/in", tmpdir);
	snprintf(db, sizeof db, "%s/t.db", tmpdir);
	snprintf(missing, sizeof missing, "%s/missing", tmpdir);
	snprintf(file, sizeof file, "%s/not-an-index", tmpdir);

	/* Building from nothing, opening what is not an index. */
	CHECK(!build(db, missing));
	CHECK(catalog_open(missing, NULL) == NULL);
	write_file("not-an-index", "this is not an LMDB file, though long "
	    "enough to be read as one's header...............................");
	CHECK(catalog_open(file, NULL) == NULL);
	CHECK(catalog_open(tmpdir, NULL) == NULL);

	/* A good index: lookups of what it does not hold fail. */
	mkdir(dir, 0755);
	write_file("in/part-00000.json", "{\"uuid\":\"a\",\"timestamp\":"
	    "\"2024-01-01T00:00:00Z\",\"brands\":[\"Acme\"]}\n");
	CHECK(build(db, dir));
	cat = catalog_open(db, NULL);
	CHECK(cat != NULL);
	if (cat == NULL)
		CHECK_DONE();
	/* No failing path: it copies what catalog_open read. */
	CHECK(catalog_info_get(cat, &info, NULL));
	catalog_info_fini(&info);
	CHECK(catalog_item_get(cat, 7, NULL) == NULL);
	CHECK(!catalog_row_get(cat, 7, 50, &row, NULL));
	{
		char uuid[65];
		CHECK(!catalog_item_uuid(cat, 7, uuid, NULL));
	}
	CHECK(!catalog_thumb_get(cat, 0, 3, &jpeg, &len, NULL) && jpeg == NULL);
	q = catalog_query_parse("", NULL);
	res = q != NULL ? catalog_query_run(cat, q, 50, CATALOG_NONE, NULL) : NULL;
	CHECK(res != NULL);
	if (res != NULL) {
		CHECK(catalog_facet_count(cat, res, CATALOG_NONE, 50, 0, NULL) ==
		    NULL);
		CHECK(catalog_facet_count(cat, res, CATALOG_UUID, 50, 0, NULL) ==
		    NULL);
		/* Every read, when the read transaction cannot start. */
		test_reads(cat, res);
		/* And the handle still works afterwards. */
		CHECK(catalog_result_sort(cat, res, CATALOG_SORT_BRAND, NULL));
	}
	catalog_result_free(res);
	catalog_query_free(q);
	catalog_free(cat);

	unlink(db);
	snprintf(file, sizeof file, "%s.rejects", db);
	unlink(file);
	snprintf(file, sizeof file, "%s/in/part-00000.json", tmpdir);
	unlink(file);
	rmdir(dir);
	snprintf(file, sizeof file, "%s/not-an-index", tmpdir);
	unlink(file);
	rmdir(tmpdir);
	CHECK_DONE();
}
