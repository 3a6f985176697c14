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
#include "cause.h"
#include "jsonout.h"
#include "sanitize.h"
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

/* Can field be a CSV column: one value per item (a list column, hour, weekday)? */
static bool
export_columnar(enum catalog_field f)
{
	const struct catalog_field_desc *d = catalog_field_desc(f);

	return d != NULL && (d->list_order > 0 || d->kind == CATALOG_KIND_HOUR ||
	    d->kind == CATALOG_KIND_WEEKDAY);
}

/* A field's column, headed by its name. */
static struct export_column
export_field_column(enum catalog_field f, bool record_key)
{
	const struct catalog_field_desc *d = catalog_field_desc(f);
	const char *name = record_key ? d->record_key : d->name;

	return (struct export_column){ f, false, name, strlen(name) };
}

size_t
export_list_columns(struct export_column *cols)
{
	enum catalog_field def[CATALOG_FIELD_COUNT];
	size_t n = catalog_list_columns(def);

	for (size_t i = 0; i < n; i++)
		cols[i] = export_field_column(def[i], false);
	return n;
}

size_t
export_record_columns(struct export_column *cols)
{
	static const enum catalog_kind kinds[] = { CATALOG_KIND_ID,
	    CATALOG_KIND_TIME, CATALOG_KIND_TOP };
	size_t n = 0;

	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++) {
			const struct catalog_field_desc *d =
			    catalog_field_desc((enum catalog_field)f);

			/* The top-1s by field name; the others as records say. */
			if (d->kind == kinds[k])
				cols[n++] = export_field_column(d->field,
				    kinds[k] != CATALOG_KIND_TOP);
		}
	}
	cols[n++] = (struct export_column){ CATALOG_NONE, true, "photos", 6 };
	cols[n++] = (struct export_column){ CATALOG_NONE, false, "labels", 6 };
	return n;
}

/* The column named p[0..len): a field by name or record key, photos, labels. */
static bool
export_column_named(const char *p, size_t len, struct export_column *c)
{
	c->field = catalog_field_lookup(p, len);
	c->photos = false;
	c->name = p;
	c->name_len = len;
	for (size_t k = 0; c->field == CATALOG_NONE && k < CATALOG_FIELD_COUNT;
	    k++) {
		const struct catalog_field_desc *d =
		    catalog_field_desc((enum catalog_field)k);
		/* "timestamp" for date: the record's own name for it. */
		if (export_columnar(d->field) && strlen(d->record_key) == len &&
		    memcmp(d->record_key, p, len) == 0)
			c->field = d->field;
	}
	if (c->field != CATALOG_NONE)
		return export_columnar(c->field);
	c->photos = len == 6 && memcmp(p, "photos", 6) == 0;
	return c->photos || (len == 6 && memcmp(p, "labels", 6) == 0);
}

size_t
export_parse_columns(const char *list, struct export_column *cols,
    char **cause)
{
	size_t n = 0;

	for (const char *p = list;;) {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		if (n == EXPORT_MAX_COLUMNS) {
			cause_set(cause, "more than %d columns",
			    EXPORT_MAX_COLUMNS);
			return 0;
		}
		if (!export_column_named(p, len, &cols[n])) {
			char *safe = sanitize_text(p, len, sanitize_locale_flags());
			struct buf b;

			buf_init(&b);
			buf_addf(&b, "unknown column '%s': expected", safe);
			free(safe);
			for (size_t k = 0; k < CATALOG_FIELD_COUNT; k++)
				if (export_columnar((enum catalog_field)k))
					buf_addf(&b, " %s", catalog_field_name(
					    (enum catalog_field)k));
			buf_adds(&b, " photos labels (timestamp for date), "
			    "separated by commas");
			if (cause != NULL)
				*cause = buf_take(&b);
			buf_fini(&b);
			return 0;
		}
		n++;
		if (end == NULL)
			return n;
		p = end + 1;
	}
}

/* Append s[0..len) as one RFC 4180 field, quoted when it must be. */
static void
export_csv_field(struct buf *b, const char *s, size_t len, bool last,
    bool terminal)
{
	char *safe = NULL;
	bool quote = false;

	/* On a terminal the data is shown escaped, as everywhere else. */
	if (terminal) {
		safe = sanitize_text(s, len, sanitize_locale_flags());
		s = safe;
		len = strlen(safe);
	}
	for (size_t i = 0; i < len && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n';
	if (quote) {
		buf_addc(b, '"');
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '"')
				buf_addc(b, '"');
			buf_addc(b, s[i]);
		}
		buf_addc(b, '"');
	} else {
		buf_add(b, s, len);
	}
	buf_adds(b, last ? "\r\n" : ",");
	free(safe);
}

