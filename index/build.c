/*
 * build.c - catalog_build(): ingest item records, keep the winner of each
 * uuid, order items (timestamp desc, uuid asc) into dense ids, and write
 * one LMDB file: items, uuids, columns, value dictionaries, posting
 * lists (CRoaring), thumbnails, accounting. Writes a temporary file and
 * renames it over the index, so a reader of the old index never notices.
 */
#include "catalog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <lmdb.h>
#include <pthread.h>
#include <signal.h>
#include <roaring/roaring.h>
#include <roaring/roaring_version.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cause.h"
#include "fields.h"
#include "image.h"
#include "ingest.h"
#include "layout.h"
#include "phash.h"
#include "putlog.h"
#include "record.h"
#include "sanitize.h"
#include "sparkthumbs.h"
#include "strmap.h"
#include "uints.h"
#include "xmalloc.h"

/* A reference to an ingested item: shard and index. */
struct build_ref {
	uint32_t shard;
	uint32_t index;
};

struct build {
	const struct catalog_build_options *opts;
	struct catalog_accounting acct;
	struct ingest_file *files;
	size_t nfiles;
	char **roots;
	size_t nroots;
	struct ingest_result in;
	/* local id -> final id, per shard and dictionary */
	uint32_t **remap[INGEST_NDICTS];
	/* final dictionaries: sorted by folded value */
	size_t nvalues[INGEST_NDICTS];
	const char **folded[INGEST_NDICTS];
	uint32_t *folded_len[INGEST_NDICTS];
	const char **spelling[INGEST_NDICTS];
	uint32_t *spelling_len[INGEST_NDICTS];
	uint64_t *value_items[INGEST_NDICTS];
	struct strmap merged[INGEST_NDICTS];
	/* winners in id order */
	struct build_ref *items;
	size_t nitems;
	/* Each store's (value, confidence) pairs in id order (build_gather_pairs). */
	struct build_pairs {
		uint64_t *off;             /* [nitems + 1]; NULL: none gathered */
		uint32_t *vals;            /* final value ids */
		double *confs;
	} pairs[INGEST_NDICTS];
	/* LMDB */
	MDB_env *env;
	MDB_txn *txn;
	size_t txn_bytes;
	MDB_dbi dbi_meta, dbi_items, dbi_uuids, dbi_columns, dbi_values,
	    dbi_postings, dbi_default, dbi_thumbs;
	char *tmp_path;
	struct timespec last_progress;
	/* Each thumbnail's perceptual hash, in (id, photo) order. */
	struct phash *hashes;
	uint32_t *hash_ids;
	uint8_t *hash_photos;
	size_t nhashes;
};

/*
 * Turn an LMDB error into *cause, naming a full disk; false. LMDB reports
 * a short write as EIO: when the file system of the index has (next to)
 * nothing left, that is what happened, so say so.
 */
static bool
build_lmdb_fail(const struct build *b, int rc, const char *what, char **cause)
{
	struct statvfs sv;
	bool full = rc == MDB_MAP_FULL || rc == ENOSPC;

	if (!full && rc == EIO && b->tmp_path != NULL &&
	    statvfs(b->tmp_path, &sv) == 0)
		full = (uint64_t)(geteuid() == 0 ? sv.f_bfree : sv.f_bavail) *
		    sv.f_frsize < (uint64_t)1 << 20;
	if (full)
		cause_set(cause, "%s: no space left on device (the previous "
		    "index, if any, is untouched)", what);
	else
		cause_set(cause, "%s: %s", what, mdb_strerror(rc));
	return false;
}

/* Call the progress hook at most every 100 ms, unless forced. */
static void
build_progress(struct build *b, const char *phase, uint64_t done,
    uint64_t total, bool force)
{
	struct catalog_progress p;

	if (b->opts->progress == NULL ||
	    !ingest_progress_due(&b->last_progress, force))
		return;
	p.phase = phase;
	p.done = done;
	p.total = total;
	p.records = b->in.lines;
	p.json_bytes = b->in.json_bytes;
	p.records_tree = b->in.tree_lines;
	b->opts->progress(b->opts->progress_arg, &p);
}

/* ---- inputs ---- */

/* qsort order for file names: bytewise, whatever the locale. */
static int
build_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A part file of Spark's JSON output: part-*.json or part-*.json.gz. */
static bool
build_is_part(const char *name)
{
	size_t n = strlen(name);

	if (strncmp(name, "part-", 5) != 0)
		return false;
	return (n > 5 + 5 && strcmp(name + n - 5, ".json") == 0) ||
	    (n > 5 + 8 && strcmp(name + n - 8, ".json.gz") == 0);
}

/* Append a part file to read; takes ownership of path. */
static void
build_add_file(struct build *b, char *path, uint16_t root, uint64_t size)
{
	b->files = xreallocarray(b->files, b->nfiles + 1, sizeof *b->files);
	b->files[b->nfiles].path = path;
	b->files[b->nfiles].root = root;
	b->files[b->nfiles].size = size;
	b->nfiles++;
}

/* Index of dir's absolute path among the image roots, added if new. */
static uint16_t
build_add_root(struct build *b, const char *dir)
{
	char *abs = realpath(dir, NULL);

	if (abs == NULL)
		abs = xstrdup(dir);
	for (size_t i = 0; i < b->nroots; i++) {
		if (strcmp(b->roots[i], abs) == 0) {
			free(abs);
			return (uint16_t)i;
		}
	}
	b->roots = xreallocarray(b->roots, b->nroots + 1, sizeof *b->roots);
	b->roots[b->nroots] = abs;
	return (uint16_t)b->nroots++;
}

/* List the part files of every input, in order. */
static bool
build_list_inputs(struct build *b, char **cause)
{
	const struct catalog_build_options *o = b->opts;
	uint16_t fixed_root = 0;

	if (o->ninputs == 0) {
		cause_set(cause, "no input directory given");
		return false;
	}
	if (o->image_root != NULL)
		fixed_root = build_add_root(b, o->image_root);
	for (size_t i = 0; i < o->ninputs; i++) {
		const char *in = o->inputs[i];
		struct stat st;
		DIR *d;
		struct dirent *de;
		char **names = NULL;
		size_t nnames = 0, before = b->nfiles;
		uint16_t root;

		if (stat(in, &st) == -1) {
			cause_set(cause, "%s: %s", in, strerror(errno));
			return false;
		}
		if (S_ISREG(st.st_mode)) {
			char *copy = xstrdup(in);
			root = o->image_root != NULL ? fixed_root :
			    build_add_root(b, dirname(copy));
			free(copy);
			build_add_file(b, xstrdup(in), root, (uint64_t)st.st_size);
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			cause_set(cause, "%s: not a directory or file", in);
			return false;
		}
		root = o->image_root != NULL ? fixed_root : build_add_root(b, in);
		if ((d = opendir(in)) == NULL) {
			cause_set(cause, "%s: %s", in, strerror(errno));
			return false;
		}
		while ((de = readdir(d)) != NULL) {
			if (!build_is_part(de->d_name))
				continue;
			names = xreallocarray(names, nnames + 1, sizeof *names);
			names[nnames++] = xasprintf("%s/%s", in, de->d_name);
		}
		closedir(d);
		qsort(names, nnames, sizeof *names, build_cmp_str);
		for (size_t k = 0; k < nnames; k++) {
			if (stat(names[k], &st) == -1 || !S_ISREG(st.st_mode)) {
				cause_set(cause, "%s: cannot read", names[k]);
				for (; k < nnames; k++)
					free(names[k]);
				free(names);
				return false;
			}
			build_add_file(b, names[k], root, (uint64_t)st.st_size);
		}
		free(names);
		if (b->nfiles == before) {
			cause_set(cause, "%s: no part-*.json or part-*.json.gz "
			    "files (is this a Spark output directory?)", in);
			return false;
		}
	}
	if (b->nfiles > UINT32_MAX || b->nroots > UINT16_MAX) {
		cause_set(cause, "too many input files");
		return false;
	}
	return true;
}

/* ---- merging dictionaries ---- */

static const struct build *build_sort_ctx;
static size_t build_sort_dict;

/* qsort order for merged ids by folded value (qsort has no context). */
static int
build_cmp_folded(const void *a, const void *b)
{
	const char *const *f = build_sort_ctx->folded[build_sort_dict];
	const uint32_t *len = build_sort_ctx->folded_len[build_sort_dict];
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = memcmp(f[x], f[y], len[x] < len[y] ? len[x] : len[y]);

	/* By bytes, then shorter first: strcmp's order, NULs included. */
	return c != 0 ? c : (len[x] > len[y]) - (len[x] < len[y]);
}

/* Merge shard dictionaries into final ids sorted by folded value. */
static void
build_merge_dicts(struct build *b)
{
	for (size_t d = 0; d < INGEST_NDICTS; d++) {
		struct strmap *m = &b->merged[d];
		uint32_t *order, *rank;
		const char **folded = NULL, **spelling = NULL;
		uint32_t *slen = NULL, *flen = NULL;
		size_t n = 0, cap = 0;

		strmap_init(m);
		b->remap[d] = xcalloc(b->in.nshards, sizeof *b->remap[d]);
		for (size_t s = 0; s < b->in.nshards; s++) {
			struct ingest_dict *ld = &b->in.shards[s].dicts[d];
			b->remap[d][s] = xcalloc(ld->n + 1, sizeof (uint32_t));
			for (size_t i = 0; i < ld->n; i++) {
				bool inserted;
				struct strmap_entry *e = strmap_put(m, ld->folded[i],
				    ld->folded_len[i], n, &inserted);
				uint32_t g = (uint32_t)e->value;
				if (inserted) {
					if (n == cap) {
						cap = cap == 0 ? 256 : cap * 2;
						folded = xreallocarray(folded, cap, sizeof *folded);
						spelling = xreallocarray(spelling, cap,
						    sizeof *spelling);
						slen = xreallocarray(slen, cap, sizeof *slen);
						flen = xreallocarray(flen, cap, sizeof *flen);
					}
					folded[g] = e->key;
					flen[g] = e->len;
					spelling[g] = ld->spelling[i];
					slen[g] = ld->spelling_len[i];
					n++;
				} else {
					size_t k = slen[g] < ld->spelling_len[i] ?
					    slen[g] : ld->spelling_len[i];
					int c = memcmp(ld->spelling[i], spelling[g], k);
					if (c < 0 || (c == 0 &&
					    ld->spelling_len[i] < slen[g])) {
						spelling[g] = ld->spelling[i];
						slen[g] = ld->spelling_len[i];
					}
				}
				b->remap[d][s][i] = g;
			}
		}
		/* Final ids follow the folded order: facet ties need it. */
		order = xmalloc((n + 1) * sizeof *order);
		rank = xmalloc((n + 1) * sizeof *rank);
		for (size_t i = 0; i < n; i++)
			order[i] = (uint32_t)i;
		b->folded[d] = folded;
		b->folded_len[d] = flen;
		build_sort_ctx = b;
		build_sort_dict = d;
		qsort(order, n, sizeof *order, build_cmp_folded);
		b->folded[d] = xmalloc((n + 1) * sizeof *folded);
		b->folded_len[d] = xmalloc((n + 1) * sizeof *flen);
		b->spelling[d] = xmalloc((n + 1) * sizeof *spelling);
		b->spelling_len[d] = xmalloc((n + 1) * sizeof *slen);
		for (size_t i = 0; i < n; i++) {
			rank[order[i]] = (uint32_t)i;
			b->folded[d][i] = folded[order[i]];
			b->folded_len[d][i] = flen[order[i]];
			b->spelling[d][i] = spelling[order[i]];
			b->spelling_len[d][i] = slen[order[i]];
		}
		for (size_t s = 0; s < b->in.nshards; s++) {
			struct ingest_dict *ld = &b->in.shards[s].dicts[d];
			for (size_t i = 0; i < ld->n; i++)
				b->remap[d][s][i] = rank[b->remap[d][s][i]];
		}
		b->nvalues[d] = n;
		b->value_items[d] = xcalloc(n + 1, sizeof *b->value_items[d]);
		free(folded);
		free(flen);
		free(spelling);
		free(slen);
		free(order);
		free(rank);
	}
}

