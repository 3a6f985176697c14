/*
 * The record scanner (index/recscan.c) against the jansson path: on every
 * line the scanner accepts, jansson must accept it too and give the same
 * record, value for value and bit for bit. Lines come from the generator
 * (valid), from thousands of mutations of them (mostly not), and from a
 * list of JSON's corners. The scanner must also accept nearly every
 * generated line: a fast path that quietly stopped being taken is a
 * regression a user would feel (issue 13), if not see.
 */
#include "../index/record.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "gen.h"

static size_t scanned, lines_seen;

/*
 * The invariant on one line: a scanner "yes" is a jansson "yes" with the
 * same record; a scanner "not sure" says no reason; record_parse() gives
 * jansson's answer. Returns whether the scanner accepted.
 */
static bool
check_line(const char *line, size_t len)
{
	static struct record scan, tree, any;
	static bool inited;
	char *scan_reason = NULL, *tree_reason = NULL, *any_reason = NULL;
	bool s_ok, t_ok, a_ok;
	const char *diff;

	if (!inited) {
		record_init(&scan);
		record_init(&tree);
		record_init(&any);
		inited = true;
	}
	lines_seen++;
	s_ok = record_parse_with(&scan, line, len, RECORD_PATH_SCAN, &scan_reason);
	t_ok = record_parse_with(&tree, line, len, RECORD_PATH_TREE, &tree_reason);
	a_ok = record_parse(&any, line, len, &any_reason);
	if (a_ok != t_ok || (!t_ok && strcmp(any_reason, tree_reason) != 0)) {
		fprintf(stderr, "record_parse() and jansson disagree (%s / %s): "
		    "%.*s\n", any_reason ? any_reason : "accepted",
		    tree_reason ? tree_reason : "accepted", (int)len, line);
		check_failures++;
	}
	if (s_ok) {
		scanned++;
		if (!t_ok) {
			fprintf(stderr, "scanner accepted what jansson rejects (%s): "
			    "%.*s\n", tree_reason, (int)len, line);
			check_failures++;
		} else if ((diff = record_differs(&scan, &tree)) != NULL ||
		    (diff = record_differs(&any, &tree)) != NULL) {
			fprintf(stderr, "scanner and jansson differ in %s: %.*s\n",
			    diff, (int)len, line);
			check_failures++;
		}
	} else if (scan_reason != NULL && (t_ok ||
	    strcmp(scan_reason, tree_reason) != 0)) {
		/* Only the shared pre-checks may give a reason on this path. */
		fprintf(stderr, "scanner reason \"%s\", jansson \"%s\": %.*s\n",
		    scan_reason, tree_reason ? tree_reason : "accepted", (int)len,
		    line);
		check_failures++;
	}
	free(scan_reason);
	free(tree_reason);
	free(any_reason);
	return s_ok;
}

static bool
check_str(const char *line)
{
	return check_line(line, strlen(line));
}

/* xorshift64*: the mutations are the same on every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

/* Bits of JSON and of this schema that make a line interesting. */
static const char *const splices[] = {
	"\"", "\\", "{", "}", "[", "]", ",", ":", " ", "\t", "-", ".", "e",
	"E", "+", "0", "1", "9", "n", "null", "true", "false", "\x01", "\x7f",
	"\xc3\xa9", "\\u0000", "\\ud800", "\\n", "\\\"", "1e400", "-0", "-0.0",
	"01", "1.", ".5", "1e", "100.00000000000000001", "99.98278045654297",
	"9223372036854775808", "-9223372036854775809", "123456789012345678",
	"1234567890123456789", "1E2", "1e-5", "0.1e+1", "4.9e-324", "1e308",
	"2.2250738585072011e-308", "\"uuid\":\"dup\",", "\"timestamp\":null,",
	"\"brands\":[\"A\"],", "\"images\":[],", "\"boxes\":null,", "\"box\":{},",
	"\"name\":\"\",", "\"confidence\":100.0,", "\"confidence\":-0.0,",
	"\"bytes\":1.0,", "\"width\":-1,", "\"labels\":null,", "\"x\":[[[]]],",
	"\"left\":1,", "\"text\":[],", "{\"a\":{}}",
};

