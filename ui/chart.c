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

#define CHART_TIMELINE_ROWS CHART_ROWS
#define CHART_NAME_COLS 22
/*
 * Timeline buckets (catalog_timeline): the finest unit with at most this
 * many; a text chart sums neighbours into its columns, a plot draws
 * them all.
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
	cl->lines[cl->n].bar2_from = cl->lines[cl->n].bar2_to = 0;
	cl->lines[cl->n].cursor = false;
	cl->n++;
}

/* Append a line without a bar (takes ownership of text). */
static void
chart_add(struct chart_lines *cl, enum chart_style style, char *text)
{
	chart_add_bar(cl, style, text, 0, 0);
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
		free(c->caption);
		chart_free_strings(c->names, c->n);
		chart_free_strings(c->colnames, c->ncols);
		free(c->counts);
		free(c->totals);
		free(c->coltotals);
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
	c->coltotals = xcalloc(ncols + 1, sizeof *c->coltotals);
	for (j = 0; j < ncols; j++) {
		c->colnames[j] = chart_safe(x->cols.labels[j], flags);
		c->coltotals[j] = x->cols.totals[j];
	}
	c->total = x->total;
	return c;
}

struct chart *
chart_set_timeline(struct chart_set *cs, const struct catalog_timeline *t)
{
	static const char *units[] = { "day", "week", "month" };
	struct chart *c;
	char *title, prev[8] = "";
	size_t b;

	if (t == NULL || t->n == 0) {
		c = chart_set_add(cs, CHART_KIND_NOTE, "timeline",
		    "Items over time");
		chart_note(c, xstrdup(t == NULL ? "  (counting...)" :
		    "  (no items)"));
		return c;
	}
	if (t->per > 1)
		title = xasprintf("Items over time (%s .. %s, by %u months)",
		    t->buckets[0].from, t->buckets[t->n - 1].to, t->per);
	else
		title = xasprintf("Items over time (%s .. %s, by %s)",
		    t->buckets[0].from, t->buckets[t->n - 1].to, units[t->unit]);
	c = chart_set_add(cs, CHART_KIND_COLUMNS, "timeline", title);
	free(title);
	c->n = t->n;
	c->counts = xcalloc(t->n, sizeof *c->counts);
	c->names = xcalloc(t->n, sizeof *c->names);
	c->total = t->total;
	c->unit = t->per > 1 ? "month" : units[t->unit];
	c->per = t->per;
	/*
	 * Axis names where a month begins ("2024-03"), or counting months,
	 * a year ("2024"). The buckets' days are "YYYY-MM-DD" or "YYYY-MM".
	 */
	for (b = 0; b < t->n; b++) {
		const char *from = t->buckets[b].from;
		unsigned mo = (unsigned)atoi(from + 5);

		c->counts[b] = t->buckets[b].count;
		if (b == 0 || (t->unit != CATALOG_UNIT_MONTH &&
		    strncmp(prev, from, 7) != 0))
			c->names[b] = xstrndup(from, 7);
		else if (t->unit == CATALOG_UNIT_MONTH && mo >= 1 &&
		    mo <= (t->per > 1 ? t->per : 1))
			c->names[b] = xstrndup(from, 4);
		snprintf(prev, sizeof prev, "%.7s", from);
	}
	return c;
}

void
chart_set_clock(struct chart_set *cs, const struct catalog_timeline *t)
{
	/* As hour: and weekday: terms spell them (the catalog says how). */
	const char *hours[24], *days[7];
	char names[31][4];
	int i;

	for (i = 0; i < 24; i++) {
		catalog_clock_value(CATALOG_HOUR, i, names[i]);
		hours[i] = names[i];
	}
	for (i = 0; i < 7; i++) {
		catalog_clock_value(CATALOG_WEEKDAY, i, names[24 + i]);
		days[i] = names[24 + i];
	}
	chart_set_bars(cs, "hour", "Items per hour of the day (UTC)", hours,
	    t->hours, 24, t->total, 0);
	chart_set_bars(cs, "weekday", "Items per weekday (UTC)", days,
	    t->weekdays, 7, t->total, 0);
}

