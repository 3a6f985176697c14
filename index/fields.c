/*
 * fields.c - the field table: every field of the query language, once.
 * The parser, record validation, the build, facet counting and every
 * command and view iterate over it (catalog.h). To add a field, add its
 * row here; doc/query-language.md "Adding a field" says what else.
 */
#include "fields.h"

#include <string.h>

#include "calendar.h"

/*
 * Rows in enum catalog_field order. `store` numbers are written into the
 * index (a dictionary and posting lists per stored field) and belong to
 * the schema: never renumber one, append (doc/index-format.md).
 */
static const struct catalog_field_desc fields_table[CATALOG_FIELD_COUNT] = {
	{ CATALOG_BRAND, "brand", "Brand", "brands", CATALOG_KIND_TOP,
	  CATALOG_FACET_TOP, 0, 0, true, false, 3, 18,
	  "the top-1 predicted brand" },
	{ CATALOG_TYPE, "type", "Type", "productTypes", CATALOG_KIND_TOP,
	  CATALOG_FACET_TOP, 1, 1, true, false, 4, 14,
	  "the top-1 predicted product type" },
	{ CATALOG_COLOR, "color", "Color", "colors", CATALOG_KIND_TOP,
	  CATALOG_FACET_TOP, 2, 2, true, false, 5, 8,
	  "the top-1 predicted colour" },
	{ CATALOG_SIZE, "size", "Size", "sizes", CATALOG_KIND_TOP,
	  CATALOG_FACET_TOP, 3, 3, true, false, 6, 7,
	  "the top-1 predicted size" },
	{ CATALOG_LABEL, "label", "Label", "labels", CATALOG_KIND_SCORED,
	  CATALOG_FACET_SCORED, 4, -1, true, true, 0, 0,
	  "a detected label of a photo, at >= the threshold (label:V>=N)" },
	{ CATALOG_TEXT, "text", "Text", "text", CATALOG_KIND_TEXT,
	  CATALOG_FACET_SCORED, 5, -1, true, true, 0, 0,
	  "an OCR fragment of a photo, at >= the threshold (text:V* a prefix)" },
	{ CATALOG_DATE, "date", "Date", "timestamp", CATALOG_KIND_TIME,
	  CATALOG_FACET_MONTHS, -1, -1, false, false, 1, 19,
	  "the day, month or year of the timestamp, UTC (date:A..B a range)" },
	{ CATALOG_UUID, "uuid", "UUID", "uuid", CATALOG_KIND_ID,
	  CATALOG_FACET_NONE, -1, -1, false, false, 2, 16,
	  "the item's uuid, exactly" },
	{ CATALOG_ANY, "", "Any", "", CATALOG_KIND_ANY,
	  CATALOG_FACET_NONE, -1, -1, true, true, 0, 0,
	  "a bare word: a top-1 prediction, a label or an OCR fragment" },
	{ CATALOG_BRANDS, "brands", "Brands", "brands", CATALOG_KIND_RANKED,
	  CATALOG_FACET_NONE, 6, 0, true, false, 0, 0,
	  "a predicted brand at any rank" },
	{ CATALOG_TYPES, "types", "Types", "productTypes", CATALOG_KIND_RANKED,
	  CATALOG_FACET_NONE, 7, 1, true, false, 0, 0,
	  "a predicted product type at any rank" },
	{ CATALOG_COLORS, "colors", "Colors", "colors", CATALOG_KIND_RANKED,
	  CATALOG_FACET_NONE, 8, 2, true, false, 0, 0,
	  "a predicted colour at any rank" },
	{ CATALOG_SIZES, "sizes", "Sizes", "sizes", CATALOG_KIND_RANKED,
	  CATALOG_FACET_NONE, 9, 3, true, false, 0, 0,
	  "a predicted size at any rank" },
	{ CATALOG_HOUR, "hour", "Hour", "timestamp", CATALOG_KIND_HOUR,
	  CATALOG_FACET_NONE, 10, -1, false, false, 0, 0,
	  "the hour of the timestamp, UTC (hour:A..B a range, 22..5 wraps)" },
	{ CATALOG_WEEKDAY, "weekday", "Weekday", "timestamp", CATALOG_KIND_WEEKDAY,
	  CATALOG_FACET_NONE, 11, -1, true, false, 0, 0,
	  "the day of the week, UTC: mon..sun (weekday:sat..sun a range)" },
	{ CATALOG_OCR, "ocr", "OCR", "brands", CATALOG_KIND_OCR,
	  CATALOG_FACET_NONE, 12, -1, true, true, 0, 0,
	  "ocr:brand: the top-1 brand (or each of its words) is an OCR fragment" },
	{ CATALOG_SIMILAR, "similar", "Similar", "images", CATALOG_KIND_SIMILAR,
	  CATALOG_FACET_NONE, -1, -1, false, false, 0, 0,
	  "similar:UUID: the other items with a near-duplicate of one of its photos" },
	{ CATALOG_DUP, "dup", "Duplicate", "images", CATALOG_KIND_DUP,
	  CATALOG_FACET_NONE, -1, -1, true, false, 0, 0,
	  "dup:yes / dup:no: the item has / has no near-duplicate in another item" },
};

