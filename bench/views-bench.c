/*
 * views-bench.c - what the browser's charts and crosstab views add to a
 * recount (issue 10): catalog_search as the list asks for it (the result
 * and every facet, disjunctive) against the same plus the charts'
 * timeline, hours, weekdays and OCR agreement, and plus the crosstab's
 * brand x type table (20 x 20), for each query, alternating the three
 * in one process so that load on a shared machine hits all alike.
 * Prints the median and p95 per query and mode.
 *
 *   build/tests/views-bench INDEX [ROUNDS] [QUERY...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"

#define VIEWS_BENCH_MODES 3

/* Milliseconds of the monotonic clock. */
static double
views_bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
views_bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The options of mode m: 0 list, 1 charts, 2 crosstab. */
static void
views_bench_options(struct catalog_search_options *so, int m)
{
	memset(so, 0, sizeof *so);
	so->threshold = CATALOG_DEFAULT_THRESHOLD;
	so->disjunctive = true;
	so->facets = catalog_facet_fields();
	if (m == 1) {
		so->timeline = 146;       /* a 160-column screen */
		so->agreement = 50;
	} else if (m == 2) {
		so->crosstab = true;
		so->crosstab_rows = CATALOG_BRAND;
		so->crosstab_cols = CATALOG_TYPE;
		so->crosstab_n = 20;
	}
}

int
main(int argc, char **argv)
{
	static const char *const names[VIEWS_BENCH_MODES] = { "list",
	    "charts", "crosstab" };
	static const char *const defaults[] = { "", "type:Jeans",
	    "brand:zara label:Denim", "-color:black date:2024" };
	const char *const *queries = defaults;
	int nq = 4, rounds = 15;
	struct catalog *cat;
	char *cause = NULL;

	if (argc < 2) {
		fprintf(stderr, "usage: views-bench INDEX [ROUNDS] [QUERY...]\n");
		return 2;
	}
	if (argc > 2)
		rounds = atoi(argv[2]) > 0 ? atoi(argv[2]) : rounds;
	if (argc > 3) {
		queries = (const char *const *)argv + 3;
		nq = argc - 3;
	}
	if ((cat = catalog_open(argv[1], &cause)) == NULL) {
		fprintf(stderr, "views-bench: %s\n", cause);
		return 1;
	}
	printf("%-28s %20s %20s %20s\n", "query (p50 / p95 ms)", names[0],
	    names[1], names[2]);
	for (int k = 0; k < nq; k++) {
		struct catalog_query *q = catalog_query_parse(queries[k], NULL);
		double *ms[VIEWS_BENCH_MODES];

		if (q == NULL) {
			fprintf(stderr, "views-bench: bad query '%s'\n", queries[k]);
			return 2;
		}
		for (int m = 0; m < VIEWS_BENCH_MODES; m++)
			ms[m] = calloc((size_t)rounds, sizeof *ms[m]);
		for (int r = 0; r < rounds; r++) {
			for (int m = 0; m < VIEWS_BENCH_MODES; m++) {
				struct catalog_search_options so;
				struct catalog_answer *a;
				double t0;

				views_bench_options(&so, m);
				t0 = views_bench_now();
				if ((a = catalog_search(cat, q, &so, &cause)) == NULL) {
					fprintf(stderr, "views-bench: %s\n", cause);
					return 1;
				}
				ms[m][r] = views_bench_now() - t0;
				catalog_answer_free(a);
			}
		}
		printf("%-28.28s", *queries[k] ? queries[k] : "(everything)");
		for (int m = 0; m < VIEWS_BENCH_MODES; m++) {
			qsort(ms[m], (size_t)rounds, sizeof *ms[m], views_bench_cmp);
			printf(" %9.2f / %8.2f", ms[m][rounds / 2],
			    ms[m][(rounds * 95) / 100 < rounds ?
			    (rounds * 95) / 100 : rounds - 1]);
			free(ms[m]);
		}
		printf("\n");
		catalog_query_free(q);
	}
	catalog_free(cat);
	return 0;
}
