/*
 * Unit tests of index/record.c: the seed's example record and every
 * rejection reason of contract §2 (timestamps: test-calendar.c).
 */
#include "../index/record.h"

#include <stdlib.h>

#include "calendar.h"
#include "check.h"

/* The owner's example (overview.md) as a record line. */
static const char seed_record[] =
    "{\"uuid\":\"0c30e823d3037ea7\",\"timestamp\":\"2024-03-27T13:41:53.182Z\","
    "\"productTypes\":[\"Jeans\",\"Dress_pants\",\"Leggings\",\"Sweatpants\"],"
    "\"colors\":[\"blue\",\"black\",\"grey\",\"white\",\"beige\"],"
    "\"brands\":[\"BDG\",\"HAY\",\"Away\",\"AYMT\",\"Maya\"],"
    "\"sizes\":[\"W31\",\"L32\"],"
    "\"images\":["
    "{\"name\":\"image-0.jpg\",\"path\":\"images/0c30e823d3037ea7/image-0.jpg\","
    "\"labels\":[{\"name\":\"Clothing\",\"confidence\":100},"
    "{\"name\":\"Jeans\",\"confidence\":99.98,\"boxes\":[{\"left\":0.12,"
    "\"top\":0.08,\"width\":0.55,\"height\":0.83}]},"
    "{\"name\":\"Handbag\",\"confidence\":94.59}],"
    "\"text\":[{\"text\":\"AY\",\"confidence\":100},{\"text\":\"NAY\","
    "\"confidence\":54.01},{\"text\":\"HAY\",\"confidence\":53.63}]},"
    "{\"name\":\"image-1.jpg\",\"path\":\"images/0c30e823d3037ea7/image-1.jpg\","
    "\"labels\":[{\"name\":\"Pants\",\"confidence\":100}],"
    "\"text\":[{\"text\":\"BDG\",\"confidence\":100},{\"text\":\"URBAN\","
    "\"confidence\":98.66}]},"
    "{\"name\":\"image-2.jpg\",\"path\":\"images/0c30e823d3037ea7/image-2.jpg\","
    "\"labels\":[{\"name\":\"Clothing\",\"confidence\":99.09}],"
    "\"text\":[{\"text\":\"W31\",\"confidence\":99.81}]}]}";

/* Parse a line that must be rejected; the reason must start with want. */
static void
check_reject(struct record *r, const char *line, const char *want)
{
	char *reason = NULL;

	if (record_parse(r, line, strlen(line), &reason)) {
		fprintf(stderr, "accepted, want rejection \"%s\": %s\n", want, line);
		check_failures++;
		return;
	}
	if (strncmp(reason, want, strlen(want)) != 0) {
		fprintf(stderr, "reason \"%s\", want \"%s...\" for: %s\n", reason,
		    want, line);
		check_failures++;
	}
	free(reason);
}

static void
check_accept(struct record *r, const char *line)
{
	char *reason = NULL;

	if (!record_parse(r, line, strlen(line), &reason)) {
		fprintf(stderr, "rejected (%s): %s\n", reason, line);
		check_failures++;
		free(reason);
	}
}

/* Is the top-1 of prediction list f exactly want (strings are not NUL-terminated)? */
static bool
top_is(const struct record *r, int f, const char *want)
{
	return r->top[f] != NULL && r->top_len[f] == strlen(want) &&
	    memcmp(r->top[f], want, r->top_len[f]) == 0;
}

#define R(extra) "{\"uuid\":\"a1\",\"timestamp\":\"2024-01-01T00:00:00Z\"" extra "}"