/* The row of a field; NULL out of range. */
const struct catalog_field_desc *
catalog_field_desc(enum catalog_field field)
{
	if ((int)field < 0 || field >= CATALOG_FIELD_COUNT)
		return NULL;
	return &fields_table[field];
}

/* A field's name in queries: a static string, "" out of range. */
const char *
catalog_field_name(enum catalog_field field)
{
	const struct catalog_field_desc *d = catalog_field_desc(field);

	return d != NULL ? d->name : "";
}

/* The field called name[0..len) in queries, or CATALOG_NONE. */
enum catalog_field
catalog_field_lookup(const char *name, size_t len)
{
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const char *n = fields_table[f].name;
		if (*n != '\0' && strlen(n) == len && memcmp(n, name, len) == 0)
			return (enum catalog_field)f;
	}
	return CATALOG_NONE;
}

/* The top-1 field of prediction list p. */
enum catalog_field
catalog_prediction_field(int p)
{
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		if (fields_table[f].kind == CATALOG_KIND_TOP &&
		    fields_table[f].prediction == p)
			return (enum catalog_field)f;
	}
	return CATALOG_NONE;
}

/* The list columns in order (a field's list_order). */
size_t
catalog_list_columns(enum catalog_field *out)
{
	size_t n = 0;

	for (int order = 1; order <= CATALOG_FIELD_COUNT; order++) {
		for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
			if (fields_table[f].list_order == order)
				out[n++] = (enum catalog_field)f;
		}
	}
	return n;
}

/* The bit of every field that has a facet. */
uint32_t
catalog_facet_fields(void)
{
	uint32_t bits = 0;

	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		if (fields_table[f].facet != CATALOG_FACET_NONE)
			bits |= 1u << f;
	}
	return bits;
}

/* ---- derived values ---- */

static const char *const fields_weekdays[7] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

/* The hour of the day of UTC ms. */
int
fields_hour(int64_t ms)
{
	return (int)((ms - calendar_day(ms) * CALENDAR_DAY_MS) / 3600000);
}

/* The weekday of UTC ms, 0 = Monday (1970-01-01 was a Thursday). */
int
fields_weekday(int64_t ms)
{
	int64_t d = (calendar_day(ms) + 3) % 7;

	return (int)(d < 0 ? d + 7 : d);
}

/* A weekday's value. */
const char *
fields_weekday_name(int d)
{
	return d >= 0 && d < 7 ? fields_weekdays[d] : "";
}

/* An hour's value, two digits. */
void
fields_hour_value(int h, char out[3])
{
	out[0] = (char)('0' + h / 10 % 10);
	out[1] = (char)('0' + h % 10);
	out[2] = '\0';
}

/* Can field be a side of a crosstab: its values can be listed as terms? */
bool
catalog_crosstab_side_ok(enum catalog_field field)
{
	const struct catalog_field_desc *d = catalog_field_desc(field);

	return d != NULL && (d->facet != CATALOG_FACET_NONE ||
	    d->kind == CATALOG_KIND_HOUR || d->kind == CATALOG_KIND_WEEKDAY ||
	    d->kind == CATALOG_KIND_OCR);
}

/* Fields whose items carry (value, confidence) pairs. */
bool
fields_has_pairs(enum catalog_field field)
{
	switch (catalog_field_desc(field)->kind) {
	case CATALOG_KIND_SCORED:
	case CATALOG_KIND_TEXT:
	case CATALOG_KIND_RANKED:
	case CATALOG_KIND_HOUR:
	case CATALOG_KIND_WEEKDAY:
	case CATALOG_KIND_OCR:
		return true;
	default:
		return false;
	}
}

/* Fields whose postings are banded by confidence. */
bool
fields_scored(enum catalog_field field)
{
	enum catalog_kind k = catalog_field_desc(field)->kind;

	return k == CATALOG_KIND_SCORED || k == CATALOG_KIND_TEXT ||
	    k == CATALOG_KIND_OCR;
}
