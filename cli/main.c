/*
 * main.c - rummage's entry point: dispatch to a subcommand.
 */
#include "commands.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "sanitize.h"

struct command {
	const char *name;
	int (*run)(int, char **);
	const char *summary;
};

static const struct command main_commands[] = {
	{ "browse", cmd_browse, "explore an index in the terminal (the default)" },
	{ "query", cmd_query, "run a query, print items and facets (or --json)" },
	{ "stats", cmd_stats, "print the charts of a query's result to stdout" },
	{ "info", cmd_info, "show what an index holds" },
	{ "index", cmd_index, "build an index from item records" },
	{ "gen", cmd_gen, "generate a sample dataset (records or raw dump)" },
};

/* Print the top-level help to f. */
static void
main_usage(FILE *f)
{
	size_t i;

	fprintf(f,
	    "usage: rummage [COMMAND] [OPTIONS] ...\n"
	    "\n"
	    "A terminal explorer for second-hand fashion image datasets.\n"
	    "\n"
	    "commands:\n");
	for (i = 0; i < sizeof main_commands / sizeof main_commands[0]; i++)
		fprintf(f, "  %-8s %s\n", main_commands[i].name,
		    main_commands[i].summary);
	fprintf(f,
	    "\n"
	    "Without a command, rummage browses the default index\n"
	    "($RUMMAGE_DB, else ./rummage.db).\n"
	    "'rummage COMMAND --help' describes each command; man rummage has it all.\n");
}

int
main(int argc, char **argv)
{
	size_t i;

	/*
	 * The character set (UTF-8 or not: sanitize.c, termgfx.c) and the
	 * language of strerror() are all rummage takes from the locale;
	 * numbers are read and written in C's. Loading every category cost
	 * each `rummage query` two dozen file opens (0.1-0.3 ms).
	 */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	/* getopt would echo a bad option raw: commands_bad_option does it safely. */
	opterr = 0;
	catalog_fault_guard();
	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0)) {
			main_usage(stdout);
			return 0;
		}
		if (argc >= 2 && (strcmp(argv[1], "--version") == 0 ||
		    strcmp(argv[1], "-V") == 0)) {
			printf("rummage %s\n", RUMMAGE_VERSION);
			return 0;
		}
		/* `rummage [browse options]`: browse the default index. */
		argv[0] = (char *)"browse";
		return cmd_browse(argc, argv);
	}
	if (strcmp(argv[1], "help") == 0) {
		main_usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof main_commands / sizeof main_commands[0]; i++) {
		if (strcmp(argv[1], main_commands[i].name) == 0)
			return main_commands[i].run(argc - 1, argv + 1);
	}
	{
		char *safe = sanitize_text(argv[1], strlen(argv[1]),
		    sanitize_locale_flags());
		fprintf(stderr, "rummage: unknown command '%s'\n\n", safe);
		free(safe);
	}
	main_usage(stderr);
	return 2;
}
