/*
 * jsonout.h - writing JSON text from the command-line front, which does
 * not link jansson (only index/ does): strings escaped per RFC 8259.
 */
#pragma once

#include <stdio.h>

/*
 * Write s as a JSON string literal (quotes included), escaping C0, DEL,
 * C1, U+2028/U+2029 and format characters (U+202E, U+200B, tags) as \\uXXXX
 * so that the text is safe on a terminal and still valid JSON.
 */
void jsonout_string(FILE *f, const char *s);