/* ---- dedup and order ---- */

/* The ingested item a reference points to (owned by its shard). */
static inline struct ingest_item *
build_item(const struct build *b, struct build_ref r)
{
	return &b->in.shards[r.shard].items[r.index];
}

static const struct build *build_cmp_ctx;

/* Bytes, then the shorter first: LMDB's default key order, and uuids'. */
static int
build_cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c != 0 ? c : (alen > blen) - (alen < blen);
}

/* qsort order for items: newest first, then by uuid (the id order). */
static int
build_cmp_items(const void *x, const void *y)
{
	const struct ingest_item *a = build_item(build_cmp_ctx,
	    *(const struct build_ref *)x);
	const struct ingest_item *c = build_item(build_cmp_ctx,
	    *(const struct build_ref *)y);

	if (a->ts_ms != c->ts_ms)
		return a->ts_ms > c->ts_ms ? -1 : 1;
	return build_cmp_bytes(a->uuid, a->uuid_len, c->uuid, c->uuid_len);
}

/* Keep one item per uuid (latest, then last read), sorted into ids. */
static void
build_dedup(struct build *b)
{
	struct strmap seen;
	size_t total = 0;

	strmap_init(&seen);
	for (size_t s = 0; s < b->in.nshards; s++)
		total += b->in.shards[s].nitems;
	b->items = xmalloc((total + 1) * sizeof *b->items);
	for (size_t s = 0; s < b->in.nshards; s++) {
		struct ingest_shard *sh = &b->in.shards[s];
		for (size_t i = 0; i < sh->nitems; i++) {
			struct ingest_item *it = &sh->items[i];
			struct build_ref ref = { (uint32_t)s, (uint32_t)i };
			bool inserted;
			struct strmap_entry *e = strmap_put(&seen, it->uuid,
			    it->uuid_len, b->nitems, &inserted);
			struct ingest_item *old;

			if (inserted) {
				b->items[b->nitems++] = ref;
				continue;
			}
			b->acct.duplicates++;
			old = build_item(b, b->items[e->value]);
			/* Later timestamp wins; on a tie, the one read later. */
			if (it->ts_ms > old->ts_ms ||
			    (it->ts_ms == old->ts_ms && it->seq > old->seq))
				b->items[e->value] = ref;
		}
	}
	strmap_fini(&seen);
	build_cmp_ctx = b;
	qsort(b->items, b->nitems, sizeof *b->items, build_cmp_items);
}

/* ---- LMDB writing ---- */

/* Commit and begin a new write txn past 256 MB, to bound memory. */
static bool
build_commit_if_big(struct build *b, size_t added, char **cause)
{
	int rc;

	b->txn_bytes += added;
	if (b->txn_bytes < (256u << 20))
		return true;
	/* Keep each transaction's dirty pages bounded. */
	if ((rc = mdb_txn_commit(b->txn)) != 0) {
		b->txn = NULL;
		return build_lmdb_fail(b, rc, "writing the index", cause);
	}
	b->txn_bytes = 0;
	if ((rc = mdb_txn_begin(b->env, NULL, 0, &b->txn)) != 0) {
		b->txn = NULL;
		return build_lmdb_fail(b, rc, "writing the index", cause);
	}
	return true;
}

/* Write one key/value in the current write transaction. */
static bool
build_put(struct build *b, MDB_dbi dbi, const void *k, size_t klen,
    const void *v, size_t vlen, unsigned flags, char **cause)
{
	MDB_val key = { klen, (void *)k }, val = { vlen, (void *)v };
	int rc = mdb_put(b->txn, dbi, &key, &val, flags);

	if (rc != 0)
		return build_lmdb_fail(b, rc, "writing the index", cause);
	return build_commit_if_big(b, klen + vlen, cause);
}

/* Create the temporary index file, begin the write txn, open tables. */
static bool
build_open_env(struct build *b, char **cause)
{
	const char *db = b->opts->db_path;
	char *copy = xstrdup(db), *dir, *base;
	int rc;
	MDB_dbi *dbis[] = { &b->dbi_meta, &b->dbi_items, &b->dbi_uuids,
	    &b->dbi_columns, &b->dbi_values, &b->dbi_postings, &b->dbi_default,
	    &b->dbi_thumbs };
	const char *names[] = { LAYOUT_DB_META, LAYOUT_DB_ITEMS,
	    LAYOUT_DB_UUIDS, LAYOUT_DB_COLUMNS, LAYOUT_DB_VALUES,
	    LAYOUT_DB_POSTINGS, LAYOUT_DB_DEFAULT, LAYOUT_DB_THUMBS };

	dir = dirname(copy);
	base = basename((char *)db);
	b->tmp_path = xasprintf("%s/.%s.tmp-%ld", dir, base, (long)getpid());
	free(copy);
	unlink(b->tmp_path);
	/*
	 * The map size only reserves address space (the file grows as it is
	 * written), so ask for a lot; where the address space is smaller
	 * (valgrind, ulimit -v) fall back. A failed open needs a new env.
	 */
	static const size_t sizes[] = { (size_t)1 << 40, (size_t)1 << 36,
	    (size_t)1 << 33, (size_t)1 << 31 };
	rc = EINVAL;
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0] && rc != 0; k++) {
		if (b->env != NULL)
			mdb_env_close(b->env);
		b->env = NULL;
		if ((rc = mdb_env_create(&b->env)) != 0)
			return build_lmdb_fail(b, rc, "creating the index", cause);
		mdb_env_set_maxdbs(b->env, LAYOUT_MAXDBS);
		mdb_env_set_mapsize(b->env, sizes[k]);
		rc = mdb_env_open(b->env, b->tmp_path,
		    MDB_NOSUBDIR | MDB_NOLOCK | MDB_NOSYNC | MDB_NOTLS, 0644);
		if (rc != 0)
			unlink(b->tmp_path);
		if (rc != ENOMEM && rc != EINVAL)
			break;
	}
	if (rc != 0) {
		cause_set(cause, "%s: cannot create: %s", b->tmp_path,
		    mdb_strerror(rc));
		return false;
	}
	if ((rc = mdb_txn_begin(b->env, NULL, 0, &b->txn)) != 0)
		return build_lmdb_fail(b, rc, "creating the index", cause);
	for (size_t i = 0; i < sizeof dbis / sizeof dbis[0]; i++) {
		if ((rc = mdb_dbi_open(b->txn, names[i], MDB_CREATE, dbis[i])) != 0)
			return build_lmdb_fail(b, rc, "creating the index", cause);
	}
	return true;
}

/* Store each winner's packed record (the uuids: build_uuids()). */
static bool
build_write_items(struct build *b, char **cause)
{
	struct buf v;
	unsigned char key[4];
	bool ok = true;

	buf_init(&v);
	/* Forced: the phase is in --verbose's table even when short. */
	build_progress(b, "writing", 0, b->nitems, true);
	for (size_t id = 0; id < b->nitems && ok; id++) {
		struct ingest_shard *sh = &b->in.shards[b->items[id].shard];
		struct ingest_item *it = build_item(b, b->items[id]);
		uint16_t root = it->root;
		uint32_t id32 = (uint32_t)id, raw = it->raw_len;

		v.len = 0;
		buf_add(&v, &root, sizeof root);
		buf_add(&v, &raw, sizeof raw);
		buf_add(&v, ingest_shard_at(sh, it->line_loc), it->line_len);
		layout_put_be32(key, id32);
		ok = build_put(b, b->dbi_items, key, 4, v.data, v.len, MDB_APPEND,
		    cause);
		if ((id & 4095) == 0)
			build_progress(b, "writing", id, b->nitems, false);
	}
	buf_fini(&v);
	return ok;
}

/* The store of prediction list p's top-1 field ("top<p>" column). */
static size_t
build_top_store(size_t p)
{
	return (size_t)catalog_field_desc(catalog_prediction_field((int)p))->store;
}

/* Store the per-item columns and count items per top-1 value. */
static bool
build_write_columns(struct build *b, char **cause)
{
	size_t n = b->nitems;
	int64_t *ts = xmalloc((n + 1) * sizeof *ts);
	uint8_t *photos = xmalloc(n + 1), *flags = xmalloc(n + 1);
	uint32_t *top = xmalloc((n + 1) * sizeof *top);
	bool ok;

	for (size_t id = 0; id < n; id++) {
		struct ingest_item *it = build_item(b, b->items[id]);
		ts[id] = it->ts_ms;
		photos[id] = it->nphotos > 255 ? 255 : (uint8_t)it->nphotos;
		flags[id] = (it->flags & INGEST_FLAG_BRAND_IN_TEXT) ?
		    LAYOUT_FLAG_BRAND_IN_TEXT : 0;
	}
	{
		/* The id -> uuid column: listing uuids never decodes a record. */
		uint64_t *uoff = xmalloc((n + 1) * sizeof *uoff);
		struct buf utxt;
		buf_init(&utxt);
		for (size_t id = 0; id < n; id++) {
			struct ingest_item *it = build_item(b, b->items[id]);
			uoff[id] = utxt.len;
			buf_add(&utxt, it->uuid, it->uuid_len);
		}
		uoff[n] = utxt.len;
		ok = build_put(b, b->dbi_columns, LAYOUT_COL_UUID_OFF,
		    strlen(LAYOUT_COL_UUID_OFF), uoff, (n + 1) * sizeof *uoff, 0,
		    cause) && build_put(b, b->dbi_columns, LAYOUT_COL_UUID_TEXT,
		    strlen(LAYOUT_COL_UUID_TEXT), utxt.data, utxt.len, 0, cause);
		free(uoff);
		buf_fini(&utxt);
	}
	ok = ok && build_put(b, b->dbi_columns, LAYOUT_COL_TS, strlen(LAYOUT_COL_TS),
	    ts, n * sizeof *ts, 0, cause) &&
	    build_put(b, b->dbi_columns, LAYOUT_COL_PHOTOS,
	    strlen(LAYOUT_COL_PHOTOS), photos, n, 0, cause) &&
	    build_put(b, b->dbi_columns, LAYOUT_COL_FLAGS,
	    strlen(LAYOUT_COL_FLAGS), flags, n, 0, cause);
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT && ok; f++) {
		size_t st = build_top_store(f);
		char name[8];
		for (size_t id = 0; id < n; id++) {
			struct build_ref r = b->items[id];
			uint32_t local = build_item(b, r)->top[f];
			top[id] = local == INGEST_NONE ? LAYOUT_NONE :
			    b->remap[st][r.shard][local];
			if (top[id] != LAYOUT_NONE)
				b->value_items[st][top[id]]++;
		}
		snprintf(name, sizeof name, "top%zu", f);
		{
			/* Narrow: ids below the dictionary size, none all ones. */
			unsigned w = uints_width(b->nvalues[st]);
			void *packed = uints_pack(top, sizeof *top, n, w);
			ok = build_put(b, b->dbi_columns, name, strlen(name),
			    packed, n * w, 0, cause);
			free(packed);
		}
	}
	free(ts);
	free(photos);
	free(flags);
	free(top);
	return ok;
}

