#include "record.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalog.h"
#include "fold.h"
#include "xmalloc.h"

/* The record keys of the four ranked prediction lists, by catalog_field. */
static const char *const record_prediction_keys[CATALOG_PREDICTION_COUNT] = {
	"brands", "productTypes", "colors", "sizes"
};

/* Start r empty: no tree, no arrays. */
void
record_init(struct record *r)
{
	memset(r, 0, sizeof *r);
}

/* Drop the parsed tree (r's strings go with it); arrays are kept. */
void
record_clear(struct record *r)
{
	if (r->json != NULL)
		json_decref(r->json);
	r->json = NULL;
}

/* Free the tree and the reusable arrays; r is left as if inited. */
void
record_fini(struct record *r)
{
	if (r->json != NULL)
		json_decref(r->json);
	free(r->labels);
	free(r->texts);
	free(r->photos);
	record_init(r);
}

/* Days since 1970-01-01 of a Gregorian date, also before 1970. */
int64_t
record_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* Howard Hinnant's days_from_civil. */
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Days in month m of year y with Gregorian leap years; 0 if bad. */
unsigned
record_days_in_month(int64_t y, unsigned m)
{
	static const unsigned days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* Write ms as ISO 8601 UTC with milliseconds, year clamped. */
void
record_format_timestamp(int64_t ms, char out[32])
{
	int64_t days, rem, z, era, doe, yoe, y, doy, mp, d, m;

	/* Records hold four-digit years only: show a bound, never a wrong date. */
	if (ms < CATALOG_TIMESTAMP_MIN)
		ms = CATALOG_TIMESTAMP_MIN;
	if (ms > CATALOG_TIMESTAMP_MAX)
		ms = CATALOG_TIMESTAMP_MAX;
	days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
	rem = ms - days * 86400000;
	/* civil_from_days */
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;

	y += m <= 2;
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    (int)y, (int)m, (int)d, (int)(rem / 3600000),
	    (int)(rem / 60000 % 60), (int)(rem / 1000 % 60), (int)(rem % 1000));
}

/* Read exactly n digits at s[*i]; false if any is not a digit. */
static bool
record_digits(const char *s, size_t len, size_t *i, unsigned n, int64_t *out)
{
	int64_t v = 0;

	if (len - *i < n)
		return false;
	for (unsigned k = 0; k < n; k++) {
		char c = s[*i + k];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*i += n;
	*out = v;
	return true;
}

/* ISO 8601 with a required zone to UTC ms; sub-ms digits dropped. */
bool
record_parse_timestamp(const char *s, size_t len, int64_t *ms)
{
	/* Initialised: gcc -O3 cannot see record_digits() sets them. */
	int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
	int64_t frac = 0, zh = 0, zm = 0;
	size_t i = 0;
	int sign = 0;

	if (!record_digits(s, len, &i, 4, &y) || i >= len || s[i++] != '-' ||
	    !record_digits(s, len, &i, 2, &mo) || i >= len || s[i++] != '-' ||
	    !record_digits(s, len, &i, 2, &d) || i >= len || s[i++] != 'T' ||
	    !record_digits(s, len, &i, 2, &h) || i >= len || s[i++] != ':' ||
	    !record_digits(s, len, &i, 2, &mi) || i >= len || s[i++] != ':' ||
	    !record_digits(s, len, &i, 2, &sec))
		return false;
	if (i < len && s[i] == '.') {
		unsigned ndigits = 0;
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			/* Keep milliseconds; further digits are truncated. */
			if (ndigits < 3)
				frac = frac * 10 + (s[i] - '0');
			ndigits++;
			i++;
		}
		if (ndigits == 0)
			return false;
		for (; ndigits < 3; ndigits++)
			frac *= 10;
	}
	if (i >= len)
		return false; /* no zone */
	if (s[i] == 'Z') {
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		sign = s[i] == '+' ? 1 : -1;
		i++;
		if (!record_digits(s, len, &i, 2, &zh) || i >= len ||
		    s[i++] != ':' || !record_digits(s, len, &i, 2, &zm))
			return false;
		if (zh > 23 || zm > 59)
			return false;
	} else
		return false;
	if (i != len)
		return false;
	if (mo < 1 || mo > 12 || d < 1 ||
	    d > (int64_t)record_days_in_month(y, (unsigned)mo) ||
	    h > 23 || mi > 59 || sec > 59)
		return false;
	*ms = ((record_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + sec) - sign * (zh * 3600 + zm * 60)) * 1000 +
	    frac;
	/* A zone may carry year 9999 into 10000 (or 0000 back into -1). */
	return *ms >= CATALOG_TIMESTAMP_MIN && *ms <= CATALOG_TIMESTAMP_MAX;
}

