/*
 * test_sqlfunc.c: the time-unit functions of lib/sql/sqlfunc.c that the fixed
 * queries use instead of raw nanosecond constants (seconds_ns(1) for
 * 1000000000): each must give exactly what SQLite's own N * constant
 * gives, integer or real, at the edges too, so a query that changed from
 * one spelling to the other gives the same rows (schema/superseded.txt).
 */
#include "testutil.h"

/* The text of the single value SELECT expr gives, with its type. */
static void
value_of(sqlite3 *db, const char *expr, char *out, size_t len)
{
	sqlite3_stmt *st;
	char sql[300];

	snprintf(sql, sizeof(sql), "SELECT typeof(%s) || ':' || quote(%s)",
	    expr, expr);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static void
test_units_are_sqlite_arithmetic(void **state)
{
	static const struct {
		const char *fn;
		const char *constant;
	} unit[] = {
		{ "seconds_ns", "1000000000" },
		{ "minutes_ns", "60000000000" },
		{ "hours_ns", "3600000000000" },
		{ "days_ns", "86400000000000" },
	};
	static const char *const arg[] = { "0", "1", "-1", "7", "300", "-86400",
		"1.5", "-0.25", "9223372036", "9223372037", "106751", "106752",
		"-9223372037", "CAST(:x AS INTEGER)", "NULL" };
	sqlite3 *db = tu_memdb();
	char want[200], got[200], a[120], b[120];
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(unit) / sizeof(unit[0]); i++)
		for (j = 0; j < sizeof(arg) / sizeof(arg[0]); j++) {
			snprintf(a, sizeof(a), "(%s) * %s", arg[j],
			    unit[i].constant);
			snprintf(b, sizeof(b), "%s(%s)", unit[i].fn, arg[j]);
			value_of(db, a, want, sizeof(want));
			value_of(db, b, got, sizeof(got));
			if (strcmp(want, got) != 0)
				fail_msg("%s is %s, %s is %s", b, got, a, want);
		}
	sqlite3_close(db);
}

static void
test_units_known_values(void **state)
{
	static const struct {
		const char *expr, *want;
	} t[] = {
		/* the UTC day number of 2016-09-23T13:56:29Z, and of a time before 1970 */
		{ "1474638989000000000 / days_ns(1)", "integer:17067" },
		{ "-1 / days_ns(1)", "integer:0" },
		{ "1474638989123456789 / seconds_ns(1)", "integer:1474638989" },
		/* SQLite would read '5' * 1e9 as 5e9 and 'x' * 1e9 as 0; a
		 * parameter the query forgot to CAST shows as NULL instead. */
		{ "seconds_ns('5')", "null:NULL" },
		{ "seconds_ns(x'00')", "null:NULL" },
	};
	sqlite3 *db = tu_memdb();
	char got[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		value_of(db, t[i].expr, got, sizeof(got));
		if (strcmp(got, t[i].want) != 0)
			fail_msg(
			    "%s is %s, expected %s", t[i].expr, got, t[i].want);
	}
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units_are_sqlite_arithmetic),
		cmocka_unit_test(test_units_known_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
