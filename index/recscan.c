/*
 * recscan.c - record_scan() (record.h): the fast path of record_parse(),
 * one pass over a record line that fills struct record without building
 * a JSON tree.
 *
 * jansson builds a tree of a few hundred nodes per record, a hash table
 * per object and a strtod() per number; at 38 MB/s per core it was most
 * of the indexer's time. The scanner accepts a strict subset of JSON:
 * the lines it can prove valid, with values identical to what the
 * jansson path would give. Anything else (a rejected record, an escape
 * in a string, a duplicate known key, an integer of 19 digits, deep
 * nesting) makes it answer "not sure", and record_parse() hands the
 * line to jansson, which stays the judge of every line the scanner does
 * not accept and the author of every rejection message.
 *
 * Every function returns false for "not sure". Acceptance mirrors
 * record.c's checks one for one; a rule here that is looser than there
 * is a bug the differential test (tests/test-recscan.c) and the
 * fuzzer are there to find.
 */
#include "record.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "catalog.h"
#include "xmalloc.h"

/* Deeper than this inside an unknown member: let jansson (limit 2048) judge. */
#define SCAN_MAX_DEPTH 64

struct scan {
	const char *p, *end;
	struct record *r;            /* its scratch holds decoded strings */
	size_t line_len;
};

/* A scanned number: its value, and whether jansson would make it an integer. */
struct scan_number {
	double value;
	bool integer;
	int64_t int_value;
};

