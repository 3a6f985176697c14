/*
 * test-calendar.c - unit tests for common/calendar.c: day and month
 * numbers against gmtime_r around month, year and era edges, ISO 8601
 * reading (zones, fractions, real dates) and writing, the browser's form.
 */
#include "../common/calendar.h"

#include <time.h>

#include "check.h"

/* calendar_month, calendar_day and calendar_split agree with gmtime_r. */
static void
test_gmtime(void)
{
	static const int64_t days[] = { -719468, -36525, -1, 0, 1, 58, 59, 365,
	    10956, 11016, 11017, 19722, 19783, 19784, 20089, 2932896 };
	struct calendar_time ct;
	int64_t ms;
	struct tm tm;
	time_t t;
	size_t i;
	int off;

	for (i = 0; i < sizeof days / sizeof days[0]; i++) {
		for (off = -1; off <= 1; off++) {
			ms = days[i] * CALENDAR_DAY_MS + off;
			t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
			gmtime_r(&t, &tm);
			CHECKF(calendar_month(ms) ==
			    (int64_t)(tm.tm_year + 1900) * 12 + tm.tm_mon,
			    "calendar_month(%lld)", (long long)ms);
			CHECKF(calendar_day(ms) == days[i] - (off < 0),
			    "calendar_day(%lld)", (long long)ms);
			calendar_split(ms, &ct);
			CHECKF(ct.year == tm.tm_year + 1900 &&
			    ct.month == (unsigned)tm.tm_mon + 1 &&
			    ct.day == (unsigned)tm.tm_mday &&
			    ct.hour == (unsigned)tm.tm_hour &&
			    ct.minute == (unsigned)tm.tm_min &&
			    ct.second == (unsigned)tm.tm_sec &&
			    ct.ms == (unsigned)(off < 0 ? 999 : off),
			    "calendar_split(%lld)", (long long)ms);
		}
	}
	/* Every day of 1999-2031, there and back. */
	for (ms = 10592 * CALENDAR_DAY_MS; ms < 22645 * CALENDAR_DAY_MS;
	    ms += CALENDAR_DAY_MS) {
		int64_t y;
		unsigned m, d;

		t = (time_t)(ms / 1000);
		gmtime_r(&t, &tm);
		calendar_civil_from_days(ms / CALENDAR_DAY_MS, &y, &m, &d);
		if (y != tm.tm_year + 1900 || m != (unsigned)tm.tm_mon + 1 ||
		    d != (unsigned)tm.tm_mday ||
		    calendar_days_from_civil(y, m, d) != ms / CALENDAR_DAY_MS ||
		    d > calendar_days_in_month(y, m)) {
			CHECKF(0, "day %lld", (long long)(ms / CALENDAR_DAY_MS));
			break;
		}
	}
	CHECK(calendar_days_in_month(2024, 2) == 29);
	CHECK(calendar_days_in_month(1900, 2) == 28);
	CHECK(calendar_days_in_month(2000, 2) == 29);
	CHECK(calendar_days_in_month(2024, 13) == 0);
	CHECK(calendar_day(INT64_MIN) < 0 && calendar_day(INT64_MAX) > 0);
}

static void
check_ts(const char *s, long long want)
{
	int64_t ms;

	if (!calendar_parse_iso(s, strlen(s), &ms)) {
		fprintf(stderr, "timestamp %s rejected\n", s);
		check_failures++;
		return;
	}
	CHECK_INT(ms, want);
}

static void
check_bad_ts(const char *s)
{
	int64_t ms;

	if (calendar_parse_iso(s, strlen(s), &ms)) {
		fprintf(stderr, "timestamp %s accepted\n", s);
		check_failures++;
	}
}

/* Reading: zones, fractions, real dates only. */
static void
test_parse(void)
{
	check_ts("1970-01-01T00:00:00Z", 0);
	check_ts("1970-01-01T00:00:00.5Z", 500);
	check_ts("1970-01-01T00:00:00.123456Z", 123);   /* truncated to ms */
	check_ts("1970-01-01T01:00:00+01:00", 0);
	check_ts("1969-12-31T19:00:00-05:00", 0);
	check_ts("2024-02-29T23:59:59.999Z", 1709251199999LL);
	check_bad_ts("2023-02-29T00:00:00Z");
	check_bad_ts("2024-13-01T00:00:00Z");
	check_bad_ts("2024-01-01T24:00:00Z");
	check_bad_ts("2024-01-01T00:60:00Z");
	check_bad_ts("2024-01-01T00:00:00");             /* no zone */
	check_bad_ts("2024-01-01 00:00:00Z");
	check_bad_ts("2024-01-01T00:00:00.Z");
	check_bad_ts("2024-01-01T00:00:00+0100");
	check_bad_ts("2024-01-01");
	check_bad_ts("");

	/* The length is the string's end, not a NUL. */
	CHECK(!calendar_parse_iso("1970-01-01T00:00:00Z", 19, &(int64_t){ 0 }));
}

/* Writing: ISO 8601 with milliseconds, clamped years, the browser's form. */
static void
test_format(void)
{
	char s[CALENDAR_ISO_SIZE], show[CALENDAR_SHOW_SIZE];

	calendar_iso(1711546913182LL, s);
	CHECK_STR(s, "2024-03-27T13:41:53.182Z");
	calendar_iso(-1, s);
	CHECK_STR(s, "1969-12-31T23:59:59.999Z");
	calendar_iso(INT64_MIN / 2, s);
	CHECK(strncmp(s, "0000-", 5) == 0);
	calendar_iso(INT64_MAX / 2, s);
	CHECK(strncmp(s, "9999-", 5) == 0);
	calendar_show(1711546913182LL, show, true);
	CHECK_STR(show, "2024-03-27 13:41:53.182 UTC");
	calendar_show(1711546913182LL, show, false);
	CHECK_STR(show, "2024-03-27");
}

int
main(void)
{
	test_gmtime();
	test_parse();
	test_format();
	if (check_failures == 0)
		printf("calendar: ok\n");
	return check_failures != 0;
}
