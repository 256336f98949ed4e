/*
 * test_zeekconn.c: the zeek-conn parser (lib/formats/parse_zeekconn.c over
 * lib/formats/zeeklog.c): conn.log rows into flows, TCP flags and the handshake
 * from Zeek's history and state, the same row in TSV and JSON, the
 * flow_state beside each flow, and the bad inputs: rows that disagree
 * with #fields, #types that disagree with it, bad values, a log of
 * another #path, with their locators or the --strict refusal.
 */
#include "testutil.h"

#define HEAD                                                                                     \
	"#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"          \
	"#path\tconn\n#open\t2016-09-23-13-56-29\n"                                              \
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration" \
	"\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory"    \
	"\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n"                 \
	"#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount"     \
	"\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n"

/* Rows 9..: a full SMTP session, a SYN with no answer, a refused one, a
 * session picked up mid-stream, a UDP DNS exchange, an ICMP echo. */
static const char rows[] =
    "1474638989.100000\tC1\t192.0.2.15\t40000\t198.51.100.25\t25\ttcp\tsmtp\t2.500000\t"
    "1200\t3400\tSF\tT\tF\t0\tShAdDaFf\t12\t1800\t10\t3920\t-\n"
    "1474638990.000000\tC2\t192.0.2.16\t40001\t198.51.100.25\t25\ttcp\t-\t-\t-\t-\tS0\tT\tF\t"
    "0\tS\t1\t60\t0\t0\t-\n"
    "1474638991.000000\tC3\t192.0.2.17\t40002\t198.51.100.25\t25\ttcp\t-\t0.000100\t0\t0\t"
    "REJ\tT\tF\t0\tSr\t1\t60\t1\t40\t-\n"
    "1474638992.000000\tC4\t192.0.2.18\t40003\t198.51.100.25\t25\ttcp\tsmtp\t1.000000\t100\t"
    "200\tOTH\tT\tF\t0\t^hADad\t4\t300\t4\t400\t-\n"
    "1474638993.000000\tC5\t2001:db8::5\t5353\t2001:DB8::53\t53\tudp\tdns\t0.013961\t54\t"
    "172\tSF\tT\tF\t0\tDd\t1\t82\t1\t200\t-\n"
    "1474638994.000000\tC6\t192.0.2.19\t8\t198.51.100.25\t0\ticmp\t-\t-\t-\t-\tOTH\tT\tF\t0\t"
    "-\t1\t84\t0\t0\t-\n";

static enum custody_code
run(sqlite3 *db, const char *text, bool strict, struct custody_error *err)
{
	return tu_parse_strict(db, &custody_parser_zeekconn, "conn.log", text,
	    strlen(text), strict, err);
}

static char *
cat(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	char *s = malloc(n + m + 1);

	assert_non_null(s);
	memcpy(s, a, n);
	memcpy(s + n, b, m + 1);
	return s;
}

static const char *
flow(sqlite3 *db, int line)
{
	char sql[1024];

	snprintf(sql, sizeof(sql),
	    "SELECT proto || ' ' || src || ':' || sport || '>' || dst ||"
	    " ':' || dport || ' ' || first_ns || ' ' || last_ns || ' ' || packets || ' ' ||"
	    " bytes_fwd || '/' || bytes_rev || ' ' || syn || synack || rst || fin || established"
	    " FROM flow WHERE loc_index = %d",
	    line);
	return tu_text(db, sql);
}

