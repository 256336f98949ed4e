/*
 * test_queries8.c: the queries for the critics' questions (issue 8), the
 * dedupe counting unit, and the baselines printed beside statistical
 * figures.
 *
 * Each case is built by hand so its answer is known before the query
 * runs: two resolvers 30 s apart for cooccurrence, a re-ask after 10 s
 * under a 300 s TTL for requery_within_ttl, one lookup logged by two
 * servers for cross_server_duplicates. The office-hours baseline is
 * checked against a count over every minute of the window made here with
 * the C library's own time zone code (localtime_r under TZ), which shares
 * nothing with lib/base/tz.c, over windows that hold a DST change.
 */
#include "querytest.h"

#include <math.h>
#include <time.h>





/* A second evidence item (another server's log), with a --source label. */
static void
evidence(sqlite3 *db, int id, const char *source)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "INSERT INTO evidence(id, sha256, sha512, size, original_name, "
	    "format, parser, parser_version, event_seq, parse_digest, source) VALUES (%d, "
	    "'%064d', 'x', 0, 'e%d', 'test', 'test', '0', %d, '', '%s')", id, id, id, id, source);
	exec(db, sql);
}

/* One DNS query (QR=0, type A) in evidence ev, logged by server (or NULL). */
static void
q(sqlite3 *db, int ev, const char *iso, const char *src, const char *qname, const char *server)
{
	static int loc;
	char sql[600];

	snprintf(sql, sizeof(sql), "INSERT INTO dns_message(evidence_id, loc_index, loc_offset, "
	    "time_ns, src, qr, rcode, qname, qtype, server) VALUES (%d, %d, 0, %lld, '%s', 0, 0, "
	    "'%s', 1, %s%s%s)", ev, ++loc, (long long)ns(iso), src, qname,
	    server ? "'" : "", server ? server : "NULL", server ? "'" : "");
	exec(db, sql);
}


/* The error a query gives with these parameters (it must fail). */
static enum custody_code
run_err(sqlite3 *db, const char *name, struct custody_kv *kv, size_t n, char *msg, size_t len)
{
	struct custody_error err = { 0 };
	struct custody_query *qq;
	struct custody_result r;
	enum custody_code rc;

	assert_int_equal(custody_query_load(&qq, name, &err), CUSTODY_OK);
	rc = custody_query_run_db(db, qq, kv, n, &r, &err);
	assert_int_not_equal(rc, CUSTODY_OK);
	snprintf(msg, len, "%.250s", err.msg);
	custody_query_free(qq);
	return rc;
}






#define H "host=mail1.example.com"

static sqlite3 *
orgs(void)
{
	sqlite3 *db = qdb();

	org(db, "192.0.2.0", "192.0.2.63", "192.0.2.0/26", "Alfa Bank");
	org(db, "192.0.2.64", "192.0.2.95", "192.0.2.64/27", "Spectrum Health");
	org(db, "2001:db8::", "2001:db8::ffff", "2001:db8::/112", "Other");
	return db;
}