/* Is path root itself or inside it (both absolute and normalised)? */
static bool
record_under(const char *root, const char *path)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/')
		return true;
	return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* A record's photo path resolved inside root, or NULL with *why. */
char *
record_photo_resolve(const char *root, const char *path, size_t len,
    const char **why)
{
	struct buf b;
	size_t i = 0;
	char *real, *lexical;

	if (len == 0 || memchr(path, '\0', len) != NULL || root[0] != '/') {
		*why = "not a usable path";
		return NULL;
	}
	buf_init(&b);
	if (path[0] != '/')
		buf_adds(&b, strcmp(root, "/") == 0 ? "" : root);
	/* Normalise by text: skip "" and ".", ".." drops a component. */
	while (i < len) {
		size_t j = i;
		while (j < len && path[j] != '/')
			j++;
		if (j - i == 2 && path[i] == '.' && path[i + 1] == '.') {
			while (b.len > 0 && b.data[b.len - 1] != '/')
				b.len--;
			if (b.len > 0)
				b.len--;
		} else if (j > i && !(j - i == 1 && path[i] == '.')) {
			buf_addc(&b, '/');
			buf_add(&b, path + i, j - i);
		}
		i = j + 1;
	}
	if (b.len == 0)
		buf_addc(&b, '/');
	lexical = buf_take(&b);
	if (!record_under(root, lexical)) {
		free(lexical);
		*why = "outside the image root";
		return NULL;
	}
	/* Inside by text; a symbolic link in the root may still lead out. */
	if ((real = realpath(lexical, NULL)) == NULL)
		return lexical;
	free(lexical);
	if (!record_under(root, real)) {
		free(real);
		*why = "outside the image root (through a symbolic link)";
		return NULL;
	}
	return real;
}

/* Set *reason to "PATH: MESSAGE" and return false. */
static bool __attribute__((format(printf, 3, 4)))
record_fail(char **reason, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	*reason = path[0] != '\0' ? xasprintf("%s: %s", path, msg) : xstrdup(msg);
	free(msg);
	return false;
}

/* A member that is absent or JSON null counts as absent. */
static json_t *
record_member(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return v == NULL || json_is_null(v) ? NULL : v;
}

/* True when v is a JSON number in [0, 100]; stores it in *out. */
static bool
record_confidence(json_t *v, double *out)
{
	double c;

	if (!json_is_number(v))
		return false;
	c = json_number_value(v);
	if (!isfinite(c) || c < 0 || c > 100)
		return false;
	*out = c;
	return true;
}

/*
 * Where in a record a problem is: images[idx], then optionally
 * .list[i] (labels or text), then .boxes[j] or .box. The path is only
 * formatted when a record is rejected: valid records never pay for it.
 */
struct record_where {
	size_t idx;
	const char *list;            /* "labels", "text" or NULL */
	size_t i;
	const char *sub;             /* "boxes", "box" or NULL */
	size_t j;
};

/* Reject with "PATH[.KEY]: MESSAGE" for the place w. */
static bool
record_fail_at(char **reason, const struct record_where *w, const char *key,
    const char *msg)
{
	struct buf b;

	buf_init(&b);
	buf_addf(&b, "images[%zu]", w->idx);
	if (w->list != NULL)
		buf_addf(&b, ".%s[%zu]", w->list, w->i);
	if (w->sub != NULL && strcmp(w->sub, "box") == 0)
		buf_adds(&b, ".box");
	else if (w->sub != NULL)
		buf_addf(&b, ".%s[%zu]", w->sub, w->j);
	if (key != NULL)
		buf_addf(&b, ".%s", key);
	buf_addf(&b, ": %s", msg);
	*reason = buf_take(&b);
	return false;
}

