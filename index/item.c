/*
 * item.c - items out of the index: the whole record (catalog_item_get),
 * list rows, thumbnails, uuid lookups, and per-item columns for charts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_internal.h"
#include "buf.h"
#include "cause.h"
#include "fields.h"
#include "calendar.h"
#include "fold.h"
#include "packed.h"
#include "record.h"
#include "xmalloc.h"

/*
 * Fill the photos' perceptual hashes of item id (in the caller's txn);
 * a bad column leaves them without.
 */
static void
item_phashes(struct catalog *cat, uint32_t id, struct catalog_item *item)
{
	const uint64_t *off, *dct;
	const uint8_t *photo;
	const int8_t *chroma;
	uint64_t end;

	if ((off = catalog_phash_offsets(cat, &end, NULL)) == NULL ||
	    (photo = catalog_array(cat, LAYOUT_COL_PHASH_PHOTO, 1, end,
	    NULL)) == NULL ||
	    (dct = catalog_array(cat, LAYOUT_COL_PHASH_DCT, sizeof *dct, end,
	    NULL)) == NULL ||
	    (chroma = catalog_array(cat, LAYOUT_COL_PHASH_CHROMA,
	    CATALOG_PHASH_CHROMA, end, NULL)) == NULL)
		return;
	for (uint64_t k = off[id]; k < off[id + 1]; k++) {
		struct catalog_photo *p;
		if (photo[k] >= item->nphotos)
			continue;
		p = &item->photos[photo[k]];
		p->has_phash = true;
		p->phash_dct = dct[k];
		memcpy(p->phash_chroma, chroma + CATALOG_PHASH_CHROMA * k,
		    CATALOG_PHASH_CHROMA);
	}
}

/* Map a uuid to its item id in a short read transaction. */
bool
catalog_item_find(struct catalog *cat, const char *uuid, uint32_t *id)
{
	MDB_val key = { strlen(uuid), (void *)uuid }, val;
	bool found = false;

	if (key.mv_size == 0 || !catalog_begin(cat, NULL))
		return false;
	if (catalog_get(cat, cat->dbi_uuids, &key, &val) == 0 &&
	    val.mv_size == sizeof *id) {
		memcpy(id, val.mv_data, sizeof *id);
		found = *id < cat->nitems;
	}
	catalog_end(cat);
	return found;
}

/* Item id's uuid from the uuid column, every offset checked. */
bool
catalog_item_uuid(struct catalog *cat, uint32_t id, char out[65],
    char **cause)
{
	const uint64_t *off;
	MDB_val key = { strlen(LAYOUT_COL_UUID_TEXT), LAYOUT_COL_UUID_TEXT }, val;
	bool ok = false;

	out[0] = '\0';
	if (!catalog_begin(cat, cause))
		return false;
	if (id >= cat->nitems) {
		cause_set(cause, "no item %u", (unsigned)id);
		goto out;
	}
	if ((off = catalog_array(cat, LAYOUT_COL_UUID_OFF, sizeof *off,
	    (uint64_t)cat->nitems + 1, cause)) == NULL)
		goto out;
	if (catalog_get(cat, cat->dbi_columns, &key, &val) != 0 ||
	    off[id] > off[id + 1] || off[id + 1] > val.mv_size ||
	    off[id + 1] - off[id] > 64 || off[id + 1] == off[id]) {
		ok = catalog_corrupt(cat, "uuid column", cause);
		goto out;
	}
	memcpy(out, (const char *)val.mv_data + off[id], off[id + 1] - off[id]);
	out[off[id + 1] - off[id]] = '\0';
	ok = true;
out:
	catalog_end(cat);
	return ok;
}

/*
 * The records' dictionary, loaded from meta at the first record read: a
 * query that reads no record never pays for it (cold start).
 */
static bool
item_records_ready(struct catalog *cat, char **cause)
{
	MDB_val key = { strlen(LAYOUT_META_RECORD_DICT),
	    (void *)LAYOUT_META_RECORD_DICT }, val;

	if (cat->records_ready)
		return true;
	if (catalog_get(cat, cat->dbi_meta, &key, &val) != 0 ||
	    !packed_reader_init(&cat->records, val.mv_data, val.mv_size))
		return catalog_corrupt(cat, "bad record dictionary", cause);
	cat->records_ready = true;
	return true;
}

