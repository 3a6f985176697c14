/*
 * prompt.c - the export dialog (see prompt.h).
 */
#include "prompt.h"

#include <sys/stat.h>

#include <curses.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "measure.h"
#include "sanitize.h"
#include "theme.h"
#include "xmalloc.h"

/* Start a closed dialog. */
void
prompt_init(struct prompt *pr)
{
	pr->step = PROMPT_CLOSED;
	pr->fmt = EXPORT_UUIDS;
	lineedit_init(&pr->file, "");
}

/* Free what the dialog holds. */
void
prompt_fini(struct prompt *pr)
{
	lineedit_fini(&pr->file);
}

/* True while the dialog is open. */
bool
prompt_open(const struct prompt *pr)
{
	return pr->step != PROMPT_CLOSED;
}

/* Start an export: ask for the format. */
int
prompt_export_start(struct prompt *pr, const struct catalog_result *res)
{
	if (res == NULL)
		return 0;
	pr->step = PROMPT_FORMAT;
	return VIEW_REDRAW;
}

/* What the export's progress needs to show itself and hear Esc. */
struct prompt_progress {
	struct statusbar *sb;
	const struct screen *scr;
	struct input *in;
	const char *file;             /* sanitized */
	double shown_ms;              /* when progress was last drawn */
};

/* export_progress_fn: a count on the status line; Esc cancels. */
static bool
prompt_progress(void *arg, uint64_t done, uint64_t total)
{
	struct prompt_progress *p = arg;
	double now = measure_now_ms();

	if (input_cancel_typed(p->in))
		return false;
	/* Ten times a second is as often as anyone reads it. */
	if (now - p->shown_ms >= 100) {
		p->shown_ms = now;
		statusbar_message(p->sb, false, "exporting %" PRIu64 " of %"
		    PRIu64 " items (%d%%) to %s... Esc cancels", done, total,
		    total > 0 ? (int)(done * 100 / total) : 100, p->file);
		statusbar_draw(p->sb, p->scr, "", "");
		refresh();
	}
	return true;
}

/* Write the export now (the file name is in pr->file). */
static void
prompt_export_run(struct prompt *pr, struct statusbar *sb,
    const struct screen *scr, struct input *in, struct catalog *cat,
    const struct catalog_result *res, double threshold)
{
	struct export_column cols[EXPORT_MAX_COLUMNS];
	struct prompt_progress progress = { sb, scr, in, NULL, 0 };
	struct export_options o = { 0 };
	uint64_t written = 0;
	char *cause = NULL, *safe;
	bool cancelled;

	safe = sanitize_text(pr->file.text, pr->file.len, scr->flags);
	progress.file = safe;
	o.fmt = pr->fmt;
	o.limit = UINT64_MAX;
	o.threshold = threshold;
	o.cols = cols;
	o.ncols = export_record_columns(cols);
	o.progress = prompt_progress;
	o.progress_arg = &progress;
	/* A big export takes seconds: say so before the wait. */
	pr->step = PROMPT_CLOSED;
	statusbar_message(sb, false, "exporting %" PRIu64 " items to %s... "
	    "Esc cancels", catalog_result_count(res), safe);
	statusbar_draw(sb, scr, "", "");
	refresh();
	progress.shown_ms = measure_now_ms();
	if (export_write(cat, res, &o, pr->file.text, &written, &cancelled,
	    &cause))
		statusbar_message(sb, false, "wrote %" PRIu64 " items as %s "
		    "to %s", written, export_format_name(pr->fmt), safe);
	else if (cancelled)
		statusbar_message(sb, false, "export cancelled after %" PRIu64
		    " items: %s not written", written, safe);
	else {
		char *c = sanitize_text(cause ? cause : "?", strlen(cause ?
		    cause : "?"), scr->flags);

		statusbar_message(sb, true, "export failed: %s", c);
		free(c);
	}
	/* Keys typed during the export are not replayed now. */
	input_cancel_typed(in);
	free(cause);
	free(safe);
	pr->step = PROMPT_CLOSED;
}

