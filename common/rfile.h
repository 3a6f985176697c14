/*
 * rfile.h - opening a small file named by the user or the environment
 * (the config, a theme) for reading, without ever blocking on it.
 */
#pragma once

#include <stdbool.h>
#include <stdio.h>

/*
 * Open path for reading with O_NONBLOCK, so that a FIFO there cannot hang
 * us, and refuse what is not a regular file. NULL with *missing true when
 * there is no such file; NULL with *cause ("PATH: not a regular file (a
 * directory)", or the errno text) when it cannot be used. The stream is
 * the caller's.
 */
FILE *rfile_open(const char *path, bool *missing, char **cause);
