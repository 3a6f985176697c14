/*
 * uints.h - columns of unsigned integers stored at the narrowest width
 * that holds the largest value they may hold: 1, 2, 4 or 8 bytes each,
 * little-endian (layout.h names the columns written this way). A query
 * faults in the pages of the per-item columns it reads, and tearing the
 * mapping down at exit costs as much again: a type id that fits a byte
 * should take one page in four, not four in four.
 *
 * The reader finds the width from the column's size and its known count;
 * the writer packs with uints_pack(). Nothing here allocates but that.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* A read column: n values of width bytes, aligned for that width. */
struct uints {
	const void *p;
	unsigned width;              /* 1, 2, 4 or 8 */
	uint64_t n;
};

/* Value i of c (i < c->n). */
static inline uint64_t
uints_at(const struct uints *c, uint64_t i)
{
	switch (c->width) {
	case 1:
		return ((const uint8_t *)c->p)[i];
	case 2:
		return ((const uint16_t *)c->p)[i];
	case 4:
		return ((const uint32_t *)c->p)[i];
	default:
		return ((const uint64_t *)c->p)[i];
	}
}

/* Where value i of c lies (for a prefetch). */
static inline const void *
uints_addr(const struct uints *c, uint64_t i)
{
	return (const char *)c->p + i * c->width;
}

/* The largest value width bytes hold (all ones). */
static inline uint64_t
uints_ones(unsigned width)
{
	return width >= 8 ? UINT64_MAX : ((uint64_t)1 << (8 * width)) - 1;
}

/* The narrowest of 1, 2, 4 and 8 bytes that holds max. */
unsigned uints_width(uint64_t max);
/*
 * src[0..n), each src_width (4 or 8) bytes in host order, packed at width
 * bytes little-endian, each value cut to its low bytes (a value that does
 * not fit width becomes its all-ones marker only if it was all ones: the
 * caller picks width with uints_width). Returns a buffer the caller frees.
 */
void *uints_pack(const void *src, unsigned src_width, size_t n,
    unsigned width);
