/*
 * rbits.c - see rbits.h: intersection counts of CRoaring bitmaps, with
 * bitset chunks counted by the CPU's POPCNT and a result laid out as
 * plain bits, where the library's build does neither.
 */
#include "rbits.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/*
 * meson.build defines RBITS_ROARING_0_2 when CRoaring is 0.2.x and its
 * container headers compile with the layout used here.
 */
#if defined(RBITS_ROARING_0_2) && (defined(__x86_64__) || defined(__i386__))
#include <roaring/containers/containers.h>
#include <sys/platform/x86.h>

#define RBITS_WORDS BITSET_CONTAINER_SIZE_IN_WORDS

/*
 * Whether the CPU has POPCNT, from what glibc found at start-up:
 * __builtin_cpu_supports() would link libgcc's constructor, which runs
 * CPUID again in every process (each a trap to the hypervisor on a VM).
 */
static bool
rbits_fast(void)
{
	return CPU_FEATURE_ACTIVE(POPCNT);
}

/* |a & b| over one chunk's words, with the POPCNT instruction. */
__attribute__((target("popcnt")))
static uint64_t
rbits_words_and(const uint64_t *a, const uint64_t *b)
{
	uint64_t c0 = 0, c1 = 0, c2 = 0, c3 = 0;

	for (int i = 0; i < RBITS_WORDS; i += 4) {
		c0 += (uint64_t)__builtin_popcountll(a[i] & b[i]);
		c1 += (uint64_t)__builtin_popcountll(a[i + 1] & b[i + 1]);
		c2 += (uint64_t)__builtin_popcountll(a[i + 2] & b[i + 2]);
		c3 += (uint64_t)__builtin_popcountll(a[i + 3] & b[i + 3]);
	}
	return c0 + c1 + c2 + c3;
}

/* Set bits [lo, hi] (inclusive, within one chunk) of w. */
static void
rbits_set_range(uint64_t *w, uint32_t lo, uint32_t hi)
{
	uint32_t a = lo >> 6, b = hi >> 6;
	uint64_t first = ~0ull << (lo & 63), last = ~0ull >> (63 - (hi & 63));

	if (a == b) {
		w[a] |= first & last;
		return;
	}
	w[a] |= first;
	for (uint32_t i = a + 1; i < b; i++)
		w[i] = ~0ull;
	w[b] |= last;
}

/* Count of the set bits [lo, hi] (inclusive, within one chunk) of w. */
__attribute__((target("popcnt")))
static uint64_t
rbits_count_range(const uint64_t *w, uint32_t lo, uint32_t hi)
{
	uint32_t a = lo >> 6, b = hi >> 6;
	uint64_t first = ~0ull << (lo & 63), last = ~0ull >> (63 - (hi & 63));
	uint64_t c;

	if (a == b)
		return (uint64_t)__builtin_popcountll(w[a] & first & last);
	c = (uint64_t)__builtin_popcountll(w[a] & first) +
	    (uint64_t)__builtin_popcountll(w[b] & last);
	for (uint32_t i = a + 1; i < b; i++)
		c += (uint64_t)__builtin_popcountll(w[i]);
	return c;
}

/* |w & c| for one container c of type t (unwrapped). */
__attribute__((target("popcnt")))
static uint64_t
rbits_chunk_and(const uint64_t *w, const void *c, uint8_t t)
{
	uint64_t n = 0;

	switch (t) {
	case BITSET_CONTAINER_TYPE_CODE:
		return rbits_words_and(w, ((const bitset_container_t *)c)->array);
	case ARRAY_CONTAINER_TYPE_CODE: {
		const array_container_t *ac = c;
		for (int32_t k = 0; k < ac->cardinality; k++) {
			uint16_t v = ac->array[k];
			n += (w[v >> 6] >> (v & 63)) & 1;
		}
		return n;
	}
	case RUN_CONTAINER_TYPE_CODE: {
		const run_container_t *rc = c;
		for (int32_t k = 0; k < rc->n_runs; k++)
			n += rbits_count_range(w, rc->runs[k].value,
			    (uint32_t)rc->runs[k].value + rc->runs[k].length);
		return n;
	}
	default:
		/* No other kind after unwrapping; a frozen view checks. */
		return 0;
	}
}

/* Whether w & c (one container of type t, unwrapped) has a bit. */
static bool
rbits_chunk_meets(const uint64_t *w, const void *c, uint8_t t)
{
	switch (t) {
	case BITSET_CONTAINER_TYPE_CODE: {
		const uint64_t *b = ((const bitset_container_t *)c)->array;
		for (int i = 0; i < RBITS_WORDS; i++)
			if (w[i] & b[i])
				return true;
		return false;
	}
	case ARRAY_CONTAINER_TYPE_CODE: {
		const array_container_t *ac = c;
		for (int32_t k = 0; k < ac->cardinality; k++) {
			uint16_t v = ac->array[k];
			if ((w[v >> 6] >> (v & 63)) & 1)
				return true;
		}
		return false;
	}
	case RUN_CONTAINER_TYPE_CODE: {
		const run_container_t *rc = c;
		for (int32_t k = 0; k < rc->n_runs; k++)
			if (rbits_count_range(w, rc->runs[k].value,
			    (uint32_t)rc->runs[k].value + rc->runs[k].length) > 0)
				return true;
		return false;
	}
	default:
		return false;
	}
}

