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
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "chart.h"
#include "plot.h"
#include "sanitize.h"
#include "xmalloc.h"

/* Print the usage of stats to f. */
static void
cmd_stats_usage(FILE *f)
{
	fprintf(f,
	    "usage: rummage stats [--db INDEX] [--min-confidence C] [--label L]\n"
	    "                     [--top N] [--width W] [--crosstab A,B]\n"
	    "                     [--png DIR] [QUERY]\n"
	    "\n"
	    "Print the charts of a query's result: items over time, the top\n"
	    "values of each facet, the confidence histogram of a label, photos\n"
	    "per item, data quality, items per hour of the day and weekday, and\n"
	    "how often the photos' text confirms each brand (OCR agreement,\n"
	    "lowest first).\n"
	    "\n"
	    "  --db INDEX          the index (default $RUMMAGE_DB, else ./rummage.db)\n"
	    "  --min-confidence C  the confidence threshold (default 50)\n"
	    "  --label L           the label to chart (default: of the frequent\n"
	    "                      labels, the one whose confidence is spread\n"
	    "                      widest)\n"
	    "  --top N             values per facet (default 10)\n"
	    "  --width W           columns, 40 or more (default: the terminal's,\n"
	    "                      else 80); every line fits\n"
	    "  --crosstab A,B      instead, the result as a table of counts: the\n"
	    "                      top values of field A down, of B across (e.g.\n"
	    "                      brand,type or brand,ocr; hour and weekday give\n"
	    "                      every hour or day)\n"
	    "  --png DIR           instead, write each chart (or the crosstab, as a\n"
	    "                      heat map) as a PNG picture in DIR, and print\n"
	    "                      the files' names\n"
	    "Glyphs are Unicode blocks in a UTF-8 locale, ASCII otherwise.\n");
}

/* Print a crosstab (x, borrowed) as an aligned table within width columns. */
static void
cmd_stats_crosstab(const struct catalog_crosstab *x, int width, int flags)
{
	int lw = 18, cw = 9, fit;
	size_t ncols;

	/* Columns that fit after the row labels and the total. */
	fit = (width - lw - 1 - cw) / (cw + 1);
	ncols = fit < 1 ? 1 : (size_t)fit < x->cols.n ? (size_t)fit : x->cols.n;
	printf("%llu items: %s down, %s across (cells: items with both)\n\n",
	    (unsigned long long)x->total, catalog_field_name(x->rows.field),
	    catalog_field_name(x->cols.field));
	printf("%*s ", lw, "");
	for (size_t j = 0; j < ncols; j++) {
		char *safe = sanitize_text(x->cols.labels[j],
		    strlen(x->cols.labels[j]), flags);
		char *cell = sanitize_fit(safe, cw, false, flags);
		printf("%*s%s ", cw - sanitize_width(cell), "", cell);
		free(cell);
		free(safe);
	}
	printf("%*s\n", cw, "total");
	for (size_t i = 0; i < x->rows.n; i++) {
		char *safe = sanitize_text(x->rows.labels[i],
		    strlen(x->rows.labels[i]), flags);
		char *cell = sanitize_fit(safe, lw, true, flags);
		printf("%s ", cell);
		for (size_t j = 0; j < ncols; j++)
			printf("%*llu ", cw, (unsigned long long)
			    x->counts[i * x->cols.n + j]);
		printf("%*llu\n", cw, (unsigned long long)x->rows.totals[i]);
		free(cell);
		free(safe);
	}
	if (ncols < x->cols.n)
		printf("\n(%zu more columns: --width)\n", x->cols.n - ncols);
}

/* Print lines (borrowed) without the padding bars get for the screen. */
static void
cmd_stats_print(const struct chart_lines *lines)
{
	for (size_t i = 0; i < lines->n; i++) {
		const char *t = lines->lines[i].text;
		size_t n = strlen(t);

		while (n > 0 && t[n - 1] == ' ')
			n--;
		printf("%.*s\n", (int)n, t);
	}
}

/*
 * Write each chart of cs that has a picture to DIR/NN-SLUG.png (1000
 * pixels wide, light, for a report) and print each file's name.
 */
