#include "ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>
#include <zlib.h>

#include "buf.h"
#include "cause.h"
#include "fields.h"
#include "fold.h"
#include "jarena.h"
#include "packed.h"
#include "record.h"
#include "xmalloc.h"

#define INGEST_CHUNK (64u << 20)     /* shard arena chunk */
#define INGEST_READ (1u << 20)       /* bytes read from disk at a time */
#define INGEST_BATCH (4u << 20)      /* bytes of lines handed to a worker */

struct ingest_batch {
	uint32_t file;
	uint32_t first_line;
	uint16_t root;
	char *data;                  /* owned */
	size_t len;
};

struct ingest_ctx {
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	struct ingest_batch *ring;
	size_t cap, head, count;
	bool closed;
	atomic_uint_fast64_t records;
	atomic_uint_fast64_t json_bytes;
	const struct packed_dict *dict; /* the records' dictionary, shared */
};

struct ingest_worker {
	pthread_t thread;
	struct ingest_ctx *ctx;
	struct ingest_shard *shard;
	struct record rec;
	struct jarena arena;         /* the record trees' memory */
	struct packed pack;          /* compresses lines for storage */
	struct buf packbuf;
	struct buf fold;
	struct buf brand;            /* the folded top-1 brand of this record */
	struct strmap words;         /* its words (ocr:brand), cleared per record */
	uint32_t *tmp_ids;
	double *tmp_confs;
	size_t tmp_cap;
	/*
	 * For lines with many values: where local id v sits in tmp_ids, valid
	 * when seen_gen[v] == gen (one generation per ingest_distinct call).
	 */
	uint32_t *seen_gen, *seen_pos;
	size_t seen_cap;
	uint32_t gen;
};

/* ---- shard arena and dictionaries ---- */

/* Copy data into the shard's arena; returns chunk << 32 | offset. */
static uint64_t
ingest_arena_put(struct ingest_shard *sh, const void *data, size_t len)
{
	char *p;

	if (sh->nchunks == 0 || INGEST_CHUNK - sh->chunk_used < len) {
		sh->chunks = xreallocarray(sh->chunks, sh->nchunks + 1,
		    sizeof *sh->chunks);
		sh->chunks[sh->nchunks++] = xmalloc(INGEST_CHUNK);
		sh->chunk_used = 0;
	}
	p = sh->chunks[sh->nchunks - 1] + sh->chunk_used;
	if (len != 0)
		memcpy(p, data, len);
	sh->chunk_used += len;
	return ((uint64_t)(sh->nchunks - 1) << 32) | (p - sh->chunks[sh->nchunks - 1]);
}

/* Resolve an arena location; the bytes live as long as the shard. */
const char *
ingest_shard_at(const struct ingest_shard *s, uint64_t loc)
{
	return s->chunks[loc >> 32] + (loc & 0xffffffffu);
}

/* Intern a folded value with one of its spellings; returns the local id. */
static uint32_t
ingest_dict_intern(struct ingest_dict *d, const char *folded, size_t flen,
    const char *spelling, size_t slen)
{
	struct strmap_entry *e;
	bool inserted;
	uint32_t id;

	e = strmap_put(&d->map, folded, flen, d->n, &inserted);
	id = (uint32_t)e->value;
	if (inserted) {
		if (d->n == d->cap) {
			d->cap = d->cap == 0 ? 256 : d->cap * 2;
			d->folded = xreallocarray(d->folded, d->cap, sizeof *d->folded);
			d->folded_len = xreallocarray(d->folded_len, d->cap,
			    sizeof *d->folded_len);
			d->spelling = xreallocarray(d->spelling, d->cap,
			    sizeof *d->spelling);
			d->spelling_len = xreallocarray(d->spelling_len, d->cap,
			    sizeof *d->spelling_len);
		}
		d->folded[id] = e->key;
		d->folded_len[id] = e->len;
		d->spelling[id] = strmap_intern(&d->map, spelling, slen);
		d->spelling_len[id] = (uint32_t)slen;
		d->n++;
	} else if (slen != d->spelling_len[id] ||
	    memcmp(spelling, d->spelling[id], slen) != 0) {
		/* Keep the smallest spelling so the choice is thread-independent. */
		size_t n = slen < d->spelling_len[id] ? slen : d->spelling_len[id];
		int c = memcmp(spelling, d->spelling[id], n);
		if (c < 0 || (c == 0 && slen < d->spelling_len[id])) {
			d->spelling[id] = strmap_intern(&d->map, spelling, slen);
			d->spelling_len[id] = (uint32_t)slen;
		}
	}
	return id;
}