/*
 * The stored line of item id as it was read (owned, NUL-terminated,
 * *len bytes) and its image root index.
 */
static char *
item_line(struct catalog *cat, uint32_t id, uint16_t *root, size_t *len,
    char **cause)
{
	unsigned char k[4];
	MDB_val key = { sizeof k, k }, val;
	uint32_t raw_len;
	char *line;

	layout_put_be32(k, id);
	if (id >= cat->nitems) {
		cause_set(cause, "no item %u in the index", id);
		return NULL;
	}
	/* Every id below the count has a record: a missing one is damage. */
	if (catalog_get(cat, cat->dbi_items, &key, &val) != 0 ||
	    val.mv_size < sizeof *root + sizeof raw_len) {
		catalog_corrupt(cat, "missing item record", cause);
		return NULL;
	}
	memcpy(root, val.mv_data, sizeof *root);
	memcpy(&raw_len, (const char *)val.mv_data + sizeof *root, sizeof raw_len);
	/* The length is read from a file: bound it before allocating. */
	if (raw_len > RECORD_MAX_LINE) {
		catalog_corrupt(cat, "bad item length", cause);
		return NULL;
	}
	if (!item_records_ready(cat, cause))
		return NULL;
	line = xmalloc((size_t)raw_len + 1);
	if (!packed_decompress(&cat->records, (const char *)val.mv_data +
	    sizeof *root + sizeof raw_len, val.mv_size - sizeof *root -
	    sizeof raw_len, raw_len, line)) {
		free(line);
		catalog_corrupt(cat, "bad item record", cause);
		return NULL;
	}
	line[raw_len] = '\0';
	*len = raw_len;
	return line;
}

/* The stored record of item id: its root index and parsed JSON (owned). */
static json_t *
item_record(struct catalog *cat, uint32_t id, uint16_t *root, char **cause)
{
	json_error_t jerr;
	json_t *json;
	size_t len;
	char *line;

	if ((line = item_line(cat, id, root, &len, cause)) == NULL)
		return NULL;
	json = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
	free(line);
	if (json == NULL || !json_is_object(json)) {
		if (json != NULL)
			json_decref(json);
		catalog_corrupt(cat, "bad item record", cause);
		return NULL;
	}
	return json;
}

/* Item id's record line, as read at index time (owned). */
char *
catalog_item_line(struct catalog *cat, uint32_t id, size_t *len, char **cause)
{
	uint16_t root;
	char *line;

	if (!catalog_begin(cat, cause))
		return NULL;
	line = item_line(cat, id, &root, len, cause);
	catalog_end(cat);
	return line;
}

/*
 * A copy of a JSON string, "" for anything else (caller frees); its length
 * into *len (may be NULL): the string may hold NULs.
 */
static char *
item_json_string(json_t *v, size_t *len)
{
	size_t n = json_is_string(v) ? json_string_length(v) : 0;

	if (len != NULL)
		*len = n;
	return xstrndup(n > 0 ? json_string_value(v) : "", n);
}

/* A JSON number as a double; 0 when absent or not a number. */
static double
item_json_number(json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : 0;
}

/* Read a box's four fractions, 0 where the record has none. */
static void
item_json_box(json_t *v, struct catalog_box *box)
{
	box->left = item_json_number(json_object_get(v, "left"));
	box->top = item_json_number(json_object_get(v, "top"));
	box->width = item_json_number(json_object_get(v, "width"));
	box->height = item_json_number(json_object_get(v, "height"));
}

/* A JSON integer, or -1 when the record does not say. */
static int64_t
item_json_int(json_t *v)
{
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : -1;
}