int
main(void)
{
	struct record r;
	char ts[CALENDAR_ISO_SIZE];
	char *huge;

	record_init(&r);
	check_accept(&r, seed_record);
	CHECK(r.uuid_len == 16 && memcmp(r.uuid, "0c30e823d3037ea7", 16) == 0);
	CHECK_INT(r.ts_ms, 1711546913182LL);
	CHECK(top_is(&r, CATALOG_BRAND, "BDG"));
	CHECK(top_is(&r, CATALOG_TYPE, "Jeans"));
	CHECK(top_is(&r, CATALOG_COLOR, "blue"));
	CHECK(top_is(&r, CATALOG_SIZE, "W31"));
	CHECK_INT(r.nphotos, 3);
	CHECK_INT(r.nlabels, 5);
	CHECK_INT(r.ntexts, 6);
	CHECK(r.labels[1].confidence == 99.98);
	calendar_iso(r.ts_ms, ts);
	CHECK_STR(ts, "2024-03-27T13:41:53.182Z");

	/* Every rejection reason of contract §2. */
	check_reject(&r, "{\"uuid\":", "not valid JSON");
	check_reject(&r, "not json", "not valid JSON");
	check_reject(&r, "[1,2]", "not a JSON object");
	check_reject(&r, "\"x\"", "not a JSON object");
	check_reject(&r, "{\"uuid\":\"a\xff\"}", "invalid UTF-8");
	check_reject(&r, "{\"timestamp\":\"2024-01-01T00:00:00Z\"}", "uuid: missing");
	check_reject(&r, "{\"uuid\":\"a b\",\"timestamp\":\"2024-01-01T00:00:00Z\"}",
	    "uuid: expected");
	check_reject(&r, "{\"uuid\":\"\",\"timestamp\":\"2024-01-01T00:00:00Z\"}",
	    "uuid: expected");
	check_reject(&r, "{\"uuid\":7,\"timestamp\":\"2024-01-01T00:00:00Z\"}",
	    "uuid: expected");
	check_reject(&r, "{\"uuid\":\"12345678901234567890123456789012345678901234"
	    "567890123456789012345\",\"timestamp\":\"2024-01-01T00:00:00Z\"}",
	    "uuid: expected");
	check_reject(&r, "{\"uuid\":\"a\"}", "timestamp: missing");
	check_reject(&r, "{\"uuid\":\"a\",\"timestamp\":\"2023-02-29T00:00:00Z\"}",
	    "timestamp: expected");
	check_reject(&r, "{\"uuid\":\"a\",\"timestamp\":1700000000}",
	    "timestamp: expected");
	check_reject(&r, R(",\"brands\":\"BDG\""), "brands: expected an array of strings");
	check_reject(&r, R(",\"brands\":[\"BDG\",1]"), "brands: expected an array of strings");
	check_reject(&r, R(",\"productTypes\":{}"), "productTypes: expected");
	check_reject(&r, R(",\"colors\":[null]"), "colors: expected");
	check_reject(&r, R(",\"sizes\":[[]]"), "sizes: expected");
	check_reject(&r, R(",\"images\":{}"), "images: expected an array of objects");
	check_reject(&r, R(",\"images\":[1]"), "images: expected an array of objects");
	check_reject(&r, R(",\"images\":[{\"labels\":[{\"name\":\"x\",\"confidence\":101}]}]"),
	    "images[0].labels[0].confidence: expected a number from 0 to 100");
	check_reject(&r, R(",\"images\":[{\"labels\":[{\"name\":\"x\",\"confidence\":-1}]}]"),
	    "images[0].labels[0].confidence: expected");
	check_reject(&r, R(",\"images\":[{},{\"labels\":[{\"name\":\"x\",\"confidence\":\"90\"}]}]"),
	    "images[1].labels[0].confidence: expected");
	check_reject(&r, R(",\"images\":[{\"labels\":[{\"confidence\":90}]}]"),
	    "images[0].labels[0].name: expected a string");
	check_reject(&r, R(",\"images\":[{\"labels\":[{\"name\":\"x\",\"confidence\":90,"
	    "\"boxes\":[{\"left\":0,\"top\":0,\"width\":1}]}]}]"),
	    "images[0].labels[0].boxes[0]: expected numbers");
	check_reject(&r, R(",\"images\":[{\"text\":[{\"text\":\"x\"}]}]"),
	    "images[0].text[0].confidence: expected");
	check_reject(&r, R(",\"images\":[{\"text\":[{\"text\":5,\"confidence\":1}]}]"),
	    "images[0].text[0].text: expected a string");
	check_reject(&r, R(",\"images\":[{\"width\":-3}]"), "images[0].width: expected");
	check_reject(&r, R(",\"images\":[{\"bytes\":1.5}]"), "images[0].bytes: expected");
	check_reject(&r, R(",\"images\":[{\"path\":7}]"), "images[0].path: expected");
	/* A raw NUL byte is not JSON (the escape \u0000 is: see below). */
	{
		static const char raw[] = "{\"uuid\":\"a\0\"}";
		char *reason = NULL;

		CHECK(!record_parse(&r, raw, sizeof raw - 1, &reason));
		CHECK(reason != NULL && strcmp(reason,
		    "not valid JSON: NUL byte in line") == 0);
		free(reason);
	}
	/* Messages name no library flag (jansson's JSON_ALLOW_NUL and kin). */
	{
		static const char *const bad[] = { "{\"uuid\":", "not json",
		    "{\"a\":1,}", "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}",
		    "{\"a\\u0000\":1}", "{\"a\":1}{", "\"\\u0000\"" };

		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			char *reason = NULL;

			CHECK(!record_parse(&r, bad[i], strlen(bad[i]), &reason));
			CHECKF(reason != NULL && strstr(reason, "JSON_") == NULL,
			    "%s", reason);
			free(reason);
		}
	}

	/* Accepted: nulls, unknown fields, empty strings, integer confidences. */
	check_accept(&r, R(",\"brands\":null,\"images\":null,\"extra\":{\"a\":[1]}"));
	CHECK(r.top[CATALOG_BRAND] == NULL);
	check_accept(&r, R(",\"brands\":[\"\",\"Zara\"]"));
	CHECK(top_is(&r, CATALOG_BRAND, "Zara"));
	check_accept(&r, R(",\"images\":[{\"labels\":[{\"name\":\"x\",\"confidence\":0},"
	    "{\"name\":\"y\",\"confidence\":100}]}]"));
	check_accept(&r, R(",\"brands\":[\"\\u001b[2J\"]"));  /* hostile but valid */

	/* "\u0000" is valid JSON and valid UTF-8: kept, by length. */
	check_accept(&r, R(",\"x\":\"\\u0000\""));
	check_accept(&r, R(",\"brands\":[\"A\\u0000B\",\"C\"],\"images\":[{\"labels\":"
	    "[{\"name\":\"Je\\u0000ans\",\"confidence\":90}],\"text\":[{\"text\":"
	    "\"\\u0000\",\"confidence\":80}]}]"));
	CHECK(r.top[CATALOG_BRAND] != NULL && r.top_len[CATALOG_BRAND] == 3 &&
	    memcmp(r.top[CATALOG_BRAND], "A\0B", 3) == 0);
	CHECK(r.nlabels == 1 && r.labels[0].len == 6 &&
	    memcmp(r.labels[0].s, "Je\0ans", 6) == 0);
	CHECK(r.ntexts == 1 && r.texts[0].len == 1 && r.texts[0].s[0] == '\0');
	/* A uuid or timestamp with a NUL is still not one. */
	check_reject(&r, "{\"uuid\":\"a\\u0000\",\"timestamp\":\"2024-01-01T00:00:00Z\"}",
	    "uuid: expected");
	check_reject(&r, "{\"uuid\":\"a\",\"timestamp\":\"2024-01-01T00:00:00Z\\u0000\"}",
	    "timestamp: expected");

	/* Over-long lines are refused before parsing. */
	huge = malloc(RECORD_MAX_LINE + 2);
	memset(huge, ' ', RECORD_MAX_LINE + 1);
	huge[0] = '{';
	huge[RECORD_MAX_LINE + 1] = '\0';
	{
		char *reason = NULL;
		CHECK(!record_parse(&r, huge, RECORD_MAX_LINE + 1, &reason));
		CHECK(reason != NULL && strncmp(reason, "line too long", 13) == 0);
		free(reason);
	}
	free(huge);
	record_fini(&r);
	CHECK_DONE();
}
