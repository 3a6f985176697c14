/*
 * query.c - the query language's parser: terms, quoting, field names,
 * confidence thresholds and dates, with errors that name the column and
 * what was expected.
 */
#include "query.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calendar.h"
#include "fields.h"
#include "fold.h"
#include "record.h"
#include "xmalloc.h"

/* Fill err for a problem at byte offset off of text. */
static void __attribute__((format(printf, 4, 5)))
query_error(struct catalog_query_error *err, const char *text, size_t off,
    const char *fmt, ...)
{
	va_list ap;
	size_t col = 1;

	if (err == NULL)
		return;
	/* Columns count characters, not bytes: skip UTF-8 continuations. */
	for (size_t i = 0; i < off && text[i] != '\0'; i++) {
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			col++;
	}
	err->offset = off;
	err->column = col;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
}

/*
 * Report an unknown field name[0..len) at offset off, listing the field
 * names of the table ("brand, type, ... or ocr").
 */
static void
query_unknown_field(struct catalog_query_error *err, const char *text,
    size_t off, const char *name, size_t len)
{
	char list[256];
	size_t n = 0, count = 0, k = 0;

	for (size_t f = 0; f < CATALOG_FIELD_COUNT; f++)
		if (*catalog_field_name((enum catalog_field)f) != '\0')
			count++;
	list[0] = '\0';
	for (size_t f = 0; f < CATALOG_FIELD_COUNT && n < sizeof list; f++) {
		const char *fname = catalog_field_name((enum catalog_field)f);
		if (*fname == '\0')
			continue;
		k++;
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s",
		    k == 1 ? "" : k == count ? " or " : ", ", fname);
	}
	query_error(err, text, off, "unknown field '%.*s': expected %s",
	    (int)len, name, list);
}

