/*
 * test-jsonout.c - unit tests for common/jsonout.c, the one JSON string
 * writer: Python's json.dumps spelling, DEL and NUL escaped, lengths.
 */
#include "../common/jsonout.h"

#include <stdlib.h>

#include "check.h"

/* s[0..len) as jsonout_add writes it, as a new string. */
static char *
quote(const char *s, size_t len)
{
	struct buf b;

	buf_init(&b);
	jsonout_add(&b, s, len);
	return buf_take(&b);
}

int
main(void)
{
	char *got, *mem = NULL;
	size_t memlen = 0;
	FILE *f;

	/* As json.dumps(s, ensure_ascii=False) spells it. */
	got = quote("Atelier \"Noir\" \\ Chloé ユニクロ", 36);
	CHECK_STR(got, "\"Atelier \\\"Noir\\\" \\\\ Chloé ユニクロ\"");
	free(got);
	got = quote("\n\r\t\b\f\x01\x1b\x1f", 8);
	CHECK_STR(got, "\"\\n\\r\\t\\b\\f\\u0001\\u001b\\u001f\"");
	free(got);
	/* DEL escaped too: nothing that moves a terminal goes out raw. */
	got = quote("a\x7f" "b", 3);
	CHECK_STR(got, "\"a\\u007fb\"");
	free(got);
	/* By length: an embedded NUL is a character like any other. */
	got = quote("A\0B", 3);
	CHECK_STR(got, "\"A\\u0000B\"");
	free(got);
	got = quote("", 0);
	CHECK_STR(got, "\"\"");
	free(got);

	f = open_memstream(&mem, &memlen);
	CHECK(f != NULL);
	if (f != NULL) {
		jsonout_string(f, "x\"\x1b");
		fclose(f);
		CHECK_STR(mem, "\"x\\\"\\u001b\"");
	}
	free(mem);
	if (check_failures == 0)
		printf("jsonout: ok\n");
	return check_failures != 0;
}
