/*
 * commands.c - what the subcommands share: the default index, number
 * options, and splitting a query from its options.
 */
#include "commands.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "buf.h"
#include "sanitize.h"
#include "xmalloc.h"

/* Print "rummage CMD: MESSAGE" to stderr, the message made terminal-safe. */
void
commands_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char *msg, *safe;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	safe = sanitize_text(msg, strlen(msg), sanitize_locale_flags());
	fprintf(stderr, "rummage %s: %s\n", cmd, safe);
	free(safe);
	free(msg);
}

/* Say which option getopt_long (opterr 0) refused: argv[optind - 1]. */
void
commands_bad_option(const char *cmd, int argc, char **argv, int optind_)
{
	const char *arg = optind_ > 0 && optind_ <= argc ? argv[optind_ - 1] : "?";

	commands_error(cmd, "unknown option or missing value: '%s'", arg);
}

/* $RUMMAGE_DB if set and non-empty, else rummage.db (not owned). */
const char *
commands_default_db(void)
{
	const char *db = getenv("RUMMAGE_DB");

	return db != NULL && *db != '\0' ? db : "rummage.db";
}

/* Parse a number option within [lo, hi]; complain on stderr if not. */
bool
commands_number(const char *cmd, const char *opt, const char *arg,
    double lo, double hi, bool integral, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (*arg == '\0' || *end != '\0' || errno != 0 || !isfinite(v) ||
	    v < lo || v > hi || (integral && v != floor(v))) {
		fprintf(stderr, "rummage %s: %s expects %s from %.15g to %.15g, not "
		    "'%s'\n", cmd, opt, integral ? "a whole number" : "a number",
		    lo, hi, arg);
		return false;
	}
	*out = v;
	return true;
}

/* Separate options from query words; both arrays borrow argv's strings. */
void
commands_split(int argc, char **argv, const char *name,
    const char *const *with_value, char **opts, int *nopts, char **words,
    int *nwords)
{
	bool ended = false;

	*nopts = *nwords = 0;
	opts[(*nopts)++] = (char *)name;
	for (int i = 1; i < argc; i++) {
		if (!ended && strcmp(argv[i], "--") == 0) {
			ended = true;
			continue;
		}
		if (ended || (strncmp(argv[i], "--", 2) != 0 &&
		    strcmp(argv[i], "-h") != 0)) {
			words[(*nwords)++] = argv[i];
			continue;
		}
		opts[(*nopts)++] = argv[i];
		if (strchr(argv[i], '=') != NULL || i + 1 >= argc)
			continue;
		for (const char *const *w = with_value; *w != NULL; w++) {
			if (strcmp(argv[i], *w) == 0) {
				opts[(*nopts)++] = argv[++i];
				break;
			}
		}
	}
	opts[*nopts] = NULL;
	words[*nwords] = NULL;
}

/* Join words with spaces into a new string owned by the caller. */
char *
commands_join(char **words, int nwords)
{
	struct buf b;

	buf_init(&b);
	for (int i = 0; i < nwords; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, words[i]);
	}
	return buf_take(&b);
}

int
commands_width(void)
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
