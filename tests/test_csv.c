/* test_csv.c: the claimed-log CSV parser: columns, zones, DST flags. */
#include "testutil.h"

static enum custody_code
run(sqlite3 *db, const char *text, const char *tz, const char *columns,
    bool strict, struct custody_error *err)
{
	struct custody_parse_opts o = { 0 };

	o.tz = tz;
	o.columns = columns;
	o.strict = strict;
	return tu_parse(db, &custody_parser_csv, "c.csv", NULL,
	    (const uint8_t *)text, strlen(text), &o, err);
}

static void
test_zones(void **state)
{
	static const char ny[] = "timestamp;client;query;qtype\n"
	                         "2016-11-06 00:30:00;10.0.0.1;a.example;A\n"
	                         "2016-11-06 01:30:00;10.0.0.1;b.example;A\n"
	                         "2016-03-13 02:30:00;10.0.0.1;c.example;A\n";
	struct custody_error err = { 0 };
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db, ny, NULL, NULL, false, &err), CUSTODY_ERR_USAGE);
	assert_non_null(strstr(err.msg, "give --tz"));
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(
	    run(db, ny, "America/New_York", NULL, false, &err), CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 1);
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM dns_message"), 1478406600000000000);
	assert_non_null(strstr(
	    tu_text(db, "SELECT summary FROM evidence"), "repeated hour"));
	assert_non_null(strstr(
	    tu_text(db, "SELECT summary FROM evidence"), "skipped hour"));
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(run(db, ny, "America/New_York", NULL, true, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "c.csv:3: byte"));
	sqlite3_close(db);
}

static void
test_published_form(void **state)
{
	static const char pub[] =
	    "2016-09-23T13:56:29.000Z 217.12.96.15 mail1.trump-email.com A\n"
	    "2016-09-23T13:56:30.000Z 217.12.97.15 MAIL1.trump-email.com. A\n";
	static const char quoted[] =
	    "time,querier,name,type\n"
	    "\"2016-09-23T16:56:31+03:00\",\"167.73.110.8\",\"a, b\",\"A\"\n"
	    "1474638995.5,217.12.96.15,mail1.trump-email.com,1\n";
	struct custody_error err = { 0 };
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db, pub, NULL, "time=1,client=2,qname=3,qtype=4", false, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db,
	                     "SELECT count(*) FROM dns_message WHERE qname ="
	                     " 'mail1.trump-email.com' AND time_prec = 3"),
	    2);
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(run(db, quoted, NULL, NULL, false, &err), CUSTODY_OK);
	/* "a, b" has a space: not a DNS name, skipped; the epoch row is read */
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 1);
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM dns_message"), 1474638995500000000);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_published_form),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
