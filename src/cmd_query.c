/*
 * cmd_query.c - `rummage query`: run one query, print the items and the
 * facets, as a table for people or as JSON (contract §3) for programs.
 */
#include "commands.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalog.h"
#include "jsonout.h"
#include "sanitize.h"
#include "xmalloc.h"

/* Print the synopsis, options and query syntax of rummage query. */
static void
cmd_query_usage(FILE *f)
{
	fprintf(f,
	    "usage: rummage query [--db PATH] [--limit N] [--facet-limit K]\n"
	    "                     [--min-confidence C] [--json] [QUERY...]\n"
	    "\n"
	    "Run a query and print the matching items (newest first) and the top\n"
	    "values of the brand, type, color, size and label facets.\n"
	    "\n"
	    "  --db PATH             the index (default $RUMMAGE_DB or ./rummage.db)\n"
	    "  --limit N             items to list (default 20)\n"
	    "  --facet-limit K       values per facet (default 10, 0 = all)\n"
	    "  --min-confidence C    threshold for label:, text: and the label\n"
	    "                        facet (default 50)\n"
	    "  --json                {\"total\", \"items\", \"facets\"} on stdout\n"
	    "\n"
	    "QUERY: terms separated by spaces, e.g.\n"
	    "  brand:BDG brand:Zara type:Jeans -color:black   (BDG or Zara) and Jeans, not black\n"
	    "  label:Jeans>=90 text:W3* date:2024-03..2024-05 \"Levi's\"\n"
	    "Fields: brand type color size label text date uuid; see man rummage.\n"
	    "Exit status: 0 success, 1 the index cannot be read, 2 bad query or usage.\n");
}

/* Show where a query went wrong: the text and a caret under the column. */
static void
cmd_query_error(const char *text, const struct catalog_query_error *err)
{
	char *safe = sanitize_text(text, strlen(text), sanitize_locale_flags());

	commands_error("query", "column %zu: %s", err->column, err->message);
	fprintf(stderr, "  %s\n  %*s^\n", safe, (int)err->column - 1, "");
	free(safe);
}

/*
 * Print up to limit uuids and the facet counts as one JSON object; false
 * with *cause when an item cannot be read (the output is then cut short).
 */
static bool
cmd_query_json(struct catalog *cat, struct catalog_result *res,
    struct catalog_facet **facets, size_t limit, char **cause)
{
	uint32_t ids[256];
	uint64_t pos = 0;
	size_t n;
	bool first = true;

	printf("{\"total\":%llu,\"items\":[",
	    (unsigned long long)catalog_result_count(res));
	while (pos < limit && (n = catalog_result_ids(res, pos,
	    limit - pos < 256 ? limit - pos : 256, ids)) > 0) {
		for (size_t i = 0; i < n; i++) {
			struct catalog_row row;
			if (!catalog_row_get(cat, ids[i], 0, &row, cause))
				return false;
			if (!first)
				putchar(',');
			first = false;
			jsonout_string(stdout, row.uuid);
			catalog_row_fini(&row);
		}
		pos += n;
	}
	printf("],\"facets\":{");
	for (size_t f = 0; f < CATALOG_FACET_COUNT; f++) {
		printf("%s\"%s\":{", f > 0 ? "," : "",
		    catalog_field_name((enum catalog_field)f));
		for (size_t i = 0; i < facets[f]->n; i++) {
			if (i > 0)
				putchar(',');
			jsonout_string(stdout, facets[f]->values[i].value);
			printf(":%llu", (unsigned long long)facets[f]->values[i].count);
		}
		putchar('}');
	}
	printf("}}\n");
	return true;
}

/* A cell: sanitized, cut or padded to cols. */
static void
cmd_query_cell(const char *s, int cols, int flags)
{
	char *safe = sanitize_text(s, strlen(s), flags);
	char *cell = sanitize_fit(safe, cols, true, flags);

	fputs(cell, stdout);
	putchar(' ');
	free(cell);
	free(safe);
}

