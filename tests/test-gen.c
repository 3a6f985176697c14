/*
 * test-gen.c - unit tests for the generator's model and painting: the JSON
 * number and string spelling, the layout invariants of many items (words
 * inside their tag, label boxes on what is drawn), and the silhouette
 * painted in the item's colour where its box says.
 *
 * gen.c is included to reach its static JSON writers.
 */
#include "../gen/gen.c"

#include <math.h>

#include "image.h"

#include "check.h"

/* Numbers: shortest round-trip spelling, ".0" on integers. */
static void
test_numbers(void)
{
	static const struct {
		int32_t v;
		const char *want;
	} cases[] = {
		{ 999800, "99.98" }, { 1000000, "100.0" }, { 1234, "0.1234" },
		{ 10, "0.001" }, { 10000, "1.0" }, { 12300, "1.23" },
		{ 500000, "50.0" }, { 990001, "99.0001" }, { 1001, "0.1001" },
	};
	struct buf b;
	size_t i;
	int32_t v;
	char *end;

	buf_init(&b);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		b.len = 0;
		gen_json_num(&b, cases[i].v);
		buf_addc(&b, '\0');
		CHECKF(strcmp(b.data, cases[i].want) == 0, "%d: got %s, want %s",
		    cases[i].v, b.data, cases[i].want);
	}
	/* Every value reads back as the double nearest v / 10^4. */
	for (v = 10; v <= 1000000; v += 7) {
		b.len = 0;
		gen_json_num(&b, v);
		buf_addc(&b, '\0');
		CHECKF(strtod(b.data, &end) == v / 10000.0 && *end == '\0' &&
		    strchr(b.data, 'e') == NULL && b.data[b.len - 2] != '.' &&
		    (b.data[b.len - 2] != '0' || b.data[b.len - 3] == '.'),
		    "%d -> %s", v, b.data);
		if (check_failures > 10)
			break;
	}
	buf_fini(&b);
}

/* Strings: UTF-8 kept, quotes, backslashes and controls escaped. */
static void
test_strings(void)
{
	struct buf b;

	buf_init(&b);
	jsonout_adds(&b, "Atelier \"Noir\" \\ Chloé ユニクロ\n\x1b");
	buf_addc(&b, '\0');
	CHECKF(strcmp(b.data, "\"Atelier \\\"Noir\\\" \\\\ Chloé ユニクロ\\n"
	    "\\u001b\"") == 0, "got %s", b.data);
	buf_fini(&b);
}

/* Whether box a lies inside box b (1e-4 units, one unit of rounding). */
static bool
test_inside(struct gen_box a, struct gen_box b)
{
	return a.left >= b.left - 1 && a.top >= b.top - 1 &&
	    a.left + a.width <= b.left + b.width + 1 &&
	    a.top + a.height <= b.top + b.height + 1;
}

/* A box within the photo and within [0.001, 1]. */
static bool
test_valid(struct gen_box b)
{
	return b.left >= 10 && b.top >= 10 && b.width >= 10 && b.height >= 10 &&
	    b.left + b.width <= GEN_UNIT && b.top + b.height <= GEN_UNIT;
}

/* Layout invariants over many items: what the metadata says is drawn. */
static void
test_layout(void)
{
	struct gen_item *it = xmalloc(sizeof *it), *again = xmalloc(sizeof *again);
	const struct gen_photo *ph;
	const struct gen_label *l;
	uint64_t i;
	int k, j, w, tags = 0;
	bool type_seen, text_seen;

	for (i = 0; i < 20000 && check_failures < 20; i++) {
		gen_item_make(1, i, 0, it);
		if (i % 1000 == 0) {
			gen_item_make(1, i, 0, again);
			CHECKF(memcmp(it, again, sizeof *it) == 0,
			    "item %llu differs on a second make",
			    (unsigned long long)i);
		}
		CHECKF(it->nphotos >= 1 && it->nphotos <= 5, "%d photos",
		    it->nphotos);
		for (k = 0; k < it->nphotos; k++) {
			ph = &it->photos[k];
			CHECKF(ph->nlabels >= 5 && ph->nlabels <= GEN_MAX_LABELS,
			    "%s/%d: %d labels", it->uuid, k, ph->nlabels);
			CHECKF(test_valid(ph->garment), "%s/%d: garment", it->uuid,
			    k);
			type_seen = text_seen = false;
			for (j = 0; j < ph->nlabels; j++) {
				l = &ph->labels[j];
				CHECKF(j == 0 || ph->labels[j - 1].confidence >=
				    l->confidence, "%s/%d: label order", it->uuid,
				    k);
				CHECKF(l->confidence >= GEN_UNIT &&
				    l->confidence <= 100 * GEN_UNIT, "conf %d",
				    l->confidence);
				for (w = 0; w < l->nboxes; w++)
					CHECKF(test_valid(l->boxes[w]), "%s/%d: %s box",
					    it->uuid, k, l->def->name);
				if (l->def == it->type->label) {
					type_seen = true;
					CHECKF(l->nboxes == ph->ngarments &&
					    memcmp(l->boxes, ph->garments,
					    sizeof l->boxes[0] * (size_t)l->nboxes) == 0,
					    "%s/%d: %s boxes are not the silhouette",
					    it->uuid, k, l->def->name);
				}
				if (strcmp(l->def->name, "Text") == 0) {
					text_seen = true;
					CHECKF(l->nboxes == 1 && memcmp(&l->boxes[0],
					    &ph->tag, sizeof ph->tag) == 0,
					    "%s/%d: Text box is not the tag", it->uuid,
					    k);
				}
			}
			CHECKF(type_seen, "%s/%d: no %s label", it->uuid, k,
			    it->type->label->name);
			CHECKF(text_seen == ph->has_tag, "%s/%d: Text label %d, tag %d",
			    it->uuid, k, text_seen, ph->has_tag);
			tags += ph->has_tag;
			for (w = 0; w < ph->nwords; w++) {
				const struct gen_word *wd = &ph->words[w];

				CHECKF(test_valid(wd->box), "%s/%d: word box",
				    it->uuid, k);
				CHECKF(!wd->drawn || (ph->has_tag &&
				    test_inside(wd->box, ph->tag)),
				    "%s/%d: word %s outside the tag", it->uuid, k,
				    wd->text);
				CHECKF(wd->drawn == (wd->confidence >= 80 * GEN_UNIT),
				    "%s/%d: %s drawn %d at %d", it->uuid, k,
				    wd->text, wd->drawn, wd->confidence);
				/* Words of a line go left to right, apart. */
				if (w > 0 && wd->line == ph->words[w - 1].line)
					CHECKF(wd->box.left >= ph->words[w - 1].box.left +
					    ph->words[w - 1].box.width, "%s/%d: %s "
					    "overlaps", it->uuid, k, wd->text);
			}
			/* The tag lies on the garment's upper part or near it. */
			if (ph->has_tag)
				CHECKF(test_valid(ph->tag) && ph->tag.top <
				    ph->garment.top + ph->garment.height,
				    "%s/%d: tag", it->uuid, k);
		}
		/* The brand drawn is the truth; the truth usually ranks first. */
	}
	CHECKF(tags > 20000, "only %d tags", tags);
	free(again);
	free(it);
}

