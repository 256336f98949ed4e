/*
 * test_textparsers.c: the unbound, dnsmasq, zeek (TSV and JSON), orgmap and
 * events parsers, line by line (docs/text-formats.md): well-formed lines
 * give these exact records (fields, UTC time in ns, line and byte offset),
 * and each kind of bad line its skip reason at its line, or with --strict
 * the refusal that names the line and byte.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <strings.h>

#include "testutil.h"
#include "textlog.h"

/* 2016-09-23T13:56:29Z, the time most lines below are at. */
#define T0 1474638989LL
#define NS 1000000000LL

static enum custody_code
run(sqlite3 *db, const struct custody_parser *p, const char *text,
    const char *tz, int year, bool strict, struct custody_error *err)
{
	struct custody_parse_opts o;

	memset(&o, 0, sizeof(o));
	memset(err, 0, sizeof(*err));
	o.tz = tz;
	o.year = year;
	o.strict = strict;
	return tu_parse(
	    db, p, "t.log", NULL, (const uint8_t *)text, strlen(text), &o, err);
}

/* How many lines were skipped for reason, from the evidence summary. */
static int64_t
skips(sqlite3 *db, const char *reason)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "SELECT coalesce(json_extract(summary, '$.skipped.\"%s\"'), 0)"
	    " FROM evidence WHERE id = 1",
	    reason);
	return tu_int(db, sql);
}

/* The line number (loc_index) of the i-th example of a skip reason. */
static int64_t
skip_line(sqlite3 *db, const char *reason, int i)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "SELECT coalesce(json_extract(summary, "
	    "'$.skipped_examples.\"%s\"[%d].index'), -1) FROM evidence WHERE id = 1",
	    reason, i);
	return tu_int(db, sql);
}

static int64_t
total_skips(sqlite3 *db)
{
	return tu_int(db,
	    "SELECT coalesce((SELECT sum(value) FROM evidence, "
	    "json_each(summary, '$.skipped') WHERE evidence.id = 1), 0)");
}

/* One column of the dns_message at (loc_index, qr), as text ("" for NULL). */
static const char *
msg(sqlite3 *db, int line, int qr, const char *col)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "SELECT %s FROM dns_message WHERE loc_index = %d AND qr = %d", col,
	    line, qr);
	return tu_text(db, sql);
}

static int64_t
msg_int(sqlite3 *db, int line, int qr, const char *col)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "SELECT coalesce(%s, -1) FROM dns_message WHERE loc_index = %d "
	    "AND qr = %d",
	    col, line, qr);
	return tu_int(db, sql);
}

/* ------------------------------------------------------------ unbound */

static void
test_unbound_records(void **state)
{
	static const char log[] =
	    "[1474638989] unbound[1234:0] info: 217.12.96.15 mail1.trump-email.com. A IN\n"
	    "[1474638990] unbound[1234:0] info: 217.12.96.15@41234 Mail1.Trump-Email.com. AAAA IN "
	    "NXDOMAIN 0.001234 1 120\n"
	    "[1474638991] unbound[1234:0] info: start of service (unbound 1.17.1).\n"
	    "Sep 23 13:56:29 ns1 unbound: [1234:0] reply: 2001:db8::1#5353 x.example. MX IN "
	    "NOERROR 0.000000 0 46\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db, &custody_parser_unbound, log, NULL, 2016, false, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 3);
	assert_int_equal(total_skips(db), 0);
	/* a log-queries line: a query from the client */
	assert_int_equal(msg_int(db, 1, 0, "time_ns"), T0 * NS);
	assert_int_equal(msg_int(db, 1, 0, "loc_offset"), 0);
	assert_string_equal(msg(db, 1, 0, "src"), "217.12.96.15");
	assert_string_equal(msg(db, 1, 0, "dst"), "");
	assert_string_equal(msg(db, 1, 0, "qname"), "mail1.trump-email.com");
	assert_int_equal(msg_int(db, 1, 0, "qtype"), 1);
	assert_int_equal(msg_int(db, 1, 0, "qclass"), 1);
	assert_int_equal(msg_int(db, 1, 0, "sport"), -1);
	assert_string_equal(msg(db, 1, 0, "log_flags"), "query");
	/* a log-replies line: a response to the client, name lower-cased */
	assert_int_equal(msg_int(db, 2, 1, "time_ns"), (T0 + 1) * NS);
	assert_int_equal(msg_int(db, 2, 1, "loc_offset"),
	    (int64_t)strchr(log, '\n') - (int64_t)log + 1);
	assert_string_equal(msg(db, 2, 1, "dst"), "217.12.96.15");
	assert_int_equal(msg_int(db, 2, 1, "dport"), 41234);
	assert_string_equal(msg(db, 2, 1, "qname"), "mail1.trump-email.com");
	assert_int_equal(msg_int(db, 2, 1, "qtype"), 28);
	assert_int_equal(msg_int(db, 2, 1, "rcode"), 3);
	assert_string_equal(msg(db, 2, 1, "log_flags"), "reply cached");
	/* other info lines are counted, not records */
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.other_messages') FROM evidence"),
	    1);
	/* syslog time (year from --year), reply:, IPv6 client with #port */
	assert_int_equal(msg_int(db, 4, 1, "time_ns"), T0 * NS);
	assert_string_equal(msg(db, 4, 1, "dst"), "2001:db8::1");
	assert_int_equal(msg_int(db, 4, 1, "dport"), 5353);
	assert_int_equal(msg_int(db, 4, 1, "qtype"), 15);
	assert_int_equal(msg_int(db, 4, 1, "rcode"), 0);
	assert_string_equal(msg(db, 4, 1, "log_flags"), "reply");
	sqlite3_close(db);
}

static void
test_unbound_bad_lines(void **state)
{
	static const char log[] =
	    "[1474638989] unbound[1234:0] info: 192.0.2.1 a.example. A IN\n" /* 1 ok */
	    "[1474638989] unbound[1234:0] notice: init module 0: validator\n" /* 2 */
	    "[1474638989] unbound[1234:0] info: 192.0.2.1 a.example. BOGUS IN\n" /* 3 */
	    "[1474638989] unbound[1234:0] info: 192.0.2.1 a.example. A XX\n" /* 4 */
	    "[1474638989] unbound[1234:0] info: 192.0.2.1 a.example. A IN NOPE 0.1 0 1\n" /* 5 */
	    "[1474638989] unbound[1234:0] info: 192.0.2.1 a.example. A IN NOERROR x 0 1\n" /* 6 */
	    "[14746x] unbound[1234:0] info: 192.0.2.1 a.example. A IN\n" /* 7 */
	    "Sep 23 13:56:29 ns1 unbound: [1:0] info: 192.0.2.1 b.example. A IN\n"; /* 8 */
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db, &custody_parser_unbound, log, NULL, 0, false, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 1);
	assert_int_equal(skip_line(db, "not an unbound log line", 0), 2);
	assert_int_equal(skip_line(db, "bad query type", 0), 3);
	assert_int_equal(skips(db, "bad query type"), 1);
	assert_int_equal(skip_line(db, "bad query class", 0), 4);
	assert_int_equal(skip_line(db, "bad rcode", 0), 5);
	assert_int_equal(skip_line(db, "bad reply fields", 0), 6);
	assert_int_equal(skip_line(db, "bad timestamp", 0), 7);
	/* a year-less time without --year is never guessed */
	assert_int_equal(
	    skip_line(db, "no year in the timestamp (give --year)", 0), 8);
	assert_int_equal(total_skips(db), 7);
	sqlite3_close(db);
	/* --strict: the first bad line refuses the file, naming line and byte */
	db = tu_memdb();
	assert_int_equal(
	    run(db, &custody_parser_unbound, log, NULL, 0, true, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "t.log:2: byte "));
	assert_non_null(strstr(err.msg, "not an unbound log line"));
	sqlite3_close(db);
	/* nothing parses: refused as not an unbound log */
	db = tu_memdb();
	assert_int_equal(run(db, &custody_parser_unbound, "hello\nworld\n",
	                     NULL, 0, false, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "not a unbound log"));
	sqlite3_close(db);
}