/* Free a shard dictionary and its interned strings. */
static void
ingest_dict_fini(struct ingest_dict *d)
{
	strmap_fini(&d->map);
	free(d->folded);
	free(d->folded_len);
	free(d->spelling);
	free(d->spelling_len);
	memset(d, 0, sizeof *d);
}

/* Append a rejected line; takes ownership of reason. */
static void
ingest_reject_push(struct ingest_reject **arr, size_t *n, size_t *cap,
    uint64_t seq, char *reason)
{
	if (*n == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		*arr = xreallocarray(*arr, *cap, sizeof **arr);
	}
	(*arr)[*n].seq = seq;
	(*arr)[*n].reason = reason;
	(*n)++;
}

/* ---- parsing one line ---- */

/* Up to this many values per list, duplicates are found by a linear scan. */
#define INGEST_SCAN_MAX 64

/* Fold values[0..n) into local ids, keep the best confidence per id. */
static size_t
ingest_distinct(struct ingest_worker *w, struct ingest_dict *d,
    const struct record_value *values, size_t n, bool *brand_in_text)
{
	size_t k = 0;

	if (n > INGEST_SCAN_MAX && ++w->gen == 0) {
		/* Generations wrapped: forget every old mark. */
		memset(w->seen_gen, 0, w->seen_cap * sizeof *w->seen_gen);
		w->gen = 1;
	}
	if (n > w->tmp_cap) {
		w->tmp_cap = n;
		w->tmp_ids = xreallocarray(w->tmp_ids, n, sizeof *w->tmp_ids);
		w->tmp_confs = xreallocarray(w->tmp_confs, n, sizeof *w->tmp_confs);
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t id;
		size_t j;

		w->fold.len = 0;
		if (!fold_append(&w->fold, values[i].s, values[i].len))
			continue; /* unreachable: the line was valid UTF-8 */
		if (brand_in_text != NULL && w->brand.len != 0 &&
		    w->fold.len == w->brand.len &&
		    memcmp(w->fold.data, w->brand.data, w->fold.len) == 0)
			*brand_in_text = true;
		id = ingest_dict_intern(d, w->fold.data, w->fold.len,
		    values[i].s, values[i].len);
		if (n <= INGEST_SCAN_MAX) {
			/* Items have tens of values: a linear scan beats hashing. */
			for (j = 0; j < k && w->tmp_ids[j] != id; j++)
				;
		} else {
			/* A line with 100k labels must not be quadratic. */
			if (id >= w->seen_cap) {
				size_t cap = w->seen_cap * 2 > (size_t)id + 1 ?
				    w->seen_cap * 2 : (size_t)id + 1;
				w->seen_gen = xreallocarray(w->seen_gen, cap,
				    sizeof *w->seen_gen);
				w->seen_pos = xreallocarray(w->seen_pos, cap,
				    sizeof *w->seen_pos);
				memset(w->seen_gen + w->seen_cap, 0,
				    (cap - w->seen_cap) * sizeof *w->seen_gen);
				w->seen_cap = cap;
			}
			if (w->seen_gen[id] == w->gen)
				j = w->seen_pos[id];
			else {
				j = k;
				w->seen_gen[id] = w->gen;
				w->seen_pos[id] = (uint32_t)k;
			}
		}
		if (j == k) {
			w->tmp_ids[k] = id;
			w->tmp_confs[k++] = values[i].confidence;
		} else if (values[i].confidence > w->tmp_confs[j])
			w->tmp_confs[j] = values[i].confidence;
	}
	return k;
}

