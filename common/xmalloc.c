#include "xmalloc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*fatal_cleanup)(void);

/* Register the hook fatal() runs once before exiting (e.g. endwin). */
void
fatal_set_cleanup(void (*cleanup)(void))
{
	fatal_cleanup = cleanup;
}

/* Run the cleanup hook if it has not run yet (fatal and fault paths). */
void
fatal_run_cleanup(void)
{
	if (fatal_cleanup != NULL) {
		void (*cleanup)(void) = fatal_cleanup;
		fatal_cleanup = NULL; /* a failing cleanup must not recurse */
		cleanup();
	}
}

/* Run the cleanup hook once, print the message to stderr and exit(1). */
void
fatal(const char *fmt, ...)
{
	va_list ap;

	fatal_run_cleanup();
	fputs("rummage: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* malloc that never returns NULL; size 0 still gets a unique pointer. */
void *
xmalloc(size_t size)
{
	void *p = malloc(size == 0 ? 1 : size);

	if (p == NULL)
		fatal("out of memory allocating %zu bytes", size);
	return p;
}

/* Zeroed memory for nmemb x size, owned by the caller; fatal on failure. */
void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb == 0 ? 1 : nmemb, size == 0 ? 1 : size);

	if (p == NULL)
		fatal("out of memory allocating %zu x %zu bytes", nmemb, size);
	return p;
}

/* Resize ptr to nmemb x size; fatal on overflow or out of memory. */
void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		fatal("allocation of %zu x %zu bytes overflows", nmemb, size);
	p = realloc(ptr, nmemb * size == 0 ? 1 : nmemb * size);
	if (p == NULL)
		fatal("out of memory allocating %zu x %zu bytes", nmemb, size);
	return p;
}

/* A copy of s, owned by the caller. */
char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* A NUL-terminated copy of the first n bytes of s (caller frees). */
char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* vprintf into a new string owned by the caller; ap is consumed. */
char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int len;
	char *p;

	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0)
		fatal("bad format string \"%s\"", fmt);
	p = xmalloc((size_t)len + 1);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	return p;
}

/* printf into a new string owned by the caller. */
char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}
