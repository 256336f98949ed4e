/*
 * test_time.c: UTC times as ns since the epoch and their ISO 8601 form
 * (lib/base/time.c). The oracle is the C library's gmtime_r()/timegm() on a
 * 64-bit time_t, which lib/base/time.c deliberately does not use.
 */
#include <time.h>

#include "testutil.h"

/* The expected text of ns, built with gmtime_r. */
static void
oracle_format(int64_t ns, int prec, char *out, size_t outlen)
{
	int64_t secs = ns / 1000000000, frac = ns % 1000000000;
	time_t t;
	struct tm tm;
	int n;

	if (frac < 0) {
		frac += 1000000000;
		secs--;
	}
	t = (time_t)secs;
	assert_non_null(gmtime_r(&t, &tm));
	n = snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
	if (prec > 0) {
		int64_t div = 1;
		int i;

		for (i = prec; i < 9; i++)
			div *= 10;
		n += snprintf(out + n, outlen - (size_t)n, ".%0*lld", prec,
		    (long long)(frac / div));
	}
	snprintf(out + n, outlen - (size_t)n, "Z");
}

/* ns of a civil UTC time, built with timegm. */
static int64_t
oracle_ns(int y, int mo, int d, int h, int mi, int s, int64_t frac)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm) * 1000000000 + frac;
}

/* A small deterministic PRNG (xorshift64*). */
static uint64_t
next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static void
test_format_fixed_points(void **state)
{
	char out[40], want[64];

	(void)state;
	custody_time_format(0, 0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	custody_time_format(0, 6, out);
	assert_string_equal(out, "1970-01-01T00:00:00.000000Z");
	/* one ns before the epoch */
	custody_time_format(-1, 9, out);
	assert_string_equal(out, "1969-12-31T23:59:59.999999999Z");
	custody_time_format(-1, 0, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
	/* precision truncates, never rounds up into the next second */
	custody_time_format(999999999, 3, out);
	assert_string_equal(out, "1970-01-01T00:00:00.999Z");
	custody_time_format(1462363200123456789, 3, out);
	oracle_format(1462363200123456789, 3, want, sizeof(want));
	assert_string_equal(out, want);
	assert_string_equal(out, "2016-05-04T12:00:00.123Z");
	custody_time_format(1462363200123456789, 6, out);
	assert_string_equal(out, "2016-05-04T12:00:00.123456Z");
	custody_time_format(1462363200123456789, 9, out);
	assert_string_equal(out, "2016-05-04T12:00:00.123456789Z");
	/* above 9 is taken as 9 */
	custody_time_format(1462363200123456789, 12, out);
	assert_string_equal(out, "2016-05-04T12:00:00.123456789Z");
	/* the ends of the int64 ns range */
	custody_time_format(INT64_MAX, 9, out);
	oracle_format(INT64_MAX, 9, want, sizeof(want));
	assert_string_equal(out, want);
	custody_time_format(INT64_MIN, 9, out);
	oracle_format(INT64_MIN, 9, want, sizeof(want));
	assert_string_equal(out, want);
}

/* Many times across the whole int64 range, in every precision, against
 * gmtime_r. */
static void
test_format_against_gmtime(void **state)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	char out[40], want[64];
	int i, prec;

	(void)state;
	for (i = 0; i < 20000; i++) {
		int64_t ns = (int64_t)next_rand(&seed);

		if (i % 2 == 0) /* half of them within 250 years of 1970 */
			ns %= (int64_t)250 * 366 * 86400 * 1000000000;
		for (prec = 0; prec <= 9; prec += 3) {
			custody_time_format(ns, prec, out);
			oracle_format(ns, prec, want, sizeof(want));
			if (strcmp(out, want) != 0)
				fail_msg("ns %lld prec %d: got %s want %s",
				    (long long)ns, prec, out, want);
		}
	}
}

static void
test_round_trip(void **state)
{
	uint64_t seed = 12345;
	char out[40];
	int64_t back;
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		int64_t ns = (int64_t)next_rand(&seed);

		custody_time_format(ns, 9, out);
		if (!custody_time_parse(out, &back) || back != ns)
			fail_msg("%lld -> %s -> %lld", (long long)ns, out,
			    (long long)back);
		/* at microseconds, the round trip truncates to the microsecond */
		custody_time_format(ns, 6, out);
		assert_true(custody_time_parse(out, &back));
		assert_true(back <= ns && ns - back < 1000);
	}
}

