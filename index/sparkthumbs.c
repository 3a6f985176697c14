/*
 * sparkthumbs.c - reading INPUT/_thumbs/part-*.json[.gz] (sparkthumbs.h).
 *
 * zlib's gz* functions read both the gzip'd and the plain files; jansson
 * parses a line; the base64 decoder is ours (jansson has none, and ten
 * lines do not justify a library).
 */
#include "sparkthumbs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "cause.h"
#include "xmalloc.h"

struct sparkthumbs {
	char **files;                 /* owned, sorted */
	size_t nfiles, next_file;
	gzFile gz;                    /* the file being read, or NULL */
	const char *file;             /* its name (files[next_file - 1]) */
	unsigned line;
	char *buf;                    /* the current line */
	size_t cap;
	json_t *root;                 /* the current line parsed */
	unsigned char *jpeg;          /* the current JPEG decoded */
	size_t jpeg_cap;
};

/* qsort order for file names: bytewise. */
static int
sparkthumbs_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* part-*.json or part-*.json.gz, as the records (build.c). */
static bool
sparkthumbs_is_part(const char *name)
{
	size_t n = strlen(name);

	if (strncmp(name, "part-", 5) != 0)
		return false;
	return (n > 10 && strcmp(name + n - 5, ".json") == 0) ||
	    (n > 13 && strcmp(name + n - 8, ".json.gz") == 0);
}