/* Append n (value id, confidence) pairs to the shard's arrays. */
static void
ingest_pairs_push(struct ingest_shard *sh, const uint32_t *ids,
    const double *confs, size_t n)
{
	if (n == 0)
		return;
	if (sh->npairs + n > sh->pairs_cap) {
		while (sh->npairs + n > sh->pairs_cap)
			sh->pairs_cap = sh->pairs_cap == 0 ? 4096 : sh->pairs_cap * 2;
		sh->pair_values = xreallocarray(sh->pair_values, sh->pairs_cap,
		    sizeof *sh->pair_values);
		sh->pair_confs = xreallocarray(sh->pair_confs, sh->pairs_cap,
		    sizeof *sh->pair_confs);
	}
	memcpy(sh->pair_values + sh->npairs, ids, n * sizeof *ids);
	memcpy(sh->pair_confs + sh->npairs, confs, n * sizeof *confs);
	sh->npairs += n;
}

/* Intern one derived value (ASCII, already folded) and push its pair; returns 1. */
static uint32_t
ingest_pair_one(struct ingest_shard *sh, struct ingest_dict *d,
    const char *value, double conf)
{
	uint32_t id = ingest_dict_intern(d, value, strlen(value), value,
	    strlen(value));

	ingest_pairs_push(sh, &id, &conf, 1);
	return 1;
}

/* Is code point c a separator for the words of a brand (Python's str.split)? */
static bool
ingest_is_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) ||
	    c == 0x85 || c == 0xa0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000;
}

/* The code point at s[*i] (the line was valid UTF-8); advance *i past it. */
static uint32_t
ingest_utf8(const unsigned char *s, size_t len, size_t *i)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate(s + *i, (utf8proc_ssize_t)(len - *i),
	    &cp);

	if (n <= 0) {
		(*i)++;
		return 0xfffd;
	}
	*i += (size_t)n;
	return (uint32_t)cp;
}

/*
 * The confidence at which the item's folded top-1 brand (w->brand) is read
 * in its OCR text: the best confidence of a fragment equal to the brand,
 * or, when every whitespace-separated word of the brand is a fragment, the
 * lowest of those words' best confidences -- whichever is higher. So
 * ocr:brand at threshold t is "confidence >= t". -1: not read, or no
 * brand. ids/confs: the item's distinct text fragments (local ids).
 * Linear in the brand's length and the fragments: the words in a map.
 */
static double
ingest_ocr_brand(struct ingest_worker *w, const struct ingest_dict *d,
    const uint32_t *ids, const double *confs, size_t n)
{
	const char *b = w->brand.data;
	size_t len = w->brand.len, i = 0, nwords;
	double whole = -1, words = 101, *best;

	if (len == 0)
		return -1;
	/* The distinct words of the brand, numbered in w->words. */
	strmap_clear(&w->words);
	while (i < len) {
		size_t start = i, end;
		bool inserted;
		if (ingest_is_space(ingest_utf8((const unsigned char *)b, len, &i)))
			continue;
		for (end = i; i < len;) {
			if (ingest_is_space(ingest_utf8((const unsigned char *)b, len,
			    &i)))
				break;
			end = i;
		}
		strmap_put(&w->words, b + start, end - start, w->words.count,
		    &inserted);
	}
	nwords = w->words.count;
	best = xmalloc((nwords + 1) * sizeof *best);
	for (size_t k = 0; k < nwords; k++)
		best[k] = -1;
	for (size_t k = 0; k < n; k++) {
		const char *f = d->folded[ids[k]];
		size_t flen = d->folded_len[ids[k]];
		const struct strmap_entry *e = strmap_get(&w->words, f, flen);
		if (flen == len && memcmp(f, b, len) == 0 && confs[k] > whole)
			whole = confs[k];
		if (e != NULL && confs[k] > best[e->value])
			best[e->value] = confs[k];
	}
	for (size_t k = 0; k < nwords; k++)
		if (best[k] < words)
			words = best[k];
	if (nwords == 0 || words > 100)
		words = -1;
	free(best);
	return whole > words ? whole : words;
}

