/*
 * test_query.c: the fixed queries and the SQL functions they call.
 *
 * Rows are written straight into a scratch database, so each figure here
 * is known before the query runs; the office-hours baseline is checked
 * against the figures the casefile computed on its own (48.0% for New York
 * or Moscow over the CNN window).
 */
#include "querytest.h"

#include <math.h>





/* One DNS message; qr 0 query, 1 response. */
static void
msg(sqlite3 *db, const char *iso, const char *src, const char *qname, int qtype, int qr,
    int rcode, int ancount)
{
	static int loc;
	char sql[512];

	snprintf(sql, sizeof(sql), "INSERT INTO dns_message(evidence_id, loc_index, loc_offset, "
	    "time_ns, src, qr, rcode, qname, qtype, ancount) VALUES (1, %d, 0, %lld, '%s', %d, "
	    "%d, '%s', %d, %d)", ++loc, (long long)ns(iso), src, qr, rcode, qname, qtype, ancount);
	exec(db, sql);
}

static void
flow(sqlite3 *db, const char *iso, const char *src, const char *dst, int dport, int est)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "INSERT INTO flow(evidence_id, loc_index, loc_offset, proto, src, "
	    "sport, dst, dport, first_ns, last_ns, packets, bytes_fwd, bytes_rev, syn, synack, rst, "
	    "established) VALUES (1, 1, 0, 'tcp', '%s', 40000, '%s', %d, %lld, %lld, 3, 0, 0, 1, "
	    "%d, %d, %d)", src, dst, dport, (long long)ns(iso), (long long)ns(iso) + 1000000000,
	    est, !est, est);
	exec(db, sql);
}






/* Every query file loads, its header declares exactly the parameters its
 * statement uses, and it prepares against a fresh case. */
static void
test_every_query_prepares(void **state)
{
	const char *const *names = custody_query_names();
	sqlite3 *db = qdb();
	size_t i, j, count = 0;

	(void)state;
	for (i = 0; names[i] != NULL; i++, count++) {
		struct custody_error err = { 0 };
		struct custody_query *q;
		sqlite3_stmt *st;
		int k;

		if (custody_query_load(&q, names[i], &err) != CUSTODY_OK)
			fail_msg("%s: %s", names[i], err.msg);
		if (sqlite3_prepare_v2(db, q->text, (int)q->len, &st, NULL) != SQLITE_OK)
			fail_msg("%s: %s", names[i], sqlite3_errmsg(db));
		for (k = 1; k <= sqlite3_bind_parameter_count(st); k++) {
			const char *pn = sqlite3_bind_parameter_name(st, k);

			if (pn == NULL || custody_query_param(q, pn + 1) == NULL)
				fail_msg("%s uses %s without declaring it", names[i], pn ? pn : "?");
		}
		for (j = 0; j < q->nparam; j++) {
			char p[80];

			snprintf(p, sizeof(p), ":%s", q->param[j].name);
			if (sqlite3_bind_parameter_index(st, p) == 0)
				fail_msg("%s declares %s and never uses it", names[i], q->param[j].name);
		}
		assert_true(strlen(q->sha256) == 64);
		sqlite3_finalize(st);
		custody_query_free(q);
	}
	assert_true(count >= 16);
	sqlite3_close(db);
}

/* A value for each parameter a host query may need. */
static const char *
param_value(const struct custody_query_param *p)
{
	static const char *const v[][2] = { { "host", "mail1.example.com" },
		{ "host_a", "mail1.example.com" }, { "host_b", "new.example.com" },
		{ "org", "Alfa Bank" }, { "orgs", "Alfa Bank,Spectrum Health" },
		{ "num", "Alfa Bank" }, { "den", "Spectrum Health" }, { "tz", "UTC" },
		{ "port", "25" }, { "minutes", "5" }, { "seconds", "60" },
		{ "periods", "2016-05-04" }, { "addresses", "192.0.2.1,192.0.2.9" },
		{ "evidence_a", "1" }, { "evidence_b", "1" }, { "tolerance_ms", "1000" } };
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(p->name, v[i][0]) == 0)
			return v[i][1];
	return p->def; /* NULL for an optional one */
}

