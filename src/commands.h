/*
 * commands.h - the subcommands of build/rummage.
 *
 * Each takes the arguments after its name (argv[0] is the subcommand) and
 * returns the process exit status: 0 success, 1 failure to do the work
 * (unreadable index, I/O), 2 a usage or query error.
 */
#pragma once

int cmd_index(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_browse(int argc, char **argv);
int cmd_stats(int argc, char **argv);

/* The default index for plain `rummage` and a missing --db. */
const char *commands_default_db(void);
