/*
 * test_query.c: the fixed queries as a set: every file loads, declares
 * exactly the parameters it uses and prepares; host queries use the
 * index. What each query gives on known rows is tested from data files,
 * tests/data/queries/NAME.qt (test_querydata.c).
 */
#include "querytest.h"

#include <math.h>

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
		if (sqlite3_prepare_v2(db, q->text, (int)q->len, &st, NULL) !=
		    SQLITE_OK)
			fail_msg("%s: %s", names[i], sqlite3_errmsg(db));
		for (k = 1; k <= sqlite3_bind_parameter_count(st); k++) {
			const char *pn = sqlite3_bind_parameter_name(st, k);

			if (pn == NULL ||
			    custody_query_param(q, pn + 1) == NULL)
				fail_msg("%s uses %s without declaring it",
				    names[i], pn ? pn : "?");
		}
		for (j = 0; j < q->nparam; j++) {
			char p[80];

			snprintf(p, sizeof(p), ":%s", q->param[j].name);
			if (sqlite3_bind_parameter_index(st, p) == 0)
				fail_msg("%s declares %s and never uses it",
				    names[i], q->param[j].name);
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
		{ "host_a", "mail1.example.com" },
		{ "host_b", "new.example.com" }, { "org", "Alfa Bank" },
		{ "orgs", "Alfa Bank,Spectrum Health" }, { "num", "Alfa Bank" },
		{ "den", "Spectrum Health" }, { "tz", "UTC" }, { "port", "25" },
		{ "minutes", "5" }, { "seconds", "60" },
		{ "periods", "2016-05-04" },
		{ "addresses", "192.0.2.1,192.0.2.9" }, { "evidence_a", "1" },
		{ "evidence_b", "1" }, { "tolerance_ms", "1000" } };
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
	exec(db,
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
	    " INSERT INTO dns_message(evidence_id, loc_index, loc_offset, time_ns, src, qr, qname,"
	    " qtype, edns_udp) SELECT 1, i, i * 100, 1462356000000000000 + i * 1000000000,"
	    " '192.0.2.' || (i % 200), i % 2, 'name' || (i % 50) || '.example.org', 1, 1232 FROM n");
	exec(db,
	    "INSERT INTO dns_answer(evidence_id, loc_index, loc_offset, message_id, section, idx,"
	    " name, type, class, ttl, rdata) SELECT evidence_id, loc_index, loc_offset, id, 1, 0, qname,"
	    " 1, 1, 300, '198.51.100.' || (id % 100) FROM dns_message WHERE qr = 1");
	exec(db,
	    "INSERT INTO flow(evidence_id, loc_index, loc_offset, proto, src, sport, dst, dport,"
	    " first_ns, last_ns, packets, bytes_fwd, bytes_rev) SELECT 1, loc_index, loc_offset, 'udp',"
	    " src, 40000, '198.51.100.1', 53, time_ns, time_ns, 1, 40, 0 FROM dns_message");
	/* the host's query and its answer, 2016-05-04T10:00:00Z */
	exec(db,
	    "INSERT INTO dns_message(evidence_id, loc_index, loc_offset, time_ns, src, qr,"
	    " rcode, qname, qtype, ancount) VALUES (1, 4001, 0, 1462356000000000000, '192.0.2.1', 0,"
	    " 0, 'mail1.example.com', 1, 0), (1, 4002, 0, 1462356001000000000, '192.0.2.1', 1, 0,"
	    " 'mail1.example.com', 1, 1)");
	for (i = 0; names[i] != NULL; i++) {
		struct custody_error err = { 0 };
		struct custody_query *q;
		sqlite3_stmt *st;
		char *sql;
		bool index = false;
		int full;

		assert_int_equal(
		    custody_query_load(&q, names[i], &err), CUSTODY_OK);
		if (custody_query_param(q, "host") == NULL) {
			custody_query_free(q);
			continue;
		}
		custody_layout_index_on_use(
		    db, names[i]); /* as custody_query_run_db() does */
		assert_non_null(sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %.*s",
		                    (int)q->len, q->text));
		assert_int_equal(
		    sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			if (strstr((const char *)sqlite3_column_text(st, 3),
			        "msg_qname") != NULL ||
			    strstr((const char *)sqlite3_column_text(st, 3),
			        "msg_src") != NULL)
				index = true;
		sqlite3_finalize(st);
		sqlite3_free(sql);
		if (!index &&
		    (custody_query_needs(q, "lookups") ||
		        custody_query_needs(q, "responses")))
			fail_msg("%s reads dns_message without the qname index",
			    names[i]);
		assert_int_equal(
		    sqlite3_prepare_v2(db, q->text, (int)q->len, &st, NULL),
		    SQLITE_OK);
		for (k = 1; k <= sqlite3_bind_parameter_count(st); k++) {
			const struct custody_query_param *p =
			    custody_query_param(
			        q, sqlite3_bind_parameter_name(st, k) + 1);
			const char *v = param_value(p);

			if (v != NULL)
				sqlite3_bind_text(st, k, v, -1, SQLITE_STATIC);
		}
		while ((k = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (k != SQLITE_DONE)
			fail_msg("%s: %s", names[i], sqlite3_errmsg(db));
		full =
		    sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
		if (full >= 4000)
			fail_msg(
			    "%s: %d steps of full scans (it reads every message)",
			    names[i], full);
		sqlite3_finalize(st);
		custody_query_free(q);
		checked++;
	}
	assert_true(checked >= 20);
	sqlite3_close(db);
}

/* Query names that are not (the parameters each query refuses are in
 * tests/data/queries/sample.qt). */
static void
test_bad_parameters(void **state)
{
	struct custody_error err = { 0 };
	struct custody_query *q;

	(void)state;
	assert_int_equal(
	    custody_query_load(&q, "no_such_query", &err), CUSTODY_ERR_USAGE);
	assert_int_equal(
	    custody_query_load(&q, "../case", &err), CUSTODY_ERR_USAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_query_prepares),
		cmocka_unit_test(test_host_queries_use_index),
		cmocka_unit_test(test_bad_parameters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
