/*
 * detail.c - the item detail (see detail.h).
 */
#include "detail.h"

#include <curses.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "sanitize.h"
#include "theme.h"
#include "xmalloc.h"

/* Build the text lines of the item detail for width w. */
static void
detail_lines(struct browser *br, int w)
{
	struct chart_lines *dl = &br->detail;
	const struct catalog_item *it = br->item;
	char when[64], *safe, *bar, *s, *fit;
	size_t i, j, k;
	int f;

	chart_lines_fini(dl);
	br->detail_width = w;
	if (it == NULL)
		return;
	safe = sanitize_text(it->uuid, strlen(it->uuid), br->scr.flags);
	chart_addf(dl, CHART_HEADER, "Item %s", safe);
	free(safe);
	calendar_show(it->timestamp_ms, when, true);
	chart_addf(dl, CHART_TEXT, "  time    %s", when);
	/* Each ranked list, under the name of its any-rank field ("brands"). */
	for (f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)f);
		char *joined;
		int p = d->prediction;

		if (d->kind != CATALOG_KIND_RANKED)
			continue;
		joined = xstrdup("");
		for (i = 0; i < it->npredictions[p]; i++) {
			safe = sanitize_text(it->predictions[p][i],
			    it->prediction_len[p][i], br->scr.flags);
			s = xasprintf("%s%s%zu. %s", joined, i ? "  " : "",
			    i + 1, safe);
			free(joined);
			free(safe);
			joined = s;
		}
		chart_addf(dl, CHART_TEXT, "  %-7s %s", d->name,
		    it->npredictions[p] ? joined : "-");
		free(joined);
	}
	for (i = 0; i < it->nphotos; i++) {
		const struct catalog_photo *ph = &it->photos[i];

		chart_addf(dl, CHART_TEXT, "%s", "");
		safe = sanitize_text(ph->name, strlen(ph->name), br->scr.flags);
		s = xasprintf("Photo %zu: %s", i + 1, *safe ? safe : "(unnamed)");
		free(safe);
		if (ph->width >= 0 && ph->height >= 0) {
			char *t = xasprintf("%s  %" PRId64 "x%" PRId64, s,
			    ph->width, ph->height);
			free(s);
			s = t;
		}
		if (ph->bytes >= 0) {
			char *t = xasprintf("%s  %" PRId64 " bytes", s,
			    ph->bytes);
			free(s);
			s = t;
		}
		chart_addf(dl, CHART_HEADER, "%s", s);
		free(s);
		safe = sanitize_text(ph->resolved_path ? ph->resolved_path :
		    ph->path, strlen(ph->resolved_path ? ph->resolved_path :
		    ph->path), br->scr.flags);
		chart_addf(dl, CHART_TEXT, "  path %s%s", *safe ? safe : "-",
		    ph->resolved_path ? "" : " (not found here)");
		free(safe);
		for (j = 0; j < ph->nlabels; j++) {
			const struct catalog_label *l = &ph->labels[j];
			int bw = w - 22 - 8 - 10;

			safe = sanitize_text(l->name, l->name_len, br->scr.flags);
			fit = sanitize_fit(safe, 20, true, br->scr.flags);
			bar = chart_bar((uint64_t)(l->confidence * 100),
			    10000, bw > 30 ? 30 : bw > 0 ? bw : 0, br->scr.flags);
			k = l->nboxes;
			chart_addf(dl, l->confidence >= br->threshold ? CHART_TEXT :
			    CHART_BAR, "  %s %6.2f %s%s", fit, l->confidence,
			    bar, k ? (k == 1 ? " 1 box" : "") : "");
			if (k > 1) {
				s = dl->lines[dl->n - 1].text;
				dl->lines[dl->n - 1].text = xasprintf(
				    "%s %zu boxes", s, k);
				free(s);
			}
			free(bar);
			free(fit);
			free(safe);
		}
		if (ph->ntexts > 0)
			chart_addf(dl, CHART_HEADER, "  OCR text (%zu fragments)",
			    ph->ntexts);
		for (j = 0; j < ph->ntexts; j++) {
			const struct catalog_text *t = &ph->texts[j];

			safe = sanitize_text(t->text, t->text_len, br->scr.flags);
			chart_addf(dl, t->confidence >= br->threshold ? CHART_TEXT :
			    CHART_BAR, "    \"%s\" %.2f%s", safe,
			    t->confidence, t->has_box ? " (boxed)" : "");
			free(safe);
		}
	}
}

