/*
 * terms.c - a query as terms: printing a term or a query back in canonical
 * form (the one copy of the quoting rules), finding a term by value, and
 * making new queries with a term added, removed or negated. Every new
 * query is the canonical text reparsed by catalog_query_parse, so there
 * is one parser and an edited query is exactly what its text says.
 */
#include "catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fold.h"
#include "query.h"
#include "xmalloc.h"

/*
 * True when the parser reads value back unquoted: after "field:" (bare
 * false) or as a bare word, after a "-" (negated) or not. An unquoted
 * value ends at a blank or ">=", may not hold a '"'; a bare word may not
 * hold a ':' (that names a field) nor, unless negated already, start
 * with '-' (that is "not").
 */
static bool
terms_reads_plain(const char *value, bool bare, bool negated)
{
	if (*value == '\0' || *value == '"' ||
	    (bare && !negated && *value == '-'))
		return false;
	for (const char *p = value; *p != '\0'; p++) {
		if (query_is_space(*p) || *p == '"' || (bare && *p == ':') ||
		    (p[0] == '>' && p[1] == '='))
			return false;
	}
	return true;
}

/*
 * True when value is quoted in canonical form: when the parser needs it
 * (above), and, so that a value reads the same in every place, when it
 * starts with '-', holds a ':' or a backslash, or (star: a text value or
 * bare word) ends in a '*' that would make it a prefix. The empty value
 * is quoted (and does not parse: a term needs a value).
 */
static bool
terms_needs_quotes(const char *value, bool star)
{
	size_t n = strlen(value);

	if (!terms_reads_plain(value, true, false) ||
	    strchr(value, '\\') != NULL)
		return true;
	return star && value[n - 1] == '*';
}