static void
test_org_set_share_and_ratio(void **state)
{
	sqlite3 *db = orgs();
	struct custody_result r;

	(void)state;
	/* Alfa 4 (two addresses), Spectrum 2, Other 1, unattributed 1 */
	q(db, 1, "2016-05-04T10:00:00Z", "192.0.2.15", "mail1.example.com", NULL);
	q(db, 1, "2016-05-04T11:00:00Z", "192.0.2.15", "mail1.example.com", NULL);
	q(db, 1, "2016-05-04T12:00:00Z", "192.0.2.31", "mail1.example.com", NULL);
	q(db, 1, "2016-05-05T12:00:00Z", "192.0.2.31", "mail1.example.com", NULL);
	q(db, 1, "2016-05-04T13:00:00Z", "192.0.2.72", "mail1.example.com", NULL);
	q(db, 1, "2016-05-05T13:00:00Z", "192.0.2.72", "mail1.example.com", NULL);
	q(db, 1, "2016-05-05T14:00:00Z", "2001:db8::5", "mail1.example.com", NULL);
	q(db, 1, "2016-05-05T15:00:00Z", "10.1.1.1", "mail1.example.com", NULL);
	q(db, 1, "2016-05-05T15:00:00Z", "192.0.2.15", "other.example.com", NULL);
	r = run(db, "org_set_share", H, "orgs=Alfa Bank, Spectrum Health", NULL);
	assert_true(fabs(dval(&r, 0, "share") - 0.75) < 1e-9);
	assert_int_equal(ival(&r, 0, "lookups"), 6);
	assert_int_equal(ival(&r, 0, "total"), 8);
	assert_int_equal(ival(&r, 0, "orgs_seen"), 2);
	custody_result_release(&r);
	r = run(db, "org_set_share", H, "orgs=Alfa Bank,Nobody", "since=2016-05-05", NULL);
	assert_true(fabs(dval(&r, 0, "share") - 0.25) < 1e-9);
	assert_int_equal(ival(&r, 0, "orgs_seen"), 1);
	custody_result_release(&r);
	r = run(db, "org_set_share", "host=nothing.example.com", "orgs=Alfa Bank", NULL);
	assert_true(is_null(&r, 0, "share"));
	custody_result_release(&r);
	/* by organisation, and by address */
	r = run(db, "count_ratio", H, "num=Spectrum Health", "den=Alfa Bank", NULL);
	assert_true(fabs(dval(&r, 0, "ratio") - 0.5) < 1e-9);
	assert_int_equal(ival(&r, 0, "num_lookups"), 2);
	assert_int_equal(ival(&r, 0, "den_lookups"), 4);
	custody_result_release(&r);
	r = run(db, "count_ratio", H, "num=192.0.2.72", "den=192.0.2.31", NULL);
	assert_true(fabs(dval(&r, 0, "ratio") - 1.0) < 1e-9);
	custody_result_release(&r);
	r = run(db, "count_ratio", H, "num=Alfa Bank", "den=Nobody", NULL);
	assert_true(is_null(&r, 0, "ratio"));
	custody_result_release(&r);
	/* distinct_sources: 5 addresses, 3 organisations (NULL is no org) */
	r = run(db, "distinct_sources", H, NULL);
	assert_int_equal(ival(&r, 0, "sources"), 5);
	assert_int_equal(ival(&r, 0, "orgs"), 3);
	custody_result_release(&r);
	sqlite3_close(db);
}

static void
test_suffix_variants(void **state)
{
	sqlite3 *db = orgs();
	struct custody_result r;

	(void)state;
	q(db, 1, "2016-09-23T13:54:59Z", "192.0.2.37", "mail1.example.com.corp.alfa.example", NULL);
	q(db, 1, "2016-09-23T13:55:01Z", "192.0.2.37", "mail1.example.com.corp.alfa.example", NULL);
	q(db, 1, "2016-09-23T13:55:02Z", "192.0.2.37", "mail1.example.com.alfa.example", NULL);
	q(db, 1, "2016-09-23T14:00:00Z", "192.0.2.72", "mail1.example.com.spectrum.example", NULL);
	/* not variants: the name itself, a longer label, a prefix */
	q(db, 1, "2016-09-23T13:56:00Z", "192.0.2.37", "mail1.example.com", NULL);
	q(db, 1, "2016-09-23T13:56:00Z", "192.0.2.37", "mail1.example.community", NULL);
	q(db, 1, "2016-09-23T13:56:00Z", "192.0.2.37", "xmail1.example.com", NULL);
	r = run(db, "suffix_variants", H, "org=Alfa Bank", NULL);
	assert_int_equal(ival(&r, 0, "variants"), 3);
	assert_int_equal(ival(&r, 0, "names"), 2);
	assert_int_equal(r.nrow, 2);
	assert_string_equal(tval(&r, 0, "name"), "mail1.example.com.corp.alfa.example");
	assert_int_equal(ival(&r, 0, "lookups"), 2);
	assert_string_equal(tval(&r, 0, "first"), "2016-09-23T13:54:59Z");
	assert_string_equal(tval(&r, 0, "source"), "192.0.2.37");
	custody_result_release(&r);
	r = run(db, "suffix_variants", "host=MAIL1.example.com", NULL);
	assert_int_equal(ival(&r, 0, "variants"), 4);
	custody_result_release(&r);
	/* none: still one row, so a claim reads 0 and not "no rows" */
	r = run(db, "suffix_variants", H, "since=2016-09-24", NULL);
	assert_int_equal(r.nrow, 1);
	assert_int_equal(ival(&r, 0, "variants"), 0);
	assert_null(tval(&r, 0, "name"));
	custody_result_release(&r);
	sqlite3_close(db);
}

