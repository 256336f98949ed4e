/*
 * test_reader.c: struct custody_reader (lib/base/reader.c), the bounds-checked
 * cursor every untrusted byte goes through. Each getter is tried with
 * exactly enough bytes, one byte too few and nothing at all; a failing
 * getter must leave the cursor (the offset errors report) where it was.
 * Expected values are computed here from the bytes, not taken from the
 * reader.
 */
#include "testutil.h"

static const uint8_t seq8[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd,
	0xef };

static void
test_init_and_empty(void **state)
{
	struct custody_reader r;
	uint8_t b = 0x55;
	uint16_t w = 0x5555;
	uint32_t d = 0x55555555;

	(void)state;
	custody_reader_init(&r, seq8, 0);
	assert_int_equal(custody_reader_left(&r), 0);
	assert_int_equal(custody_reader_offset(&r), 0);
	assert_false(custody_reader_u8(&r, &b));
	assert_false(custody_reader_be16(&r, &w));
	assert_false(custody_reader_le16(&r, &w));
	assert_false(custody_reader_be32(&r, &d));
	assert_false(custody_reader_le32(&r, &d));
	assert_false(custody_reader_peek(&r, &b));
	assert_false(custody_reader_at(&r, 0, &b));
	assert_true(custody_reader_skip(&r, 0));
	assert_false(custody_reader_skip(&r, 1));
	/* outputs untouched on failure */
	assert_int_equal(b, 0x55);
	assert_int_equal(w, 0x5555);
	assert_int_equal(d, 0x55555555);

	/* NULL data is an empty reader whatever len says. */
	custody_reader_init(&r, NULL, 100);
	assert_int_equal(custody_reader_left(&r), 0);
	assert_false(custody_reader_u8(&r, &b));
	assert_false(custody_reader_skip(&r, 1));
	/* and points somewhere: NULL + 0 is undefined, and an empty field
	 * (custody_csv_split's "a,") is compared through its pointer */
	assert_non_null(custody_reader_ptr(&r));
	assert_false(custody_reader_eq_nocase(&r, "A"));
	assert_true(custody_reader_eq_nocase(&r, ""));
}

static void
test_u8(void **state)
{
	struct custody_reader r;
	uint8_t b;
	size_t i;

	(void)state;
	custody_reader_init(&r, seq8, sizeof(seq8));
	for (i = 0; i < sizeof(seq8); i++) {
		assert_int_equal(custody_reader_offset(&r), i);
		assert_int_equal(custody_reader_left(&r), sizeof(seq8) - i);
		assert_true(custody_reader_u8(&r, &b));
		assert_int_equal(b, seq8[i]);
	}
	assert_false(custody_reader_u8(&r, &b));
	assert_int_equal(custody_reader_offset(&r), 8);
	assert_int_equal(custody_reader_left(&r), 0);
}

static void
test_be_le_16_32(void **state)
{
	struct custody_reader r;
	uint16_t w;
	uint32_t d;

	(void)state;
	custody_reader_init(&r, seq8, sizeof(seq8));
	assert_true(custody_reader_be16(&r, &w));
	assert_int_equal(w, 0x0123);
	assert_true(custody_reader_le16(&r, &w));
	assert_int_equal(w, 0x6745);
	assert_true(custody_reader_be32(&r, &d));
	assert_int_equal(d, 0x89abcdefu);
	assert_int_equal(custody_reader_offset(&r), 8);

	custody_reader_init(&r, seq8, sizeof(seq8));
	assert_true(custody_reader_le32(&r, &d));
	assert_int_equal(d, 0x67452301u);
	assert_true(custody_reader_be32(&r, &d));
	assert_int_equal(d, 0x89abcdefu);

	/* High bit set in the top byte: no sign extension. */
	{
		static const uint8_t ff[4] = { 0xff, 0xfe, 0xfd, 0xfc };

		custody_reader_init(&r, ff, 4);
		assert_true(custody_reader_be32(&r, &d));
		assert_int_equal(d, 0xfffefdfcu);
		custody_reader_init(&r, ff, 4);
		assert_true(custody_reader_le32(&r, &d));
		assert_int_equal(d, 0xfcfdfeffu);
		custody_reader_init(&r, ff, 2);
		assert_true(custody_reader_be16(&r, &w));
		assert_int_equal(w, 0xfffe);
	}
}

