/*
 * measure.h - timings for the benchmarks and smoke tests (bench/,
 * --max-frames, --script): a growable list of milliseconds and its
 * count, p50, p95 and max.
 */
#pragma once

#include <stddef.h>
#include <stdio.h>

/* Measurements in milliseconds. */
struct measure {
	double *ms;                   /* owned */
	size_t n, cap;
};

/* Start with no measurements. */
void measure_init(struct measure *m);
/* Free the measurements. */
void measure_fini(struct measure *m);

/* Milliseconds on a monotonic clock (measurements, the export's progress). */
double measure_now_ms(void);

/* Record a measurement of ms milliseconds. */
void measure_add(struct measure *m, double ms);

/* Print what (borrowed): count, p50, p95 and max to f (sorts m). */
void measure_report(struct measure *m, FILE *f, const char *what);
