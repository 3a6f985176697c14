/*
 * chart.c - the charts of a result as lines of text (see chart.h).
 */
#include "chart.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calendar.h"
#include "sanitize.h"
#include "xmalloc.h"

#define CHART_TIMELINE_ROWS 8
#define CHART_NAME_COLS 22

/* Eighths of a cell, 1/8 .. 8/8, for horizontal and vertical bars. */
static const char *chart_hblocks[8] = { "\u258f", "\u258e", "\u258d",
    "\u258c", "\u258b", "\u258a", "\u2589", "\u2588" };
static const char *chart_vblocks[8] = { "\u2581", "\u2582", "\u2583",
    "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };

void
chart_lines_init(struct chart_lines *cl)
{
	cl->lines = NULL;
	cl->n = cl->cap = 0;
}

void
chart_lines_fini(struct chart_lines *cl)
{
	size_t i;

	for (i = 0; i < cl->n; i++)
		free(cl->lines[i].text);
	free(cl->lines);
	chart_lines_init(cl);
}

/* Append a line (takes ownership of text). */
static void
chart_add(struct chart_lines *cl, enum chart_style style, char *text)
{
	if (cl->n == cl->cap) {
		cl->cap = cl->cap ? cl->cap * 2 : 64;
		cl->lines = xreallocarray(cl->lines, cl->cap, sizeof *cl->lines);
	}
	cl->lines[cl->n].text = text;
	cl->lines[cl->n].style = style;
	cl->n++;
}

void
chart_addf(struct chart_lines *cl, enum chart_style style, const char *fmt,
    ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	chart_add(cl, style, s);
}

char *
chart_bar(uint64_t value, uint64_t max, int cols, int flags)
{
	struct buf b;
	uint64_t eighths;
	int i, full, part;

	buf_init(&b);
	if (cols < 0)
		cols = 0;
	eighths = max == 0 ? 0 : (uint64_t)((long double)value * cols * 8 / max);
	if (value > 0 && max > 0 && eighths == 0)
		eighths = 1; /* a non-zero count is never invisible */
	full = (int)(eighths / 8);
	part = (int)(eighths % 8);
	for (i = 0; i < full && i < cols; i++)
		buf_adds(&b, (flags & SANITIZE_ASCII) ? "#" :
		    chart_hblocks[7]);
	if (i < cols && part > 0) {
		buf_adds(&b, (flags & SANITIZE_ASCII) ? (part >= 4 ? "+" : ".") :
		    chart_hblocks[part - 1]);
		i++;
	}
	for (; i < cols; i++)
		buf_addc(&b, ' ');
	return buf_take(&b);
}

/* One "name  count  bar" row: name from the data (sanitized here). */
static void
chart_bar_row(struct chart_lines *out, const char *name, uint64_t count,
    uint64_t total, uint64_t max, int width, int flags)
{
	char *safe = sanitize_text(name, strlen(name), flags);
	char *fit = sanitize_fit(safe, CHART_NAME_COLS, true, flags);
	int barw = width - CHART_NAME_COLS - 18;
	char *bar = chart_bar(count, max, barw > 0 ? barw : 0, flags);

	chart_addf(out, CHART_BAR, "  %s %9" PRIu64 " %5.1f%% %s", fit, count,
	    total ? 100.0 * (double)count / (double)total : 0.0, bar);
	free(bar);
	free(fit);
	free(safe);
}

/* Floor division for possibly negative a. */
static int64_t
chart_floordiv(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* "YYYY-MM-DD" of the start of a bucket of the given unit into buf. */
static void
chart_bucket_label(int64_t bucket, int unit, char *buf, size_t len)
{
	int64_t y;
	unsigned m, d;

	if (unit == 2) {
		snprintf(buf, len, "%04u-%02u", (unsigned)(bucket / 12) % 10000u,
		    (unsigned)(bucket % 12) + 1);
		return;
	}
	calendar_civil_from_days(unit == 1 ? bucket * 7 - 3 : bucket, &y, &m, &d);
	/* Bounded conversions: gcc -O2 checks the buffer against int ranges. */
	snprintf(buf, len, "%04u-%02u-%02u", (unsigned)y % 10000u, m % 100u,
	    d % 100u);
}

/* The timeline histogram: items per day, week or month, fitting width. */
static bool
chart_timeline(struct catalog *cat, const struct catalog_result *res,
    int width, int flags, struct chart_lines *out, char **cause)
{
	static const char *units[] = { "day", "week", "month" };
	uint64_t n = catalog_result_count(res), *counts, max = 0;
	int64_t *ts = NULL, lo = INT64_MAX, hi = INT64_MIN, nb = 0, b, per;
	int64_t first = 0;
	int unit, cols = width - 12, row, col;
	char from[16], to[16];
	struct buf line;
	uint64_t i;

	if (n == 0) {
		chart_addf(out, CHART_TEXT, "  (no items)");
		return true;
	}
	if (!catalog_result_timestamps(cat, res, &ts, cause))
		return false;
	if (cols < 8)
		cols = 8;
	for (i = 0; i < n; i++) {
		lo = ts[i] < lo ? ts[i] : lo;
		hi = ts[i] > hi ? ts[i] : hi;
	}
	/* The finest unit whose buckets fit; months are grouped if needed. */
	for (unit = 0; unit < 3; unit++) {
		if (unit == 2) {
			first = calendar_month(lo);
			nb = calendar_month(hi) - first + 1;
		} else {
			int64_t d = unit == 1 ? 7 : 1, off = unit == 1 ? 3 : 0;

			first = chart_floordiv(calendar_day(lo) +
			    off, d);
			nb = chart_floordiv(calendar_day(hi) +
			    off, d) - first + 1;
		}
		if (nb <= cols)
			break;
	}
	if (unit == 3)
		unit = 2;
	per = (nb + cols - 1) / cols; /* buckets per column */
	nb = (nb + per - 1) / per;
	counts = xcalloc((size_t)nb, sizeof *counts);
	for (i = 0; i < n; i++) {
		if (unit == 2)
			b = calendar_month(ts[i]) - first;
		else
			b = chart_floordiv(calendar_day(ts[i]) +
			    (unit == 1 ? 3 : 0), unit == 1 ? 7 : 1) - first;
		b /= per;
		if (b >= 0 && b < nb && ++counts[b] > max)
			max = counts[b];
	}
	free(ts);
	chart_bucket_label(first, unit, from, sizeof from);
	chart_bucket_label(first + (nb * per) - 1, unit, to, sizeof to);
	chart_addf(out, CHART_HEADER, "Items per %s%s (%s .. %s)", units[unit],
	    per > 1 ? " group" : "", from, to);
	buf_init(&line);
	for (row = CHART_TIMELINE_ROWS - 1; row >= 0; row--) {
		if (row == CHART_TIMELINE_ROWS - 1)
			buf_addf(&line, "%9" PRIu64 " |", max);
		else
			buf_addf(&line, "%9s |", "");
		for (col = 0; col < nb; col++) {
			/* Eighths of this row covered by the column's count. */
			int64_t e = (int64_t)((long double)counts[col] *
			    CHART_TIMELINE_ROWS * 8 / (long double)max) -
			    row * 8;

			if (counts[col] > 0 && row == 0 && e < 1)
				e = 1;
			if (e <= 0)
				buf_addc(&line, ' ');
			else if (flags & SANITIZE_ASCII)
				buf_adds(&line, e >= 8 ? "#" : e >= 4 ? "+" :
				    ".");
			else
				buf_adds(&line, chart_vblocks[e >= 8 ? 7 :
				    e - 1]);
		}
		chart_add(out, CHART_BAR, buf_take(&line));
	}
	buf_addf(&line, "%9s +", "0");
	for (col = 0; col < nb; col++)
		buf_addc(&line, '-');
	chart_add(out, CHART_TEXT, buf_take(&line));
	buf_addf(&line, "%11s%s", "", from);
	for (col = (int)strlen(from); col < nb - (int)strlen(to); col++)
		buf_addc(&line, ' ');
	if (nb >= (int64_t)(strlen(from) + strlen(to) + 1))
		buf_adds(&line, to);
	chart_add(out, CHART_TEXT, buf_take(&line));
	free(counts);
	return true;
}

/* Top-N bars of each facet. */
static bool
chart_facets(struct catalog *cat, const struct catalog_result *res,
    double threshold, int width, size_t top, int flags,
    struct chart_lines *out, char **cause)
{
	uint64_t total = catalog_result_count(res);
	struct catalog_facet *f;
	size_t i;

	/* Every value facet of the field table; dates are charted above. */
	for (size_t field = 0; field < CATALOG_FIELD_COUNT; field++) {
		enum catalog_facet_kind kind =
		    catalog_field_desc((enum catalog_field)field)->facet;

		if (kind != CATALOG_FACET_TOP && kind != CATALOG_FACET_SCORED)
			continue;
		f = catalog_facet_count(cat, res, (enum catalog_field)field,
		    threshold, top, cause);
		if (f == NULL)
			return false;
		chart_add(out, CHART_TEXT, xstrdup(""));
		chart_addf(out, CHART_HEADER, "Top %s (%" PRIu64
		    " distinct%s)", catalog_field_name((enum catalog_field)field),
		    f->distinct,
		    kind == CATALOG_FACET_SCORED ?
		    ", once per item at the threshold" : ", top-1 prediction");
		for (i = 0; i < f->n; i++)
			chart_bar_row(out, f->values[i].value, f->values[i].count,
			    total, f->values[0].count, width, flags);
		if (f->n == 0)
			chart_addf(out, CHART_TEXT, "  (none)");
		catalog_facet_free(f);
	}
	return true;
}

/* The most frequent label over res at threshold (owned), or NULL. */
static char *
chart_top_label(struct catalog *cat, const struct catalog_result *res,
    double threshold)
{
	struct catalog_facet *f;
	char *label = NULL;

	f = catalog_facet_count(cat, res, CATALOG_LABEL, threshold, 1, NULL);
	if (f != NULL && f->n > 0)
		label = xstrdup(f->values[0].value);
	catalog_facet_free(f);
	return label;
}

bool
chart_report(struct catalog *cat, const struct catalog_result *res,
    double threshold, const char *label, int width, size_t top, int flags,
    struct chart_lines *out, char **cause)
{
	uint64_t total = catalog_result_count(res), hist[10], pc[6] = { 0 };
	uint64_t with_brand = 0, in_text = 0, max, low = 0, labelled = 0;
	uint64_t i;
	uint8_t *photos = NULL;
	char *own = NULL, *safe, name[16];
	int b;

	if (width < 40)
		width = 40;
	chart_addf(out, CHART_HEADER, "%" PRIu64 " items, confidence "
	    "threshold %g", total, threshold);
	chart_add(out, CHART_TEXT, xstrdup(""));
	if (!(flags & CHART_NO_TIMELINE) &&
	    !chart_timeline(cat, res, width, flags, out, cause))
		return false;
	if (!chart_facets(cat, res, threshold, width, top, flags, out, cause))
		return false;

	/* Confidence histogram of the label. */
	if (label == NULL)
		label = own = chart_top_label(cat, res, threshold);
	chart_add(out, CHART_TEXT, xstrdup(""));
	if (label != NULL) {
		if (!catalog_label_histogram(cat, res, label, 10, hist, cause)) {
			free(own);
			return false;
		}
		safe = sanitize_text(label, strlen(label), flags);
		chart_addf(out, CHART_HEADER, "Best confidence of label '%s' "
		    "per item", safe);
		free(safe);
		for (max = 0, b = 0; b < 10; b++)
			max = hist[b] > max ? hist[b] : max;
		for (b = 0; b < 10; b++) {
			labelled += hist[b];
			if ((b + 1) * 10 <= threshold)
				low += hist[b];
			snprintf(name, sizeof name, "%3d-%d%s", b * 10,
			    b * 10 + 10, b == 9 ? "" : ")");
			chart_bar_row(out, name, hist[b], total, max, width,
			    flags);
		}
	} else {
		chart_addf(out, CHART_HEADER, "No label to chart");
	}

	/* Photos per item. */
	if (total > 0 && !catalog_result_photo_counts(cat, res, &photos,
	    cause)) {
		free(own);
		return false;
	}
	for (i = 0; i < total; i++)
		pc[photos[i] > 5 ? 5 : photos[i]]++;
	free(photos);
	chart_add(out, CHART_TEXT, xstrdup(""));
	chart_addf(out, CHART_HEADER, "Photos per item");
	for (max = 0, b = 0; b < 6; b++)
		max = pc[b] > max ? pc[b] : max;
	for (b = 0; b < 6; b++) {
		snprintf(name, sizeof name, b == 5 ? "%d or more" : "%d", b);
		chart_bar_row(out, name, pc[b], total, max, width, flags);
	}

	/* Data quality. */
	if (!catalog_result_brand_in_text(cat, res, &with_brand, &in_text,
	    cause)) {
		free(own);
		return false;
	}
	chart_add(out, CHART_TEXT, xstrdup(""));
	chart_addf(out, CHART_HEADER, "Data quality");
	chart_addf(out, CHART_TEXT, "  top-1 brand found in the item's OCR "
	    "text: %" PRIu64 " of %" PRIu64 " items with a brand (%.1f%%)",
	    in_text, with_brand, with_brand ? 100.0 * (double)in_text /
	    (double)with_brand : 0.0);
	if (label != NULL) {
		safe = sanitize_text(label, strlen(label), flags);
		chart_addf(out, CHART_TEXT, "  label '%s' only below the "
		    "threshold (low-confidence top-1): %" PRIu64 " of %" PRIu64
		    " items with it (%.1f%%)", safe, low, labelled, labelled ?
		    100.0 * (double)low / (double)labelled : 0.0);
		free(safe);
	}
	free(own);
	return true;
}

void
chart_rows(struct chart_lines *out, const char *const *names,
    const uint64_t *counts, size_t n, uint64_t total, uint64_t max,
    int width, int flags)
{
	char **safe = xcalloc(n + 1, sizeof *safe);
	int namew = 1, barw;

	/* The names' column as wide as the widest name, up to 22. */
	for (size_t i = 0; i < n; i++) {
		safe[i] = sanitize_text(names[i], strlen(names[i]), flags);
		if (sanitize_width(safe[i]) > namew)
			namew = sanitize_width(safe[i]);
	}
	namew = namew > CHART_NAME_COLS ? CHART_NAME_COLS : namew;
	/* "  name count pct% bar": 2 + namew + 1 + 9 + 1 + 6 + 1 + bar. */
	barw = width - namew - 20;
	for (size_t i = 0; i < n; i++) {
		char *fit = sanitize_fit(safe[i], namew, true, flags);
		char *bar = chart_bar(counts[i], max, barw > 0 ? barw : 0, flags);
		char *line = xasprintf("  %s %9" PRIu64 " %5.1f%% %s", fit,
		    counts[i], total ? 100.0 * (double)counts[i] /
		    (double)total : 0.0, bar);

		chart_add(out, CHART_BAR, sanitize_fit(line, width, true, flags));
		free(line);
		free(bar);
		free(fit);
		free(safe[i]);
	}
	free(safe);
}

void
chart_columns(struct chart_lines *out, const uint64_t *counts, size_t n,
    uint64_t max, int rows, int flags)
{
	struct buf line;

	buf_init(&line);
	for (int row = rows - 1; row >= 0; row--) {
		if (row == rows - 1)
			buf_addf(&line, "%9" PRIu64 " |", max);
		else
			buf_addf(&line, "%9s |", "");
		for (size_t col = 0; col < n; col++) {
			/* Eighths of this row covered by the column's count. */
			int64_t e = max == 0 ? 0 : (int64_t)((long double)
			    counts[col] * rows * 8 / (long double)max) - row * 8;

			if (counts[col] > 0 && row == 0 && e < 1)
				e = 1; /* a non-zero count is never invisible */
			if (e <= 0)
				buf_addc(&line, ' ');
			else if (flags & SANITIZE_ASCII)
				buf_adds(&line, e >= 8 ? "#" : e >= 4 ? "+" :
				    ".");
			else
				buf_adds(&line, chart_vblocks[e >= 8 ? 7 :
				    e - 1]);
		}
		chart_add(out, CHART_BAR, buf_take(&line));
	}
	buf_addf(&line, "%9s +", "0");
	for (size_t col = 0; col < n; col++)
		buf_addc(&line, '-');
	chart_add(out, CHART_TEXT, buf_take(&line));
}