struct chart *
chart_set_agreement(struct chart_set *cs, const struct catalog_agreement *a,
    size_t top, int flags)
{
	struct chart *c;
	char *title;
	size_t i, n;

	if (a == NULL) {
		c = chart_set_add(cs, CHART_KIND_NOTE, "agreement",
		    "OCR agreement by brand, lowest first");
		chart_note(c, xstrdup("  (counting...)"));
		return c;
	}
	/* Short enough for a plot's title line; doc/browse.md says more. */
	title = xasprintf("OCR agreement by brand, lowest first (ocr:brand / "
	    "items; top %zu, %" PRIu64 "+ items)", a->brands, a->min_items);
	if (a->n == 0) {
		c = chart_set_add(cs, CHART_KIND_NOTE, "agreement", title);
		chart_note(c, xasprintf("  (no brand with %" PRIu64 " items or "
		    "more)", a->min_items));
		free(title);
		return c;
	}
	c = chart_set_add(cs, CHART_KIND_BARS, "agreement", title);
	free(title);
	n = a->n < top ? a->n : top;
	c->n = n;
	c->names = xcalloc(n + 1, sizeof *c->names);
	c->counts = xcalloc(n + 1, sizeof *c->counts);
	c->totals = xcalloc(n + 1, sizeof *c->totals);
	for (i = 0; i < n; i++) {
		c->names[i] = chart_safe(a->rows[i].brand, flags);
		c->counts[i] = a->rows[i].confirmed;
		c->totals[i] = a->rows[i].items;
	}
	return c;
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
	bool counted = !(flags & CHART_NO_COUNTED);
	struct catalog_timeline *t = NULL;
	struct catalog_agreement *a;
	struct chart *c;
	int b;

	flags &= SANITIZE_ASCII;
	title = xasprintf("%" PRIu64 " items, confidence threshold %g", total,
	    threshold);
	chart_set_add(out, CHART_KIND_NOTE, "summary", title);
	free(title);
	if (counted) {
		t = catalog_timeline(cat, res, CHART_TIMELINE_MAX, cause);
		if (t == NULL)
			return false;
		chart_set_timeline(out, t);
	}
	if (!chart_collect_facets(cat, res, threshold, top, flags, out, cause)) {
		catalog_timeline_free(t);
		return false;
	}

	/* Confidence histogram of the label. */
	if (label == NULL)
		label = own = chart_pick_label(cat, res, threshold);
	if (label != NULL) {
		if (!catalog_label_histogram(cat, res, label, 10, hist, cause))
			goto fail;
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
	    cause))
		goto fail;
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
	    cause))
		goto fail;
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
	if (counted) {
		/* The clock and the agreement, as the browser shows them. */
		chart_set_clock(out, t);
		catalog_timeline_free(t);
		a = catalog_ocr_agreement(cat, res, threshold,
		    CHART_AGREEMENT_BRANDS, CATALOG_AGREEMENT_MIN_ITEMS, cause);
		if (a == NULL)
			return false;
		chart_set_agreement(out, a, top, flags);
		catalog_agreement_free(a);
	}
	return true;

fail:
	free(own);
	catalog_timeline_free(t);
	return false;
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
 * the bar taking the rest of the width. With totals, each row a share:
 * "  name  pct%  count of total  bar", the bar full at 100%.
 */
static void
chart_render_bars(const struct chart *c, int width, int flags,
    struct chart_lines *out)
{
	uint64_t max = 0, tmax = 0;
	int namew = 1, cw, pw, tw, barw, w;
	size_t i;