/* A query or reply line whose client address cannot be read is damage,
 * skipped with a reason; it is not one of unbound's other messages. */
static void
test_unbound_bad_client(void **state)
{
	static const char log[] =
	    "[1474638989] unbound[1234:0] info: 192.0.2.1 a.example. A IN\n" /* 1 ok */
	    "[1474638989] unbound[1234:0] info: 192.0.2.300 a.example. A IN\n" /* 2 */
	    "[1474638989] unbound[1234:0] reply: 2001:db8::x#53 a.example. A IN NOERROR 0.1 0 1\n"
	    "[1474638989] unbound[1234:0] info: start of service (unbound 1.17.1).\n" /* 4 */
	    "[1474638989] unbound[1234:0] info: server stats for thread 0: 3 queries\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db, &custody_parser_unbound, log, NULL, 0, false, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 1);
	assert_int_equal(skip_line(db, "bad client address", 0), 2);
	assert_int_equal(skips(db, "bad client address"), 2);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.other_messages') FROM evidence"),
	    2);
	sqlite3_close(db);
}

/* Names past RFC 1035's limits (2.3.4) are no DNS names: skipped with the
 * limit they break, in every text log; at the limits they are kept. */
static void
test_name_limits(void **state)
{
	char label63[64], label64[65], name255[300], name256[300], log[4096];
	struct custody_error err;
	sqlite3 *db;
	size_t i;

	(void)state;
	memset(label63, 'a', 63);
	label63[63] = '\0';
	memset(label64, 'b', 64);
	label64[64] = '\0';
	/* four labels of 63 and one of 1: 4 * 64 + 2 + 1 = 259 octets; of 61: 255 */
	snprintf(name255, sizeof(name255), "%s.%s.%s.%.61s", label63, label63,
	    label63, label63);
	snprintf(name256, sizeof(name256), "%s.%s.%s.%.62s", label63, label63,
	    label63, label63);
	snprintf(log, sizeof(log),
	    "[1474638989] unbound[1:0] info: 192.0.2.1 %s. A IN\n"
	    "[1474638989] unbound[1:0] info: 192.0.2.1 %s.example. A IN\n"
	    "[1474638989] unbound[1:0] info: 192.0.2.1 %s. A IN\n"
	    "[1474638989] unbound[1:0] info: 192.0.2.1 %s. A IN\n"
	    "[1474638989] unbound[1:0] info: 192.0.2.1 x\\046y.example. A IN\n",
	    name255, label64, name256, label63);
	db = tu_memdb();
	assert_int_equal(
	    run(db, &custody_parser_unbound, log, NULL, 0, false, &err),
	    CUSTODY_OK);
	assert_int_equal(skip_line(db, "label longer than 63 octets", 0), 2);
	assert_int_equal(skip_line(db, "name longer than 255 octets", 0), 3);
	assert_int_equal(total_skips(db), 2);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 3);
	assert_int_equal(
	    tu_int(db, "SELECT max(length(qname)) FROM dns_message"), 253);
	sqlite3_close(db);
	/* the same limits through the other text formats */
	for (i = 0; i < 3; i++) {
		const struct custody_parser *p[] = { &custody_parser_bind,
			&custody_parser_dnsmasq, &custody_parser_zeek };

		db = tu_memdb();
		if (i == 0)
			snprintf(log, sizeof(log),
			    "23-Sep-2016 13:56:29.123 queries: info: client "
			    "192.0.2.1#1 (%s): query: %s IN A + (192.0.2.53)\n",
			    name256, name256);
		else if (i == 1)
			snprintf(log, sizeof(log),
			    "Sep 23 13:56:29 dnsmasq[1]: query[A] %s from"
			    " 192.0.2.1\n",
			    name256);
		else
			snprintf(log, sizeof(log),
			    "#fields\tts\tid.orig_h\tquery\n1474638989\t"
			    "192.0.2.1\t%s\n",
			    name256);
		/* the one line is skipped, so the file is no log of its format */
		assert_int_equal(run(db, p[i], log, NULL, 2016, false, &err),
		    CUSTODY_ERR_FORMAT);
		assert_non_null(strstr(err.msg, "name longer than 255 octets"));
		sqlite3_close(db);
	}
}

/* ------------------------------------------------------------ dnsmasq */

static void
test_dnsmasq_records(void **state)
{
	static const char log[] =
	    "Sep 23 13:56:29 dnsmasq[1234]: query[A] mail1.trump-email.com from 217.12.96.15\n"
	    "Sep 23 13:56:29 dnsmasq[1234]: forwarded mail1.trump-email.com to 8.8.8.8\n"
	    "Sep 23 13:56:30 dnsmasq[1234]: reply mail1.trump-email.com is 66.216.133.29\n"
	    "Sep 23 13:56:31 dnsmasq[1234]: cached gone.example is NXDOMAIN\n"
	    "Sep 23 13:56:32 dnsmasq[1234]: config v6.example is 2001:db8::29\n"
	    "Sep 23 13:56:33 gw dnsmasq[1234]: 7 217.12.96.15/41234 query[AAAA] x.example from "
	    "217.12.96.15\n"
	    "Sep 23 13:56:34 dnsmasq[1234]: reply www.example is <CNAME>\n"
	    "Sep 23 13:56:35 dnsmasq[1234]: cached nodata.example is NODATA\n"
	    "Sep  3 01:02:03 dnsmasq[1234]: started, version 2.89 cachesize 150\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	/* no --year: refused before reading a line */
	assert_int_equal(
	    run(db, &custody_parser_dnsmasq, log, NULL, 0, false, &err),
	    CUSTODY_ERR_USAGE);
	assert_non_null(strstr(err.msg, "--year"));
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(
	    run(db, &custody_parser_dnsmasq, log, NULL, 2016, false, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 8);
	assert_int_equal(total_skips(db), 0);
	/* query: from a client */
	assert_int_equal(msg_int(db, 1, 0, "time_ns"), T0 * NS);
	assert_string_equal(msg(db, 1, 0, "src"), "217.12.96.15");
	assert_int_equal(msg_int(db, 1, 0, "qtype"), 1);
	assert_string_equal(msg(db, 1, 0, "log_flags"), "query");
	/* forwarded: a query to an upstream server */
	assert_string_equal(msg(db, 2, 0, "dst"), "8.8.8.8");
	assert_string_equal(msg(db, 2, 0, "src"), "");
	assert_int_equal(msg_int(db, 2, 0, "loc_offset"), 80);
	/* reply: a response with one answer record, TTL not logged */
	assert_int_equal(msg_int(db, 3, 1, "time_ns"), (T0 + 1) * NS);
	assert_int_equal(msg_int(db, 3, 1, "rcode"), 0);
	assert_int_equal(msg_int(db, 3, 1, "ancount"), 1);
	assert_string_equal(
	    tu_text(db,
	        "SELECT rdata || ' ' || type || ' ' || ttl || ' ' || name "
	        "FROM dns_answer WHERE loc_index = 3"),
	    "66.216.133.29 1 0 mail1.trump-email.com");
	assert_int_equal(msg_int(db, 4, 1, "rcode"), 3);
	assert_int_equal(msg_int(db, 4, 1, "ancount"), 0);
	assert_string_equal(msg(db, 4, 1, "log_flags"), "cached");
	assert_string_equal(
	    tu_text(db,
	        "SELECT rdata || ' ' || type FROM dns_answer WHERE "
	        "loc_index = 5"),
	    "2001:db8::29 28");
	/* log-queries=extra: serial and client/port before the action */
	assert_string_equal(msg(db, 6, 0, "src"), "217.12.96.15");
	assert_int_equal(msg_int(db, 6, 0, "sport"), 41234);
	assert_int_equal(msg_int(db, 6, 0, "qtype"), 28);
	/* <CNAME>: the type is known, the data is not */
	assert_int_equal(
	    tu_int(db, "SELECT type FROM dns_answer WHERE loc_index = 7"), 5);
	assert_int_equal(
	    tu_int(
	        db, "SELECT rdata IS NULL FROM dns_answer WHERE loc_index = 7"),
	    1);
	assert_int_equal(msg_int(db, 8, 1, "rcode"), 0);
	assert_int_equal(msg_int(db, 8, 1, "ancount"), 0);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.other_messages') FROM evidence"),
	    1);
	assert_non_null(strstr(
	    tu_text(db, "SELECT summary FROM evidence"), "2016 (from --year)"));
	sqlite3_close(db);
}