/*
 * Serialize bands into a posting blob. ids[i] ascending within each band;
 * bands given in descending band order. confs may be NULL (plain field).
 */
static void
build_posting_blob(struct buf *out, uint32_t value, size_t nbands,
    const uint32_t *band_no,
    const size_t *band_start, const uint32_t *ids, const double *confs)
{
	struct layout_posting_header h;
	struct layout_band *table;
	size_t off, total = 0;

	out->len = 0;
	table = xcalloc(nbands + 1, sizeof *table);
	off = sizeof h + nbands * sizeof *table;
	buf_reserve(out, off);
	out->len = off;
	for (size_t k = 0; k < nbands; k++) {
		size_t lo = band_start[k], hi = band_start[k + 1];
		roaring_bitmap_t *bm = roaring_bitmap_of_ptr(hi - lo, ids + lo);
		size_t len;
		static const char zeros[32];

		roaring_bitmap_run_optimize(bm);
		len = roaring_bitmap_frozen_size_in_bytes(bm);
		/* Offsets are 16 mod 32 (see layout.h). */
		while (out->len % 32 != 16)
			buf_add(out, zeros, 1);
		table[k].band = band_no[k];
		table[k].count = (uint32_t)(hi - lo);
		table[k].bitmap_off = out->len;
		table[k].bitmap_len = len;
		buf_reserve(out, len);
		roaring_bitmap_frozen_serialize(bm, out->data + out->len);
		out->len += len;
		roaring_bitmap_free(bm);
		if (confs != NULL) {
			while (out->len % 8 != 0)
				buf_add(out, zeros, 1);
			table[k].confs_off = out->len;
			buf_add(out, confs + lo, (hi - lo) * sizeof *confs);
		}
		total += hi - lo;
	}
	h.magic = LAYOUT_POSTING_MAGIC;
	h.nbands = (uint32_t)nbands;
	h.count = (uint32_t)total;
	h.value = value;
	memcpy(out->data, &h, sizeof h);
	memcpy(out->data + sizeof h, table, nbands * sizeof *table);
	free(table);
}

/* Log a posting blob's put under its field byte and folded value. */
static void
build_log_posting(const struct build *b, struct putlog *log, size_t field,
    const char *folded, size_t flen, const struct buf *blob)
{
	struct buf key;
	unsigned char f = (unsigned char)field;

	buf_init(&key);
	buf_add(&key, &f, 1);
	buf_add(&key, folded, flen);
	putlog_add(log, b->dbi_postings, key.data, key.len, blob->data,
	    blob->len, 0);
	buf_fini(&key);
}

/* putlog_replay()'s put: build_put() on the transaction's thread. */
struct build_replay {
	struct build *b;
	char **cause;
};

static bool
build_replay_put(void *arg, MDB_dbi dbi, const void *key, size_t key_len,
    const void *val, size_t val_len, unsigned flags)
{
	struct build_replay *r = arg;

	return build_put(r->b, dbi, key, key_len, val, val_len, flags, r->cause);
}

/* Replay (and empty) a log into the write transaction. */
static bool
build_replay(struct build *b, struct putlog *log, char **cause)
{
	struct build_replay r = { b, cause };

	return putlog_replay(log, build_replay_put, &r);
}

/* Posting lists of the top-1 prediction fields. */
static bool
build_write_plain_postings(struct build *b, char **cause)
{
	struct buf blob, col;
	struct putlog log;
	bool ok = true;
	MDB_val key, val;

	buf_init(&blob);
	buf_init(&col);
	putlog_init(&log);
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT && ok; f++) {
		size_t st = build_top_store(f), nv = b->nvalues[st];
		size_t *start = xcalloc(nv + 2, sizeof *start);
		uint32_t *ids = xmalloc((b->nitems + 1) * sizeof *ids);
		size_t *fill = xcalloc(nv + 1, sizeof *fill);
		char name[8];
		struct uints top;
		int rc;

		snprintf(name, sizeof name, "top%zu", f);
		key.mv_data = name;
		key.mv_size = strlen(name);
		if ((rc = mdb_get(b->txn, b->dbi_columns, &key, &val)) != 0) {
			ok = build_lmdb_fail(b, rc, "reading back a column", cause);
			goto next;
		}
		/* Copy: the page may be unaligned or move on the next put. */
		col.len = 0;
		buf_add(&col, val.mv_data, val.mv_size);
		/* Written narrow (build_write_columns): none is all ones. */
		top.p = col.data;
		top.n = b->nitems;
		top.width = uints_width(nv);
		for (size_t id = 0; id < b->nitems; id++) {
			uint64_t v = uints_at(&top, id);
			if (v < nv)
				start[v + 1]++;
		}
		for (size_t v = 0; v < nv; v++)
			start[v + 1] += start[v];
		for (size_t id = 0; id < b->nitems; id++) {
			uint64_t v = uints_at(&top, id);
			if (v < nv)
				ids[start[v] + fill[v]++] = (uint32_t)id;
		}
		for (size_t v = 0; v < nv && ok; v++) {
			uint32_t band = LAYOUT_BAND_ALL;
			size_t bs[2] = { 0, start[v + 1] - start[v] };
			if (bs[1] == 0)
				continue;
			build_posting_blob(&blob, (uint32_t)v, 1, &band, bs, ids + start[v],
			    NULL);
			build_log_posting(b, &log, st, b->folded[st][v],
			    b->folded_len[st][v], &blob);
		}
		ok = build_replay(b, &log, cause);
next:
		free(start);
		free(ids);
		free(fill);
	}
	buf_fini(&blob);
	buf_fini(&col);
	putlog_fini(&log);
	return ok;
}

/* The posting band of a confidence: one band per whole percent. */
static int
build_band_of(double conf)
{
	int band = (int)conf; /* 0 <= conf <= 100 */

	return band < 0 ? 0 : band > 100 ? 100 : band;
}

/* The ids [start, end) of build_gather_pairs()'s copy. */
struct build_gather {
	struct build *b;
	const bool *paired;
	size_t start, end;
};

/* Copy the pairs of ids [start, end): disjoint ranges of every array. */
static void *
build_gather_main(void *arg)
{
	const struct build_gather *g = arg;
	struct build *b = g->b;

	for (size_t id = g->start; id < g->end; id++) {
		struct build_ref r = b->items[id];
		const struct ingest_shard *sh = &b->in.shards[r.shard];
		const struct ingest_item *it = build_item(b, r);
		size_t from = it->pairs_off;

		for (size_t d = 0; d < INGEST_NDICTS; d++) {
			struct build_pairs *p = &b->pairs[d];
			const uint32_t *remap = b->remap[d][r.shard];
			uint64_t to;

			if (!g->paired[d]) {
				from += it->npairs[d]; /* none: the table says so */
				continue;
			}
			to = p->off[id];
			for (size_t k = 0; k < it->npairs[d]; k++) {
				p->vals[to + k] = remap[sh->pair_values[from + k]];
				p->confs[to + k] = sh->pair_confs[from + k];
			}
			from += it->npairs[d];
		}
	}
	return NULL;
}

/*
 * Gather every store's pairs of the winners into id order, final value
 * ids, one array per store: the posting lists and the text columns walk
 * them in id order, and reading them where ingest left them (per shard,
 * in input order, behind each item's record) cost two cache misses per
 * item per walk, twice per store: 75% of the posting lists' time, in
 * perf, at 200k items. One walk here instead (on two threads, each half
 * the ids: 1.02 -> 0.62 s at 1M items), then the shards' pair arrays are
 * freed (nothing reads them after this).
 */
static void
build_gather_pairs(struct build *b)
{
	size_t n = b->nitems;
	uint64_t total[INGEST_NDICTS] = { 0 };
	bool paired[INGEST_NDICTS] = { false };

	/* The stores of the fields that have pairs (not the top-1 columns). */
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		if (fields_has_pairs((enum catalog_field)f))
			paired[catalog_field_desc((enum catalog_field)f)->store] = true;
	}
	for (size_t d = 0; d < INGEST_NDICTS; d++) {
		if (paired[d])
			b->pairs[d].off = xmalloc((n + 1) * sizeof *b->pairs[d].off);
	}
	for (size_t id = 0; id < n; id++) {
		const struct ingest_item *it = build_item(b, b->items[id]);
		for (size_t d = 0; d < INGEST_NDICTS; d++) {
			if (!paired[d])
				continue;
			b->pairs[d].off[id] = total[d];
			total[d] += it->npairs[d];
		}
	}
	for (size_t d = 0; d < INGEST_NDICTS; d++) {
		if (!paired[d])
			continue;
		b->pairs[d].off[n] = total[d];
		b->pairs[d].vals = xmalloc((total[d] + 1) * sizeof *b->pairs[d].vals);
		b->pairs[d].confs = xmalloc((total[d] + 1) *
		    sizeof *b->pairs[d].confs);
	}
	{
		/* The copy, half the ids on a second thread when there is one. */
		struct build_gather halves[2] = {
			{ b, paired, 0, n / 2 }, { b, paired, n / 2, n },
		};
		pthread_t second;
		bool two = b->opts->threads > 1 && n >= 2 * 4096 &&
		    pthread_create(&second, NULL, build_gather_main,
		    &halves[1]) == 0;

		if (!two)
			halves[0].end = n;
		build_gather_main(&halves[0]);
		if (two)
			pthread_join(second, NULL);
	}
	for (size_t s = 0; s < b->in.nshards; s++) {
		free(b->in.shards[s].pair_values);
		free(b->in.shards[s].pair_confs);
		b->in.shards[s].pair_values = NULL;
		b->in.shards[s].pair_confs = NULL;
	}
}

/*
 * The (value, confidence) pairs of item id for store d (labels, text,
 * any-rank predictions...), final value ids. Returns how many.
 */
static size_t
build_item_pairs(const struct build *b, size_t id, size_t d,
    const uint32_t **vals, const double **confs)
{
	const struct build_pairs *p = &b->pairs[d];

	*vals = p->vals + p->off[id];
	if (confs != NULL)
		*confs = p->confs + p->off[id];
	return (size_t)(p->off[id + 1] - p->off[id]);
}

/*
 * Posting lists of a store with many values per item: with confidence
 * bands for labels and OCR text (scored), one plain band for the
 * any-rank predictions; logged, and the store's item counts set. Runs on
 * any thread: it reads the ingested items and writes only to log and to
 * b->value_items[d].
 */
