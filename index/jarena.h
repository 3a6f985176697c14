/*
 * jarena.h - a per-thread bump allocator behind jansson.
 *
 * Parsing a record builds a jansson tree of a few hundred nodes, each a
 * malloc and a free: about a third of the indexer's time. Ingest workers
 * switch their thread to an arena, parse, use the tree, drop it, and
 * reset the arena. Every other thread (and a worker outside that window)
 * gets plain malloc. Each block carries a 16-byte tag saying which, so
 * json_decref() from any thread frees correctly.
 */
#pragma once

#include <stddef.h>

struct jarena {
	char **chunks;
	size_t nchunks, cur, used;
};

/* Route jansson's allocations through jarena (once, before threads). */
void jarena_install(void);

/* Make a the current thread's arena (NULL: back to malloc). */
void jarena_use(struct jarena *a);
/* Forget everything allocated in a; keeps its memory for reuse. */
void jarena_reset(struct jarena *a);
void jarena_fini(struct jarena *a);