	if (c->n == 0) {
		chart_addf(out, CHART_TEXT, "  (none)");
		return;
	}
	for (i = 0; i < c->n; i++) {
		max = c->counts[i] > max ? c->counts[i] : max;
		if (c->totals != NULL && c->totals[i] > tmax)
			tmax = c->totals[i];
		w = sanitize_width(c->names[i]);
		namew = w > namew ? w : namew;
	}
	if (namew > CHART_NAME_COLS)
		namew = CHART_NAME_COLS;
	cw = chart_digits(max);
	tw = c->totals != NULL ? 4 + chart_digits(tmax) : 0; /* " of N" */
	pw = c->total > 0 || c->totals != NULL ? 7 : 0;    /* " 100.0%" */
	barw = width - 2 - namew - 1 - cw - tw - pw - 1;
	/* A short line: the name gives way first, down to 6 columns. */
	if (barw < 10 && namew > 6) {
		namew -= 10 - barw;
		if (namew < 6)
			namew = 6;
		barw = width - 2 - namew - 1 - cw - tw - pw - 1;
	}
	for (i = 0; i < c->n; i++) {
		uint64_t of = c->totals != NULL ? c->totals[i] : c->total;
		char *fit = sanitize_fit(c->names[i], namew, true, flags);
		char *bar = barw <= 0 ? xstrdup("") : c->totals != NULL ?
		    chart_bar(c->counts[i], of, barw, flags) :
		    chart_bar(c->counts[i], max, barw, flags);
		double pct = of > 0 ? 100.0 * (double)c->counts[i] /
		    (double)of : 0.0;
		struct buf b;
		size_t from;

		buf_init(&b);
		if (c->totals != NULL)
			buf_addf(&b, "  %s %5.1f%% %*" PRIu64 " of %-*" PRIu64,
			    fit, pct, cw, c->counts[i], tw - 4, of);
		else if (pw > 0)
			buf_addf(&b, "  %s %*" PRIu64 " %5.1f%%", fit, cw,
			    c->counts[i], pct);
		else
			buf_addf(&b, "  %s %*" PRIu64, fit, cw, c->counts[i]);
		if (barw > 0)
			buf_addc(&b, ' ');
		/* The rows start with two blanks: room for '>' and '='. */
		if (c->cursor_on && i == c->cursor)
			b.data[0] = '>';
		else if (c->cursor_on && c->marked && i >= c->lo && i <= c->hi)
			b.data[0] = '=';
		from = b.len;
		buf_adds(&b, bar);
		chart_add_bar(out, CHART_TEXT, buf_take(&b), from, from +
		    strlen(bar));
		out->lines[out->n - 1].cursor = c->cursor_on && i == c->cursor;
		free(bar);
		free(fit);
	}
	if (c->caption != NULL)
		chart_add_wrapped(out, CHART_TEXT, c->caption, width, 2, flags);
}

/* Where a COLUMNS chart's counts go at a width. */
struct chart_layout {
	size_t g, m;                  /* counts per column, columns */
	uint64_t *sums;               /* m sums (owned) */
	uint64_t top;                 /* the y axis' end */
	size_t k;                     /* steps up the axis: 1, 2 or 4 */
	int yl, colw;                 /* the y labels' width, a column's cells */
};

/*
 * Lay c out at width: more counts than columns are summed in groups,
 * fewer are widened.
 */
static void
chart_columns_layout(const struct chart *c, int width, struct chart_layout *l)
{
	uint64_t max, step;
	size_t i;
	int cols = width - 4;         /* a first guess at the y labels */

	l->sums = NULL;
	l->g = ((c->n > 0 ? c->n : 1) + (size_t)cols - 1) / (size_t)cols;
	for (;;) {
		l->m = (c->n + l->g - 1) / l->g;
		free(l->sums);
		l->sums = xcalloc(l->m + 1, sizeof *l->sums);
		for (i = 0; i < c->n; i++)
			l->sums[i / l->g] += c->counts[i];
		for (max = 0, i = 0; i < l->m; i++)
			max = l->sums[i] > max ? l->sums[i] : max;
		/*
		 * Ticks on row edges: 1, 2 or 4 steps up the 8 rows, so
		 * every tick names exactly the height of its row.
		 */
		step = chart_nice_step(max, 4, &l->top);
		l->k = (size_t)(l->top / step);
		if (l->k == 3)
			l->k = 4;
		l->top = step * l->k;
		l->yl = chart_digits(l->top);
		cols = width - l->yl - 2;
		if (cols < 1)
			cols = 1;
		if (l->m <= (size_t)cols)
			break;
		l->g++;
	}
	l->colw = l->m > 0 ? cols / (int)l->m : 1;
	if (l->colw < 1)
		l->colw = 1;
	if (l->colw > 4)
		l->colw = 4;              /* wider columns read as bars, not time */
}

bool
chart_column_at(const struct chart *c, int width, size_t i, int *x, int *w)
{
	struct chart_layout l;

	if (c->kind != CHART_KIND_COLUMNS || i >= c->n)
		return false;
	if (width < 20)
		width = 20;               /* as chart_render */
	chart_columns_layout(c, width, &l);
	*x = l.yl + 2 + (int)(i / l.g) * l.colw;
	*w = l.colw;
	free(l.sums);
	return true;
}