struct sparkthumbs *
sparkthumbs_open(const char *input, char **cause)
{
	struct sparkthumbs *r;
	char *dir = xasprintf("%s/_thumbs", input);
	struct dirent *de;
	struct stat st;
	DIR *d;

	*cause = NULL;
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		free(dir);
		return NULL;
	}
	if ((d = opendir(dir)) == NULL) {
		cause_set(cause, "%s: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	r = xcalloc(1, sizeof *r);
	while ((de = readdir(d)) != NULL) {
		if (!sparkthumbs_is_part(de->d_name))
			continue;
		r->files = xreallocarray(r->files, r->nfiles + 1,
		    sizeof *r->files);
		r->files[r->nfiles++] = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	free(dir);
	qsort(r->files, r->nfiles, sizeof *r->files, sparkthumbs_cmp);
	return r;
}

size_t
sparkthumbs_files(const struct sparkthumbs *r)
{
	return r->nfiles;
}

/* Open the next part file; false at the end or with *cause. */
static bool
sparkthumbs_open_next(struct sparkthumbs *r, char **cause)
{
	struct stat st;
	int fd;

	if (r->next_file >= r->nfiles)
		return false;
	r->file = r->files[r->next_file++];
	r->line = 0;
	/* Never block on a FIFO, never read a device. */
	fd = open(r->file, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &st) == -1) {
		cause_set(cause, "%s: %s", r->file, strerror(errno));
		if (fd != -1)
			close(fd);
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		cause_set(cause, "%s: not a regular file", r->file);
		close(fd);
		return false;
	}
	if ((r->gz = gzdopen(fd, "rb")) == NULL) {
		cause_set(cause, "%s: cannot read", r->file);
		close(fd);
		return false;
	}
	return true;
}

/*
 * Read one line into r->buf (without its LF): 1, 0 at the end of the
 * file, -1 with *cause for a line too long (skipped), -2 with *cause
 * when the file cannot be read on (a damaged gzip stream).
 */
static int
sparkthumbs_line(struct sparkthumbs *r, size_t *len, char **cause)
{
	size_t n = 0;
	bool too_long = false;
	int err;

	for (;;) {
		if (r->cap - n < 2) {
			if (r->cap >= SPARKTHUMBS_MAX_LINE) {
				/* Read on to the LF over the same bytes. */
				too_long = true;
				n = 0;
			} else {
				r->cap = r->cap == 0 ? 65536 : r->cap * 2;
				r->buf = xreallocarray(r->buf, r->cap, 1);
			}
		}
		if (gzgets(r->gz, r->buf + n, (int)(r->cap - n)) == NULL) {
			gzerror(r->gz, &err);
			if (err != Z_OK && err != Z_BUF_ERROR) {
				cause_set(cause, "%s:%u: cannot read on (a "
				    "damaged gzip file?)", r->file, r->line + 1);
				return -2;
			}
			if (n == 0 && !too_long)
				return 0;
			break;
		}
		n += strlen(r->buf + n);
		if (n > 0 && r->buf[n - 1] == '\n')
			break;
	}
	r->line++;
	if (too_long) {
		cause_set(cause, "%s:%u: line too long (more than %u bytes)",
		    r->file, r->line, SPARKTHUMBS_MAX_LINE);
		return -1;
	}
	while (n > 0 && (r->buf[n - 1] == '\n' || r->buf[n - 1] == '\r'))
		n--;
	r->buf[n] = '\0';
	*len = n;
	return 1;
}

/* The value of one base64 digit, -1 for anything else. */
static int
sparkthumbs_b64(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode standard base64 (padding optional) into r->jpeg; false if bad. */
static bool
sparkthumbs_decode(struct sparkthumbs *r, const char *s, size_t n,
    size_t *out_len)
{
	uint32_t acc = 0;
	size_t i, out = 0;
	int bits = 0, v;

	while (n > 0 && s[n - 1] == '=')
		n--;
	if (n % 4 == 1)
		return false;
	if (r->jpeg_cap < n / 4 * 3 + 3) {
		r->jpeg_cap = n / 4 * 3 + 3;
		r->jpeg = xreallocarray(r->jpeg, r->jpeg_cap, 1);
	}
	for (i = 0; i < n; i++) {
		if ((v = sparkthumbs_b64((unsigned char)s[i])) < 0)
			return false;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			r->jpeg[out++] = (unsigned char)(acc >> bits);
		}
	}
	*out_len = out;
	return true;
}

int
sparkthumbs_next(struct sparkthumbs *r, struct sparkthumb *t, char **cause)
{
	json_error_t jerr;
	json_t *uuid, *path, *jpeg;
	size_t len;
	int rc;

	*cause = NULL;
	json_decref(r->root);
	r->root = NULL;
	for (;;) {
		if (r->gz == NULL) {
			if (r->next_file >= r->nfiles)
				return 0;
			if (!sparkthumbs_open_next(r, cause))
				return -1;
		}
		if ((rc = sparkthumbs_line(r, &len, cause)) == 1 && len > 0)
			break;
		if (rc == 0 || rc == -2) {
			gzclose(r->gz);
			r->gz = NULL;
		}
		if (rc < 0)
			return -1;
	}
	r->root = json_loadb(r->buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (r->root == NULL || !json_is_object(r->root)) {
		cause_set(cause, "%s:%u: not a JSON object", r->file, r->line);
		return -1;
	}
	uuid = json_object_get(r->root, "uuid");
	path = json_object_get(r->root, "path");
	jpeg = json_object_get(r->root, "jpeg");
	if (!json_is_string(uuid) || !json_is_string(path) ||
	    !json_is_string(jpeg)) {
		cause_set(cause, "%s:%u: expected strings uuid, path and jpeg",
		    r->file, r->line);
		return -1;
	}
	if (!sparkthumbs_decode(r, json_string_value(jpeg),
	    json_string_length(jpeg), &t->len)) {
		cause_set(cause, "%s:%u: jpeg: not base64", r->file, r->line);
		return -1;
	}
	t->uuid = json_string_value(uuid);
	t->uuid_len = json_string_length(uuid);
	t->path = json_string_value(path);
	t->path_len = json_string_length(path);
	t->jpeg = r->jpeg;
	return 1;
}

void
sparkthumbs_free(struct sparkthumbs *r)
{
	if (r == NULL)
		return;
	if (r->gz != NULL)
		gzclose(r->gz);
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->files);
	free(r->buf);
	free(r->jpeg);
	json_decref(r->root);
	free(r);
}