/* Append value to b, quoted (with \" and \\ escapes) when it must be. */
static void
terms_add_value(struct buf *b, const char *value, bool star)
{
	if (!terms_needs_quotes(value, star)) {
		buf_adds(b, value);
		return;
	}
	buf_addc(b, '"');
	for (const char *p = value; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

/* value ready to paste after any "field:", quoted only if it must be. */
char *
catalog_query_quote(const char *value)
{
	struct buf b;

	buf_init(&b);
	/* Any field: a trailing '*' would make a text: value a prefix. */
	terms_add_value(&b, value, true);
	return buf_take(&b);
}

/*
 * Append the shortest decimal that reads back as v (strtod): "90",
 * "12.5"; an exponent only for what has no short decimal ("1e-20").
 */
static void
terms_add_number(struct buf *b, double v)
{
	char num[64];

	for (int prec = 0; prec <= 17; prec++) {
		snprintf(num, sizeof num, "%.*f", prec, v);
		if (strtod(num, NULL) == v) {
			buf_adds(b, num);
			return;
		}
	}
	buf_addf(b, "%.17g", v);
}

/* Append term t in canonical form. */
static void
terms_add_term(struct buf *b, const struct catalog_term *t)
{
	const struct catalog_field_desc *d = catalog_field_desc(t->field);
	bool star = d->kind == CATALOG_KIND_TEXT || d->kind == CATALOG_KIND_ANY;
	size_t n = strlen(t->value);

	if (t->negated)
		buf_addc(b, '-');
	if (*d->name != '\0') {
		buf_adds(b, d->name);
		buf_addc(b, ':');
	}
	/*
	 * A prefix is written as the parser read it: unquoted, with its '*'
	 * ("text:a:b*" too). One it cannot read unquoted (a blank, say) is
	 * not a prefix in the language: it is written as a literal.
	 */
	if (t->prefix && star && n > 1 && t->value[n - 1] == '*' &&
	    terms_reads_plain(t->value, *d->name == '\0', t->negated))
		buf_adds(b, t->value);
	else
		terms_add_value(b, t->value, star);
	if (t->has_min_confidence) {
		buf_adds(b, ">=");
		terms_add_number(b, t->min_confidence);
	}
}

/* Term t in canonical form (owned). */
char *
catalog_term_format(const struct catalog_term *t)
{
	struct buf b;

	buf_init(&b);
	terms_add_term(&b, t);
	return buf_take(&b);
}

/*
 * The terms of q in canonical form joined by spaces, without term skip
 * (none: SIZE_MAX) and with term flip's "-" flipped (none: SIZE_MAX).
 */
static void
terms_add_query(struct buf *b, const struct catalog_query *q, size_t skip,
    size_t flip)
{
	for (size_t i = 0; i < q->nterms; i++) {
		struct catalog_term t = q->terms[i].pub;

		if (i == skip)
			continue;
		if (i == flip)
			t.negated = !t.negated;
		if (b->len > 0)
			buf_addc(b, ' ');
		terms_add_term(b, &t);
	}
}

/* The whole query in canonical form (owned); "" for the empty query. */
char *
catalog_query_format(const struct catalog_query *q)
{
	struct buf b;

	buf_init(&b);
	terms_add_query(&b, q, SIZE_MAX, SIZE_MAX);
	return buf_take(&b);
}

/* The index of the plain term of field whose value folds as value does. */
long
catalog_query_find(const struct catalog_query *q, enum catalog_field field,
    const char *value, bool *negated)
{
	const struct catalog_field_desc *d = catalog_field_desc(field);
	char *folded = NULL;
	long found = -1;

	if (d == NULL)
		return -1;
	/* Values that do not fold (dates, uuids) compare as bytes. */
	if (d->folded && (folded = fold_string(value)) == NULL)
		return -1;
	for (size_t i = 0; i < q->nterms && found < 0; i++) {
		const struct query_term *t = &q->terms[i];

		if (t->pub.field != field || t->pub.prefix ||
		    t->pub.has_min_confidence)
			continue;
		if (folded != NULL ? t->folded != NULL &&
		    strcmp(t->folded, folded) == 0 :
		    strcmp(t->value, value) == 0)
			found = (long)i;
	}
	if (found >= 0 && negated != NULL)
		*negated = q->terms[found].pub.negated;
	free(folded);
	return found;
}

/* Parse the text of b (freed) into a new query; NULL if it does not parse. */
static struct catalog_query *
terms_reparse(struct buf *b)
{
	struct catalog_query *q;

	buf_adds(b, "");
	q = catalog_query_parse(b->data, NULL);
	buf_fini(b);
	return q;
}

/* q with field:value (negated: -field:value) added at the end (owned). */
struct catalog_query *
catalog_query_add(const struct catalog_query *q, enum catalog_field field,
    const char *value, bool negated)
{
	struct catalog_term t = { .field = field, .negated = negated,
	    .value = value };
	struct buf b;

	if (catalog_field_desc(field) == NULL)
		return NULL;
	buf_init(&b);
	terms_add_query(&b, q, SIZE_MAX, SIZE_MAX);
	if (b.len > 0)
		buf_addc(&b, ' ');
	terms_add_term(&b, &t);
	return terms_reparse(&b);
}

/* q without term i (owned); NULL when there is no term i. */
struct catalog_query *
catalog_query_remove(const struct catalog_query *q, size_t i)
{
	struct buf b;

	if (i >= q->nterms)
		return NULL;
	buf_init(&b);
	terms_add_query(&b, q, i, SIZE_MAX);
	return terms_reparse(&b);
}

/* q with term i's "-" flipped (owned); NULL when there is no term i. */
struct catalog_query *
catalog_query_toggle(const struct catalog_query *q, size_t i)
{
	struct buf b;

	if (i >= q->nterms)
		return NULL;
	buf_init(&b);
	terms_add_query(&b, q, SIZE_MAX, i);
	return terms_reparse(&b);
}

/* A copy of a string that may be NULL. */
static char *
terms_strdup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* A deep copy of q (owned): for another thread, without parsing again. */
struct catalog_query *
catalog_query_copy(const struct catalog_query *q)
{
	struct catalog_query *c = xcalloc(1, sizeof *c);

	c->text = xstrdup(q->text);
	c->nterms = q->nterms;
	c->terms = xcalloc(q->nterms + 1, sizeof *c->terms);
	for (size_t i = 0; i < q->nterms; i++) {
		struct query_term *t = &c->terms[i];

		*t = q->terms[i];
		t->value = terms_strdup(q->terms[i].value);
		t->folded = terms_strdup(q->terms[i].folded);
		t->folded_stem = terms_strdup(q->terms[i].folded_stem);
		t->pub.value = t->value;
	}
	return c;
}