/* Validate a box object {left, top, width, height} of numbers. */
static bool
record_box(json_t *box, const struct record_where *w, char **reason)
{
	static const char *const keys[] = { "left", "top", "width", "height" };

	if (!json_is_object(box))
		return record_fail_at(reason, w, NULL, "expected an object");
	for (size_t k = 0; k < 4; k++) {
		json_t *v = json_object_get(box, keys[k]);
		if (v == NULL || !json_is_number(v) ||
		    !isfinite(json_number_value(v)))
			return record_fail_at(reason, w, NULL,
			    "expected numbers left, top, width and height");
	}
	return true;
}

/* Append to a growable record_value array. */
static void
record_push_value(struct record_value **arr, size_t *n, size_t *cap,
    json_t *str, double conf)
{
	if (*n == *cap) {
		*cap = *cap == 0 ? 32 : *cap * 2;
		*arr = xreallocarray(*arr, *cap, sizeof **arr);
	}
	(*arr)[*n].s = json_string_value(str);
	(*arr)[*n].len = json_string_length(str);
	(*arr)[*n].confidence = conf;
	(*n)++;
}

/* Validate one labels[] or text[] entry; push its value. */
static bool
record_entry(struct record *r, json_t *e, struct record_where *w,
    char **reason)
{
	bool is_label = w->list[0] == 'l';
	const char *vkey = is_label ? "name" : "text";
	json_t *str, *boxes, *box;
	double conf;
	size_t j;

	if (!json_is_object(e))
		return record_fail_at(reason, w, NULL, "expected an object");
	str = json_object_get(e, vkey);
	if (str == NULL || !json_is_string(str))
		return record_fail_at(reason, w, vkey, "expected a string");
	if (!record_confidence(json_object_get(e, "confidence"), &conf))
		return record_fail_at(reason, w, "confidence",
		    "expected a number from 0 to 100");
	if (is_label) {
		boxes = record_member(e, "boxes");
		if (boxes != NULL && !json_is_array(boxes))
			return record_fail_at(reason, w, "boxes",
			    "expected an array of objects");
		w->sub = "boxes";
		json_array_foreach(boxes, j, box) {
			w->j = j;
			if (!record_box(box, w, reason))
				return false;
		}
	} else if ((box = record_member(e, "box")) != NULL) {
		w->sub = "box";
		if (!record_box(box, w, reason))
			return false;
	}
	w->sub = NULL;
	if (json_string_length(str) == 0)
		return true;
	if (is_label)
		record_push_value(&r->labels, &r->nlabels, &r->labels_cap, str, conf);
	else
		record_push_value(&r->texts, &r->ntexts, &r->texts_cap, str, conf);
	return true;
}

/* Validate one photo object and collect its labels and texts. */
static bool
record_photo(struct record *r, json_t *photo, size_t idx, char **reason)
{
	struct record_where w = { idx, NULL, 0, NULL, 0 };
	static const char *const lists[] = { "labels", "text" };
	static const char *const ints[] = { "bytes", "width", "height" };
	json_t *v, *list, *e;
	size_t i;

	if (!json_is_object(photo))
		return record_fail(reason, "images", "expected an array of objects");
	if ((v = record_member(photo, "name")) != NULL && !json_is_string(v))
		return record_fail_at(reason, &w, "name", "expected a string");
	if ((v = record_member(photo, "path")) != NULL && !json_is_string(v))
		return record_fail_at(reason, &w, "path", "expected a string");
	if (r->nphotos == r->photos_cap) {
		r->photos_cap = r->photos_cap == 0 ? 8 : r->photos_cap * 2;
		r->photos = xreallocarray(r->photos, r->photos_cap,
		    sizeof *r->photos);
	}
	r->photos[r->nphotos].path = v != NULL ? json_string_value(v) : "";
	r->photos[r->nphotos].path_len = v != NULL ? json_string_length(v) : 0;
	r->nphotos++;
	for (i = 0; i < 3; i++) {
		v = record_member(photo, ints[i]);
		if (v != NULL && (!json_is_integer(v) || json_integer_value(v) < 0))
			return record_fail_at(reason, &w, ints[i],
			    "expected a non-negative integer");
	}
	for (size_t l = 0; l < 2; l++) {
		list = record_member(photo, lists[l]);
		if (list != NULL && !json_is_array(list))
			return record_fail_at(reason, &w, lists[l],
			    "expected an array of objects");
		json_array_foreach(list, i, e) {
			w.list = lists[l];
			w.i = i;
			if (!record_entry(r, e, &w, reason))
				return false;
		}
		w.list = NULL;
	}
	return true;
}

