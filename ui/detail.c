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
#include "view.h"
#include "xmalloc.h"

/* Near-duplicates listed by uuid; the key lists them all. */
#define DETAIL_SIMILAR_SHOWN 8

/* Start with no item. */
void
detail_init(struct detail *dt)
{
	dt->item = NULL;
	dt->pos = UINT64_MAX;
	dt->scroll = 0;
	chart_lines_init(&dt->lines);
	dt->width = -1;
	dt->similar = NULL;
	dt->nsimilar = 0;
}

/* Forget the near-duplicates' uuids. */
static void
detail_similar_free(struct detail *dt)
{
	for (size_t i = 0; i < dt->nsimilar; i++)
		free(dt->similar[i]);
	free(dt->similar);
	dt->similar = NULL;
	dt->nsimilar = 0;
}

/* Free the item and its lines. */
void
detail_fini(struct detail *dt)
{
	catalog_item_free(dt->item);
	dt->item = NULL;
	chart_lines_fini(&dt->lines);
	detail_similar_free(dt);
}

/* How many near-duplicates the item shown has. */
size_t
detail_similar_count(const struct detail *dt)
{
	return dt->nsimilar;
}

/* The item shown (borrowed), or NULL. */
const struct catalog_item *
detail_item(const struct detail *dt)
{
	return dt->item;
}

/* The position in the result of the item shown, or UINT64_MAX. */
uint64_t
detail_pos(const struct detail *dt)
{
	return dt->pos;
}

/* Forget the lines made. */
void
detail_invalidate(struct detail *dt)
{
	dt->width = -1;
}

/*
 * Build the text lines of the item detail for width w, in the sanitize
 * flags of the screen, the lines below threshold marked.
 */
static void
detail_lines(struct detail *dt, int flags, double threshold, int w)
{
	struct chart_lines *dl = &dt->lines;
	const struct catalog_item *it = dt->item;
	char when[64], *safe, *bar, *s, *fit;
	size_t i, j, k;
	int f;

	chart_lines_fini(dl);
	dt->width = w;
	if (it == NULL)
		return;
	safe = sanitize_text(it->uuid, strlen(it->uuid), flags);
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
			    it->prediction_len[p][i], flags);
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
	/* Near-duplicates: the same picture in another item (similar:). */
	if (dt->nsimilar > 0) {
		char key[64];

		keymap_describe(KEYMAP_SIMILAR, key, sizeof key);
		chart_addf(dl, CHART_TEXT, "  similar %zu near-duplicate item%s "
		    "(%s: list them)", dt->nsimilar, dt->nsimilar == 1 ? "" : "s",
		    *key ? key : "unbound");
		for (i = 0; i < dt->nsimilar && i < DETAIL_SIMILAR_SHOWN; i++) {
			safe = sanitize_text(dt->similar[i], strlen(dt->similar[i]),
			    flags);
			chart_addf(dl, CHART_TEXT, "          %s", safe);
			free(safe);
		}
		if (dt->nsimilar > DETAIL_SIMILAR_SHOWN)
			chart_addf(dl, CHART_TEXT, "          and %zu more",
			    dt->nsimilar - DETAIL_SIMILAR_SHOWN);
	} else
		chart_addf(dl, CHART_TEXT, "  similar -");
	for (i = 0; i < it->nphotos; i++) {
		const struct catalog_photo *ph = &it->photos[i];

		chart_addf(dl, CHART_TEXT, "%s", "");
		safe = sanitize_text(ph->name, strlen(ph->name), flags);
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
		    ph->path), flags);
		chart_addf(dl, CHART_TEXT, "  path %s%s", *safe ? safe : "-",
		    ph->resolved_path ? "" : " (not found here)");
		free(safe);
		for (j = 0; j < ph->nlabels; j++) {
			const struct catalog_label *l = &ph->labels[j];
			int bw = w - 22 - 8 - 10;

			safe = sanitize_text(l->name, l->name_len, flags);
			fit = sanitize_fit(safe, 20, true, flags);
			bar = chart_bar((uint64_t)(l->confidence * 100),
			    10000, bw > 30 ? 30 : bw > 0 ? bw : 0, flags);
			k = l->nboxes;
			chart_addf(dl, l->confidence >= threshold ? CHART_TEXT :
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

			safe = sanitize_text(t->text, t->text_len, flags);
			chart_addf(dl, t->confidence >= threshold ? CHART_TEXT :
			    CHART_BAR, "    \"%s\" %.2f%s", safe,
			    t->confidence, t->has_box ? " (boxed)" : "");
			free(safe);
		}
	}
}

