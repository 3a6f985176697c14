/*
 * jsonout.h - writing JSON text from the command-line front, which does
 * not link jansson (only index/ does): strings escaped per RFC 8259.
 */
#pragma once

#include <stdio.h>

/* Write s as a JSON string literal (quotes included). */
void jsonout_string(FILE *f, const char *s);
