/*
 * measure.c - timings (see measure.h).
 */
#include "measure.h"

#include <stdlib.h>
#include <time.h>

#include "xmalloc.h"

/* Start with no measurements. */
void
measure_init(struct measure *m)
{
	m->ms = NULL;
	m->n = m->cap = 0;
}

/* Free the measurements. */
void
measure_fini(struct measure *m)
{
	free(m->ms);
	measure_init(m);
}

/* Milliseconds on a monotonic clock (measurements, the export's progress). */
double
measure_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Record a measurement in a growable array. */
void
measure_add(struct measure *m, double ms)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->ms = xreallocarray(m->ms, m->cap, sizeof *m->ms);
	}
	m->ms[m->n++] = ms;
}

/* Compare doubles for qsort. */
static int
measure_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Print count, p50, p95 and max of measurements to f. */
void
measure_report(struct measure *m, FILE *f, const char *what)
{
	double *v = m->ms;
	size_t n = m->n;

	if (n == 0) {
		fprintf(f, "%s: 0\n", what);
		return;
	}
	qsort(v, n, sizeof *v, measure_cmp_double);
	fprintf(f, "%s: %zu, p50 %.2f ms, p95 %.2f ms, max %.2f ms\n", what,
	    n, v[n / 2], v[(n * 95) / 100 < n ? (n * 95) / 100 : n - 1],
	    v[n - 1]);
}
