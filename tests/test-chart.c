/*
 * test-chart.c - unit tests for ui/chart.c's pure parts: the bars
 * (the timeline's calendar: test-calendar.c).
 */
#include "../ui/chart.c"

#include <stdio.h>

static int failures;

/* Bars: exact widths, full and empty ends, never invisible when > 0. */
static void
test_bar(void)
{
	struct { uint64_t v, max; int cols, flags; const char *want; } c[] = {
		{ 10, 10, 4, SANITIZE_ASCII, "####" },
		{ 0, 10, 4, SANITIZE_ASCII, "    " },
		{ 5, 10, 4, SANITIZE_ASCII, "##  " },
		{ 1, 1000, 4, SANITIZE_ASCII, ".   " },
		{ 3, 8, 1, 0, "\u258d" },
		{ 8, 8, 2, 0, "\u2588\u2588" },
		{ 1, 1000000, 3, 0, "\u258f  " },
		{ 5, 0, 3, 0, "   " },
	};
	size_t i;
	char *got;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		got = chart_bar(c[i].v, c[i].max, c[i].cols, c[i].flags);
		if (strcmp(got, c[i].want) != 0 ||
		    sanitize_width(got) != c[i].cols) {
			printf("FAIL chart_bar(%llu, %llu, %d): \"%s\"\n",
			    (unsigned long long)c[i].v,
			    (unsigned long long)c[i].max, c[i].cols, got);
			failures++;
		}
		free(got);
	}
}

/* Axis steps are 1, 2 or 5 times a power of ten and reach max. */
static void
test_nice_step(void)
{
	struct { uint64_t max; int ticks; uint64_t step, top; } c[] = {
		{ 85, 4, 50, 100 },
		{ 70, 4, 20, 80 },
		{ 9, 4, 5, 10 },
		{ 1, 4, 1, 1 },
		{ 0, 4, 1, 1 },
		{ 1234567, 4, 500000, 1500000 },
	};
	uint64_t top;
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		uint64_t step = chart_nice_step(c[i].max, c[i].ticks, &top);

		if (step != c[i].step || top != c[i].top) {
			printf("FAIL chart_nice_step(%llu): %llu, top %llu\n",
			    (unsigned long long)c[i].max,
			    (unsigned long long)step, (unsigned long long)top);
			failures++;
		}
	}
}

/*
 * A bar chart and a column chart at several widths: no line wider than
 * asked, the bar span inside its line and made only of bar glyphs, the
 * names and counts outside it.
 */
static void
test_render_fits(void)
{
	const char *names[] = { "Zara", "a name far longer than any column",
	    "\xe3\x83\xa6\xe3\x83\x8b\xe3\x82\xaf\xe3\x83\xad", "x" };
	uint64_t counts[] = { 319, 185, 66, 0 }, days[300];
	struct chart_set cs;
	struct chart *col;
	struct chart_lines out;
	int widths[] = { 40, 60, 80, 97, 200 }, flags;
	size_t i, k;

	for (i = 0; i < 300; i++)
		days[i] = (i * 7919) % 97;
	for (flags = 0; flags <= SANITIZE_ASCII; flags += SANITIZE_ASCII) {
		chart_set_init(&cs);
		chart_set_bars(&cs, "t", "A title long enough to need wrapping at "
		    "forty columns or so", names, counts, 4, 570, flags);
		col = chart_set_add(&cs, CHART_KIND_COLUMNS, "c", "columns");
		col->n = 300;
		col->counts = xcalloc(300, sizeof *col->counts);
		col->names = xcalloc(300, sizeof *col->names);
		memcpy(col->counts, days, sizeof days);
		col->names[0] = xstrdup("2024-01");
		col->names[150] = xstrdup("2024-06");
		for (k = 0; k < sizeof widths / sizeof widths[0]; k++) {
			chart_lines_init(&out);
			chart_render_set(&cs, widths[k], flags, &out);
			for (i = 0; i < out.n; i++) {
				struct chart_line *l = &out.lines[i];
				char *bar = xstrndup(l->text + l->bar_from,
				    l->bar_to > l->bar_from ? l->bar_to -
				    l->bar_from : 0);

				if (sanitize_width(l->text) > widths[k] ||
				    l->bar_to > strlen(l->text) ||
				    strpbrk(bar, "0123456789Zx") != NULL) {
					printf("FAIL width %d: \"%s\" bar [%zu, %zu)\n",
					    widths[k], l->text, l->bar_from,
					    l->bar_to);
					failures++;
				}
				free(bar);
			}
			for (i = 0; i < out.n; i++)
				if (strncmp(out.lines[i].text, "  Zara ", 7) == 0 &&
				    strstr(out.lines[i].text, " 319  56.0% ") != NULL)
					break;
			if (i == out.n) {
				printf("FAIL width %d: no Zara row\n", widths[k]);
				failures++;
			}
			chart_lines_fini(&out);
		}
		chart_set_fini(&cs);
	}
}


