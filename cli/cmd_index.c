/*
 * cmd_index.c - `rummage index`: build an index from item records.
 */
#include "commands.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "catalog.h"
#include "progress.h"
#include "sanitize.h"
#include "xmalloc.h"

/* Print the synopsis and options of rummage index to f. */
static void
cmd_index_usage(FILE *f)
{
	fprintf(f,
	    "usage: rummage index [--db PATH] [--image-root DIR] [--thumb-size PX |\n"
	    "                     --no-thumbs] [--threads N] [--quiet | --verbose]\n"
	    "                     INPUT_DIR...\n"
	    "\n"
	    "Build an index from item records (the Spark job's output: part-*.json\n"
	    "and part-*.json.gz files). The new index replaces PATH atomically;\n"
	    "rejected lines are listed in PATH.rejects as FILE:LINE: REASON.\n"
	    "\n"
	    "  --db PATH          the index file (default $RUMMAGE_DB or ./rummage.db)\n"
	    "  --image-root DIR   photo paths are relative to DIR (default: each\n"
	    "                     input directory)\n"
	    "  --thumb-size PX    longest side of stored thumbnails (default %d)\n"
	    "  --no-thumbs        do not read photos\n"
	    "  --threads N        worker threads (default: all cores)\n"
	    "  --quiet            no progress bar, no summary\n"
	    "  --verbose          also the lines the fast scanner left to jansson,\n"
	    "                     each phase's time, the cores it kept busy (CPU\n"
	    "                     time / wall time) and the peak memory\n"
	    "\n"
	    "Exit status: 0 when the index was built (rejects included), 1 when it\n"
	    "could not be (the previous index is then untouched), 2 on bad usage.\n",
	    CATALOG_DEFAULT_THUMB_SIZE);
}

/* The build's phases in the order they came, each with its wall and CPU time. */
#define CMD_INDEX_PHASES 16
struct cmd_index_phase {
	char name[24];
	double wall, cpu;             /* seconds */
};

struct cmd_index_state {
	struct progress bar;
	double read_secs;             /* when reading ended, 0 before */
	struct cmd_index_phase phases[CMD_INDEX_PHASES];
	size_t nphases;
	double phase_wall, phase_cpu; /* when the current phase began */
	uint64_t records_tree;        /* valid lines jansson read, not the scanner */
};

/* The process's CPU time so far (all threads, user + system), seconds. */
static double
cmd_index_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* Close the current phase's times and open phase (NULL: the end). */
static void
cmd_index_phase(struct cmd_index_state *st, const char *phase)
{
	double wall = progress_elapsed(&st->bar), cpu = cmd_index_cpu();
	struct cmd_index_phase *cur = st->nphases > 0 ?
	    &st->phases[st->nphases - 1] : NULL;

	if (cur != NULL && phase != NULL && strcmp(cur->name, phase) == 0)
		return;
	if (cur != NULL) {
		cur->wall += wall - st->phase_wall;
		cur->cpu += cpu - st->phase_cpu;
	}
	st->phase_wall = wall;
	st->phase_cpu = cpu;
	if (phase != NULL && st->nphases < CMD_INDEX_PHASES) {
		cur = &st->phases[st->nphases++];
		memset(cur, 0, sizeof *cur);
		snprintf(cur->name, sizeof cur->name, "%s", phase);
	}
}

/*
 * --verbose: how many valid lines took the slow path, each phase's wall
 * and CPU time, then the peak memory.
 */
