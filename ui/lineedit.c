/*
 * lineedit.c - a one-line text editor (see lineedit.h).
 */
#include "lineedit.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

void
lineedit_init(struct lineedit *le, const char *text)
{
	le->text = NULL;
	le->len = le->cap = le->cursor = 0;
	lineedit_set(le, text != NULL ? text : "");
}

void
lineedit_fini(struct lineedit *le)
{
	free(le->text);
	le->text = NULL;
	le->len = le->cap = le->cursor = 0;
}

void
lineedit_set(struct lineedit *le, const char *text)
{
	size_t n = strlen(text);

	if (n + 1 > le->cap) {
		le->cap = n + 64;
		le->text = xreallocarray(le->text, le->cap, 1);
	}
	memcpy(le->text, text, n + 1);
	le->len = le->cursor = n;
}

/* Insert n bytes at the cursor. */
static void
lineedit_insert(struct lineedit *le, const char *s, size_t n)
{
	if (le->len + n + 1 > le->cap) {
		le->cap = (le->len + n + 1) * 2;
		le->text = xreallocarray(le->text, le->cap, 1);
	}
	memmove(le->text + le->cursor + n, le->text + le->cursor,
	    le->len - le->cursor + 1);
	memcpy(le->text + le->cursor, s, n);
	le->len += n;
	le->cursor += n;
}

/* Delete bytes [from, to). */
static void
lineedit_delete(struct lineedit *le, size_t from, size_t to)
{
	memmove(le->text + from, le->text + to, le->len - to + 1);
	le->len -= to - from;
	if (le->cursor > to)
		le->cursor -= to - from;
	else if (le->cursor > from)
		le->cursor = from;
}

/* The start of the character before byte offset at. */
static size_t
lineedit_prev(const struct lineedit *le, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && ((unsigned char)le->text[at] & 0xc0) == 0x80)
		at--;
	return at;
}

/* The start of the character after byte offset at. */
static size_t
lineedit_next(const struct lineedit *le, size_t at)
{
	if (at >= le->len)
		return le->len;
	at++;
	while (at < le->len && ((unsigned char)le->text[at] & 0xc0) == 0x80)
		at++;
	return at;
}

/* Encode code point cp as UTF-8 into out; returns the length or 0. */
static size_t
lineedit_encode(int cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp <= 0x10ffff) {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		return 4;
	}
	return 0;
}

bool
lineedit_key(struct lineedit *le, int code, bool fn, bool *changed)
{
	char enc[4];
	size_t n, at;

	*changed = false;
	if (fn) {
		switch (code) {
		case KEY_LEFT:
			le->cursor = lineedit_prev(le, le->cursor);
			return true;
		case KEY_RIGHT:
			le->cursor = lineedit_next(le, le->cursor);
			return true;
		case KEY_HOME:
			le->cursor = 0;
			return true;
		case KEY_END:
			le->cursor = le->len;
			return true;
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			goto delete;
		}
		return false;
	}
	switch (code) {
	case 1: /* Control+a */
		le->cursor = 0;
		return true;
	case 5: /* Control+e */
		le->cursor = le->len;
		return true;
	case 2: /* Control+b */
		le->cursor = lineedit_prev(le, le->cursor);
		return true;
	case 6: /* Control+f */
		le->cursor = lineedit_next(le, le->cursor);
		return true;
	case 8:
	case 127:
	backspace:
		if (le->cursor > 0) {
			lineedit_delete(le, lineedit_prev(le, le->cursor),
			    le->cursor);
			*changed = true;
		}
		return true;
	case 4: /* Control+d */
	delete:
		if (le->cursor < le->len) {
			lineedit_delete(le, le->cursor,
			    lineedit_next(le, le->cursor));
			*changed = true;
		}
		return true;
	case 21: /* Control+u: delete to the start */
		if (le->cursor > 0) {
			lineedit_delete(le, 0, le->cursor);
			*changed = true;
		}
		return true;
	case 11: /* Control+k: delete to the end */
		if (le->cursor < le->len) {
			lineedit_delete(le, le->cursor, le->len);
			*changed = true;
		}
		return true;
	case 23: /* Control+w: delete the word before the cursor */
		at = le->cursor;
		while (at > 0 && le->text[at - 1] == ' ')
			at--;
		while (at > 0 && le->text[at - 1] != ' ')
			at--;
		if (at < le->cursor) {
			lineedit_delete(le, at, le->cursor);
			*changed = true;
		}
		return true;
	}
	if (code < 0x20 || code == 0x7f || (code >= 0x80 && code < 0xa0))
		return false; /* controls are never text */
	if ((n = lineedit_encode(code, enc)) == 0)
		return false;
	lineedit_insert(le, enc, n);
	*changed = true;
	return true;
}