static void
test_dnsmasq_year_rollover(void **state)
{
	static const char log[] =
	    "Dec 31 23:59:59 dnsmasq[1]: query[A] a.example from 192.0.2.1\n"
	    "Jan  1 00:00:01 dnsmasq[1]: query[A] b.example from 192.0.2.1\n"
	    "Feb 29 12:00:00 dnsmasq[1]: query[A] c.example from 192.0.2.1\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db, &custody_parser_dnsmasq, log, NULL, 2016, false, &err),
	    CUSTODY_OK);
	assert_int_equal(msg_int(db, 1, 0, "time_ns"), 1483228799LL * NS);
	assert_int_equal(
	    msg_int(db, 2, 0, "time_ns"), 1483228801LL * NS); /* 2017-01-01 */
	/* 29 Feb does not exist in 2017, the year after the rollover */
	assert_int_equal(skip_line(db, "bad timestamp", 0), 3);
	assert_non_null(strstr(tu_text(db, "SELECT summary FROM evidence"),
	    "\"year_rollovers\":\"1 (December to January; last year 2017)\""));
	sqlite3_close(db);
	/* with --tz the year-less local time is converted (EST, UTC-5) */
	db = tu_memdb();
	assert_int_equal(run(db, &custody_parser_dnsmasq, log,
	                     "America/New_York", 2015, false, &err),
	    CUSTODY_OK);
	assert_int_equal(msg_int(db, 1, 0, "time_ns"),
	    (1483228799LL - 366 * 86400 + 5 * 3600) * NS);
	assert_int_equal(msg_int(db, 3, 0, "time_ns"),
	    (1456747200LL + 5 * 3600) * NS); /* 2016 */
	sqlite3_close(db);
}

static void
test_dnsmasq_bad_lines(void **state)
{
	static const char log[] =
	    "Sep 23 13:56:29 dnsmasq[1]: query[A] ok.example from 192.0.2.1\n" /* 1 ok */
	    "Sep 23 13:56:29 dnsmasq[1]: query[BOGUS] a.example from 192.0.2.1\n" /* 2 */
	    "Sep 23 13:56:29 dnsmasq[1]: query[A] a.example from somewhere\n" /* 3 */
	    "Sep 23 13:56:29 dnsmasq[1]: forwarded a.example to nowhere\n" /* 4 */
	    "Sep 23 13:56:29 dnsmasq[1]: reply a.example was 192.0.2.9\n" /* 5 */
	    "Sep 31 13:56:29 dnsmasq[1]: query[A] a.example from 192.0.2.1\n" /* 6 */
	    "Sep 23 13:56:29 named[1]: query[A] a.example from 192.0.2.1\n" /* 7 */
	    "Sep 23 13:56:29 dnsmasq[1]: query[A] a.example from 192.0.2.1"; /* 8 */
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db, &custody_parser_dnsmasq, log, NULL, 2016, false, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 2);
	assert_int_equal(skip_line(db, "bad query type", 0), 2);
	assert_int_equal(skip_line(db, "bad client address", 0), 3);
	assert_int_equal(skip_line(db, "bad server address", 0), 4);
	assert_int_equal(skip_line(db, "bad answer", 0), 5);
	assert_int_equal(skip_line(db, "bad timestamp", 0), 6);
	assert_int_equal(skip_line(db, "not a dnsmasq line", 0), 7);
	/* the last line, not ended by a newline, is read and noted */
	assert_int_equal(msg_int(db, 8, 0, "qtype"), 1);
	assert_non_null(strstr(
	    tu_text(db, "SELECT summary FROM evidence"), "\"final_line\""));
	assert_int_equal(total_skips(db), 6);
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(
	    run(db, &custody_parser_dnsmasq, log, NULL, 2016, true, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "t.log:2: byte "));
	assert_non_null(strstr(err.msg, "bad query type"));
	sqlite3_close(db);
}

/* ------------------------------------------------------------ zeek */

#define ZEEK_HEADER                                                                             \
	"#separator \\x09\n"                                                                    \
	"#set_separator\t,\n"                                                                   \
	"#empty_field\t(empty)\n"                                                               \
	"#unset_field\t-\n"                                                                     \
	"#path\tdns\n"                                                                          \
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\t"  \
	"query\tqclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\t" \
	"answers\tTTLs\trejected\n"                                                             \
	"#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\t"  \
	"string\tcount\tstring\tcount\tstring\tbool\tbool\tbool\tbool\tcount\tvector[string]\t" \
	"vector[interval]\tbool\n"