/* 64-bit values are read as two 32-bit halves (the reader has no u64
 * getter); the halves must combine to the value the bytes spell. */
static void
test_u64_from_halves(void **state)
{
	struct custody_reader r;
	uint32_t hi, lo;
	uint64_t v = 0;
	size_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		v = v << 8 | seq8[i];
	custody_reader_init(&r, seq8, 8);
	assert_true(custody_reader_be32(&r, &hi));
	assert_true(custody_reader_be32(&r, &lo));
	assert_true(((uint64_t)hi << 32 | lo) == v);

	v = 0;
	for (i = 8; i > 0; i--)
		v = v << 8 | seq8[i - 1];
	custody_reader_init(&r, seq8, 8);
	assert_true(custody_reader_le32(&r, &lo));
	assert_true(custody_reader_le32(&r, &hi));
	assert_true(((uint64_t)hi << 32 | lo) == v);

	/* 7 bytes: the second half does not fit and the cursor stays at 4. */
	custody_reader_init(&r, seq8, 7);
	assert_true(custody_reader_be32(&r, &hi));
	assert_false(custody_reader_be32(&r, &lo));
	assert_int_equal(custody_reader_offset(&r), 4);
}

/* Every multi-byte getter with one byte too few fails and does not move. */
static void
test_short_reads_do_not_move(void **state)
{
	struct custody_reader r;
	uint16_t w = 0;
	uint32_t d = 0;
	size_t start;

	(void)state;
	for (start = 0; start <= 8; start++) {
		custody_reader_init(&r, seq8, sizeof(seq8));
		assert_true(custody_reader_skip(&r, start));
		if (8 - start < 2) {
			assert_false(custody_reader_be16(&r, &w));
			assert_false(custody_reader_le16(&r, &w));
		}
		if (8 - start < 4) {
			assert_false(custody_reader_be32(&r, &d));
			assert_false(custody_reader_le32(&r, &d));
		}
		assert_int_equal(custody_reader_offset(&r), start);
		assert_int_equal(custody_reader_left(&r), 8 - start);
	}
	/* A reader over 3 bytes of a larger buffer must not see the 4th. */
	custody_reader_init(&r, seq8, 3);
	assert_false(custody_reader_be32(&r, &d));
	assert_false(custody_reader_le32(&r, &d));
	assert_int_equal(custody_reader_offset(&r), 0);
	assert_int_equal(d, 0);
}

static void
test_skip_seek_at_peek(void **state)
{
	struct custody_reader r;
	uint8_t b;

	(void)state;
	custody_reader_init(&r, seq8, sizeof(seq8));
	assert_true(custody_reader_skip(&r, 3));
	assert_int_equal(custody_reader_offset(&r), 3);
	assert_true(custody_reader_peek(&r, &b));
	assert_int_equal(b, seq8[3]);
	assert_int_equal(
	    custody_reader_offset(&r), 3); /* peek does not consume */
	assert_ptr_equal(custody_reader_ptr(&r), seq8 + 3);
	assert_false(custody_reader_skip(&r, 6));
	assert_int_equal(custody_reader_offset(&r), 3);
	/* Sizes that would wrap off + n around must fail, not succeed. */
	assert_false(custody_reader_skip(&r, SIZE_MAX));
	assert_false(custody_reader_skip(&r, SIZE_MAX - 2));
	assert_int_equal(custody_reader_offset(&r), 3);
	assert_true(custody_reader_skip(&r, 5));
	assert_int_equal(custody_reader_left(&r), 0);
	assert_false(custody_reader_peek(&r, &b));
	assert_ptr_equal(custody_reader_ptr(&r), seq8 + 8);

	/* at() reads absolute offsets, independent of the cursor. */
	assert_true(custody_reader_at(&r, 0, &b));
	assert_int_equal(b, seq8[0]);
	assert_true(custody_reader_at(&r, 7, &b));
	assert_int_equal(b, seq8[7]);
	assert_false(custody_reader_at(&r, 8, &b));
	assert_false(custody_reader_at(&r, SIZE_MAX, &b));

	/* seek: to any offset up to and including len. */
	assert_true(custody_reader_seek(&r, 2));
	assert_int_equal(custody_reader_offset(&r), 2);
	assert_true(custody_reader_u8(&r, &b));
	assert_int_equal(b, seq8[2]);
	assert_true(custody_reader_seek(&r, 8));
	assert_int_equal(custody_reader_left(&r), 0);
	assert_false(custody_reader_seek(&r, 9));
	assert_int_equal(custody_reader_offset(&r), 8);
	assert_true(custody_reader_seek(&r, 0));
	assert_int_equal(custody_reader_left(&r), 8);
}