/* Parse one line into w's own shard (no lock), or reject it there. */
static void
ingest_line(struct ingest_worker *w, uint32_t file, uint32_t line,
    const char *s, size_t len, uint16_t root)
{
	struct ingest_shard *sh = w->shard;
	struct record *r = &w->rec;
	struct ingest_item *it;
	char *reason = NULL;
	bool brand_in_text = false;
	size_t i, k, text_first = 0;
	struct buf paths;

	if (len > 0 && s[len - 1] == '\r')
		len--;
	for (i = 0; i < len; i++) {
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			break;
	}
	if (i == len)
		return; /* empty lines are skipped and not counted */
	sh->lines++;
	sh->json_bytes += len;
	/* The previous tree is gone (record_clear): recycle its memory. */
	jarena_reset(&w->arena);
	jarena_use(&w->arena);
	if (!record_parse(r, s, len, &reason)) {
		record_clear(r);
		jarena_use(NULL);
		ingest_reject_push(&sh->rejects, &sh->nrejects, &sh->rejects_cap,
		    ((uint64_t)file << 32) | line, reason);
		return;
	}
	if (sh->nitems == sh->items_cap) {
		sh->items_cap = sh->items_cap == 0 ? 1024 : sh->items_cap * 2;
		sh->items = xreallocarray(sh->items, sh->items_cap, sizeof *sh->items);
	}
	if (r->json != NULL)
		sh->tree_lines++; /* the scanner was not sure: jansson read it */
	it = &sh->items[sh->nitems++];
	memset(it, 0, sizeof *it);
	it->seq = ((uint64_t)file << 32) | line;
	it->ts_ms = r->ts_ms;
	it->root = root;
	it->uuid_len = (uint8_t)r->uuid_len;
	memcpy(it->uuid, r->uuid, r->uuid_len);
	it->uuid[r->uuid_len] = '\0';

	w->brand.len = 0;
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++) {
		it->top[f] = INGEST_NONE;
		if (r->top[f] == NULL)
			continue;
		w->fold.len = 0;
		if (!fold_append(&w->fold, r->top[f], r->top_len[f]))
			continue;
		if (catalog_prediction_field((int)f) == CATALOG_BRAND)
			buf_add(&w->brand, w->fold.data, w->fold.len);
		it->top[f] = ingest_dict_intern(&sh->dicts[catalog_field_desc(
		    catalog_prediction_field((int)f))->store], w->fold.data,
		    w->fold.len, r->top[f], r->top_len[f]);
	}

	/* Pairs for every stored field that has many values per item. */
	it->pairs_off = sh->npairs;
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *fd =
		    catalog_field_desc((enum catalog_field)f);
		struct ingest_dict *d = &sh->dicts[fd->store >= 0 ? fd->store : 0];
		const struct record_value *values;
		size_t n;

		switch (fd->kind) {
		case CATALOG_KIND_SCORED:
			values = r->labels;
			n = r->nlabels;
			break;
		case CATALOG_KIND_TEXT:
			values = r->texts;
			n = r->ntexts;
			text_first = sh->npairs;
			break;
		case CATALOG_KIND_RANKED:
			values = r->ranked[fd->prediction];
			n = r->nranked[fd->prediction];
			break;
		case CATALOG_KIND_HOUR: {
			char h[3];
			fields_hour_value(fields_hour(r->ts_ms), h);
			it->npairs[fd->store] = ingest_pair_one(sh, d, h, 0);
			continue;
		}
		case CATALOG_KIND_WEEKDAY:
			it->npairs[fd->store] = ingest_pair_one(sh, d,
			    fields_weekday_name(fields_weekday(r->ts_ms)), 0);
			continue;
		case CATALOG_KIND_OCR: {
			/* After the text row: the table puts text first. */
			double c = ingest_ocr_brand(w, &sh->dicts[INGEST_DICT_TEXT],
			    sh->pair_values + text_first, sh->pair_confs + text_first,
			    it->npairs[INGEST_DICT_TEXT]);
			it->npairs[fd->store] = c < 0 ? 0 :
			    ingest_pair_one(sh, d, FIELDS_OCR_VALUE, c);
			continue;
		}
		default:
			continue;
		}
		k = ingest_distinct(w, d, values, n,
		    fd->kind == CATALOG_KIND_TEXT ? &brand_in_text : NULL);
		ingest_pairs_push(sh, w->tmp_ids, w->tmp_confs, k);
		it->npairs[fd->store] = (uint32_t)k;
	}
	if (brand_in_text)
		it->flags |= INGEST_FLAG_BRAND_IN_TEXT;

	it->nphotos = (uint32_t)r->nphotos;
	buf_init(&paths);
	for (i = 0; i < r->nphotos; i++) {
		uint32_t plen = (uint32_t)r->photos[i].path_len;
		buf_add(&paths, &plen, sizeof plen);
		buf_add(&paths, r->photos[i].path, plen);
	}
	it->paths_loc = ingest_arena_put(sh, paths.data, paths.len);
	buf_fini(&paths);
	/* Compressed here, on the worker threads, not when writing. */
	packed_compress(&w->pack, w->ctx->dict, s, len, &w->packbuf);
	it->line_loc = ingest_arena_put(sh, w->packbuf.data, w->packbuf.len);
	it->line_len = (uint32_t)w->packbuf.len;
	it->raw_len = (uint32_t)len;
	record_clear(r);
	jarena_use(NULL);
}

