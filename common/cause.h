/*
 * cause.h - the "char **cause" convention (tmux's): a function that fails
 * may say why in a new string for its caller to show and free. Every
 * public function that takes a cause accepts NULL for "don't tell me";
 * setting it through cause_set() keeps that promise in one place.
 */
#pragma once

/* Set *cause to a new message (owned by the caller); nothing if cause is NULL. */
void cause_set(char **cause, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