/* One item as a CSV row of the columns, from its list row. */
static bool
export_csv_row(struct catalog *cat, struct buf *b, uint32_t id,
    const struct export_options *o, char **cause)
{
	struct catalog_row row;
	char tmp[CALENDAR_ISO_SIZE];

	if (!catalog_row_get(cat, id, o->threshold, &row, cause))
		return false;
	for (size_t c = 0; c < o->ncols; c++) {
		const struct export_column *col = &o->cols[c];
		bool last = c + 1 == o->ncols;
		const char *v;
		size_t len;

		if (col->photos) {
			snprintf(tmp, sizeof tmp, "%u", row.photos);
			v = tmp;
			len = strlen(tmp);
		} else if (col->field == CATALOG_NONE) {
			v = row.labels != NULL ? row.labels : "";
			len = row.labels_len;
		} else if (catalog_field_desc(col->field)->kind ==
		    CATALOG_KIND_TIME) {
			/* The timestamp as the records spell it, in UTC. */
			calendar_iso(row.timestamp_ms, tmp);
			v = tmp;
			len = strlen(tmp);
		} else {
			v = catalog_row_field(&row, col->field, tmp, &len);
		}
		export_csv_field(b, v, len, last, o->terminal);
	}
	catalog_row_fini(&row);
	return true;
}

/* Append one item in the format: false with *cause on a catalog error. */
static bool
export_item(struct catalog *cat, struct buf *b, uint32_t id,
    const struct export_options *o, char **cause)
{
	char uuid[65], *line;
	size_t len;

	switch (o->fmt) {
	case EXPORT_UUIDS:
		/* The id column: no record is read. */
		if (!catalog_item_uuid(cat, id, uuid, cause))
			return false;
		buf_adds(b, uuid);
		buf_addc(b, '\n');
		return true;
	case EXPORT_JSONL:
		/* The record as read: numbers as the source wrote them. */
		if ((line = catalog_item_line(cat, id, &len, cause)) == NULL)
			return false;
		if (o->terminal) {
			jsonout_line_safe_add(b, line, len);
		} else {
			buf_add(b, line, len);
		}
		buf_addc(b, '\n');
		free(line);
		return true;
	case EXPORT_CSV:
		return export_csv_row(cat, b, id, o, cause);
	}
	return false;
}

bool
export_stream(struct catalog *cat, const struct catalog_result *res,
    const struct export_options *o, FILE *out, uint64_t *written,
    bool *cancelled, char **cause)
{
	uint64_t total = catalog_result_count(res), pos = 0;
	uint32_t ids[EXPORT_CHUNK];
	struct buf b;
	bool ok = true;
	size_t n;

	*written = 0;
	*cancelled = false;
	if (o->limit < total)
		total = o->limit;
	buf_init(&b);
	if (o->fmt == EXPORT_CSV)
		for (size_t c = 0; c < o->ncols; c++)
			export_csv_field(&b, o->cols[c].name, o->cols[c].name_len,
			    c + 1 == o->ncols, o->terminal);
	while (ok && pos < total && (n = catalog_result_ids(res, pos,
	    total - pos < EXPORT_CHUNK ? (size_t)(total - pos) : EXPORT_CHUNK,
	    ids)) > 0) {
		for (size_t i = 0; ok && i < n; i++) {
			ok = export_item(cat, &b, ids[i], o, cause);
			/* Flush as it goes: a pipe sees the first lines at once. */
			if (ok && b.len >= 65536) {
				ok = fwrite(b.data, 1, b.len, out) == b.len;
				b.len = 0;
			}
		}
		if (!ok)
			break;
		pos += n;
		*written = pos;
		if (o->progress != NULL &&
		    !o->progress(o->progress_arg, pos, total)) {
			*cancelled = true;
			ok = false;
		}
	}
	if (ok && b.len > 0)
		ok = fwrite(b.data, 1, b.len, out) == b.len;
	buf_fini(&b);
	return ok && !ferror(out);
}

bool
export_write(struct catalog *cat, const struct catalog_result *res,
    const struct export_options *o, const char *path, uint64_t *written,
    bool *cancelled, char **cause)
{
	char *target = NULL, *tmp = NULL;
	struct stat st;
	mode_t mode = 0666;
	FILE *f = NULL;
	int fd;

	*written = 0;
	*cancelled = false;
	/*
	 * Replace only a regular file (through a symlink: the file it names,
	 * keeping the link), keeping its permissions; never a device, FIFO
	 * or directory (rename would put a file in the node's place).
	 */
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			cause_set(cause, "%s: not a regular file; choose another "
			    "name", path);
			return false;
		}
		mode = st.st_mode & 07777;
		target = realpath(path, NULL);
	} else if (errno != ENOENT) {
		cause_set(cause, "%s: %s", path, strerror(errno));
		return false;
	}
	if (target == NULL)
		target = xstrdup(path);
	tmp = xasprintf("%s.tmp%ld", target, (long)getpid());
	/* O_EXCL | O_NOFOLLOW: never write through something planted there. */
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600)) == -1 || fchmod(fd, mode) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		cause_set(cause, "%s: %s", path, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		free(target);
		return false;
	}
	if (!export_stream(cat, res, o, f, written, cancelled, cause)) {
		/* A catalog error has its cause; a write error has errno. */
		if (!*cancelled && cause != NULL && *cause == NULL)
			goto io;
		goto fail;
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		goto io;
	if (fclose(f) != 0) {
		f = NULL;
		goto io;
	}
	f = NULL;
	if (rename(tmp, target) != 0)
		goto io;
	free(tmp);
	free(target);
	return true;
io:
	cause_set(cause, "%s: %s", path, strerror(errno));
fail:
	if (f != NULL)
		fclose(f);
	unlink(tmp);
	free(tmp);
	free(target);
	return false;
}
