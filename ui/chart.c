/*
 * chart.c - the charts of a result, as data and as lines of text (see
 * chart.h).
 */
#include "chart.h"

#include <inttypes.h>
#include <math.h>
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
/*
 * Timeline buckets: the finest unit with at most this many; a text chart
 * sums neighbours into its columns, a plot draws them all.
 */
#define CHART_TIMELINE_MAX 2000
/* Labels considered for the default label histogram. */
#define CHART_PICK_LABELS 12

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

/* Append a line (takes ownership of text) whose bar is [from, to). */
static void
chart_add_bar(struct chart_lines *cl, enum chart_style style, char *text,
    size_t from, size_t to)
{
	if (cl->n == cl->cap) {
		cl->cap = cl->cap ? cl->cap * 2 : 64;
		cl->lines = xreallocarray(cl->lines, cl->cap, sizeof *cl->lines);
	}
	cl->lines[cl->n].text = text;
	cl->lines[cl->n].style = style;
	cl->lines[cl->n].bar_from = from;
	cl->lines[cl->n].bar_to = to;
	cl->lines[cl->n].bar2_from = 0;
	cl->lines[cl->n].bar2_to = 0;
	cl->n++;
}

/* Append a line without a bar (takes ownership of text). */
static void
chart_add(struct chart_lines *cl, enum chart_style style, char *text)
{
	chart_add_bar(cl, style, text, 0, 0);
}

void
chart_add_line(struct chart_lines *cl, const struct chart_line *l)
{
	chart_add_bar(cl, l->style, xstrdup(l->text), l->bar_from, l->bar_to);
	cl->lines[cl->n - 1].bar2_from = l->bar2_from;
	cl->lines[cl->n - 1].bar2_to = l->bar2_to;
}