/* The blanks that separate terms. */
bool
query_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parse exactly n digits. */
static bool
query_digits(const char *s, size_t n, int64_t *out)
{
	int64_t v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/*
 * One date: YYYY, YYYY-MM or YYYY-MM-DD, as the inclusive ms range it
 * covers. *bad gets the offset of the first wrong character.
 */
static bool
query_date(const char *s, size_t len, int64_t *lo, int64_t *hi,
    const char **what)
{
	int64_t y, m = 0, d = 0;
	int64_t first, last;

	if (len < 4 || !query_digits(s, 4, &y)) {
		*what = "a year YYYY";
		return false;
	}
	if (len == 4) {
		first = calendar_days_from_civil(y, 1, 1);
		last = calendar_days_from_civil(y + 1, 1, 1) - 1;
	} else if (len == 7 && s[4] == '-' && query_digits(s + 5, 2, &m)) {
		if (m < 1 || m > 12) {
			*what = "a month from 01 to 12";
			return false;
		}
		first = calendar_days_from_civil(y, (unsigned)m, 1);
		last = first + calendar_days_in_month(y, (unsigned)m) - 1;
	} else if (len == 10 && s[4] == '-' && s[7] == '-' &&
	    query_digits(s + 5, 2, &m) && query_digits(s + 8, 2, &d)) {
		if (m < 1 || m > 12) {
			*what = "a month from 01 to 12";
			return false;
		}
		if (d < 1 || d > (int64_t)calendar_days_in_month(y, (unsigned)m)) {
			*what = "a day that exists in that month";
			return false;
		}
		first = last = calendar_days_from_civil(y, (unsigned)m, (unsigned)d);
	} else {
		*what = "a date YYYY-MM-DD, YYYY-MM or YYYY";
		return false;
	}
	*lo = first * 86400000;
	*hi = (last + 1) * 86400000 - 1;
	return true;
}

/* One hour 0-23 (one or two digits) or weekday name of s[0..n); -1 if not. */
static int
query_span_value(enum catalog_kind kind, const char *s, size_t n)
{
	if (kind == CATALOG_KIND_HOUR) {
		int64_t h;
		if ((n == 1 || n == 2) && query_digits(s, n, &h) && h <= 23)
			return (int)h;
		return -1;
	}
	for (int d = 0; d < 7; d++) {
		const char *name = fields_weekday_name(d);
		if (strlen(name) == n && memcmp(name, s, n) == 0)
			return d;
	}
	return -1;
}

/* Free the strings a parsed term owns. */
static void
query_term_fini(struct query_term *t)
{
	free(t->value);
	free(t->folded);
	free(t->folded_stem);
}

/* Free q, its copy of the text and every term. */
void
catalog_query_free(struct catalog_query *q)
{
	if (q == NULL)
		return;
	for (size_t i = 0; i < q->nterms; i++)
		query_term_fini(&q->terms[i]);
	free(q->terms);
	free(q->text);
	free(q);
}

/* How many terms q has; none means every item matches. */
size_t
catalog_query_term_count(const struct catalog_query *q)
{
	return q->nterms;
}

/* Term i's public view, borrowed from q; NULL past the end. */
const struct catalog_term *
catalog_query_term(const struct catalog_query *q, size_t i)
{
	return i < q->nterms ? &q->terms[i].pub : NULL;
}

/* Read a value at s[*i]: quoted with \" and \\ escapes, or up to a space
 * (or ">=" when stop_at_ge). */
static bool
query_value(const char *s, size_t *i, bool stop_at_ge, struct buf *out,
    bool *quoted, struct catalog_query_error *err)
{
	size_t start = *i;

	out->len = 0;
	buf_reserve(out, 1);
	out->data[0] = '\0';
	*quoted = false;
	if (s[*i] == '"') {
		*quoted = true;
		(*i)++;
		for (;;) {
			char c = s[*i];
			if (c == '\0') {
				query_error(err, s, start,
				    "unbalanced quote: expected a closing '\"'");
				return false;
			}
			if (c == '\\' && (s[*i + 1] == '"' || s[*i + 1] == '\\')) {
				buf_addc(out, s[*i + 1]);
				*i += 2;
				continue;
			}
			if (c == '"') {
				(*i)++;
				break;
			}
			buf_addc(out, c);
			(*i)++;
		}
		return true;
	}
	while (s[*i] != '\0' && !query_is_space(s[*i])) {
		if (stop_at_ge && s[*i] == '>' && s[*i + 1] == '=')
			break;
		if (s[*i] == '"') {
			query_error(err, s, *i, "unexpected '\"' inside a value: "
			    "quote the whole value, e.g. brand:\"Levi's\"");
			return false;
		}
		buf_addc(out, s[*i]);
		(*i)++;
	}
	return true;
}

/* Parse one term starting at s[*i] (not a space). */
static bool
query_term(const char *s, size_t *i, struct query_term *t,
    struct catalog_query_error *err)
{
	size_t start = *i, fstart, vstart;
	struct buf val;
	bool quoted;
	enum catalog_field field = CATALOG_ANY;

	memset(t, 0, sizeof *t);
	buf_init(&val);
	t->pub.offset = start;
	if (s[*i] == '-') {
		t->pub.negated = true;
		(*i)++;
		if (s[*i] == '\0' || query_is_space(s[*i])) {
			query_error(err, s, *i, "expected a term after '-'");
			goto fail;
		}
	}
	fstart = *i;
	/* A field name is lower-case letters followed by ':'. */
	if (s[*i] != '"') {
		size_t j = *i;
		while (s[j] >= 'a' && s[j] <= 'z')
			j++;
		if (s[j] == ':' ) {
			size_t n = j - *i;
			enum catalog_field f = catalog_field_lookup(s + *i, n);
			if (f == CATALOG_NONE) {
				query_unknown_field(err, s, fstart, s + *i, n);
				goto fail;
			}
			field = (enum catalog_field)f;
			*i = j + 1;
		} else {
			/* Anything else with a ':' before a space is a bad field. */
			size_t k = *i;
			while (s[k] != '\0' && !query_is_space(s[k]) && s[k] != ':' &&
			    s[k] != '"')
				k++;
			if (s[k] == ':') {
				query_unknown_field(err, s, fstart, s + *i, k - *i);
				goto fail;
			}
		}
	}
	t->pub.field = field;
	vstart = *i;
	/* Unquoted values end at ">=" (which only label: may use). */
	if (!query_value(s, i, true, &val, &quoted, err))
		goto fail;
	if (val.len == 0) {
		query_error(err, s, vstart, field == CATALOG_ANY ?
		    "expected a value" : "empty value: expected a value after '%s:'",
		    catalog_field_name(field));
		goto fail;
	}
	if (s[*i] == '>' && s[*i + 1] == '=') {
		size_t nstart = *i + 2, k = nstart;
		char *end;
		double n;

		if (catalog_field_desc(field)->kind != CATALOG_KIND_SCORED) {
			query_error(err, s, *i, "'>=' is only allowed after label:V "
			    "(quote a value that contains it)");
			goto fail;
		}
		while (s[k] != '\0' && !query_is_space(s[k]))
			k++;
		{
			char num[64];
			size_t nl = k - nstart;
			bool okn = nl > 0 && nl < sizeof num;
			if (okn) {
				memcpy(num, s + nstart, nl);
				num[nl] = '\0';
				okn = (num[0] >= '0' && num[0] <= '9') || num[0] == '.';
				n = strtod(num, &end);
				okn = okn && *end == '\0' && isfinite(n) && n >= 0 &&
				    n <= 100;
			}
			if (!okn) {
				query_error(err, s, nstart,
				    "expected a confidence from 0 to 100 after '>='");
				goto fail;
			}
		}
		t->pub.has_min_confidence = true;
		t->pub.min_confidence = n;
		*i = k;
	} else if (s[*i] != '\0' && !query_is_space(s[*i])) {
		query_error(err, s, *i, "expected a space after the value");
		goto fail;
	}
	t->pub.length = *i - start;
	t->value = buf_take(&val);
	t->pub.value = t->value;

	switch (catalog_field_desc(field)->kind) {
	case CATALOG_KIND_TIME: {
		const char *v = t->value, *dots = strstr(v, "..");
		const char *what = NULL;
		int64_t lo, hi, lo2, hi2;

		if (dots == NULL) {
			if (!query_date(v, strlen(v), &lo, &hi, &what)) {
				query_error(err, s, vstart, "bad date '%s': expected %s",
				    v, what);
				goto fail;
			}
		} else {
			if (!query_date(v, (size_t)(dots - v), &lo, &hi, &what)) {
				query_error(err, s, vstart, "bad range start: expected %s",
				    what);
				goto fail;
			}
			if (!query_date(dots + 2, strlen(dots + 2), &lo2, &hi2,
			    &what)) {
				query_error(err, s, vstart + (size_t)(dots - v) + 2 +
				    (quoted ? 1 : 0), "bad range end: expected %s",
				    what);
				goto fail;
			}
			if (lo2 < lo) {
				query_error(err, s, vstart,
				    "the range ends before it starts: expected A..B "
				    "with A <= B");
				goto fail;
			}
			hi = hi2;
		}
		t->date_lo = lo;
		t->date_hi = hi;
		break;
	}
	case CATALOG_KIND_ID:
	case CATALOG_KIND_SIMILAR:
		break;
	case CATALOG_KIND_DUP:
		t->folded = fold_string(t->value);
		if (strcmp(t->folded, FIELDS_DUP_YES) != 0 &&
		    strcmp(t->folded, FIELDS_DUP_NO) != 0) {
			query_error(err, s, vstart, "expected dup:%s or dup:%s",
			    FIELDS_DUP_YES, FIELDS_DUP_NO);
			goto fail;
		}
		break;
	case CATALOG_KIND_HOUR:
	case CATALOG_KIND_WEEKDAY: {
		enum catalog_kind kind = catalog_field_desc(field)->kind;
		const char *what = kind == CATALOG_KIND_HOUR ?
		    "an hour from 0 to 23, or A..B" :
		    "mon, tue, wed, thu, fri, sat or sun, or A..B";
		char *v = fold_string(t->value);
		const char *dots = strstr(v, "..");
		size_t n = strlen(v);

		t->span_lo = query_span_value(kind, v, dots != NULL ?
		    (size_t)(dots - v) : n);
		t->span_hi = dots == NULL ? t->span_lo :
		    query_span_value(kind, dots + 2, strlen(dots + 2));
		t->folded = v;
		if (t->span_lo < 0 || t->span_hi < 0) {
			query_error(err, s, vstart, "bad %s '%s': expected %s",
			    catalog_field_name(field), t->value, what);
			goto fail;
		}
		break;
	}
	case CATALOG_KIND_OCR:
		t->folded = fold_string(t->value);
		if (strcmp(t->folded, FIELDS_OCR_VALUE) != 0) {
			query_error(err, s, vstart, "expected ocr:%s",
			    FIELDS_OCR_VALUE);
			goto fail;
		}
		break;
	default: {
		size_t n = strlen(t->value);
		if (!fold_valid_utf8(t->value, n)) {
			query_error(err, s, vstart, "the value is not valid UTF-8");
			goto fail;
		}
		t->folded = fold_string(t->value);
		enum catalog_kind kind = catalog_field_desc(field)->kind;
		bool prefixable = kind == CATALOG_KIND_TEXT || kind == CATALOG_KIND_ANY;

		if (prefixable && !quoted && n == 1 && t->value[0] == '*') {
			/* A prefix of nothing is not a search: say so. */
			query_error(err, s, vstart, "empty value before '*': "
			    "expected a prefix, e.g. text:W3*");
			goto fail;
		}
		if (prefixable && !quoted && n > 1 && t->value[n - 1] == '*') {
			char *stem = xstrndup(t->value, n - 1);
			t->folded_stem = fold_string(stem);
			free(stem);
			/* Both are prefixes; a bare word's is matched on text. */
			t->pub.prefix = true;
			if (kind == CATALOG_KIND_ANY)
				t->folded_prefix = true;
		}
		break;
	}
	}
	return true;
fail:
	buf_fini(&val);
	query_term_fini(t);
	memset(t, 0, sizeof *t);
	return false;
}

/* Parse a copy of text term by term; the query is the caller's. */
struct catalog_query *
catalog_query_parse(const char *text, struct catalog_query_error *err)
{
	struct catalog_query *q = xcalloc(1, sizeof *q);
	size_t i = 0, cap = 0;

	if (err != NULL)
		memset(err, 0, sizeof *err);
	q->text = xstrdup(text);
	for (;;) {
		while (query_is_space(q->text[i]))
			i++;
		if (q->text[i] == '\0')
			break;
		if (q->nterms == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			q->terms = xreallocarray(q->terms, cap, sizeof *q->terms);
		}
		if (!query_term(q->text, &i, &q->terms[q->nterms], err)) {
			catalog_query_free(q);
			return NULL;
		}
		q->nterms++;
	}
	return q;
}
