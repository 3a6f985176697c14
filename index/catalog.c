/*
 * catalog.c - reading an index: open and check it, the per-call read
 * transaction, and access to columns, values and posting lists that
 * engine.c (queries), facets.c (facets) and item.c (items) build on.
 *
 * Every call renews the catalog's read transaction and resets it before
 * returning, so no transaction is ever held while the browser waits for
 * a key. The index file is never written after it is renamed into place,
 * so frozen CRoaring views straight into the map are safe for the length
 * of a call; nothing that points into the map outlives the call.
 */
#include "catalog.h"

#include "catalog_internal.h"

#include <errno.h>
#include <jansson.h>
#include <lmdb.h>
#include <roaring/roaring.h>
#include <roaring/roaring_version.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cause.h"
#include "check.h"
#include "layout.h"
#include "record.h"
#include "sanitize.h"
#include "xmalloc.h"

/* ---- transactions ---- */

/*
 * The handle this thread is reading through, for catalog_fault(): set
 * by catalog_begin (and while catalog_open reads), cleared at the end.
 */
static _Thread_local struct catalog *catalog_reading;
static struct sigaction catalog_old_segv, catalog_old_bus;

/*
 * SIGSEGV/SIGBUS: inside a catalog read, the file is damaged in a way
 * the checks at open cannot see (LMDB follows the offsets it finds, and
 * a file truncated after open faults): restore the terminal, say so and
 * exit 1. Anywhere else, restore the previous action and let it fault.
 */
static void
catalog_fault(int sig, siginfo_t *si, void *uc)
{
	struct catalog *cat = catalog_reading;
	ssize_t n;

	(void)si;
	(void)uc;
	if (cat == NULL || cat->fault_msg == NULL) {
		sigaction(sig, sig == SIGBUS ? &catalog_old_bus :
		    &catalog_old_segv, NULL);
		return;
	}
	catalog_reading = NULL;
	fatal_run_cleanup();
	n = write(STDERR_FILENO, cat->fault_msg, strlen(cat->fault_msg));
	(void)n;
	_exit(1);
}

/* Turn a fault while reading a damaged index into exit 1 (catalog.h). */
void
catalog_fault_guard(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = catalog_fault;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &catalog_old_segv);
	sigaction(SIGBUS, &sa, &catalog_old_bus);
}

/* Renew the handle's read transaction at the start of an API call. */
bool
catalog_begin(struct catalog *cat, char **cause)
{
	int rc = mdb_txn_renew(cat->txn);

	if (rc != 0) {
		cause_set(cause, "%s: %s", cat->path, mdb_strerror(rc));
		return false;
	}
	catalog_reading = cat;
	return true;
}

/* Free the views and aligned copies made so far in this call. */
void
catalog_release(struct catalog *cat)
{
	for (size_t i = 0; i < cat->nviews; i++)
		roaring_bitmap_free((roaring_bitmap_t *)cat->views[i]);
	for (size_t i = 0; i < cat->ncopies; i++)
		free(cat->copies[i]);
	cat->nviews = cat->ncopies = 0;
}

/* End an API call: free its views and copies; no txn outlives it. */
void
catalog_end(struct catalog *cat)
{
	catalog_reading = NULL;
	catalog_release(cat);
	mdb_txn_reset(cat->txn);
}

/* Say the index is damaged and to rebuild it (first cause wins); false. */
bool
catalog_corrupt(struct catalog *cat, const char *what, char **cause)
{
	if (cause != NULL && *cause == NULL)
		cause_set(cause, "%s: the index is damaged or truncated (%s): "
		    "rebuild it with rummage index", cat->path, what);
	return false;
}

/* Does val lie inside the mapped file? (LMDB trusts the sizes it reads.) */
bool
catalog_val_ok(const struct catalog *cat, const MDB_val *val)
{
	const char *p = val->mv_data;

	if (val->mv_size == 0)
		return true;
	return p >= cat->map && (size_t)(p - cat->map) <= cat->map_len &&
	    val->mv_size <= cat->map_len - (size_t)(p - cat->map);
}

/* mdb_get, with a value outside the file reported as MDB_CORRUPTED. */
int
catalog_get(struct catalog *cat, MDB_dbi dbi, MDB_val *key, MDB_val *val)
{
	int rc = mdb_get(cat->txn, dbi, key, val);

	if (rc == 0 && !catalog_val_ok(cat, val))
		return MDB_CORRUPTED;
	return rc;
}

/* A copy of a value in 32-byte-aligned memory that lives until catalog_end. */
const char *
catalog_aligned(struct catalog *cat, const void *data, size_t len,
    size_t offset)
{
	char *p;

	/* data + offset must be 32-aligned; copy to base + 32 - offset%32. */
	p = aligned_alloc(32, ((len + 64) + 31) / 32 * 32);
	if (p == NULL)
		fatal("out of memory");
	if (cat->ncopies == cat->copies_cap) {
		cat->copies_cap = cat->copies_cap == 0 ? 16 : cat->copies_cap * 2;
		cat->copies = xreallocarray(cat->copies, cat->copies_cap,
		    sizeof *cat->copies);
	}
	cat->copies[cat->ncopies++] = p;
	p += (32 - offset % 32) % 32;
	memcpy(p, data, len);
	return p;
}

/* Remember a frozen view for catalog_end to free. */
void
catalog_keep_view(struct catalog *cat, const roaring_bitmap_t *bm)
{
	if (cat->nviews == cat->views_cap) {
		cat->views_cap = cat->views_cap == 0 ? 64 : cat->views_cap * 2;
		cat->views = xreallocarray(cat->views, cat->views_cap,
		    sizeof *cat->views);
	}
	cat->views[cat->nviews++] = bm;
}


/* Check a posting blob and fill p; p lives until catalog_end. */
bool
catalog_posting_parse(struct catalog *cat, const MDB_val *val,
    struct catalog_posting *p, char **cause)
{
	struct layout_posting_header h;
	const char *base = val->mv_data;

	if (val->mv_size < sizeof h || !catalog_val_ok(cat, val))
		return catalog_corrupt(cat, "short posting list", cause);
	memcpy(&h, base, sizeof h);
	if (h.magic != LAYOUT_POSTING_MAGIC || h.nbands > LAYOUT_MAX_BANDS ||
	    sizeof h + (size_t)h.nbands * sizeof(struct layout_band) > val->mv_size)
		return catalog_corrupt(cat, "bad posting list header", cause);
	/* Frozen views need bitmaps at 32-byte boundaries (layout.h). */
	if (((uintptr_t)base + 16) % 32 != 0)
		base = catalog_aligned(cat, base, val->mv_size, 16);
	p->base = base;
	p->len = val->mv_size;
	p->nbands = h.nbands;
	p->count = h.count;
	p->value = h.value;
	p->bands = (const struct layout_band *)(const void *)(base + sizeof h);
	for (uint32_t k = 0; k < h.nbands; k++) {
		const struct layout_band *b = &p->bands[k];
		if (b->bitmap_off > p->len || b->bitmap_len > p->len - b->bitmap_off ||
		    b->bitmap_off % 32 != 16 ||
		    (b->confs_off != 0 && (b->confs_off % 8 != 0 ||
		    b->confs_off > p->len ||
		    (uint64_t)b->count * sizeof(double) > p->len - b->confs_off)))
			return catalog_corrupt(cat, "bad posting band", cause);
	}
	return true;
}