static void
test_bytes(void **state)
{
	struct custody_reader r;
	uint8_t out[8];

	(void)state;
	memset(out, 0xaa, sizeof(out));
	custody_reader_init(&r, seq8, sizeof(seq8));
	assert_true(custody_reader_bytes(&r, out, 0));
	assert_true(custody_reader_bytes(&r, out, 5));
	assert_memory_equal(out, seq8, 5);
	assert_false(custody_reader_bytes(&r, out, 4));
	assert_int_equal(custody_reader_offset(&r), 5);
	assert_int_equal(out[5], 0xaa); /* nothing copied on failure */
	assert_true(custody_reader_bytes(&r, out, 3));
	assert_memory_equal(out, seq8 + 5, 3);
	assert_false(custody_reader_bytes(&r, out, 1));
}

static void
test_sub(void **state)
{
	struct custody_reader r, s, t;
	uint8_t b;
	uint16_t w;

	(void)state;
	custody_reader_init(&r, seq8, sizeof(seq8));
	assert_true(custody_reader_skip(&r, 2));
	assert_true(custody_reader_sub(&r, 3, &s));
	assert_int_equal(custody_reader_offset(&r), 5);
	/* The sub-reader counts its own offsets from 0 and ends at its length. */
	assert_int_equal(custody_reader_offset(&s), 0);
	assert_int_equal(custody_reader_left(&s), 3);
	assert_true(custody_reader_be16(&s, &w));
	assert_int_equal(w, 0x4567);
	assert_int_equal(custody_reader_offset(&s), 2);
	assert_false(
	    custody_reader_be16(&s, &w)); /* byte 5 of the parent is not its */
	assert_int_equal(custody_reader_offset(&s), 2);
	assert_false(custody_reader_at(&s, 3, &b));
	assert_true(custody_reader_at(&s, 2, &b));
	assert_int_equal(b, seq8[4]);
	assert_true(custody_reader_u8(&s, &b));
	assert_int_equal(b, 0x89);
	assert_false(custody_reader_u8(&s, &b));

	/* A sub-reader longer than what is left fails and leaves r alone. */
	memset(&t, 0x77, sizeof(t));
	assert_false(custody_reader_sub(&r, 4, &t));
	assert_int_equal(custody_reader_offset(&r), 5);
	assert_false(custody_reader_sub(&r, SIZE_MAX, &t));
	assert_int_equal(custody_reader_offset(&r), 5);
	/* Exactly what is left, and zero bytes, both work. */
	assert_true(custody_reader_sub(&r, 0, &t));
	assert_int_equal(custody_reader_left(&t), 0);
	assert_false(custody_reader_u8(&t, &b));
	assert_true(custody_reader_sub(&r, 3, &t));
	assert_int_equal(custody_reader_left(&r), 0);
	assert_int_equal(custody_reader_left(&t), 3);
	/* A sub of a sub. */
	assert_true(custody_reader_skip(&t, 1));
	assert_true(custody_reader_sub(&t, 2, &s));
	assert_true(custody_reader_le16(&s, &w));
	assert_int_equal(w, 0xefcd);
}

static void
test_until(void **state)
{
	static const char text[] = "alpha beta  gamma";
	struct custody_reader r, f;

	(void)state;
	custody_reader_init(&r, text, strlen(text));
	assert_true(custody_reader_until(&r, ' ', &f));
	assert_int_equal(custody_reader_left(&f), 5);
	assert_memory_equal(custody_reader_ptr(&f), "alpha", 5);
	assert_int_equal(custody_reader_offset(&r), 6); /* delimiter consumed */
	assert_true(custody_reader_until(&r, ' ', &f));
	assert_int_equal(custody_reader_left(&f), 4);
	assert_true(custody_reader_until(
	    &r, ' ', &f)); /* empty field between two spaces */
	assert_int_equal(custody_reader_left(&f), 0);
	assert_int_equal(custody_reader_offset(&r), 12);
	/* No delimiter left: false, cursor unmoved, even if the delimiter is
	 * just past the reader's end in memory. */
	assert_false(custody_reader_until(&r, ' ', &f));
	assert_int_equal(custody_reader_offset(&r), 12);
	custody_reader_init(&r, "ab c", 2);
	assert_false(custody_reader_until(&r, ' ', &f));
	assert_int_equal(custody_reader_offset(&r), 0);
	custody_reader_init(&r, "", 0);
	assert_false(custody_reader_until(&r, '\n', &f));
}

