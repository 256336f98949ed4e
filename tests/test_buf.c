/*
 * test_buf.c: struct custody_buf (lib/base/buf.c): growth under a hard cap,
 * NUL termination, printf, and the JSON string writer (RFC 8259 escapes,
 * control characters, invalid UTF-8 replaced by U+FFFD).
 */
#include <limits.h>

#include "testutil.h"
#include "json.h"

static void
test_init_empty(void **state)
{
	struct custody_buf b;

	(void)state;
	custody_buf_init(&b, 100);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.limit, 100);
	custody_buf_reset(&b); /* reset of an empty buffer is fine */
	assert_int_equal(custody_buf_add(&b, "", 0), CUSTODY_OK);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	custody_buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.limit, 100); /* release keeps the limit for reuse */
	custody_buf_release(&b);        /* twice is harmless */
}

/* custody_buf_int() against printf's %lld: the ends of the range, each
 * power of ten and one less, and a value over the limit refused whole. */
static void
test_int(void **state)
{
	long long v[64] = { 0, -1, LLONG_MAX, LLONG_MIN, LLONG_MIN + 1 };
	size_t n = 5, i;
	long long p;
	struct custody_buf b;
	char want[64];

	(void)state;
	for (p = 1; p <= LLONG_MAX / 10; p *= 10) {
		v[n++] = p;
		v[n++] = -(p * 10 - 1);
	}
	for (i = 0; i < n; i++) {
		custody_buf_init(&b, 64);
		assert_int_equal(
		    custody_buf_int(&b, ",\"n\":", v[i]), CUSTODY_OK);
		snprintf(want, sizeof(want), ",\"n\":%lld", v[i]);
		assert_string_equal(b.data, want);
		custody_buf_release(&b);
	}
	custody_buf_init(&b, 5);
	assert_int_equal(custody_buf_int(&b, "", 12345), CUSTODY_OK);
	assert_int_equal(custody_buf_int(&b, "", 6), CUSTODY_ERR_LIMIT);
	assert_string_equal(b.data, "12345");
	custody_buf_release(&b);
}

static void
test_growth(void **state)
{
	struct custody_buf b;
	char expect[10001];
	size_t i;

	(void)state;
	custody_buf_init(&b, 1u << 20);
	for (i = 0; i < 10000; i++) {
		char c = (char)('a' + i % 26);

		expect[i] = c;
		assert_int_equal(custody_buf_add(&b, &c, 1), CUSTODY_OK);
		assert_int_equal(b.len, i + 1);
		assert_true(b.cap > b.len); /* room for the NUL */
		assert_int_equal(b.data[b.len], '\0');
	}
	expect[10000] = '\0';
	assert_string_equal(b.data, expect);
	assert_int_equal(strlen(b.data), 10000);

	/* one large append past the current capacity */
	{
		char *big = malloc(300000);

		assert_non_null(big);
		memset(big, 'Z', 300000);
		assert_int_equal(custody_buf_add(&b, big, 300000), CUSTODY_OK);
		assert_int_equal(b.len, 310000);
		assert_memory_equal(b.data, expect, 10000);
		assert_memory_equal(b.data + 10000, big, 300000);
		assert_int_equal(b.data[310000], '\0');
		free(big);
	}
	custody_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(custody_buf_addstr(&b, "again"), CUSTODY_OK);
	assert_string_equal(b.data, "again");
	custody_buf_release(&b);
}