/* Copy item id out of its record; the txn ends before decoding. */
struct catalog_item *
catalog_item_get(struct catalog *cat, uint32_t id, char **cause)
{
	struct catalog_item *item;
	json_t *rec, *images, *photo, *v;
	uint16_t root;
	size_t i, j, len;

	if (!catalog_begin(cat, cause))
		return NULL;
	rec = item_record(cat, id, &root, cause);
	catalog_end(cat);
	if (rec == NULL)
		return NULL;
	item = xcalloc(1, sizeof *item);
	item->id = id;
	item->uuid = item_json_string(json_object_get(rec,
	    record_key(CATALOG_UUID)), NULL);
	v = json_object_get(rec, record_key(CATALOG_DATE));
	if (!json_is_string(v) || !calendar_parse_iso(json_string_value(v),
	    json_string_length(v), &item->timestamp_ms))
		item->timestamp_ms = 0;
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++) {
		json_t *arr = json_object_get(rec, record_prediction_key(f));
		size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
		item->predictions[f] = xcalloc(n + 1, sizeof (char *));
		item->prediction_len[f] = xcalloc(n + 1, sizeof (size_t));
		json_array_foreach(arr, i, v) {
			size_t k = item->npredictions[f];

			if (json_is_string(v) && json_string_length(v) > 0) {
				item->predictions[f][k] = item_json_string(v,
				    &item->prediction_len[f][k]);
				item->npredictions[f]++;
			}
		}
	}
	images = json_object_get(rec, "images");
	item->nphotos = json_is_array(images) ? json_array_size(images) : 0;
	item->photos = xcalloc(item->nphotos + 1, sizeof *item->photos);
	json_array_foreach(images, i, photo) {
		struct catalog_photo *p = &item->photos[i];
		json_t *labels = json_object_get(photo, record_key(CATALOG_LABEL));
		json_t *texts = json_object_get(photo, record_key(CATALOG_TEXT));
		json_t *e;

		p->name = item_json_string(json_object_get(photo, "name"), NULL);
		p->path = item_json_string(json_object_get(photo, "path"), &len);
		/* Only inside the image root, as the build did (record.h); a
		 * path with a NUL in it names no file. */
		if (p->path[0] != '\0' && strlen(p->path) == len &&
		    root < cat->nroots) {
			const char *why;
			p->resolved_path = record_photo_resolve(cat->roots[root],
			    p->path, len, &why);
		}
		p->bytes = item_json_int(json_object_get(photo, "bytes"));
		p->width = item_json_int(json_object_get(photo, "width"));
		p->height = item_json_int(json_object_get(photo, "height"));
		p->nlabels = json_is_array(labels) ? json_array_size(labels) : 0;
		p->labels = xcalloc(p->nlabels + 1, sizeof *p->labels);
		json_array_foreach(labels, j, e) {
			struct catalog_label *l = &p->labels[j];
			json_t *boxes = json_object_get(e, "boxes"), *bx;
			size_t k;
			l->name = item_json_string(json_object_get(e, "name"),
			    &l->name_len);
			l->confidence = item_json_number(json_object_get(e,
			    "confidence"));
			l->nboxes = json_is_array(boxes) ? json_array_size(boxes) : 0;
			l->boxes = xcalloc(l->nboxes + 1, sizeof *l->boxes);
			json_array_foreach(boxes, k, bx)
				item_json_box(bx, &l->boxes[k]);
		}
		p->ntexts = json_is_array(texts) ? json_array_size(texts) : 0;
		p->texts = xcalloc(p->ntexts + 1, sizeof *p->texts);
		json_array_foreach(texts, j, e) {
			struct catalog_text *t = &p->texts[j];
			json_t *box = json_object_get(e, "box");
			t->text = item_json_string(json_object_get(e, "text"),
			    &t->text_len);
			t->confidence = item_json_number(json_object_get(e,
			    "confidence"));
			if (json_is_object(box)) {
				t->has_box = true;
				item_json_box(box, &t->box);
			}
		}
	}
	json_decref(rec);
	/* Which photos have thumbnails: one cheap lookup each. */
	if (catalog_begin(cat, NULL)) {
		for (i = 0; i < item->nphotos && i < 256; i++) {
			unsigned char k[5];
			MDB_val key = { sizeof k, k }, val;
			layout_put_be32(k, id);
			k[4] = (unsigned char)i;
			item->photos[i].has_thumb =
			    catalog_get(cat, cat->dbi_thumbs, &key, &val) == 0;
		}
		item_phashes(cat, id, item);
		catalog_end(cat);
	}
	return item;
}