/* ---- the work queue ---- */

/* Worker thread: take batches under ctx->mu, parse them unlocked. */
static void *
ingest_worker_main(void *arg)
{
	struct ingest_worker *w = arg;
	struct ingest_ctx *ctx = w->ctx;

	for (;;) {
		struct ingest_batch b;
		const char *p, *end, *nl;
		uint32_t line;
		uint64_t before;

		pthread_mutex_lock(&ctx->mu);
		while (ctx->count == 0 && !ctx->closed)
			pthread_cond_wait(&ctx->not_empty, &ctx->mu);
		if (ctx->count == 0) {
			pthread_mutex_unlock(&ctx->mu);
			break;
		}
		b = ctx->ring[ctx->head];
		ctx->head = (ctx->head + 1) % ctx->cap;
		ctx->count--;
		pthread_cond_signal(&ctx->not_full);
		pthread_mutex_unlock(&ctx->mu);

		before = w->shard->lines;
		p = b.data;
		end = b.data + b.len;
		line = b.first_line;
		while (p < end) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (nl == NULL)
				nl = end;
			ingest_line(w, b.file, line, p, (size_t)(nl - p), b.root);
			line++;
			p = nl + 1;
		}
		atomic_fetch_add(&ctx->records, w->shard->lines - before);
		atomic_fetch_add(&ctx->json_bytes, b.len);
		free(b.data);
	}
	return NULL;
}

/* Queue a batch under ctx->mu, waiting while full; b->data passes on. */
static void
ingest_push(struct ingest_ctx *ctx, struct ingest_batch *b)
{
	pthread_mutex_lock(&ctx->mu);
	while (ctx->count == ctx->cap)
		pthread_cond_wait(&ctx->not_full, &ctx->mu);
	ctx->ring[(ctx->head + ctx->count) % ctx->cap] = *b;
	ctx->count++;
	pthread_cond_signal(&ctx->not_empty);
	pthread_mutex_unlock(&ctx->mu);
}

/* ---- reading files ---- */

struct ingest_reader {
	struct ingest_ctx *ctx;
	struct ingest_result *res;
	uint32_t file;
	uint16_t root;
	struct buf carry;            /* bytes not yet handed out */
	uint32_t line;               /* line number of carry's first byte */
	bool skipping;               /* inside a too-long line */
	bool at_start;               /* BOM check pending */
	uint64_t read_bytes;         /* compressed bytes read, all files */
	void (*progress)(void *, const struct catalog_progress *);
	void *arg;
	uint64_t total_bytes;
	struct timespec last;
};

