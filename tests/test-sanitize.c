/*
 * test-sanitize.c - unit tests for common/sanitize.c: hostile strings are
 * shown escaped, never raw, and widths/cuts keep columns aligned.
 */
#include "sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

/* Compare sanitize_text(in, len, flags) with want. */
static void
check_text(const char *what, const char *in, size_t len, int flags,
    const char *want)
{
	char *got = sanitize_text(in, len, flags);

	if (strcmp(got, want) != 0) {
		printf("FAIL %s: got \"%s\", want \"%s\"\n", what, got, want);
		failures++;
	}
	free(got);
}

/* Compare sanitize_fit(in, cols, pad, flags) with want and its width. */
static void
check_fit(const char *what, const char *in, int cols, bool pad, int flags,
    const char *want, int want_width)
{
	char *got = sanitize_fit(in, cols, pad, flags);
	int w = sanitize_width(got);

	if (strcmp(got, want) != 0 || w != want_width) {
		printf("FAIL %s: got \"%s\" (%d cols), want \"%s\" (%d cols)\n",
		    what, got, w, want, want_width);
		failures++;
	}
	free(got);
}

/* Fail when s contains a byte that a terminal would obey. */
static void
check_inert(const char *what, const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f || ((flags & SANITIZE_ASCII) &&
		    *p >= 0x80)) {
			printf("FAIL %s: raw byte 0x%02x in output\n", what, *p);
			failures++;
			return;
		}
		/* C1 as UTF-8 (C2 80..C2 9F) and RLO/LRO etc. (E2 80 AA..AE). */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			printf("FAIL %s: raw C1 control in output\n", what);
			failures++;
			return;
		}
		if (p[0] == 0xe2 && p[1] == 0x80 &&
		    ((p[2] >= 0xaa && p[2] <= 0xae) || p[2] == 0x8e ||
		    p[2] == 0x8f || p[2] == 0xa8 || p[2] == 0xa9)) {
			printf("FAIL %s: raw bidi control in output\n", what);
			failures++;
			return;
		}
	}
}

#define TEXT(what, in, flags, want) \
	check_text(what, in, sizeof(in) - 1, flags, want)

