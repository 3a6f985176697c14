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

/* A csv column: a field of the table, or the photo count or the labels. */
struct cmd_query_column {
	enum catalog_field field;     /* CATALOG_NONE: photos or labels */
	bool photos;
	const char *name;             /* as the header spells it (borrowed) */
	size_t name_len;
};

/* Can field be a csv column: one value per item (a list column, hour, weekday)? */
static bool
cmd_query_columnar(enum catalog_field f)
{
	const struct catalog_field_desc *d = catalog_field_desc(f);

	return d != NULL && (d->list_order > 0 || d->kind == CATALOG_KIND_HOUR ||
	    d->kind == CATALOG_KIND_WEEKDAY);
}

/* The column named p[0..len): a field by name or record key, photos, labels. */
static bool
cmd_query_column(const char *p, size_t len, struct cmd_query_column *c)
{
	c->field = catalog_field_lookup(p, len);
	c->photos = false;
	c->name = p;
	c->name_len = len;
	for (size_t k = 0; c->field == CATALOG_NONE && k < CATALOG_FIELD_COUNT;
	    k++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)k);
		/* "timestamp" for date: the record's own name for it. */
		if (cmd_query_columnar(d->field) && strlen(d->record_key) == len &&
		    memcmp(d->record_key, p, len) == 0)
			c->field = d->field;
	}
	if (c->field != CATALOG_NONE)
		return cmd_query_columnar(c->field);
	c->photos = len == 6 && memcmp(p, "photos", 6) == 0;
	return c->photos || (len == 6 && memcmp(p, "labels", 6) == 0);
}

/*
 * Parse --fields into cols (NULL: the list's columns). Returns how many,
 * 0 after an error message.
 */
static size_t
cmd_query_columns(const char *list, struct cmd_query_column *cols,
    size_t max)
{
	enum catalog_field def[CATALOG_FIELD_COUNT];
	size_t n = 0;

	if (list == NULL) {
		size_t nd = catalog_list_columns(def);
		for (size_t i = 0; i < nd && n < max; i++)
			cols[n++] = (struct cmd_query_column){ def[i], false,
			    catalog_field_name(def[i]),
			    strlen(catalog_field_name(def[i])) };
		return n;
	}
	for (const char *p = list;;) {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		if (n == max) {
			fprintf(stderr, "rummage query: --fields: more than %zu "
			    "columns\n", max);
			return 0;
		}
		if (!cmd_query_column(p, len, &cols[n])) {
			char *safe = sanitize_text(p, len, sanitize_locale_flags());
			fprintf(stderr, "rummage query: --fields: unknown column "
			    "'%s': expected", safe);
			free(safe);
			for (size_t k = 0; k < CATALOG_FIELD_COUNT; k++)
				if (cmd_query_columnar((enum catalog_field)k))
					fprintf(stderr, " %s",
					    catalog_field_name((enum catalog_field)k));
			fprintf(stderr, " photos labels (timestamp for date), "
			    "separated by commas\n");
			return 0;
		}
		n++;
		if (end == NULL)
			return n;
		p = end + 1;
	}
}

/* Write one RFC 4180 field of len bytes, quoted when it must be. */
static void
cmd_query_csv_field(const char *s, size_t len, bool last, bool tty)
{
	bool quote = false;
	char *safe = NULL;

	/* On a terminal the data is shown escaped, as everywhere else. */
	if (tty) {
		safe = sanitize_text(s, len, sanitize_locale_flags());
		s = safe;
		len = strlen(safe);
	}
	for (size_t i = 0; i < len && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n';
	if (quote) {
		putchar('"');
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '"')
				putchar('"');
			putchar(s[i]);
		}
		putchar('"');
	} else {
		fwrite(s, 1, len, stdout);
	}
	fputs(last ? "\r\n" : ",", stdout);
	free(safe);
}

