/*
 * timeline.c - catalog_timeline(): a result's items over time, by day,
 * week or month, and by hour of the day and weekday, counted in one pass
 * over the timestamp column; and the date: term of a run of its buckets,
 * so that a chart's selection becomes a query without the UI knowing how
 * dates are spelled; likewise the hour: and weekday: terms of the hour
 * and weekday charts.
 */
#include "catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "catalog_internal.h"
#include "fields.h"
#include "xmalloc.h"

/* Floor division for a possibly negative a (b > 0). */
static int64_t
timeline_floordiv(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* "YYYY-MM-DD" of day number d, clamped to the four-digit years. */
static void
timeline_day(int64_t d, char out[11])
{
	int64_t y;
	unsigned m, dd;

	if (d < calendar_day(CALENDAR_MIN_MS))
		d = calendar_day(CALENDAR_MIN_MS);
	if (d > calendar_day(CALENDAR_MAX_MS))
		d = calendar_day(CALENDAR_MAX_MS);
	calendar_civil_from_days(d, &y, &m, &dd);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, m % 100u,
	    dd % 100u);
}

/* "YYYY-MM" of month number mo (year * 12 + month - 1), clamped. */
static void
timeline_month(int64_t mo, char out[11])
{
	if (mo < 0)
		mo = 0;
	if (mo > 9999 * 12 + 11)
		mo = 9999 * 12 + 11;
	snprintf(out, 11, "%04u-%02u", (unsigned)(mo / 12) % 10000u,
	    (unsigned)(mo % 12) + 1);
}

/*
 * Count res's items per day from lo (days[d - lo]), per hour and per
 * weekday. False (corrupt) when a timestamp falls outside lo..hi: the
 * column is sorted newest first, so the ends of the result bound it.
 */
static bool
timeline_days(const struct catalog_result *res, const int64_t *ts, int64_t lo,
    int64_t hi, uint64_t *days, struct catalog_timeline *t)
{
	roaring_uint32_iterator_t *it = roaring_create_iterator(res->bm);
	uint32_t buf[1024], n;
	bool ok = true;

	while (ok && (n = roaring_read_uint32_iterator(it, buf, 1024)) > 0) {
		for (uint32_t i = 0; i < n; i++) {
			int64_t ms = ts[buf[i]], d = calendar_day(ms);

			if (d < lo || d > hi) {
				ok = false;
				break;
			}
			days[d - lo]++;
			t->hours[fields_hour(ms)]++;
			t->weekdays[fields_weekday(ms)]++;
		}
	}
	roaring_free_uint32_iterator(it);
	return ok;
}

