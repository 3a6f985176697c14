/*
 * Build small indexes through catalog_build() and read them back through
 * catalog.h: dedup order, accounting, result order, queries, facets,
 * thumbnails (good, missing and hostile photos), atomic replacement.
 */
#include "buf.h"
#include "catalog.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lmdb.h>

#include "buf.h"
#include "check.h"
#include "gen.h"
#include "image.h"

static char tmpdir[] = "/tmp/rummage-test-catalog-XXXXXX";

static void
write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static struct catalog *
build_and_open(const char *db, const char *input, int thumbs,
    struct catalog_accounting *a)
{
	struct catalog_build_options o;
	const char *inputs[1] = { input };
	char *cause = NULL;
	struct catalog *cat;

	memset(&o, 0, sizeof o);
	o.db_path = db;
	o.inputs = inputs;
	o.ninputs = 1;
	o.thumb_size = thumbs;
	o.threads = 2;
	if (!catalog_build(&o, a, &cause)) {
		fprintf(stderr, "build failed: %s\n", cause);
		free(cause);
		check_failures++;
		return NULL;
	}
	if ((cat = catalog_open(db, &cause)) == NULL) {
		fprintf(stderr, "open failed: %s\n", cause);
		free(cause);
		check_failures++;
	}
	return cat;
}

/* Set the stored schema version of the index at db (an older build's). */
static void
set_schema(const char *db, uint32_t version)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val key = { 6, "schema" }, val = { sizeof version, &version };

	CHECK(mdb_env_create(&env) == 0);
	CHECK(mdb_env_set_maxdbs(env, 16) == 0);
	CHECK(mdb_env_open(env, db, MDB_NOSUBDIR | MDB_NOLOCK, 0644) == 0);
	CHECK(mdb_txn_begin(env, NULL, 0, &txn) == 0);
	CHECK(mdb_dbi_open(txn, "meta", 0, &dbi) == 0);
	CHECK(mdb_put(txn, dbi, &key, &val, 0) == 0);
	CHECK(mdb_txn_commit(txn) == 0);
	mdb_env_close(env);
}

/*
 * A damaged timestamp column (the newest item's time far past 9999):
 * catalog_timeline says the index is damaged instead of allocating a
 * day counter for the span.
 */
static void
test_timeline_damaged(const char *db, const char *dir)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val key = { 2, "ts" }, val;
	int64_t huge = INT64_MAX / 2;
	struct catalog *cat;
	struct catalog_query *q = catalog_query_parse("", NULL);
	struct catalog_result *res;
	struct catalog_timeline *t;
	char *copy, *cause = NULL;

	if ((cat = build_and_open(db, dir, 0, NULL)) == NULL) {
		catalog_query_free(q);
		return;
	}
	catalog_free(cat);
	CHECK(mdb_env_create(&env) == 0);
	CHECK(mdb_env_set_maxdbs(env, 16) == 0);
	CHECK(mdb_env_open(env, db, MDB_NOSUBDIR | MDB_NOLOCK, 0644) == 0);
	CHECK(mdb_txn_begin(env, NULL, 0, &txn) == 0);
	CHECK(mdb_dbi_open(txn, "columns", 0, &dbi) == 0);
	CHECK(mdb_get(txn, dbi, &key, &val) == 0);
	copy = malloc(val.mv_size);
	memcpy(copy, val.mv_data, val.mv_size);
	memcpy(copy, &huge, sizeof huge);  /* id 0 is the newest */
	val.mv_data = copy;
	CHECK(mdb_put(txn, dbi, &key, &val, 0) == 0);
	CHECK(mdb_txn_commit(txn) == 0);
	mdb_env_close(env);
	free(copy);

	if ((cat = catalog_open(db, &cause)) == NULL) {
		fprintf(stderr, "open failed: %s\n", cause);
		check_failures++;
		free(cause);
		catalog_query_free(q);
		return;
	}
	res = catalog_query_run(cat, q, 50, CATALOG_NONE, NULL);
	CHECK(res != NULL);
	t = catalog_timeline(cat, res, 100, &cause);
	CHECK(t == NULL);
	CHECK(cause != NULL && strstr(cause, "damaged") != NULL);
	free(cause);
	catalog_timeline_free(t);
	catalog_result_free(res);
	catalog_query_free(q);
	catalog_free(cat);
}

/* The count of value v in facet f of an answer; -1 when absent. */
static long long
facet_count(const struct catalog_answer *a, enum catalog_field f,
    const char *v)
{
	const struct catalog_facet *facet = a->facets[f];

	for (size_t i = 0; facet != NULL && i < facet->n; i++)
		if (strcmp(facet->values[i].value, v) == 0)
			return (long long)facet->values[i].count;
	return -1;
}

