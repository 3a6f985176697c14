/*
 * prompt.h - the export dialog in the status line: which format, which
 * file (br->prompt), replace an existing file, then the export itself.
 */
#pragma once

#include <stdbool.h>

#include "browser.h"

/* Start an export: ask for the format. Returns what to redo. */
int prompt_export_start(struct browser *br);

/* A key while an export prompt is open. Returns what to redo. */
int prompt_key(struct browser *br, const struct browser_key *key);

/* Draw the open prompt on status row y in attr; false when none is open. */
bool prompt_draw(struct browser *br, int y, int attr);

/* Show the terminal cursor in the file name prompt. */
void prompt_cursor(struct browser *br);
