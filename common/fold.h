/*
 * fold.h - the normalisation every compared value goes through:
 * Unicode NFKC with case folding (utf8proc), so "BDG" == "bdg" and
 * "ＢＤＧ" == "bdg", but "Chloé" != "chloe".
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/*
 * Append the folded form of s[0..len) to out (NUL-terminated; s may hold
 * NULs, which fold to themselves). Returns false (out unchanged) when s is
 * not valid UTF-8.
 */
bool fold_append(struct buf *out, const char *s, size_t len);

/* The folded form of a NUL-terminated string (owned), or NULL if invalid. */
char *fold_string(const char *s);

/* True when s[0..len) is valid UTF-8 (U+0000 included). */
bool fold_valid_utf8(const char *s, size_t len);
