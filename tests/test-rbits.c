/*
 * test-rbits.c - index/rbits.c against CRoaring's own answers: the
 * intersection count of two bitmaps and of a result laid out as plain
 * bits, and whether they meet, over bitmaps of every container kind
 * (arrays, bitsets, runs, copy-on-write shared containers, frozen
 * views) and a universe that ends inside a chunk.
 */
#include <roaring/roaring.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "rbits.h"

static uint64_t rng = 88172645463325252ull;

static uint32_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/*
 * A bitmap over [0, universe) mixing kinds per chunk: dense (bitsets),
 * sparse (arrays), long runs, empty chunks.
 */
static roaring_bitmap_t *
make(uint32_t universe, unsigned seed)
{
	roaring_bitmap_t *b = roaring_bitmap_create();

	for (uint32_t base = 0; base < universe; base += 65536) {
		uint32_t end = universe - base < 65536 ? universe : base + 65536;
		switch ((next() + seed) % 5) {
		case 0:                  /* dense: a bitset */
			for (uint32_t v = base; v < end; v++)
				if (next() % 4 == 0)
					roaring_bitmap_add(b, v);
			break;
		case 1:                  /* sparse: an array */
			for (int k = 0; k < 300; k++)
				roaring_bitmap_add(b, base + next() % (end - base));
			break;
		case 2:                  /* runs */
			for (int k = 0; k < 20; k++) {
				uint32_t lo = base + next() % (end - base);
				uint32_t hi = lo + next() % 3000;
				roaring_bitmap_add_range(b, lo, hi < end ? hi : end);
			}
			break;
		case 3:                  /* a middling array */
			for (int k = 0; k < 3000; k++)
				roaring_bitmap_add(b, base + next() % (end - base));
			break;
		default:                 /* nothing */
			break;
		}
	}
	if (seed % 2 == 0)
		roaring_bitmap_run_optimize(b);
	return b;
}

/* b through a frozen view, as the index's postings are read. */
static const roaring_bitmap_t *
frozen(const roaring_bitmap_t *b, char **buf)
{
	size_t n = roaring_bitmap_frozen_size_in_bytes(b);
	char *raw = malloc(n + 64), *p;

	/* Frozen views want 32-byte alignment. */
	p = raw + (32 - (uintptr_t)raw % 32) % 32;
	roaring_bitmap_frozen_serialize(b, p);
	*buf = raw;
	return roaring_bitmap_frozen_view(p, n);
}

static void
compare(const roaring_bitmap_t *r, const roaring_bitmap_t *b,
    uint32_t universe, const char *what)
{
	struct rbits_dense d;
	uint64_t want = roaring_bitmap_and_cardinality(r, b);
	bool meets = roaring_bitmap_intersect(r, b);

	CHECKF(rbits_and_cardinality(r, b) == want,
	    "%s: and_cardinality %llu, want %llu", what,
	    (unsigned long long)rbits_and_cardinality(r, b),
	    (unsigned long long)want);
	CHECKF(rbits_and_cardinality(b, r) == want, "%s: reversed", what);
	rbits_dense_init(&d, r, universe);
	CHECKF(rbits_dense_and_cardinality(&d, b) == want,
	    "%s: dense %llu, want %llu", what,
	    (unsigned long long)rbits_dense_and_cardinality(&d, b),
	    (unsigned long long)want);
	CHECKF(rbits_dense_intersects(&d, b) == meets, "%s: meets", what);
	rbits_dense_free(&d);
}

int
main(void)
{
	/* 1M and a bit: the last chunk is partial, as at 1M items. */
	static const uint32_t universes[] = { 1000, 65536, 200000, 1000003 };

	for (size_t u = 0; u < sizeof universes / sizeof *universes; u++) {
		uint32_t universe = universes[u];
		for (unsigned round = 0; round < 12; round++) {
			roaring_bitmap_t *r = make(universe, round);
			roaring_bitmap_t *b = make(universe, round + 7);
			roaring_bitmap_t *shared;
			const roaring_bitmap_t *fr, *fb;
			char *bufr, *bufb;

			roaring_bitmap_t *apart = roaring_bitmap_andnot(b, r);

			compare(r, b, universe, "plain");
			compare(r, r, universe, "itself");
			/* Disjoint: every kind must say it does not meet. */
			compare(r, apart, universe, "disjoint");
			compare(apart, r, universe, "disjoint, reversed");
			roaring_bitmap_free(apart);
			fr = frozen(r, &bufr);
			fb = frozen(b, &bufb);
			CHECK(fr != NULL && fb != NULL);
			if (fr != NULL && fb != NULL) {
				compare(fr, fb, universe, "frozen");
				compare(r, fb, universe, "result and frozen");
			}
			/* Copy-on-write copies hold shared containers. */
			roaring_bitmap_set_copy_on_write(b, true);
			shared = roaring_bitmap_copy(b);
			compare(r, shared, universe, "shared");
			compare(shared, r, universe, "shared result");
			roaring_bitmap_free(shared);
			roaring_bitmap_free((roaring_bitmap_t *)fr);
			roaring_bitmap_free((roaring_bitmap_t *)fb);
			free(bufr);
			free(bufb);
			roaring_bitmap_free(r);
			roaring_bitmap_free(b);
		}
	}
	{
		/* Empty against anything, and a result with nothing in a chunk. */
		roaring_bitmap_t *e = roaring_bitmap_create();
		roaring_bitmap_t *b = make(300000, 3);
		compare(e, b, 300000, "empty result");
		compare(b, e, 300000, "empty other");
		roaring_bitmap_free(e);
		roaring_bitmap_free(b);
	}
	return check_failures != 0;
}
