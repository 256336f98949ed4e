/*
 * test_json.c: the validating JSON reader of lib/base/json.c. verify reads the
 * details of custody events (untrusted: anyone with write access to
 * case.db can edit them) through it, so it must accept exactly RFC 8259
 * JSON, refuse every malformed document, cap nesting without exhausting
 * the stack, and look members up correctly.
 */
#include "testutil.h"
#include "json.h"

static bool
valid(const char *s)
{
	return custody_json_valid(s, strlen(s));
}

static void
test_valid_documents(void **state)
{
	static const char *const docs[] = {
		"{}",
		"[]",
		"0",
		"-0",
		"1",
		"-1",
		"123",
		"1.5",
		"-0.25",
		"1e10",
		"1E+10",
		"1.5e-3",
		"-12.5E+07",
		"true",
		"false",
		"null",
		"\"\"",
		"\"text\"",
		"\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u20AC\"",
		"\"caf\xc3\xa9 \xf0\x9f\x98\x80\"",
		"[1,2,3]",
		"[[],{},[[]]]",
		"{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}",
		" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n",
		"{\"\":0}",
		"{\"a\":1,\"a\":2}",
		"[\"\\u0000\"]",
		"\"\x7f\"",
		"{\"examiner\":\"A. N. Other\",\"key_id\":\"00ff\",\"size\":18446744073709551615}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (!valid(docs[i]))
			fail_msg("refused valid JSON: %s", docs[i]);
	}
}

/* Structural errors: unbalanced, missing or extra separators, bad
 * literals, trailing garbage, control characters, truncation. */
static void
test_malformed_structure(void **state)
{
	static const char *const docs[] = {
		"",
		" ",
		"\n",
		"{",
		"}",
		"[",
		"]",
		"{]",
		"[}",
		"{\"a\"}",
		"{\"a\":}",
		"{\"a\" 1}",
		"{\"a\":1,}",
		"{,}",
		"{,\"a\":1}",
		"[1,]",
		"[,1]",
		"[,]",
		"[1 2]",
		"[1,,2]",
		"{\"a\":1 \"b\":2}",
		"{a:1}",
		"{1:1}",
		"{null:1}",
		"['x']",
		"'x'",
		"\"unterminated",
		"\"a\\\"",
		"[\"a\"\"b\"]",
		"tru",
		"nul",
		"fals",
		"True",
		"NULL",
		"truex",
		"[truex]",
		"1 2",
		"{} {}",
		"{}x",
		"[]]",
		"{\"a\":1}}",
		"+1",
		".5",
		"NaN",
		"Infinity",
		"-Infinity",
		"\"tab\there\"",
		"\"nl\nhere\"",
		"\"ctl\x01\"",
		"\"\x1f\"",
		"{\"a\":[1,2}",
		"[{]}",
		"\"\\",
		"\"\\u",
		"/* c */ 1",
		"[1]// c",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (valid(docs[i]))
			fail_msg("accepted malformed JSON: [%s]", docs[i]);
	}
	/* A NUL inside the given length is not whitespace. */
	assert_false(custody_json_valid("{}\0", 3));
	assert_false(custody_json_valid("[1,\0 2]", 7));
	/* The length bounds the document: a valid prefix of a longer buffer
	 * is judged alone, and a cut document is refused. */
	assert_true(custody_json_valid("[1]garbage", 3));
	assert_false(custody_json_valid("{\"a\":1}", 6));
	assert_false(custody_json_valid("\"abc\"", 4));
	assert_false(custody_json_valid("true", 3));
	assert_false(custody_json_valid(NULL, 0));
}

/*
 * Was a bug: lib/base/json.c skip_value() accepts any run of [0-9+-.eE] after a
 * leading '-' or digit as a number, so "-", "1.2.3", "01", "1e", "1-2",
 * "--1", "1.", "1e+" and "0x10"'s prefix forms pass custody_json_valid().
 * RFC 8259 6: number = [ minus ] int [ frac ] [ exp ], int = zero /
 * digit1-9 *DIGIT, frac = "." 1*DIGIT, exp = e [ minus / plus ] 1*DIGIT.
 */
