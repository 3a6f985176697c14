#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/* Start b empty; nothing is allocated until the first add. */
void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Free b's storage and leave it empty, ready for reuse. */
void
buf_fini(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

/* Grow b, doubling, so n more bytes and a NUL fit. */
void
buf_reserve(struct buf *b, size_t n)
{
	size_t want;

	if (b->cap - b->len > n)
		return;
	want = b->cap < 64 ? 64 : b->cap;
	while (want - b->len <= n) {
		if (want > SIZE_MAX / 2)
			fatal("buffer too large");
		want *= 2;
	}
	b->data = xreallocarray(b->data, want, 1);
	b->cap = want;
	/* Keep the promise of buf.h: NUL-terminated whenever len < cap. */
	b->data[b->len] = '\0';
}

/* Append n bytes of data, keeping b NUL-terminated. */
void
buf_add(struct buf *b, const void *data, size_t n)
{
	buf_reserve(b, n);
	if (n != 0)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Append one character. */
void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

/* Append a NUL-terminated string (borrowed). */
void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Append printf-formatted text; a formatting error appends nothing. */
void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	buf_reserve(b, (size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)len + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)len;
}

/* Hand b's string to the caller to free ("" if empty); b is reset. */
char *
buf_take(struct buf *b)
{
	char *s;

	if (b->data == NULL)
		return xstrdup("");
	s = b->data;
	buf_init(b);
	return s;
}