static void
cmd_index_verbose(const struct cmd_index_state *st,
    const struct catalog_accounting *a)
{
	struct rusage ru;
	uint64_t valid = a->lines - a->rejected;

	/* Escapes, 19-digit integers, duplicate keys: jansson's, 5x slower. */
	printf("  valid lines parsed by jansson, not the fast scanner: %llu "
	    "of %llu (%.2f %%)\n", (unsigned long long)st->records_tree,
	    (unsigned long long)valid,
	    valid > 0 ? 100.0 * (double)st->records_tree / (double)valid : 0);

	printf("  %-16s %9s %9s %6s\n", "phase", "wall", "CPU", "cores");
	for (size_t i = 0; i < st->nphases; i++) {
		const struct cmd_index_phase *p = &st->phases[i];
		printf("  %-16s %7.2f s %7.2f s %6.2f\n", p->name, p->wall, p->cpu,
		    p->wall > 0 ? p->cpu / p->wall : 0);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("  peak memory (RSS) %.0f MB\n", (double)ru.ru_maxrss / 1024);
}

/* Build progress callback: redraw the terminal's bar. */
static void
cmd_index_progress(void *arg, const struct catalog_progress *p)
{
	struct cmd_index_state *st = arg;

	cmd_index_phase(st, p->phase);
	if (p->records_tree > st->records_tree)
		st->records_tree = p->records_tree;
	/* Phase times for the summary: the reading rate is the parser's. */
	if (st->read_secs == 0 && strcmp(p->phase, "reading") != 0)
		st->read_secs = progress_elapsed(&st->bar);
	progress_draw(&st->bar, p->phase, p->done, p->total, p->records,
	    p->json_bytes);
}

/* rummage index: parse options, build the index, print a summary. */
int
cmd_index(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "image-root", required_argument, NULL, 'i' },
		{ "thumb-size", required_argument, NULL, 's' },
		{ "no-thumbs", no_argument, NULL, 'n' },
		{ "threads", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct catalog_build_options o;
	struct catalog_accounting a;
	struct cmd_index_state st;
	char *cause = NULL, *safe_db;
	bool quiet = false, verbose = false;
	double secs, num;
	int c;

	memset(&o, 0, sizeof o);
	o.db_path = commands_default_db();
	o.thumb_size = CATALOG_DEFAULT_THUMB_SIZE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.db_path = optarg;
			break;
		case 'i':
			o.image_root = optarg;
			break;
		case 's':
			if (!commands_number("index", "--thumb-size", optarg, 16,
			    4096, true, &num))
				return 2;
			o.thumb_size = (int)num;
			break;
		case 'n':
			o.thumb_size = 0;
			break;
		case 't':
			if (!commands_number("index", "--threads", optarg, 1, 64,
			    true, &num))
				return 2;
			o.threads = (int)num;
			break;
		case 'q':
			quiet = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			cmd_index_usage(stdout);
			return 0;
		default:
			commands_bad_option("index", argc, argv, optind);
			cmd_index_usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "rummage index: no input directory given\n\n");
		cmd_index_usage(stderr);
		return 2;
	}
	o.inputs = (const char *const *)argv + optind;
	o.ninputs = (size_t)(argc - optind);
	for (int i = optind; i < argc && !quiet; i++) {
		/* Spark writes _SUCCESS last: without it the job may be unfinished. */
		struct stat sb;
		char *marker = xasprintf("%s/_SUCCESS", argv[i]);
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    stat(marker, &sb) != 0)
			commands_error("index", "warning: %s has no _SUCCESS "
			    "file; the job that wrote it may not have finished",
			    argv[i]);
		free(marker);
	}
	memset(&st, 0, sizeof st);
	progress_init(&st.bar, stderr, !quiet);
	o.progress = cmd_index_progress;
	o.progress_arg = &st;
	if (!catalog_build(&o, &a, &cause)) {
		progress_clear(&st.bar);
		commands_error("index", "%s", cause);
		commands_error("index", "nothing was changed at %s", o.db_path);
		free(cause);
		return 1;
	}
	progress_clear(&st.bar);
	cmd_index_phase(&st, NULL);
	secs = progress_elapsed(&st.bar);
	safe_db = sanitize_text(o.db_path, strlen(o.db_path),
	    sanitize_locale_flags());
	if (!quiet) {
		double rs = st.read_secs > 0 ? st.read_secs : secs;
		printf("indexed %llu items from %llu files (%.1f MB of JSON) into "
		    "%s in %.2f s\n", (unsigned long long)a.indexed,
		    (unsigned long long)a.files, (double)a.input_bytes / 1e6,
		    safe_db, secs);
		printf("  records read and parsed in %.2f s: %.0f records/s, "
		    "%.1f MB/s\n", rs, rs > 0 ? (double)a.lines / rs : 0,
		    rs > 0 ? (double)a.input_bytes / rs / 1e6 : 0);
		for (size_t i = 0; i < st.nphases; i++) {
			const struct cmd_index_phase *p = &st.phases[i];
			if (strcmp(p->name, "thumbnails") == 0 && a.photos > 0)
				printf("  thumbnails in %.2f s: %.0f photos/s\n",
				    p->wall, p->wall > 0 ?
				    (double)a.photos / p->wall : 0);
		}
		printf("  lines read %llu = indexed %llu + rejected %llu + "
		    "replaced duplicates %llu\n", (unsigned long long)a.lines,
		    (unsigned long long)a.indexed, (unsigned long long)a.rejected,
		    (unsigned long long)a.duplicates);
		if (o.thumb_size > 0)
			printf("  photos %llu: %llu thumbnails, %llu missing, "
			    "%llu unreadable%s", (unsigned long long)a.photos,
			    (unsigned long long)a.thumbs,
			    (unsigned long long)a.photos_missing,
			    (unsigned long long)a.photos_corrupt,
			    a.photos_skipped > 0 ? ", " : "\n");
		if (o.thumb_size > 0 && a.thumbs_spark > 0)
			printf("  %llu of the thumbnails made by the Spark job "
			    "(_thumbs/), the other photos read\n",
			    (unsigned long long)a.thumbs_spark);
		if (o.thumb_size > 0 && a.photos_skipped > 0)
			printf("%llu past an item's 256th (no thumbnail)\n",
			    (unsigned long long)a.photos_skipped);
		if (o.thumb_size > 0 && a.photos > 0 && a.photos_missing == a.photos) {
			/* The rejects file then holds one line, not one per photo. */
			const char *root = o.image_root != NULL ? o.image_root :
			    o.ninputs == 1 ? o.inputs[0] : "the input directories";
			char *safe = sanitize_text(root, strlen(root),
			    sanitize_locale_flags());
			printf("  no photo was found under %s: are they under "
			    "another directory (--image-root DIR)? --no-thumbs "
			    "skips them\n", safe);
			free(safe);
		}
		if (a.rejected > 0 || a.photos_missing > 0 || a.photos_corrupt > 0)
			printf("  see %s.rejects for each rejected line and photo\n",
			    safe_db);
		if (verbose)
			cmd_index_verbose(&st, &a);
	}
	free(safe_db);
	return 0;
}