/* Show item id of cat at result position pos, from its top. */
bool
detail_open(struct detail *dt, struct catalog *cat, uint64_t pos,
    uint32_t id, char **cause)
{
	struct catalog_item *it;
	uint32_t *ids;
	size_t n;

	it = catalog_item_get(cat, id, cause);
	if (it == NULL)
		return false;
	if (!catalog_item_similar(cat, id, &ids, &n, cause)) {
		catalog_item_free(it);
		return false;
	}
	detail_similar_free(dt);
	dt->similar = xcalloc(n + 1, sizeof *dt->similar);
	for (size_t i = 0; i < n; i++) {
		char uuid[65];
		if (catalog_item_uuid(cat, ids[i], uuid, NULL))
			dt->similar[dt->nsimilar++] = xstrdup(uuid);
	}
	free(ids);
	catalog_item_free(dt->item);
	dt->item = it;
	dt->pos = pos;
	dt->scroll = 0;
	dt->width = -1;
	return true;
}

/* The item detail: text on the left, the photo pane on the right. */
void
detail_draw(struct detail *dt, const struct screen *scr, int y, int h,
    struct photo_pane *pane, struct catalog *cat, double threshold)
{
	int tw, pw, px;

	/*
	 * The photo area: the right part when wide; the lower half when
	 * narrow but tall; none on a small screen.
	 */
	if (scr->cols >= 90) {
		pw = scr->cols * 2 / 5;
		tw = scr->cols - pw - 1;
	} else {
		pw = 0;
		tw = scr->cols;
	}
	px = tw + 1;
	if (dt->width != tw)
		detail_lines(dt, scr->flags, threshold, tw);
	if (pw <= 0 && h >= 20) {
		int th = h / 2;

		screen_put_lines(scr, &dt->lines, y, 0, th, tw,
		    &dt->scroll, true);
		for (int c = 0; c < tw; c++)
			screen_put(scr, y + th, c, 1, theme_attr(THEME_BORDER),
			    scr->flags & SANITIZE_ASCII ? "-" : "\u2500", false);
		for (int r = th + 1; r < h; r++)
			screen_blank(scr, y + r, 0, tw, theme_attr(THEME_NORMAL));
		photo_pane_draw(pane, stdscr, y + th + 1, 0, h - th - 1,
		    tw, cat, dt->item, threshold);
		return;
	}
	screen_put_lines(scr, &dt->lines, y, 0, h, tw, &dt->scroll, true);
	if (pw <= 0)
		return;
	for (int r = 0; r < h; r++)
		screen_put(scr, y + r, tw, 1, theme_attr(THEME_BORDER),
		    scr->flags & SANITIZE_ASCII ? "|" : "\u2502", false);
	for (int r = 0; r < h; r++)
		screen_blank(scr, y + r, px, pw, theme_attr(THEME_NORMAL));
	photo_pane_draw(pane, stdscr, y, px, h, pw, cat, dt->item,
	    threshold);
}

/* Action a in the detail view: scrolling; page is the page height. */
int
detail_key(struct detail *dt, enum keymap_action a, int page)
{
	switch (a) {
	case KEYMAP_UP:
		dt->scroll--;
		return VIEW_REDRAW;
	case KEYMAP_DOWN:
		dt->scroll++;
		return VIEW_REDRAW;
	case KEYMAP_PAGE_UP:
		dt->scroll -= page;
		return VIEW_REDRAW;
	case KEYMAP_PAGE_DOWN:
		dt->scroll += page;
		return VIEW_REDRAW;
	default:
		return 0;
	}
}
