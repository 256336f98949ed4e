/* test_lint.c: schema/queries/corroborate.sql through custody_corroborate_db(). */
#include "testutil.h"
#include "lint.h"

static void
add(sqlite3 *db, int ev, int64_t t_ms, const char *src, const char *qname)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "INSERT INTO dns_message(evidence_id, loc_index, loc_offset, time_ns, src, qr, qname,"
	    " qtype) VALUES (%d, 1, 0, %lld, '%s', 0, '%s', 1)",
	    ev, (long long)t_ms * 1000000, src, qname);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static void
test_corroborate(void **state)
{
	struct custody_corroboration r;
	struct custody_error err = { 0 };
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(sqlite3_exec(db,
			     "INSERT INTO evidence(id, sha256, sha512, size, original_name, format,"
			     " parser, parser_version, event_seq, parse_digest)"
			     " VALUES (2, 'y', 'y', 0, 'b', 'test', 'test', '0', 1, '')",
			     NULL, NULL, NULL),
	    SQLITE_OK);
	/* B's clock is 2.5 s ahead; a duplicate pair, one only in A, one only in B */
	add(db, 1, 1000, "1.1.1.1", "a.example");
	add(db, 1, 1000, "1.1.1.1", "a.example");
	add(db, 1, 5000, "2.2.2.2", "a.example");
	add(db, 1, 9000, "1.1.1.1", "b.example");
	add(db, 1, 20000, "3.3.3.3", "c.example");
	add(db, 2, 3500, "1.1.1.1", "a.example");
	add(db, 2, 3500, "1.1.1.1", "a.example");
	add(db, 2, 7500, "2.2.2.2", "a.example");
	add(db, 2, 11500, "1.1.1.1", "b.example");
	add(db, 2, 30000, "4.4.4.4", "d.example");
	assert_int_equal(custody_corroborate_db(db, 1, 2, 500, &r, &err), CUSTODY_OK);
	assert_int_equal(r.matched, 4);
	assert_int_equal(r.only_in_a, 1);
	assert_int_equal(r.only_in_b, 1);
	assert_true(r.clock_offset_ms > 2499 && r.clock_offset_ms < 2501);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corroborate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