static void
test_address_coverage(void **state)
{
	sqlite3 *db = orgs();
	struct custody_result r;
	struct custody_kv bad[] = { { "addresses", "192.0.2.15,not-an-address" } };
	char msg[300];

	(void)state;
	q(db, 1, "2016-05-04T10:00:00Z", "192.0.2.15", "mail1.example.com", NULL);
	q(db, 1, "2016-06-04T10:00:00Z", "2001:db8::5", "mail1.example.com", NULL);
	q(db, 1, "2016-06-04T10:00:00Z", "192.0.2.72", "other.example.com", NULL);
	/* IPv6 in another text form, a repeat, spaces */
	r = run(db, "address_coverage", "addresses=192.0.2.15, 2001:DB8:0::5,192.0.2.99,"
	    "192.0.2.72,192.0.2.15", NULL);
	assert_int_equal(ival(&r, 0, "present"), 3);
	assert_int_equal(ival(&r, 0, "missing"), 1);
	assert_string_equal(tval(&r, 0, "missing_addresses"), "192.0.2.99");
	assert_string_equal(tval(&r, 0, "present_addresses"), "192.0.2.15,2001:db8::5,192.0.2.72");
	custody_result_release(&r);
	/* only lookups of the host, and a window */
	r = run(db, "address_coverage", "addresses=192.0.2.15,2001:db8::5,192.0.2.72", H,
	    "since=2016-06-01", NULL);
	assert_int_equal(ival(&r, 0, "missing"), 2);
	assert_string_equal(tval(&r, 0, "missing_addresses"), "192.0.2.15,192.0.2.72");
	custody_result_release(&r);
	assert_int_equal(run_err(db, "address_coverage", bad, 1, msg, sizeof(msg)), CUSTODY_ERR_USAGE);
	assert_non_null(strstr(msg, "not-an-address"));
	assert_non_null(strstr(msg, "entry 2"));
	sqlite3_close(db);
}

static void
test_interarrival_mode(void **state)
{
	sqlite3 *db = orgs();
	struct custody_result r;
	char iso[40];
	int k;

	(void)state;
	/* A: a cache refreshing hourly (5 gaps of 3,600 s, one of 3,601);
	 * B: three gaps of 10 s. Gaps are per source, never A to B. */
	for (k = 0; k < 6; k++) {
		custody_time_format(ns("2016-06-01T08:00:00Z") + (int64_t)k * 3600000000000LL +
		    (k == 5 ? 1000000000LL : 0), 0, iso);
		q(db, 1, iso, "192.0.2.15", "mail1.example.com", NULL);
	}
	for (k = 0; k < 4; k++) {
		custody_time_format(ns("2016-06-01T08:00:05Z") + (int64_t)k * 10000000000LL, 0, iso);
		q(db, 1, iso, "192.0.2.31", "mail1.example.com", NULL);
	}
	r = run(db, "interarrival_mode", H, "org=Alfa Bank", NULL);
	assert_int_equal(ival(&r, 0, "mode_s"), 3600);
	assert_int_equal(ival(&r, 0, "mode_gaps"), 4);
	assert_int_equal(ival(&r, 0, "gaps"), 8);
	assert_int_equal(ival(&r, 0, "sources"), 2);
	custody_result_release(&r);
	/* bins of 60 s put 3,601 with 3,600 */
	r = run(db, "interarrival_mode", H, "bin=60", NULL);
	assert_int_equal(ival(&r, 0, "mode_s"), 3600);
	assert_int_equal(ival(&r, 0, "mode_gaps"), 5);
	custody_result_release(&r);
	/* B alone */
	r = run(db, "interarrival_mode", H, "since=2016-06-01T08:00:01Z",
	    "until=2016-06-01T09:00:00Z", NULL);
	assert_int_equal(ival(&r, 0, "mode_s"), 10);
	custody_result_release(&r);
	r = run(db, "interarrival_mode", "host=none.example.com", NULL);
	assert_true(is_null(&r, 0, "mode_s"));
	assert_int_equal(ival(&r, 0, "gaps"), 0);
	custody_result_release(&r);
	sqlite3_close(db);
}

