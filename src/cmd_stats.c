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
	static const char *const with_value[] = { "--db", "--min-confidence",
	    "--label", "--top", "--width", NULL };
	char *cause = NULL, *text = NULL, *safe, **opts, **words;
	int nopts, nwords;
	size_t i;

	/* As in rummage query: options anywhere, terms may start with '-'. */
	opts = xcalloc((size_t)argc + 1, sizeof *opts);
	words = xcalloc((size_t)argc + 1, sizeof *words);
	commands_split(argc, argv, "rummage stats", with_value, opts, &nopts,
	    words, &nwords);
	optind = 1;
	while ((c = getopt_long(nopts, opts, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'c':
			if (!commands_number("stats", "--min-confidence", optarg,
			    0, 100, false, &threshold))
				goto bad_usage;
			break;
		case 'l':
			label = optarg;
			break;
		case 'n':
			if (!commands_number("stats", "--top", optarg, 1, 1000,
			    true, &top))
				goto bad_usage;
			break;
		case 'w':
			if (!commands_number("stats", "--width", optarg, 20, 1000,
			    true, &d))
				goto bad_usage;
			width = (int)d;
			break;
		case 'h':
			cmd_stats_usage(stdout);
			free(opts);
			free(words);
			return 0;
		default:
			commands_bad_option("stats", nopts, opts, optind);
			goto usage;
		}
	}
	if (optind < nopts) {
		commands_error("stats", "unexpected argument '%s'", opts[optind]);
		goto bad_usage;
	}
	text = commands_join(words, nwords);
	free(opts);
	free(words);
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
bad_usage:
	free(opts);
	free(words);
	return 2;
}
