/*
 * packed.c - records stored as zstd frames with a trained dictionary
 * (see packed.h).
 */
#include "packed.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ZDICT_STATIC_LINKING_ONLY     /* the fastCover trainer's parameters */
#include <zdict.h>
#include <zstd.h>

#include "xmalloc.h"

/*
 * When there is nothing to train on (a handful of records): the record
 * format's keys and common values as a raw-content dictionary. zstd, like
 * deflate, finds matches nearest the end cheapest: the most frequent
 * strings (a label's keys, a box) are last.
 */
static const char packed_builtin[] =
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

/* Dictionary size: most of the gain of larger ones, trained in ~50 ms. */
#define PACKED_DICT_SIZE 32768
/* Level 1 with a dictionary: zstd's fastest, and already smaller than deflate. */
#define PACKED_LEVEL 1

void
packed_train(const char *samples, const size_t *sizes, size_t n,
    struct buf *out)
{
	ZDICT_fastCover_params_t params;
	size_t got = 0;

	out->len = 0;
	/* zdict wants at least a few samples per kilobyte of dictionary. */
	if (n >= 64) {
		memset(&params, 0, sizeof params);
		params.k = 200;
		params.d = 8;
		params.f = 20;
		params.accel = 1;
		params.nbThreads = 1;
		params.zParams.compressionLevel = PACKED_LEVEL;
		buf_reserve(out, PACKED_DICT_SIZE);
		got = ZDICT_trainFromBuffer_fastCover(out->data, PACKED_DICT_SIZE,
		    samples, sizes, (unsigned)n, params);
		if (ZDICT_isError(got))
			got = 0;
	}
	if (got == 0) {
		buf_add(out, packed_builtin, sizeof packed_builtin - 1);
		return;
	}
	out->len = got;
}

struct packed_dict {
	ZSTD_CDict *cdict;
};

struct packed_dict *
packed_dict_new(const void *dict, size_t len)
{
	struct packed_dict *d = xcalloc(1, sizeof *d);

	d->cdict = ZSTD_createCDict(dict, len, PACKED_LEVEL);
	if (d->cdict == NULL)
		fatal("zstd: cannot load the record dictionary");
	return d;
}

void
packed_dict_free(struct packed_dict *d)
{
	if (d == NULL)
		return;
	ZSTD_freeCDict(d->cdict);
	free(d);
}

/* Compress a record with the dictionary, reusing p's context. */
void
packed_compress(struct packed *p, const struct packed_dict *d,
    const char *s, size_t len, struct buf *out)
{
	size_t bound = ZSTD_compressBound(len), n;

	if (p->cctx == NULL && (p->cctx = ZSTD_createCCtx()) == NULL)
		fatal("zstd: cannot start a compressor");
	out->len = 0;
	buf_reserve(out, bound);
	n = ZSTD_compress_usingCDict(p->cctx, out->data, bound, s, len,
	    d->cdict);
	if (ZSTD_isError(n))
		fatal("zstd: compressing a record failed (%s)",
		    ZSTD_getErrorName(n));
	out->len = n;
}

/* Free p's compressor, if one was ever started. */
void
packed_fini(struct packed *p)
{
	ZSTD_freeCCtx(p->cctx);
	p->cctx = NULL;
}

bool
packed_reader_init(struct packed_reader *r, const void *dict, size_t len)
{
	memset(r, 0, sizeof *r);
	if (len == 0 || len > PACKED_DICT_MAX)
		return false;
	/* A trained dictionary is checked by zstd; raw content is any bytes. */
	r->ddict = ZSTD_createDDict(dict, len);
	r->dctx = ZSTD_createDCtx();
	if (r->ddict == NULL || r->dctx == NULL) {
		packed_reader_fini(r);
		return false;
	}
	return true;
}

void
packed_reader_fini(struct packed_reader *r)
{
	ZSTD_freeDDict(r->ddict);
	ZSTD_freeDCtx(r->dctx);
	memset(r, 0, sizeof *r);
}

/* Decompress a stored record into the caller's raw_len + 1 bytes. */
bool
packed_decompress(struct packed_reader *r, const void *data, size_t len,
    size_t raw_len, char *out)
{
	size_t n;

	/* The frame says its size: it must be the stored length. */
	if (ZSTD_getFrameContentSize(data, len) != (unsigned long long)raw_len)
		return false;
	n = ZSTD_decompress_usingDDict(r->dctx, out, raw_len, data, len,
	    r->ddict);
	if (ZSTD_isError(n) || n != raw_len)
		return false;
	out[raw_len] = '\0';
	return true;
}
