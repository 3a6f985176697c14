/*
 * cmd_info.c - `rummage info`: what an index holds and how it was built.
 */
#include "commands.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "catalog.h"
#include "jsonout.h"
#include "sanitize.h"

/* Print the synopsis of rummage info to f. */
static void
cmd_info_usage(FILE *f)
{
	fprintf(f,
	    "usage: rummage info [--db PATH] [--json] [--check] [--phashes]\n"
	    "\n"
	    "Show an index's schema version, when and from what it was built, the\n"
	    "build's accounting (lines read = indexed + rejected + replaced\n"
	    "duplicates), photos and thumbnails, and distinct values per field.\n"
	    "\n"
	    "  --check   first verify the whole file (every page, record, column\n"
	    "            and posting list); exit 1 if it is damaged\n"
	    "  --phashes instead, each stored photo's perceptual hash, one JSON\n"
	    "            object a line: {\"uuid\",\"photo\",\"dct\",\"chroma\"}\n");
}

/* Print a '\n'-separated list as a JSON array. */
static void
cmd_info_json_list(const char *list)
{
	const char *p = list;

	putchar('[');
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char *s = strndup(p, n);
		if (p != list)
			putchar(',');
		jsonout_string(stdout, s);
		free(s);
		p += n + (nl != NULL);
	}
	putchar(']');
}

/* Print the index's info as one JSON object on stdout. */
static void
cmd_info_json(const struct catalog_info *in)
{
	char built[32], first[32], last[32];

	calendar_iso(in->built_at_ms, built);
	calendar_iso(in->first_ms, first);
	calendar_iso(in->last_ms, last);
	printf("{\"schema_version\":%u,\"built_at\":\"%s\",\"rummage_version\":",
	    in->schema_version, built);
	jsonout_string(stdout, in->rummage_version);
	printf(",\"inputs\":");
	cmd_info_json_list(in->inputs);
	printf(",\"image_roots\":");
	cmd_info_json_list(in->image_roots);
	printf(",\"thumb_size\":%d,\"items\":%llu,", in->thumb_size,
	    (unsigned long long)in->items);
#define A(name) printf("\"" #name "\":%llu", (unsigned long long)in->acct.name)
	printf("\"accounting\":{");
	A(files); putchar(','); A(lines); putchar(','); A(indexed); putchar(',');
	A(rejected); putchar(','); A(duplicates); putchar(',');
	A(input_bytes); putchar(','); A(photos); putchar(','); A(thumbs);
	putchar(','); A(photos_missing); putchar(','); A(photos_corrupt);
	putchar(','); A(photos_skipped);
#undef A
	printf("},");
	if (in->items > 0)
		printf("\"first\":\"%s\",\"last\":\"%s\",", first, last);
	else
		printf("\"first\":null,\"last\":null,");
	printf("\"distinct\":{");
	for (size_t f = 0, k = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)f);
		if (d->store < 0)
			continue;
		printf("%s\"%s\":%llu", k++ > 0 ? "," : "", d->name,
		    (unsigned long long)in->distinct[f]);
	}
	printf("},\"file_bytes\":%llu}\n", (unsigned long long)in->file_bytes);
}