/* A view of band k's bitmap, valid until catalog_end(). */
const roaring_bitmap_t *
catalog_band_view(struct catalog *cat, const struct catalog_posting *p,
    uint32_t k, char **cause)
{
	const roaring_bitmap_t *bm = roaring_bitmap_frozen_view(
	    p->base + p->bands[k].bitmap_off, p->bands[k].bitmap_len);

	if (bm == NULL) {
		catalog_corrupt(cat, "bad bitmap", cause);
		return NULL;
	}
	catalog_keep_view(cat, bm);
	return bm;
}

/* ---- opening ---- */

/* The named tables an index has, in the order of struct catalog's dbis. */
static const char *const catalog_tables[] = { LAYOUT_DB_META,
    LAYOUT_DB_ITEMS, LAYOUT_DB_UUIDS, LAYOUT_DB_COLUMNS, LAYOUT_DB_VALUES,
    LAYOUT_DB_POSTINGS, LAYOUT_DB_DEFAULT, LAYOUT_DB_THUMBS };
#define CATALOG_NTABLES (sizeof catalog_tables / sizeof catalog_tables[0])

/* Read the first node offset of the main table's root page into ptr0. */
static bool
catalog_open_ptr0(int fd, const struct check_geometry *g, unsigned char ptr0[2])
{
	return pread(fd, ptr0, 2, (off_t)(g->main_db.root * g->psize + 16)) == 2;
}

/* check_tree's callback for the main table: remember each table's root. */
static bool
catalog_open_table(void *arg, const char *name, size_t len,
    const struct check_db *db)
{
	struct check_db *roots = arg;

	for (size_t i = 0; i < CATALOG_NTABLES; i++) {
		if (strlen(catalog_tables[i]) == len &&
		    memcmp(catalog_tables[i], name, len) == 0) {
			roots[i] = *db;
			return true;
		}
	}
	return false;
}

/*
 * Check the file under path before LMDB maps it: a regular file, meta
 * pages that LMDB accepts, every page they promise inside the file, and
 * a sane main table. Fills the tables' roots; false with *cause.
 */
