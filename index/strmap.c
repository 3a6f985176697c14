#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define STRMAP_CHUNK (1u << 20)

/* Start m empty; the table and arena come with the first insert. */
void
strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
}

/* Free the table and every interned key; m is left empty. */
void
strmap_fini(struct strmap *m)
{
	for (size_t i = 0; i < m->nchunks; i++)
		free(m->chunks[i]);
	free(m->chunks);
	free(m->slots);
	strmap_init(m);
}

/* FNV-1a: short keys, good enough spread, no state. */
static uint32_t
strmap_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* Copy s into m's arena; the copy lives, unmoved, as long as m. */
const char *
strmap_intern(struct strmap *m, const char *s, size_t len)
{
	char *p;

	if (m->nchunks == 0 || m->chunk_size - m->chunk_used < len + 1) {
		size_t size = len + 1 > STRMAP_CHUNK ? len + 1 : STRMAP_CHUNK;
		m->chunks = xreallocarray(m->chunks, m->nchunks + 1,
		    sizeof *m->chunks);
		m->chunks[m->nchunks++] = xmalloc(size);
		m->chunk_size = size;
		m->chunk_used = 0;
	}
	p = m->chunks[m->nchunks - 1] + m->chunk_used;
	memcpy(p, s, len);
	p[len] = '\0';
	m->chunk_used += len + 1;
	return p;
}

/* Double the table and reinsert every entry. */
static void
strmap_grow(struct strmap *m)
{
	size_t n = m->nslots == 0 ? 64 : m->nslots * 2;
	struct strmap_entry *slots = xcalloc(n, sizeof *slots);

	for (size_t i = 0; i < m->nslots; i++) {
		struct strmap_entry *e = &m->slots[i];
		size_t j;
		if (e->key == NULL)
			continue;
		for (j = e->hash & (n - 1); slots[j].key != NULL; j = (j + 1) & (n - 1))
			;
		slots[j] = *e;
	}
	free(m->slots);
	m->slots = slots;
	m->nslots = n;
}

/* Look key up without inserting it. */
const struct strmap_entry *
strmap_get(const struct strmap *m, const char *key, size_t len)
{
	uint32_t h;

	if (m->nslots == 0)
		return NULL;
	h = strmap_hash(key, len);
	for (size_t j = h & (m->nslots - 1);; j = (j + 1) & (m->nslots - 1)) {
		const struct strmap_entry *e = &m->slots[j];
		if (e->key == NULL)
			return NULL;
		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
			return e;
	}
}

/*
 * Empty m for reuse: a map filled and emptied once per record must not
 * allocate its table and its 1 MB arena chunk each time.
 */
void
strmap_clear(struct strmap *m)
{
	if (m->count > 0)
		memset(m->slots, 0, m->nslots * sizeof *m->slots);
	m->count = 0;
	m->chunk_used = 0;
	/* One chunk: chunk_size is its size, keep it; more: start afresh. */
	if (m->nchunks > 1) {
		while (m->nchunks > 0)
			free(m->chunks[--m->nchunks]);
		m->chunk_size = 0;
	}
}

/* Find or insert key (copied into m), growing the table at 3/4 load. */
struct strmap_entry *
strmap_put(struct strmap *m, const char *key, size_t len, uint64_t value,
    bool *inserted)
{
	uint32_t h;
	size_t j;

	if ((m->count + 1) * 4 >= m->nslots * 3)
		strmap_grow(m);
	h = strmap_hash(key, len);
	for (j = h & (m->nslots - 1);; j = (j + 1) & (m->nslots - 1)) {
		struct strmap_entry *e = &m->slots[j];
		if (e->key == NULL)
			break;
		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0) {
			*inserted = false;
			return e;
		}
	}
	m->slots[j].key = strmap_intern(m, key, len);
	m->slots[j].len = (uint32_t)len;
	m->slots[j].hash = h;
	m->slots[j].value = value;
	m->count++;
	*inserted = true;
	return &m->slots[j];
}
