/*
 * test-keymap.c - unit tests for ui/keymap.c: key names, default and
 * rebound keys, descriptions for the help overlay.
 */
#include "../ui/keymap.c"

#include <stdio.h>

static int failures;

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		printf("FAIL %s:%d: ", __FILE__, __LINE__); \
		printf(__VA_ARGS__); \
		printf("\n"); \
		failures++; \
	} \
} while (0)

int
main(void)
{
	char buf[128], *cause = NULL;

	CHECK(keymap_key_parse("q") == 'q', "q");
	CHECK(keymap_key_parse("Enter") == '\n', "Enter");
	CHECK(keymap_key_parse("esc") == 27, "esc");
	CHECK(keymap_key_parse("PageDown") == KEY_NPAGE, "PageDown");
	CHECK(keymap_key_parse("Control+r") == 18, "Control+r");
	CHECK(keymap_key_parse("C-R") == 18, "C-R");
	CHECK(keymap_key_parse("F12") == KEY_F(12), "F12");
	CHECK(keymap_key_parse("F13") == -1, "F13");
	CHECK(keymap_key_parse("Control+1") == -1, "Control+1");
	CHECK(keymap_key_parse("Hyper+x") == -1, "Hyper+x");

	keymap_init();
	CHECK(keymap_lookup('u') == KEYMAP_UNDO, "u");
	CHECK(keymap_lookup(18) == KEYMAP_REDO, "Control+r");
	CHECK(keymap_lookup(KEY_ENTER) == KEYMAP_SELECT, "KEY_ENTER");
	CHECK(keymap_lookup('\r') == KEYMAP_SELECT, "CR");
	CHECK(keymap_lookup(127) == KEYMAP_REMOVE, "DEL as Backspace");
	CHECK(keymap_lookup('+') == KEYMAP_MORE && keymap_lookup('-') ==
	    KEYMAP_LESS, "+/-");
	CHECK(keymap_lookup('Z') == KEYMAP_NONE, "Z unbound");
	CHECK(keymap_action_find("threshold-up") == KEYMAP_MORE, "find");
	CHECK(keymap_action_find("nope") == KEYMAP_NONE, "find nope");

	/* Rebinding replaces the action's keys, nothing else. */
	CHECK(keymap_bind(KEYMAP_UNDO, "U Control+z", &cause), "bind");
	CHECK(keymap_lookup('u') == KEYMAP_NONE, "u no longer undo");
	CHECK(keymap_lookup('U') == KEYMAP_UNDO, "U undo");
	CHECK(keymap_lookup(26) == KEYMAP_UNDO, "Control+z undo");
	CHECK(keymap_lookup(18) == KEYMAP_REDO, "redo untouched");
	keymap_describe(KEYMAP_UNDO, buf, sizeof buf);
	CHECK(strcmp(buf, "U Control+z") == 0, "describe: %s", buf);
	keymap_describe(KEYMAP_PAGE_DOWN, buf, sizeof buf);
	CHECK(strcmp(buf, "PageDown Control+f Space") == 0, "describe: %s",
	    buf);
	CHECK(!keymap_bind(KEYMAP_UNDO, "U Bogus", &cause) && cause != NULL &&
	    strstr(cause, "Bogus") != NULL, "bad key name");
	free(cause);
	CHECK(keymap_lookup('U') == KEYMAP_UNDO, "a failed bind keeps keys");
	if (failures != 0) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	printf("keymap: all tests passed\n");
	return 0;
}