static bool
catalog_open_check(struct catalog *cat, struct stat *st,
    struct check_db roots[CATALOG_NTABLES], uint64_t *first_key,
    char **cause)
{
	unsigned char ptr0[2];
	struct check_geometry g;
	const char *what = NULL;
	unsigned char *seen = NULL;
	bool ok = false;
	int fd;

	/* O_NONBLOCK: a FIFO at path must not hang us before the S_ISREG test. */
	if ((fd = open(cat->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		*cause = errno == ENOENT ? xasprintf("%s: no such index; build "
		    "one with: rummage index --db %s RECORDS_DIR", cat->path,
		    cat->path) : xasprintf("%s: %s", cat->path, strerror(errno));
		return false;
	}
	if (fstat(fd, st) == -1) {
		*cause = xasprintf("%s: %s", cat->path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st->st_mode)) {
		*cause = xasprintf("%s: not an index file", cat->path);
		goto out;
	}
	if (!check_geometry(fd, (uint64_t)st->st_size, &g, &what)) {
		if (what == NULL)
			*cause = xasprintf("%s: not a rummage index", cat->path);
		else
			catalog_corrupt(cat, what, cause);
		goto out;
	}
	for (size_t i = 0; i < CATALOG_NTABLES; i++)
		roots[i].root = UINT64_MAX;
	seen = check_seen_new(&g);
	if (!check_tree(fd, &g, &g.main_db, true, catalog_open_table, roots,
	    seen, &what)) {
		catalog_corrupt(cat, what, cause);
		goto out;
	}
	/*
	 * The main table of an index is one leaf page (eight entries). Where
	 * its first key lies in the file tells catalog_open where LMDB
	 * mapped the file, which LMDB has no call for.
	 */
	if (g.main_db.depth != 1 || !catalog_open_ptr0(fd, &g, ptr0)) {
		catalog_corrupt(cat, "bad main table", cause);
		goto out;
	}
	*first_key = g.main_db.root * g.psize + (ptr0[0] | ptr0[1] << 8) + 8;
	/* The meta table is a page or two: walk it, it is read at once. */
	if (!check_tree(fd, &g, &roots[0], false, NULL, NULL, seen, &what)) {
		catalog_corrupt(cat, what, cause);
		goto out;
	}
	ok = true;
out:
	free(seen);
	close(fd);
	return ok;
}

/* Check the counts in the build info against the tables; false with *cause. */
static bool
catalog_open_counts(struct catalog *cat, const struct check_db *roots,
    char **cause)
{
	json_int_t n = json_integer_value(json_object_get(cat->info, "items"));
	json_t *dsizes = json_object_get(cat->info, "dict_sizes");
	uint64_t nvalues = 0;

	/* Ids index the columns: the count must be exactly the items'. */
	if (!json_is_integer(json_object_get(cat->info, "items")) || n < 0 ||
	    n > (json_int_t)UINT32_MAX - 1 || roots[1].entries != (uint64_t)n ||
	    roots[2].entries != (uint64_t)n)
		return catalog_corrupt(cat, "item count", cause);
	cat->nitems = (uint32_t)n;
	if (json_array_size(dsizes) != LAYOUT_NSTORES)
		return catalog_corrupt(cat, "dictionary sizes", cause);
	for (size_t d = 0; d < LAYOUT_NSTORES; d++) {
		json_t *j = json_array_get(dsizes, d);
		json_int_t v = json_integer_value(j);
		/* Facets allocate per value: bound them by the values stored. */
		if (!json_is_integer(j) || v < 0 ||
		    (uint64_t)v > roots[4].entries)
			return catalog_corrupt(cat, "dictionary sizes", cause);
		cat->nvalues[d] = (size_t)v;
		nvalues += (uint64_t)v;
	}
	if (nvalues != roots[4].entries)
		return catalog_corrupt(cat, "dictionary sizes", cause);
	return true;
}

/* catalog_open with a cause to fill (never NULL). */
static struct catalog *
catalog_open_checked(const char *path, char **cause)
{
	struct catalog *cat = xcalloc(1, sizeof *cat);
	struct check_db roots[CATALOG_NTABLES];
	MDB_val key, val;
	MDB_cursor *cur;
	MDB_dbi main_dbi;
	uint64_t first_key = 0;
	json_error_t jerr;
	json_t *jroots;
	struct stat st;
	int rc;
	uint32_t schema;
	MDB_dbi *dbis[] = { &cat->dbi_meta, &cat->dbi_items, &cat->dbi_uuids,
	    &cat->dbi_columns, &cat->dbi_values, &cat->dbi_postings,
	    &cat->dbi_default, &cat->dbi_thumbs };

	cat->path = xstrdup(path);
	if (!catalog_open_check(cat, &st, roots, &first_key, cause))
		goto fail;
	if ((rc = mdb_env_create(&cat->env)) != 0)
		goto lmdb_fail;
	mdb_env_set_maxdbs(cat->env, LAYOUT_MAXDBS);
	/* Map just the file (LMDB raises it to the data's size if needed). */
	mdb_env_set_mapsize(cat->env, ((size_t)st.st_size + 65535) & ~(size_t)65535);
	/*
	 * The file is immutable once renamed into place: no lock file is
	 * needed (and none is created beside it), and the map is read-only.
	 */
	{
		char *safe = sanitize_text(path, strlen(path), SANITIZE_ASCII);
		cat->fault_msg = xasprintf("rummage: %s: the index is damaged or "
		    "truncated (a read of it failed): check it with rummage info "
		    "--check, rebuild it with rummage index\n", safe);
		free(safe);
	}
	catalog_reading = cat;
	rc = mdb_env_open(cat->env, path, MDB_NOSUBDIR | MDB_RDONLY |
	    MDB_NOLOCK | MDB_NOTLS, 0);
	if (rc != 0) {
		if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH)
			cause_set(cause, "%s: not a rummage index", path);
		else
			cause_set(cause, "%s: %s", path, mdb_strerror(rc));
		goto fail;
	}
	if ((rc = mdb_txn_begin(cat->env, NULL, MDB_RDONLY, &cat->txn)) != 0)
		goto lmdb_fail;
	/* Values are checked to lie in the file (catalog_val_ok). */
	if ((rc = mdb_dbi_open(cat->txn, NULL, 0, &main_dbi)) != 0 ||
	    (rc = mdb_cursor_open(cat->txn, main_dbi, &cur)) != 0)
		goto lmdb_fail;
	rc = mdb_cursor_get(cur, &key, &val, MDB_FIRST);
	mdb_cursor_close(cur);
	if (rc != 0)
		goto lmdb_fail;
	cat->map = (const char *)key.mv_data - first_key;
	cat->map_len = (size_t)st.st_size;
	/*
	 * A query reads per-item columns across the file. Pages the page
	 * cache has lost (a gateway's other users evict it) are read back by
	 * the faults, and without this in 4 KB folios, which the kernel maps
	 * 16 to a fault at most and charges per folio: after an eviction a
	 * 1M-item query took 788 faults and 8.4 ms, with this 334 and 4.3
	 * (the faults read 2 MB folios). Only advice: ignored where the
	 * kernel cannot, and the map stays read-only.
	 */
	(void)madvise((void *)(uintptr_t)cat->map, cat->map_len, MADV_HUGEPAGE);
	for (size_t i = 0; i < CATALOG_NTABLES; i++) {
		if ((rc = mdb_dbi_open(cat->txn, catalog_tables[i], 0,
		    dbis[i])) != 0) {
			cause_set(cause, "%s: not a rummage index (no %s table)",
			    path, catalog_tables[i]);
			goto fail;
		}
	}
	key.mv_data = "schema";
	key.mv_size = 6;
	if (catalog_get(cat, cat->dbi_meta, &key, &val) != 0 ||
	    val.mv_size != sizeof schema) {
		cause_set(cause, "%s: not a rummage index (no schema version)",
		    path);
		goto fail;
	}
	memcpy(&schema, val.mv_data, sizeof schema);
	if (schema != CATALOG_SCHEMA_VERSION) {
		cause_set(cause, "%s: index format version %u, this rummage "
		    "reads version %u; rebuild it with rummage index", path,
		    schema, CATALOG_SCHEMA_VERSION);
		goto fail;
	}
	key.mv_data = "info";
	key.mv_size = 4;
	if (catalog_get(cat, cat->dbi_meta, &key, &val) != 0 ||
	    (cat->info = json_loadb(val.mv_data, val.mv_size, 0, &jerr)) == NULL ||
	    !json_is_object(cat->info)) {
		catalog_corrupt(cat, "no build info", cause);
		goto fail;
	}
	{
		char rv[32];
		const char *have = json_string_value(json_object_get(cat->info,
		    "roaring_version"));
		layout_roaring_version(rv);
		if (have == NULL || strcmp(have, rv) != 0) {
			char *safe = have != NULL ? sanitize_text(have,
			    strlen(have), SANITIZE_ASCII) : xstrdup("?");
			cause_set(cause, "%s: built with CRoaring %s, this rummage "
			    "uses %s; rebuild it with rummage index", path, safe,
			    rv);
			free(safe);
			goto fail;
		}
	}
	if (!catalog_open_counts(cat, roots, cause))
		goto fail;
	/*
	 * Handles opened in a read-only transaction survive only its commit
	 * (a reset or abort closes them): commit, then keep a fresh one.
	 */
	if ((rc = mdb_txn_commit(cat->txn)) != 0) {
		cat->txn = NULL;
		goto lmdb_fail;
	}
	cat->txn = NULL;
	if ((rc = mdb_txn_begin(cat->env, NULL, MDB_RDONLY, &cat->txn)) != 0)
		goto lmdb_fail;
	jroots = json_object_get(cat->info, "image_roots");
	cat->nroots = json_array_size(jroots);
	cat->roots = xcalloc(cat->nroots + 1, sizeof *cat->roots);
	for (size_t i = 0; i < cat->nroots; i++) {
		const char *r = json_string_value(json_array_get(jroots, i));
		cat->roots[i] = xstrdup(r != NULL ? r : "");
	}
	mdb_txn_reset(cat->txn);
	catalog_reading = NULL;
	return cat;
lmdb_fail:
	cause_set(cause, "%s: %s", path, mdb_strerror(rc));
fail:
	catalog_reading = NULL;
	catalog_free(cat);
	return NULL;
}

/* ---- checking a whole index ---- */

/* Walk every LMDB page of the file with pread(); false with *cause. */
static bool
catalog_check_pages(struct catalog *cat, char **cause)
{
	struct check_db roots[CATALOG_NTABLES];
	struct check_geometry g;
	const char *what = "not an LMDB file";
	unsigned char *seen = NULL;
	bool ok = false;
	int fd;

	if ((fd = open(cat->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", cat->path, strerror(errno));
		return false;
	}
	for (size_t i = 0; i < CATALOG_NTABLES; i++)
		roots[i].root = UINT64_MAX;
	if (!check_geometry(fd, (uint64_t)cat->map_len, &g, &what))
		goto out;
	seen = check_seen_new(&g);
	if (!check_tree(fd, &g, &g.main_db, true, catalog_open_table, roots,
	    seen, &what) ||
	    !check_tree(fd, &g, &g.free_db, false, NULL, NULL, seen, &what))
		goto out;
	for (size_t i = 0; i < CATALOG_NTABLES; i++) {
		if (!check_tree(fd, &g, &roots[i], false, NULL, NULL, seen,
		    &what))
			goto out;
	}
	ok = true;
out:
	if (!ok)
		catalog_corrupt(cat, what != NULL ? what : "not an LMDB file",
		    cause);
	free(seen);
	close(fd);
	return ok;
}

/* Check each posting list of table dbi (postings or the default labels). */
static bool
catalog_check_postings(struct catalog *cat, MDB_dbi dbi, bool labels50,
    char **cause)
{
	MDB_cursor *cur;
	MDB_val key, val;
	int rc;
	bool ok = true;

	if ((rc = mdb_cursor_open(cat->txn, dbi, &cur)) != 0)
		return catalog_corrupt(cat, mdb_strerror(rc), cause);
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_FIRST); rc == 0 && ok;
	    rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		struct catalog_posting p;
		size_t field = CATALOG_LABEL;
		uint64_t total = 0, sorted_by = 0;
		bool text50 = false;

		if (!catalog_val_ok(cat, &key) || key.mv_size < 1) {
			ok = catalog_corrupt(cat, "bad posting key", cause);
			break;
		}
		if (labels50 && key.mv_size == LAYOUT_TEXT50_KEY) {
			/* A fragment's: its value, and the count it sorts by. */
			const unsigned char *k = key.mv_data;
			field = LAYOUT_STORE_TEXT;
			text50 = true;
			if (k[0] != LAYOUT_TEXT50_PREFIX ||
			    layout_get_be32(k + 5) >= cat->nvalues[field]) {
				ok = catalog_corrupt(cat, "bad text key", cause);
				break;
			}
			sorted_by = ~layout_get_be32(k + 1) & 0xffffffffu;
		} else if (labels50) {
			if (key.mv_size != 4 ||
			    layout_get_be32(key.mv_data) >= cat->nvalues[field]) {
				ok = catalog_corrupt(cat, "bad label key", cause);
				break;
			}
		} else if ((field = *(const unsigned char *)key.mv_data) >=
		    LAYOUT_NSTORES) {
			ok = catalog_corrupt(cat, "bad posting key", cause);
			break;
		}
		if (!(ok = catalog_posting_parse(cat, &val, &p, cause)))
			break;
		if (p.value >= cat->nvalues[field] || (text50 &&
		    (sorted_by != p.count || p.value != layout_get_be32(
		    (const unsigned char *)key.mv_data + 5)))) {
			ok = catalog_corrupt(cat, "bad value id in a posting list",
			    cause);
			break;
		}
		for (uint32_t k = 0; k < p.nbands && ok; k++) {
			const roaring_bitmap_t *bm = catalog_band_view(cat, &p, k,
			    cause);
			uint64_t n;
			if (bm == NULL) {
				ok = false;
				break;
			}
			n = roaring_bitmap_get_cardinality(bm);
			if (n != p.bands[k].count || (n > 0 &&
			    roaring_bitmap_maximum(bm) >= cat->nitems))
				ok = catalog_corrupt(cat, "bad posting band", cause);
			total += n;
		}
		if (ok && total != p.count)
			ok = catalog_corrupt(cat, "bad posting count", cause);
		/* Release this blob's views and copies as we go. */
		catalog_release(cat);
	}
	mdb_cursor_close(cur);
	return ok;
}

/*
 * Check an offsets column of count + 1 entries: from 0, never falling;
 * the column, its last entry in *end. NULL with *cause.
 */
static const uint64_t *
catalog_check_offsets(struct catalog *cat, const char *name, uint64_t count,
    uint64_t *end, char **cause)
{
	const uint64_t *off = catalog_array(cat, name, sizeof *off, count + 1,
	    cause);

	if (off == NULL)
		return NULL;
	if (off[0] != 0) {
		catalog_corrupt(cat, "bad offsets column", cause);
		return NULL;
	}
	for (uint64_t i = 0; i < count; i++)
		if (off[i] > off[i + 1]) {
			catalog_corrupt(cat, "bad offsets column", cause);
			return NULL;
		}
	*end = off[count];
	return off;
}

/* The perceptual hashes' offsets column (layout.h). */
const uint64_t *
catalog_phash_offsets(struct catalog *cat, uint64_t *end, char **cause)
{
	return catalog_check_offsets(cat, LAYOUT_COL_PHASH_OFF, cat->nitems, end,
	    cause);
}

/* The near-duplicates' offsets column (layout.h). */
const uint64_t *
catalog_dup_offsets(struct catalog *cat, uint64_t *end, char **cause)
{
	return catalog_check_offsets(cat, LAYOUT_COL_DUP_OFF, cat->nitems, end,
	    cause);
}

/* The hash and near-duplicate columns: sizes, photo numbers, item ids. */
static bool
catalog_check_dup_columns(struct catalog *cat, char **cause)
{
	const uint64_t *off;
	const uint32_t *ids;
	const uint8_t *photo;
	uint64_t n;

	if ((off = catalog_phash_offsets(cat, &n, cause)) == NULL ||
	    (photo = catalog_array(cat, LAYOUT_COL_PHASH_PHOTO, 1, n,
	    cause)) == NULL ||
	    catalog_array(cat, LAYOUT_COL_PHASH_DCT, sizeof(uint64_t), n,
	    cause) == NULL ||
	    catalog_array(cat, LAYOUT_COL_PHASH_CHROMA, CATALOG_PHASH_CHROMA, n,
	    cause) == NULL)
		return false;
	for (uint32_t i = 0; i < cat->nitems; i++)
		for (uint64_t k = off[i]; k < off[i + 1]; k++)
			if (k > off[i] && photo[k] <= photo[k - 1])
				return catalog_corrupt(cat, "bad hash column", cause);
	if ((off = catalog_dup_offsets(cat, &n, cause)) == NULL ||
	    (ids = catalog_array(cat, LAYOUT_COL_DUP_IDS, sizeof *ids, n,
	    cause)) == NULL)
		return false;
	for (uint32_t i = 0; i < cat->nitems; i++)
		for (uint64_t k = off[i]; k < off[i + 1]; k++)
			if (ids[k] >= cat->nitems || ids[k] == i ||
			    (k > off[i] && ids[k] <= ids[k - 1]))
				return catalog_corrupt(cat, "bad near-duplicate column",
				    cause);
	return true;
}

/* The uuid and OCR text columns: offsets, lengths, value ids, confidences. */
static bool
catalog_check_columns(struct catalog *cat, char **cause)
{
	size_t nv = cat->nvalues[LAYOUT_STORE_TEXT];
	size_t nl = cat->nvalues[LAYOUT_STORE_LABEL];
	const uint64_t *uoff;
	struct uints off, ids;
	const double *confs;
	uint64_t n, n50;

	if ((uoff = catalog_check_offsets(cat, LAYOUT_COL_UUID_OFF, cat->nitems,
	    &n, cause)) == NULL ||
	    catalog_array(cat, LAYOUT_COL_UUID_TEXT, 1, n, cause) == NULL)
		return false;
	for (uint32_t i = 0; i < cat->nitems; i++)
		if (uoff[i + 1] - uoff[i] < 1 || uoff[i + 1] - uoff[i] > 64)
			return catalog_corrupt(cat, "bad uuid column", cause);
	if (!catalog_offsets(cat, LAYOUT_COL_TEXT_OFF, cat->nitems, &off, &n,
	    cause) || !catalog_uints(cat, LAYOUT_COL_TEXT_IDS, n, &ids, cause) ||
	    (confs = catalog_array(cat, LAYOUT_COL_TEXT_CONF, sizeof *confs, n,
	    cause)) == NULL)
		return false;
	for (uint64_t k = 0; k < n; k++)
		if (uints_at(&ids, k) >= nv || !(confs[k] >= 0 && confs[k] <= 100))
			return catalog_corrupt(cat, "bad text column", cause);
	if (!catalog_offsets(cat, LAYOUT_COL_TEXT50_OFF, cat->nitems, &off,
	    &n50, cause) || !catalog_uints(cat, LAYOUT_COL_TEXT50_IDS, n50, &ids,
	    cause))
		return false;
	for (uint64_t k = 0; k < n50; k++)
		if (uints_at(&ids, k) >= nv)
			return catalog_corrupt(cat, "bad text column", cause);
	/* Each item's labels at the default: rows of bits, or lists. */
	{
		const unsigned char *m;
		size_t row;

		if (!catalog_label_rows(cat, &m, &row, cause))
			return false;
		if (m != NULL) {
			/* No bit past the last label in a row's last byte. */
			unsigned char spare = nl % 8 == 0 ? 0 :
			    (unsigned char)(0xffu << (nl % 8));
			for (uint32_t i = 0; i < cat->nitems; i++)
				if (m[(size_t)i * row + row - 1] & spare)
					return catalog_corrupt(cat, "bad label rows",
					    cause);
		} else {
			/* Ascending, so distinct. */
			if (!catalog_offsets(cat, LAYOUT_COL_LABEL50_OFF,
			    cat->nitems, &off, &n50, cause) ||
			    !catalog_uints(cat, LAYOUT_COL_LABEL50_IDS, n50, &ids,
			    cause))
				return false;
			for (uint32_t i = 0; i < cat->nitems; i++)
				for (uint64_t k = uints_at(&off, i);
				    k < uints_at(&off, i + 1); k++)
					if (uints_at(&ids, k) >= nl ||
					    (k > uints_at(&off, i) &&
					    uints_at(&ids, k) <= uints_at(&ids, k - 1)))
						return catalog_corrupt(cat,
						    "bad label column", cause);
		}
	}
	{
		const uint32_t *def = catalog_array(cat, LAYOUT_COL_TEXT_DEFAULT,
		    sizeof *def, nv, cause);
		if (def == NULL)
			return false;
		for (size_t v = 0; v < nv; v++)
			if (def[v] > cat->nitems)
				return catalog_corrupt(cat, "bad text column", cause);
	}
	return true;
}

/* Check the uuid, value and thumbnail tables and the columns. */
static bool
catalog_check_tables(struct catalog *cat, char **cause)
{
	MDB_cursor *cur;
	MDB_val key, val;
	const int64_t *ts;
	struct uints top;
	int rc;
	bool ok = true;

	if ((ts = catalog_column(cat, LAYOUT_COL_TS, sizeof *ts, cause)) == NULL ||
	    catalog_column(cat, LAYOUT_COL_PHOTOS, 1, cause) == NULL ||
	    catalog_column(cat, LAYOUT_COL_FLAGS, 1, cause) == NULL)
		return false;
	for (uint32_t i = 0; i < cat->nitems; i++) {
		if (ts[i] < CATALOG_TIMESTAMP_MIN || ts[i] > CATALOG_TIMESTAMP_MAX ||
		    (i > 0 && ts[i] > ts[i - 1]))
			return catalog_corrupt(cat, "bad timestamp column", cause);
	}
	for (int p = 0; p < CATALOG_PREDICTION_COUNT; p++) {
		enum catalog_field f = catalog_prediction_field(p);
		if (!catalog_top_column(cat, f, &top, cause))
			return false;
		for (uint32_t i = 0; i < cat->nitems; i++) {
			uint32_t v = catalog_top_value(&top, i);
			if (v != LAYOUT_NONE &&
			    v >= cat->nvalues[catalog_store(f)])
				return catalog_corrupt(cat, "bad value column", cause);
		}
	}
	if (!catalog_check_columns(cat, cause) ||
	    !catalog_check_dup_columns(cat, cause))
		return false;
	if ((rc = mdb_cursor_open(cat->txn, cat->dbi_uuids, &cur)) != 0)
		return catalog_corrupt(cat, mdb_strerror(rc), cause);
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_FIRST); rc == 0 && ok;
	    rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		uint32_t id;
		if (val.mv_size != sizeof id || !catalog_val_ok(cat, &val) ||
		    (memcpy(&id, val.mv_data, sizeof id), id >= cat->nitems))
			ok = catalog_corrupt(cat, "bad uuid entry", cause);
	}
	mdb_cursor_close(cur);
	if (!ok)
		return false;
	if ((rc = mdb_cursor_open(cat->txn, cat->dbi_values, &cur)) != 0)
		return catalog_corrupt(cat, mdb_strerror(rc), cause);
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_FIRST); rc == 0 && ok;
	    rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		const unsigned char *k = key.mv_data;
		uint32_t flen;
		if (key.mv_size != 5 || k[0] >= LAYOUT_NSTORES ||
		    layout_get_be32(k + 1) >= cat->nvalues[k[0]] ||
		    val.mv_size < 12 || !catalog_val_ok(cat, &val) ||
		    (memcpy(&flen, (const char *)val.mv_data + 8, sizeof flen),
		    flen > val.mv_size - 12))
			ok = catalog_corrupt(cat, "bad dictionary value", cause);
	}
	mdb_cursor_close(cur);
	if (!ok)
		return false;
	if ((rc = mdb_cursor_open(cat->txn, cat->dbi_thumbs, &cur)) != 0)
		return catalog_corrupt(cat, mdb_strerror(rc), cause);
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_FIRST); rc == 0 && ok;
	    rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		if (key.mv_size != 5 || !catalog_val_ok(cat, &val) ||
		    layout_get_be32(key.mv_data) >= cat->nitems)
			ok = catalog_corrupt(cat, "bad thumbnail key", cause);
	}
	mdb_cursor_close(cur);
	return ok && catalog_check_postings(cat, cat->dbi_postings, false,
	    cause) && catalog_check_postings(cat, cat->dbi_default, true, cause);
}

