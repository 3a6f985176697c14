/*
 * calendar.h - dates in UTC milliseconds since 1970 on the proleptic
 * Gregorian calendar: the one place that converts between a time and a
 * year, month and day, and reads and writes ISO 8601 timestamps.
 *
 * Integer arithmetic (Howard Hinnant's days_from_civil and
 * civil_from_days), valid before 1970 too: no gmtime_r, no time_t, no TZ.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CALENDAR_DAY_MS 86400000LL
/* The four-digit years, 0000-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z. */
#define CALENDAR_MIN_MS INT64_C(-62167219200000)
#define CALENDAR_MAX_MS INT64_C(253402300799999)

/* Room for "2024-03-27T13:41:53.182Z" and its NUL. */
#define CALENDAR_ISO_SIZE 32

/* A UTC time taken apart. */
struct calendar_time {
	int64_t year;
	unsigned month;       /* 1-12 */
	unsigned day;         /* 1-31 */
	unsigned hour;        /* 0-23 */
	unsigned minute;      /* 0-59 */
	unsigned second;      /* 0-59 */
	unsigned ms;          /* 0-999 */
};

/* Days since 1970-01-01 of the date (y, m 1-12, d 1-31). */
int64_t calendar_days_from_civil(int64_t y, unsigned m, unsigned d);

/* The date of day number days (since 1970-01-01) into *y, *m, *d. */
void calendar_civil_from_days(int64_t days, int64_t *y, unsigned *m,
    unsigned *d);

/* Days in month m (1-12) of year y; 0 if m is out of range. */
unsigned calendar_days_in_month(int64_t y, unsigned m);

/* The day number of UTC millisecond time ms (rounded down). */
int64_t calendar_day(int64_t ms);

/* The month number year * 12 + (month - 1) of ms. */
int64_t calendar_month(int64_t ms);

/* Take ms apart into *t. */
void calendar_split(int64_t ms, struct calendar_time *t);

/*
 * Write ms as "2024-03-27T13:41:53.182Z" into out; years outside
 * 0000-9999 (no record can hold one) are clamped to those.
 */
void calendar_iso(int64_t ms, char out[CALENDAR_ISO_SIZE]);

/* Room for "2024-03-27 13:41:53.182 UTC" and its NUL. */
#define CALENDAR_SHOW_SIZE 32

/*
 * Write ms for people, as the browser shows it: "2024-03-27 13:41:53.182
 * UTC", or only "2024-03-27" without with_time; years as calendar_iso's.
 */
void calendar_show(int64_t ms, char out[CALENDAR_SHOW_SIZE], bool with_time);

/*
 * Read the ISO 8601 timestamp s[0..len) into UTC milliseconds: a date,
 * 'T', a time to the second, an optional fraction (digits past the
 * millisecond truncated) and a required zone, 'Z' or +hh:mm / -hh:mm.
 * False if s is anything else or names no real date.
 */
bool calendar_parse_iso(const char *s, size_t len, int64_t *ms);