/* The timeline of res in at most max_buckets buckets (caller frees). */
struct catalog_timeline *
catalog_timeline(struct catalog *cat, const struct catalog_result *res,
    size_t max_buckets, char **cause)
{
	struct catalog_timeline *t = xcalloc(1, sizeof *t);
	const int64_t *ts;
	int64_t lo, hi, first, nb;
	uint64_t *days = NULL;

	t->per = 1;
	t->total = res->count;
	if (max_buckets < 1)
		max_buckets = 1;
	if (res->count == 0)
		return t;
	if (!catalog_begin(cat, cause))
		goto fail;
	if ((ts = catalog_column(cat, LAYOUT_COL_TS, sizeof *ts, cause)) == NULL)
		goto fail_end;
	/* Ids run newest first: the first and last ids bound the days. */
	hi = calendar_day(ts[roaring_bitmap_minimum(res->bm)]);
	lo = calendar_day(ts[roaring_bitmap_maximum(res->bm)]);
	/*
	 * A damaged column could hold any number: only the four-digit
	 * years, so at most 3.7 million days (29 MB of counts) at worst.
	 */
	if (lo > hi || lo < calendar_day(CALENDAR_MIN_MS) ||
	    hi > calendar_day(CALENDAR_MAX_MS)) {
		catalog_corrupt(cat, "timestamps out of order or range", cause);
		goto fail_end;
	}
	days = xcalloc((size_t)(hi - lo + 1), sizeof *days);
	if (!timeline_days(res, ts, lo, hi, days, t)) {
		catalog_corrupt(cat, "timestamps out of order", cause);
		goto fail_end;
	}
	catalog_end(cat);

	/* The finest unit whose buckets fit; months are grouped if needed. */
	if ((uint64_t)(hi - lo + 1) <= max_buckets) {
		t->unit = CATALOG_UNIT_DAY;
		first = lo;
		nb = hi - lo + 1;
	} else if ((uint64_t)(timeline_floordiv(hi + 3, 7) -
	    timeline_floordiv(lo + 3, 7) + 1) <= max_buckets) {
		t->unit = CATALOG_UNIT_WEEK;
		first = timeline_floordiv(lo + 3, 7);
		nb = timeline_floordiv(hi + 3, 7) - first + 1;
	} else {
		t->unit = CATALOG_UNIT_MONTH;
		first = calendar_month(lo * CALENDAR_DAY_MS);
		nb = calendar_month(hi * CALENDAR_DAY_MS) - first + 1;
		t->per = (unsigned)((nb + (int64_t)max_buckets - 1) /
		    (int64_t)max_buckets);
		nb = (nb + t->per - 1) / t->per;
	}
	t->n = (size_t)nb;
	t->buckets = xcalloc(t->n + 1, sizeof *t->buckets);
	for (int64_t d = lo; d <= hi; d++) {
		int64_t b;

		if (days[d - lo] == 0)
			continue;
		if (t->unit == CATALOG_UNIT_DAY)
			b = d - first;
		else if (t->unit == CATALOG_UNIT_WEEK)
			b = timeline_floordiv(d + 3, 7) - first;
		else
			b = (calendar_month(d * CALENDAR_DAY_MS) - first) / t->per;
		t->buckets[b].count += days[d - lo];
	}
	for (size_t b = 0; b < t->n; b++) {
		struct catalog_timeline_bucket *k = &t->buckets[b];
		int64_t s = first + (int64_t)b * t->per;

		if (t->unit == CATALOG_UNIT_DAY) {
			timeline_day(s, k->from);
			timeline_day(s, k->to);
		} else if (t->unit == CATALOG_UNIT_WEEK) {
			timeline_day(s * 7 - 3, k->from);
			timeline_day(s * 7 + 3, k->to);
		} else {
			timeline_month(s, k->from);
			timeline_month(s + t->per - 1, k->to);
		}
		if (k->count > t->max)
			t->max = k->count;
	}
	free(days);
	return t;
fail_end:
	catalog_end(cat);
fail:
	free(days);
	catalog_timeline_free(t);
	return NULL;
}

/* Free a timeline. */
void
catalog_timeline_free(struct catalog_timeline *t)
{
	if (t == NULL)
		return;
	free(t->buckets);
	free(t);
}

/* The date: term of buckets i..j (owned), or NULL. */
char *
catalog_timeline_term(const struct catalog_timeline *t, size_t i, size_t j)
{
	const char *name = catalog_field_name(CATALOG_DATE);

	if (t == NULL || i >= t->n || j >= t->n)
		return NULL;
	if (i > j) {
		size_t k = i;
		i = j;
		j = k;
	}
	if (strcmp(t->buckets[i].from, t->buckets[j].to) == 0)
		return xasprintf("%s:%s", name, t->buckets[i].from);
	return xasprintf("%s:%s..%s", name, t->buckets[i].from,
	    t->buckets[j].to);
}

/* The value of hour or weekday i into out ("" for anything else). */
void
catalog_clock_value(enum catalog_field field, int i, char out[4])
{
	out[0] = '\0';
	if (field == CATALOG_HOUR && i >= 0 && i < 24)
		fields_hour_value(i, out);
	else if (field == CATALOG_WEEKDAY && i >= 0 && i < 7)
		snprintf(out, 4, "%s", fields_weekday_name(i));
}

/* The hour: or weekday: term of i..j (owned), or NULL. */
char *
catalog_clock_term(enum catalog_field field, int i, int j)
{
	char a[4], b[4];

	catalog_clock_value(field, i, a);
	catalog_clock_value(field, j, b);
	if (a[0] == '\0' || b[0] == '\0' || i > j)
		return NULL;
	if (i == j)
		return xasprintf("%s:%s", catalog_field_name(field), a);
	return xasprintf("%s:%s..%s", catalog_field_name(field), a, b);
}
