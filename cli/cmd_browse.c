/*
 * cmd_browse.c - `rummage browse`: the interactive browser (ui/browse.c).
 */
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"
#include "xmalloc.h"

/* Print the usage of browse to f. */
static void
cmd_browse_usage(FILE *f)
{
	fprintf(f,
	    "usage: rummage browse [--db INDEX] [--query QUERY] [--item UUID]\n"
	    "                      [--theme NAME] [--view list|grid] [--max-frames N]\n"
	    "                      [--keys FILE | --script KEYS] [--help]\n"
	    "\n"
	    "Explore an index in the terminal: query bar, facets with counts,\n"
	    "item list, item detail with photos, charts. Press ? for the keys.\n"
	    "\n"
	    "  --db INDEX       the index (default $RUMMAGE_DB, else ./rummage.db)\n"
	    "  --query QUERY    start with this query\n"
	    "  --item UUID      open this item's detail\n"
	    "  --theme NAME     a theme (default, light, mono, or a file path)\n"
	    "  --view VIEW      start with the list (default) or the grid of photos\n"
	    "  --max-frames N   draw N frames and exit (smoke test)\n"
	    "  --script KEYS    play KEYS instead of reading the keyboard, then\n"
	    "                   exit; <Name> is a named key (<Enter> <Down>)\n"
	    "  --keys FILE      the same, KEYS read from FILE\n"
	    "With --script, --keys or --max-frames, frame and filter-change\n"
	    "times are printed on stderr at exit.\n"
	    "Config: $XDG_CONFIG_HOME/rummage/config (see doc/browse.md).\n");
}

/* Read a small file into a string (owned), or NULL with errno. */
static char *
cmd_browse_read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s;
	size_t n;
	long len;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    len > 16 * 1024 * 1024 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		errno = EFBIG;
		return NULL;
	}
	s = xmalloc((size_t)len + 1);
	n = fread(s, 1, (size_t)len, f);
	s[n] = '\0';
	fclose(f);
	/* A trailing newline of the file is not a key. */
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

int
cmd_browse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "query", required_argument, NULL, 'q' },
		{ "item", required_argument, NULL, 'i' },
		{ "theme", required_argument, NULL, 't' },
		{ "view", required_argument, NULL, 'v' },
		{ "max-frames", required_argument, NULL, 'n' },
		{ "keys", required_argument, NULL, 'k' },
		{ "script", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct browse_options opts = { 0 };
	char *keys = NULL;
	double frames;
	int c, status;

	opts.db = commands_default_db();
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:q:i:t:v:n:k:s:h", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'd':
			opts.db = optarg;
			break;
		case 'q':
			opts.query = optarg;
			break;
		case 'i':
			opts.item = optarg;
			break;
		case 't':
			opts.theme = optarg;
			break;
		case 'v':
			if (strcmp(optarg, "grid") != 0 &&
			    strcmp(optarg, "list") != 0) {
				commands_error("browse", "--view: '%s' is not "
				    "list or grid", optarg);
				free(keys);
				return 2;
			}
			opts.grid = strcmp(optarg, "grid") == 0;
			break;
		case 'n':
			if (!commands_number("browse", "--max-frames", optarg, 1,
			    1e9, true, &frames)) {
				free(keys);
				return 2;
			}
			opts.max_frames = (long)frames;
			break;
		case 'k':
			free(keys);
			if ((keys = cmd_browse_read(optarg)) == NULL) {
				commands_error("browse", "%s: %s", optarg,
				    strerror(errno));
				return 2;
			}
			opts.script = keys;
			break;
		case 's':
			opts.script = optarg;
			break;
		case 'h':
			cmd_browse_usage(stdout);
			free(keys);
			return 0;
		default:
			commands_bad_option("browse", argc, argv, optind);
			cmd_browse_usage(stderr);
			free(keys);
			return 2;
		}
	}
	if (optind < argc) {
		commands_error("browse", "unexpected argument '%s'", argv[optind]);
		cmd_browse_usage(stderr);
		free(keys);
		return 2;
	}
	status = browse_run(&opts);
	free(keys);
	return status;
}
