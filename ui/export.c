/*
 * export.c - write a result to a file (see export.h).
 */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "xmalloc.h"

#define EXPORT_CHUNK 4096

const char *
export_format_name(enum export_format fmt)
{
	switch (fmt) {
	case EXPORT_UUIDS:
		return "uuids";
	case EXPORT_JSONL:
		return "JSON lines";
	case EXPORT_CSV:
		return "CSV";
	}
	return "?";
}

/* Append s as a JSON string (quotes included); s is valid UTF-8. */
static void
export_json_string(struct buf *b, const char *s)
{
	const unsigned char *p;

	buf_addc(b, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f) {
			buf_addf(b, "\\u%04x", *p);
		} else {
			buf_addc(b, (char)*p);
		}
	}
	buf_addc(b, '"');
}

/* ISO 8601 UTC with milliseconds into buf. */
static void
export_time(int64_t ms, char *buf, size_t len)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	int frac = (int)(ms - (int64_t)t * 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, frac);
}

/* Append a JSON array of strings. */
static void
export_json_list(struct buf *b, const char *key, char **v, size_t n)
{
	size_t i;

	buf_addf(b, ",\"%s\":[", key);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, ',');
		export_json_string(b, v[i]);
	}
	buf_addc(b, ']');
}

/* Append a box object. */
static void
export_json_box(struct buf *b, const struct catalog_box *box)
{
	buf_addf(b, "{\"left\":%.17g,\"top\":%.17g,\"width\":%.17g,"
	    "\"height\":%.17g}", box->left, box->top, box->width,
	    box->height);
}

/* One item as a contract §2 record line. */
static void
export_json_item(struct buf *b, const struct catalog_item *it)
{
	static const char *keys[CATALOG_PREDICTION_COUNT] = { "brands",
	    "productTypes", "colors", "sizes" };
	static const int order[CATALOG_PREDICTION_COUNT] = { CATALOG_TYPE,
	    CATALOG_COLOR, CATALOG_BRAND, CATALOG_SIZE };
	char when[96];
	size_t i, j, k;
	int f;

	export_time(it->timestamp_ms, when, sizeof when);
	buf_adds(b, "{\"uuid\":");
	export_json_string(b, it->uuid);
	buf_addf(b, ",\"timestamp\":\"%s\"", when);
	for (i = 0; i < CATALOG_PREDICTION_COUNT; i++) {
		f = order[i];
		export_json_list(b, keys[f], it->predictions[f],
		    it->npredictions[f]);
	}
	buf_adds(b, ",\"images\":[");
	for (i = 0; i < it->nphotos; i++) {
		const struct catalog_photo *ph = &it->photos[i];

		buf_adds(b, i > 0 ? ",{\"name\":" : "{\"name\":");
		export_json_string(b, ph->name);
		buf_adds(b, ",\"path\":");
		export_json_string(b, ph->path);
		if (ph->bytes >= 0)
			buf_addf(b, ",\"bytes\":%" PRId64, ph->bytes);
		if (ph->width >= 0)
			buf_addf(b, ",\"width\":%" PRId64, ph->width);
		if (ph->height >= 0)
			buf_addf(b, ",\"height\":%" PRId64, ph->height);
		buf_adds(b, ",\"labels\":[");
		for (j = 0; j < ph->nlabels; j++) {
			const struct catalog_label *l = &ph->labels[j];

			buf_adds(b, j > 0 ? ",{\"name\":" : "{\"name\":");
			export_json_string(b, l->name);
			buf_addf(b, ",\"confidence\":%.17g", l->confidence);
			if (l->nboxes > 0) {
				buf_adds(b, ",\"boxes\":[");
				for (k = 0; k < l->nboxes; k++) {
					if (k > 0)
						buf_addc(b, ',');
					export_json_box(b, &l->boxes[k]);
				}
				buf_addc(b, ']');
			}
			buf_addc(b, '}');
		}
		buf_adds(b, "],\"text\":[");
		for (j = 0; j < ph->ntexts; j++) {
			const struct catalog_text *t = &ph->texts[j];

			buf_adds(b, j > 0 ? ",{\"text\":" : "{\"text\":");
			export_json_string(b, t->text);
			buf_addf(b, ",\"confidence\":%.17g", t->confidence);
			if (t->has_box) {
				buf_adds(b, ",\"box\":");
				export_json_box(b, &t->box);
			}
			buf_addc(b, '}');
		}
		buf_adds(b, "]}");
	}
	buf_adds(b, "]}\n");
}