static uint64_t run(struct catalog *cat, const char *text, char first[65]);

/* Any-rank fields, the text facet, disjunctive answers, an old schema. */
static void
test_fields(const char *db, const char *dir)
{
	struct catalog *cat;
	struct catalog_query *q;
	struct catalog_answer *a;
	struct catalog_search_options so = {
	    .threshold = CATALOG_DEFAULT_THRESHOLD, .limit = 10,
	    .disjunctive = true };
	char first[65], *cause = NULL;

#define PHOTO(texts) ",\"images\":[{\"text\":[" texts "]}]"
#define T(s, c) "{\"text\":\"" s "\",\"confidence\":" #c "}"
	write_file("in/part-00001.json", "");
	write_file("in/part-00000.json",
	    "{\"uuid\":\"a\",\"timestamp\":\"2024-03-01T00:00:00Z\","
	    "\"brands\":[\"Zara\",\"\",\"Mango\"],\"colors\":[\"black\"]"
	    PHOTO(T("ZARA", 90) "," T("zara", 40) "," T("EU", 70)) "}\n"
	    "{\"uuid\":\"b\",\"timestamp\":\"2024-02-01T00:00:00Z\","
	    "\"brands\":[\"Mango\",\"Zara\"],\"colors\":[\"white\"]"
	    PHOTO(T("MANGO", 95) "," T("EU", 45)) "}\n"
	    "{\"uuid\":\"c\",\"timestamp\":\"2024-02-15T00:00:00Z\","
	    "\"brands\":[\"H&M\"],\"colors\":[\"black\"]"
	    PHOTO(T("EU", 99)) "}\n");
#undef T
#undef PHOTO
	if ((cat = build_and_open(db, dir, 0, NULL)) == NULL)
		return;
	/* brand: is the top-1, brands: any rank (the empty entry is skipped). */
	CHECK_INT(run(cat, "brand:mango", first), 1);
	CHECK_INT(run(cat, "brands:mango", first), 2);
	CHECK_INT(run(cat, "brands:zara brands:h&m", first), 3);
	CHECK_INT(run(cat, "brands:zara -brand:zara", first), 1);
	CHECK_STR(first, "b");
	CHECK_INT(run(cat, "brands:mango brand:zara", first), 1);

	/* The timeline: the finest unit that fits, and its date: terms. */
	q = catalog_query_parse("", NULL);
	so.timeline = 100;
	so.agreement = 10;
	if ((a = catalog_search(cat, q, &so, &cause)) != NULL) {
		struct catalog_timeline *t = a->timeline;
		char *term = catalog_timeline_term(t, 29, 0);

		CHECK_INT(t->unit, CATALOG_UNIT_DAY);
		CHECK_INT(t->n, 30);              /* 2024-02-01 .. 2024-03-01 */
		CHECK_STR(t->buckets[0].from, "2024-02-01");
		CHECK_INT(t->buckets[0].count, 1);
		CHECK_INT(t->buckets[1].count, 0);
		CHECK_INT(t->buckets[14].count, 1);
		CHECK_STR(t->buckets[29].to, "2024-03-01");
		CHECK_STR(term, "date:2024-02-01..2024-03-01");
		free(term);
		term = catalog_timeline_term(t, 14, 14);
		CHECK_STR(term, "date:2024-02-15");
		free(term);
		CHECK(catalog_timeline_term(t, 30, 0) == NULL);
		CHECK_INT(t->hours[0], 3);
		CHECK_INT(t->weekdays[3], 2);     /* two Thursdays, a Friday */
		CHECK_INT(t->weekdays[4], 1);
		/* Brands with fewer than 5 items are left out. */
		CHECK_INT(a->agreement->n, 0);
		CHECK_INT(a->agreement->brands, 3);
		catalog_answer_free(a);
	}
	if ((a = catalog_search(cat, q, &so, &cause)) != NULL) {
		/* Agreement: H&M's text never says H&M; lowest first. */
		struct catalog_agreement *g = catalog_ocr_agreement(cat,
		    a->result, 50, 10, 1, &cause);

		CHECK_INT(g->n, 3);
		CHECK_STR(g->rows[0].brand, "H&M");
		CHECK_INT(g->rows[0].confirmed, 0);
		CHECK_STR(g->rows[0].term, "brand:H&M");
		CHECK_STR(g->rows[1].brand, "Mango");
		CHECK_INT(g->rows[2].confirmed, 1);
		catalog_agreement_free(g);
		catalog_answer_free(a);
	}
	so.timeline = 5;
	if ((a = catalog_search(cat, q, &so, &cause)) != NULL) {
		char *term = catalog_timeline_term(a->timeline, 0, 4);

		CHECK_INT(a->timeline->unit, CATALOG_UNIT_WEEK);
		CHECK_INT(a->timeline->n, 5);      /* Mondays 01-29 .. 02-26 */
		CHECK_STR(term, "date:2024-01-29..2024-03-03");
		CHECK_INT(a->timeline->buckets[2].count, 1);
		free(term);
		catalog_answer_free(a);
	}
	so.timeline = 1;
	if ((a = catalog_search(cat, q, &so, &cause)) != NULL) {
		char *term = catalog_timeline_term(a->timeline, 0, 0);

		CHECK_INT(a->timeline->unit, CATALOG_UNIT_MONTH);
		CHECK_INT(a->timeline->per, 2);
		CHECK_INT(a->timeline->buckets[0].count, 3);
		CHECK_STR(term, "date:2024-02..2024-03");
		free(term);
		catalog_answer_free(a);
	}
	CHECK(cause == NULL);
	catalog_query_free(q);
	/* The hour: and weekday: terms of the clock charts' picks. */
	{
		char v[4], *term;

		catalog_clock_value(CATALOG_HOUR, 7, v);
		CHECK_STR(v, "07");
		catalog_clock_value(CATALOG_WEEKDAY, 6, v);
		CHECK_STR(v, "sun");
		catalog_clock_value(CATALOG_BRAND, 1, v);
		CHECK_STR(v, "");
		term = catalog_clock_term(CATALOG_HOUR, 18, 20);
		CHECK_STR(term, "hour:18..20");
		free(term);
		term = catalog_clock_term(CATALOG_WEEKDAY, 5, 5);
		CHECK_STR(term, "weekday:sat");
		free(term);
		CHECK(catalog_clock_term(CATALOG_HOUR, 3, 24) == NULL);
		CHECK(catalog_clock_term(CATALOG_WEEKDAY, 4, 2) == NULL);
	}

	so.facets = catalog_facet_fields();
	q = catalog_query_parse("brand:zara brand:mango -color:white", NULL);
	CHECK(q != NULL);
	a = q != NULL ? catalog_search(cat, q, &so, &cause) : NULL;
	CHECK(a != NULL);
	if (a != NULL) {
		CHECK_INT(a->total, 1);
		CHECK_INT(a->nids, 1);
		/* Disjunctive: brand counted without brand:, with -color:white. */
		CHECK(a->disjunctive[CATALOG_BRAND]);
		CHECK(!a->disjunctive[CATALOG_COLOR]);
		CHECK_INT(facet_count(a, CATALOG_BRAND, "Zara"), 1);
		CHECK_INT(facet_count(a, CATALOG_BRAND, "H&M"), 1);
		CHECK_INT(facet_count(a, CATALOG_BRAND, "Mango"), -1);
		/* Text: once per item, at >= 50 (EU at 45 does not count). */
		CHECK_INT(facet_count(a, CATALOG_TEXT, "ZARA"), 1);
		CHECK_INT(facet_count(a, CATALOG_TEXT, "EU"), 1);
		CHECK_INT(facet_count(a, CATALOG_DATE, "2024-03"), 1);
		catalog_answer_free(a);
	}
	catalog_query_free(q);
	/* The whole index: more than half, so counted from the totals. */
	q = catalog_query_parse("", NULL);
	so.threshold = 40;
	a = catalog_search(cat, q, &so, &cause);
	CHECK(a != NULL);
	if (a != NULL) {
		CHECK_INT(facet_count(a, CATALOG_TEXT, "EU"), 3);
		CHECK_INT(facet_count(a, CATALOG_TEXT, "ZARA"), 1);
		CHECK_INT(facet_count(a, CATALOG_DATE, "2024-02"), 2);
		CHECK_STR(a->facets[CATALOG_DATE]->values[0].value, "2024-03");
		catalog_answer_free(a);
	}
	so.threshold = CATALOG_DEFAULT_THRESHOLD;
	so.facet_limit = 1;
	a = catalog_search(cat, q, &so, &cause);
	CHECK(a != NULL);
	if (a != NULL) {
		CHECK_INT(a->facets[CATALOG_TEXT]->n, 1);
		CHECK_STR(a->facets[CATALOG_TEXT]->values[0].value, "EU");
		CHECK_INT(a->facets[CATALOG_TEXT]->values[0].count, 2);
		CHECK_INT(a->facets[CATALOG_TEXT]->distinct, 3);
		catalog_answer_free(a);
	}
	/*
	 * top_only walks the fragments most frequent first: the same top
	 * values and counts (ties by value order: MANGO before ZARA), for
	 * the whole index and for a part of it.
	 */
	so.top_only = true;
	so.facet_limit = 2;
	a = catalog_search(cat, q, &so, &cause);
	CHECK(a != NULL);
	if (a != NULL) {
		CHECK_INT(a->facets[CATALOG_TEXT]->n, 2);
		CHECK_STR(a->facets[CATALOG_TEXT]->values[0].value, "EU");
		CHECK_INT(a->facets[CATALOG_TEXT]->values[0].count, 2);
		CHECK_STR(a->facets[CATALOG_TEXT]->values[1].value, "MANGO");
		CHECK_INT(a->facets[CATALOG_TEXT]->values[1].count, 1);
		catalog_answer_free(a);
	}
	catalog_query_free(q);
	q = catalog_query_parse("color:black", NULL);
	a = catalog_search(cat, q, &so, &cause);
	CHECK(a != NULL);
	if (a != NULL) {
		CHECK_INT(a->total, 2);
		CHECK_INT(a->facets[CATALOG_TEXT]->n, 2);
		CHECK_STR(a->facets[CATALOG_TEXT]->values[0].value, "EU");
		CHECK_INT(a->facets[CATALOG_TEXT]->values[0].count, 2);
		CHECK_STR(a->facets[CATALOG_TEXT]->values[1].value, "ZARA");
		CHECK_INT(a->facets[CATALOG_TEXT]->values[1].count, 1);
		catalog_answer_free(a);
	}
	so.top_only = false;
	catalog_query_free(q);
	catalog_free(cat);

	/*
	 * 300 fragments held by one item each: the walk cannot end early
	 * (every count ties), gives up after 256 and tallies; the top values
	 * are then the same as without top_only (ties by value order).
	 */
	{
		struct buf recs;

		buf_init(&recs);
		for (int i = 0; i < 300; i++)
			buf_addf(&recs, "{\"uuid\":\"w%03d\",\"timestamp\":"
			    "\"2024-03-01T00:00:00Z\",\"images\":[{\"text\":[{"
			    "\"text\":\"F%03d\",\"confidence\":90}]}]}\n", i, i);
		buf_addc(&recs, '\0');
		write_file("in/part-00000.json", recs.data);
		buf_fini(&recs);
	}
	if ((cat = build_and_open(db, dir, 0, NULL)) == NULL)
		return;
	q = catalog_query_parse("", NULL);
	so.facet_limit = 3;
	struct catalog_answer *b;
	so.top_only = true;
	a = catalog_search(cat, q, &so, &cause);
	so.top_only = false;
	b = catalog_search(cat, q, &so, &cause);
	CHECK(a != NULL && b != NULL);
	if (a != NULL && b != NULL) {
		CHECK_INT(a->facets[CATALOG_TEXT]->n, 3);
		CHECK_INT(b->facets[CATALOG_TEXT]->n, 3);
		for (size_t i = 0; i < 3; i++) {
			CHECK_STR(a->facets[CATALOG_TEXT]->values[i].value,
			    b->facets[CATALOG_TEXT]->values[i].value);
			CHECK_INT(a->facets[CATALOG_TEXT]->values[i].count, 1);
		}
		CHECK_STR(a->facets[CATALOG_TEXT]->values[0].value, "F000");
	}
	catalog_answer_free(a);
	catalog_answer_free(b);
	catalog_query_free(q);
	so.facet_limit = 1;
	CHECK(catalog_facet_count(cat, NULL, CATALOG_BRANDS, 50, 0, &cause) ==
	    NULL && cause != NULL && strstr(cause, "not a facet") != NULL);
	free(cause);
	cause = NULL;
	catalog_free(cat);

	/* ocr:brand, hour:, weekday: (the examples). */
#define PHOTO(texts) ",\"images\":[{\"text\":[" texts "]}]"
#define T(s, c) "{\"text\":\"" s "\",\"confidence\":" #c "}"
	write_file("in/part-00000.json",
	    "{\"uuid\":\"u\",\"timestamp\":\"2024-03-02T23:30:00Z\","
	    "\"brands\":[\"Urban Outfitters\"]"
	    PHOTO(T("URBAN", 90) "," T("OUTFITTERS", 45)) "}\n"
	    "{\"uuid\":\"z\",\"timestamp\":\"2024-03-04T05:00:00Z\","
	    "\"brands\":[\"Zara\"]" PHOTO(T("ZARAH", 99)) "}\n"
	    "{\"uuid\":\"c\",\"timestamp\":\"2024-03-05T12:00:00Z\","
	    "\"brands\":[\"Chlo\u00e9\"]" PHOTO(T("CHLOE", 99)) "}\n"
	    "{\"uuid\":\"n\",\"timestamp\":\"2024-03-06T12:00:00Z\","
	    "\"brands\":[]" PHOTO(T("ZARA", 99)) "}\n"
	    "{\"uuid\":\"h\",\"timestamp\":\"2024-03-07T12:00:00Z\","
	    "\"brands\":[\"H&M\"]" PHOTO(T("h&m", 60)) "}\n");
#undef T
#undef PHOTO
	if ((cat = build_and_open(db, dir, 0, NULL)) == NULL)
		return;
	CHECK_INT(run(cat, "ocr:brand", first), 1);     /* H&M at 60 */
	CHECK_STR(first, "h");
	CHECK_INT(run(cat, "-ocr:brand", first), 4);
	q = catalog_query_parse("ocr:brand", NULL);
	{
		struct catalog_result *res = catalog_query_run(cat, q, 40,
		    CATALOG_NONE, &cause);
		/* At 40 the words of Urban Outfitters are read too. */
		CHECK(res != NULL && catalog_result_count(res) == 2);
		catalog_result_free(res);
	}
	catalog_query_free(q);
	CHECK_INT(run(cat, "hour:23", first), 1);
	CHECK_STR(first, "u");
	CHECK_INT(run(cat, "hour:22..5", first), 2);    /* 23:30 and 05:00 */
	CHECK_INT(run(cat, "weekday:sat", first), 1);   /* 2024-03-02 */
	CHECK_INT(run(cat, "weekday:mon..tue", first), 2);
	CHECK_INT(run(cat, "weekday:sat..sun hour:23", first), 1);
	catalog_free(cat);

	/* An index of an older format: a clear way out. */
	set_schema(db, CATALOG_SCHEMA_VERSION - 1);
	CHECK(catalog_open(db, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "rebuild it with rummage index"));
	free(cause);
}