static void
test_requery_within_ttl(void **state)
{
	sqlite3 *db = orgs();
	struct custody_result r;

	(void)state;
	/* no answer in the case and no ttl: no figure */
	q(db, 1, "2016-06-01T10:00:00Z", "192.0.2.15", "mail1.example.com", NULL);
	q(db, 1, "2016-06-01T10:00:10Z", "192.0.2.15", "mail1.example.com", NULL);
	q(db, 1, "2016-06-01T10:06:50Z", "192.0.2.15", "mail1.example.com", NULL);
	/* another resolver 5 s later is not a re-ask of the first */
	q(db, 1, "2016-06-01T10:00:05Z", "192.0.2.31", "mail1.example.com", NULL);
	r = run(db, "requery_within_ttl", H, NULL);
	assert_true(is_null(&r, 0, "requeries"));
	assert_true(is_null(&r, 0, "ttl"));
	custody_result_release(&r);
	/* an answer with TTL 300 somewhere in the case (a capture, say) */
	exec(db, "INSERT INTO dns_message(id, evidence_id, loc_index, loc_offset, time_ns, qr, qname, "
	    "qtype, rcode, ancount) VALUES (9000, 1, 9000, 0, 1464775200000000000, 1, "
	    "'mail1.example.com', 1, 0, 1)");
	exec(db, "INSERT INTO dns_answer(evidence_id, loc_index, loc_offset, message_id, section, "
	    "idx, name, type, class, ttl, rdata) VALUES (1, 9000, 0, 9000, 1, 0, "
	    "'mail1.example.com', 1, 1, 300, '203.0.113.29')");
	/* a non-address record of the host with a longer TTL is not the
	 * TTL of an address lookup: it does not count */
	exec(db, "INSERT INTO dns_answer(evidence_id, loc_index, loc_offset, message_id, section, "
	    "idx, name, type, class, ttl, rdata) VALUES (1, 9000, 0, 9000, 1, 1, "
	    "'mail1.example.com', 16, 1, 86400, 'v=spf1 -all')");
	/* re-asked after 10 s under a 300 s TTL: one; 400 s later: not */
	r = run(db, "requery_within_ttl", H, NULL);
	assert_int_equal(ival(&r, 0, "ttl"), 300);
	assert_int_equal(ival(&r, 0, "requeries"), 1);
	assert_int_equal(ival(&r, 0, "lookups"), 4);
	assert_true(fabs(dval(&r, 0, "share") - 0.25) < 1e-9);
	assert_true(fabs(dval(&r, 0, "median_gap_s") - 10) < 1e-9);
	custody_result_release(&r);
	/* a TTL given overrides: with 5 s, nothing; with 3,600 s, both */
	r = run(db, "requery_within_ttl", H, "ttl=5", NULL);
	assert_int_equal(ival(&r, 0, "requeries"), 0);
	custody_result_release(&r);
	r = run(db, "requery_within_ttl", H, "ttl=3600", "org=Alfa Bank", NULL);
	assert_int_equal(ival(&r, 0, "requeries"), 2);
	custody_result_release(&r);
	sqlite3_close(db);
}

