/*
 * cmd_stats.c - `rummage stats --db INDEX [QUERY]`: the browser's charts
 * (ui/chart.c) printed to stdout, for a shell or a report.
 */
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "catalog.h"
#include "chart.h"
#include "sanitize.h"
#include "xmalloc.h"

/* Print the usage of stats to f. */
static void
cmd_stats_usage(FILE *f)
{
	fprintf(f,
	    "usage: rummage stats [--db INDEX] [--min-confidence C] [--label L]\n"
	    "                     [--top N] [--width W] [QUERY]\n"
	    "\n"
	    "Print the charts of a query's result: items over time, the top\n"
	    "values of each facet, the confidence histogram of a label, photos\n"
	    "per item and data quality.\n"
	    "\n"
	    "  --db INDEX          the index (default $RUMMAGE_DB, else ./rummage.db)\n"
	    "  --min-confidence C  the confidence threshold (default 50)\n"
	    "  --label L           the label to chart (default: the most frequent)\n"
	    "  --top N             values per facet (default 10)\n"
	    "  --width W           columns (default: the terminal's, else 80)\n"
	    "Glyphs are Unicode blocks in a UTF-8 locale, ASCII otherwise.\n");
}

/* The output width: the terminal's when stdout is one, else 80. */
static int
cmd_stats_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	if (env != NULL && atoi(env) > 0)
		return atoi(env);
	return 80;
}

/* Parse a number option in [lo, hi]; false on garbage. */
static bool
cmd_stats_number(const char *s, double lo, double hi, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return *s != '\0' && *end == '\0' && errno == 0 && *out >= lo &&
	    *out <= hi;
}

int
cmd_stats(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "min-confidence", required_argument, NULL, 'c' },
		{ "label", required_argument, NULL, 'l' },
		{ "top", required_argument, NULL, 'n' },
		{ "width", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = commands_default_db(), *label = NULL;
	double threshold = CATALOG_DEFAULT_THRESHOLD, top = 10, d;
	int c, width = 0, status = 1, flags = sanitize_locale_flags();
	struct catalog_query_error qerr;
	struct catalog_query *q = NULL;
	struct catalog_result *res = NULL;
	struct catalog *cat = NULL;
	struct chart_lines lines;
	char *cause = NULL, *text = NULL, *safe;
	size_t i, len = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:c:l:n:w:h", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'c':
			if (!cmd_stats_number(optarg, 0, 100, &threshold))
				goto usage;
			break;
		case 'l':
			label = optarg;
			break;
		case 'n':
			if (!cmd_stats_number(optarg, 1, 1000, &top))
				goto usage;
			break;
		case 'w':
			if (!cmd_stats_number(optarg, 20, 1000, &d))
				goto usage;
			width = (int)d;
			break;
		case 'h':
			cmd_stats_usage(stdout);
			return 0;
		default:
			goto usage;
		}
	}
	/* The query: the remaining arguments joined by spaces. */
	text = xstrdup("");
	for (; optind < argc; optind++) {
		char *t = xasprintf("%s%s%s", text, len ? " " : "",
		    argv[optind]);

		free(text);
		text = t;
		len = strlen(text);
	}
	if ((q = catalog_query_parse(text, &qerr)) == NULL) {
		safe = sanitize_text(qerr.message, strlen(qerr.message), flags);
		fprintf(stderr, "rummage stats: query: column %zu: %s\n",
		    qerr.column, safe);
		free(safe);
		free(text);
		return 2;
	}
	if ((cat = catalog_open(db, &cause)) == NULL)
		goto fail;
	if ((res = catalog_query_run(cat, q, threshold, CATALOG_NONE,
	    &cause)) == NULL)
		goto fail;
	chart_lines_init(&lines);
	if (!chart_report(cat, res, threshold, label, width ? width :
	    cmd_stats_width(), (size_t)top, flags, &lines, &cause)) {
		chart_lines_fini(&lines);
		goto fail;
	}
	for (i = 0; i < lines.n; i++) {
		char *t = lines.lines[i].text;
		size_t n = strlen(t);

		while (n > 0 && t[n - 1] == ' ')
			n--; /* bars are padded for the screen, not for files */
		printf("%.*s\n", (int)n, t);
	}
	chart_lines_fini(&lines);
	status = fflush(stdout) == 0 ? 0 : 1;
	goto out;
fail:
	safe = sanitize_text(cause ? cause : "failed", strlen(cause ? cause :
	    "failed"), flags);
	fprintf(stderr, "rummage stats: %s\n", safe);
	free(safe);
out:
	free(cause);
	free(text);
	catalog_result_free(res);
	catalog_query_free(q);
	catalog_free(cat);
	return status;
usage:
	cmd_stats_usage(stderr);
	return 2;
}