/* Run a query; return its total and the first uuid (into first). */
static uint64_t
run(struct catalog *cat, const char *text, char first[65])
{
	struct catalog_query *q = catalog_query_parse(text, NULL);
	struct catalog_result *res;
	uint64_t n;
	uint32_t id;
	char *cause = NULL;

	first[0] = '\0';
	if (q == NULL) {
		fprintf(stderr, "query does not parse: %s\n", text);
		check_failures++;
		return 0;
	}
	res = catalog_query_run(cat, q, CATALOG_DEFAULT_THRESHOLD, CATALOG_NONE,
	    &cause);
	catalog_query_free(q);
	if (res == NULL) {
		fprintf(stderr, "query failed: %s\n", cause);
		free(cause);
		check_failures++;
		return 0;
	}
	n = catalog_result_count(res);
	if (catalog_result_ids(res, 0, 1, &id) == 1) {
		struct catalog_row row;
		if (catalog_row_get(cat, id, 50, &row, NULL)) {
			snprintf(first, 65, "%s", row.uuid);
			catalog_row_fini(&row);
		}
	}
	catalog_result_free(res);
	return n;
}

/* Are two answers' facets the same, value for value? */
static bool
same_facets(const struct catalog_answer *a, const struct catalog_answer *b)
{
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_facet *x = a->facets[f], *y = b->facets[f];
		if ((x == NULL) != (y == NULL) || a->disjunctive[f] != b->disjunctive[f])
			return false;
		if (x == NULL)
			continue;
		if (x->n != y->n || x->distinct != y->distinct)
			return false;
		for (size_t i = 0; i < x->n; i++) {
			if (x->values[i].count != y->values[i].count ||
			    x->values[i].folded_len != y->values[i].folded_len ||
			    memcmp(x->values[i].folded, y->values[i].folded,
			    x->values[i].folded_len) != 0)
				return false;
		}
	}
	return a->total == b->total;
}

