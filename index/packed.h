/*
 * packed.h - how a record line is stored in the index: raw deflate with
 * a preset dictionary of the record format's keys and common values.
 *
 * A record is 1-8 KB of JSON; stored as is, most need LMDB overflow
 * pages (4 KB each, mostly empty), which made the index 1.6x the JSON.
 * Packed, a typical record is a quarter of that and sits inside a leaf
 * page. The dictionary is part of the index format (schema version).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <zlib.h>

#include "buf.h"

struct packed {
	z_stream z;
	bool ready;
};

/* Compress s[0..len) into out (replacing its contents). */
void packed_deflate(struct packed *p, const char *s, size_t len,
    struct buf *out);
void packed_fini(struct packed *p);

/*
 * Decompress data[0..len) that packs exactly raw_len bytes into out
 * (raw_len + 1 bytes, NUL-terminated). False if the data is damaged.
 */
bool packed_inflate(const void *data, size_t len, size_t raw_len, char *out);
