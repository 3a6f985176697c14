/*
 * prompt.c - the export dialog (see prompt.h).
 */
#include "prompt.h"

#include <sys/stat.h>

#include <curses.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "statusbar.h"
#include "xmalloc.h"

/* Start an export: ask for the format. */
int
prompt_export_start(struct browser *br)
{
	if (br->res == NULL)
		return 0;
	br->mode = BROWSER_ASK_FORMAT;
	return VIEW_REDRAW;
}

/* Write the export now (the file name is in br->prompt). */
static void
prompt_export_run(struct browser *br)
{
	uint64_t written = 0;
	char *cause = NULL, *safe;

	safe = sanitize_text(br->prompt.text, br->prompt.len, br->scr.flags);
	/* A big export takes seconds: say so before the wait. */
	br->mode = BROWSER_NORMAL;
	browser_message(br, false, "exporting %" PRIu64 " items to %s...",
	    catalog_result_count(br->res), safe);
	statusbar_draw(br);
	refresh();
	if (export_write(br->cat, br->res, br->threshold, br->export_fmt,
	    br->prompt.text, &written, &cause))
		browser_message(br, false, "wrote %" PRIu64 " items as %s to %s",
		    written, export_format_name(br->export_fmt), safe);
	else {
		char *c = sanitize_text(cause ? cause : "?", strlen(cause ?
		    cause : "?"), br->scr.flags);

		browser_message(br, true, "export failed: %s", c);
		free(c);
	}
	free(cause);
	free(safe);
	br->mode = BROWSER_NORMAL;
}

/* A key while an export prompt is open. */
int
prompt_key(struct browser *br, const struct view_key *key)
{
	static const char *ext[] = { "txt", "jsonl", "csv" };
	struct stat st;
	bool changed;
	char *name;

	if (!key->fn && key->code == 27) {
		br->mode = BROWSER_NORMAL;
		browser_message(br, false, "export cancelled");
		return VIEW_REDRAW;
	}
	switch (br->mode) {
	case BROWSER_ASK_FORMAT:
		if (key->fn)
			return 0;
		switch (key->code) {
		case 'u':
			br->export_fmt = EXPORT_UUIDS;
			break;
		case 'j':
			br->export_fmt = EXPORT_JSONL;
			break;
		case 'c':
			br->export_fmt = EXPORT_CSV;
			break;
		default:
			return 0;
		}
		name = xasprintf("rummage-export.%s", ext[br->export_fmt]);
		lineedit_set(&br->prompt, name);
		free(name);
		br->mode = BROWSER_ASK_FILE;
		return VIEW_REDRAW;
	case BROWSER_ASK_FILE:
		if (!key->fn && (key->code == '\n' || key->code == '\r')) {
			if (br->prompt.len == 0)
				return 0;
			if (stat(br->prompt.text, &st) == 0) {
				br->mode = BROWSER_ASK_OVERWRITE;
				return VIEW_REDRAW;
			}
			prompt_export_run(br);
			return VIEW_REDRAW;
		}
		if (key->fn && key->code == KEY_ENTER) {
			struct view_key k = { '\n', false };

			return prompt_key(br, &k);
		}
		lineedit_key(&br->prompt, key->code, key->fn, &changed);
		return VIEW_REDRAW;
	case BROWSER_ASK_OVERWRITE:
		if (!key->fn && (key->code == 'y' || key->code == 'Y')) {
			prompt_export_run(br);
		} else if (!key->fn && (key->code == 'n' || key->code == 'N')) {
			br->mode = BROWSER_NORMAL;
			browser_message(br, false, "export cancelled: file kept");
		}
		return VIEW_REDRAW;
	default:
		return 0;
	}
}
