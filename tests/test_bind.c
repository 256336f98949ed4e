/* test_bind.c: the BIND query-log parser on tests/data/text/bind-918.log. */
#include "testutil.h"

static void
test_fixture(void **state)
{
	struct custody_error err = { 0 };
	struct custody_parse_opts o = { 0 };
	sqlite3 *db = tu_memdb();
	size_t len;
	uint8_t *data = tu_read(tu_path("tests/data/text/bind-918.log"), &len);

	(void)state;
	o.year = 2016;
	assert_int_equal(
	    tu_parse(db, &custody_parser_bind, "b", NULL, data, len, &o, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 6);
	/* line 1: no view, flags -E(0)DC: CD set, DO set, RD clear */
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM dns_message WHERE loc_index = 1"),
	    1474638989123000000);
	assert_int_equal(
	    tu_int(db, "SELECT flags FROM dns_message WHERE loc_index = 1"),
	    0x10);
	assert_int_equal(
	    tu_int(db, "SELECT edns_do FROM dns_message WHERE loc_index = 1"),
	    1);
	assert_string_equal(
	    tu_text(db, "SELECT dst FROM dns_message WHERE loc_index = 1"),
	    "66.216.133.29");
	/* line 2: view, upper case name lower-cased, offset of the line */
	assert_string_equal(
	    tu_text(db, "SELECT server FROM dns_message WHERE loc_index = 2"),
	    "external");
	assert_string_equal(
	    tu_text(db, "SELECT qname FROM dns_message WHERE loc_index = 2"),
	    "mail1.trump-email.com");
	assert_int_equal(
	    tu_int(
	        db, "SELECT loc_offset FROM dns_message WHERE loc_index = 2"),
	    165);
	/* line 4: IPv6, TCP, MX; line 5: ISO time with Z, TYPE65534, ECS */
	assert_string_equal(
	    tu_text(db,
	        "SELECT src || ' ' || transport FROM dns_message"
	        " WHERE loc_index = 4"),
	    "2001:db8::53 tcp");
	assert_int_equal(
	    tu_int(db, "SELECT qtype FROM dns_message WHERE loc_index = 5"),
	    65534);
	assert_string_equal(
	    tu_text(db, "SELECT ecs FROM dns_message WHERE loc_index = 5"),
	    "217.12.96.0/24/0");
	/* line 6 is not a query; line 7 is syslog with --year */
	assert_int_equal(
	    tu_int(db, "SELECT count(*) FROM dns_message WHERE loc_index = 6"),
	    0);
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM dns_message WHERE loc_index = 7"),
	    1474638995000000000);
	free(data);
	sqlite3_close(db);
}

/* A client and a server address of different families, or no server:
 * each address stored and digested as its own text says, and the
 * streamed digest the one read back from the rows. */
static void
test_address_families(void **state)
{
	static const char log[] =
	    "23-Sep-2016 13:56:32.000 client 2001:db8::53#5353: query: a.example IN A + (192.0.2.1)\n"
	    "23-Sep-2016 13:56:33.000 client 192.0.2.7#53: query: b.example IN A + (2001:db8::1)\n"
	    "23-Sep-2016 13:56:34.000 client 192.0.2.8#53: query: c.example IN A +\n"
	    "23-Sep-2016 13:56:35.000 client 255.255.255.255#53: query: d.example IN A + (0.0.0.0)\n";
	struct custody_error err = { 0 };
	struct custody_parse_opts o = { 0 };
	struct custody_parse_input in = { "b", NULL, (const uint8_t *)log,
		sizeof(log) - 1, NULL };
	struct custody_sink *sink = NULL;
	sqlite3 *db = tu_memdb();
	char streamed[65], readback[65];

	(void)state;
	o.year = 2016;
	assert_int_equal(custody_sink_open(&sink, db, 1, &err), CUSTODY_OK);
	assert_int_equal(
	    custody_parser_bind.parse(&in, &o, sink, &err), CUSTODY_OK);
	assert_int_equal(custody_sink_finish(sink, &err), CUSTODY_OK);
	assert_int_equal(custody_sink_digest(sink, streamed, &err), CUSTODY_OK);
	custody_sink_free(sink);
	assert_int_equal(
	    custody_parse_digest(db, 1, readback, &err), CUSTODY_OK);
	assert_string_equal(streamed, readback);
	assert_string_equal(
	    tu_text(db,
	        "SELECT group_concat(src || '>' || coalesce(dst, '-'), ' ')"
	        " FROM (SELECT src, dst FROM dns_message ORDER BY loc_index)"),
	    "2001:db8::53>192.0.2.1 192.0.2.7>2001:db8::1 192.0.2.8>-"
	    " 255.255.255.255>0.0.0.0");
	sqlite3_close(db);
}

static void
test_strict_and_garbage(void **state)
{
	struct custody_error err = { 0 };
	struct custody_parse_opts o = { 0 };
	static const char two[] =
	    "23-Sep-2016 13:56:29.123 client 1.2.3.4#5 (a): query: a IN A + (5.6.7.8)\n"
	    "23-Sep-2016 13:56:29.123 client 1.2.3.4#5 (a): query: a IN A ? (5.6.7.8)\n";
	static const uint8_t junk[] = { 0x01, 0xff, 0x00, 0x7f, '\n', 0x80,
		0x81 };
	sqlite3 *db = tu_memdb();

	(void)state;
	o.strict = true;
	assert_int_equal(tu_parse(db, &custody_parser_bind, "s.log", NULL,
	                     (const uint8_t *)two, sizeof(two) - 1, &o, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "s.log:2: byte"));
	assert_int_equal(tu_parse(db, &custody_parser_bind, "g", NULL, junk,
	                     sizeof(junk), NULL, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "not a bind log"));
	assert_true(custody_parser_bind.detect(
	                (const uint8_t *)two, sizeof(two) - 1) > 50);
	assert_int_equal(custody_parser_bind.detect(junk, sizeof(junk)), 0);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_strict_and_garbage),
		cmocka_unit_test(test_address_families),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
