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

/* Host-filtered queries must find the host's rows through an index, not by
 * reading every DNS message of the case. */
static void
test_host_queries_use_index(void **state)
{
	const char *const *names = custody_query_names();
	sqlite3 *db = qdb();
	size_t i, checked = 0;

	(void)state;
	for (i = 0; names[i] != NULL; i++) {
		struct custody_error err = { 0 };
		struct custody_query *q;
		sqlite3_stmt *st;
		char *sql;
		bool scan = false, index = false;

		assert_int_equal(custody_query_load(&q, names[i], &err), CUSTODY_OK);
		if (custody_query_param(q, "host") == NULL || !custody_query_param(q, "host")->required) {
			custody_query_free(q);
			continue;
		}
		assert_non_null(sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %.*s", (int)q->len, q->text));
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *detail = (const char *)sqlite3_column_text(st, 3);

			if (strstr(detail, "SCAN m") != NULL || strstr(detail, "SCAN dns_message") != NULL)
				scan = true;
			if (strstr(detail, "dns_message_qname") != NULL)
				index = true;
		}
		if (scan || !index)
			fail_msg("%s reads dns_message without the qname index", names[i]);
		sqlite3_finalize(st);
		sqlite3_free(sql);
		custody_query_free(q);
		checked++;
	}
	assert_true(checked >= 10);
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
	assert_int_equal(custody_query_load(&q, "no_such_query", &err), CUSTODY_ERR_USAGE);
	assert_int_equal(custody_query_load(&q, "../case", &err), CUSTODY_ERR_USAGE);
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