static void
test_expect(void **state)
{
	struct custody_reader r;

	(void)state;
	custody_reader_init(&r, "custody-event/1 7", 17);
	assert_false(custody_reader_expect(&r, "custody-event/2"));
	assert_int_equal(custody_reader_offset(&r), 0);
	assert_true(custody_reader_expect(&r, "custody-event/1 "));
	assert_int_equal(custody_reader_offset(&r), 16);
	assert_false(
	    custody_reader_expect(&r, "77")); /* longer than what is left */
	assert_int_equal(custody_reader_offset(&r), 16);
	assert_true(custody_reader_expect(&r, ""));
	assert_true(custody_reader_expect(&r, "7"));
	assert_int_equal(custody_reader_left(&r), 0);
	/* The literal must not match bytes past len. */
	custody_reader_init(&r, "abcdef", 3);
	assert_false(custody_reader_expect(&r, "abcd"));
}

static void
test_dec(void **state)
{
	struct custody_reader r;
	uint64_t v = 42;

	(void)state;
	custody_reader_init(&r, "12345x", 6);
	assert_true(custody_reader_dec(&r, UINT64_MAX, &v));
	assert_true(v == 12345);
	assert_int_equal(custody_reader_offset(&r), 5);
	v = 42;
	assert_false(custody_reader_dec(&r, UINT64_MAX, &v)); /* no digit */
	assert_true(v == 42);
	assert_int_equal(custody_reader_offset(&r), 5);

	/* max is inclusive */
	custody_reader_init(&r, "65535", 5);
	assert_true(custody_reader_dec(&r, 65535, &v));
	assert_true(v == 65535);
	custody_reader_init(&r, "65536", 5);
	assert_false(custody_reader_dec(&r, 65535, &v));
	assert_int_equal(custody_reader_offset(&r), 0);
	/* a single digit above max (max - d would wrap) */
	custody_reader_init(&r, "9", 1);
	assert_false(custody_reader_dec(&r, 5, &v));
	custody_reader_init(&r, "0", 1);
	assert_true(custody_reader_dec(&r, 0, &v));
	assert_true(v == 0);

	/* UINT64_MAX and one past it */
	custody_reader_init(&r, "18446744073709551615", 20);
	assert_true(custody_reader_dec(&r, UINT64_MAX, &v));
	assert_true(v == UINT64_MAX);
	custody_reader_init(&r, "18446744073709551616", 20);
	assert_false(custody_reader_dec(&r, UINT64_MAX, &v));
	custody_reader_init(&r, "99999999999999999999999", 23);
	assert_false(custody_reader_dec(&r, UINT64_MAX, &v));
	assert_int_equal(custody_reader_offset(&r), 0);
	/* INT64_MAX as max */
	custody_reader_init(&r, "9223372036854775807", 19);
	assert_true(custody_reader_dec(&r, INT64_MAX, &v));
	assert_true(v == (uint64_t)INT64_MAX);
	custody_reader_init(&r, "9223372036854775808", 19);
	assert_false(custody_reader_dec(&r, INT64_MAX, &v));
	/* digits past len are not read */
	custody_reader_init(&r, "123456", 3);
	assert_true(custody_reader_dec(&r, UINT64_MAX, &v));
	assert_true(v == 123);
	/* a sign is not a digit */
	custody_reader_init(&r, "-1", 2);
	assert_false(custody_reader_dec(&r, UINT64_MAX, &v));
}

