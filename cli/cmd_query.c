/*
 * cmd_query.c - `rummage query`: run one query, print the items and the
 * facets, as a table for people or as JSON (contract §3) for programs.
 */
#include "commands.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "calendar.h"
#include "catalog.h"
#include "chart.h"
#include "export.h"
#include "itemlist.h"
#include "jsonout.h"
#include "sanitize.h"
#include "xmalloc.h"

/* Print the synopsis, options and query syntax of rummage query. */
static void
cmd_query_usage(FILE *f)
{
	fprintf(f,
	    "usage: rummage query [--db PATH] [--limit N] [--facet-limit K]\n"
	    "                     [--min-confidence C] [--format F] [--json]\n"
	    "                     [--disjunctive] [--fields LIST] [QUERY...]\n"
	    "\n"
	    "Run a query and print the matching items (newest first) and the top\n"
	    "values of the facets (");
	for (size_t i = 0, k = 0; i < CATALOG_FIELD_COUNT; i++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)i);
		if (d->facet == CATALOG_FACET_NONE || d->facet == CATALOG_FACET_MONTHS)
			continue;
		fprintf(f, "%s%s", k++ > 0 ? ", " : "", d->name);
	}
	fprintf(f, ").\n"
	    "\n"
	    "  --db PATH             the index (default $RUMMAGE_DB or ./rummage.db)\n"
	    "  --limit N             items to list (default 20 for table and json,\n"
	    "                        every match for uuids, jsonl and csv; 0 lists\n"
	    "                        none, the total and the facets still count all)\n"
	    "  --facet-limit K       values per facet (default 10, 0 = all)\n"
	    "  --min-confidence C    threshold for label:, text:, bare words and the\n"
	    "                        label and text facets (default 50)\n"
	    "  --format F            table (default), json ({\"total\", \"items\",\n"
	    "                        \"facets\"}), uuids (one a line), jsonl (the\n"
	    "                        item records as read, one a line) or csv\n"
	    "                        (RFC 4180, a header row)\n"
	    "  --json                the same as --format json\n"
	    "  --fields LIST         csv columns, comma-separated (default: the\n"
	    "                        list's columns); field names, timestamp,\n"
	    "                        photos, labels\n"
	    "  --disjunctive         count each facet as the browser's sidebar does:\n"
	    "                        a facet with values selected in the query as if\n"
	    "                        they were not (its exclusions stay); adds the\n"
	    "                        date facet (items per month)\n"
	    "\n"
	    "QUERY: terms separated by spaces, e.g.\n"
	    "  brand:BDG brand:Zara type:Jeans -color:black  (BDG or Zara), Jeans, not black\n"
	    "  label:Jeans>=90 text:W3* date:2024-03..2024-05 \"Levi's\"\n"
	    "Fields:\n");
	for (size_t i = 0; i < CATALOG_FIELD_COUNT; i++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)i);
		if (*d->name != '\0')
			fprintf(f, "  %-7s %s\n", d->name, d->help);
	}
	fprintf(f, "See man rummage.\n"
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
 * Print the answer's uuids and facets as one JSON object; false with
 * *cause when an item cannot be read (the output is then cut short).
 */
static bool
cmd_query_json(struct catalog *cat, const struct catalog_answer *a,
    bool disjunctive, char **cause)
{
	bool first = true;

	printf("{\"total\":%llu,\"items\":[", (unsigned long long)a->total);
	for (size_t i = 0; i < a->nids; i++) {
		char uuid[65];
		if (!catalog_item_uuid(cat, a->ids[i], uuid, cause))
			return false;
		if (!first)
			putchar(',');
		first = false;
		jsonout_string(stdout, uuid);
	}
	printf("],\"facets\":{");
	first = true;
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_facet *facet = a->facets[f];
		if (facet == NULL)
			continue;
		printf("%s\"%s\":{", first ? "" : ",",
		    catalog_field_name((enum catalog_field)f));
		first = false;
		for (size_t i = 0; i < facet->n; i++) {
			if (i > 0)
				putchar(',');
			jsonout_write(stdout, facet->values[i].value,
			    facet->values[i].len);
			printf(":%llu", (unsigned long long)facet->values[i].count);
		}
		putchar('}');
	}
	putchar('}');
	if (disjunctive) {
		/* Which facets were counted without their own selections. */
		printf(",\"disjunctive\":[");
		first = true;
		for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
			if (!a->disjunctive[f])
				continue;
			printf("%s\"%s\"", first ? "" : ",",
			    catalog_field_name((enum catalog_field)f));
			first = false;
		}
		putchar(']');
	}
	printf("}\n");
	return true;
}