/*
 * Facets counted on two threads (the second with its own handle) are
 * the facets counted on one: 6,000 generated items, results from a
 * handful to all of them, plain, disjunctive and top-only.
 */
static void
test_parallel_facets(const char *db, const char *dir)
{
	static const char *const queries[] = {
		"", "-brand:zara", "label:clothing", "type:jeans color:blue",
		"brand:zara brand:mango -color:black", "text:a*", "label:person>=90",
		"-label:clothing", "hour:07..18", "uuid:nope",
	};
	struct catalog *cat;
	char path[600];
	struct buf b;
	FILE *f;
	size_t parallel_sized = 0;

	snprintf(path, sizeof path, "%s/part-00000.json", dir);
	mkdir(dir, 0755);
	buf_init(&b);
	for (uint64_t i = 0; i < 6000; i++)
		gen_record_line(5, i, &b);
	f = fopen(path, "w");
	fwrite(b.data, 1, b.len, f);
	fclose(f);
	buf_fini(&b);
	if ((cat = build_and_open(db, dir, 0, NULL)) == NULL)
		return;
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		for (int mode = 0; mode < 4; mode++) {
			struct catalog_query *q = catalog_query_parse(queries[i], NULL);
			struct catalog_search_options so = { 0 };
			struct catalog_answer *one, *two;
			char *cause = NULL;

			so.threshold = CATALOG_DEFAULT_THRESHOLD;
			so.facet_limit = mode == 3 ? 0 : 10;
			so.facets = catalog_facet_fields();
			so.disjunctive = mode == 1;
			so.top_only = mode == 2;
			so.threads = 1;
			one = catalog_search(cat, q, &so, &cause);
			so.threads = 2;
			two = catalog_search(cat, q, &so, &cause);
			CHECKF(one != NULL && two != NULL && same_facets(one, two),
			    "facets on two threads differ for \"%s\" (mode %d)",
			    queries[i], mode);
			if (one != NULL && one->total >= 2048 && one->total < 6000)
				parallel_sized++;
			catalog_answer_free(one);
			catalog_answer_free(two);
			catalog_query_free(q);
			free(cause);
		}
	}
	/* The split must have been taken, not only the one-thread path. */
	CHECK(parallel_sized >= 8);
	catalog_free(cat);
}