static void
test_cooccurrence(void **state)
{
	sqlite3 *db = orgs();
	struct custody_result r;

	(void)state;
	/* two Alfa addresses 30 s apart, once; A alone later; Spectrum 5 s
	 * from A, which is not Alfa and does not count */
	q(db, 1, "2016-06-01T10:00:00Z", "192.0.2.15", "mail1.example.com", NULL);
	q(db, 1, "2016-06-01T10:00:30Z", "192.0.2.31", "mail1.example.com", NULL);
	q(db, 1, "2016-06-02T10:00:00Z", "192.0.2.15", "mail1.example.com", NULL);
	q(db, 1, "2016-06-02T10:00:05Z", "192.0.2.72", "mail1.example.com", NULL);
	r = run(db, "cooccurrence", H, "org=Alfa Bank", "seconds=60", NULL);
	assert_int_equal(ival(&r, 0, "lookups"), 3);
	assert_int_equal(ival(&r, 0, "together"), 2);
	assert_int_equal(ival(&r, 0, "sources"), 2);
	assert_true(fabs(dval(&r, 0, "share") - 2.0 / 3) < 1e-6);
	custody_result_release(&r);
	r = run(db, "cooccurrence", H, "org=Alfa Bank", "seconds=10", NULL);
	assert_int_equal(ival(&r, 0, "together"), 0);
	custody_result_release(&r);
	r = run(db, "cooccurrence", H, "org=Alfa Bank", "seconds=30", "source=192.0.2.31", NULL);
	assert_int_equal(ival(&r, 0, "lookups"), 1);
	assert_true(fabs(dval(&r, 0, "share") - 1.0) < 1e-9);
	custody_result_release(&r);
	/* with Spectrum counted as the same organisation, the 5 s pair joins */
	r = run(db, "cooccurrence", H, "org=Alfa Bank,Spectrum Health", "seconds=10", NULL);
	assert_int_equal(ival(&r, 0, "together"), 2);
	custody_result_release(&r);
	sqlite3_close(db);
}

/* ns1's log (evidence 1) and ns2's (evidence 2), with one lookup in both. */
static sqlite3 *
two_servers(void)
{
	sqlite3 *db = orgs();

	exec(db, "UPDATE evidence SET source = 'logs' WHERE id = 1");
	evidence(db, 2, "logs");
	evidence(db, 3, "capture");
	q(db, 1, "2016-06-01T10:00:00Z", "192.0.2.15", "mail1.example.com", NULL);
	q(db, 1, "2016-06-01T10:05:00Z", "192.0.2.72", "mail1.example.com", NULL);
	q(db, 2, "2016-06-01T10:00:00Z", "192.0.2.15", "mail1.example.com", NULL); /* duplicate */
	q(db, 2, "2016-06-01T10:05:00Z", "192.0.2.15", "mail1.example.com", NULL); /* other source */
	q(db, 2, "2016-06-01T12:00:00Z", "192.0.2.15", "mail1.example.com", NULL);
	/* one server logging the same lookup twice is a retry, not a duplicate */
	q(db, 1, "2016-06-01T13:00:00Z", "192.0.2.31", "mail1.example.com", NULL);
	q(db, 1, "2016-06-01T13:00:00Z", "192.0.2.31", "mail1.example.com", NULL);
	/* a merged log naming its servers: duplicates within one item */
	q(db, 3, "2016-06-01T14:00:00Z", "192.0.2.15", "mail1.example.com", "ns1");
	q(db, 3, "2016-06-01T14:00:00Z", "192.0.2.15", "mail1.example.com", "ns2");
	q(db, 3, "2016-06-01T14:00:00Z", "192.0.2.15", "mail1.example.com", "ns2");
	return db;
}

