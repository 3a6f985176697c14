/*
 * commands.h - the subcommands of build/rummage.
 *
 * Each takes the arguments after its name (argv[0] is the subcommand) and
 * returns the process exit status: 0 success, 1 failure to do the work
 * (unreadable index, I/O), 2 a usage or query error.
 */
#pragma once

#include <stdbool.h>

int cmd_index(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_browse(int argc, char **argv);
int cmd_stats(int argc, char **argv);

/*
 * Print "rummage CMD: MESSAGE" on stderr; the formatted message passes
 * sanitize_text(), as it may quote paths, options or data.
 */
void commands_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Report the option getopt_long() refused (main sets opterr to 0, since
 * getopt would print it raw): argv[optind - 1], sanitized.
 */
void commands_bad_option(const char *cmd, int argc, char **argv, int optind_);

/* The default index for plain `rummage` and a missing --db. */
const char *commands_default_db(void);

/*
 * Parse the argument of option opt of command cmd as a number in
 * [lo, hi], a whole one when integral. On failure say why on stderr
 * ("rummage CMD: OPT expects ...") and return false.
 */
bool commands_number(const char *cmd, const char *opt, const char *arg,
    double lo, double hi, bool integral, double *out);

/*
 * Split the arguments of a command that takes a query. Query terms may
 * start with '-' (-color:black) and options may follow the query, so only
 * "--name[=value]" and "-h" are options; an option named in with_value
 * (NULL-terminated, "--db" style) takes the next argument as its value;
 * "--" ends the options. opts[0] = name (for getopt's messages); words
 * gets the query words. Both arrays are allocated by the caller with
 * argc + 1 slots; they borrow argv's strings.
 */
void commands_split(int argc, char **argv, const char *name,
    const char *const *with_value, char **opts, int *nopts, char **words,
    int *nwords);

/* The words joined by single spaces (owned by the caller). */
char *commands_join(char **words, int nwords);

/* The output width: the terminal's when stdout is one, else $COLUMNS, else 80. */
int commands_width(void);
