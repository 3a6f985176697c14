/*
 * libFuzzer harness: record ingest. Each input is a part file's bytes;
 * every line goes through record_parse() and, when valid, its values
 * through folding, as the indexer's workers do. The scanner alone and
 * jansson alone read it too: a line the scanner accepts must be one
 * jansson accepts, with the same record (recscan.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fold.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct record r, scan, tree;
	struct buf b;

	record_init(&r);
	record_init(&scan);
	record_init(&tree);
	buf_init(&b);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl != NULL ? nl : end) - p);
		char *reason = NULL, *scan_reason = NULL, *tree_reason = NULL;

		if (record_parse_with(&scan, p, len, RECORD_PATH_SCAN, &scan_reason) &&
		    (!record_parse_with(&tree, p, len, RECORD_PATH_TREE,
		    &tree_reason) || record_differs(&scan, &tree) != NULL))
			abort(); /* the scanner took what jansson reads otherwise */
		free(scan_reason);
		free(tree_reason);
		if (record_parse(&r, p, len, &reason)) {
			for (size_t i = 0; i < r.nlabels; i++) {
				b.len = 0;
				fold_append(&b, r.labels[i].s, r.labels[i].len);
			}
			for (size_t i = 0; i < r.ntexts; i++) {
				b.len = 0;
				fold_append(&b, r.texts[i].s, r.texts[i].len);
			}
		} else if (reason == NULL || *reason == '\0') {
			abort(); /* every rejection must say why */
		}
		free(reason);
		p += len + 1;
	}
	buf_fini(&b);
	record_fini(&r);
	record_fini(&scan);
	record_fini(&tree);
	return 0;
}