/*
 * COLUMNS: CHART_TIMELINE_ROWS rows of eighth blocks over a y axis with
 * nice ticks, an x axis, the cursor and the marked range under it (if
 * any), and the columns' names under that where they fit; the caption.
 */
static void
chart_render_columns(const struct chart *c, int width, int flags,
    struct chart_lines *out)
{
	bool ascii = flags & SANITIZE_ASCII;
	struct chart_layout l;
	uint64_t *sums, top;
	size_t g, m, i, k;
	int yl, colw, row, x, tickrow[CHART_TIMELINE_ROWS];
	char lab[32];
	struct buf line, names;

	chart_columns_layout(c, width, &l);
	sums = l.sums;
	g = l.g;
	m = l.m;
	top = l.top;
	k = l.k;
	yl = l.yl;
	colw = l.colw;
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
	if (c->cursor_on) {
		/* '^' under the cursor's column, '=' under the marked range. */
		size_t cur = c->cursor / g, lo = c->lo / g, hi = c->hi / g;

		buf_init(&line);
		buf_addf(&line, "%*s  ", yl, "");
		for (i = 0; i < m; i++)
			for (x = 0; x < colw; x++)
				buf_addc(&line, i == cur ? '^' : c->marked &&
				    i >= lo && i <= hi ? '=' : ' ');
		chart_add(out, CHART_TEXT, buf_take(&line));
	}
	chart_add(out, CHART_TEXT, buf_take(&names));
	if (c->caption != NULL)
		chart_add_wrapped(out, CHART_TEXT, c->caption, width, 2, flags);
	free(sums);
}

#define CHART_HEAT_LABEL 18           /* columns of a HEAT row's name */
#define CHART_HEAT_CELL 9             /* columns of a HEAT cell */

size_t
chart_heat_columns(int width)
{
	int fit = (width - CHART_HEAT_LABEL - 1 - CHART_HEAT_CELL) /
	    (CHART_HEAT_CELL + 1);

	return fit < 1 ? 1 : (size_t)fit;
}

/* The HEAT text's window: the first column and how many are shown. */
static void
chart_heat_window(const struct chart *c, int width, size_t *left,
    size_t *ncols)
{
	*left = c->left < c->ncols ? c->left : 0;
	*ncols = chart_heat_columns(width);
	if (c->cols_shown > 0 && c->cols_shown < *ncols)
		*ncols = c->cols_shown;
	if (*ncols > c->ncols - *left)
		*ncols = c->ncols - *left;
}

bool
chart_heat_cell_x(const struct chart *c, int width, size_t j, int *x,
    int *w)
{
	size_t left, ncols;

	if (c->kind != CHART_KIND_HEAT)
		return false;
	chart_heat_window(c, width, &left, &ncols);
	if (j < left || j >= left + ncols)
		return false;
	*x = CHART_HEAT_LABEL + 1 + (int)(j - left) * (CHART_HEAT_CELL + 1);
	*w = CHART_HEAT_CELL;
	return true;
}

/*
 * HEAT as text: an aligned table of counts, as many columns as fit, the
 * rows' totals at the right and the columns' under them; a window of it
 * (top, left) when the chart says.
 */
static void
chart_render_heat(const struct chart *c, int width, int flags,
    struct chart_lines *out)
{
	int lw = CHART_HEAT_LABEL, cw = CHART_HEAT_CELL;
	size_t ncols, left, i, j, end;
	struct buf b;