static void
test_parse_forms(void **state)
{
	int64_t ns;

	(void)state;
	assert_true(custody_time_parse("2016-05-04", &ns));
	assert_true(ns == oracle_ns(2016, 5, 4, 0, 0, 0, 0));
	assert_true(custody_time_parse("2016-05-04T13:14", &ns));
	assert_true(ns == oracle_ns(2016, 5, 4, 13, 14, 0, 0));
	assert_true(custody_time_parse("2016-05-04T13:14:15", &ns));
	assert_true(ns == oracle_ns(2016, 5, 4, 13, 14, 15, 0));
	assert_true(custody_time_parse("2016-05-04 13:14:15Z", &ns));
	assert_true(ns == oracle_ns(2016, 5, 4, 13, 14, 15, 0));
	assert_true(custody_time_parse("2016-05-04T13:14:15.5Z", &ns));
	assert_true(ns == oracle_ns(2016, 5, 4, 13, 14, 15, 500000000));
	assert_true(custody_time_parse("2016-05-04T13:14:15,25Z", &ns));
	assert_true(ns == oracle_ns(2016, 5, 4, 13, 14, 15, 250000000));
	assert_true(custody_time_parse("2016-05-04T13:14:15.000000001Z", &ns));
	assert_true(ns == oracle_ns(2016, 5, 4, 13, 14, 15, 1));
	/* digits past the ninth are dropped (truncation, not rounding) */
	assert_true(custody_time_parse("2016-05-04T13:14:15.9999999999Z", &ns));
	assert_true(ns == oracle_ns(2016, 5, 4, 13, 14, 15, 999999999));
	/* offsets: local time minus offset is UTC */
	assert_true(custody_time_parse("2016-05-04T13:14:15+03:00", &ns));
	assert_true(ns == oracle_ns(2016, 5, 4, 10, 14, 15, 0));
	assert_true(custody_time_parse("2016-05-04T13:14:15-05:30", &ns));
	assert_true(ns == oracle_ns(2016, 5, 4, 18, 44, 15, 0));
	assert_true(custody_time_parse("2016-05-04T13:14:15+0300", &ns));
	assert_true(ns == oracle_ns(2016, 5, 4, 10, 14, 15, 0));
	assert_true(custody_time_parse(
	    "2016-05-04T00:30+01:00", &ns)); /* crosses the date */
	assert_true(ns == oracle_ns(2016, 5, 3, 23, 30, 0, 0));
	assert_true(custody_time_parse("2016-05-04T23:59:59-23:59", &ns));
	assert_true(ns == oracle_ns(2016, 5, 5, 23, 58, 59, 0));
	/* before the epoch */
	assert_true(custody_time_parse("1969-12-31T23:59:59.999999999Z", &ns));
	assert_true(ns == -1);
	assert_true(custody_time_parse("1900-03-01", &ns));
	assert_true(ns == oracle_ns(1900, 3, 1, 0, 0, 0, 0));
}

static void
test_leap_years(void **state)
{
	static const int leap[] = { 1904, 1972, 2000, 2016, 2020, 2024, 2096,
		2104, 2204 };
	char s[32];
	int64_t ns, next;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(leap) / sizeof(leap[0]); i++) {
		snprintf(s, sizeof(s), "%04d-02-29", leap[i]);
		assert_true(custody_time_parse(s, &ns));
		assert_true(ns == oracle_ns(leap[i], 2, 29, 0, 0, 0, 0));
		snprintf(s, sizeof(s), "%04d-03-01", leap[i]);
		assert_true(custody_time_parse(s, &next));
		assert_true(next - ns == (int64_t)86400 * 1000000000);
		/* day of year 366 exists */
		snprintf(s, sizeof(s), "%04d-12-31T23:59:59Z", leap[i]);
		assert_true(custody_time_parse(s, &ns));
		assert_true(ns == oracle_ns(leap[i], 12, 31, 23, 59, 59, 0));
	}
	/* 1900 and 2100 are not leap years: Feb 28 + 1 day is Mar 1 */
	assert_true(custody_time_parse("2100-02-28", &ns));
	assert_true(custody_time_parse("2100-03-01", &next));
	assert_true(next - ns == (int64_t)86400 * 1000000000);
	assert_true(custody_time_parse("1900-02-28", &ns));
	assert_true(custody_time_parse("1900-03-01", &next));
	assert_true(next - ns == (int64_t)86400 * 1000000000);
	/* format: the day after 2016-02-28 is 29, after 2100-02-28 is 03-01 */
	{
		char out[40];

		custody_time_format(oracle_ns(2016, 2, 28, 0, 0, 0, 0) +
		        (int64_t)86400 * 1000000000,
		    0, out);
		assert_string_equal(out, "2016-02-29T00:00:00Z");
		custody_time_format(oracle_ns(2100, 2, 28, 0, 0, 0, 0) +
		        (int64_t)86400 * 1000000000,
		    0, out);
		assert_string_equal(out, "2100-03-01T00:00:00Z");
	}
}