/* The near-duplicate ids of item id, from the dupoff/dupids columns. */
bool
catalog_item_similar(struct catalog *cat, uint32_t id, uint32_t **ids,
    size_t *n, char **cause)
{
	const uint64_t *off;
	const uint32_t *col;
	uint64_t end;

	*ids = NULL;
	*n = 0;
	if (!catalog_begin(cat, cause))
		return false;
	if (id >= cat->nitems) {
		catalog_end(cat);
		return catalog_corrupt(cat, "item id past the items", cause);
	}
	if ((off = catalog_dup_offsets(cat, &end, cause)) == NULL ||
	    (col = catalog_array(cat, LAYOUT_COL_DUP_IDS, sizeof *col, end,
	    cause)) == NULL) {
		catalog_end(cat);
		return false;
	}
	*n = (size_t)(off[id + 1] - off[id]);
	*ids = xmalloc((*n + 1) * sizeof **ids);
	memcpy(*ids, col + off[id], *n * sizeof **ids);
	catalog_end(cat);
	return true;
}

/* Free the item and every string and array it owns. */
void
catalog_item_free(struct catalog_item *item)
{
	if (item == NULL)
		return;
	free(item->uuid);
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++) {
		for (size_t i = 0; i < item->npredictions[f]; i++)
			free(item->predictions[f][i]);
		free(item->predictions[f]);
		free(item->prediction_len[f]);
	}
	for (size_t i = 0; i < item->nphotos; i++) {
		struct catalog_photo *p = &item->photos[i];
		free(p->name);
		free(p->path);
		free(p->resolved_path);
		for (size_t j = 0; j < p->nlabels; j++) {
			free(p->labels[j].name);
			free(p->labels[j].boxes);
		}
		free(p->labels);
		for (size_t j = 0; j < p->ntexts; j++)
			free(p->texts[j].text);
		free(p->texts);
	}
	free(item->photos);
	free(item);
}

struct item_row_label {
	const char *name;
	size_t len;                  /* names may hold NULs */
	double confidence;
};

/* qsort order for row labels: best confidence first, then name. */
static int
item_cmp_row_label(const void *a, const void *b)
{
	const struct item_row_label *x = a, *y = b;

	int c;

	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	c = memcmp(x->name, y->name, x->len < y->len ? x->len : y->len);
	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/* qsort order: by name, best confidence first within a name. */
static int
item_cmp_row_name(const void *a, const void *b)
{
	const struct item_row_label *x = a, *y = b;
	int c = memcmp(x->name, y->name, x->len < y->len ? x->len : y->len);

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->confidence > y->confidence ? -1 : x->confidence < y->confidence;
}

/* Fill row from id's record; catalog_row_fini frees its strings. */
bool
catalog_row_get(struct catalog *cat, uint32_t id, double threshold,
    struct catalog_row *row, char **cause)
{
	json_t *rec, *images, *photo, *label;
	struct item_row_label *labels = NULL;
	size_t nlabels = 0, cap = 0, i, j;
	uint16_t root;
	struct buf b;

	memset(row, 0, sizeof *row);
	if (!catalog_begin(cat, cause))
		return false;
	rec = item_record(cat, id, &root, cause);
	catalog_end(cat);
	if (rec == NULL)
		return false;
	row->id = id;
	{
		const char *u = json_string_value(json_object_get(rec,
		    record_key(CATALOG_UUID)));
		snprintf(row->uuid, sizeof row->uuid, "%s", u != NULL ? u : "");
	}
	{
		json_t *v = json_object_get(rec, record_key(CATALOG_DATE));
		if (!json_is_string(v) || !calendar_parse_iso(
		    json_string_value(v), json_string_length(v), &row->timestamp_ms))
			row->timestamp_ms = 0;
	}
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++) {
		json_t *arr = json_object_get(rec, record_prediction_key(f)), *v;
		json_array_foreach(arr, i, v) {
			if (json_is_string(v) && json_string_length(v) > 0) {
				row->top[f] = item_json_string(v, &row->top_len[f]);
				break;
			}
		}
		if (row->top[f] == NULL)
			row->top[f] = xstrdup("");
	}
	images = json_object_get(rec, "images");
	row->photos = (unsigned)json_array_size(images);
	/* Distinct labels at >= threshold, best confidence first. */
	json_array_foreach(images, i, photo) {
		json_t *list = json_object_get(photo, record_key(CATALOG_LABEL));
		json_array_foreach(list, j, label) {
			json_t *nv = json_object_get(label, "name");
			const char *name = json_string_value(nv);
			size_t len = json_string_length(nv);
			double c = item_json_number(json_object_get(label,
			    "confidence"));
			if (name == NULL || len == 0 || c < threshold)
				continue;
			if (nlabels == cap) {
				cap = cap == 0 ? 32 : cap * 2;
				labels = xreallocarray(labels, cap, sizeof *labels);
			}
			labels[nlabels].name = name;
			labels[nlabels].len = len;
			labels[nlabels++].confidence = c;
		}
	}
	/*
	 * Distinct names, each at its best confidence: sort by name, keep
	 * the first of each run (n log n: a photo may carry 100k labels).
	 */
	if (nlabels > 1) {
		size_t k = 0;
		qsort(labels, nlabels, sizeof *labels, item_cmp_row_name);
		for (i = 0; i < nlabels; i++)
			if (k == 0 || labels[k - 1].len != labels[i].len ||
			    memcmp(labels[k - 1].name, labels[i].name,
			    labels[i].len) != 0)
				labels[k++] = labels[i];
		nlabels = k;
		qsort(labels, nlabels, sizeof *labels, item_cmp_row_label);
	}
	buf_init(&b);
	for (i = 0; i < nlabels; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_add(&b, labels[i].name, labels[i].len);
	}
	row->labels_len = b.len;
	row->labels = buf_take(&b);
	free(labels);
	json_decref(rec);
	return true;
}

