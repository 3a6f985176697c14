/*
 * cmd_gen.c - `rummage gen`: generate a sample dataset.
 */
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"

/* Print the usage of `rummage gen` to f. */
static void
cmd_gen_usage(FILE *f)
{
	fprintf(f,
	    "usage: rummage gen [--format records|raw] [--items N] [--seed S]\n"
	    "                   [--no-images] [--max-side PX | --full-size]\n"
	    "                   [--parts P] [--threads T] [--force] [--quiet]\n"
	    "                   OUT_DIR\n"
	    "\n"
	    "Generate a sample second-hand fashion dataset, deterministically from\n"
	    "the seed (the same arguments give the same bytes, whatever --threads).\n"
	    "\n"
	    "  --format records  item records as the Spark job writes them: gzip'd\n"
	    "                    and plain part-*.json files, _SUCCESS, photos under\n"
	    "                    images/ (the default)\n"
	    "  --format raw      the raw dump the Spark job reads: items/*.jsonl,\n"
	    "                    images/, labels/ and text/ (Rekognition responses)\n"
	    "  --items N         number of items (default 1000)\n"
	    "  --seed S          random seed (default 1)\n"
	    "  --no-images       metadata only: no photo files, no bytes/width/height\n"
	    "  --max-side PX     cap the longest side of the photos (16..10000,\n"
	    "                    default %d: quick to make and to index)\n"
	    "  --full-size       phone-sized photos, 1080x1440 to 3024x4032 (about\n"
	    "                    seven times the time and disk)\n"
	    "  --parts P         number of part files (default: one per %d items)\n"
	    "  --threads T       worker threads (default: online CPUs)\n"
	    "  --force           write into a non-empty OUT_DIR, replacing what an\n"
	    "                    earlier gen wrote there\n"
	    "  --quiet           no progress and no summary\n"
	    "\n"
	    "doc/sample-data.md describes what is generated.\n",
	    GEN_DEFAULT_MAX_SIDE, GEN_ITEMS_PER_PART);
}

/* Parse an unsigned integer option in [lo, hi]; false with a message. */
static bool
cmd_gen_number(const char *opt, const char *arg, unsigned long long lo,
    unsigned long long hi, unsigned long long *out)
{
	char *end;

	errno = 0;
	if (arg[0] == '-' || arg[0] == '\0' ||
	    (*out = strtoull(arg, &end, 10), errno != 0) || *end != '\0' ||
	    *out < lo || *out > hi) {
		fprintf(stderr, "rummage gen: %s wants a number from %llu to %llu, "
		    "not '%s'\n", opt, lo, hi, arg);
		return false;
	}
	return true;
}

int
cmd_gen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "items", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "no-images", no_argument, NULL, 'I' },
		{ "max-side", required_argument, NULL, 'm' },
		{ "full-size", no_argument, NULL, 'S' },
		{ "parts", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "force", no_argument, NULL, 'F' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct gen_options o = {
		.format = GEN_RECORDS, .items = 1000, .seed = 1, .images = true,
		.max_side = GEN_DEFAULT_MAX_SIDE,
	};
	struct gen_stats st;
	unsigned long long v;
	struct timespec t0, t1;
	char *cause = NULL;
	int c;
	double secs;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "records") == 0)
				o.format = GEN_RECORDS;
			else if (strcmp(optarg, "raw") == 0)
				o.format = GEN_RAW;
			else {
				fprintf(stderr, "rummage gen: --format is records "
				    "or raw, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'n':
			if (!cmd_gen_number("--items", optarg, 1, 1000000000ull,
			    &v))
				return 2;
			o.items = v;
			break;
		case 's':
			if (!cmd_gen_number("--seed", optarg, 0, UINT64_MAX, &v))
				return 2;
			o.seed = v;
			break;
		case 'I':
			o.images = false;
			break;
		case 'm':
			if (!cmd_gen_number("--max-side", optarg, 16, 10000, &v))
				return 2;
			o.max_side = (int)v;
			break;
		case 'S':
			o.max_side = 0;
			break;
		case 'p':
			if (!cmd_gen_number("--parts", optarg, 1, 100000, &v))
				return 2;
			o.parts = (int)v;
			break;
		case 't':
			if (!cmd_gen_number("--threads", optarg, 1, 64, &v))
				return 2;
			o.threads = (int)v;
			break;
		case 'F':
			o.force = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'h':
			cmd_gen_usage(stdout);
			return 0;
		default:
			/* getopt_long leaves the option's val in optopt. */
			if (optopt != 0 && strchr("fnsmpt", optopt) != NULL)
				commands_error("gen", "%s needs a value",
				    argv[optind - 1]);
			else
				commands_error("gen", "unknown option '%s'",
				    argv[optind - 1]);
			fprintf(stderr, "Try 'rummage gen --help'.\n");
			return 2;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "rummage gen: %s\n", argc - optind == 0 ?
		    "missing OUT_DIR" : "only one OUT_DIR");
		fprintf(stderr, "Try 'rummage gen --help'.\n");
		return 2;
	}
	o.out_dir = argv[optind];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!gen_run(&o, &st, &cause)) {
		commands_error("gen", "%s", cause);
		free(cause);
		return st.refused ? 2 : 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (!o.quiet)
		fprintf(stderr, "rummage gen: %llu items in %d parts, %llu photos "
		    "(%.1f MB), %.1f MB of JSON in %s, %.1f s\n",
		    (unsigned long long)st.items, st.parts,
		    (unsigned long long)st.photos, (double)st.photo_bytes / 1e6,
		    (double)st.json_bytes / 1e6, o.out_dir, secs);
	return 0;
}