/* Verify the whole index file: pages, tables, then every item record. */
bool
catalog_check(struct catalog *cat, char **cause)
{
	bool ok;

	if (!catalog_check_pages(cat, cause) || !catalog_begin(cat, cause))
		return false;
	ok = catalog_check_tables(cat, cause);
	catalog_end(cat);
	for (uint32_t id = 0; ok && id < cat->nitems; id++) {
		struct catalog_row row;
		if ((ok = catalog_row_get(cat, id, 0, &row, cause)))
			catalog_row_fini(&row);
	}
	return ok;
}

/* Open an index read-only, checking its file and versions; caller frees it. */
struct catalog *
catalog_open(const char *path, char **cause)
{
	struct catalog *cat;
	char *ignored = NULL;

	/* The counting thread passes NULL; every failure sets a cause. */
	cat = catalog_open_checked(path, cause != NULL ? cause : &ignored);
	free(ignored);
	return cat;
}

/*
 * A second handle on parent's open index for another thread: the same
 * environment, map and table handles (LMDB's read transactions are not
 * tied to a thread under MDB_NOTLS), its own transaction, views and label
 * cache. It answers queries and facets, nothing that needs the build info
 * or the records. Opening the file again would map it a second time: the
 * pages both threads read would be faulted in and torn down twice.
 * Freed with catalog_free() before parent.
 */
