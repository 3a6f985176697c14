/*
 * prompt.h - the export dialog in the status line: which format, which
 * file (br->prompt), replace an existing file, then the export itself.
 * The status line (statusbar.c) draws the open prompt.
 */
#pragma once

#include "browser.h"

/* Start an export: ask for the format. Returns what to redo. */
int prompt_export_start(struct browser *br);

/* A key while an export prompt is open. Returns what to redo. */
int prompt_key(struct browser *br, const struct view_key *key);
