/*
 * buf.h - a growable byte buffer (owned storage, explicit length).
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;       /* NUL-terminated when len < cap */
	size_t len, cap;
};

void buf_init(struct buf *b);
void buf_fini(struct buf *b);
/* Make room for n more bytes. */
void buf_reserve(struct buf *b, size_t n);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Take the contents as a NUL-terminated string (owned); b is emptied. */
char *buf_take(struct buf *b);
