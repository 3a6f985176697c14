/*
 * input.c - the key source (see input.h).
 */
#include "input.h"

#include <curses.h>
#include <errno.h>
#include <stdlib.h>
#include <wchar.h>

/* Read keys from the terminal. */
void
input_init(struct input *in)
{
	in->script = NULL;
	in->nscript = in->spos = 0;
	in->scripted = false;
	in->has_pending = false;
}

/* Free the script. */
void
input_fini(struct input *in)
{
	free(in->script);
	in->script = NULL;
}

/* Play the n keys of script (owned from here). */
void
input_script(struct input *in, int *script, long n)
{
	free(in->script);
	in->script = script;
	in->nscript = n;
	in->spos = 0;
	in->scripted = true;
}

/* True when the keys come from a script. */
bool
input_scripted(const struct input *in)
{
	return in->scripted;
}

/* True when a key was read ahead. */
bool
input_pending(const struct input *in)
{
	return in->has_pending;
}

/*
 * The next key: from the script, the one put back, or the terminal,
 * waiting at most wait_ms (-1: for ever). 1 a key, 0 none yet, -1 the end.
 */
int
input_next(struct input *in, struct photo_pane *pane, struct view_key *key,
    int wait_ms)
{
	wint_t wc;
	int r;

	if (in->has_pending) {
		*key = in->pending;
		in->has_pending = false;
		return 1;
	}
	if (in->scripted) {
		if (in->spos >= in->nscript)
			return -1;
		r = in->script[in->spos++];
		key->fn = r < 0;
		key->code = r < 0 ? -r : r;
		return 1;
	}
	for (;;) {
		timeout(wait_ms);
		errno = 0;
		r = get_wch(&wc);
		timeout(-1);
		if (r == ERR) {
			if (errno == EINTR)
				continue;
			if (wait_ms >= 0)
				return 0; /* nothing within wait_ms */
			return -1; /* end of input */
		}
		key->fn = r == KEY_CODE_YES;
		key->code = (int)wc;
		/* A late answer to the pane's terminal queries is not keys. */
		if (!key->fn && key->code < 128) {
			r = photo_pane_filter_key(pane, key->code);
			if (r == ERR)
				continue;
			key->code = r;
		}
		return 1;
	}
}

/* True when another key is already waiting (typeahead). */
bool
input_waiting(struct input *in)
{
	wint_t wc;
	int r;

	if (in->has_pending)
		return true;
	if (in->scripted)
		return false; /* scripts measure every step */
	timeout(0);
	r = get_wch(&wc);
	timeout(-1);
	if (r == ERR)
		return false;
	in->pending.fn = r == KEY_CODE_YES;
	in->pending.code = (int)wc;
	in->has_pending = true;
	return true;
}

/* Drop the keys typed during a long task; true when one was Esc. */
bool
input_cancel_typed(struct input *in)
{
	bool esc = false;
	wint_t wc;
	int r;

	if (in->scripted)
		return false;
	in->has_pending = false;
	timeout(0);
	while ((r = get_wch(&wc)) != ERR)
		if (r != KEY_CODE_YES && wc == 27)
			esc = true;
	timeout(-1);
	return esc;
}