void
chart_add_pair(struct chart_lines *cl, const struct chart_line *left,
    int left_width, const struct chart_line *right)
{
	size_t lw, gap;
	char *text;

	/* The right chart starts at a column: pad the left to its width. */
	gap = (size_t)(left_width > sanitize_width(left->text) ?
	    left_width - sanitize_width(left->text) : 0) + 2;
	lw = strlen(left->text);
	text = xasprintf("%s%*s%s", left->text, (int)gap, "",
	    right != NULL ? right->text : "");
	chart_add_bar(cl, left->style == CHART_HEADER ? CHART_HEADER :
	    CHART_TEXT, text, left->bar_from, left->bar_to);
	if (right != NULL && right->bar_from < right->bar_to) {
		cl->lines[cl->n - 1].bar2_from = lw + gap + right->bar_from;
		cl->lines[cl->n - 1].bar2_to = lw + gap + right->bar_to;
	}
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

/* The display width of s[0..len). */
static int
chart_width_n(const char *s, size_t len)
{
	char *t = xstrndup(s, len);
	int w = sanitize_width(t);

	free(t);
	return w;
}

void
chart_add_wrapped(struct chart_lines *cl, enum chart_style style,
    const char *text, int width, int indent, int flags)
{
	struct buf line;
	const char *p;
	int lead = 0, used, ww, gap = 0;
	bool first = true;            /* no word on the line yet */

	while (text[lead] == ' ')
		lead++;
	buf_init(&line);
	buf_add(&line, text, (size_t)lead);
	used = lead;
	p = text + lead;
	while (*p != '\0') {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		ww = chart_width_n(p, len);
		if (!first && used + gap + ww > width) {
			chart_add(cl, style, buf_take(&line));
			buf_init(&line);
			for (used = 0; used < lead + indent; used++)
				buf_addc(&line, ' ');
			first = true;
		}
		/* Within a line the text's own spacing stays (columns). */
		for (; !first && gap > 0; gap--, used++)
			buf_addc(&line, ' ');
		if (used + ww > width) {
			/* One word wider than the line: cut it. */
			char *w = xstrndup(p, len);
			char *fit = sanitize_fit(w, width - used > 1 ?
			    width - used : 1, false, flags);

			buf_adds(&line, fit);
			used += sanitize_width(fit);
			free(fit);
			free(w);
		} else {
			buf_add(&line, p, len);
			used += ww;
		}
		first = false;
		p += len;
		for (gap = 0; *p == ' '; p++)
			gap++;
	}
	chart_add(cl, style, buf_take(&line));
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

uint64_t
chart_nice_step(uint64_t max, int ticks, uint64_t *top)
{
	uint64_t pow = 1, step;
	double raw;

	if (ticks < 1)
		ticks = 1;
	if (max == 0)
		max = 1;
	raw = (double)max / ticks;
	while ((double)pow * 10 <= raw && pow <= UINT64_MAX / 10)
		pow *= 10;
	/* The smallest of 1, 2, 5, 10 times pow that reaches raw. */
	if ((double)pow >= raw)
		step = pow;
	else if ((double)pow * 2 >= raw)
		step = pow * 2;
	else if ((double)pow * 5 >= raw)
		step = pow * 5;
	else
		step = pow * 10;
	if (top != NULL)
		*top = (max + step - 1) / step * step;
	return step;
}

/* ------------------------------------------------------------------ */
/* Charts as data                                                      */

void
chart_set_init(struct chart_set *cs)
{
	cs->charts = NULL;
	cs->n = cs->cap = 0;
}

/* Free the strings of an array of n (NULLs allowed), and the array. */
static void
chart_free_strings(char **s, size_t n)
{
	size_t i;

	for (i = 0; s != NULL && i < n; i++)
		free(s[i]);
	free(s);
}

void
chart_set_fini(struct chart_set *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		struct chart *c = &cs->charts[i];

		free(c->title);
		free(c->slug);
		chart_free_strings(c->names, c->n);
		chart_free_strings(c->colnames, c->ncols);
		free(c->counts);
		free(c->totals);
	}
	free(cs->charts);
	chart_set_init(cs);
}

struct chart *
chart_set_add(struct chart_set *cs, enum chart_kind kind, const char *slug,
    const char *title)
{
	struct chart *c;

	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 16;
		cs->charts = xreallocarray(cs->charts, cs->cap,
		    sizeof *cs->charts);
	}
	c = &cs->charts[cs->n++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->slug = xstrdup(slug);
	c->title = xstrdup(title);
	return c;
}

/* Append a text line (takes ownership) to a NOTE chart. */
static void
chart_note(struct chart *c, char *line)
{
	c->names = xreallocarray(c->names, c->n + 1, sizeof *c->names);
	c->names[c->n++] = line;
}

/* A terminal-safe copy of data s (owned). */
static char *
chart_safe(const char *s, int flags)
{
	return sanitize_text(s, strlen(s), flags);
}

struct chart *
chart_set_bars(struct chart_set *cs, const char *slug, const char *title,
    const char *const *names, const uint64_t *counts, size_t n,
    uint64_t total, int flags)
{
	struct chart *c = chart_set_add(cs, CHART_KIND_BARS, slug, title);
	size_t i;

	c->n = n;
	c->names = xcalloc(n + 1, sizeof *c->names);
	c->counts = xcalloc(n + 1, sizeof *c->counts);
	for (i = 0; i < n; i++) {
		c->names[i] = chart_safe(names[i], flags);
		c->counts[i] = counts[i];
	}
	c->total = total;
	return c;
}

struct chart *
chart_set_crosstab(struct chart_set *cs, const struct catalog_crosstab *x,
    size_t ncols, int flags)
{
	char *title = xasprintf("%s by %s (items with both)",
	    catalog_field_name(x->rows.field), catalog_field_name(x->cols.field));
	char *slug = xasprintf("crosstab-%s-%s",
	    catalog_field_name(x->rows.field), catalog_field_name(x->cols.field));
	struct chart *c = chart_set_add(cs, CHART_KIND_HEAT, slug, title);
	size_t i, j;

	free(title);
	free(slug);
	if (ncols == 0 || ncols > x->cols.n)
		ncols = x->cols.n;
	c->n = x->rows.n;
	c->ncols = ncols;
	c->names = xcalloc(c->n + 1, sizeof *c->names);
	c->totals = xcalloc(c->n + 1, sizeof *c->totals);
	c->colnames = xcalloc(ncols + 1, sizeof *c->colnames);
	c->counts = xcalloc(c->n * ncols + 1, sizeof *c->counts);
	for (i = 0; i < c->n; i++) {
		c->names[i] = chart_safe(x->rows.labels[i], flags);
		c->totals[i] = x->rows.totals[i];
		for (j = 0; j < ncols; j++)
			c->counts[i * ncols + j] = x->counts[i * x->cols.n + j];
	}
	for (j = 0; j < ncols; j++)
		c->colnames[j] = chart_safe(x->cols.labels[j], flags);
	c->total = x->total;
	return c;
}

/* Floor division for possibly negative a. */
static int64_t
chart_floordiv(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The date of the first day of a bucket of unit (0 day, 1 week, 2 month). */
static void
chart_bucket_date(int64_t bucket, int unit, int64_t *y, unsigned *m,
    unsigned *d)
{
	if (unit == 2) {
		*y = chart_floordiv(bucket, 12);
		*m = (unsigned)(bucket - *y * 12) + 1;
		*d = 1;
		return;
	}
	calendar_civil_from_days(unit == 1 ? bucket * 7 - 3 : bucket, y, m, d);
}

/* "YYYY-MM-DD" (or "YYYY-MM" for months) of a bucket's start into buf. */
static void
chart_bucket_label(int64_t bucket, int unit, char *buf, size_t len)
{
	int64_t y;
	unsigned m, d;

	chart_bucket_date(bucket, unit, &y, &m, &d);
	/* Bounded conversions: gcc -O2 checks the buffer against int ranges. */
	if (unit == 2)
		snprintf(buf, len, "%04u-%02u", (unsigned)y % 10000u, m % 100u);
	else
		snprintf(buf, len, "%04u-%02u-%02u", (unsigned)y % 10000u,
		    m % 100u, d % 100u);
}

/* The bucket of time ms in unit, first subtracted. */
static int64_t
chart_bucket_of(int64_t ms, int unit)
{
	if (unit == 2)
		return calendar_month(ms);
	return chart_floordiv(calendar_day(ms) + (unit == 1 ? 3 : 0),
	    unit == 1 ? 7 : 1);
}

/*
 * The timeline: items per day, week or month (the finest unit with at
 * most CHART_TIMELINE_MAX buckets; months are grouped beyond that), each
 * bucket starting a month (a year, for months) named on the axis.
 */
static bool
chart_collect_timeline(struct catalog *cat, const struct catalog_result *res,
    struct chart_set *out, char **cause)
{
	static const char *units[] = { "day", "week", "month" };
	uint64_t n = catalog_result_count(res), i;
	int64_t *ts = NULL, lo = INT64_MAX, hi = INT64_MIN, nb = 0, first = 0;
	int64_t per = 1, b, y;
	unsigned mo, d, pm = 0;
	int unit;
	char from[16], to[16], *title;
	struct chart *c;

	if (n == 0) {
		c = chart_set_add(out, CHART_KIND_NOTE, "timeline",
		    "Items over time");
		chart_note(c, xstrdup("  (no items)"));
		return true;
	}
	if (!catalog_result_timestamps(cat, res, &ts, cause))
		return false;
	for (i = 0; i < n; i++) {
		lo = ts[i] < lo ? ts[i] : lo;
		hi = ts[i] > hi ? ts[i] : hi;
	}
	for (unit = 0; unit < 3; unit++) {
		first = chart_bucket_of(lo, unit);
		nb = chart_bucket_of(hi, unit) - first + 1;
		if (nb <= CHART_TIMELINE_MAX)
			break;
	}
	if (unit == 3) {
		unit = 2;
		per = (nb + CHART_TIMELINE_MAX - 1) / CHART_TIMELINE_MAX;
		nb = (nb + per - 1) / per;
	}
	chart_bucket_label(first, unit, from, sizeof from);
	chart_bucket_label(first + nb * per - 1, unit, to, sizeof to);
	if (per > 1)
		title = xasprintf("Items over time (%s .. %s, by %" PRId64
		    " months)", from, to, per);
	else
		title = xasprintf("Items over time (%s .. %s, by %s)", from, to,
		    units[unit]);
	c = chart_set_add(out, CHART_KIND_COLUMNS, "timeline", title);
	free(title);
	c->n = (size_t)nb;
	c->counts = xcalloc((size_t)nb, sizeof *c->counts);
	c->names = xcalloc((size_t)nb, sizeof *c->names);
	c->total = n;
	c->unit = per > 1 ? "month" : units[unit];
	c->per = (unsigned)per;
	for (i = 0; i < n; i++) {
		b = (chart_bucket_of(ts[i], unit) - first) / per;
		if (b >= 0 && b < nb)
			c->counts[b]++;
	}
	free(ts);
	/* Axis names: where a month (or, counting months, a year) begins. */
	for (b = 0; b < nb; b++) {
		chart_bucket_date(first + b * per, unit, &y, &mo, &d);
		if (b == 0 || (unit < 2 && mo != pm))
			c->names[b] = xasprintf("%04u-%02u", (unsigned)y % 10000u,
			    mo % 100u);
		else if (unit == 2 && mo <= (unsigned)per)
			c->names[b] = xasprintf("%04u", (unsigned)y % 10000u);
		pm = mo;
	}
	return true;
}

/* Top-N bars of each facet of the field table (dates are the timeline). */
static bool
chart_collect_facets(struct catalog *cat, const struct catalog_result *res,
    double threshold, size_t top, int flags, struct chart_set *out,
    char **cause)
{
	uint64_t total = catalog_result_count(res);
	struct catalog_facet *f;
	struct chart *c;
	char *title;
	size_t i;

	for (size_t field = 0; field < CATALOG_FIELD_COUNT; field++) {
		enum catalog_facet_kind kind =
		    catalog_field_desc((enum catalog_field)field)->facet;
		const char *name = catalog_field_name((enum catalog_field)field);

		if (kind != CATALOG_FACET_TOP && kind != CATALOG_FACET_SCORED)
			continue;
		f = catalog_facet_count(cat, res, (enum catalog_field)field,
		    threshold, top, cause);
		if (f == NULL)
			return false;
		title = xasprintf("Top %s (%" PRIu64 " distinct%s)", name,
		    f->distinct, kind == CATALOG_FACET_SCORED ?
		    ", once per item at the threshold" : ", top-1 prediction");
		c = chart_set_add(out, CHART_KIND_BARS, name, title);
		free(title);
		c->n = f->n;
		c->names = xcalloc(f->n + 1, sizeof *c->names);
		c->counts = xcalloc(f->n + 1, sizeof *c->counts);
		c->total = total;
		for (i = 0; i < f->n; i++) {
			c->names[i] = chart_safe(f->values[i].value, flags);
			c->counts[i] = f->values[i].count;
		}
		catalog_facet_free(f);
	}
	return true;
}

/* The spread (standard deviation, in bins) of a 10-bin histogram. */
static double
chart_spread(const uint64_t *hist, int nbins)
{
	double n = 0, sum = 0, sq = 0, mean;
	int b;

	for (b = 0; b < nbins; b++) {
		n += (double)hist[b];
		sum += (double)hist[b] * b;
		sq += (double)hist[b] * b * b;
	}
	if (n == 0)
		return -1;
	mean = sum / n;
	return sqrt(sq / n - mean * mean > 0 ? sq / n - mean * mean : 0);
}

char *
chart_pick_label(struct catalog *cat, const struct catalog_result *res,
    double threshold)
{
	struct catalog_facet *f;
	uint64_t hist[10];
	double best = -1, s;
	char *label = NULL;
	size_t i, pick = 0;

	f = catalog_facet_count(cat, res, CATALOG_LABEL, threshold,
	    CHART_PICK_LABELS, NULL);
	if (f == NULL || f->n == 0) {
		catalog_facet_free(f);
		return NULL;
	}
	for (i = 0; i < f->n; i++) {
		/* A handful of items has a spread by chance: skip the rare. */
		if (i > 0 && f->values[i].count * 20 < f->values[0].count)
			break;
		if (!catalog_label_histogram(cat, res, f->values[i].value, 10,
		    hist, NULL))
			continue;
		s = chart_spread(hist, 10);
		if (s > best + 1e-9) {
			best = s;
			pick = i;
		}
	}
	label = xstrdup(f->values[pick].value);
	catalog_facet_free(f);
	return label;
}

bool
chart_collect(struct catalog *cat, const struct catalog_result *res,
    double threshold, const char *label, size_t top, int flags,
    struct chart_set *out, char **cause)
{
	uint64_t total = catalog_result_count(res), hist[10], pc[6] = { 0 };
	uint64_t with_brand = 0, in_text = 0, low = 0, labelled = 0, i;
	uint8_t *photos = NULL;
	char *own = NULL, *safe, *title, names[10][16], pnames[6][16];
	const char *np[10];
	const char *dash = (flags & SANITIZE_ASCII) ? "-" : "\u2013";
	struct chart *c;
	int b;

	title = xasprintf("%" PRIu64 " items, confidence threshold %g", total,
	    threshold);
	chart_set_add(out, CHART_KIND_NOTE, "summary", title);
	free(title);
	/* The browser draws a timeline of its own (chartview.c). */
	if (!(flags & CHART_NO_TIMELINE) &&
	    !chart_collect_timeline(cat, res, out, cause))
		return false;
	if (!chart_collect_facets(cat, res, threshold, top, flags, out, cause))
		return false;

	/* Confidence histogram of the label. */
	if (label == NULL)
		label = own = chart_pick_label(cat, res, threshold);
	if (label != NULL) {
		if (!catalog_label_histogram(cat, res, label, 10, hist, cause)) {
			free(own);
			return false;
		}
		for (b = 0; b < 10; b++) {
			labelled += hist[b];
			if ((b + 1) * 10 <= threshold)
				low += hist[b];
			snprintf(names[b], sizeof names[b], "%d%s%d", b * 10,
			    dash, b * 10 + 10);
			np[b] = names[b];
		}
		safe = chart_safe(label, flags);
		title = xasprintf("Best confidence of label '%s' per item",
		    safe);
		chart_set_bars(out, "confidence", title, np, hist, 10, total,
		    flags);
		free(title);
		free(safe);
	} else {
		chart_set_add(out, CHART_KIND_NOTE, "confidence",
		    "No label to chart");
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
	for (b = 0; b < 6; b++) {
		snprintf(pnames[b], sizeof pnames[b], b == 5 ? "%d or more" : "%d",
		    b);
		np[b] = pnames[b];
	}
	chart_set_bars(out, "photos", "Photos per item", np, pc, 6, total,
	    flags);

	/* Data quality. */
	if (!catalog_result_brand_in_text(cat, res, &with_brand, &in_text,
	    cause)) {
		free(own);
		return false;
	}
	c = chart_set_add(out, CHART_KIND_NOTE, "quality", "Data quality");
	chart_note(c, xasprintf("  top-1 brand found in the item's OCR text: %"
	    PRIu64 " of %" PRIu64 " items with a brand (%.1f%%)", in_text,
	    with_brand, with_brand ? 100.0 * (double)in_text /
	    (double)with_brand : 0.0));
	if (label != NULL) {
		safe = chart_safe(label, flags);
		chart_note(c, xasprintf("  label '%s' only below the threshold "
		    "(low-confidence top-1): %" PRIu64 " of %" PRIu64 " items "
		    "with it (%.1f%%)", safe, low, labelled, labelled ? 100.0 *
		    (double)low / (double)labelled : 0.0));
		free(safe);
	}
	free(own);
	return true;
}

/* ------------------------------------------------------------------ */
/* Charts as text                                                      */

/* Decimal digits of v. */
static int
chart_digits(uint64_t v)
{
	int d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/*
 * BARS: "  name  count  pct% bar", the name column as wide as the
 * widest name (at most CHART_NAME_COLS, less when the width is short),
 * the bar taking the rest of the width.
 */
static void
chart_render_bars(const struct chart *c, int width, int flags,
    struct chart_lines *out)
{
	uint64_t max = 0;
	int namew = 1, cw, pw, barw, w;
	size_t i;

	if (c->n == 0) {
		chart_addf(out, CHART_TEXT, "  (none)");
		return;
	}
	for (i = 0; i < c->n; i++) {
		max = c->counts[i] > max ? c->counts[i] : max;
		w = sanitize_width(c->names[i]);
		namew = w > namew ? w : namew;
	}
	if (namew > CHART_NAME_COLS)
		namew = CHART_NAME_COLS;
	cw = chart_digits(max);
	pw = c->total > 0 ? 7 : 0;    /* " 100.0%" */
	barw = width - 2 - namew - 1 - cw - pw - 1;
	/* A short line: the name gives way first, down to 6 columns. */
	if (barw < 10 && namew > 6) {
		namew -= 10 - barw;
		if (namew < 6)
			namew = 6;
		barw = width - 2 - namew - 1 - cw - pw - 1;
	}
	for (i = 0; i < c->n; i++) {
		char *fit = sanitize_fit(c->names[i], namew, true, flags);
		char *bar = barw > 0 ? chart_bar(c->counts[i], max, barw,
		    flags) : xstrdup("");
		struct buf b;
		size_t from;

		buf_init(&b);
		buf_addf(&b, "  %s %*" PRIu64, fit, cw, c->counts[i]);
		if (pw > 0)
			buf_addf(&b, " %5.1f%%", 100.0 * (double)c->counts[i] /
			    (double)c->total);
		if (barw > 0)
			buf_addc(&b, ' ');
		from = b.len;
		buf_adds(&b, bar);
		chart_add_bar(out, CHART_TEXT, buf_take(&b), from, from +
		    strlen(bar));
		free(bar);
		free(fit);
	}
}

/*
 * COLUMNS: CHART_TIMELINE_ROWS rows of eighth blocks over a y axis with
 * nice ticks, an x axis, and the columns' names under it where they fit.
 * More counts than columns are summed in groups; fewer are widened.
 */
static void
chart_render_columns(const struct chart *c, int width, int flags,
    struct chart_lines *out)
{
	bool ascii = flags & SANITIZE_ASCII;
	uint64_t *sums = NULL, max = 0, top, step;
	size_t g, m, i, k;
	int yl, cols, colw, row, x, tickrow[CHART_TIMELINE_ROWS];
	char lab[32];
	struct buf line, names;

	cols = width - 4;             /* a first guess at the y labels */
	g = ((c->n > 0 ? c->n : 1) + (size_t)cols - 1) / (size_t)cols;
	for (;;) {
		m = (c->n + g - 1) / g;
		free(sums);
		sums = xcalloc(m + 1, sizeof *sums);
		for (i = 0; i < c->n; i++)
			sums[i / g] += c->counts[i];
		for (max = 0, i = 0; i < m; i++)
			max = sums[i] > max ? sums[i] : max;
		/*
		 * Ticks on row edges: 1, 2 or 4 steps up the 8 rows, so
		 * every tick names exactly the height of its row.
		 */
		step = chart_nice_step(max, 4, &top);
		k = (size_t)(top / step);
		if (k == 3)
			k = 4;
		top = step * k;
		yl = chart_digits(top);
		cols = width - yl - 2;
		if (cols < 1)
			cols = 1;
		if (m <= (size_t)cols)
			break;
		g++;
	}
	colw = m > 0 ? cols / (int)m : 1;
	if (colw < 1)
		colw = 1;
	if (colw > 4)
		colw = 4;                 /* wider columns read as bars, not time */
	for (row = 0; row < CHART_TIMELINE_ROWS; row++)
		tickrow[row] = (row + 1) % (CHART_TIMELINE_ROWS / (int)k) == 0;
	if (g > 1 && c->unit != NULL)
		chart_add(out, CHART_TEXT, xasprintf("  (a column: %zu %ss)",
		    g * (c->per ? c->per : 1), c->unit));
	buf_init(&line);
	for (row = CHART_TIMELINE_ROWS - 1; row >= 0; row--) {
		size_t from;

		if (tickrow[row]) {
			uint64_t tv = (uint64_t)(row + 1) * top /
			    CHART_TIMELINE_ROWS;

			buf_addf(&line, "%*" PRIu64 " %s", yl, tv,
			    ascii ? "+" : "\u2524");
		} else {
			buf_addf(&line, "%*s %s", yl, "", ascii ? "|" :
			    "\u2502");
		}
		from = line.len;
		for (i = 0; i < m; i++) {
			/* Eighths of this row covered by the column's sum. */
			int64_t e = top == 0 ? 0 : (int64_t)((long double)sums[i] *
			    CHART_TIMELINE_ROWS * 8 / (long double)top) - row * 8;
			const char *glyph;

			if (sums[i] > 0 && row == 0 && e < 1)
				e = 1;
			if (e <= 0)
				glyph = " ";
			else if (ascii)
				glyph = e >= 8 ? "#" : e >= 4 ? "+" : ".";
			else
				glyph = chart_vblocks[e >= 8 ? 7 : e - 1];
			for (x = 0; x < colw; x++)
				buf_adds(&line, glyph);
		}
		chart_add_bar(out, CHART_TEXT, buf_take(&line), from, 0);
		out->lines[out->n - 1].bar_to = strlen(out->lines[out->n - 1].text);
	}
	/* The x axis, a tick under each named column, the names below. */
	buf_init(&names);
	buf_addf(&line, "%*s %s", yl, "0", ascii ? "+" : "\u2514");
	x = yl + 2;
	k = 0;                        /* the next free column for a name */
	for (i = 0; i < m; i++) {
		const char *name = NULL;
		size_t j;

		for (j = i * g; j < (i + 1) * g && j < c->n; j++) {
			if (c->names != NULL && c->names[j] != NULL) {
				name = c->names[j];
				break;
			}
		}
		if (name != NULL && (size_t)x >= k &&
		    x + sanitize_width(name) <= width) {
			while ((int)(names.len) < x)
				buf_addc(&names, ' ');
			buf_adds(&names, name);
			k = (size_t)(x + sanitize_width(name) + 2);
			snprintf(lab, sizeof lab, "%s", ascii ? "+" : "\u252c");
		} else {
			snprintf(lab, sizeof lab, "%s", ascii ? "-" : "\u2500");
		}
		buf_adds(&line, lab);
		for (int e = 1; e < colw; e++)
			buf_adds(&line, ascii ? "-" : "\u2500");
		x += colw;
	}
	chart_add(out, CHART_TEXT, buf_take(&line));
	chart_add(out, CHART_TEXT, buf_take(&names));
	free(sums);
}

/* HEAT as text: an aligned table of counts, as many columns as fit. */
static void
chart_render_heat(const struct chart *c, int width, int flags,
    struct chart_lines *out)
{
	int lw = 18, cw = 9, fit;
	size_t ncols, i, j;
	struct buf b;

	fit = (width - lw - 1 - cw) / (cw + 1);
	ncols = fit < 1 ? 1 : (size_t)fit < c->ncols ? (size_t)fit : c->ncols;
	buf_init(&b);
	buf_addf(&b, "%*s ", lw, "");
	for (j = 0; j < ncols; j++) {
		char *cell = sanitize_fit(c->colnames[j], cw, false, flags);

		buf_addf(&b, "%*s%s ", cw - sanitize_width(cell), "", cell);
		free(cell);
	}
	buf_addf(&b, "%*s", cw, "total");
	chart_add(out, CHART_HEADER, buf_take(&b));
	for (i = 0; i < c->n; i++) {
		char *cell = sanitize_fit(c->names[i], lw, true, flags);

		buf_init(&b);
		buf_addf(&b, "%s ", cell);
		for (j = 0; j < ncols; j++)
			buf_addf(&b, "%*" PRIu64 " ", cw, c->counts[i * c->ncols + j]);
		buf_addf(&b, "%*" PRIu64, cw, c->totals[i]);
		chart_add(out, CHART_TEXT, buf_take(&b));
		free(cell);
	}
	if (ncols < c->ncols)
		chart_addf(out, CHART_TEXT, "(%zu more columns: --width)",
		    c->ncols - ncols);
}

void
chart_render(const struct chart *c, int width, int flags,
    struct chart_lines *out)
{
	size_t i;

	if (width < 20)
		width = 20;
	chart_add_wrapped(out, CHART_HEADER, c->title, width, 2, flags);
	switch (c->kind) {
	case CHART_KIND_NOTE:
		for (i = 0; i < c->n; i++)
			chart_add_wrapped(out, CHART_TEXT, c->names[i], width, 2,
			    flags);
		break;
	case CHART_KIND_BARS:
		chart_render_bars(c, width, flags, out);
		break;
	case CHART_KIND_COLUMNS:
		chart_render_columns(c, width, flags, out);
		break;
	case CHART_KIND_HEAT:
		chart_render_heat(c, width, flags, out);
		break;
	}
}

void
chart_render_set(const struct chart_set *cs, int width, int flags,
    struct chart_lines *out)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		if (i > 0)
			chart_add(out, CHART_TEXT, xstrdup(""));
		chart_render(&cs->charts[i], width, flags, out);
	}
}

bool
chart_report(struct catalog *cat, const struct catalog_result *res,
    double threshold, const char *label, int width, size_t top, int flags,
    struct chart_lines *out, char **cause)
{
	struct chart_set cs;
	bool ok;

	chart_set_init(&cs);
	ok = chart_collect(cat, res, threshold, label, top, flags, &cs, cause);
	if (ok)
		chart_render_set(&cs, width, flags, out);
	chart_set_fini(&cs);
	return ok;
}

/* Rows of plain data (chart.h), for the browser's own charts. */
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
		char *head = xasprintf("  %s %9" PRIu64 " %5.1f%% ", fit,
		    counts[i], total ? 100.0 * (double)counts[i] /
		    (double)total : 0.0);
		char *line = xasprintf("%s%s", head, bar);
		char *shown = sanitize_fit(line, width, true, flags);
		size_t from = strlen(head), to = from + strlen(bar);

		/* Names, counts and shares in the text colour; the bar in its own. */
		if (to > strlen(shown))
			to = strlen(shown);
		chart_add_bar(out, CHART_TEXT, shown, from < to ? from : 0,
		    from < to ? to : 0);
		free(head);
		free(line);
		free(bar);
		free(fit);
		free(safe[i]);
	}
	free(safe);
}

void
chart_clock_rows(const struct catalog_timeline *t, struct chart_lines *hours,
    int hours_width, struct chart_lines *days, int days_width, int flags)
{
	const char *hn[24], *dn[7];
	char names[31][4];
	uint64_t hmax = 0, dmax = 0;

	for (int h = 0; h < 24; h++) {
		catalog_clock_value(CATALOG_HOUR, h, names[h]);
		hn[h] = names[h];
		hmax = t->hours[h] > hmax ? t->hours[h] : hmax;
	}
	for (int d = 0; d < 7; d++) {
		catalog_clock_value(CATALOG_WEEKDAY, d, names[24 + d]);
		dn[d] = names[24 + d];
		dmax = t->weekdays[d] > dmax ? t->weekdays[d] : dmax;
	}
	chart_rows(hours, hn, t->hours, 24, t->total, hmax, hours_width, flags);
	chart_rows(days, dn, t->weekdays, 7, t->total, dmax, days_width, flags);
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
