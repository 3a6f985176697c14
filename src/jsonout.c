#include "jsonout.h"

#include <stdint.h>

#include <utf8proc.h>

/* Write code point cp as \uXXXX (a surrogate pair above U+FFFF). */
static void
jsonout_escape(FILE *f, int32_t cp)
{
	if (cp > 0xffff) {
		cp -= 0x10000;
		fprintf(f, "\\u%04x\\u%04x", (unsigned)(0xd800 + (cp >> 10)),
		    (unsigned)(0xdc00 + (cp & 0x3ff)));
	} else
		fprintf(f, "\\u%04x", (unsigned)cp);
}

/*
 * Write s quoted as JSON, terminal-safe and still valid JSON: C0, DEL
 * and C1 controls, the line/paragraph separators and every format
 * character (bidi overrides, zero-width and tag characters: category Cf)
 * are written as \uXXXX escapes, which decode to the same string; an
 * invalid UTF-8 byte becomes \ufffd.
 */
void
jsonout_string(FILE *f, const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;

	fputc('"', f);
	while (*p != '\0') {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n;

		switch (*p) {
		case '"':
			fputs("\\\"", f);
			p++;
			continue;
		case '\\':
			fputs("\\\\", f);
			p++;
			continue;
		case '\n':
			fputs("\\n", f);
			p++;
			continue;
		case '\r':
			fputs("\\r", f);
			p++;
			continue;
		case '\t':
			fputs("\\t", f);
			p++;
			continue;
		}
		if (*p < 0x80) {
			if (*p < 0x20 || *p == 0x7f)
				jsonout_escape(f, *p);
			else
				fputc(*p, f);
			p++;
			continue;
		}
		n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0) {
			fputs("\\ufffd", f);
			p++;
			continue;
		}
		if (cp <= 0x9f || cp == 0x2028 || cp == 0x2029 ||
		    utf8proc_category(cp) == UTF8PROC_CATEGORY_CF)
			jsonout_escape(f, cp);
		else
			fwrite(p, 1, (size_t)n, f);
		p += n;
	}
	fputc('"', f);
}