static void
test_digits(void **state)
{
	struct custody_reader r;
	uint64_t v = 7;

	(void)state;
	custody_reader_init(&r, "2016-05", 7);
	assert_true(custody_reader_digits(&r, 4, &v));
	assert_true(v == 2016);
	assert_int_equal(custody_reader_offset(&r), 4);
	v = 7;
	assert_false(custody_reader_digits(&r, 2, &v)); /* '-' is not a digit */
	assert_true(v == 7);
	assert_int_equal(custody_reader_offset(&r), 4);
	assert_true(custody_reader_skip(&r, 1));
	assert_false(custody_reader_digits(&r, 3, &v)); /* only 2 left */
	assert_int_equal(custody_reader_offset(&r), 5);
	assert_true(custody_reader_digits(&r, 2, &v));
	assert_true(v == 5);
	assert_false(custody_reader_digits(&r, 0, &v));
	/* 19 digits is the most (always fits in 64 bits); 20 is refused */
	custody_reader_init(&r, "99999999999999999999", 20);
	assert_true(custody_reader_digits(&r, 19, &v));
	assert_true(v == 9999999999999999999ull);
	custody_reader_init(&r, "99999999999999999999", 20);
	assert_false(custody_reader_digits(&r, 20, &v));
	assert_int_equal(custody_reader_offset(&r), 0);
}

/* count: hits at the first and last byte, parity from the cursor (not
 * the buffer), nothing past len, and none at all. */
static void
test_count(void **state)
{
	static const uint8_t b[] = { 0, 'a', 0, 0, 'b', 0, 0 };
	struct custody_reader r;
	size_t even = 99;

	(void)state;
	custody_reader_init(&r, b, 6);
	assert_int_equal(custody_reader_count(&r, 0, &even), 4);
	assert_int_equal(even, 2); /* offsets 0 and 2; 3 and 5 are odd */
	assert_int_equal(custody_reader_count(&r, 'b', NULL), 1);
	assert_true(custody_reader_skip(&r, 1));
	assert_int_equal(custody_reader_count(&r, 0, &even), 3);
	assert_int_equal(even, 2); /* now 1 and 4 of the rest are even */
	assert_int_equal(custody_reader_count(&r, 'z', &even), 0);
	assert_int_equal(even, 0);
	custody_reader_init(&r, b, 0);
	assert_int_equal(custody_reader_count(&r, 0, &even), 0);
}

/* find/past/until_str: needle at the start, at the very end, straddling
 * the end (absent), a partial match before the real one, and the empty
 * needle (refused). Offsets are from the cursor, not the buffer. */
static void
test_find(void **state)
{
	static const char hay[] = "xaab aabc";
	struct custody_reader r, out;
	size_t at = 99;

	(void)state;
	custody_reader_init(&r, hay, 9);
	assert_true(custody_reader_find(&r, "x", 1, &at));
	assert_int_equal(at, 0);
	assert_true(custody_reader_find(&r, "aabc", 4, &at));
	assert_int_equal(at, 5); /* "aab " at 1 is a partial match */
	assert_true(custody_reader_find(&r, "c", 1, &at));
	assert_int_equal(at, 8); /* last byte */
	at = 99;
	assert_false(
	    custody_reader_find(&r, "bcd", 3, &at)); /* runs past the end */
	assert_false(custody_reader_find(&r, "", 0, &at));
	assert_false(custody_reader_find(
	    &r, "xaab aabcx", 10, &at)); /* longer than hay */
	assert_int_equal(at, 99);
	/* bytes beyond len are not searched */
	custody_reader_init(&r, hay, 8);
	assert_false(custody_reader_find(&r, "c", 1, &at));
	assert_true(custody_reader_find(&r, "aab", 3, &at));
	assert_int_equal(at, 1);
	/* offsets from the cursor */
	assert_true(custody_reader_skip(&r, 2));
	assert_true(custody_reader_find(&r, "aab", 3, &at));
	assert_int_equal(at, 3);

	custody_reader_init(&r, hay, 9);
	assert_true(custody_reader_past(&r, "ab"));
	assert_int_equal(custody_reader_offset(&r), 4);
	assert_false(custody_reader_past(&r, "zz"));
	assert_int_equal(custody_reader_offset(&r), 4);
	assert_true(custody_reader_past(&r, "bc"));
	assert_int_equal(custody_reader_left(&r), 0);
	assert_false(custody_reader_past(&r, "c"));

	custody_reader_init(&r, hay, 9);
	assert_true(custody_reader_until_str(&r, " a", &out));
	assert_true(custody_reader_is(&out, "xaab"));
	assert_int_equal(custody_reader_offset(&r), 6);
	assert_false(custody_reader_until_str(&r, " a", &out));
	assert_int_equal(custody_reader_offset(&r), 6);
	assert_true(custody_reader_until_str(&r, "bc", &out));
	assert_true(custody_reader_is(&out, "a"));
	assert_int_equal(custody_reader_left(&r), 0);
}