/* A cell of len bytes (NULs shown escaped): sanitized, cut or padded to cols. */
static void
cmd_query_cell(struct buf *line, const char *s, size_t len, int cols,
    int flags)
{
	char *safe = sanitize_text(s, len, flags);
	char *cell = sanitize_fit(safe, cols, true, flags);

	buf_adds(line, cell);
	buf_addc(line, ' ');
	free(cell);
	free(safe);
}

/* Print line without its trailing blanks and empty it. */
static void
cmd_query_line(struct buf *line)
{
	while (line->len > 0 && line->data[line->len - 1] == ' ')
		line->len--;
	printf("%.*s\n", (int)line->len, line->len ? line->data : "");
	line->len = 0;
}

/*
 * Print the answer's items as a table within width columns (the
 * browser's list columns for that width), sanitized; false with *cause.
 */
static bool
cmd_query_table(struct catalog *cat, const struct catalog_answer *a,
    double threshold, int width, char **cause)
{
	int flags = sanitize_locale_flags();
	struct itemlist_column cols[ITEMLIST_MAX_COLUMNS];
	/* The last column's trailing space is not printed: width - 1. */
	int ncols = itemlist_columns(width, cols);
	struct buf line;

	printf("%llu item%s\n\n", (unsigned long long)a->total,
	    a->total == 1 ? "" : "s");
	buf_init(&line);
	if (a->nids > 0) {
		for (int c = 0; c < ncols; c++) {
			const char *t = cols[c].what != ITEMLIST_FIELD ? cols[c].title :
			    catalog_field_desc(cols[c].field)->kind ==
			    CATALOG_KIND_TIME ? "date (UTC)" : cols[c].title;

			buf_addf(&line, "%-*.*s ", cols[c].width, cols[c].width, t);
		}
		cmd_query_line(&line);
	}
	for (size_t i = 0; i < a->nids; i++) {
		struct catalog_row row;
		char buf[32];

		if (!catalog_row_get(cat, a->ids[i], threshold, &row, cause)) {
			buf_fini(&line);
			return false;
		}
		for (int c = 0; c < ncols; c++) {
			size_t len;
			const char *v;

			if (cols[c].what == ITEMLIST_PHOTOS) {
				snprintf(buf, sizeof buf, "%u", row.photos);
				v = buf;
				len = strlen(buf);
			} else if (cols[c].what == ITEMLIST_LABELS) {
				v = row.labels != NULL ? row.labels : "";
				len = row.labels != NULL ? row.labels_len : 0;
			} else {
				v = catalog_row_field(&row, cols[c].field, buf, &len);
				/* A short uuid is a prefix, as in the browser. */
				if (catalog_field_desc(cols[c].field)->kind ==
				    CATALOG_KIND_ID && len > (size_t)cols[c].width)
					len = (size_t)cols[c].width;
			}
			cmd_query_cell(&line, v, len, cols[c].width, flags);
		}
		cmd_query_line(&line);
		catalog_row_fini(&row);
	}
	if (a->total > a->nids)
		printf("... %llu more (--limit)\n",
		    (unsigned long long)(a->total - a->nids));
	/* A line per facet, wrapped at width under its values. */
	bool first_facet = true;

	for (size_t f = 0; f < CATALOG_FIELD_COUNT && a->total > 0; f++) {
		const struct catalog_facet *facet = a->facets[f];
		struct chart_lines wrapped;

		if (facet == NULL)
			continue;
		buf_addf(&line, "%-6s", catalog_field_name((enum catalog_field)f));
		for (size_t i = 0; i < facet->n; i++) {
			char *safe = sanitize_text(facet->values[i].value,
			    facet->values[i].len, flags);
			buf_addf(&line, "%s%s %llu", i > 0 ? ", " : " ", safe,
			    (unsigned long long)facet->values[i].count);
			free(safe);
		}
		if (facet->distinct > facet->n)
			buf_addf(&line, ", ... (%llu values)",
			    (unsigned long long)facet->distinct);
		if (a->disjunctive[f])
			buf_addf(&line, " (as if unselected)");
		buf_addc(&line, '\0');
		chart_lines_init(&wrapped);
		chart_add_wrapped(&wrapped, CHART_TEXT, line.data, width, 7,
		    flags);
		if (first_facet)
			putchar('\n');
		first_facet = false;
		for (size_t k = 0; k < wrapped.n; k++)
			printf("%s\n", wrapped.lines[k].text);
		chart_lines_fini(&wrapped);
		line.len = 0;
	}
	buf_fini(&line);
	return true;
}