static void
test_zeek_tsv(void **state)
{
	static const char log[] = ZEEK_HEADER
	    /* 8: answered, two answers with their TTLs */
	    "1474638989.123456\tCx1\t217.12.96.15\t41234\t198.51.100.53\t53\tudp\t4711\t0.001500\t"
	    "Mail1.trump-email.com\t1\tC_INTERNET\t1\tA\t0\tNOERROR\tT\tF\tT\tF\t0\t"
	    "66.216.133.29,mail.example\t300.000000,60.000000\tF\n"
	    /* 9: no answer seen: unset fields, a query only */
	    "1474638990.5\tCx2\t2001:db8::1\t-\t198.51.100.53\t53\ttcp\t-\t-\t"
	    "b.example\t1\tC_INTERNET\t28\tAAAA\t-\t-\tF\tF\tT\tF\t0\t-\t-\tF\n"
	    /* 10: no query (a non-DNS payload on port 53) */
	    "1474638991.0\tCx3\t192.0.2.1\t1000\t198.51.100.53\t53\tudp\t1\t-\t"
	    "-\t-\t-\t-\t-\t-\t-\tF\tF\tF\tF\t0\t-\t-\tF\n"
	    /* 11: answered with NXDOMAIN, (empty) answers */
	    "1474638992\tCx4\t192.0.2.1\t1000\t198.51.100.53\t53\tudp\t2\t0.010\t"
	    "gone.example\t1\tC_INTERNET\t1\tA\t3\tNXDOMAIN\tT\tF\tT\tF\t0\t(empty)\t(empty)\tF\n"
	    "#close\t2016-09-24-00-00-00\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db, &custody_parser_zeek, log, NULL, 0, false, &err),
	    CUSTODY_OK);
	assert_int_equal(total_skips(db), 0);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 5);
	/* the query ... */
	assert_int_equal(msg_int(db, 8, 0, "time_ns"), T0 * NS + 123456000);
	assert_int_equal(msg_int(db, 8, 0, "time_prec"), 6);
	assert_int_equal(
	    msg_int(db, 8, 0, "loc_offset"), (int64_t)strlen(ZEEK_HEADER));
	assert_string_equal(msg(db, 8, 0, "src"), "217.12.96.15");
	assert_int_equal(msg_int(db, 8, 0, "sport"), 41234);
	assert_string_equal(msg(db, 8, 0, "dst"), "198.51.100.53");
	assert_int_equal(msg_int(db, 8, 0, "dport"), 53);
	assert_string_equal(msg(db, 8, 0, "transport"), "udp");
	assert_int_equal(msg_int(db, 8, 0, "dns_id"), 4711);
	assert_string_equal(msg(db, 8, 0, "qname"), "mail1.trump-email.com");
	assert_int_equal(msg_int(db, 8, 0, "qtype"), 1);
	assert_int_equal(msg_int(db, 8, 0, "flags"), 0x100);
	/* ... and its response at ts + rtt, addresses swapped */
	assert_int_equal(
	    msg_int(db, 8, 1, "time_ns"), T0 * NS + 123456000 + 1500000);
	assert_string_equal(msg(db, 8, 1, "src"), "198.51.100.53");
	assert_string_equal(msg(db, 8, 1, "dst"), "217.12.96.15");
	assert_int_equal(msg_int(db, 8, 1, "dport"), 41234);
	assert_int_equal(msg_int(db, 8, 1, "rcode"), 0);
	assert_int_equal(msg_int(db, 8, 1, "flags"), 0x400 | 0x100);
	assert_int_equal(msg_int(db, 8, 1, "ancount"), 2);
	assert_string_equal(
	    tu_text(db,
	        "SELECT group_concat(rdata || '/' || type || '/' || ttl, ' ')"
	        " FROM (SELECT * FROM dns_answer WHERE loc_index = 8 ORDER BY idx)"),
	    "66.216.133.29/1/300 mail.example/1/60");
	/* unset (-) fields are NULL; no rcode, no response */
	assert_int_equal(
	    msg_int(db, 9, 0, "time_ns"), (T0 + 1) * NS + 500000000);
	assert_int_equal(msg_int(db, 9, 0, "time_prec"), 1);
	assert_int_equal(msg_int(db, 9, 0, "sport"), -1);
	assert_int_equal(msg_int(db, 9, 0, "dns_id"), -1);
	assert_string_equal(msg(db, 9, 0, "transport"), "tcp");
	assert_string_equal(msg(db, 9, 0, "src"), "2001:db8::1");
	assert_int_equal(
	    tu_int(db, "SELECT count(*) FROM dns_message WHERE loc_index = 9"),
	    1);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.rows_without_query') FROM "
	        "evidence"),
	    1);
	assert_int_equal(msg_int(db, 11, 1, "rcode"), 3);
	assert_int_equal(msg_int(db, 11, 1, "ancount"), 0);
	assert_int_equal(
	    msg_int(db, 11, 1, "time_ns"), (T0 + 3) * NS + 10000000);
	sqlite3_close(db);
}

static void
test_zeek_tsv_bad_lines(void **state)
{
	static const char log[] =
	    "1474638989.0\tCx0\t192.0.2.1\t1\t192.0.2.53\t53\tudp\t1\t-\ta.example\n" /* 1 */
	    "#fields\tuid\tquery\n"                           /* 2 */
	    "#fields\tts\tid.orig_h\tquery\trcode\n"          /* 3 */
	    "1474638989.0\t192.0.2.1\tok.example\t-\n"        /* 4 ok */
	    "yesterday\t192.0.2.1\ta.example\t-\n"            /* 5 */
	    "1474638989.0\tnot-an-address\ta.example\t-\n"    /* 6 */
	    "1474638989.0\t192.0.2.1\tbad name.example\t-\n"; /* 7 */
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db, &custody_parser_zeek, log, NULL, 0, false, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 1);
	assert_int_equal(msg_int(db, 4, 0, "time_ns"), T0 * NS);
	assert_int_equal(skip_line(db, "row before #fields", 0), 1);
	assert_int_equal(skip_line(db, "#fields lacks ts or query", 0), 2);
	assert_int_equal(skip_line(db, "bad ts", 0), 5);
	assert_int_equal(skip_line(db, "bad id.orig_h", 0), 6);
	assert_int_equal(skip_line(db, "bad query name", 0), 7);
	assert_int_equal(total_skips(db), 5);
	sqlite3_close(db);
}

/* Zeek writes the separator in its header as an escape (\x09); a log
 * written with another one (LogAscii::separator) is split by it. */
static void
test_zeek_separator(void **state)
{
	static const char log[] =
	    "#separator \\x7c\n"
	    "#set_separator|;\n"
	    "#path|dns\n"
	    "#fields|ts|id.orig_h|query|qtype|rcode|answers|TTLs\n"
	    "1474638989.25|192.0.2.1|a.example|1|0|192.0.2.7;192.0.2.8|30.0;40.0\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db, &custody_parser_zeek, log, NULL, 0, false, &err),
	    CUSTODY_OK);
	assert_int_equal(total_skips(db), 0);
	assert_int_equal(msg_int(db, 5, 0, "time_ns"), T0 * NS + 250000000);
	assert_string_equal(msg(db, 5, 0, "src"), "192.0.2.1");
	assert_string_equal(msg(db, 5, 0, "qname"), "a.example");
	assert_string_equal(
	    tu_text(db,
	        "SELECT group_concat(rdata || '/' || ttl, ' ') FROM (SELECT "
	        "* FROM dns_answer WHERE loc_index = 5 ORDER BY idx)"),
	    "192.0.2.7/30 192.0.2.8/40");
	sqlite3_close(db);
	/* a separator that is not one byte or \xHH is a skip, the tab kept */
	db = tu_memdb();
	assert_int_equal(run(db, &custody_parser_zeek,
	                     "#separator \\x0g\n#fields\tts\tquery\n"
	                     "1474638989\ta.example\n",
	                     NULL, 0, false, &err),
	    CUSTODY_OK);
	assert_int_equal(skip_line(db, "bad #separator", 0), 1);
	assert_string_equal(msg(db, 3, 0, "qname"), "a.example");
	sqlite3_close(db);
}

/* A query that is not read whole is no query: a JSON string with a NUL in
 * it (\u0000), or a TSV field that only begins like a JSON string. Zeek
 * parser 2 stored the text up to the NUL, or the quoted part, as a name the
 * log never held. */