struct catalog *
catalog_sibling(struct catalog *parent, char **cause)
{
	struct catalog *cat = xcalloc(1, sizeof *cat);
	int rc;

	cat->parent = parent;
	cat->path = xstrdup(parent->path);
	cat->env = parent->env;
	cat->map = parent->map;
	cat->map_len = parent->map_len;
	cat->fault_msg = xstrdup(parent->fault_msg);
	cat->dbi_meta = parent->dbi_meta;
	cat->dbi_items = parent->dbi_items;
	cat->dbi_uuids = parent->dbi_uuids;
	cat->dbi_columns = parent->dbi_columns;
	cat->dbi_values = parent->dbi_values;
	cat->dbi_postings = parent->dbi_postings;
	cat->dbi_default = parent->dbi_default;
	cat->dbi_thumbs = parent->dbi_thumbs;
	cat->nitems = parent->nitems;
	memcpy(cat->nvalues, parent->nvalues, sizeof cat->nvalues);
	if ((rc = mdb_txn_begin(cat->env, NULL, MDB_RDONLY, &cat->txn)) != 0) {
		cause_set(cause, "%s: %s", cat->path, mdb_strerror(rc));
		catalog_free(cat);
		return NULL;
	}
	mdb_txn_reset(cat->txn);
	return cat;
}