/* Is s[from..to) made only of bar glyphs (blocks, "#+.", spaces)? */
static bool
only_bar(const char *s, size_t from, size_t to)
{
	char *bar = xstrndup(s + from, to > from ? to - from : 0);
	bool ok = strpbrk(bar, "0123456789abcdefghijklmnopqrstuvwxyz%") == NULL;

	free(bar);
	return ok;
}

/*
 * The timeline from catalog_timeline's buckets: a column per bucket,
 * the months named where they begin; with a cursor, '^' under the
 * column chart_column_at names, '=' under the marked range, the caption.
 */
static void
test_timeline_cursor(void)
{
	struct catalog_timeline t;
	struct catalog_timeline_bucket b[40];
	struct chart_set cs;
	struct chart *c;
	struct chart_lines out;
	size_t i, k;
	int x = -1, w = 0, width;

	memset(&t, 0, sizeof t);
	for (i = 0; i < 40; i++) {
		/* Weeks from Monday 2024-01-01. */
		int64_t y;
		unsigned m, d;

		calendar_civil_from_days(calendar_day(1704067200000LL) +
		    (int64_t)i * 7, &y, &m, &d);
		snprintf(b[i].from, sizeof b[i].from, "%04d-%02u-%02u", (int)y,
		    m, d);
		memcpy(b[i].to, b[i].from, sizeof b[i].to);
		b[i].count = (i * 37) % 11;
		t.max = b[i].count > t.max ? b[i].count : t.max;
		t.total += b[i].count;
	}
	t.unit = CATALOG_UNIT_WEEK;
	t.per = 1;
	t.n = 40;
	t.buckets = b;
	chart_set_init(&cs);
	c = chart_set_timeline(&cs, &t);
	if (c->kind != CHART_KIND_COLUMNS || c->n != 40 ||
	    strcmp(c->names[0], "2024-01") != 0 || c->names[1] != NULL ||
	    c->names[5] == NULL || strcmp(c->names[5], "2024-02") != 0 ||
	    strstr(c->title, "2024-01-01 .. ") == NULL) {
		printf("FAIL timeline chart: \"%s\", names %s %s\n", c->title,
		    c->names[0], c->names[5] ? c->names[5] : "(null)");
		failures++;
	}
	c->cursor_on = true;
	c->cursor = 12;
	c->marked = true;
	c->lo = 12;
	c->hi = 20;
	c->caption = xstrdup("  range: 2024-03-25 .. 2024-05-20");
	for (width = 60; width <= 160; width += 50) {
		chart_lines_init(&out);
		chart_render(c, width, 0, &out);
		for (k = 0; k < out.n && strchr(out.lines[k].text, '^') == NULL;
		    k++)
			;
		if (k == out.n || !chart_column_at(c, width, 12, &x, &w) ||
		    strncmp(out.lines[k].text + x, "^", 1) != 0 ||
		    (int)strspn(out.lines[k].text + x + w, "=") != 8 * w ||
		    strstr(out.lines[out.n - 1].text, "range: 2024-03-25") ==
		    NULL) {
			printf("FAIL width %d: the cursor is not under column "
			    "%d:\n", width, x);
			for (k = 0; k < out.n; k++)
				printf("  |%s|\n", out.lines[k].text);
			failures++;
		}
		chart_lines_fini(&out);
	}
	chart_set_fini(&cs);
}

