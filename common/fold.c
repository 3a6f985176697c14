#include "fold.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "xmalloc.h"

/* Strict UTF-8 check: no overlongs, surrogates or > U+10FFFF; NUL is U+0000. */
bool
fold_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		unsigned char c = *p;
		size_t n;
		uint32_t cp;

		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else
			return false;
		if ((size_t)(end - p) <= n)
			return false;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF. */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}

/* Append the NFKC case-folded form of s to out; ASCII skips utf8proc. */
bool
fold_append(struct buf *out, const char *s, size_t len)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n;
	size_t i;

	/*
	 * Most values (sizes, colours, labels, most brands) are ASCII, where
	 * NFKC is the identity and case folding is tolower(): skip utf8proc.
	 */
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] >= 0x80)
			break;
	}
	if (i == len) {
		buf_reserve(out, len);
		for (i = 0; i < len; i++) {
			char c = s[i];
			out->data[out->len + i] = (c >= 'A' && c <= 'Z') ?
			    (char)(c + ('a' - 'A')) : c;
		}
		out->len += len;
		out->data[out->len] = '\0';
		return true;
	}
	if (!fold_valid_utf8(s, len))
		return false;
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
	    &folded, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
	    UTF8PROC_CASEFOLD);
	if (n < 0)
		return false;
	buf_add(out, folded, (size_t)n);
	free(folded);
	return true;
}

/* Fold a C string into a new one the caller frees; NULL if invalid. */
char *
fold_string(const char *s)
{
	struct buf b;

	buf_init(&b);
	if (!fold_append(&b, s, strlen(s))) {
		buf_fini(&b);
		return NULL;
	}
	return buf_take(&b);
}
