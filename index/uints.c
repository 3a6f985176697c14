/*
 * uints.c - packing columns of unsigned integers at a narrow width
 * (uints.h).
 */
#include "uints.h"

#include <string.h>

#include "xmalloc.h"

unsigned
uints_width(uint64_t max)
{
	if (max <= UINT8_MAX)
		return 1;
	if (max <= UINT16_MAX)
		return 2;
	if (max <= UINT32_MAX)
		return 4;
	return 8;
}

void *
uints_pack(const void *src, unsigned src_width, size_t n, unsigned width)
{
	unsigned char *out = xmalloc(n * width + 1);

	for (size_t i = 0; i < n; i++) {
		uint64_t v;
		if (src_width == 8)
			v = ((const uint64_t *)src)[i];
		else
			v = ((const uint32_t *)src)[i];
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		memcpy(out + i * width, &v, width);
#else
		for (unsigned k = 0; k < width; k++)
			out[i * width + k] = (unsigned char)(v >> (8 * k));
#endif
	}
	return out;
}