static void
test_zeek_query_whole(void **state)
{
	static const char json[] =
	    "{\"ts\":1474638989.5,\"id.orig_h\":\"192.0.2.1\",\"query\":\"a\\u0000b.example\"}\n"
	    "{\"ts\":1474638989.5,\"id.orig_h\":\"192.0.2.1\",\"query\":\"ab.example\"}\n";
	static const char tsv[] = "#fields\tts\tid.orig_h\tquery\n"
	                          "1474638989.5\t192.0.2.1\t\"a\"b.example\n"
	                          "1474638989.5\t192.0.2.1\tab.example\n";
	const char *const logs[] = { json, tsv };
	struct custody_error err;
	sqlite3 *db;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		db = tu_memdb();
		assert_int_equal(run(db, &custody_parser_zeek, logs[i], NULL, 0,
		                     false, &err),
		    CUSTODY_OK);
		assert_string_equal(
		    tu_text(
		        db, "SELECT group_concat(qname, ' ') FROM dns_message"),
		    "ab.example");
		assert_int_equal(
		    tu_int(db,
		        "SELECT json_extract(summary, '$.rows_without_query')"
		        " FROM evidence"),
		    1);
		sqlite3_close(db);
	}
}

static void
test_zeek_json(void **state)
{
	static const char log[] =
	    "{\"ts\":1474638989.123456,\"uid\":\"C1\",\"id.orig_h\":\"217.12.96.15\","
	    "\"id.orig_p\":41234,\"id.resp_h\":\"198.51.100.53\",\"id.resp_p\":53,\"proto\":\"udp\","
	    "\"trans_id\":4711,\"rtt\":0.0012,\"query\":\"mail1.trump-email.com\",\"qclass\":1,"
	    "\"qtype\":1,\"rcode\":0,\"AA\":true,\"TC\":false,\"RD\":true,\"RA\":true,"
	    "\"answers\":[\"203.0.113.29\",\"x.example\"],\"TTLs\":[300.0,60.0]}\n"
	    "{\"ts\":\"2016-09-23T13:56:30.5Z\",\"id.orig_h\":\"2001:db8::1\",\"query\":\"b.example\","
	    "\"qtype\":28}\n"
	    "{\"ts\":1474638991,\"id.orig_h\":\"192.0.2.1\",\"query\":\"c.example\",\"rcode\":null}\n"
	    "{\"ts\":1474638989.1,\"query\":\n"
	    "{\"ts\":\"not a time\",\"query\":\"d.example\"}\n"
	    "{\"ts\":-5,\"query\":\"d.example\"}\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db, &custody_parser_zeek, log, NULL, 0, false, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 4);
	/* ts as a float: microseconds kept exactly, no binary rounding */
	assert_int_equal(msg_int(db, 1, 0, "time_ns"), T0 * NS + 123456000);
	assert_int_equal(msg_int(db, 1, 0, "time_prec"), 6);
	assert_string_equal(msg(db, 1, 0, "src"), "217.12.96.15");
	assert_int_equal(msg_int(db, 1, 0, "sport"), 41234);
	assert_int_equal(msg_int(db, 1, 0, "dns_id"), 4711);
	assert_int_equal(
	    msg_int(db, 1, 1, "time_ns"), T0 * NS + 123456000 + 1200000);
	assert_int_equal(msg_int(db, 1, 1, "flags"), 0x400 | 0x100 | 0x80);
	assert_string_equal(
	    tu_text(db,
	        "SELECT group_concat(rdata || '/' || type || '/' || ttl, ' ')"
	        " FROM (SELECT * FROM dns_answer WHERE loc_index = 1 ORDER BY idx)"),
	    "203.0.113.29/1/300 x.example/1/60");
	/* ts as an ISO 8601 string */
	assert_int_equal(
	    msg_int(db, 2, 0, "time_ns"), (T0 + 1) * NS + 500000000);
	assert_int_equal(msg_int(db, 2, 0, "qtype"), 28);
	assert_int_equal(msg_int(db, 2, 0, "loc_offset"),
	    (int64_t)(strchr(log, '\n') - log) + 1);
	/* null is unset: no response */
	assert_int_equal(
	    tu_int(db, "SELECT count(*) FROM dns_message WHERE loc_index = 3"),
	    1);
	assert_int_equal(skip_line(db, "bad JSON", 0), 4);
	assert_int_equal(skip_line(db, "bad ts", 0), 5);
	assert_int_equal(skip_line(db, "bad ts", 1), 6);
	assert_int_equal(total_skips(db), 3);
	sqlite3_close(db);
}

/* ------------------------------------------------------------ orgmap */