static void
test_malformed_numbers(void **state)
{
	static const char *const docs[] = {
		"-",
		"--1",
		"1-2",
		"1.2.3",
		"01",
		"-01",
		"00",
		"1.",
		"-.5",
		"1e",
		"1e+",
		"1E-",
		"1e1.5",
		"1+",
		"[-]",
		"{\"a\":1.}",
		"[01]",
		"1ee5",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (valid(docs[i]))
			fail_msg("accepted malformed number: [%s]", docs[i]);
	}
}

/*
 * Was a bug: lib/base/json.c skip_string() accepts a backslash followed by any byte,
 * so invalid escapes ("\x", "\a", "\'", "\0") and short or non-hex \u
 * escapes ("\u12", "\u12G4") pass custody_json_valid(), while
 * custody_json_string() refuses the same text. The validator and the
 * decoder disagree about what a string is.
 */
static void
test_malformed_escapes(void **state)
{
	static const char *const docs[] = {
		"\"\\x\"",
		"\"\\a\"",
		"\"\\'\"",
		"\"\\0\"",
		"\"\\u\"",
		"\"\\u12\"",
		"\"\\u12G4\"",
		"\"\\uZZZZ\"",
		"\"\\U00e9\"",
		"[\"\\q\"]",
		"\"\\\x01\"",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (valid(docs[i]))
			fail_msg("accepted malformed escape: [%s]", docs[i]);
	}
}

/*
 * Was a bug: lib/base/json.c skip_string() does not check UTF-8, so strings with
 * bytes that are not UTF-8 (0xff, a lone continuation byte, overlong
 * forms, encoded surrogates) pass custody_json_valid(). RFC 8259 8.1:
 * JSON text exchanged between systems MUST be UTF-8; custody itself never
 * writes such bytes (custody_buf_json_str replaces them with U+FFFD), so
 * details holding them were not written by custody.
 */
static void
test_invalid_utf8_in_strings(void **state)
{
	static const char *const docs[] = {
		"\"\xff\"",
		"\"\x80\"",
		"\"\xc0\xaf\"",
		"\"\xed\xa0\x80\"",
		"\"\xc3\"",
		"{\"a\xfe\":1}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (valid(docs[i]))
			fail_msg("accepted invalid UTF-8 in document %zu", i);
	}
}

/* n nested arrays, with a 1 in the middle. Caller frees. */
static char *
nested(size_t n, char open, char close)
{
	char *s = malloc(2 * n + 2);
	size_t i;

	assert_non_null(s);
	for (i = 0; i < n; i++)
		s[i] = open;
	s[n] = '1';
	for (i = 0; i < n; i++)
		s[n + 1 + i] = close;
	s[2 * n + 1] = '\0';
	return s;
}

static void
test_depth_limit(void **state)
{
	char *s;
	size_t n;

	(void)state;
	/* JSON_MAX_DEPTH is 32: 32 nested containers are fine */
	s = nested(32, '[', ']');
	assert_true(valid(s));
	free(s);
	/* far past the cap: refused, and without recursing that deep (a
	 * million levels would overflow the stack of a naive reader) */
	for (n = 64; n <= 1000000; n *= 125) {
		s = nested(n, '[', ']');
		assert_false(valid(s));
		free(s);
	}
	/* objects count as depth too */
	{
		struct custody_buf b;
		size_t i;

		custody_buf_init(&b, 1u << 20);
		for (i = 0; i < 200; i++)
			assert_int_equal(
			    custody_buf_addstr(&b, "{\"a\":"), CUSTODY_OK);
		assert_int_equal(custody_buf_addstr(&b, "1"), CUSTODY_OK);
		for (i = 0; i < 200; i++)
			assert_int_equal(
			    custody_buf_addstr(&b, "}"), CUSTODY_OK);
		assert_false(valid(b.data));
		custody_buf_release(&b);
	}
	/* an unbalanced million opening brackets */
	s = malloc(1000001);
	assert_non_null(s);
	memset(s, '[', 1000000);
	s[1000000] = '\0';
	assert_false(valid(s));
	free(s);
}