static void
test_rows(void **state)
{
	char *text = cat(HEAD, rows);
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(run(db, text, true, &err), CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM flow"), 5);
	assert_string_equal(flow(db, 9),
	    "tcp 192.0.2.15:40000>198.51.100.25:25 "
	    "1474638989100000000 1474638991600000000 22 1200/3400 11011");
	assert_string_equal(flow(db, 10),
	    "tcp 192.0.2.16:40001>198.51.100.25:25 "
	    "1474638990000000000 1474638990000000000 1 0/0 10000");
	assert_string_equal(flow(db, 11),
	    "tcp 192.0.2.17:40002>198.51.100.25:25 "
	    "1474638991000000000 1474638991000100000 2 0/0 10100");
	/* picked up mid-stream: not a handshake, whatever the state says */
	assert_string_equal(flow(db, 12),
	    "tcp 192.0.2.18:40003>198.51.100.25:25 "
	    "1474638992000000000 1474638993000000000 8 100/200 01000");
	assert_string_equal(flow(db, 13),
	    "udp 2001:db8::5:5353>2001:db8::53:53 "
	    "1474638993000000000 1474638993013961000 2 54/172 00000");
	assert_string_equal(
	    tu_text(db,
	        "SELECT uid || ' ' || service || ' ' || conn_state ||"
	        " ' ' || history || ' ' || orig_pkts || ' ' || orig_ip_bytes || ' ' || resp_pkts ||"
	        " ' ' || resp_ip_bytes || ' ' || missed_bytes || ' ' || loc_offset FROM flow_state"
	        " WHERE loc_index = 9"),
	    "C1 smtp SF ShAdDaFf 12 1800 10 3920 0 461");
	assert_int_equal(strlen(HEAD), 461);
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM flow_state WHERE loc_index = 10 AND"
	        " service IS NULL AND history = 'S'"),
	    1);
	assert_int_equal(tu_int(db,
	                     "SELECT count(*) FROM flow_state f JOIN flow USING"
	                     " (evidence_id, loc_index, loc_offset)"),
	    5);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.rows_not_tcp_or_udp') FROM"
	        " evidence"),
	    1);
	assert_int_equal(tu_int(db, "SELECT records FROM evidence"), 5);
	free(text);
	sqlite3_close(db);
}

/* The JSON writer's form of the first row gives the same flow. */
static void
test_json(void **state)
{
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db,
	        "{\"ts\":1474638989.1,\"uid\":\"C1\",\"id.orig_h\":\"192.0.2.15\",\"id.orig_p\":40000,"
	        "\"id.resp_h\":\"198.51.100.25\",\"id.resp_p\":25,\"proto\":\"tcp\",\"service\":\"smtp\","
	        "\"duration\":2.5,\"orig_bytes\":1200,\"resp_bytes\":3400,\"conn_state\":\"SF\","
	        "\"local_orig\":true,\"missed_bytes\":0,\"history\":\"ShAdDaFf\",\"orig_pkts\":12,"
	        "\"orig_ip_bytes\":1800,\"resp_pkts\":10,\"resp_ip_bytes\":3920}\n"
	        "{\"ts\":\"2016-09-23T13:56:30.000000Z\",\"uid\":\"C2\",\"id.orig_h\":\"192.0.2.16\","
	        "\"id.orig_p\":40001,\"id.resp_h\":\"198.51.100.25\",\"id.resp_p\":25,\"proto\":\"tcp\","
	        "\"conn_state\":\"S0\",\"history\":\"S\",\"orig_pkts\":1,\"resp_pkts\":0}\n",
	        true, &err),
	    CUSTODY_OK);
	assert_string_equal(flow(db, 1),
	    "tcp 192.0.2.15:40000>198.51.100.25:25 "
	    "1474638989100000000 1474638991600000000 22 1200/3400 11011");
	assert_string_equal(flow(db, 2),
	    "tcp 192.0.2.16:40001>198.51.100.25:25 "
	    "1474638990000000000 1474638990000000000 1 0/0 10000");
	{
		static const char row[] =
		    "{\"ts\":1,\"id.orig_h\":\"a\",\"conn_state\":\"S0\"}\n";

		assert_int_equal(custody_parser_zeekconn.detect(
		                     (const uint8_t *)row, strlen(row)),
		    75);
	}
	sqlite3_close(db);
}

