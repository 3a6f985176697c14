/*
 * putlog.c - LMDB puts recorded on one thread, replayed on another
 * (putlog.h).
 */
#include "putlog.h"

#include <stdlib.h>

#include "xmalloc.h"

void
putlog_init(struct putlog *log)
{
	buf_init(&log->bytes);
	log->recs = NULL;
	log->n = log->cap = 0;
}

void
putlog_fini(struct putlog *log)
{
	buf_fini(&log->bytes);
	free(log->recs);
	putlog_init(log);
}

void
putlog_add(struct putlog *log, MDB_dbi dbi, const void *key, size_t key_len,
    const void *val, size_t val_len, unsigned flags)
{
	struct putlog_rec *r;

	if (log->n == log->cap) {
		log->cap = log->cap == 0 ? 64 : log->cap * 2;
		log->recs = xreallocarray(log->recs, log->cap, sizeof *log->recs);
	}
	r = &log->recs[log->n++];
	r->dbi = dbi;
	r->flags = flags;
	/* Offsets, not pointers: the bytes move as the buffer grows. */
	r->key_off = log->bytes.len;
	r->key_len = key_len;
	buf_add(&log->bytes, key, key_len);
	r->val_off = log->bytes.len;
	r->val_len = val_len;
	buf_add(&log->bytes, val, val_len);
}

bool
putlog_replay(struct putlog *log,
    bool (*put)(void *arg, MDB_dbi dbi, const void *key, size_t key_len,
    const void *val, size_t val_len, unsigned flags), void *arg)
{
	bool ok = true;

	for (size_t i = 0; i < log->n && ok; i++) {
		const struct putlog_rec *r = &log->recs[i];
		ok = put(arg, r->dbi, log->bytes.data + r->key_off, r->key_len,
		    log->bytes.data + r->val_off, r->val_len, r->flags);
	}
	putlog_fini(log);
	return ok;
}