static void
test_orgmap(void **state)
{
	static const char map[] =
	    "cidr,org,source,valid_from,valid_until\n" /* 1 header */
	    "217.12.96.0/23,Alfa Bank,RIPE whois AS15632 (2016-10-31)\n" /* 2 */
	    "217.12.97.0/24,Alfa Bank branch,\"RIPE, later\",2016-01-01,2017-01-01\n" /* 3 */
	    "2001:DB8::/32,Example,RFC 3849\n"    /* 4 */
	    "192.0.2.15,One host,test\n"          /* 5 */
	    "# a comment\n"                       /* 6 */
	    "10.0.0.0/33,Bad,x\n"                 /* 7 */
	    "10.0.0.1/8,Bad,x\n"                  /* 8 */
	    "10.0.0.0/x,Bad,x\n"                  /* 9 */
	    "999.0.0.0/8,Bad,x\n"                 /* 10 */
	    "10.0.0.0/8,,x\n"                     /* 11 */
	    "10.0.0.0/8,Bad,\n"                   /* 12 */
	    "10.0.0.0/8,Bad\n"                    /* 13 */
	    "10.0.0.0/8,Bad,x,someday\n"          /* 14 */
	    "10.0.0.0/8,Bad,x,2016-01-01,never\n" /* 15 */
	    "10.0.0.0/8,\"Bad,x\n";               /* 16 */
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    run(db, &custody_parser_orgmap, map, NULL, 0, false, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM orgmap"), 4);
	assert_string_equal(
	    tu_text(db,
	        "SELECT cidr || ' ' || family || ' ' || hex(net_lo) || ' ' || "
	        "hex(net_hi) || ' ' || org || ' ' || loc_offset FROM orgmap "
	        "WHERE loc_index = 2"),
	    "217.12.96.0/23 4 D90C6000 D90C61FF Alfa Bank 39");
	/* overlapping ranges are both kept; validity dates as given; quotes */
	assert_string_equal(
	    tu_text(db,
	        "SELECT cidr || '|' || source || '|' || valid_from || '|' || "
	        "valid_until FROM orgmap WHERE loc_index = 3"),
	    "217.12.97.0/24|RIPE, later|2016-01-01|2017-01-01");
	assert_int_equal(
	    tu_int(db,
	        "SELECT valid_from IS NULL AND valid_until IS NULL FROM orgmap "
	        "WHERE loc_index = 2"),
	    1);
	assert_string_equal(
	    tu_text(db,
	        "SELECT cidr || ' ' || family || ' ' || hex(net_hi) FROM "
	        "orgmap WHERE loc_index = 4"),
	    "2001:db8::/32 6 20010DB8FFFFFFFFFFFFFFFFFFFFFFFF");
	assert_string_equal(
	    tu_text(db, "SELECT cidr FROM orgmap WHERE loc_index = 5"),
	    "192.0.2.15/32");
	assert_int_equal(skip_line(db, "bad prefix length", 0), 7);
	assert_int_equal(
	    skip_line(db, "address has bits set past the prefix length", 0), 8);
	assert_int_equal(skip_line(db, "bad prefix length", 1), 9);
	assert_int_equal(skips(db, "bad prefix length"), 2);
	assert_int_equal(skip_line(db, "bad address", 0), 10);
	assert_int_equal(skip_line(db, "empty organisation", 0), 11);
	assert_int_equal(
	    skip_line(
	        db, "empty source (say where the attribution came from)", 0),
	    12);
	assert_int_equal(
	    skip_line(db, "fewer than 3 fields (cidr,org,source)", 0), 13);
	assert_int_equal(skip_line(db, "bad valid_from", 0), 14);
	assert_int_equal(skip_line(db, "bad valid_until", 0), 15);
	assert_int_equal(skip_line(db, "unterminated quote", 0), 16);
	assert_int_equal(total_skips(db), 10);
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(
	    run(db, &custody_parser_orgmap, map, NULL, 0, true, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "t.log:7: byte "));
	sqlite3_close(db);
}

/* org_of over overlapping ranges: the most specific range valid at the
 * time wins; ties go to the earlier row. */
static void
test_org_of(void **state)
{
	static const char map[] =
	    "cidr,org,source,valid_from,valid_until\n"
	    "217.12.96.0/23,Alfa Bank,a\n"
	    "217.12.97.0/24,Alfa branch,b,2016-01-01,2017-01-01\n"
	    "217.12.97.0/24,Alfa branch later,c,2017-01-01,\n"
	    "217.12.97.128/25,First /25,d\n"
	    "217.12.97.128/25,Second /25,e\n"
	    "0.0.0.0/0,Anyone,f\n"
	    "2001:db8::/32,Example v6,g\n"
	    "2001:db8:1::/48,Example v6 sub,h\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();
	int64_t t16 = 1462363200LL * NS,
	        t17 = 1493856000LL * NS; /* May 2016, May 2017 */
	char sql[256];

	(void)state;
	assert_int_equal(
	    run(db, &custody_parser_orgmap, map, NULL, 0, false, &err),
	    CUSTODY_OK);
	assert_int_equal(custody_sql_register(db, &err), CUSTODY_OK);
#define ORG(addr, t, want)                                                     \
	do {                                                                   \
		snprintf(sql, sizeof(sql), "SELECT org_of('%s', %lld)", addr,  \
		    (long long)(t));                                           \
		assert_string_equal(tu_text(db, sql), want);                   \
	} while (0)
	ORG("217.12.96.15", t16, "Alfa Bank");
	ORG("217.12.97.15", t16, "Alfa branch");
	ORG("217.12.97.15", t17, "Alfa branch later");
	ORG("217.12.97.200", t16, "First /25");
	ORG("217.12.97.255", t17, "First /25");
	ORG("217.12.98.0", t16, "Anyone");
	ORG("0.0.0.0", t16, "Anyone");
	ORG("255.255.255.255", t16, "Anyone");
	ORG("2001:db8:1:2::5", t16, "Example v6 sub");
	ORG("2001:db8:2::5", t16, "Example v6");
	ORG("2001:db9::1", t16, "");
	ORG("not an address", t16, "");
#undef ORG
	/* before the branch's range is valid: the enclosing /23 */
	snprintf(sql, sizeof(sql), "SELECT org_of('217.12.97.15', %lld)",
	    1420070400LL * NS);
	assert_string_equal(tu_text(db, sql), "Alfa Bank");
	/* the orgmap changes: org_of sees the new rows */
	assert_int_equal(
	    sqlite3_exec(db, "DELETE FROM orgmap WHERE org = 'Anyone'", NULL,
	        NULL, NULL),
	    SQLITE_OK);
	snprintf(sql, sizeof(sql), "SELECT org_of('217.12.98.0', %lld)",
	    (long long)t16);
	assert_string_equal(tu_text(db, sql), "");
	sqlite3_close(db);
}

/* org_of against a plain SQL reading of the same rule (blobs compare as
 * memcmp), over many nested and overlapping ranges with validity windows. */
static void
test_org_of_many(void **state)
{
	struct custody_error err = { 0 };
	sqlite3 *db = tu_memdb();
	sqlite3_stmt *ins, *got, *want;
	uint64_t seed = 2016;
	int i, k, differ = 0, named = 0;

	(void)state;
#define RND() (seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17, seed)
	assert_int_equal(custody_sql_register(db, &err), CUSTODY_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	        "INSERT INTO orgmap(evidence_id, loc_index, "
	        "loc_offset, cidr, family, net_lo, net_hi, org, source, valid_from, valid_until) "
	        "VALUES (1, ?1, 0, ?2, 4, ?3, ?4, ?5, 's', ?6, ?7)",
	        -1, &ins, NULL),
	    SQLITE_OK);
	for (i = 1; i <= 600; i++) {
		uint8_t lo[4], hi[4];
		uint32_t a = 0x0a000000u | (uint32_t)(RND() & 0x00ffffffu);
		int plen = 8 + (int)(RND() % 25), y = 2014 + (int)(RND() % 4);
		uint32_t mask =
		    plen == 32 ? 0xffffffffu : ~(0xffffffffu >> plen);
		char cidr[32], org[16], from[16], until[16];

		a &= mask;
		for (k = 0; k < 4; k++) {
			lo[k] = (uint8_t)(a >> (24 - 8 * k));
			hi[k] = (uint8_t)((a | ~mask) >> (24 - 8 * k));
		}
		snprintf(cidr, sizeof(cidr), "%u.%u.%u.%u/%d", lo[0], lo[1],
		    lo[2], lo[3], plen);
		snprintf(org, sizeof(org), "org%d", i);
		snprintf(from, sizeof(from), "%d-01-01", y);
		snprintf(until, sizeof(until), "%d-07-01", y + 1);
		sqlite3_bind_int(ins, 1, i);
		sqlite3_bind_text(ins, 2, cidr, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(ins, 3, lo, 4, SQLITE_TRANSIENT);
		sqlite3_bind_blob(ins, 4, hi, 4, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 5, org, -1, SQLITE_TRANSIENT);
		if (RND() % 3 == 0) {
			sqlite3_bind_text(ins, 6, from, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 7, until, -1, SQLITE_TRANSIENT);
		} else {
			sqlite3_bind_null(ins, 6);
			sqlite3_bind_null(ins, 7);
		}
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT org_of(?1, ?2)", -1, &got, NULL),
	    SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	        "SELECT org FROM orgmap WHERE net_lo <= ?3 AND "
	        "net_hi >= ?3 AND (valid_from IS NULL OR custody_ns(valid_from) <= ?2) AND "
	        "(valid_until IS NULL OR custody_ns(valid_until) > ?2) ORDER BY "
	        "CAST(substr(cidr, instr(cidr, '/') + 1) AS INTEGER) DESC, id LIMIT 1",
	        -1, &want, NULL),
	    SQLITE_OK);
	for (i = 0; i < 5000; i++) {
		uint32_t a = 0x0a000000u | (uint32_t)(RND() & 0x00ffffffu);
		uint8_t b[4] = { (uint8_t)(a >> 24), (uint8_t)(a >> 16),
			(uint8_t)(a >> 8), (uint8_t)a };
		int64_t t =
		    (1388534400LL + (int64_t)(RND() % (5 * 365 * 86400u))) * NS;
		char addr[32], g[32] = "", w[32] = "";

		snprintf(
		    addr, sizeof(addr), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
		sqlite3_bind_text(got, 1, addr, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(got, 2, t);
		sqlite3_bind_int64(want, 2, t);
		sqlite3_bind_blob(want, 3, b, 4, SQLITE_TRANSIENT);
		if (sqlite3_step(got) == SQLITE_ROW &&
		    sqlite3_column_text(got, 0) != NULL)
			snprintf(g, sizeof(g), "%s",
			    (const char *)sqlite3_column_text(got, 0));
		if (sqlite3_step(want) == SQLITE_ROW)
			snprintf(w, sizeof(w), "%s",
			    (const char *)sqlite3_column_text(want, 0));
		differ += strcmp(g, w) != 0;
		named += w[0] != '\0';
		sqlite3_reset(got);
		sqlite3_reset(want);
	}
#undef RND
	sqlite3_finalize(got);
	sqlite3_finalize(want);
	assert_int_equal(differ, 0);
	assert_true(named > 1000); /* the ranges do cover much of the space */
	sqlite3_close(db);
}

/* ------------------------------------------------------------ events */

static void
test_events(void **state)
{
	static const char ev[] =
	    "date,label,source\n"                        /* 1 */
	    "2016-07-18,rnc-convention,general record\n" /* 2 */
	    "2016,year,x\n"                              /* 3 */
	    "2016-07,month,x\n"                          /* 4 */
	    "2016-09-23T13:56:29Z,utc,x\n"               /* 5 */
	    "2016-09-23T16:56:29+03:00,moscow,x\n"       /* 6 */
	    "2016-09-23T09:56:29,local,x\n"              /* 7 */
	    "2016-13-01,bad month,x\n"                   /* 8 */
	    "2016-07-18,,x\n"                            /* 9 */
	    "2016-07-18,no source,\n"                    /* 10 */
	    "2016-07-18,short\n"                         /* 11 */
	    "\"2016-07-18,quoted,x\n";                   /* 12 */
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	/* without --tz the local date-time (line 7) is skipped, never guessed */
	assert_int_equal(
	    run(db, &custody_parser_events, ev, NULL, 0, false, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM timeline"), 5);
	assert_string_equal(
	    tu_text(db,
	        "SELECT date || '|' || label || '|' || source || '|' || "
	        "loc_offset FROM timeline WHERE loc_index = 2"),
	    "2016-07-18|rnc-convention|general record|18");
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM timeline WHERE loc_index = 2"),
	    1468800000LL * NS);
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM timeline WHERE loc_index = 3"),
	    1451606400LL * NS);
	assert_string_equal(
	    tu_text(db, "SELECT date FROM timeline WHERE loc_index = 3"),
	    "2016");
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM timeline WHERE loc_index = 4"),
	    1467331200LL * NS);
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM timeline WHERE loc_index = 5"),
	    T0 * NS);
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM timeline WHERE loc_index = 6"),
	    T0 * NS);
	assert_int_equal(skip_line(db, "local time without --tz", 0), 7);
	assert_int_equal(
	    skip_line(
	        db, "bad date (want YYYY, YYYY-MM, YYYY-MM-DD or ISO 8601)", 0),
	    8);
	assert_int_equal(skip_line(db, "empty label", 0), 9);
	assert_int_equal(skip_line(db, "empty source", 0), 10);
	assert_int_equal(
	    skip_line(db, "fewer fields than date,label,source", 0), 11);
	assert_int_equal(skip_line(db, "unterminated quote", 0), 12);
	assert_int_equal(total_skips(db), 6);
	sqlite3_close(db);
	/* with --tz: 09:56:29 EDT is 13:56:29 UTC */
	db = tu_memdb();
	assert_int_equal(run(db, &custody_parser_events, ev, "America/New_York",
	                     0, false, &err),
	    CUSTODY_OK);
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM timeline WHERE loc_index = 7"),
	    T0 * NS);
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(run(db, &custody_parser_events, ev, "America/New_York",
	                     0, true, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "t.log:8: byte "));
	sqlite3_close(db);
}