/*
 * Shares (the OCR agreement): "name pct% count of total", the bar full
 * at 100%; the hours and weekdays side by side with two bars, within
 * the width, or one under the other below 80 columns.
 */
static void
test_shares_and_pair(void)
{
	struct catalog_agreement a;
	char evil[] = "Evil\x1b[2J", zara[] = "Zara", term[] = "brand:x";
	struct catalog_agreement_row rows[2] = {
		{ evil, term, 4, 1 },
		{ zara, term, 10, 10 },
	};
	struct catalog_timeline t;
	struct chart_set cs;
	struct chart_lines out;
	const char *days[] = { "mon", "tue" };
	uint64_t dc[] = { 3, 4 };
	int widths[] = { 60, 80, 120 };
	size_t i, k;
	bool two = false;

	memset(&a, 0, sizeof a);
	a.n = 2;
	a.rows = rows;
	a.brands = 50;
	a.min_items = 5;
	chart_set_init(&cs);
	chart_set_agreement(&cs, &a, 10, 0);
	chart_lines_init(&out);
	chart_render(&cs.charts[0], 60, 0, &out);
	for (k = 0; k < out.n; k++) {
		const struct chart_line *l = &out.lines[k];

		if (strstr(l->text, "\x1b") != NULL) {
			printf("FAIL a raw ESC in \"%s\"\n", l->text);
			failures++;
		}
		if (strstr(l->text, "Zara") != NULL &&
		    (strstr(l->text, "100.0% 10 of 10 ") == NULL ||
		    sanitize_width(l->text) != 60 ||
		    strchr(l->text + l->bar_from, ' ') != NULL)) {
			printf("FAIL share row \"%s\"\n", l->text);
			failures++;
		}
		if (strstr(l->text, "Evil") != NULL &&
		    strstr(l->text, " 25.0%  1 of 4  ") == NULL) {
			printf("FAIL share row \"%s\"\n", l->text);
			failures++;
		}
	}
	chart_lines_fini(&out);
	chart_set_fini(&cs);

	memset(&t, 0, sizeof t);
	for (i = 0; i < 24; i++)
		t.hours[i] = i;
	for (i = 0; i < 7; i++)
		t.weekdays[i] = 40 + i;
	t.total = 276;
	for (k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		chart_set_init(&cs);
		chart_set_clock(&cs, &t);
		chart_set_bars(&cs, "d", "days", days, dc, 2, 7, 0);
		chart_lines_init(&out);
		chart_render_set(&cs, widths[k], 0, &out);
		two = false;
		for (i = 0; i < out.n; i++) {
			const struct chart_line *l = &out.lines[i];

			if (sanitize_width(l->text) > widths[k] ||
			    l->bar_to > strlen(l->text) ||
			    l->bar2_to > strlen(l->text) ||
			    !only_bar(l->text, l->bar_from, l->bar_to) ||
			    !only_bar(l->text, l->bar2_from, l->bar2_to)) {
				printf("FAIL pair at %d: \"%s\"\n", widths[k],
				    l->text);
				failures++;
			}
			if (strncmp(l->text, "  00 ", 5) == 0 &&
			    strstr(l->text, "  mon ") != NULL &&
			    l->bar2_to > l->bar2_from)
				two = true;
		}
		if (two != (widths[k] >= 80)) {
			printf("FAIL pair at %d: side by side %d\n", widths[k],
			    two);
			failures++;
		}
		chart_lines_fini(&out);
		chart_set_fini(&cs);
	}
}

/*
 * A HEAT chart's window (the crosstab view's): the columns from left,
 * each where chart_heat_cell_x says, rows from top, the columns' totals
 * last; every line within the width.
 */
