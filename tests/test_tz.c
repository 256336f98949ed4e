/* test_tz.c: lib/base/tz.c against the system tz database. */
#include <pthread.h>

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

/* Zones are cached and shared (tz.c): what one parse frees another may
 * still hold, and parsers open zones on several threads. */
static const char *const zones[] = { "America/New_York", "Europe/Moscow",
	"Asia/Tokyo", "Europe/Berlin", "Australia/Sydney", "America/Denver" };
static const int32_t july_offsets[] = { -4 * 3600, 3 * 3600, 9 * 3600, 2 * 3600,
	10 * 3600, -6 * 3600 };

static char went_wrong[] = "a zone went wrong",
            changed[] = "a zone changed once another was freed";

static void *
open_many(void *arg)
{
	int64_t t = *(const int64_t *)arg;
	size_t i, k;

	for (i = 0; i < 300; i++) {
		struct custody_tz *a = NULL, *b = NULL;

		k = i % 6;
		if (custody_tz_open(&a, zones[k], NULL) != CUSTODY_OK ||
		    custody_tz_open(&b, zones[(k + 1) % 6], NULL) !=
		        CUSTODY_OK ||
		    custody_tz_offset(a, t) != july_offsets[k] ||
		    custody_tz_offset(b, t) != july_offsets[(k + 1) % 6])
			return went_wrong;
		custody_tz_free(a);
		if (custody_tz_offset(b, t) != july_offsets[(k + 1) % 6])
			return changed;
		custody_tz_free(b);
	}
	return NULL;
}

static void
test_shared(void **state)
{
	struct custody_tz *a = NULL, *b = NULL;
	int64_t t = utc("2016-07-04T12:00:00Z");
	pthread_t th[4];
	void *res;
	size_t i;

	(void)state;
	assert_int_equal(custody_tz_open(&a, zones[0], NULL), CUSTODY_OK);
	assert_int_equal(custody_tz_open(&b, zones[0], NULL), CUSTODY_OK);
	assert_ptr_equal(a, b); /* read once */
	custody_tz_free(a);
	assert_int_equal(custody_tz_offset(b, t), july_offsets[0]);
	/* more zones than the cache holds, b among them */
	for (i = 1; i < 6; i++) {
		assert_int_equal(
		    custody_tz_open(&a, zones[i], NULL), CUSTODY_OK);
		custody_tz_free(a);
	}
	assert_int_equal(custody_tz_offset(b, t), july_offsets[0]);
	custody_tz_free(b);
	for (i = 0; i < 4; i++)
		assert_int_equal(
		    pthread_create(&th[i], NULL, open_many, &t), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], &res), 0);
		if (res != NULL)
			fail_msg("%s", (const char *)res);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_york),
		cmocka_unit_test(test_moscow_and_utc),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_shared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