/*
 * Was a bug: lib/base/time.c custody_time_parse() checks only 1 <= day <= 31, so
 * days a month does not have are accepted and silently roll over into
 * the next month: "2015-02-29" parses as 2015-03-01, "2016-02-30" as
 * 2016-03-01, "2016-04-31" as 2016-05-01, "1900-02-29" as 1900-03-01.
 */
static void
test_days_a_month_does_not_have(void **state)
{
	static const char *const bad[] = { "2015-02-29", "2100-02-29",
		"1900-02-29", "2016-02-30", "2016-02-31", "2016-04-31",
		"2016-06-31", "2016-09-31", "2016-11-31",
		"2015-02-29T12:00:00Z" };
	size_t i;
	int64_t ns;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (custody_time_parse(bad[i], &ns))
			fail_msg("accepted %s", bad[i]);
}

/*
 * Was a bug: lib/base/time.c custody_time_parse() does not check that the time fits
 * in int64 nanoseconds (1677-09-21T00:12:43.145224192Z ..
 * 2262-04-11T23:47:16.854775807Z): "2262-04-12" or "9999-12-31" or
 * "1000-01-01" overflow `ns * 1000000000` (signed overflow, undefined
 * behaviour; UBSan aborts) and return true with a wrapped value.
 */
static void
test_out_of_range(void **state)
{
	static const char *const far[] = { "2262-04-12", "2262-04-11T23:47:17Z",
		"2300-01-01", "9999-12-31T23:59:59Z", "1677-09-21T00:12:43Z",
		"1000-01-01", "0000-01-01" };
	int64_t ns;
	size_t i;

	(void)state;
	/* the last representable instants parse exactly */
	assert_true(custody_time_parse("2262-04-11T23:47:16.854775807Z", &ns));
	assert_true(ns == INT64_MAX);
	assert_true(custody_time_parse("1677-09-21T00:12:43.145224192Z", &ns));
	assert_true(ns == INT64_MIN);
	for (i = 0; i < sizeof(far) / sizeof(far[0]); i++)
		if (custody_time_parse(far[i], &ns))
			fail_msg("accepted %s as %lld", far[i], (long long)ns);
}

static void
test_field_bounds(void **state)
{
	static const char *const bad[] = { "2016-00-01", "2016-13-01",
		"2016-05-00", "2016-05-32", "2016-05-04T24:00",
		"2016-05-04T23:60", "2016-05-04T23:59:61",
		"2016-05-04T12:00:00+24:00", "2016-05-04T12:00:00+01:60",
		"2016-99-99" };
	int64_t ns;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (custody_time_parse(bad[i], &ns))
			fail_msg("accepted %s", bad[i]);
	/* limits that are allowed */
	assert_true(custody_time_parse("2016-12-31T23:59:59Z", &ns));
	assert_true(custody_time_parse("2016-01-01T00:00:00Z", &ns));
	assert_true(custody_time_parse("2016-05-04T12:00:00+23:59", &ns));
}

static void
test_bad_strings(void **state)
{
	static const char *const bad[] = { "", " ", "2016", "2016-05",
		"2016-5-4", "16-05-04", "2016/05/04", "20160504", " 2016-05-04",
		"2016-05-04 ", "2016-05-04T", "2016-05-04T1", "2016-05-04T12",
		"2016-05-04T12:", "2016-05-04T12:0",
		"2016-05-04T12:00:", "2016-05-04T12:00:0",
		"2016-05-04T12:00:00.", "2016-05-04T12:00:00.Z",
		"2016-05-04T12:00:00Zjunk", "2016-05-04T12:00:00ZZ",
		"2016-05-04T12:00:00+01", "2016-05-04T12:00:00+1:00",
		"2016-05-04T12:00:00 +01:00", "2016-05-04T12:00:00z",
		"2016-05-04t12:00:00Z", "2016-05-04x", "x2016-05-04",
		"2016-05-04T12:00:00.12a", "2016-05-04T12:00:00-",
		"2016-05-04T12:00:00+", "-2016-05-04", "+2016-05-04",
		"2016-05-04T-1:00", "２０１６-05-04", "2016-05-04T12.5",
		"2016-05-04T12:00.5" };
	int64_t ns = 77;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (custody_time_parse(bad[i], &ns))
			fail_msg("accepted [%s]", bad[i]);
	assert_int_equal(ns, 77); /* out untouched on failure */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_fixed_points),
		cmocka_unit_test(test_format_against_gmtime),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_days_a_month_does_not_have),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_field_bounds),
		cmocka_unit_test(test_bad_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