static void
build_store_postings(struct build *b, size_t d, bool scored,
    struct putlog *log)
{
	size_t nv = b->nvalues[d];
	size_t *start = xcalloc(nv + 2, sizeof *start), *fill;
	uint32_t *ids;
	double *confs;
	uint64_t npairs = 0;
	struct buf blob;

	/* Pass 1: count per value; pass 2: place (id, conf), ids ascending. */
	for (size_t id = 0; id < b->nitems; id++) {
		const uint32_t *vals;
		size_t n = build_item_pairs(b, id, d, &vals, NULL);
		for (size_t k = 0; k < n; k++)
			start[vals[k] + 1]++;
		npairs += n;
	}
	for (size_t v = 0; v < nv; v++) {
		b->value_items[d][v] = start[v + 1];
		start[v + 1] += start[v];
	}
	ids = xmalloc((npairs + 1) * sizeof *ids);
	confs = xmalloc((npairs + 1) * sizeof *confs);
	fill = xcalloc(nv + 1, sizeof *fill);
	for (size_t id = 0; id < b->nitems; id++) {
		const uint32_t *vals;
		const double *vconfs;
		size_t n = build_item_pairs(b, id, d, &vals, &vconfs);
		for (size_t k = 0; k < n; k++) {
			uint32_t v = vals[k];
			size_t at = start[v] + fill[v]++;
			ids[at] = (uint32_t)id;
			confs[at] = vconfs[k];
		}
	}
	free(fill);

	buf_init(&blob);
	{
		size_t maxn = 0;
		for (size_t v = 0; v < nv; v++)
			if (start[v + 1] - start[v] > maxn)
				maxn = start[v + 1] - start[v];
		uint32_t *bids = xmalloc((maxn + 1) * sizeof *bids);
		double *bconfs = xmalloc((maxn + 1) * sizeof *bconfs);
		size_t bstart[102], bcount[101];
		uint32_t bno[101];

		for (size_t v = 0; v < nv; v++) {
			size_t lo = start[v], n = start[v + 1] - lo, nb = 0, at = 0;

			if (n == 0)
				continue;
			if (!scored) {
				uint32_t all = LAYOUT_BAND_ALL;
				size_t bs[2] = { 0, n };
				build_posting_blob(&blob, (uint32_t)v, 1, &all, bs,
				    ids + lo, NULL);
				build_log_posting(b, log, d, b->folded[d][v],
				    b->folded_len[d][v], &blob);
				continue;
			}
			/* Counting sort by band, descending; stable keeps ids sorted. */
			memset(bcount, 0, sizeof bcount);
			for (size_t i = 0; i < n; i++)
				bcount[build_band_of(confs[lo + i])]++;
			for (int band = 100; band >= 0; band--) {
				if (bcount[band] == 0)
					continue;
				bno[nb] = (uint32_t)band;
				bstart[nb++] = at;
				at += bcount[band];
			}
			bstart[nb] = at;
			{
				size_t pos[101];
				for (size_t k = 0; k < nb; k++)
					pos[bno[k]] = bstart[k];
				for (size_t i = 0; i < n; i++) {
					size_t p = pos[build_band_of(confs[lo + i])]++;
					bids[p] = ids[lo + i];
					bconfs[p] = confs[lo + i];
				}
			}
			build_posting_blob(&blob, (uint32_t)v, nb, bno, bstart, bids,
			    bconfs);
			build_log_posting(b, log, d, b->folded[d][v],
			    b->folded_len[d][v], &blob);
			if (d == INGEST_DICT_LABEL || d == INGEST_DICT_TEXT) {
				/*
				 * Labels and OCR fragments at the default
				 * threshold, for facets: labels by id, fragments
				 * most frequent first (layout.h).
				 */
				size_t k = 0, m = 0;
				unsigned char key[LAYOUT_TEXT50_KEY];
				uint32_t all = LAYOUT_BAND_ALL;
				size_t bs[2];
				roaring_bitmap_t *tmp;

				while (k < nb && bno[k] >= (uint32_t)CATALOG_DEFAULT_THRESHOLD)
					k++;
				m = bstart[k];
				/* Merge the bands' ascending runs into one sorted list. */
				tmp = roaring_bitmap_of_ptr(m, bids);
				bs[0] = 0;
				bs[1] = roaring_bitmap_get_cardinality(tmp);
				roaring_bitmap_to_uint32_array(tmp, bids);
				roaring_bitmap_free(tmp);
				build_posting_blob(&blob, (uint32_t)v, 1, &all, bs, bids,
				    NULL);
				if (d == INGEST_DICT_LABEL) {
					layout_put_be32(key, (uint32_t)v);
					putlog_add(log, b->dbi_default, key, 4,
					    blob.data, blob.len, MDB_APPEND);
				} else if (bs[1] > 0) {
					layout_text50_key(key, (uint32_t)bs[1],
					    (uint32_t)v);
					putlog_add(log, b->dbi_default, key,
					    sizeof key, blob.data, blob.len, 0);
				}
			}
		}
		free(bids);
		free(bconfs);
	}
	buf_fini(&blob);
	free(start);
	free(ids);
	free(confs);
}

/*
 * Log the column name: src[0..n) (src_width bytes each) packed at the
 * narrowest width holding max (uints.h).
 */
static void
build_put_uints(struct putlog *log, MDB_dbi dbi, const char *name,
    const void *src, unsigned src_width, size_t n, uint64_t max)
{
	unsigned w = uints_width(max);
	void *packed = uints_pack(src, src_width, n, w);

	putlog_add(log, dbi, name, strlen(name), packed, n * w, 0);
	free(packed);
}

/*
 * Each item's labels at >= the default threshold (layout.h), as rows of
 * bits or as ascending lists, whichever is smaller: the label facet of a
 * small result tallies them.
 */
static void
build_label_columns(const struct build *b, struct putlog *log)
{
	size_t d = INGEST_DICT_LABEL, n = b->nitems, total = 0;
	uint64_t *off = xmalloc((n + 1) * sizeof *off);
	uint32_t *ids;

	for (size_t id = 0; id < n; id++) {
		const uint32_t *vals;
		total += build_item_pairs(b, id, d, &vals, NULL);
	}
	ids = xmalloc((total + 1) * sizeof *ids);
	total = 0;
	for (size_t id = 0; id < n; id++) {
		const uint32_t *vals;
		const double *confs;
		size_t k = build_item_pairs(b, id, d, &vals, &confs), first;
		off[id] = first = total;
		for (size_t i = 0; i < k; i++) {
			size_t j;
			if (confs[i] < CATALOG_DEFAULT_THRESHOLD)
				continue;
			/* Insertion into the item's run: a dozen labels at most. */
			for (j = total++; j > first && ids[j - 1] > vals[i]; j--)
				ids[j] = ids[j - 1];
			ids[j] = vals[i];
		}
	}
	off[n] = total;
	{
		size_t nl = b->nvalues[d], row = layout_label_row(nl);
		uint64_t lists = (uint64_t)(n + 1) * uints_width(total) +
		    (uint64_t)total * uints_width(nl);
		if (nl > 0 && (uint64_t)n * row <= lists) {
			unsigned char *mask = xcalloc(n * row + 1, 1);
			for (size_t id = 0; id < n; id++)
				for (uint64_t k = off[id]; k < off[id + 1]; k++)
					mask[id * row + ids[k] / 8] |=
					    (unsigned char)(1u << (ids[k] % 8));
			putlog_add(log, b->dbi_columns, LAYOUT_COL_LABEL50_MASK,
			    strlen(LAYOUT_COL_LABEL50_MASK), mask, n * row, 0);
			free(mask);
		} else {
			build_put_uints(log, b->dbi_columns,
			    LAYOUT_COL_LABEL50_OFF, off, sizeof *off, n + 1,
			    total);
			build_put_uints(log, b->dbi_columns,
			    LAYOUT_COL_LABEL50_IDS, ids, sizeof *ids, total, nl);
		}
	}
	free(off);
	free(ids);
}

/*
 * Each item's OCR fragments as columns (layout.h), so that the text facet
 * is a tally over the result's items: the text dictionary is too large
 * to intersect a posting list per value the way labels are counted.
 */
static void
build_text_columns(const struct build *b, struct putlog *log)
{
	size_t d = INGEST_DICT_TEXT, n = b->nitems, total = 0, total50 = 0;
	uint64_t *off = xmalloc((n + 1) * sizeof *off);
	uint64_t *off50 = xmalloc((n + 1) * sizeof *off50);
	uint32_t *ids, *ids50, *def = xcalloc(b->nvalues[d] + 1, sizeof *def);
	double *confs;

	for (size_t id = 0; id < n; id++) {
		const uint32_t *vals;
		off[id] = total;
		total += build_item_pairs(b, id, d, &vals, NULL);
	}
	off[n] = total;
	ids = xmalloc((total + 1) * sizeof *ids);
	ids50 = xmalloc((total + 1) * sizeof *ids50);
	confs = xmalloc((total + 1) * sizeof *confs);
	for (size_t id = 0; id < n; id++) {
		const uint32_t *vals;
		const double *vconfs;
		size_t k = build_item_pairs(b, id, d, &vals, &vconfs);
		off50[id] = total50;
		for (size_t i = 0; i < k; i++) {
			uint32_t v = vals[i];
			ids[off[id] + i] = v;
			confs[off[id] + i] = vconfs[i];
			if (vconfs[i] >= CATALOG_DEFAULT_THRESHOLD) {
				ids50[total50++] = v;
				def[v]++;
			}
		}
	}
	off50[n] = total50;
#define PUT(name, data, bytes) putlog_add(log, b->dbi_columns, name, \
	    strlen(name), data, bytes, 0)
	build_put_uints(log, b->dbi_columns, LAYOUT_COL_TEXT_OFF, off,
	    sizeof *off, n + 1, total);
	build_put_uints(log, b->dbi_columns, LAYOUT_COL_TEXT_IDS, ids,
	    sizeof *ids, total, b->nvalues[d]);
	PUT(LAYOUT_COL_TEXT_CONF, confs, total * sizeof *confs);
	build_put_uints(log, b->dbi_columns, LAYOUT_COL_TEXT50_OFF, off50,
	    sizeof *off50, n + 1, total50);
	build_put_uints(log, b->dbi_columns, LAYOUT_COL_TEXT50_IDS, ids50,
	    sizeof *ids50, total50, b->nvalues[d]);
	PUT(LAYOUT_COL_TEXT_DEFAULT, def, b->nvalues[d] * sizeof *def);
#undef PUT
	free(off);
	free(off50);
	free(ids);
	free(ids50);
	free(confs);
	free(def);
}

/* A uuid's sort key: its first 8 bytes big-endian, then the whole. */
struct build_uuid_key {
	uint64_t prefix;
	uint32_t id;
	uint32_t len;
	const char *uuid;
};

/* LMDB's default key order (the prefix decides most pairs alone). */
static int
build_cmp_uuid_keys(const void *x, const void *y)
{
	const struct build_uuid_key *a = x, *b = y;

	if (a->prefix != b->prefix)
		return a->prefix < b->prefix ? -1 : 1;
	return build_cmp_bytes(a->uuid, a->len, b->uuid, b->len);
}

