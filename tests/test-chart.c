/*
 * test-chart.c - unit tests for ui/chart.c's pure parts: the calendar
 * arithmetic of the timeline (against gmtime_r) and the bars.
 */
#include "../ui/chart.c"

#include <stdio.h>
#include <time.h>

static int failures;

/* chart_month agrees with gmtime_r around month, year and era edges. */
static void
test_month(void)
{
	static const int64_t days[] = { -719468, -36525, -1, 0, 1, 58, 59, 365,
	    10956, 11016, 11017, 19722, 19783, 19784, 20089, 2932896 };
	int64_t ms, want, got;
	struct tm tm;
	time_t t;
	size_t i;
	int off;

	for (i = 0; i < sizeof days / sizeof days[0]; i++) {
		for (off = -1; off <= 1; off++) {
			ms = days[i] * CHART_DAY_MS + off;
			t = (time_t)chart_floordiv(ms, 1000);
			gmtime_r(&t, &tm);
			want = (int64_t)(tm.tm_year + 1900) * 12 + tm.tm_mon;
			got = chart_month(ms);
			if (got != want) {
				printf("FAIL chart_month(%lld) = %lld, want %lld\n",
				    (long long)ms, (long long)got,
				    (long long)want);
				failures++;
			}
		}
	}
	/* Every day of 1999-2031. */
	for (ms = 10592 * CHART_DAY_MS; ms < 22645 * CHART_DAY_MS;
	    ms += CHART_DAY_MS) {
		t = (time_t)(ms / 1000);
		gmtime_r(&t, &tm);
		if (chart_month(ms) != (int64_t)(tm.tm_year + 1900) * 12 +
		    tm.tm_mon) {
			printf("FAIL chart_month on day %lld\n",
			    (long long)(ms / CHART_DAY_MS));
			failures++;
			break;
		}
	}
}

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
	test_month();
	test_bar();
	if (failures != 0) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	printf("chart: all tests passed\n");
	return 0;
}