/* Abort any txn, close the environment, free all the handle owns. */
void
catalog_free(struct catalog *cat)
{
	if (cat == NULL)
		return;
	if (cat->records_ready)
		packed_reader_fini(&cat->records);
	if (cat->txn != NULL)
		mdb_txn_abort(cat->txn);
	/* A sibling's environment is its parent's. */
	if (cat->env != NULL && cat->parent == NULL)
		mdb_env_close(cat->env);
	for (size_t i = 0; i < cat->nroots; i++)
		free(cat->roots[i]);
	free(cat->roots);
	if (cat->info != NULL)
		json_decref(cat->info);
	for (size_t i = 0; i < cat->cache_nlabels; i++)
		roaring_bitmap_free(cat->cache_labels[i]);
	free(cat->cache_labels);
	free(cat->views);
	free(cat->copies);
	free(cat->fault_msg);
	free(cat->path);
	free(cat);
}

/* The item count read at open: no transaction needed. */
uint32_t
catalog_item_count(struct catalog *cat)
{
	return cat->nitems;
}

/* ---- columns ---- */

/* A column by name, checked to hold n elements of size esize. */
const void *
catalog_column(struct catalog *cat, const char *name, size_t esize,
    char **cause)
{
	MDB_val key = { strlen(name), (void *)name }, val;

	if (catalog_get(cat, cat->dbi_columns, &key, &val) != 0 ||
	    val.mv_size != (size_t)cat->nitems * esize) {
		catalog_corrupt(cat, "missing column", cause);
		return NULL;
	}
	if ((uintptr_t)val.mv_data % esize != 0)
		return catalog_aligned(cat, val.mv_data, val.mv_size, 0);
	return val.mv_data;
}

/*
 * A column of count unsigned integers at the width it was written
 * (uints.h): its size must be count times 1, 2, 4 or 8. Needs the call's
 * txn; false with *cause.
 */
bool
catalog_uints(struct catalog *cat, const char *name, uint64_t count,
    struct uints *out, char **cause)
{
	MDB_val key = { strlen(name), (void *)name }, val;
	unsigned width;

	if (catalog_get(cat, cat->dbi_columns, &key, &val) != 0)
		return catalog_corrupt(cat, "missing column", cause);
	if (count == 0)
		width = 1;
	else if (val.mv_size % count != 0 ||
	    ((width = (unsigned)(val.mv_size / count)) != 1 && width != 2 &&
	    width != 4 && width != 8))
		return catalog_corrupt(cat, "bad column width", cause);
	if (count == 0 && val.mv_size != 0)
		return catalog_corrupt(cat, "bad column width", cause);
	out->width = width;
	out->n = count;
	out->p = (uintptr_t)val.mv_data % width != 0 ?
	    catalog_aligned(cat, val.mv_data, val.mv_size, 0) : val.mv_data;
	return true;
}

/* Top-1 value ids of a prediction field; needs the call's txn. */
bool
catalog_top_column(struct catalog *cat, enum catalog_field field,
    struct uints *out, char **cause)
{
	char name[8];

