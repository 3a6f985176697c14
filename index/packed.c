#include "packed.h"

#include <stdint.h>
#include <string.h>

#include "xmalloc.h"

/*
 * Deflate looks back into the dictionary, nearest matches cheapest: the
 * most frequent strings (a label's keys, a box) are at the end.
 */
static const char packed_dictionary[] =
    "{\"uuid\":\"\",\"timestamp\":\"2024-01-01T00:00:00.000Z\","
    "\"productTypes\":[\"Dress_pants\",\"T-shirt\",\"Sneakers\",\"Jeans\"],"
    "\"colors\":[\"black\",\"white\",\"blue\",\"grey\",\"beige\"],"
    "\"brands\":[],\"sizes\":[\"XS\",\"S\",\"M\",\"L\",\"XL\",\"W32\",\"L32\"],"
    "\"images\":[{\"name\":\"image-0.jpg\",\"path\":\"images/\",\"bytes\":"
    ",\"width\":3024,\"height\":4032,\"labels\":[{\"name\":\"Clothing\","
    "\"confidence\":100.0,\"boxes\":[]},{\"name\":\"Apparel\",\"confidence\":99."
    ",\"boxes\":[]},{\"name\":\"Person\",\"confidence\":9"
    ",\"boxes\":[]},{\"name\":\"Pants\",\"confidence\":8"
    ",\"boxes\":[]},{\"name\":\"Text\",\"confidence\":7"
    ",\"boxes\":[]},{\"name\":\"Label\",\"confidence\":6"
    ",\"boxes\":[]},{\"name\":\"Sleeve\",\"confidence\":5"
    "\"text\":[{\"text\":\"\",\"confidence\":9"
    ",\"box\":{\"left\":0.1,\"top\":0.2,\"width\":0.0,\"height\":0.0}}"
    "\"name\":\"image-1.jpg\",\"path\":\"images/\",\"bytes\":"
    ",\"width\":1200,\"height\":1600,\"labels\":[{\"name\":\"\",\"confidence\":"
    ",\"boxes\":[{\"left\":0.,\"top\":0.,\"width\":0.,\"height\":0.}]}"
    ",{\"name\":\"\",\"confidence\":";

/* Compress a record with the preset dictionary, reusing p's stream. */
void
packed_deflate(struct packed *p, const char *s, size_t len, struct buf *out)
{
	uLong bound;
	int rc;

	if (!p->ready) {
		memset(&p->z, 0, sizeof p->z);
		/* Level 1: most of the ratio for a fraction of level 6's time. */
		if (deflateInit2(&p->z, 1, Z_DEFLATED, -15, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			fatal("zlib: cannot start a compressor");
		p->ready = true;
	} else
		deflateReset(&p->z);
	deflateSetDictionary(&p->z, (const Bytef *)packed_dictionary,
	    sizeof packed_dictionary - 1);
	bound = deflateBound(&p->z, (uLong)len);
	out->len = 0;
	buf_reserve(out, bound);
	p->z.next_in = (Bytef *)(uintptr_t)s;
	p->z.avail_in = (uInt)len;
	p->z.next_out = (Bytef *)out->data;
	p->z.avail_out = (uInt)bound;
	rc = deflate(&p->z, Z_FINISH);
	if (rc != Z_STREAM_END)
		fatal("zlib: compressing a record failed (%d)", rc);
	out->len = bound - p->z.avail_out;
}

/* Free p's compressor, if one was ever started. */
void
packed_fini(struct packed *p)
{
	if (p->ready)
		deflateEnd(&p->z);
	p->ready = false;
}

/* Decompress a stored record into the caller's raw_len + 1 bytes. */
bool
packed_inflate(const void *data, size_t len, size_t raw_len, char *out)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, -15) != Z_OK)
		return false;
	if (inflateSetDictionary(&z, (const Bytef *)packed_dictionary,
	    sizeof packed_dictionary - 1) != Z_OK) {
		inflateEnd(&z);
		return false;
	}
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)raw_len;
	rc = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	if (rc != Z_STREAM_END || z.total_out != raw_len)
		return false;
	out[raw_len] = '\0';
	return true;
}