/*
 * The uuid -> id table, sorted, so that every put is an append (and
 * each page is filled, not split half-empty by random inserts).
 */
static void
build_uuids(const struct build *b, struct putlog *log)
{
	struct build_uuid_key *keys = xmalloc((b->nitems + 1) * sizeof *keys);

	for (size_t id = 0; id < b->nitems; id++) {
		const struct ingest_item *it = build_item(b, b->items[id]);
		unsigned char pre[8] = { 0 };

		memcpy(pre, it->uuid, it->uuid_len < 8 ? it->uuid_len : 8);
		keys[id].prefix = (uint64_t)layout_get_be32(pre) << 32 |
		    layout_get_be32(pre + 4);
		keys[id].id = (uint32_t)id;
		keys[id].len = it->uuid_len;
		keys[id].uuid = it->uuid;
	}
	qsort(keys, b->nitems, sizeof *keys, build_cmp_uuid_keys);
	for (size_t i = 0; i < b->nitems; i++)
		putlog_add(log, b->dbi_uuids, keys[i].uuid, keys[i].len,
		    &keys[i].id, sizeof keys[i].id, MDB_APPEND);
	free(keys);
}

/*
 * The uuid table, the posting lists of the stores with many values per
 * item and the OCR text columns: the longest part of a build after parsing, and
 * independent tasks. A helper thread and the transaction's thread
 * compute them together, while the latter also writes the records and
 * each finished task's puts (LMDB wants a transaction's puts on its own
 * thread). Tasks are written in the field table's order: the labels'
 * default postings are appended (MDB_APPEND) before the text's.
 */
enum build_task_kind {
	BUILD_TASK_UUIDS, BUILD_TASK_STORE, BUILD_TASK_TEXT, BUILD_TASK_LABELS
};

struct build_task {
	enum build_task_kind kind;
	size_t store;                /* BUILD_TASK_STORE: its posting lists */
	bool scored;
	struct putlog log;           /* what it computed, to write */
	bool done;
};

/* At most this many tasks computed (or being computed) and not written. */
#define BUILD_TASKS_AHEAD 2

struct build_tasks {
	struct build *b;
	struct build_task *tasks;
	size_t n, next, written;
	bool stop;
	pthread_mutex_t mu;
	pthread_cond_t changed;
	pthread_t helper;
	bool helper_running;
};

static void
build_task_run(struct build *b, struct build_task *t)
{
	switch (t->kind) {
	case BUILD_TASK_UUIDS:
		build_uuids(b, &t->log);
		break;
	case BUILD_TASK_STORE:
		build_store_postings(b, t->store, t->scored, &t->log);
		break;
	case BUILD_TASK_TEXT:
		build_text_columns(b, &t->log);
		break;
	case BUILD_TASK_LABELS:
		build_label_columns(b, &t->log);
		break;
	}
}

/* The next task to compute, if any and if there is room; under mu. */
static struct build_task *
build_tasks_take(struct build_tasks *q)
{
	if (q->stop || q->next == q->n ||
	    q->next - q->written >= BUILD_TASKS_AHEAD)
		return NULL;
	return &q->tasks[q->next++];
}

/* Compute t outside the lock, then say it is done; under mu. */
static void
build_tasks_compute(struct build_tasks *q, struct build_task *t)
{
	pthread_mutex_unlock(&q->mu);
	build_task_run(q->b, t);
	pthread_mutex_lock(&q->mu);
	t->done = true;
	pthread_cond_broadcast(&q->changed);
}

static void *
build_tasks_helper(void *arg)
{
	struct build_tasks *q = arg;
	struct build_task *t;

	pthread_mutex_lock(&q->mu);
	while (!q->stop && q->next < q->n) {
		if ((t = build_tasks_take(q)) != NULL)
			build_tasks_compute(q, t);
		else
			pthread_cond_wait(&q->changed, &q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* List the tasks and start the helper (or not: then the caller does all). */
static void
build_tasks_start(struct build_tasks *q, struct build *b, int threads)
{
	memset(q, 0, sizeof *q);
	q->b = b;
	q->tasks = xcalloc(CATALOG_FIELD_COUNT + 3, sizeof *q->tasks);
	q->tasks[q->n++].kind = BUILD_TASK_UUIDS;
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		enum catalog_field field = (enum catalog_field)f;
		if (!fields_has_pairs(field))
			continue;
		q->tasks[q->n].kind = BUILD_TASK_STORE;
		q->tasks[q->n].store = (size_t)catalog_field_desc(field)->store;
		q->tasks[q->n++].scored = fields_scored(field);
	}
	q->tasks[q->n++].kind = BUILD_TASK_TEXT;
	q->tasks[q->n++].kind = BUILD_TASK_LABELS;
	for (size_t i = 0; i < q->n; i++)
		putlog_init(&q->tasks[i].log);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->changed, NULL);
	q->helper_running = threads > 1 &&
	    pthread_create(&q->helper, NULL, build_tasks_helper, q) == 0;
}

/*
 * Write every task's puts in order (unless !write: a write before failed),
 * computing tasks here too while the next to write is not done; then
 * stop the helper. False with *cause when a write failed (the rest is
 * dropped).
 */
static bool
build_tasks_finish(struct build_tasks *q, bool write, char **cause)
{
	bool ok = write;

	for (size_t i = 0; i < q->n && ok; i++) {
		struct build_task *t = &q->tasks[i], *mine;

		pthread_mutex_lock(&q->mu);
		while (!t->done) {
			if ((mine = build_tasks_take(q)) != NULL)
				build_tasks_compute(q, mine);
			else
				pthread_cond_wait(&q->changed, &q->mu);
		}
		pthread_mutex_unlock(&q->mu);
		ok = build_replay(q->b, &t->log, cause);
		pthread_mutex_lock(&q->mu);
		q->written++;
		pthread_cond_broadcast(&q->changed);
		pthread_mutex_unlock(&q->mu);
	}
	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
	if (q->helper_running)
		pthread_join(q->helper, NULL);
	for (size_t i = 0; i < q->n; i++)
		putlog_fini(&q->tasks[i].log);
	free(q->tasks);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->changed);
	return ok;
}

/* Store each dictionary value: item count, folded form, spelling. */
static bool
build_write_values(struct build *b, char **cause)
{
	struct buf v;
	bool ok = true;

	buf_init(&v);
	for (size_t d = 0; d < INGEST_NDICTS && ok; d++) {
		for (size_t i = 0; i < b->nvalues[d] && ok; i++) {
			unsigned char key[5];
			uint64_t items = b->value_items[d][i];
			uint32_t flen = b->folded_len[d][i];

			key[0] = (unsigned char)d;
			layout_put_be32(key + 1, (uint32_t)i);
			v.len = 0;
			buf_add(&v, &items, sizeof items);
			buf_add(&v, &flen, sizeof flen);
			buf_add(&v, b->folded[d][i], flen);
			buf_add(&v, b->spelling[d][i], b->spelling_len[d][i]);
			ok = build_put(b, b->dbi_values, key, sizeof key, v.data,
			    v.len, MDB_APPEND, cause);
		}
	}
	buf_fini(&v);
	return ok;
}

/* ---- thumbnails ---- */

struct build_thumb_job {
	uint32_t id;
	uint8_t photo;
	char *path;                  /* owned; NULL when the record has none */
	/* results */
	void *jpeg;
	size_t len;
	struct phash hash;           /* of the thumbnail's pixels */
	int status;                  /* 0 pending, 1 ok, 2 missing, 3 corrupt,
	                                BUILD_THUMB_SPARK; -1 while its Spark
	                                thumbnail waits in a batch */
	char *cause;
};

struct build_thumbs {
	struct build_thumb_job *jobs;
	size_t njobs;
	atomic_size_t next;
	size_t written;              /* the writer's position */
	pthread_mutex_t mu;
	pthread_cond_t done, room;
	int size;
};

#define BUILD_THUMB_WINDOW 256
/* A job's status when the Spark job's thumbnail was stored instead. */
#define BUILD_THUMB_SPARK 4

/* Thumbnail thread: decode photos, waiting under t->mu for room. */
static void *
build_thumb_worker(void *arg)
{
	struct build_thumbs *t = arg;

	for (;;) {
		size_t i = atomic_fetch_add(&t->next, 1);
		struct build_thumb_job *j;
		int status;

		if (i >= t->njobs)
			break;
		/* Stay within a window of the writer: bounded memory. */
		pthread_mutex_lock(&t->mu);
		while (i >= t->written + BUILD_THUMB_WINDOW)
			pthread_cond_wait(&t->room, &t->mu);
		pthread_mutex_unlock(&t->mu);
		j = &t->jobs[i];
		/* Set before the threads started, never changed after. */
		if (j->status == BUILD_THUMB_SPARK)
			continue;
		if (j->path == NULL)
			status = 2;          /* j->cause says why */
		else if (access(j->path, R_OK) != 0) {
			status = 2;
			j->cause = xasprintf("photo not found: %s", j->path);
		} else if (image_thumbnail_file_phash(j->path, t->size, &j->jpeg,
		    &j->len, NULL, NULL, &j->hash, &j->cause))
			status = 1;
		else
			status = 3;
		pthread_mutex_lock(&t->mu);
		j->status = status;
		pthread_cond_broadcast(&t->done);
		pthread_mutex_unlock(&t->mu);
	}
	return NULL;
}

/*
 * Resolve a record's photo path inside its image root (owned), or NULL
 * with *cause saying why not: no path, or one leaving the root (never
 * opened, so the rejects file cannot tell whether it exists).
 */
static char *
build_photo_path(const struct build *b, uint16_t root, const char *p,
    size_t len, char **cause)
{
	const char *why;
	char *path;

	if (len == 0) {
		*cause = xstrdup("photo not found: (no path in the record)");
		return NULL;
	}
	if ((path = record_photo_resolve(b->roots[root], p, len, &why)) == NULL)
		*cause = xasprintf("photo %s: %.*s", why, (int)len, p);
	return path;
}

/*
 * One line of the rejects file, which users cat: the file name and the
 * reason (which may quote the data) pass sanitize_text, so no escape
 * sequence reaches the terminal and no newline forges a FILE:LINE: line.
 * line 0: a photo's line, "PREFIX: REASON".
 */
static void
build_reject_line(FILE *f, const char *file, unsigned line, const char *reason)
{
	char *sf = sanitize_text(file, strlen(file), 0);
	char *sr = sanitize_text(reason, strlen(reason), 0);

	if (line > 0)
		fprintf(f, "%s:%u: %s\n", sf, line, sr);
	else
		fprintf(f, "%s: %s\n", sf, sr);
	free(sf);
	free(sr);
}

/*
 * The photo lines of the rejects file, once every photo is accounted for.
 * When not a single photo was found (a dataset made without photos, or a
 * wrong --image-root), one line per image root says so instead of one per
 * photo: 200k items would otherwise write 57 MB saying the same thing.
 * Otherwise every line written to lines (a temporary file) is copied.
 */