/* Newlines in p[0..len), to number the next batch's first line. */
static size_t
ingest_count_lines(const char *p, size_t len)
{
	size_t n = 0;
	const char *end = p + len;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* Hand the complete lines of the carry buffer to the workers. */
static void
ingest_flush(struct ingest_reader *rd, bool final)
{
	struct ingest_batch b;
	const char *last;
	size_t cut;

	if (rd->carry.len == 0)
		return;
	if (final)
		cut = rd->carry.len;
	else {
		last = memrchr(rd->carry.data, '\n', rd->carry.len);
		if (last == NULL)
			return;
		cut = (size_t)(last - rd->carry.data) + 1;
	}
	b.file = rd->file;
	b.root = rd->root;
	b.first_line = rd->line;
	b.len = cut;
	b.data = xmalloc(cut + 1);
	memcpy(b.data, rd->carry.data, cut);
	/* A final line without '\n' must not end the count early. */
	b.data[cut] = '\0';
	rd->line += (uint32_t)ingest_count_lines(b.data, cut);
	memmove(rd->carry.data, rd->carry.data + cut, rd->carry.len - cut);
	rd->carry.len -= cut;
	ingest_push(rd->ctx, &b);
}

/* Feed decompressed bytes: BOM, too-long lines, batching. */
static void
ingest_feed(struct ingest_reader *rd, const char *p, size_t len)
{
	while (len > 0) {
		if (rd->skipping) {
			const char *nl = memchr(p, '\n', len);
			if (nl == NULL)
				return;
			rd->skipping = false;
			rd->line++;
			len -= (size_t)(nl + 1 - p);
			p = nl + 1;
			continue;
		}
		buf_add(&rd->carry, p, len);
		len = 0;
		if (rd->at_start) {
			/* Wait for three bytes to decide about a BOM. */
			if (rd->carry.len < 3)
				return;
			rd->at_start = false;
			if (memcmp(rd->carry.data, "\xef\xbb\xbf", 3) == 0) {
				memmove(rd->carry.data, rd->carry.data + 3,
				    rd->carry.len - 3);
				rd->carry.len -= 3;
			}
		}
		if (rd->carry.len >= INGEST_BATCH)
			ingest_flush(rd, false);
		if (rd->carry.len > RECORD_MAX_LINE &&
		    memchr(rd->carry.data, '\n', rd->carry.len) == NULL) {
			/*
			 * One line longer than any record may be: reject it and
			 * skip to its end without holding it in memory.
			 */
			ingest_reject_push(&rd->res->rejects, &rd->res->nrejects,
			    &rd->res->rejects_cap,
			    ((uint64_t)rd->file << 32) | rd->line,
			    xasprintf("line too long (more than %u bytes)",
			    RECORD_MAX_LINE));
			rd->res->lines++;
			rd->carry.len = 0;
			rd->skipping = true;
		}
	}
}

/* Whether a progress report is due (forced, or 100 ms since *last). */
bool
ingest_progress_due(struct timespec *last, bool force)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!force && (now.tv_sec - last->tv_sec) * 1000 +
	    (now.tv_nsec - last->tv_nsec) / 1000000 < 100)
		return false;
	*last = now;
	return true;
}

/* Report the reading phase to the progress hook, at most every 100 ms. */
static void
ingest_report(struct ingest_reader *rd, bool force)
{
	struct catalog_progress p;

	if (rd->progress == NULL || !ingest_progress_due(&rd->last, force))
		return;
	p.phase = "reading";
	p.done = rd->read_bytes;
	p.total = rd->total_bytes;
	p.records = atomic_load(&rd->ctx->records);
	p.json_bytes = atomic_load(&rd->ctx->json_bytes);
	p.records_tree = 0;
	rd->progress(rd->arg, &p);
}