/* A point inside each silhouette, in fractions of its box. */
static const float test_interior[GEN_SHAPE_COUNT][2] = {
	[GEN_SHAPE_TROUSERS] = { .2f, .5f }, [GEN_SHAPE_SHORTS] = { .2f, .3f },
	[GEN_SHAPE_TOP] = { .5f, .6f }, [GEN_SHAPE_COAT] = { .5f, .6f },
	[GEN_SHAPE_DRESS] = { .5f, .7f }, [GEN_SHAPE_SKIRT] = { .5f, .5f },
	[GEN_SHAPE_SHOE] = { .4f, .75f }, [GEN_SHAPE_BAG] = { .5f, .75f },
	[GEN_SHAPE_HAT] = { .5f, .85f }, [GEN_SHAPE_SCARF] = { .5f, .5f },
	[GEN_SHAPE_SWIM] = { .5f, .7f },
};

/*
 * Paint photos of items of every silhouette: the JPEG has the declared
 * size, and inside the silhouette (away from the tag) the colour is the
 * item's, give or take shading, grain and compression.
 */
static void
test_paint(void)
{
	struct gen_item *it = xmalloc(sizeof *it);
	bool seen[GEN_SHAPE_COUNT] = { false };
	const struct gen_photo *ph;
	struct image img;
	void *jpeg;
	size_t len;
	char *cause = NULL;
	uint64_t i;
	int x, y, c, d, shapes = 0;
	const uint8_t *p;

	for (i = 0; i < 2000 && shapes < GEN_SHAPE_COUNT; i++) {
		gen_item_make(3, i, 320, it);
		ph = &it->photos[0];
		if (seen[it->type->shape])
			continue;
		x = (int)((ph->garments[0].left + test_interior[it->type->shape][0] *
		    ph->garments[0].width) * ph->width / GEN_UNIT);
		y = (int)((ph->garments[0].top + test_interior[it->type->shape][1] *
		    ph->garments[0].height) * ph->height / GEN_UNIT);
		if (ph->has_tag && x * GEN_UNIT >= (ph->tag.left - 300) *
		    ph->width && x * GEN_UNIT <= (ph->tag.left + ph->tag.width +
		    300) * ph->width && y * GEN_UNIT >= (ph->tag.top - 300) *
		    ph->height && y * GEN_UNIT <= (ph->tag.top + ph->tag.height +
		    300) * ph->height)
			continue;       /* the point is under the tag */
		seen[it->type->shape] = true;
		shapes++;
		CHECKF(ph->width <= 320 && ph->height <= 320 &&
		    (ph->width == 320 || ph->height == 320), "%dx%d", ph->width,
		    ph->height);
		CHECKF(gen_draw_photo(it, 0, &jpeg, &len, &cause), "%s", cause);
		CHECKF(image_decode_jpeg(jpeg, len, 0, 0, &img, &cause), "%s",
		    cause);
		free(jpeg);
		CHECKF(img.width == ph->width && img.height == ph->height,
		    "decoded %dx%d", img.width, img.height);
		p = img.rgb + ((size_t)y * img.width + x) * 3;
		for (c = 0; c < 3; c++) {
			d = abs(p[c] - it->color->rgb[c]);
			CHECKF(d <= 40, "%s (%s, %s) at %d,%d: channel %d is %d, "
			    "want %d", it->uuid, it->type->name, it->color->name,
			    x, y, c, p[c], it->color->rgb[c]);
		}
		image_fini(&img);
	}
	CHECKF(shapes == GEN_SHAPE_COUNT, "only %d silhouettes painted", shapes);
	free(it);
}

int
main(void)
{
	test_numbers();
	test_strings();
	test_layout();
	test_paint();
	if (check_failures != 0) {
		fprintf(stderr, "%d check(s) failed\n", check_failures);
		return 1;
	}
	printf("test-gen: all checks passed\n");
	return 0;
}
