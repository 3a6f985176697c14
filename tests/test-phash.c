/*
 * test-phash.c - the perceptual hash and the near-pair search
 * (common/phash.c), on photos `rummage gen` draws: each photo's
 * re-encoded, half-size and brightened copies hash within PHASH_NEAR bits
 * of it (through the thumbnail path the index uses), photos of different
 * items stay further apart, and the multi-index search finds exactly the
 * pairs a brute-force comparison finds.
 */
#include "phash.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../gen/gen_draw.h"
#include "../gen/gen_item.h"
#include "image.h"
#include "xmalloc.h"

#include "check.h"

#define NITEMS 120
#define THUMB 384

static char tmpdir[] = "/tmp/test-phash-XXXXXX";

/* The hash the index would store for this JPEG: via a file and a thumbnail. */
static struct phash
test_hash_jpeg(const void *jpeg, size_t len)
{
	char path[64];
	FILE *f;
	void *thumb;
	size_t tlen;
	struct phash h;
	char *cause = NULL;

	memset(&h, 0, sizeof h);
	snprintf(path, sizeof path, "%s/p.jpg", tmpdir);
	f = fopen(path, "wb");
	CHECK(f != NULL && fwrite(jpeg, 1, len, f) == len);
	fclose(f);
	CHECKF(image_thumbnail_file_phash(path, THUMB, &thumb, &tlen, NULL, NULL,
	    &h, &cause), "%s", cause);
	free(thumb);
	unlink(path);
	return h;
}

/* The largest difference of a colour-layout cell between a and b. */
static int
test_chroma(const struct phash *a, const struct phash *b)
{
	int m = 0;

	for (int i = 0; i < PHASH_CHROMA_BYTES; i++) {
		int d = abs(a->chroma[i] - b->chroma[i]);
		m = d > m ? d : m;
	}
	return m;
}

/* Decode, change the pixels (kind 0 none, 1 half size, 2 brighter), encode at q. */
static struct phash
test_hash_copy(const void *jpeg, size_t len, int kind, int quality)
{
	struct image img;
	void *out;
	size_t olen;
	struct phash h;
	char *cause = NULL;

	CHECKF(image_decode_jpeg(jpeg, len, 0, 0, &img, &cause), "%s", cause);
	if (kind == 1)
		image_fit(&img, img.width / 2, img.height / 2);
	if (kind == 2) {
		/* Gamma 0.9: mid-grey 128 becomes 136, nothing clips. */
		for (size_t i = 0; i < (size_t)img.width * img.height * 3; i++)
			img.rgb[i] = (uint8_t)(255 * pow(img.rgb[i] / 255.0, 0.9) +
			    0.5);
	}
	CHECKF(image_encode_jpeg(&img, quality, &out, &olen, &cause), "%s", cause);
	h = test_hash_jpeg(out, olen);
	free(out);
	image_fini(&img);
	return h;
}

/* Generated photos: copies near, other items far. */
static void
test_generated(void)
{
	struct phash *orig = xcalloc(NITEMS * GEN_MAX_PHOTOS, sizeof *orig);
	uint32_t *owner = xcalloc(NITEMS * GEN_MAX_PHOTOS, sizeof *owner);
	/* What the generator painted: silhouette, colour, backdrop, tag. */
	struct { int shape, backdrop, tag; const void *color; } *look;
	struct gen_item *it = xmalloc(sizeof *it);
	size_t n = 0, pairs = 0, alike = 0;
	int worst_copy = 0, closest_other = 64;
	double sum = 0;

	look = xcalloc(NITEMS * GEN_MAX_PHOTOS, sizeof *look);

	for (int i = 0; i < NITEMS; i++) {
		uint64_t source;
		/* Relistings are near their source by design: not "different". */
		if (gen_item_relist(7, (uint64_t)i, &source) != GEN_RELIST_NONE)
			continue;
		gen_item_make(7, (uint64_t)i, 640, it);
		for (int k = 0; k < it->nphotos; k++) {
			void *jpeg;
			size_t len;
			char *cause = NULL;
			struct phash copies[3];

			CHECKF(gen_draw_photo(it, k, &jpeg, &len, &cause), "%s", cause);
			orig[n] = test_hash_jpeg(jpeg, len);
			look[n].shape = (int)it->type->shape;
			look[n].backdrop = it->photos[k].backdrop == GEN_FLOOR;
			look[n].tag = it->photos[k].has_tag;
			look[n].color = it->color;
			owner[n++] = (uint32_t)i;
			if (k == 0) {
				copies[0] = test_hash_copy(jpeg, len, 0, 45);
				copies[1] = test_hash_copy(jpeg, len, 1, 80);
				copies[2] = test_hash_copy(jpeg, len, 2, 75);
				for (int c = 0; c < 3; c++) {
					int d = phash_distance(orig[n - 1].dct, copies[c].dct);
					CHECKF(phash_near(&orig[n - 1], &copies[c]),
					    "item %d copy %d: %d bits, colour layout %d apart",
					    i, c, d, test_chroma(&orig[n - 1], &copies[c]));
					worst_copy = d > worst_copy ? d : worst_copy;
				}
			}
			free(jpeg);
		}
	}
	/*
	 * Generated photos are simpler than real ones: 11 silhouettes in 20
	 * colours on 3 backdrops, so two items can have photos a person
	 * would call the same picture too (a purple T-shirt on a hanger on
	 * the wall, no tag, and another). Those may pair; a pair that
	 * differs in silhouette, colour, tag or backdrop must not -- where
	 * the bed and the wall count as one backdrop: both are plain
	 * gradients, told apart by a hanger one pixel wide at 32x32.
	 */
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++) {
			int d = phash_distance(orig[a].dct, orig[b].dct);
			if (owner[a] == owner[b])
				continue;
			pairs++;
			if (phash_near(&orig[a], &orig[b])) {
				alike++;
				CHECKF(look[a].shape == look[b].shape &&
				    look[a].color == look[b].color &&
				    look[a].backdrop == look[b].backdrop &&
				    look[a].tag == look[b].tag,
				    "items %u and %u: different pictures paired", owner[a],
				    owner[b]);
				printf("items %u and %u alike: %d bits apart, colour "
				    "layout %d apart\n", owner[a], owner[b], d,
				    test_chroma(&orig[a], &orig[b]));
			}
			closest_other = d < closest_other ? d : closest_other;
			sum += d;
		}
	printf("%zu photos: copies within %d bits; photos of different items "
	    "%.1f bits apart on average, %zu of %zu pairs alike\n", n,
	    worst_copy, sum / (double)pairs, alike, pairs);
	free(look);
	free(orig);
	free(owner);
	free(it);
}