/* Read one file, plain or gzip (multi-member), feeding its lines. */
static bool
ingest_read_file(struct ingest_reader *rd, const char *path, char **cause)
{
	unsigned char *in = xmalloc(INGEST_READ), *out = NULL;
	z_stream z;
	bool gz = false, zinit = false, ok = false;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		cause_set(cause, "%s: %s", path, strerror(errno));
		free(in);
		return false;
	}
	rd->carry.len = 0;
	rd->line = 1;
	rd->skipping = false;
	rd->at_start = true;
	memset(&z, 0, sizeof z);
	for (bool first = true;; first = false) {
		n = read(fd, in, INGEST_READ);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			cause_set(cause, "%s: %s", path, strerror(errno));
			goto out;
		}
		rd->read_bytes += (uint64_t)n;
		if (first && n >= 2 && in[0] == 0x1f && in[1] == 0x8b) {
			gz = true;
			out = xmalloc(4 * INGEST_READ);
			if (inflateInit2(&z, 15 + 32) != Z_OK) {
				cause_set(cause, "%s: zlib: cannot start", path);
				goto out;
			}
			zinit = true;
		}
		if (n == 0)
			break;
		if (!gz) {
			ingest_feed(rd, (const char *)in, (size_t)n);
		} else {
			z.next_in = in;
			z.avail_in = (uInt)n;
			while (z.avail_in > 0) {
				int zr;
				z.next_out = out;
				z.avail_out = 4 * INGEST_READ;
				zr = inflate(&z, Z_NO_FLUSH);
				if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
					cause_set(cause, "%s: corrupt gzip data (%s)",
					    path, z.msg != NULL ? z.msg : "zlib error");
					goto out;
				}
				ingest_feed(rd, (const char *)out,
				    4 * INGEST_READ - z.avail_out);
				if (zr == Z_STREAM_END) {
					/* gzip files may hold several members. */
					if (inflateReset(&z) != Z_OK)
						break;
				} else if (zr == Z_BUF_ERROR)
					break;
			}
		}
		ingest_report(rd, false);
	}
	if (gz) {
		/* A stream cut short leaves inflate mid-member. */
		z.next_out = out;
		z.avail_out = 4 * INGEST_READ;
		if (z.total_in != 0 && inflate(&z, Z_FINISH) != Z_STREAM_END) {
			cause_set(cause, "%s: truncated gzip data", path);
			goto out;
		}
	}
	if (rd->at_start) {
		rd->at_start = false;
		if (rd->carry.len == 3 &&
		    memcmp(rd->carry.data, "\xef\xbb\xbf", 3) == 0)
			rd->carry.len = 0;
	}
	if (!rd->skipping)
		ingest_flush(rd, true);
	ok = true;
out:
	if (zinit)
		inflateEnd(&z);
	free(out);
	free(in);
	close(fd);
	return ok;
}

/*
 * A sample of the input's lines to train the records' dictionary on:
 * the first lines of up to INGEST_SAMPLE_FILES files spread over the
 * list, INGEST_SAMPLE_BYTES in all. gzread reads plain and gzip files
 * alike. A file that cannot be read is skipped here: the reading phase
 * reports it.
 */
#define INGEST_SAMPLE_FILES 8
#define INGEST_SAMPLE_BYTES (1u << 20)

static void
ingest_sample(const struct ingest_file *files, size_t nfiles,
    struct buf *dict)
{
	size_t nf = nfiles < INGEST_SAMPLE_FILES ? nfiles : INGEST_SAMPLE_FILES;
	size_t per = nf > 0 ? INGEST_SAMPLE_BYTES / nf : 0, n = 0, cap = 0;
	size_t *sizes = NULL;
	struct buf lines;
	char *chunk = xmalloc(per + 1);

	buf_init(&lines);
	for (size_t k = 0; k < nf; k++) {
		gzFile gz = gzopen(files[k * nfiles / nf].path, "rb");
		const char *p, *end, *nl;
		int got;

		if (gz == NULL)
			continue;
		got = gzread(gz, chunk, (unsigned)per);
		gzclose(gz);
		if (got <= 0)
			continue;
		/* Whole lines only: the last one may be cut. */
		for (p = chunk, end = chunk + got;
		    (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1) {
			if (nl == p)
				continue;
			if (n == cap) {
				cap = cap > 0 ? 2 * cap : 256;
				sizes = xreallocarray(sizes, cap, sizeof *sizes);
			}
			sizes[n++] = (size_t)(nl - p);
			buf_add(&lines, p, (size_t)(nl - p));
		}
	}
	packed_train(lines.data, sizes, n, dict);
	buf_fini(&lines);
	free(sizes);
	free(chunk);
}

/* Read files here, parse on nthreads workers; fini res when done. */
bool
ingest_run(const struct ingest_file *files, size_t nfiles, int nthreads,
    void (*progress)(void *, const struct catalog_progress *), void *arg,
    struct ingest_result *res, char **cause)
{
	struct ingest_ctx ctx;
	struct ingest_worker *workers;
	struct ingest_reader rd;
	struct packed_dict *dict;
	bool ok = true;
	size_t i;