/* One mutation of src into dst: cut, insert, or splice over a span. */
static void
mutate(struct buf *dst, const char *src, size_t len)
{
	size_t at = len > 0 ? (size_t)(rng() % len) : 0;
	size_t span = (size_t)(rng() % 8);
	const char *piece = splices[rng() % (sizeof splices / sizeof *splices)];

	dst->len = 0;
	if (at + span > len)
		span = len - at;
	buf_add(dst, src, at);
	switch (rng() % 3) {
	case 0: /* cut */
		buf_add(dst, src + at + span, len - at - span);
		break;
	case 1: /* insert */
		buf_adds(dst, piece);
		buf_add(dst, src + at, len - at);
		break;
	default: /* replace */
		buf_adds(dst, piece);
		buf_add(dst, src + at + span, len - at - span);
	}
}

/* Numbers the scanner must read exactly as strtod()/strtoll() do. */
static void
check_numbers(void)
{
	static const char *const nums[] = {
		"0", "-0", "0.0", "-0.0", "1", "100", "100.0", "99.98",
		"99.98278045654297", "0.16210000000000002", "1e2", "1E2", "1e+2",
		"1.5e1", "5e-1", "0.1", "0.3", "0.7", "2.675", "1e-7", "1e22",
		"1e23", "9007199254740993", "9007199254740993.0", "4.35", "33.33",
		"0.000001", "1e-22", "1e-23", "123456789012345.6", "12345678901234567.8",
		"4.9e-324", "2.2250738585072011e-308", "50", "49.99999999999999",
		"50.00000000000001", "1.7976931348623157e308",
	};
	struct buf b;
	struct record r;

	buf_init(&b);
	record_init(&r);
	for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
		char *reason = NULL;
		/* jansson's reading: strtoll() without '.', 'e' or 'E'. */
		double want = strpbrk(nums[i], ".eE") != NULL ?
		    strtod(nums[i], NULL) : (double)strtoll(nums[i], NULL, 10);

		b.len = 0;
		buf_addf(&b, "{\"uuid\":\"n\",\"timestamp\":\"2024-01-01T00:00:00Z\","
		    "\"images\":[{\"labels\":[{\"name\":\"x\",\"confidence\":%s,"
		    "\"boxes\":[{\"left\":%s,\"top\":0,\"width\":1,\"height\":1}]}]}]}",
		    nums[i], nums[i]);
		check_line(b.data, b.len);
		if (want > 100)
			continue;
		/* Within [0, 100] and not past the scanner's limits: its yes. */
		if (!record_parse_with(&r, b.data, b.len, RECORD_PATH_SCAN,
		    &reason)) {
			fprintf(stderr, "scanner not sure of number %s\n", nums[i]);
			check_failures++;
		} else if (r.nlabels != 1 || memcmp(&r.labels[0].confidence, &want,
		    sizeof want) != 0) {
			fprintf(stderr, "number %s read as %.17g, strtod says %.17g\n",
			    nums[i], r.nlabels ? r.labels[0].confidence : NAN, want);
			check_failures++;
		}
		free(reason);
	}
	record_fini(&r);
	buf_fini(&b);
}

#define R(extra) "{\"uuid\":\"a1\",\"timestamp\":\"2024-01-01T00:00:00Z\"" extra "}"

