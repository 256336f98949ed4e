/*
 * test_queries8.c: the baselines printed beside statistical figures, and
 * the counting unit a query names. What the critics' queries (issue 8)
 * give on rows built by hand is tested from data files
 * (tests/data/queries/critics.qt, dedupe.qt, series.qt; test_querydata.c).
 *
 * The office-hours baseline is
 * checked against a count over every minute of the window made here with
 * the C library's own time zone code (localtime_r under TZ), which shares
 * nothing with lib/base/tz.c, over windows that hold a DST change.
 */
#include "querytest.h"

#include <math.h>
#include <time.h>

/* One DNS query (QR=0, type A) in evidence ev, logged by server (or NULL). */
static void
q(sqlite3 *db, int ev, const char *iso, const char *src, const char *qname,
    const char *server)
{
	static int loc;
	char sql[600];

	snprintf(sql, sizeof(sql),
	    "INSERT INTO dns_message(evidence_id, loc_index, loc_offset, "
	    "time_ns, src, qr, rcode, qname, qtype, server) VALUES (%d, %d, 0, %lld, '%s', 0, 0, "
	    "'%s', 1, %s%s%s)",
	    ev, ++loc, (long long)ns(iso), src, qname, server ? "'" : "",
	    server ? server : "NULL", server ? "'" : "");
	exec(db, sql);
}

#define H "host=mail1.example.com"

/* The share of minutes of [since, until) inside the hours in any zone,
 * counted with the C library (TZ and localtime_r), one minute at a time. */
static double
direct_share(const char *zones, int64_t since, int64_t until, int start_min,
    int end_min, unsigned days)
{
	char buf[256], *p, *save = NULL, *old = getenv("TZ"), oldtz[256];
	size_t n = (size_t)((until - since) / 60), k;
	bool *inside = calloc(n + 1, sizeof(*inside));
	int64_t in = 0;

	assert_non_null(inside);
	snprintf(oldtz, sizeof(oldtz), "%s", old != NULL ? old : "");
	snprintf(buf, sizeof(buf), "%s", zones);
	for (p = strtok_r(buf, ",", &save); p != NULL;
	     p = strtok_r(NULL, ",", &save)) {
		setenv("TZ", p, 1);
		tzset();
		for (k = 0; k < n; k++) {
			time_t tt = (time_t)(since + (int64_t)k * 60);
			struct tm tm;
			int m;

			assert_non_null(localtime_r(&tt, &tm));
			m = tm.tm_hour * 60 + tm.tm_min;
			inside[k] |= (days & (1u << tm.tm_wday)) &&
			    m >= start_min && m < end_min;
		}
	}
	for (k = 0; k < n; k++)
		in += inside[k];
	free(inside);
	if (old != NULL)
		setenv("TZ", oldtz, 1);
	else
		unsetenv("TZ");
	tzset();
	return (double)in / (double)n;
}

static double
baseline(sqlite3 *db, const char *tz, const char *since, const char *until,
    const char *start, const char *end, const char *weekdays)
{
	char a[80], b[80], c[80], d[80], e[80], f[80];
	struct custody_result r;
	double v;

	snprintf(a, sizeof(a), "tz=%s", tz);
	snprintf(b, sizeof(b), "since=%s", since);
	snprintf(c, sizeof(c), "until=%s", until);
	snprintf(d, sizeof(d), "start=%s", start);
	snprintf(e, sizeof(e), "end=%s", end);
	snprintf(f, sizeof(f), "weekdays=%s", weekdays);
	r = run(db, "business_hours_share", H, a, b, c, d, e, f, NULL);
	v = dval(&r, 0, "baseline");
	custody_result_release(&r);
	return v;
}

#define MON_FRI 0x3eu
#define SUN     0x01u