static void
test_heat_window(void)
{
	struct chart_set cs;
	struct chart *c;
	struct chart_lines out;
	size_t i, j;
	int x, w;
	char want[16];

	chart_set_init(&cs);
	c = chart_set_add(&cs, CHART_KIND_HEAT, "x", "rows by cols");
	c->n = 6;
	c->ncols = 30;
	c->names = xcalloc(6, sizeof *c->names);
	c->colnames = xcalloc(30, sizeof *c->colnames);
	c->counts = xcalloc(6 * 30, sizeof *c->counts);
	c->totals = xcalloc(6, sizeof *c->totals);
	c->coltotals = xcalloc(30, sizeof *c->coltotals);
	for (i = 0; i < 6; i++)
		c->names[i] = xasprintf("row%zu", i);
	for (j = 0; j < 30; j++) {
		c->colnames[j] = xasprintf("c%zu", j);
		c->coltotals[j] = 1000 + j;
		for (i = 0; i < 6; i++)
			c->counts[i * 30 + j] = i * 100 + j;
	}
	c->top = 2;
	c->rows_shown = 3;
	c->left = 12;
	chart_lines_init(&out);
	chart_render_body(c, 80, 0, &out);
	snprintf(want, sizeof want, "%9d", 314);
	if (out.n != 5 || strncmp(out.lines[1].text, "row2 ", 5) != 0 ||
	    strncmp(out.lines[4].text, "total ", 6) != 0 ||
	    !chart_heat_cell_x(c, 80, 14, &x, &w) ||
	    strncmp(out.lines[2].text + x, want, (size_t)w) != 0 ||
	    strncmp(out.lines[0].text + x + w - 3, "c14", 3) != 0 ||
	    chart_heat_cell_x(c, 80, 11, &x, &w)) {
		printf("FAIL heat window:\n");
		for (i = 0; i < out.n; i++)
			printf("  |%s|\n", out.lines[i].text);
		failures++;
	}
	for (i = 0; i < out.n; i++)
		if (sanitize_width(out.lines[i].text) > 80) {
			printf("FAIL heat line over 80: \"%s\"\n",
			    out.lines[i].text);
			failures++;
		}
	chart_lines_fini(&out);
	chart_set_fini(&cs);
}

/*
 * A pick on a BARS chart (the charts view's hours): '>' starts the
 * cursor's row (flagged as the cursor's line), '=' the marked range's;
 * beside the weekdays, the caption comes whole under both.
 */
static void
test_bars_pick(void)
{
	struct catalog_timeline t;
	struct chart_set cs;
	struct chart_lines out;
	struct chart *h;
	size_t i, cursors = 0;
	bool caption = false;

	memset(&t, 0, sizeof t);
	for (i = 0; i < 24; i++)
		t.hours[i] = 10 + i;
	for (i = 0; i < 7; i++)
		t.weekdays[i] = 50;
	t.total = 516;
	chart_set_init(&cs);
	chart_set_clock(&cs, &t);
	h = &cs.charts[0];
	h->cursor_on = true;
	h->cursor = 20;
	h->marked = true;
	h->lo = 18;
	h->hi = 20;
	h->caption = xstrdup("  picked hours 18 .. 20: 93 items  (Enter: "
	    "hour:18..20)");
	chart_lines_init(&out);
	chart_render_set(&cs, 120, 0, &out);
	for (i = 0; i < out.n; i++) {
		const char *l = out.lines[i].text;

		if (out.lines[i].cursor) {
			cursors++;
			if (strncmp(l, "> 20 ", 5) != 0 || strstr(l, "  sun ") !=
			    NULL) {
				printf("FAIL cursor line \"%s\"\n", l);
				failures++;
			}
		}
		if (strcmp(l, "  picked hours 18 .. 20: 93 items  (Enter: "
		    "hour:18..20)") == 0)
			caption = true;
		if (strncmp(l, "  17 ", 5) == 0 || strncmp(l, "  21 ", 5) == 0)
			continue;
		if (strncmp(l, "  18 ", 5) == 0 || strncmp(l, "  19 ", 5) == 0 ||
		    strncmp(l, "  20 ", 5) == 0) {
			printf("FAIL an unmarked row in the range \"%s\"\n", l);
			failures++;
		}
	}
	if (cursors != 1 || !caption) {
		printf("FAIL %zu cursor lines, caption %d\n", cursors, caption);
		failures++;
	}
	chart_lines_fini(&out);
	chart_set_fini(&cs);
}

int
main(void)
{
	test_bar();
	test_nice_step();
	test_render_fits();
	test_timeline_cursor();
	test_shares_and_pair();
	test_heat_window();
	test_bars_pick();
	if (failures != 0) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	printf("chart: all tests passed\n");
	return 0;
}