int
main(void)
{
	struct buf line, mut;
	size_t generated = 0, gen_scanned, mutated_scanned;

	buf_init(&line);
	buf_init(&mut);

	/* Generated records: all valid, nearly all the scanner's. */
	for (uint64_t seed = 1; seed <= 2; seed++) {
		for (uint64_t i = 0; i < 400; i++) {
			line.len = 0;
			gen_record_line(seed, i, &line);
			if (check_line(line.data, line.len - 1))
				generated++;
		}
	}
	gen_scanned = generated;
	if (gen_scanned < 800 * 99 / 100) {
		fprintf(stderr, "the scanner took %zu of 800 generated lines\n",
		    gen_scanned);
		check_failures++;
	}

	/* Mutations of them: 80 lines, 100 mutations each, a third twice. */
	scanned = 0;
	for (uint64_t i = 0; i < 80; i++) {
		line.len = 0;
		gen_record_line(7, i, &line);
		line.len--;
		for (int m = 0; m < 100; m++) {
			mutate(&mut, line.data, line.len);
			check_line(mut.data, mut.len);
			if (m % 3 == 0) {
				struct buf twice;
				buf_init(&twice);
				mutate(&twice, mut.data, mut.len);
				check_line(twice.data, twice.len);
				buf_fini(&twice);
			}
		}
	}
	mutated_scanned = scanned;
	/* Many mutations keep a line valid (a digit, a space): they must be taken. */
	if (mutated_scanned < 1000) {
		fprintf(stderr, "only %zu mutated lines were scanned\n",
		    mutated_scanned);
		check_failures++;
	}

	/* Corners of JSON and of the schema. */
	check_str(R(""));
	check_str(" \t" R("") " \r");
	check_str(R(",\"uuid\":\"b2\""));               /* duplicate: last wins */
	check_str(R(",\"brands\":[\"A\"],\"brands\":[\"B\"]"));
	check_str(R(",\"brands\":[\"\",\"Zara\",\"\"]"));
	check_str(R(",\"brands\":null,\"images\":null"));
	/* Escapes the scanner decodes, several per record. */
	CHECK(check_str(R(",\"brands\":[\"Caf\\u00e9\",\"The \\\"Kooples\\\"\"],"
	    "\"images\":[{\"path\":\"a\\/b\\\\c\",\"labels\":[{\"name\":\"\\ud83d\\ude00 "
	    "\\t\\n\\r\\b\\f\",\"confidence\":1}],\"text\":[{\"text\":\"\\u00E9\\u4e2d\","
	    "\"confidence\":2}]}]")));
	/* Escapes that are errors or that jansson reads otherwise. */
	check_str(R(",\"brands\":[\"\\ud800\"]"));
	check_str(R(",\"brands\":[\"\\udc00x\"]"));
	check_str(R(",\"brands\":[\"\\ud800\\u0041\"]"));
	check_str(R(",\"brands\":[\"\\x41\"]"));
	check_str(R(",\"brands\":[\"\\u12G4\"]"));
	check_str(R(",\"brands\":[\"\\u12\"]"));
	check_str(R(",\"bra\\u006eds\":[\"A\"]"));
	check_str(R(",\"brands\":[\"Caf\xc3\xa9\"]"));
	check_str(R(",\"brands\":[\"a\\u0000b\"]"));
	check_str(R(",\"extra\":{\"deep\":[[[[{\"x\":[1,2e5,true,false,null]}]]]]}"));
	check_str(R(",\"images\":[{\"labels\":[{\"name\":\"x\",\"confidence\":50,"
	    "\"box\":5}],\"text\":[{\"text\":\"t\",\"confidence\":1,\"boxes\":5}]}]"));
	check_str(R(",\"images\":[{\"labels\":[{\"name\":\"x\",\"confidence\":50,"
	    "\"boxes\":[{\"left\":0,\"top\":0,\"width\":1,\"height\":1,"
	    "\"left\":2}]}]}]"));
	check_str(R(",\"images\":[{\"bytes\":0,\"width\":-0,\"height\":null}]"));
	check_str(R(",\"images\":[{\"path\":null,\"name\":null}]"));
	check_str(R(",\"images\":[{\"path\":\"a\"},{\"path\":\"\"},{}]"));
	check_str(R("") "x");
	check_str(R("") "{}");
	check_str("[]");
	check_str("{\"uuid\":\"a\"}");
	check_str("{\"uuid\":\"a\",\"timestamp\":\"2024-01-01T00:00:00+14:00\"}");
	check_str("{\"uuid\":\"a\",\"timestamp\":\"9999-12-31T23:59:59-01:00\"}");
	check_str("{\"uuid\":\"a b\",\"timestamp\":\"2024-01-01T00:00:00Z\"}");
	check_str("{\"uuid\":\"\",\"timestamp\":\"2024-01-01T00:00:00Z\"}");
	check_str("{\"uuid\" : \"a\" , \"timestamp\" : \"2024-01-01T00:00:00Z\" }");
	check_str("{\"uuid\":\"a\",\"timestamp\":\"2024-01-01T00:00:00Z\",}");
	check_str("{,\"uuid\":\"a\",\"timestamp\":\"2024-01-01T00:00:00Z\"}");
	check_numbers();

	fprintf(stderr, "%zu lines; the scanner took %zu of 800 generated and "
	    "%zu mutated lines\n", lines_seen, gen_scanned, mutated_scanned);
	buf_fini(&line);
	buf_fini(&mut);
	CHECK_DONE();
}