/* Items matching text (at the default threshold), or -1. */
static int64_t
count_query(struct catalog *cat, const char *text)
{
	struct catalog_query *q = catalog_query_parse(text, NULL);
	struct catalog_result *res;
	char *cause = NULL;
	int64_t n = -1;

	if (q != NULL && (res = catalog_query_run(cat, q,
	    CATALOG_DEFAULT_THRESHOLD, CATALOG_NONE, &cause)) != NULL) {
		n = (int64_t)catalog_result_count(res);
		catalog_result_free(res);
	}
	catalog_query_free(q);
	free(cause);
	return n;
}

/* Does the index at db store its default labels as rows of bits? */
static bool
has_label_rows(const char *db)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val key = { 8, "lb50mask" }, val;
	bool found = false;

	CHECK(mdb_env_create(&env) == 0);
	CHECK(mdb_env_set_maxdbs(env, 16) == 0);
	if (mdb_env_open(env, db, MDB_NOSUBDIR | MDB_RDONLY | MDB_NOLOCK,
	    0644) == 0 && mdb_txn_begin(env, NULL, MDB_RDONLY, &txn) == 0) {
		if (mdb_dbi_open(txn, "columns", 0, &dbi) == 0)
			found = mdb_get(txn, dbi, &key, &val) == 0;
		mdb_txn_abort(txn);
	}
	mdb_env_close(env);
	return found;
}

