/*
 * libFuzzer harness: terminal-safe text. Whatever the bytes, the output
 * of sanitize_text() and sanitize_fit() must be valid UTF-8 with no C0,
 * DEL or C1 control and no bidi override, in both locale modes, and a
 * fitted cell must be no wider than asked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort when s holds a byte sequence a terminal would act on. */
static void
fuzz_sanitize_check(const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	if (!fold_valid_utf8(s, n))
		abort();
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			abort();
		if ((flags & SANITIZE_ASCII) && p[i] >= 0x80)
			abort();
		/* C1 controls U+0080..U+009F are C2 80..C2 9F in UTF-8. */
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			abort();
		/* U+202A..U+202E and U+2066..U+2069: E2 80 AA..AE, E2 81 A6..A9. */
		if (p[i] == 0xe2 && i + 2 < n &&
		    ((p[i + 1] == 0x80 && p[i + 2] >= 0xaa && p[i + 2] <= 0xae) ||
		    (p[i + 1] == 0x81 && p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int flags = 0; flags <= SANITIZE_ASCII; flags += SANITIZE_ASCII) {
		char *safe = sanitize_text((const char *)data, size, flags);
		int cols = size > 0 ? data[0] % 40 : 7;
		char *cell;

		fuzz_sanitize_check(safe, flags);
		cell = sanitize_fit(safe, cols, true, flags);
		fuzz_sanitize_check(cell, flags);
		if (sanitize_width(cell) > cols)
			abort();
		free(cell);
		free(safe);
	}
	return 0;
}
