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

int
main(void)
{
	test_bar();
	if (failures != 0) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	printf("chart: all tests passed\n");
	return 0;
}