	memset(res, 0, sizeof *res);
	jarena_install();
	if (nthreads < 1)
		nthreads = 1;
	memset(&ctx, 0, sizeof ctx);
	pthread_mutex_init(&ctx.mu, NULL);
	pthread_cond_init(&ctx.not_empty, NULL);
	pthread_cond_init(&ctx.not_full, NULL);
	ctx.cap = (size_t)nthreads * 2;
	ctx.ring = xcalloc(ctx.cap, sizeof *ctx.ring);
	atomic_init(&ctx.records, 0);
	atomic_init(&ctx.json_bytes, 0);
	/* The records' dictionary first: the workers compress with it. */
	buf_init(&res->dict);
	ingest_sample(files, nfiles, &res->dict);
	dict = packed_dict_new(res->dict.data, res->dict.len);
	ctx.dict = dict;

	res->nshards = (size_t)nthreads;
	res->shards = xcalloc(res->nshards, sizeof *res->shards);
	workers = xcalloc((size_t)nthreads, sizeof *workers);
	for (i = 0; i < (size_t)nthreads; i++) {
		workers[i].ctx = &ctx;
		workers[i].shard = &res->shards[i];
		record_init(&workers[i].rec);
		buf_init(&workers[i].fold);
		buf_init(&workers[i].brand);
		strmap_init(&workers[i].words);
		buf_init(&workers[i].packbuf);
		if (pthread_create(&workers[i].thread, NULL, ingest_worker_main,
		    &workers[i]) != 0)
			fatal("cannot start a thread");
	}

	memset(&rd, 0, sizeof rd);
	rd.ctx = &ctx;
	rd.res = res;
	rd.progress = progress;
	rd.arg = arg;
	buf_init(&rd.carry);
	for (i = 0; i < nfiles; i++)
		rd.total_bytes += files[i].size;
	for (i = 0; i < nfiles && ok; i++) {
		rd.file = (uint32_t)i;
		rd.root = files[i].root;
		ok = ingest_read_file(&rd, files[i].path, cause);
	}
	buf_fini(&rd.carry);

	pthread_mutex_lock(&ctx.mu);
	ctx.closed = true;
	pthread_cond_broadcast(&ctx.not_empty);
	pthread_mutex_unlock(&ctx.mu);
	for (i = 0; i < (size_t)nthreads; i++) {
		pthread_join(workers[i].thread, NULL);
		record_fini(&workers[i].rec);
		jarena_fini(&workers[i].arena);
		packed_fini(&workers[i].pack);
		buf_fini(&workers[i].packbuf);
		buf_fini(&workers[i].fold);
		buf_fini(&workers[i].brand);
		strmap_fini(&workers[i].words);
		free(workers[i].tmp_ids);
		free(workers[i].tmp_confs);
		free(workers[i].seen_gen);
		free(workers[i].seen_pos);
		res->lines += res->shards[i].lines;
		res->json_bytes += res->shards[i].json_bytes;
		res->tree_lines += res->shards[i].tree_lines;
	}
	ingest_report(&rd, true);
	packed_dict_free(dict);
	free(workers);
	free(ctx.ring);
	pthread_mutex_destroy(&ctx.mu);
	pthread_cond_destroy(&ctx.not_empty);
	pthread_cond_destroy(&ctx.not_full);
	if (!ok)
		ingest_result_fini(res);
	return ok;
}

/* Free every shard and reject in res; res is left empty. */
void
ingest_result_fini(struct ingest_result *res)
{
	for (size_t i = 0; i < res->nshards; i++) {
		struct ingest_shard *sh = &res->shards[i];
		free(sh->items);
		free(sh->pair_values);
		free(sh->pair_confs);
		for (size_t d = 0; d < INGEST_NDICTS; d++)
			ingest_dict_fini(&sh->dicts[d]);
		for (size_t j = 0; j < sh->nrejects; j++)
			free(sh->rejects[j].reason);
		free(sh->rejects);
		for (size_t j = 0; j < sh->nchunks; j++)
			free(sh->chunks[j]);
		free(sh->chunks);
	}
	free(res->shards);
	for (size_t j = 0; j < res->nrejects; j++)
		free(res->rejects[j].reason);
	free(res->rejects);
	buf_fini(&res->dict);
	memset(res, 0, sizeof *res);
}
