/*
 * check.h - the few assertion macros the C unit tests share: a failed
 * check prints where and what, and the test exits non-zero at the end.
 */
#pragma once

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
		    #cond); \
		check_failures++; \
	} \
} while (0)

/* CHECK with a printf-style message naming the case that failed. */
#define CHECKF(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, \
		    #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		check_failures++; \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *check_g = (got), *check_w = (want); \
	if (check_g == NULL || strcmp(check_g, check_w) != 0) { \
		fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, \
		    __LINE__, check_g != NULL ? check_g : "(null)", check_w); \
		check_failures++; \
	} \
} while (0)

#define CHECK_INT(got, want) do { \
	long long check_g = (long long)(got), check_w = (long long)(want); \
	if (check_g != check_w) { \
		fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", __FILE__, \
		    __LINE__, #got, check_g, check_w); \
		check_failures++; \
	} \
} while (0)

#define CHECK_DONE() do { \
	if (check_failures > 0) { \
		fprintf(stderr, "%d check(s) failed\n", check_failures); \
		return 1; \
	} \
	return 0; \
} while (0)