/* Open the item at result position pos (or the id when pos is UINT64_MAX). */
void
detail_open(struct browser *br, uint64_t pos, uint32_t id)
{
	char *cause = NULL;
	struct catalog_item *it;

	if (pos != UINT64_MAX) {
		if (br->res == NULL || catalog_result_ids(br->res, pos, 1,
		    &id) != 1)
			return;
	}
	it = catalog_item_get(br->cat, id, &cause);
	if (it == NULL) {
		statusbar_message(&br->status, true, "cannot read item: %s",
		    cause ? cause : "?");
		free(cause);
		return;
	}
	catalog_item_free(br->item);
	br->item = it;
	br->item_pos = pos;
	br->view = BROWSER_DETAIL;
	br->detail_scroll = 0;
	br->detail_width = -1;
	photo_pane_hide(br->pane);
}

/* The item detail: text on the left, the photo pane on the right. */
void
detail_draw(struct browser *br)
{
	int y = br->body_y, h = br->body_h, tw, pw, px;

	/*
	 * The photo area: the right part when wide; the lower half when
	 * narrow but tall; none on a small screen.
	 */
	if (br->scr.cols >= 90) {
		pw = br->scr.cols * 2 / 5;
		tw = br->scr.cols - pw - 1;
	} else {
		pw = 0;
		tw = br->scr.cols;
	}
	px = tw + 1;
	if (br->detail_width != tw)
		detail_lines(br, tw);
	if (pw <= 0 && h >= 20) {
		int th = h / 2;

		screen_put_lines(&br->scr, &br->detail, y, 0, th, tw,
		    &br->detail_scroll, true);
		for (int c = 0; c < tw; c++)
			screen_put(&br->scr, y + th, c, 1, theme_attr(THEME_BORDER),
			    br->scr.flags & SANITIZE_ASCII ? "-" : "\u2500", false);
		for (int r = th + 1; r < h; r++)
			screen_blank(&br->scr, y + r, 0, tw, theme_attr(THEME_NORMAL));
		photo_pane_draw(br->pane, stdscr, y + th + 1, 0, h - th - 1,
		    tw, br->cat, br->item, br->threshold);
		return;
	}
	screen_put_lines(&br->scr, &br->detail, y, 0, h, tw, &br->detail_scroll, true);
	if (pw <= 0)
		return;
	for (int r = 0; r < h; r++)
		screen_put(&br->scr, y + r, tw, 1, theme_attr(THEME_BORDER),
		    br->scr.flags & SANITIZE_ASCII ? "|" : "\u2502", false);
	for (int r = 0; r < h; r++)
		screen_blank(&br->scr, y + r, px, pw, theme_attr(THEME_NORMAL));
	photo_pane_draw(br->pane, stdscr, y, px, h, pw, br->cat, br->item,
	    br->threshold);
}

/*
 * Action a in the detail view; total is the result size, page the page
 * height. Returns what to redo.
 */
int
detail_key(struct browser *br, enum keymap_action a, uint64_t total, int page)
{
	uint64_t c;

	switch (a) {
	case KEYMAP_BACK:
	case KEYMAP_LEFT:
		browser_back(br);
		return VIEW_REDRAW;
	case KEYMAP_UP:
		br->detail_scroll--;
		return VIEW_REDRAW;
	case KEYMAP_DOWN:
		br->detail_scroll++;
		return VIEW_REDRAW;
	case KEYMAP_PAGE_UP:
		br->detail_scroll -= page;
		return VIEW_REDRAW;
	case KEYMAP_PAGE_DOWN:
		br->detail_scroll += page;
		return VIEW_REDRAW;
	case KEYMAP_NEXT:
	case KEYMAP_PREV:
		if (br->item_pos == UINT64_MAX)
			return 0;
		c = br->item_pos;
		view_move(&c, total, a == KEYMAP_NEXT ? KEYMAP_DOWN :
		    KEYMAP_UP, 1);
		br->cursor = c;
		detail_open(br, c, 0);
		return VIEW_REDRAW;
	default:
		return 0;
	}
}