static void
test_baseline_against_every_minute(void **state)
{
	sqlite3 *db = qdb();
	double want, got;

	(void)state;
	q(db, 1, "2016-06-01T10:00:00Z", "192.0.2.15", "mail1.example.com",
	    NULL);
	/* the casefile's window, New York or Moscow: about 0.48 */
	want = direct_share("America/New_York,Europe/Moscow",
	    ns("2016-05-04") / 1000000000, ns("2016-09-24") / 1000000000,
	    9 * 60, 18 * 60, MON_FRI);
	got = baseline(db, "America/New_York,Europe/Moscow", "2016-05-04",
	    "2016-09-24", "09:00", "18:00", "Mon-Fri");
	assert_true(fabs(got - want) < 1e-6);
	assert_true(fabs(got - 0.48) < 0.005);
	/* March 2016 in New York: EST to EDT on Sunday the 13th */
	want = direct_share("America/New_York", ns("2016-03-01") / 1000000000,
	    ns("2016-04-01") / 1000000000, 9 * 60, 18 * 60, MON_FRI);
	got = baseline(db, "America/New_York", "2016-03-01", "2016-04-01",
	    "09:00", "18:00", "Mon-Fri");
	assert_true(fabs(got - want) < 1e-6);
	/* Sundays 01:00-04:00 local: on the 13th 02:00-03:00 does not exist */
	want = direct_share("America/New_York", ns("2016-03-01") / 1000000000,
	    ns("2016-04-01") / 1000000000, 60, 240, SUN);
	got = baseline(db, "America/New_York", "2016-03-01", "2016-04-01",
	    "01:00", "04:00", "Sun");
	assert_true(fabs(got - want) < 1e-6);
	/* London's change back (30 October) and Moscow without DST */
	want = direct_share("Europe/London,Europe/Moscow",
	    ns("2016-10-20") / 1000000000, ns("2016-11-10") / 1000000000,
	    9 * 60, 17 * 60 + 30, MON_FRI);
	got = baseline(db, "Europe/London,Europe/Moscow", "2016-10-20",
	    "2016-11-10", "09:00", "17:30", "Mon-Fri");
	assert_true(fabs(got - want) < 1e-6);
	/* an hour that only the DST offset puts inside: 13:00-14:00Z on Monday
	 * 14 March is 09:00-10:00 EDT (inside); on Friday the 11th, 08:00 EST */
	assert_true(
	    fabs(baseline(db, "America/New_York", "2016-03-14T13:00:00Z",
	             "2016-03-14T14:00:00Z", "09:00", "18:00", "Mon-Fri") -
	        1.0) < 1e-9);
	assert_true(
	    fabs(baseline(db, "America/New_York", "2016-03-11T13:00:00Z",
	        "2016-03-11T14:00:00Z", "09:00", "18:00", "Mon-Fri")) < 1e-9);
	sqlite3_close(db);
}

static void
test_burstiness_baseline(void **state)
{
	sqlite3 *db = qdb();
	struct custody_result r;
	double mean, lo, hi, mean2, lo2, hi2;
	char iso[40];
	int k;

	(void)state;
	for (k = 0; k < 40; k++) {
		custody_time_format(
		    ns("2016-06-01T00:00:00Z") + (int64_t)k * 3600000000000LL,
		    0, iso);
		q(db, 1, iso, "192.0.2.1", "tick.example.com", NULL);
	}
	r = run(db, "burstiness", "host=tick.example.com", NULL);
	assert_true(fabs(dval(&r, 0, "b") + 1.0) < 1e-6);
	/* chance, for 39 gaps: near 0, and far above a periodic -1 */
	assert_true(dval(&r, 0, "baseline_lo") < dval(&r, 0, "baseline"));
	assert_true(dval(&r, 0, "baseline") < dval(&r, 0, "baseline_hi"));
	assert_true(fabs(dval(&r, 0, "baseline")) < 0.1);
	assert_true(dval(&r, 0, "baseline_lo") > -0.5);
	custody_result_release(&r);
	/* reproducible, and tighter around 0 for a long series */
	assert_true(custody_poisson_burstiness(39, &mean, &lo, &hi));
	assert_true(custody_poisson_burstiness(39, &mean2, &lo2, &hi2));
	assert_true(mean == mean2 && lo == lo2 && hi == hi2);
	assert_true(custody_poisson_burstiness(5000, &mean, &lo, &hi));
	assert_true(fabs(mean) < 0.005);
	assert_true(hi - lo < 0.05);
	/* a long series is scaled from 10,000 simulated gaps: narrower still */
	assert_true(custody_poisson_burstiness(4000000, &mean2, &lo2, &hi2));
	assert_true(fabs(mean2) < 0.001);
	assert_true(hi2 - lo2 > 0 && hi2 - lo2 < (hi - lo) / 10);
	sqlite3_close(db);
}

static void
test_units_and_bad_values(void **state)
{
	struct custody_error err = { 0 };
	struct custody_query *qq;
	struct custody_kv server[] = { { "host", "a.example" },
		{ "dedupe", "server" } };

	(void)state;
	assert_int_equal(
	    custody_query_load(&qq, "lookup_count", &err), CUSTODY_OK);
	assert_string_equal(
	    custody_query_unit(qq, NULL, 0), "queries (QR=0) as logged");
	assert_string_equal(custody_query_unit(qq, server, 2),
	    "queries (QR=0), duplicates across servers collapsed");
	custody_query_free(qq);
	assert_int_equal(
	    custody_query_load(&qq, "first_querier", &err), CUSTODY_OK);
	assert_null(custody_query_unit(qq, NULL, 0));
	custody_query_free(qq);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_baseline_against_every_minute),
		cmocka_unit_test(test_burstiness_baseline),
		cmocka_unit_test(test_units_and_bad_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