static void
test_member_lookup(void **state)
{
	static const char doc[] =
	    "{ \"size\" : 1234 , \"name\":\"a\\\"b\", \"nested\":{\"size\":5},\"arr\":[1,{\"x\":2}],"
	    "\"k\\u0065y\":\"escaped key\",\"neg\":-77,\"t\":true}";
	struct custody_reader v;
	char buf[64];
	int64_t i64 = 0;

	(void)state;
	assert_true(valid(doc));
	assert_true(custody_json_member(doc, strlen(doc), "size", &v));
	assert_int_equal(custody_reader_left(&v), 4);
	assert_memory_equal(custody_reader_ptr(&v), "1234", 4);
	assert_true(custody_json_member(doc, strlen(doc), "nested", &v));
	assert_int_equal(custody_reader_left(&v), strlen("{\"size\":5}"));
	assert_memory_equal(
	    custody_reader_ptr(&v), "{\"size\":5}", custody_reader_left(&v));
	assert_true(custody_json_member(doc, strlen(doc), "arr", &v));
	assert_memory_equal(
	    custody_reader_ptr(&v), "[1,{\"x\":2}]", custody_reader_left(&v));
	/* keys are compared unescaped */
	assert_true(custody_json_get_string(doc, "key", buf, sizeof(buf)));
	assert_string_equal(buf, "escaped key");
	/* only top-level members are found */
	assert_false(custody_json_member(doc, strlen(doc), "x", &v));
	assert_false(custody_json_member(doc, strlen(doc), "missing", &v));
	assert_false(custody_json_member(doc, strlen(doc), "siz", &v));

	assert_true(custody_json_get_int(doc, "size", &i64));
	assert_int_equal(i64, 1234);
	assert_true(custody_json_get_int(doc, "neg", &i64));
	assert_int_equal(i64, -77);
	assert_false(custody_json_get_int(doc, "name", &i64));
	assert_false(custody_json_get_int(doc, "t", &i64));
	assert_true(custody_json_get_string(doc, "name", buf, sizeof(buf)));
	assert_string_equal(buf, "a\"b");
	assert_false(custody_json_get_string(doc, "size", buf, sizeof(buf)));
	assert_true(custody_json_get_object(doc, "nested", buf, sizeof(buf)));
	assert_string_equal(buf, "{\"size\":5}");
	assert_false(custody_json_get_object(doc, "arr", buf, sizeof(buf)));
	assert_false(
	    custody_json_get_object(doc, "nested", buf, 5)); /* does not fit */

	/* not an object, or an empty one */
	assert_false(custody_json_member("[1]", 3, "a", &v));
	assert_false(custody_json_member("{}", 2, "a", &v));
	assert_false(custody_json_member("\"a\"", 3, "a", &v));
	/* a malformed document yields nothing, even for a key before the error */
	assert_false(custody_json_get_int("{\"a\":1,\"b\":}", "b", &i64));
}

/* custody_json_members: every key in one pass, the first occurrence of a
 * repeated one, escaped names, and anything but one object refused. */
