/*
 * sparkthumbs.h - reading the thumbnails the Spark job made beside its
 * records (spark/prepare.py --thumbs): INPUT/_thumbs/part-*.json[.gz],
 * one JSON line per photo, {"uuid", "path", "width", "height", "jpeg"}
 * with the JPEG in base64 (doc/data-format.md, section 3).
 *
 * The lines are untrusted like the records: every size is checked, a
 * bad line is reported (FILE:LINE: REASON) and skipped, never fatal.
 * Nothing here decodes the JPEG; the build does that (and so validates).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* A thumbnails line longer than this is skipped (a 384-px JPEG is ~20 KB). */
#define SPARKTHUMBS_MAX_LINE (4u << 20)

struct sparkthumbs;

/* One thumbnail; every pointer is the reader's, valid until the next call. */
struct sparkthumb {
	const char *uuid;
	size_t uuid_len;
	const char *path;             /* the record's images[k].path */
	size_t path_len;
	const unsigned char *jpeg;
	size_t len;
};

/*
 * The reader of input's _thumbs directory (input is borrowed). NULL with
 * *cause NULL when there is no such directory; NULL with *cause when it
 * cannot be listed.
 */
struct sparkthumbs *sparkthumbs_open(const char *input, char **cause);

/*
 * The next thumbnail: 1 with *t filled, 0 at the end of the last file,
 * -1 for a line that is not a thumbnail, with *cause ("FILE:LINE: why",
 * the caller's to free); call again to go on after it. A file that cannot
 * be read is also -1 (FILE: why), and the reader goes on with the next.
 */
int sparkthumbs_next(struct sparkthumbs *r, struct sparkthumb *t,
    char **cause);

/* The number of part files listed. */
size_t sparkthumbs_files(const struct sparkthumbs *r);

/* Close and free r; NULL is a no-op. */
void sparkthumbs_free(struct sparkthumbs *r);
