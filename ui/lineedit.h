/*
 * lineedit.h - a one-line text editor for the query bar, facet search and
 * prompts: UTF-8 text, a cursor kept on character boundaries, emacs keys.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct lineedit {
	char *text;                   /* owned, NUL-terminated UTF-8 */
	size_t len, cap;
	size_t cursor;                /* byte offset, on a character start */
};

void lineedit_init(struct lineedit *le, const char *text);
void lineedit_fini(struct lineedit *le);
/* Replace the text (borrowed) and put the cursor at its end. */
void lineedit_set(struct lineedit *le, const char *text);

/*
 * Apply a key: fn is true for curses function keys (KEY_LEFT...), false
 * for a character (a Unicode code point). Returns true when the key was
 * an editing key (the text or the cursor may have changed); *changed is
 * set when the text changed.
 */
bool lineedit_key(struct lineedit *le, int code, bool fn, bool *changed);