/* word: at least one byte, separator left in place; field: delimiter
 * consumed, the last field runs to the end, an empty middle field is a
 * field, and an exhausted reader has no more. */
static void
test_word_field(void **state)
{
	struct custody_reader r, out;

	(void)state;
	custody_reader_init(&r, "ab cd", 5);
	assert_true(custody_reader_word(&r, ' ', &out));
	assert_true(custody_reader_is(&out, "ab"));
	assert_false(custody_reader_word(
	    &r, ' ', &out)); /* next byte is the separator */
	assert_int_equal(custody_reader_offset(&r), 2);
	assert_int_equal(custody_reader_span(&r, " \t"), 1);
	assert_true(custody_reader_word(&r, ' ', &out));
	assert_true(custody_reader_is(&out, "cd"));
	assert_false(custody_reader_word(&r, ' ', &out));

	custody_reader_init(&r, "a\t\tb", 4);
	assert_true(custody_reader_field(&r, '\t', &out));
	assert_true(custody_reader_is(&out, "a"));
	assert_true(custody_reader_field(&r, '\t', &out));
	assert_int_equal(custody_reader_left(&out), 0);
	assert_true(custody_reader_field(&r, '\t', &out));
	assert_true(custody_reader_is(&out, "b"));
	assert_false(custody_reader_field(&r, '\t', &out));
	custody_reader_init(&r, "a\t", 2);
	assert_true(custody_reader_field(&r, '\t', &out));
	assert_false(custody_reader_field(&r, '\t', &out));
}

/* trim/chop/last/is work on the unconsumed view and never look past it;
 * a NUL byte is never in a set. */
static void
test_trim_chop(void **state)
{
	struct custody_reader r;
	uint8_t c = 0;

	(void)state;
	custody_reader_init(&r, " \tx y \r\n", 8);
	custody_reader_trim(&r, " \t\r\n");
	assert_true(custody_reader_is(&r, "x y"));
	assert_int_equal(custody_reader_offset(&r), 2);
	assert_true(custody_reader_last(&r, &c));
	assert_int_equal(c, 'y');
	assert_true(custody_reader_chop(&r, 2));
	assert_true(custody_reader_is(&r, "x"));
	assert_false(custody_reader_chop(&r, 2));
	assert_true(custody_reader_chop(&r, 1));
	assert_false(custody_reader_last(&r, &c));
	custody_reader_trim(&r, " ");
	assert_int_equal(custody_reader_left(&r), 0);
	/* all blanks trim to nothing */
	custody_reader_init(&r, "   ", 3);
	custody_reader_trim(&r, " ");
	assert_int_equal(custody_reader_left(&r), 0);
	/* NUL is data, not the end of the set */
	custody_reader_init(&r, "\0a\0", 3);
	custody_reader_trim(&r, " ");
	assert_int_equal(custody_reader_left(&r), 3);
	assert_int_equal(custody_reader_span(&r, " "), 0);
	assert_false(custody_reader_is(&r, "")); /* 3 bytes are not "" */
}

/* Length prefixes of 8, 16 and 32 bits: exactly enough, one byte short
 * (nothing moves, the length is not consumed either), zero length, and a
 * 32-bit length near SIZE_MAX that must not wrap the bounds check. */
static void
test_prefixed(void **state)
{
	static const uint8_t p8[] = { 2, 'h', 'i', 3, 'x' };
	static const uint8_t p16[] = { 0, 3, 'a', 'b', 'c', 0, 0, 0, 2, 'z' };
	static const uint8_t p32[] = { 0xff, 0xff, 0xff, 0xff, 'a', 0, 0, 0, 1,
		'q' };
	struct custody_reader r, out;

	(void)state;
	custody_reader_init(&r, p8, sizeof(p8));
	assert_true(custody_reader_prefixed8(&r, &out));
	assert_true(custody_reader_is(&out, "hi"));
	assert_false(custody_reader_prefixed8(&r, &out));
	assert_int_equal(custody_reader_offset(&r), 3);

	custody_reader_init(&r, p16, sizeof(p16));
	assert_true(custody_reader_prefixed16(&r, &out));
	assert_true(custody_reader_is(&out, "abc"));
	assert_true(custody_reader_prefixed16(&r, &out));
	assert_int_equal(custody_reader_left(&out), 0);
	assert_false(custody_reader_prefixed16(&r, &out));
	assert_int_equal(custody_reader_offset(&r), 7);
	custody_reader_init(&r, p16, 1); /* not even the length */
	assert_false(custody_reader_prefixed16(&r, &out));
	assert_int_equal(custody_reader_offset(&r), 0);

	custody_reader_init(&r, p32, sizeof(p32));
	assert_false(custody_reader_prefixed32(&r, &out));
	assert_int_equal(custody_reader_offset(&r), 0);
	assert_true(custody_reader_skip(&r, 5));
	assert_true(custody_reader_prefixed32(&r, &out));
	assert_true(custody_reader_is(&out, "q"));
	assert_int_equal(custody_reader_left(&r), 0);
}

