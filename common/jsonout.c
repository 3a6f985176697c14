#include "jsonout.h"

#include <string.h>

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

/* jsonout_add into a scratch buffer, then one fwrite. */
void
jsonout_write(FILE *f, const char *s, size_t len)
{
	struct buf b;

	buf_init(&b);
	jsonout_add(&b, s, len);
	fwrite(b.data, 1, b.len, f);
	buf_fini(&b);
}

/* jsonout_write up to the NUL. */
void
jsonout_string(FILE *f, const char *s)
{
	jsonout_write(f, s, strlen(s));
}
