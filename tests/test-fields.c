/*
 * Unit tests of index/fields.c: the field table is consistent (every
 * layer trusts it), and every field it names is a field of the query
 * language with the matching behaviour.
 */
#include "../index/fields.c"

#include <stdlib.h>

#include "check.h"

/* Names are unique, lookups find their own row, stores are unique and in range. */
static void
test_table(void)
{
	bool store_used[CATALOG_STORE_COUNT] = { false };
	int top_of[CATALOG_PREDICTION_COUNT] = { 0 };

	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)f);
		CHECK(d != NULL && d->field == (enum catalog_field)f);
		CHECK(d->display != NULL && *d->display != '\0');
		CHECK(d->help != NULL && *d->help != '\0');
		if (*d->name != '\0')
			CHECK(catalog_field_lookup(d->name, strlen(d->name)) ==
			    (enum catalog_field)f);
		else
			CHECK(d->kind == CATALOG_KIND_ANY);
		if (d->store >= 0) {
			CHECK(d->store < CATALOG_STORE_COUNT);
			CHECK(!store_used[d->store]);
			store_used[d->store] = true;
		}
		if (d->kind == CATALOG_KIND_TOP || d->kind == CATALOG_KIND_RANKED) {
			CHECK(d->prediction >= 0 &&
			    d->prediction < CATALOG_PREDICTION_COUNT);
			CHECK(d->store >= 0);
			CHECK(strcmp(d->record_key, catalog_field_desc(
			    catalog_prediction_field(d->prediction))->record_key) == 0);
			if (d->kind == CATALOG_KIND_TOP)
				top_of[d->prediction]++;
		}
		if (d->facet == CATALOG_FACET_TOP)
			CHECK(d->kind == CATALOG_KIND_TOP);
		if (d->list_order > 0)
			CHECK(d->list_width > 0);
	}
	for (int p = 0; p < CATALOG_PREDICTION_COUNT; p++)
		CHECK(top_of[p] == 1);
	CHECK(catalog_field_lookup("Brand", 5) == CATALOG_NONE);
	CHECK(catalog_field_lookup("bran", 4) == CATALOG_NONE);
	CHECK(catalog_field_desc(CATALOG_FIELD_COUNT) == NULL);
	CHECK(catalog_field_desc(CATALOG_NONE) == NULL);
	CHECK(strcmp(catalog_field_name(CATALOG_NONE), "") == 0);
}

/* The list columns come in their order, each once. */
static void
test_columns(void)
{
	enum catalog_field cols[CATALOG_FIELD_COUNT];
	size_t n = catalog_list_columns(cols);

	CHECK(n >= 2);
	for (size_t i = 0; i < n; i++) {
		CHECK(catalog_field_desc(cols[i])->list_order > 0);
		if (i > 0)
			CHECK(catalog_field_desc(cols[i - 1])->list_order <
			    catalog_field_desc(cols[i])->list_order);
	}
	CHECK(catalog_facet_fields() & (1u << CATALOG_TEXT));
	CHECK(catalog_facet_fields() & (1u << CATALOG_DATE));
	CHECK(!(catalog_facet_fields() & (1u << CATALOG_BRANDS)));
}

int
main(void)
{
	test_table();
	test_columns();
	CHECK_DONE();
}