static void
test_bad_rows(void **state)
{
	/* line 9: a field short; 10: an extra one; 11: a bad ts; 12: an unknown
	 * state; 13: a bad count; 14: a good row */
	static const char bad[] =
	    "1474638989.1\tC1\t192.0.2.15\t40000\t198.51.100.25\t25\ttcp\t-\t-\t-\t-\tS0\tT\tF\t0"
	    "\tS\t1\t60\t0\t0\n"
	    "1474638989.1\tC1\t192.0.2.15\t40000\t198.51.100.25\t25\ttcp\t-\t-\t-\t-\tS0\tT\tF\t0"
	    "\tS\t1\t60\t0\t0\t-\textra\n"
	    "XXXXXXXXXX.XXXXXX\tC1\t192.0.2.15\t40000\t198.51.100.25\t25\ttcp\t-\t-\t-\t-\tS0\tT\t"
	    "F\t0\tS\t1\t60\t0\t0\t-\n"
	    "1474638989.1\tC1\t192.0.2.15\t40000\t198.51.100.25\t25\ttcp\t-\t-\t-\t-\tS9\tT\tF\t0"
	    "\tS\t1\t60\t0\t0\t-\n"
	    "1474638989.1\tC1\t192.0.2.15\t40000\t198.51.100.25\t25\ttcp\t-\t-\t-1\t-\tS0\tT\tF\t0"
	    "\tS\t1\t60\t0\t0\t-\n"
	    "1474638989.1\tC1\t192.0.2.15\t40000\t198.51.100.25\t25\ttcp\t-\t-\t-\t-\tS0\tT\tF\t0"
	    "\tS\t1\t60\t0\t0\t-\n";
	char *text = cat(HEAD, bad);
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(run(db, text, false, &err), CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM flow"), 1);
	assert_int_equal(tu_skips(db, "row disagrees with #fields"), 2);
	assert_int_equal(tu_skips(db, "bad ts"), 1);
	assert_int_equal(tu_skips(db, "unknown conn_state"), 1);
	assert_int_equal(tu_skips(db, "bad count"), 1);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.skipped_examples.\"row "
	        "disagrees with #fields\"[1].index') FROM evidence"),
	    10);
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(run(db, text, true, &err), CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "conn.log:9: byte "));
	assert_non_null(strstr(err.msg,
	    "row disagrees with #fields (20 fields where #fields"
	    " names 21)"));
	free(text);

	/* #types that disagree with #fields; a row before any #fields */
	sqlite3_close(db);
	db = tu_memdb();
	text = cat(
	    "#separator \\x09\n#path\tconn\n#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\t"
	    "id.resp_p\tproto\n#types\ttime\taddr\n",
	    "1474638989.1\t192.0.2.1\t1\t192.0.2.2\t2\t"
	    "udp\n");
	assert_int_equal(run(db, text, false, &err), CUSTODY_OK);
	assert_int_equal(tu_skips(db, "#types disagrees with #fields"), 1);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM flow"), 1);
	free(text);
	assert_int_equal(run(db, "1474638989.1\t192.0.2.1\n", false, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "row before #fields"));
	sqlite3_close(db);
}

/* A Zeek log of another kind is refused, not read as connections. */
static void
test_other_path(void **state)
{
	struct custody_error err;
	sqlite3 *db = tu_memdb();
	uint8_t *dns;
	size_t len;

	(void)state;
	dns = tu_read(tu_path("tests/data/text/zeek-dns.log"), &len);
	memset(&err, 0, sizeof(err));
	assert_int_equal(tu_parse(db, &custody_parser_zeekconn, "dns.log", NULL,
	                     dns, len, NULL, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg,
	    "#path dns: a Zeek dns log, not conn.log (its format is"
	    " zeek)"));
	/* and detection sends it to the dns.log parser */
	assert_string_equal(custody_format_detect(dns, len), "zeek");
	free(dns);
	{
		char *text = cat(HEAD, rows);

		assert_string_equal(
		    custody_format_detect((const uint8_t *)text, strlen(text)),
		    "zeek-conn");
		free(text);
	}
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_other_path),
	};

	return cmocka_run_group_tests_name("zeekconn", tests, NULL, NULL);
}
