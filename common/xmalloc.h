/*
 * xmalloc.h - allocation that cannot fail, and fatal().
 *
 * Out of memory is not a condition rummage recovers from: these wrappers
 * call fatal(), which first runs the registered cleanup (the browser's
 * endwin()) so the terminal is left usable.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
/* Like reallocarray(3), but fatal on failure or overflow. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string (owned by the caller). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Print "rummage: MESSAGE" to stderr and exit(1), after the cleanup hook. */
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Set a function fatal() runs before printing (e.g. endwin); NULL clears. */
void fatal_set_cleanup(void (*cleanup)(void));
/* Run that function now unless it already ran (then it is cleared). */
void fatal_run_cleanup(void);