/* Output formats of rummage query. */
enum cmd_query_format {
	CMD_QUERY_TABLE, CMD_QUERY_JSON, CMD_QUERY_UUIDS, CMD_QUERY_JSONL,
	CMD_QUERY_CSV
};
static const char *const cmd_query_formats[] = {
	"table", "json", "uuids", "jsonl", "csv", NULL
};

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
		{ "disjunctive", no_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'F' },
		{ "fields", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = commands_default_db();
	double limit = 20, facet_limit = 10, threshold = CATALOG_DEFAULT_THRESHOLD;
	bool disjunctive = false, limit_given = false;
	enum cmd_query_format fmt = CMD_QUERY_TABLE;
	const char *fields = NULL;
	struct export_column cols[EXPORT_MAX_COLUMNS];
	size_t ncols = 0;
	struct catalog_query_error qerr;
	struct catalog_query *q = NULL;
	struct catalog *cat = NULL;
	struct catalog_answer *answer = NULL;
	struct catalog_search_options so = { 0 };
	char *text = NULL, *cause = NULL, **terms;
	int c, status = 1;

	{
		static const char *const with_value[] = { "--db", "--limit",
		    "--facet-limit", "--min-confidence", "--format", "--fields",
		    NULL };
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
				limit_given = true;
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
				fmt = CMD_QUERY_JSON;
				break;
			case 'F': {
				int k;
				for (k = 0; cmd_query_formats[k] != NULL &&
				    strcmp(cmd_query_formats[k], optarg) != 0; k++)
					;
				if (cmd_query_formats[k] == NULL) {
					commands_error("query", "--format '%s': expected "
					    "table, json, uuids, jsonl or csv", optarg);
					ok = false;
				} else
					fmt = (enum cmd_query_format)k;
				break;
			}
			case 'L':
				fields = optarg;
				break;
			case 'D':
				disjunctive = true;
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
	if (fields != NULL && fmt != CMD_QUERY_CSV) {
		commands_error("query", "--fields goes with --format csv");
		status = 2;
		goto out;
	}
	if (fmt == CMD_QUERY_CSV) {
		ncols = fields == NULL ? export_list_columns(cols) :
		    export_parse_columns(fields, cols, &cause);
		if (ncols == 0) {
			commands_error("query", "--fields: %s", cause);
			status = 2;
			goto out;
		}
	}
	if ((q = catalog_query_parse(text, &qerr)) == NULL) {
		cmd_query_error(text, &qerr);
		status = 2;
		goto out;
	}
	if ((cat = catalog_open(db, &cause)) == NULL)
		goto fail;
	so.threshold = threshold;
	so.sort = CATALOG_SORT_NEWEST;
	if (fmt == CMD_QUERY_UUIDS || fmt == CMD_QUERY_JSONL ||
	    fmt == CMD_QUERY_CSV) {
		/* Batch formats: every match unless --limit says otherwise. */
		struct export_options eo = { 0 };
		uint64_t written;
		bool cancelled;

		eo.fmt = fmt == CMD_QUERY_UUIDS ? EXPORT_UUIDS :
		    fmt == CMD_QUERY_JSONL ? EXPORT_JSONL : EXPORT_CSV;
		eo.limit = limit_given ? (uint64_t)limit : UINT64_MAX;
		eo.threshold = threshold;
		eo.cols = cols;
		eo.ncols = ncols;
		eo.terminal = isatty(fileno(stdout));
		if ((answer = catalog_search(cat, q, &so, &cause)) == NULL)
			goto fail;
		/* A write error (a closed pipe) ends it quietly, as before. */
		if (!export_stream(cat, answer->result, &eo, stdout, &written,
		    &cancelled, &cause) && cause != NULL)
			goto fail;
	} else {
		so.limit = (size_t)limit;
		so.facet_limit = (size_t)facet_limit;
		so.disjunctive = disjunctive;
		/* The months are the browser's; the contract's facets the rest. */
		so.facets = catalog_facet_fields();
		if (!disjunctive)
			so.facets &= ~(1u << CATALOG_DATE);
		/* The JSON holds no count of values; the table says it. */
		so.top_only = fmt == CMD_QUERY_JSON;
		/* A second core, when there is one, counts half the facets. */
		so.threads = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
		if ((answer = catalog_search(cat, q, &so, &cause)) == NULL)
			goto fail;
		if (fmt == CMD_QUERY_JSON ?
		    !cmd_query_json(cat, answer, disjunctive, &cause) :
		    !cmd_query_table(cat, answer, threshold, commands_width(), &cause)) {
			fflush(stdout);
			goto fail;
		}
	}
	status = fflush(stdout) == 0 ? 0 : 1;
	goto out;
fail:
	commands_error("query", "%s", cause != NULL ? cause : "failed");
	status = 1;
out:
	catalog_answer_free(answer);
	catalog_free(cat);
	catalog_query_free(q);
	free(text);
	free(cause);
	return status;
}