/* One item as a csv row of the columns cols. */
static bool
cmd_query_csv_row(struct catalog *cat, uint32_t id, double threshold,
    const struct cmd_query_column *cols, size_t ncols, bool tty, char **cause)
{
	struct catalog_row row;
	char buf[CALENDAR_ISO_SIZE];

	if (!catalog_row_get(cat, id, threshold, &row, cause))
		return false;
	for (size_t c = 0; c < ncols; c++) {
		const struct catalog_field_desc *d = cols[c].field == CATALOG_NONE ?
		    NULL : catalog_field_desc(cols[c].field);
		const char *v;
		size_t len;
		bool last = c + 1 == ncols;

		if (cols[c].photos) {
			snprintf(buf, sizeof buf, "%u", row.photos);
			cmd_query_csv_field(buf, strlen(buf), last, tty);
			continue;
		}
		if (d == NULL) {
			cmd_query_csv_field(row.labels, row.labels_len, last, tty);
			continue;
		}
		if (d->kind == CATALOG_KIND_TIME) {
			/* The timestamp as the records spell it, in UTC. */
			calendar_iso(row.timestamp_ms, buf);
			v = buf;
			len = strlen(buf);
		} else {
			v = catalog_row_field(&row, cols[c].field, buf, &len);
		}
		cmd_query_csv_field(v, len, last, tty);
	}
	catalog_row_fini(&row);
	return true;
}

/*
 * Stream up to limit matches of res in a batch format: one uuid a line,
 * the record lines as read, or csv rows. Every row is written as it is
 * read: a million uuids never sit in memory.
 */
static bool
cmd_query_stream(struct catalog *cat, const struct catalog_result *res,
    enum cmd_query_format fmt, uint64_t limit, double threshold,
    const struct cmd_query_column *cols, size_t ncols, char **cause)
{
	bool tty = isatty(fileno(stdout));
	uint32_t ids[1024];
	uint64_t pos = 0;
	size_t n;

	if (fmt == CMD_QUERY_CSV)
		for (size_t c = 0; c < ncols; c++) {
			cmd_query_csv_field(cols[c].name, cols[c].name_len,
			    c + 1 == ncols, tty);
		}
	while (pos < limit && (n = catalog_result_ids(res, pos,
	    limit - pos < 1024 ? (size_t)(limit - pos) : 1024, ids)) > 0) {
		for (size_t i = 0; i < n; i++) {
			if (fmt == CMD_QUERY_UUIDS) {
				char uuid[65];
				if (!catalog_item_uuid(cat, ids[i], uuid, cause))
					return false;
				puts(uuid);
			} else if (fmt == CMD_QUERY_JSONL) {
				size_t len;
				char *line = catalog_item_line(cat, ids[i], &len, cause);
				if (line == NULL)
					return false;
				if (tty)
					jsonout_line_safe(stdout, line, len);
				else
					fwrite(line, 1, len, stdout);
				putchar('\n');
				free(line);
			} else if (!cmd_query_csv_row(cat, ids[i], threshold, cols,
			    ncols, tty, cause))
				return false;
		}
		pos += n;
		if (ferror(stdout))
			break;
	}
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
	struct cmd_query_column cols[64];
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
	if (fmt == CMD_QUERY_CSV && (ncols = cmd_query_columns(fields, cols,
	    sizeof cols / sizeof cols[0])) == 0) {
		status = 2;
		goto out;
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
		if ((answer = catalog_search(cat, q, &so, &cause)) == NULL ||
		    !cmd_query_stream(cat, answer->result, fmt, limit_given ?
		    (uint64_t)limit : answer->total, threshold, cols, ncols,
		    &cause))
			goto fail;
	} else {
		so.limit = (size_t)limit;
		so.facet_limit = (size_t)facet_limit;
		so.disjunctive = disjunctive;
		/* The months are the browser's; the contract's facets the rest. */
		so.facets = catalog_facet_fields();
		if (!disjunctive)
			so.facets &= ~(1u << CATALOG_DATE);
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