uint64_t
rbits_and_cardinality(const roaring_bitmap_t *a, const roaring_bitmap_t *b)
{
	const roaring_array_t *ra = &a->high_low_container;
	const roaring_array_t *rb = &b->high_low_container;
	int32_t i = 0, j = 0;
	uint64_t card = 0;

	if (!rbits_fast())
		return roaring_bitmap_and_cardinality(a, b);
	while (i < ra->size && j < rb->size) {
		uint16_t ka = ra->keys[i], kb = rb->keys[j];

		if (ka < kb) {
			i++;
		} else if (ka > kb) {
			j++;
		} else {
			uint8_t ta = ra->typecodes[i], tb = rb->typecodes[j];
			const void *ca = container_unwrap_shared(ra->containers[i],
			    &ta);
			const void *cb = container_unwrap_shared(rb->containers[j],
			    &tb);

			if (ta == BITSET_CONTAINER_TYPE_CODE &&
			    tb == BITSET_CONTAINER_TYPE_CODE)
				card += rbits_words_and(
				    ((const bitset_container_t *)ca)->array,
				    ((const bitset_container_t *)cb)->array);
			else
				card += (uint64_t)container_and_cardinality(ca, ta,
				    cb, tb);
			i++;
			j++;
		}
	}
	return card;
}

void
rbits_dense_init(struct rbits_dense *d, const roaring_bitmap_t *r,
    uint32_t universe)
{
	const roaring_array_t *ra = &r->high_low_container;

	d->src = r;
	d->words = NULL;
	d->nchunks = (uint32_t)(((uint64_t)universe + 65535) >> 16);
	if (!rbits_fast() || d->nchunks == 0)
		return;
	d->words = xcalloc((size_t)d->nchunks * RBITS_WORDS, sizeof *d->words);
	for (int32_t i = 0; i < ra->size; i++) {
		uint8_t t = ra->typecodes[i];
		const void *c = container_unwrap_shared(ra->containers[i], &t);
		uint64_t *w;

		if (ra->keys[i] >= d->nchunks)
			continue;            /* not an id: nothing meets it */
		w = d->words + (size_t)ra->keys[i] * RBITS_WORDS;
		if (t == BITSET_CONTAINER_TYPE_CODE) {
			memcpy(w, ((const bitset_container_t *)c)->array,
			    RBITS_WORDS * sizeof *w);
		} else if (t == ARRAY_CONTAINER_TYPE_CODE) {
			const array_container_t *ac = c;
			for (int32_t k = 0; k < ac->cardinality; k++)
				w[ac->array[k] >> 6] |= 1ull << (ac->array[k] & 63);
		} else {
			const run_container_t *rc = c;
			for (int32_t k = 0; k < rc->n_runs; k++)
				rbits_set_range(w, rc->runs[k].value,
				    (uint32_t)rc->runs[k].value +
				    rc->runs[k].length);
		}
	}
}

uint64_t
rbits_dense_and_cardinality(const struct rbits_dense *d,
    const roaring_bitmap_t *b)
{
	const roaring_array_t *rb = &b->high_low_container;
	uint64_t card = 0;

	if (d->words == NULL)
		return roaring_bitmap_and_cardinality(d->src, b);
	for (int32_t j = 0; j < rb->size; j++) {
		uint8_t t = rb->typecodes[j];
		const void *c = container_unwrap_shared(rb->containers[j], &t);

		if (rb->keys[j] < d->nchunks)
			card += rbits_chunk_and(d->words +
			    (size_t)rb->keys[j] * RBITS_WORDS, c, t);
	}
	return card;
}

bool
rbits_dense_intersects(const struct rbits_dense *d, const roaring_bitmap_t *b)
{
	const roaring_array_t *rb = &b->high_low_container;

	if (d->words == NULL)
		return roaring_bitmap_intersect(d->src, b);
	for (int32_t j = 0; j < rb->size; j++) {
		uint8_t t = rb->typecodes[j];
		const void *c = container_unwrap_shared(rb->containers[j], &t);

		if (rb->keys[j] < d->nchunks && rbits_chunk_meets(d->words +
		    (size_t)rb->keys[j] * RBITS_WORDS, c, t))
			return true;
	}
	return false;
}

#else

uint64_t
rbits_and_cardinality(const roaring_bitmap_t *a, const roaring_bitmap_t *b)
{
	return roaring_bitmap_and_cardinality(a, b);
}

void
rbits_dense_init(struct rbits_dense *d, const roaring_bitmap_t *r,
    uint32_t universe)
{
	(void)universe;
	d->src = r;
	d->words = NULL;
	d->nchunks = 0;
}

uint64_t
rbits_dense_and_cardinality(const struct rbits_dense *d,
    const roaring_bitmap_t *b)
{
	return roaring_bitmap_and_cardinality(d->src, b);
}

bool
rbits_dense_intersects(const struct rbits_dense *d, const roaring_bitmap_t *b)
{
	return roaring_bitmap_intersect(d->src, b);
}

#endif

void
rbits_dense_free(struct rbits_dense *d)
{
	free(d->words);
	d->words = NULL;
}
