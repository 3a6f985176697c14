/*
 * strmap.h - an open-addressing hash map from byte strings to uint64
 * values, with the keys copied into an arena the map owns. Used to
 * intern values and to find duplicate uuids during a build.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
	const char *key;        /* in the map's arena, NUL-terminated */
	uint32_t len;
	uint32_t hash;
	uint64_t value;
};

struct strmap {
	struct strmap_entry *slots;
	size_t nslots, count;
	/* The key arena: a list of chunks, never moved once written. */
	char **chunks;
	size_t nchunks, chunk_used, chunk_size;
};

void strmap_init(struct strmap *m);
void strmap_fini(struct strmap *m);

/*
 * Find key; if absent insert it with value `value`. Returns the entry
 * (valid until the next insert) and sets *inserted.
 */
struct strmap_entry *strmap_put(struct strmap *m, const char *key, size_t len,
    uint64_t value, bool *inserted);
/* The entry of key, or NULL when it is absent (valid until the next insert). */
const struct strmap_entry *strmap_get(const struct strmap *m, const char *key,
    size_t len);
/* Forget every key, keeping the table and the first arena chunk for reuse. */
void strmap_clear(struct strmap *m);
/* Copy bytes into the map's arena (NUL-terminated); lives as long as m. */
const char *strmap_intern(struct strmap *m, const char *s, size_t len);