/* Print the index's info for people; stored paths are sanitized. */
static void
cmd_info_text(const char *db, const struct catalog_info *in)
{
	int flags = sanitize_locale_flags();
	char built[32], first[32], last[32];
	char *inputs = sanitize_text(in->inputs, strlen(in->inputs), flags);
	char *roots = sanitize_text(in->image_roots, strlen(in->image_roots),
	    flags);
	const struct catalog_accounting *a = &in->acct;
	char *safe_db = sanitize_text(db, strlen(db), flags);

	calendar_iso(in->built_at_ms, built);
	calendar_iso(in->first_ms, first);
	calendar_iso(in->last_ms, last);
	printf("index        %s (%.1f MB, format version %u)\n", safe_db,
	    (double)in->file_bytes / 1e6, in->schema_version);
	printf("built        %s by rummage %s\n", built, in->rummage_version);
	printf("from         %s\n", inputs);
	printf("image root   %s\n", roots);
	printf("items        %llu", (unsigned long long)in->items);
	if (in->items > 0)
		printf(", %.10s .. %.10s", first, last);
	printf("\nlines read   %llu = indexed %llu + rejected %llu + replaced "
	    "duplicates %llu\n", (unsigned long long)a->lines,
	    (unsigned long long)a->indexed, (unsigned long long)a->rejected,
	    (unsigned long long)a->duplicates);
	printf("input        %llu files, %.1f MB of JSON\n",
	    (unsigned long long)a->files, (double)a->input_bytes / 1e6);
	printf("photos       %llu: %llu thumbnails (%d px), %llu missing, "
	    "%llu unreadable", (unsigned long long)a->photos,
	    (unsigned long long)a->thumbs, in->thumb_size,
	    (unsigned long long)a->photos_missing,
	    (unsigned long long)a->photos_corrupt);
	if (a->photos_skipped > 0)
		printf(", %llu past an item's 256th (no thumbnail)",
		    (unsigned long long)a->photos_skipped);
	putchar('\n');
	printf("distinct    ");
	for (size_t f = 0, k = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)f);
		if (d->store < 0)
			continue;
		printf("%s %s %llu", k++ > 0 ? "," : "", d->name,
		    (unsigned long long)in->distinct[f]);
	}
	putchar('\n');
	free(inputs);
	free(roots);
	free(safe_db);
}

/*
 * Print every stored perceptual hash as a JSON line (doc/index-format.md):
 * what an outside check of similar: and dup: groups by itself.
 */
static bool
cmd_info_phashes(struct catalog *cat, char **cause)
{
	uint32_t n = catalog_item_count(cat);

	for (uint32_t id = 0; id < n; id++) {
		struct catalog_item *it = catalog_item_get(cat, id, cause);
		if (it == NULL)
			return false;
		for (size_t k = 0; k < it->nphotos; k++) {
			const struct catalog_photo *p = &it->photos[k];
			if (!p->has_phash)
				continue;
			printf("{\"uuid\":");
			jsonout_string(stdout, it->uuid);
			printf(",\"photo\":%zu,\"dct\":\"%016llx\",\"chroma\":[", k,
			    (unsigned long long)p->phash_dct);
			for (size_t c = 0; c < CATALOG_PHASH_CHROMA; c++)
				printf("%s%d", c > 0 ? "," : "", p->phash_chroma[c]);
			printf("]}\n");
		}
		catalog_item_free(it);
	}
	return true;
}

/* rummage info: open the index and print its info as text or JSON. */
int
cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "check", no_argument, NULL, 'c' },
		{ "phashes", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = commands_default_db();
	struct catalog *cat;
	struct catalog_info info;
	char *cause = NULL;
	bool json = false, check = false, phashes = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'c':
			check = true;
			break;
		case 'p':
			phashes = true;
			break;
		case 'h':
			cmd_info_usage(stdout);
			return 0;
		default:
			commands_bad_option("info", argc, argv, optind);
			cmd_info_usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		commands_error("info", "unexpected argument '%s'", argv[optind]);
		return 2;
	}
	if ((cat = catalog_open(db, &cause)) == NULL ||
	    (check && !catalog_check(cat, &cause)) ||
	    (phashes && !cmd_info_phashes(cat, &cause)) ||
	    !catalog_info_get(cat, &info, &cause)) {
		commands_error("info", "%s", cause);
		free(cause);
		catalog_free(cat);
		return 1;
	}
	/* With --phashes the hashes were the output. */
	if (json && !phashes)
		cmd_info_json(&info);
	else if (!phashes)
		cmd_info_text(db, &info);
	catalog_info_fini(&info);
	catalog_free(cat);
	return 0;
}