static void
test_cross_server_duplicates(void **state)
{
	sqlite3 *db = two_servers();
	struct custody_result r;

	(void)state;
	r = run(db, "cross_server_duplicates", H, "evidence=logs", NULL);
	assert_string_equal(tval(&r, 0, "org"), "all");
	assert_int_equal(ival(&r, 0, "logged"), 7);
	assert_int_equal(ival(&r, 0, "duplicates"), 1);
	assert_int_equal(ival(&r, 0, "collapsed"), 6);
	assert_string_equal(tval(&r, 1, "org"), "Alfa Bank");
	assert_int_equal(ival(&r, 1, "logged"), 6);
	assert_int_equal(ival(&r, 1, "collapsed"), 5);
	assert_true(fabs(dval(&r, 1, "share_logged") - 6.0 / 7) < 1e-6);
	assert_true(fabs(dval(&r, 1, "share_collapsed") - 5.0 / 6) < 1e-6);
	assert_string_equal(tval(&r, 2, "org"), "Spectrum Health");
	custody_result_release(&r);
	/* the same figures through dedupe, in every counting query */
	r = run(db, "lookup_count", H, "evidence=logs", NULL);
	assert_int_equal(ival(&r, 0, "lookups"), 7);
	custody_result_release(&r);
	r = run(db, "lookup_count", H, "evidence=logs", "dedupe=server", NULL);
	assert_int_equal(ival(&r, 0, "lookups"), 6);
	custody_result_release(&r);
	r = run(db, "lookup_share", H, "evidence=logs", "org=Alfa Bank", "dedupe=server", NULL);
	assert_true(fabs(dval(&r, 0, "share") - 5.0 / 6) < 1e-6);
	custody_result_release(&r);
	r = run(db, "daily_series", H, "evidence=logs", "dedupe=server", NULL);
	assert_int_equal(ival(&r, 0, "lookups"), 6);
	custody_result_release(&r);
	/* within one merged log, by server name: three records, two ns2 */
	r = run(db, "cross_server_duplicates", H, "evidence=capture", NULL);
	assert_int_equal(ival(&r, 0, "logged"), 3);
	assert_int_equal(ival(&r, 0, "duplicates"), 2);
	custody_result_release(&r);
	/* seconds=301: 10:00 at ns1 and 10:05 at ns2 from one source count as
	 * one lookup too */
	r = run(db, "cross_server_duplicates", H, "evidence=logs", "seconds=301", NULL);
	assert_int_equal(ival(&r, 0, "duplicates"), 2);
	custody_result_release(&r);
	/* the duplicate is a 0 s requery as logged, none once collapsed */
	r = run(db, "requery_within_ttl", H, "evidence=logs", "ttl=60", "org=Alfa Bank", NULL);
	assert_int_equal(ival(&r, 0, "requeries"), 2); /* ns1+ns2 at 10:00, the retry at 13:00 */
	custody_result_release(&r);
	r = run(db, "requery_within_ttl", H, "evidence=logs", "ttl=60", "org=Alfa Bank",
	    "dedupe=server", NULL);
	assert_int_equal(ival(&r, 0, "requeries"), 1);
	custody_result_release(&r);
	sqlite3_close(db);
}

static void
test_time_order(void **state)
{
	sqlite3 *db = qdb();
	struct custody_result r;
	char iso[40];
	int k;

	(void)state;
	exec(db, "UPDATE evidence SET source = 'log' WHERE id = 1");
	/* 60 queries a minute apart, one written 3 minutes late, a 5-hour
	 * hole, 10 more */
	for (k = 0; k < 60; k++) {
		custody_time_format(ns("2016-06-01T08:00:00Z") + (int64_t)k * 60000000000LL, 0, iso);
		q(db, 1, iso, "192.0.2.15", "a.example.com", NULL);
		if (k == 30)
			q(db, 1, "2016-06-01T08:27:00Z", "192.0.2.15", "a.example.com", NULL);
	}
	for (k = 0; k < 10; k++) {
		custody_time_format(ns("2016-06-01T13:59:00Z") + (int64_t)k * 60000000000LL, 0, iso);
		q(db, 1, iso, "192.0.2.15", "a.example.com", NULL);
	}
	r = run(db, "time_order", "evidence=log", NULL);
	assert_int_equal(ival(&r, 0, "out_of_order"), 1);
	assert_true(fabs(dval(&r, 0, "largest_step_back_s") - 180) < 1e-9);
	assert_int_equal(ival(&r, 0, "gaps"), 1);
	assert_int_equal(r.nrow, 1);
	assert_string_equal(tval(&r, 0, "gap_start"), "2016-06-01T08:59:00Z");
	assert_true(fabs(dval(&r, 0, "gap_s") - 5 * 3600) < 1e-9);
	assert_true(fabs(dval(&r, 0, "median_s") - 60) < 1e-9);
	custody_result_release(&r);
	/* a tolerance over the step hides it */
	r = run(db, "time_order", "evidence=log", "tolerance_ms=200000", NULL);
	assert_int_equal(ival(&r, 0, "out_of_order"), 0);
	assert_true(fabs(dval(&r, 0, "largest_step_back_s")) < 1e-9);
	custody_result_release(&r);
	sqlite3_close(db);
}

