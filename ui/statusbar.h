/*
 * statusbar.h - the status line: a message (owned here), or the key hints
 * of the moment with the sort order and the cursor position, both chosen
 * by the browser. An open export prompt (prompt.c) takes the line instead.
 */
#pragma once

#include <stdbool.h>

#include "screen.h"

/* The status line's message. */
struct statusbar {
	char *message;                /* owned; NULL when none */
	bool error;                   /* the message reports a failure */
};

/* Start a status line with no message. */
void statusbar_init(struct statusbar *sb);
/* Free the message. */
void statusbar_fini(struct statusbar *sb);

/* Set the message (printf-like); error marks it as a failure. */
void statusbar_message(struct statusbar *sb, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Forget the message. */
void statusbar_clear(struct statusbar *sb);

/* The message (borrowed), or NULL. */
const char *statusbar_text(const struct statusbar *sb);

/*
 * Draw the status line (the last row): the message, or the key hints
 * (borrowed) with pos (borrowed) at the right when there is room.
 */
void statusbar_draw(const struct statusbar *sb, const struct screen *scr,
    const char *hints, const char *pos);
