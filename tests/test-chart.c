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

int
main(void)
{
	test_bar();
	test_nice_step();
	test_render_fits();
	if (failures != 0) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	printf("chart: all tests passed\n");
	return 0;
}
