/*
 * jsonout.h - the one JSON string writer: `rummage query --json`, `info
 * --json`, the browser's export and `rummage gen` all quote through it.
 * common/ links no JSON library (only index/ does), and writing is small.
 *
 * Strings are escaped per RFC 8259 as Python's json.dumps(ensure_ascii=
 * False) spells them (what the Spark job writes, byte for byte): '"' and
 * '\' escaped, \n \r \t \b \f, other C0 controls as \u00XX, UTF-8 as is;
 * DEL, which json.dumps leaves raw, is written \u007f so that no control
 * character reaches a terminal (no generated string holds one).
 */
#pragma once

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

/* Append s[0..len) (borrowed; may hold NULs) to b as a JSON string literal. */
void jsonout_add(struct buf *b, const char *s, size_t len);

/* Append the NUL-terminated s (borrowed) to b as a JSON string literal. */
void jsonout_adds(struct buf *b, const char *s);

/*
 * Write s[0..len) (borrowed; may hold NULs) to f as a JSON string literal,
 * safe on a terminal: C1 controls, U+2028/U+2029 and format characters
 * (U+202E, U+200B, tags) written as \uXXXX too -- still the same JSON.
 */
void jsonout_write(FILE *f, const char *s, size_t len);

/* Write the NUL-terminated s (borrowed) to f as a JSON string literal. */
void jsonout_string(FILE *f, const char *s);

/*
 * Write the JSON text line[0..len) (a record as read) so that it is safe
 * on a terminal and equal as JSON: control, separator and format code
 * points -- which valid JSON can only hold inside strings -- become
 * \uXXXX escapes; everything else is copied byte for byte.
 */
void jsonout_line_safe(FILE *f, const char *line, size_t len);

/* jsonout_line_safe, appended to b. */
void jsonout_line_safe_add(struct buf *b, const char *line, size_t len);
