#include "jarena.h"

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define JARENA_CHUNK (256u << 10)
#define JARENA_TAG_HEAP 0x48454150u   /* "HEAP" */
#define JARENA_TAG_ARENA 0x4152454eu  /* "AREN" */
#define JARENA_HEADER 16              /* keeps 16-byte alignment */

static _Thread_local struct jarena *jarena_current;
static pthread_once_t jarena_once = PTHREAD_ONCE_INIT;

/* jansson's malloc: the thread's arena if any, else a tagged heap block. */
static void *
jarena_malloc(size_t size)
{
	struct jarena *a = jarena_current;
	size_t need;
	char *p;

	if (size > SIZE_MAX - 2 * JARENA_HEADER)
		return NULL;
	if (a == NULL || size > JARENA_CHUNK / 4) {
		if ((p = malloc(size + JARENA_HEADER)) == NULL)
			return NULL;
		*(uint32_t *)(void *)p = JARENA_TAG_HEAP;
		return p + JARENA_HEADER;
	}
	need = (size + JARENA_HEADER + 15) & ~(size_t)15;
	if (a->nchunks == 0 || JARENA_CHUNK - a->used < need) {
		if (a->nchunks == 0 || a->cur + 1 >= a->nchunks) {
			a->chunks = xreallocarray(a->chunks, a->nchunks + 1,
			    sizeof *a->chunks);
			a->chunks[a->nchunks++] = xmalloc(JARENA_CHUNK);
			a->cur = a->nchunks - 1;
		} else
			a->cur++;
		a->used = 0;
	}
	p = a->chunks[a->cur] + a->used;
	a->used += need;
	*(uint32_t *)(void *)p = JARENA_TAG_ARENA;
	return p + JARENA_HEADER;
}

/* jansson's free, safe from any thread: arena blocks wait for a reset. */
static void
jarena_free(void *ptr)
{
	char *p;

	if (ptr == NULL)
		return;
	p = (char *)ptr - JARENA_HEADER;
	/* Arena blocks go away with jarena_reset(). */
	if (*(uint32_t *)(void *)p == JARENA_TAG_HEAP)
		free(p);
}

/* Give jansson the arena allocator pair; runs once per process. */
static void
jarena_install_once(void)
{
	json_set_alloc_funcs(jarena_malloc, jarena_free);
}

/* Install the arena allocator for jansson, thread-safely, once. */
void
jarena_install(void)
{
	pthread_once(&jarena_once, jarena_install_once);
}

/* Send this thread's jansson allocations to a (NULL: the heap). */
void
jarena_use(struct jarena *a)
{
	jarena_current = a;
}

/* Rewind a to its first chunk; its trees must already be dropped. */
void
jarena_reset(struct jarena *a)
{
	a->cur = 0;
	a->used = 0;
}

/* Free a's chunks, detaching it from this thread if current. */
void
jarena_fini(struct jarena *a)
{
	if (jarena_current == a)
		jarena_current = NULL;
	for (size_t i = 0; i < a->nchunks; i++)
		free(a->chunks[i]);
	free(a->chunks);
	memset(a, 0, sizeof *a);
}
