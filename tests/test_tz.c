/* test_tz.c: lib/base/tz.c against the system tz database. */
#include "testutil.h"
#include "tz.h"

static int64_t
utc(const char *s)
{
	int64_t ns;

	assert_true(custody_time_parse(s, &ns));
	return ns / 1000000000;
}

static void
test_new_york(void **state)
{
	struct custody_tz *tz = NULL;
	int64_t out;

	(void)state;
	assert_int_equal(
	    custody_tz_open(&tz, "America/New_York", NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_tz_offset(tz, utc("2016-07-04T12:00:00Z")), -4 * 3600);
	assert_int_equal(
	    custody_tz_offset(tz, utc("2016-12-01T12:00:00Z")), -5 * 3600);
	/* 2016-07-04 12:00 EDT is 16:00 UTC */
	assert_int_equal(
	    custody_tz_to_utc(tz, utc("2016-07-04T12:00:00Z"), &out),
	    CUSTODY_TZ_OK);
	assert_int_equal(out, utc("2016-07-04T16:00:00Z"));
	/* 2016-11-06 01:30 happened twice; 2016-03-13 02:30 never */
	assert_int_equal(
	    custody_tz_to_utc(tz, utc("2016-11-06T01:30:00Z"), &out),
	    CUSTODY_TZ_REPEATED);
	assert_int_equal(
	    custody_tz_to_utc(tz, utc("2016-03-13T02:30:00Z"), &out),
	    CUSTODY_TZ_SKIPPED);
	/* far past the table: the POSIX rule of the footer (or a fat table) */
	assert_int_equal(
	    custody_tz_offset(tz, utc("2051-07-01T12:00:00Z")), -4 * 3600);
	assert_int_equal(
	    custody_tz_offset(tz, utc("2051-01-01T12:00:00Z")), -5 * 3600);
	custody_tz_free(tz);
}

static void
test_moscow_and_utc(void **state)
{
	struct custody_tz *tz = NULL;
	int64_t out;

	(void)state;
	assert_int_equal(
	    custody_tz_open(&tz, "Europe/Moscow", NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_tz_offset(tz, utc("2016-09-23T13:56:29Z")), 3 * 3600);
	assert_int_equal(
	    custody_tz_offset(tz, utc("2012-07-01T00:00:00Z")), 4 * 3600);
	custody_tz_free(tz);
	assert_int_equal(custody_tz_open(&tz, "UTC", NULL), CUSTODY_OK);
	assert_int_equal(custody_tz_to_utc(tz, 1000, &out), CUSTODY_TZ_OK);
	assert_int_equal(out, 1000);
	custody_tz_free(tz);
}

static void
test_refused(void **state)
{
	struct custody_tz *tz = NULL;
	struct custody_error err = { 0 };
	static const uint8_t junk[] = "TZif2 not really";

	(void)state;
	assert_int_equal(
	    custody_tz_open(&tz, "../etc/passwd", &err), CUSTODY_ERR_USAGE);
	assert_int_equal(
	    custody_tz_open(&tz, "/etc/passwd", &err), CUSTODY_ERR_USAGE);
	assert_int_equal(
	    custody_tz_open(&tz, "Mars/Olympus_Mons", &err), CUSTODY_ERR_USAGE);
	assert_non_null(strstr(err.msg, "unknown time zone"));
	assert_int_not_equal(
	    custody_tz_from_bytes(&tz, "x", junk, sizeof(junk), &err),
	    CUSTODY_OK);
	assert_null(tz);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_york),
		cmocka_unit_test(test_moscow_and_utc),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