/*
 * The label facet at the default threshold, from each item's labels in
 * both stored forms -- rows of bits (few labels, many an item) and lists
 * (many labels, few an item) -- and at every result size (a tally of
 * the result, intersections, the totals less the complement), against
 * the engine's own count of 'Q label:L' for every label L.
 */
static void
test_label_forms(const char *db, const char *dir, size_t nlabels,
    size_t per_item, bool rows)
{
	static const char *const queries[] = {
		/* Sizes for every path at 8,000 items (facets.c's fractions). */
		"", "-date:2024-01-03", "date:2024-01-03", "brand:b1",
		"-brand:b1", "uuid:u5", "uuid:nope", "-uuid:u5",
		"date:2024-01-03 brand:b1",
	};
	char path[600];
	struct catalog *cat;
	FILE *f;

	mkdir(dir, 0755);
	snprintf(path, sizeof path, "%s/part-00000.json", dir);
	f = fopen(path, "w");
	for (size_t i = 0; i < 8000; i++) {
		fprintf(f, "{\"uuid\":\"u%zu\",\"timestamp\":"
		    "\"2024-01-%02zuT00:00:00Z\",\"brands\":[\"b%zu\"],"
		    "\"images\":[{\"path\":\"p.jpg\",\"labels\":[", i,
		    1 + i % 28, i % 7);
		/*
		 * The items of one day (a small result) run through every
		 * label; some below the default threshold must not count.
		 */
		for (size_t k = 0; k < per_item; k++)
			fprintf(f, "%s{\"name\":\"L%zu\",\"confidence\":%d}",
			    k > 0 ? "," : "", (i / 28 * per_item + k) % nlabels,
			    i / 28 % 4 == 3 ? 40 : 50 + (int)((i + k) % 50));
		fputs("]}]}\n", f);
	}
	fclose(f);
	if ((cat = build_and_open(db, dir, 0, NULL)) == NULL)
		return;
	CHECKF(has_label_rows(db) == rows, "%zu labels, %zu an item: "
	    "expected label %s", nlabels, per_item, rows ? "rows" : "lists");
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		struct catalog_query *q = catalog_query_parse(queries[i], NULL);
		struct catalog_result *res = catalog_query_run(cat, q,
		    CATALOG_DEFAULT_THRESHOLD, CATALOG_NONE, NULL);
		struct catalog_facet *fc = res == NULL ? NULL :
		    catalog_facet_count(cat, res, CATALOG_LABEL,
		    CATALOG_DEFAULT_THRESHOLD, 0, NULL);
		size_t distinct = 0;

		CHECKF(fc != NULL, "label facet of \"%s\"", queries[i]);
		for (size_t l = 0; fc != NULL && l < nlabels; l++) {
			char text[128], name[32];
			int64_t want, got = 0;
			snprintf(text, sizeof text, "%s label:L%zu", queries[i], l);
			snprintf(name, sizeof name, "l%zu", l);
			want = count_query(cat, text);
			for (size_t k = 0; k < fc->n; k++)
				if (strcmp(fc->values[k].folded, name) == 0)
					got = (int64_t)fc->values[k].count;
			distinct += want > 0;
			CHECKF(got == want, "\"%s\": label L%zu counted %lld, "
			    "the query finds %lld (%s)", queries[i], l,
			    (long long)got, (long long)want, rows ? "rows" : "lists");
		}
		if (fc != NULL)
			CHECKF(fc->distinct == distinct && fc->n == distinct,
			    "\"%s\": %zu labels, %zu distinct, %zu found",
			    queries[i], fc->n, (size_t)fc->distinct, distinct);
		catalog_facet_free(fc);
		catalog_result_free(res);
		catalog_query_free(q);
	}
	catalog_free(cat);
}