/* A list column of a row, as the field table's kind says. */
const char *
catalog_row_field(const struct catalog_row *row, enum catalog_field field,
    char buf[32], size_t *len)
{
	const struct catalog_field_desc *fd = catalog_field_desc(field);
	const char *s = "";

	*len = 0;
	if (fd == NULL)
		return s;
	switch (fd->kind) {
	case CATALOG_KIND_TOP:
		if (row->top[fd->prediction] != NULL) {
			s = row->top[fd->prediction];
			*len = row->top_len[fd->prediction];
		}
		return s;
	case CATALOG_KIND_ID:
		*len = strlen(row->uuid);
		return row->uuid;
	case CATALOG_KIND_TIME:
		calendar_iso(row->timestamp_ms, buf);
		buf[10] = ' ';
		buf[19] = '\0';
		*len = 19;
		return buf;
	case CATALOG_KIND_HOUR:
		fields_hour_value(fields_hour(row->timestamp_ms), buf);
		*len = 2;
		return buf;
	case CATALOG_KIND_WEEKDAY:
		s = fields_weekday_name(fields_weekday(row->timestamp_ms));
		*len = strlen(s);
		return s;
	default:
		return s;
	}
}

/* Free the strings catalog_row_get put in row. */
void
catalog_row_fini(struct catalog_row *row)
{
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++)
		free(row->top[f]);
	free(row->labels);
	memset(row, 0, sizeof *row);
}

/* Copy a photo's thumbnail JPEG out of the txn (caller frees). */
bool
catalog_thumb_get(struct catalog *cat, uint32_t id, unsigned photo,
    void **jpeg, size_t *len, char **cause)
{
	unsigned char k[5];
	MDB_val key = { sizeof k, k }, val;
	int rc;

	*jpeg = NULL;
	*len = 0;
	if (photo > 255) {
		cause_set(cause, "no thumbnail for photo %u", photo);
		return false;
	}
	if (!catalog_begin(cat, cause))
		return false;
	layout_put_be32(k, id);
	k[4] = (unsigned char)photo;
	rc = catalog_get(cat, cat->dbi_thumbs, &key, &val);
	if (rc == 0) {
		*jpeg = xmalloc(val.mv_size);
		memcpy(*jpeg, val.mv_data, val.mv_size);
		*len = val.mv_size;
	} else if (rc == MDB_NOTFOUND)
		cause_set(cause, "no thumbnail in the index for this photo");
	else
		cause_set(cause, "%s: %s", cat->path, mdb_strerror(rc));
	catalog_end(cat);
	return rc == 0;
}

/* ---- columns for charts ---- */

