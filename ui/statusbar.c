/*
 * statusbar.c - the status line (see statusbar.h).
 */
#include "statusbar.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "theme.h"
#include "xmalloc.h"

/* Start a status line with no message. */
void
statusbar_init(struct statusbar *sb)
{
	sb->message = NULL;
	sb->error = false;
}

/* Free the message. */
void
statusbar_fini(struct statusbar *sb)
{
	statusbar_clear(sb);
}

/* Set the status message (printf-like); error marks it as a failure. */
void
statusbar_message(struct statusbar *sb, bool error, const char *fmt, ...)
{
	va_list ap;

	free(sb->message);
	va_start(ap, fmt);
	sb->message = xvasprintf(fmt, ap);
	va_end(ap);
	sb->error = error;
}

/* Forget the message. */
void
statusbar_clear(struct statusbar *sb)
{
	free(sb->message);
	sb->message = NULL;
}

/* The message (borrowed), or NULL. */
const char *
statusbar_text(const struct statusbar *sb)
{
	return sb->message;
}

/* The status line: a message, or the key hints of the moment. */
void
statusbar_draw(const struct statusbar *sb, const struct screen *scr,
    const char *hints, const char *pos)
{
	int y = scr->rows - 1, attr = theme_attr(THEME_STATUS), x;

	screen_blank(scr, y, 0, scr->cols, attr);
	if (sb->message != NULL) {
		screen_put(scr, y, 0, scr->cols, sb->error ?
		    theme_attr(THEME_ERROR) : attr, sb->message, true);
		return;
	}
	x = (int)strlen(pos);
	screen_put(scr, y, 0, scr->cols - x, attr, hints, false);
	if (x < scr->cols / 2)
		screen_put(scr, y, scr->cols - x, x, attr, pos, false);
}
