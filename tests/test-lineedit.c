/*
 * test-lineedit.c - unit tests for ui/lineedit.c: UTF-8 editing keeps the
 * cursor on character boundaries; controls are never inserted.
 */
#include "../ui/lineedit.c"

#include <stdio.h>

#include "check.h"

/* Type the code points of s (ASCII) and extra ones. */
static void
type(struct lineedit *le, const int *cps, size_t n)
{
	bool changed;
	size_t i;

	for (i = 0; i < n; i++)
		lineedit_key(le, cps[i], false, &changed);
}

int
main(void)
{
	struct lineedit le;
	const int word[] = { 'b', 'r', 0xe9, 0x65e5, 0x1f600 };
	bool changed;

	lineedit_init(&le, "ab");
	CHECKF(le.cursor == 2 && strcmp(le.text, "ab") == 0, "init");
	type(&le, word, 5);
	CHECKF(strcmp(le.text, "abbr\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80") == 0,
	    "utf-8 typed: %s", le.text);
	lineedit_key(&le, KEY_LEFT, true, &changed);
	CHECKF(le.cursor == 9 && !changed, "left over a 4-byte char: %zu",
	    le.cursor);
	lineedit_key(&le, KEY_BACKSPACE, true, &changed);
	CHECKF(changed && strcmp(le.text, "abbr\xc3\xa9\xf0\x9f\x98\x80") == 0,
	    "backspace a 3-byte char: %s", le.text);
	lineedit_key(&le, 1, false, &changed); /* Control+a */
	CHECKF(le.cursor == 0, "Control+a");
	lineedit_key(&le, KEY_DC, true, &changed);
	CHECKF(strcmp(le.text, "bbr\xc3\xa9\xf0\x9f\x98\x80") == 0, "delete");
	lineedit_key(&le, 5, false, &changed); /* Control+e */
	CHECKF(le.cursor == le.len, "Control+e");
	CHECKF(!lineedit_key(&le, 27, false, &changed) && !changed, "ESC");
	CHECKF(!lineedit_key(&le, 7, false, &changed), "BEL");
	CHECKF(!lineedit_key(&le, 0x9b, false, &changed), "C1 CSI");
	CHECKF(!lineedit_key(&le, 0xd800, false, &changed), "surrogate");
	CHECKF(!lineedit_key(&le, KEY_F(3), true, &changed), "F3");
	lineedit_set(&le, "type:Jeans brand:Zara");
	lineedit_key(&le, 23, false, &changed); /* Control+w */
	CHECKF(strcmp(le.text, "type:Jeans ") == 0, "Control+w: %s", le.text);
	lineedit_key(&le, 21, false, &changed); /* Control+u */
	CHECKF(le.len == 0 && le.cursor == 0 && changed, "Control+u");
	lineedit_key(&le, KEY_BACKSPACE, true, &changed);
	CHECKF(!changed, "backspace at the start");
	lineedit_fini(&le);
	if (check_failures != 0) {
		printf("%d failure(s)\n", check_failures);
		return 1;
	}
	printf("lineedit: all tests passed\n");
	return 0;
}