	snprintf(name, sizeof name, "top%d", catalog_field_desc(field)->prediction);
	return catalog_uints(cat, name, cat->nitems, out, cause);
}

/*
 * The checked offsets column name of count + 1 entries (uints.h): from 0,
 * never falling; its last entry in *end. False with *cause.
 */
bool
catalog_offsets(struct catalog *cat, const char *name, uint64_t count,
    struct uints *off, uint64_t *end, char **cause)
{
	if (!catalog_uints(cat, name, count + 1, off, cause))
		return false;
	if (uints_at(off, 0) != 0)
		return catalog_corrupt(cat, "bad offsets column", cause);
	for (uint64_t i = 0; i < count; i++)
		if (uints_at(off, i) > uints_at(off, i + 1))
			return catalog_corrupt(cat, "bad offsets column", cause);
	*end = uints_at(off, count);
	return true;
}

/* The default labels' rows of bits, or NULL for lists (catalog_internal.h). */
bool
catalog_label_rows(struct catalog *cat, const unsigned char **rows,
    size_t *row, char **cause)
{
	MDB_val key = { strlen(LAYOUT_COL_LABEL50_MASK),
	    (void *)LAYOUT_COL_LABEL50_MASK }, val;
	int rc = catalog_get(cat, cat->dbi_columns, &key, &val);

	*rows = NULL;
	*row = layout_label_row(cat->nvalues[LAYOUT_STORE_LABEL]);
	if (rc == MDB_NOTFOUND)
		return true;
	if (rc != 0)
		return catalog_corrupt(cat, mdb_strerror(rc), cause);
	if (*row == 0 || val.mv_size != (size_t)cat->nitems * *row)
		return catalog_corrupt(cat, "bad label rows", cause);
	*rows = val.mv_data;
	return true;
}

/* A column of count elements of esize bytes; needs the call's txn. */
const void *
catalog_array(struct catalog *cat, const char *name, size_t esize,
    uint64_t count, char **cause)
{
	MDB_val key = { strlen(name), (void *)name }, val;

	if (catalog_get(cat, cat->dbi_columns, &key, &val) != 0 ||
	    count > SIZE_MAX / esize || val.mv_size != count * esize) {
		catalog_corrupt(cat, "missing column", cause);
		return NULL;
	}
	if ((uintptr_t)val.mv_data % esize != 0)
		return catalog_aligned(cat, val.mv_data, val.mv_size, 0);
	return val.mv_data;
}

/* The store number of a stored field. */
size_t
catalog_store(enum catalog_field field)
{
	return (size_t)catalog_field_desc(field)->store;
}

/* ---- values ---- */

static bool catalog_value_parse(const MDB_val *val,
    struct catalog_facet_value *out);

/* Spelling and folded form of value id v of field d (owned copies). */
bool
catalog_value(struct catalog *cat, size_t d, uint32_t v,
    struct catalog_facet_value *out)
{
	unsigned char k[5];
	MDB_val key = { sizeof k, k }, val;

	k[0] = (unsigned char)d;
	layout_put_be32(k + 1, v);
	if (catalog_get(cat, cat->dbi_values, &key, &val) != 0)
		return false;
	return catalog_value_parse(&val, out);
}

/* Fill out from a value record (u64 items, u32 folded length, folded, spelling). */
static bool
catalog_value_parse(const MDB_val *val, struct catalog_facet_value *out)
{
	const char *p = val->mv_data;
	uint32_t flen;

	if (val->mv_size < 12)
		return false;
	memcpy(&flen, p + 8, sizeof flen);
	if (flen > val->mv_size - 12)
		return false;
	out->folded = xstrndup(p + 12, flen);
	out->folded_len = flen;
	out->len = val->mv_size - 12 - flen;
	out->value = xstrndup(p + 12 + flen, out->len);
	return true;
}

/* qsort order of (value id, slot) pairs by value id. */
static int
catalog_cmp_pair(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/*
 * The spellings of n values of field d at once (ids[i] into out[i]);
 * false for the ones that are missing, filled with "?". Many values are
 * read by walking the dictionary in key order, not one lookup each: the
 * text facet lists tens of thousands.
 */
void
catalog_values(struct catalog *cat, size_t d, const uint32_t *ids, size_t n,
    struct catalog_facet_value *out)
{
	uint32_t (*pairs)[2];
	MDB_cursor *cur;
	size_t i = 0;

	if (n < 256 || mdb_cursor_open(cat->txn, cat->dbi_values, &cur) != 0) {
		for (i = 0; i < n; i++) {
			if (!catalog_value(cat, d, ids[i], &out[i])) {
				out[i].value = xstrdup("?");
				out[i].folded = xstrdup("?");
				out[i].len = out[i].folded_len = 1;
			}
		}
		return;
	}
	pairs = xcalloc(n, sizeof *pairs);
	for (i = 0; i < n; i++) {
		pairs[i][0] = ids[i];
		pairs[i][1] = (uint32_t)i;
	}
	qsort(pairs, n, sizeof *pairs, catalog_cmp_pair);
	{
		unsigned char k[5];
		MDB_val key = { sizeof k, k }, val;
		int rc;

		k[0] = (unsigned char)d;
		layout_put_be32(k + 1, pairs[0][0]);
		rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
		for (i = 0; i < n; i++) {
			struct catalog_facet_value *o = &out[pairs[i][1]];
			uint32_t want = pairs[i][0], at;
			/* Forward to the wanted key: a few steps, or a seek. */
			for (int steps = 0; rc == 0; steps++) {
				const unsigned char *kp = key.mv_data;
				if (key.mv_size != 5 || kp[0] != d)
					break;
				at = layout_get_be32(kp + 1);
				if (at >= want)
					break;
				if (steps == 8) {
					layout_put_be32(k + 1, want);
					key.mv_data = k;
					key.mv_size = sizeof k;
					rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
					continue;
				}
				rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT);
			}
			if (rc != 0 || key.mv_size != 5 ||
			    ((const unsigned char *)key.mv_data)[0] != d ||
			    layout_get_be32((const unsigned char *)key.mv_data + 1) !=
			    want || !catalog_val_ok(cat, &val) ||
			    !catalog_value_parse(&val, o)) {
				o->value = xstrdup("?");
				o->folded = xstrdup("?");
				o->len = o->folded_len = 1;
			}
		}
	}
	mdb_cursor_close(cur);
	free(pairs);
}

