/*
 * check.c - verifying an index file before and after trusting it.
 *
 * LMDB maps the file and follows the page numbers and offsets it finds
 * there without checking them against the file: a truncated file makes
 * the first read past its end a SIGBUS, a damaged page a wild read. So:
 *
 * - check_geometry() runs before mdb_env_open(): it reads both meta pages
 *   with pread(), picks the one LMDB will use, and checks that the file
 *   holds every page the meta promises (and that the roots are in it).
 * - check_tree() walks a B-tree page by page, again with pread() and
 *   never through the map: page numbers inside the file, each page where
 *   its header says, node offsets and sizes inside their page, overflow
 *   runs inside the file, no page reached twice (no cycles), a bounded
 *   depth. catalog_open() walks the main table (a page or two);
 *   catalog_check() (`rummage info --check`) walks every table.
 *
 * The structures follow LMDB 0.9's mdb.c (MDB_page, MDB_meta, MDB_db,
 * MDB_node), which is its stable on-disk format (MDB_DATA_VERSION 1).
 */
#include "check.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xmalloc.h"

#define CHECK_PAGEHDRSZ 16
#define CHECK_MAGIC 0xBEEFC0DEu
#define CHECK_DATA_VERSION 1u
#define CHECK_P_INVALID UINT64_MAX
#define CHECK_P_BRANCH 0x01
#define CHECK_P_LEAF 0x02
#define CHECK_P_OVERFLOW 0x04
#define CHECK_P_META 0x08
#define CHECK_F_BIGDATA 0x01
#define CHECK_F_SUBDATA 0x02
#define CHECK_F_DUPDATA 0x04
#define CHECK_NODESZ 8
#define CHECK_DBSZ 48
#define CHECK_MAX_DEPTH 32

