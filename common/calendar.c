#include "calendar.h"

#include <stdio.h>

/* Days since 1970-01-01 of a Gregorian date, also before 1970. */
int64_t
calendar_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* Howard Hinnant's days_from_civil. */
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The Gregorian date of a day number, also before 1970. */
void
calendar_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
	/* Howard Hinnant's civil_from_days. */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Days in month m of year y with Gregorian leap years; 0 if bad. */
unsigned
calendar_days_in_month(int64_t y, unsigned m)
{
	static const unsigned days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* floor(ms / one day), also for times before 1970. */
int64_t
calendar_day(int64_t ms)
{
	return ms >= 0 ? ms / CALENDAR_DAY_MS :
	    -((-(ms + 1)) / CALENDAR_DAY_MS) - 1;
}

/* year * 12 + month - 1 of ms. */
int64_t
calendar_month(int64_t ms)
{
	int64_t y;
	unsigned m, d;

	/* Only four-digit years are stored (a damaged index might hold others). */
	if (ms < CALENDAR_MIN_MS)
		ms = CALENDAR_MIN_MS;
	if (ms > CALENDAR_MAX_MS)
		ms = CALENDAR_MAX_MS;
	calendar_civil_from_days(calendar_day(ms), &y, &m, &d);
	return y * 12 + (m - 1);
}

/* ms as date and time of day. */
void
calendar_split(int64_t ms, struct calendar_time *t)
{
	int64_t days = calendar_day(ms);
	int64_t rem = ms - days * CALENDAR_DAY_MS;

	calendar_civil_from_days(days, &t->year, &t->month, &t->day);
	t->hour = (unsigned)(rem / 3600000);
	t->minute = (unsigned)(rem / 60000 % 60);
	t->second = (unsigned)(rem / 1000 % 60);
	t->ms = (unsigned)(rem % 1000);
}

/*
 * ISO 8601 UTC with milliseconds. Four-digit years only: a time outside
 * them is shown as the nearer bound, never as a wrong date in range.
 */
void
calendar_iso(int64_t ms, char out[CALENDAR_ISO_SIZE])
{
	struct calendar_time t;

	if (ms < CALENDAR_MIN_MS)
		ms = CALENDAR_MIN_MS;
	if (ms > CALENDAR_MAX_MS)
		ms = CALENDAR_MAX_MS;
	calendar_split(ms, &t);
	/* Bounded conversions: gcc checks the buffer against int ranges. */
	snprintf(out, CALENDAR_ISO_SIZE, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
	    (unsigned)t.year, t.month % 100u, t.day % 100u, t.hour % 100u,
	    t.minute % 100u, t.second % 100u, t.ms % 1000u);
}

/* The ISO form with a space for the 'T' and " UTC" for the 'Z'. */
void
calendar_show(int64_t ms, char out[CALENDAR_SHOW_SIZE], bool with_time)
{
	char iso[CALENDAR_ISO_SIZE];

	calendar_iso(ms, iso);
	iso[10] = '\0';
	iso[23] = '\0';
	if (with_time)
		snprintf(out, CALENDAR_SHOW_SIZE, "%s %s UTC", iso, iso + 11);
	else
		snprintf(out, CALENDAR_SHOW_SIZE, "%s", iso);
}

/* Read exactly n digits at s[*i]; false if any is not a digit. */
static bool
calendar_digits(const char *s, size_t len, size_t *i, unsigned n,
    int64_t *out)
{
	int64_t v = 0;

	if (len - *i < n)
		return false;
	for (unsigned k = 0; k < n; k++) {
		char c = s[*i + k];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*i += n;
	*out = v;
	return true;
}

/* ISO 8601 with a required zone to UTC ms; sub-ms digits dropped. */
bool
calendar_parse_iso(const char *s, size_t len, int64_t *ms)
{
	/* Initialised: gcc -O3 cannot see calendar_digits() sets them. */
	int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
	int64_t frac = 0, zh = 0, zm = 0;
	size_t i = 0;
	int sign = 0;

	if (!calendar_digits(s, len, &i, 4, &y) || i >= len || s[i++] != '-' ||
	    !calendar_digits(s, len, &i, 2, &mo) || i >= len || s[i++] != '-' ||
	    !calendar_digits(s, len, &i, 2, &d) || i >= len || s[i++] != 'T' ||
	    !calendar_digits(s, len, &i, 2, &h) || i >= len || s[i++] != ':' ||
	    !calendar_digits(s, len, &i, 2, &mi) || i >= len || s[i++] != ':' ||
	    !calendar_digits(s, len, &i, 2, &sec))
		return false;
	if (i < len && s[i] == '.') {
		unsigned ndigits = 0;
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			/* Keep milliseconds; further digits are truncated. */
			if (ndigits < 3)
				frac = frac * 10 + (s[i] - '0');
			ndigits++;
			i++;
		}
		if (ndigits == 0)
			return false;
		for (; ndigits < 3; ndigits++)
			frac *= 10;
	}
	if (i >= len)
		return false; /* no zone */
	if (s[i] == 'Z') {
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		sign = s[i] == '+' ? 1 : -1;
		i++;
		if (!calendar_digits(s, len, &i, 2, &zh) || i >= len ||
		    s[i++] != ':' || !calendar_digits(s, len, &i, 2, &zm))
			return false;
		if (zh > 23 || zm > 59)
			return false;
	} else
		return false;
	if (i != len)
		return false;
	if (mo < 1 || mo > 12 || d < 1 ||
	    d > (int64_t)calendar_days_in_month(y, (unsigned)mo) ||
	    h > 23 || mi > 59 || sec > 59)
		return false;
	*ms = ((calendar_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + sec) - sign * (zh * 3600 + zm * 60)) * 1000 +
	    frac;
	return true;
}