/* hex at its limits (both cases, UINT64_MAX and one past it, a max that
 * stops early); sdec at INT64_MIN/INT64_MAX, ranges that exclude the
 * sign, "-0" and a lone '-'; str_dec refuses what sscanf accepts. */
static void
test_hex_sdec_str(void **state)
{
	struct custody_reader r;
	uint64_t v = 7;
	int64_t s = 7;

	(void)state;
	custody_reader_init(&r, "fFfFffffFFFFffff:", 17);
	assert_true(custody_reader_hex(&r, UINT64_MAX, &v));
	assert_true(v == UINT64_MAX);
	assert_int_equal(custody_reader_offset(&r), 16);
	custody_reader_init(&r, "10000000000000000", 17);
	v = 7;
	assert_false(custody_reader_hex(&r, UINT64_MAX, &v));
	assert_true(v == 7);
	assert_int_equal(custody_reader_offset(&r), 0);
	custody_reader_init(&r, "100", 3);
	assert_false(custody_reader_hex(&r, 0xff, &v));
	assert_true(custody_reader_hex(&r, 0x100, &v));
	assert_true(v == 0x100);
	custody_reader_init(&r, "g", 1);
	assert_false(custody_reader_hex(&r, UINT64_MAX, &v));
	custody_reader_init(&r, "", 0);
	assert_false(custody_reader_hex(&r, UINT64_MAX, &v));

	custody_reader_init(&r, "-9223372036854775808", 20);
	assert_true(custody_reader_sdec(&r, INT64_MIN, INT64_MAX, &s));
	assert_true(s == INT64_MIN);
	custody_reader_init(&r, "-9223372036854775809", 20);
	assert_false(custody_reader_sdec(&r, INT64_MIN, INT64_MAX, &s));
	assert_int_equal(custody_reader_offset(&r), 0);
	custody_reader_init(&r, "9223372036854775807", 19);
	assert_true(custody_reader_sdec(&r, INT64_MIN, INT64_MAX, &s));
	assert_true(s == INT64_MAX);
	custody_reader_init(&r, "9223372036854775808", 19);
	assert_false(custody_reader_sdec(&r, INT64_MIN, INT64_MAX, &s));
	custody_reader_init(&r, "-5", 2);
	s = 7;
	assert_false(custody_reader_sdec(&r, 0, 10, &s));
	assert_false(custody_reader_sdec(&r, -4, 10, &s));
	assert_true(s == 7);
	assert_int_equal(custody_reader_offset(&r), 0);
	assert_true(custody_reader_sdec(&r, -5, -5, &s));
	assert_true(s == -5);
	custody_reader_init(&r, "3", 1);
	assert_false(custody_reader_sdec(&r, 4, 10, &s));
	assert_false(custody_reader_sdec(&r, -10, -1, &s));
	custody_reader_init(&r, "-0", 2);
	assert_false(custody_reader_sdec(&r, -10, 10, &s));
	custody_reader_init(&r, "-", 1);
	assert_false(custody_reader_sdec(&r, -10, 10, &s));
	assert_int_equal(custody_reader_offset(&r), 0);

	assert_true(custody_str_dec("18446744073709551615", UINT64_MAX, &v));
	assert_true(v == UINT64_MAX);
	v = 7;
	assert_false(custody_str_dec("18446744073709551616", UINT64_MAX, &v));
	assert_false(custody_str_dec(" 1", UINT64_MAX, &v));
	assert_false(custody_str_dec("+1", UINT64_MAX, &v));
	assert_false(custody_str_dec("-1", UINT64_MAX, &v));
	assert_false(custody_str_dec("1 ", UINT64_MAX, &v));
	assert_false(custody_str_dec("", UINT64_MAX, &v));
	assert_false(custody_str_dec(NULL, UINT64_MAX, &v));
	assert_false(custody_str_dec("256", 255, &v));
	assert_true(v == 7);
}

