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
#include "calendar.h"
#include "jsonout.h"
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

/* Append a JSON array of strings. */
static void
export_json_list(struct buf *b, const char *key, char **v, const size_t *len,
    size_t n)
{
	size_t i;

	buf_addf(b, ",\"%s\":[", key);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, ',');
		jsonout_add(b, v[i], len[i]);
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

/* The record key of the first field of kind k in the table. */
static const char *
export_key(enum catalog_kind k)
{
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)f);

		if (d->kind == k)
			return d->record_key;
	}
	return "?";
}

/* One item as a contract §2 record line; the keys from the field table. */
static void
export_json_item(struct buf *b, const struct catalog_item *it)
{
	char when[CALENDAR_ISO_SIZE];
	size_t i, j, k;

	calendar_iso(it->timestamp_ms, when);
	buf_addf(b, "{\"%s\":", export_key(CATALOG_KIND_ID));
	jsonout_adds(b, it->uuid);
	buf_addf(b, ",\"%s\":\"%s\"", export_key(CATALOG_KIND_TIME), when);
	/* Each prediction list once: under its top-1 field's record key. */
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)f);

		if (d->kind == CATALOG_KIND_TOP)
			export_json_list(b, d->record_key,
			    it->predictions[d->prediction],
			    it->prediction_len[d->prediction],
			    it->npredictions[d->prediction]);
	}
	buf_adds(b, ",\"images\":[");
	for (i = 0; i < it->nphotos; i++) {
		const struct catalog_photo *ph = &it->photos[i];

		buf_adds(b, i > 0 ? ",{\"name\":" : "{\"name\":");
		jsonout_adds(b, ph->name);
		buf_adds(b, ",\"path\":");
		jsonout_adds(b, ph->path);
		if (ph->bytes >= 0)
			buf_addf(b, ",\"bytes\":%" PRId64, ph->bytes);
		if (ph->width >= 0)
			buf_addf(b, ",\"width\":%" PRId64, ph->width);
		if (ph->height >= 0)
			buf_addf(b, ",\"height\":%" PRId64, ph->height);
		buf_addf(b, ",\"%s\":[", export_key(CATALOG_KIND_SCORED));
		for (j = 0; j < ph->nlabels; j++) {
			const struct catalog_label *l = &ph->labels[j];

			buf_adds(b, j > 0 ? ",{\"name\":" : "{\"name\":");
			jsonout_add(b, l->name, l->name_len);
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
		buf_addf(b, "],\"%s\":[", export_key(CATALOG_KIND_TEXT));
		for (j = 0; j < ph->ntexts; j++) {
			const struct catalog_text *t = &ph->texts[j];

			buf_adds(b, j > 0 ? ",{\"text\":" : "{\"text\":");
			jsonout_add(b, t->text, t->text_len);
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

/* Append s[0..len) as a CSV field (quoted when it needs to be). */
static void
export_csv_field(struct buf *b, const char *s, size_t len, bool last)
{
	size_t i;

	for (i = 0; i < len && s[i] != ',' && s[i] != '"' && s[i] != '\r' &&
	    s[i] != '\n'; i++)
		;
	if (i < len) {
		buf_addc(b, '"');
		for (i = 0; i < len; i++) {
			if (s[i] == '"')
				buf_addc(b, '"');
			buf_addc(b, s[i]);
		}
		buf_addc(b, '"');
	} else {
		buf_add(b, s, len);
	}
	buf_adds(b, last ? "\r\n" : ",");
}

/*
 * The CSV columns: the id and the time (named by their record keys),
 * the top-1 predictions (by field name), then photos and labels.
 */
static void
export_csv_header(struct buf *b)
{
	static const enum catalog_kind kinds[] = { CATALOG_KIND_ID,
	    CATALOG_KIND_TIME, CATALOG_KIND_TOP };

	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
			const struct catalog_field_desc *d =
			    catalog_field_desc((enum catalog_field)f);

			if (d->kind == kinds[k])
			{
				const char *name = kinds[k] == CATALOG_KIND_TOP ?
				    d->name : d->record_key;
				export_csv_field(b, name, strlen(name), false);
			}
		}
	}
	export_csv_field(b, "photos", 6, false);
	export_csv_field(b, "labels", 6, true);
}

/* One item as a CSV row, from its list row, in export_csv_header's order. */
static bool
export_csv_row(struct catalog *cat, struct buf *b, uint32_t id,
    double threshold, char **cause)
{
	struct catalog_row row;
	char when[CALENDAR_ISO_SIZE], photos[16];

	if (!catalog_row_get(cat, id, threshold, &row, cause))
		return false;
	calendar_iso(row.timestamp_ms, when);
	snprintf(photos, sizeof photos, "%u", row.photos);
	export_csv_field(b, row.uuid, strlen(row.uuid), false);
	export_csv_field(b, when, strlen(when), false);
	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)f);

		if (d->kind == CATALOG_KIND_TOP)
			export_csv_field(b, row.top[d->prediction],
			    row.top_len[d->prediction], false);
	}
	export_csv_field(b, photos, strlen(photos), false);
	export_csv_field(b, row.labels != NULL ? row.labels : "",
	    row.labels_len, true);
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
		export_csv_header(&b);
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