/* Bytes that end the plain run of a string: '"', '\\' and controls. */
static const bool scan_string_stop[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
	[0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1,
	[0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1,
	[0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
	[0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
	[0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

/* Powers of ten a double holds exactly (Clinger's fast path). */
static const double scan_pow10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* JSON whitespace, as jansson's lexer skips it. */
static void
scan_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* Skip whitespace, then consume c if it is next. */
static bool
scan_char(struct scan *s, char c)
{
	scan_ws(s);
	if (s->p < s->end && *s->p == c) {
		s->p++;
		return true;
	}
	return false;
}

/* Skip whitespace and look at the next byte (0 at the end). */
static char
scan_peek(struct scan *s)
{
	scan_ws(s);
	return s->p < s->end ? *s->p : '\0';
}

/* The value of hex digit c, or -1. */
static int
scan_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at p (end bounds them) as a code unit, or -1. */
static long
scan_u16(const char *p, const char *end)
{
	long v = 0;

	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int d = scan_hex(p[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * The rest of a string with escapes, from s->p (just past the opening
 * quote at start) to its closing quote, decoded into the record's scratch
 * as jansson decodes it: \" \\ \/ \b \f \n \r \t, \uXXXX as UTF-8, a
 * surrogate pair as one code point, \u0000 as a NUL byte (JSON_ALLOW_NUL).
 * A lone surrogate or any other escape is jansson's error to report.
 * Decoded text is never longer than its escaped form, so the scratch,
 * sized to the line once per record, never moves under earlier strings.
 */
static bool
scan_string_escaped(struct scan *s, const char *start, const char **str,
    size_t *len)
{
	struct record *r = s->r;
	char *out;

	if (r->scratch_cap < s->line_len) {
		if (r->scratch_used != 0)
			return false; /* unreachable: sized before any use */
		free(r->scratch);
		r->scratch_cap = s->line_len;
		r->scratch = xmalloc(r->scratch_cap);
	}
	out = r->scratch + r->scratch_used;
	memcpy(out, start, (size_t)(s->p - start));
	*str = out;
	out += s->p - start;
	while (s->p < s->end) {
		unsigned char c = (unsigned char)*s->p;
		long cp;

		if (c == '"') {
			s->p++;
			*len = (size_t)(out - *str);
			r->scratch_used = (size_t)(out - r->scratch);
			return true;
		}
		if (c < 0x20)
			return false;
		if (c != '\\') {
			*out++ = (char)c;
			s->p++;
			continue;
		}
		if (s->end - s->p < 2)
			return false;
		switch (s->p[1]) {
		case '"': *out++ = '"'; break;
		case '\\': *out++ = '\\'; break;
		case '/': *out++ = '/'; break;
		case 'b': *out++ = '\b'; break;
		case 'f': *out++ = '\f'; break;
		case 'n': *out++ = '\n'; break;
		case 'r': *out++ = '\r'; break;
		case 't': *out++ = '\t'; break;
		case 'u':
			if ((cp = scan_u16(s->p + 2, s->end)) < 0)
				return false;
			s->p += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return false; /* a lone low surrogate */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				long lo;
				if (s->end - s->p < 8 || s->p[2] != '\\' ||
				    s->p[3] != 'u' ||
				    (lo = scan_u16(s->p + 4, s->end)) < 0xdc00 ||
				    lo > 0xdfff)
					return false;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				s->p += 6;
			}
			if (cp < 0x80) {
				*out++ = (char)cp;
			} else if (cp < 0x800) {
				*out++ = (char)(0xc0 | (cp >> 6));
				*out++ = (char)(0x80 | (cp & 0x3f));
			} else if (cp < 0x10000) {
				*out++ = (char)(0xe0 | (cp >> 12));
				*out++ = (char)(0x80 | ((cp >> 6) & 0x3f));
				*out++ = (char)(0x80 | (cp & 0x3f));
			} else {
				*out++ = (char)(0xf0 | (cp >> 18));
				*out++ = (char)(0x80 | ((cp >> 12) & 0x3f));
				*out++ = (char)(0x80 | ((cp >> 6) & 0x3f));
				*out++ = (char)(0x80 | (cp & 0x3f));
			}
			break;
		default:
			return false;
		}
		s->p += 2;
	}
	return false;
}

/*
 * A quoted string: borrowed from the line when it has no escape (the
 * line is valid UTF-8 already); with one, decoded into the scratch when
 * decode, else left to jansson (keys). A control character is jansson's
 * error.
 */
static bool
scan_quoted(struct scan *s, bool decode, const char **str, size_t *len)
{
	const char *start;

	if (!scan_char(s, '"'))
		return false;
	start = s->p;
	while (s->p < s->end && !scan_string_stop[(unsigned char)*s->p])
		s->p++;
	if (decode && s->p < s->end && *s->p == '\\')
		return scan_string_escaped(s, start, str, len);
	if (s->p == s->end || *s->p != '"')
		return false;
	*str = start;
	*len = (size_t)(s->p - start);
	s->p++;
	return true;
}

/* A string value. */
static bool
scan_string(struct scan *s, const char **str, size_t *len)
{
	return scan_quoted(s, true, str, len);
}

/* An object key: a string without escapes (jansson judges the others). */
static bool
scan_key(struct scan *s, const char **str, size_t *len)
{
	return scan_quoted(s, false, str, len);
}

/*
 * The C locale, for strtod_l(): jansson reads '.' whatever LC_NUMERIC
 * says. Made with the member names, once (scan_init()).
 */
static locale_t scan_c_locale;

/*
 * The value of a real number's text, exactly as jansson's strtod() gives
 * it. When its digits fit in 2^53 and its decimal exponent is within
 * +-22, one IEEE multiplication or division of two exact doubles is the
 * correctly rounded result (Clinger's fast path: the generator's
 * numbers); otherwise strtod_l() on a copy (the 17-digit doubles Spark
 * writes). Overflow is jansson's error to report: not sure.
 */
static bool
scan_real(const char *text, size_t len, uint64_t mant, int digits,
    int exp10, bool neg, double *out)
{
	char copy[64];
	char *end;

	if (digits <= 15 && exp10 >= -22 && exp10 <= 22) {
		double v = exp10 >= 0 ? (double)mant * scan_pow10[exp10] :
		    (double)mant / scan_pow10[-exp10];
		*out = neg ? -v : v;
		return true;
	}
	if (len >= sizeof copy)
		return false;
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (scan_c_locale == (locale_t)0)
		return false;
	*out = strtod_l(copy, &end, scan_c_locale);
	return end == copy + len && *out != HUGE_VAL && *out != -HUGE_VAL;
}

/*
 * A number in JSON's grammar, with the value jansson would give it:
 * integers (no fraction, no exponent) of up to 18 digits as strtoll()
 * reads them, reals as scan_real() says.
 */
static bool
scan_number(struct scan *s, struct scan_number *n)
{
	const char *p, *end, *start;
	uint64_t mant = 0;
	int digits = 0, frac_digits = 0, exp10 = 0;
	bool neg = false, real = false;

	scan_ws(s);
	p = start = s->p;
	end = s->end;
	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	if (p == end || *p < '0' || *p > '9')
		return false;
	if (*p == '0') {
		p++;
		if (p < end && *p >= '0' && *p <= '9')
			return false; /* a leading zero: not JSON */
	} else {
		while (p < end && *p >= '0' && *p <= '9') {
			/* Past 18 digits only strtod_l() gets the value. */
			if (++digits <= 18)
				mant = mant * 10 + (uint64_t)(*p - '0');
			p++;
		}
	}
	if (p < end && *p == '.') {
		real = true;
		p++;
		if (p == end || *p < '0' || *p > '9')
			return false;
		while (p < end && *p >= '0' && *p <= '9') {
			/* Leading zeros of a fraction add no digit to the mantissa. */
			if (mant != 0 || *p != '0')
				digits++;
			if (digits <= 18) {
				mant = mant * 10 + (uint64_t)(*p - '0');
				frac_digits++;
			}
			p++;
		}
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		bool eneg = false;
		int e = 0;

		real = true;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == end || *p < '0' || *p > '9')
			return false;
		while (p < end && *p >= '0' && *p <= '9') {
			if (e < 100000)
				e = e * 10 + (*p - '0');
			p++;
		}
		exp10 = eneg ? -e : e;
	}
	s->p = p;
	n->integer = !real;
	if (!real) {
		if (digits > 18)
			return false; /* may not fit in long long: jansson says */
		n->int_value = neg ? -(int64_t)mant : (int64_t)mant;
		n->value = (double)n->int_value;
		return true;
	}
	return scan_real(start, (size_t)(p - start), mant, digits,
	    exp10 - frac_digits, neg, &n->value);
}

/* The literal word (true, false, null) next, after whitespace. */
static bool
scan_literal(struct scan *s, const char *word)
{
	size_t n = strlen(word);

	scan_ws(s);
	if ((size_t)(s->end - s->p) >= n && memcmp(s->p, word, n) == 0) {
		s->p += n;
		return true;
	}
	return false;
}

/* A member that is JSON null (absent, as record_member() says). */
static bool
scan_null(struct scan *s)
{
	return scan_literal(s, "null");
}

/* Any JSON value, checked and ignored (an unknown member's). */
static bool
scan_skip(struct scan *s, int depth)
{
	const char *str;
	size_t len;
	struct scan_number n;
	char c = scan_peek(s);

	if (depth > SCAN_MAX_DEPTH)
		return false;
	switch (c) {
	case '"':
		return scan_string(s, &str, &len);
	case '{':
		s->p++;
		if (scan_char(s, '}'))
			return true;
		do {
			if (!scan_key(s, &str, &len) || !scan_char(s, ':') ||
			    !scan_skip(s, depth + 1))
				return false;
		} while (scan_char(s, ','));
		return scan_char(s, '}');
	case '[':
		s->p++;
		if (scan_char(s, ']'))
			return true;
		do {
			if (!scan_skip(s, depth + 1))
				return false;
		} while (scan_char(s, ','));
		return scan_char(s, ']');
	case 't':
		return scan_literal(s, "true");
	case 'f':
		return scan_literal(s, "false");
	case 'n':
		return scan_null(s);
	default:
		return scan_number(s, &n);
	}
}

/*
 * The member names each kind of object has, with their lengths: a key
 * is compared by length first, and most differ there. The record keys
 * come from the field table (record_key()), once.
 */
struct scan_name {
	const char *s;
	size_t len;
};

enum { TOP_UUID, TOP_DATE, TOP_IMAGES, TOP_LISTS,
    TOP_NAMES = TOP_LISTS + CATALOG_PREDICTION_COUNT };
enum { PHOTO_NAME, PHOTO_PATH, PHOTO_BYTES, PHOTO_WIDTH, PHOTO_HEIGHT,
    PHOTO_LABELS, PHOTO_TEXT, PHOTO_NAMES };
/* An entry's value, confidence and box(es), for labels and for text. */
enum { ENTRY_VALUE, ENTRY_CONFIDENCE, ENTRY_BOXES, ENTRY_NAMES };

static struct {
	struct scan_name top[TOP_NAMES], photo[PHOTO_NAMES];
	struct scan_name label[ENTRY_NAMES], text[ENTRY_NAMES], box[4];
} scan_names;
static pthread_once_t scan_once_control = PTHREAD_ONCE_INIT;

static void
scan_name_set(struct scan_name *n, const char *s)
{
	n->s = s;
	n->len = strlen(s);
}

/* What record.c reads, by the same names; and the C locale. */
static void
scan_init(void)
{
	static const char *const photo[] = { "name", "path", "bytes", "width",
	    "height" };
	static const char *const box[] = { "left", "top", "width", "height" };

	scan_name_set(&scan_names.top[TOP_UUID], record_key(CATALOG_UUID));
	scan_name_set(&scan_names.top[TOP_DATE], record_key(CATALOG_DATE));
	scan_name_set(&scan_names.top[TOP_IMAGES], "images");
	for (size_t f = 0; f < CATALOG_PREDICTION_COUNT; f++)
		scan_name_set(&scan_names.top[TOP_LISTS + f],
		    record_prediction_key(f));
	for (size_t k = 0; k < 5; k++)
		scan_name_set(&scan_names.photo[k], photo[k]);
	scan_name_set(&scan_names.photo[PHOTO_LABELS], record_key(CATALOG_LABEL));
	scan_name_set(&scan_names.photo[PHOTO_TEXT], record_key(CATALOG_TEXT));
	scan_name_set(&scan_names.label[ENTRY_VALUE], "name");
	scan_name_set(&scan_names.label[ENTRY_CONFIDENCE], "confidence");
	scan_name_set(&scan_names.label[ENTRY_BOXES], "boxes");
	scan_name_set(&scan_names.text[ENTRY_VALUE], "text");
	scan_name_set(&scan_names.text[ENTRY_CONFIDENCE], "confidence");
	scan_name_set(&scan_names.text[ENTRY_BOXES], "box");
	for (size_t k = 0; k < 4; k++)
		scan_name_set(&scan_names.box[k], box[k]);
	scan_c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* Which of names[0..n) key[0..len) is, or n. */
static size_t
scan_find(const struct scan_name *names, size_t n, const char *key,
    size_t len)
{
	for (size_t k = 0; k < n; k++) {
		if (names[k].len == len && memcmp(names[k].s, key, len) == 0)
			return k;
	}
	return n;
}

/*
 * Members of an object, one call per member: on '{' or ',' reads the key
 * into *key and leaves s at its value. Returns 1 for a member, 0 at the
 * closing '}', -1 when not sure.
 */
static int
scan_member(struct scan *s, bool first, const char **key, size_t *len)
{
	if (first) {
		if (!scan_char(s, '{'))
			return -1;
		if (scan_char(s, '}'))
			return 0;
	} else if (!scan_char(s, ',')) {
		return scan_char(s, '}') ? 0 : -1;
	}
	if (!scan_key(s, key, len) || !scan_char(s, ':'))
		return -1;
	return 1;
}

/* Note that known key number k was seen; a second time is for jansson. */
static bool
scan_once(unsigned *seen, unsigned k)
{
	if (*seen & (1u << k))
		return false;
	*seen |= 1u << k;
	return true;
}

/* A confidence: a number in [0, 100] (record_confidence()). */
static bool
scan_confidence(struct scan *s, double *out)
{
	struct scan_number n;

	if (!scan_number(s, &n) || !isfinite(n.value) || n.value < 0 ||
	    n.value > 100)
		return false;
	*out = n.value;
	return true;
}

/* A box: an object with finite numbers left, top, width, height. */
static bool
scan_box(struct scan *s)
{
	unsigned seen = 0;
	const char *key;
	size_t len;
	int m;

	for (bool first = true; (m = scan_member(s, first, &key, &len)) == 1;
	    first = false) {
		size_t k;
		struct scan_number n;

		if ((k = scan_find(scan_names.box, 4, key, len)) == 4) {
			if (!scan_skip(s, 1))
				return false;
			continue;
		}
		if (!scan_once(&seen, (unsigned)k) || !scan_number(s, &n) ||
		    !isfinite(n.value))
			return false;
	}
	return m == 0 && seen == 0xf;
}

/*
 * A list the record may have: null, or an array whose elements
 * elem(s, r, arg) reads one by one.
 */
static bool
scan_list(struct scan *s, struct record *r,
    bool (*elem)(struct scan *, struct record *, size_t), size_t arg)
{
	if (scan_null(s))
		return true;
	if (!scan_char(s, '['))
		return false;
	if (scan_char(s, ']'))
		return true;
	do {
		if (!elem(s, r, arg))
			return false;
	} while (scan_char(s, ','));
	return scan_char(s, ']');
}

/* scan_list()'s element for a label's boxes. */
static bool
scan_box_elem(struct scan *s, struct record *r, size_t unused)
{
	(void)r;
	(void)unused;
	return scan_box(s);
}

/* One labels[] (is_label) or text[] entry; pushes its value if non-empty. */
static bool
scan_entry(struct scan *s, struct record *r, size_t is_label)
{
	const struct scan_name *names = is_label ? scan_names.label :
	    scan_names.text;
	unsigned seen = 0;
	const char *key, *str = NULL;
	size_t len, str_len = 0;
	double conf = 0;
	int m;

	for (bool first = true; (m = scan_member(s, first, &key, &len)) == 1;
	    first = false) {
		size_t k;

		if ((k = scan_find(names, ENTRY_NAMES, key, len)) == ENTRY_NAMES) {
			if (!scan_skip(s, 1))
				return false;
			continue;
		}
		if (!scan_once(&seen, (unsigned)k))
			return false;
		if (k == ENTRY_VALUE && !scan_string(s, &str, &str_len))
			return false;
		if (k == ENTRY_CONFIDENCE && !scan_confidence(s, &conf))
			return false;
		if (k == ENTRY_BOXES && !(is_label ? scan_list(s, r, scan_box_elem, 0) :
		    (scan_null(s) || scan_box(s))))
			return false;
	}
	if (m != 0 || (seen & 3) != 3)
		return false;
	if (str_len == 0)
		return true;
	if (is_label)
		record_push(&r->labels, &r->nlabels, &r->labels_cap, str,
		    str_len, conf);
	else
		record_push(&r->texts, &r->ntexts, &r->texts_cap, str, str_len,
		    conf);
	return true;
}

/* A string or null member (a photo's name and path). */
static bool
scan_opt_string(struct scan *s, const char **str, size_t *len)
{
	*str = NULL;
	*len = 0;
	return scan_null(s) || scan_string(s, str, len);
}

/* One photo object (record_photo()). */
static bool
scan_photo(struct scan *s, struct record *r, size_t unused)
{
	unsigned seen = 0;
	const char *key, *str, *path = NULL;
	size_t len, str_len, path_len = 0;
	int m;

	(void)unused;
	for (bool first = true; (m = scan_member(s, first, &key, &len)) == 1;
	    first = false) {
		struct scan_number n;
		size_t k;

		if ((k = scan_find(scan_names.photo, PHOTO_NAMES, key, len)) ==
		    PHOTO_NAMES) {
			if (!scan_skip(s, 1))
				return false;
			continue;
		}
		if (!scan_once(&seen, (unsigned)k))
			return false;
		switch (k) {
		case PHOTO_NAME:
			if (!scan_opt_string(s, &str, &str_len))
				return false;
			break;
		case PHOTO_PATH:
			if (!scan_opt_string(s, &path, &path_len))
				return false;
			break;
		case PHOTO_BYTES:
		case PHOTO_WIDTH:
		case PHOTO_HEIGHT:
			if (!scan_null(s) && (!scan_number(s, &n) || !n.integer ||
			    n.int_value < 0))
				return false;
			break;
		default:
			if (!scan_list(s, r, scan_entry, k == PHOTO_LABELS))
				return false;
		}
	}
	if (m != 0)
		return false;
	if (r->nphotos == r->photos_cap) {
		r->photos_cap = r->photos_cap == 0 ? 8 : r->photos_cap * 2;
		r->photos = xreallocarray(r->photos, r->photos_cap,
		    sizeof *r->photos);
	}
	r->photos[r->nphotos].path = path != NULL ? path : "";
	r->photos[r->nphotos].path_len = path_len;
	r->nphotos++;
	return true;
}

/* One entry of prediction list f: a string, pushed unless empty. */
static bool
scan_prediction(struct scan *s, struct record *r, size_t f)
{
	const char *str;
	size_t len;

	if (!scan_string(s, &str, &len))
		return false;
	if (len == 0)
		return true; /* empty entries are skipped, as in record.c */
	if (r->top[f] == NULL) {
		r->top[f] = str;
		r->top_len[f] = len;
	}
	record_push(&r->ranked[f], &r->nranked[f], &r->ranked_cap[f], str, len,
	    0);
	return true;
}

bool
record_scan(struct record *r, const char *line, size_t len)
{
	struct scan s = { line, line + len, r, len };
	unsigned seen = 0;
	const char *key, *ts = NULL;
	size_t klen, ts_len = 0;
	int m;

	pthread_once(&scan_once_control, scan_init);

	for (bool first = true; (m = scan_member(&s, first, &key, &klen)) == 1;
	    first = false) {
		size_t k;

		if ((k = scan_find(scan_names.top, TOP_NAMES, key, klen)) ==
		    TOP_NAMES) {
			if (!scan_skip(&s, 1))
				return false;
			continue;
		}
		if (!scan_once(&seen, (unsigned)k))
			return false;
		if (k == TOP_UUID) {
			if (!scan_string(&s, &r->uuid, &r->uuid_len) ||
			    !record_uuid_ok(r->uuid, r->uuid_len))
				return false;
		} else if (k == TOP_DATE) {
			if (!scan_string(&s, &ts, &ts_len))
				return false;
		} else if (k == TOP_IMAGES) {
			if (!scan_list(&s, r, scan_photo, 0))
				return false;
		} else if (!scan_list(&s, r, scan_prediction, k - TOP_LISTS)) {
			return false;
		}
	}
	if (m != 0 || (seen & 3) != 3)
		return false; /* uuid and timestamp are required */
	scan_ws(&s);
	if (s.p != s.end)
		return false; /* more after the object: jansson says what */
	return calendar_parse_iso(ts, ts_len, &r->ts_ms) &&
	    r->ts_ms >= CATALOG_TIMESTAMP_MIN && r->ts_ms <= CATALOG_TIMESTAMP_MAX;
}
