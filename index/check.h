/*
 * check.h - the LMDB file underneath an index, checked with pread()
 * before the map is trusted (check.c). Used by catalog.c only.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A table's root as the file describes it (LMDB's MDB_db). */
struct check_db {
	uint16_t flags;
	uint16_t depth;
	uint64_t entries;
	uint64_t root;               /* UINT64_MAX: the table is empty */
};

/* What the meta page LMDB will use promises. */
struct check_geometry {
	uint32_t psize;              /* page size */
	uint64_t npages;             /* pages in use; the file holds them all */
	struct check_db free_db, main_db;
};

/*
 * Check the meta pages of the file open on fd, of file_size bytes, and
 * fill *g. False with *what (a static string) saying what is wrong, or
 * with *what NULL when the file is not LMDB at all.
 */
bool check_geometry(int fd, uint64_t file_size, struct check_geometry *g,
    const char **what);

/* Called for each named table of the main table; false stops the walk. */
typedef bool (*check_subdb_fn)(void *arg, const char *name, size_t len,
    const struct check_db *db);

/*
 * Walk the table whose root is db (main: the main table, whose entries
 * must all be named tables, each passed to subdb). seen (check_seen_new)
 * marks the pages visited across walks, so no page serves twice. False
 * with *what (static) on the first problem.
 */
bool check_tree(int fd, const struct check_geometry *g,
    const struct check_db *db, bool main, check_subdb_fn subdb, void *arg,
    unsigned char *seen, const char **what);

/* A zeroed page bitmap for g's pages (owned; free()). */
unsigned char *check_seen_new(const struct check_geometry *g);
