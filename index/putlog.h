/*
 * putlog.h - LMDB puts recorded on one thread, replayed on another.
 *
 * A write transaction belongs to the thread that began it, so the build's
 * helper threads that compute posting lists and columns cannot put them
 * themselves: they record each put (its table, key, value and flags) in
 * a putlog, and the thread that owns the transaction replays the log, in
 * order, through its own put function.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <lmdb.h>

#include "buf.h"

struct putlog_rec {
	MDB_dbi dbi;
	unsigned flags;
	size_t key_off, key_len, val_off, val_len;
};

struct putlog {
	struct buf bytes;            /* keys and values, back to back */
	struct putlog_rec *recs;
	size_t n, cap;
};

void putlog_init(struct putlog *log);
void putlog_fini(struct putlog *log);

/* Record a put (copies key and value). */
void putlog_add(struct putlog *log, MDB_dbi dbi, const void *key,
    size_t key_len, const void *val, size_t val_len, unsigned flags);

/*
 * Replay every put in order through put(arg, ...), stopping at the first
 * that fails (false). The log is emptied either way.
 */
bool putlog_replay(struct putlog *log,
    bool (*put)(void *arg, MDB_dbi dbi, const void *key, size_t key_len,
    const void *val, size_t val_len, unsigned flags), void *arg);