#define REC(u, ts, brand, extra) "{\"uuid\":\"" u "\",\"timestamp\":\"" ts \
    "\",\"brands\":[\"" brand "\"]" extra "}\n"

int
main(void)
{
	struct catalog_accounting a;
	struct catalog *cat;
	char db[512], dir[512], first[65];
	struct image img;
	void *jpeg;
	size_t len;
	char *cause = NULL;

	if (mkdtemp(tmpdir) == NULL)
		return 1;
	snprintf(dir, sizeof dir, "%s/in", tmpdir);
	mkdir(dir, 0755);
	snprintf(db, sizeof db, "%s/t.db", tmpdir);

	/* Dedup: later timestamp wins; on a tie the one read later wins. */
	write_file("in/part-00000.json",
	    REC("x", "2024-01-01T00:00:00Z", "First", "")
	    REC("y", "2024-06-01T00:00:00Z", "Newer", "")
	    "\n"
	    "not json\n"
	    REC("z", "2024-01-01T00:00:00Z", "Zfirst", ""));
	write_file("in/part-00001.json",
	    REC("x", "2024-01-01T00:00:00Z", "Second", "")
	    REC("y", "2024-02-01T00:00:00Z", "Older", "")
	    REC("z", "2024-01-01T00:00:00Z", "Zsecond", "")
	    REC("z", "2024-01-01T00:00:00Z", "Zthird", ""));
	write_file("in/_SUCCESS", "");
	write_file("in/.part-00000.json.crc", "garbage");
	if ((cat = build_and_open(db, dir, 0, &a)) == NULL)
		CHECK_DONE();
	CHECK_INT(a.files, 2);
	CHECK_INT(a.lines, 8);        /* the empty line is not counted */
	CHECK_INT(a.indexed, 3);
	CHECK_INT(a.rejected, 1);
	CHECK_INT(a.duplicates, 4);
	CHECK_INT(run(cat, "brand:second", first), 1);
	CHECK_INT(run(cat, "brand:first", first), 0);
	CHECK_INT(run(cat, "brand:newer", first), 1);
	CHECK_INT(run(cat, "brand:older", first), 0);
	CHECK_INT(run(cat, "brand:zthird", first), 1);
	/* Order: timestamp desc, then uuid asc. */
	CHECK_INT(run(cat, "", first), 3);
	CHECK_STR(first, "y");
	CHECK_INT(run(cat, "-brand:newer", first), 2);
	CHECK_STR(first, "x");
	catalog_free(cat);
	test_fields(db, dir);
	test_timeline_damaged(db, dir);

	/* Thumbnails: one real photo, one missing, one hostile header. */
	image_init(&img);
	img.width = 1200;
	img.height = 1600;
	img.rgb = calloc((size_t)img.width * img.height, 3);
	for (size_t i = 0; i < (size_t)img.width * img.height * 3; i += 3)
		img.rgb[i] = 200;
	CHECK(image_encode_jpeg(&img, 80, &jpeg, &len, &cause));
	image_fini(&img);
	mkdir(dir, 0755);
	{
		char p[600];
		FILE *f;
		/* SOI, SOF0 claiming 60000x60000, nothing else. */
		static const unsigned char bomb[] = { 0xff, 0xd8, 0xff, 0xc0, 0x00,
		    0x11, 0x08, 0xea, 0x60, 0xea, 0x60, 0x03, 0x01, 0x22, 0x00, 0x02,
		    0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9 };
		snprintf(p, sizeof p, "%s/in/good.jpg", tmpdir);
		f = fopen(p, "wb");
		fwrite(jpeg, 1, len, f);
		fclose(f);
		snprintf(p, sizeof p, "%s/in/bomb.jpg", tmpdir);
		f = fopen(p, "wb");
		fwrite(bomb, 1, sizeof bomb, f);
		fclose(f);
	}
	free(jpeg);
	write_file("in/part-00001.json", "");
	write_file("in/part-00000.json",
	    REC("p", "2024-01-01T00:00:00Z", "B", ",\"images\":["
	    "{\"path\":\"good.jpg\",\"labels\":[{\"name\":\"Jeans\",\"confidence\":99.5}]},"
	    "{\"path\":\"missing.jpg\"},{\"path\":\"bomb.jpg\"}]"));
	if ((cat = build_and_open(db, dir, 384, &a)) == NULL)
		CHECK_DONE();
	CHECK_INT(a.photos, 3);
	CHECK_INT(a.thumbs, 1);
	CHECK_INT(a.photos_missing, 1);
	CHECK_INT(a.photos_corrupt, 1);
	CHECK(catalog_thumb_get(cat, 0, 0, &jpeg, &len, &cause));
	if (jpeg != NULL) {
		int w, h;
		CHECK(image_jpeg_size(jpeg, len, &w, &h, &cause));
		CHECK_INT(w, 288);
		CHECK_INT(h, 384);
		free(jpeg);
	}
	CHECK(!catalog_thumb_get(cat, 0, 1, &jpeg, &len, &cause));
	free(cause);
	cause = NULL;
	{
		struct catalog_item *item = catalog_item_get(cat, 0, &cause);
		CHECK(item != NULL);
		if (item != NULL) {
			CHECK_INT(item->nphotos, 3);
			CHECK(item->photos[0].has_thumb && !item->photos[1].has_thumb);
			CHECK(item->photos[0].resolved_path != NULL &&
			    strstr(item->photos[0].resolved_path, "/in/good.jpg") != NULL);
			CHECK_STR(item->photos[0].labels[0].name, "Jeans");
			catalog_item_free(item);
		}
	}
	/* A rebuild that fails leaves the open index working. */
	{
		struct catalog_build_options o;
		const char *inputs[1] = { "/nonexistent/dir" };
		memset(&o, 0, sizeof o);
		o.db_path = db;
		o.inputs = inputs;
		o.ninputs = 1;
		CHECK(!catalog_build(&o, NULL, &cause));
		free(cause);
		cause = NULL;
	}
	CHECK_INT(run(cat, "label:jeans>=99", first), 1);
	CHECK_INT(run(cat, "label:jeans>=99.6", first), 0);
	catalog_free(cat);
	{
		char pdb[600], pdir[600];
		snprintf(pdb, sizeof pdb, "%s/parallel.db", tmpdir);
		snprintf(pdir, sizeof pdir, "%s/gen", tmpdir);
		test_parallel_facets(pdb, pdir);
		snprintf(pdb, sizeof pdb, "%s/rows.db", tmpdir);
		snprintf(pdir, sizeof pdir, "%s/rows", tmpdir);
		test_label_forms(pdb, pdir, 20, 10, true);
		snprintf(pdb, sizeof pdb, "%s/lists.db", tmpdir);
		snprintf(pdir, sizeof pdir, "%s/lists", tmpdir);
		test_label_forms(pdb, pdir, 300, 2, false);
	}
	{
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		CHECK(system(cmd) == 0);
	}
	CHECK_DONE();
}