static void
test_limit(void **state)
{
	struct custody_buf b;

	(void)state;
	custody_buf_init(&b, 8);
	assert_int_equal(custody_buf_addstr(&b, "12345678"),
	    CUSTODY_OK); /* exactly the cap */
	assert_int_equal(b.len, 8);
	assert_int_equal(custody_buf_add(&b, "9", 1), CUSTODY_ERR_LIMIT);
	assert_int_equal(b.len, 8); /* unchanged */
	assert_string_equal(b.data, "12345678");
	assert_int_equal(custody_buf_add(&b, "", 0), CUSTODY_OK);

	custody_buf_reset(&b);
	assert_int_equal(
	    custody_buf_addstr(&b, "123456789"), CUSTODY_ERR_LIMIT);
	assert_int_equal(b.len, 0);
	/* a length that would wrap len + n */
	assert_int_equal(custody_buf_addstr(&b, "ab"), CUSTODY_OK);
	assert_int_equal(custody_buf_add(&b, "x", SIZE_MAX), CUSTODY_ERR_LIMIT);
	assert_int_equal(
	    custody_buf_add(&b, "x", SIZE_MAX - 1), CUSTODY_ERR_LIMIT);
	assert_int_equal(b.len, 2);
	/* printf is capped too */
	assert_int_equal(
	    custody_buf_printf(&b, "%d", 1234567), CUSTODY_ERR_LIMIT);
	assert_string_equal(b.data, "ab");
	assert_int_equal(custody_buf_printf(&b, "%d", 123456), CUSTODY_OK);
	assert_string_equal(b.data, "ab123456");
	/* the JSON writer is capped: "ab" + quotes would need 4 more bytes */
	custody_buf_reset(&b);
	assert_int_equal(custody_buf_addstr(&b, "1234"), CUSTODY_OK);
	assert_int_equal(custody_buf_json_str(&b, "abc", 3), CUSTODY_ERR_LIMIT);
	custody_buf_release(&b);

	custody_buf_init(&b, 0);
	assert_int_equal(custody_buf_add(&b, "a", 1), CUSTODY_ERR_LIMIT);
	custody_buf_release(&b);
}