/* Append s as a CSV field (quoted when it needs to be). */
static void
export_csv_field(struct buf *b, const char *s, bool last)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") != NULL) {
		buf_addc(b, '"');
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				buf_addc(b, '"');
			buf_addc(b, *p);
		}
		buf_addc(b, '"');
	} else {
		buf_adds(b, s);
	}
	buf_adds(b, last ? "\r\n" : ",");
}

/* One item as a CSV row, from its list row. */
static bool
export_csv_row(struct catalog *cat, struct buf *b, uint32_t id,
    double threshold, char **cause)
{
	struct catalog_row row;
	char when[96], photos[16];

	if (!catalog_row_get(cat, id, threshold, &row, cause))
		return false;
	export_time(row.timestamp_ms, when, sizeof when);
	snprintf(photos, sizeof photos, "%u", row.photos);
	export_csv_field(b, row.uuid, false);
	export_csv_field(b, when, false);
	export_csv_field(b, row.top[CATALOG_BRAND], false);
	export_csv_field(b, row.top[CATALOG_TYPE], false);
	export_csv_field(b, row.top[CATALOG_COLOR], false);
	export_csv_field(b, row.top[CATALOG_SIZE], false);
	export_csv_field(b, photos, false);
	export_csv_field(b, row.labels != NULL ? row.labels : "", true);
	catalog_row_fini(&row);
	return true;
}

bool
export_write(struct catalog *cat, const struct catalog_result *res,
    double threshold, enum export_format fmt, const char *path,
    uint64_t *written, char **cause)
{
	uint64_t total = catalog_result_count(res), pos = 0;
	uint32_t *ids = xmalloc(EXPORT_CHUNK * sizeof *ids);
	char *target = NULL, *tmp = NULL;
	struct catalog_item *it;
	struct catalog_row row;
	struct stat st;
	struct buf b;
	mode_t mode = 0666;
	size_t n, i;
	FILE *f = NULL;
	int fd;

	*written = 0;
	buf_init(&b);
	/*
	 * Replace only a regular file (through a symlink: the file it names,
	 * keeping the link), keeping its permissions; never a device, FIFO
	 * or directory (rename would put a file in the node's place).
	 */
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			if (cause != NULL)
				*cause = xasprintf("%s: not a regular file; choose "
				    "another name", path);
			goto fail;
		}
		mode = st.st_mode & 07777;
		target = realpath(path, NULL);
	} else if (errno != ENOENT) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", path, strerror(errno));
		goto fail;
	}
	if (target == NULL)
		target = xstrdup(path);
	tmp = xasprintf("%s.tmp%ld", target, (long)getpid());
	/* O_EXCL | O_NOFOLLOW: never write through something planted there. */
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600)) == -1 || fchmod(fd, mode) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", path, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		tmp = NULL;
		goto fail;
	}
	if (fmt == EXPORT_CSV)
		buf_adds(&b, "uuid,timestamp,brand,type,color,size,photos,"
		    "labels\r\n");
	while (pos < total) {
		n = catalog_result_ids(res, pos, EXPORT_CHUNK, ids);
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			switch (fmt) {
			case EXPORT_UUIDS:
				/* The row is much cheaper than the item. */
				if (!catalog_row_get(cat, ids[i], threshold,
				    &row, cause))
					goto fail;
				buf_adds(&b, row.uuid);
				buf_addc(&b, '\n');
				catalog_row_fini(&row);
				break;
			case EXPORT_JSONL:
				if ((it = catalog_item_get(cat, ids[i],
				    cause)) == NULL)
					goto fail;
				export_json_item(&b, it);
				catalog_item_free(it);
				break;
			case EXPORT_CSV:
				if (!export_csv_row(cat, &b, ids[i], threshold,
				    cause))
					goto fail;
				break;
			}
		}
		if (b.len > 0 && fwrite(b.data, 1, b.len, f) != b.len)
			goto io;
		b.len = 0;
		pos += n;
		*written += n;
	}
	if (b.len > 0 && fwrite(b.data, 1, b.len, f) != b.len)
		goto io;
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		goto io;
	if (fclose(f) != 0) {
		f = NULL;
		goto io;
	}
	f = NULL;
	if (rename(tmp, target) != 0)
		goto io;
	buf_fini(&b);
	free(tmp);
	free(target);
	free(ids);
	return true;
io:
	if (cause != NULL)
		*cause = xasprintf("%s: %s", path, strerror(errno));
fail:
	if (f != NULL)
		fclose(f);
	if (tmp != NULL)
		unlink(tmp);
	buf_fini(&b);
	free(tmp);
	free(target);
	free(ids);
	return false;
}
