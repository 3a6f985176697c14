/*
 * packed.h - how a record line is stored in the index: a zstd frame
 * compressed with a dictionary trained at build time on a sample of the
 * input's own records (stored in the index's meta table).
 *
 * A record is 1-8 KB of JSON; stored as is, most need LMDB overflow
 * pages (4 KB each, mostly empty). Packed, a typical record is a fifth
 * of that and sits inside a leaf page. zstd with a trained dictionary
 * compresses these lines about 3x faster than zlib's deflate with a
 * fixed preset dictionary did, decompresses 2-3x faster and is ~25 %
 * smaller (measured in bench/README.md, issue 13).
 *
 * The compression dictionary is shared read-only by the build's worker
 * threads; each thread and each catalog handle has its own context.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* The largest dictionary a reader accepts (it is read from a file). */
#define PACKED_DICT_MAX (1u << 20)

/* A dictionary, ready to compress with (shared by threads, read-only). */
struct packed_dict;

/*
 * Train a dictionary on n sample lines (concatenated in samples, sizes[i]
 * bytes each) into out. Too few or too alike samples for training: the
 * built-in dictionary of the record format's keys. Never fails.
 */
void packed_train(const char *samples, const size_t *sizes, size_t n,
    struct buf *out);

/* Ready dict[0..len) (copied) for compressing. */
struct packed_dict *packed_dict_new(const void *dict, size_t len);
void packed_dict_free(struct packed_dict *d);

/* A compressing context, one per thread. */
struct packed {
	void *cctx;
};

/* Compress s[0..len) with d into out (replacing its contents). */
void packed_compress(struct packed *p, const struct packed_dict *d,
    const char *s, size_t len, struct buf *out);
void packed_fini(struct packed *p);

/* A decompressing context and the index's dictionary, one per handle. */
struct packed_reader {
	void *dctx;
	void *ddict;
};

/*
 * Ready r for the dictionary dict[0..len) (read from the index; copied).
 * False when it is not usable.
 */
bool packed_reader_init(struct packed_reader *r, const void *dict,
    size_t len);
void packed_reader_fini(struct packed_reader *r);

/*
 * Decompress data[0..len) that packs exactly raw_len bytes into out
 * (raw_len + 1 bytes, NUL-terminated). False if the data is damaged.
 */
bool packed_decompress(struct packed_reader *r, const void *data, size_t len,
    size_t raw_len, char *out);