/* A key while the dialog is open. */
int
prompt_key(struct prompt *pr, const struct view_key *key,
    struct statusbar *sb, const struct screen *scr, struct input *in,
    struct catalog *cat, const struct catalog_result *res, double threshold)
{
	static const char *ext[] = { "txt", "jsonl", "csv" };
	struct stat st;
	bool changed;
	char *name;

	if (!key->fn && key->code == 27) {
		pr->step = PROMPT_CLOSED;
		statusbar_message(sb, false, "export cancelled");
		return VIEW_REDRAW;
	}
	switch (pr->step) {
	case PROMPT_FORMAT:
		if (key->fn)
			return 0;
		switch (key->code) {
		case 'u':
			pr->fmt = EXPORT_UUIDS;
			break;
		case 'j':
			pr->fmt = EXPORT_JSONL;
			break;
		case 'c':
			pr->fmt = EXPORT_CSV;
			break;
		default:
			return 0;
		}
		name = xasprintf("rummage-export.%s", ext[pr->fmt]);
		lineedit_set(&pr->file, name);
		free(name);
		pr->step = PROMPT_FILE;
		return VIEW_REDRAW;
	case PROMPT_FILE:
		if (!key->fn && (key->code == '\n' || key->code == '\r')) {
			if (pr->file.len == 0)
				return 0;
			if (stat(pr->file.text, &st) == 0) {
				pr->step = PROMPT_OVERWRITE;
				return VIEW_REDRAW;
			}
			prompt_export_run(pr, sb, scr, in, cat, res, threshold);
			return VIEW_REDRAW;
		}
		if (key->fn && key->code == KEY_ENTER) {
			struct view_key k = { '\n', false };

			return prompt_key(pr, &k, sb, scr, in, cat, res, threshold);
		}
		lineedit_key(&pr->file, key->code, key->fn, &changed);
		return VIEW_REDRAW;
	case PROMPT_OVERWRITE:
		if (!key->fn && (key->code == 'y' || key->code == 'Y')) {
			prompt_export_run(pr, sb, scr, in, cat, res, threshold);
		} else if (!key->fn && (key->code == 'n' || key->code == 'N')) {
			pr->step = PROMPT_CLOSED;
			statusbar_message(sb, false, "export cancelled: file "
			    "kept");
		}
		return VIEW_REDRAW;
	default:
		return 0;
	}
}

/* Draw the open dialog on the status line; false when it is closed. */
bool
prompt_draw(const struct prompt *pr, const struct screen *scr)
{
	int y = scr->rows - 1, attr = theme_attr(THEME_STATUS), x;
	char *s;

	switch (pr->step) {
	case PROMPT_FORMAT:
		screen_blank(scr, y, 0, scr->cols, attr);
		screen_put(scr, y, 0, scr->cols, attr, "Export as (u) uuids, "
		    "(j) JSON lines, (c) CSV?  Esc cancels", false);
		return true;
	case PROMPT_FILE:
		screen_blank(scr, y, 0, scr->cols, attr);
		s = sanitize_text(pr->file.text, pr->file.len, scr->flags);
		x = screen_put(scr, y, 0, scr->cols, attr, "Export to file: ",
		    false);
		screen_put(scr, y, x, scr->cols - x, attr, s, false);
		free(s);
		return true;
	case PROMPT_OVERWRITE:
		screen_blank(scr, y, 0, scr->cols, attr);
		s = sanitize_text(pr->file.text, pr->file.len, scr->flags);
		x = screen_put(scr, y, 0, scr->cols, attr, s, false);
		screen_put(scr, y, x, scr->cols - x, attr, " exists. "
		    "Overwrite? (y/n)", false);
		free(s);
		return true;
	default:
		return false;
	}
}

/* Show the terminal cursor in the file name prompt. */
bool
prompt_cursor(const struct prompt *pr, const struct screen *scr)
{
	char *pre;
	int cx;

	if (pr->step != PROMPT_FILE)
		return false;
	pre = sanitize_text(pr->file.text, pr->file.cursor, scr->flags);
	cx = 16 + sanitize_width(pre);
	free(pre);
	curs_set(1);
	move(scr->rows - 1, cx < scr->cols ? cx : scr->cols - 1);
	return true;
}
