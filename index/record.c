#include "record.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calendar.h"
#include "catalog.h"
#include "fold.h"
#include "xmalloc.h"

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
	free(r->scratch);
	for (size_t p = 0; p < CATALOG_PREDICTION_COUNT; p++)
		free(r->ranked[p]);
	record_init(r);
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

/* Append to a growable record_value array (record.h). */
void
record_push(struct record_value **arr, size_t *n, size_t *cap, const char *s,
    size_t len, double conf)
{
	if (*n == *cap) {
		*cap = *cap == 0 ? 32 : *cap * 2;
		*arr = xreallocarray(*arr, *cap, sizeof **arr);
	}
	(*arr)[*n].s = s;
	(*arr)[*n].len = len;
	(*arr)[*n].confidence = conf;
	(*n)++;
}

/* record_push() of a jansson string. */
static void
record_push_value(struct record_value **arr, size_t *n, size_t *cap,
    json_t *str, double conf)
{
	record_push(arr, n, cap, json_string_value(str), json_string_length(str),
	    conf);
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
	/* The per-photo lists: the record keys of the scored and text fields. */
	const char *const lists[] = {
		record_key(CATALOG_LABEL),
		record_key(CATALOG_TEXT),
	};
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

/* Forget the previous parse: no tree, no values (arrays kept). */
static void
record_reset(struct record *r)
{
	if (r->json != NULL) {
		json_decref(r->json);
		r->json = NULL;
	}
	r->nlabels = r->ntexts = r->nphotos = 0;
	r->scratch_used = 0;
	for (size_t i = 0; i < CATALOG_PREDICTION_COUNT; i++) {
		r->top[i] = NULL;
		r->top_len[i] = 0;
		r->nranked[i] = 0;
	}
}

/* 1 to 64 characters of [0-9A-Za-z_-] (record.h). */
bool
record_uuid_ok(const char *s, size_t len)
{
	if (len < 1 || len > RECORD_MAX_UUID)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* The jansson path: parse into a tree r keeps, validate, say why not. */
static bool
record_parse_tree(struct record *r, const char *line, size_t len,
    char **reason)
{
	json_error_t err;
	json_t *root, *v, *images, *e;
	size_t i;

	/*
	 * "\u0000" in a string is valid JSON: values may hold NULs, and
	 * index/ handles them by length (json_string_length), never strlen.
	 */
	root = json_loadb(line, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
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

	v = json_object_get(root, record_key(CATALOG_UUID));
	if (v == NULL || json_is_null(v))
		return record_fail(reason, record_key(CATALOG_UUID), "missing");
	if (!json_is_string(v))
		return record_fail(reason, record_key(CATALOG_UUID), "expected a string");
	r->uuid = json_string_value(v);
	r->uuid_len = json_string_length(v);
	if (!record_uuid_ok(r->uuid, r->uuid_len))
		return record_fail(reason, record_key(CATALOG_UUID),
		    "expected 1 to 64 characters of [0-9A-Za-z_-]");

	v = json_object_get(root, record_key(CATALOG_DATE));
	if (v == NULL || json_is_null(v))
		return record_fail(reason, record_key(CATALOG_DATE), "missing");
	/* A zone may carry year 9999 into 10000 (or 0000 back into -1). */
	if (!json_is_string(v) || !calendar_parse_iso(json_string_value(v),
	    json_string_length(v), &r->ts_ms) ||
	    r->ts_ms < CATALOG_TIMESTAMP_MIN || r->ts_ms > CATALOG_TIMESTAMP_MAX)
		return record_fail(reason, record_key(CATALOG_DATE),
		    "expected an ISO 8601 date and time with a zone, "
		    "e.g. 2024-03-27T13:41:53.182Z, in years 0000 to 9999 UTC");

	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++) {
		const char *key = record_prediction_key(f);

		v = record_member(root, key);
		if (v == NULL)
			continue;
		if (!json_is_array(v))
			return record_fail(reason, key, "expected an array of strings");
		json_array_foreach(v, i, e) {
			if (!json_is_string(e))
				return record_fail(reason, key,
				    "expected an array of strings");
			if (json_string_length(e) == 0)
				continue; /* empty entries are skipped, not values */
			if (r->top[f] == NULL) {
				r->top[f] = json_string_value(e);
				r->top_len[f] = json_string_length(e);
			}
			record_push_value(&r->ranked[f], &r->nranked[f],
			    &r->ranked_cap[f], e, 0);
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

/* How many bytes line starts with below 0x80: 8 at a time. */
static size_t
record_ascii_prefix(const char *line, size_t len)
{
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, line + i, 8);
		if (w & UINT64_C(0x8080808080808080))
			break;
	}
	while (i < len && (unsigned char)line[i] < 0x80)
		i++;
	return i;
}

/* Validate one JSON line into r; *reason owned (record.h). */
bool
record_parse_with(struct record *r, const char *line, size_t len,
    enum record_path path, char **reason)
{
	size_t i;

	*reason = NULL;
	record_reset(r);
	if (len > RECORD_MAX_LINE)
		return record_fail(reason, "", "line too long (%zu bytes, limit %u)",
		    len, RECORD_MAX_LINE);
	/* A raw NUL byte is not an encoding error but still not JSON. */
	if (memchr(line, '\0', len) != NULL)
		return record_fail(reason, "", "not valid JSON: NUL byte in line");
	/* jansson would say "unable to decode byte"; say what it is. */
	i = record_ascii_prefix(line, len);
	if (i < len && !fold_valid_utf8(line + i, len - i))
		return record_fail(reason, "", "invalid UTF-8");
	if (path != RECORD_PATH_TREE && record_scan(r, line, len))
		return true;
	if (path == RECORD_PATH_SCAN)
		return false; /* not sure, and no reason: the tests' question */
	record_reset(r);
	return record_parse_tree(r, line, len, reason);
}

bool
record_parse(struct record *r, const char *line, size_t len, char **reason)
{
	return record_parse_with(r, line, len, RECORD_PATH_ANY, reason);
}

/* Same bytes (strings are not NUL-terminated; NULL only equals NULL). */
static bool
record_same_str(const char *a, size_t alen, const char *b, size_t blen)
{
	if ((a == NULL) != (b == NULL))
		return false;
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static bool
record_same_values(const struct record_value *a, size_t na,
    const struct record_value *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		if (!record_same_str(a[i].s, a[i].len, b[i].s, b[i].len) ||
		    memcmp(&a[i].confidence, &b[i].confidence, sizeof(double)) != 0)
			return false;
	}
	return true;
}

/* The first part of two records that differs, or NULL (record.h). */
const char *
record_differs(const struct record *a, const struct record *b)
{
	if (!record_same_str(a->uuid, a->uuid_len, b->uuid, b->uuid_len))
		return "uuid";
	if (a->ts_ms != b->ts_ms)
		return "timestamp";
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++) {
		if (!record_same_str(a->top[f], a->top_len[f], b->top[f], b->top_len[f]))
			return "top-1 prediction";
		if (!record_same_values(a->ranked[f], a->nranked[f], b->ranked[f],
		    b->nranked[f]))
			return "ranked predictions";
	}
	if (!record_same_values(a->labels, a->nlabels, b->labels, b->nlabels))
		return "labels";
	if (!record_same_values(a->texts, a->ntexts, b->texts, b->ntexts))
		return "texts";
	if (a->nphotos != b->nphotos)
		return "photo count";
	for (size_t i = 0; i < a->nphotos; i++) {
		if (!record_same_str(a->photos[i].path, a->photos[i].path_len,
		    b->photos[i].path, b->photos[i].path_len))
			return "photo path";
	}
	return NULL;
}

/* The record key of a field, as the field table says. */
const char *
record_key(enum catalog_field field)
{
	return catalog_field_desc(field)->record_key;
}

/* The record key of prediction list p, as the field table says. */
const char *
record_prediction_key(size_t p)
{
	const struct catalog_field_desc *d =
	    catalog_field_desc(catalog_prediction_field((int)p));

	return d != NULL ? d->record_key : "";
}