/* Copy column values of the result's items, in its current order. */
static bool
item_result_column(struct catalog *cat, const struct catalog_result *res,
    const char *name, size_t esize, void **out, char **cause)
{
	const unsigned char *col;
	unsigned char *dst;
	uint32_t buf[1024];
	uint64_t pos = 0;
	size_t n;

	if (!catalog_begin(cat, cause))
		return false;
	if ((col = catalog_column(cat, name, esize, cause)) == NULL) {
		catalog_end(cat);
		return false;
	}
	dst = xmalloc((res->count + 1) * esize);
	while ((n = catalog_result_ids(res, pos, 1024, buf)) > 0) {
		for (size_t i = 0; i < n; i++)
			memcpy(dst + (pos + i) * esize, col + (size_t)buf[i] * esize,
			    esize);
		pos += n;
	}
	catalog_end(cat);
	*out = dst;
	return true;
}

/* Timestamps of res's items in its order (caller frees). */
bool
catalog_result_timestamps(struct catalog *cat, const struct catalog_result *res,
    int64_t **out, char **cause)
{
	return item_result_column(cat, res, LAYOUT_COL_TS, sizeof **out,
	    (void **)out, cause);
}

/* Photo counts of res's items in its order (caller frees). */
bool
catalog_result_photo_counts(struct catalog *cat,
    const struct catalog_result *res, uint8_t **out, char **cause)
{
	return item_result_column(cat, res, LAYOUT_COL_PHOTOS, 1,
	    (void **)out, cause);
}

/* Count res's branded items and those whose brand is in OCR. */
bool
catalog_result_brand_in_text(struct catalog *cat,
    const struct catalog_result *res, uint64_t *with_brand,
    uint64_t *brand_in_text, char **cause)
{
	const uint8_t *flags;
	struct uints brand;
	roaring_uint32_iterator_t *it;
	uint32_t buf[1024], n;

	*with_brand = *brand_in_text = 0;
	if (!catalog_begin(cat, cause))
		return false;
	flags = catalog_column(cat, LAYOUT_COL_FLAGS, 1, cause);
	if (flags == NULL || !catalog_top_column(cat, CATALOG_BRAND, &brand,
	    cause)) {
		catalog_end(cat);
		return false;
	}
	it = roaring_create_iterator(res->bm);
	while ((n = roaring_read_uint32_iterator(it, buf, 1024)) > 0) {
		for (uint32_t i = 0; i < n; i++) {
			if (catalog_top_value(&brand, buf[i]) == LAYOUT_NONE)
				continue;
			(*with_brand)++;
			if (flags[buf[i]] & LAYOUT_FLAG_BRAND_IN_TEXT)
				(*brand_in_text)++;
		}
	}
	roaring_free_uint32_iterator(it);
	catalog_end(cat);
	return true;
}

/* Bin res's confidences for one label from its posting bands. */
bool
catalog_label_histogram(struct catalog *cat, const struct catalog_result *res,
    const char *label, unsigned nbins, uint64_t *hist, char **cause)
{
	struct catalog_posting p;
	bool found, ok = true;
	char *folded;

	memset(hist, 0, nbins * sizeof *hist);
	if (nbins == 0)
		return true;
	if ((folded = fold_string(label)) == NULL) {
		cause_set(cause, "the label is not valid UTF-8");
		return false;
	}
	if (!catalog_begin(cat, cause)) {
		free(folded);
		return false;
	}
	ok = catalog_posting_get(cat, CATALOG_LABEL, folded, &p, &found, cause);
	for (uint32_t k = 0; ok && found && k < p.nbands; k++) {
		const struct layout_band *b = &p.bands[k];
		const roaring_bitmap_t *bm = catalog_band_view(cat, &p, k, cause);
		roaring_uint32_iterator_t *it;
		uint32_t i = 0;

		if (bm == NULL) {
			ok = false;
			break;
		}
		it = roaring_create_iterator(bm);
		for (; it->has_value; roaring_advance_uint32_iterator(it), i++) {
			double c;
			unsigned bin;
			if (!roaring_bitmap_contains(res->bm, it->current_value))
				continue;
			if (b->confs_off != 0)
				memcpy(&c, p.base + b->confs_off + (size_t)i * sizeof c,
				    sizeof c);
			else
				c = b->band;
			bin = (unsigned)(c * nbins / 100.0);
			hist[bin >= nbins ? nbins - 1 : bin]++;
		}
		roaring_free_uint32_iterator(it);
	}
	catalog_end(cat);
	free(folded);
	return ok;
}