/* Items per value of field d (totals[v] for v < n), from the dictionary. */
bool
catalog_value_totals(struct catalog *cat, size_t d, uint64_t *totals,
    size_t n, char **cause)
{
	unsigned char k[5] = { (unsigned char)d, 0, 0, 0, 0 };
	MDB_val key = { sizeof k, k }, val;
	MDB_cursor *cur;
	int rc;

	memset(totals, 0, n * sizeof *totals);
	if ((rc = mdb_cursor_open(cat->txn, cat->dbi_values, &cur)) != 0) {
		cause_set(cause, "%s: %s", cat->path, mdb_strerror(rc));
		return false;
	}
	for (rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		const unsigned char *kp = key.mv_data;
		uint32_t v;
		if (key.mv_size != 5 || kp[0] != d)
			break;
		v = layout_get_be32(kp + 1);
		if (v < n && val.mv_size >= sizeof *totals &&
		    catalog_val_ok(cat, &val))
			memcpy(&totals[v], val.mv_data, sizeof *totals);
	}
	mdb_cursor_close(cur);
	return true;
}

/* ---- posting lists ---- */

/* The posting blob of a (field, folded) key, or false if there is none. */
bool
catalog_posting_get(struct catalog *cat, size_t field, const char *folded,
    struct catalog_posting *p, bool *found, char **cause)
{
	struct buf k;
	MDB_val key, val;
	int rc;

	*found = false;
	buf_init(&k);
	buf_addc(&k, (char)field);
	buf_adds(&k, folded);
	key.mv_data = k.data;
	key.mv_size = k.len;
	rc = catalog_get(cat, cat->dbi_postings, &key, &val);
	buf_fini(&k);
	if (rc == MDB_NOTFOUND)
		return true;
	if (rc != 0) {
		cause_set(cause, "%s: %s", cat->path, mdb_strerror(rc));
		return false;
	}
	if (!catalog_posting_parse(cat, &val, p, cause))
		return false;
	*found = true;
	return true;
}

/* OR into acc the items of posting p with confidence >= threshold. */
bool
catalog_posting_or(struct catalog *cat, const struct catalog_posting *p,
    double threshold, roaring_bitmap_t *acc, char **cause)
{
	/*
	 * The bands wholly >= threshold are OR-ed in one call: CRoaring's
	 * many-way union accumulates in bitsets and counts once, where
	 * forty pairwise unions ('label:X>=60') converted and counted every
	 * container forty times.
	 */
	const roaring_bitmap_t *whole[LAYOUT_MAX_BANDS];
	size_t nwhole = 0;

	for (uint32_t k = 0; k < p->nbands; k++) {
		const struct layout_band *b = &p->bands[k];
		const roaring_bitmap_t *bm;

		if (b->band == LAYOUT_BAND_ALL || b->band >= threshold) {
			/* Every confidence in [band, band+1) is >= threshold. */
			if ((bm = catalog_band_view(cat, p, k, cause)) == NULL)
				return false;
			if (nwhole == LAYOUT_MAX_BANDS)
				return catalog_corrupt(cat, "too many bands", cause);
			whole[nwhole++] = bm;
		} else if ((double)b->band + 1 > threshold && b->confs_off != 0) {
			/* The band straddles the threshold: check each item. */
			roaring_uint32_iterator_t *it;
			uint32_t i = 0;

			if ((bm = catalog_band_view(cat, p, k, cause)) == NULL)
				return false;
			/* One confidence per item: no more items than that. */
			if (roaring_bitmap_get_cardinality(bm) > b->count)
				return catalog_corrupt(cat, "bad posting band", cause);
			it = roaring_create_iterator(bm);
			for (; it->has_value; roaring_advance_uint32_iterator(it), i++) {
				double c;
				memcpy(&c, p->base + b->confs_off + (size_t)i * sizeof c,
				    sizeof c);
				if (c >= threshold)
					roaring_bitmap_add(acc, it->current_value);
			}
			roaring_free_uint32_iterator(it);
		}
	}
	if (nwhole == 1)
		roaring_bitmap_or_inplace(acc, whole[0]);
	else if (nwhole > 1) {
		roaring_bitmap_t *u = roaring_bitmap_or_many(nwhole, whole);
		roaring_bitmap_or_inplace(acc, u);
		roaring_bitmap_free(u);
	}
	return true;
}

/* ---- info ---- */

/* A JSON array's strings, '\n'-joined (owned by the caller). */
static char *
catalog_join_strings(json_t *arr)
{
	struct buf b;
	size_t i;
	json_t *v;

	buf_init(&b);
	json_array_foreach(arr, i, v) {
		if (i > 0)
			buf_addc(&b, '\n');
		if (json_is_string(v))
			buf_adds(&b, json_string_value(v));
	}
	return buf_take(&b);
}

/* Copy the build info read at open into info; no txn needed. */
bool
catalog_info_get(struct catalog *cat, struct catalog_info *info, char **cause)
{
	json_t *acct = json_object_get(cat->info, "accounting");
	json_t *distinct = json_object_get(cat->info, "distinct");
	struct stat st;
	const char *v;

	(void)cause;
	memset(info, 0, sizeof *info);
	info->schema_version = CATALOG_SCHEMA_VERSION;
	info->built_at_ms = json_integer_value(json_object_get(cat->info,
	    "built_at_ms"));
	info->inputs = catalog_join_strings(json_object_get(cat->info, "inputs"));
	info->image_roots = catalog_join_strings(json_object_get(cat->info,
	    "image_roots"));
	v = json_string_value(json_object_get(cat->info, "rummage_version"));
	info->rummage_version = xstrdup(v != NULL ? v : "?");
	info->thumb_size = (int)json_integer_value(json_object_get(cat->info,
	    "thumb_size"));
#define ACCT(name) info->acct.name = (uint64_t)json_integer_value(json_object_get(acct, #name))
	ACCT(files); ACCT(lines); ACCT(indexed); ACCT(rejected);
	ACCT(duplicates); ACCT(input_bytes); ACCT(photos); ACCT(thumbs);
	ACCT(thumbs_spark);
	ACCT(photos_missing); ACCT(photos_corrupt); ACCT(photos_skipped);
#undef ACCT
	info->items = cat->nitems;
	info->first_ms = json_integer_value(json_object_get(cat->info, "first_ms"));
	info->last_ms = json_integer_value(json_object_get(cat->info, "last_ms"));
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *fd =
		    catalog_field_desc((enum catalog_field)f);
		if (fd->store >= 0)
			info->distinct[f] = (uint64_t)json_integer_value(
			    json_object_get(distinct, fd->name));
	}
	if (stat(cat->path, &st) == 0)
		info->file_bytes = (uint64_t)st.st_size;
	return true;
}

/* Free the strings catalog_info_get copied into info. */
void
catalog_info_fini(struct catalog_info *info)
{
	free(info->inputs);
	free(info->image_roots);
	free(info->rummage_version);
	memset(info, 0, sizeof *info);
}