static void
test_daily_stats_and_periods(void **state)
{
	sqlite3 *db = orgs();
	struct custody_result r;
	char iso[40];
	int d, k;

	(void)state;
	/* 10 days from 1 June: 2 a day, 8 on the 4th and 5th, none on the 8th */
	for (d = 0; d < 10; d++) {
		int n = d == 3 || d == 4 ? 8 : d == 7 ? 0 : 2;

		for (k = 0; k < n; k++) {
			custody_time_format(ns("2016-06-01T09:00:00Z") + (int64_t)d * 86400000000000LL +
			    (int64_t)k * 60000000000LL, 0, iso);
			q(db, 1, iso, "192.0.2.15", "mail1.example.com", NULL);
		}
	}
	r = run(db, "daily_stats", H, NULL);
	assert_int_equal(ival(&r, 0, "max"), 8);
	assert_string_equal(tval(&r, 0, "max_day"), "2016-06-04");
	assert_true(fabs(dval(&r, 0, "median") - 2) < 1e-9);
	assert_int_equal(ival(&r, 0, "days"), 10);
	assert_int_equal(ival(&r, 0, "zero_days"), 1);
	assert_int_equal(ival(&r, 0, "span_days"), 10);
	assert_string_equal(tval(&r, 0, "first_day"), "2016-06-01");
	custody_result_release(&r);
	r = run(db, "daily_stats", H, "since=2016-05-30", "until=2016-06-03", NULL);
	assert_int_equal(ival(&r, 0, "days"), 4);
	assert_int_equal(ival(&r, 0, "zero_days"), 2);
	assert_int_equal(ival(&r, 0, "span_days"), 2);
	custody_result_release(&r);
	/* 4-5 June: mean 8 against (7 * 2 + 0) / 8 = 1.75 */
	r = run(db, "period_ratio", H, "periods=2016-06-04/2016-06-05", NULL);
	assert_true(fabs(dval(&r, 0, "ratio") - 8 / 1.75) < 1e-3);
	assert_int_equal(ival(&r, 0, "in_days"), 2);
	assert_int_equal(ival(&r, 0, "out_days"), 8);
	custody_result_release(&r);
	/* a quiet day and one outside the series */
	r = run(db, "period_ratio", H, "periods=2016-06-08, 2017-01-01", NULL);
	assert_true(fabs(dval(&r, 0, "ratio")) < 1e-9);
	assert_int_equal(ival(&r, 0, "in_days"), 1);
	custody_result_release(&r);
	sqlite3_close(db);
}

/* The share of minutes of [since, until) inside the hours in any zone,
 * counted with the C library (TZ and localtime_r), one minute at a time. */
