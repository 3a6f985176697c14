/*
 * input.h - where the browser's keys come from: the terminal (a late
 * answer to the photo pane's queries filtered out), or a script of keys
 * (bench/, smoke tests), and a key read ahead to see whether the user
 * typed ahead.
 */
#pragma once

#include <stdbool.h>

#include "photo.h"
#include "view.h"

/* The key source. */
struct input {
	int *script;                  /* owned; codes, negated for fn keys */
	long nscript, spos;
	bool scripted;
	struct view_key pending;      /* read ahead */
	bool has_pending;
};

/* Read keys from the terminal. */
void input_init(struct input *in);
/* Free the script. */
void input_fini(struct input *in);

/*
 * Play the n keys of script (takes ownership; browse_script_parse's
 * codes) instead of the terminal's.
 */
void input_script(struct input *in, int *script, long n);

/* True when the keys come from a script. */
bool input_scripted(const struct input *in);

/* True when a key was read ahead. */
bool input_pending(const struct input *in);

/*
 * The next key: from the script, the one read ahead, or the terminal,
 * waiting at most wait_ms (-1: for ever); the pane (borrowed) takes its
 * answers out of the keys. 1 a key, 0 none yet, -1 the end.
 */
int input_next(struct input *in, struct photo_pane *pane,
    struct view_key *key, int wait_ms);

/* True when another key is already waiting (typeahead). */
bool input_waiting(struct input *in);

/*
 * During a long task: take every key typed meanwhile off the terminal
 * (they are not replayed afterwards) and say whether one was Esc. A
 * script's keys are left alone (false).
 */
bool input_cancel_typed(struct input *in);
