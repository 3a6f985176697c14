/* Unit tests of common/fold.c: NFKC case folding and UTF-8 validation. */
#include "../common/fold.h"

#include <stdlib.h>

#include "check.h"

/* Fold in[0..inlen), which may hold NULs, and compare byte for byte. */
static void
check_fold_len(const char *in, size_t inlen, const char *want, size_t wantlen)
{
	struct buf b;

	buf_init(&b);
	CHECK(fold_append(&b, in, inlen));
	CHECKF(b.len == wantlen && memcmp(b.data, want, wantlen) == 0,
	    "folding %zu bytes gave %zu", inlen, b.len);
	buf_fini(&b);
}

static void
check_fold(const char *in, const char *want)
{
	char *got = fold_string(in);

	CHECK_STR(got, want);
	free(got);
}

int
main(void)
{
	check_fold("BDG", "bdg");
	check_fold("Levi's", "levi's");
	check_fold("H&M", "h&m");
	check_fold("", "");
	/* Fullwidth letters are compatibility forms of ASCII: NFKC. */
	check_fold("\xef\xbc\xa2\xef\xbc\xa4\xef\xbc\xa7", "bdg"); /* ＢＤＧ */
	/* Accents stay: brand:chloe must not find Chloé. */
	check_fold("Chlo\xc3\xa9", "chlo\xc3\xa9");
	check_fold("CHLOE\xcc\x81", "chlo\xc3\xa9");       /* E + combining acute */
	check_fold("Stra\xc3\x9f" "e", "strasse");          /* ß folds to ss */
	check_fold("\xef\xac\x81" "t", "fit");              /* ﬁ ligature */
	check_fold("\xe3\x83\xa6\xe3\x83\x8b\xe3\x82\xaf\xe3\x83\xad",
	    "\xe3\x83\xa6\xe3\x83\x8b\xe3\x82\xaf\xe3\x83\xad"); /* ユニクロ */
	check_fold("\xef\xbd\xb6", "\xe3\x82\xab");         /* halfwidth ｶ -> カ */

	CHECK(fold_string("\xff") == NULL);
	CHECK(fold_string("a\xc3") == NULL);               /* truncated */
	CHECK(!fold_valid_utf8("\xc0\xaf", 2));             /* overlong '/' */
	CHECK(!fold_valid_utf8("\xed\xa0\x80", 3));         /* surrogate */
	CHECK(!fold_valid_utf8("\xf4\x90\x80\x80", 4));     /* > U+10FFFF */
	/* U+0000 is a character (JSON "\u0000"): valid, folds to itself. */
	CHECK(fold_valid_utf8("a\0b", 3));
	CHECK(fold_valid_utf8("\0", 1));
	check_fold_len("A\0B", 3, "a\0b", 3);
	check_fold_len("\0", 1, "\0", 1);
	check_fold_len("\xc3\x89\0\xef\xbc\xa2", 6, "\xc3\xa9\0b", 4); /* É NUL Ｂ */
	check_fold_len("x\0", 2, "x\0", 2);               /* a trailing NUL kept */
	CHECK(fold_valid_utf8("\xf0\x9f\x91\x96", 4));      /* 👖 */
	CHECK_DONE();
}