/* Host-filtered queries (given a host) must find the host's rows through
 * an index, not by reading every record of the case: run on a case of 4,000 messages
 * of other names (with their answers and flows), each takes fewer steps
 * of full scans than that (a UNION ALL arm of a view that cannot match,
 * such as the OPT records for an address query, is planned as a scan but
 * never run), and its plan names msg_qname. */
static void
test_host_queries_use_index(void **state)
{
	const char *const *names = custody_query_names();
	sqlite3 *db = qdb();
	size_t i, checked = 0;
	int k;

	(void)state;
	exec(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
	    " INSERT INTO dns_message(evidence_id, loc_index, loc_offset, time_ns, src, qr, qname,"
	    " qtype, edns_udp) SELECT 1, i, i * 100, 1462356000000000000 + i * 1000000000,"
	    " '192.0.2.' || (i % 200), i % 2, 'name' || (i % 50) || '.example.org', 1, 1232 FROM n");
	exec(db, "INSERT INTO dns_answer(evidence_id, loc_index, loc_offset, message_id, section, idx,"
	    " name, type, class, ttl, rdata) SELECT evidence_id, loc_index, loc_offset, id, 1, 0, qname,"
	    " 1, 1, 300, '198.51.100.' || (id % 100) FROM dns_message WHERE qr = 1");
	exec(db, "INSERT INTO flow(evidence_id, loc_index, loc_offset, proto, src, sport, dst, dport,"
	    " first_ns, last_ns, packets, bytes_fwd, bytes_rev) SELECT 1, loc_index, loc_offset, 'udp',"
	    " src, 40000, '198.51.100.1', 53, time_ns, time_ns, 1, 40, 0 FROM dns_message");
	msg(db, "2016-05-04T10:00:00Z", "192.0.2.1", "mail1.example.com", 1, 0, 0, 0);
	msg(db, "2016-05-04T10:00:01Z", "192.0.2.1", "mail1.example.com", 1, 1, 0, 1);
	for (i = 0; names[i] != NULL; i++) {
		struct custody_error err = { 0 };
		struct custody_query *q;
		sqlite3_stmt *st;
		char *sql;
		bool index = false;
		int full;

		assert_int_equal(custody_query_load(&q, names[i], &err), CUSTODY_OK);
		if (custody_query_param(q, "host") == NULL) {
			custody_query_free(q);
			continue;
		}
		custody_layout_index_on_use(db, names[i]); /* as custody_query_run_db() does */
		assert_non_null(sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %.*s", (int)q->len, q->text));
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			if (strstr((const char *)sqlite3_column_text(st, 3), "msg_qname") != NULL ||
			    strstr((const char *)sqlite3_column_text(st, 3), "msg_src") != NULL)
				index = true;
		sqlite3_finalize(st);
		sqlite3_free(sql);
		if (!index && (custody_query_needs(q, "lookups") || custody_query_needs(q, "responses")))
			fail_msg("%s reads dns_message without the qname index", names[i]);
		assert_int_equal(sqlite3_prepare_v2(db, q->text, (int)q->len, &st, NULL), SQLITE_OK);
		for (k = 1; k <= sqlite3_bind_parameter_count(st); k++) {
			const struct custody_query_param *p =
			    custody_query_param(q, sqlite3_bind_parameter_name(st, k) + 1);
			const char *v = param_value(p);

			if (v != NULL)
				sqlite3_bind_text(st, k, v, -1, SQLITE_STATIC);
		}
		while ((k = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (k != SQLITE_DONE)
			fail_msg("%s: %s", names[i], sqlite3_errmsg(db));
		full = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
		if (full >= 4000)
			fail_msg("%s: %d steps of full scans (it reads every message)", names[i], full);
		sqlite3_finalize(st);
		custody_query_free(q);
		checked++;
	}
	assert_true(checked >= 20);
	sqlite3_close(db);
}

static sqlite3 *
sample(void)
{
	sqlite3 *db = qdb();

	org(db, "192.0.2.0", "192.0.2.15", "192.0.2.0/28", "Alfa Bank");
	org(db, "192.0.2.0", "192.0.2.255", "192.0.2.0/24", "Wide ISP");
	org(db, "198.51.100.0", "198.51.100.255", "198.51.100.0/24", "Spectrum Health");
	org(db, "2001:db8::", "2001:db8::ffff", "2001:db8::/112", "Alfa Bank");
	org(db, "203.0.113.0", "203.0.113.255", "203.0.113.0/24", "Listrak/Cendyn");
	/* Alfa: 4 lookups (one v6, one MX), Spectrum 2, the ISP 1, unknown 1. */
	msg(db, "2016-05-04T10:00:00Z", "192.0.2.1", "mail1.example.com", 1, 0, 0, 0);
	msg(db, "2016-05-04T10:00:00Z", "192.0.2.1", "mail1.example.com", 1, 1, 0, 1);
	msg(db, "2016-05-05T06:00:00Z", "192.0.2.2", "mail1.example.com", 1, 0, 0, 0);
	msg(db, "2016-05-07T12:00:00Z", "2001:db8::5", "mail1.example.com", 28, 0, 0, 0);
	msg(db, "2016-05-07T12:00:01Z", "192.0.2.2", "mail1.example.com", 15, 0, 0, 0);
	msg(db, "2016-05-05T14:00:00Z", "198.51.100.7", "mail1.example.com", 1, 0, 0, 0);
	msg(db, "2016-05-06T23:30:00Z", "198.51.100.7", "mail1.example.com", 1, 0, 0, 0);
	msg(db, "2016-05-06T01:00:00Z", "192.0.2.200", "mail1.example.com", 1, 0, 0, 0);
	msg(db, "2016-05-08T00:00:00Z", "10.9.9.9", "mail1.example.com", 1, 0, 0, 0);
	msg(db, "2016-05-08T00:00:00Z", "10.9.9.9", "other.example.com", 1, 0, 0, 0);
	/* the name stops resolving on the 8th, another appears on the 12th */
	msg(db, "2016-05-08T09:00:00Z", "192.0.2.1", "mail1.example.com", 1, 1, 0, 1);
	msg(db, "2016-05-08T10:00:00Z", "192.0.2.1", "mail1.example.com", 1, 1, 3, 0);
	msg(db, "2016-05-09T10:00:00Z", "192.0.2.1", "mail1.example.com", 1, 1, 2, 0);
	msg(db, "2016-05-12T08:00:00Z", "192.0.2.3", "new.example.com", 1, 0, 0, 0);
	msg(db, "2016-05-12T09:00:00Z", "198.51.100.7", "new.example.com", 1, 0, 0, 0);
	/* an answer takes its message's evidence and locator */
	exec(db, "INSERT INTO dns_answer(evidence_id, loc_index, loc_offset, message_id, section, "
	    "idx, name, type, class, ttl, rdata) SELECT evidence_id, loc_index, loc_offset, id, 1, 0, "
	    "'mail1.example.com', 1, 1, 3600, '203.0.113.29' FROM dns_message WHERE id = 2");
	return db;
}

static void
test_counts_and_shares(void **state)
{
	sqlite3 *db = sample();
	struct custody_result r;

	(void)state;
	r = run(db, "lookup_count", "host=MAIL1.example.com", NULL);
	assert_int_equal(ival(&r, 0, "lookups"), 8);
	custody_result_release(&r);
	/* the most specific range wins: 192.0.2.200 is the ISP's, 192.0.2.1 Alfa's */
	r = run(db, "lookup_count", "host=mail1.example.com", "org=Alfa Bank", NULL);
	assert_int_equal(ival(&r, 0, "lookups"), 4);
	custody_result_release(&r);
	r = run(db, "lookup_count", "host=mail1.example.com", "org=Wide ISP", NULL);
	assert_int_equal(ival(&r, 0, "lookups"), 1);
	custody_result_release(&r);
	/* until is exclusive, since inclusive */
	r = run(db, "lookup_count", "host=mail1.example.com", "org=Alfa Bank", "since=2016-05-04",
	    "until=2016-05-07T12:00:00Z", NULL);
	assert_int_equal(ival(&r, 0, "lookups"), 2);
	custody_result_release(&r);
	r = run(db, "lookup_count", "host=mail1.example.com", "qtype=MX", NULL);
	assert_int_equal(ival(&r, 0, "lookups"), 1);
	custody_result_release(&r);
	r = run(db, "lookup_share", "host=mail1.example.com", "org=Alfa Bank", NULL);
	assert_int_equal(ival(&r, 0, "lookups"), 4);
	assert_int_equal(ival(&r, 0, "total"), 8);
	assert_true(fabs(dval(&r, 0, "share") - 0.5) < 1e-9);
	custody_result_release(&r);
	r = run(db, "lookup_share", "host=mail1.example.com", "org=Alfa Bank,Spectrum Health", NULL);
	assert_true(fabs(dval(&r, 0, "share") - 0.75) < 1e-9);
	custody_result_release(&r);
	r = run(db, "lookup_share", "host=nobody.example.com", "org=Alfa Bank", NULL);
	assert_int_equal(cell(&r, 0, "share")->type, CUSTODY_CELL_NULL);
	custody_result_release(&r);
	r = run(db, "source_breakdown", "host=mail1.example.com", NULL);
	assert_int_equal(r.nrow, 6);
	assert_string_equal(tval(&r, 0, "org"), "Alfa Bank");
	assert_string_equal(tval(&r, 0, "source"), "192.0.2.2");
	assert_int_equal(ival(&r, 0, "lookups"), 2);
	assert_null(tval(&r, 5, "org"));
	custody_result_release(&r);
	r = run(db, "distinct_sources", "host=mail1.example.com", NULL);
	assert_int_equal(ival(&r, 0, "sources"), 6);
	custody_result_release(&r);
	r = run(db, "qtype_mix", "host=mail1.example.com", "org=Alfa Bank", NULL);
	assert_string_equal(tval(&r, 0, "qtype"), "A");
	assert_int_equal(ival(&r, 0, "lookups"), 2);
	assert_int_equal(r.nrow, 3);
	custody_result_release(&r);
	sqlite3_close(db);
}

static void
test_time_series(void **state)
{
	sqlite3 *db = sample();
	struct custody_result r;
	int64_t total = 0;
	size_t i;

	(void)state;
	r = run(db, "daily_series", "host=mail1.example.com", NULL);
	assert_int_equal(r.nrow, 5); /* 4th to 8th, the 6th has only the ISP */
	assert_string_equal(tval(&r, 0, "day"), "2016-05-04");
	for (i = 0; i < r.nrow; i++)
		total += ival(&r, i, "lookups");
	assert_int_equal(total, 8);
	custody_result_release(&r);
	r = run(db, "daily_series", "host=mail1.example.com", "since=2016-05-01",
	    "until=2016-05-11", NULL);
	assert_int_equal(r.nrow, 10);
	assert_int_equal(ival(&r, 0, "lookups"), 0);
	assert_int_equal(ival(&r, 3, "lookups"), 1);
	custody_result_release(&r);
	/* Moscow is UTC+3 all year: 10:00Z is hour 13 */
	r = run(db, "hourly_profile", "host=mail1.example.com", "tz=Europe/Moscow", NULL);
	assert_int_equal(r.nrow, 24);
	assert_int_equal(ival(&r, 13, "hour"), 13);
	assert_int_equal(ival(&r, 13, "lookups"), 1);
	assert_int_equal(ival(&r, 15, "lookups"), 2); /* 12:00Z and 12:00:01Z */
	assert_int_equal(ival(&r, 2, "lookups"), 1);  /* 23:30Z is 02:30 the next day */
	assert_int_equal(ival(&r, 0, "lookups"), 0);
	custody_result_release(&r);
	sqlite3_close(db);
}

static void
test_business_hours(void **state)
{
	sqlite3 *db = sample();
	struct custody_result r;

	(void)state;
	/*
	 * New York is UTC-4 in May. Of the 8 lookups: 10:00Z Wed = 06:00 NY,
	 * 13:00 MSK (in); 06:00Z Thu = 09:00 MSK (in); 12:00Z Sat (out, a
	 * Saturday in both); 12:00:01Z Sat (out); 14:00Z Thu = 10:00 NY (in);
	 * 23:30Z Fri = 19:30 NY, 02:30 MSK Sat (out); 01:00Z Fri = 04:00 MSK
	 * (out); 00:00Z Sun (out). 3 of 8.
	 */
	r = run(db, "business_hours_share", "host=mail1.example.com",
	    "tz=America/New_York,Europe/Moscow", NULL);
	assert_int_equal(ival(&r, 0, "inside"), 3);
	assert_true(fabs(dval(&r, 0, "share") - 0.375) < 1e-9);
	custody_result_release(&r);
	/* the casefile's base rates for 2016-05-04 .. 2016-09-23 (until the 24th) */
	r = run(db, "business_hours_share", "host=mail1.example.com",
	    "tz=America/New_York,Europe/Moscow", "since=2016-05-04", "until=2016-09-24", NULL);
	assert_true(fabs(dval(&r, 0, "baseline") - 0.480) < 0.0015);
	custody_result_release(&r);
	r = run(db, "business_hours_share", "host=mail1.example.com", "tz=America/New_York",
	    "since=2016-05-04", "until=2016-09-24", NULL);
	assert_true(fabs(dval(&r, 0, "baseline") - 0.270) < 0.0015);
	custody_result_release(&r);
	sqlite3_close(db);
}

static void
test_burstiness_and_windows(void **state)
{
	sqlite3 *db = qdb();
	struct custody_result r;
	char iso[40];
	int d, k;

	(void)state;
	/* a strictly periodic series: B = -1 */
	for (k = 0; k < 20; k++) {
		custody_time_format(ns("2016-06-01T00:00:00Z") + (int64_t)k * 3600 * 1000000000LL, 0, iso);
		msg(db, iso, "192.0.2.1", "tick.example.com", 1, 0, 0, 0);
	}
	r = run(db, "burstiness", "host=tick.example.com", NULL);
	assert_true(fabs(dval(&r, 0, "b") + 1.0) < 1e-6);
	assert_true(fabs(dval(&r, 0, "mean_s") - 3600) < 1e-3);
	custody_result_release(&r);
	/* 40 days, 1 lookup a day, 10 a day within 2 days of a single event */
	exec(db, "INSERT INTO timeline(evidence_id, loc_index, loc_offset, date, time_ns, label, "
	    "source) VALUES (1, 1, 0, '2016-07-20', 1468972800000000000, 'peak: the event', 't'), "
	    "(1, 2, 0, '2016-06-05', 1465084800000000000, 'quiet', 't')");
	for (d = 0; d < 40; d++) {
		int n = (d >= 16 && d <= 20) ? 10 : 1;

		for (k = 0; k < n; k++) {
			custody_time_format(ns("2016-07-02T12:00:00Z") + (int64_t)d * 86400000000000LL +
			    k * 1000000000LL, 0, iso);
			msg(db, iso, "192.0.2.1", "ev.example.com", 1, 0, 0, 0);
		}
	}
	r = run(db, "event_window_ratio", "host=ev.example.com", "window_days=2", "events=peak", NULL);
	assert_true(fabs(dval(&r, 0, "ratio") - 10.0) < 1e-6);
	assert_true(dval(&r, 0, "p_value") < 0.05);
	assert_int_equal(ival(&r, 0, "events"), 1);
	custody_result_release(&r);
	/* an event on a quiet day: ratio 1/((5*10+30)/35) and no significance */
	r = run(db, "event_window_ratio", "host=ev.example.com", "window_days=0",
	    "events=quiet,nothing", "since=2016-06-01", NULL);
	assert_true(dval(&r, 0, "ratio") < 0.6);
	assert_true(dval(&r, 0, "p_value") > 0.3);
	custody_result_release(&r);
	sqlite3_close(db);
}

static void
test_resolution_and_rename(void **state)
{
	sqlite3 *db = sample();
	struct custody_result r;

	(void)state;
	r = run(db, "resolution_status", "host=mail1.example.com", NULL);
	assert_string_equal(tval(&r, 0, "last_answer"), "2016-05-08T09:00:00Z");
	assert_string_equal(tval(&r, 0, "first_error_after"), "2016-05-08T10:00:00Z");
	assert_int_equal(ival(&r, 0, "noerror"), 2);
	assert_int_equal(ival(&r, 0, "nxdomain"), 1);
	assert_int_equal(ival(&r, 0, "servfail"), 1);
	custody_result_release(&r);
	r = run(db, "gap_days", "host_a=mail1.example.com", "host_b=new.example.com", NULL);
	assert_int_equal(ival(&r, 0, "days"), 4);
	custody_result_release(&r);
	r = run(db, "first_querier", "host=new.example.com", NULL);
	assert_string_equal(tval(&r, 0, "org"), "Alfa Bank");
	assert_string_equal(tval(&r, 0, "source"), "192.0.2.3");
	assert_string_equal(tval(&r, 0, "time"), "2016-05-12T08:00:00Z");
	custody_result_release(&r);
	sqlite3_close(db);
}

static void
test_flows(void **state)
{
	sqlite3 *db = sample();
	struct custody_result r;

	(void)state;
	flow(db, "2016-05-04T09:59:00Z", "203.0.113.29", "192.0.2.9", 25, 1); /* server -> Alfa */
	flow(db, "2016-05-05T13:00:00Z", "198.51.100.9", "203.0.113.29", 25, 0); /* refused */
	flow(db, "2016-05-05T13:30:00Z", "198.51.100.9", "203.0.113.29", 25, 1); /* accepted */
	flow(db, "2016-05-05T13:40:00Z", "198.51.100.10", "203.0.113.29", 25, 0); /* refused */
	flow(db, "2016-05-05T13:50:00Z", "198.51.100.10", "203.0.113.29", 443, 1);
	r = run(db, "tcp_sessions", "port=25", "org_a=Alfa Bank", "org_b=Listrak/Cendyn", NULL);
	assert_int_equal(ival(&r, 0, "sessions"), 1);
	custody_result_release(&r);
	r = run(db, "connection_acceptance", "host=mail1.example.com", "port=25", NULL);
	assert_int_equal(ival(&r, 0, "accepted_sources"), 1);
	assert_int_equal(ival(&r, 0, "refused_sources"), 1);
	assert_int_equal(ival(&r, 0, "attempts"), 3);
	assert_int_equal(ival(&r, 0, "handshakes"), 1);
	custody_result_release(&r);
	/* Alfa's lookup at 10:00 follows the 09:59 session; the others do not */
	r = run(db, "preceded_by_session", "host=mail1.example.com", "org=Alfa Bank", "port=25",
	    "minutes=10", NULL);
	assert_int_equal(ival(&r, 0, "lookups"), 4);
	assert_int_equal(ival(&r, 0, "preceded"), 1);
	custody_result_release(&r);
	sqlite3_close(db);
}

static void
test_bad_parameters(void **state)
{
	struct custody_error err = { 0 };
	struct custody_query *q;
	struct custody_result r;
	struct custody_kv typo[] = { { "host", "a.example" }, { "sinse", "2016-01-01" } };
	struct custody_kv none[] = { { "org", "Alfa Bank" } };
	struct custody_kv zone[] = { { "host", "a.example" }, { "tz", "Mars/Olympus" } };
	struct custody_kv date[] = { { "host", "a.example" }, { "since", "yesterday" } };
	sqlite3 *db = sample();

	(void)state;
	assert_int_equal(custody_query_load(&q, "no_such_query", &err), CUSTODY_ERR_USAGE);
	assert_int_equal(custody_query_load(&q, "../case", &err), CUSTODY_ERR_USAGE);
	assert_int_equal(custody_query_load(&q, "lookup_count", &err), CUSTODY_OK);
	assert_int_equal(custody_query_run_db(db, q, typo, 2, &r, &err), CUSTODY_ERR_USAGE);
	assert_non_null(strstr(err.msg, "sinse"));
	assert_int_equal(custody_query_run_db(db, q, none, 1, &r, &err), CUSTODY_ERR_USAGE);
	assert_non_null(strstr(err.msg, "needs host"));
	assert_int_equal(custody_query_run_db(db, q, date, 2, &r, &err), CUSTODY_ERR_USAGE);
	assert_non_null(strstr(err.msg, "yesterday"));
	custody_query_free(q);
	assert_int_equal(custody_query_load(&q, "hourly_profile", &err), CUSTODY_OK);
	assert_int_equal(custody_query_run_db(db, q, zone, 2, &r, &err), CUSTODY_ERR_USAGE);
	assert_non_null(strstr(err.msg, "Mars/Olympus"));
	custody_query_free(q);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_query_prepares),
		cmocka_unit_test(test_host_queries_use_index),
		cmocka_unit_test(test_counts_and_shares),
		cmocka_unit_test(test_time_series),
		cmocka_unit_test(test_business_hours),
		cmocka_unit_test(test_burstiness_and_windows),
		cmocka_unit_test(test_resolution_and_rename),
		cmocka_unit_test(test_flows),
		cmocka_unit_test(test_bad_parameters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
