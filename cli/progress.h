/*
 * progress.h - a one-line progress bar on a terminal (stderr), redrawn in
 * place: phase, bar, percentage, records/s, MB/s and ETA.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct progress {
	FILE *out;
	bool enabled;          /* out is a terminal and the user wants it */
	double start;          /* monotonic seconds */
	double phase_start;    /* when the current phase began */
	char phase[16];        /* its name */
	int width;             /* last line's width, to clear it */
};

void progress_init(struct progress *p, FILE *out, bool enabled);
/* Redraw: done/total units of phase (total 0 = unknown), records, bytes. */
void progress_draw(struct progress *p, const char *phase, uint64_t done,
    uint64_t total, uint64_t records, uint64_t bytes);
/* Erase the bar (before printing a summary). */
void progress_clear(struct progress *p);
/* Seconds since progress_init. */
double progress_elapsed(const struct progress *p);