/* Little-endian field readers (LMDB writes host order; we run on LE). */
static uint16_t
check_u16(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

static uint32_t
check_u32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

static uint64_t
check_u64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

/* Read exactly len bytes at off; false on a short read or an error. */
static bool
check_pread(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
		    (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

/* Parse the MDB_db at p into db. */
static void
check_db_parse(const unsigned char *p, struct check_db *db)
{
	db->flags = check_u16(p + 4);
	db->depth = check_u16(p + 6);
	db->entries = check_u64(p + 32);
	db->root = check_u64(p + 40);
}

/* Is a table's root page plausible for a file of npages pages? */
static bool
check_db_ok(const struct check_db *db, uint64_t npages)
{
	if (db->root == CHECK_P_INVALID)
		return db->depth == 0;
	return db->root >= 2 && db->root < npages && db->depth >= 1 &&
	    db->depth <= CHECK_MAX_DEPTH;
}

/* Check the meta pages against the file size; fill *g. */
bool
check_geometry(int fd, uint64_t file_size, struct check_geometry *g,
    const char **what)
{
	/* A meta page: header, then magic, version, address, mapsize, 2 dbs, last_pg, txnid. */
	unsigned char m[2][CHECK_PAGEHDRSZ + 136];
	uint32_t psize = 0;
	uint64_t txnid[2];
	int pick;

	memset(g, 0, sizeof *g);
	if (file_size == 0) {
		*what = "empty file";
		return false;
	}
	for (int i = 0; i < 2; i++) {
		const unsigned char *meta = m[i] + CHECK_PAGEHDRSZ;
		if (!check_pread(fd, m[i], sizeof m[i], i == 0 ? 0 : psize)) {
			*what = "shorter than its header";
			return false;
		}
		if (check_u32(meta) != CHECK_MAGIC ||
		    (check_u16(m[i] + 10) & CHECK_P_META) == 0) {
			*what = NULL;   /* not LMDB at all */
			return false;
		}
		if (check_u32(meta + 4) != CHECK_DATA_VERSION) {
			*what = "unknown LMDB format";
			return false;
		}
		/*
		 * The page size is kept in the free table's md_pad; LMDB reads
		 * page 1 at page 0's size but then uses the size of the meta it
		 * picks, so both must agree.
		 */
		if (i == 1 && check_u32(meta + 24) != psize) {
			*what = "bad page size";
			return false;
		}
		if (i == 0) {
			psize = check_u32(meta + 24);
			if (psize < 512 || psize > 65536 || (psize & (psize - 1)) != 0) {
				*what = "bad page size";
				return false;
			}
			if (file_size < 2 * (uint64_t)psize) {
				*what = "shorter than its header";
				return false;
			}
		}
		txnid[i] = check_u64(meta + 128);
	}
	/* LMDB uses the meta page of the latest transaction. */
	pick = txnid[0] < txnid[1];
	{
		const unsigned char *meta = m[pick] + CHECK_PAGEHDRSZ;
		uint64_t last = check_u64(meta + 120);

		g->psize = psize;
		if (last < 1 || last >= file_size / psize) {
			*what = "truncated: the file is shorter than its pages";
			return false;
		}
		g->npages = last + 1;
		check_db_parse(meta + 24, &g->free_db);
		check_db_parse(meta + 24 + CHECK_DBSZ, &g->main_db);
		if (!check_db_ok(&g->free_db, g->npages) ||
		    !check_db_ok(&g->main_db, g->npages) ||
		    g->main_db.flags != 0) {
			*what = "bad table root";
			return false;
		}
	}
	return true;
}

struct check_walk {
	int fd;
	const struct check_geometry *g;
	unsigned char *seen;         /* a bit per page */
	unsigned char *page;         /* one buffer per depth level */
	bool main;                   /* walking the main table */
	check_subdb_fn subdb;
	void *arg;
	const char *what;
	uint64_t pages;              /* pages visited, for the caller */
};

/* Mark pages [pg, pg+n) seen; false if one already was. */
static bool
check_mark(struct check_walk *w, uint64_t pg, uint64_t n)
{
	for (uint64_t p = pg; p < pg + n; p++) {
		if (w->seen[p / 8] & (1u << (p % 8)))
			return false;
		w->seen[p / 8] |= (unsigned char)(1u << (p % 8));
	}
	w->pages += n;
	return true;
}

/* Check the overflow run a big value points at. */
static bool
check_overflow(struct check_walk *w, uint64_t pg, uint64_t dsize)
{
	unsigned char h[CHECK_PAGEHDRSZ];
	uint64_t n;

	if (pg < 2 || pg >= w->g->npages ||
	    !check_pread(w->fd, h, sizeof h, pg * w->g->psize) ||
	    check_u64(h) != pg || (check_u16(h + 10) & CHECK_P_OVERFLOW) == 0) {
		w->what = "bad overflow page";
		return false;
	}
	n = check_u32(h + 12);
	if (n == 0 || n > w->g->npages - pg ||
	    dsize > n * w->g->psize - CHECK_PAGEHDRSZ) {
		w->what = "value past its overflow pages";
		return false;
	}
	if (!check_mark(w, pg, n)) {
		w->what = "page used twice";
		return false;
	}
	return true;
}

/* Walk the subtree at page pg, depth levels below the root. */
static bool
check_page(struct check_walk *w, uint64_t pg, unsigned depth)
{
	uint32_t psize = w->g->psize;
	unsigned char *p = w->page + (size_t)depth * psize;
	uint16_t flags, lower, upper;
	unsigned nkeys;

	if (depth >= CHECK_MAX_DEPTH) {
		w->what = "table too deep";
		return false;
	}
	if (pg < 2 || pg >= w->g->npages) {
		w->what = "page number past the end of the file";
		return false;
	}
	if (!check_mark(w, pg, 1)) {
		w->what = "page used twice";
		return false;
	}
	if (!check_pread(w->fd, p, psize, pg * psize) || check_u64(p) != pg) {
		w->what = "page not where it should be";
		return false;
	}
	flags = check_u16(p + 10);
	lower = check_u16(p + 12);
	upper = check_u16(p + 14);
	if ((flags & (CHECK_P_BRANCH | CHECK_P_LEAF)) == 0 ||
	    (flags & ~(CHECK_P_BRANCH | CHECK_P_LEAF)) != 0 ||
	    flags == (CHECK_P_BRANCH | CHECK_P_LEAF) ||
	    lower < CHECK_PAGEHDRSZ || (lower - CHECK_PAGEHDRSZ) % 2 != 0 ||
	    lower > upper || upper > psize) {
		w->what = "bad page header";
		return false;
	}
	nkeys = (lower - CHECK_PAGEHDRSZ) / 2;
	if ((flags & CHECK_P_BRANCH) && nkeys < 1) {
		w->what = "empty branch page";
		return false;
	}
	for (unsigned i = 0; i < nkeys; i++) {
		uint32_t off = check_u16(p + CHECK_PAGEHDRSZ + 2 * i);
		const unsigned char *node = p + off;
		uint32_t lo, hi, nflags, ksize;
		uint64_t dsize;

		if (off < upper || off % 2 != 0 ||
		    (uint64_t)off + CHECK_NODESZ > psize) {
			w->what = "bad node offset";
			return false;
		}
		lo = check_u16(node);
		hi = check_u16(node + 2);
		nflags = check_u16(node + 4);
		ksize = check_u16(node + 6);
		if ((uint64_t)off + CHECK_NODESZ + ksize > psize) {
			w->what = "key past its page";
			return false;
		}
		if (flags & CHECK_P_BRANCH) {
			/* The child's page number spans lo, hi and flags. */
			uint64_t child = lo | (uint64_t)hi << 16 |
			    (uint64_t)nflags << 32;
			if (!check_page(w, child, depth + 1))
				return false;
			continue;
		}
		dsize = lo | (uint64_t)hi << 16;
		if (nflags & ~(uint32_t)(CHECK_F_BIGDATA | CHECK_F_SUBDATA)) {
			w->what = "unexpected node flags";
			return false;
		}
		if (nflags & CHECK_F_BIGDATA) {
			if ((uint64_t)off + CHECK_NODESZ + ksize + 8 > psize) {
				w->what = "value past its page";
				return false;
			}
			if ((nflags & CHECK_F_SUBDATA) || !check_overflow(w,
			    check_u64(node + CHECK_NODESZ + ksize), dsize)) {
				if (w->what == NULL)
					w->what = "bad big value";
				return false;
			}
			continue;
		}
		if ((uint64_t)off + CHECK_NODESZ + ksize + dsize > psize) {
			w->what = "value past its page";
			return false;
		}
		if (nflags & CHECK_F_SUBDATA) {
			struct check_db db;
			if (!w->main || dsize != CHECK_DBSZ) {
				w->what = "bad named table";
				return false;
			}
			check_db_parse(node + CHECK_NODESZ + ksize, &db);
			if (!check_db_ok(&db, w->g->npages) || db.flags != 0) {
				w->what = "bad named table root";
				return false;
			}
			if (w->subdb != NULL && !w->subdb(w->arg,
			    (const char *)node + CHECK_NODESZ, ksize, &db)) {
				if (w->what == NULL)
					w->what = "bad named table";
				return false;
			}
		} else if (w->main && w->subdb != NULL) {
			/* The main table of an index holds named tables only. */
			w->what = "stray entry in the main table";
			return false;
		}
	}
	return true;
}

/* Walk a table from its root; subdb sees each named table of the main one. */
bool
check_tree(int fd, const struct check_geometry *g, const struct check_db *db,
    bool main, check_subdb_fn subdb, void *arg, unsigned char *seen,
    const char **what)
{
	struct check_walk w = { fd, g, seen, NULL, main, subdb, arg, NULL, 0 };
	bool ok;

	if (db->root == CHECK_P_INVALID)
		return true;
	w.page = xmalloc((size_t)CHECK_MAX_DEPTH * g->psize);
	ok = check_page(&w, db->root, 0);
	free(w.page);
	if (!ok)
		*what = w.what != NULL ? w.what : "bad table";
	return ok;
}

/* A fresh "seen" bitmap for the pages of g (owned). */
unsigned char *
check_seen_new(const struct check_geometry *g)
{
	return xcalloc((size_t)(g->npages / 8 + 1), 1);
}