static bool
build_photo_lines(struct build *b, FILE *lines, const uint64_t *missing_by_root,
    FILE *rejects, char **cause)
{
	char chunk[65536];
	size_t n;

	if (b->acct.thumbs == 0 && b->acct.photos_corrupt == 0 &&
	    b->acct.photos_missing > 0) {
		for (size_t r = 0; r < b->nroots; r++) {
			char *why;

			if (missing_by_root[r] == 0)
				continue;
			why = xasprintf("none of the %llu photos named by the "
			    "records was found under %s (a dataset made without "
			    "photos, or a wrong --image-root?)",
			    (unsigned long long)missing_by_root[r], b->roots[r]);
			build_reject_line(rejects, "photos", 0, why);
			free(why);
		}
		return true;
	}
	rewind(lines);
	while ((n = fread(chunk, 1, sizeof chunk, lines)) > 0)
		fwrite(chunk, 1, n, rejects);
	if (ferror(lines)) {
		cause_set(cause, "writing the rejects file: %s", strerror(errno));
		return false;
	}
	return true;
}

/* The position k of the photo whose record path is path in item id, or -1. */
static int
build_photo_index(struct build *b, size_t id, const char *path, size_t len)
{
	struct ingest_item *it = build_item(b, b->items[id]);
	const char *p = ingest_shard_at(&b->in.shards[b->items[id].shard],
	    it->paths_loc);

	for (uint32_t k = 0; k < it->nphotos; k++) {
		uint32_t n;

		memcpy(&n, p, sizeof n);
		p += sizeof n;
		if (n == len && memcmp(p, path, len) == 0)
			return k < INT32_MAX ? (int)k : -1;
		p += n;
	}
	return -1;
}

/*
 * Check a thumbnail the Spark job made by decoding it whole, with the
 * limits of any photo (it is as untrusted); one larger than --thumb-size
 * is scaled down and encoded again. *out is malloc'd (a copy when the
 * thumbnail is kept as it came).
 */
static bool
build_spark_thumb(const struct build *b, const unsigned char *jpeg,
    size_t len, void **out, size_t *out_len, struct phash *hash,
    char **cause)
{
	struct image img;
	int size = b->opts->thumb_size, w, h;
	bool ok = true;

	if (!image_jpeg_size(jpeg, len, &w, &h, cause) ||
	    !image_decode_jpeg(jpeg, len, size, size, &img, cause))
		return false;
	/*
	 * The perceptual hash of the thumbnail's pixels, decoded once, as a
	 * photo's is taken from the decode that makes its thumbnail.
	 */
	if (w <= size && h <= size) {
		*hash = phash_rgb(img.rgb, img.width, img.height);
		*out = xmalloc(len);
		memcpy(*out, jpeg, len);
		*out_len = len;
	} else {
		image_fit(&img, size, size);
		*hash = phash_rgb(img.rgb, img.width, img.height);
		ok = image_encode_jpeg(&img, 85, out, out_len, cause);
	}
	image_fini(&img);
	return ok;
}

/* One Spark thumbnail between reading and storing (a batch's entry). */
struct build_spark_entry {
	size_t job;                  /* index in the thumbnail jobs */
	void *in;                    /* the line's JPEG (owned) */
	size_t in_len;
	void *out;                   /* what to store (owned), NULL if unusable */
	size_t out_len;
	struct phash hash;           /* of its pixels */
	char *cause;                 /* why unusable (owned) */
};

/* A batch of Spark thumbnails checked on the build's threads. */
struct build_spark_batch {
	const struct build *b;
	struct build_spark_entry *e;
	size_t n;
	atomic_size_t next;
};

/* Thread body: check the batch's thumbnails until none is left. */
static void *
build_spark_worker(void *arg)
{
	struct build_spark_batch *s = arg;
	size_t i;

	while ((i = atomic_fetch_add(&s->next, 1)) < s->n) {
		struct build_spark_entry *e = &s->e[i];

		if (!build_spark_thumb(s->b, e->in, e->in_len, &e->out,
		    &e->out_len, &e->hash, &e->cause))
			e->out = NULL;
	}
	return NULL;
}

/* Spark thumbnails read before their batch is checked and stored. */
#define BUILD_SPARK_BATCH 512

/*
 * Check a batch on nthreads threads (decoding is most of the cost), then
 * store the usable ones in order and report the others; empties the batch.
 */
static bool
build_spark_flush(struct build *b, struct build_thumbs *t,
    struct build_spark_entry *e, size_t *n, FILE *lines, bool *stored,
    char **cause)
{
	struct build_spark_batch s = { b, e, *n, 0 };
	pthread_t threads[64];
	int nthreads = b->opts->threads < 64 ? b->opts->threads : 64;
	bool ok = true;

	atomic_init(&s.next, 0);
	if (nthreads < 1)
		nthreads = 1;
	for (int i = 0; i < nthreads; i++) {
		if (pthread_create(&threads[i], NULL, build_spark_worker, &s) != 0)
			fatal("cannot start a thread");
	}
	for (int i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	for (size_t i = 0; i < *n; i++) {
		struct build_thumb_job *j = &t->jobs[e[i].job];

		if (ok && e[i].out != NULL) {
			unsigned char key[5];

			layout_put_be32(key, j->id);
			key[4] = j->photo;
			ok = build_put(b, b->dbi_thumbs, key, 5, e[i].out,
			    e[i].out_len, 0, cause);
			j->hash = e[i].hash;
			j->status = BUILD_THUMB_SPARK;
			*stored = true;
		} else if (e[i].out == NULL) {
			char *what = xasprintf("photo %u of item %s", j->photo,
			    build_item(b, b->items[j->id])->uuid);
			char *reason = xasprintf("the Spark job's thumbnail is "
			    "unusable (%s); the photo is read instead",
			    e[i].cause != NULL ? e[i].cause : "?");

			build_reject_line(lines, what, 0, reason);
			free(what);
			free(reason);
		}
		free(e[i].in);
		free(e[i].out);
		free(e[i].cause);
	}
	*n = 0;
	return ok;
}

/*
 * Store the thumbnails the Spark job wrote beside the records (each
 * input's _thumbs/, doc/data-format.md section 3) for the photos they
 * belong to, marking those jobs BUILD_THUMB_SPARK so that no photo is read
 * for them. A line that is no thumbnail, or one whose JPEG does not
 * decode, is reported in lines and that photo is read as usual. *stored:
 * whether any was put (the thumbnails then go in out of key order).
 */
static bool
build_spark_thumbs(struct build *b, struct build_thumbs *t,
    const size_t *first_job, FILE *lines, bool *stored, char **cause)
{
	struct strmap ids;
	bool have_ids = false, ok = true;
	uint64_t unmatched = 0;
	struct build_spark_entry *batch;
	size_t nbatch = 0;

	*stored = false;
	batch = xcalloc(BUILD_SPARK_BATCH, sizeof *batch);
	for (size_t i = 0; i < b->opts->ninputs && ok; i++) {
		char *why = NULL;
		struct sparkthumbs *r = sparkthumbs_open(b->opts->inputs[i], &why);
		struct sparkthumb st;
		int rc;

		if (r == NULL) {
			if (why != NULL)
				build_reject_line(lines, "thumbnails", 0, why);
			free(why);
			continue;
		}
		if (!have_ids) {
			strmap_init(&ids);
			for (size_t id = 0; id < b->nitems; id++) {
				struct ingest_item *it = build_item(b, b->items[id]);
				bool ins;

				strmap_put(&ids, it->uuid, it->uuid_len, id, &ins);
			}
			have_ids = true;
		}
		while (ok && (rc = sparkthumbs_next(r, &st, &why)) != 0) {
			const struct strmap_entry *e;
			struct build_thumb_job *j;
			int k = -1;

			if (rc < 0) {
				build_reject_line(lines, "thumbnails", 0, why);
				free(why);
				continue;
			}
			if ((e = strmap_get(&ids, st.uuid, st.uuid_len)) != NULL)
				k = build_photo_index(b, e->value, st.path,
				    st.path_len);
			if (k < 0 || k >= 256) {
				unmatched++;
				continue;
			}
			j = &t->jobs[first_job[e->value] + (size_t)k];
			/* A repeat: the first one stays (also within a batch). */
			if (j->status == BUILD_THUMB_SPARK || j->status == -1)
				continue;
			j->status = -1;
			batch[nbatch].job = first_job[e->value] + (size_t)k;
			batch[nbatch].in = xmalloc(st.len > 0 ? st.len : 1);
			memcpy(batch[nbatch].in, st.jpeg, st.len);
			batch[nbatch].in_len = st.len;
			batch[nbatch].out = NULL;
			batch[nbatch].cause = NULL;
			if (++nbatch == BUILD_SPARK_BATCH)
				ok = build_spark_flush(b, t, batch, &nbatch, lines,
				    stored, cause);
		}
		sparkthumbs_free(r);
	}
	if (ok && nbatch > 0)
		ok = build_spark_flush(b, t, batch, &nbatch, lines, stored, cause);
	for (size_t i = 0; i < nbatch; i++)      /* left over after a failure */
		free(batch[i].in);
	/* Jobs whose line was unusable go back to being made from the photo. */
	for (size_t i = 0; i < t->njobs; i++)
		if (t->jobs[i].status == -1)
			t->jobs[i].status = 0;
	free(batch);
	if (unmatched > 0) {
		char *why = xasprintf("%llu thumbnails in _thumbs/ belong to no "
		    "photo of the indexed records (ignored)",
		    (unsigned long long)unmatched);
		build_reject_line(lines, "thumbnails", 0, why);
		free(why);
	}
	if (have_ids)
		strmap_fini(&ids);
	return ok;
}

/* Make thumbnails on threads, store them in order, log failures. */
static bool
build_thumbnails(struct build *b, FILE *rejects, char **cause)
{
	struct build_thumbs t;
	pthread_t *threads;
	int nthreads = b->opts->threads;
	bool ok = true;
	size_t cap = 0;
	FILE *lines;
	uint64_t *missing_by_root;
	size_t *first_job;
	bool spark = false;

	/* Photo lines wait here until we know whether any photo was found. */
	if ((lines = tmpfile()) == NULL) {
		cause_set(cause, "a temporary file for the rejects: %s",
		    strerror(errno));
		return false;
	}
	missing_by_root = xcalloc(b->nroots + 1, sizeof *missing_by_root);
	first_job = xcalloc(b->nitems + 1, sizeof *first_job);

	memset(&t, 0, sizeof t);
	t.size = b->opts->thumb_size;
	for (size_t id = 0; id < b->nitems; id++) {
		struct build_ref r = b->items[id];
		struct ingest_item *it = build_item(b, r);
		const char *p = ingest_shard_at(&b->in.shards[r.shard], it->paths_loc);
		first_job[id] = t.njobs;
		for (uint32_t k = 0; k < it->nphotos; k++) {
			uint32_t len;
			memcpy(&len, p, sizeof len);
			p += sizeof len;
			if (k < 256) {
				if (t.njobs == cap) {
					cap = cap == 0 ? 1024 : cap * 2;
					t.jobs = xreallocarray(t.jobs, cap, sizeof *t.jobs);
				}
				memset(&t.jobs[t.njobs], 0, sizeof t.jobs[0]);
				t.jobs[t.njobs].id = (uint32_t)id;
				t.jobs[t.njobs].photo = (uint8_t)k;
				t.jobs[t.njobs].path = build_photo_path(b, it->root, p,
				    len, &t.jobs[t.njobs].cause);
				t.njobs++;
			} else
				b->acct.photos_skipped++;
			p += len;
		}
	}
	b->hashes = xreallocarray(NULL, t.njobs + 1, sizeof *b->hashes);
	b->hash_ids = xreallocarray(NULL, t.njobs + 1, sizeof *b->hash_ids);
	b->hash_photos = xreallocarray(NULL, t.njobs + 1, 1);
	build_progress(b, "thumbnails", 0, t.njobs, true);
	if (!build_spark_thumbs(b, &t, first_job, lines, &spark, cause))
		ok = false;
	atomic_init(&t.next, 0);
	pthread_mutex_init(&t.mu, NULL);
	pthread_cond_init(&t.done, NULL);
	pthread_cond_init(&t.room, NULL);
	threads = xcalloc((size_t)nthreads, sizeof *threads);
	for (int i = 0; i < nthreads; i++) {
		if (pthread_create(&threads[i], NULL, build_thumb_worker, &t) != 0)
			fatal("cannot start a thread");
	}
	for (size_t i = 0; i < t.njobs; i++) {
		struct build_thumb_job *j = &t.jobs[i];
		pthread_mutex_lock(&t.mu);
		while (j->status == 0)
			pthread_cond_wait(&t.done, &t.mu);
		pthread_mutex_unlock(&t.mu);
		if (j->status == BUILD_THUMB_SPARK) {
			b->acct.thumbs++;
			b->acct.thumbs_spark++;
			b->hashes[b->nhashes] = j->hash;
			b->hash_ids[b->nhashes] = j->id;
			b->hash_photos[b->nhashes++] = j->photo;
		} else if (ok && j->status == 1) {
			unsigned char key[5];
			layout_put_be32(key, j->id);
			key[4] = j->photo;
			/* In key order, unless Spark's thumbnails went in first. */
			ok = build_put(b, b->dbi_thumbs, key, 5, j->jpeg, j->len,
			    spark ? 0 : MDB_APPEND, cause);
			b->acct.thumbs++;
			b->hashes[b->nhashes] = j->hash;
			b->hash_ids[b->nhashes] = j->id;
			b->hash_photos[b->nhashes++] = j->photo;
		} else if (j->status != 1) {
			struct ingest_item *it = build_item(b, b->items[j->id]);
			if (j->status == 2) {
				b->acct.photos_missing++;
				missing_by_root[it->root]++;
			} else
				b->acct.photos_corrupt++;
			char *what = xasprintf("photo %u of item %s", j->photo,
			    it->uuid);
			build_reject_line(lines, what, 0, j->cause != NULL ?
			    j->cause : "unreadable");
			free(what);
		}
		free(j->jpeg);
		free(j->path);
		free(j->cause);
		j->jpeg = NULL;
		pthread_mutex_lock(&t.mu);
		t.written = i + 1;
		pthread_cond_broadcast(&t.room);
		pthread_mutex_unlock(&t.mu);
		build_progress(b, "thumbnails", i + 1, t.njobs, false);
	}
	for (int i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	free(t.jobs);
	pthread_mutex_destroy(&t.mu);
	pthread_cond_destroy(&t.done);
	pthread_cond_destroy(&t.room);
	if (ok)
		ok = build_photo_lines(b, lines, missing_by_root, rejects, cause);
	fclose(lines);
	free(missing_by_root);
	free(first_job);
	return ok;
}

/* ---- near-duplicates ---- */

/* qsort order for item ids. */
static int
build_cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, c = *(const uint32_t *)y;

	return a < c ? -1 : a > c;
}

/*
 * The photos' hashes as columns, and each item's near-duplicates: the
 * other items with a photo within phash_near() of one of its photos,
 * found by multi-index hashing (phash.h), ascending ids (layout.h).
 */
static bool
build_write_dups(struct build *b, char **cause)
{
	size_t n = b->nitems, nh = b->nhashes, npairs;
	uint64_t *hoff = xcalloc(n + 1, sizeof *hoff);
	uint64_t *dct = xmalloc((nh + 1) * sizeof *dct);
	int8_t *chroma = xmalloc(PHASH_CHROMA_BYTES * nh + 1);
	uint64_t *doff = xcalloc(n + 2, sizeof *doff), *fill;
	uint32_t *dids;
	struct phash_pair *pairs;
	bool ok;

	for (size_t i = 0; i < nh; i++) {
		hoff[b->hash_ids[i] + 1]++;
		dct[i] = b->hashes[i].dct;
		memcpy(chroma + PHASH_CHROMA_BYTES * i, b->hashes[i].chroma,
		    PHASH_CHROMA_BYTES);
	}
	for (size_t id = 0; id < n; id++)
		hoff[id + 1] += hoff[id];
	build_progress(b, "near-duplicates", 0, nh, true);
	phash_near_pairs(b->hashes, b->hash_ids, nh, b->opts->threads, &pairs,
	    &npairs);
	for (size_t p = 0; p < npairs; p++) {
		doff[pairs[p].a + 1]++;
		doff[pairs[p].b + 1]++;
	}
	for (size_t id = 0; id < n; id++)
		doff[id + 1] += doff[id];
	dids = xmalloc((2 * npairs + 1) * sizeof *dids);
	fill = xcalloc(n + 1, sizeof *fill);
	for (size_t p = 0; p < npairs; p++) {
		dids[doff[pairs[p].a] + fill[pairs[p].a]++] = pairs[p].b;
		dids[doff[pairs[p].b] + fill[pairs[p].b]++] = pairs[p].a;
	}
	for (size_t id = 0; id < n; id++)
		if (doff[id + 1] - doff[id] > 1)
			qsort(dids + doff[id], doff[id + 1] - doff[id], sizeof *dids,
			    build_cmp_u32);
#define PUT(name, data, bytes) build_put(b, b->dbi_columns, name, \
	    strlen(name), data, bytes, 0, cause)
	ok = PUT(LAYOUT_COL_PHASH_OFF, hoff, (n + 1) * sizeof *hoff) &&
	    PUT(LAYOUT_COL_PHASH_PHOTO, b->hash_photos, nh) &&
	    PUT(LAYOUT_COL_PHASH_DCT, dct, nh * sizeof *dct) &&
	    PUT(LAYOUT_COL_PHASH_CHROMA, chroma, PHASH_CHROMA_BYTES * nh) &&
	    PUT(LAYOUT_COL_DUP_OFF, doff, (n + 1) * sizeof *doff) &&
	    PUT(LAYOUT_COL_DUP_IDS, dids, 2 * npairs * sizeof *dids);
#undef PUT
	free(hoff);
	free(dct);
	free(chroma);
	free(doff);
	free(fill);
	free(dids);
	free(pairs);
	return ok;
}