/* The index's search against brute force, on clustered random hashes. */
static void
test_pairs(void)
{
	size_t n = 6000, nb = 0, nf;
	struct phash *h = xcalloc(n, sizeof *h);
	uint64_t s = 88172645463325252u;
	uint32_t *owner = xmalloc(n * sizeof *owner);
	struct phash_pair *brute = NULL, *found;
	size_t cap = 0;

	for (size_t i = 0; i < n; i++) {
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		owner[i] = (uint32_t)(i / 3);         /* three photos per owner */
		if (i > 10 && s % 4 == 0) {
			/* A copy of an earlier hash with 0..10 bits flipped. */
			uint64_t x = h[(s >> 8) % i].dct;
			for (unsigned f = (unsigned)(s >> 20) % 11; f > 0; f--) {
				s ^= s << 13, s ^= s >> 7, s ^= s << 17;
				x ^= UINT64_C(1) << (s % 64);
			}
			h[i].dct = x;
		} else
			h[i].dct = s;
		/* Chroma near or far, so that both conditions are tested. */
		h[i].chroma[s >> 59] = (int8_t)(s >> 56 & 7);
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			uint32_t a = owner[i], b = owner[j];
			if (a == b || !phash_near(&h[i], &h[j]))
				continue;
			if (nb == cap) {
				cap = cap ? cap * 2 : 256;
				brute = xreallocarray(brute, cap, sizeof *brute);
			}
			brute[nb].a = a < b ? a : b;
			brute[nb++].b = a < b ? b : a;
		}
	/* Sort and unique, as phash_near_pairs promises. */
	for (size_t i = 1; i < nb; i++)
		for (size_t j = i; j > 0 && (brute[j - 1].a > brute[j].a ||
		    (brute[j - 1].a == brute[j].a && brute[j - 1].b > brute[j].b)); j--) {
			struct phash_pair t = brute[j];
			brute[j] = brute[j - 1];
			brute[j - 1] = t;
		}
	{
		size_t k = 0;
		for (size_t i = 0; i < nb; i++)
			if (k == 0 || brute[k - 1].a != brute[i].a ||
			    brute[k - 1].b != brute[i].b)
				brute[k++] = brute[i];
		nb = k;
	}
	phash_near_pairs(h, owner, n, &found, &nf);
	CHECKF(nb > 100, "only %zu planted pairs", nb);
	CHECK_INT(nf, nb);
	CHECK(nf == nb && memcmp(found, brute, nb * sizeof *found) == 0);
	free(found);
	free(brute);
	free(h);
	free(owner);
	phash_near_pairs(NULL, NULL, 0, &found, &nf);
	CHECK_INT(nf, 0);
	free(found);
}

/* Degenerate images hash without reading outside them. */
static void
test_small(void)
{
	uint8_t px[3 * 5 * 2];

	memset(px, 200, sizeof px);
	px[0] = 0;
	(void)phash_rgb(px, 5, 2);
	(void)phash_rgb(px, 1, 1);
	CHECK_INT(phash_rgb(NULL, 0, 0).dct, 0);
	/* Grey: no chroma in any cell; pure blue: Cb 127 (clamped), Cr -21. */
	for (int c = 0; c < PHASH_CHROMA_BYTES; c++)
		CHECK_INT(phash_rgb(px + 3, 1, 1).chroma[c], 0);
	px[0] = px[1] = 0;
	px[2] = 255;
	CHECK_INT(phash_rgb(px, 1, 1).chroma[0], 127);
	CHECK_INT(phash_rgb(px, 1, 1).chroma[PHASH_CELLS + 15], -21);
	CHECK_INT(phash_distance(0, ~UINT64_C(0)), 64);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_small();
	test_pairs();
	test_generated();
	rmdir(tmpdir);
	CHECK_DONE();
}
