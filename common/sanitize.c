/*
 * sanitize.c - terminal-safe text from untrusted bytes (see sanitize.h).
 */
#include "sanitize.h"

#include <langinfo.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "buf.h"
#include "xmalloc.h"

#define SANITIZE_REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/*
 * True for code points that reorder or break lines when shown raw, or
 * that show nothing at all: C1 controls, the line and paragraph
 * separators, and every format character (category Cf: bidi controls,
 * U+200B zero-width space, U+2060 word joiner, U+FEFF, soft hyphen, tag
 * characters...), so that "Za<U+200B>ra" cannot pass for "Zara". The
 * joiners U+200C/U+200D are kept after a non-ASCII character (emoji,
 * Indic and Arabic scripts need them) and marked after an ASCII one.
 */
static bool
sanitize_is_format(int32_t cp, int32_t prev)
{
	if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029)
		return true;
	if (utf8proc_category(cp) != UTF8PROC_CATEGORY_CF)
		return false;
	return !((cp == 0x200c || cp == 0x200d) && prev >= 0x80);
}

/*
 * True for code points whose width terminals disagree on: unassigned ones
 * (wcwidth says -1 where utf8proc says 1), and a combining mark at the
 * start of a string, which would otherwise fuse with whatever the screen
 * has before it (a border, the previous column).
 */
static bool
sanitize_is_odd(int32_t cp, bool first)
{
	utf8proc_category_t cat = utf8proc_category(cp);

	if (cat == UTF8PROC_CATEGORY_CN)
		return true;
	return first && (cat == UTF8PROC_CATEGORY_MN ||
	    cat == UTF8PROC_CATEGORY_ME);
}

/* Append the visible escape of the C0 control or DEL c to b. */
static void
sanitize_add_control(struct buf *b, unsigned char c)
{
	switch (c) {
	case 0x1b:
		buf_adds(b, "\\e");
		break;
	case '\t':
		buf_adds(b, "\\t");
		break;
	case '\n':
		buf_adds(b, "\\n");
		break;
	case '\r':
		buf_adds(b, "\\r");
		break;
	default:
		buf_addf(b, "\\x%02x", c);
		break;
	}
}

char *
sanitize_text(const char *s, size_t len, int flags)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	struct buf b;
	utf8proc_int32_t cp, prev = 0;
	utf8proc_ssize_t n;
	size_t i = 0;

	buf_init(&b);
	buf_reserve(&b, len + 1);
	buf_add(&b, "", 0); /* terminated even when nothing follows */
	while (i < len) {
		if (p[i] < 0x80) {
			if (p[i] < 0x20 || p[i] == 0x7f)
				sanitize_add_control(&b, p[i]);
			else
				buf_addc(&b, (char)p[i]);
			prev = p[i];
			i++;
			continue;
		}
		/* utf8proc_iterate rejects overlongs, surrogates, > U+10FFFF. */
		n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			buf_adds(&b, (flags & SANITIZE_ASCII) ? "?" :
			    SANITIZE_REPLACEMENT);
			prev = 0xfffd;
			i++;
			continue;
		}
		if (sanitize_is_format(cp, prev) || sanitize_is_odd(cp, i == 0))
			buf_addf(&b, "\\u{%04X}", (unsigned)cp);
		else if (flags & SANITIZE_ASCII)
			buf_addc(&b, '?');
		else
			buf_add(&b, p + i, (size_t)n);
		prev = cp;
		i += (size_t)n;
	}
	return buf_take(&b);
}

/*
 * The code point at s (NUL-terminated, sanitized) and its byte length;
 * a stray invalid byte counts as one column-wide character of length 1.
 */
static size_t
sanitize_next(const char *s, int32_t *cp)
{
	utf8proc_ssize_t n;

	n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, cp);
	if (n <= 0) {
		*cp = 0xfffd;
		return 1;
	}
	return (size_t)n;
}

/* Columns taken by code point cp (controls and unknowns: treat as 1). */
static int
sanitize_cp_width(int32_t cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7f)
		return 1; /* not in sanitized text; never let width go negative */
	w = utf8proc_charwidth(cp);
	return w < 0 ? 1 : w;
}

int
sanitize_width(const char *s)
{
	int32_t cp;
	int w = 0;

	while (*s != '\0') {
		s += sanitize_next(s, &cp);
		w += sanitize_cp_width(cp);
	}
	return w;
}

char *
sanitize_fit(const char *s, int cols, bool pad, int flags)
{
	const char *ellipsis = (flags & SANITIZE_ASCII) ? "~" : "\xe2\x80\xa6";
	const char *p = s, *cut = s;
	struct buf b;
	int32_t cp;
	size_t n;
	int w = 0, wcut = 0, cw;

	if (cols < 0)
		cols = 0;
	buf_init(&b);
	/*
	 * Walk forward; remember the last position at which the prefix still
	 * leaves one column for the ellipsis. Zero-width characters (combining
	 * marks) stay with the character before them.
	 */
	while (*p != '\0') {
		n = sanitize_next(p, &cp);
		cw = sanitize_cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		p += n;
		if (w <= cols - 1) {
			cut = p;
			wcut = w;
		}
	}
	if (*p == '\0') {
		buf_add(&b, s, (size_t)(p - s));
	} else {
		/* Too wide: the prefix up to cut, then the ellipsis. */
		w = 0;
		if (cols > 0) {
			buf_add(&b, s, (size_t)(cut - s));
			buf_adds(&b, ellipsis);
			w = wcut + 1;
		}
	}
	while (pad && w < cols) {
		buf_addc(&b, ' ');
		w++;
	}
	return buf_take(&b);
}

int
sanitize_locale_flags(void)
{
	const char *cs = nl_langinfo(CODESET);

	if (cs != NULL && (strcasecmp(cs, "UTF-8") == 0 ||
	    strcasecmp(cs, "utf8") == 0))
		return 0;
	return SANITIZE_ASCII;
}
