/*
 * test-keymap.c - unit tests for ui/keymap.c: key names, default and
 * rebound keys, descriptions for the help overlay.
 */
#include "../ui/keymap.c"

#include <stdio.h>

#include "check.h"

int
main(void)
{
	char buf[128], *cause = NULL;

	CHECKF(keymap_key_parse("q") == 'q', "q");
	CHECKF(keymap_key_parse("Enter") == '\n', "Enter");
	CHECKF(keymap_key_parse("esc") == 27, "esc");
	CHECKF(keymap_key_parse("PageDown") == KEY_NPAGE, "PageDown");
	CHECKF(keymap_key_parse("Control+r") == 18, "Control+r");
	CHECKF(keymap_key_parse("C-R") == 18, "C-R");
	CHECKF(keymap_key_parse("F12") == KEY_F(12), "F12");
	CHECKF(keymap_key_parse("F13") == -1, "F13");
	CHECKF(keymap_key_parse("Control+1") == -1, "Control+1");
	CHECKF(keymap_key_parse("Hyper+x") == -1, "Hyper+x");

	keymap_init();
	CHECKF(keymap_lookup('u') == KEYMAP_UNDO, "u");
	CHECKF(keymap_lookup(18) == KEYMAP_REDO, "Control+r");
	CHECKF(keymap_lookup(KEY_ENTER) == KEYMAP_SELECT, "KEY_ENTER");
	CHECKF(keymap_lookup('\r') == KEYMAP_SELECT, "CR");
	CHECKF(keymap_lookup(127) == KEYMAP_REMOVE, "DEL as Backspace");
	CHECKF(keymap_lookup('+') == KEYMAP_MORE && keymap_lookup('-') ==
	    KEYMAP_LESS, "+/-");
	CHECKF(keymap_lookup('Z') == KEYMAP_NONE, "Z unbound");
	CHECKF(keymap_action_find("threshold-up") == KEYMAP_MORE, "find");
	CHECKF(keymap_action_find("nope") == KEYMAP_NONE, "find nope");

	/* Rebinding replaces the action's keys, nothing else. */
	CHECKF(keymap_bind(KEYMAP_UNDO, "U Control+z", &cause), "bind");
	CHECKF(keymap_lookup('u') == KEYMAP_NONE, "u no longer undo");
	CHECKF(keymap_lookup('U') == KEYMAP_UNDO, "U undo");
	CHECKF(keymap_lookup(26) == KEYMAP_UNDO, "Control+z undo");
	CHECKF(keymap_lookup(18) == KEYMAP_REDO, "redo untouched");
	keymap_describe(KEYMAP_UNDO, buf, sizeof buf);
	CHECKF(strcmp(buf, "U Control+z") == 0, "describe: %s", buf);
	keymap_describe(KEYMAP_PAGE_DOWN, buf, sizeof buf);
	CHECKF(strcmp(buf, "PageDown Control+f Space") == 0, "describe: %s",
	    buf);
	CHECKF(!keymap_bind(KEYMAP_UNDO, "U Bogus", &cause) && cause != NULL &&
	    strstr(cause, "Bogus") != NULL, "bad key name");
	free(cause);
	CHECKF(keymap_lookup('U') == KEYMAP_UNDO, "a failed bind keeps keys");
	if (check_failures != 0) {
		printf("%d failure(s)\n", check_failures);
		return 1;
	}
	printf("keymap: all tests passed\n");
	return 0;
}