static bool
cmd_stats_png(const struct chart_set *cs, const char *dir, char **cause)
{
	struct plot_palette pal;
	size_t i, k = 0;

	plot_palette_init(&pal, false);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		*cause = xasprintf("%s: %s", dir, strerror(errno));
		return false;
	}
	for (i = 0; i < cs->n; i++) {
		const struct chart *c = &cs->charts[i];
		char *path;
		bool ok;

		if (!plot_has_picture(c))
			continue;
		path = xasprintf("%s/%02zu-%s.png", dir, ++k, c->slug);
		ok = plot_png(c, 1000, plot_height(c, 1000, &pal), &pal, path,
		    cause);
		if (ok)
			printf("%s\n", path);
		free(path);
		if (!ok)
			break;
	}
	plot_finish();
	return i == cs->n;
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
		{ "crosstab", required_argument, NULL, 'x' },
		{ "png", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = commands_default_db(), *label = NULL, *crosstab = NULL;
	const char *png = NULL;
	enum catalog_field xa = CATALOG_NONE, xb = CATALOG_NONE;
	double threshold = CATALOG_DEFAULT_THRESHOLD, top = 10, d;
	int c, width = 0, status = 1, flags = sanitize_locale_flags();
	struct catalog_query_error qerr;
	struct catalog_query *q = NULL;
	struct catalog_result *res = NULL;
	struct catalog *cat = NULL;
	struct chart_lines lines;
	static const char *const with_value[] = { "--db", "--min-confidence",
	    "--label", "--top", "--width", "--crosstab", "--png", NULL };
	char *cause = NULL, *text = NULL, *safe, **opts, **words;
	int nopts, nwords;

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
			if (!commands_number("stats", "--width", optarg, 40, 1000,
			    true, &d))
				goto bad_usage;
			width = (int)d;
			break;
		case 'x': {
			const char *comma = strchr(optarg, ',');
			crosstab = optarg;
			if (comma != NULL) {
				xa = catalog_field_lookup(optarg,
				    (size_t)(comma - optarg));
				xb = catalog_field_lookup(comma + 1, strlen(comma + 1));
			}
			if (xa == CATALOG_NONE || xb == CATALOG_NONE ||
			    !catalog_crosstab_side_ok(xa) || !catalog_crosstab_side_ok(xb)) {
				safe = sanitize_text(optarg, strlen(optarg), flags);
				fprintf(stderr, "rummage stats: --crosstab '%s': expected "
				    "two fields with values to count, e.g. brand,type "
				    "(a facet, hour, weekday or ocr)\n", safe);
				free(safe);
				goto bad_usage;
			}
			break;
		}
		case 'p':
			png = optarg;
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
	if (crosstab != NULL) {
		struct catalog_crosstab *x = catalog_crosstab(cat, res, xa, xb,
		    threshold, (size_t)top, (size_t)top, &cause);
		if (x == NULL)
			goto fail;
		if (png != NULL) {
			struct chart_set cs;
			bool ok;

			chart_set_init(&cs);
			chart_set_crosstab(&cs, x, 0, flags);
			catalog_crosstab_free(x);
			ok = cmd_stats_png(&cs, png, &cause);
			chart_set_fini(&cs);
			if (!ok)
				goto fail;
			status = fflush(stdout) == 0 ? 0 : 1;
			goto out;
		}
		cmd_stats_crosstab(x, width ? width : commands_width(), flags);
		catalog_crosstab_free(x);
		status = fflush(stdout) == 0 ? 0 : 1;
		goto out;
	}
	if (png != NULL) {
		struct chart_set cs;
		bool ok;

		chart_set_init(&cs);
		ok = chart_collect(cat, res, threshold, label, (size_t)top, flags,
		    &cs, &cause) && cmd_stats_png(&cs, png, &cause);
		chart_set_fini(&cs);
		if (!ok)
			goto fail;
		status = fflush(stdout) == 0 ? 0 : 1;
		goto out;
	}
	chart_lines_init(&lines);
	if (!chart_report(cat, res, threshold, label, width ? width :
	    commands_width(), (size_t)top, flags, &lines, &cause)) {
		chart_lines_fini(&lines);
		goto fail;
	}
	cmd_stats_print(&lines);
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