static void
test_events_header(void **state)
{
	static const char named[] = "start;source;id\n"
	                            "2016-07-25;DNC schedule;dnc-convention\n";
	static const char bad[] = "date,event,where\n"
	                          "2016-07-25,dnc-convention,x\n";
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	/* columns found by name, in any order, with the header's delimiter */
	assert_int_equal(
	    run(db, &custody_parser_events, named, NULL, 0, false, &err),
	    CUSTODY_OK);
	assert_string_equal(
	    tu_text(db,
	        "SELECT label || '|' || source || '|' || loc_index FROM "
	        "timeline"),
	    "dnc-convention|DNC schedule|2");
	sqlite3_close(db);
	/* a header without a source column refuses the file at line 1 */
	db = tu_memdb();
	assert_int_equal(
	    run(db, &custody_parser_events, bad, NULL, 0, false, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(
	    err.msg, "t.log:1: byte 0: the header names no source column"));
	sqlite3_close(db);
}

/* A month name is three octets, case as written; anything else (a
 * BIND or ISO 8601 line's leading digits, a short or lower-case name) is
 * none, and leaves the reader where it was. */
/* What custody_text_addr() gave before it kept dotted quads as they
 * came: inet_pton(), then the address's text made again. */
static bool
addr_by_pton(const char *in, char *out, size_t cap)
{
	uint8_t a[16];

	if (strlen(in) >= 64 || strpbrk(in, "\x7f") != NULL)
		return false;
	for (const char *p = in; *p != '\0'; p++)
		if ((uint8_t)*p < 0x20)
			return false;
	if (inet_pton(AF_INET, in, a) == 1)
		return custody_addr_text(4, a, out, cap);
	if (inet_pton(AF_INET6, in, a) == 1)
		return custody_addr_text(6, a, out, cap);
	return false;
}

/* An address field: the same answer as inet_pton() and the text made
 * again, for the edges of a dotted quad and 200,000 strings of its
 * characters (and IPv6's) drawn at random. */
static void
test_text_addr(void **state)
{
	static const char *const edge[] = { "0.0.0.0", "255.255.255.255",
		"256.0.0.0", "1.2.3", "1.2.3.4.", ".1.2.3.4", "01.2.3.4",
		"1.2.3.04", "1.2.3.00", "0.0.0.00", "1..2.3", "1.2.3.4 ",
		"1.2.3.4\t", "1000.2.3.4", "10.20.30.40", "192.0.2.1",
		"::ffff:192.0.2.1", "2001:db8::1", "::", "1.2.3.4:53", "",
		"1.2.3.255", "1.2.3.2555", "00000000001.2.3.4" };
	static const char alpha[] = "0123456789.......:::abf \t";
	char in[24], got[64], want[64];
	uint64_t x = 0x9E3779B97F4A7C15u;
	size_t i, k, n;

	(void)state;
	for (i = 0; i < sizeof(edge) / sizeof(edge[0]) + 200000; i++) {
		struct custody_reader r;
		bool g, w;

		if (i < sizeof(edge) / sizeof(edge[0])) {
			snprintf(in, sizeof(in), "%s", edge[i]);
		} else {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			n = 1 + x % 18;
			for (k = 0; k < n; k++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				in[k] = alpha[x % (sizeof(alpha) - 1)];
			}
			in[n] = '\0';
		}
		custody_reader_init(&r, in, strlen(in));
		memset(got, 'g', sizeof(got));
		memset(want, 'w', sizeof(want));
		g = custody_text_addr(&r, got, sizeof(got));
		w = addr_by_pton(in, want, sizeof(want));
		if (g != w || (g && strcmp(got, want) != 0))
			fail_msg(
			    "address \"%s\": %d \"%s\", inet_pton %d \"%s\"",
			    in, g, g ? got : "", w, w ? want : "");
		/* no room for the text: refused, not cut */
		custody_reader_init(&r, in, strlen(in));
		if (w && strlen(want) > 0)
			assert_false(custody_text_addr(&r, got, strlen(want)));
	}
}

/* custody_text_copy() against an octet-by-octet reading of its rule
 * (no octet below 0x20 nor 0x7f; A-Z lowered when asked), on 100,000
 * random fields of every octet value and of 0 to 40 octets, so that
 * every octet sits at every place of a word and of the tail. */
static void
test_text_copy(void **state)
{
	uint8_t in[48];
	char got[48], want[48];
	uint64_t x = 0x2545F4914F6CDD1Du;
	size_t i, k, n;

	(void)state;
	for (i = 0; i < 100000; i++) {
		struct custody_reader r;
		bool lower = i & 1, ok = true, g;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		n = x % 41;
		for (k = 0; k < n; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* mostly printable, so that long fields pass too */
			in[k] = (uint8_t)(x % 8 == 0 ? x >> 8
			                             : 0x20 + (x >> 8) % 95);
		}
		for (k = 0; k < n; k++) {
			uint8_t c = in[k];

			if (c < 0x20 || c == 0x7f)
				ok = false;
			want[k] =
			    (char)(lower && c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		want[n] = '\0';
		custody_reader_init(&r, in, n);
		g = custody_text_copy(&r, got, sizeof(got), lower);
		assert_int_equal(g, ok);
		if (ok)
			assert_memory_equal(got, want, n + 1);
	}
	/* no room for the field and its NUL: refused */
	{
		struct custody_reader r;

		custody_reader_init(&r, "ABCDEFGHIJ", 10);
		assert_false(custody_text_copy(&r, got, 10, true));
		assert_true(custody_text_copy(&r, got, 11, true));
		assert_string_equal(got, "abcdefghij");
	}
}

/* A query name is taken exactly when it keeps RFC 1035's limits, by the
 * short way (63 octets or fewer and no escape) as by the long one
 * (custody_text_qname_error() says which limit a refused name breaks):
 * 100,000 random names of labels, dots and escapes, 1 to 300 octets. */
static void
test_qname_limits_both_ways(void **state)
{
	static const char *const piece[] = { "a", "b", ".", "\\", "\\0",
		"\\065", "\\.", "abcdefghij", "x", "." };
	char name[400], out[1100];
	uint64_t x = 0x853C49E6748FEA9Bu;
	size_t i, k, n, want;

	(void)state;
	for (i = 0; i < 100000; i++) {
		struct custody_reader r;
		const char *why;
		bool ok;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		want = 1 + x % (i % 4 == 0 ? 300 : 70);
		for (n = 0; n < want;) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			k = x % (sizeof(piece) / sizeof(piece[0]));
			if (n + strlen(piece[k]) >= sizeof(name))
				break;
			memcpy(name + n, piece[k], strlen(piece[k]));
			n += strlen(piece[k]);
		}
		if (i % 3 == 1) { /* one label near 63 octets, a dot or not */
			n = 58 + x % 10;
			memset(name, 'q', n);
			if (x % 5 == 0)
				name[n++] = '.';
		}
		name[n] = '\0';
		custody_reader_init(&r, name, n);
		ok = custody_text_qname(&r, out, sizeof(out));
		why = custody_text_qname_error(&r);
		if (ok != (strcmp(why, "bad query name") == 0))
			fail_msg("\"%s\": taken %d, %s", name, ok, why);
	}
}

static int
type_of(const char *text)
{
	struct custody_reader r;

	custody_reader_init(&r, text, strlen(text));
	return custody_dns_type(&r);
}

/* Type mnemonics to numbers: every name the table gives back, in any
 * case, and what is near one (a letter more or less, a first letter
 * only) is another name or unknown; the generic form at its limits. */
static void
test_dns_mnemonics(void **state)
{
	static const struct {
		const char *text;
		int type;
	} fixed[] = { { "A", 1 }, { "a", 1 }, { "AAAA", 28 }, { "aAaA", 28 },
		{ "ANY", 255 }, { "MX", 15 }, { "mx", 15 }, { "TYPE0", 0 },
		{ "TYPE65535", 65535 }, { "TYPE65536", -1 }, { "TYPE", -1 },
		{ "", -1 }, { "AAAAA", -1 }, { "*", 255 }, { "A ", -1 } };
	char v[3][40];
	size_t i, k;
	int t, n = 0;

	(void)state;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (type_of(fixed[i].text) != fixed[i].type)
			fail_msg("type \"%s\": %d, not %d", fixed[i].text,
			    type_of(fixed[i].text), fixed[i].type);
	for (t = 0; t <= 65535; t++) {
		const char *name = custody_dns_type_name(t);

		if (name == NULL)
			continue;
		n++;
		for (k = 0; name[k] != '\0' && k + 2 < sizeof(v[0]); k++) {
			v[0][k] = (char)tolower((unsigned char)name[k]);
			v[1][k] = k % 2 ? v[0][k] : name[k];
		}
		v[0][k] = v[1][k] = '\0';
		assert_int_equal(type_of(name), t);
		assert_int_equal(type_of(v[0]), t);
		assert_int_equal(type_of(v[1]), t);
		for (k = 0; k < 3; k++) {
			int r;

			if (k == 0)
				snprintf(v[2], sizeof(v[2]), "%sX", name);
			else if (k == 1)
				snprintf(v[2], sizeof(v[2]), "%.*s",
				    (int)strlen(name) - 1, name);
			else
				snprintf(v[2], sizeof(v[2]), "%c", name[0]);
			r = type_of(v[2]);
			if (r != -1 &&
			    (custody_dns_type_name(r) == NULL ||
			        strcasecmp(custody_dns_type_name(r), v[2]) !=
			            0))
				fail_msg("\"%s\" read as type %d", v[2], r);
		}
	}
	assert_true(n > 50);
}

static void
test_text_month(void **state)
{
	static const char *const names[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static const char *const bad[] = { "jan", "JAN", "Ja", "", "04-May",
		"Sept", "Mai", "Z" };
	struct custody_reader r;
	unsigned i, m;

	(void)state;
	for (i = 0; i < 12; i++) {
		char line[16];

		snprintf(line, sizeof(line), "%s 23", names[i]);
		custody_reader_init(&r, line, strlen(line));
		m = 0;
		assert_true(custody_text_month(&r, &m));
		assert_int_equal(m, i + 1);
		assert_int_equal(custody_reader_offset(&r), 3);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		custody_reader_init(&r, bad[i], strlen(bad[i]));
		if (i == 5) { /* "Sept": Sep, then the caller finds no space */
			assert_true(custody_text_month(&r, &m));
			assert_int_equal(m, 9);
			continue;
		}
		assert_false(custody_text_month(&r, &m));
		assert_int_equal(custody_reader_offset(&r), 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_month),
		cmocka_unit_test(test_unbound_records),
		cmocka_unit_test(test_unbound_bad_lines),
		cmocka_unit_test(test_unbound_bad_client),
		cmocka_unit_test(test_name_limits),
		cmocka_unit_test(test_text_addr),
		cmocka_unit_test(test_dns_mnemonics),
		cmocka_unit_test(test_text_copy),
		cmocka_unit_test(test_qname_limits_both_ways),
		cmocka_unit_test(test_dnsmasq_records),
		cmocka_unit_test(test_dnsmasq_year_rollover),
		cmocka_unit_test(test_dnsmasq_bad_lines),
		cmocka_unit_test(test_zeek_tsv),
		cmocka_unit_test(test_zeek_tsv_bad_lines),
		cmocka_unit_test(test_zeek_separator),
		cmocka_unit_test(test_zeek_json),
		cmocka_unit_test(test_zeek_query_whole),
		cmocka_unit_test(test_orgmap),
		cmocka_unit_test(test_org_of),
		cmocka_unit_test(test_org_of_many),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_events_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