/* Offsets are what parsers put in their error messages: after a mixed
 * sequence of reads the offset must equal the bytes consumed. */
/* Protocol buffers' varints: the edges of one to ten groups, and every
 * way a varint can be malformed, each refused without moving the cursor. */
static void
test_varint(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
		bool ok;
		uint64_t value;
	} cases[] = {
		{ "\x00", 1, true, 0 },
		{ "\x7f", 1, true, 127 },
		{ "\x80\x01", 2, true, 128 },
		{ "\xac\x02", 2, true, 300 },
		{ "\xff\xff\xff\xff\x0f", 5, true, 0xFFFFFFFFu },
		{ "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 10, true,
		    1ULL << 63 },
		{ "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 10, true,
		    UINT64_MAX },
		/* a tenth group with a bit past the 64th */
		{ "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 10, false, 0 },
		/* eleven groups */
		{ "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 11, false,
		    0 },
		/* a needless final zero group: 0 and 1 written long */
		{ "\x80\x00", 2, false, 0 },
		{ "\x81\x80\x00", 3, false, 0 },
		/* cut off */
		{ "\x80", 1, false, 0 },
		{ "", 0, false, 0 },
	};
	struct custody_reader r;
	uint64_t v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		custody_reader_init(&r, cases[i].bytes, cases[i].len);
		v = 12345;
		assert_int_equal(custody_reader_varint(&r, &v), cases[i].ok);
		if (cases[i].ok) {
			assert_true(v == cases[i].value);
			assert_int_equal(
			    custody_reader_offset(&r), cases[i].len);
		} else {
			assert_true(v == 12345);
			assert_int_equal(custody_reader_offset(&r), 0);
		}
	}
	/* a varint that ends where a sub-reader ends is read, not past it */
	{
		struct custody_reader outer, sub;

		custody_reader_init(&outer, "\x96\x01\x05", 3);
		assert_true(custody_reader_sub(&outer, 1, &sub));
		assert_false(custody_reader_varint(&sub, &v));
		custody_reader_init(&outer, "\x96\x01\x05", 3);
		assert_true(custody_reader_varint(&outer, &v));
		assert_true(v == 150);
	}
}

static void
test_offsets_track_consumption(void **state)
{
	uint8_t buf[64];
	struct custody_reader r, s;
	uint8_t b;
	uint16_t w;
	uint32_t d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)i;
	custody_reader_init(&r, buf, sizeof(buf));
	assert_true(custody_reader_u8(&r, &b));
	assert_true(custody_reader_be16(&r, &w));
	assert_true(custody_reader_le32(&r, &d));
	assert_int_equal(custody_reader_offset(&r), 7);
	assert_int_equal(d, (uint32_t)6 << 24 | 5 << 16 | 4 << 8 | 3);
	assert_true(custody_reader_sub(&r, 10, &s));
	assert_int_equal(custody_reader_offset(&r), 17);
	assert_true(custody_reader_skip(&s, 9));
	assert_true(custody_reader_u8(&s, &b));
	assert_int_equal(b, 16);
	/* the position within the parent, for messages, is the pointer distance */
	assert_int_equal((size_t)(custody_reader_ptr(&s) - buf), 17);
	assert_true(custody_reader_skip(&r, 46));
	assert_false(custody_reader_be16(&r, &w));
	assert_int_equal(custody_reader_offset(&r), 63);
	assert_true(custody_reader_u8(&r, &b));
	assert_int_equal(b, 63);
	assert_int_equal(custody_reader_offset(&r), 64);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_empty),
		cmocka_unit_test(test_u8),
		cmocka_unit_test(test_be_le_16_32),
		cmocka_unit_test(test_u64_from_halves),
		cmocka_unit_test(test_short_reads_do_not_move),
		cmocka_unit_test(test_skip_seek_at_peek),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_sub),
		cmocka_unit_test(test_until),
		cmocka_unit_test(test_expect),
		cmocka_unit_test(test_dec),
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_varint),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_word_field),
		cmocka_unit_test(test_trim_chop),
		cmocka_unit_test(test_prefixed),
		cmocka_unit_test(test_hex_sdec_str),
		cmocka_unit_test(test_offsets_track_consumption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