/* ---- meta ---- */

/* Store the schema version and the build info (as JSON). */
static bool
build_write_meta(struct build *b, char **cause)
{
	json_t *info = json_object(), *acct = json_object(), *arr;
	uint32_t schema = CATALOG_SCHEMA_VERSION;
	char *text;
	bool ok;
	json_t *distinct = json_object(), *dsizes = json_array();
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	json_object_set_new(info, "built_at_ms",
	    json_integer((json_int_t)now.tv_sec * 1000 + now.tv_nsec / 1000000));
	json_object_set_new(info, "rummage_version", json_string(RUMMAGE_VERSION));
	{
		char rv[32];
		layout_roaring_version(rv);
		json_object_set_new(info, "roaring_version", json_string(rv));
	}
	arr = json_array();
	for (size_t i = 0; i < b->opts->ninputs; i++) {
		char *abs = realpath(b->opts->inputs[i], NULL);
		json_array_append_new(arr, json_string(abs != NULL ? abs :
		    b->opts->inputs[i]));
		free(abs);
	}
	json_object_set_new(info, "inputs", arr);
	arr = json_array();
	for (size_t i = 0; i < b->nroots; i++)
		json_array_append_new(arr, json_string(b->roots[i]));
	json_object_set_new(info, "image_roots", arr);
	json_object_set_new(info, "thumb_size", json_integer(b->opts->thumb_size));
	json_object_set_new(info, "items", json_integer((json_int_t)b->nitems));
	for (size_t d = 0; d < INGEST_NDICTS; d++)
		json_array_append_new(dsizes, json_integer((json_int_t)b->nvalues[d]));
	if (b->nitems > 0) {
		json_object_set_new(info, "first_ms", json_integer(
		    build_item(b, b->items[b->nitems - 1])->ts_ms));
		json_object_set_new(info, "last_ms", json_integer(
		    build_item(b, b->items[0])->ts_ms));
	}
#define ACCT(name) json_object_set_new(acct, #name, json_integer((json_int_t)b->acct.name))
	ACCT(files); ACCT(lines); ACCT(indexed); ACCT(rejected);
	ACCT(duplicates); ACCT(input_bytes); ACCT(photos); ACCT(thumbs);
	ACCT(thumbs_spark);
	ACCT(photos_missing); ACCT(photos_corrupt); ACCT(photos_skipped);
#undef ACCT
	json_object_set_new(info, "accounting", acct);
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *fd =
		    catalog_field_desc((enum catalog_field)f);
		/* Values seen only in replaced duplicates do not count. */
		size_t n = 0, d = (size_t)fd->store;
		if (fd->store < 0)
			continue;
		for (size_t v = 0; v < b->nvalues[d]; v++)
			n += b->value_items[d][v] > 0;
		json_object_set_new(distinct, fd->name, json_integer((json_int_t)n));
	}
	json_object_set_new(info, "dict_sizes", dsizes);
	json_object_set_new(info, "distinct", distinct);
	{
		/* json_dumpb: the text in our memory (jansson's is jarena's). */
		size_t n = json_dumpb(info, NULL, 0, JSON_COMPACT |
		    JSON_PRESERVE_ORDER);
		text = xmalloc(n + 1);
		json_dumpb(info, text, n, JSON_COMPACT | JSON_PRESERVE_ORDER);
		text[n] = '\0';
	}
	json_decref(info);
	ok = build_put(b, b->dbi_meta, "schema", 6, &schema, sizeof schema, 0,
	    cause) && build_put(b, b->dbi_meta, "info", 4, text, strlen(text), 0,
	    cause) && build_put(b, b->dbi_meta, LAYOUT_META_RECORD_DICT,
	    strlen(LAYOUT_META_RECORD_DICT), b->in.dict.data, b->in.dict.len, 0,
	    cause);
	free(text);
	return ok;
}

/* ---- rejects ---- */

/* qsort order for rejects: input order (file, then line). */
static int
build_cmp_rejects(const void *x, const void *y)
{
	const struct ingest_reject *a = *(struct ingest_reject *const *)x;
	const struct ingest_reject *c = *(struct ingest_reject *const *)y;

	return a->seq < c->seq ? -1 : a->seq > c->seq;
}