/* Print up to limit items as a table, then the facets, sanitized; false with *cause. */
static bool
cmd_query_table(struct catalog *cat, struct catalog_result *res,
    struct catalog_facet **facets, size_t limit, double threshold,
    char **cause)
{
	int flags = sanitize_locale_flags();
	uint32_t ids[256];
	uint64_t pos = 0, total = catalog_result_count(res);
	size_t n;

	printf("%llu item%s\n\n", (unsigned long long)total, total == 1 ? "" : "s");
	if (total > 0 && limit > 0) {
		printf("%-19s %-16s %-18s %-14s %-8s %-7s %-3s %s\n", "date (UTC)",
		    "uuid", "brand", "type", "color", "size", "ph", "labels");
	}
	while (pos < limit && (n = catalog_result_ids(res, pos,
	    limit - pos < 256 ? limit - pos : 256, ids)) > 0) {
		for (size_t i = 0; i < n; i++) {
			struct catalog_row row;
			char ts[32], ph[8];
			if (!catalog_row_get(cat, ids[i], threshold, &row, cause))
				return false;
			catalog_format_timestamp(row.timestamp_ms, ts);
			ts[10] = ' ';
			ts[19] = '\0';
			cmd_query_cell(ts, 19, flags);
			cmd_query_cell(row.uuid, 16, flags);
			cmd_query_cell(row.top[CATALOG_BRAND], 18, flags);
			cmd_query_cell(row.top[CATALOG_TYPE], 14, flags);
			cmd_query_cell(row.top[CATALOG_COLOR], 8, flags);
			cmd_query_cell(row.top[CATALOG_SIZE], 7, flags);
			snprintf(ph, sizeof ph, "%u", row.photos);
			cmd_query_cell(ph, 3, flags);
			cmd_query_cell(row.labels, 40, flags);
			putchar('\n');
			catalog_row_fini(&row);
		}
		pos += n;
	}
	if (total > pos)
		printf("... %llu more (--limit)\n", (unsigned long long)(total - pos));
	for (size_t f = 0; f < CATALOG_FACET_COUNT && total > 0; f++) {
		printf("\n%-6s", catalog_field_name((enum catalog_field)f));
		for (size_t i = 0; i < facets[f]->n; i++) {
			char *safe = sanitize_text(facets[f]->values[i].value,
			    strlen(facets[f]->values[i].value), flags);
			printf("%s%s %llu", i > 0 ? ", " : " ", safe,
			    (unsigned long long)facets[f]->values[i].count);
			free(safe);
		}
		if (facets[f]->distinct > facets[f]->n)
			printf(", ... (%llu values)",
			    (unsigned long long)facets[f]->distinct);
	}
	if (total > 0)
		putchar('\n');
	return true;
}

/* rummage query: parse options and query, run it, print the results. */
int
cmd_query(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "limit", required_argument, NULL, 'l' },
		{ "facet-limit", required_argument, NULL, 'f' },
		{ "min-confidence", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = commands_default_db();
	double limit = 20, facet_limit = 10, threshold = CATALOG_DEFAULT_THRESHOLD;
	bool json = false;
	struct catalog_query_error qerr;
	struct catalog_query *q = NULL;
	struct catalog *cat = NULL;
	struct catalog_result *res = NULL;
	struct catalog_facet *facets[CATALOG_FACET_COUNT] = { 0 };
	char *text = NULL, *cause = NULL, **terms;
	int c, status = 1;

	{
		static const char *const with_value[] = { "--db", "--limit",
		    "--facet-limit", "--min-confidence", NULL };
		char **opts = xcalloc((size_t)argc + 1, sizeof *opts);
		int nopts, nterms;
		bool ok = true;

		terms = xcalloc((size_t)argc + 1, sizeof *terms);
		commands_split(argc, argv, "rummage query", with_value, opts,
		    &nopts, terms, &nterms);
		optind = 1;
		while (ok && (c = getopt_long(nopts, opts, "h", longopts,
		    NULL)) != -1) {
			switch (c) {
			case 'd':
				db = optarg;
				break;
			case 'l':
				ok = commands_number("query", "--limit", optarg, 0,
				    1e9, true, &limit);
				break;
			case 'f':
				ok = commands_number("query", "--facet-limit", optarg,
				    0, 1e9, true, &facet_limit);
				break;
			case 'c':
				ok = commands_number("query", "--min-confidence",
				    optarg, 0, 100, false, &threshold);
				break;
			case 'j':
				json = true;
				break;
			case 'h':
				cmd_query_usage(stdout);
				free(opts);
				free(terms);
				return 0;
			default:
				ok = false;
				commands_bad_option("query", nopts, opts, optind);
				cmd_query_usage(stderr);
			}
		}
		if (ok && optind < nopts) {
			commands_error("query", "unexpected argument '%s'",
			    opts[optind]);
			ok = false;
		}
		free(opts);
		if (!ok) {
			free(terms);
			return 2;
		}
		text = commands_join(terms, nterms);
		free(terms);
	}
	if ((q = catalog_query_parse(text, &qerr)) == NULL) {
		cmd_query_error(text, &qerr);
		status = 2;
		goto out;
	}
	if ((cat = catalog_open(db, &cause)) == NULL)
		goto fail;
	if ((res = catalog_query_run(cat, q, threshold, CATALOG_NONE,
	    &cause)) == NULL)
		goto fail;
	for (size_t f = 0; f < CATALOG_FACET_COUNT; f++) {
		facets[f] = catalog_facet_count(cat, res, (enum catalog_field)f,
		    threshold, (size_t)facet_limit, &cause);
		if (facets[f] == NULL)
			goto fail;
	}
	if (json ? !cmd_query_json(cat, res, facets, (size_t)limit, &cause) :
	    !cmd_query_table(cat, res, facets, (size_t)limit, threshold,
	    &cause)) {
		fflush(stdout);
		goto fail;
	}
	status = fflush(stdout) == 0 ? 0 : 1;
	goto out;
fail:
	commands_error("query", "%s", cause != NULL ? cause : "failed");
	status = 1;
out:
	for (size_t f = 0; f < CATALOG_FACET_COUNT; f++)
		catalog_facet_free(facets[f]);
	catalog_result_free(res);
	catalog_free(cat);
	catalog_query_free(q);
	free(text);
	free(cause);
	return status;
}
