#include "progress.h"

#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* Monotonic seconds, immune to wall-clock changes. */
static double
progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Start the clock; the bar shows only if enabled and out is a tty. */
void
progress_init(struct progress *p, FILE *out, bool enabled)
{
	p->out = out;
	p->enabled = enabled && isatty(fileno(out));
	p->start = p->phase_start = progress_now();
	p->phase[0] = '\0';
	p->width = 0;
}

/* Seconds since progress_init, for rates and the summary. */
double
progress_elapsed(const struct progress *p)
{
	return progress_now() - p->start;
}

/* Redraw the bar in place, fitted to the terminal; ETA per phase. */
void
progress_draw(struct progress *p, const char *phase, uint64_t done,
    uint64_t total, uint64_t records, uint64_t bytes)
{
	double now = progress_now(), t = now - p->start;
	struct winsize ws;
	int cols = 80, barw, n;
	char line[256], bar[64], eta[32] = "";
	double frac = total > 0 ? (double)done / (double)total : 0;

	if (!p->enabled)
		return;
	if (strncmp(p->phase, phase, sizeof p->phase) != 0) {
		/* ETA is per phase: reading, then writing, then thumbnails. */
		snprintf(p->phase, sizeof p->phase, "%s", phase);
		p->phase_start = progress_now();
	}
	if (ioctl(fileno(p->out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
	if (frac > 1)
		frac = 1;
	if (total > 0 && frac > 0.01 && now - p->phase_start > 0.5) {
		double pt = now - p->phase_start, left = pt / frac - pt;
		snprintf(eta, sizeof eta, " ETA %d:%02d", (int)left / 60,
		    (int)left % 60);
	}
	barw = cols - 70;
	if (barw > 40)
		barw = 40;
	if (barw < 0)
		barw = 0;
	for (int i = 0; i < barw; i++)
		bar[i] = total == 0 ? '.' : i < (int)(frac * barw) ? '#' : '.';
	bar[barw] = '\0';
	n = snprintf(line, sizeof line, "%-10s [%s] %3d%%  %llu rec  %.0f rec/s"
	    "  %.1f MB/s%s", phase, bar, (int)(frac * 100),
	    (unsigned long long)records, t > 0 ? (double)records / t : 0,
	    t > 0 ? (double)bytes / t / 1e6 : 0, eta);
	if (n > cols - 1)
		n = cols - 1;
	if (n < 0)
		n = 0;
	fprintf(p->out, "\r%.*s%*s", n, line, p->width > n ? p->width - n : 0, "");
	p->width = n;
	fflush(p->out);
}

/* Blank the bar's line so a summary can be printed over it. */
void
progress_clear(struct progress *p)
{
	if (!p->enabled || p->width == 0)
		return;
	fprintf(p->out, "\r%*s\r", p->width, "");
	p->width = 0;
	fflush(p->out);
}