/* All rejected lines, in input order, as FILE:LINE: REASON. */
static void
build_write_rejects(struct build *b, FILE *f)
{
	struct ingest_reject **all;
	size_t n = b->in.nrejects, k = 0;

	for (size_t s = 0; s < b->in.nshards; s++)
		n += b->in.shards[s].nrejects;
	all = xmalloc((n + 1) * sizeof *all);
	for (size_t i = 0; i < b->in.nrejects; i++)
		all[k++] = &b->in.rejects[i];
	for (size_t s = 0; s < b->in.nshards; s++)
		for (size_t i = 0; i < b->in.shards[s].nrejects; i++)
			all[k++] = &b->in.shards[s].rejects[i];
	qsort(all, n, sizeof *all, build_cmp_rejects);
	for (size_t i = 0; i < n; i++)
		build_reject_line(f, b->files[all[i]->seq >> 32].path,
		    (unsigned)(all[i]->seq & 0xffffffffu), all[i]->reason);
	b->acct.rejected = n;
	free(all);
}

/* ---- the whole build ---- */

/* Free everything the build holds, aborting any open txn. */
static void
build_fini(struct build *b)
{
	if (b->txn != NULL)
		mdb_txn_abort(b->txn);
	if (b->env != NULL)
		mdb_env_close(b->env);
	for (size_t i = 0; i < b->nfiles; i++)
		free(b->files[i].path);
	free(b->files);
	for (size_t i = 0; i < b->nroots; i++)
		free(b->roots[i]);
	free(b->roots);
	for (size_t d = 0; d < INGEST_NDICTS; d++) {
		if (b->remap[d] != NULL)
			for (size_t s = 0; s < b->in.nshards; s++)
				free(b->remap[d][s]);
		free(b->remap[d]);
		free(b->folded[d]);
		free(b->folded_len[d]);
		free(b->spelling[d]);
		free(b->spelling_len[d]);
		free(b->value_items[d]);
		free(b->pairs[d].off);
		free(b->pairs[d].vals);
		free(b->pairs[d].confs);
		strmap_fini(&b->merged[d]);
	}
	ingest_result_fini(&b->in);
	free(b->items);
	free(b->hashes);
	free(b->hash_ids);
	free(b->hash_photos);
	free(b->tmp_path);
}

/* ---- what the build may replace ---- */

/* Is the regular file open on fd an LMDB file (its first meta page)? */
static bool
build_is_lmdb(int fd)
{
	unsigned char h[20];
	uint32_t magic;
	uint16_t flags;

	if (pread(fd, h, sizeof h, 0) != (ssize_t)sizeof h)
		return false;
	memcpy(&flags, h + 10, sizeof flags);
	memcpy(&magic, h + 16, sizeof magic);
	return magic == 0xBEEFC0DEu && (flags & 0x08) != 0;
}

/*
 * Decide where the index goes (doc/index-format.md, "Replacing an
 * index"): db_path itself, or the file a symlink there names (the link
 * is kept). Something that exists there is replaced only when it is a
 * regular LMDB file, a rummage index of any format, damaged or not; a
 * device, FIFO, socket, directory, dangling link or anyone's other file
 * is refused. *target is owned by the caller; *mode is the old file's
 * permissions (to keep) or -1 when there was none.
 */
static bool
build_target(const char *db_path, char **target, int *mode, char **cause)
{
	struct stat st;
	int fd;
	bool ours;

	*target = NULL;
	*mode = -1;
	if (lstat(db_path, &st) == -1) {
		if (errno != ENOENT) {
			*cause = xasprintf("%s: %s", db_path, strerror(errno));
			return false;
		}
		*target = xstrdup(db_path);
		return true;
	}
	if (S_ISLNK(st.st_mode)) {
		if ((*target = realpath(db_path, NULL)) == NULL) {
			*cause = xasprintf("%s: a symbolic link to nothing (%s); "
			    "remove it or give --db the path it should name",
			    db_path, strerror(errno));
			return false;
		}
	} else
		*target = xstrdup(db_path);
	if (lstat(*target, &st) == -1) {
		*cause = xasprintf("%s: %s", *target, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s: exists and is not a regular file (%s); "
		    "rummage index will not replace it: choose another --db",
		    db_path, S_ISDIR(st.st_mode) ? "a directory" :
		    S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISSOCK(st.st_mode) ?
		    "a socket" : "a device");
		goto fail;
	}
	/* O_NONBLOCK: it was a regular file a moment ago; never hang on a swap. */
	if ((fd = open(*target, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", db_path, strerror(errno));
		goto fail;
	}
	ours = build_is_lmdb(fd);
	close(fd);
	if (!ours) {
		*cause = xasprintf("%s: exists and is not a rummage index; "
		    "rummage index will not replace it: move it away or choose "
		    "another --db", db_path);
		goto fail;
	}
	*mode = (int)(st.st_mode & 07777);
	return true;
fail:
	free(*target);
	*target = NULL;
	return false;
}

/*
 * Remove what killed builds left beside the index: ".BASE.tmp-PID" and
 * "BASE.rejects.tmp-PID" files of processes that no longer run.
 */
static void
build_clean_stale(const char *dir, const char *base)
{
	char *p1 = xasprintf(".%s.tmp-", base), *p2 = xasprintf("%s.rejects.tmp-",
	    base);
	DIR *d;
	struct dirent *de;

	if ((d = opendir(dir)) == NULL)
		goto out;
	while ((de = readdir(d)) != NULL) {
		const char *pid = NULL;
		char *end, *path;
		long n;
		struct stat st;

		if (strncmp(de->d_name, p1, strlen(p1)) == 0)
			pid = de->d_name + strlen(p1);
		else if (strncmp(de->d_name, p2, strlen(p2)) == 0)
			pid = de->d_name + strlen(p2);
		if (pid == NULL || *pid < '1' || *pid > '9')
			continue;
		errno = 0;
		n = strtol(pid, &end, 10);
		if (*end != '\0' || errno != 0 || n <= 0 || n > INT32_MAX ||
		    n == (long)getpid() || kill((pid_t)n, 0) == 0 || errno != ESRCH)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_uid == geteuid())
			unlink(path);
		free(path);
	}
	closedir(d);
out:
	free(p1);
	free(p2);
}

/* fsync a path by name (the directory, so a rename is durable). */
static bool
build_fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool ok;

	if (fd == -1)
		return false;
	ok = fsync(fd) == 0;
	close(fd);
	return ok;
}

/* Build into a temporary file, then rename it over the index. */
bool
catalog_build(const struct catalog_build_options *opts,
    struct catalog_accounting *acct_out, char **cause)
{
	struct build b;
	struct catalog_build_options o = *opts;
	char *rejects_path = NULL, *rejects_tmp = NULL, *dir = NULL, *copy;
	char *target = NULL;
	FILE *rejects = NULL;
	bool ok = false, written;
	struct build_tasks tasks;
	int rc, mode, rejects_mode = -1;
	struct stat st;

	memset(&b, 0, sizeof b);
	if (!build_target(opts->db_path, &target, &mode, cause))
		return false;
	o.db_path = target;
	copy = xstrdup(target);
	dir = xstrdup(dirname(copy));
	free(copy);
	copy = xstrdup(target);
	build_clean_stale(dir, basename(copy));
	free(copy);
	if (o.threads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		o.threads = n < 1 ? 1 : n > 64 ? 64 : (int)n;
	}
	b.opts = &o;
	if (!build_list_inputs(&b, cause))
		goto out;
	b.acct.files = b.nfiles;
	rejects_path = xasprintf("%s.rejects", o.db_path);
	rejects_tmp = xasprintf("%s.tmp-%ld", rejects_path, (long)getpid());
	/* The rejects file is ours to replace only when it is a plain file. */
	if (lstat(rejects_path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			*cause = xasprintf("%s: exists and is not a regular file; "
			    "rummage index will not replace it", rejects_path);
			goto out;
		}
		rejects_mode = (int)(st.st_mode & 07777);
	}
	if ((rejects = fopen(rejects_tmp, "w")) == NULL) {
		cause_set(cause, "%s: %s", rejects_tmp, strerror(errno));
		goto out;
	}
	if (!ingest_run(b.files, b.nfiles, o.threads, o.progress, o.progress_arg,
	    &b.in, cause))
		goto out;
	b.acct.lines = b.in.lines;
	b.acct.input_bytes = b.in.json_bytes;
	build_progress(&b, "indexing", 0, 0, true);
	build_merge_dicts(&b);
	build_dedup(&b);
	build_gather_pairs(&b);
	b.acct.indexed = b.nitems;
	for (size_t id = 0; id < b.nitems; id++)
		b.acct.photos += build_item(&b, b.items[id])->nphotos;
	build_write_rejects(&b, rejects);
	if (!build_open_env(&b, cause))
		goto out;
	/* The posting lists are computed while the records are written. */
	build_tasks_start(&tasks, &b, o.threads);
	written = build_write_items(&b, cause);
	if (written) {
		build_progress(&b, "postings", 0, 0, true);
		written = build_write_columns(&b, cause) &&
		    build_write_plain_postings(&b, cause);
	}
	/* The helper is joined whatever happened above. */
	if (!build_tasks_finish(&tasks, written, cause) || !written ||
	    !build_write_values(&b, cause))
		goto out;
	if (o.thumb_size > 0 && !build_thumbnails(&b, rejects, cause))
		goto out;
	if (!build_write_dups(&b, cause))
		goto out;
	if (!build_write_meta(&b, cause))
		goto out;
	build_progress(&b, "committing", 0, 0, true);
	rc = mdb_txn_commit(b.txn);
	b.txn = NULL;
	if (rc != 0) {
		build_lmdb_fail(&b, rc, "writing the index", cause);
		goto out;
	}
	if ((rc = mdb_env_sync(b.env, 1)) != 0) {
		build_lmdb_fail(&b, rc, "writing the index", cause);
		goto out;
	}
	mdb_env_close(b.env);
	b.env = NULL;
	if (fflush(rejects) != 0 || fsync(fileno(rejects)) != 0) {
		cause_set(cause, "%s: %s", rejects_tmp, strerror(errno));
		goto out;
	}
	fclose(rejects);
	rejects = NULL;
	/* A replaced index and its rejects keep their permissions. */
	if ((mode >= 0 && chmod(b.tmp_path, (mode_t)mode) == -1) ||
	    (rejects_mode >= 0 && chmod(rejects_tmp, (mode_t)rejects_mode) == -1)) {
		*cause = xasprintf("%s: %s", o.db_path, strerror(errno));
		goto out;
	}
	/* The moment the new index replaces the old one. */
	if (rename(b.tmp_path, o.db_path) == -1) {
		cause_set(cause, "%s: %s", o.db_path, strerror(errno));
		goto out;
	}
	if (rename(rejects_tmp, rejects_path) == -1) {
		cause_set(cause, "%s: %s", rejects_path, strerror(errno));
		goto out;
	}
	build_fsync_path(dir);
	if (acct_out != NULL)
		*acct_out = b.acct;
	ok = true;
out:
	if (rejects != NULL)
		fclose(rejects);
	if (!ok) {
		if (rejects_tmp != NULL)
			unlink(rejects_tmp);
		if (b.env != NULL) {
			if (b.txn != NULL)
				mdb_txn_abort(b.txn);
			b.txn = NULL;
			mdb_env_close(b.env);
			b.env = NULL;
		}
		if (b.tmp_path != NULL)
			unlink(b.tmp_path);
	}
	build_fini(&b);
	free(rejects_path);
	free(rejects_tmp);
	free(dir);
	free(target);
	return ok;
}
