/*
 * test_pdns.c: the pdns parser (lib/formats/parse_pdns.c), passive DNS in the
 * Common Output Format: the rows each line gives (rdata strings and
 * arrays, mnemonic and numeric types, names and addresses in the form
 * captures give them, optional members), the lines it skips (a missing
 * required member, a time before 1990, a last time before the first, a
 * value of the wrong kind) with their locators, the --strict refusal,
 * and that passive DNS never becomes DNS messages (lookups).
 */
#include "testutil.h"

static enum custody_code
run(sqlite3 *db, const char *text, bool strict, struct custody_error *err)
{
	return tu_parse_strict(db, &custody_parser_pdns, "pdns.json", text,
	    strlen(text), strict, err);
}

static const char good[] =
    "{\"rrname\":\"Mail1.Trump-Email.com.\",\"rrtype\":\"A\",\"rdata\":\"66.216.133.29\","
    "\"time_first\":1462406400,\"time_last\":1474588800,\"count\":2820,"
    "\"bailiwick\":\"trump-email.com.\",\"sensor_id\":\"s1\",\"origin\":\"circl\"}\n"
    "{\"rrname\":\"mail1.trump-email.com\",\"rrtype\":28,\"rdata\":[\"2001:DB8::1\", "
    "\"2001:db8:0:0::2\"],\"time_first\":1474588800,\"time_last\":1475000000,"
    "\"zone_time_first\":1474500000,\"zone_time_last\":1474600000,\"other\":{\"x\":[1]}}\n"
    "{\"rrname\":\"www.example\",\"rrtype\":\"CNAME\",\"rdata\":\"Host.Example.\","
    "\"time_first\":1474588800,\"time_last\":1474588800,\"count\":null}\n"
    "{\"rrname\":\"example\",\"rrtype\":\"TYPE16\",\"rdata\":\"\\\"v=spf1 -all\\\"\","
    "\"time_first\":1474588800,\"time_last\":1474588800}\n";

static void
test_rows(void **state)
{
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(run(db, good, true, &err), CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM pdns"), 5);
	assert_int_equal(tu_int(db, "SELECT records FROM evidence"), 5);
	assert_string_equal(
	    tu_text(db,
	        "SELECT rrname || ' ' || rrtype || ' ' || rdata || ' ' ||"
	        " time_first_ns || ' ' || time_last_ns || ' ' || count || ' ' || bailiwick || ' ' ||"
	        " sensor_id || ' ' || origin || ' ' || loc_index || '@' || loc_offset FROM pdns"
	        " WHERE loc_index = 1"),
	    "mail1.trump-email.com 1 66.216.133.29 1462406400000000000"
	    " 1474588800000000000 2820 trump-email.com s1 circl 1@0");
	assert_string_equal(
	    tu_text(db,
	        "SELECT group_concat(rdata, ' ') FROM (SELECT rdata FROM"
	        " pdns WHERE loc_index = 2 ORDER BY rdata)"),
	    "2001:db8::1 2001:db8::2");
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM pdns WHERE loc_index = 2 AND rrtype ="
	        " 28 AND zone_time_first_ns = 1474500000000000000 AND count IS NULL"),
	    2);
	assert_string_equal(
	    tu_text(db,
	        "SELECT rdata || ' ' || rrtype || ' ' || coalesce(count,"
	        " 'NULL') FROM pdns WHERE loc_index = 3"),
	    "host.example 5 NULL");
	assert_string_equal(
	    tu_text(db, "SELECT rdata FROM pdns WHERE rrtype = 16"),
	    "\"v=spf1 -all\"");
	/* aggregates, never lookups */
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 0);
	assert_int_equal(tu_int(db, "SELECT time_first_ns FROM evidence"),
	    1462406400000000000LL);
	assert_int_equal(
	    custody_parser_pdns.detect((const uint8_t *)good, strlen(good)),
	    80);
	assert_string_equal(
	    custody_format_detect((const uint8_t *)good, strlen(good)), "pdns");
	sqlite3_close(db);
}

static void
test_bad_lines(void **state)
{
	/* 1 good; 2 no time_last; 3 no rrname; 4 time 0; 5 last before first;
	 * 6 an A with a name; 7 not JSON; 8 a time in milliseconds as seconds
	 * would be past 2262 (refused as a bad time) */
	static const char text[] =
	    "{\"rrname\":\"a.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":"
	    "1474588800,\"time_last\":1474588800}\n"
	    "{\"rrname\":\"a.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":"
	    "1474588800}\n"
	    "{\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":1474588800,\"time_last\":"
	    "1474588800}\n"
	    "{\"rrname\":\"a.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":0,"
	    "\"time_last\":1474588800}\n"
	    "{\"rrname\":\"a.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":"
	    "1474588800,\"time_last\":1474500000}\n"
	    "{\"rrname\":\"a.example\",\"rrtype\":\"A\",\"rdata\":\"mail.example\",\"time_first\":"
	    "1474588800,\"time_last\":1474588800}\n"
	    "{\"rrname\":\"a.example\",\"rrtype\":\"A\"\n"
	    "{\"rrname\":\"a.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":"
	    "1474588800000,\"time_last\":1474588800000}\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(run(db, text, false, &err), CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM pdns"), 1);
	assert_int_equal(tu_skips(db, "missing field"), 2);
	assert_int_equal(tu_skips(db, "time before 1990"), 1);
	assert_int_equal(tu_skips(db, "time_last before time_first"), 1);
	assert_int_equal(tu_skips(db, "bad rdata"), 1);
	assert_int_equal(tu_skips(db, "bad JSON"), 1);
	assert_int_equal(tu_skips(db, "bad time_first"), 1);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.skipped_examples.\"time before"
	        " 1990\"[0].index') FROM evidence"),
	    4);
	assert_non_null(
	    strstr(tu_text(db,
	               "SELECT json_extract(summary, '$.skipped_examples."
	               "\"missing field\"[0].detail') FROM evidence"),
	        "no time_last"));
	assert_non_null(
	    strstr(tu_text(db,
	               "SELECT json_extract(summary, '$.skipped_examples."
	               "\"missing field\"[1].detail') FROM evidence"),
	        "no rrname"));
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(run(db, text, true, &err), CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "pdns.json:2: byte "));
	assert_non_null(strstr(err.msg, "missing field"));
	assert_non_null(strstr(err.msg, "--strict"));
	/* a file none of whose lines is COF */
	assert_int_equal(
	    run(db, "{\"a\":1}\n", false, &err), CUSTODY_ERR_FORMAT);
	assert_int_equal(
	    custody_parser_pdns.detect((const uint8_t *)"{\"a\":1}\n", 8), 0);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_bad_lines),
	};

	return cmocka_run_group_tests_name("pdns", tests, NULL, NULL);
}
