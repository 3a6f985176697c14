#include "jsonout.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

/* Append s quoted as JSON: runs of plain bytes copied, the rest escaped. */
void
jsonout_add(struct buf *b, const char *s, size_t len)
{
	const char *run = s, *end = s + len;
	char esc[8];

	buf_addc(b, '"');
	for (; s < end; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		buf_add(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '\b': buf_adds(b, "\\b"); break;
		case '\f': buf_adds(b, "\\f"); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", c);
			buf_adds(b, esc);
			break;
		}
	}
	buf_add(b, run, (size_t)(s - run));
	buf_addc(b, '"');
}

/* jsonout_add up to the NUL. */
void
jsonout_adds(struct buf *b, const char *s)
{
	jsonout_add(b, s, strlen(s));
}

/*
 * jsonout_add into a scratch buffer, then written terminal-safe: what
 * goes to stdout may be a terminal, so C1 controls, the separators and
 * format characters are escaped too (jsonout_line_safe).
 */
void
jsonout_write(FILE *f, const char *s, size_t len)
{
	struct buf b;

	buf_init(&b);
	jsonout_add(&b, s, len);
	jsonout_line_safe(f, b.data, b.len);
	buf_fini(&b);
}

/* jsonout_write up to the NUL. */
void
jsonout_string(FILE *f, const char *s)
{
	jsonout_write(f, s, strlen(s));
}

/*
 * Would code point cp reach a terminal as something other than a glyph?
 * Controls (C0, DEL, C1), the line and paragraph separators and every
 * format character (bidi overrides, zero-width and tag characters).
 */
static bool
jsonout_unsafe(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
	    cp == 0x2029 || utf8proc_category(cp) == UTF8PROC_CATEGORY_CF;
}

/* Append the JSON text line, unsafe code points as \uXXXX escapes. */
void
jsonout_line_safe_add(struct buf *b, const char *line, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)line;
	const utf8proc_uint8_t *end = p + len, *run = p;

	while (p < end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, end - p, &cp);

		if (n <= 0) {
			/* Not UTF-8 (a stored line always is): replaced. */
			buf_add(b, run, (size_t)(p - run));
			buf_adds(b, "\\ufffd");
			run = ++p;
			continue;
		}
		if (jsonout_unsafe(cp)) {
			buf_add(b, run, (size_t)(p - run));
			if (cp > 0xffff)
				buf_addf(b, "\\u%04x\\u%04x",
				    (unsigned)(0xd800 + ((cp - 0x10000) >> 10)),
				    (unsigned)(0xdc00 + ((cp - 0x10000) & 0x3ff)));
			else
				buf_addf(b, "\\u%04x", (unsigned)cp);
			run = p + n;
		}
		p += n;
	}
	buf_add(b, run, (size_t)(p - run));
}

/* jsonout_line_safe_add, written to f. */
void
jsonout_line_safe(FILE *f, const char *line, size_t len)
{
	struct buf b;

	buf_init(&b);
	jsonout_line_safe_add(&b, line, len);
	fwrite(b.data, 1, b.len, f);
	buf_fini(&b);
}