static void
test_printf(void **state)
{
	struct custody_buf b;
	char expect[64];

	(void)state;
	custody_buf_init(&b, 4096);
	assert_int_equal(
	    custody_buf_printf(&b, "%s=%d", "seq", 42), CUSTODY_OK);
	assert_int_equal(
	    custody_buf_printf(&b, ",%llu", 18446744073709551615ull),
	    CUSTODY_OK);
	snprintf(
	    expect, sizeof(expect), "seq=%d,%llu", 42, 18446744073709551615ull);
	assert_string_equal(b.data, expect);
	assert_int_equal(b.len, strlen(expect));
	assert_int_equal(custody_buf_printf(&b, "%s", ""), CUSTODY_OK);
	assert_int_equal(b.len, strlen(expect));
	/* a long one that forces growth in the middle of printf */
	{
		char big[3000];

		memset(big, 'q', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(
		    custody_buf_printf(&b, "[%s]", big), CUSTODY_OK);
		assert_int_equal(b.len, strlen(expect) + 3001);
		assert_int_equal(b.data[strlen(expect)], '[');
		assert_int_equal(b.data[b.len - 1], ']');
		assert_int_equal(b.data[b.len], '\0');
	}
	custody_buf_release(&b);
}

/* The JSON text of s[0..n) as custody writes it. Caller frees. */
static char *
json(const char *s, size_t n)
{
	struct custody_buf b;

	custody_buf_init(&b, 1u << 20);
	assert_int_equal(custody_buf_json_str(&b, s, n), CUSTODY_OK);
	return b.data;
}

#define JSON_IS(in, n, want)                                                   \
	do {                                                                   \
		char *got_ = json((in), (n));                                  \
		assert_string_equal(got_, want);                               \
		free(got_);                                                    \
	} while (0)

static void
test_json_basic_escapes(void **state)
{
	(void)state;
	JSON_IS("", 0, "\"\"");
	JSON_IS("plain text", 10, "\"plain text\"");
	JSON_IS("a\"b", 3, "\"a\\\"b\"");
	JSON_IS("a\\b", 3, "\"a\\\\b\"");
	JSON_IS("l1\nl2\r\tx", 8, "\"l1\\nl2\\r\\tx\"");
	JSON_IS("/", 1, "\"/\""); /* solidus needs no escape */
	/* only n bytes are written, not up to the NUL */
	JSON_IS("abcdef", 3, "\"abc\"");
}

static void
test_json_control_chars(void **state)
{
	char in[1], want[16];
	unsigned c;

	(void)state;
	/* every C0 control is escaped; \n \r \t use their short forms, the
	 * rest \u00XX (RFC 8259 7), and DEL is escaped too */
	for (c = 0; c < 0x20; c++) {
		in[0] = (char)c;
		if (c == '\n')
			snprintf(want, sizeof(want), "\"\\n\"");
		else if (c == '\r')
			snprintf(want, sizeof(want), "\"\\r\"");
		else if (c == '\t')
			snprintf(want, sizeof(want), "\"\\t\"");
		else
			snprintf(want, sizeof(want), "\"\\u%04x\"", c);
		JSON_IS(in, 1, want);
	}
	JSON_IS("\x7f", 1, "\"\\u007f\"");
	/* an embedded NUL is data, not the end */
	JSON_IS("a\0b", 3, "\"a\\u0000b\"");
}

static void
test_json_valid_utf8_kept(void **state)
{
	(void)state;
	JSON_IS("caf\xc3\xa9", 5, "\"caf\xc3\xa9\"");           /* U+00E9 */
	JSON_IS("\xe2\x82\xac", 3, "\"\xe2\x82\xac\"");         /* U+20AC */
	JSON_IS("\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\""); /* U+1F600 */
	JSON_IS("\xc2\x80", 2, "\"\xc2\x80\""); /* U+0080, smallest 2-byte */
	JSON_IS("\xef\xbf\xbf", 3, "\"\xef\xbf\xbf\""); /* U+FFFF */
	JSON_IS("\xf4\x8f\xbf\xbf", 4,
	    "\"\xf4\x8f\xbf\xbf\""); /* U+10FFFF, the last */
	JSON_IS("\xed\x9f\xbf", 3,
	    "\"\xed\x9f\xbf\""); /* U+D7FF, before surrogates */
}

static void
test_json_invalid_utf8_replaced(void **state)
{
	(void)state;
	/* a lone continuation byte, and bytes never valid in UTF-8 */
	JSON_IS("\x80", 1, "\"\\ufffd\"");
	JSON_IS("\xff", 1, "\"\\ufffd\"");
	JSON_IS("\xfe", 1, "\"\\ufffd\"");
	/* overlong forms: C0/C1 leads, E0 80..9F, F0 80..8F */
	JSON_IS("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");
	JSON_IS("\xc1\xbf", 2, "\"\\ufffd\\ufffd\"");
	JSON_IS("\xe0\x80\xaf", 3, "\"\\ufffd\\ufffd\\ufffd\"");
	JSON_IS("\xf0\x80\x80\xaf", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	/* UTF-16 surrogates encoded in UTF-8 (CESU) */
	JSON_IS("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");
	JSON_IS("\xed\xbf\xbf", 3, "\"\\ufffd\\ufffd\\ufffd\"");
	/* past U+10FFFF */
	JSON_IS("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	JSON_IS("\xf5\x80\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	/* truncated sequences: at the end of input, and before ASCII */
	JSON_IS("ab\xe2\x82", 4, "\"ab\\ufffd\\ufffd\"");
	JSON_IS("\xc3", 1, "\"\\ufffd\"");
	JSON_IS("\xc3x", 2, "\"\\ufffdx\"");
	JSON_IS("\xf0\x9f\x98", 3, "\"\\ufffd\\ufffd\\ufffd\"");
	/* a valid char right after an invalid byte survives */
	JSON_IS("\xff\xc3\xa9", 3, "\"\\ufffd\xc3\xa9\"");
	/* the multi-byte check must not look past n even when the next byte
	 * in memory would complete the sequence */
	JSON_IS("\xc3\xa9", 1, "\"\\ufffd\"");
}

/* Whatever the input bytes, the output must be accepted by the JSON
 * reader and decode back to the input when the input was valid UTF-8
 * without controls the reader cannot return. */
static void
test_json_round_trip_through_reader(void **state)
{
	static const char *const inputs[] = { "simple", "quote\" back\\slash",
		"tab\tnl\ncr\r", "caf\xc3\xa9 \xe2\x82\xac", "ctl\x01\x1f",
		"" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		char *j = json(inputs[i], strlen(inputs[i]));
		struct custody_reader r;
		char out[256];
		size_t n = 0;

		assert_true(custody_json_valid(j, strlen(j)));
		custody_reader_init(&r, j, strlen(j));
		assert_true(custody_json_string(&r, out, sizeof(out), &n));
		assert_int_equal(n, strlen(inputs[i]));
		assert_memory_equal(out, inputs[i], n);
		assert_int_equal(custody_reader_left(&r), 0);
		free(j);
	}
	/* all 256 byte values in one string: output is valid JSON */
	{
		char all[256];
		char *j;

		for (i = 0; i < 256; i++)
			all[i] = (char)i;
		j = json(all, sizeof(all));
		assert_true(custody_json_valid(j, strlen(j)));
		free(j);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_json_basic_escapes),
		cmocka_unit_test(test_json_control_chars),
		cmocka_unit_test(test_json_valid_utf8_kept),
		cmocka_unit_test(test_json_invalid_utf8_replaced),
		cmocka_unit_test(test_json_round_trip_through_reader),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