/* Validate one JSON line into r, which keeps the tree; *reason owned. */
bool
record_parse(struct record *r, const char *line, size_t len, char **reason)
{
	json_error_t err;
	json_t *root, *v, *images, *e;
	size_t i;

	if (r->json != NULL) {
		json_decref(r->json);
		r->json = NULL;
	}
	r->nlabels = r->ntexts = r->nphotos = 0;
	for (i = 0; i < CATALOG_PREDICTION_COUNT; i++) {
		r->top[i] = NULL;
		r->top_len[i] = 0;
	}

	if (len > RECORD_MAX_LINE)
		return record_fail(reason, "", "line too long (%zu bytes, limit %u)",
		    len, RECORD_MAX_LINE);
	/* jansson would say "unable to decode byte"; say what it is. */
	for (i = 0; i < len; i++) {
		if ((unsigned char)line[i] >= 0x80)
			break;
	}
	if (i < len && !fold_valid_utf8(line + i, len - i)) {
		/* A raw NUL byte is not an encoding error but still not JSON. */
		if (memchr(line, '\0', len) != NULL)
			return record_fail(reason, "", "not valid JSON: NUL byte in line");
		return record_fail(reason, "", "invalid UTF-8");
	}
	root = json_loadb(line, len, JSON_DECODE_ANY, &err);
	if (root == NULL) {
		if (strstr(err.text, "Invalid UTF-8") != NULL ||
		    strstr(err.text, "unable to decode byte") != NULL)
			return record_fail(reason, "", "invalid UTF-8");
		return record_fail(reason, "", "not valid JSON: %s (column %d)",
		    err.text, err.column);
	}
	r->json = root;
	if (!json_is_object(root))
		return record_fail(reason, "", "not a JSON object");

	v = json_object_get(root, "uuid");
	if (v == NULL || json_is_null(v))
		return record_fail(reason, "uuid", "missing");
	if (!json_is_string(v))
		return record_fail(reason, "uuid", "expected a string");
	r->uuid = json_string_value(v);
	r->uuid_len = json_string_length(v);
	if (r->uuid_len < 1 || r->uuid_len > RECORD_MAX_UUID)
		return record_fail(reason, "uuid",
		    "expected 1 to 64 characters of [0-9A-Za-z_-]");
	for (i = 0; i < r->uuid_len; i++) {
		char c = r->uuid[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '_' || c == '-'))
			return record_fail(reason, "uuid",
			    "expected 1 to 64 characters of [0-9A-Za-z_-]");
	}

	v = json_object_get(root, "timestamp");
	if (v == NULL || json_is_null(v))
		return record_fail(reason, "timestamp", "missing");
	if (!json_is_string(v) || !record_parse_timestamp(json_string_value(v),
	    json_string_length(v), &r->ts_ms))
		return record_fail(reason, "timestamp",
		    "expected an ISO 8601 date and time with a zone, "
		    "e.g. 2024-03-27T13:41:53.182Z, in years 0000 to 9999 UTC");

	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++) {
		const char *key = record_prediction_keys[f];

		v = record_member(root, key);
		if (v == NULL)
			continue;
		if (!json_is_array(v))
			return record_fail(reason, key, "expected an array of strings");
		json_array_foreach(v, i, e) {
			if (!json_is_string(e))
				return record_fail(reason, key,
				    "expected an array of strings");
			if (r->top[f] == NULL && json_string_length(e) != 0) {
				r->top[f] = json_string_value(e);
				r->top_len[f] = json_string_length(e);
			}
		}
	}

	images = record_member(root, "images");
	if (images != NULL && !json_is_array(images))
		return record_fail(reason, "images", "expected an array of objects");
	json_array_foreach(images, i, e) {
		if (!record_photo(r, e, i, reason))
			return false;
	}
	return true;
}

/* The record key of a prediction field (for catalog.c's item reader). */
const char *
record_prediction_key(size_t field)
{
	return field < CATALOG_PREDICTION_COUNT ? record_prediction_keys[field] : "";
}
