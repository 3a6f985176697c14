/*
 * sanitize.h - terminal-safe text from untrusted bytes.
 *
 * Every string that comes from the data (brands, labels, OCR text, uuids,
 * paths) passes sanitize_text() before it reaches a terminal, so that a
 * brand named "\e[2J" or an OSC 52 clipboard write is shown, not obeyed.
 *
 * Escapes, visible and unambiguous:
 *   ESC -> "\e", TAB -> "\t", LF -> "\n", CR -> "\r", other C0 and DEL ->
 *   "\xNN" (two lower-case hex digits), C1 controls U+0080-U+009F, every
 *   format character (category Cf: bidi controls U+061C, U+200E, U+200F,
 *   U+202A-U+202E, U+2066-U+2069; invisible ones such as U+200B, U+2060,
 *   U+FEFF, U+00AD and the tag characters U+E0000-U+E007F; the joiners
 *   U+200C/U+200D only after an ASCII character, as elsewhere they join
 *   emoji and scripts) and the line/paragraph separators U+2028/U+2029
 *   -> "\u{XXXX}" (upper-case
 *   hex, at least four digits), as are unassigned code points and a
 *   combining mark at the very start (terminals disagree on their width). Invalid UTF-8 (a lone byte, an overlong or
 *   truncated sequence, a surrogate) becomes U+FFFD, one per bad byte.
 * With SANITIZE_ASCII (a non-UTF-8 locale) the output is pure ASCII: the
 * escapes above are kept and every other non-ASCII character, and every
 * invalid byte, becomes a single "?".
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum { SANITIZE_ASCII = 1 };

/* A terminal-safe copy of the untrusted bytes s[0..len) (owned). */
char *sanitize_text(const char *s, size_t len, int flags);

/* Display width in columns of an already sanitized string (utf8proc). */
int sanitize_width(const char *s);

/*
 * A copy (owned) of the sanitized string s cut to at most cols columns,
 * never splitting a wide character, ending in "…" ("~" with SANITIZE_ASCII)
 * when cut; padded with spaces to exactly cols when pad is true.
 */
char *sanitize_fit(const char *s, int cols, bool pad, int flags);

/* SANITIZE_ASCII unless the locale's codeset is UTF-8 (nl_langinfo). */
int sanitize_locale_flags(void);