/* The attacks from the issue, escaped visibly. */
static void
test_controls(void)
{
	TEXT("ESC [ 2 J", "\x1b[2J", 0, "\\e[2J");
	TEXT("OSC 52", "\x1b]52;c;SGVsbG8=\x07", 0, "\\e]52;c;SGVsbG8=\\x07");
	TEXT("BEL", "ding\x07", 0, "ding\\x07");
	TEXT("tab newline cr", "a\tb\nc\r", 0, "a\\tb\\nc\\r");
	TEXT("DEL", "x\x7fy", 0, "x\\x7fy");
	TEXT("NUL inside", "a\0b", 0, "a\\x00b");
	TEXT("C1 CSI in UTF-8", "\xc2\x9b" "31m", 0, "\\u{009B}31m");
	TEXT("C1 NEL in UTF-8", "a\xc2\x85", 0, "a\\u{0085}");
	TEXT("C1 CSI raw byte", "\x9b" "31m", 0, "\xef\xbf\xbd" "31m");
	TEXT("RLO", "abc\xe2\x80\xae" "def", 0, "abc\\u{202E}def");
	TEXT("LRI..PDI", "\xe2\x81\xa6x\xe2\x81\xa9", 0, "\\u{2066}x\\u{2069}");
	TEXT("ALM", "\xd8\x9c", 0, "\\u{061C}");
	TEXT("LRM RLM", "\xe2\x80\x8e\xe2\x80\x8f", 0, "\\u{200E}\\u{200F}");
	TEXT("line separator", "\xe2\x80\xa8\xe2\x80\xa9", 0,
	    "\\u{2028}\\u{2029}");
	TEXT("ESC in ASCII mode", "\x1b[2J", SANITIZE_ASCII, "\\e[2J");
	TEXT("RLO in ASCII mode", "\xe2\x80\xae", SANITIZE_ASCII, "\\u{202E}");
	TEXT("plain", "Levi's H&M", 0, "Levi's H&M");
	TEXT("unassigned U+0378", "a\xcd\xb8", 0, "a\\u{0378}");
	/* Issue 12: invisible characters are marked, so "Za\u200Bra" != "Zara". */
	TEXT("ZWSP", "Za\xe2\x80\x8bra", 0, "Za\\u{200B}ra");
	TEXT("word joiner", "Za\xe2\x81\xa0ra", 0, "Za\\u{2060}ra");
	TEXT("BOM inside", "Za\xef\xbb\xbfra", 0, "Za\\u{FEFF}ra");
	TEXT("tag character", "Zara\xf3\xa0\x80\x81", 0, "Zara\\u{E0001}");
	TEXT("soft hyphen", "Za\xc2\xadra", 0, "Za\\u{00AD}ra");
	TEXT("ZWJ after ASCII", "Za\xe2\x80\x8dra", 0, "Za\\u{200D}ra");
	TEXT("ZWJ in an emoji sequence", "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9",
	    0, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9");
	TEXT("noncharacter U+FFFF", "\xef\xbf\xbf", 0, "\\u{FFFF}");
	TEXT("leading combining mark", "\xcc\x81" "e\xcc\x81", 0,
	    "\\u{0301}e\xcc\x81");
	TEXT("emoji kept", "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80");
	TEXT("empty", "", 0, "");
}

/* Invalid UTF-8 becomes U+FFFD (one per bad byte), "?" in ASCII mode. */
static void
test_invalid(void)
{
	TEXT("lone continuation", "a\x80z", 0, "a\xef\xbf\xbdz");
	TEXT("bad second byte", "\xc3\x28", 0, "\xef\xbf\xbd(");
	TEXT("overlong slash", "\xc0\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd");
	TEXT("surrogate", "\xed\xa0\x80", 0,
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	TEXT("truncated at end", "ok\xe2\x82", 0,
	    "ok\xef\xbf\xbd\xef\xbf\xbd");
	TEXT("beyond U+10FFFF", "\xf4\x90\x80\x80", 0,
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	TEXT("0xff", "\xff", 0, "\xef\xbf\xbd");
	TEXT("invalid, ASCII mode", "a\xff" "b", SANITIZE_ASCII, "a?b");
	TEXT("valid accents kept", "Chlo\xc3\xa9", 0, "Chlo\xc3\xa9");
	TEXT("accents, ASCII mode", "Chlo\xc3\xa9", SANITIZE_ASCII, "Chlo?");
	TEXT("CJK, ASCII mode", "\xe6\x97\xa5\xe6\x9c\xac", SANITIZE_ASCII,
	    "??");
}

/* Widths from utf8proc; cuts never split a wide character. */
static void
test_width(void)
{
	const char *cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"; /* 日本語 */
	const char *e_acute = "Chloe\xcc\x81"; /* e + COMBINING ACUTE */

	if (sanitize_width("abc") != 3 || sanitize_width(cjk) != 6 ||
	    sanitize_width(e_acute) != 5 || sanitize_width("") != 0 ||
	    sanitize_width("\xe2\x80\xa6") != 1) {
		printf("FAIL widths: abc %d, cjk %d, combining %d\n",
		    sanitize_width("abc"), sanitize_width(cjk),
		    sanitize_width(e_acute));
		failures++;
	}
	check_fit("fits exactly", "abc", 3, false, 0, "abc", 3);
	check_fit("padded", "abc", 5, true, 0, "abc  ", 5);
	check_fit("cut ascii", "abcdef", 4, false, 0, "abc\xe2\x80\xa6", 4);
	check_fit("cut ascii mode", "abcdef", 4, true, SANITIZE_ASCII,
	    "abc~", 4);
	check_fit("cjk fits", cjk, 6, true, 0, cjk, 6);
	check_fit("cjk cut odd", cjk, 5, true, 0,
	    "\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\xa6", 5);
	check_fit("cjk cut even", cjk, 4, true, 0,
	    "\xe6\x97\xa5\xe2\x80\xa6 ", 4);
	check_fit("cjk cut even, no pad", cjk, 4, false, 0,
	    "\xe6\x97\xa5\xe2\x80\xa6", 3);
	check_fit("cjk in 1 column", cjk, 1, true, 0, "\xe2\x80\xa6", 1);
	check_fit("zero columns", "abc", 0, true, 0, "", 0);
	check_fit("negative columns", "abc", -3, true, 0, "", 0);
	check_fit("combining kept", e_acute, 5, true, 0, e_acute, 5);
	check_fit("combining cut", "ae\xcc\x81" "bc", 3, false, 0,
	    "ae\xcc\x81\xe2\x80\xa6", 3);
	check_fit("empty padded", "", 3, true, 0, "   ", 3);
}

/* Every single byte and a few thousand random strings come out inert. */
static void
test_property(void)
{
	char in[64], *out;
	unsigned seed = 12345;
	int i, j, flags;

	for (i = 0; i < 256; i++) {
		in[0] = (char)i;
		for (flags = 0; flags <= SANITIZE_ASCII; flags++) {
			out = sanitize_text(in, 1, flags);
			check_inert("single byte", out, flags);
			free(out);
		}
	}
	for (i = 0; i < 5000; i++) {
		size_t len = (size_t)(i % 63) + 1;

		for (j = 0; j < (int)len; j++) {
			seed = seed * 1103515245u + 12345u;
			/* bias towards the interesting bytes */
			in[j] = (char)((seed >> 16) % 4 == 0 ? 0x1b :
			    (seed >> 8) & 0xff);
		}
		for (flags = 0; flags <= SANITIZE_ASCII; flags++) {
			char *fit;

			out = sanitize_text(in, len, flags);
			check_inert("random", out, flags);
			fit = sanitize_fit(out, (int)(i % 20), true, flags);
			if (sanitize_width(fit) != i % 20) {
				printf("FAIL fit width %d != %d\n",
				    sanitize_width(fit), i % 20);
				failures++;
			}
			check_inert("random fit", fit, flags);
			free(fit);
			free(out);
		}
	}
}

int
main(void)
{
	test_controls();
	test_invalid();
	test_width();
	test_property();
	if (failures != 0) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	printf("sanitize: all tests passed\n");
	return 0;
}