	chart_heat_window(c, width, &left, &ncols);
	buf_init(&b);
	buf_addf(&b, "%*s ", lw, "");
	for (j = left; j < left + ncols; j++) {
		char *cell = sanitize_fit(c->colnames[j], cw, false, flags);

		buf_addf(&b, "%*s%s ", cw - sanitize_width(cell), "", cell);
		free(cell);
	}
	buf_addf(&b, "%*s", cw, "total");
	chart_add(out, CHART_HEADER, buf_take(&b));
	end = c->rows_shown > 0 && c->top + c->rows_shown < c->n ?
	    c->top + c->rows_shown : c->n;
	for (i = c->top; i < end; i++) {
		char *cell = sanitize_fit(c->names[i], lw, true, flags);

		buf_init(&b);
		buf_addf(&b, "%s ", cell);
		for (j = left; j < left + ncols; j++)
			buf_addf(&b, "%*" PRIu64 " ", cw, c->counts[i * c->ncols + j]);
		buf_addf(&b, "%*" PRIu64, cw, c->totals[i]);
		chart_add(out, CHART_TEXT, buf_take(&b));
		free(cell);
	}
	if (c->coltotals != NULL) {
		buf_init(&b);
		buf_addf(&b, "%-*s ", lw, "total");
		for (j = left; j < left + ncols; j++)
			buf_addf(&b, "%*" PRIu64 " ", cw, c->coltotals[j]);
		buf_addf(&b, "%*" PRIu64, cw, c->total);
		chart_add(out, CHART_HEADER, buf_take(&b));
	}
	if (left == 0 && c->rows_shown == 0 && ncols < c->ncols)
		chart_addf(out, CHART_TEXT, "(%zu more columns: --width)",
		    c->ncols - ncols);
}

void
chart_render(const struct chart *c, int width, int flags,
    struct chart_lines *out)
{
	if (width < 20)
		width = 20;
	chart_add_wrapped(out, CHART_HEADER, c->title, width, 2, flags);
	chart_render_body(c, width, flags, out);
}

void
chart_render_body(const struct chart *c, int width, int flags,
    struct chart_lines *out)
{
	size_t i;

	if (width < 20)
		width = 20;
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
chart_render_pair(const struct chart *a, const struct chart *b, int width,
    int flags, struct chart_lines *out)
{
	struct chart_lines left, right;
	struct chart ca, cb;
	int lw = (width - 2) / 2, rw = width - 2 - lw;
	size_t i;

	if (width < 80) {
		chart_render(a, width, flags, out);
		chart_add(out, CHART_TEXT, xstrdup(""));
		chart_render(b, width, flags, out);
		return;
	}
	/* Halves without their captions: those go under both, whole. */
	ca = *a;
	cb = *b;
	ca.caption = cb.caption = NULL;
	chart_lines_init(&left);
	chart_lines_init(&right);
	chart_render(&ca, lw, flags, &left);
	chart_render(&cb, rw, flags, &right);
	for (i = 0; i < left.n || i < right.n; i++) {
		const struct chart_line *l = i < left.n ? &left.lines[i] : NULL;
		const struct chart_line *r = i < right.n ? &right.lines[i] : NULL;
		struct buf line;
		size_t off;
		int pad;

		buf_init(&line);
		if (l != NULL)
			buf_adds(&line, l->text);
		/* Pad the left part to its half (display columns, not bytes). */
		for (pad = l != NULL ? lw - sanitize_width(l->text) : lw;
		    pad > 0; pad--)
			buf_addc(&line, ' ');
		buf_adds(&line, "  ");
		off = line.len;
		if (r != NULL)
			buf_adds(&line, r->text);
		chart_add_bar(out, l != NULL ? l->style : r->style,
		    buf_take(&line), l != NULL ? l->bar_from : 0,
		    l != NULL ? l->bar_to : 0);
		if (r != NULL && r->bar_to > r->bar_from) {
			out->lines[out->n - 1].bar2_from = off + r->bar_from;
			out->lines[out->n - 1].bar2_to = off + r->bar_to;
		}
		out->lines[out->n - 1].cursor = (l != NULL && l->cursor) ||
		    (r != NULL && r->cursor);
	}
	chart_lines_fini(&left);
	chart_lines_fini(&right);
	if (a->caption != NULL)
		chart_add_wrapped(out, CHART_TEXT, a->caption, width, 2, flags);
	if (b->caption != NULL)
		chart_add_wrapped(out, CHART_TEXT, b->caption, width, 2, flags);
}

void
chart_render_set(const struct chart_set *cs, int width, int flags,
    struct chart_lines *out)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		const struct chart *c = &cs->charts[i];

		if (i > 0)
			chart_add(out, CHART_TEXT, xstrdup(""));
		if (i + 1 < cs->n && strcmp(c->slug, "hour") == 0 &&
		    strcmp(cs->charts[i + 1].slug, "weekday") == 0) {
			chart_render_pair(c, &cs->charts[++i], width, flags, out);
			continue;
		}
		chart_render(c, width, flags, out);
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
		chart_render_set(&cs, width, flags & SANITIZE_ASCII, out);
	chart_set_fini(&cs);
	return ok;
}