static double
direct_share(const char *zones, int64_t since, int64_t until, int start_min, int end_min,
    unsigned days)
{
	char buf[256], *p, *save = NULL, *old = getenv("TZ"), oldtz[256];
	size_t n = (size_t)((until - since) / 60), k;
	bool *inside = calloc(n + 1, sizeof(*inside));
	int64_t in = 0;

	assert_non_null(inside);
	snprintf(oldtz, sizeof(oldtz), "%s", old != NULL ? old : "");
	snprintf(buf, sizeof(buf), "%s", zones);
	for (p = strtok_r(buf, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
		setenv("TZ", p, 1);
		tzset();
		for (k = 0; k < n; k++) {
			time_t tt = (time_t)(since + (int64_t)k * 60);
			struct tm tm;
			int m;

			assert_non_null(localtime_r(&tt, &tm));
			m = tm.tm_hour * 60 + tm.tm_min;
			inside[k] |= (days & (1u << tm.tm_wday)) && m >= start_min && m < end_min;
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
baseline(sqlite3 *db, const char *tz, const char *since, const char *until, const char *start,
    const char *end, const char *weekdays)
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
	q(db, 1, "2016-06-01T10:00:00Z", "192.0.2.15", "mail1.example.com", NULL);
	/* the casefile's window, New York or Moscow: about 0.48 */
	want = direct_share("America/New_York,Europe/Moscow", ns("2016-05-04") / 1000000000,
	    ns("2016-09-24") / 1000000000, 9 * 60, 18 * 60, MON_FRI);
	got = baseline(db, "America/New_York,Europe/Moscow", "2016-05-04", "2016-09-24", "09:00",
	    "18:00", "Mon-Fri");
	assert_true(fabs(got - want) < 1e-6);
	assert_true(fabs(got - 0.48) < 0.005);
	/* March 2016 in New York: EST to EDT on Sunday the 13th */
	want = direct_share("America/New_York", ns("2016-03-01") / 1000000000,
	    ns("2016-04-01") / 1000000000, 9 * 60, 18 * 60, MON_FRI);
	got = baseline(db, "America/New_York", "2016-03-01", "2016-04-01", "09:00", "18:00",
	    "Mon-Fri");
	assert_true(fabs(got - want) < 1e-6);
	/* Sundays 01:00-04:00 local: on the 13th 02:00-03:00 does not exist */
	want = direct_share("America/New_York", ns("2016-03-01") / 1000000000,
	    ns("2016-04-01") / 1000000000, 60, 240, SUN);
	got = baseline(db, "America/New_York", "2016-03-01", "2016-04-01", "01:00", "04:00", "Sun");
	assert_true(fabs(got - want) < 1e-6);
	/* London's change back (30 October) and Moscow without DST */
	want = direct_share("Europe/London,Europe/Moscow", ns("2016-10-20") / 1000000000,
	    ns("2016-11-10") / 1000000000, 9 * 60, 17 * 60 + 30, MON_FRI);
	got = baseline(db, "Europe/London,Europe/Moscow", "2016-10-20", "2016-11-10", "09:00",
	    "17:30", "Mon-Fri");
	assert_true(fabs(got - want) < 1e-6);
	/* an hour that only the DST offset puts inside: 13:00-14:00Z on Monday
	 * 14 March is 09:00-10:00 EDT (inside); on Friday the 11th, 08:00 EST */
	assert_true(fabs(baseline(db, "America/New_York", "2016-03-14T13:00:00Z",
	    "2016-03-14T14:00:00Z", "09:00", "18:00", "Mon-Fri") - 1.0) < 1e-9);
	assert_true(fabs(baseline(db, "America/New_York", "2016-03-11T13:00:00Z",
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
		custody_time_format(ns("2016-06-01T00:00:00Z") + (int64_t)k * 3600000000000LL, 0, iso);
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
	struct custody_kv server[] = { { "host", "a.example" }, { "dedupe", "server" } };
	struct custody_kv bad[] = { { "host", "a.example" }, { "dedupe", "packets" } };
	struct custody_kv per[] = { { "host", "a.example" }, { "periods", "2016-06-24/June" } };
	sqlite3 *db = qdb();
	char msg[300];

	(void)state;
	assert_int_equal(custody_query_load(&qq, "lookup_count", &err), CUSTODY_OK);
	assert_string_equal(custody_query_unit(qq, NULL, 0), "queries (QR=0) as logged");
	assert_string_equal(custody_query_unit(qq, server, 2),
	    "queries (QR=0), duplicates across servers collapsed");
	custody_query_free(qq);
	assert_int_equal(custody_query_load(&qq, "first_querier", &err), CUSTODY_OK);
	assert_null(custody_query_unit(qq, NULL, 0));
	custody_query_free(qq);
	assert_int_equal(run_err(db, "lookup_count", bad, 2, msg, sizeof(msg)), CUSTODY_ERR_USAGE);
	assert_non_null(strstr(msg, "packets"));
	assert_int_equal(run_err(db, "period_ratio", per, 2, msg, sizeof(msg)), CUSTODY_ERR_USAGE);
	assert_non_null(strstr(msg, "periods"));
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org_set_share_and_ratio),
		cmocka_unit_test(test_suffix_variants),
		cmocka_unit_test(test_address_coverage),
		cmocka_unit_test(test_interarrival_mode),
		cmocka_unit_test(test_requery_within_ttl),
		cmocka_unit_test(test_cooccurrence),
		cmocka_unit_test(test_cross_server_duplicates),
		cmocka_unit_test(test_time_order),
		cmocka_unit_test(test_daily_stats_and_periods),
		cmocka_unit_test(test_baseline_against_every_minute),
		cmocka_unit_test(test_burstiness_baseline),
		cmocka_unit_test(test_units_and_bad_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