static void
test_members_in_one_pass(void **state)
{
	static const char *const keys[] = { "a", "b", "c", "d" };
	static const char doc[] =
	    " {\"b\": [1, {\"a\": 9}], \"\\u0061\":\"x\", \"a\": 2,"
	    " \"long-name-no-key\": null} ";
	struct custody_reader v[4];
	bool found[4];

	(void)state;
	assert_true(custody_json_members(doc, strlen(doc), keys, 4, v, found));
	assert_true(found[0] && found[1] && !found[2] && !found[3]);
	assert_int_equal(custody_reader_left(&v[0]), 3);
	assert_memory_equal(
	    custody_reader_ptr(&v[0]), "\"x\"", 3); /* "\u0061" is "a", first */
	assert_int_equal(custody_reader_left(&v[1]), 13);
	assert_true(custody_json_members("{}", 2, keys, 4, v, found));
	assert_false(found[0]);
	assert_false(custody_json_members("{} x", 4, keys, 4, v, found));
	assert_false(custody_json_members("[1]", 3, keys, 4, v, found));
	assert_false(custody_json_members("{\"a\":1,}", 8, keys, 4, v, found));
	assert_false(custody_json_members("{\"a\":01}", 8, keys, 4, v, found));
	assert_false(custody_json_members("{\"a\" 1}", 7, keys, 4, v, found));
}

static void
test_get_int_bounds(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_true(
	    custody_json_get_int("{\"a\":9223372036854775807}", "a", &v));
	assert_true(v == INT64_MAX);
	assert_false(
	    custody_json_get_int("{\"a\":9223372036854775808}", "a", &v));
	assert_false(
	    custody_json_get_int("{\"a\":99999999999999999999999}", "a", &v));
	assert_true(
	    custody_json_get_int("{\"a\":-9223372036854775807}", "a", &v));
	assert_true(v == -INT64_MAX);
	assert_true(custody_json_get_int("{\"a\":0}", "a", &v));
	assert_int_equal(v, 0);
	assert_false(custody_json_get_int("{\"a\":1.5}", "a", &v));
	assert_false(custody_json_get_int("{\"a\":1e3}", "a", &v));
	assert_false(custody_json_get_int("{\"a\":\"12\"}", "a", &v));
	assert_false(custody_json_get_int("{\"a\":null}", "a", &v));
}

static void
test_string_decode(void **state)
{
	struct custody_reader r;
	char out[32];
	size_t n = 0;

	(void)state;
	{
		static const char lit[] = "\"\\u00e9\\u20ac\\u0041\\n\"rest";

		custody_reader_init(&r, lit, strlen(lit));
	}
	assert_true(custody_json_string(&r, out, sizeof(out), &n));
	assert_int_equal(n, 2 + 3 + 1 + 1);
	assert_memory_equal(out,
	    "\xc3\xa9\xe2\x82\xac"
	    "A\n",
	    n);
	assert_int_equal(out[n], '\0');
	assert_int_equal(
	    custody_reader_left(&r), 4); /* stops after the quote */

	/* too long for out: refused rather than truncated */
	custody_reader_init(&r, "\"abcdef\"", 8);
	assert_false(custody_json_string(&r, out, 6, &n));
	custody_reader_init(&r, "\"abcde\"", 7);
	assert_true(custody_json_string(&r, out, 6, &n));
	assert_string_equal(out, "abcde");
	custody_reader_init(&r, "\"a\"", 3);
	assert_false(custody_json_string(&r, out, 0, &n));
	/* unterminated, bad escapes, lone surrogates: refused */
	custody_reader_init(&r, "\"abc", 4);
	assert_false(custody_json_string(&r, out, sizeof(out), &n));
	custody_reader_init(&r, "\"\\x\"", 4);
	assert_false(custody_json_string(&r, out, sizeof(out), &n));
	custody_reader_init(&r, "\"\\u12\"", 6);
	assert_false(custody_json_string(&r, out, sizeof(out), &n));
	custody_reader_init(&r, "\"\\ud800\"", 8);
	assert_false(custody_json_string(&r, out, sizeof(out), &n));
	custody_reader_init(&r, "abc", 3);
	assert_false(custody_json_string(&r, out, sizeof(out), &n));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_documents),
		cmocka_unit_test(test_malformed_structure),
		cmocka_unit_test(test_malformed_numbers),
		cmocka_unit_test(test_malformed_escapes),
		cmocka_unit_test(test_invalid_utf8_in_strings),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_member_lookup),
		cmocka_unit_test(test_members_in_one_pass),
		cmocka_unit_test(test_get_int_bounds),
		cmocka_unit_test(test_string_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
